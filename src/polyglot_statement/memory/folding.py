"""Text folded for search: accents and typographic variants set aside, as a reader
searching a memory expects ("republica" finds "república", "workers' rights" finds
"workers’ rights", "1990-2000" finds "1990–2000").

`fold` keeps the length of the text, character for character, so that a span found in
the folded text is the same span of the original: a letter loses its Latin, Greek or
Cyrillic accents (the combining marks U+0300–U+036F, after canonical decomposition),
apostrophes and quotation marks become ' and ", dashes and hyphens -, the no-break spaces
a space; everything is lower-cased where that is one character. Marks outside that
block (Arabic vowel signs, Devanagari matras, Hebrew points) are letters' own, not
accents, and are kept.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_TYPOGRAPHIC = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00a0\u2007\u202f\u2009\u200a", " "),
}


def _fold_char(char: str, lower: bool) -> str:
    folded = _folded_char(char, lower)
    # Latin-1 stays Latin-1 (µ is not made μ), so that its fast path below is the same.
    return char if char <= "\xff" < folded else folded


def _folded_char(char: str, lower: bool) -> str:
    typographic = _TYPOGRAPHIC.get(char)
    if typographic is not None:
        return typographic
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) > 1 and all("\u0300" <= mark <= "\u036f" for mark in decomposed[1:]):
        char = decomposed[0]
    if not lower:
        return char
    folded = char.casefold()
    if len(folded) != 1:
        folded = char.lower()
    return folded if len(folded) == 1 else char


class _Folds(dict[int, str]):
    """str.translate's table, filled as characters are met: a character seen before is a
    lookup in C, not a call into Python."""

    def __init__(self, lower: bool) -> None:
        super().__init__()
        self._lower = lower

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code), self._lower)
        return folded


_FOLDS = {True: _Folds(True), False: _Folds(False)}


@lru_cache(maxsize=2)
def _latin1_table(lower: bool) -> bytes:
    return bytes(ord(_fold_char(chr(code), lower)) for code in range(256))


def fold(text: str, lower: bool = True) -> str:
    """`text` folded for search, of the same length (see the module's docstring);
    `lower=False` keeps the case (memory matching, where "Send" at a sentence's start is
    not "send" in its middle)."""
    if text.isascii():
        return text.lower() if lower else text
    try:
        # Most European text is Latin-1: a byte table, ten times faster (every translation
        # is folded when the memory index is built).
        return text.encode("latin-1").translate(_latin1_table(lower)).decode("latin-1")
    except UnicodeEncodeError:
        # Not normalised first, which could change the length: catalogues are NFC (a
        # decomposed accent, U+0301 after its letter, stays and is not folded).
        return text.translate(_FOLDS[lower])
