"""Peak resident memory against input size: one statement of N short paragraphs.

For each N, a fresh workspace with one statement and one language: extract, then every
entry approved, then status, check, build and export (XLIFF), each in a fresh process.
The script prints each command's wall and CPU time, its peak RSS (the largest process,
from wait4), the size of the catalogue and the peak as a multiple of it. The interpreter
and the imported libraries alone take about 35 MB, which dominates small inputs.

Usage: python benchmarks/memory_peaks.py [--entries N ...] [--limit SECONDS]
    [--max-file-size "500 MB"] [--reuse] [--command status ...]

10^6 entries make a .po of about 194 MB, which the default `max-file-size` (50 MB)
refuses: `--max-file-size` raises it in the workspace's settings. `--reuse` keeps a
workspace already extracted and filled by an earlier run (an extract of 10^6 entries
takes minutes), and `--command` runs only the commands named.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_inputs import WORK, fill, timed, workspace

PO = Path("locales") / "fr" / "LC_MESSAGES" / "hostile.po"
FILLED = "filled"  # a mark: every entry approved
CACHES = ("findings.json", "status.json", "build-inputs.json", "build-unchanged.json")


def statement(entries: int) -> str:
    return "".join(
        f"Paragraph {number} says what the union asks of the ministry this week.\n\n"
        for number in range(entries)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--limit", type=float, default=600, help="seconds before a kill")
    parser.add_argument("--max-file-size", help='the setting, e.g. "500 MB"')
    parser.add_argument("--reuse", action="store_true", help="keep an extracted workspace")
    parser.add_argument("--command", action="append", help="status, check, build, export")
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'entries':>9} {'command':8} {'wall':>9} {'cpu':>13} {'peak RSS':>9} {'× .po':>7}")
    for entries in options.entries or [10_000, 100_000]:
        root = WORK / f"memory-{entries}"
        reuse = options.reuse and (root / PO).is_file()
        if reuse and not (root / FILLED).exists():  # extracted, not yet filled
            fill(root)
            (root / FILLED).touch()
        if not reuse:
            root = workspace(f"memory {entries}", statement(entries))
            if options.max_file_size:
                with (root / "polyglot.toml").open("a", encoding="utf-8") as settings:
                    settings.write(f'max-file-size = "{options.max_file_size}"\n')
        commands = ["status", "check", "build", "export"]
        commands = [name for name in commands if name in (options.command or commands)]
        if not reuse:
            commands = ["extract", "fill", *commands]
        size = (root / PO).stat().st_size if reuse else 0
        if reuse:  # as after a fresh extract: no build yet, no remembered findings
            for made in (root / "dist", root / "export"):
                shutil.rmtree(made, ignore_errors=True)
            for name in CACHES:
                (root / ".polyglot" / name).unlink(missing_ok=True)
        for command in commands:
            if command == "fill":
                fill(root)
                (root / FILLED).touch()
                size = (root / PO).stat().st_size
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
