"""Reading a segment's inline Markdown into nodes: text, opaque pieces, links, and
emphasis delimiters matched by CommonMark's rules (the reading convert.py sends as tags).

Emphasis follows CommonMark's delimiter rules (flanking runs, the rule of three); the
count of emphasis found is checked against markdown-it's parse, and when the two disagree
the delimiters are sent as plain text rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

from polyglot_statement.inline.tags import EMPHASIS_TAG, STRONG_TAG, Piece, References
from polyglot_statement.source.inline_scan import (
    AUTOLINK,
    INLINE_HTML,
    backtick_run_end,
    closing_bracket,
    code_span_end,
)

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_HARD_BREAK = re.compile(r" {2,}\n|\\\n|\n")
# No `[` in a label: `[^[^[^…` would otherwise read to the end from each `[^`.
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\[\]\s]++\]")
_REFERENCE_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]")
# CommonMark: a label has a non-blank character, no unescaped bracket, at most 999 characters.
_VALID_LABEL = re.compile(r"(?:[^\[\]\\]|\\.){0,999}", re.DOTALL)


@dataclass(slots=True)
class Text:
    value: str


@dataclass(slots=True)
class Opaque:
    source: str  # restored verbatim
    visible: str  # sent inside the ignored tag, as context for the engine


@dataclass(slots=True)
class Link:
    opening: str
    closing: str
    children: list[Node]
    label: str | None = None  # a collapsed or shortcut reference's label


@dataclass(slots=True)
class Delimiter:
    char: str
    length: int
    can_open: bool
    can_close: bool
    remaining: int = 0
    opens: list[int] = field(default_factory=list)
    closes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.remaining = self.length


Node = Text | Opaque | Link | Delimiter


def _is_whitespace(char: str) -> bool:
    return char.isspace()


def _is_punctuation(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS"


def _delimiter(text: str, start: int, end: int) -> Delimiter:
    char = text[start]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not _is_whitespace(after) and (
        not _is_punctuation(after) or _is_whitespace(before) or _is_punctuation(before)
    )
    right = not _is_whitespace(before) and (
        not _is_punctuation(before) or _is_whitespace(after) or _is_punctuation(after)
    )
    if char == "*":
        return Delimiter(char, end - start, left, right)
    return Delimiter(
        char,
        end - start,
        left and (not right or _is_punctuation(before)),
        right and (not left or _is_punctuation(after)),
    )


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\n":
        position += 1
    return position


def _destination_end(text: str, start: int) -> int | None:
    """End (after `)`) of an inline link's `(destination "title")` starting at `start`.

    None when it is not one by CommonMark's rules (a space in a bare destination, an
    unclosed title…): then the brackets before it may still be a reference.
    """
    position = _skip_whitespace(text, start + 1)
    if position < len(text) and text[position] == "<":  # <destination>, spaces allowed
        position += 1
        while position < len(text) and text[position] not in "<>\n":
            position += 2 if text[position] == "\\" else 1
        if position >= len(text) or text[position] != ">":
            return None
        position += 1
    else:
        depth = 0
        while position < len(text):
            char = text[position]
            if char == "\\" and text[position + 1 : position + 2] in _ASCII_PUNCTUATION:
                position += 2
                continue
            if char == " " or ord(char) < 0x20 or char == "\x7f":  # ASCII only
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            position += 1
        if depth:
            return None
    before_title = position
    position = _skip_whitespace(text, position)
    if position < len(text) and text[position] in "\"'(" and position > before_title:
        closing = ")" if text[position] == "(" else text[position]
        position += 1
        while position < len(text) and text[position] != closing:
            if text[position] == "(" and closing == ")":
                return None
            position += 2 if text[position] == "\\" else 1
        if position >= len(text):
            return None
        position = _skip_whitespace(text, position + 1)
    if position < len(text) and text[position] == ")":
        return position + 1
    return None


def _could_be_label(label: str) -> bool:
    return bool(label.strip()) and _VALID_LABEL.fullmatch(label) is not None


def _link_end(
    text: str, start: int, bracket: int, references: References | None
) -> tuple[int, str | None] | None:
    """Where a link whose text runs from `start` (its `[`) to `bracket` (its `]`) ends.

    Also the label to keep if the text changes: a collapsed or shortcut reference's text.
    None when the brackets are not a link: a collapsed or shortcut reference whose label
    the document does not define is plain text, as CommonMark reads it.
    """
    after = bracket + 1
    if text.startswith("(", after):
        end = _destination_end(text, after)
        if end is not None:
            return end, None
    elif text.startswith("[", after) and not text.startswith("[]", after):
        match = _REFERENCE_LABEL.match(text, after)
        if match is not None:
            return match.end(), None
    label = text[start + 1 : bracket]
    if not _could_be_label(label) or (references is not None and not references(label)):
        return None
    return (after + 2 if text.startswith("[]", after) else after), label


# Links inside link text: CommonMark has none, and a text that pretends to (`[[[…](a)](a)`
# thousands deep) is read as text past this depth instead of by recursion.
_MAX_LINK_DEPTH = 8


# What stands for a generator item while a text is parsed: a private-use character pair
# around the item's number, read as one opaque piece (see `to_xml`).
ITEM_OPEN, ITEM_CLOSE = "\ue000", "\ue001"


def _parse(
    text: str, start: int, end: int, references: References | None, depth: int = 0
) -> list[Node]:
    nodes: list[Node] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            nodes.append(Text("".join(buffer)))
            buffer.clear()

    position = start
    while position < end:
        char = text[position]
        if char == "\\" and position + 1 < end and text[position + 1] in _ASCII_PUNCTUATION:
            flush()
            nodes.append(Opaque(text[position : position + 2], text[position + 1]))
            position += 2
            continue
        # Inside a run of spaces the break was looked for at the run's first space
        # already (and not found): trying again from every space read the run each time.
        if char in " \\\n" and not (char == " " and position > start and text[position - 1] == " "):
            match = _HARD_BREAK.match(text, position, end)
            if match is not None:
                flush()
                nodes.append(Opaque(match.group(0), ""))
                position = match.end()
                continue
        if char == ITEM_OPEN and (close := text.find(ITEM_CLOSE, position, end)) > 0:
            flush()
            nodes.append(Opaque(text[position : close + 1], ""))
            position = close + 1
            continue
        if char == "`":
            span_end = code_span_end(text, position)
            run_end = backtick_run_end(text, position)
            if span_end is None or span_end > end:
                buffer.append(text[position:run_end])
                position = run_end
                continue
            flush()
            length = run_end - position
            nodes.append(Opaque(text[position:span_end], text[run_end : span_end - length].strip()))
            position = span_end
            continue
        if char == "<":
            match = AUTOLINK.match(text, position, end)
            if match is not None:
                flush()
                nodes.append(Opaque(match.group(0), match.group(0)[1:-1]))
                position = match.end()
                continue
            match = INLINE_HTML.match(text, position, end)
            if match is not None:
                flush()
                nodes.append(Opaque(match.group(0), ""))
                position = match.end()
                continue
        if char == "!" and text.startswith("[", position + 1):
            bracket = closing_bracket(text, position + 1)
            found = (
                _link_end(text, position + 1, bracket, references) if bracket is not None else None
            )
            if found is not None and found[0] <= end:
                flush()
                nodes.append(Opaque(text[position : found[0]], ""))
                position = found[0]
                continue
        if char == "[":
            footnote = _FOOTNOTE_REFERENCE.match(text, position, end)
            if footnote is not None:
                flush()
                nodes.append(Opaque(footnote.group(0), ""))
                position = footnote.end()
                continue
            bracket = closing_bracket(text, position)
            found = _link_end(text, position, bracket, references) if bracket is not None else None
            if (
                bracket is not None
                and found is not None
                and found[0] <= end
                and depth < _MAX_LINK_DEPTH
            ):
                flush()
                suffix, label = found
                children = _parse(text, position + 1, bracket, references, depth + 1)
                nodes.append(Link("[", text[bracket:suffix], children, label))
                position = suffix
                continue
        if char in "*_":
            run_end = position
            while run_end < end and text[run_end] == char:
                run_end += 1
            flush()
            nodes.append(_delimiter(text, position, run_end))
            position = run_end
            continue
        buffer.append(char)
        position += 1
    flush()
    return nodes


def _match_emphasis(nodes: list[Node], new_piece: Callable[[Piece], int]) -> None:
    """CommonMark's `process emphasis` over one level (link texts are their own level)."""
    # As CommonMark's reference implementations do it: only the delimiters that can still
    # open are searched (a stack), and a closer that found no opener sets a floor below
    # which closers of its kind do not search again. Scanning back over every earlier
    # delimiter for each closer took minutes on `*a` × 40,000.
    openers: list[Delimiter] = []
    floors: dict[tuple[str, bool, int], int] = {}
    for closer in (node for node in nodes if isinstance(node, Delimiter)):
        while closer.can_close and closer.remaining > 0:
            kind = (closer.char, closer.can_open, closer.length % 3)
            floor = min(floors.get(kind, 0), len(openers))
            opener_index = None
            for index in range(len(openers) - 1, floor - 1, -1):
                opener = openers[index]
                if opener.char != closer.char:
                    continue
                both = opener.can_close or closer.can_open
                if (
                    both
                    and (opener.length + closer.length) % 3 == 0
                    and not (opener.length % 3 == 0 and closer.length % 3 == 0)
                ):
                    continue
                opener_index = index
                break
            if opener_index is None:
                floors[kind] = len(openers)
                break
            opener = openers[opener_index]
            used = 2 if opener.remaining >= 2 and closer.remaining >= 2 else 1
            tag = STRONG_TAG if used == 2 else EMPHASIS_TAG
            piece_id = new_piece(Piece(tag, closer.char * used, closer.char * used))
            opener.opens.append(piece_id)
            closer.closes.append(piece_id)
            opener.remaining -= used
            closer.remaining -= used
            for between in openers[opener_index + 1 :]:
                between.can_open = between.can_close = False
            del openers[opener_index + (1 if opener.remaining else 0) :]
            for key, value in floors.items():
                floors[key] = min(value, len(openers))
        if closer.can_open and closer.remaining > 0:
            openers.append(closer)
    for node in nodes:
        if isinstance(node, Link):
            _match_emphasis(node.children, new_piece)


