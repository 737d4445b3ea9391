"""Time `polyglot build` on the benchmark corpus, against bare markdown-it (issue 27).

Runs, on a copy of the corpus in benchmarks/work/publish/ (the corpus stays pristine):

1. cold, `--rounds` times, alternating with the peer: no dist/ and no cache, every
   edition of every statement and language rendered (with allow_partial and no floor);
   the first cold build's peak RSS (this process or its largest worker) is printed;
2. the peer, in the same run: one bare markdown-it (CommonMark with tables and
   strikethrough, nothing of ours) rendering the bodies of the same editions' Markdown,
   read from dist/ into memory first (target: cold build at most 2× its CPU time);
3. unchanged: a second build, which must render nothing and leave dist/ untouched
   (target: under 1 second), timed in a fresh process as a user runs it;
4. one catalogue changed: one approved translation edited; exactly one edition must be
   rebuilt;
5. the checks alone (`find_problems` over every catalogue), the share of the cold build
   that is `polyglot check`'s work.

Each figure is the best of the rounds; the 1-minute load average is printed with each.

Usage: python benchmarks/make_corpus.py && python benchmarks/bench_build.py [--work DIR]
(put --work on a local disk: in this repository's sandbox, creating a file under /work
costs about 0.7 ms against 0.06 ms under /tmp, which is I/O, not the build).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from markdown_it import MarkdownIt

import polyglot_statement
from polyglot_statement.checks import find_problems
from polyglot_statement.config import Settings, load_settings
from polyglot_statement.publish.build import build
from polyglot_statement.source.frontmatter import split_front_matter

HERE = Path(__file__).resolve().parent


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the build's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def timed(label: str, function):  # type: ignore[no-untyped-def]
    """(wall, CPU, result) of one call, printed."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    print(f"{label:<34} {seconds:8.2f} s wall, {cpu:8.2f} s CPU  ({load()})", flush=True)
    return seconds, cpu, result


def change_one_catalogue(workspace: Path) -> tuple[str, str]:
    """Edit the first approved translation of one catalogue; returns (statement, language)."""
    path = sorted((workspace / "locales" / "fr" / "LC_MESSAGES").glob("*.po"))[7]
    text = path.read_text(encoding="utf-8")
    # The first entry after the header whose msgstr is one non-empty line and not fuzzy.
    match = re.search(r'\n\n(#[^\n]*\n)*msgid "[^"\n]+"\nmsgstr "([^"\n]+)"\n', text[200:])
    if match is None:
        raise SystemExit(f"no simple approved entry in {path}")
    start = 200 + match.start(2)
    path.write_text(text[:start] + "Modifié : " + text[start:], encoding="utf-8")
    return path.stem, "fr"


