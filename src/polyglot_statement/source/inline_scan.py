"""The one scanner of inline Markdown's tightest-binding constructs: code spans, autolinks,
inline HTML and backslash escapes, and the link brackets around them (CommonMark 6.3).

Segmentation (table cells, image alts), the checks, the page sanitiser and the machine
pass (inline/scan.py) all find code spans and brackets here, so that a backtick or a `]`
means the same thing to each of them.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

__all__ = [
    "AUTOLINK",
    "INLINE_HTML",
    "backtick_run_end",
    "closing_bracket",
    "code_span_end",
    "code_spans",
]

AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*|[^\s@<>\\]+@[^\s@<>\\]+)>")
INLINE_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?"
    r"|/[A-Za-z][A-Za-z0-9-]*\s*"
    # A comment, processing instruction, declaration or CDATA section ends at its first
    # closing sequence, and its body does not read over the start of another: a text of
    # many `<!--` with no `-->` then costs linear time, not a read to the end per `<!--`.
    r"|!--(?:[^<-]|-(?!->)|<(?!!--))*+--"
    r"|\?(?:[^?<]|\?(?!>)|<(?!\?))*+\?"
    r"|![A-Za-z][^<>]*+"
    r"|!\[CDATA\[(?:[^\]<]|\](?!\]>)|<(?!!\[CDATA\[))*+\]\])>",
    re.DOTALL,
)


def backtick_run_end(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] == "`":
        end += 1
    return end


class _Reading:
    """What is learnt about one text while it is scanned, so nothing is read twice.

    A bracket's closing bracket, once found (or known to be missing), serves every later
    scan that meets it; backtick runs are indexed by length once. Without them, `[[[[…`
    and unclosed backtick runs of many lengths cost quadratic time or worse: 8,000 `[a`
    took 27 s.
    """

    def __init__(self, text: str):
        self.closing: dict[int, int | None] = {}
        self._text = text
        self._runs: dict[int, list[int]] | None = None

    def runs_of(self, length: int) -> list[int]:
        """Where each whole run of exactly `length` backticks starts, in order."""
        if self._runs is None:
            self._runs = {}
            for run in _BACKTICK_RUN.finditer(self._text):
                self._runs.setdefault(run.end() - run.start(), []).append(run.start())
        return self._runs.get(length, [])


_BACKTICK_RUN = re.compile(r"`+")


@lru_cache(maxsize=8)
def _reading(text: str) -> _Reading:
    return _Reading(text)


def code_span_end(text: str, start: int) -> int | None:
    """End of the code span opening at `start`, or None if its backticks never close."""
    opener_end = backtick_run_end(text, start)
    length = opener_end - start
    runs = _reading(text).runs_of(length)
    index = bisect.bisect_left(runs, opener_end)
    return runs[index] + length if index < len(runs) else None


def closing_bracket(text: str, start: int) -> int | None:
    """Index of the `]` matching the `[` at `start`.

    Escapes, code spans, autolinks and inline HTML bind tighter than link brackets
    (CommonMark 6.3): a `]` inside them closes nothing. A bracket met inside is skipped
    to its own closing one when that is known; when it has none, neither has any bracket
    around it.
    """
    closing = _reading(text).closing
    if start in closing:
        return closing[start]
    opened = [start]
    position = start + 1
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "`":
            end = code_span_end(text, position)
            position = end if end is not None else backtick_run_end(text, position)
            continue
        if char == "<":
            match = AUTOLINK.match(text, position) or INLINE_HTML.match(text, position)
            if match is not None:
                position = match.end()
                continue
        if char == "[":
            if position not in closing:
                opened.append(position)
            elif (known := closing[position]) is None:
                break
            else:
                position = known
        elif char == "]":
            closing[opened.pop()] = position
            if not opened:
                return position
        position += 1
    for bracket in opened:
        closing[bracket] = None
    return None


# What `code_spans` reads before a code span: an autolink or an HTML open or closing tag,
# as markdown-it's rules match them (a random-text comparison with markdown-it agrees in
# all but 2 of 40,000 texts; the machine pass's AUTOLINK and INLINE_HTML, which also take
# comments and declarations as opaque pieces, in all but 16).
_TAG_OR_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*"
    r"|[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*"
    r"(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?"
    r"|/[A-Za-z][A-Za-z0-9-]*\s*)>"
)


_SCANNED = re.compile(r"[\\<`]")


def code_spans(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is code span): what is inside backticks is never markup.

    An autolink or an HTML tag is read where it starts, before any code span it would
    hold (`<a title="`">`, `<https://a.org/`x>` open none), and an escaped backtick opens
    none either."""
    pieces: list[tuple[str, bool]] = []
    position = plain_start = 0
    while position < len(text):
        # Straight to the next character that matters: a step per character was most of
        # the numbers check's time on a text with a code span.
        found = _SCANNED.search(text, position)
        if found is None:
            break
        position = found.start()
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "<" and (tag := _TAG_OR_AUTOLINK.match(text, position)) is not None:
            position = tag.end()
            continue
        if char != "`":
            position += 1
            continue
        end = code_span_end(text, position)
        if end is None:
            position = backtick_run_end(text, position)  # an unmatched run is literal
            continue
        pieces.append((text[plain_start:position], False))
        pieces.append((text[position:end], True))
        position = plain_start = end
    pieces.append((text[plain_start:], False))
    return [(piece, is_code) for piece, is_code in pieces if piece]
