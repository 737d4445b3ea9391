"""Measure `polyglot status` against translate-toolkit's pocount and `msgfmt --statistics`.

On the corpus made by make_corpus.py (for issue 27's press office: `make_corpus.py
--publishable 2 --mix 70,10,0,20 --wrap polib`), in one run so that the ratios compare
like with like on a machine in the same state. Each round runs, one after the other:

- pocount over every catalogue (one process, as it is used);
- `polyglot status` (default checks: every publishable edition is checked) with its whole
  cache folder deleted: the first run on a workspace ("first");
- the same with only status.json deleted, the remembered findings kept ("cold");
- `polyglot status --checks none` with status.json deleted ("cold, --checks none");
- `polyglot status` unchanged ("warm").

Each in a fresh process with its start-up time. Rounds alternate the tools; each figure is
the best of the rounds (the least disturbed by other work), with its CPU time (user +
system, with the worker processes) and the peak resident memory of the largest single
process (from wait4). `msgfmt --statistics` two files at a time runs once, with
`--msgfmt`. The 1-minute load average is printed with each round.

Usage: python benchmarks/bench_status.py [--corpus DIR] [--runs 3] [--skip-pocount] [--msgfmt]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(
    command: list[str], cwd: Path, stdin: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int, float]:
    """Wall time (s), peak RSS (MB) and CPU time (s, with its children) of one command."""
    with tempfile.TemporaryFile() as errors, open(stdin or os.devnull, "rb") as source:
        start = time.perf_counter()
        # Output to files, not pipes: msgfmt writes a line per file to stderr, and a full
        # pipe nobody reads would stall it.
        process = subprocess.Popen(
            command, cwd=cwd, stdin=source, stdout=subprocess.DEVNULL, stderr=errors, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            sys.exit(f"{' '.join(command)} failed:\n{text}")
    # wait4 counts the children the command waited for (status's worker processes).
    return elapsed, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found; install it (pip install '.[bench]' or apt install gettext)")
    return found


Timing = tuple[float, int, float]  # wall (s), peak RSS (MB), CPU (s)


def best(timings: list[Timing]) -> Timing:
    """The least disturbed run: the lowest wall time (with its CPU and memory), and the
    highest memory of any run."""
    fastest = min(timings)
    return fastest[0], max(item[1] for item in timings), min(item[2] for item in timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--runs", type=int, default=3, help="rounds of every measurement")
    parser.add_argument("--skip-pocount", action="store_true", help="pocount takes ~30 s")
    parser.add_argument("--msgfmt", action="store_true", help="msgfmt --statistics too")
    options = parser.parse_args()
    corpus: Path = options.corpus.resolve()
    locales = corpus / "locales"
    if not locales.is_dir():
        sys.exit(f"no corpus in {corpus}; make one with: python benchmarks/make_corpus.py")
    files = sorted(locales.glob("*/LC_MESSAGES/*.po"))
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"corpus: {len(files)} catalogues, {size:.0f} MB, {os.cpu_count()} cores")

    # Every tool reads the same files: read them all first, so that no measurement pays
    # for the disk and the first one is not penalised for filling the page cache.
    start = time.perf_counter()
    for path in files:
        path.read_bytes()
    print(f"read every byte (page cache warm-up): {time.perf_counter() - start:.2f} s")

    polyglot = [tool("polyglot"), "-C", str(corpus), "status"]
    cache_folder = corpus / ".polyglot"
    status_cache = cache_folder / "status.json"
    # An installed package's modules are compiled once (pip does it at install time); a
    # machine that sets PYTHONDONTWRITEBYTECODE would have every run compile them again.
    installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    timed(polyglot, corpus, env=installed)

    runs: dict[str, list[Timing]] = {
        "pocount": [], "first": [], "cold": [], "none": [], "warm": []
    }  # fmt: skip
    for round_number in range(options.runs):
        if not options.skip_pocount:
            runs["pocount"].append(timed([tool("pocount"), str(locales)], corpus))
        shutil.rmtree(cache_folder, ignore_errors=True)
        runs["first"].append(timed(polyglot, corpus, env=installed))
        status_cache.unlink(missing_ok=True)
        runs["cold"].append(timed(polyglot, corpus, env=installed))
        status_cache.unlink(missing_ok=True)
        runs["none"].append(timed([*polyglot, "--checks", "none"], corpus, env=installed))
        status_cache.unlink(missing_ok=True)
        timed(polyglot, corpus, env=installed)  # the cache the warm run uses
        runs["warm"].append(timed(polyglot, corpus, env=installed))
        shown = "  ".join(f"{name} {items[-1][0]:.2f} s" for name, items in runs.items() if items)
        print(f"round {round_number + 1}: {shown}  (load {os.getloadavg()[0]:.1f})")

    print(f"load average at the end: {os.getloadavg()[0]:.1f} (other work slows every figure)")
    names = {
        "first": "status, first run (no .polyglot/)",
        "cold": "status, cold (findings remembered)",
        "none": "status --checks none, cold",
        "warm": "status, warm (unchanged)",
        "pocount": "pocount",
    }
    figures = {name: best(items) for name, items in runs.items() if items}
    for name, (wall, rss, cpu) in figures.items():
        print(f"{names[name]:38} {wall:6.2f} s  CPU {cpu:5.1f} s  peak RSS {rss} MB")
    if "pocount" in figures:
        peer_wall, _, peer_cpu = figures["pocount"]
        for name in ("first", "cold", "none", "warm"):
            wall, _, cpu = figures[name]
            print(
                f"pocount / {names[name]:38} {peer_wall / wall:5.1f}× wall  "
                f"{peer_cpu / cpu:5.1f}× CPU"
            )
        print("targets (issue 27): cold with checks ≥ 10× wall and ≥ 5× CPU; peak < 500 MB")

    if options.msgfmt:
        with tempfile.NamedTemporaryFile(suffix=".list") as listing:
            listing.write(b"\0".join(str(path).encode() for path in files))
            listing.flush()
            msgfmt = [tool("msgfmt"), "--statistics", "-o", os.devnull]
            msgfmt_time, _, msgfmt_cpu = timed(
                ["xargs", "-0", "-P", "2", "-n", "1", *msgfmt], corpus, stdin=Path(listing.name)
            )
        print(f"msgfmt --statistics, 2 at a time: {msgfmt_time:6.2f} s  CPU {msgfmt_cpu:5.1f} s")


if __name__ == "__main__":
    main()
