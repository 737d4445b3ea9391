"""The Word edition (.docx): python-docx, written from the same markdown-it tokens the page
is rendered from, so that a partner can edit the statement as an ordinary document.

Every block gets a real Word style (Title, Subtitle, Heading 1–6, List Bullet/Number with
their levels, Quote, Table Grid), so the partner's own style changes apply everywhere;
footnotes are Word footnotes (a footnotes part python-docx does not make, added here),
which Word and LibreOffice number and place themselves. Links are Word hyperlinks to the
page's targets. Every run says its language (`w:lang`, in the attribute for its script),
right-to-left paragraphs and runs are marked `w:bidi`/`w:rtl`, and passages not yet
translated carry the source language and the character style "Untranslated".

A workspace may supply `templates/reference.docx`: its styles, page setup, headers and
footers (a letterhead, a logo) are kept and its body replaced, as pandoc does with a
reference document. The bytes depend on the inputs alone: zip entries carry a fixed
time, and the core properties' dates are the statement's date, or absent.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import docx
from babel.core import get_global
from docx.enum.style import WD_STYLE_TYPE
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement as _Element
from docx.shared import Cm, Inches, Mm, Pt, RGBColor
from markdown_it import MarkdownIt
from markdown_it.token import Token

from polyglot_statement.config import Settings
from polyglot_statement.errors import TemplateError
from polyglot_statement.fsutil import megabytes, read_input
from polyglot_statement.publish.edition import (
    FALLBACK_CLOSE,
    FALLBACK_OPEN,
    Edition,
    local_date,
)
from polyglot_statement.publish.html import (
    ADDRESS,
    may_hold_address,
    shows_its_address,
)
from polyglot_statement.publish.names import text_direction
from polyglot_statement.publish.page_text import WorkspaceWords, page_text
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.publish.typography import (
    COMPLEX_SCRIPTS,
    EAST_ASIAN_SCRIPTS,
    ITALIC,
    SERIF,
    emphasis,
    families,
    script,
)
from polyglot_statement.source import statement_date
from polyglot_statement.xmlchars import xml_text

REFERENCE_DOCUMENT = "reference.docx"
UNTRANSLATED_STYLE = "Untranslated"
NOTICE_STYLE = "Partial Edition Notice"
# A zip entry's time: the earliest a zip can say. The file's bytes must not depend on when
# it was made.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_PAGE_SIZES = {"A4": (Mm(210), Mm(297)), "A5": (Mm(148), Mm(210)),
               "Letter": (Inches(8.5), Inches(11)), "Legal": (Inches(8.5), Inches(14))}  # fmt: skip
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)")
_UNITS = {"mm": Mm, "cm": Cm, "in": Inches, "pt": Pt}
_IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"})
_TAG = re.compile(r"<[^<>]*+>")  # not `[^>]*`: `<<<<…` would read to the end from each `<`
# Left-to-right isolate and its end: code and addresses inside a right-to-left paragraph
# keep their order (Word and LibreOffice lay out runs by the bidirectional algorithm, which
# would carry the `;` of `let s = …;` to the other end). A run's w:rtl only says which of
# its fonts and sizes apply.
_LTR_ISOLATE, _POP_ISOLATE = "\u2066", "\u2069"

_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reference:
    """The workspace's reference document (or the package's default one, when None)."""

    data: bytes | None = None


def load_reference(settings: Settings) -> Reference:
    """templates/reference.docx from the workspace, checked to be a Word document."""
    path = settings.root / settings.templates_dir / REFERENCE_DOCUMENT
    data = read_input(path, TemplateError, settings.bounds)
    if data is None:
        return Reference()
    unpacked = _unpacked_size(data)
    if unpacked is not None and unpacked > settings.max_file_size:
        # A zip bomb (or a document with huge embedded files): python-docx would inflate
        # it all in memory. Declared sizes bound what zipfile will inflate, so they suffice.
        raise TemplateError(
            f"unpacks to {megabytes(unpacked)}, more than the {megabytes(settings.max_file_size)} "
            "the `max-file-size` setting allows; save a smaller reference document (styles, "
            "letterhead and logo)",
            path,
        )
    try:
        docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types for a file that is no .docx
        reason = str(error) or type(error).__name__
        raise TemplateError(
            f"is not a Word document (.docx) python-docx can open: {reason}; save the "
            "reference document from Word or LibreOffice as .docx",
            path,
        ) from None
    return Reference(data)


def _unpacked_size(data: bytes) -> int | None:
    """The sum of a zip archive's declared sizes; None when it is no zip (python-docx then
    says why it cannot open it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None


