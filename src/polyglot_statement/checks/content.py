"""Checks of content that must survive translation unchanged: addresses and numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from polyglot_statement import numerals
from polyglot_statement.checks.base import ERROR, Check, Unit
from polyglot_statement.source import code_spans
from polyglot_statement.source.generator import without_items

# Full-width punctuation ends an address: "見 https://www.zope.org/）。2001 年" (an address
# holds such marks only percent-encoded).
_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'`“”«»（）。、，；：！？「」『』【】]+"
    r"|www\.[^\s<>\"'`“”«»（）。、，；：！？「」『』【】]+|mailto:[^\s<>\"'`]+",
    re.IGNORECASE,
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
# The `][label]` of a full or collapsed reference (no `[` inside: linear on `][[[[…`).
_REFERENCE_LABEL = re.compile(r"\]\[(?:[^\[\]\\]|\\.)*+\]")
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


# 16,384 texts, the same bound as the other text memos of the checks: a statement's texts
# come back in each of its languages, and a larger memo only held more of a big
# catalogue (65,536: about 20 MB each once full, which `check` kept to its end).
@lru_cache(maxsize=16384)
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


def _prose(unit: Unit) -> tuple[str, str]:
    """The unit's texts without generator items: the generator check reports a changed one
    (`{% link 2024-01-post.md %}`), the number and address checks need not again."""
    if not unit.dialect.extensions:
        return unit.msgid, unit.msgstr
    return without_items(unit.msgid, unit.dialect), without_items(unit.msgstr, unit.dialect)


class Addresses(Check):
    check_id = "urls"
    severity = ERROR
    description = "A URL or e-mail address of the source is missing or changed."

    def problems(self, unit: Unit) -> Iterator[str]:
        msgid, msgstr = _prose(unit)
        source = addresses(msgid)
        translation = addresses(msgstr)
        if not source and not translation:
            return
        for address in sorted((source - translation).elements()):
            yield f"{address} of the source is missing or changed"
        for address in sorted((translation - source).elements()):
            yield f"{address} is not in the source"


# A number: digits (any script's), either grouped by thousands (comma, dot, apostrophe,
# Arabic ٬, or the spaces French and others use) or the Indian way (1,00,000) with an
# optional decimal part, or plain with an optional decimal part. A decimal part followed
# by another separator and digit is not one ("2019,8,620" is 2019 and 8,620, as a list).
# Only digits bound a number: Chinese and Japanese write numbers right against words.
# Each branch starts with a digit and then looks behind it (`\d(?<!\d\d)` is `(?<!\d)\d`):
# a pattern that starts with a look-behind makes the regex engine try every position,
# 3.5× slower.
# The Indian branch does not start right after a comma: from every group of "1,11,11,…"
# it would scan the rest of the run again (quadratic on hostile text).
_NUMBER = re.compile(
    r"\d(?<!\d\d)(?<!,\d)\d?(?:,\d\d)+,\d{3}(?!\d)(?:\.\d+(?!\d|[.,]\d))?"
    r"|\d(?<!\d\d)\d{0,2}(?:[,.'\u066c \u00a0\u202f]\d{3}(?!\d))+"
    r"(?:[.,\u066b]\d+(?!\d|[.,\u066b\u066c]\d))?"
    r"|\d(?<!\d\d)\d*(?:[.,\u066b]\d+(?!\d|[.,\u066b\u066c]\d))?"
)
_GROUP_SEPARATORS = ",.'\u066c \u00a0\u202f"
_DECIMAL_SEPARATORS = ".,\u066b"
_INDIAN_GROUPING = re.compile(r"\d{1,2}(?:,\d\d)+,\d{3}")


_DIGIT = re.compile(r"\d")
_SEPARATOR = re.compile(r"([^0-9])")


def _ascii_digits(text: str) -> str:
    if text.isascii():
        return text
    return "".join(str(unicodedata.digit(char)) if char.isdigit() else char for char in text)


@lru_cache(maxsize=16384)
def _readings(token: str, decimal: str = "") -> frozenset[str]:
    """Every value the written number can stand for: whatever the locale's conventions, or
    with `decimal`, the one decimal mark of a known locale's ("," or ".")."""
    token = _ascii_digits(token)
    if token.isdigit():
        return frozenset({token.lstrip("0") or "0"})
    parts = _SEPARATOR.split(token)
    digits = parts[0::2]
    separators = parts[1::2]
    readings = set()
    # All separators group thousands ("1.000.000", "1 000")…
    if (
        all(sep in _GROUP_SEPARATORS for sep in separators)
        and all(len(group) == 3 for group in digits[1:])
        and decimal not in separators
    ):
        readings.add("".join(digits).lstrip("0") or "0")
    # …or the Indian way, by lakhs and crores ("1,00,000"), with an optional decimal part…
    whole, _, fraction = token.partition(".")
    if _INDIAN_GROUPING.fullmatch(whole) and "." not in fraction:
        value = whole.replace(",", "").lstrip("0") or "0"
        readings.add(f"{value}.{fraction}".rstrip("0").rstrip(".") if fraction else value)
    # …or the last one is the decimal mark ("1.000,5", "3.5").
    *groups, decimals = digits
    if (
        separators[-1] in _DECIMAL_SEPARATORS
        and separators[-1] in (decimal or separators[-1], "\u066b")
        and all(len(group) == 3 for group in groups[1:])
    ):
        whole = "".join(groups).lstrip("0") or "0"
        readings.add(f"{whole}.{decimals}".rstrip("0").rstrip("."))
    # As written, too: "1.2.3" (a version) and "[01,31]" (a range) are compared as they are.
    readings.add(token)
    return frozenset(readings)


