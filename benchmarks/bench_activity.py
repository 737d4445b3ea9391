"""Measure what git history costs `polyglot status` (the activity columns) and `polyglot report`.

Copies the corpus made by make_corpus.py to benchmarks/work/bench_activity/ and gives it
a year of git history, written with one `git fast-import`: a first commit with every
catalogue untranslated, then one commit per catalogue change, by five translators in
turn through Weblate (author the translator, committer Weblate), spread over the year.
Each catalogue is changed twice: once to a draft (half of its final translations, as
needs review), once to its final content. Then, each in a fresh process:

- `polyglot status` with activity and with `--no-activity`, cold (cache deleted) and warm
  (unchanged); the ratios must stay at or under 1.5;
- `polyglot report --since <the year's first day>` over the whole year (under 5 s), cold
  (.polyglot/report.json deleted) and warm (every change's credit remembered).

Usage: python benchmarks/bench_activity.py [--corpus DIR] [--runs 3] [--reuse] [--work DIR]
(--reuse: keep the history a previous run made, 5 minutes for 500 x 20 under load.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from polyglot_statement.po import format_po, read_po

HERE = Path(__file__).resolve().parent
TRANSLATORS = (
    ("Ana Pérez", "ana@example.org"),
    ("Bea Ruiz", "bea@example.org"),
    ("Chloé Martin", "chloe@example.org"),
    ("Dmitri Volkov", "dmitri@example.org"),
    ("Eun-ji Park", "eunji@example.org"),
)
WEBLATE = "Weblate <noreply@weblate.org>"
START = dt.datetime(2025, 12, 8, 9, 0, tzinfo=dt.UTC)


def _blank(data: bytes, path: Path, keep_every: int) -> bytes:
    """The catalogue with its translations removed, but every `keep_every`-th kept as a
    needs-review draft (0: none kept)."""
    catalog = read_po(path)
    for number, entry in enumerate(catalog.entries):
        if entry.obsolete or not entry.msgid:
            continue
        if keep_every and number % keep_every == 0 and entry.msgstr:
            entry.set_fuzzy(True)
            entry.translator_comments = []
            continue
        entry.msgstr = ""
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
        entry.set_fuzzy(False)
    return format_po(catalog)


def _data(content: bytes) -> bytes:
    return b"data %d\n" % len(content) + content + b"\n"


def _stream(work: Path, catalogues: list[Path]) -> Iterator[bytes]:
    """The fast-import stream of the history, the last commit equal to the work tree."""
    others = [
        path
        for path in sorted(work.rglob("*"))
        if path.is_file() and ".git" not in path.parts and path not in set(catalogues)
    ]
    first = {path: _blank(path.read_bytes(), path, 0) for path in catalogues}
    draft = {path: _blank(path.read_bytes(), path, 2) for path in catalogues}
    changes = [(path, draft[path]) for path in catalogues]
    changes += [(path, path.read_bytes()) for path in catalogues]
    seconds = 365 * 24 * 3600 // (len(changes) + 1)

    def header(when: dt.datetime, author: str, message: str) -> bytes:
        stamp = f"{int(when.timestamp())} +0000"
        text = message.encode()
        return (
            b"commit refs/heads/main\n"
            + f"author {author} {stamp}\ncommitter {WEBLATE} {stamp}\n".encode()
            + _data(text)
        )

    yield header(START, "Coordinator <coord@example.org>", "Add the statements")
    for path in others + catalogues:
        content = first.get(path) or path.read_bytes()
        yield f"M 100644 inline {path.relative_to(work).as_posix()}\n".encode() + _data(content)
    for number, (path, content) in enumerate(changes, 1):
        name, email = TRANSLATORS[number % len(TRANSLATORS)]
        language = path.parent.parent.name
        when = START + dt.timedelta(seconds=seconds * number)
        yield header(when, f"{name} <{email}>", f"Translated using Weblate ({language})\n")
        yield f"M 100644 inline {path.relative_to(work).as_posix()}\n".encode() + _data(content)


def make_history(corpus: Path, work: Path) -> int:
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(corpus, work, ignore=shutil.ignore_patterns(".polyglot", ".git"))
    catalogues = sorted(work.glob("locales/*/LC_MESSAGES/*.po"))
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=work, check=True)
    importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=work, stdin=subprocess.PIPE)
    assert importer.stdin is not None
    for piece in _stream(work, catalogues):
        importer.stdin.write(piece)
    importer.stdin.close()
    if importer.wait() != 0:
        sys.exit("git fast-import failed")
    (work / ".gitignore").write_text(".polyglot/\n")
    subprocess.run(["git", "reset", "-q"], cwd=work, check=True)  # index = HEAD
    subprocess.run(["git", "status", "--short"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    return 2 * len(catalogues) + 1


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system, with the git processes it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="keep the history made before")
    parser.add_argument(
        "--work", type=Path, default=HERE / "work" / "bench_activity", help="where the copy goes"
    )
    options = parser.parse_args()
    corpus = options.corpus.resolve()
    if not (corpus / "locales").is_dir():
        sys.exit(f"no corpus in {corpus}; make one with: python benchmarks/make_corpus.py")
    work = options.work.resolve()
    started = time.perf_counter()
    if options.reuse and (work / ".git").is_dir():
        git_log = ["git", "rev-list", "--count", "HEAD"]
        commits = int(subprocess.run(git_log, cwd=work, check=True, capture_output=True).stdout)
    else:
        commits = make_history(corpus, work)  # made again each time: the figures start alike
    catalogues = len(list(work.glob("locales/*/LC_MESSAGES/*.po")))
    print(
        f"{catalogues} catalogues, {commits} commits over a year, "
        f"made in {time.perf_counter() - started:.1f} s; {os.cpu_count()} cores"
    )
    polyglot = [shutil.which("polyglot") or "polyglot", "-C", str(work)]
    cache = work / ".polyglot" / "status.json"
    with_activity = [*polyglot, "status"]
    without = [*polyglot, "status", "--no-activity"]
    timed(with_activity, work)  # the page cache and compiled modules, for every run alike
    figures: dict[str, list[tuple[float, float]]] = {
        key: [] for key in ("cold+", "cold-", "warm+", "warm-")
    }
    for _ in range(options.runs):
        for key, command in (("+", with_activity), ("-", without)):
            cache.unlink(missing_ok=True)
            figures[f"cold{key}"].append(timed(command, work))
            figures[f"warm{key}"].append(timed(command, work))
    wall = {key: statistics.median(value[0] for value in values) for key, values in figures.items()}
    cpu = {key: statistics.median(value[1] for value in values) for key, values in figures.items()}
    report = [*polyglot, "report", "--since", START.date().isoformat(), "--format", "csv"]
    report_cold, report_warm = [], []
    for _ in range(options.runs):
        (work / ".polyglot" / "report.json").unlink(missing_ok=True)
        report_cold.append(timed(report, work))
        report_warm.append(timed(report, work))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    for state in ("cold", "warm"):
        with_, without_ = f"{state}+", f"{state}-"
        print(
            f"status {state}: with activity {wall[with_]:.2f} s (CPU {cpu[with_]:.2f} s), "
            f"without {wall[without_]:.2f} s (CPU {cpu[without_]:.2f} s); ratio "
            f"{wall[with_] / wall[without_]:.2f} wall, {cpu[with_] / cpu[without_]:.2f} CPU "
            "(target ≤ 1.5)"
        )
    for state, times in (("cold", report_cold), ("warm", report_warm)):
        print(
            f"report over the year, {state}: {statistics.median(value[0] for value in times):.2f}"
            f" s (CPU {statistics.median(value[1] for value in times):.2f} s; target < 5 s); "
            "runs " + ", ".join(f"{value[0]:.2f}/{value[1]:.2f}" for value in times)
        )
    print(
        "runs (wall/CPU): "
        + "; ".join(
            f"{key} " + ", ".join(f"{value[0]:.2f}/{value[1]:.2f}" for value in values)
            for key, values in figures.items()
        )
    )


if __name__ == "__main__":
    main()
