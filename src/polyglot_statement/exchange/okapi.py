"""Okapi's XLIFF of a .po file (Tikal's `-x`, Rainbow, and the tools built on Okapi's
filters), read as Okapi's own merge reads it.

Okapi's PO filter keeps each .po string as the file holds it, its wraps joined: the
escapes stay (`\\"`, `\\\\`), and what its code finder takes for a code (printf's `%s`,
`{1}`, the escapes `\\n` and `\\t`) becomes `<x id="N"/>`, with nothing of the code in
the file (Tikal writes placeholders only). Its merge puts each code back by id from the
.po beside it and writes a target between quotes as it is. Such a <file> says
`datatype="x-application/x-gettext"`.

A unit finds its entry by its source, each code standing for the text of one of the
filter's default codes (else for any text, for a filter configured otherwise), matched
against each entry's msgid as the .po writes it; where several entries match (one msgid,
several msgctxt), the unit's `resname` tells which: Okapi makes it from msgctxt and msgid
(see `okapi_name`). The codes' text then comes from the msgid, and the target is read as
Okapi's merge would write it into the .po.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from polyglot_statement.inline import Part, tag_mismatch
from polyglot_statement.po import Entry
from polyglot_statement.po.parser import BadEscape, unescape
from polyglot_statement.po.wrap import escape

DATATYPE = "x-application/x-gettext"

# The default rules of Okapi's PO filter's code finder (filters/po Parameters.reset()).
_DEFAULT_CODES = "|".join(
    [
        r"%(([-0+#]?)[-0+#]?)((\d\$)?)(([\d\*]*)(\.[\d\*]*)?)[dioxXucsfeEgGpn]",
        r"(\\r\\n)|\\a|\\b|\\f|\\n|\\r|\\t|\\v",
        r"\{\d[^\\]*?\}",
    ]
)


def is_okapi_po(file: Any) -> bool:
    """Whether an XLIFF 1.2 <file> is Okapi's extraction of a .po file."""
    return bool(file.get("datatype") == DATATYPE)


def okapi_name(msgctxt: str | None, msgid: str) -> str:
    """The resname Okapi's PO filter gives an entry: `Util.makeId("messages::" + msgctxt
    + msgid)` on the strings as the .po holds them, a P or N and the hex of Java's
    String.hashCode (the default domain; a .po with a `domain` line names its own)."""
    number = 0
    data = f"messages::{escape(msgctxt or '')}{escape(msgid)}".encode("utf-16-be")
    for index in range(0, len(data), 2):
        number = (31 * number + int.from_bytes(data[index : index + 2], "big")) & 0xFFFFFFFF
    signed = number - (1 << 32) if number >= 1 << 31 else number
    return f"{'P' if signed > 0 else 'N'}{number:X}"


@dataclass(frozen=True, slots=True)
class Found:
    """A unit's entry, and its target as the .po will hold it (None: no target), or what
    is wrong with the target (`problem`; `bad_escape` tells a bad escape from bad tags)."""

    entry: Entry
    target: str | None
    problem: str | None = None
    bad_escape: bool = False


