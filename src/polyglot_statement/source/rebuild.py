"""A statement rebuilt from translated segments: everything outside a segment's span is
copied verbatim, so an identity translation gives back the source byte for byte, and no
translation may break out of its span or open a block the source did not have there."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.source.document import (
    FRONT_MATTER,
    IMAGE_ALT,
    LINE_BREAK,
    ONE_LINE_KINDS,
    SHORTCODE_TITLE,
    TABLE_CELL,
    Document,
    Segment,
)
from polyglot_statement.source.frontmatter import front_matter_string
from polyglot_statement.source.generator import trailing_item
from polyglot_statement.source.generator_blocks import is_tag_line
from polyglot_statement.source.inline_scan import code_spans
from polyglot_statement.source.references import keep_references


def rebuild(document: Document, translate: Callable[[Segment], str | None]) -> str:
    """Rebuild the document with each segment's text replaced by its translation.

    A segment whose translation is missing, empty or equal to its msgid keeps its exact
    source bytes, so an untranslated document comes back unchanged. A reference link whose
    text was translated keeps the source's label (references.keep_references).
    """
    pieces: list[str] = []
    position = 0
    text = document.text
    for segment in document.segments:
        translation = translate(segment)
        if not translation or translation == segment.msgid:
            continue
        if document.definitions and "[" in translation and _markdown_with_links(segment):
            translation = keep_references(
                segment.msgid, translation, document.definitions, dialect=document.dialect
            )
        pieces.append(text[position : segment.start])
        if segment.kind.startswith(FRONT_MATTER):
            pieces.append(front_matter_string(translation, document.front_matter_format))
        else:
            if document.dialect.extensions and not segment.is_heading:
                translation = _attribute_line(
                    text[segment.start : segment.end], translation, document.dialect
                )
            pieces.append(
                _render(segment, translation, _newline(text, segment.end), document.dialect)
            )
        position = segment.end
    pieces.append(text[position:])
    return "".join(pieces)


def _attribute_line(source: str, translation: str, dialect: Dialect) -> str:
    """A block's attribute list (`{: .note}`) that has a line of its own in the source
    gets one in the translation, where the generator reads it (the msgid joins it to the
    text like any soft line break)."""
    item = trailing_item(source, dialect)
    if item is None or not LINE_BREAK.search(source[: source.rfind(item)].rstrip(" \t")[-1:]):
        return translation
    if trailing_item(translation, dialect) != item:
        return translation  # check reports it; the build publishes no such edition
    body = translation.rstrip()[: -len(item)].rstrip()
    return f"{body}\n{item}" if body else translation


def _markdown_with_links(segment: Segment) -> bool:
    # Front matter is plain text; an alt text's reference label is Segment.reference_label.
    return segment.kind != IMAGE_ALT and not segment.kind.startswith(FRONT_MATTER)


def _newline(text: str, offset: int) -> str:
    """The line ending of the line `offset` is on (of the line before, on the last line)."""
    following = LINE_BREAK.search(text, offset)
    if following is not None:
        return following.group()
    last = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset))
    if last < 0 or text[last] == "\r":
        return "\r" if last >= 0 else "\n"
    return "\r\n" if last > 0 and text[last - 1] == "\r" else "\n"


def _render(
    segment: Segment, translation: str, newline: str = "\n", dialect: Dialect = COMMONMARK
) -> str:
    """Fit a translation into its span without letting it break out of its block; a line
    break in it takes the document's line ending (front matter: rebuild writes it)."""
    text = translation.replace("\r\n", "\n").replace("\r", "\n")
    if (
        segment.is_heading
        or segment.kind in (TABLE_CELL, IMAGE_ALT)
        or (segment.kind in ONE_LINE_KINDS)
    ):
        text = " ".join(text.split("\n"))
        if segment.kind == TABLE_CELL:
            # A pipe would end the cell, except in a code span, where a backslash would show
            # in Python-Markdown (the table rule of markdown_syntax.py reads both alike).
            text = "".join(
                piece if is_code else _UNESCAPED_PIPE.sub(r"\\|", piece)
                for piece, is_code in code_spans(text)
            )
        if segment.reference_label:
            return f"{text}][{segment.reference_label}]"
        if segment.kind == SHORTCODE_TITLE:
            # Inside the shortcode's quotes: a quote is escaped as Hugo reads it.
            return text.replace('"', '\\"')
        return text
    # A blank line would end the paragraph; a bare newline needs the container's prefix;
    # and no line of a translation may open a block the source did not have there.
    text = _BLANK_LINES.sub("\n", text)
    lines = [_BLOCK_START.sub(_neutralise_block_start, line) for line in text.split("\n")]
    generator_start = _generator_block_start(dialect)
    if generator_start is not None:
        lines = [generator_start.sub(_neutralise_generator_start, line) for line in lines]
    if len(lines) > 1 and (dialect.has("shortcodes") or dialect.has("liquid")):
        lines = _tags_in_text(lines, dialect)
    if segment.after_definition and lines[0][:1] in _TITLE_OPENERS:
        lines[0] = _escape_char(lines[0][0]) + lines[0][1:]
    return (newline + segment.continuation).join(lines)


