"""Time and peak memory of extract, check, status and build on hostile 1 MB inputs.

Each shape is text an attacker or an unlucky paste could produce: one long word, many
`<`, `[`, `*` or backticks, a table of many columns, one long line, many short lines.
Every shape is tried four times, each in a fresh workspace:

- as a statement (`source/hostile.md`), through extract, then with every entry approved
  as its own source text, through check, status and build;
- as one translation (the msgstr of a one-line statement), through check, status and
  build;
- as a glossary term and its rendering, through extract (its notes) and check;
- as both segments of a TMX translation unit, through `memory import` and extract (whose
  pre-fill indexes the memory).

Each command runs in a fresh process; the script prints its wall time, CPU time and peak
resident memory (the largest process, from wait4) and its exit code. Exit code 2 (a
refusal with a sentence) is a fine answer to a hostile input; a traceback is not.

Usage: python benchmarks/hostile_inputs.py [--size BYTES] [--shape NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "hostile_inputs"


def _repeat(piece: str) -> Callable[[int], str]:
    return lambda size: piece * (size // len(piece))


def _backtick_runs(size: int) -> str:
    # Runs of 1, 2, 3… backticks, none closed: each length needs a closing run of its own.
    parts: list[str] = []
    length = 0
    run = 1
    while length < size:
        parts.append("`" * run + "a")
        length += run + 1
        run += 1
    return "".join(parts)


def _table(size: int) -> str:
    columns = max(1, size // 8)
    return "|" + " a |" * columns + "\n|" + "---|" * columns + "\n"


def _at_the_limit(piece: str, floor: int, per: int) -> Callable[[int], str]:
    """A paragraph of as many markup characters as a statement may hold (30,000, or a
    tenth of its characters; `[`: 20,000, or one per 30), then a paragraph of plain words
    up to the size: the most markdown-it is asked to read."""

    def shape(size: int) -> str:
        crowded = piece * (max(floor, size // per) - 10)  # one markup character a piece
        return crowded + "\n\n" + "word " * ((size - len(crowded)) // 5)

    return shape


def _paragraphs_at_the_limit(size: int) -> str:
    """As many one-word paragraphs as a statement may hold segments (20,000, or one per
    50 characters), then a paragraph of words up to the size: each is a catalogue entry."""
    paragraphs = "a line\n\n" * (max(20_000, size // 50) - 10)
    return paragraphs + "word " * ((size - len(paragraphs)) // 5)


def _cells_at_the_limit(size: int) -> str:
    """A table of one-letter cells, five a row, as many as the markup and segment limits
    let through, then words up to the size: each cell is a catalogue entry."""
    rows = (max(20_000, size // 50) - 10) // 5
    table = "| a | b | c | d | e |\n|---|---|---|---|---|\n" + "| a | b | c | d | e |\n" * rows
    return table + "\n" + "word " * ((size - len(table)) // 5)


SHAPES: dict[str, Callable[[int], str]] = {
    "long word": _repeat("a"),
    "long word with @": lambda size: "a" * (size - 10) + "@b",
    "many <a": _repeat("<a"),
    "many <!--": _repeat("<!--a"),
    "many [": _repeat("[a"),
    "many [^": _repeat("[^a"),
    "many ](": _repeat("](a"),
    "many ![a](x ": _repeat("![a](x "),
    "many *": _repeat("*a"),
    "many _": _repeat("_a "),
    "backtick runs": _backtick_runs,
    "table columns": _table,
    "long line": _repeat("word "),
    "many lines": _repeat("a line\n\n"),
    "list items": _repeat("- a\n"),
    "short lines": _repeat("a\n"),
    "paragraphs at the limit": _paragraphs_at_the_limit,
    "table cells at the limit": _cells_at_the_limit,
    "heading spaces": lambda size: "# a" + " " * (size - 6) + "b\n",
    "[ at the limit": _at_the_limit("[a", 20_000, 30),
    "* at the limit": _at_the_limit("*a", 30_000, 10),
    "< at the limit": _at_the_limit("<a", 30_000, 10),
}


KINDS = ("statement", "msgstr", "glossary", "tmx")


def _tmx(text: str) -> str:
    segment = escape(text)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="en" '
        'datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>' + segment + "</seg></tuv>"
        '<tuv xml:lang="fr"><seg>' + segment + "</seg></tuv></tu></body></tmx>\n"
    )


def timed(arguments: list[str], limit: float) -> tuple[float, float, int, int]:
    """Wall s, CPU s, peak RSS MB and exit code of `polyglot ARGUMENTS` in a fresh process,
    stopped after `limit` seconds (exit code -9 then)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "polyglot_statement", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > limit:
            process.kill()
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    return (
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss // 1024,
        os.waitstatus_to_exitcode(status),
    )


