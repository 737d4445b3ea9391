"""Time the same commands with two installations of polyglot, back to back, in one run.

A change that should cost nothing (a refactoring, a new dependency) is measured against
the code before it on the same machine in the same state: each command runs alternately
with the "before" and the "after" interpreter, each in a fresh process on its own copy of
the corpus, and the script prints the median wall and CPU times (with the children the
command waited for, from wait4) and the after/before ratios.

Commands, in this order on each copy: `--help` (start-up), `status` cold (cache deleted)
and warm, `check`, `build` cold (dist/ and .polyglot/ deleted) and unchanged, `extract`
unchanged, then `extract` cold (every template and catalogue deleted).

`--instructions` counts instructions instead of seconds: each command runs once per side
under `valgrind --tool=callgrind` (about 50 times slower), with PYTHONHASHSEED=0 and
POLYGLOT_JOBS=1, and the instructions of the process and of any child it starts are
summed. A count does not depend on what else the machine is doing, so a shared, loaded
machine gives the same figure twice, where its CPU seconds move by 10 % from run to run.
The two sides run at the same time, one per core, each on its own copy of the corpus.

Usage:
    git worktree add /tmp/before <rev> && python -m venv /tmp/before/.venv &&
    /tmp/before/.venv/bin/pip install -e /tmp/before
    python benchmarks/before_after.py --before /tmp/before/.venv/bin/python [--rounds 2]
or, with one interpreter and each side's source tree (`git archive REV src | tar -x`):
    python benchmarks/before_after.py --before-src OLD/src --after-src NEW/src \
        --corpus SMALL --instructions
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent


# Each side's workspace folder: names of one length, so that the paths the commands
# handle (and the instructions spent on them) are the same length on both sides.
FOLDERS = {"before": "old", "after": "new"}
# The last "totals:" line callgrind writes into each of its output files.
TOTALS = re.compile(rb"^totals:\s+(\d+)", re.MULTILINE)


def side_environment(source: Path | None) -> dict[str, str]:
    """The environment of one side: its source tree first on the path, if it has one."""
    environment = dict(os.environ)
    if source is not None:
        environment["PYTHONPATH"] = str(source.resolve())
    return environment


def run(command: list[str], environment: dict[str, str]) -> resource.struct_rusage:
    """Run `command` in a fresh process; stop the benchmark if polyglot failed."""
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(command)} exited {code}:\n{errors.decode()[-2000:]}")
    return usage


def timed(python: str, arguments: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of `python -m polyglot_statement ARGUMENTS` in a fresh process."""
    start = time.perf_counter()
    usage = run([python, "-m", "polyglot_statement", *arguments], environment)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def counted(
    python: str, arguments: list[str], environment: dict[str, str], output: Path
) -> tuple[int, int]:
    """Instructions of `python -m polyglot_statement ARGUMENTS` and of every process it
    starts, counted by callgrind, and how many processes that was."""
    delete(output)
    output.mkdir(parents=True)
    environment = {**environment, "PYTHONHASHSEED": "0", "POLYGLOT_JOBS": "1"}
    run(
        [
            "valgrind",
            "--tool=callgrind",
            "--trace-children=yes",
            f"--callgrind-out-file={output}/callgrind.%p",
            python,
            "-m",
            "polyglot_statement",
            *arguments,
        ],
        environment,
    )
    totals = [int(TOTALS.findall(path.read_bytes())[-1]) for path in output.iterdir()]
    return sum(totals), len(totals)


def delete(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def delete_catalogues(workspace: Path) -> None:
    # Catalogues sit at locales/<lang>/LC_MESSAGES/<slug>.po and templates at
    # locales/templates/<slug>.pot: a shallow glob found none, so "cold" measured unchanged.
    deleted = 0
    for pattern in ("*.pot", "*.po"):
        for path in (workspace / "locales").rglob(pattern):
            path.unlink()
            deleted += 1
    if not deleted:
        raise SystemExit(f"{workspace}/locales: no catalogue to delete for a cold extract")


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


def fresh_copy(corpus: Path, workspace: Path) -> None:
    delete(workspace)
    shutil.copytree(
        corpus,
        workspace,
        symlinks=True,
        ignore=shutil.ignore_patterns(".git", ".venv", "dist", ".polyglot", "work"),
    )


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default=sys.executable, help="the interpreter of the old code")
    parser.add_argument("--after", default=sys.executable, help="default: this interpreter")
    parser.add_argument(
        "--before-src",
        type=Path,
        help="the old code's source folder (put first on PYTHONPATH, for an interpreter "
        "that has the dependencies)",
    )
    parser.add_argument("--after-src", type=Path, help="the new code's source folder")
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "before_after")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions under callgrind (one round) instead of timing",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="only this command, e.g. 'status cold'; each round starts from a fresh copy, so "
        "'build unchanged' needs 'build cold' too (else it is a cold build)",
    )
    options = parser.parse_args()
    if options.before == options.after and options.before_src is None:
        parser.error("name the old code: --before PYTHON or --before-src FOLDER")
    # The corpus, or any workspace (this repository's example: --corpus .).
    if not any((options.corpus / name).is_file() for name in ("polyglot.toml", "pyproject.toml")):
        sys.exit(f"no corpus in {options.corpus}; run benchmarks/make_corpus.py first")
    return options


def count_instructions(
    options: argparse.Namespace, sides: dict[str, tuple[str, dict[str, str]]]
) -> None:
    """One callgrind run of every command per side, both sides at once."""

    def one_side(side: str) -> dict[str, tuple[int, int]]:
        python, environment = sides[side]
        workspace = options.work / FOLDERS[side]
        fresh_copy(options.corpus, workspace)
        counts = {}
        for name, prepare, arguments in steps(workspace):
            if options.only and name not in options.only:
                continue
            prepare()
            output = options.work / f"callgrind-{FOLDERS[side]}"
            counts[name] = counted(python, arguments, environment, output)
            print(f"{side}: {name}: {counts[name][0]:,} instructions", flush=True)
        return counts

    with ThreadPoolExecutor(max_workers=len(sides)) as pool:
        before, after = pool.map(one_side, sides)
    print("\n| command | before, instructions | after, instructions | after/before |")
    print("|---|---:|---:|---:|")
    for name, (old, old_processes) in before.items():
        new, new_processes = after[name]
        processes = (
            f" ({old_processes} / {new_processes} processes)"
            if (old_processes, new_processes) != (1, 1)
            else ""
        )
        print(f"| `{name}`{processes} | {old:,} | {new:,} | {new / old:.4f} |")


def main() -> None:
    options = parse_options()
    sides = {
        "before": (options.before, side_environment(options.before_src)),
        "after": (options.after, side_environment(options.after_src)),
    }
    print(f"load average at start: {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    if options.instructions:
        count_instructions(options, sides)
        return

    wall: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    names: list[str] = []
    for round_number in range(options.rounds):
        # Alternate which side goes first, so that neither always runs on a warmer machine.
        order = list(sides.items()) if round_number % 2 == 0 else list(sides.items())[::-1]
        for side, (python, environment) in order:
            workspace = options.work / FOLDERS[side]
            fresh_copy(options.corpus, workspace)
            for name, prepare, arguments in steps(workspace):
                if options.only and name not in options.only:
                    continue
                prepare()
                seconds, cpu_seconds = timed(python, arguments, environment)
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
