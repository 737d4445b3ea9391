"""The inline HTML tags of a text, and whether a translation's tags are the source's.

The build publishes a translation's raw HTML only when every tag is one of the source's
(publish/untrusted.py) and `check` says so first (checks/markup.py): both ask here, so a
translation `check` passes is never shown as `&lt;img …` on the page. The values of the
attributes people read (`alt`, `title`, `aria-label`) may be translated; anything else in a
tag must be copied as the source writes it.
"""

from __future__ import annotations

import re
from collections import Counter

from polyglot_statement.source.markdown_syntax import code_spans

__all__ = [
    "MARKUP_START",
    "TRANSLATABLE_ATTRIBUTES",
    "html_tags",
    "outside_code",
    "tag_shape",
    "tags_licensed",
]

TRANSLATABLE_ATTRIBUTES = ("alt", "title", "aria-label")
# Anything a Markdown renderer could read as the start of HTML or of an autolink.
MARKUP_START = re.compile(r"<(?=[A-Za-z/!?])")
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# A translatable attribute's value, quoted or bare, after a blank (so `data-alt=` is not).
_TRANSLATABLE_VALUE = re.compile(
    r"(?<=[\s])((?:alt|title|aria-label)\s*=\s*)(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)",
    re.IGNORECASE,
)
_VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def outside_code(text: str) -> str:
    return "".join(piece for piece, is_code in code_spans(text) if not is_code)


def html_tags(text: str) -> list[str]:
    """The tags of `text` (outside code spans), in order."""
    return _TAG.findall(outside_code(text))


def tag_shape(tag: str) -> str:
    """The tag with the values of its translatable attributes left out."""
    return _TRANSLATABLE_VALUE.sub(r'\1""', tag) if "=" in tag else tag


def tags_licensed(msgid: str, msgstr: str) -> bool:
    """Every tag of the translation is one of the source's (translatable attribute values
    aside), each `<` that could open markup starts one, and they nest properly."""
    source_tags = [tag_shape(tag) for tag in html_tags(msgid)]
    tags = [tag_shape(tag) for tag in html_tags(msgstr)]
    if Counter(tags) != Counter(source_tags):
        return False
    if len(MARKUP_START.findall(outside_code(msgstr))) != len(tags):
        return False
    return tags == source_tags or _nested(tags)


def _nested(tags: list[str]) -> bool:
    stack: list[str] = []
    for tag in tags:
        match = _TAG_NAME.match(tag)
        if match is None or tag.endswith("/>"):
            continue  # comments, declarations, self-closed tags
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID:
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack
