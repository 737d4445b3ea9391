"""Inline Markdown ↔ XML, so that an engine translating with tag_handling="xml" keeps markup.

A segment such as ``See **our** [call](https://x.org) about `CBA` and WFTU.`` is sent as
``See <b i="0">our</b> <a i="1">call</a> about <x i="2">CBA</x> and <x i="3">WFTU</x>.``:

* emphasis and strong emphasis become ``<i>`` and ``<b>``; links become ``<a>`` around
  their text, and the destination never leaves this machine: the tag carries only a
  number, and the destination (or the reference label) is put back from the source
  segment;
* reference links: a full reference ``[text][label]`` keeps its label; a collapsed
  ``[text][]`` or shortcut ``[text]`` reference, whose label *is* its text, comes back as
  ``[translated text][text]`` when its text changed, so the label still finds the
  definition. Whether a bare ``[text]`` is a reference depends on the document's
  definitions, which a segment does not hold: the caller says which labels are defined
  (`references`), and without that every bracketed text that could be a label is treated
  as a reference, which keeps a link at the cost of a needless label elsewhere;
* inline code, do-not-translate glossary terms, autolinks, backslash escapes, hard line
  breaks, images, footnote references and inline HTML become ``<x>`` (the one ignored
  tag): with their visible text inside when a translation needs it as context, empty
  otherwise. They come back from the source verbatim, whatever the engine did inside.

Every tag's ``i`` is unique in a segment, so the way back (`from_xml`) can tell whether
every piece of markup returned exactly once and properly nested. When it did not, the
draft is kept with the markup that did survive, and `Restored.problem` says what was lost.

Emphasis follows CommonMark's delimiter rules (flanking runs, the rule of three); the
count of emphasis found is checked against markdown-it's parse, and when the two disagree
the delimiters are sent as plain text rather than guessed.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.source.generator import masked

IGNORED_TAG = "x"
STRONG_TAG = "b"
EMPHASIS_TAG = "i"
LINK_TAG = "a"
_PAIRED_TAGS = (STRONG_TAG, EMPHASIS_TAG, LINK_TAG, IGNORED_TAG)


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of markup: for b/i/a the Markdown around the text, for x the whole source."""

    tag: str
    opening: str
    closing: str = ""
    # A collapsed or shortcut reference's label, which is its source text: when the text
    # comes back changed, the link closes with `][label]` so the label still resolves.
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Conversion:
    source: str
    xml: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Restored:
    text: str
    problem: str | None = None  # None: every piece of markup came back intact

    @property
    def intact(self) -> bool:
        return self.problem is None


# ---------------------------------------------------------------- parsing

_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*|[^\s@<>\\]+@[^\s@<>\\]+)>")
_INLINE_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?"
    r"|/[A-Za-z][A-Za-z0-9-]*\s*"
    # A comment, processing instruction, declaration or CDATA section ends at its first
    # closing sequence, and its body does not read over the start of another: a text of
    # many `<!--` with no `-->` then costs linear time, not a read to the end per `<!--`.
    r"|!--(?:[^<-]|-(?!->)|<(?!!--))*+--"
    r"|\?(?:[^?<]|\?(?!>)|<(?!\?))*+\?"
    r"|![A-Za-z][^<>]*+"
    r"|!\[CDATA\[(?:[^\]<]|\](?!\]>)|<(?!!\[CDATA\[))*+\]\])>",
    re.DOTALL,
)
_HARD_BREAK = re.compile(r" {2,}\n|\\\n|\n")
# No `[` in a label: `[^[^[^…` would otherwise read to the end from each `[^`.
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\[\]\s]++\]")
_REFERENCE_LABEL = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]")
# CommonMark: a label has a non-blank character, no unescaped bracket, at most 999 characters.
_VALID_LABEL = re.compile(r"(?:[^\[\]\\]|\\.){0,999}", re.DOTALL)

