"""Test helper: the text of every block Python-Markdown renders, to compare with our segments."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote"}


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[list[str]] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.stack.append([])
        if tag == "img" and self.stack is not None:
            alt = dict(attrs).get("alt")
            if alt:
                self.blocks.append(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS and self.stack:
            text = " ".join("".join(self.stack.pop()).split())
            if text:
                self.blocks.append(text)

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1].append(data)


def python_markdown_blocks(body: str) -> list[str]:
    html = markdown.markdown(body, extensions=["tables", "footnotes"])
    parser = _Blocks()
    parser.feed(html)
    return parser.blocks


SKELETON_TAGS = BLOCK_TAGS | {"ul", "ol", "pre", "table", "tr", "hr", "section", "div"}


class _Skeleton(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKELETON_TAGS:
            self.tags.append(f"{'  ' * self.depth}{tag}")
            if tag != "hr":
                self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKELETON_TAGS and tag != "hr":
            self.depth -= 1


def block_skeleton(html: str) -> list[str]:
    """The block elements of an HTML fragment, indented by nesting: its structure."""
    parser = _Skeleton()
    parser.feed(html)
    return parser.tags


def python_markdown_html(body: str) -> str:
    return markdown.markdown(body, extensions=["fenced_code", "tables", "footnotes"])
