"""Editions in scripts other than Latin, as readers see them: code and addresses keep their
left-to-right order on right-to-left pages, emphasis is never a slanted imitation in a
script without italics, and the text edition underlines a CJK heading to its width.

tests/data/scripts is a statement with inline code, code blocks, an address, an e-mail
address, emphasis, a quote and a footnote, translated by hand into Arabic, Hindi,
Chinese and Japanese. The HTML edition is read in Chromium (as tests/test_browser.py
drives it), the PDF with poppler, the .docx as XML.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from cli_runner import polyglot
from conftest import missing, program
from print_tools import Word, need_fonts, pdftotext, words
from pypdf import PdfReader

from polyglot_statement.publish.html import markdown_renderer
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.publish.text import columns

DATA = Path(__file__).parent / "data" / "scripts"
SLUG = "helpdesk"
CODE = 'let s = String::from("hello");'
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scripts") / "ws"
    shutil.copytree(DATA, root)
    formats = ["--format", "html", "--format", "txt", "--format", "pdf", "--format", "docx"]
    result = polyglot(root, "build", *formats)
    assert result.exit_code == 0, result.output
    assert "5 edition(s) published" in result.output  # the original and four languages
    return root / "dist"


@pytest.fixture(scope="module")
def chromium(dist: Path) -> Iterator[Any]:
    executable = program("chromium")
    try:
        from playwright import sync_api
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
        raise
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        try:
            yield page
        finally:
            browser.close()


# The x-positions of the first and last characters of an element's text as laid out.
_ENDS = """element => {
  const text = element.firstChild;
  const range = document.createRange();
  const box = (index) => {
    range.setStart(text, index);
    range.setEnd(text, index + 1);
    const rect = range.getClientRects()[0];
    return (rect.left + rect.right) / 2;
  };
  const content = text.textContent.replace(/\\n$/, "");
  return [box(0), box(content.length - 1)];
}"""


@pytest.mark.browser
def test_code_and_addresses_keep_their_order_on_a_right_to_left_page(
    dist: Path, chromium: Any
) -> None:
    page = chromium
    page.goto((dist / "ar" / f"{SLUG}.html").as_uri())
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    inline = page.locator("p code", has_text="echo $?")
    assert inline.get_attribute("dir") == "ltr"
    assert inline.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert inline.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    first, last = inline.evaluate(_ENDS)
    assert first < last  # the `e` of `echo` left of the `?`, not "?$ echo"
    block = page.locator("pre code", has_text="String::from")
    assert block.evaluate("e => getComputedStyle(e.parentElement).direction") == "ltr"
    first, last = block.evaluate(_ENDS)
    assert first < last  # `let` left of the `;`, not ";let s = …"
    for address in ("https://example.org/guide/v2/", "office@example.org"):
        link = page.get_by_role("link", name=address)
        assert link.get_attribute("dir") == "ltr"
        first, last = link.evaluate(_ENDS)
        assert first < last, address  # the trailing "/" stays at the address's end


@pytest.mark.browser
@pytest.mark.parametrize("language", ["ar", "hi"])
def test_emphasis_is_bold_in_scripts_without_italics(
    dist: Path, chromium: Any, language: str
) -> None:
    page = chromium
    page.goto((dist / language / f"{SLUG}.html").as_uri())
    emphasis = page.locator("main em").first
    assert emphasis.evaluate("e => getComputedStyle(e).fontStyle") == "normal"
    assert int(emphasis.evaluate("e => getComputedStyle(e).fontWeight")) >= 700


@pytest.mark.browser
@pytest.mark.parametrize(("language", "mark"), [("zh", "dot"), ("ja", "sesame")])
def test_emphasis_is_marked_with_dots_in_chinese_and_japanese(
    dist: Path, chromium: Any, language: str, mark: str
) -> None:
    page = chromium
    page.goto((dist / language / f"{SLUG}.html").as_uri())
    emphasis = page.locator("main em").first
    assert emphasis.evaluate("e => getComputedStyle(e).fontStyle") == "normal"
    assert mark in emphasis.evaluate("e => getComputedStyle(e).textEmphasisStyle")


@pytest.mark.browser
def test_cjk_text_column_fills_the_printed_page(dist: Path, chromium: Any) -> None:
    page = chromium
    page.goto((dist / "zh" / f"{SLUG}.html").as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).maxWidth") == "none"
    page.emulate_media(media="screen")
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"


def drawn_lines(pdf: Path) -> list[str]:
    """The first page's words as drawn, left to right on each line (pdftotext's plain
    output reorders an Arabic page's lines by its own reading, which would hide a fault)."""
    _, found = words(pdf)
    lines: dict[float, list[Word]] = {}
    for word in found:
        lines.setdefault(round(word.y_min), []).append(word)
    # LibreOffice draws the isolate controls (invisible) as words of their own.
    controls = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))
    return [
        " ".join(
            text
            for w in sorted(line, key=lambda w: w.x_min)
            if (text := html.unescape(w.text).translate(controls))
        )
        for line in lines.values()
    ]