References = Callable[[str], bool]
"""Whether a label (as written in the segment) is defined in the segment's document."""


@dataclass(slots=True)
class _Text:
    value: str


@dataclass(slots=True)
class _Opaque:
    source: str  # restored verbatim
    visible: str  # sent inside the ignored tag, as context for the engine


@dataclass(slots=True)
class _Link:
    opening: str
    closing: str
    children: list[_Node]
    label: str | None = None  # a collapsed or shortcut reference's label


@dataclass(slots=True)
class _Delimiter:
    char: str
    length: int
    can_open: bool
    can_close: bool
    remaining: int = 0
    opens: list[int] = field(default_factory=list)
    closes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.remaining = self.length


_Node = _Text | _Opaque | _Link | _Delimiter


def _is_whitespace(char: str) -> bool:
    return char.isspace()


def _is_punctuation(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS"


def _delimiter(text: str, start: int, end: int) -> _Delimiter:
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
        return _Delimiter(char, end - start, left, right)
    return _Delimiter(
        char,
        end - start,
        left and (not right or _is_punctuation(before)),
        right and (not left or _is_punctuation(after)),
    )


def _backtick_run_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] == "`":
        end += 1
    return end


class _Reading:
    """What is learnt about one text while it is scanned, so nothing is read twice.

    A bracket's closing bracket, once found (or known to be missing), serves every later
    scan that meets it; backtick runs are indexed by length once. Without them, `[[[[…`
    and unclosed backtick runs of many lengths cost quadratic time or worse: 8,000 `[a`
    took 27 s.
    """

    def __init__(self, text: str):
        self.closing: dict[int, int | None] = {}
        self._text = text
        self._runs: dict[int, list[int]] | None = None

    def runs_of(self, length: int) -> list[int]:
        """Where each whole run of exactly `length` backticks starts, in order."""
        if self._runs is None:
            self._runs = {}
            for run in _BACKTICK_RUN.finditer(self._text):
                self._runs.setdefault(run.end() - run.start(), []).append(run.start())
        return self._runs.get(length, [])


_BACKTICK_RUN = re.compile(r"`+")


@lru_cache(maxsize=8)
def _reading(text: str) -> _Reading:
    return _Reading(text)


def _code_span_end(text: str, start: int) -> int | None:
    """End of the code span opening at `start`, or None if its backticks never close."""
    opener_end = _backtick_run_end(text, start)
    length = opener_end - start
    runs = _reading(text).runs_of(length)
    index = bisect.bisect_left(runs, opener_end)
    return runs[index] + length if index < len(runs) else None


def _closing_bracket(text: str, start: int) -> int | None:
    """Index of the `]` matching the `[` at `start`.

    Escapes, code spans, autolinks and inline HTML bind tighter than link brackets
    (CommonMark 6.3): a `]` inside them closes nothing. A bracket met inside is skipped
    to its own closing one when that is known; when it has none, neither has any bracket
    around it.
    """
    closing = _reading(text).closing
    if start in closing:
        return closing[start]
    opened = [start]
    position = start + 1
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            end = _code_span_end(text, position)
            position = end if end is not None else _backtick_run_end(text, position)
            continue
        if char == "<":
            match = _AUTOLINK.match(text, position) or _INLINE_HTML.match(text, position)
            if match is not None:
                position = match.end()
                continue
        if char == "[":
            if position not in closing:
                opened.append(position)
            elif (known := closing[position]) is None:
                break
            else:
                position = known
        elif char == "]":
            closing[opened.pop()] = position
            if not opened:
                return position
        position += 1
    for bracket in opened:
        closing[bracket] = None
    return None


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
_ITEM_OPEN, _ITEM_CLOSE = "\ue000", "\ue001"


