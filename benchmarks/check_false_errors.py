"""False findings of `numbers` and `punctuation` on catalogues translated by people.

The corpus is gettext catalogues of public projects, translated and reviewed by people:
the Python documentation (Sphinx, reStructuredText) in several languages, and GNOME
applications' interface strings in some 80 languages and most scripts. Each project is a
folder under --corpus (default benchmarks/corpus/human/, git-ignored); the README of
benchmarks/ says how to fetch them. An entry's language is its catalogue's `Language:`
header, or the file name (GNOME's po/hi.po).

Only approved entries are checked (not fuzzy, not empty), and only the two checks that
mean the same in a Sphinx or GNOME catalogue as in a Markdown statement. What is not prose
in those formats is made what the checks expect of a Markdown segment first, in both
source and translation:

- reStructuredText roles and literals (:func:`len`, ``x``) become code spans (`len`), which
  the checks leave out, as they leave out Markdown's; a hyperlink target <https://…>`_
  keeps its URL, which `numbers` leaves out; a footnote reference [#]_ becomes a Markdown
  footnote reference [^#];
- C format directives (%d, %1$u, %s) become the letter X;
- entries that are code (doctest blocks, ">>>"), and GNOME's "translator-credits" (names
  and e-mail addresses, not a translation) are not checked.

Every entry is checked by the code of the working tree (after) and by the code of
--before (default: main), whose src/ is extracted into benchmarks/work/check_false_errors/
and run in a subprocess. Findings per 10,000 entries are printed per project and check;
every finding of the working tree's code is written to
benchmarks/work/check_false_errors/findings.txt, for reading one by one.

Usage: python benchmarks/check_false_errors.py [--corpus DIR] [--before REV] [--no-before]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "check_false_errors"
CHECK_IDS = ("numbers", "punctuation")

_RST_ROLE = re.compile(r"(?::[\w.+-]+)+:`((?:[^`\\]|\\.)*)`")
_RST_LITERAL = re.compile(r"``(.+?)``")
_RST_LINK = re.compile(r"`([^`<]*)<([^>`]+)>`__?")
_RST_FOOTNOTE = re.compile(r"\[(#[\w-]*|\d+|\*)\]_")
_C_FORMAT = re.compile(
    r"%(?:\d+\$)?[-+ #0']*\d*(?:\.\d+)?(?:hh|h|ll|l|L|z|j|t|I)?[diouxXeEfFgGcspu]"
)
_CODE_ENTRY = re.compile(r"\s*(?:>>>|\.\.\. |\$ )")
_NOT_TRANSLATIONS = frozenset({"translator-credits", "translator_credits"})


def as_markdown_segment(text: str, project: str) -> str:
    """What a Sphinx or GNOME message is, written as the Markdown segment the checks read."""
    if project.startswith("python-docs"):
        text = _RST_LINK.sub(lambda match: f"{match.group(1)}{match.group(2)}", text)
        text = _RST_ROLE.sub(lambda match: f"`{match.group(1).replace('`', '')}`", text)
        text = _RST_LITERAL.sub(lambda match: f"`{match.group(1).replace('`', '')}`", text)
        text = _RST_FOOTNOTE.sub(lambda match: f"[^{match.group(1)}]", text)
    elif "%" in text:
        text = _C_FORMAT.sub("X", text)
    return text


def units(corpus: Path) -> Iterator[tuple[str, str, str, str, str, int]]:
    """(project, catalogue, language, source, translation, line) of every approved entry."""
    from polyglot_statement.languages import UnknownLanguage, normalise
    from polyglot_statement.po import APPROVED, parse_po

    for project_dir in sorted(path for path in corpus.iterdir() if path.is_dir()):
        project = project_dir.name
        for path in sorted(project_dir.rglob("*.po")):
            try:
                catalog = parse_po(path.read_bytes(), path)
            except Exception as error:  # a file this reader refuses is reported, not fatal
                print(f"{path}: skipped: {error}", file=sys.stderr)
                continue
            # Python's Korean catalogues have no Language header: the project's name says it.
            code = (catalog.header("Language") or "").strip() or (
                project.rsplit("-", 1)[-1] if project.startswith("python-docs") else path.stem
            )
            try:
                language = normalise(code.split("@")[0])
            except UnknownLanguage:
                continue
            relative = str(path.relative_to(corpus))
            for entry in catalog.entries:
                if entry.state != APPROVED or not entry.msgid or entry.msgid in _NOT_TRANSLATIONS:
                    continue
                if _CODE_ENTRY.match(entry.msgid):
                    continue
                if entry.msgid_plural is None:
                    pairs = [(entry.msgid, entry.msgstr)]
                else:
                    pairs = [
                        (entry.msgid if index == 0 else entry.msgid_plural, form)
                        for index, form in enumerate(entry.translations)
                    ]
                for source, translation in pairs:
                    yield (
                        project,
                        relative,
                        language,
                        as_markdown_segment(source, project),
                        as_markdown_segment(translation, project),
                        entry.msgstr_line,
                    )


def measure(corpus: Path) -> dict[str, object]:
    """Entries and findings per project and check, and every finding, with this code."""
    from polyglot_statement.checks import ALL_CHECKS, Unit

    checks = [check for check in ALL_CHECKS if check.check_id in CHECK_IDS]
    entries: Counter[str] = Counter()
    found: Counter[str] = Counter()
    findings: list[list[str]] = []
    for project, catalogue, language, source, translation, line in units(corpus):
        entries[project] += 1
        unit = Unit(source, translation, language, "en")
        for check in checks:
            messages = list(check.problems(unit))
            if messages:
                found[f"{project}|{check.check_id}"] += 1
                findings.append(
                    [
                        project,
                        check.check_id,
                        f"{catalogue}:{line}",
                        language,
                        source,
                        translation,
                        *messages,
                    ]
                )
    return {"entries": dict(entries), "found": dict(found), "findings": findings}


def before_code(revision: str) -> Path:
    """The src/ of `revision`, extracted once under benchmarks/work/."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", revision], check=True, capture_output=True, text=True
    ).stdout.strip()
    target = WORK / f"src-{commit[:12]}"
    if not (target / "src").is_dir():
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile() as archive:
            subprocess.run(
                ["git", "-C", str(ROOT), "archive", commit, "src"], check=True, stdout=archive
            )
            archive.seek(0)
            with tarfile.open(fileobj=archive) as tar:
                tar.extractall(target, filter="data")
    return target / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus" / "human")
    parser.add_argument("--before", default="main", help="the revision to compare with")
    parser.add_argument("--no-before", action="store_true", help="measure this code only")
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)  # for the subprocess
    options = parser.parse_args()
    if options.json is not None:
        options.json.write_text(json.dumps(measure(options.corpus), ensure_ascii=False))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    after = measure(options.corpus)
    before = None
    if not options.no_before:
        out = WORK / "before.json"
        environment = dict(os.environ, PYTHONPATH=str(before_code(options.before)))
        subprocess.run(
            [sys.executable, __file__, "--corpus", str(options.corpus), "--json", str(out)],
            check=True,
            env=environment,
        )
        before = json.loads(out.read_text())
    report(after, before, options.before)
    findings: list[list[str]] = sorted(after["findings"])  # type: ignore[call-overload]
    # The same findings for benchmarks/classify_false_errors.py, which gives each a verdict.
    (WORK / "findings.json").write_text(
        json.dumps(findings, ensure_ascii=False, indent=0), encoding="utf-8"
    )
    with (WORK / "findings.txt").open("w", encoding="utf-8") as stream:
        for project, check_id, where, language, source, translation, *messages in findings:
            stream.write(f"{project} {check_id} {where} [{language}] {'; '.join(messages)}\n")
            stream.write(f"  source:      {source!r}\n  translation: {translation!r}\n")
    print(f"every finding: {WORK / 'findings.txt'}")


