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
        if (
            "  " in unit.msgstr
            and _DOUBLED_SPACE.search(unit.msgstr)
            and not _DOUBLED_SPACE.search(unit.msgid)
        ):
            yield "doubled space"


# What may follow the last punctuation mark: closing quotes, brackets, emphasis markers.
_CLOSERS = "\"'”’»)]*_`"
_TERMINAL = ".!?…:;؟。！？"
_QUESTION = {"ar": "؟", "fa": "؟", "ur": "؟", "zh": "？", "ja": "？"}
_QUESTION_MARKS = frozenset("?؟？")
# French typography: a (narrow) no-break space, or a plain space, before ; : ! ?
_FRENCH_TIGHT = re.compile(r"(?<=[\w»\)\]*_’”])([;:!?])(?![\w/])")
# Each try starts where the one before it cannot have read past (a scheme at the start of
# its run, `](` and `[^` not inside a body), so a hostile line costs linear time.
_URLISH = re.compile(
    r"(?<![a-z0-9+.-])[0-9+.-]*+[a-z][a-z0-9+.-]*+://[^\s)\]]++"
    r"|\]\((?:[^)\]]|\](?!\())*+\)|`[^`]*+`|\[\^[^\[\]]*+\]"
)
_IMAGE_BANG = re.compile(r"!(?=\[)")
_FRENCH_MARKS = re.compile(r"[;:!?]")  # without one, _FRENCH_TIGHT cannot match


def _end_mark(text: str) -> str:
    """The last punctuation mark, looking through closing quotes and emphasis; "" if none."""
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    if stripped and stripped[-1] in _TERMINAL:
        return stripped[-1]
    return ""


def _base(language: str) -> str:
    return language.split("_")[0]


class Punctuation(Check):
    check_id = "punctuation"
    severity = WARNING
    description = (
        "End punctuation does not match the source in the language's way (¿…? and ¡…! in "
        "Spanish, ؟ in Arabic), or French lacks the space before ; : ! ?"
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        language = _base(unit.language)
        source_end = _end_mark(unit.msgid)
        end = _end_mark(unit.msgstr)
        question = _QUESTION.get(language, "?")
        if source_end and not end:
            yield f"ends without punctuation where the source ends with “{source_end}”"
        elif end and not source_end and end not in ":;":
            yield f"ends with “{end}” where the source has no end punctuation"
        elif end != question and (source_end in _QUESTION_MARKS or end in _QUESTION_MARKS):
            yield f"a question ends with “{question}” in this language, not “{end}”"
        if language in ("es", "gl", "ast") and ("?" in unit.msgstr or "!" in unit.msgstr):
            text = _IMAGE_BANG.sub("", _URLISH.sub(" ", unit.msgstr))
            for opening, closing in (("¿", "?"), ("¡", "!")):
                if text.count(closing) > text.count(opening):
                    yield f"“{closing}” without the opening “{opening}”"
        if language == "fr" and _FRENCH_MARKS.search(unit.msgstr):
            text = _URLISH.sub(" ", unit.msgstr)
            for match in _FRENCH_TIGHT.finditer(text):
                if match.group(1) == ":" and text[match.end() : match.end() + 1].isdigit():
                    continue  # a time, 10:30
                yield f"no space before “{match.group(1)}” (French puts a no-break space there)"
                break
