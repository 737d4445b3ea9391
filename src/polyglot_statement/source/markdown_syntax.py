"""The one reading of Markdown: markdown-it-py with CommonMark, tables and footnotes.

Segmentation finds the blocks with it, the checks compare inline structure with it and
the HTML edition is rendered by it, so a published page has exactly the blocks the
catalogue offered for translation. (Rendering with a second parser, Python-Markdown,
made pages whose structure differed from the source's wherever the two read the syntax
differently: `#5 bolt`, setext headings over several lines, ten-digit list numbers.)

One deliberate difference from GitHub's table extension: a `|` inside a code span of a
table row does not end the cell (Python-Markdown and older markdown-it read it so too).
GitHub's reading cuts `` `x|y` `` in two and drops the cells past the header's count,
which loses text nobody could then translate. `\\|` still means a pipe everywhere in a row.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_block.table import table as _gfm_table
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.source.generator_blocks import (
    use_abbreviations,
    use_generator_blocks,
    use_several_terms,
    use_tabs,
)
from polyglot_statement.source.inline_reading import inline_mode_children
from polyglot_statement.source.inline_scan import code_spans

__all__ = [
    "MARKUP_CHARACTERS",
    "MARKUP_CHARACTERS_SHOWN",
    "MAX_NESTING",
    "MAX_SEGMENT_LINES",
    "MAX_SEGMENT_MARKUP",
    "MAX_STATEMENT_BRACKETS",
    "MAX_STATEMENT_LINES",
    "MAX_STATEMENT_MARKUP",
    "MAX_STATEMENT_SEGMENTS",
    "code_spans",
    "crowded_brackets",
    "crowded_lines",
    "crowded_markup",
    "crowded_segment",
    "inline_depth",
    "markup_count",
    "markup_depth",
    "nesting_bound",
    "new_parser",
    "statement_bracket_limit",
    "statement_line_limit",
    "statement_markup_limit",
    "statement_segment_limit",
    "text_lines",
]

# markdown-it replaces NUL by U+FFFD before any block rule runs, so a NUL in the text the
# table rule reads can only be a pipe we hid.
_HIDDEN_PIPE = "\x00"
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def new_parser(
    parser_class: type[MarkdownIt] = MarkdownIt, dialect: Dialect = COMMONMARK
) -> MarkdownIt:
    """A parser with the workspace's Markdown dialect; callers keep their own instance.

    `dialect` adds the site generator's syntax (dialects.py) to the reading.
    `parser_class` may override the methods markdown-it documents as a user's to replace
    (normalizeLink, validateLink…)."""
    parser = parser_class("commonmark").enable("table").use(footnote_plugin)
    parser.block.ruler.at("table", _table, {"alt": ["paragraph", "reference"]})
    # The generators' block syntax (docs/statements.md, "Site generators' blocks").
    if dialect.has("admonitions"):
        parser.use(admon_plugin)
    if dialect.has("tabs"):
        use_tabs(parser)
    if dialect.has("definition-lists"):
        parser.use(deflist_plugin)
        use_several_terms(parser)
    if dialect.has("abbreviations"):
        use_abbreviations(parser)
    if dialect.has("shortcodes") or dialect.has("liquid"):
        use_generator_blocks(
            parser, shortcodes=dialect.has("shortcodes"), liquid=dialect.has("liquid")
        )
    return parser


def split_row(row: str) -> list[tuple[int, str]]:
    """(column, raw text) of each cell of a table row, as the table rule splits it.

    Unescaped pipes end cells, except inside a code span; the leading and trailing pipe
    make no cell.
    """
    protected = _protect_line(row) if "`" in row else row
    edges = [-1, *(match.start() for match in _UNESCAPED_PIPE.finditer(protected)), len(row)]
    cells = [(left + 1, row[left + 1 : right]) for left, right in itertools.pairwise(edges)]
    if cells and not cells[0][1].strip(" \t") and row.lstrip(" \t").startswith("|"):
        cells.pop(0)
    if cells and not cells[-1][1].strip(" \t") and row.rstrip(" \t").endswith("|"):
        cells.pop()
    return cells


def _protect_line(line: str) -> str:
    """The line with each unescaped pipe inside a code span replaced by a NUL."""
    if "|" not in line:
        return line
    return "".join(
        _UNESCAPED_PIPE.sub(_HIDDEN_PIPE, piece) if is_code else piece
        for piece, is_code in code_spans(line)
    )


@lru_cache(maxsize=4)
def _protected_source(source: str) -> str:
    # Same length as the source, so every line offset markdown-it computed stays valid.
    if "`" not in source or "|" not in source:
        return source
    return "".join(
        _protect_line(line) if "`" in line else line for line in source.splitlines(keepends=True)
    )


# A table's second line: pipes, dashes, colons and blanks only (GitHub's rule reads it so).
_DELIMITER_ROW = re.compile(r"[ \t]*[-:|][-:| \t]*")


def _table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """GitHub's table rule, reading the rows with the pipes of code spans hidden.

    The rule is tried at every line a paragraph, list or quote may end on; only where the
    next line is a delimiter row is the source read with its code spans' pipes hidden.
    (Hiding them first, for the whole source, on every try, made a build grow with the
    square of a document's size once the cached copy was evicted.)"""
    following = start_line + 1
    if following >= end_line or not _DELIMITER_ROW.fullmatch(
        state.src, state.bMarks[following], state.eMarks[following]
    ):
        return False
    protected = _protected_source(state.src)
    if protected is state.src:
        return _gfm_table(state, start_line, end_line, silent)
    source = state.src
    first_token = len(state.tokens)
    state.src = protected
    try:
        found = _gfm_table(state, start_line, end_line, silent)
    finally:
        state.src = source
    for token in state.tokens[first_token:]:
        if token.type == "inline":
            token.content = token.content.replace(_HIDDEN_PIPE, "|")
    return found


# ---------------------------------------------------------------- crowding

# markdown-it-py reads each delimiter in pure Python, about 2-25 µs apiece: a link opener
# `[` costs the most, a table cell or an emphasis run less. 1 MB of `[a` took 11 s to read
# once, and check, status and build read a text several times. These characters are what
# its inline and table rules work on; a text with more of them than the limits below is
# refused before it is read, so that every reading stays well under a second. A statement
# needs a few hundred (each link is two brackets); long real documents hold 3-5 % (the
# docs of Docsy and of this project: 38,639 and 46,922 in 1.2 MB), so a statement may hold
# a tenth of its characters when that is more than MAX_STATEMENT_MARKUP: only text that
# is mostly markup (`[a[a[a…`) is refused. Escaped ones (`\*`) count too, since each
# escape is a token as well.
MARKUP_CHARACTERS = "*_[]<`|"
MARKUP_CHARACTERS_SHOWN = "*, _, [, ], <, | and backticks"  # for messages
MAX_SEGMENT_MARKUP = 10_000  # in one translation (a segment of the statement)
MAX_STATEMENT_MARKUP = 30_000  # in one statement (or a tenth of its characters)
_MARKUP_CHARACTER = re.compile(r"[*_\[\]<`|]")


# A link opener `[` costs 3-8 times another markup character (markdown-it looks for its
# label's end, and build reads a statement four times: 100,000 `[a` took it 14 s), so a
# statement may hold fewer: real documents hold 0.05-1.8 % (Docsy's changelog the most),
# so 20,000, or one per 30 characters.
MAX_STATEMENT_BRACKETS = 20_000
_BRACKET = re.compile(r"\[")


def statement_markup_limit(text: str) -> int:
    """How many markup characters a statement of this length may hold."""
    return max(MAX_STATEMENT_MARKUP, len(text) // 10)


def statement_bracket_limit(text: str) -> int:
    """How many `[` a statement of this length may hold."""
    return max(MAX_STATEMENT_BRACKETS, len(text) // 30)


def crowded_brackets(text: str, limit: int) -> tuple[int, int] | None:
    """(how many `[`, offset of the first one past `limit`) when `text` holds more than
    `limit`; None when it holds at most that many."""
    count = text.count("[")
    if count <= limit:
        return None
    past = next(itertools.islice(_BRACKET.finditer(text), limit, None))
    return count, past.start()


def markup_count(text: str) -> int:
    """How many of MARKUP_CHARACTERS `text` holds."""
    return sum(text.count(character) for character in MARKUP_CHARACTERS)


# markdown-it's block rules cost 10-40 µs a line (a list item the most: five tokens), and
# each segment is a catalogue entry that status, check and build read, check and render:
# 1 MB of `- a` lines took 10 s a reading, 125,000 one-line paragraphs a build 29 s.
# Lines holding text are counted before the statement is read, segments as they are found.
# Real statements are far below both: long documentation has 33-50 characters a line with
# text and 100-115 a segment (pandoc's 1.27 MB changelog: 22,799 lines, 11,234 segments;
# its manual and Lua filter docs, Docsy's and this project's docs), so that a statement
# may hold a line per 25 characters and a segment per 50 when that is more than the
# floors below: only text made of short lines or tiny blocks is refused.
MAX_STATEMENT_LINES = 30_000  # lines holding text, in one statement (or one per 25 characters)
MAX_STATEMENT_SEGMENTS = 20_000  # in one statement (or one per 50 characters)
MAX_SEGMENT_LINES = 1_000  # lines holding text in one translation (or twice its source's)
# A line holding text, by the line breaks markdown-it reads (CR LF, CR or LF); each try
# starts only at a line start and reads its indentation.
_TEXT_LINE = re.compile(r"(?:^|(?<=[\r\n]))[ \t]*[^ \t\r\n]")


def statement_line_limit(text: str) -> int:
    """How many lines holding text a statement of this length may have."""
    return max(MAX_STATEMENT_LINES, len(text) // 25)


def statement_segment_limit(text: str) -> int:
    """How many segments a statement of this length may have."""
    return max(MAX_STATEMENT_SEGMENTS, len(text) // 50)


def text_lines(text: str) -> int:
    """How many lines of `text` hold something but blanks."""
    return sum(1 for _ in _TEXT_LINE.finditer(text))


def crowded_lines(text: str, limit: int) -> tuple[int, int] | None:
    """(how many lines hold text, offset of the first one past `limit`) when `text` has
    more than `limit` of them; None when it has at most that many."""
    if text.count("\n") + text.count("\r") < limit:
        return None  # fewer line breaks than the limit: the usual case, counted in C
    count = text_lines(text)
    if count <= limit:
        return None
    past = next(itertools.islice(_TEXT_LINE.finditer(text), limit, None))
    return count, past.start()


def crowded_segment(text: str) -> bool:
    """Whether one segment (a translation, a memory's segment) holds more markup
    characters than is read as Markdown: such text is read, and escaped, as plain text."""
    return markup_count(text) > MAX_SEGMENT_MARKUP


def crowded_markup(text: str, limit: int, start: int = 0) -> tuple[int, int] | None:
    """(how many markup characters, offset of the first one past `limit`) when `text[start:]`
    holds more than `limit` of MARKUP_CHARACTERS; None when it holds at most that many."""
    count = markup_count(text[start:] if start else text)
    if count <= limit:
        return None
    matches = _MARKUP_CHARACTER.finditer(text, start)
    past = next(itertools.islice(matches, limit, None))
    return count, past.start()


# ---------------------------------------------------------------- nesting

# How deep markup may nest: emphasis in a link in a list item in a quote, HTML elements
# among them. A statement needs a handful of levels; the page is then walked by recursion
# (our text edition, markdown-it's alt text, WeasyPrint's layout), which 10,000 nested
# `*`, `![` or `<div>` would exhaust, so deeper markup is refused where it is read.
MAX_NESTING = 32
# An HTML start or end tag, for counting open elements only (`>` inside a quoted
# attribute is rare enough; each try stops at the next `<` or `>`).
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*>")
_VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def _html_depth(html: str, depth: int) -> tuple[int, int]:
    """(the deepest, the depth after) the tags of `html`, from `depth` open elements."""
    deepest = depth
    for match in _HTML_TAG.finditer(html):
        if match.group(1):
            depth = max(depth - 1, 0)
        elif match.group(2).lower() not in _VOID_ELEMENTS and not match.group(0).endswith("/>"):
            depth += 1
            deepest = max(deepest, depth)
    return deepest, depth


def nesting_bound(text: str) -> int:
    """At most how deep `text`'s inline markup can nest: each level takes two emphasis
    delimiters, a `[` or an opening tag (a `<` not followed by `/`). Most texts are far
    below MAX_NESTING and are not parsed (a paragraph is, in 3 ms)."""
    tags = text.count("<") - text.count("</")
    return (text.count("*") + text.count("_")) // 2 + text.count("[") + tags


def _children_depth(tokens: Sequence[Token]) -> int:
    """How deep inline tokens nest (an image's alt text one deeper), without recursion."""
    deepest = 0
    pending: list[tuple[Sequence[Token], int]] = [(tokens, 0)]
    while pending:
        children, level = pending.pop()
        tags = 0
        for token in children:
            level += token.nesting
            if token.type == "html_inline":
                inner, tags = _html_depth(token.content, tags)
                deepest = max(deepest, level + inner)
            deepest = max(deepest, level + tags)
            if token.children:
                pending.append((token.children, level + 1))
    return deepest


def inline_depth(text: str, *, dialect: Dialect = COMMONMARK) -> int:
    """How deep the inline markup of `text` (a segment, a translation) nests; 0 when it
    certainly stays within MAX_NESTING."""
    if nesting_bound(text) <= MAX_NESTING:
        return 0
    parser = _inline_parser(dialect)
    children = inline_mode_children(parser, text)  # read once: build reads it again
    if children is not None:
        return _children_depth(children)
    tokens = parser.parseInline(text)
    return max((_children_depth(token.children or []) for token in tokens), default=0)


@lru_cache(maxsize=4)
def _inline_parser(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    return new_parser(dialect=dialect)


def markup_depth(
    tokens: Sequence[Token], parse_inline: Callable[[str], Sequence[Token]]
) -> tuple[int, int]:
    """(depth, 0-based line) of the first place where a parsed document nests deeper than
    MAX_NESTING: blocks, the HTML elements its HTML blocks leave open, inline markup;
    (0, 0) when it does not. `parse_inline` gives the children of an inline token whose
    children were not parsed (only when its text could nest too deep)."""
    open_elements = 0
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            inner, open_elements = _html_depth(token.content, open_elements)
            if token.level + inner > MAX_NESTING:
                return token.level + inner, line
        if token.type != "inline":
            continue
        base = token.level + open_elements
        if base + nesting_bound(token.content) <= MAX_NESTING:
            continue
        children = token.children or parse_inline(token.content)
        depth = base + _children_depth(children)
        if depth > MAX_NESTING:
            return depth, line
    return 0, 0