@dataclass(frozen=True, slots=True)
class Language:
    """How runs of one language are marked: `w:lang` attribute and direction."""

    tag: str  # language-REGION, as Word names languages
    attribute: str  # w:val, w:bidi or w:eastAsia
    rtl: bool
    emphasis: str = ITALIC  # typography.emphasis: italic, bold or marks

    @classmethod
    def of(cls, code: str) -> Language:
        likely: Mapping[str, str] = get_global("likely_subtags")
        parts = likely.get(code, likely.get(code.split("_")[0], code)).split("_")
        region = next((part for part in parts[1:] if len(part) == 2 and part.isupper()), None)
        written = script(code)
        if written in COMPLEX_SCRIPTS:
            attribute = "w:bidi"
        elif written in EAST_ASIAN_SCRIPTS:
            attribute = "w:eastAsia"
        else:
            attribute = "w:val"
        base = code.split("_")[0]
        return cls(
            tag=f"{base}-{region}" if region else base,
            attribute=attribute,
            rtl=text_direction(code) == "rtl",
            emphasis=emphasis(code),
        )


@dataclass(slots=True)
class _Inline:
    """The character formatting in force while the inline tokens are walked."""

    bold: int = 0
    italic: int = 0
    code: int = 0
    address: int = 0  # inside a link that shows its own address
    fallback: int = 0
    link: _Element | None = None  # the open w:hyperlink, runs go into it


# Blocks of the site generators' dialects whose one line titles what follows.
_TITLE_BLOCKS = frozenset({"admonition_title_open", "tab_title_open", "dt_open"})


@dataclass(slots=True)
class _List:
    ordered: bool
    number_id: int | None  # the w:num of an ordered list (each restarts its numbering)
    item_started: bool = False


@dataclass(slots=True)
class _Writer:
    """Writes blocks into one container (the body or a footnote) of one part."""

    container: _Element
    part: Part
    before: _Element | None = None  # the body's sectPr: blocks go before it
    lists: list[_List] = field(default_factory=list)
    quote: int = 0
    cell: _Element | None = None  # the w:tc being written

    def append(self, element: _Element) -> None:
        if self.cell is not None:
            self.cell.append(element)
        elif self.before is not None:
            self.before.addprevious(element)
        else:
            self.container.append(element)


