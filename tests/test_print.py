"""The PDF and Word editions, read back with the tools a reader or partner would use.

Spanish and Arabic come from the example workspace (the Arabic edition is partial: it
shows English passages too); Simplified Chinese and a second Arabic edition come from
tests/data/print, a statement with every block the print editions lay out (title block,
heading, nested ordered and bullet lists, a quote, a table, a footnote, links).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import docx
import pytest
from conftest import program
from docx.oxml.ns import qn
from markdown_it.token import Token
from print_tools import (
    drawn_characters,
    embedded_fonts,
    installed_font,
    installed_font_families,
    lines_by_position,
    need_fonts,
    needs_glyph,
    notdef_glyphs,
    pdftotext,
    squeezed,
    words,
)
from pypdf import PdfReader

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.errors import FontError, PolyglotError
from polyglot_statement.po import Catalog, parse_po
from polyglot_statement.publish.docx import load_reference, render_docx
from polyglot_statement.publish.edition import Edition, compose
from polyglot_statement.publish.fonts import read_font_file
from polyglot_statement.publish.html import Pages, TemplateError, markdown_renderer, render_body
from polyglot_statement.publish.names import text_direction
from polyglot_statement.publish.page_text import page_text
from polyglot_statement.publish.pdf import WORKSPACE_URL, _LocalFiles, render_pdf
from polyglot_statement.publish.print_style import PrintInputs, print_stylesheet
from polyglot_statement.publish.typography import digits, families, script
from polyglot_statement.source import new_parser, read_statement, statement_paths

ROOT = Path(__file__).parent.parent
PRINT_DATA = Path(__file__).parent / "data" / "print"
MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True, slots=True)
class Printed:
    edition: Edition
    page: str  # the HTML edition
    pdf: Path
    docx: Path


def copy_workspace(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "glossary.yml"):
        if (source / name).is_file():
            shutil.copy(source / name, target / name)
    for name in ("source", "locales"):
        shutil.copytree(source / name, target / name)
    return target


def catalog(settings: Settings, language: str, slug: str) -> Catalog:
    path = settings.catalog_path(language, slug)
    return parse_po(path.read_bytes(), path)


def print_editions(root: Path, languages: tuple[str, ...]) -> dict[str, Printed]:
    """Each language's edition of the workspace's one statement, as HTML, PDF and .docx."""
    settings = load_settings(root)
    (path,) = statement_paths(settings)
    statement = read_statement(settings, path)
    renderer = markdown_renderer()
    inputs = PrintInputs(print_stylesheet(settings), ())
    reference = load_reference(settings)
    printed = {}
    for language in languages:
        edition = compose(statement, catalog(settings, language, statement.slug), language)
        body = render_body(edition, renderer, settings.source_language)
        page = Pages(settings).edition(edition, body, list(languages))
        pdf = root / f"{language}.pdf"
        pdf.write_bytes(render_pdf(settings, inputs, edition, page))
        word = root / f"{language}.docx"
        word.write_bytes(render_docx(settings, reference, edition, renderer))
        printed[language] = Printed(edition, page, pdf, word)
    return printed


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    root = copy_workspace(ROOT, tmp_path_factory.mktemp("print") / "example")
    return print_editions(root, ("es", "ar"))


@pytest.fixture(scope="module")
def blocks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    root = copy_workspace(PRINT_DATA, tmp_path_factory.mktemp("print") / "blocks")
    return print_editions(root, ("zh", "ar"))


def block_texts(printed: Printed) -> list[str]:
    """The edition's title and each block of its body, as plain text, in reading order."""
    tokens = new_parser().parse(printed.edition.marked_body)
    texts = [printed.edition.fields["title"].text]
    for token in tokens:
        if token.type == "inline" and token.children is not None:
            text = "".join(_plain(child) for child in token.children)
            if text.strip():
                texts.append(text)
    return texts


