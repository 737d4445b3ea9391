"""Markdown statements → translatable segments with exact source spans, and back.

markdown-it-py finds the blocks (it gives each block its lines); this module finds each
block's text inside those lines. Everything outside a segment's span (front-matter fences,
list markers, `>` prefixes, code, HTML, blank lines, line endings) is copied verbatim when
a document is rebuilt, so an identity translation gives back the source byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import SourceError
from polyglot_statement.source.frontmatter import YAML, front_matter_string, split_front_matter
from polyglot_statement.source.generator import only_items, trailing_item
from polyglot_statement.source.generator_blocks import is_tag_line
from polyglot_statement.source.inline_scan import closing_bracket, code_spans
from polyglot_statement.source.markdown_syntax import (
    MARKUP_CHARACTERS_SHOWN,
    MAX_NESTING,
    MAX_STATEMENT_MARKUP,
    crowded_markup,
    markup_depth,
    nesting_bound,
    new_parser,
    split_row,
    statement_markup_limit,
)
from polyglot_statement.source.references import NO_DEFINITIONS, LinkDefinitions, keep_references
from polyglot_statement.source.sentences import split_sentences

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The look-behinds let a try start only where a run of blanks starts: the leftmost match
# starts there anyway, and a try from every blank of a long run read the run each time
# (a heading with 20,000 spaces before its last word took 20 s).
_ATX_CLOSING = re.compile(r"(?<![ \t])(?:[ \t]++#++)?[ \t]*+$")
_HARD_BREAK = re.compile(r"(?: (?<!  ) ++|\\)$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
# Something that may be a link definition (`[label]:`; `[^note]:` is a footnote's).
# A label holds no unescaped `[` (CommonMark), which also keeps a try from reading past
# the next one: `[[[[…` costs linear time.
_DEFINITION_LIKE = re.compile(r"\[(?!\^)(?:[^\[\]\\]|\\.)++\]:")

# Kinds of text a translator sees in the `#.` comment of an entry.
PARAGRAPH = "paragraph"
LIST_ITEM = "list item"
BLOCK_QUOTE = "block quote"
TABLE_CELL = "table cell"
IMAGE_ALT = "image alt text"
FOOTNOTE = "footnote"
FRONT_MATTER = "front matter"
# An HTML comment on the line before a block: that block must be translated to publish.
REQUIRED_MARKER = "polyglot: required"

# The site generators' blocks (source/generator_blocks.py, docs/statements.md).
ADMONITION = "admonition"
ADMONITION_TITLE = "admonition title"
TAB = "content tab"
TAB_TITLE = "tab title"
DEFINITION_TERM = "definition term"
DEFINITION = "definition"
ABBREVIATION = "abbreviation"
SHORTCODE_TITLE = "shortcode title"

_CONTAINER_KIND = {
    "list_item_open": LIST_ITEM,
    "blockquote_open": BLOCK_QUOTE,
    "footnote_open": FOOTNOTE,
    "admonition_open": ADMONITION,
    "tab_open": TAB,
    "dd_open": DEFINITION,
}
# Blocks whose one line of text is a segment of its own kind, written back on one line.
_ONE_LINE_KIND = {
    "admonition_title_open": ADMONITION_TITLE,
    "tab_title_open": TAB_TITLE,
    "dt_open": DEFINITION_TERM,
    "abbreviation_open": ABBREVIATION,
    "generator_title_open": SHORTCODE_TITLE,
}
_ONE_LINE_KINDS = frozenset(_ONE_LINE_KIND.values())
# What containers put in front of a table row's text.
_LIST_MARKER = r"(?:[-+*]|\d{1,9}[.)])(?=[ \t])"
_FOOTNOTE_LABEL = r"\[\^[^\]\s]+\]:"


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit: its normalised text (the msgid) and where it sits in the source."""

    msgid: str
    kind: str
    line: int  # 1-based line of the span's start
    start: int  # offsets into the document text
    end: int
    continuation: str = ""  # what follows a line break inside the span (e.g. "> ")
    required: bool = False  # marked `<!-- polyglot: required -->` in the source
    # The alt text of `![alt]` or `![alt][]` is also the reference label that finds the
    # image's URL; the span then runs to the end of the reference, and a translation is
    # written `![translation][label]` so the image still resolves.
    reference_label: str = ""
    # The span starts on the line right after a link reference definition, where a line
    # opening with a quote or parenthesis would be read as the definition's title.
    after_definition: bool = False

    @property
    def is_heading(self) -> bool:
        return self.kind.startswith("heading")


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    segments: tuple[Segment, ...]
    skipped_lines: tuple[int, ...] = ()  # blocks whose text could not be located
    metadata: dict[str, Any] = field(default_factory=dict)  # the front matter's values
    body_start: int = 0  # offset of the Markdown body, after any front matter
    # The body's link reference definitions: a segment's reference links resolve with them.
    definitions: LinkDefinitions = NO_DEFINITIONS
    # How the text was read: rebuild reads a translation's reference links the same way,
    # and a translation written back may not open one of its blocks either.
    dialect: Dialect = COMMONMARK
    front_matter_format: str = YAML  # what a translated value is written back as


