"""Does building one statement cost time in proportion to its size?

A statement of about 0.3, 0.6 and 1.2 MB is made by repeating Markdown pages (this
repository's own docs/, or every *.md below `--pages FOLDER`, such as a fetched site's
content) until the size is reached; each
goes through the real commands: `polyglot extract`, `polyglot translate --engine pseudo`,
every draft approved as is, then `polyglot build --format md --format html` is timed
(CPU time of the build process). The ratio of the 1.2 MB build to the 0.3 MB one is
printed: linear time is 4×; the target is at most 4.5× (issue 22: it was 5.9×, table
detection re-run for every line a paragraph or a block rule tried).

Usage: python benchmarks/build_scaling.py [--work DIR] [--sizes 0.3,0.6,1.2] [--pages DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from polyglot_statement.po import format_po, read_po

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent


def statement(size: int, folder: Path) -> str:
    """`size` bytes (about) of real Markdown: the pages, repeated, under one title."""
    pages = [
        path.read_text("utf-8").split("\n---\n", 1)[-1] for path in sorted(folder.rglob("*.md"))
    ]
    text = "---\ntitle: Scaling\n---\n"
    parts = [text]
    length = len(text)
    while length < size:
        for page in pages:
            parts.append(page.rstrip("\n") + "\n\n")
            length += len(parts[-1])
            if length >= size:
                break
    return "".join(parts)


def polyglot(workspace: Path, *arguments: str) -> float:
    """Run a command; its CPU seconds (the child's, from the resource counters)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed ({done.returncode}):\n{done.stderr}")
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def build_seconds(size: int, work: Path, pages: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of building one statement of `size` bytes."""
    workspace = work / f"size-{size}"
    shutil.rmtree(workspace, ignore_errors=True)
    (workspace / "source").mkdir(parents=True)
    (workspace / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    (workspace / "source" / "big.md").write_text(statement(size, pages), encoding="utf-8")
    polyglot(workspace, "extract")
    polyglot(workspace, "translate", "--engine", "pseudo", "--lang", "fr")
    for path in (workspace / "locales" / "fr" / "LC_MESSAGES").glob("*.po"):
        catalog = read_po(path)
        for entry in catalog.active:
            entry.set_fuzzy(False)
        path.write_bytes(format_po(catalog))
    started = time.perf_counter()
    cpu = polyglot(workspace, "build", "--format", "md", "--format", "html", "--allow-partial")
    return cpu, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=HERE / "work" / "build_scaling")
    parser.add_argument("--sizes", default="0.3,0.6,1.2", help="sizes in MB, smallest first")
    parser.add_argument("--pages", type=Path, default=REPOSITORY / "docs", help="*.md to repeat")
    options = parser.parse_args()
    sizes = [int(float(size) * 1_000_000) for size in options.sizes.split(",")]
    seconds: list[float] = []
    for size in sizes:
        cpu, wall = build_seconds(size, options.work, options.pages)
        seconds.append(cpu)
        print(f"{size / 1e6:4.1f} MB  build {cpu:7.2f} s CPU  {wall:7.2f} s wall", flush=True)
    ratio = seconds[-1] / seconds[0]
    linear = sizes[-1] / sizes[0]
    print(f"ratio {ratio:.2f}× for {linear:.0f}× the size (target ≤ {linear * 1.125:.2f}×)")


if __name__ == "__main__":
    main()