def _plain(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type == "softbreak":
        return " "
    if token.type == "image":
        return ""  # the image itself is shown
    if token.type == "footnote_ref":
        return f"[{token.meta['id'] + 1}]"
    return ""


def content_text(pdf: Path, margins_mm: tuple[float, float, float, float], language: str) -> str:
    """The text inside the pages' content box (the page less its margins), page by page."""
    pages = len(PdfReader(pdf).pages)
    (width, height), _ = words(pdf)
    top, right, bottom, left = (value * MM for value in margins_mm)
    if text_direction(language) == "rtl":
        return "\n".join(lines_by_position(pdf, (left, top, width - right, height - bottom)))
    text = []
    for page in range(1, pages + 1):
        text.append(
            pdftotext(
                pdf,
                "-f", str(page), "-l", str(page),
                "-x", str(int(left)), "-y", str(int(top)),
                "-W", str(int(width - left - right)), "-H", str(int(height - top - bottom)),
            )
        )  # fmt: skip
    return "".join(text)


DEFAULT_MARGINS = (22.0, 20.0, 22.0, 20.0)


def _unmarked(text: str) -> str:
    # pdftotext sets a combining mark (an Arabic vowel sign) where its glyph is drawn,
    # above the line, often beside the wrong letter; the letters stay in order.
    return "".join(char for char in text if unicodedata.category(char) != "Mn")


def _letters(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char).startswith("L"))


def assert_in_order(blocks: list[str], text: str, language: str) -> None:
    """Each block appears in the text after the one before it.

    In a right-to-left edition the letters are compared, and each number is looked for
    on its own: pdftotext gives a number and the punctuation beside it in a
    right-to-left line in the order of their glyphs, left to right.
    """
    rtl = text_direction(language) == "rtl"
    position = 0
    flat = _unmarked(squeezed(text))
    if rtl:
        for number in {n for block in blocks for n in re.findall(r"\d[\d,.]*\d|\d", block)}:
            assert number in flat, number
        flat = _letters(flat)
    for block in blocks:
        wanted = _unmarked(squeezed(block))
        if rtl:
            wanted = _letters(wanted)
        found = flat.find(wanted, position)
        assert found >= 0, f"{language}: {wanted!r} not found in order after {position}"
        position = found + len(wanted)


# ---------------------------------------------------------------- PDF


@pytest.mark.parametrize(("fixture", "language"), [("example", "es"), ("example", "ar"),
                                                   ("blocks", "zh"), ("blocks", "ar")])  # fmt: skip
def test_pdf_text_comes_back_in_logical_order(
    request: pytest.FixtureRequest, fixture: str, language: str
) -> None:
    # The example's Spanish and Arabic; every block the print editions lay out, in
    # Chinese and Arabic.
    need_fonts("Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC")
    printed = request.getfixturevalue(fixture)[language]
    text = content_text(printed.pdf, DEFAULT_MARGINS, language)
    assert_in_order(block_texts(printed), text, language)


@pytest.mark.parametrize(("fixture", "language"), [("example", "es"), ("example", "ar"),
                                                   ("blocks", "zh"), ("blocks", "ar")])  # fmt: skip