class _Document:
    """One Word document being written from an edition's tokens."""

    def __init__(
        self,
        settings: Settings,
        reference: Reference,
        edition: Edition,
        workspace: WorkspaceWords | None = None,
    ):
        self.settings = settings
        self.workspace = workspace or WorkspaceWords.of(settings)
        self.edition = edition
        self.document = docx.Document(io.BytesIO(reference.data) if reference.data else None)
        self.own_look = reference.data is not None
        self.language = Language.of(edition.language)
        self.source = Language.of(settings.source_language)
        self.styles: dict[str, str] = {}
        self.footnotes: _Element | None = None
        self.footnotes_part: XmlPart | None = None
        self.note_numbers: dict[int, int] = {}  # markdown-it footnote id → Word footnote id
        self.note_elements: dict[int, _Element] = {}
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)  # the reference document's content: only its look is kept
        self.body = _Writer(body, self.document.part, body.find(qn("w:sectPr")))

    # ------------------------------------------------------------ styles

    def style(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str:
        """The style id of a style, added (based on the built-in look) when missing."""
        if name in self.styles:
            return self.styles[name]
        styles = self.document.styles
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, kind)
            self._describe(style, name)
        self.styles[name] = str(style.style_id)
        return self.styles[name]

    def _describe(self, style: Any, name: str) -> None:
        """A look for a style the reference document lacks."""
        styles = self.document.styles
        if style.type == WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = styles["Normal"]
        if name == "Hyperlink":
            style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            style.font.underline = True
        elif name == UNTRANSLATED_STYLE:
            # Shaded and dotted: seen on screen and on paper, and findable by its style.
            rpr = style.element.get_or_add_rPr()
            rpr.append(parse_xml(f'<w:u {nsdecls("w")} w:val="dotted"/>'))
            rpr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="EDEDED"/>'))
        elif name == NOTICE_STYLE:
            # Shaded and ruled above and below (the same in either direction): a box that
            # prints, as the page's notice.
            rule = 'w:val="single" w:sz="8" w:space="4" w:color="B58900"'
            ppr = style.element.get_or_add_pPr()
            ppr.append(
                parse_xml(f"<w:pBdr {nsdecls('w')}><w:top {rule}/><w:bottom {rule}/></w:pBdr>")
            )
            ppr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="FDF6E3"/>'))
        elif name == "Footnote Text":
            style.font.size = Pt(9)
            style.paragraph_format.space_after = Pt(0)
        elif name == "Footnote Reference":
            style.font.superscript = True
        elif name == "Source Code":
            style.font.name = "Noto Sans Mono"
            style.font.size = Pt(9)
        elif name in ("Organisation", "Date"):
            style.font.size = Pt(9)
            style.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
        elif name == "Abstract":
            style.font.italic = self.language.emphasis == ITALIC
        elif name.startswith("List Continue"):
            style.paragraph_format.left_indent = Cm(
                0.63 * int(name[-1] if name[-1].isdigit() else 1)
            )

    # ------------------------------------------------------------ the document

    def write(self, tokens: Sequence[Token]) -> bytes:
        self._page_setup()
        self._language_defaults()
        self._title_block()
        self._notice()
        self._blocks(self.body, tokens)
        self._properties()
        output = io.BytesIO()
        self.document.save(output)
        return _fixed_times(output.getvalue())

    def _page_setup(self) -> None:
        page = self.settings.print
        for section in self.document.sections:
            width, height = _PAGE_SIZES[page.page_size]
            section.page_width, section.page_height = width, height
            if self.language.rtl:
                section._sectPr.append(OxmlElement("w:bidi"))
        if self.own_look:
            return  # the reference document's margins are its letterhead's: kept
        top, right, bottom, left = _margins(page.margins)
        for section in self.document.sections:
            section.top_margin, section.right_margin = top, right
            section.bottom_margin, section.left_margin = bottom, left

    def _language_defaults(self) -> None:
        """The document's default language (Word's spelling, hyphenation) and, unless the
        workspace's reference document chose its own, the fonts of its script."""
        styles = self.document.styles.element
        rpr = _child(_child(_child(styles, "w:docDefaults", first=True), "w:rPrDefault"), "w:rPr")
        lang = _child(rpr, "w:lang")
        lang.set(qn(self.language.attribute), self.language.tag)
        if self.language.emphasis != ITALIC:
            # The Quote, Subtitle and some heading styles are italic: Word would slant a
            # script that has no italic (Arabic, Chinese, Hindi…). Upright, as its
            # typographers set quotes.
            for properties in styles.iter(qn("w:rPr")):
                for slant in (*properties.findall(qn("w:i")), *properties.findall(qn("w:iCs"))):
                    properties.remove(slant)
        if self.own_look:
            return
        fonts = _child(rpr, "w:rFonts", first=True)
        own = families(self.edition.language, SERIF)[0]
        latin = families("en", SERIF)[0]
        chosen = {"w:ascii": latin, "w:hAnsi": latin}
        if self.language.attribute != "w:val":
            chosen["w:cs" if self.language.attribute == "w:bidi" else "w:eastAsia"] = own
        for attribute, family in chosen.items():
            fonts.set(qn(attribute), family)
        # A theme font would win over the one named: the styles' too (headings use the
        # theme's, which names no font Debian has for Arabic or Chinese).
        for element in styles.iter(qn("w:rFonts")):
            for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                element.attrib.pop(qn(attribute), None)
        if self.language.attribute == "w:bidi":
            # Letter spacing (the Title style's) pulls joined Arabic letters apart, and
            # LibreOffice fills the gaps with a line.
            for properties in styles.iter(qn("w:rPr")):
                for spacing in properties.findall(qn("w:spacing")):
                    properties.remove(spacing)

    def _title_block(self) -> None:
        fields = self.edition.fields
        date = local_date(self.edition.metadata.get("date"), self.edition.language)
        for key, style in (
            ("organisation", "Organisation"),
            ("title", "Title"),
            ("subtitle", "Subtitle"),
        ):
            value = fields.get(key)
            if value is not None:
                self._plain_paragraph(self.body, style, value.text, value.fallback)
        if date:
            self._plain_paragraph(self.body, "Date", date, False)
        summary = fields.get("summary")
        if summary is not None:
            self._plain_paragraph(self.body, "Abstract", summary.text, summary.fallback)

    def _notice(self) -> None:
        """A partial edition says so at its top, in the reader's language, as the page and
        the PDF do: a partner editing the document must not take it for a whole one."""
        count = len(self.edition.fallbacks)
        if count:
            words = page_text(self.edition.language, self.workspace)
            notice = words.partial_notice(count, self.settings.source_language)
            self._plain_paragraph(self.body, NOTICE_STYLE, notice, False)

    def _plain_paragraph(
        self, writer: _Writer, style: str | None, text: str, fallback: bool
    ) -> None:
        paragraph = self._paragraph(writer, style, fallback)
        state = _Inline(fallback=1 if fallback else 0)
        self._text(paragraph, writer, text, state)

    def _properties(self) -> None:
        properties = self.document.core_properties
        title = self.edition.fields.get("title")
        properties.title = title.text if title is not None else self.edition.statement.slug
        organisation = self.edition.fields.get("organisation")
        properties.author = organisation.text if organisation is not None else ""
        properties.last_modified_by = properties.author
        properties.language = self.language.tag
        properties.revision = 1
        properties.comments = ""
        # The statement's date, never the clock's: the same inputs, the same bytes.
        date = statement_date(self.edition.metadata.get("date"))
        element = properties._element
        for name in ("dcterms:created", "dcterms:modified", "cp:lastPrinted"):
            found = element.find(qn(name))
            if found is not None:
                element.remove(found)
        if date is not None:
            midnight = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
            properties.created = properties.modified = midnight

    # ------------------------------------------------------------ blocks

    def _paragraph(self, writer: _Writer, style: str | None, ltr: bool = False) -> _Element:
        """A new paragraph; right to left in a right-to-left edition unless `ltr`."""
        paragraph = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        if style is not None:
            style_element = OxmlElement("w:pStyle")
            style_element.set(qn("w:val"), self.style(style))
            ppr.append(style_element)
        if self.language.rtl and not ltr:
            ppr.append(OxmlElement("w:bidi"))
        paragraph.append(ppr)
        writer.append(paragraph)
        return paragraph

    def _blocks(self, writer: _Writer, tokens: Sequence[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self._block(writer, tokens, index)

    def _block(self, writer: _Writer, tokens: Sequence[Token], index: int) -> int:
        """Write the block starting at `index`; the index after it."""
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            level = min(int(token.tag[1:]), 9)
            inline = tokens[index + 1]
            paragraph = self._paragraph(writer, f"Heading {level}", _only_fallback(inline))
            self._inline(paragraph, writer, inline.children or [])
            return index + 3
        if kind in _TITLE_BLOCKS:
            # The site generators' titles and terms (source/generator_blocks.py): a
            # paragraph of their own, in bold, before the blocks they title.
            inline = tokens[index + 1]
            paragraph = self._paragraph(writer, self._paragraph_style(writer))
            self._inline(paragraph, writer, inline.children or [], _Inline(bold=1))
            return index + 3
        if kind == "paragraph_open":
            inline = tokens[index + 1]
            style = self._paragraph_style(writer)
            paragraph = self._paragraph(writer, style, _only_fallback(inline))
            if style is not None and style.startswith("List Number"):
                self._number(paragraph, writer.lists[-1].number_id)
            self._inline(paragraph, writer, inline.children or [])
            return index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            start = int(str(token.attrs.get("start", 1))) if ordered else 1
            level = len(writer.lists) + 1
            number_id = self._restarted_numbering(level, start) if ordered else None
            writer.lists.append(_List(ordered, number_id))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            writer.lists.pop()
        elif kind == "list_item_open":
            writer.lists[-1].item_started = True
        elif kind == "blockquote_open":
            writer.quote += 1
        elif kind == "blockquote_close":
            writer.quote -= 1
        elif kind in ("fence", "code_block", "generator_code"):
            for line in token.content.rstrip("\n").split("\n"):
                paragraph = self._paragraph(writer, "Source Code", ltr=True)
                self._run(paragraph, writer, line, _Inline(code=1), rtl=False)
        elif kind == "html_block":
            text = _TAG.sub("", _BREAK_TAG.sub("\n", sanitise(token.content)))
            for block in re.split(r"\n\s*\n", html.unescape(text).strip()):
                if block.strip():
                    self._plain_paragraph(writer, self._paragraph_style(writer), block, False)
        elif kind == "hr":
            paragraph = self._paragraph(writer, None)
            border = parse_xml(
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
                'w:color="888888"/></w:pBdr>'
            )
            paragraph[0].append(border)
        elif kind == "table_open":
            return self._table(writer, tokens, index)
        elif kind == "footnote_block_open":
            return self._footnote_block(tokens, index)
        return index + 1

    def _paragraph_style(self, writer: _Writer) -> str | None:
        if writer.lists:
            current = writer.lists[-1]
            level = len(writer.lists)
            suffix = "" if level == 1 else f" {min(level, 3)}"
            if current.item_started:
                current.item_started = False
                return ("List Number" if current.ordered else "List Bullet") + suffix
            return "List Continue" + suffix
        if writer.quote:
            return "Quote"
        if writer.container.tag == qn("w:footnote"):
            return "Footnote Text"
        return None

    def _restarted_numbering(self, level: int, start: int) -> int | None:
        """A numbering instance of the List Number style's list, starting at `start`: every
        ordered list counts from its own start, not on from the list before it."""
        name = "List Number" if level == 1 else f"List Number {min(level, 3)}"
        style = self.document.styles.element.get_by_id(self.style(name))
        if style is None or style.pPr is None or style.pPr.numPr is None:
            return None
        base_number = style.pPr.numPr.numId
        if base_number is None:
            return None
        numbering = self.document.part.numbering_part.element
        existing = numbering.num_having_numId(base_number.val)
        abstract = existing.abstractNumId.val
        level_index = style.pPr.numPr.ilvl.val if style.pPr.numPr.ilvl is not None else 0
        number = numbering.add_num(abstract)
        override = parse_xml(
            f'<w:lvlOverride {nsdecls("w")} w:ilvl="{level_index}">'
            f'<w:startOverride w:val="{start}"/></w:lvlOverride>'
        )
        number.append(override)
        return int(number.numId)

    def _number(self, paragraph: _Element, number_id: int | None) -> None:
        """An ordered list's item numbered by its list's own numbering instance."""
        if number_id is None:
            return
        numbering = parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{number_id}"/></w:numPr>')
        paragraph[0].find(qn("w:pStyle")).addnext(numbering)

    def _table(self, writer: _Writer, tokens: Sequence[Token], index: int) -> int:
        table = OxmlElement("w:tbl")
        grid_style = self.style("Table Grid", WD_STYLE_TYPE.TABLE)
        properties = parse_xml(
            f'<w:tblPr {nsdecls("w")}><w:tblStyle w:val="{grid_style}"/>'
            '<w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        )
        if self.language.rtl:
            properties.append(OxmlElement("w:bidiVisual"))
        table.append(properties)
        grid = OxmlElement("w:tblGrid")
        table.append(grid)
        writer.append(table)
        columns = 0
        row: _Element | None = None
        header = False
        cell_writer = _Writer(writer.container, writer.part)
        index += 1
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "thead_open":
                header = True
            elif token.type == "thead_close":
                header = False
            elif token.type == "tr_open":
                row = OxmlElement("w:tr")
                if header:
                    row.append(parse_xml(f"<w:trPr {nsdecls('w')}><w:tblHeader/></w:trPr>"))
                table.append(row)
                cells = 0
            elif token.type == "tr_close":
                columns = max(columns, cells)
            elif token.type in ("th_open", "td_open"):
                assert row is not None
                cell = OxmlElement("w:tc")
                row.append(cell)
                cells += 1
                cell_writer.cell = cell
                inline = tokens[index + 1]
                paragraph = self._paragraph(cell_writer, None, _only_fallback(inline))
                align = str(token.attrs.get("style", "")).removeprefix("text-align:")
                if align in ("left", "right", "center"):
                    jc = OxmlElement("w:jc")
                    jc.set(qn("w:val"), {"left": "start", "right": "end"}.get(align, align))
                    paragraph[0].append(jc)
                state = _Inline(bold=1 if token.type == "th_open" else 0)
                self._inline(paragraph, cell_writer, inline.children or [], state)
                index += 2  # the inline token and the cell's close
            index += 1
        for _ in range(columns):
            grid.append(OxmlElement("w:gridCol"))
        return index + 1

    # ------------------------------------------------------------ footnotes

    def _footnote_reference(self, paragraph: _Element, writer: _Writer, token: Token) -> None:
        note = int(token.meta["id"])
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), self.style("Footnote Reference", WD_STYLE_TYPE.CHARACTER))
        rpr.append(style)
        run.append(rpr)
        if note in self.note_numbers:
            # Word gives each footnote one mark: a second reference repeats its number.
            text = OxmlElement("w:t")
            text.text = str(list(self.note_numbers).index(note) + 1)
            run.append(text)
        else:
            number = len(self.note_numbers) + 1
            self.note_numbers[note] = number
            reference = OxmlElement("w:footnoteReference")
            reference.set(qn("w:id"), str(number))
            run.append(reference)
            self.note_elements[note] = self._new_footnote(number)
        self._append_run(paragraph, writer, run)

    def _footnotes_root(self) -> _Element:
        if self.footnotes is None:
            self.footnotes = parse_xml(
                f"<w:footnotes {nsdecls('w', 'r')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
                'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p>'
                "</w:footnote>"
                '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
                'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote>"
                "</w:footnotes>"
            )
            package = self.document.part.package
            self.footnotes_part = XmlPart(
                PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.footnotes, package
            )
            self.document.part.relate_to(self.footnotes_part, RT.FOOTNOTES)
        return self.footnotes

    def _new_footnote(self, number: int) -> _Element:
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(number))
        self._footnotes_root().append(note)
        return note

    def _footnote_block(self, tokens: Sequence[Token], index: int) -> int:
        index += 1
        while tokens[index].type != "footnote_block_close":
            token = tokens[index]
            if token.type != "footnote_open":
                index += 1
                continue
            end = index + 1
            while tokens[end].type != "footnote_close":
                end += 1
            note = self.note_elements.get(int(token.meta["id"]))
            if note is not None:
                assert self.footnotes_part is not None
                writer = _Writer(note, self.footnotes_part)
                self._blocks(writer, tokens[index + 1 : end])
                self._footnote_mark(note)
            index = end + 1
        return index + 1

    def _footnote_mark(self, note: _Element) -> None:
        """The note's own number at the start of its first paragraph, as Word writes it."""
        first = note.find(qn("w:p"))
        if first is None:
            first = self._paragraph(_Writer(note, self.document.part), "Footnote Text")
        run = parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="'
            f'{self.style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)}"/></w:rPr>'
            "<w:footnoteRef/></w:r>"
        )
        space = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> </w:t></w:r>')
        properties = first.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(run)
        else:
            first.insert(0, run)
        run.addnext(space)

    # ------------------------------------------------------------ inline

    def _inline(
        self,
        paragraph: _Element,
        writer: _Writer,
        children: Sequence[Token],
        state: _Inline | None = None,
    ) -> None:
        state = state or _Inline()
        for position, token in enumerate(children):
            kind = token.type
            if kind == "text":
                self._text(paragraph, writer, token.content, state)
            elif kind == "softbreak":
                self._text(paragraph, writer, " ", state)
            elif kind == "hardbreak":
                self._append_run(paragraph, writer, self._break_run(state))
            elif kind == "code_inline":
                state.code += 1
                self._text(paragraph, writer, token.content, state)
                state.code -= 1
            elif kind in ("strong_open", "strong_close"):
                state.bold += 1 if kind.endswith("open") else -1
            elif kind in ("em_open", "em_close"):
                state.italic += 1 if kind.endswith("open") else -1
            elif kind == "link_open":
                state.link = self._hyperlink(writer, str(token.attrs.get("href", "")))
                paragraph.append(state.link)
                state.address = 1 if shows_its_address(children, position) else 0
            elif kind == "link_close":
                state.link = None
                state.address = 0
            elif kind == "image":
                self._image(paragraph, writer, token, state)
            elif kind == "footnote_ref":
                self._footnote_reference(paragraph, writer, token)
            elif kind == "html_inline":
                self._html_inline(paragraph, writer, token.content, state)

    def _image(self, paragraph: _Element, writer: _Writer, token: Token, state: _Inline) -> None:
        """A local image of the statement, embedded (no wider than the text); any other
        image (a web address, a format Word cannot show, one in a footnote) as its alt text."""
        path = self._local_image(str(token.attrs.get("src", "")))
        if path is not None and writer.part is self.document.part:
            section = self.document.sections[-1]
            width = (section.page_width or Mm(210)) - (section.left_margin or 0)
            width -= section.right_margin or 0
            try:
                native = DocxImage.from_file(str(path))
                inline = self.document.part.new_pic_inline(
                    str(path), width=min(native.width, width) if width > 0 else None
                )
            except (UnrecognizedImageError, OSError, ValueError):
                inline = None
            if inline is not None:
                run = OxmlElement("w:r")
                drawing = OxmlElement("w:drawing")
                drawing.append(inline)
                run.append(drawing)
                self._append_run(paragraph, writer, run, state)
                return
        if token.content:
            state.italic += 1
            self._text(paragraph, writer, f"[{token.content}]", state)
            state.italic -= 1

    def _local_image(self, source: str) -> Path | None:
        """The workspace file an image's relative address names, if it is one."""
        parts = urlsplit(source.strip())
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None
        if Path(parts.path).suffix.lower() not in _IMAGE_SUFFIXES:
            return None
        root = self.settings.root.resolve()
        # realpath: a link loop is no file, where resolve() raises (Python < 3.13).
        target = Path(os.path.realpath(self.edition.statement.path.parent / unquote(parts.path)))
        excluded = (self.settings.output_path.resolve(), self.settings.cache_path.resolve())
        if not target.is_relative_to(root) or any(target.is_relative_to(x) for x in excluded):
            return None
        return target if target.is_file() else None

    def _html_inline(self, paragraph: _Element, writer: _Writer, tag: str, state: _Inline) -> None:
        """The source's inline HTML: our fallback markers and line breaks mean something
        here; any other tag is dropped (its text, between the tags, is kept)."""
        if tag == FALLBACK_OPEN:
            state.fallback += 1
        elif tag == FALLBACK_CLOSE:
            state.fallback -= 1
        elif _BREAK_TAG.fullmatch(tag.strip()):
            self._append_run(paragraph, writer, self._break_run(state))

    def _hyperlink(self, writer: _Writer, href: str) -> _Element:
        link = OxmlElement("w:hyperlink")
        if href.startswith("#"):
            link.set(qn("w:anchor"), href[1:])
        elif href:
            relationship = writer.part.relate_to(href, RT.HYPERLINK, is_external=True)
            link.set(qn("r:id"), relationship)
        return link

    def _text(self, paragraph: _Element, writer: _Writer, text: str, state: _Inline) -> None:
        if not text:
            return
        language = self.source if state.fallback else self.language
        if not (state.code or state.address) and may_hold_address(text):
            # An address written out in the text is isolated as a linked one is.
            start = 0
            for match in ADDRESS.finditer(text):
                self._text(paragraph, writer, text[start : match.start()], state)
                state.address += 1
                self._text(paragraph, writer, match.group(0), state)
                state.address -= 1
                start = match.end()
            if start:
                self._text(paragraph, writer, text[start:], state)
                return
        left_to_right = bool(state.code or state.address)
        if left_to_right and _is_rtl(paragraph):
            text = _LTR_ISOLATE + text + _POP_ISOLATE
        lines = text.split("\n")
        for number, line in enumerate(lines):
            if number:
                self._append_run(paragraph, writer, self._break_run(state), state)
            if line:
                rtl = language.rtl and not left_to_right
                self._run(paragraph, writer, line, state, rtl=rtl, language=language)

    def _run(
        self,
        paragraph: _Element,
        writer: _Writer,
        text: str,
        state: _Inline,
        rtl: bool,
        language: Language | None = None,
    ) -> None:
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        # Children in the order the schema requires.
        styles = []
        if state.link is not None:
            styles.append(self.style("Hyperlink", WD_STYLE_TYPE.CHARACTER))
        elif state.fallback:
            styles.append(self.style(UNTRANSLATED_STYLE, WD_STYLE_TYPE.CHARACTER))
        if state.code:
            styles = [self.style("Verbatim Char", WD_STYLE_TYPE.CHARACTER)]
        if styles:
            element = OxmlElement("w:rStyle")
            element.set(qn("w:val"), styles[0])
            rpr.append(element)
        if state.code:
            fonts = OxmlElement("w:rFonts")
            for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attribute), "Noto Sans Mono")
            rpr.append(fonts)
        language = language or self.language
        # Emphasis as the run's script marks it: italic where the script has italics, bold
        # where it has none. Chinese and Japanese too: Word could draw their emphasis dots
        # (w:em), but LibreOffice draws none, and emphasis would be lost to its readers.
        slanted = bool(state.italic) and language.emphasis == ITALIC
        if state.bold or (state.italic and not slanted):
            rpr.append(OxmlElement("w:b"))
            rpr.append(OxmlElement("w:bCs"))
        if slanted:
            rpr.append(OxmlElement("w:i"))
            rpr.append(OxmlElement("w:iCs"))
        if state.link is not None and state.fallback:
            shade = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="EDEDED"/>')
            rpr.append(shade)
        if rtl:
            rpr.append(OxmlElement("w:rtl"))
        lang = OxmlElement("w:lang")
        lang.set(qn(language.attribute), language.tag)
        rpr.append(lang)
        run.append(rpr)
        element = OxmlElement("w:t")
        element.text = text
        if text != text.strip():
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(element)
        self._append_run(paragraph, writer, run, state)

    def _break_run(self, state: _Inline) -> _Element:
        run = OxmlElement("w:r")
        run.append(OxmlElement("w:br"))
        return run

    def _append_run(
        self, paragraph: _Element, writer: _Writer, run: _Element, state: _Inline | None = None
    ) -> None:
        if state is not None and state.link is not None:
            state.link.append(run)
        else:
            paragraph.append(run)


