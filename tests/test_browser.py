"""The published pages as a reader sees them, in headless Chromium (Debian's, driven by Playwright).

dist/ is served over HTTP on 127.0.0.1; every request the page makes is recorded, so a
stylesheet, font or script from any other host fails the test, as does any console
error or uncaught page error.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from conftest import missing, program

from polyglot_statement.cli import main

pytestmark = pytest.mark.browser

SLUG = "wftu-andean-solidarity-peru"
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
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example workspace built (Arabic with --allow-partial) and served on 127.0.0.1."""
    import shutil

    from conftest import ROOT

    root = tmp_path_factory.mktemp("site") / "ws"
    root.mkdir()
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, root / name)
    if (ROOT / "glossary.yml").exists():
        shutil.copy(ROOT / "glossary.yml", root / "glossary.yml")
    result = CliRunner().invoke(
        main, ["-C", str(root), "build", "--allow-partial", "--lang", "es", "--lang", "fr",
               "--lang", "ar"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    handler = functools.partial(_QuietHandler, directory=str(root / "dist"))
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

    def __init__(self, browser: Any):
        self.context = browser.new_context()
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


def test_spanish_edition_is_left_to_right_and_switches_language(
    site: str, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{site}/es/{SLUG}.html")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert page.locator("h1").first.inner_text().startswith("Declaración de solidaridad")
    names = page.locator("nav.languages li").all_inner_texts()
    assert names == ["español", "français", "العربية"]

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
    watched.assert_clean()


def test_index_links_every_published_edition(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/index.html")
    links = page.locator("ul.editions a")
    assert links.all_inner_texts() == ["español", "français", "العربية"]
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href")
        response = page.request.get(f"{site}/{href}")
        assert response.status == 200
    watched.assert_clean()


def test_print_stylesheet_hides_the_switcher(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/fr/{SLUG}.html")
    assert page.locator("nav.languages").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("nav.languages").is_visible()
    watched.assert_clean()