def edition_bodies(settings: Settings) -> list[str]:
    """The body of every Markdown edition the build wrote, originals among them."""
    bodies = []
    for path in sorted(settings.output_path.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        bodies.append(text[split_front_matter(text, path).body_start :])
    return bodies


def bare_markdown_it(bodies: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of rendering every body with one bare markdown-it."""
    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    cpu = time.process_time()
    start = time.perf_counter()
    for body in bodies:
        renderer.render(body)
    return time.perf_counter() - start, time.process_time() - cpu


def cold_build(settings: Settings):  # type: ignore[no-untyped-def]
    shutil.rmtree(settings.output_path, ignore_errors=True)
    shutil.rmtree(settings.cache_path, ignore_errors=True)
    return build(settings, allow_partial=True)


def peak_rss_mb() -> tuple[float, float]:
    """Peak RSS so far of this process and of its largest finished child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def fresh_process_build(workspace: Path) -> tuple[float, float, str]:
    """A build as a user runs it: `python -m polyglot_statement build` in a new process,
    imports included. (wall, CPU, its output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # With its bytecode cached, as an installed package runs (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which makes every start compile every module again).
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run(
        [sys.executable, "-m", "polyglot_statement", "build", "--allow-partial"],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if done.returncode != 0:
        raise SystemExit(f"build failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return wall, cpu, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "publish")
    parser.add_argument(
        "--rounds", type=int, default=2, help="cold builds and peer runs, alternating"
    )
    parser.add_argument("--skip-checks", action="store_true", help="do not time the checks alone")
    args = parser.parse_args()
    if not (args.corpus / "polyglot.toml").is_file():
        raise SystemExit(f"no corpus in {args.corpus}; run benchmarks/make_corpus.py first")

    # Bytecode cached, as an installed package has it: the first fresh process below then
    # measures the build, not the compiling of a hundred modules.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(polyglot_statement.__file__).parent)],
        env={key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"},
        check=False,
    )
    workspace = args.work
    if workspace.exists():
        shutil.rmtree(workspace, ignore_errors=True)
    shutil.copytree(args.corpus, workspace)
    # No floor under --allow-partial: every edition with its title approved is published.
    settings_file = workspace / "polyglot.toml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8") + "\n[publish]\npartial-min-percent = 0\n",
        encoding="utf-8",
    )
    settings = load_settings(workspace)
    statements = len(list((workspace / "source").glob("*.md")))
    print(f"corpus: {statements} statements × {len(settings.languages)} languages ({load()})")

    builds: list[tuple[float, float]] = []
    peers: list[tuple[float, float]] = []
    bodies: list[str] = []
    peak = (0.0, 0.0)
    for round_ in range(args.rounds):
        wall, cpu, report = timed(f"cold build, round {round_ + 1}", lambda: cold_build(settings))
        builds.append((wall, cpu))
        if round_ == 0:
            peak = peak_rss_mb()
            print(f"  {len(report.published)} editions published, {len(report.rebuilt)} rendered")
            print(f"  peak RSS: {peak[0]:.0f} MB this process, {peak[1]:.0f} MB largest worker")
            bodies = edition_bodies(settings)
        wall, cpu = bare_markdown_it(bodies)
        print(
            f"{f'bare markdown-it, round {round_ + 1}':<34} {wall:8.2f} s wall, {cpu:8.2f} s CPU"
            f"  ({load()}, {len(bodies)} documents)",
            flush=True,
        )
        peers.append((wall, cpu))

    # The first no-change build after the cold one: answered from the stamp the cold build
    # left (Build.settle, publish/unchanged.py), as the later ones are. Both are printed.
    fresh = [fresh_process_build(workspace) for _ in range(max(args.rounds, 2) + 1)]
    first_wall, first_cpu, _ = fresh[0]
    print(
        f"{'no-change rebuild, first':<34} {first_wall:8.2f} s wall, {first_cpu:8.2f} s CPU"
        f" (the first after the cold build)  ({load()})"
    )
    fresh = fresh[1:]
    again, again_cpu = min(wall for wall, _, _ in fresh), min(cpu for _, cpu, _ in fresh)
    print(
        f"{'no-change rebuild, new process':<34} {again:8.2f} s wall, {again_cpu:8.2f} s CPU"
        f" (best of the later ones: answered from the stamp)  ({load()})"
    )
    _, _, report = timed(
        "no-change rebuild, in process", lambda: build(settings, allow_partial=True)
    )
    if report.rebuilt or report.replaced:
        print("  FAIL: a build with nothing changed rendered or replaced something")

    changed = change_one_catalogue(workspace)
    one, _, report = timed(
        "one-catalogue-changed rebuild", lambda: build(settings, allow_partial=True)
    )
    print(f"  rendered: {sorted(report.rebuilt)} (changed: {changed})")
    if report.rebuilt != {changed}:
        print("  FAIL: expected exactly the changed edition to be rebuilt")

    if not args.skip_checks:
        timed("  of which: polyglot check, all", lambda: find_problems(settings))

    best_build = min(cpu for _, cpu in builds)
    best_peer = min(cpu for _, cpu in peers)
    print()
    print(
        f"cold build, best CPU {best_build:.2f} s / bare markdown-it {best_peer:.2f} s: "
        f"{best_build / best_peer:.2f}× CPU   (target ≤ 2×)"
    )
    print(f"  wall: {min(w for w, _ in builds):.2f} s / {min(w for w, _ in peers):.2f} s")
    print(
        f"no-change rebuild                   {again:5.2f} s wall, {again_cpu:5.2f} s CPU"
        f"   (target < 1 s; the first after the cold build: {first_cpu:.2f} s CPU)"
    )
    print(f"peak RSS                            {max(peak):5.0f} MB   (target < 500 MB)")
    print(f"one-change rebuild                  {one:5.2f} s")
    print(f"machine: {os.cpu_count()} cores, {load()}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
