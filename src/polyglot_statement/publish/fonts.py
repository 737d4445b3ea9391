"""An organisation's own font files (the `print.fonts` setting), checked and described.

Each file is read once, before anything is rendered, with fontTools: a missing,
unreadable or broken file is the user's to fix (`path: what is wrong`, exit 2) and is
reported before dist/ is touched, not as a silent fallback to another face in print.
The family, weight and style come from the font's own name and OS/2 tables, so that
one `@font-face` per file lets the print stylesheet pick the bold or italic face.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyglot_statement.config import MAX_FONT_SIZE
from polyglot_statement.errors import FontError
from polyglot_statement.fsutil import FileFault, InputBounds, read_input

_FAMILY_NAMES = (16, 1)  # typographic family, then the legacy family name
_ITALIC_BIT = 1  # OS/2 fsSelection bit 0


@dataclass(frozen=True, slots=True)
class FontFile:
    path: Path  # absolute
    family: str
    weight: int  # 100–900
    italic: bool
    sha256: str


def read_font_files(paths: tuple[Path, ...]) -> tuple[FontFile, ...]:
    """Every font file, described; FontError for the first one that cannot be used."""
    return tuple(read_font_file(path) for path in paths)


def read_font_file(path: Path) -> FontFile:
    try:
        data = read_input(path, FontError, InputBounds(max_size=MAX_FONT_SIZE))
    except FileFault as fault:
        # Exit 2, not the system-fault 3: the settings name a file the user must fix.
        raise FontError(f"cannot be read: {fault.message}", path) from None
    if data is None:
        raise FontError("no such font file; the `print.fonts` setting names it", path)
    # Imported here: fontTools takes 0.02 s to import, which a build that prints nothing
    # should not pay (this module is loaded with the build's).
    from fontTools.ttLib import TTFont, TTLibError

    if data[:4] == b"ttcf":
        raise FontError(
            "is a font collection (.ttc); name one font file (.ttf, .otf, .woff, .woff2)", path
        )
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        family = _family(font)
        os2 = font.get("OS/2")
        weight = int(os2.usWeightClass) if os2 is not None else 400
        italic = bool(os2.fsSelection & _ITALIC_BIT) if os2 is not None else False
        if "cmap" not in font or font.getBestCmap() is None:
            raise FontError("has no character map (cmap): it can show no text", path)
    except FontError:
        raise
    except (TTLibError, KeyError, ValueError, AssertionError, IndexError, EOFError) as error:
        raise FontError(
            f"is not a font file fontTools can read (TrueType, OpenType, WOFF, WOFF2): {error}",
            path,
        ) from None
    if family is None:
        raise FontError("has no family name in its name table", path)
    return FontFile(
        path=path.resolve(),
        family=family,
        weight=min(900, max(100, round(weight / 100) * 100)),
        italic=italic,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _family(font: Any) -> str | None:
    if "name" not in font:
        return None
    for name_id in _FAMILY_NAMES:
        name = font["name"].getDebugName(name_id)
        if name:
            return str(name).strip()
    return None


def font_face_rules(fonts: tuple[FontFile, ...]) -> str:
    """The CSS `@font-face` rules that make each file available by its family name."""
    rules = []
    for font in fonts:
        rules.append(
            "@font-face { "
            f"font-family: {css_string(font.family)}; "
            f"src: url({css_string(font.path.as_uri())}); "
            f"font-weight: {font.weight}; "
            f"font-style: {'italic' if font.italic else 'normal'}; }}"
        )
    return "\n".join(rules)


def css_string(text: str) -> str:
    """`text` as a CSS string literal: nothing in it can end the string, the rule or the
    `<style>` element the stylesheet goes into."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>' or ord(char) < 0x20 or ord(char) == 0x7F else char
        for char in text
    )
    return f'"{escaped}"'
