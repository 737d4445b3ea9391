"""Peak resident memory against input size: one statement of N short paragraphs.

For each N, a fresh workspace with one statement and one language: extract, then every
entry approved, then status, check, build and export (XLIFF), each in a fresh process.
The script prints each command's wall and CPU time, its peak RSS (the largest process,
from wait4), the size of the catalogue and the peak as a multiple of it. The interpreter
and the imported libraries alone take about 35 MB, which dominates small inputs.

Usage: python benchmarks/memory_peaks.py [--entries N ...] [--limit SECONDS]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_inputs import fill, timed, workspace


def statement(entries: int) -> str:
    return "".join(
        f"Paragraph {number} says what the union asks of the ministry this week.\n\n"
        for number in range(entries)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--limit", type=float, default=600, help="seconds before a kill")
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'entries':>9} {'command':8} {'wall':>9} {'cpu':>13} {'peak RSS':>9} {'× .po':>7}")
    for entries in options.entries or [10_000, 100_000]:
        root = workspace(f"memory {entries}", statement(entries))
        commands = ["extract", "fill", "status", "check", "build", "export"]
        size = 0
        for command in commands:
            if command == "fill":
                fill(root)
                size = (root / "locales" / "fr" / "LC_MESSAGES" / "hostile.po").stat().st_size
                continue
            arguments = ["-C", str(root), command]
            if command == "export":
                arguments += ["--lang", "fr", "-o", str(root / "export")]
            wall, cpu, rss, code = timed(arguments, options.limit)
            ratio = f"{rss * 1_000_000 / size:6.1f}×" if size else ""
            print(
                f"{entries:9} {command:8} {wall:7.2f} s {cpu:7.2f} s cpu {rss:6} MB {ratio:>7}"
                f"  exit {code}"
                + (f"  (.po {size / 1_000_000:.1f} MB)" if command == "status" else "")
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