_Number = tuple[str, frozenset[str]]  # as written, and every value it can stand for


@lru_cache(maxsize=16384)  # as addresses'
def numbers(text: str, decimal: str = "") -> tuple[_Number, ...]:
    """The numbers of a text, leaving out those inside URLs and code, with their readings.

    With `decimal` (the source's locale's mark), "10,000" in English is ten thousand only;
    without it (translations, which often keep the source's separators), it may be 10 too.
    A scale word after a number gives it another reading: "3 million", "300万" and
    "3 millones" share the reading 3000000.
    """
    if not _DIGIT.search(text):
        return ()
    if "://" in text or "](" in text or "<" in text or "www." in text:
        text = _URL.sub(" ", _without_links(text))
    if "][" in text:
        # A reference's label is no number of the text: `[What 2.0 means]` translated is
        # written `[Was 2.0 bedeutet][What 2.0 means]`, and would count 2.0 twice.
        text = _REFERENCE_LABEL.sub("]", text)
    if "`" in text:
        # The one code-span reader: a regex of its own re-read the rest of the text for
        # every unclosed backtick run (quadratic on hostile text), and read `a``b` wrongly.
        text = "".join(" " if is_code else piece for piece, is_code in code_spans(text))
    found: list[_Number] = []
    for match in _NUMBER.finditer(text):
        token = match.group()
        readings = _readings(token, decimal)
        end = match.end()
        after = text[end : end + 2].lstrip(" \u00a0\u202f")[:1].lower()
        if after and after in numerals.SCALE_STARTS:
            scale = numerals.SCALE_WORD.match(text, end)
        else:
            scale = None  # most numbers: no scale word can follow
        if scale is not None:
            factor = numerals.scale_of(scale.group(1))
            readings = readings | {numerals.scaled(reading, factor) for reading in readings}
        start = match.start()
        if start and text[start - 1] == "." and (start == 1 or not text[start - 2].isalnum()):
            readings = readings | _readings(f"0.{token}")  # ".66" is 0.66
        found.append((token, readings))
    return tuple(found)


@lru_cache(maxsize=16384)
def _cjk_numbers(text: str) -> tuple[_Number, ...]:
    """Chinese and Japanese numerals (三十四): they may answer a number of the source."""
    found: list[_Number] = []
    for match in numerals.CJK_NUMERAL.finditer(text):
        value = numerals.cjk_value(match.group())
        if value is not None:
            found.append((match.group(), frozenset({str(value)})))
    return tuple(found)


def _code_numbers(text: str) -> list[_Number]:
    """Numbers inside code spans: left out of the comparison, but a number the other text
    writes as prose is still there when this one writes it as code (`0`, `-1`)."""
    if "`" not in text:
        return []
    return [
        (token, _readings(token))
        for piece, is_code in code_spans(text)
        if is_code
        for token in _NUMBER.findall(piece)
    ]


# An English ordinal written with digits: 1st, 2nd, 3rd, 4th, 21st.
_ORDINAL = re.compile(r"(?<![\d.,])(\d+)(?:st|nd|rd|th)\b")


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


def _take(readings: frozenset[str], candidates: list[_Number]) -> bool:
    """Remove the first candidate sharing a reading with `readings`; whether there was one."""
    for index, (_, other) in enumerate(candidates):
        if readings & other:
            del candidates[index]
            return True
    return False


