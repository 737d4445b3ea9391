"""Words of a title no dictionary knows: a title typed in a hurry is the line every
reader sees first, and the one translators copy. Reported, never corrected: a name or an
acronym is not a typo, and the tool does not guess what was meant.

pyspellchecker ships word lists for a dozen languages; a source language without one is
not checked.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@cache
def _checker(language: str) -> Any:
    try:
        from spellchecker import SpellChecker
    except ImportError:  # pragma: no cover - a dependency
        return None
    base = language.split("-")[0].split("_")[0].lower()
    try:
        return SpellChecker(language=base)
    except ValueError:
        return None


def unknown_words(title: str, text: str, language: str) -> list[str]:
    """The title's words that neither the language's dictionary nor the statement's own
    text use (so names and acronyms the text repeats pass), in order."""
    checker = _checker(language)
    if checker is None:
        return []
    used = {word.lower() for word in _WORD.findall(text)}
    unknown: list[str] = []
    for word in _WORD.findall(title):
        lowered = word.lower()
        if lowered in used or word.isupper() or lowered in unknown:
            continue
        parts = re.split(r"[-'’]", lowered)
        if all(part in checker for part in parts if part):
            continue
        unknown.append(word)
    return unknown
