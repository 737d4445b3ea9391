"""The plain-text edition, for e-mail: the rendered, sanitised page turned back into text.

Working from the HTML (not the Markdown) means the text says exactly what the page says,
with the one reading of the syntax (markdown_syntax.py). Paragraphs are wrapped at 72 characters,
headings underlined, lists and quotes kept as a mail reader expects, and every link
written out as "text <url>". A passage left in the original language keeps the page's
label, in the reader's language, in square brackets before it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from polyglot_statement.languages import text_direction
from polyglot_statement.publish.edition import Edition, Field, local_date
from polyglot_statement.publish.page_text import WorkspaceWords, page_text

WIDTH = 72
_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "aside", "header", "footer", "main", "figure",
        "figcaption", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
        "tbody", "tfoot", "tr", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "details",
        "summary", "caption",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "col", "wbr"})
# The class of the label html.py puts before a passage shown in the original language.
FALLBACK_LABEL = "fallback-label"
_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass(slots=True)
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)


# The sanitiser's output is normalised HTML: every attribute double-quoted with `"` escaped,
# every `<` in text escaped. A regular expression reads it correctly and is several times
# faster than html.parser, which matters at 10,000 editions.
# An attribute value may hold a `<` (the sanitiser escapes only `&` and `"` there), but
# every `<` outside one starts a tag. A comment's body cannot read over the start of
# another: many `<!--` with no `-->` cost linear time.
_TOKEN = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*+)>|<!--(?:[^<-]|-(?!->)|<(?!!--))*+-->|([^<]++)"
)
_ATTRIBUTE = re.compile(r'([^\s=/]+)(?:="([^"]*)")?')


def parse(fragment: str) -> Node:
    """A tree of a sanitised, well-formed HTML fragment."""
    root = Node("root")
    stack = [root]
    children = root.children  # the open element's, kept at hand: this loop is hot
    unescape = html.unescape
    for closing, tag, attributes, text in _TOKEN.findall(fragment):
        if text:
            children.append(unescape(text) if "&" in text else text)
        elif not tag:
            continue  # a comment
        elif closing:
            tag = tag.lower()
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth].tag == tag:
                    del stack[depth:]
                    children = stack[-1].children
                    break
        else:
            tag = tag.lower()
            attrs = (
                {
                    name.lower(): unescape(value) if "&" in value else value
                    for name, value in _ATTRIBUTE.findall(attributes)
                }
                if attributes
                else {}
            )
            node = Node(tag, attrs, [])
            children.append(node)
            if tag not in _VOID and not attributes.endswith("/"):
                stack.append(node)
                children = node.children
    return root


def render_text(
    edition: Edition,
    body_html: str,
    source_language: str | None = None,
    workspace: WorkspaceWords | None = None,
    parsed: Node | None = None,
) -> str:
    """The whole text edition: the front matter's title block, then the body.

    A front-matter value shown in the original (`source_language`) is labelled as the
    body's passages are. `parsed`: parse(body_html), when the caller has it (it is
    changed here)."""
    fields = edition.fields
    label = (
        f"[{page_text(edition.language, workspace).untranslated(source_language)}] "
        if source_language
        else ""
    )

    def shown(field: Field) -> str:
        return label + field.text if field.fallback else field.text

    header: list[str] = []
    organisation = fields.get("organisation")
    if organisation:
        header.append(_wrap(shown(organisation), WIDTH))
    title = fields.get("title")
    if title:
        header.append(_underline(_wrap(shown(title), WIDTH), "="))
    subtitle = fields.get("subtitle")
    if subtitle:
        header.append(_wrap(shown(subtitle), WIDTH))
    date = local_date(edition.metadata.get("date"), edition.language)
    if date:
        header.append(date)
    summary = fields.get("summary")
    if summary:
        header.append(_wrap(shown(summary), WIDTH))
    body = parse(body_html) if parsed is None else parsed
    if text_direction(edition.language) == "rtl":
        _isolate(body)
    blocks = header + _blocks(body, WIDTH)
    return "\n\n".join(block for block in blocks if block.strip()) + "\n"


# Code and URLs are left-to-right inside right-to-left text: the HTML gives them dir="ltr",
# plain text wraps them in a left-to-right isolate (LRI … PDI), so that a reader's bidi
# algorithm neither reorders `echo $?` into `?$ echo` nor lets their neutrals join the
# Arabic or Hebrew around them.
_LRI, _PDI = "\u2066", "\u2069"
_CODE = frozenset({"code", "kbd", "samp"})
ISOLATED = "data-isolated"  # on a link: its URL is written isolated


def _isolate(node: Node) -> None:
    """Mark the code and the link addresses of an RTL edition's tree as isolated."""
    for child in node.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "pre":
            code = "".join(_plain(child.children)).split("\n")
            child.children = ["\n".join(_LRI + line + _PDI if line else "" for line in code)]
        elif child.tag in _CODE:
            child.children = [_LRI, *child.children, _PDI]
        else:
            if child.tag == "a":
                child.attrs[ISOLATED] = ""
            _isolate(child)


def _blocks(node: Node, width: int) -> list[str]:
    """Text blocks of a node's children; runs of inline content become paragraphs."""
    blocks: list[str] = []
    inline: list[Node | str] = []

    def flush() -> None:
        if inline:
            paragraph = _fill(_inline(inline), width)
            if paragraph.strip():
                blocks.append(paragraph)
            inline.clear()

    for child in node.children:
        if isinstance(child, Node) and child.tag in _BLOCKS:
            flush()
            blocks.extend(_block(child, width))
        else:
            inline.append(child)
    flush()
    return blocks