# A pipe ends a table cell, a blank line a paragraph.
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")

# What would open a new block at the start of a line: ATX heading (Python-Markdown needs
# no space after the #), quote, bullet or ordered list marker, thematic break or setext
# underline, code fence.
_BLOCK_START = re.compile(
    r"^( {0,3})(?:(#+)|(>)|([-+*])(?=[ \t]|$)|(\d{1,9})([.)])(?=[ \t]|$)"
    r"|([-*_=])(?=[ \t]*(?:\4|[-*_=])[ \t]*(?:[-*_=][ \t]*)*$)|(`{3,}|~{3,}))"
)
# Characters both markdown-it and Python-Markdown unescape with a backslash; the others
# become numeric character references, which both render as the character.
_BACKSLASH_ESCAPABLE = set("#>-+*._`(")
# What opens a link definition's title (on the line after its destination).
_TITLE_OPENERS = frozenset("\"'(")


_BLANKS = " \t"


def _tags_in_text(lines: list[str], dialect: Dialect) -> list[str]:
    """A translated line that is only a shortcode or Liquid tag would be read as a block
    of its own (and a paired one swallow what follows): such a line joins its neighbour,
    as the item stood inside the text in the source (the translator moved it there)."""
    shortcodes, liquid = dialect.has("shortcodes"), dialect.has("liquid")
    joined: list[str] = []
    pending = ""  # a tag line at the start, waiting for the line it joins
    for line in lines:
        if is_tag_line(line, shortcodes=shortcodes, liquid=liquid):
            tag = line.strip(_BLANKS)
            if joined:
                joined[-1] = joined[-1].rstrip(_BLANKS) + " " + tag
            else:
                pending = (pending + " " + tag).lstrip()
            continue
        joined.append(pending + " " + line.lstrip(_BLANKS) if pending else line)
        pending = ""
    if pending:
        joined.append(pending)
    return joined


# What opens a site generator's block at the start of a line, in the dialects that read
# it (source/generator_blocks.py). A shortcode or Liquid tag line is left alone: escaping
# it would break the tag the translator moved there, and only a line that is a tag and
# nothing else is read as one.
_GENERATOR_BLOCK_START = {
    "definition-lists": r"[:~][ \t]",
    "admonitions": r"(?:!!!|\?\?\?)",
    "tabs": r"===",
    "abbreviations": r"\*\[",
}


@lru_cache(maxsize=8)
def _generator_block_start(dialect: Dialect) -> re.Pattern[str] | None:
    starts = [start for name, start in _GENERATOR_BLOCK_START.items() if dialect.has(name)]
    if not starts:
        return None
    return re.compile(r"^([ \t]*)(?=" + "|".join(starts) + ")(.)")


def _neutralise_generator_start(match: re.Match[str]) -> str:
    # A character reference: the generators read it as the character, never as syntax.
    return match.group(1) + f"&#{ord(match.group(2))};"


def _escape_char(char: str) -> str:
    return "\\" + char if char in _BACKSLASH_ESCAPABLE else f"&#{ord(char)};"


def _neutralise_block_start(match: re.Match[str]) -> str:
    indent, hashes, quote, bullet, number, delimiter, rule, fence = match.groups()
    if hashes:
        return indent + _escape_char("#") + hashes[1:]
    if quote:
        return indent + _escape_char(">")
    if bullet:
        return indent + _escape_char(bullet)
    if number:
        return indent + number + _escape_char(delimiter)
    if rule:
        return indent + _escape_char(rule)
    return indent + _escape_char(fence[0]) + fence[1:]
