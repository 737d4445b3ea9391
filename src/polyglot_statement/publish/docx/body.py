"""The body of the Word edition: blocks (paragraphs, lists, quotes, tables, footnotes)
and their inline runs, written from markdown-it tokens."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from docx.enum.style import WD_STYLE_TYPE
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image as DocxImage
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement as _Element
from docx.shared import Mm
from markdown_it.token import Token

from polyglot_statement.publish.docx.base import (
    _BREAK_TAG,
    _IMAGE_SUFFIXES,
    _LTR_ISOLATE,
    _POP_ISOLATE,
    _TAG,
    _TITLE_BLOCKS,
    UNTRANSLATED_STYLE,
    Language,
    _Base,
    _Inline,
    _is_rtl,
    _List,
    _only_fallback,
    _Writer,
)
from polyglot_statement.publish.edition import (
    FALLBACK_CLOSE,
    FALLBACK_OPEN,
)
from polyglot_statement.publish.html import (
    find_addresses,
    may_hold_address,
    shows_its_address,
)
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.publish.typography import (
    ITALIC,
)


class _Body(_Base):
    """Blocks and inline runs, into the body or a footnote."""

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

    def _plain_paragraph(
        self, writer: _Writer, style: str | None, text: str, fallback: bool
    ) -> None:
        paragraph = self._paragraph(writer, style, fallback)
        state = _Inline(fallback=1 if fallback else 0)
        self._text(paragraph, writer, text, state)

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
            for address_start, address_end in find_addresses(text):
                self._text(paragraph, writer, text[start:address_start], state)
                state.address += 1
                self._text(paragraph, writer, text[address_start:address_end], state)
                state.address -= 1
                start = address_end
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
