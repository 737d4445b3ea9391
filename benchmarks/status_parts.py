"""Where the CPU of a first `polyglot status` goes, part by part, without a profiler.

cProfile with a CPU clock makes every small function look several times dearer than it
is, so the parts of a first run (no `.polyglot/`) are timed instead: in one process
(`compute_status(settings, jobs=1)`), the functions the worker calls for each part are
wrapped with a CPU clock (checking the publishable catalogues, reading the catalogues,
segmenting the sources, judging, reading the files), and the rest of the run is what is
left. Then the checks alone, each over the distinct units of the publishable catalogues
(the run's memo answers the others). Results: docs/performance.md, "A first run, fourth
round".

Usage: python benchmarks/status_parts.py WORKSPACE [--languages es,fr]
(WORKSPACE's `.polyglot/` is deleted first.)
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

start = time.process_time()
import polyglot_statement.checks.run as run  # noqa: E402
import polyglot_statement.status.worker as worker  # noqa: E402
from polyglot_statement.checks.base import Unit  # noqa: E402
from polyglot_statement.config import load_settings  # noqa: E402
from polyglot_statement.po import ReadMemo, parse_po  # noqa: E402
from polyglot_statement.source import statement_definitions  # noqa: E402
from polyglot_statement.status.compute import compute_status  # noqa: E402

IMPORTS = time.process_time() - start

# The part each wrapped function stands for, as status/worker.py calls them.
PARTS = {
    "checks": (run, "catalog_findings"),
    "reading the catalogues": (worker, "parse_po"),
    "segmenting the sources": (worker, "read_statement"),
    "judging": (worker, "readiness"),
    "reading the files": (worker, "read_input"),
    "segment units": (worker, "segment_units"),
}


def timed_parts() -> dict[str, float]:
    spent: dict[str, float] = dict.fromkeys(PARTS, 0.0)
    for part, (module, name) in PARTS.items():
        original = getattr(module, name)

        def wrapped(
            *args: Any, _original: Callable[..., Any] = original, _part: str = part, **named: Any
        ) -> Any:
            began = time.process_time()
            try:
                return _original(*args, **named)
            finally:
                spent[_part] += time.process_time() - began

        setattr(module, name, wrapped)
    return spent


def each_check(root: Path, languages: list[str]) -> tuple[int, int, dict[str, float]]:
    """Units, distinct units, and each check's CPU over the distinct ones."""
    settings = load_settings(root)
    units = []
    for language in languages:
        for path in sorted(settings.catalog_path(language, "_").parent.glob("*.po")):
            definitions = statement_definitions(settings, path.stem)
            catalog = parse_po(path.read_bytes(), path, ReadMemo())
            for entry in catalog.entries:
                if entry.state in run.CHECKED_STATES and entry.msgid:
                    for source, translation in run._pairs(entry):
                        unit = Unit(source, translation, language, settings.source_language)
                        units.append(replace(unit, definitions=definitions))
    distinct = list(dict.fromkeys(units))
    spent = {}
    for check in run.ALL_CHECKS:
        began = time.process_time()
        for unit in distinct:
            list(check.problems(unit))
        spent[check.check_id] = time.process_time() - began
    return len(units), len(distinct), spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--languages", default="es,fr", help="the publishable languages")
    options = parser.parse_args()
    root: Path = options.workspace
    # In a child forked before anything is checked: the checks' caches (the parses of
    # each text, its numbers) empty, as in a first run.
    child = os.fork()
    if child == 0:
        units, distinct, checks = each_check(root, options.languages.split(","))
        print(f"\n{units:,} units checked, {distinct:,} distinct; each check over the distinct:")
        for check_id, seconds in sorted(checks.items(), key=lambda item: -item[1]):
            print(f"{check_id:<26} {seconds:6.3f}")
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(child, 0)
    shutil.rmtree(root / ".polyglot", ignore_errors=True)
    spent = timed_parts()
    settings = load_settings(root)
    began = time.process_time()
    compute_status(settings, jobs=1)
    total = time.process_time() - began
    print(f"load average {os.getloadavg()[0]:.1f}; CPU seconds, one process, a first run")
    print(f"{'imports':<26} {IMPORTS:6.2f}")
    for part, seconds in spent.items():
        print(f"{part:<26} {seconds:6.2f}")
    print(f"{'the rest of the run':<26} {total - sum(spent.values()):6.2f}")
    print(f"{'compute_status, in all':<26} {total:6.2f}")


if __name__ == "__main__":
    main()
