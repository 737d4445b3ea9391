"""Time the print editions: PDF (WeasyPrint) and Word (python-docx), per edition.

For each workspace, every edition of every statement is composed once (approved text,
source passages elsewhere, as `--allow-partial` publishes it), its page rendered to HTML,
and then timed, each on its own: the PDF from the page, the .docx from the tokens. The
HTML edition's own rendering is timed too, as the scale the others are read against.
Then `polyglot build` is timed for the default formats, for pdf and for docx, cold (on
the build's worker processes) and with nothing changed, which must render nothing.

Workspaces: the example (this repository, 5 editions) and a corpus made by
`python benchmarks/make_corpus.py --statements 10 --languages 20 --out DIR` (200
editions, 20 languages in Latin, Cyrillic, Greek, Arabic, Japanese and Chinese script).

With --chromium, the same pages are also printed by headless Chromium (Debian's, warm,
one page after another through Playwright's page.pdf), the other layout engine this
project has at hand, for comparison.

Usage: python benchmarks/bench_print.py [--corpus DIR] [--limit N] [--chromium]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.config import load_settings
from polyglot_statement.po import parse_po
from polyglot_statement.publish.build import build
from polyglot_statement.publish.docx import load_reference, render_docx
from polyglot_statement.publish.edition import Edition, compose
from polyglot_statement.publish.html import Pages, markdown_renderer, render_body
from polyglot_statement.publish.pdf import render_pdf
from polyglot_statement.publish.print_style import PrintInputs, print_stylesheet
from polyglot_statement.publish.typography import script
from polyglot_statement.source import read_statement, statement_paths

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")


@dataclass
class Figures:
    html: list[float] = field(default_factory=list)
    pdf: list[float] = field(default_factory=list)
    docx: list[float] = field(default_factory=list)
    chromium: list[float] = field(default_factory=list)
    pdf_bytes: int = 0
    docx_bytes: int = 0
    by_script: dict[str, list[float]] = field(default_factory=dict)


def editions(root: Path, limit: int | None) -> list[tuple[Edition, list[str]]]:
    settings = load_settings(root)
    found = []
    for path in statement_paths(settings):
        statement = read_statement(settings, path)
        for language in settings.languages:
            catalog_path = settings.catalog_path(language, statement.slug)
            catalog = (
                parse_po(catalog_path.read_bytes(), catalog_path)
                if catalog_path.is_file()
                else None
            )
            found.append((compose(statement, catalog, language), list(settings.languages)))
    return found[:limit] if limit else found


def measure(root: Path, limit: int | None, chromium: bool) -> Figures:
    settings = load_settings(root)
    renderer = markdown_renderer()
    pages = Pages(settings)
    inputs = PrintInputs(print_stylesheet(settings), ())
    reference = load_reference(settings)
    figures = Figures()
    printed_pages: list[str] = []
    for edition, languages in editions(root, limit):
        start = time.perf_counter()
        body = render_body(edition, renderer, settings.source_language)
        page = pages.edition(edition, body, languages)
        figures.html.append(time.perf_counter() - start)
        start = time.perf_counter()
        pdf = render_pdf(settings, inputs, edition, page)
        elapsed = time.perf_counter() - start
        figures.pdf.append(elapsed)
        figures.by_script.setdefault(script(edition.language), []).append(elapsed)
        figures.pdf_bytes += len(pdf)
        start = time.perf_counter()
        word = render_docx(settings, reference, edition, renderer)
        figures.docx.append(time.perf_counter() - start)
        figures.docx_bytes += len(word)
        printed_pages.append(page)
    if chromium:
        figures.chromium = chromium_times(printed_pages)
    return figures


def chromium_times(pages: list[str]) -> list[float]:
    """page.pdf of each page in one warm headless Chromium."""
    from playwright.sync_api import sync_playwright

    times = []
    with (
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as folder,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        for number, html in enumerate(pages):
            path = Path(folder) / f"{number}.html"
            path.write_text(html, encoding="utf-8")
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.pdf(format="A4")
            times.append(time.perf_counter() - start)
        browser.close()
    return times


def time_builds(root: Path) -> None:
    """`polyglot build` of each print format on a copy of the workspace: cold (every
    edition rendered, on the build's worker processes) and again with nothing changed."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "ws"
        copy.mkdir()
        for name in ("pyproject.toml", "polyglot.toml", "glossary.yml"):
            if (root / name).is_file():
                shutil.copy(root / name, copy / name)
        for name in ("source", "locales", "templates"):
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name)
        settings = load_settings(copy)
        for formats in (("html", "md", "txt"), ("pdf",), ("docx",)):
            start = time.perf_counter()
            report = build(settings, formats=formats, allow_partial=True)
            cold = time.perf_counter() - start
            count = len(report.rebuilt)
            start = time.perf_counter()
            again = build(settings, formats=formats, allow_partial=True)
            unchanged = time.perf_counter() - start
            assert not again.rebuilt and not again.replaced
            print(
                f"  build --format {'/'.join(formats):<11} cold {cold:6.2f} s "
                f"({cold / max(count, 1) * 1000:6.1f} ms/edition wall, {count} editions), "
                f"no change {unchanged:5.2f} s (rendered nothing)"
            )


def report(name: str, figures: Figures) -> None:
    count = len(figures.pdf)

    def line(label: str, values: list[float]) -> str:
        return (
            f"  {label:<9} median {statistics.median(values) * 1000:7.1f} ms/edition, "
            f"max {max(values) * 1000:7.1f} ms, total {sum(values):6.2f} s"
        )

    print(f"{name}: {count} editions")
    print(line("html", figures.html))
    print(line("pdf", figures.pdf))
    print(line("docx", figures.docx))
    if figures.chromium:
        print(line("chromium", figures.chromium))
    print(
        f"  pdf/html {statistics.median(figures.pdf) / statistics.median(figures.html):.0f}×, "
        f"docx/html {statistics.median(figures.docx) / statistics.median(figures.html):.0f}×; "
        f"mean size pdf {figures.pdf_bytes / count / 1000:.0f} kB, "
        f"docx {figures.docx_bytes / count / 1000:.0f} kB"
    )
    scripts = ", ".join(
        f"{name} {statistics.median(values) * 1000:.0f} ms"
        for name, values in sorted(figures.by_script.items())
    )
    print(f"  pdf median by script: {scripts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--chromium", action="store_true")
    arguments = parser.parse_args()
    report("example", measure(HERE.parent, arguments.limit, arguments.chromium))
    time_builds(HERE.parent)
    if arguments.corpus is not None:
        if not (arguments.corpus / "polyglot.toml").is_file():
            sys.exit(f"{arguments.corpus}: no corpus; run benchmarks/make_corpus.py first")
        report("corpus", measure(arguments.corpus, arguments.limit, arguments.chromium))
        time_builds(arguments.corpus)


if __name__ == "__main__":
    main()
