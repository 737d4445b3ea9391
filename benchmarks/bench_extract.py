"""Time `polyglot extract` on the benchmark corpus, against GNU msgmerge over the same files.

Runs, on a copy of the corpus in benchmarks/work/extract/ (the corpus stays pristine):

1. cold: every template and catalogue deleted, extract creates them all;
2. unchanged: a second run, which must write nothing;
3. update: 10% of the segments of every statement edited (a spelling fixed, a word
   inserted, a "not" inserted), catalogues restored from the corpus, extract merges;
4. the peer: `msgmerge --quiet -o OUT old.po new.pot` for every catalogue against the
   templates of step 3, two at a time (`xargs -P2`) and one at a time.

Each extract runs in a fresh Python process so that its peak memory (the kernel's
ru_maxrss, the counter `resource.getrusage(RUSAGE_CHILDREN)` reports) is its own.

Usage: python benchmarks/make_corpus.py && python benchmarks/bench_extract.py
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
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
EDITED_SHARE = 0.10


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float
    output: str


def run_measured(command: list[str]) -> Run:
    """Run `command` to completion; its wall time, CPU time and peak RSS (with its children)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    # wait4 gives this child's own usage; ru_maxrss covers it and the children it waited for.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command[:4])} … failed with exit code {process.returncode}")
    # ru_maxrss is in kilobytes on Linux.
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def run_extract(workspace: Path) -> Run:
    return run_measured([sys.executable, __file__, "--child", str(workspace)])


def child(workspace: Path) -> None:
    """The measured process: one library call, as `polyglot extract` makes it."""
    from polyglot_statement.config import load_settings
    from polyglot_statement.source.extract import extract

    report = extract(load_settings(workspace))
    print(json.dumps({"written": len(report.written), "unchanged": report.unchanged}))


# ---------------------------------------------------------------- source edits

# A lowercase word standing alone between spaces: never inside a URL, code span or markup.
_PLAIN_WORD = re.compile(r"(?<![^\s])[a-z]{3,}(?![^\s])")
_AUXILIARY = re.compile(r"(?<![^\s])(?:is|are|will|must|have|has|can|was)(?![^\s])")
_SPELLING = (
    ("organise", "organize"),
    ("mobilise", "mobilize"),
    ("labour", "labor"),
    ("privatisation", "privatization"),
    ("criminalisation", "criminalization"),
    ("labourers", "laborers"),
)
_INSERTED = ("also", "again", "now", "strongly", "all", "still", "today")


def edit_segment(span: str, rng: random.Random) -> str | None:
    """The span after one small, deterministic edit; None when it has no plain word."""
    words = list(_PLAIN_WORD.finditer(span))
    if not words:
        return None
    kind = rng.randrange(3)
    if kind == 0:
        for british, american in _SPELLING:
            if re.search(rf"\b{british}\b", span):
                return re.sub(rf"\b{british}\b", american, span, count=1)
        # No known spelling variant: a letter doubled or dropped, as a typo fix does.
        word = rng.choice([word for word in words if len(word.group()) > 3] or words)
        middle = word.start() + len(word.group()) // 2
        if rng.random() < 0.5:
            return span[:middle] + span[middle] + span[middle:]
        return span[:middle] + span[middle + 1 :]
    if kind == 1:
        word = rng.choice(words)
        return span[: word.start()] + rng.choice(_INSERTED) + " " + span[word.start() :]
    auxiliary = _AUXILIARY.search(span)
    if auxiliary is not None:
        return span[: auxiliary.end()] + " not" + span[auxiliary.end() :]
    word = rng.choice(words)
    return span[: word.start()] + "not " + span[word.start() :]


def edited_text(text: str, name: str) -> tuple[str, list[tuple[str, str]], int]:
    """The text with 10% of its segments edited: (text, (old, new) span pairs, segments)."""
    from polyglot_statement.source.segment import segment_document

    document = segment_document(text, name)
    rng = random.Random(zlib.crc32(name.encode()))
    wanted = round(len(document.segments) * EDITED_SHARE)
    candidates = list(document.segments)
    rng.shuffle(candidates)
    edits: list[tuple[int, int, str]] = []
    for segment in candidates:
        if len(edits) == wanted:
            break
        edited = edit_segment(text[segment.start : segment.end], rng)
        if edited is not None:
            edits.append((segment.start, segment.end, edited))
    pairs = [(text[start:end], edited) for start, end, edited in edits]
    for start, end, edited in sorted(edits, reverse=True):
        text = text[:start] + edited + text[end:]
    return text, pairs, len(document.segments)


def edit_statement(path: Path) -> tuple[int, int]:
    """Edit 10% of the statement's segments in place: (segments edited, segments)."""
    text, pairs, segments = edited_text(path.read_text(encoding="utf-8"), path.name)
    path.write_text(text, encoding="utf-8")
    return len(pairs), segments


# ---------------------------------------------------------------- msgmerge


