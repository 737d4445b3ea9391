"""Where a cold `polyglot report` spends its time, step by step, on a history that
bench_activity.py made (issue 26): the floor a report cannot go under while git gives
whole versions and Python reads them.

Measures, in this process (CPU time, git's processes counted apart):

- git's log of the year and reading it (gitlog.catalogue_commits);
- `git cat-file` streaming every version (gitlog.blobs), without reading them;
- on a sample of the versions (every --every-th, kept in memory), reading one with
  contributors.versions (warm: each head already known, the best of --repeat), and the
  C steps every reading of a version needs at least: the UTF-8 check, the cut at blank
  lines, the count of msgstr lines;
- with --check, that each sampled version reads as the PO reader reads it whole.

Usage: python benchmarks/bench_report_versions.py [--work DIR] [--every 10] [--repeat 5]
[--check] (DIR: bench_activity.py's --work, benchmarks/work/bench_activity by default.)
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections.abc import Callable
from pathlib import Path

from polyglot_statement.config import load_settings
from polyglot_statement.contributors.blocks import states
from polyglot_statement.contributors.compute import _folders
from polyglot_statement.contributors.versions import Version, Versions
from polyglot_statement.errors import CatalogError
from polyglot_statement.gitlog import blobs, catalogue_commits, repository
from polyglot_statement.po import SegmentState, parse_po

HERE = Path(__file__).resolve().parent


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _per_version(step: Callable[[bytes], object], sample: list[bytes], repeat: int) -> float:
    """The best of `repeat` runs of `step` over the sample, in µs a version."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for data in sample:
            step(data)
        best = min(best, time.process_time() - started)
    return best * 1e6 / len(sample)


def _as_whole(data: bytes) -> Version | None:
    """A version's filled entries as the PO reader reads it whole."""
    try:
        read = states(parse_po(data))
    except CatalogError:
        return None
    slots: tuple[list[tuple[str | None, str]], ...] = ([], [], [])
    for key, state in read.items():
        if state is SegmentState.APPROVED:
            slots[0].append(key)
        elif state is SegmentState.NEEDS_REVIEW:
            slots[1].append(key)
        elif state in (SegmentState.MACHINE, SegmentState.MEMORY):
            slots[2].append(key)
    return Version(*map(frozenset, slots))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=HERE / "work" / "bench_activity")
    parser.add_argument("--every", type=int, default=10, help="sample every N-th version")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="compare with whole reading")
    options = parser.parse_args()
    settings = load_settings(options.work.resolve())
    repo = repository(settings.root)
    if repo is None:
        raise SystemExit(f"{options.work}: not a git work tree (run bench_activity.py first)")
    print(f"load average {os.getloadavg()[0]:.1f}; {os.cpu_count()} cores")

    start = _cpu()
    commits = catalogue_commits(repo, _folders(settings)) or []
    after_log = _cpu()
    changes = list(dict.fromkeys((c.old, c.new) for commit in commits for c in commit.files))
    print(
        f"log: {len(commits)} commits, {len(changes)} changes; "
        f"git {after_log[1] - start[1]:.2f} s CPU, reading it {after_log[0] - start[0]:.2f} s"
    )

    sample: list[bytes] = []
    size = count = 0
    for number, (_, content) in enumerate(
        blobs(repo, (name for old, new in changes for name in (new, old)))
    ):
        count += 1
        size += len(content or b"")
        if content and number % options.every == 0:
            sample.append(content)
    after_blobs = _cpu()
    print(
        f"blobs: {count} versions, {size / 1e6:.0f} MB; git {after_blobs[1] - after_log[1]:.2f} s"
        f" CPU, streaming them {after_blobs[0] - after_log[0]:.2f} s"
    )

    reader = Versions()
    cold = _per_version(reader.read, sample, 1)
    warm = _per_version(reader.read, sample, options.repeat)
    floor = {
        "the UTF-8 check": _per_version(bytes.decode, sample, options.repeat),
        "the cut at blank lines": _per_version(
            lambda data: data.split(b"\n\n"), sample, options.repeat
        ),
        "the msgstr lines counted": _per_version(
            lambda data: data.count(b"\nmsgstr"), sample, options.repeat
        ),
    }
    print(
        f"reading {len(sample)} versions ({sum(map(len, sample)) / len(sample) / 1e3:.1f} kB"
        f" each): {cold:.0f} µs a version with its heads new, {warm:.0f} µs known"
    )
    for step, cost in floor.items():
        print(f"  {step}: {cost:.1f} µs a version")
    print(
        f"so reading all {count} versions: at least {sum(floor.values()) * count / 1e6:.2f} s"
        f" for those steps, {warm * count / 1e6:.2f} s as read now"
    )
    if options.check:
        fresh = Versions()
        differing = sum(fresh.read(data) != _as_whole(data) for data in sample)
        print(f"check: {differing} of {len(sample)} versions read otherwise than whole")
        if differing:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
