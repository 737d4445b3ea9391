"""The Word document as a whole: title block, notice, page setup, language defaults and
properties around the body (body.py), and `render_docx`."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markdown_it import MarkdownIt
from markdown_it.token import Token

from polyglot_statement.config import Settings
from polyglot_statement.publish.docx.base import (
    _LENGTH,
    _PAGE_SIZES,
    _UNITS,
    NOTICE_STYLE,
    _child,
)
from polyglot_statement.publish.docx.body import _Body
from polyglot_statement.publish.docx.reference import Reference, _fixed_times
from polyglot_statement.publish.edition import (
    Edition,
    local_date,
)
from polyglot_statement.publish.page_text import WorkspaceWords, page_text
from polyglot_statement.publish.typography import (
    ITALIC,
    SERIF,
    families,
)
from polyglot_statement.source import statement_date
from polyglot_statement.xmlchars import xml_text


class _Document(_Body):
    """One Word document being written from an edition's tokens."""

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


def _margins(margins: str) -> tuple[Any, Any, Any, Any]:
    lengths = [_UNITS[unit](float(number)) for number, unit in _LENGTH.findall(margins)]
    top = lengths[0]
    right = lengths[1] if len(lengths) > 1 else top
    bottom = lengths[2] if len(lengths) > 2 else top
    left = lengths[3] if len(lengths) > 3 else right
    return top, right, bottom, left
