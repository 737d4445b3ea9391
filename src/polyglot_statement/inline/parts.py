"""Inline Markdown as the inline elements of XLIFF 1.2 and TMX 1.4, and back.

CAT tools (Trados, memoQ, Phrase, OmegaT) show inline elements as tags a translator moves
but cannot break. A segment's Markdown is read as the machine pass reads it
(machine/markup.py's `to_xml`): emphasis, strong emphasis and links are paired pieces
around translatable text, and code spans, images, autolinks, escapes, hard breaks,
footnote references and inline HTML are opaque pieces.

- XLIFF: a paired piece is `<g id="n" ctype="bold|italic|link">…</g>`, an opaque one
  `<ph id="n" ctype="…">native Markdown</ph>`. Ids are the source's piece numbers; a
  translation's pieces take the id of the source piece they correspond to, so the tool
  pairs them. On the way back the Markdown of each piece comes from the *source* segment
  (as for a machine draft): a translator moves tags, never edits link targets.
- TMX: a paired piece is `<bpt i="n" type="…">**</bpt>…<ept i="n">**</ept>`, an opaque one
  `<ph type="…">native Markdown</ph>`: the native codes are the Markdown itself, so a
  memory we wrote is read back to exactly the text it came from.

Files from other tools use more of the inline vocabulary (`<x/>`, `<bx/>`/`<ex/>`,
`<bpt>`/`<ept>` in XLIFF, `<mrk>` segments, `<it>`, `<hi>`, `<sub>`); `xliff_parts` and
`tmx_parts` read them all into one list of parts, and refuse anything else by line.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from markdown_it import MarkdownIt

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.machine.markup import (
    EMPHASIS_TAG,
    IGNORED_TAG,
    LINK_TAG,
    STRONG_TAG,
    Conversion,
    Piece,
    Restored,
    from_xml,
    to_xml,
)
from polyglot_statement.source import new_parser
from polyglot_statement.xmlchars import xml_text

# ---------------------------------------------------------------- parts of a segment


@dataclass(frozen=True, slots=True)
class Open:
    """The start of a paired piece of markup; `id` as written in the file."""

    id: str
    native: str = ""  # the native code, where the format carries it (TMX bpt, XLIFF bpt)
    type: str = ""


@dataclass(frozen=True, slots=True)
class Close:
    id: str
    native: str = ""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """An opaque piece: `native` is its code (or, for our own Markdown, its source)."""

    id: str
    native: str = ""
    type: str = ""
    visible: str = ""  # the text a reader sees in it (a code span's code), for matching


Part = str | Open | Close | Placeholder


class InlineError(ValueError):
    """An element a segment may not contain; `line` is where it is in the file."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


_OUR_TAG = re.compile(r'<(/?)([a-z]+)(?: i="(\d+)")?(/?)>')


def conversion_parts(conversion: Conversion) -> list[Part]:
    """A converted segment (to_xml's XML, which escapes only &, < and >) as parts, ids
    being piece numbers; an opaque piece's native code is its Markdown source."""
    parts: list[Part] = []
    position = 0
    xml = conversion.xml
    pieces = conversion.pieces
    inside: Placeholder | None = None  # an <x> with visible text: its text is not text
    # The ids of the pieces open, innermost last (our XML is well nested): a scan back
    # through the parts for each closing tag took quadratic time on deep nesting.
    open_ids: list[str] = []
    for match in _OUR_TAG.finditer(xml):
        if match.start() > position and inside is None:
            parts.append(html.unescape(xml[position : match.start()]))
        closing, tag, number, empty = match.groups()
        if tag == IGNORED_TAG:
            if closing:
                parts.append(
                    Placeholder(
                        inside.id,  # type: ignore[union-attr]
                        inside.native,  # type: ignore[union-attr]
                        inside.type,  # type: ignore[union-attr]
                        html.unescape(xml[position : match.start()]),
                    )
                )
                inside = None
            else:
                piece = pieces[int(number)]
                placeholder = Placeholder(number, piece.opening, _opaque_type(piece.opening))
                if empty:
                    parts.append(placeholder)
                else:
                    inside = placeholder
        elif closing:
            if not open_ids:
                raise ValueError("a closing tag with nothing open")  # to_xml never writes one
            parts.append(Close(open_ids.pop()))
        else:
            piece = pieces[int(number)]
            parts.append(Open(number, piece.opening, _PAIRED_TYPES[tag]))
            open_ids.append(number)
        position = match.end()
    if position < len(xml):
        parts.append(html.unescape(xml[position:]))
    return _merge_text(parts)


_PAIRED_TYPES = {STRONG_TAG: "bold", EMPHASIS_TAG: "italic", LINK_TAG: "link"}
_TYPE_TAGS = {value: key for key, value in _PAIRED_TYPES.items()}