def workspace(name: str, statement: str, work: Path = WORK) -> Path:
    root = work / name.replace(" ", "-").strip("-")
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    (root / "source" / "hostile.md").write_text(statement, encoding="utf-8")
    return root


def fill(root: Path, translation: str | None = None) -> None:
    """Every entry of the French catalogue approved, as `translation` or as its msgid.

    In a child process: a child's peak RSS counts the memory of its parent at the fork,
    so this process stays small (it never imports the tool or holds a catalogue)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from polyglot_statement.config import load_settings\n"
        "from polyglot_statement.po import format_po, read_po\n"
        "root = Path(sys.argv[1])\n"
        "text = Path(sys.argv[2]).read_text('utf-8') if len(sys.argv) > 2 else None\n"
        "settings = load_settings(root)\n"
        "path = settings.catalog_path('fr', 'hostile')\n"
        "catalog = read_po(path, settings.bounds)\n"  # (the workspace's max-file-size)
        "for entry in catalog.active:\n"
        "    entry.msgstr = text if text is not None else entry.msgid\n"
        "    entry.set_fuzzy(False)\n"
        "path.write_bytes(format_po(catalog))\n"
    )
    arguments = [sys.executable, "-c", code, str(root)]
    if translation is not None:
        (root / "translation.txt").write_text(translation, encoding="utf-8")
        arguments.append(str(root / "translation.txt"))
    subprocess.run(arguments, check=True)


def run(root: Path, label: str, commands: list[str], limit: float) -> None:
    for command in commands:
        wall, cpu, rss, code = timed(["-C", str(root), command], limit)
        print(f"{label:32} {command:8} {wall:7.2f} s {cpu:7.2f} s cpu {rss:6} MB  exit {code}")
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    parser.add_argument("--limit", type=float, default=120, help="seconds before a kill")
    parser.add_argument(
        "--kind", action="append", choices=KINDS, help="where the text goes (default: all)"
    )
    parser.add_argument("--work", type=Path, default=WORK, help="where the workspaces go")
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}; size {options.size} characters")
    print(f"{'input':32} {'command':8} {'wall':>9} {'cpu':>13} {'peak RSS':>9}")
    for name in options.shape or SHAPES:
        text = SHAPES[name](options.size)
        for kind in options.kind or KINDS:
            TRIALS[kind](name, text, options.work, options.limit)


def as_statement(name: str, text: str, work: Path, limit: float) -> None:
    root = workspace(f"statement {name}", text + "\n", work)
    run(root, f"statement: {name}", ["extract"], limit)
    if (root / "locales" / "fr").exists():
        fill(root)
        run(root, f"statement: {name}", ["check", "status", "build"], limit)


def as_msgstr(name: str, text: str, work: Path, limit: float) -> None:
    root = workspace(f"msgstr {name}", "A short statement to translate.\n", work)
    run(root, f"msgstr: {name}", ["extract"], limit)
    fill(root, text)
    run(root, f"msgstr: {name}", ["check", "status", "build"], limit)


def as_glossary_term(name: str, text: str, work: Path, limit: float) -> None:
    """A term and its rendering of the shape: extract's notes, then the check."""
    root = workspace(f"glossary {name}", "A short statement to translate.\n", work)
    (root / "glossary.yml").write_text(
        "terms:\n  - term: " + json.dumps(text) + "\n    translations:\n"
        "      fr: [" + json.dumps(text) + "]\n",
        encoding="utf-8",
    )
    run(root, f"glossary: {name}", ["extract"], limit)
    fill(root)
    run(root, f"glossary: {name}", ["check"], limit)


def as_memory_segment(name: str, text: str, work: Path, limit: float) -> None:
    """Both segments of a TMX unit of the shape: imported, then indexed by extract."""
    root = workspace(f"tmx {name}", "A short statement to translate.\n", work)
    (root / "partner.tmx").write_text(_tmx(text), encoding="utf-8")
    wall, cpu, rss, code = timed(
        ["-C", str(root), "memory", "import", str(root / "partner.tmx")], limit
    )
    label = f"tmx: {name}"
    print(f"{label:32} {'import':8} {wall:7.2f} s {cpu:7.2f} s cpu {rss:6} MB  exit {code}")
    run(root, label, ["extract"], limit)


TRIALS: dict[str, Callable[[str, str, Path, float], None]] = {
    "statement": as_statement,
    "msgstr": as_msgstr,
    "glossary": as_glossary_term,
    "tmx": as_memory_segment,
}

if __name__ == "__main__":
    main()
