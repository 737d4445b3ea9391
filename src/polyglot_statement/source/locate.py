"""Each block's text found inside the lines markdown-it says the block spans: the
segments of a statement's body, with their exact source spans (and, in sentence mode,
a span per sentence)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from markdown_it.token import Token

from polyglot_statement.source.document import (
    BLOCK_QUOTE,
    CONTAINER_KIND,
    FOOTNOTE,
    IMAGE_ALT,
    LINE_BREAK,
    LIST_ITEM,
    ONE_LINE_KIND,
    PARAGRAPH,
    REQUIRED_MARKER,
    TABLE_CELL,
    Segment,
)
from polyglot_statement.source.inline_scan import closing_bracket
from polyglot_statement.source.markdown_syntax import split_row
from polyglot_statement.source.sentences import split_sentences

# The look-behinds let a try start only where a run of blanks starts: the leftmost match
# starts there anyway, and a try from every blank of a long run read the run each time
# (a heading with 20,000 spaces before its last word took 20 s).
_ATX_CLOSING = re.compile(r"(?<![ \t])(?:[ \t]++#++)?[ \t]*+$")
_HARD_BREAK = re.compile(r"(?: (?<!  ) ++|\\)$")

# What containers put in front of a table row's text.
_LIST_MARKER = r"(?:[-+*]|\d{1,9}[.)])(?=[ \t])"
_FOOTNOTE_LABEL = r"\[\^[^\]\s]+\]:"


def _line_index(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


class Locator:
    """Finds each block's inline text inside the lines markdown-it says the block spans."""

    def __init__(self, text: str, line_starts: list[int], body_start: int, language: str | None):
        self.text = text
        self.line_starts = line_starts
        self.body_start = body_start
        self.first_body_line = _line_index(line_starts, body_start)
        self.sentence_language = language
        self.skipped: list[int] = []
        self.cell_index = 0
        # The cells of the last table row split: a row is split once, not once per cell
        # (re-splitting made a 4,000-column row take minutes).
        self.row_cells: tuple[int, int, list[tuple[int, str]]] | None = None
        # 0-based lines that directly follow a link reference definition.
        self.definition_ends: set[int] = set()

    def line_start(self, index: int) -> int:
        # The first body line may begin with a byte-order mark, which is not Markdown.
        return max(self.line_starts[index], self.body_start)

    def line_text(self, index: int) -> str:
        start = self.line_start(index)
        end = self.line_starts[index + 1] if index + 1 < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def segments(self, tokens: list[Token]) -> Iterator[Segment]:
        containers: list[_Container] = []
        block: Token | None = None
        required = False
        for token in tokens:
            if token.type == "html_block":
                required = REQUIRED_MARKER in token.content
                continue
            if token.type in CONTAINER_KIND:
                start = self.first_body_line + token.map[0] if token.map else None
                containers.append(_Container(CONTAINER_KIND[token.type], start))
            elif token.nesting < 0 and token.type.replace("_close", "_open") in CONTAINER_KIND:
                if containers:
                    containers.pop()
            elif token.type == "tr_open":
                self.cell_index = 0
            elif token.nesting == 1:
                block = token
            elif token.nesting == -1 and token.level == 0:
                required = False  # the marker covers the one top-level block after it
            elif token.type == "inline" and block is not None and token.map is not None:
                try:
                    for segment in self.block_segments(token, block, containers):
                        yield replace(segment, required=True) if required else segment
                except _NotFound:
                    self.skipped.append(self.first_body_line + token.map[0] + 1)

    def block_segments(
        self, inline: Token, block: Token, containers: list[_Container]
    ) -> Iterator[Segment]:
        assert inline.map is not None
        first = self.first_body_line + inline.map[0]
        if block.type in ("th_open", "td_open"):
            self.cell_index += 1
            cell = self.table_cell(first, self.cell_index - 1, inline.content, containers)
            if cell is not None:
                yield cell
            return
        if not inline.content.strip():
            return
        if block.type == "admonition_title_open" and not self.quoted_title(first, inline):
            return  # `!!! note`: the plugin's title "Note" is made from the keyword
        heading = block.type == "heading_open"
        kind = (
            f"heading {block.tag[1:]}"
            if heading
            else ONE_LINE_KIND.get(block.type) or (containers[-1].kind if containers else PARAGRAPH)
        )
        segment, pieces = self.prose(
            inline.content, first, kind, atx=heading and block.markup.startswith("#")
        )
        children = [
            child
            for child in inline.children or []
            if child.type != "text" or child.content.strip()
        ]
        if block.type == "paragraph_open" and len(children) == 1 and children[0].type == "image":
            alt = self.image_alt(segment)
            if alt is not None:
                if alt.msgid.strip():
                    yield alt
                return
            # An alt text over several lines cannot be cut out of its container's prefixes:
            # the whole image is the segment then, so its text is not lost.
        if self.sentence_language and not heading:
            yield from _sentences(segment, pieces, self.text, self.sentence_language)
        else:
            yield segment

    def quoted_title(self, line: int, inline: Token) -> bool:
        """Whether an admonition's title is written in its line (`!!! note "Title"`)."""
        return f'"{inline.content}"' in self.line_text(line)

    def prose(self, content: str, first: int, kind: str, atx: bool) -> tuple[Segment, list[_Piece]]:
        lines = content.split("\n")
        last = len(lines) - 1
        parts: list[str] = []
        pieces: list[_Piece] = []
        length = 0
        start = end = -1
        continuation = ""
        for number, content_line in enumerate(lines):
            piece = content_line.strip(" \t") if number == last else content_line.lstrip(" \t")
            if not piece.strip(" \t"):
                continue
            source_line = self.line_text(first + number)
            body = _ATX_CLOSING.sub("", source_line) if atx else source_line
            if number == last:
                body = body.rstrip(" \t")
            column = _find_suffix(body, piece)
            offset = self.line_start(first + number) + column
            if start < 0:
                start = offset
                # Only `>`, spaces and tabs carry structure; anything else in front of the
                # text (a list marker, a no-break space markdown-it stripped) becomes a space.
                continuation = re.sub(r"[^> \t]", " ", source_line[:column])
            else:
                previous = parts[-1]
                if _HARD_BREAK.search(previous):
                    joiner = "\n"
                else:
                    joiner = " "
                    trimmed = previous.rstrip(" \t")
                    length -= len(previous) - len(trimmed)
                    parts[-1] = trimmed
                pieces.append(_Piece(length, end, len(joiner)))
                parts.append(joiner)
                length += len(joiner)
            pieces.append(_Piece(length, offset, len(piece)))
            parts.append(piece)
            length += len(piece)
            end = offset + len(piece)
        if start < 0:
            raise _NotFound
        segment = Segment(
            msgid="".join(parts),
            kind=kind,
            line=first + 1,
            start=start,
            end=end,
            continuation=continuation,
            after_definition=first in self.definition_ends,
        )
        return segment, pieces

    def table_cell(
        self, first: int, index: int, content: str, containers: list[_Container]
    ) -> Segment | None:
        # Cells come from the raw row, split on unescaped pipes as GFM does, so a cell's
        # msgid keeps its escapes (`\|`) and its span is exact. In a quote, list item or
        # footnote the line also holds the container's markers, which belong to no cell.
        if self.row_cells is None or self.row_cells[0] != first:
            row = self.line_text(first)
            prefix_match = re.match(_row_prefix(containers, first), row)
            prefix = prefix_match.end() if prefix_match else 0
            self.row_cells = (first, prefix, split_row(row[prefix:]))
        _, prefix, cells = self.row_cells
        if index >= len(cells):
            return None
        column, raw = cells[index]
        cell_text = raw.strip(" \t")
        # A cell of no-break spaces shows nothing: there is nothing to translate either.
        if not cell_text.strip():
            return None
        column += len(raw) - len(raw.lstrip(" \t"))
        # markdown-it unescapes `\|` in a cell; any other difference means the row was misread.
        if cell_text.replace("\\|", "|").strip() != content.strip():
            raise _NotFound
        offset = self.line_start(first) + prefix + column
        return Segment(
            msgid=cell_text,
            kind=TABLE_CELL,
            line=first + 1,
            start=offset,
            end=offset + len(cell_text),
        )

    def image_alt(self, segment: Segment) -> Segment | None:
        raw = self.text[segment.start : segment.end]
        if not raw.startswith("!["):
            return None
        # A bracket or backslash inside a code span (`![a `]` b](x.png)`), an autolink or an
        # HTML tag is not markup (CommonMark 6.3): the one scanner the machine pass reads
        # brackets with (inline_scan.py) finds the alt's end.
        bracket = closing_bracket(raw, 1)
        index = len(raw) if bracket is None else bracket
        alt = raw[2:index]
        if alt.strip() and ("\n" in alt or "\r" in alt):
            return None
        # After the alt: `(url)`, `[label]`, or for a collapsed or shortcut reference `[]` or
        # nothing, where the alt itself is the label.
        reference = raw[index + 1 :]
        label = alt if reference in ("", "[]") else ""
        start = segment.start + 2 + len(alt) - len(alt.lstrip())
        end = start + len(alt.strip())
        return Segment(
            msgid=alt.strip(),
            kind=IMAGE_ALT,
            line=segment.line,
            start=start,
            end=segment.end if label else end,
            reference_label=label,
        )


