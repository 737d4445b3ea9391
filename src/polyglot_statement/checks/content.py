"""Checks of content that must survive translation unchanged: addresses and numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from polyglot_statement.checks.base import ERROR, Check, Unit

_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'“”«»]+|www\.[^\s<>\"'“”«»]+|mailto:[^\s<>\"']+", re.IGNORECASE
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Link destinations and autolinks are the markdown check's business; leaving them out here
# reports a changed link once, not twice.
_LINK_DESTINATION = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<(?:https?|mailto):[^>\s]*>")
_TRAILING = ".,;:!?…)]}»”’'\""
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def _without_links(text: str) -> str:
    if "](" in text or "<" in text:
        return _LINK_DESTINATION.sub(" ", text)
    return text


def _clean_url(url: str) -> str:
    url = url.rstrip(_TRAILING)
    # A closing bracket belongs to the URL only if the URL opened one (Wikipedia links).
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(_TRAILING)
    return url


@lru_cache(maxsize=65536)
def addresses(text: str) -> Counter[str]:
    if "://" not in text and "@" not in text and "www." not in text.lower():
        return Counter()
    text = _without_links(text)
    found: Counter[str] = Counter()
    for match in _URL.finditer(text):
        found[_clean_url(match.group())] += 1
    for match in _EMAIL.finditer(_URL.sub(" ", text)):
        found[match.group().rstrip(".")] += 1
    return found


class Addresses(Check):
    check_id = "urls"
    severity = ERROR
    description = "A URL or e-mail address of the source is missing or changed."

    def problems(self, unit: Unit) -> Iterator[str]:
        source = addresses(unit.msgid)
        translation = addresses(unit.msgstr)
        if not source and not translation:
            return
        for address in sorted((source - translation).elements()):
            yield f"{address} of the source is missing or changed"
        for address in sorted((translation - source).elements()):
            yield f"{address} is not in the source"


# A number: digits (any script's), optionally grouped or with a decimal part. Group
# separators: comma, dot, apostrophe, Arabic ٬ and ٫, and the spaces French and others
# put between thousands (only before exactly three digits, so "2022 104" stays two).
_NUMBER = re.compile(
    r"(?<![\w.,])\d+(?:(?:[.,'\u066b\u066c]\d+)|(?:[ \u00a0\u202f]\d{3}(?!\d)))*(?!\w)"
)
_GROUP_SEPARATORS = ",.'\u066c \u00a0\u202f"
_DECIMAL_SEPARATORS = ".,\u066b"


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.digit(char)) if char.isdigit() else char for char in text)


def _readings(token: str) -> frozenset[str]:
    """Every value the written number can stand for, whatever the locale's conventions."""
    token = _ascii_digits(token)
    readings = set()
    parts = re.split(r"([^0-9])", token)
    digits = parts[0::2]
    separators = parts[1::2]
    if not separators:
        return frozenset({str(int(token))})
    # All separators group thousands ("1.000.000", "1 000")…
    if all(sep in _GROUP_SEPARATORS for sep in separators) and all(
        len(group) == 3 for group in digits[1:]
    ):
        readings.add(str(int("".join(digits))))
    # …or the last one is the decimal mark ("1.000,5", "3.5").
    *groups, decimals = digits
    if separators[-1] in _DECIMAL_SEPARATORS and all(len(group) == 3 for group in groups[1:]):
        whole = str(int("".join(groups)))
        readings.add(f"{whole}.{decimals}".rstrip("0").rstrip("."))
    if not readings:
        readings.add(token)  # "1.2.3": a version or a reference, compared as written
    return frozenset(readings)


@lru_cache(maxsize=65536)
def numbers(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    if not any(char.isdigit() for char in text):
        return ()
    text = _URL.sub(" ", _without_links(text))
    text = _CODE_SPAN.sub(" ", text) if "`" in text else text
    return tuple((match.group(), _readings(match.group())) for match in _NUMBER.finditer(text))


class Numbers(Check):
    check_id = "numbers"
    severity = ERROR
    description = (
        "A number of the source is missing or changed (any digits and the language's "
        "separators are accepted), or the translation has a number the source lacks."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        source = numbers(unit.msgid)
        translation = list(numbers(unit.msgstr))
        if not source and not translation:
            return
        missing: list[str] = []
        for written, readings in source:
            for index, (_, other) in enumerate(translation):
                if readings & other:
                    del translation[index]
                    break
            else:
                missing.append(written)
        extra = [written for written, _ in translation]
        # Paired in text order: one number typed wrong is one finding.
        for before, after in zip(missing, extra, strict=False):
            yield f"number {before} of the source became {after}"
        for written in missing[len(extra) :]:
            yield f"number {written} of the source is missing"
        for written in extra[len(missing) :]:
            yield f"number {written} is not in the source"
