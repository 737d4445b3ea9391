"""The published pages as a reader sees them, in headless Chromium (Debian's, driven by Playwright).

dist/ is served over HTTP on 127.0.0.1; every request the page makes is recorded, so a
stylesheet, font or script from any other host fails the test, as does any console
error or uncaught page error. axe-core (installed from tests/browser/package-lock.json
by `npm ci --prefix tests/browser`, as .ci/run does) checks every page at a desktop and
a phone width, in light and dark mode.

Without Chromium, axe-core or pdftotext the tests are skipped on a developer's machine
and fail under CI=true, where .ci/run installs them (conftest.missing).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from cli_runner import polyglot
from conftest import missing, program

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
AXE = HERE / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SLUG = "wftu-andean-solidarity-peru"
WIDTHS = {"desktop": 1280, "phone": 390}
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example workspace built with --allow-partial; its dist/ folder.

    The example's statement has no date (the build warns): this copy gets one, and a site
    address, so that the front pages link feeds and the sitemap as a press office's would.
    """
    from conftest import ROOT

    root = tmp_path_factory.mktemp("site") / "ws"
    root.mkdir()
    for name in ("pyproject.toml", "glossary.yml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, root / name)
    source = root / "source" / f"{SLUG}.md"
    source.write_text(
        source.read_text("utf-8").replace("language: en\n", "language: en\ndate: 2022-12-16\n", 1)
    )
    settings = root / "pyproject.toml"
    settings.write_text(
        settings.read_text("utf-8").replace(
            "[tool.polyglot]\n",
            '[tool.polyglot]\nsite-url = "https://statements.example.org/"\n',
            1,
        )
    )
    result = polyglot(root, "build", "--allow-partial")
    assert result.exit_code == 0, result.output
    return root / "dist"


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    """dist/ served on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(built))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Found as .ci/run finds it (`command -v chromium`), wherever the system put it.
    chromium = program("chromium")
    try:
        from playwright import sync_api
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
        raise
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()


class Watched:
    """A page with every request, console error and page error it causes recorded."""

    def __init__(self, browser: Any, **context: Any):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def assert_clean(self) -> None:
        hosts = {urlsplit(url).hostname for url in self.requests}
        assert hosts == {"127.0.0.1"}, self.requests
        assert self.errors == []

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    page = Watched(browser)
    try:
        yield page
    finally:
        page.close()


def pages(dist: Path) -> list[str]:
    return sorted(path.relative_to(dist).as_posix() for path in dist.rglob("*.html"))


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page, one line each (rule, impact, where)."""
    if not AXE.is_file():
        missing("axe-core is not installed: npm ci --prefix tests/browser")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{item['id']} ({item['impact']}): {item['help']} at "
        + ", ".join(str(node["target"]) for node in item["nodes"][:5])
        for item in violations
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_page_passes_axe_and_fits_the_screen(
    built: Path, site: str, browser: Any, width: int, scheme: str
) -> None:
    watched = Watched(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        found: dict[str, list[str]] = {}
        pages_seen = pages(built)
        # The original, es, fr, pt and the partial Arabic edition, their front pages and
        # dist/index.html; Quechua is refused.
        assert len(pages_seen) == 11, pages_seen
        for relative in pages_seen:
            page = watched.page
            page.goto(f"{site}/{relative}")
            problems = axe_violations(page)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"scrolls sideways by {overflow} px")
            if problems:
                found[relative] = problems
        assert found == {}
        watched.assert_clean()
    finally:
        watched.close()


def test_arabic_edition_is_laid_out_right_to_left(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/ar/{SLUG}.html")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main p')).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    # A passage still in English is laid out left to right inside the Arabic page.
    fallback = page.locator("span.fallback").first
    assert fallback.get_attribute("lang") == "en"
    assert fallback.evaluate("element => getComputedStyle(element).direction") == "ltr"
    title = page.title()
    assert "بيان" in title or "تضامن" in title
    watched.assert_clean()


def _arabic(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and all("ARABIC" in unicodedata.name(char, "") for char in letters)


def test_arabic_partial_edition_speaks_arabic_about_itself(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/ar/{SLUG}.html")
    notice = page.locator(".notice")
    assert notice.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert notice.evaluate("element => element.closest('[lang]').lang") == "ar"
    text = notice.inner_text()
    assert "نسخة جزئية" in text and "الإنجليزية" in text
    assert _arabic(text.replace("(", "").replace(")", "")), text
    labels = page.locator(".fallback-label")
    count = labels.count()
    assert count == page.locator("span.fallback").count() > 0
    for index in range(count):
        label = labels.nth(index)
        assert label.get_attribute("lang") == "ar"
        assert label.evaluate("element => getComputedStyle(element).direction") == "rtl"
        assert label.inner_text() == "لم يُترجم بعد (الإنجليزية)"
        # The passage after the label is in English, announced as such.
        assert label.evaluate("element => element.parentElement.lang") == "en"
    nav = page.locator("nav.languages")
    assert nav.get_attribute("aria-label") == "هذا البيان بلغات أخرى"
    watched.assert_clean()


def _unmarked(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    return "".join(char for char in folded if unicodedata.category(char) != "Mn")


def test_printing_keeps_the_notice_and_the_labels(
    site: str, watched: Watched, tmp_path: Path
) -> None:
    page = watched.page
    page.goto(f"{site}/ar/{SLUG}.html")
    page.emulate_media(media="print")
    assert page.locator(".notice").is_visible()
    labels = page.locator(".fallback-label")
    assert all(labels.nth(index).is_visible() for index in range(labels.count()))
    assert not page.locator("nav.languages").is_visible()
    pdftotext = program("pdftotext")
    pdf = tmp_path / "ar.pdf"
    page.pdf(path=str(pdf))
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # Text taken back from a PDF loses the order of Arabic vowel marks and ligatures:
    # compare the label's words without their marks.
    label = _unmarked("لم يُترجم بعد")
    assert _unmarked(text).count(label) == labels.count() > 0, text[:2000]
    assert "Andean" in text or "Peru" in text  # the English passages are printed too
    watched.assert_clean()


def test_spanish_edition_is_left_to_right_and_switches_language(
    site: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{site}/es/{SLUG}.html")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert page.locator("h1").first.inner_text().startswith("Declaración de solidaridad")
    names = page.locator("nav.languages li").all_inner_texts()
    assert names == ["English (original)", "español", "français", "português", "العربية (parcial)"]

    page.get_by_role("link", name="français").click()
    page.wait_for_load_state()
    assert page.url == f"{site}/fr/{SLUG}.html"
    assert page.evaluate("document.documentElement.lang") == "fr"

    page.get_by_role("link", name="العربية").click()
    page.wait_for_load_state()
    assert page.url == f"{site}/ar/{SLUG}.html"
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"

    page.get_by_role("link", name="español").click()
    page.wait_for_load_state()
    assert page.url == f"{site}/es/{SLUG}.html"

    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.url == f"{site}/en/{SLUG}.html"
    assert page.locator(".fallback").count() == 0
    watched.assert_clean()


def test_index_links_every_published_edition(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/index.html")
    links = page.locator(".editions a")
    assert links.all_inner_texts() == ["English", "español", "français", "português", "العربية"]
    feed = page.locator("footer a[type='application/atom+xml']")
    assert page.request.get(f"{site}/{feed.get_attribute('href')}").status == 200
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href")
        response = page.request.get(f"{site}/{href}")
        assert response.status == 200
    watched.assert_clean()


def test_status_report_fits_a_phone_and_passes_axe(
    browser: Any, tmp_path: Path, built: Path
) -> None:
    # The site's copy of the example: status writes its cache in the workspace it reads.
    report = tmp_path / "status.html"
    result = polyglot(built.parent, "status", "-o", str(report))
    assert result.exit_code == 0, result.output
    html = report.read_text(encoding="utf-8")
    assert "<main>" in html and re.search(r'Generated <time datetime="\d{4}-\d\d-\d\dT', html)
    # And with the activity columns: a copy whose Spanish catalogue names its translator.
    copy = tmp_path / "ws"
    shutil.copytree(built.parent, copy, ignore=shutil.ignore_patterns(".git", "dist"))
    catalogue = copy / "locales" / "es" / "LC_MESSAGES" / "wftu-andean-solidarity-peru.po"
    text = catalogue.read_text(encoding="utf-8").replace(
        '"Last-Translator: \\n"', '"Last-Translator: Bartholomew Featherstonehaugh-Smythe\\n"'
    )
    catalogue.write_text(
        text.replace('"PO-Revision-Date: \\n"', '"PO-Revision-Date: 2026-11-30 10:05+0100\\n"'),
        encoding="utf-8",
    )
    with_activity = tmp_path / "status-activity.html"
    result = polyglot(copy, "status", "-o", str(with_activity))
    assert result.exit_code == 0, result.output
    assert "Featherstonehaugh" in with_activity.read_text(encoding="utf-8")
    for width in WIDTHS.values():
        for shown in (report, with_activity):
            watched = Watched(browser, viewport={"width": width, "height": 900})
            try:
                page = watched.page
                page.goto(shown.as_uri())
                assert axe_violations(page) == []
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, (
                    f"{shown.name} scrolls sideways by {overflow} px at {width} px"
                )
            finally:
                watched.close()
