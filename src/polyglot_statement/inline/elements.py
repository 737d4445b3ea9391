"""Inline Markdown as the inline elements of XLIFF 1.2 and TMX 1.4, and back.

CAT tools (Trados, memoQ, Phrase, OmegaT) show inline elements as tags a translator moves
but cannot break. A segment's Markdown is read as the machine pass reads it
(convert.py's `to_xml`): emphasis, strong emphasis and links are paired pieces
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

from collections.abc import Sequence
from typing import Any

from lxml import etree

from polyglot_statement.inline.parts import Close, Open, Part, Placeholder, merge_text
from polyglot_statement.xmlchars import xml_text


class InlineError(ValueError):
    """An element a segment may not contain; `line` is where it is in the file."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


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
    return merge_text(parts)


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
    return merge_text(parts)


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
