"""Checks of spacing and punctuation, which differ by language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from polyglot_statement.checks.base import WARNING, Check, Unit

_DOUBLED_SPACE = re.compile(r"(?<=\S)  +(?=\S)")


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


class Whitespace(Check):
    check_id = "whitespace"
    severity = WARNING
    description = "Leading or trailing whitespace differs from the source, or spaces are doubled."

    def problems(self, unit: Unit) -> Iterator[str]:
        source, translation = _leading(unit.msgid), _leading(unit.msgstr)
        if source != translation:
            yield f"leading whitespace {translation!r} differs from the source's {source!r}"
        source, translation = _trailing(unit.msgid), _trailing(unit.msgstr)
        if source != translation:
            yield f"trailing whitespace {translation!r} differs from the source's {source!r}"
        if _DOUBLED_SPACE.search(unit.msgstr) and not _DOUBLED_SPACE.search(unit.msgid):
            yield "doubled space"