def _opaque_type(source: str) -> str:
    """What an opaque piece is, as XLIFF's ctype / TMX's type name it."""
    if source.startswith("`"):
        return "x-code"
    if source.startswith("!["):
        return "image"
    if source.endswith("\n"):
        return "lb"
    if source.startswith("[^"):
        return "x-footnote"
    if source.startswith("\\"):
        return "x-escape"
    if source.startswith(("{", ":")):
        return "x-generator"  # only generator items start so (source/generator.py)
    if source.startswith("<"):
        return "x-link" if re.match(r"<[A-Za-z][A-Za-z0-9.+-]*:|<[^\s@<>]+@", source) else "x-html"
    return "x-markup"


def _merge_text(parts: Iterable[Part]) -> list[Part]:
    merged: list[Part] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += part
                continue
        merged.append(part)
    return merged


def plain_text(parts: Sequence[Part]) -> str:
    """The translatable text of a segment, markup left out."""
    return "".join(part for part in parts if isinstance(part, str))


def signature(parts: Sequence[Part]) -> tuple[object, ...]:
    """What a segment is for comparison: its text and where each tag is, by id (native
    codes and types left out, which tools rewrite)."""
    result: list[object] = []
    for part in parts:
        if not isinstance(part, str):
            result.append((type(part).__name__, part.id))
            continue
        # As written to a file (without what XML cannot hold), so that a unit read back
        # matches the entry it was written from.
        text = xml_text(part)
        if result and isinstance(result[-1], str):
            result[-1] += text
        elif text:
            result.append(text)
    return tuple(result)


# ---------------------------------------------------------------- writing


def target_ids(source: Conversion, target: Conversion) -> list[str]:
    """An id for each piece of a translation: the number of the source piece it stands for.

    A piece corresponds to the first unused source piece with the same Markdown (a link
    to the same page, the same code span), else to the first unused one of the same kind
    (emphasis moved to another word); a piece the source lacks gets an id of its own.
    """
    used: set[int] = set()
    ids: list[str] = []
    for index, piece in enumerate(target.pieces):
        found = _corresponding(source.pieces, piece, used, exact=True)
        if found is None:
            found = _corresponding(source.pieces, piece, used, exact=False)
        if found is None:
            ids.append(f"t{index}")
        else:
            used.add(found)
            ids.append(str(found))
    return ids


def _corresponding(
    pieces: Sequence[Piece], piece: Piece, used: set[int], exact: bool
) -> int | None:
    for index, candidate in enumerate(pieces):
        if index in used or candidate.tag != piece.tag:
            continue
        if exact and (candidate.opening, candidate.closing) != (piece.opening, piece.closing):
            continue
        if not exact and piece.tag == IGNORED_TAG:
            continue  # an opaque piece stands only for the same one
        return index
    return None


def renumbered(parts: Sequence[Part], ids: Sequence[str]) -> list[Part]:
    """Parts whose ids (piece numbers) are replaced by `ids[number]`."""
    result: list[Part] = []
    for part in parts:
        if isinstance(part, Open):
            result.append(Open(ids[int(part.id)], part.native, part.type))
        elif isinstance(part, Close):
            result.append(Close(ids[int(part.id)], part.native))
        elif isinstance(part, Placeholder):
            result.append(Placeholder(ids[int(part.id)], part.native, part.type, part.visible))
        else:
            result.append(part)
    return result


def _closing_natives(conversion: Conversion, parts: Sequence[Part]) -> list[Part]:
    """`parts` of `conversion` with each Close carrying its piece's closing Markdown."""
    result: list[Part] = []
    for part in parts:
        if isinstance(part, Close):
            result.append(Close(part.id, conversion.pieces[int(part.id)].closing))
        else:
            result.append(part)
    return result


def write_xliff(element: Any, parts: Sequence[Part], namespace: str) -> None:
    """Put `parts` into an XLIFF <source> or <target> element (its content replaced)."""
    element.text = None
    for child in list(element):
        element.remove(child)
    stack: list[Any] = [element]
    for part in parts:
        current = stack[-1]
        if isinstance(part, str):
            _append_text(current, part)
        elif isinstance(part, Open):
            child = etree.SubElement(current, f"{{{namespace}}}g", id=part.id)
            child.set("ctype", part.type if part.type in ("bold", "italic", "link") else "x-markup")
            stack.append(child)
        elif isinstance(part, Close):
            stack.pop()
        else:
            child = etree.SubElement(current, f"{{{namespace}}}ph", id=part.id)
            child.set("ctype", part.type or "x-markup")
            child.text = xml_text(part.native)


def write_tmx(element: Any, parts: Sequence[Part]) -> None:
    """Put `parts` into a TMX <seg> (its content replaced): paired markup as bpt/ept with
    the Markdown as native code, opaque markup as ph."""
    element.text = None
    for child in list(element):
        element.remove(child)
    numbers: dict[str, int] = {}
    for part in parts:
        if isinstance(part, str):
            _append_text(element, part)
        elif isinstance(part, Open):
            numbers[part.id] = len(numbers) + 1
            child = etree.SubElement(element, "bpt", i=str(numbers[part.id]))
            child.set("type", part.type if part.type in ("bold", "italic", "link") else "x-markup")
            child.text = xml_text(part.native)
        elif isinstance(part, Close):
            child = etree.SubElement(element, "ept", i=str(numbers[part.id]))
            child.text = xml_text(part.native)
        else:
            child = etree.SubElement(element, "ph")
            child.set("type", part.type or "x-markup")
            child.text = xml_text(part.native)