def report(after: dict[str, object], before: dict[str, object] | None, revision: str) -> None:
    entries: dict[str, int] = after["entries"]  # type: ignore[assignment]
    columns = [f"{check} {when}" for check in CHECK_IDS for when in ("before", "after")]
    print(f"findings per 10,000 approved entries (before: {revision}; after: this tree)")
    print(f"{'project':<20} {'entries':>8} " + " ".join(f"{column:>18}" for column in columns))
    totals: Counter[str] = Counter()
    for project, count in sorted(entries.items()):
        cells = []
        for check in CHECK_IDS:
            for result in (before, after):
                if result is None:
                    cells.append(f"{'-':>18}")
                    continue
                found = result["found"].get(f"{project}|{check}", 0)  # type: ignore[attr-defined]
                totals[f"{check}|{result is after}"] += found
                cells.append(f"{found * 10_000 / count:>11.1f} ({found:>4})")
        print(f"{project:<20} {count:>8} " + " ".join(cells))
    total = sum(entries.values())
    cells = []
    for check in CHECK_IDS:
        for result in (before, after):
            found = totals[f"{check}|{result is after}"]
            cells.append(
                f"{found * 10_000 / total:>11.1f} ({found:>4})" if result else f"{'-':>18}"
            )
    print(f"{'all':<20} {total:>8} " + " ".join(cells))


if __name__ == "__main__":
    main()
