"""Measure `polyglot status` against translate-toolkit's pocount and `msgfmt --statistics`.

On the corpus made by make_corpus.py (500 statements × 20 languages by default), in one
run so that the ratios compare like with like on a machine in the same state:

- pocount over every catalogue (one process, as it is used);
- `msgfmt --statistics` over every file, two at a time (`xargs -P 2`);
- `polyglot status` with its cache deleted (cold), then unchanged (warm), in the default
  mode (`--checks auto`), each in a fresh process with its start-up time;
- the peak resident memory of each status run (the largest single process: the main one
  or one of its workers, from wait4).

Usage: python benchmarks/bench_status.py [--corpus DIR] [--runs 3] [--skip-pocount]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs of each status measurement")
    parser.add_argument("--skip-pocount", action="store_true", help="pocount takes ~40 s")
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
    cache = corpus / ".polyglot" / "status.json"
    # An installed package's modules are compiled once (pip does it at install time); a
    # machine that sets PYTHONDONTWRITEBYTECODE would have every run compile them again.
    installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    timed(polyglot, corpus, env=installed)

    cold: list[tuple[float, int, float]] = []
    warm: list[tuple[float, int, float]] = []
    for _ in range(options.runs):
        cache.unlink(missing_ok=True)
        cold.append(timed(polyglot, corpus, env=installed))
        warm.append(timed(polyglot, corpus, env=installed))
    for _ in range(2):
        warm.append(timed(polyglot, corpus, env=installed))
    cold_time = statistics.median(item[0] for item in cold)
    warm_time = statistics.median(item[0] for item in warm)
    cold_rss = max(item[1] for item in cold)
    warm_rss = max(item[1] for item in warm)
    cold_cpu = statistics.median(item[2] for item in cold)

    with tempfile.NamedTemporaryFile(suffix=".list") as listing:
        listing.write(b"\0".join(str(path).encode() for path in files))
        listing.flush()
        msgfmt = [tool("msgfmt"), "--statistics", "-o", os.devnull]
        msgfmt_time, _, msgfmt_cpu = timed(
            ["xargs", "-0", "-P", "2", "-n", "1", *msgfmt], corpus, stdin=Path(listing.name)
        )
    pocount_time = pocount_cpu = None
    if not options.skip_pocount:
        pocount_time, _, pocount_cpu = timed([tool("pocount"), str(locales)], corpus)

    load = os.getloadavg()[0]
    print(f"load average at the end: {load:.1f} (other work on the machine slows every figure)")
    print(
        f"polyglot status, cold (no cache): {cold_time:6.2f} s  CPU {cold_cpu:5.1f} s  "
        f"peak RSS {cold_rss} MB"
    )
    print(f"polyglot status, warm (unchanged): {warm_time:5.2f} s  peak RSS {warm_rss} MB")
    print(f"msgfmt --statistics, 2 at a time: {msgfmt_time:6.2f} s  CPU {msgfmt_cpu:5.1f} s")
    if pocount_time is not None and pocount_cpu is not None:
        print(f"pocount:                          {pocount_time:6.2f} s  CPU {pocount_cpu:5.1f} s")
        print(
            f"pocount / status: cold {pocount_time / cold_time:5.1f}×   "
            f"warm {pocount_time / warm_time:6.1f}×   (targets: ≥ 10× cold, warm < 0.5 s)"
        )
        print(f"CPU time, pocount / status cold: {pocount_cpu / cold_cpu:5.1f}×")
    print(
        f"msgfmt / status:  cold {msgfmt_time / cold_time:5.1f}×   "
        f"warm {msgfmt_time / warm_time:6.1f}×"
    )
    print(
        "runs: cold "
        + ", ".join(f"{item[0]:.2f}" for item in cold)
        + " s; warm "
        + ", ".join(f"{item[0]:.2f}" for item in warm)
        + " s"
    )


if __name__ == "__main__":
    main()