class Numbers(Check):
    check_id = "numbers"
    severity = ERROR
    description = (
        "A number or a date of the source is missing or changed, or the translation has a "
        "number the source lacks. Numbers are compared as values: any script's digits, "
        "the language's separators, Chinese and Japanese numerals, 万 and 億, month names "
        "(7 December = 12月7日) and number words of the source (one hour = 1時間)."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        msgid, msgstr = _prose(unit)
        source = numbers(msgid, numerals.decimal_mark(unit.source_language))
        written = numbers(msgstr)
        if not source and not written:
            return  # most segments
        source_language = _base(unit.source_language)
        language = _base(unit.language)
        days = numerals.day_name_numbers(language) if written else None
        if days is not None and days.search(msgstr):
            written = numbers(days.sub(" ", msgstr))  # T2 is Monday, not 2
        if source == written or [token for token, _ in source] == [t for t, _ in written]:
            # Every number copied as it was; only a month can differ.
            yield from self._months(msgid, msgstr, source_language, language, [])
            return
        translation = list(written)
        missing: list[str] = []
        without_digits: list[_Number] | None = None
        for token, readings in source:
            if _take(readings, translation):
                continue
            if without_digits is None:
                # Numbers the translation writes without digits: 三十四, "une seconde".
                without_digits = (
                    list(_cjk_numbers(msgstr))
                    + _code_numbers(msgstr)
                    + [
                        (str(value), frozenset({str(value)}))
                        for value in numerals.number_words(msgstr, language)
                    ]
                    # The month of an ISO date (2016-12-31) named: 31 de diciembre de 2016.
                    + [
                        (str(value), frozenset({str(value)}))
                        for value in numerals.months(msgstr, language)
                    ]
                )
            if not _take(readings, without_digits):
                missing.append(token)
        if missing:
            missing = _named_once(missing, msgid, msgstr)
        # What the source says without digits, and a translation may say with them: the
        # month of "7 October" (10月7日), "one hour" (1時間), "three steps" (3つ).
        implied = _code_numbers(msgid) + [
            (str(value), frozenset({str(value)}))
            for value in (
                *numerals.months(msgid, source_language, beside_numbers=False),
                *numerals.number_words(msgid, source_language),
            )
        ]
        if missing and not written:
            # "1 week" is أسبوع, "2 weeks" שבועיים: the noun's number says the count.
            said = numerals.said_by_the_noun(language)
            missing = [token for token in missing if not _readings(token) & _said(said)]
        implied_all = tuple(implied)
        yield from self._months(msgid, msgstr, source_language, language, translation)
        extra = [token for token, readings in translation if not _take(readings, implied)]
        if extra:
            # A number of the source said again ("Level 3 reset" as "レベル 3 でリセット
            # (Level 3 reset)", "hexadecimal" as 16 進 twice) changes no value; a number
            # the source lacks still counts.
            values = frozenset().union(*(readings for _, readings in (*source, *implied_all)))
            extra = [token for token in extra if not _readings(token) & values]
            if extra and language in _COUNTERS:
                counting = not missing and all(
                    readings <= _ONE for _, readings in implied_all
                )  # "a", "each" are 1; "three" would make a count of 2 a changed number
                extra = _without_counts(extra, msgstr, _COUNTERS[language], counting)
        if missing and not extra and source_language == "en" and _ORDINAL.search(msgid):
            # "the 2nd module", "3rd party" are 二つ目, terceros, 제삼자: ordinal words,
            # which no table here reads (CLDR's spell-out rules are not in Babel). Without a
            # number in their place, a missing ordinal is a word, not a changed value.
            ordinals = Counter(_ORDINAL.findall(msgid))
            kept: list[str] = []
            for token in missing:
                if ordinals[token] > 0:
                    ordinals[token] -= 1
                else:
                    kept.append(token)
            missing = kept
        if missing and extra:
            missing, extra = _split_lists(missing, extra)
        if missing and extra:
            extra, missing = _split_lists(extra, missing)  # "(0,0)" written "(0, 0)"
        # Paired in text order: one number typed wrong is one finding.
        for before, after in zip(missing, extra, strict=False):
            yield f"number {before} of the source became {after}"
        for token in missing[len(extra) :]:
            yield f"number {token} of the source is missing"
        for token in extra[len(missing) :]:
            yield f"number {token} is not in the source"

    @staticmethod
    def _months(
        source: str, translation: str, source_language: str, language: str, extra: list[_Number]
    ) -> Iterator[str]:
        """A month the source names that the translation names as another month. A month
        the translation does not name is not reported: its name may be one CLDR lacks
        (كانون الأول for December in the Levant), or written in digits."""
        named = numerals.months(source, source_language)
        if not named:
            return
        written = numerals.months(translation, language)
        changed_from = Counter(named) - Counter(written)
        changed_to = Counter(written) - Counter(named)
        if not changed_from or not changed_to:
            return
        for before, after in zip(
            sorted(changed_from.elements()), sorted(changed_to.elements()), strict=False
        ):
            if _take(frozenset({str(before)}), extra):
                continue  # the month is there in digits as well (7.12.2022)
            yield (
                f"month {numerals.month_name(before, source_language)} of the source became "
                f"{numerals.month_name(after, language)}"
            )
            _take(frozenset({str(after)}), extra)  # reported here, not again as a number


# A name with a number in it (IPv4, UTF-8, Modula-3, 2to3, i18n, 3-tuple). A translation
# that writes the name may say it again with a pronoun or not at all: "IPv4 with IPv4" is
# "IPv4 同士", "the Modula-3 report" "su reporte". A name the translation never writes
# (IPv6 for IPv4, "3 要素" for "3-tuple") still counts each time.
_NAME = re.compile(
    r"(?<![A-Za-z0-9-])(?=[A-Za-z0-9-]*[A-Za-z])(?=[A-Za-z0-9-]*[0-9])"
    r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![A-Za-z0-9-])"
)
_NAME_DIGITS = re.compile(r"[0-9]+")


