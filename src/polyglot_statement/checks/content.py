"""Checks of content that must survive translation unchanged: addresses and numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from polyglot_statement.checks.base import ERROR, Check, Unit
from polyglot_statement.source import code_spans

_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'“”«»]+|www\.[^\s<>\"'“”«»]+|mailto:[^\s<>\"']+", re.IGNORECASE
)
# Tries start only where a run of address characters starts (see memory/similarity.py).
# (The look-behind follows the first character: a pattern that starts with one makes the
# engine try every position, as _NUMBER's comment says.)
_EMAIL = re.compile(r"[\w.+-](?<![\w.+-][\w.+-])[\w.+-]*+@[\w-]+(?:\.[\w-]+)+")
# Link destinations and autolinks are the markdown check's business; leaving them out here
# reports a changed link once, not twice.
_LINK_DESTINATION = re.compile(
    r"\]\((?:[^)\s\]]|\](?!\())*+(?:\s+\"[^\"]*\")?\)|<(?:https?|mailto):[^<>\s]*+>"
)
_TRAILING = ".,;:!?…)]}»”’'\""


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


_NO_ADDRESSES: Counter[str] = Counter()  # shared, like every cached answer: never changed


@lru_cache(maxsize=65536)
def addresses(text: str) -> Counter[str]:
    if "://" not in text and "@" not in text and "www." not in text.lower():
        return _NO_ADDRESSES
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


# A number: digits (any script's), either grouped by thousands (comma, dot, apostrophe,
# Arabic ٬, or the spaces French and others use) with an optional decimal part, or plain
# with an optional decimal part. A decimal part followed by another separator and digit is
# not one ("2019,8,620" is 2019 and 8,620, as a list). Only digits bound a number: Chinese
# and Japanese write numbers right against words. Each branch starts with a digit and
# then looks behind it (`\d(?<!\d\d)` is `(?<!\d)\d`): a pattern that starts with a
# look-behind makes the regex engine try every position, 3.5× slower.
_NUMBER = re.compile(
    r"\d(?<!\d\d)\d{0,2}(?:[,.'\u066c \u00a0\u202f]\d{3}(?!\d))+"
    r"(?:[.,\u066b]\d+(?!\d|[.,\u066b\u066c]\d))?"
    r"|\d(?<!\d\d)\d*(?:[.,\u066b]\d+(?!\d|[.,\u066b\u066c]\d))?"
)
_GROUP_SEPARATORS = ",.'\u066c \u00a0\u202f"
_DECIMAL_SEPARATORS = ".,\u066b"


_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"([^0-9])")


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(char)) if char.isdigit() else char for char in text)


@lru_cache(maxsize=16384)
def _readings(token: str) -> frozenset[str]:
    """Every value the written number can stand for, whatever the locale's conventions."""
    token = _ascii_digits(token)
    if token.isdigit():
        return frozenset({token.lstrip("0") or "0"})
    parts = _SEPARATOR.split(token)
    digits = parts[0::2]
    separators = parts[1::2]
    readings = set()
    # All separators group thousands ("1.000.000", "1 000")…
    if all(sep in _GROUP_SEPARATORS for sep in separators) and all(
        len(group) == 3 for group in digits[1:]
    ):
        readings.add("".join(digits).lstrip("0") or "0")
    # …or the last one is the decimal mark ("1.000,5", "3.5").
    *groups, decimals = digits
    if separators[-1] in _DECIMAL_SEPARATORS and all(len(group) == 3 for group in groups[1:]):
        whole = "".join(groups).lstrip("0") or "0"
        readings.add(f"{whole}.{decimals}".rstrip("0").rstrip("."))
    if not readings:
        readings.add(token)  # "1.2.3": a version or a reference, compared as written
    return frozenset(readings)


@lru_cache(maxsize=65536)
def numbers(text: str) -> tuple[str, ...]:
    """The numbers of a text as written, leaving out those inside URLs and code."""
    if not _DIGIT.search(text):
        return ()
    if "://" in text or "](" in text or "<" in text or "www." in text:
        text = _URL.sub(" ", _without_links(text))
    if "`" in text:
        # The one code-span reader: a regex of its own re-read the rest of the text for
        # every unclosed backtick run (quadratic on hostile text), and read `a``b` wrongly.
        text = "".join(" " if is_code else piece for piece, is_code in code_spans(text))
    return tuple(_NUMBER.findall(text))


_LIST_COMMA = re.compile(r"[,\u060c\u066c]")


def _split_lists(missing: list[str], extra: list[str]) -> tuple[list[str], list[str]]:
    """Read "2024,40" as the two numbers of a list, when both are numbers the source has."""
    still_extra: list[str] = []
    for token in extra:
        parts = _LIST_COMMA.split(token)
        wanted = list(missing)
        for part in parts:
            match = (
                next((m for m in wanted if _readings(m) & _readings(part)), None) if part else None
            )
            if match is None:
                break
            wanted.remove(match)
        else:
            if len(parts) > 1:
                missing = wanted
                continue
        still_extra.append(token)
    return missing, still_extra


class Numbers(Check):
    check_id = "numbers"
    severity = ERROR
    description = (
        "A number of the source is missing or changed (any digits and the language's "
        "separators are accepted), or the translation has a number the source lacks."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        source = numbers(unit.msgid)
        written = numbers(unit.msgstr)
        if source == written:
            return  # the usual case: every number copied as it was
        translation = [(token, _readings(token)) for token in written]
        missing: list[str] = []
        for token in source:
            readings = _readings(token)
            for index, (_, other) in enumerate(translation):
                if readings & other:
                    del translation[index]
                    break
            else:
                missing.append(token)
        extra = [token for token, _ in translation]
        if missing and extra:
            missing, extra = _split_lists(missing, extra)
        # Paired in text order: one number typed wrong is one finding.
        for before, after in zip(missing, extra, strict=False):
            yield f"number {before} of the source became {after}"
        for token in missing[len(extra) :]:
            yield f"number {token} of the source is missing"
        for token in extra[len(missing) :]:
            yield f"number {token} is not in the source"