@lru_cache(maxsize=4)
def _parser(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    parser = new_parser(dialect=dialect)
    parser.core.ruler.at("inline", _inline_where_read)
    return parser


def _inline_where_read(state: StateCore) -> None:
    """markdown-it's core `inline` rule, for the inline tokens segmentation reads the
    children of: a paragraph that may be one image (see _Locator.block_segments), and text
    that may hold a footnote reference or an inline footnote, which the footnote plugin
    numbers in document order. Parsing every inline token was a quarter of segmenting a
    statement; the others keep their content and no children."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if "![" in content or "[^" in content or "^[" in content:
                md.inline.parse(content, md, state.env, token.children)


@lru_cache(maxsize=4)
def _block_parser(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    # Link definitions are found by the block rules; the inline pass is not needed for them.
    return new_parser(dialect=dialect).disable("inline")


def link_definitions(
    text: str, path: Path | str = "<string>", *, dialect: Dialect = COMMONMARK
) -> LinkDefinitions:
    """The link reference definitions of a statement's body (its front matter is checked)."""
    front_matter = split_front_matter(text, Path(path), dialect=dialect)
    body_start = front_matter.body_start
    _refuse_crowded_markup(text, path)
    # Markup nested too deep is refused here too: `check` reads a statement only here,
    # and must refuse what extract and build refuse.
    deep = nesting_bound(text) > MAX_NESTING
    if not deep and ("]:" not in text or not _DEFINITION_LIKE.search(text, body_start)):
        return NO_DEFINITIONS  # most statements: parsing them would find nothing
    env: dict[str, Any] = {}
    tokens = _block_parser(dialect).parse(_body(text, body_start), env)
    if deep:
        first_body_line = len(_LINE_BREAK.findall(text, 0, body_start))
        _refuse_deep_nesting(tokens, env.get("references", {}), path, first_body_line, dialect)
    return LinkDefinitions(env.get("references"))


def _body(text: str, body_start: int) -> str:
    # A byte-order mark stays in the text, so rebuild copies it, but markdown-it must not
    # see it: "\ufeff# Title" would be a paragraph.
    return text[body_start or (1 if text.startswith("\ufeff") else 0) :]


def segment_document(
    text: str,
    path: Path | str = "<string>",
    *,
    front_matter_fields: Sequence[str] = ("title", "subtitle", "summary"),
    sentence_language: str | None = None,
    dialect: Dialect = COMMONMARK,
) -> Document:
    """Split a statement into segments, in document order.

    `sentence_language` switches on sentence mode: prose paragraphs are split into
    sentences by a splitter for that language. `dialect` is the workspace's Markdown
    dialect: a text holding only its generator items (`{: .note}`, `{{< youtube x >}}`
    on a line of their own) is no segment, there is nothing in it to translate. It also
    reads the site generator's blocks: admonition and tab bodies are prose, their titles,
    definition terms and definitions segments of their own, code held by a shortcode is
    copied.
    """
    front_matter = split_front_matter(text, Path(path), dialect=dialect)
    _refuse_crowded_markup(text, path)
    line_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    segments: list[Segment] = []
    for item in front_matter.fields:
        if item.key in front_matter_fields and item.value:
            segments.append(
                Segment(
                    msgid=item.value,
                    kind=f"{FRONT_MATTER}: {item.key}",
                    line=item.line,
                    start=item.start,
                    end=item.end,
                )
            )
    body = _body(text, front_matter.body_start)
    locator = _Locator(text, line_starts, len(text) - len(body), sentence_language)
    # markdown-it normalises line endings itself; line numbers stay the same.
    env: dict[str, Any] = {}
    tokens = _parser(dialect).parse(body, env)
    references = env.get("references", {})
    _refuse_deep_nesting(tokens, references, path, locator.first_body_line, dialect)
    # A definition with a title cannot take the next line as its title.
    locator.definition_ends = {
        locator.first_body_line + definition["map"][1]
        for definition in references.values()
        if definition.get("map") and not definition.get("title")
    }
    if dialect.extensions:
        # (Front matter, above, is the page's own text: the generator reads no items there.)
        segments.extend(
            segment
            for segment in locator.segments(tokens)
            if not only_items(segment.msgid, dialect)
        )
    else:
        segments.extend(locator.segments(tokens))
    segments.sort(key=lambda segment: segment.start)
    return Document(
        text=text,
        segments=tuple(segments),
        skipped_lines=tuple(locator.skipped),
        metadata=front_matter.data,
        body_start=front_matter.body_start,
        definitions=LinkDefinitions(env.get("references")),
        dialect=dialect,
        front_matter_format=front_matter.format,
    )


def _refuse_crowded_markup(text: str, path: Path | str) -> None:
    """A statement with more markup characters than can be read in a second is refused
    before markdown-it reads it (markdown_syntax.crowded_markup says why)."""
    limit = statement_markup_limit(text)
    crowded = crowded_markup(text, limit)
    if crowded is None:
        return
    count, offset = crowded
    raise SourceError(
        f"the statement holds {count:,} Markdown markup characters "
        f"({MARKUP_CHARACTERS_SHOWN}), past {limit:,} on this line; at most "
        f"{MAX_STATEMENT_MARKUP:,}, or a tenth of its characters, can be read in one "
        "statement: split it into several statements",
        path,
        len(_LINE_BREAK.findall(text, 0, offset)) + 1,
    )


def _refuse_deep_nesting(
    tokens: list[Token],
    references: dict[str, Any],
    path: Path | str,
    first_body_line: int,
    dialect: Dialect = COMMONMARK,
) -> None:
    """Markup nested past MAX_NESTING is refused here, so that extract, check and build
    all say so, instead of a build failing deep in a renderer."""

    def parse_inline(text: str) -> list[Token]:
        children: list[Token] = []
        parser = _parser(dialect)
        parser.inline.parse(text, parser, {"references": references}, children)
        return children

    depth, line = markup_depth(tokens, parse_inline)
    if depth:
        raise SourceError(
            f"markup nests {depth} levels deep here (emphasis, links, images, HTML elements, "
            f"lists and quotes inside each other); at most {MAX_NESTING} can be published: "
            "simplify it",
            path,
            first_body_line + line + 1,
        )


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
    if item is None or not _LINE_BREAK.search(source[: source.rfind(item)].rstrip(" \t")[-1:]):
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
    following = _LINE_BREAK.search(text, offset)
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
        or (segment.kind in _ONE_LINE_KINDS)
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


def _line_index(line_starts: list[int], offset: int) -> int:
    low, high = 0, len(line_starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if line_starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


class _Locator:
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
            if token.type in _CONTAINER_KIND:
                start = self.first_body_line + token.map[0] if token.map else None
                containers.append(_Container(_CONTAINER_KIND[token.type], start))
            elif token.nesting < 0 and token.type.replace("_close", "_open") in _CONTAINER_KIND:
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
            else _ONE_LINE_KIND.get(block.type)
            or (containers[-1].kind if containers else PARAGRAPH)
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
            line=segment.line + len(_LINE_BREAK.findall(text, segment.start, start)),
            start=start,
            end=end,
            continuation=segment.continuation,
            after_definition=segment.after_definition and start == segment.start,
        )