def render_docx(
    settings: Settings,
    reference: Reference,
    edition: Edition,
    parser: MarkdownIt,
    workspace: WorkspaceWords | None = None,
) -> bytes:
    """The Word edition of `edition`, from its body's markdown-it tokens (the page words
    from `workspace`, a build's, which remembers them across editions)."""
    # The original is published as written, and a .docx is XML: what XML cannot hold goes.
    edition = replace(
        edition,
        marked_body=xml_text(edition.marked_body),
        fields={key: replace(f, text=xml_text(f.text)) for key, f in edition.fields.items()},
    )
    writer = _Document(settings, reference, edition, workspace)
    return writer.write(parser.parse(edition.marked_body))


def _is_rtl(paragraph: _Element) -> bool:
    """Whether a paragraph is laid out right to left (w:bidi in its properties)."""
    properties = paragraph.find(qn("w:pPr"))
    return properties is not None and properties.find(qn("w:bidi")) is not None


def _only_fallback(inline: Token) -> bool:
    """Whether a block is wholly a passage in the source language (then in its direction)."""
    children = [token for token in inline.children or [] if token.type != "softbreak"]
    return (
        len(children) >= 2
        and children[0].type == "html_inline"
        and children[0].content == FALLBACK_OPEN
        and children[-1].type == "html_inline"
        and children[-1].content == FALLBACK_CLOSE
        and sum(1 for token in children if token.content == FALLBACK_OPEN) == 1
    )


def _child(parent: _Element, tag: str, first: bool = False) -> _Element:
    """The element's child of this tag, made (as its first child if `first`) when missing."""
    found: _Element | None = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _margins(margins: str) -> tuple[Any, Any, Any, Any]:
    lengths = [_UNITS[unit](float(number)) for number, unit in _LENGTH.findall(margins)]
    top = lengths[0]
    right = lengths[1] if len(lengths) > 1 else top
    bottom = lengths[2] if len(lengths) > 2 else top
    left = lengths[3] if len(lengths) > 3 else right
    return top, right, bottom, left


def _fixed_times(data: bytes) -> bytes:
    """The .docx with every zip entry dated `_ZIP_TIME`: the same inputs, the same bytes."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(item.filename))
    return output.getvalue()
