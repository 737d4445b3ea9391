"""Every finding of two versions of polyglot on the same workspaces: identical, or where not.

A change that makes the checks faster must not change what they find (issue 27). This
runs `find_problems` (every language, every statement, every check; what `polyglot check`
reports) over each workspace with the code of --before-src (say, main's src/ from
`git archive main src | tar -x -C /tmp/old`) and with this tree's src/, each in its own
process, and compares every field of every finding (file, line, statement, language,
check, severity, message, msgid) in order. It prints the count of each check's findings
and exits 1 at the first difference, showing it.

For the press-office corpus: `make_corpus.py --publishable 2 --mix 70,10,0,20 --wrap
polib`, and `--mutate` to first make a copy of it whose translations are broken on
purpose in every way the checks look for (markup, numbers, months, addresses, HTML,
scripts, glossary terms, punctuation, spacing, length), so that every check has findings
to compare, not only the few of a clean corpus.

Usage: python benchmarks/compare_findings.py --before-src OLD/src WORKSPACE... [--mutate N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Run in each side's process: one JSON line per finding, then a line per workspace.
DUMP = """
import json, sys
from pathlib import Path
from polyglot_statement.checks import find_problems
from polyglot_statement.config import load_settings
for root in sys.argv[1:]:
    for f in find_problems(load_settings(Path(root))):
        print(json.dumps([root, str(f.path), f.line, f.statement, f.language, f.check_id,
                          str(f.severity), f.message, f.msgid], ensure_ascii=False))
"""

GLOSSARY = """\
terms:
  - term: trade union
    translations: {es: [sindicato], fr: [syndicat], de: [Gewerkschaft], pt: [sindicato]}
    forbidden: {es: [gremio], fr: [corporation]}
  - term: WFTU
    do-not-translate: true
    case-sensitive: true
  - term: strike
    translations: {es: [huelga], fr: [grève], de: [Streik]}
