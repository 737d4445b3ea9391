"""A long Markdown body cut into runs of top-level blocks that read the same apart.

markdown-it holds a whole document's tokens while it reads it, about three per paragraph
and 400 bytes each: a statement of 10⁵ paragraphs (7 MB) took 160 MB to segment and as
much to render. Read a run at a time, only one run's tokens are held. A cut is made only
where nothing can join the blocks on either side, and only in a body where that is sure
without reading it: otherwise the body is one run, read whole as before.

A cut goes before a line that starts, at its first column, with a letter, after a blank
line, outside a fenced code block. No container (list, quote, table, indented code)
continues there: after a blank line only an indented line continues a list item, and
nothing continues a quote, a table or a paragraph. The body must hold none of what joins
blocks across a document: link reference definitions (a link may use one defined
anywhere), footnotes (numbered in document order, their bodies gathered at the end), HTML
blocks (a comment or `<pre>` spans blank lines; `<!-- polyglot: required -->` marks the
block after it) and the site generators' blocks (a dialect with extensions).
"""

from __future__ import annotations

import re

from polyglot_statement.dialects import Dialect

__all__ = ["RUN_SIZE", "block_runs"]

# Characters a run holds at least before the next cut: small enough that its tokens are
# a few megabytes, large enough that the runs cost nothing over one reading.
RUN_SIZE = 200_000

# What joins blocks across a document (see the module's docstring). `[^` and `^[` are
# footnotes, `]:` a possible link definition (one is found by the block rules only), a
# `<` within the first four columns a possible HTML block.
_JOINS = re.compile(r"\[\^|\^\[|\]:|^ {0,3}<", re.MULTILINE)
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")


def block_runs(body: str, dialect: Dialect, size: int = RUN_SIZE) -> list[tuple[int, int]]:
    """(offset, first line) of each run of `body`, in order; one run, (0, 0), when the body
    is shorter than `size` or may not be cut."""
    if len(body) <= size or dialect.extensions or "\r" in body or _JOINS.search(body):
        return [(0, 0)]
    runs = [(0, 0)]
    fence = ""  # the open fence's marker (its character, as many times as it has them)
    blank = False
    offset = 0
    for number, line in enumerate(body.split("\n")):
        if fence:
            closing = _FENCE.fullmatch(line)
            if closing is not None and _closes(closing, fence):
                fence = ""
        elif (opening := _FENCE.fullmatch(line)) is not None and _opens(opening):
            if line[0] == " ":
                # Indented, it may be a list item's fence, which the item's end closes
                # unseen here: where its fence really ends is not sure without reading.
                return [(0, 0)]
            fence = opening.group(1)
        elif blank and line[:1].isalpha() and offset - runs[-1][0] >= size:
            runs.append((offset, number))
        blank = not line.strip(" \t")
        offset += len(line) + 1
    return runs


def _opens(match: re.Match[str]) -> bool:
    # A backtick fence's info string holds no backtick (CommonMark): ```a`b is code.
    return not (match.group(1)[0] == "`" and "`" in match.group(2))


def _closes(match: re.Match[str], fence: str) -> bool:
    marker = match.group(1)
    return marker[0] == fence[0] and len(marker) >= len(fence) and not match.group(2).strip(" \t")