def _parse(
    text: str, start: int, end: int, references: References | None, depth: int = 0
) -> list[_Node]:
    nodes: list[_Node] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            nodes.append(_Text("".join(buffer)))
            buffer.clear()

    position = start
    while position < end:
        char = text[position]
        if char == "\\" and position + 1 < end and text[position + 1] in _ASCII_PUNCTUATION:
            flush()
            nodes.append(_Opaque(text[position : position + 2], text[position + 1]))
            position += 2
            continue
        # Inside a run of spaces the break was looked for at the run's first space
        # already (and not found): trying again from every space read the run each time.
        if char in " \\\n" and not (char == " " and position > start and text[position - 1] == " "):
            match = _HARD_BREAK.match(text, position, end)
            if match is not None:
                flush()
                nodes.append(_Opaque(match.group(0), ""))
                position = match.end()
                continue
        if char == _ITEM_OPEN and (close := text.find(_ITEM_CLOSE, position, end)) > 0:
            flush()
            nodes.append(_Opaque(text[position : close + 1], ""))
            position = close + 1
            continue
        if char == "`":
            span_end = _code_span_end(text, position)
            run_end = _backtick_run_end(text, position)
            if span_end is None or span_end > end:
                buffer.append(text[position:run_end])
                position = run_end
                continue
            flush()
            length = run_end - position
            nodes.append(
                _Opaque(text[position:span_end], text[run_end : span_end - length].strip())
            )
            position = span_end
            continue
        if char == "<":
            match = _AUTOLINK.match(text, position, end)
            if match is not None:
                flush()
                nodes.append(_Opaque(match.group(0), match.group(0)[1:-1]))
                position = match.end()
                continue
            match = _INLINE_HTML.match(text, position, end)
            if match is not None:
                flush()
                nodes.append(_Opaque(match.group(0), ""))
                position = match.end()
                continue
        if char == "!" and text.startswith("[", position + 1):
            bracket = _closing_bracket(text, position + 1)
            found = (
                _link_end(text, position + 1, bracket, references) if bracket is not None else None
            )
            if found is not None and found[0] <= end:
                flush()
                nodes.append(_Opaque(text[position : found[0]], ""))
                position = found[0]
                continue
        if char == "[":
            footnote = _FOOTNOTE_REFERENCE.match(text, position, end)
            if footnote is not None:
                flush()
                nodes.append(_Opaque(footnote.group(0), ""))
                position = footnote.end()
                continue
            bracket = _closing_bracket(text, position)
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
                nodes.append(_Link("[", text[bracket:suffix], children, label))
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


def _match_emphasis(nodes: list[_Node], new_piece: Callable[[Piece], int]) -> None:
    """CommonMark's `process emphasis` over one level (link texts are their own level)."""
    # As CommonMark's reference implementations do it: only the delimiters that can still
    # open are searched (a stack), and a closer that found no opener sets a floor below
    # which closers of its kind do not search again. Scanning back over every earlier
    # delimiter for each closer took minutes on `*a` × 40,000.
    openers: list[_Delimiter] = []
    floors: dict[tuple[str, bool, int], int] = {}
    for closer in (node for node in nodes if isinstance(node, _Delimiter)):
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
        if isinstance(node, _Link):
            _match_emphasis(node.children, new_piece)


def _disable_emphasis(nodes: list[_Node]) -> None:
    for node in nodes:
        if isinstance(node, _Delimiter):
            node.can_open = node.can_close = False
        elif isinstance(node, _Link):
            _disable_emphasis(node.children)


def _count_emphasis(nodes: list[_Node]) -> int:
    count = 0
    for node in nodes:
        if isinstance(node, _Delimiter):
            count += len(node.opens)
        elif isinstance(node, _Link):
            count += _count_emphasis(node.children)
    return count


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _reference_emphasis_count(text: str) -> int:
    tokens = _markdown().parseInline(text)
    children = tokens[0].children or [] if tokens else []
    return sum(1 for token in children if token.type in ("em_open", "strong_open"))


