"""A segment as a list of parts: text, and the opening, closing and opaque tags of its
inline markup, with ids. Exchange files (elements.py) and the memory compare, write and
read segments as parts; `conversion_parts` makes them from convert.py's tagged text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from polyglot_statement.inline.tags import (
    EMPHASIS_TAG,
    IGNORED_TAG,
    LINK_TAG,
    STRONG_TAG,
    Conversion,
    Piece,
)
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
    return merge_text(parts)


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


def merge_text(parts: Iterable[Part]) -> list[Part]:
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


def closing_natives(conversion: Conversion, parts: Sequence[Part]) -> list[Part]:
    """`parts` of `conversion` with each Close carrying its piece's closing Markdown."""
    result: list[Part] = []
    for part in parts:
        if isinstance(part, Close):
            result.append(Close(part.id, conversion.pieces[int(part.id)].closing))
        else:
            result.append(part)
    return result