def _block(node: Node, width: int) -> list[str]:
    tag = node.tag
    if tag in ("h1", "h2"):
        return [_underline(_fill(_inline(node.children), width), "=" if tag == "h1" else "-")]
    if tag == "hr":
        return ["* * *"]
    if tag == "pre":
        code = "".join(_plain(node.children)).rstrip("\n")
        return ["\n".join("    " + line if line else "" for line in code.split("\n"))]
    if tag == "blockquote":
        inner = _blocks(node, max(width - 2, 20))
        return [_prefix("\n\n".join(inner), "> ", "> ")]
    if tag in ("ul", "ol"):
        return [_list(node, width)]
    if tag == "table":
        return ["\n".join(_rows(node))]
    return _blocks(node, width)


def _list(node: Node, width: int) -> str:
    items = [child for child in node.children if isinstance(child, Node) and child.tag == "li"]
    start = int(node.attrs["start"]) if node.attrs.get("start", "").isdigit() else 1
    rendered: list[str] = []
    for number, item in enumerate(items, start=start):
        marker = f"{number}. " if node.tag == "ol" else "- "
        inner = "\n\n".join(_blocks(item, max(width - len(marker), 20)))
        rendered.append(_prefix(inner, marker, " " * len(marker)))
    loose = any(
        isinstance(child, Node) and child.tag == "p" for item in items for child in item.children
    )
    return ("\n\n" if loose else "\n").join(rendered)


def _rows(node: Node) -> Iterable[str]:
    for child in node.children:
        if not isinstance(child, Node):
            continue
        if child.tag == "tr":
            cells = [
                " ".join(_inline(cell.children).split())
                for cell in child.children
                if isinstance(cell, Node) and cell.tag in ("td", "th")
            ]
            yield " | ".join(cells)
        else:
            yield from _rows(child)


def _inline(nodes: Iterable[Node | str]) -> str:
    """Inline content as text with hard breaks as "\\n"; whitespace collapsed as HTML does."""
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(_SPACE.sub(" ", node) if _collapsible(node) else node)
        elif node.tag == "br":
            parts.append("\n")
        elif node.tag == "img":
            alt = node.attrs.get("alt", "").strip()
            parts.append(f"[{alt}]" if alt else "")
        elif node.tag == "a":
            parts.append(_link(node))
        elif node.tag == "span" and node.attrs.get("class") == FALLBACK_LABEL:
            parts.append(f"[{' '.join(plain_text(node).split())}] ")
        elif node.tag in _BLOCKS:
            parts.append(" " + " ".join(_blocks(node, WIDTH)) + " ")
        else:
            parts.append(_inline(node.children))
    return "".join(parts)


def _collapsible(text: str) -> bool:
    """Whether _SPACE would change the text; most text nodes are words and single spaces."""
    return "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text


def _link(node: Node) -> str:
    classes = node.attrs.get("class", "").split()
    if "footnote-backref" in classes:
        return ""
    text = _inline(node.children)
    if "footnote-ref" in classes:
        return f"[{text.strip()}]"
    href = node.attrs.get("href", "")
    if not href or href.startswith("#"):
        return text
    if ISOLATED in node.attrs:  # the brackets too: in RTL text they would face outwards
        if text.strip() in (href, href.removeprefix("mailto:")):
            return f"{_LRI}<{href}>{_PDI}"
        return f"{text} {_LRI}<{href}>{_PDI}"
    if text.strip() in (href, href.removeprefix("mailto:")):
        return f"<{href}>"
    return f"{text} <{href}>"


def plain_text(node: Node, labels: bool = True) -> str:
    """The text of a node, fallback labels left out unless `labels`."""
    return "".join(_plain(node.children, labels))


def _plain(nodes: Iterable[Node | str], labels: bool = True) -> Iterable[str]:
    for node in nodes:
        if isinstance(node, str):
            yield node
        elif labels or node.attrs.get("class") != FALLBACK_LABEL:
            yield from _plain(node.children, labels)


def _fill(text: str, width: int) -> str:
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(_wrap_words(line, width) for line in lines if line).strip("\n")


def _wrap(text: str, width: int) -> str:
    """Greedy wrapping at spaces; a word longer than the width stays whole (a URL, say)."""
    return _wrap_words(" ".join(text.split()), width)


def _wrap_words(text: str, width: int) -> str:
    """_wrap of a text whose words are already joined by single spaces.

    Cut at the last space within the width (string searches, not a loop over words:
    every paragraph of 10,000 editions goes through here).
    """
    if len(text) <= width:
        return text
    lines: list[str] = []
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut < 0:  # the first word is longer than the width: it gets a line of its own
            cut = text.find(" ", start + width + 1)
            if cut < 0:
                break
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return "\n".join(lines)


def _underline(text: str, char: str) -> str:
    longest = max((columns(line) for line in text.split("\n")), default=0)
    return f"{text}\n{char * longest}"


def columns(text: str) -> int:
    """The columns a line takes in a terminal or a mail reader's fixed-width font: two
    for a wide or full-width character (Chinese, Japanese, Korean), none for a combining
    mark or a format character, one for the rest."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _prefix(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join(
        (first if index == 0 else rest).rstrip()
        if not line
        else (first if index == 0 else rest) + line
        for index, line in enumerate(lines)
    )