def msgmerge_jobs(pristine: Path, workspace: Path, out: Path) -> Path:
    """A file of NUL-separated `OUT OLD NEW` triples for xargs, one per catalogue."""
    arguments: list[str] = []
    for old in sorted((pristine / "locales").glob("*/LC_MESSAGES/*.po")):
        language = old.parent.parent.name
        template = workspace / "locales" / "templates" / f"{old.stem}.pot"
        target = out / language / f"{old.stem}.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        arguments += [str(target), str(old), str(template)]
    jobs = out / "jobs"
    jobs.write_bytes(b"".join(argument.encode() + b"\0" for argument in arguments))
    return jobs


def run_msgmerge(jobs: Path, parallel: int) -> Run:
    return run_measured(
        ["xargs", "-0", "-a", str(jobs), f"-P{parallel}", "-n3", "msgmerge", "--quiet", "-o"]
    )


# ---------------------------------------------------------------- comparison


def state_counts(paths: list[Path]) -> Counter[str]:
    from polyglot_statement.po import read_po

    counts: Counter[str] = Counter()
    for path in paths:
        for entry in read_po(path).entries:
            counts[entry.state] += 1
            if entry.previous_msgid is not None and not entry.obsolete:
                counts["with previous msgid"] += 1
    return counts


def show(name: str, run: Run) -> Run:
    # Other work on the machine stretches wall time, not CPU time: print the load too.
    load = os.getloadavg()[0]
    print(
        f"{name:22} {run.seconds:7.1f} s wall  {run.cpu_seconds:6.1f} s cpu  "
        f"peak {run.peak_mb:6.1f} MB  load {load:4.1f}  {run.output.strip()}"
    )
    return run


def measure(name: str, workspace: Path, prepare: Callable[[], None], repeat: int) -> Run:
    """Run extract `repeat` times, each after `prepare`; the run of median wall time."""
    runs = []
    for attempt in range(repeat):
        prepare()
        runs.append(
            show(f"{name}{f' #{attempt + 1}' if repeat > 1 else ''}", run_extract(workspace))
        )
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "extract")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help="Run each extract N times.")
    parser.add_argument("--skip-msgmerge", action="store_true", help="Time extract only.")
    parser.add_argument(
        "--skip-serial-msgmerge", action="store_true", help="Skip the one-at-a-time msgmerge loop."
    )
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress in a log
    if arguments.child is not None:
        child(arguments.child)
        return
    corpus: Path = arguments.corpus.resolve()
    if not (corpus / "polyglot.toml").is_file():
        sys.exit(f"no corpus in {corpus}; run benchmarks/make_corpus.py first")
    work: Path = arguments.work.resolve()
    workspace = work / "workspace"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    shutil.copytree(corpus, workspace)
    catalogues = sorted((corpus / "locales").glob("*/LC_MESSAGES/*.po"))
    size = sum(path.stat().st_size for path in catalogues)
    print(f"corpus: {len(catalogues)} catalogues, {size / 1e6:.1f} MB, {os.cpu_count()} CPUs")

    def restore_catalogues() -> None:
        shutil.rmtree(workspace / "locales")
        shutil.copytree(corpus / "locales", workspace / "locales")

    def delete_catalogues() -> None:
        for folder in (workspace / "locales").iterdir():
            shutil.rmtree(folder)

    repeat: int = arguments.repeat
    measure("extract, cold", workspace, delete_catalogues, repeat)
    restore_catalogues()
    measure("extract, unchanged", workspace, lambda: None, repeat)

    edited = total = 0
    for source in sorted((workspace / "source").glob("*.md")):
        changed, segments = edit_statement(source)
        edited += changed
        total += segments
    print(f"edited {edited} of {total} segments ({edited / total:.1%})")
    update = measure("extract, update", workspace, restore_catalogues, repeat)
    if arguments.skip_msgmerge:
        return

    jobs = msgmerge_jobs(corpus, workspace, work / "msgmerge")
    peers = [("msgmerge, 2 at a time", show("msgmerge, 2 at a time", run_msgmerge(jobs, 2)))]
    if not arguments.skip_serial_msgmerge:
        peers.append(
            ("msgmerge, 1 at a time", show("msgmerge, 1 at a time", run_msgmerge(jobs, 1)))
        )
    for name, peer in peers:
        print(
            f"update / {name}: wall {update.seconds / peer.seconds:.2f}, "
            f"cpu {update.cpu_seconds / peer.cpu_seconds:.2f}"
        )

    # What each merge offered translators, on every tenth catalogue.
    sample = catalogues[::10]
    ours = state_counts([workspace / path.relative_to(corpus) for path in sample])
    theirs = state_counts(
        [work / "msgmerge" / path.parent.parent.name / path.name for path in sample]
    )
    before = state_counts(sample)
    print(f"states in {len(sample)} sampled catalogues (before → extract | msgmerge):")
    for state in sorted(set(ours) | set(theirs) | set(before)):
        print(f"  {state:20} {before[state]:7} → {ours[state]:7} | {theirs[state]:7}")


if __name__ == "__main__":
    main()