def test_pdf_code_lines_keep_their_order_in_arabic(dist: Path) -> None:
    need_fonts("Noto Naskh Arabic")
    drawn = drawn_lines(dist / "ar" / f"{SLUG}.pdf")
    assert CODE in drawn, drawn  # not ";let s = String::from("hello")"
    assert "echo $?" in drawn, drawn  # not "?$ echo"
    inline = next(line for line in drawn if "polyglot check" in line)
    assert "echo $?" in inline, inline


@pytest.mark.parametrize("language", ["ar", "hi", "zh", "ja"])
def test_pdf_has_no_synthesised_oblique(dist: Path, language: str) -> None:
    listing = subprocess.run(
        [program("pdffonts"), str(dist / language / f"{SLUG}.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:]]
    # WeasyPrint names a slanted imitation "<family>-Oblique"; no such face exists for
    # these scripts, so emphasis is drawn in a real bold face.
    assert not [name for name in names if re.search("Oblique|Italic", name)], names
    assert any(name.endswith("-Bold") for name in names), names


def test_pdf_prints_no_footnote_back_link(dist: Path) -> None:
    for language in ("ar", "zh"):
        text = pdftotext(dist / language / f"{SLUG}.pdf")
        assert "↩" not in text


def _document(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def _runs(xml: str) -> list[tuple[str, str]]:
    """Each run's properties and text."""
    return re.findall(r"<w:r>(?:<w:rPr>(.*?)</w:rPr>)?<w:t[^>]*>([^<]*)</w:t></w:r>", xml)


def test_docx_code_and_addresses_are_left_to_right_in_arabic(dist: Path) -> None:
    xml = _document(dist / "ar" / f"{SLUG}.docx")
    runs = _runs(xml)
    inline = [props for props, text in runs if "echo $?" in text and "\u2066" in text]
    assert inline and all("<w:rtl/>" not in props for props in inline)
    address = [props for props, text in runs if "https://example.org/guide/v2/" in text]
    assert address and all("<w:rtl/>" not in props for props in address)
    # A code block's paragraph is left to right: no w:bidi.
    paragraphs = re.findall(r"<w:p>(.*?)</w:p>", xml)
    code = [p for p in paragraphs if "String::from" in p]
    assert code and all("<w:bidi/>" not in p for p in code)
    # Arabic text is right to left still.
    assert any("<w:rtl/>" in props for props, text in runs if "المراجعة" in text)


def test_docx_code_keeps_its_order_when_libreoffice_lays_it_out(dist: Path, tmp_path: Path) -> None:
    need_fonts("Noto Naskh Arabic")
    soffice = program("soffice")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(dist / "ar" / f"{SLUG}.docx")],
        capture_output=True, check=True, timeout=180,
    )  # fmt: skip
    drawn = drawn_lines(tmp_path / f"{SLUG}.pdf")
    assert CODE in drawn and "echo $?" in drawn, drawn
    inline = next(line for line in drawn if "polyglot check" in line)
    assert "echo $?" in inline, inline


@pytest.mark.parametrize(("language", "marked"), [("ar", "<w:b/>"), ("hi", "<w:b/>"),
                                                  ("zh", "<w:b/>"), ("ja", "<w:b/>")])  # fmt: skip
def test_docx_emphasis_is_never_slanted_in_scripts_without_italics(
    dist: Path, language: str, marked: str
) -> None:
    path = dist / language / f"{SLUG}.docx"
    xml = _document(path)
    assert "<w:i/>" not in xml and "<w:iCs/>" not in xml
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    quote = re.search(r'<w:style [^>]*w:styleId="Quote".*?</w:style>', styles, re.DOTALL)
    assert quote is not None and "<w:i/>" not in quote.group(0)
    emphasised = {"ar": "ليست", "hi": "नहीं", "zh": "并非", "ja": "ではありません"}[language]
    (props,) = [props for props, text in _runs(xml) if text == emphasised]
    assert marked in props


def test_docx_keeps_italics_where_the_script_has_them(dist: Path) -> None:
    xml = _document(dist / "en" / f"{SLUG}.docx")
    assert any("<w:i/>" in props for props, text in _runs(xml) if text == "not")


def test_text_edition_underlines_cjk_headings_to_their_width(dist: Path) -> None:
    for language in ("zh", "ja"):
        lines = (dist / language / f"{SLUG}.txt").read_text("utf-8").splitlines()
        underlined = [
            (heading, rule)
            for heading, rule in pairwise(lines)
            if rule and set(rule) <= {"=", "-"} and heading
        ]
        assert len(underlined) == 2, lines  # the title and the heading
        for heading, rule in underlined:
            assert len(rule) == columns(heading) == 2 * len(heading)


def test_text_edition_isolates_code_and_addresses_in_arabic(dist: Path) -> None:
    """Plain text has no dir attribute: code and URLs in RTL text are left-to-right
    isolates (LRI … PDI), as the HTML's dir="ltr" makes them; an LTR edition has none."""
    text = (dist / "ar" / f"{SLUG}.txt").read_text("utf-8")
    assert f"\u2066    {CODE}\u2069" in text or f"    \u2066{CODE}\u2069" in text, text
    assert "\u2066echo $?\u2069" in text
    assert "\u2066<https://example.org/guide/v2/>\u2069" in text
    assert "\u2066<mailto:office@example.org>\u2069" in text
    assert text.count("\u2066") == text.count("\u2069")
    for language in ("hi", "zh"):
        assert "\u2066" not in (dist / language / f"{SLUG}.txt").read_text("utf-8")


def test_columns_count_wide_characters_twice() -> None:
    assert columns("Checking") == 8
    assert columns("核对名单") == 8
    assert columns("ＡＢ") == 4  # full-width Latin
    assert columns("जाँच") == 3  # the candrabindu is a combining mark


def test_cjk_pdf_text_fills_the_page_frame(dist: Path) -> None:
    need_fonts("Noto Serif CJK SC")
    # The first paragraph wraps: its first line runs from one side of the frame (A4 less
    # the default 20 mm side margins) to the other, not over 83 % of it.
    (width, _), found = words(dist / "zh" / f"{SLUG}.pdf")
    frame = width - 2 * 20 * 72 / 25.4
    (start,) = [word for word in found if word.text.startswith("各分会须在")]
    line = [word for word in found if abs(word.y_min - start.y_min) < 1]
    widest = max(w.x_max for w in line) - min(w.x_min for w in line)
    assert widest > 0.95 * frame, (widest, frame)


@pytest.mark.browser
def test_arabic_is_set_larger_than_the_latin_beside_it(dist: Path, chromium: Any) -> None:
    page = chromium
    page.goto((dist / "ar" / f"{SLUG}.html").as_uri())
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    arabic = page.locator("main p").filter(has_text="يجوز").evaluate(size)
    address = page.get_by_role("link", name="office@example.org").evaluate(size)
    assert arabic >= 1.1 * address
    page.goto((dist / "en" / f"{SLUG}.html").as_uri())
    latin = page.locator("main p").filter(has_text="delegate").evaluate(size)
    assert arabic >= 1.1 * latin  # the same text is a size larger in Arabic than in English


def _font_size(pdf: Path, text: str) -> float:
    """The size the first piece of text starting with `text` is drawn at."""
    sizes: list[float] = []

    def visit(shown: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if shown.strip().startswith(text):
            sizes.append(size * abs(cm[0]) * abs(tm[0]))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return sizes[0]


def test_arabic_pdf_is_set_larger_than_latin(dist: Path) -> None:
    need_fonts("Noto Naskh Arabic")
    arabic = _font_size(dist / "ar" / f"{SLUG}.pdf", "يجوز")
    latin = _font_size(dist / "en" / f"{SLUG}.pdf", "Each delegate")
    assert arabic >= 1.1 * latin, (arabic, latin)


def test_addresses_written_out_in_the_text_are_isolated_without_their_full_stop() -> None:
    html_page = sanitise(
        markdown_renderer().render(
            "انظر https://example.org/a?b=1&c=2. أو اكتب إلى office@example.org، "
            "أو [الدليل](https://example.org/g) و<b>`x;`</b>\n"
        )
    )
    assert '<span class="address" dir="ltr">https://example.org/a?b=1&amp;c=2</span>.' in html_page
    assert '<span class="address" dir="ltr">office@example.org</span>،' in html_page
    # A link with words is laid out as words; code is left to right.
    assert '<a href="https://example.org/g">الدليل</a>' in html_page
    assert '<code dir="ltr">x;</code>' in html_page
