"""The vocabulary of tagged text: the tags, the pieces of markup they stand for, and a
converted segment. Shared by the way there (convert.py), the way back and the exchange
formats (parts.py), so that none of them imports another for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

IGNORED_TAG = "x"
STRONG_TAG = "b"
EMPHASIS_TAG = "i"
LINK_TAG = "a"
PAIRED_TAGS = (STRONG_TAG, EMPHASIS_TAG, LINK_TAG, IGNORED_TAG)


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of markup: for b/i/a the Markdown around the text, for x the whole source."""

    tag: str
    opening: str
    closing: str = ""
    # A collapsed or shortcut reference's label, which is its source text: when the text
    # comes back changed, the link closes with `][label]` so the label still resolves.
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Conversion:
    source: str
    xml: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Restored:
    text: str
    problem: str | None = None  # None: every piece of markup came back intact

    @property
    def intact(self) -> bool:
        return self.problem is None


References = Callable[[str], bool]
"""Whether a label (as written in the segment) is defined in the segment's document."""

# A tag of tagged text, as an engine or a file may write it: `<b i="3">`, `</b>`, `<x i="1"/>`.
TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*)((?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")


def escape(text: str) -> str:
    """Text as XML character data (only &, < and >: what tagged text escapes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
