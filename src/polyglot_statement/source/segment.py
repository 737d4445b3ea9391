"""Markdown statements → translatable segments with exact source spans.

markdown-it-py finds the blocks (it gives each block its lines) and locate.py finds each
block's text inside those lines; a statement markdown-it could not read in time, or
whose markup nests too deep to publish, is refused here first. What segmentation gives
is in document.py, the way back (rebuild) in rebuild.py; both are named here too, where
callers have long imported them from.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import SourceError
from polyglot_statement.source.document import (
    ABBREVIATION,
    ADMONITION,
    ADMONITION_TITLE,
    BLOCK_QUOTE,
    DEFINITION,
    DEFINITION_TERM,
    FOOTNOTE,
    FRONT_MATTER,
    IMAGE_ALT,
    LINE_BREAK,
    LIST_ITEM,
    PARAGRAPH,
    REQUIRED_MARKER,
    SHORTCODE_TITLE,
    TAB,
    TAB_TITLE,
    TABLE_CELL,
    Document,
    Segment,
)
from polyglot_statement.source.frontmatter import split_front_matter
from polyglot_statement.source.generator import only_items
from polyglot_statement.source.inline_reading import inline_children
from polyglot_statement.source.locate import Locator
from polyglot_statement.source.markdown_syntax import (
    MARKUP_CHARACTERS_SHOWN,
    MAX_NESTING,
    MAX_STATEMENT_BRACKETS,
    MAX_STATEMENT_LINES,
    MAX_STATEMENT_MARKUP,
    MAX_STATEMENT_SEGMENTS,
    crowded_brackets,
    crowded_lines,
    crowded_markup,
    markup_depth,
    nesting_bound,
    new_parser,
    statement_bracket_limit,
    statement_line_limit,
    statement_markup_limit,
    statement_segment_limit,
)
from polyglot_statement.source.rebuild import rebuild
from polyglot_statement.source.references import NO_DEFINITIONS, LinkDefinitions
from polyglot_statement.source.runs import block_runs

__all__ = [
    "ABBREVIATION",
    "ADMONITION",
    "ADMONITION_TITLE",
    "BLOCK_QUOTE",
    "DEFINITION",
    "DEFINITION_TERM",
    "FOOTNOTE",
    "FRONT_MATTER",
    "IMAGE_ALT",
    "LIST_ITEM",
    "PARAGRAPH",
    "REQUIRED_MARKER",
    "SHORTCODE_TITLE",
    "TAB",
    "TABLE_CELL",
    "TAB_TITLE",
    "Document",
    "Segment",
    "link_definitions",
    "rebuild",
    "segment_document",
]

# Something that may be a link definition (`[label]:`; `[^note]:` is a footnote's).
# A label holds no unescaped `[` (CommonMark), which also keeps a try from reading past
# the next one: `[[[[…` costs linear time.
_DEFINITION_LIKE = re.compile(r"\[(?!\^)(?:[^\[\]\\]|\\.)++\]:")


@lru_cache(maxsize=4)
def _parser(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    parser = new_parser(dialect=dialect)
    parser.core.ruler.at("inline", _inline_where_read)
    return parser


def _inline_where_read(state: StateCore) -> None:
    """markdown-it's core `inline` rule, for the inline tokens segmentation reads the
    children of: a paragraph that may be one image (see Locator.block_segments), and text
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
        first_body_line = len(LINE_BREAK.findall(text, 0, body_start))
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
    line_starts = [0] + [match.end() for match in LINE_BREAK.finditer(text)]
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
    locator = Locator(text, line_starts, len(text) - len(body), sentence_language)
    # markdown-it normalises line endings itself; line numbers stay the same.
    env: dict[str, Any] = {}
    shallow = nesting_bound(body) <= MAX_NESTING
    runs = block_runs(body, dialect) if shallow else [(0, 0)]
    if len(runs) > 1:
        # A long body that may be cut: its tokens held a run at a time (runs.py). It has
        # no link definition or footnote, so `env` stays empty as one reading leaves it.
        found = _segments_in_runs(locator, body, runs, env, path, dialect)
    else:
        found = _segments_whole(locator, body, env, path, dialect, shallow)
    if dialect.extensions:
        # (Front matter, above, is the page's own text: the generator reads no items there.)
        found = (segment for segment in found if not only_items(segment.msgid, dialect))
    # One past the limit is enough to refuse: the rest is not looked for.
    limit = statement_segment_limit(text)
    segments.extend(itertools.islice(found, limit + 1 - len(segments)))
    segments.sort(key=lambda segment: segment.start)
    if len(segments) > limit:
        raise SourceError(
            f"the statement holds more than {limit:,} segments (paragraphs, headings, list "
            f"items, table cells) by this line; at most {MAX_STATEMENT_SEGMENTS:,}, or one "
            "per 50 characters, can be translated in one statement: split it into several "
            "statements",
            path,
            segments[-1].line,
        )
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