class OkapiEntries:
    """A catalogue's entries as Okapi's PO filter shows them, read once."""

    def __init__(self, entries: Sequence[Entry]):
        self.literals = [(entry, escape(entry.msgid)) for entry in entries]
        self.by_literal: dict[str, list[Entry]] = {}
        for entry, literal in self.literals:
            self.by_literal.setdefault(literal, []).append(entry)

    def match(
        self, source: Sequence[Part], resname: str
    ) -> tuple[Entry, dict[tuple[str, str], str]] | None:
        """The entry whose msgid a unit's source shows, and the text of each of the
        source's codes as the .po holds it; None when no entry, or several that the
        unit's resname does not tell apart, match."""
        if all(isinstance(part, str) for part in source):  # no code: one look-up
            found = self.by_literal.get("".join(map(str, source)), [])
            if len(found) > 1:
                found = [entry for entry in found if _named(entry, resname)]
            return (found[0], {}) if len(found) == 1 else None
        pattern = _pattern(source, _DEFAULT_CODES)
        matches: list[tuple[Entry, dict[int, str]]] = [
            (entry, {index: match.group(f"c{index}") for index in _codes(source)})
            for entry, literal in self.literals
            if (match := pattern.fullmatch(literal)) is not None
        ]
        if len(matches) > 1:
            matches = [(entry, codes) for entry, codes in matches if _named(entry, resname)]
        if not matches:
            matches = [
                (entry, codes)
                for entry, literal in self.literals
                if (codes := _any_codes(source, literal)) is not None
            ]
            if len(matches) > 1:
                matches = [(entry, codes) for entry, codes in matches if _named(entry, resname)]
        if len(matches) != 1:
            return None
        entry, codes = matches[0]
        return entry, {code_key(source[index]): text for index, text in codes.items()}

    def find(
        self, source: Sequence[Part], target: Sequence[Part] | None, resname: str
    ) -> Found | None:
        """A unit's entry (see `match`) and its target as the .po will hold it."""
        matched = self.match(source, resname)
        if matched is None:
            return None
        entry, codes = matched
        if target is None:
            return Found(entry, None)
        problem = tag_mismatch(source, target)
        if problem is not None:
            return Found(entry, None, problem)
        literal = "".join(
            part if isinstance(part, str) else codes[code_key(part)] for part in target
        )
        try:
            return Found(entry, unescape(literal))
        except BadEscape as error:
            return Found(entry, None, str(error), bad_escape=True)


def code_key(part: Part) -> tuple[str, str]:
    """What tells a code from the others: its kind and id."""
    return type(part).__name__, getattr(part, "id", "")


def _named(entry: Entry, resname: str) -> bool:
    """Whether Okapi gives `entry` the unit's resname."""
    return okapi_name(entry.msgctxt, entry.msgid) == resname


def _codes(source: Sequence[Part]) -> list[int]:
    return [index for index, part in enumerate(source) if not isinstance(part, str)]


def _any_codes(source: Sequence[Part], literal: str) -> dict[int, str] | None:
    """The text each code of `source` stands for when a code may be any text (a filter
    configured otherwise), by the code's index; None when the source's texts are not the
    literal's with some text for each code.

    What a `fullmatch` of the source's texts with `.+?` for each code finds, without its
    backtracking (four codes between repeated letters took it seconds on one msgid of 300
    characters, five minutes): each text is taken at its first place that leaves a
    character to each code before it, which leaves the most room to the rest as the lazy
    pattern's first match does, and the last text at the literal's end. Of codes side by
    side, each but the last stands for one character, as with the pattern."""
    texts = [""]  # literal = texts[0] groups[0] texts[1] groups[1] … texts[-1]
    groups: list[list[int]] = []
    after_code = False
    for index, part in enumerate(source):
        if isinstance(part, str):
            if part:
                texts[-1] += part
                after_code = False
        elif after_code:
            groups[-1].append(index)
        else:
            groups.append([index])
            texts.append("")
            after_code = True
    if not literal.startswith(texts[0]) or (not groups and literal != texts[0]):
        return None
    found: dict[int, str] = {}
    position = len(texts[0])
    for number, group in enumerate(groups, 1):
        text = texts[number]
        least = position + len(group)
        if number == len(groups):
            start = len(literal) - len(text)
            if start < least or not literal.endswith(text):
                return None
        else:
            start = literal.find(text, least)
            if start < 0:
                return None
        for code in group[:-1]:
            found[code] = literal[position]
            position += 1
        found[group[-1]] = literal[position:start]
        position = start + len(text)
    return found


def _pattern(source: Sequence[Part], code: str) -> re.Pattern[str]:
    return re.compile(
        "".join(
            re.escape(part) if isinstance(part, str) else f"(?P<c{index}>{code})"
            for index, part in enumerate(source)
        )
    )