# ---------------------------------------------------------------- to XML


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def keep_pattern(terms: Iterable[tuple[str, bool]]) -> re.Pattern[str] | None:
    """A pattern for do-not-translate terms, `(term, case_sensitive)`, as whole words."""
    alternatives = [
        f"(?-i:{re.escape(term)})" if case_sensitive else f"(?i:{re.escape(term)})"
        for term, case_sensitive in sorted(terms, key=lambda item: -len(item[0]))
        if term.strip()
    ]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def to_xml(
    text: str,
    keep: re.Pattern[str] | None = None,
    references: References | None = None,
    dialect: Dialect = COMMONMARK,
) -> Conversion:
    """The XML to send for one segment's Markdown, and what is needed to come back.

    `references` tells which reference labels the segment's document defines (see the
    module's docstring); None treats every possible label as defined. The generator
    items of `dialect` (source/generator.py) are each one empty ignored tag: the engine
    never sees them, and they come back from the source as they are.
    """
    if dialect.extensions:
        items: list[str] = []

        def stand_in(item: str) -> str:
            items.append(item)
            return f"{_ITEM_OPEN}{len(items) - 1}{_ITEM_CLOSE}"

        plain = masked(text, dialect, stand_in)
        if items:
            return _with_items(_to_xml(plain, keep, references), text, items)
    return _to_xml(text, keep, references)


def _with_items(conversion: Conversion, text: str, items: list[str]) -> Conversion:
    """The conversion of a text whose items stood in as numbers, with the items back."""
    stand_in = re.compile(f"{_ITEM_OPEN}(\\d+){_ITEM_CLOSE}")

    def back(value: str) -> str:
        return stand_in.sub(lambda match: items[int(match.group(1))], value)

    def back_label(label: str | None) -> str | None:
        return None if label is None else back(label)

    pieces = tuple(
        Piece(piece.tag, back(piece.opening), back(piece.closing), back_label(piece.label))
        for piece in conversion.pieces
    )
    xml = stand_in.sub(lambda match: _escape(items[int(match.group(1))]), conversion.xml)
    return Conversion(text, xml, pieces)


def _to_xml(text: str, keep: re.Pattern[str] | None, references: References | None) -> Conversion:
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
    xml = _emit(nodes, pieces, keep)
    return Conversion(text, xml, tuple(pieces))


def _walk_delimiters(nodes: list[_Node]) -> Iterable[_Delimiter]:
    for node in nodes:
        if isinstance(node, _Delimiter):
            yield node
        elif isinstance(node, _Link):
            yield from _walk_delimiters(node.children)


def _emit(nodes: list[_Node], pieces: list[Piece], keep: re.Pattern[str] | None) -> str:
    out: list[str] = []

    def opaque(source: str, visible: str) -> None:
        pieces.append(Piece(IGNORED_TAG, source))
        index = len(pieces) - 1
        if visible:
            out.append(f'<{IGNORED_TAG} i="{index}">{_escape(visible)}</{IGNORED_TAG}>')
        else:
            out.append(f'<{IGNORED_TAG} i="{index}"/>')

    def text(value: str) -> None:
        if keep is None:
            out.append(_escape(value))
            return
        position = 0
        for match in keep.finditer(value):
            out.append(_escape(value[position : match.start()]))
            opaque(match.group(0), match.group(0))
            position = match.end()
        out.append(_escape(value[position:]))

    for node in nodes:
        if isinstance(node, _Text):
            text(node.value)
        elif isinstance(node, _Opaque):
            opaque(node.source, node.visible)
        elif isinstance(node, _Link):
            pieces.append(Piece(LINK_TAG, node.opening, node.closing, node.label))
            index = len(pieces) - 1
            out.append(f'<{LINK_TAG} i="{index}">')
            out.append(_emit(node.children, pieces, keep))
            out.append(f"</{LINK_TAG}>")
        else:
            for piece_id in node.closes:
                out.append(f"</{pieces[piece_id].tag}>")
            if node.remaining:
                out.append(_escape(node.char * node.remaining))
            for piece_id in reversed(node.opens):
                out.append(f'<{pieces[piece_id].tag} i="{piece_id}">')
    return "".join(out)


