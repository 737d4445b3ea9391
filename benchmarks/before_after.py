"""Time the same commands with two installations of polyglot, back to back, in one run.

A change that should cost nothing (a refactoring, a new dependency) is measured against
the code before it on the same machine in the same state: each command runs alternately
with the "before" and the "after" interpreter, each in a fresh process on its own copy of
the corpus, and the script prints the median wall and CPU times (with the children the
command waited for, from wait4) and the after/before ratios.

Commands, in this order on each copy: `--help` (start-up), `status` cold (cache deleted)
and warm, `check`, `build` cold (dist/ and .polyglot/ deleted) and unchanged, `extract`
unchanged, then `extract` cold (every template and catalogue deleted).

Usage:
    git worktree add /tmp/before <rev> && python -m venv /tmp/before/.venv &&
    /tmp/before/.venv/bin/pip install -e /tmp/before
    python benchmarks/before_after.py --before /tmp/before/.venv/bin/python [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(python: str, arguments: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of `python -m polyglot_statement ARGUMENTS` in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [python, "-m", "polyglot_statement", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{python} {' '.join(arguments)} exited {code}:\n{errors.decode()[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def delete(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def delete_catalogues(workspace: Path) -> None:
    for pattern in ("*.pot", "*/*.po"):
        for path in (workspace / "locales").glob(pattern):
            path.unlink()


def steps(workspace: Path) -> list[tuple[str, Callable[[], None], list[str]]]:
    """(name, preparation, arguments) for each measured command."""
    ws = ["-C", str(workspace)]

    def nothing() -> None:
        pass

    return [
        ("--help", nothing, ["--help"]),
        ("status cold", lambda: delete(workspace / ".polyglot"), [*ws, "status"]),
        ("status warm", nothing, [*ws, "status"]),
        ("check", nothing, [*ws, "check"]),
        (
            "build cold",
            lambda: delete(workspace / "dist", workspace / ".polyglot"),
            [*ws, "build", "--allow-partial"],
        ),
        ("build unchanged", nothing, [*ws, "build", "--allow-partial"]),
        ("extract unchanged", nothing, [*ws, "extract"]),
        ("extract cold", lambda: delete_catalogues(workspace), [*ws, "extract"]),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the interpreter of the old code")
    parser.add_argument("--after", default=sys.executable, help="default: this interpreter")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "before_after")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="only this command, e.g. 'status cold'; each round starts from a fresh copy, so "
        "'build unchanged' needs 'build cold' too (else it is a cold build)",
    )
    options = parser.parse_args()
    # The corpus, or any workspace (this repository's example: --corpus .).
    if not any((options.corpus / name).is_file() for name in ("polyglot.toml", "pyproject.toml")):
        sys.exit(f"no corpus in {options.corpus}; run benchmarks/make_corpus.py first")
    print(f"load average at start: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")

    sides = {"before": options.before, "after": options.after}
    wall: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    names: list[str] = []
    for round_number in range(options.rounds):
        # Alternate which side goes first, so that neither always runs on a warmer machine.
        order = list(sides.items()) if round_number % 2 == 0 else list(sides.items())[::-1]
        for side, python in order:
            workspace = options.work / side
            delete(workspace)
            shutil.copytree(
                options.corpus,
                workspace,
                symlinks=True,
                ignore=shutil.ignore_patterns(".git", ".venv", "dist", ".polyglot", "work"),
            )
            for name, prepare, arguments in steps(workspace):
                if options.only and name not in options.only:
                    continue
                prepare()
                seconds, cpu_seconds = timed(python, arguments)
                wall.setdefault((name, side), []).append(seconds)
                cpu.setdefault((name, side), []).append(cpu_seconds)
                if name not in names:
                    names.append(name)
            print(f"round {round_number + 1}, {side}: done", flush=True)

    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    print(f"\nmedians of {options.rounds} round(s), seconds")
    print(
        f"{'command':<18} {'before wall':>11} {'after wall':>10} {'ratio':>6}"
        f" {'before CPU':>10} {'after CPU':>9} {'ratio':>6}"
    )
    for name in names:
        bw, aw = (statistics.median(wall[(name, s)]) for s in sides)
        bc, ac = (statistics.median(cpu[(name, s)]) for s in sides)
        print(
            f"{name:<18} {bw:>11.2f} {aw:>10.2f} {aw / bw:>6.2f} {bc:>10.2f} {ac:>9.2f}"
            f" {ac / bc:>6.2f}"
        )


if __name__ == "__main__":
    main()
