"""Checks that the text was translated at all and at a plausible length."""

from __future__ import annotations

import re
from collections.abc import Iterator

from polyglot_statement.checks.base import WARNING, Check, Unit

_WORD = re.compile(r"[^\W\d_]{2,}")
# Below this many words, a segment left as the source is usually a name, an acronym or a
# number; from here on it is an untranslated sentence.
IDENTICAL_MIN_WORDS = 5
# A translation shorter than half, or more than twice, the catalogue's usual
# translation/source length ratio is most often truncated or has text pasted twice.
LENGTH_MIN_SOURCE_CHARS = 40
LENGTH_LOW, LENGTH_HIGH = 0.5, 2.0
# URLs and link targets are copied, not translated: they are left out of the lengths.
# No branch's body can run over the start of another try (`](`, `<`): a failed try then
# costs only the text up to the next one, and the scan stays linear on `'<a' * N`.
_NOT_PROSE = re.compile(
    r"\]\((?:[^)\]]|\](?!\())*+\)|<[^<>\s]++>|(?:https?|ftp)://[^\s<>\"'()\]]++"
)


def prose_length(text: str) -> int:
    if "](" in text or "://" in text or "<" in text:
        return len(_NOT_PROSE.sub("", text))
    return len(text)


class Identical(Check):
    # A warning: names, slogans and quotations are rightly left as they are, and a
    # reviewer who approved the entry has already seen it is identical.
    check_id = "identical"
    severity = WARNING
    description = (
        f"A segment of {IDENTICAL_MIN_WORDS} words or more is left identical to the source."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        if unit.msgstr.strip() != unit.msgid.strip():
            return
        if len(_WORD.findall(unit.msgid)) >= IDENTICAL_MIN_WORDS:
            yield "the translation is identical to the source text"


class Length(Check):
    check_id = "length"
    severity = WARNING
    description = "The translation's length is far off the catalogue's usual length ratio."

    def problems(self, unit: Unit) -> Iterator[str]:
        source_length = prose_length(unit.msgid)
        if source_length < LENGTH_MIN_SOURCE_CHARS or not unit.msgstr:
            return
        usual = unit.usual_length_ratio or 1.0
        ratio = prose_length(unit.msgstr) / source_length / usual
        if ratio < LENGTH_LOW:
            yield f"only {ratio:.0%} of the usual length for this text; is part of it missing?"
        elif ratio > LENGTH_HIGH:
            yield f"{ratio:.0%} of the usual length for this text; is something repeated?"