# ---------------------------------------------------------------- back from XML

_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ID_ATTRIBUTE = re.compile(r"\bi\s*=\s*[\"'](\d+)[\"']")


@dataclass(slots=True)
class _Token:
    kind: str  # "text", "open", "close", "empty"
    value: str  # text, or tag name
    piece: int | None = None


def _tokens(xml: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    for match in _TAG.finditer(xml):
        if match.start() > position:
            tokens.append(_Token("text", xml[position : match.start()]))
        closing, name, attributes, empty = match.groups()
        found = _ID_ATTRIBUTE.search(attributes)
        piece = int(found.group(1)) if found else None
        kind = "close" if closing else "empty" if empty else "open"
        tokens.append(_Token(kind, name, piece))
        position = match.end()
    if position < len(xml):
        tokens.append(_Token("text", xml[position:]))
    return tokens


def from_xml(xml: str, conversion: Conversion) -> Restored:
    """The Markdown for an engine's XML answer; markup that did not survive is dropped."""
    pieces = conversion.pieces
    tokens = _tokens(xml)
    problems: list[str] = []
    good: set[int] = set()
    seen: set[int] = set()
    stack: list[tuple[str, int | None]] = []
    for token in tokens:
        if token.kind == "text":
            continue
        valid = (
            token.piece is not None
            and token.piece < len(pieces)
            and pieces[token.piece].tag == token.value
        )
        if token.kind in ("open", "empty"):
            if not valid or token.piece in seen:
                problems.append(f"unexpected <{token.value}>")
                token.piece = None  # a copy or an invention: drop it, keep its text
                if token.kind == "open":
                    stack.append((token.value, None))
                continue
            seen.add(token.piece)  # type: ignore[arg-type]
            if token.kind == "empty":
                if token.value == IGNORED_TAG:
                    good.add(token.piece)  # type: ignore[arg-type]
                else:
                    problems.append(f"<{token.value}> came back empty")
            else:
                stack.append((token.value, token.piece))
            continue
        names = [name for name, _ in stack]
        if token.value not in names:
            problems.append(f"a stray </{token.value}>")
            continue
        while stack:
            name, piece = stack.pop()
            if name == token.value:
                if piece is not None:
                    good.add(piece)
                    token.piece = piece  # the closing tag carries no number of its own
                break
            problems.append(f"<{name}> not closed where expected")
    problems.extend(f"<{name}> not closed" for name, piece in stack if piece is not None)
    lost = [
        index
        for index, piece in enumerate(pieces)
        if index not in seen and piece.tag in _PAIRED_TAGS
    ]
    if lost:
        problems.append(f"{len(lost)} piece(s) of markup lost")
    return Restored(_render(tokens, pieces, good), "; ".join(dict.fromkeys(problems)) or None)


def _render(tokens: list[_Token], pieces: tuple[Piece, ...], good: set[int]) -> str:
    out: list[str] = []
    ignored_depth = 0  # inside a restored <x>: its content comes from the source
    link_starts: list[int] = []  # where the text of each open link began in `out`
    for token in tokens:
        piece = pieces[token.piece] if token.piece is not None and token.piece in good else None
        if ignored_depth:
            if token.kind == "open" and token.value == IGNORED_TAG:
                ignored_depth += 1
            elif token.kind == "close" and token.value == IGNORED_TAG:
                ignored_depth -= 1
            continue
        if token.kind == "text":
            out.append(html.unescape(token.value))
        elif piece is None:
            continue  # markup that did not survive: keep only its text
        elif token.kind == "empty":
            out.append(piece.opening)
        elif token.kind == "open":
            out.append(piece.opening)
            if piece.tag == IGNORED_TAG:
                ignored_depth = 1
            elif piece.tag == LINK_TAG:
                link_starts.append(len(out))
        else:
            if piece.tag == LINK_TAG:
                start = link_starts.pop()
                if piece.label is not None and "".join(out[start:]) != piece.label:
                    # The text was the label: name the label, or the link is lost.
                    out.append(f"][{piece.label}]")
                    continue
            out.append(piece.closing)
    return "".join(out)


# ---------------------------------------------------------------- texts too big for a request

_SPLIT_WINDOW = 8000  # characters given to the sentence splitter at a time (it is quadratic)
_SPLIT_OVERLAP = 400


def split_xml(
    xml: str, fits: Callable[[str], bool], sentence_starts: Callable[[str], Iterable[int]]
) -> list[tuple[str, str]] | None:
    """`xml` in parts that each `fits`, cut only at sentence starts outside every element.

    Each part is balanced XML, so an engine translates it as it would the whole; the
    parts' translations joined with the whitespace between them (the second item of each
    pair) make the translation of `xml`. None when some stretch that does not fit has no
    such cut.
    """
    tags = [
        (match.start(), match.end(), match.group(1), match.group(4)) for match in _TAG.finditer(xml)
    ]
    plain = list(xml)  # tags blanked out, so the splitter sees text at the same offsets
    tag_ends: list[int] = []
    depth_after: list[int] = []
    depth = 0
    for start, end, closing, empty in tags:
        plain[start:end] = " " * (end - start)
        if not empty:
            depth += -1 if closing else 1
        tag_ends.append(end)
        depth_after.append(depth)
    blank = "".join(plain)
    tag_starts = {end: start for start, end, _, _ in tags}

    def cut_before(position: int) -> int | None:
        """A safe cut at this sentence start: before the tags that open it, outside all."""
        while position in tag_starts and xml[tag_starts[position] + 1] != "/":
            position = tag_starts[position]  # `<b i="3">Bold…`: cut before the tag
        index = bisect.bisect_right(tag_ends, position) - 1
        inside_tag = index + 1 < len(tags) and tags[index + 1][0] < position
        if inside_tag or (index >= 0 and depth_after[index] != 0):
            return None
        return position

    parts: list[tuple[str, str]] = []
    start = 0
    while not fits(xml[start:]):
        low, high = start, len(xml)  # xml[start:low] fits, xml[start:high] does not
        while high - low > 1:
            middle = (low + high) // 2
            if fits(xml[start:middle]):
                low = middle
            else:
                high = middle
        cut = None
        window_end = low
        while cut is None:
            window_start = max(start, window_end - _SPLIT_WINDOW)
            found = [
                position
                for relative in sentence_starts(blank[window_start:window_end])
                if (position := cut_before(window_start + relative)) is not None
                and start < position <= low
                and xml[start:position].strip()
            ]
            if found:
                cut = max(found)
            elif window_start == start:
                return None
            else:
                window_end = window_start + _SPLIT_OVERLAP
        end = cut
        while xml[end - 1].isspace():
            end -= 1
        parts.append((xml[start:end], xml[end:cut]))
        start = cut
    parts.append((xml[start:], ""))
    return parts


def map_text(xml: str, function: Callable[[str], str]) -> str:
    """Apply `function` to the translatable text of `xml`: outside tags and ignored elements."""
    out: list[str] = []
    ignored_depth = 0
    position = 0
    for match in _TAG.finditer(xml):
        piece = xml[position : match.start()]
        out.append(piece if ignored_depth or not piece else _escape(function(html.unescape(piece))))
        out.append(match.group(0))
        closing, name, _, empty = match.groups()
        if name == IGNORED_TAG and not empty:
            ignored_depth += -1 if closing else 1
        position = match.end()
    tail = xml[position:]
    out.append(tail if ignored_depth or not tail else _escape(function(html.unescape(tail))))
    return "".join(out)
