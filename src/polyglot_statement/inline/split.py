"""Tagged text an engine is sent in parts, or changed only where it is text."""

from __future__ import annotations

import bisect
import html
from collections.abc import Callable, Iterable

from polyglot_statement.inline.tags import IGNORED_TAG, TAG, escape

_SPLIT_WINDOW = 8000  # characters given to the sentence splitter at a time (it is quadratic)
_SPLIT_OVERLAP = 400


def split_xml(
    xml: str, fits: Callable[[str], bool], sentence_starts: Callable[[str], Iterable[int]]
) -> list[tuple[str, str]] | None:
    """`xml` in parts that each `fits`, cut only at sentence starts outside every element.

    Each part is balanced XML, so an engine translates it as it would the whole; the
    parts' translations joined with the whitespace between them (the second item of each
    pair) make the translation of `xml`. None when some stretch that does not fit has no
    such cut.
    """
    tags = [
        (match.start(), match.end(), match.group(1), match.group(4)) for match in TAG.finditer(xml)
    ]
    plain = list(xml)  # tags blanked out, so the splitter sees text at the same offsets
    tag_ends: list[int] = []
    depth_after: list[int] = []
    depth = 0
    for start, end, closing, empty in tags:
        plain[start:end] = " " * (end - start)
        if not empty:
            depth += -1 if closing else 1
        tag_ends.append(end)
        depth_after.append(depth)
    blank = "".join(plain)
    tag_starts = {end: start for start, end, _, _ in tags}

    def cut_before(position: int) -> int | None:
        """A safe cut at this sentence start: before the tags that open it, outside all."""
        while position in tag_starts and xml[tag_starts[position] + 1] != "/":
            position = tag_starts[position]  # `<b i="3">Bold…`: cut before the tag
        index = bisect.bisect_right(tag_ends, position) - 1
        inside_tag = index + 1 < len(tags) and tags[index + 1][0] < position
        if inside_tag or (index >= 0 and depth_after[index] != 0):
            return None
        return position

    parts: list[tuple[str, str]] = []
    start = 0
    while not fits(xml[start:]):
        low, high = start, len(xml)  # xml[start:low] fits, xml[start:high] does not
        while high - low > 1:
            middle = (low + high) // 2
            if fits(xml[start:middle]):
                low = middle
            else:
                high = middle
        cut = None
        window_end = low
        while cut is None:
            window_start = max(start, window_end - _SPLIT_WINDOW)
            found = [
                position
                for relative in sentence_starts(blank[window_start:window_end])
                if (position := cut_before(window_start + relative)) is not None
                and start < position <= low
                and xml[start:position].strip()
            ]
            if found:
                cut = max(found)
            elif window_start == start:
                return None
            else:
                window_end = window_start + _SPLIT_OVERLAP
        end = cut
        while xml[end - 1].isspace():
            end -= 1
        parts.append((xml[start:end], xml[end:cut]))
        start = cut
    parts.append((xml[start:], ""))
    return parts


def map_text(xml: str, function: Callable[[str], str]) -> str:
    """Apply `function` to the translatable text of `xml`: outside tags and ignored elements."""
    out: list[str] = []
    ignored_depth = 0
    position = 0
    for match in TAG.finditer(xml):
        piece = xml[position : match.start()]
        out.append(piece if ignored_depth or not piece else escape(function(html.unescape(piece))))
        out.append(match.group(0))
        closing, name, _, empty = match.groups()
        if name == IGNORED_TAG and not empty:
            ignored_depth += -1 if closing else 1
        position = match.end()
    tail = xml[position:]
    out.append(tail if ignored_depth or not tail else escape(function(html.unescape(tail))))
    return "".join(out)
