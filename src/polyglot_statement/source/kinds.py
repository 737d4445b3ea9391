"""What a catalogue entry's extracted comments say its text is: Markdown from the body, or
a front-matter value (a title, a summary) that is plain text. XLIFF export and memory
export both ask, so it lives with the segmentation that writes those comments."""

from __future__ import annotations

from polyglot_statement.po import Entry
from polyglot_statement.source.document import FRONT_MATTER

GLOSSARY_PREFIX = "glossary:"
"""The extracted comments that name a glossary term (not a kind of text)."""


def is_plain_text(entry: Entry) -> bool:
    """Whether an entry is plain text: a front-matter value (a title, a summary), which
    the edition writes into YAML and the page head as it is, never as Markdown. A text
    that is also in the body is Markdown there, and protected as such."""
    kinds = [c for c in entry.extracted_comments if not c.startswith(GLOSSARY_PREFIX)]
    return bool(kinds) and all(kind.startswith(FRONT_MATTER) for kind in kinds)
