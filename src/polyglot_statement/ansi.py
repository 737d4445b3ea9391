"""Terminal colour: the one table of ANSI styles the renderers use, and whether to use
them at all (only on a terminal, never when NO_COLOR is set: https://no-color.org)."""

from __future__ import annotations

import os
from typing import TextIO

# Each style as (on, off). The off codes undo only their own style, so styles nest (a
# term underlined inside a phrase in bold) and the text around them is left as it was.
STYLES: dict[str, tuple[str, str]] = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "red": ("\x1b[31m", "\x1b[39m"),
    "green": ("\x1b[32m", "\x1b[39m"),
    "yellow": ("\x1b[33m", "\x1b[39m"),
    "magenta": ("\x1b[35m", "\x1b[39m"),
    "cyan": ("\x1b[36m", "\x1b[39m"),
    "grey": ("\x1b[90m", "\x1b[39m"),
}


def colour_allowed(requested: bool) -> bool:
    """`requested` (the output is a terminal, say), unless NO_COLOR is set to anything."""
    return requested and not os.environ.get("NO_COLOR")


def colour_wanted(stream: TextIO) -> bool:
    """Whether text written to `stream` may be coloured: a terminal, and no NO_COLOR."""
    return colour_allowed(stream.isatty())


def paint(text: str, style: str) -> str:
    """`text` in `style` (a key of STYLES)."""
    on, off = STYLES[style]
    return f"{on}{text}{off}"