def test_pdf_embeds_every_font_and_draws_no_box(
    request: pytest.FixtureRequest, fixture: str, language: str
) -> None:
    need_fonts("Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC")
    printed: Printed = request.getfixturevalue(fixture)[language]
    listing = subprocess.run(
        [program("pdffonts"), str(printed.pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing
    for line in listing:
        name, *_, embedded, subset, unicode_map, _object, _generation = line.split()
        assert (embedded, subset, unicode_map) == ("yes", "yes", "yes"), line
    fonts = embedded_fonts(printed.pdf)
    assert set(fonts) == {f"/{line.split()[0]}" for line in listing}
    drawn = drawn_characters(printed.pdf)
    # Every character of the text was drawn by an embedded font ...
    text = set(" ".join(block_texts(printed)) + pdftotext(printed.pdf))
    every = set().union(*drawn.values())
    assert {char for char in text if needs_glyph(char)} <= every
    # ... that has it (its installed original's cmap): no box, no fallback glyph.
    for name, chars in drawn.items():
        cmap = installed_font(fonts[name]).getBestCmap()
        assert {char for char in chars if ord(char) not in cmap and needs_glyph(char)} == set(), (
            name
        )
    assert notdef_glyphs(printed.pdf) == 0
    # The script's own fonts drew its text: not a fallback found by chance.
    wanted = {"ar": "Noto-Naskh-Arabic", "zh": "Noto-Serif-CJK-SC", "es": "Noto-Serif"}
    assert any(name.split("+")[1] == wanted[language] for name in fonts), sorted(fonts)


def test_pdf_shows_the_statements_local_image_and_fetches_nothing_else(
    blocks: dict[str, Printed], tmp_path: Path
) -> None:
    program("pdfimages")
    listing = subprocess.run(
        ["pdfimages", "-list", str(blocks["zh"].pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in listing] == [["120", "40"]]


def test_pdf_rendering_fetches_only_workspace_files(tmp_path: Path) -> None:
    fetch = _LocalFiles(tmp_path, ()).fetch
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.png").write_bytes(b"x")
    assert fetch(WORKSPACE_URL + "source/a.png").read() == b"x"
    for url in (
        "http://127.0.0.1:9/tracker.png",
        "https://example.org/a.png",
        "file:///etc/hostname",
        WORKSPACE_URL + "source/../../etc/hostname",
        "ftp://example.org/a.png",
    ):
        with pytest.raises(ValueError):
            fetch(url)


def test_pdf_page_size_margins_header_and_footer(example: dict[str, Printed]) -> None:
    need_fonts("Noto Serif")
    printed = example["es"]
    (width, height), found = words(printed.pdf)
    assert (round(width, 1), round(height, 1)) == (595.3, 841.9)  # A4
    top, right, bottom, left = (value * MM for value in DEFAULT_MARGINS)
    body = [word for word in found if top <= word.y_min and word.y_max <= height - bottom]
    margin = [word for word in found if word not in body]
    assert min(word.x_min for word in body) == pytest.approx(left, abs=1.0)
    assert max(word.x_max for word in body) <= width - right + 0.5
    header = " ".join(word.text for word in margin if word.y_max <= top)
    footer = " ".join(word.text for word in margin if word.y_min >= height - bottom)
    assert header == printed.edition.fields["organisation"].text
    pages = len(PdfReader(printed.pdf).pages)
    assert footer == f"Página 1 de {pages}"


def test_pdf_page_size_and_margins_follow_the_settings(tmp_path: Path) -> None:
    need_fonts("Noto Serif")
    root = copy_workspace(PRINT_DATA, tmp_path / "letter")
    settings_file = root / "pyproject.toml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8")
        + '\n[tool.polyglot.print]\npage-size = "Letter"\nmargins = "30mm 25mm"\n',
        encoding="utf-8",
    )
    printed = print_editions(root, ("zh",))["zh"]
    (width, height), found = words(printed.pdf)
    assert (round(width), round(height)) == (612, 792)  # US Letter
    body = [word for word in found if word.y_min >= 30 * MM and word.y_max <= height - 30 * MM]
    assert min(word.x_min for word in body) == pytest.approx(25 * MM, abs=1.0)
    assert max(word.x_max for word in body) <= width - 25 * MM + 0.5
    # The date and page count in the footer; Chinese writes "page 1 of N" its own way.
    footer = " ".join(word.text for word in found if word.y_min >= height - 30 * MM)
    assert "2024年5月1日" in footer and "第 1 页，共 1 页" in footer.replace("第1", "第 1")


def test_pdf_metadata_language_title_author_and_tags(example: dict[str, Printed]) -> None:
    printed = example["ar"]
    reader = PdfReader(printed.pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ar"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert reader.metadata is not None
    assert reader.metadata.title == printed.edition.fields["title"].text
    assert reader.metadata.author == printed.edition.fields["organisation"].text
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfuaid:part="1"' in xmp


def test_pdf_and_docx_are_the_same_bytes_from_the_same_inputs(tmp_path: Path) -> None:
    first = print_editions(copy_workspace(PRINT_DATA, tmp_path / "one"), ("ar",))["ar"]
    second = print_editions(copy_workspace(PRINT_DATA, tmp_path / "two"), ("ar",))["ar"]
    assert first.pdf.read_bytes() == second.pdf.read_bytes()
    assert first.docx.read_bytes() == second.docx.read_bytes()
    reader = PdfReader(first.pdf)
    assert reader.metadata is not None
    assert reader.metadata.get("/CreationDate") == "D:20240501000000Z"
    with zipfile.ZipFile(first.docx) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_partial_passages_are_marked_in_print(example: dict[str, Printed]) -> None:
    """The notice and the labels print in Arabic, and English passages of the Arabic
    edition keep their language."""
    printed = example["ar"]

    def letters(text: str) -> str:
        # An extractor may put punctuation at either end of a right-to-left run, and
        # Arabic's marks before or after the letter they sit on: the letters it keeps.
        return "".join(char for char in squeezed(text) if char.isalpha())

    text = letters(pdftotext(printed.pdf))
    words = page_text("ar")
    assert letters(words.gettext("Partial edition.")) in text
    assert letters(words.untranslated("en")) in text
    assert 'class="fallback"' in printed.page


# ---------------------------------------------------------------- Word


def test_docx_styles_footnotes_and_lists(blocks: dict[str, Printed]) -> None:
    document = docx.Document(str(blocks["zh"].docx))
    styled = [(paragraph.style.name, paragraph.text) for paragraph in document.paragraphs]
    assert styled[0] == ("Organisation", "交通运输工人联合会")
    assert styled[1] == ("Title", "关于安全工作场所的劳动节声明")
    assert ("Heading 2", "我们的诉求") in styled
    assert ("List Number", "每一位劳动者都应有安全的工作场所。") in styled
    assert ("List Bullet 2", "防护装备由雇主支付。") in styled
    assert ("Quote", "伤害一人，即伤害全体。") in styled
    table = document.tables[0]
    assert table.style.name == "Table Grid"
    assert [cell.text for cell in table.rows[1].cells] == ["铁路", "12,000"]
    # A real Word footnote: a reference in the text, its note in the footnotes part.
    body = document.element.body
    references = body.findall(".//" + qn("w:footnoteReference"))
    assert len(references) == 1
    part = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    )
    assert "执行委员会于2024年四月通过。" in part.blob.decode("utf-8")
    # The statement's local image is embedded, once.
    assert len(body.findall(".//" + qn("w:drawing"))) == 1
    images = [
        part for part in document.part.package.parts if part.partname.startswith("/word/media/")
    ]
    assert [image.blob for image in images] == [
        (PRINT_DATA / "source/images/logo.png").read_bytes()
    ]
    properties = document.core_properties
    assert properties.title == "关于安全工作场所的劳动节声明"
    assert properties.author == "交通运输工人联合会"
    assert properties.language == "zh-CN"


def test_docx_arabic_paragraphs_and_runs_are_right_to_left(blocks: dict[str, Printed]) -> None:
    document = docx.Document(str(blocks["ar"].docx))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs
    for paragraph in paragraphs:
        assert paragraph._p.pPr.find(qn("w:bidi")) is not None, paragraph.text
        for run in paragraph._p.iter(qn("w:r")):
            text = "".join(t.text or "" for t in run.iter(qn("w:t")))
            if any(unicodedata.bidirectional(char) == "AL" for char in text):
                rpr = run.find(qn("w:rPr"))
                assert rpr.find(qn("w:rtl")) is not None, text
                assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "ar-EG", text
    assert document.sections[0]._sectPr.find(qn("w:bidi")) is not None
    # No letter spacing: it would pull the joined letters of the title apart.
    assert document.styles.element.findall(".//" + qn("w:rPr") + "/" + qn("w:spacing")) == []


def test_docx_untranslated_passages_keep_their_language(example: dict[str, Printed]) -> None:
    document = docx.Document(str(example["ar"].docx))
    english = [p for p in document.paragraphs if p.text.startswith("In the Republic of Peru")]
    assert english
    paragraph = english[0]
    assert paragraph._p.pPr.find(qn("w:bidi")) is None  # laid out left to right
    run = paragraph.runs[0]
    assert run.style.name == "Untranslated"
    assert run._r.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-US"
    assert run._r.rPr.find(qn("w:rtl")) is None


def test_a_partial_docx_says_so_at_its_top_in_the_readers_language(
    example: dict[str, Printed],
) -> None:
    # A partner editing the Word file must not take a partial edition for a whole one.
    arabic = docx.Document(str(example["ar"].docx))
    notices = [p for p in arabic.paragraphs if p.style.name == "Partial Edition Notice"]
    assert len(notices) == 1
    fallbacks = len(example["ar"].edition.fallbacks)
    assert notices[0].text == page_text("ar").partial_notice(fallbacks, "en")
    assert notices[0].text.startswith("نسخة جزئية.") and "الإنجليزية" in notices[0].text
    assert notices[0]._p.pPr.find(qn("w:bidi")) is not None
    body = [p.style.name for p in arabic.paragraphs]
    assert body.index("Partial Edition Notice") < body.index("Normal")  # before the text
    spanish = docx.Document(str(example["es"].docx))  # complete: no notice
    assert all(p.style.name != "Partial Edition Notice" for p in spanish.paragraphs)


def test_docx_hyperlinks_have_the_sources_targets(blocks: dict[str, Printed]) -> None:
    source = (PRINT_DATA / "source" / "workers-day.md").read_text(encoding="utf-8")
    wanted = re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)", source)
    for language in ("zh", "ar"):
        document = docx.Document(str(blocks[language].docx))
        links = document.element.body.findall(".//" + qn("w:hyperlink"))
        targets = [document.part.rels[link.get(qn("r:id"))].target_ref for link in links]
        assert targets == wanted
        # The links of the statement's text: after its title block, before the page's footer.
        body = blocks[language].page.rsplit("</header>", 1)[1].split("</main>", 1)[0]
        hrefs = re.findall(r'<a href="([^"#][^"]*)"', body)
        assert targets == hrefs


def test_docx_converts_with_libreoffice(blocks: dict[str, Printed], tmp_path: Path) -> None:
    soffice = program("soffice")
    printed = blocks["ar"]
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(printed.docx)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    converted = tmp_path / "ar.pdf"
    assert result.returncode == 0 and converted.is_file(), result.stderr
    text = squeezed(pdftotext(converted))
    # poppler gives a lam-alef ligature's two letters back reversed (لا as ال): the
    # title's letters are compared as a whole, a heading without one as written.
    title = squeezed(printed.edition.fields["title"].text)
    assert sorted(title) == sorted(text[text.index(title[:4]) :][: len(title)])
    assert "مطالبنا" in text
    fonts = subprocess.run(
        [program("pdffonts"), str(converted)], capture_output=True, text=True, check=True
    ).stdout
    assert "NotoNaskhArabic" in fonts  # the font the document names for Arabic


def test_docx_uses_the_workspaces_reference_document(tmp_path: Path) -> None:
    root = copy_workspace(PRINT_DATA, tmp_path / "ws")
    reference = docx.Document()
    reference.styles["Title"].font.size = docx.shared.Pt(33)
    reference.add_paragraph("This body is the reference's own and must not appear.")
    reference.sections[0].header.paragraphs[0].text = "LETTERHEAD"
    (root / "templates").mkdir()
    reference.save(str(root / "templates" / "reference.docx"))
    document = docx.Document(str(print_editions(root, ("zh",))["zh"].docx))
    assert document.styles["Title"].font.size == docx.shared.Pt(33)
    assert document.sections[0].header.paragraphs[0].text == "LETTERHEAD"
    assert all("reference's own" not in p.text for p in document.paragraphs)


# ---------------------------------------------------------------- bad input


def test_a_reference_document_that_is_not_docx_is_refused(tmp_path: Path) -> None:
    root = copy_workspace(PRINT_DATA, tmp_path / "ws")
    (root / "templates").mkdir()
    (root / "templates" / "reference.docx").write_text("not a zip", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        load_reference(load_settings(root))
    assert str(raised.value).endswith("is not a Word document (.docx) python-docx can open: "
                                      "File is not a zip file; save the reference document "
                                      "from Word or LibreOffice as .docx")  # fmt: skip


def test_a_reference_document_that_unpacks_past_the_size_limit_is_refused_unread(
    tmp_path: Path,
) -> None:
    """A zip bomb: 2 kB on disk, megabytes once inflated. It is refused from the sizes its
    archive declares, before python-docx inflates anything."""
    root = copy_workspace(PRINT_DATA, tmp_path / "ws")
    (root / "templates").mkdir()
    saved = tmp_path / "plain.docx"
    docx.Document().save(str(saved))
    bomb = root / "templates" / "reference.docx"
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * 3_000_000)
            z.writestr(item.filename, data)
    assert bomb.stat().st_size < 100_000
    settings = replace(load_settings(root), max_file_size=1_000_000)
    with pytest.raises(TemplateError) as raised:
        load_reference(settings)
    message = str(raised.value)
    assert re.search(
        r"templates/reference\.docx: unpacks to 3\.\d MB, more than the 1\.0 MB ", message
    )
    assert message.endswith("save a smaller reference document (styles, letterhead and logo)")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such font file; the `print.fonts` setting names it"),
        (b"", "is not a font file fontTools can read"),
        (b"ttcf" + bytes(100), "is a font collection (.ttc)"),
        (b"\x00\x01\x00\x00" + bytes(60), "has no character map"),
    ],
    ids=["missing", "empty", "collection", "no tables"],
)
def test_a_bad_font_file_is_refused(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "Org.ttf"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(FontError) as raised:
        read_font_file(path)
    assert message in str(raised.value)
    assert isinstance(raised.value, PolyglotError) and raised.value.exit_code == 2


def test_an_organisations_font_comes_first_and_is_embedded(tmp_path: Path) -> None:
    need_fonts("Noto Serif", "DejaVu Sans")
    # A font file the organisation owns: here Debian's DejaVu Sans under another name.
    found = subprocess.run(
        [program("fc-match"), "-f", "%{file}", "DejaVu Sans:style=Book"],
        capture_output=True,
        text=True,
    ).stdout
    assert found.endswith("DejaVuSans.ttf"), found
    root = copy_workspace(PRINT_DATA, tmp_path / "ws")
    (root / "fonts").mkdir()
    shutil.copy(found, root / "fonts" / "Org.ttf")
    font = read_font_file(root / "fonts" / "Org.ttf")
    assert font.family == "DejaVu Sans" and font.weight == 400 and not font.italic
    settings = load_settings(root)
    (path,) = statement_paths(settings)
    statement = read_statement(settings, path)
    edition = compose(statement, catalog(settings, "ar", statement.slug), "ar")
    body = render_body(edition, markdown_renderer(), "en")
    page = Pages(settings).edition(edition, body, ["ar"])
    pdf = tmp_path / "org.pdf"
    pdf.write_bytes(
        render_pdf(settings, PrintInputs(print_stylesheet(settings), (font,)), edition, page)
    )
    names = {name.split("+")[1] for name in embedded_fonts(pdf)}
    # DejaVu Sans has Arabic letters too: first in the stack, it draws them.
    assert "DejaVu-Sans" in names
    assert "Noto-Naskh-Arabic" not in names


# ---------------------------------------------------------------- language facts


def test_scripts_families_and_digits() -> None:
    assert [script(code) for code in ("es", "ar", "zh", "zh_Hant", "ja", "hi", "sr", "qu")] == [
        "Latn", "Arab", "Hans", "Hant", "Jpan", "Deva", "Cyrl", "Latn",
    ]  # fmt: skip
    assert families("ar", "serif")[0] == "Noto Naskh Arabic"
    assert families("ur", "serif")[0] == "Noto Nastaliq Urdu"
    assert families("ja", "sans-serif")[0] == "Noto Sans CJK JP"
    assert families("es", "serif")[-1] == "serif"
    assert digits("es").counter_style == "decimal"
    assert digits("mr").write("7 2022") == "७ २०२२"
    assert digits("ar_EG").counter_style == "arabic-indic"
    assert digits("fa").write("12") == "۱۲"


def test_every_font_family_named_for_the_tested_scripts_is_installed() -> None:
    named = {name for code in ("es", "ar", "zh") for generic in ("serif", "sans-serif")
             for name in families(code, generic)[:-1] if name != "DejaVu Serif"}  # fmt: skip
    # The stacks name a face of each script, so a missing font cannot hide behind another.
    assert {"Noto Serif", "Noto Naskh Arabic", "Noto Serif CJK SC", "Noto Sans CJK SC"} <= named
    need_fonts(*named)  # says which package brings a missing one
    assert named <= installed_font_families()


# ---------------------------------------------------------------- the tool's own words


def test_the_page_footer_in_the_editions_language() -> None:
    assert page_text("es").page_of_pages() == "Página %(page)s de %(pages)s"
    assert page_text("ar_EG").page_of_pages() == "الصفحة %(page)s من %(pages)s"  # ar's
    assert page_text("en").page_of_pages() == "Page %(page)s of %(pages)s"
    assert page_text("qu").page_of_pages() == "P'anqa %(page)s / %(pages)s"
    # No catalogue: the numbers alone.
    assert page_text("hi").page_of_pages() == "%(page)s / %(pages)s"