def _append_text(element: Any, text: str) -> None:
    text = xml_text(text)
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


# ---------------------------------------------------------------- reading


def _name(element: Any) -> str:
    return str(etree.QName(element).localname)


def _check_node(node: Any, where: str) -> bool:
    """Whether a child node is an element to read; comments and processing instructions
    are skipped, an entity reference (left unresolved, as untrusted XML must be) refused."""
    if isinstance(node, etree._Entity):
        raise InlineError(
            f"an entity reference (&{node.name};) inside <{where}>; write the character itself",
            node.sourceline,
        )
    return isinstance(node.tag, str)


def xliff_parts(element: Any) -> list[Part]:
    """The parts of an XLIFF 1.2 <source>, <seg-source> or <target>, whatever tool wrote it."""
    parts: list[Part] = []
    _read_xliff(element, parts, _name(element))
    return _merge_text(parts)


def _read_xliff(element: Any, parts: list[Part], where: str) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if _check_node(child, where):
            name = _name(child)
            identifier = child.get("id", "")
            pairing = child.get("rid") or identifier
            if name == "g":
                parts.append(Open(identifier, type=child.get("ctype", "")))
                _read_xliff(child, parts, where)
                parts.append(Close(identifier))
            elif name in ("x", "ph"):
                parts.append(Placeholder(identifier, _native(child, where), child.get("ctype", "")))
            elif name in ("bx", "bpt"):
                parts.append(Open(pairing, _native(child, where), child.get("ctype", "")))
            elif name in ("ex", "ept"):
                parts.append(Close(pairing, _native(child, where)))
            elif name == "it":
                kind = Open if child.get("pos") == "open" else Close
                parts.append(kind(identifier, _native(child, where)))
            elif name == "mrk":
                # Segment, term or comment markers (Trados, memoQ): their text is text.
                _read_xliff(child, parts, where)
            else:
                raise InlineError(
                    f"<{name}> inside <{where}>; XLIFF 1.2 allows only g, x, bx, ex, bpt, "
                    "ept, ph, it and mrk there",
                    child.sourceline,
                )
        if child.tail:
            parts.append(child.tail)


def _native(element: Any, where: str) -> str:
    """The native code an element holds: its text and that of its <sub> flows."""
    pieces = [element.text or ""]
    for child in element:
        if _check_node(child, where):
            if _name(child) != "sub":
                raise InlineError(
                    f"<{_name(child)}> inside <{_name(element)}>; only <sub> may be there",
                    child.sourceline,
                )
            pieces.append("".join(child.itertext()))
        pieces.append(child.tail or "")
    return "".join(pieces)


def tmx_parts(element: Any) -> list[Part]:
    """The parts of a TMX 1.4 <seg>."""
    parts: list[Part] = []
    _read_tmx(element, parts)
    return _merge_text(parts)


def _read_tmx(element: Any, parts: list[Part]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        if _check_node(child, "seg"):
            name = _name(child)
            if name == "bpt":
                parts.append(Open(child.get("i", ""), _native(child, "seg"), child.get("type", "")))
            elif name == "ept":
                parts.append(Close(child.get("i", ""), _native(child, "seg")))
            elif name in ("ph", "ut"):
                parts.append(
                    Placeholder(child.get("x", ""), _native(child, "seg"), child.get("type", ""))
                )
            elif name == "it":
                kind = Open if child.get("pos") == "begin" else Close
                parts.append(kind(child.get("x", ""), _native(child, "seg")))
            elif name == "hi":
                _read_tmx(child, parts)
            else:
                raise InlineError(
                    f"<{name}> inside <seg>; TMX 1.4 allows only bpt, ept, it, ph, hi and ut there",
                    child.sourceline,
                )
        if child.tail:
            parts.append(child.tail)


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
    # Escaped only when needed, so that the next translator reads `5 * 3` as they typed it.
    literal = _restored(parts, source, _escape_brackets)
    escaped = _restored(parts, source, _escape_markdown)
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
            out.append(_escape(text_markdown(part)))
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


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    literal, escaped = build(_escape_brackets), build(_escape_markdown)
    return literal if _rendered(literal) == _rendered(escaped) else escaped


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
    return conversion, _closing_natives(conversion, conversion_parts(conversion))


def plain_parts(text: str) -> tuple[Conversion, list[Part]]:
    """A segment that is plain text (a front-matter value): one text part, no markup, so
    that brackets or asterisks in a title are never offered as tags."""
    return Conversion(text, _escape(text), ()), [text] if text else []


__all__ = [
    "Close",
    "InlineError",
    "Open",
    "Part",
    "Placeholder",
    "conversion_parts",
    "foreign_markdown",
    "markdown_parts",
    "native_markdown",
    "own_markdown",
    "plain_parts",
    "plain_text",
    "renumbered",
    "signature",
    "tag_mismatch",
    "target_ids",
    "tmx_parts",
    "to_markdown",
    "untagged_markdown",
    "write_tmx",
    "write_xliff",
    "xliff_parts",
]
