"""Inline Markdown as tagged text and as the inline elements of exchange files, and back.

One home for what the machine pass, XLIFF and the translation memory share, below all
three, so that none of them imports another for it (docs/architecture.md):

- tags.py: the vocabulary: tags, pieces of markup, a converted segment;
- scan.py: a segment's inline Markdown read into text, opaque pieces, links and emphasis;
- convert.py: that reading as tagged XML (`to_xml`) and an engine's XML back (`from_xml`);
- split.py: tagged text cut to fit a request, or changed only where it is text;
- parts.py: a segment as text and tags with ids, as exchange files and the memory see it;
- elements.py: parts as XLIFF 1.2 and TMX 1.4 inline elements, and read back;
- restore.py: parts back to Markdown, ours and other tools'.
"""

from polyglot_statement.inline.convert import from_xml, keep_pattern, to_xml
from polyglot_statement.inline.elements import (
    InlineError,
    tmx_parts,
    write_tmx,
    write_xliff,
    xliff_parts,
)
from polyglot_statement.inline.parts import (
    Close,
    Open,
    Part,
    Placeholder,
    conversion_parts,
    merge_text,
    plain_text,
    renumbered,
    signature,
    target_ids,
)
from polyglot_statement.inline.restore import (
    foreign_markdown,
    markdown_parts,
    native_markdown,
    own_markdown,
    plain_parts,
    tag_mismatch,
    to_markdown,
    untagged_markdown,
)
from polyglot_statement.inline.split import map_text, split_xml
from polyglot_statement.inline.tags import (
    IGNORED_TAG,
    Conversion,
    Piece,
    References,
    Restored,
)

__all__ = [
    "IGNORED_TAG",
    "Close",
    "Conversion",
    "InlineError",
    "Open",
    "Part",
    "Piece",
    "Placeholder",
    "References",
    "Restored",
    "conversion_parts",
    "foreign_markdown",
    "from_xml",
    "keep_pattern",
    "map_text",
    "markdown_parts",
    "merge_text",
    "native_markdown",
    "own_markdown",
    "plain_parts",
    "plain_text",
    "renumbered",
    "signature",
    "split_xml",
    "tag_mismatch",
    "target_ids",
    "tmx_parts",
    "to_markdown",
    "to_xml",
    "untagged_markdown",
    "write_tmx",
    "write_xliff",
    "xliff_parts",
]
