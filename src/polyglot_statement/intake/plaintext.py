"""Plain text, as copied from a page or typed, as a document tree: a paragraph per block
of lines between blank lines, the line breaks the author made kept.

Runs of spaces inside a line are one space (a copy from a browser keeps the page's
double spaces after full stops, which are not the author's).
"""

from __future__ import annotations

import re
from typing import Any

Node = dict[str, Any]

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def text_blocks(text: str) -> list[Node]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks: list[Node] = []
    for block in _BLANK_LINE.split(text):
        lines = [line.split() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        inlines: list[Node] = []
        for number, line in enumerate(lines):
            if number:
                inlines.append({"t": "LineBreak"})
            for index, word in enumerate(line):
                if index:
                    inlines.append({"t": "Space"})
                inlines.append({"t": "Str", "c": word})
        blocks.append({"t": "Para", "c": inlines})
    return blocks