def _named_once(missing: list[str], source: str, translation: str) -> list[str]:
    """`missing` less the numbers of names the source repeats and the translation writes
    fewer times, but at least once."""
    if not any(char.isascii() and char.isalpha() for char in source):
        return missing
    repeats: Counter[str] = Counter()
    for name, count in Counter(_NAME.findall(source)).items():
        written = sum(1 for found in _NAME.findall(translation) if found == name)
        if 0 < written < count:
            for digits in _NAME_DIGITS.findall(name):
                repeats[digits.lstrip("0") or "0"] += count - written
    if not repeats:
        return missing
    kept: list[str] = []
    for token in missing:
        value = token.lstrip("0") or "0"
        if repeats[value] > 0:
            repeats[value] -= 1
        else:
            kept.append(token)
    return kept


# Japanese, Chinese and Korean count with a classifier after the number (2つのクラス,
# 两个, 3가지). Such a count stands where English has an article ("a function" is
# 関数を1つ, "another" もう1つ) or lists what it counts ("`Event` and `Lock`" is
# 「`Event` と `Lock` の2つのクラス」): a translator's way of saying the same.
_COUNTERS = {
    "ja": re.compile(
        r"(?<![0-9０-９.])([0-9０-９]{1,2}) ?(?:つ|個|件|種類|回|度|人|本|枚|台|行|文字|番目)"
    ),
    "zh": re.compile(r"(?<![0-9０-９.])([0-9０-９]{1,2}) ?(?:个|個|种|種|次|件|位|条|條|项|項|行)"),
    "ko": re.compile(r"(?<![0-9０-９.])([0-9０-９]{1,2}) ?(?:개|가지|번|명|줄)"),
}
# A list a translator counts is short.
_LIST_COUNT = 10
_ONE = frozenset({"1"})


def _without_counts(
    extra: list[str], translation: str, counter: re.Pattern[str], counting: bool
) -> list[str]:
    """`extra` less the counts the translation writes with a classifier: 1 always (the
    article), and up to _LIST_COUNT when `counting` (nothing of the source is missing and
    the source says no number in words, so the count cannot stand for a changed one)."""
    counts = Counter(
        reading
        for match in counter.finditer(translation)
        for reading in _readings(match.group(1))
        if reading == "1" or (counting and int(reading) <= _LIST_COUNT)
    )
    kept: list[str] = []
    for token in extra:
        value = next(iter(_readings(token)))
        if counts[value] > 0 and len(_readings(token)) == 1:
            counts[value] -= 1
            continue
        kept.append(token)
    return kept


@lru_cache(maxsize=64)
def _said(counts: frozenset[int]) -> frozenset[str]:
    return frozenset(str(count) for count in counts)


def _base(language: str) -> str:
    return language.split("_")[0]
