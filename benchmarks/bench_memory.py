"""Measure the translation memory on the benchmark corpus (500 statements × 20 languages).

On a copy of the corpus in benchmarks/work/memory/:

1. the index: built cold (every catalogue read), then refreshed with nothing changed;
   it must hold every approved entry of every catalogue (counted with the status reader);
2. a new statement as an organisation writes one: the generator's next statement with
   some paragraphs of earlier statements repeated word for word and some edited
   (bench_extract.py's edits); its 20 catalogues pre-filled from the memory: the time
   (target ≤ 2 s, the warm refresh included), and how many entries got an exact match,
   a fuzzy one, or none;
3. a full `polyglot extract` of the workspace with that statement, with the memory on
   and off (`[memory] prefill = false`): target ≤ 1.3 × the time without;
4. a realistic sequence: statements arriving one after another, each pre-filled, then
   translated and approved before the next one arrives; per statement, the characters
   `polyglot translate` would send to DeepL without the memory and with it (distinct
   texts per language, as sent: Markdown converted to XML).

Each measured step runs in a fresh Python process, so that its peak memory (ru_maxrss)
is its own (target < 500 MB).

Usage: python benchmarks/make_corpus.py && python benchmarks/bench_memory.py [--sequence 10]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus
from bench_extract import Run, edit_segment, run_measured

HERE = Path(__file__).resolve().parent

REPEATED_SHARE = 0.3  # paragraphs taken word for word from earlier statements
EDITED_SHARE = 0.2  # paragraphs taken from earlier statements with one small edit
FIRST_NEW = 500  # the generator's statements from this number on are new


# ---------------------------------------------------------------- new statements

_PROSE = re.compile(r"^[A-Z][^\n]*[.!]$")


def prose_paragraphs(text: str) -> list[str]:
    """The plain paragraphs of a generated statement (one line, a sentence or more)."""
    body = text.split("\n---\n", 1)[-1]
    return [block for block in body.split("\n\n") if _PROSE.match(block)]


def new_statement(number: int, earlier: int) -> tuple[str, str]:
    """(slug, text): generated statement `number`, some paragraphs replaced by paragraphs
    of the first `earlier` statements, as they were or edited."""
    slug, text = make_corpus.make_statement(number)
    rng = random.Random(zlib.crc32(slug.encode()))
    blocks = text.split("\n\n")
    for index, block in enumerate(blocks):
        if not _PROSE.match(block):
            continue
        roll = rng.random()
        if roll >= REPEATED_SHARE + EDITED_SHARE:
            continue
        _, other = make_corpus.make_statement(rng.randrange(earlier))
        candidates = prose_paragraphs(other)
        if not candidates:
            continue
        chosen = rng.choice(candidates)
        if roll >= REPEATED_SHARE:
            chosen = edit_segment(chosen, rng) or chosen
        blocks[index] = chosen
    return slug, "\n\n".join(blocks)


# ---------------------------------------------------------------- child steps


def child_index(workspace: Path) -> dict[str, object]:
    from polyglot_statement.config import load_settings
    from polyglot_statement.memory import open_memory
    from polyglot_statement.po import APPROVED, parse_po

    settings = load_settings(workspace)
    started = time.perf_counter()
    with open_memory(settings) as index:
        seconds = time.perf_counter() - started
        files, sources, units = index.counts()
        approved = sum(1 for _ in index.everything())
    counted = 0
    for path in sorted((workspace / "locales").glob("*/LC_MESSAGES/*.po")):
        counted += sum(
            1 for entry in parse_po(path.read_bytes(), path).entries if entry.state == APPROVED
        )
    return {
        "seconds": round(seconds, 2),
        "files": files,
        "sources": sources,
        "units": units,
        "approved_in_memory": approved,
        "approved_in_catalogues": counted,
    }


def child_prefill(workspace: Path, slug: str) -> dict[str, object]:
    """Pre-fill the new statement's catalogues (already extracted) in every language."""
    from polyglot_statement.config import load_settings
    from polyglot_statement.memory import MEMORY_THRESHOLD, Matcher, fillable, open_memory, prefill
    from polyglot_statement.po import format_po, parse_po

    settings = load_settings(workspace)
    catalogues = {
        language: parse_po(settings.catalog_path(language, slug).read_bytes())
        for language in settings.languages
    }
    started = time.perf_counter()
    exact = fuzzy = none = 0
    with open_memory(settings) as index:
        refreshed = time.perf_counter() - started
        matcher = Matcher(index, MEMORY_THRESHOLD)
        for language, catalog in catalogues.items():
            waiting = sum(1 for entry in catalog.entries if fillable(entry))
            filled = prefill(catalog, language, matcher, slug)
            exact += sum(1 for item in filled if item.match.exact)
            fuzzy += sum(1 for item in filled if not item.match.exact)
            none += waiting - len(filled)
    seconds = time.perf_counter() - started
    for language, catalog in catalogues.items():
        settings.catalog_path(language, slug).write_bytes(format_po(catalog))
    return {
        "seconds": round(seconds, 3),
        "refresh_seconds": round(refreshed, 3),
        "exact": exact,
        "fuzzy": fuzzy,
        "none": none,
    }