@dataclass(frozen=True, slots=True)
class _Container:
    kind: str
    first_line: int | None  # 0-based line of its marker (markdown-it gives none for footnotes)


@dataclass(frozen=True, slots=True)
class _Piece:
    """A run of msgid characters [msgid_start, +length) that sits at `source_start` in the text."""

    msgid_start: int
    source_start: int
    length: int


class _NotFound(Exception):
    """A block's text is not where markdown-it says (tab expansion, exotic input)."""


def _find_suffix(line: str, piece: str) -> int:
    if line.endswith(piece):
        return len(line) - len(piece)
    column = line.rfind(piece)
    if column < 0:
        raise _NotFound
    return column


def _row_prefix(containers: list[_Container], line: int) -> str:
    """A pattern for the container markers in front of a table row on `line`."""
    parts: list[str] = []
    for container in containers:
        if container.kind == BLOCK_QUOTE:
            parts.append(r"(?:[ \t]*>)?")
        elif container.kind == LIST_ITEM and container.first_line == line:
            # Only on its item's first line is a list marker no cell text.
            parts.append(rf"(?:[ \t]*{_LIST_MARKER})?")
        elif container.kind == FOOTNOTE:
            # markdown-it moves a footnote's blocks out of the quotes and lists around its
            # definition, so their markers may stand before the label or the row.
            parts.append(
                rf"(?:(?:[ \t]*(?:>|{_LIST_MARKER}))*[ \t]*{_FOOTNOTE_LABEL}|(?:[ \t]*>)*)"
            )
    return "".join(parts)


def _sentences(
    segment: Segment, pieces: list[_Piece], text: str, language: str
) -> Iterator[Segment]:
    spans = split_sentences(segment.msgid, language)
    if len(spans) < 2:
        yield segment
        return

    def source_offset(index: int) -> int:
        for piece in reversed(pieces):
            if piece.msgid_start <= index:
                return piece.source_start + min(index - piece.msgid_start, piece.length)
        return segment.start

    for sentence_start, sentence_end in spans:
        start = source_offset(sentence_start)
        end = source_offset(sentence_end - 1) + 1
        yield Segment(
            msgid=segment.msgid[sentence_start:sentence_end],
            kind=segment.kind,
            line=segment.line + len(LINE_BREAK.findall(text, segment.start, start)),
            start=start,
            end=end,
            continuation=segment.continuation,
            after_definition=segment.after_definition and start == segment.start,
        )
