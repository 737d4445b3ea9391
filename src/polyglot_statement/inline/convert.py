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

How the Markdown is read (emphasis by CommonMark's delimiter rules, checked against
markdown-it) is scan.py's; the tags and pieces are tags.py's.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.inline.scan import ITEM_CLOSE, ITEM_OPEN, Link, Node, Opaque, Text, read
from polyglot_statement.inline.tags import (
    IGNORED_TAG,
    LINK_TAG,
    PAIRED_TAGS,
    TAG,
    Conversion,
    Piece,
    References,
    Restored,
    escape,
)
from polyglot_statement.source.generator import masked


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
            return f"{ITEM_OPEN}{len(items) - 1}{ITEM_CLOSE}"

        plain = masked(text, dialect, stand_in)
        if items:
            return _with_items(_to_xml(plain, keep, references), text, items)
    return _to_xml(text, keep, references)


def _to_xml(text: str, keep: re.Pattern[str] | None, references: References | None) -> Conversion:
    nodes, pieces = read(text, references)
    return Conversion(text, _emit(nodes, pieces, keep), tuple(pieces))


def _with_items(conversion: Conversion, text: str, items: list[str]) -> Conversion:
    """The conversion of a text whose items stood in as numbers, with the items back."""
    stand_in = re.compile(f"{ITEM_OPEN}(\\d+){ITEM_CLOSE}")

    def back(value: str) -> str:
        return stand_in.sub(lambda match: items[int(match.group(1))], value)

    def back_label(label: str | None) -> str | None:
        return None if label is None else back(label)

    pieces = tuple(
        Piece(piece.tag, back(piece.opening), back(piece.closing), back_label(piece.label))
        for piece in conversion.pieces
    )
    xml = stand_in.sub(lambda match: escape(items[int(match.group(1))]), conversion.xml)
    return Conversion(text, xml, pieces)


def _emit(nodes: list[Node], pieces: list[Piece], keep: re.Pattern[str] | None) -> str:
    out: list[str] = []

    def opaque(source: str, visible: str) -> None:
        pieces.append(Piece(IGNORED_TAG, source))
        index = len(pieces) - 1
        if visible:
            out.append(f'<{IGNORED_TAG} i="{index}">{escape(visible)}</{IGNORED_TAG}>')
        else:
            out.append(f'<{IGNORED_TAG} i="{index}"/>')

    def text(value: str) -> None:
        if keep is None:
            out.append(escape(value))
            return
        position = 0
        for match in keep.finditer(value):
            out.append(escape(value[position : match.start()]))
            opaque(match.group(0), match.group(0))
            position = match.end()
        out.append(escape(value[position:]))

    for node in nodes:
        if isinstance(node, Text):
            text(node.value)
        elif isinstance(node, Opaque):
            opaque(node.source, node.visible)
        elif isinstance(node, Link):
            pieces.append(Piece(LINK_TAG, node.opening, node.closing, node.label))
            index = len(pieces) - 1
            out.append(f'<{LINK_TAG} i="{index}">')
            out.append(_emit(node.children, pieces, keep))
            out.append(f"</{LINK_TAG}>")
        else:
            for piece_id in node.closes:
                out.append(f"</{pieces[piece_id].tag}>")
            if node.remaining:
                out.append(escape(node.char * node.remaining))
            for piece_id in reversed(node.opens):
                out.append(f'<{pieces[piece_id].tag} i="{piece_id}">')
    return "".join(out)


# ---------------------------------------------------------------- back from XML

_ID_ATTRIBUTE = re.compile(r"\bi\s*=\s*[\"'](\d+)[\"']")


@dataclass(slots=True)
class _Token:
    kind: str  # "text", "open", "close", "empty"
    value: str  # text, or tag name
    piece: int | None = None


def _tokens(xml: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    for match in TAG.finditer(xml):
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
        if index not in seen and piece.tag in PAIRED_TAGS
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