def child_extract(workspace: Path) -> dict[str, object]:
    """`polyglot extract` as the command runs it (the memory on or off by the settings)."""
    from click.testing import CliRunner

    from polyglot_statement.cli import main

    result = CliRunner().invoke(main, ["-C", str(workspace), "extract"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    return {"summary": "; ".join(line for line in lines if not line.startswith("wrote "))}


def child_sequence(workspace: Path, count: int) -> dict[str, object]:
    """Statements one after another: extract (which pre-fills from the memory, when on),
    count what translate would send, then translate and approve everything."""
    from polyglot_statement.config import load_settings
    from polyglot_statement.inline import to_xml
    from polyglot_statement.memory import MEMORY_THRESHOLD, Matcher, fillable, open_memory, prefill
    from polyglot_statement.po import format_po, parse_po
    from polyglot_statement.source.extract import extract

    settings = load_settings(workspace)
    translators = {
        language: make_corpus.PseudoTranslator(language) for language in settings.languages
    }
    rows = []
    for number in range(FIRST_NEW + 1, FIRST_NEW + 1 + count):
        slug, text = new_statement(number, number)
        (settings.source_path / f"{slug}.md").write_text(text, encoding="utf-8")
        extract(settings, statements=[slug])
        without = with_memory = 0
        exact = fuzzy = none = 0
        with open_memory(settings) as index:
            matcher = Matcher(index, MEMORY_THRESHOLD)
            for language in settings.languages:
                path = settings.catalog_path(language, slug)
                catalog = parse_po(path.read_bytes())
                waiting = {entry.msgid for entry in catalog.entries if fillable(entry)}
                without += sum(len(to_xml(msgid).xml) for msgid in waiting)
                filled = prefill(catalog, language, matcher, slug)
                exact += sum(1 for item in filled if item.match.exact)
                fuzzy += sum(1 for item in filled if not item.match.exact)
                left = {entry.msgid for entry in catalog.entries if fillable(entry)}
                none += len(left)
                with_memory += sum(len(to_xml(msgid).xml) for msgid in left)
                # Reviewed and approved before the next statement arrives.
                for entry in catalog.entries:
                    if entry.msgid and not entry.obsolete:
                        if not entry.msgstr:
                            entry.msgstr = translators[language].translate(entry.msgid)
                        entry.set_fuzzy(False)
                        entry.previous_msgid = None
                        entry.translator_comments = []
                path.write_bytes(format_po(catalog))
        rows.append(
            {
                "statement": slug,
                "characters_without": without,
                "characters_with": with_memory,
                "exact": exact,
                "fuzzy": fuzzy,
                "none": none,
            }
        )
    return {"rows": rows}


def child(step: str, workspace: Path, argument: str) -> None:
    if step == "index":
        result = child_index(workspace)
    elif step == "prefill":
        result = child_prefill(workspace, argument)
    elif step == "extract":
        result = child_extract(workspace)
    else:
        result = child_sequence(workspace, int(argument))
    print(json.dumps(result))


def run_child(step: str, workspace: Path, argument: str = "") -> tuple[Run, dict[str, object]]:
    run = run_measured([sys.executable, __file__, "--child", step, str(workspace), argument])
    return run, json.loads(run.output)


def show(name: str, run: Run, detail: object = "") -> None:
    print(
        f"{name:34} {run.seconds:7.2f} s wall  {run.cpu_seconds:6.2f} s cpu  "
        f"peak {run.peak_mb:6.1f} MB  {detail}"
    )


# ---------------------------------------------------------------- driver


def set_prefill(workspace: Path, on: bool) -> None:
    settings = workspace / "polyglot.toml"
    text = re.sub(r"\n\[memory\]\n.*", "", settings.read_text(encoding="utf-8"), flags=re.DOTALL)
    settings.write_text(text + f"\n[memory]\nprefill = {'true' if on else 'false'}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "memory")
    parser.add_argument("--sequence", type=int, default=10, help="Statements in the sequence.")
    parser.add_argument("--repeat", type=int, default=2, help="Runs of each extract.")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    if arguments.child is not None:
        step, workspace, argument = arguments.child
        child(step, Path(workspace), argument)
        return
    corpus: Path = arguments.corpus.resolve()
    if not (corpus / "polyglot.toml").is_file():
        sys.exit(f"no corpus in {corpus}; run benchmarks/make_corpus.py first")
    work: Path = arguments.work.resolve()
    if work.exists():
        shutil.rmtree(work)
    workspace = work / "workspace"
    shutil.copytree(corpus, workspace)

    run, result = run_child("index", workspace)
    show("index, cold", run, result)
    run, result = run_child("index", workspace)
    show("index, warm", run, result)

    slug, text = new_statement(FIRST_NEW, FIRST_NEW)
    (workspace / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
    set_prefill(workspace, False)
    run, result = run_child("extract", workspace)
    show("extract the new statement, no memory", run, result)
    pristine = {
        path: path.read_bytes() for path in (workspace / "locales").glob(f"*/LC_MESSAGES/{slug}.po")
    }
    run, result = run_child("prefill", workspace, slug)
    show("pre-fill 20 languages", run, result)
    counts = {key: result[key] for key in ("exact", "fuzzy", "none")}
    total = sum(int(value) for value in counts.values())  # type: ignore[call-overload]
    print(
        "hit rates: "
        + ", ".join(f"{key} {int(value) / total:.1%}" for key, value in counts.items())  # type: ignore[call-overload]
        + f" of {total} untranslated entries"
    )

    timings: dict[bool, list[float]] = {True: [], False: []}
    for attempt in range(arguments.repeat):
        for on in (False, True):
            # As when the statement arrives: its catalogues are made by this extract
            # (which asks the memory only for what its merge brings in).
            for path in pristine:
                path.unlink()
            set_prefill(workspace, on)
            run, result = run_child("extract", workspace)
            timings[on].append(run.seconds)
            show(f"extract, memory {'on' if on else 'off'} #{attempt + 1}", run, result)
    off, on = min(timings[False]), min(timings[True])
    print(f"extract with the memory / without: {on / off:.2f} (best of {arguments.repeat})")

    set_prefill(workspace, False)  # the sequence pre-fills itself, to count what it sends
    run, result = run_child("sequence", workspace, str(arguments.sequence))
    show(f"sequence of {arguments.sequence} statements", run)
    rows = result["rows"]
    assert isinstance(rows, list)
    print(
        f"{'statement':40} {'without':>10} {'with':>10} {'saved':>7} "
        f"{'exact':>6} {'fuzzy':>6} {'none':>6}"
    )
    for row in rows:
        saved = 1 - row["characters_with"] / max(1, row["characters_without"])
        print(
            f"{row['statement']:40} {row['characters_without']:10,} {row['characters_with']:10,} "
            f"{saved:7.1%} {row['exact']:6} {row['fuzzy']:6} {row['none']:6}"
        )
    without = sum(row["characters_without"] for row in rows)
    with_memory = sum(row["characters_with"] for row in rows)
    print(
        f"DeepL characters for the sequence: {without:,} without the memory, {with_memory:,} "
        f"with it: {without - with_memory:,} saved ({1 - with_memory / max(1, without):.1%})"
    )


if __name__ == "__main__":
    main()
