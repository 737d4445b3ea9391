"""Parts back to Markdown: a translation's tags become the source's pieces again, and
what a translator typed as text publishes as typed. Also the Markdown of segments other
tools wrote, with or without our tags.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.inline.convert import from_xml, to_xml
from polyglot_statement.inline.parts import (
    Close,
    Open,
    Part,
    Placeholder,
    closing_natives,
    conversion_parts,
    renumbered,
    target_ids,
)
from polyglot_statement.inline.tags import IGNORED_TAG, Conversion, Piece, Restored, escape
from polyglot_statement.source import crowded_segment, new_parser

# ---------------------------------------------------------------- back to Markdown


def to_markdown(
    parts: Sequence[Part],
    source: Conversion,
    plain: bool = False,
    *,
    dialect: Dialect = COMMONMARK,
) -> Restored:
    """A translation's Markdown: tags by id are the source's pieces (ids are piece
    numbers), as a machine draft is rebuilt, and text is text: what a translator typed
    publishes as typed (`*`, `&copy;`, `<b>` escaped where Markdown would read them).
    A tag the source lacks brings nothing (its native code is never taken as Markdown)
    and `problem` says so; callers check the tags first (`tag_mismatch`).

    `plain`: a front-matter value, written as it is (it is escaped where it is shown).
    """
    if plain:
        return _restored(parts, source, lambda text: text)
    escaped = _restored(parts, source, _escape_markdown)
    if crowded_segment(_texts(parts)):
        return escaped  # rendering it twice to compare would cost seconds
    # Escaped only when needed, so that the next translator reads `5 * 3` as they typed it.
    literal = _restored(parts, source, _escape_brackets)
    if literal.problem == escaped.problem and _rendered(literal.text, dialect) == _rendered(
        escaped.text, dialect
    ):
        return literal
    return escaped


def _restored(parts: Sequence[Part], source: Conversion, text_markdown: Any) -> Restored:
    pieces = source.pieces
    out: list[str] = []
    open_tags: list[tuple[str, str]] = []  # (id, tag written) of each open element
    for part in parts:
        if isinstance(part, str):
            out.append(escape(text_markdown(part)))
        elif isinstance(part, Open):
            number = _piece_number(part.id, pieces)
            tag = pieces[number].tag if number is not None else "span"
            if tag == IGNORED_TAG:
                tag = "span"  # an opaque piece cannot hold text: the tag is wrong
                number = None
            out.append(f'<{tag} i="{number}">' if number is not None else f"<{tag}>")
            open_tags.append((part.id, tag))
        elif isinstance(part, Close):
            # Close the element this tag pairs with, or the innermost one.
            index = next(
                (i for i in range(len(open_tags) - 1, -1, -1) if open_tags[i][0] == part.id),
                len(open_tags) - 1,
            )
            if index < 0:
                out.append("</span>")  # a stray closing tag: from_xml reports it
                continue
            for _, tag in reversed(open_tags[index:]):
                out.append(f"</{tag}>")
            del open_tags[index:]
        else:
            number = _piece_number(part.id, pieces)
            if number is not None and pieces[number].tag == IGNORED_TAG:
                out.append(f'<{IGNORED_TAG} i="{number}"/>')
            else:
                out.append("<span/>")  # reported by from_xml; its native code is not ours
    for _, tag in reversed(open_tags):
        out.append(f"</{tag}>")
    return from_xml("".join(out), source)


# What Markdown (CommonMark, GFM's strikethrough, footnotes) could read as markup in a
# translator's text. `<` and `&` become character references, which every renderer
# shows as the character (Python-Markdown does not unescape `\<` or `\&`).
_SIGNIFICANT = re.compile(r"[\\`*_\[\]~]|<|&(?=#?[A-Za-z0-9]+;)")
_REFERENCES = {"<": "&lt;", "&": "&amp;"}


def _escape_markdown(text: str) -> str:
    """`text` as Markdown that renders exactly as `text`, inline."""
    return _SIGNIFICANT.sub(lambda match: _REFERENCES.get(match[0]) or "\\" + match[0], text)


def _escape_brackets(text: str) -> str:
    """Brackets always: whether `[x]` is a link depends on the document's definitions,
    which a segment does not hold."""
    return text.replace("[", "\\[").replace("]", "\\]")


@lru_cache(maxsize=4)
def _inline_parser(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    return new_parser(dialect=dialect).enable("strikethrough")


def _rendered(markdown: str, dialect: Dialect = COMMONMARK) -> str:
    return str(_inline_parser(dialect).renderInline(markdown))


def _kind(part: Open | Close | Placeholder) -> str:
    return {Open: "opening tag", Close: "closing tag"}.get(type(part), "placeholder")


def tag_mismatch(source: Sequence[Part], target: Sequence[Part]) -> str | None:
    """What is wrong with a translation's tags: each of its source's tags must be there
    once, and no other (a tag the source lacks would bring markup no one reviewed).
    None when they match (their order is the translator's)."""

    def tags(parts: Sequence[Part]) -> Counter[tuple[str, str]]:
        return Counter((_kind(part), part.id) for part in parts if not isinstance(part, str))

    expected, found = tags(source), tags(target)
    problems: list[str] = []
    for (kind, identifier), count in found.items():
        if (kind, identifier) not in expected:
            problems.append(f"{kind} {identifier} is not in the source")
        elif count > expected[(kind, identifier)]:
            problems.append(f"{kind} {identifier} is there {count} times")
    for (kind, identifier), count in expected.items():
        if found[(kind, identifier)] < count:
            problems.append(f"{kind} {identifier} is missing")
    return "; ".join(problems) or None


def _piece_number(identifier: str, pieces: Sequence[Piece]) -> int | None:
    if identifier.isdigit() and int(identifier) < len(pieces):
        return int(identifier)
    return None


def native_markdown(parts: Sequence[Part]) -> str:
    """Text and native codes in order: the Markdown of a TMX segment we wrote."""
    out: list[str] = []
    for part in parts:
        out.append(part if isinstance(part, str) else part.native)
    return "".join(out)


# Paired markup another tool named, as Markdown (other codes have no Markdown form).
_FOREIGN_PAIRS = {"bold": "**", "italic": "*"}


def foreign_markdown(parts: Sequence[Part], as_typed: bool = False) -> str:
    """The text of a segment another tool wrote, its native codes (RTF, HTML, …) left out;
    bold and italic kept as Markdown. `as_typed`: its text escaped where Markdown would
    read it (a translation; a source text is only matched, never published)."""

    def build(text_markdown: Callable[[str], str]) -> str:
        out: list[str] = []
        opened: dict[str, str] = {}
        for part in parts:
            if isinstance(part, str):
                out.append(text_markdown(part))
            elif isinstance(part, Open):
                marker = _FOREIGN_PAIRS.get(part.type, "")
                opened[part.id] = marker
                out.append(marker)
            elif isinstance(part, Close):
                out.append(opened.pop(part.id, ""))
        return "".join(out)

    if not as_typed:
        return build(lambda text: text)
    escaped = build(_escape_markdown)
    if crowded_segment(_texts(parts)):
        return escaped  # rendering it twice to compare would cost seconds
    literal = build(_escape_brackets)
    return literal if _rendered(literal) == _rendered(escaped) else escaped


def _texts(parts: Sequence[Part]) -> str:
    """The text of `parts`, codes left out: where the markup characters an escape adds are."""
    return "".join(part for part in parts if isinstance(part, str))


def own_markdown(parts: Sequence[Part], source: Sequence[Part]) -> str | None:
    """The Markdown of a translation this tool wrote (datatype markdown), when it is
    exactly that: read again it gives the same text and codes, with no character
    reference in its text, and every code is one of its source segment's. None otherwise
    (a file that only says it is ours): read it as another tool's."""
    markdown = native_markdown(parts)
    _, again = markdown_parts(markdown)

    def codes(found: Sequence[Part]) -> list[tuple[str, str]]:
        return [(type(part).__name__, part.native) for part in found if not isinstance(part, str)]

    texts = [part for part in parts if isinstance(part, str)]
    if codes(again) != codes(parts) or [p for p in again if isinstance(p, str)] != texts:
        return None
    if any(_CHARACTER_REFERENCE.search(text) for text in texts):
        return None
    if Counter(codes(parts)) - Counter(codes(source)):
        return None
    return markdown


_CHARACTER_REFERENCE = re.compile(r"&#?[A-Za-z0-9]+;")


def untagged_markdown(source: str, translation: str) -> str | None:
    """A translation written as Markdown text beside a source in Markdown text, as tools
    that convert our .po files write both (translate-toolkit's po2xliff and po2tmx,
    Weblate): its markup stands for the source's pieces (a link keeps the source's
    target), its text is text. None when its markup is not the source's, each piece once
    (then it is only text: see `foreign_markdown`)."""
    source_conversion, source_parts = markdown_parts(source)
    translated, parts = markdown_parts(translation)
    parts = renumbered(parts, target_ids(source_conversion, translated))
    if tag_mismatch(source_parts, parts) is not None:
        return None
    restored = to_markdown(parts, source_conversion)
    return restored.text if restored.problem is None else None


def markdown_parts(markdown: str, dialect: Dialect = COMMONMARK) -> tuple[Conversion, list[Part]]:
    """A segment's Markdown read as the machine pass reads it, and its parts: a generator
    item of `dialect` is a placeholder (ctype x-generator) the translator cannot edit."""
    conversion = to_xml(markdown, dialect=dialect)
    return conversion, closing_natives(conversion, conversion_parts(conversion))


def plain_parts(text: str) -> tuple[Conversion, list[Part]]:
    """A segment that is plain text (a front-matter value): one text part, no markup, so
    that brackets or asterisks in a title are never offered as tags."""
    return Conversion(text, escape(text), ()), [text] if text else []
