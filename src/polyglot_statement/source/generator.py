"""Inline generator items: the site generator's syntax inside a segment's text.

Liquid outputs and tags (`{{ site.x }}`, `{% link a.md %}`), Hugo's single shortcodes
(`{{< ref "x.md" >}}`, `{{% param x %}}`), attribute lists (`{: .note }`,
`{ #id .class }`), heading ids (`{#setup}`) and emoji shortcodes (`:smile:`) are read by
the generator, not by people. A translator sees them in the msgid as they are, like inline
code, moves them but may not change them (checks/markup.py says so at the entry's line),
and a machine engine receives each as one untranslatable tag (inline/convert.py).

Which items exist depends on the workspace's dialect (dialects.py); CommonMark has
none, so a CommonMark workspace reads exactly as before.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.source.markdown_syntax import code_spans

__all__ = [
    "GENERATOR_EXTENSIONS",
    "generator_items",
    "item_counts",
    "masked",
    "only_items",
    "trailing_item",
    "with_item_at_end",
    "without_items",
]

# The extensions whose syntax is an inline item (the block constructs are read elsewhere).
GENERATOR_EXTENSIONS = ("liquid", "shortcodes", "attr-lists", "heading-ids", "emoji")

# `{{<` … `>}}` and `{{%` … `%}}` (Hugo), `{{` … `}}` and `{%` … `%}` (Liquid, Jinja):
# each opener is closed by the first closer after it, found by bisection over the closers
# read once, so a text of many unclosed openers costs linear time.
_SHORTCODE_OPENER = re.compile(r"\{\{[<%]")
_LIQUID_OPENER = re.compile(r"\{\{(?![<%])|\{%")
_CLOSERS = {"{{<": ">}}", "{{%": "%}}", "{{": "}}", "{%": "%}"}
# An attribute: `#id`, `.class` or `key=value` (a value quoted or bare). An id may hold
# dots (Docsy's `{#0.14.2-actions}`): Goldmark and attr_list read it up to a blank or `}`.
_ATTRIBUTE = r"(?:#[\w:.-]+|\.[\w:-]+|[\w-]+=(?:\"[^\"\n{}]*\"|'[^'\n{}]*'|[^\s{}\"']+))"
# kramdown's IAL and ALD (`{: .note}`, `{:toc}`, `{::options …}`), attr_list's
# `{ #id .class key=value }`.
_ATTRIBUTE_LIST = re.compile(
    rf"\{{:[^{{}}\n]*\}}|\{{[ \t]*{_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}"
)
_HEADING_ID = re.compile(rf"\{{[ \t]*#[\w:.-]+(?:[ \t]+{_ATTRIBUTE})*[ \t]*\}}")
# `:smile:`, `:octicons-comment-16:`, `:+1:`: a name with a letter, not a time (10:30:45)
# nor part of a word or an address (`std::x`, `a:b:c`).
_EMOJI = re.compile(
    r"(?<![\w:/]):(?:(?=[a-z0-9_+-]*[a-z])[a-z0-9](?:[a-z0-9_+-]*[a-z0-9])?|\+1|-1):(?![\w/])"
)
_MARK = re.compile(r"[{:]")


def _paired(text: str, opener: re.Pattern[str], found: list[tuple[int, int]]) -> None:
    closers: dict[str, list[int]] = {}
    for match in opener.finditer(text):
        close = _CLOSERS[match.group()]
        positions = closers.get(close)
        if positions is None:
            positions = closers[close] = [m.start() for m in re.finditer(re.escape(close), text)]
        index = bisect.bisect_left(positions, match.end())
        if index < len(positions):
            found.append((match.start(), positions[index] + len(close)))


@lru_cache(maxsize=4096)
def _spans(text: str, extensions: frozenset[str]) -> tuple[tuple[int, int], ...]:
    found: list[tuple[int, int]] = []
    if "shortcodes" in extensions and "{{" in text:
        _paired(text, _SHORTCODE_OPENER, found)
    if "liquid" in extensions and "{" in text:
        _paired(text, _LIQUID_OPENER, found)
    if "attr-lists" in extensions:
        found.extend(match.span() for match in _ATTRIBUTE_LIST.finditer(text))
    elif "heading-ids" in extensions:
        found.extend(match.span() for match in _HEADING_ID.finditer(text))
    if "emoji" in extensions and ":" in text:
        found.extend(match.span() for match in _EMOJI.finditer(text))
    if not found:
        return ()
    # Code is not the generator's (a translator keeps it as code anyway), and the items
    # found first by start, then longest, win over any they overlap.
    code: list[tuple[int, int]] = []
    if "`" in text:
        position = 0
        for piece, is_code in code_spans(text):
            if is_code:
                code.append((position, position + len(piece)))
            position += len(piece)
    code_starts = [start for start, _ in code]
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda span: (span[0], -span[1])):
        if spans and start < spans[-1][1]:
            continue
        index = bisect.bisect_right(code_starts, start) - 1
        if index >= 0 and start < code[index][1]:
            continue
        spans.append((start, end))
    return tuple(spans)


def generator_items(text: str, dialect: Dialect = COMMONMARK) -> tuple[tuple[int, int], ...]:
    """(start, end) of each generator item of `text`, in order, none overlapping."""
    if not dialect.extensions or not _MARK.search(text):
        return ()
    return _spans(text, dialect.extensions)


def item_counts(text: str, dialect: Dialect = COMMONMARK) -> Counter[str]:
    """The generator items of `text`, each with how often it occurs."""
    return Counter(text[start:end] for start, end in generator_items(text, dialect))


def only_items(text: str, dialect: Dialect = COMMONMARK) -> bool:
    """Whether `text` holds generator items and nothing else to translate (blanks, `*`)."""
    spans = generator_items(text, dialect)
    return bool(spans) and not without_items(text, dialect).strip(" \t\n*_-")


def without_items(text: str, dialect: Dialect = COMMONMARK, filler: str = " ") -> str:
    """`text` with each generator item replaced by `filler`."""
    return masked(text, dialect, lambda item: filler)


def trailing_item(text: str, dialect: Dialect = COMMONMARK) -> str | None:
    """The heading id or attribute list that ends `text` after a blank, if one does.

    Hugo, kramdown and attr_list read `## Title {#id}` and a block's `{: .note}` only at
    the end of the heading or block: moved inside the text, the item becomes words on the
    page. (One written against a word, `[x](y){: .btn}`, belongs to that word and moves
    with it.)"""
    spans = generator_items(text, dialect)
    if not spans:
        return None
    start, end = spans[-1]
    item = text[start:end]
    if (
        text[end:].strip()
        or item.startswith(("{{", "{%"))
        or not item.startswith("{")
        or (start and not text[start - 1].isspace())
    ):
        return None
    return item


def with_item_at_end(text: str, item: str) -> str:
    """`text` with its last `item` moved to the end, after a space (a machine draft that
    carried a trailing item into the text: the source's place is known)."""
    stripped = text.rstrip()
    if stripped.endswith(item):
        return text
    index = text.rfind(item)
    if index < 0:
        return text
    before = text[:index].rstrip(" \t")
    after = text[index + len(item) :].lstrip(" \t")
    # A word after the item keeps a space before it; punctuation closes up.
    joiner = " " if before and after[:1].isalnum() else ""
    body = (before + joiner + after).rstrip()
    return f"{body} {item}" if body else item


def placeholder(item: str) -> str:
    """A stand-in for an item that Markdown reads as one word, and a URL keeps as it is:
    the same item always gets the same one, so a source and its translation compare."""
    return "zzgen" + hashlib.sha1(item.encode()).hexdigest()[:12] + "zz"


def masked(
    text: str, dialect: Dialect = COMMONMARK, replacement: Callable[[str], str] = placeholder
) -> str:
    """`text` with each generator item replaced by `replacement(item)`."""
    spans = generator_items(text, dialect)
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(replacement(text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