def _segments_in_runs(
    locator: Locator,
    body: str,
    runs: list[tuple[int, int]],
    env: dict[str, Any],
    path: Path | str,
    dialect: Dialect,
) -> Iterator[Segment]:
    """The segments of a body read a run of blocks at a time (runs.block_runs)."""
    first_body_line = locator.first_body_line
    ends = [offset for offset, _ in runs[1:]] + [len(body)]
    for (offset, line), end in zip(runs, ends, strict=True):
        tokens = _parser(dialect).parse(body[offset:end], env)
        _refuse_deep_nesting(tokens, {}, path, first_body_line + line, dialect)
        # The locator reads token lines from the run's first line.
        locator.first_body_line = first_body_line + line
        yield from locator.segments(tokens)
    locator.first_body_line = first_body_line


def _segments_whole(
    locator: Locator,
    body: str,
    env: dict[str, Any],
    path: Path | str,
    dialect: Dialect,
    shallow: bool,
) -> Iterator[Segment]:
    """The segments of a body read in one piece."""
    tokens = _parser(dialect).parse(body, env)
    references = env.get("references", {})
    if shallow:
        _refuse_deep_nesting(tokens, references, path, locator.first_body_line, dialect)
    else:
        # Only then may a paragraph have to be parsed for its depth (seconds for a
        # statement crowded with `[`), and build reads a statement twice: once per text.
        key = (dialect, hashlib.blake2b(body.encode("utf-8", "surrogatepass")).digest())
        if key not in _SHALLOW:
            _refuse_deep_nesting(tokens, references, path, locator.first_body_line, dialect)
            if len(_SHALLOW) >= 16:
                _SHALLOW.clear()
            _SHALLOW[key] = None
    # A definition with a title cannot take the next line as its title.
    locator.definition_ends = {
        locator.first_body_line + definition["map"][1]
        for definition in references.values()
        if definition.get("map") and not definition.get("title")
    }
    yield from locator.segments(tokens)


# Bodies found nested no deeper than MAX_NESTING in this process, by dialect and digest.
_SHALLOW: dict[tuple[Dialect, bytes], None] = {}


def _refuse_crowded_markup(text: str, path: Path | str) -> None:
    """A statement with more markup characters, or more lines holding text, than can be
    read in a second is refused before markdown-it reads it (markdown_syntax.crowded_markup
    and crowded_lines say why)."""
    line_limit = statement_line_limit(text)
    _refuse_past(
        text,
        path,
        crowded_lines(text, line_limit),
        f"lines holding text, past {line_limit:,} on this line; at most "
        f"{MAX_STATEMENT_LINES:,}, or one per 25 characters,",
        has=True,
    )
    limit = statement_markup_limit(text)
    _refuse_past(
        text,
        path,
        crowded_markup(text, limit),
        f"Markdown markup characters ({MARKUP_CHARACTERS_SHOWN}), past {limit:,} on this "
        f"line; at most {MAX_STATEMENT_MARKUP:,}, or a tenth of its characters,",
    )
    bracket_limit = statement_bracket_limit(text)
    _refuse_past(
        text,
        path,
        crowded_brackets(text, bracket_limit),
        f"`[`, past {bracket_limit:,} on this line; at most {MAX_STATEMENT_BRACKETS:,}, "
        "or one per 30 characters,",
    )


def _refuse_past(
    text: str, path: Path | str, found: tuple[int, int] | None, what: str, has: bool = False
) -> None:
    """Refuse the statement when `found` (how many, the offset of the first one past the
    limit) says it holds more of `what` than can be read, at the line of that offset."""
    if found is None:
        return
    count, offset = found
    raise SourceError(
        f"the statement {'has' if has else 'holds'} {count:,} {what} can be read in one "
        "statement: split it into several statements",
        path,
        len(LINE_BREAK.findall(text, 0, offset)) + 1,
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
        # Read once in the process: the checks and the renderer read it again (a paragraph
        # crowded with `*` took a second a reading).
        return inline_children(_parser(dialect), text, {"references": references})

    depth, line = markup_depth(tokens, parse_inline)
    if depth:
        raise SourceError(
            f"markup nests {depth} levels deep here (emphasis, links, images, HTML elements, "
            f"lists and quotes inside each other); at most {MAX_NESTING} can be published: "
            "simplify it",
            path,
            first_body_line + line + 1,
        )
