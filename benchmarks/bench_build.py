"""Time `polyglot build` on the benchmark corpus, against bare Python-Markdown.

Runs, on a copy of the corpus in benchmarks/work/publish/ (the corpus stays pristine):

1. cold: no dist/, every edition of every statement and language is rendered
   (with allow_partial and no floor, because the corpus is only ~70% approved: 10,000
   editions, and the 500 originals);
2. unchanged: a second build, which must render nothing and leave dist/ untouched
   (target: under 2 seconds);
3. one catalogue changed: one approved translation edited; exactly one edition must be
   rebuilt;
4. the checks alone (`find_problems` over every catalogue), the share of the cold build
   that is `polyglot check`'s work;
5. the peer: Python-Markdown (tables, footnotes; one instance, reset between documents)
   rendering the bodies of the same 10,000 translated documents, read from dist/ into
   memory first (target: cold build at most 1.5× this).

Usage: python benchmarks/make_corpus.py && python benchmarks/bench_build.py [--work DIR]
(put --work on a local disk: in this repository's sandbox, creating a file under /work
costs about 0.7 ms against 0.06 ms under /tmp, which is I/O, not the build).
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

import markdown

from polyglot_statement.checks import find_problems
from polyglot_statement.config import load_settings
from polyglot_statement.publish.build import build
from polyglot_statement.source.frontmatter import split_front_matter

HERE = Path(__file__).resolve().parent


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the build's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, function):  # type: ignore[no-untyped-def]
    cpu = cpu_seconds()
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    print(f"{label:<34} {seconds:8.2f} s wall, {cpu:8.2f} s CPU", flush=True)
    return seconds, result


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


def bare_markdown(dist: Path, rounds: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of rendering every edition's body with Python-Markdown."""
    bodies = []
    for path in sorted(dist.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        bodies.append(text[split_front_matter(text, path).body_start :])
    # The renderer the HTML editions used before markdown-it renders them, configured as
    # it was, so the peer and the target stay what they were.
    renderer = markdown.Markdown(
        extensions=["fenced_code", "tables", "footnotes"],
        extension_configs={"tables": {"use_align_attribute": True}},
    )
    walls, cpus = [], []
    for _ in range(rounds):
        cpu = time.process_time()
        start = time.perf_counter()
        for body in bodies:
            renderer.reset().convert(body)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), len(bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "publish")
    parser.add_argument("--rounds", type=int, default=1, help="runs of the Markdown baseline")
    args = parser.parse_args()
    if not (args.corpus / "polyglot.toml").is_file():
        raise SystemExit(f"no corpus in {args.corpus}; run benchmarks/make_corpus.py first")

    workspace = args.work
    if workspace.exists():
        shutil.rmtree(workspace, ignore_errors=True)
    shutil.copytree(args.corpus, workspace)
    # No floor under --allow-partial: every edition is published, as before there was one,
    # so that the figures compare (the corpus's languages are 0-100 % approved).
    settings_file = workspace / "polyglot.toml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8") + "\n[publish]\npartial-min-percent = 0\n",
        encoding="utf-8",
    )
    settings = load_settings(workspace)
    statements = len(list((workspace / "source").glob("*.md")))
    print(f"corpus: {statements} statements × {len(settings.languages)} languages")

    cpu_before = cpu_seconds()
    cold, report = timed("cold build", lambda: build(settings, allow_partial=True))
    cold_cpu = cpu_seconds() - cpu_before
    print(f"  {len(report.published)} editions published, {len(report.rebuilt)} rendered")

    again, report = timed("no-change rebuild", lambda: build(settings, allow_partial=True))
    print(f"  {len(report.rebuilt)} rendered, dist/ replaced: {report.replaced}")
    if report.rebuilt or report.replaced:
        print("  FAIL: a build with nothing changed rendered or replaced something")

    changed = change_one_catalogue(workspace)
    one, report = timed(
        "one-catalogue-changed rebuild", lambda: build(settings, allow_partial=True)
    )
    print(f"  rendered: {sorted(report.rebuilt)} (changed: {changed})")
    if report.rebuilt != {changed}:
        print("  FAIL: expected exactly the changed edition to be rebuilt")

    cpu_before = cpu_seconds()
    checks, _ = timed("  of which: polyglot check, all", lambda: find_problems(settings))
    checks_cpu = cpu_seconds() - cpu_before

    baseline, baseline_cpu, documents = bare_markdown(settings.output_path, args.rounds)
    print(
        f"{'bare Python-Markdown, same bodies':<34} {baseline:8.2f} s wall, "
        f"{baseline_cpu:8.2f} s CPU ({documents} documents)"
    )

    print()
    print(
        f"cold build / bare Python-Markdown   {cold / baseline:5.2f}× wall, "
        f"{cold_cpu / baseline_cpu:5.2f}× CPU   (target ≤ 1.5×)"
    )
    print(
        f"  without the checks' share         {(cold - checks) / baseline:5.2f}× wall, "
        f"{(cold_cpu - checks_cpu) / baseline_cpu:5.2f}× CPU"
    )
    print(f"no-change rebuild                   {again:5.2f} s   (target < 2 s)")
    print(
        f"one-change rebuild                  {one:5.2f} s   "
        f"({len(report.rebuilt)} edition rebuilt)"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