"""
ENGLISH_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTHS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
    "dezembro",
}
# Each breaks a translation in one way a check looks for (or looks harmless and is not).
MUTATIONS: tuple[Callable[[str], str], ...] = (
    lambda text: text.replace("**", "", 1),
    lambda text: text.replace("*", "_", 2),
    lambda text: text.replace("`", "", 1),
    lambda text: text.replace("](https://", "](http://", 1),
    lambda text: text.replace("example.org", "example.com", 1),
    lambda text: re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), text, count=1),
    lambda text: text + " <b>x</b>",
    lambda text: text + " <!-- c -->",
    lambda text: text + " [click](javascript:alert(1))",
    lambda text: text + " <https://elsewhere.example/x>",
    lambda text: text + " contact@example.net",
    lambda text: text.rstrip(".!?") + "?",
    lambda text: text.rstrip(".!?"),
    lambda text: text.replace(" ", " : ", 1) + " ;",
    lambda text: text + " 1,000.5 and 3 million",
    lambda text: text + " T2 三十四 12月7日",
    lambda text: text.replace(". ", ".  \n", 1),
    lambda text: text + " &amp; &copy;",
    lambda text: text + " [^1]",
    lambda text: text + " [ref][nothing]",
    lambda text: "*****" + text + "_____",
    lambda text: text[: len(text) // 4],
    lambda text: text + " " + text,
    lambda text: text.replace("sindicato", "gremio"),
    lambda text: text.replace("WFTU", "FSM"),
    lambda text: " " + text + "  ",
    lambda text: text.replace(",", " ,", 1),
    lambda text: text + " ![a picture](picture.png)",
    lambda text: text + " one two three hundred",
    lambda text: text.replace("2", "٢", 1),
    lambda text: text + " 1.000.000 1 000 000 10,00,000",
    lambda text: "¿" + text,
    lambda text: text + " 7.12.2022",
    lambda text: text + " *a **b** c*",
    lambda text: text + " \\*not\\* `code 42`",
)


def mutated_copy(corpus: Path, into: Path, statements: int) -> Path:
    """A copy of the corpus's first `statements` statements, translations broken on purpose
    (deterministically), with a glossary."""
    from polyglot_statement.po import FUZZY, format_po, read_po

    shutil.rmtree(into, ignore_errors=True)
    (into / "source").mkdir(parents=True)
    shutil.copy(corpus / "polyglot.toml", into / "polyglot.toml")
    (into / "glossary.yml").write_text(GLOSSARY, "utf-8")
    slugs = sorted(path.stem for path in (corpus / "source").glob("*.md"))[:statements]
    for slug in slugs:
        shutil.copy(corpus / "source" / f"{slug}.md", into / "source" / f"{slug}.md")
    for folder in sorted((corpus / "locales").iterdir()):
        for slug in slugs:
            for found in (folder / "LC_MESSAGES").glob(f"{slug}.po*"):
                target = into / "locales" / folder.name / "LC_MESSAGES" / found.name
                target.parent.mkdir(parents=True, exist_ok=True)
                if found.suffix != ".po":
                    shutil.copy(found, target)
                    continue
                target.write_bytes(format_po(_mutated(read_po(found), folder.name, slug, FUZZY)))
    return into


def _mutated(catalog: object, language: str, slug: str, fuzzy: str) -> object:
    rng = random.Random(f"{language}/{slug}")
    months = MONTHS.get(language.split("_")[0], "").split()
    for entry in catalog.entries:  # type: ignore[attr-defined]
        if not entry.msgid or entry.msgid_plural is not None or entry.obsolete:
            continue
        roll = rng.random()
        if roll < 0.25:
            continue  # left as the corpus has it
        text = entry.msgid if roll < 0.75 else entry.msgstr or entry.msgid
        text = text.replace("trade union", "sindicato" if language == "es" else "trade union")
        for number, month in enumerate(ENGLISH_MONTHS):
            if months and month in text:
                text = text.replace(month, months[number if rng.random() < 0.8 else number - 1])
        for _ in range(rng.choice((0, 1, 1, 2))):
            text = rng.choice(MUTATIONS)(text)
        entry.msgstr = text
        if rng.random() < 0.1:
            entry.flags = [fuzzy]
        if rng.random() < 0.03:
            entry.translator_comments.append("polyglot: ignore numbers markdown")
    return catalog


def findings(source: Path, workspaces: list[Path]) -> list[list[object]]:
    environment = dict(os.environ, PYTHONPATH=str(source), POLYGLOT_JOBS="1")
    done = subprocess.run(
        [sys.executable, "-c", DUMP, *map(str, workspaces)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"find_problems failed with {source}:\n{done.stderr[-3000:]}")
    return [json.loads(line) for line in done.stdout.splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspaces", type=Path, nargs="+")
    parser.add_argument("--before-src", type=Path, required=True)
    parser.add_argument("--after-src", type=Path, default=HERE.parent / "src")
    parser.add_argument(
        "--mutate", type=int, default=0, help="also a broken copy of the first N statements"
    )
    options = parser.parse_args()
    sys.path.insert(0, str(options.after_src.resolve()))  # for mutated_copy's reading
    workspaces: list[Path] = [path.resolve() for path in options.workspaces]
    with tempfile.TemporaryDirectory() as work:
        if options.mutate:
            workspaces.append(mutated_copy(workspaces[0], Path(work) / "mutated", options.mutate))
        before = findings(options.before_src.resolve(), workspaces)
        after = findings(options.after_src.resolve(), workspaces)
    for index, (old, new) in enumerate(zip(before, after, strict=False)):
        if old != new:
            print(f"finding {index + 1} differs:\n  before: {old}\n  after:  {new}")
            sys.exit(1)
    if len(before) != len(after):
        print(f"{len(before)} findings before, {len(after)} after")
        sys.exit(1)
    kinds = Counter(str(finding[5]) for finding in after)
    print(f"{len(after):,} findings, identical before and after, in {len(workspaces)} workspaces")
    print(", ".join(f"{check} {count:,}" for check, count in sorted(kinds.items())))


if __name__ == "__main__":
    main()