def _disable_emphasis(nodes: list[Node]) -> None:
    for node in nodes:
        if isinstance(node, Delimiter):
            node.can_open = node.can_close = False
        elif isinstance(node, Link):
            _disable_emphasis(node.children)


def _count_emphasis(nodes: list[Node]) -> int:
    count = 0
    for node in nodes:
        if isinstance(node, Delimiter):
            count += len(node.opens)
        elif isinstance(node, Link):
            count += _count_emphasis(node.children)
    return count


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _reference_emphasis_count(text: str) -> int:
    tokens = _markdown().parseInline(text)
    children = tokens[0].children or [] if tokens else []
    return sum(1 for token in children if token.type in ("em_open", "strong_open"))


def read(text: str, references: References | None) -> tuple[list[Node], list[Piece]]:
    """`text` as nodes, and the emphasis pieces they open and close (numbered in order).

    Emphasis is sent as plain delimiters when this reading of it and markdown-it's differ.
    """
    pieces: list[Piece] = []

    def new_piece(piece: Piece) -> int:
        pieces.append(piece)
        return len(pieces) - 1

    nodes = _parse(text, 0, len(text), references)
    _match_emphasis(nodes, new_piece)
    # Without a `*` or `_` there is no emphasis to disagree on (and markdown-it costs a
    # third of the conversion).
    has_delimiters = "*" in text or "_" in text
    if has_delimiters and _count_emphasis(nodes) != _reference_emphasis_count(text):
        # Our reading of the delimiters differs from CommonMark's: send them as text.
        pieces.clear()
        for node in _walk_delimiters(nodes):
            node.opens.clear()
            node.closes.clear()
            node.remaining = node.length
        _disable_emphasis(nodes)
    return nodes, pieces


def _walk_delimiters(nodes: list[Node]) -> Iterable[Delimiter]:
    for node in nodes:
        if isinstance(node, Delimiter):
            yield node
        elif isinstance(node, Link):
            yield from _walk_delimiters(node.children)
