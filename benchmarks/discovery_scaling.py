"""Whether `status` grows linearly with the number of statements (issue 27).

Makes one corpus of 2,000 statements in two languages (the first fully approved, so that
its editions are checked; the other 70% approved, 10% needs review, 20% empty), and
workspaces of its first 500 and 1,000 statements made of hard links to the same files.
On each, in this process (one core, so that other work on the machine changes the CPU
time little), best of `--runs`:

- discovery: listing and selecting the statements (select_statement_slugs), as status
  does once per run (and `check` once per run);
- `status --checks none`, cold (no cache): reading, counting, judging;
- `status` with its default checks, cold, no cache of any kind.

Each measurement runs in a fresh interpreter (the checks' in-memory caches of one run
would otherwise help the next).

It prints each as CPU time per statement and the ratio of each size to 500 statements
divided by the ratio of sizes: 1.0 is linear, 2.0 at 1,000 statements would be quadratic.
Run it with PYTHONPATH set to another checkout's src/ to measure that code.

Usage: python benchmarks/discovery_scaling.py [--runs 3] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from polyglot_statement.config import load_settings
from polyglot_statement.source import select_statement_slugs
from polyglot_statement.status import compute_status

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import Mix, Options, make_corpus  # noqa: E402 (a script beside this one)

SIZES = (500, 1000, 2000)


def linked_subset(full: Path, out: Path, count: int) -> None:
    """A workspace of the first `count` statements of `full`, its files hard-linked."""
    if out.exists():
        shutil.rmtree(out)
    (out / "source").mkdir(parents=True)
    shutil.copy(full / "polyglot.toml", out / "polyglot.toml")
    slugs = sorted(path.stem for path in (full / "source").glob("*.md"))[:count]
    for slug in slugs:
        os.link(full / "source" / f"{slug}.md", out / "source" / f"{slug}.md")
    for folder in (full / "locales").iterdir():
        for sub in ("LC_MESSAGES",) if folder.name != "templates" else ("",):
            source_folder = folder / sub if sub else folder
            target = out / "locales" / folder.name / sub if sub else out / "locales" / folder.name
            target.mkdir(parents=True, exist_ok=True)
            suffix = ".pot" if folder.name == "templates" else ".po"
            for slug in slugs:
                found = source_folder / f"{slug}{suffix}"
                if found.exists():
                    os.link(found, target / found.name)


def measure(root: Path) -> tuple[float, float, float]:
    """CPU seconds of discovery, status --checks none and status, each cold, here."""
    settings = load_settings(root)
    start = time.process_time()
    for _ in range(5):
        select_statement_slugs(settings)
    discovery = (time.process_time() - start) / 5
    start = time.process_time()
    compute_status(settings, checks="none", use_cache=False, jobs=1)
    unchecked = time.process_time() - start
    start = time.process_time()
    compute_status(settings, checks="auto", use_cache=False, jobs=1)
    return discovery, unchecked, time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work" / "discovery_scaling")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # one fresh run
    options = parser.parse_args()
    if options.measure is not None:
        print(json.dumps(measure(options.measure)))
        return
    work: Path = options.work.resolve()
    full = work / f"s{SIZES[-1]}"
    if not (full / "locales").is_dir():
        make_corpus(full, SIZES[-1], 2, 2, Options(publishable=1, mix=Mix(0.7, 0.1, 0.0)))
    for size in SIZES[:-1]:
        linked_subset(full, work / f"s{size}", size)
    print(f"load average: {os.getloadavg()[0]:.1f}")
    best: dict[int, list[float]] = {}
    for _ in range(options.runs):
        for size in SIZES:  # alternating the sizes: the machine's load moves
            command = [sys.executable, __file__, "--measure", str(work / f"s{size}")]
            figures = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
            best[size] = [min(pair) for pair in zip(best.get(size, figures), figures, strict=True)]
    print("statements  discovery               status --checks none    status (default checks)")
    base = best[SIZES[0]]
    for size in SIZES:
        scale = size / SIZES[0]
        cells = [
            f"{figure / size * 1e6:7.0f} µs/st ({figure / reference / scale:4.2f})"
            for figure, reference in zip(best[size], base, strict=True)
        ]
        print(f"{size:10}  " + "  ".join(cells))
    print("(CPU per statement; in brackets against 500 statements, 1.00 is linear)")
    print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
