"""Where TOML front matter writes its top-level strings, which tomllib does not say.

An edition replaces a translated value in place and copies every other byte, so it
needs each string's span. This scanner reads only what it must: a top-level key, then
its value (a string, an array of strings, or anything else, skipped with its strings,
comments and brackets), and stops at the first table header, after which no key is
top-level. tomllib has already read the text: this never judges its validity, and a
value it cannot place is simply not offered.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace

__all__ = ["TomlString", "TomlValue", "toml_values"]


@dataclass(frozen=True, slots=True)
class TomlString:
    value: str  # the string as tomllib reads it
    start: int  # offsets in the front matter's text, quotes included
    end: int
    line: int  # 1-based line of the opening quote in that text


@dataclass(frozen=True, slots=True)
class TomlValue:
    key: str
    line: int  # 1-based line of the key
    strings: tuple[TomlString, ...]  # the value's strings: one, or an array's


# A top-level key, bare or quoted, then the rest of a dotted key (`params.icon = …` sets
# a table's value: skipped, not offered).
_KEY_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\\n]|\\.)*\"|'[^'\n]*')"
_KEY = re.compile(
    r"[ \t]*(?:([A-Za-z0-9_-]+)|\"((?:[^\"\\\n]|\\.)*)\"|'([^'\n]*)')"
    rf"((?:[ \t]*\.[ \t]*{_KEY_PART})*)[ \t]*=[ \t]*"
)
_HEADER = re.compile(r"[ \t]*\[")
_BLANK_OR_COMMENT = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|$)")
_SPACE = re.compile(r"(?:[ \t\r\n,]|#[^\n]*)*")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_MULTI_BASIC = re.compile(r'"""(?:[^\\]|\\.)*?"""(?!")|"""(?:[^\\]|\\.)*?""""{1,2}', re.DOTALL)
_MULTI_LITERAL = re.compile(r"'''.*?'''(?!')|'''.*?''''{1,2}", re.DOTALL)
_TO_LINE_END = re.compile(r"[^\n]*")


def toml_values(content: str) -> list[TomlValue]:
    """The top-level keys of TOML front matter `content` with their strings' places."""
    values: list[TomlValue] = []
    lines = _Lines(content)
    position = 0
    while position < len(content):
        blank = _BLANK_OR_COMMENT.match(content, position)
        if blank is not None and blank.end() > position:
            position = blank.end()
            continue
        if _HEADER.match(content, position):
            break  # `[params]`: what follows belongs to a table
        key = _KEY.match(content, position)
        if key is None:
            break  # something tomllib read otherwise: place nothing more
        strings, position = _value(content, key.end())
        if key.group(4):
            continue  # a dotted key: the value is a table's
        name = next(group for group in key.groups()[:3] if group is not None)
        if key.group(2) is not None:
            name = _unescape(name)
        line = lines.at(key.start())
        placed = tuple(replace(string, line=lines.at(string.start)) for string in strings)
        values.append(TomlValue(name, line, placed))
    return values


def _value(content: str, position: int) -> tuple[list[TomlString], int]:
    """The strings of the value at `position` (offered only for a string or an array of
    strings), and where the value ends."""
    string = _string(content, position)
    if string is not None:
        return [string], string.end
    if content.startswith("[", position):
        return _array(content, position)
    if content.startswith("{", position):
        return [], _skip_bracketed(content, position)
    end = _TO_LINE_END.match(content, position)
    return [], end.end() if end else len(content)


def _array(content: str, position: int) -> tuple[list[TomlString], int]:
    strings: list[TomlString] = []
    only_strings = True
    position += 1
    while position < len(content):
        position = _SPACE.match(content, position).end()  # type: ignore[union-attr]
        if content.startswith("]", position):
            return (strings if only_strings else []), position + 1
        string = _string(content, position)
        if string is not None:
            strings.append(string)
            position = string.end
            continue
        only_strings = False
        if content[position] in "[{":
            position = _skip_bracketed(content, position)
        else:
            position += 1
    return [], len(content)


def _skip_bracketed(content: str, position: int) -> int:
    """The end of the array or inline table at `position`, its strings skipped whole."""
    depth = 0
    while position < len(content):
        char = content[position]
        if char in "\"'":
            string = _string(content, position)
            position = string.end if string is not None else position + 1
            continue
        if char == "#":
            end = _TO_LINE_END.match(content, position)
            position = end.end() if end else len(content)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return len(content)


def _string(content: str, position: int) -> TomlString | None:
    if content.startswith('"""', position):
        found, value = _MULTI_BASIC.match(content, position), None
    elif content.startswith("'''", position):
        found, value = _MULTI_LITERAL.match(content, position), None
    elif content.startswith('"', position):
        found, value = _BASIC.match(content, position), None
    elif content.startswith("'", position):
        found = _LITERAL.match(content, position)
        value = found.group()[1:-1] if found else None
    else:
        return None
    if found is None:
        return None
    if value is None:
        value = _read(found.group())
    return TomlString(value, found.start(), found.end(), 0)  # its line: toml_values's


def _read(written: str) -> str:
    """A string's value, as tomllib reads it (the one reader of TOML escapes)."""
    return str(tomllib.loads(f"v = {written}")["v"])


class _Lines:
    """Line numbers of offsets asked in increasing order, each newline counted once."""

    def __init__(self, text: str):
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _unescape(key: str) -> str:
    return _read(f'"{key}"')
