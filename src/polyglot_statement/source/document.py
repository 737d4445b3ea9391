"""What segmentation gives: Segment (a msgid and its exact span in the source) and
Document (a statement's segments with what rebuilding it needs), and the kinds of text a
translator is told a segment holds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.source.frontmatter import YAML
from polyglot_statement.source.references import NO_DEFINITIONS, LinkDefinitions

# A line break as a statement may write it; line numbers count these.
LINE_BREAK = re.compile(r"\r\n|\r|\n")

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

# The blocks that hold others, and the kind of text they give what they hold.
CONTAINER_KIND = {
    "list_item_open": LIST_ITEM,
    "blockquote_open": BLOCK_QUOTE,
    "footnote_open": FOOTNOTE,
    "admonition_open": ADMONITION,
    "tab_open": TAB,
    "dd_open": DEFINITION,
}
# Blocks whose one line of text is a segment of its own kind, written back on one line.
ONE_LINE_KIND = {
    "admonition_title_open": ADMONITION_TITLE,
    "tab_title_open": TAB_TITLE,
    "dt_open": DEFINITION_TERM,
    "abbreviation_open": ABBREVIATION,
    "generator_title_open": SHORTCODE_TITLE,
}
ONE_LINE_KINDS = frozenset(ONE_LINE_KIND.values())


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
