"""What the Word edition's writers share: the constants, how a language marks its runs,
the state of a walk through the tokens, and the document with its styles."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import docx
from babel.core import get_global
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement as _Element
from docx.shared import Cm, Inches, Mm, Pt, RGBColor
from markdown_it.token import Token

from polyglot_statement.config import Settings
from polyglot_statement.publish.docx.reference import Reference
from polyglot_statement.publish.edition import (
    FALLBACK_CLOSE,
    FALLBACK_OPEN,
    Edition,
)
from polyglot_statement.publish.names import text_direction
from polyglot_statement.publish.page_text import WorkspaceWords
from polyglot_statement.publish.typography import (
    COMPLEX_SCRIPTS,
    EAST_ASIAN_SCRIPTS,
    ITALIC,
    emphasis,
    script,
)

UNTRANSLATED_STYLE = "Untranslated"
NOTICE_STYLE = "Partial Edition Notice"
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


class _Base:
    """One Word document being written from an edition's tokens: its parts and styles."""

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
