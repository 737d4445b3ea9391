"""Finding phrases in text by words, never substrings, tolerant of inflection.

Text is cut into Unicode words, each word is case-folded and, for languages with a
Snowball stemmer, stemmed, so "clases trabajadoras" matches "clase trabajadora".
Languages without a stemmer match word for word. Where phrases overlap, the longest wins
("working class" before "class"). A phrase marked exact (a do-not-translate name or
acronym) must appear exactly as written (only then is "Castilla" not "Castillo", which
share a Spanish stem). A phrase matched by its forms (a forbidden rendering) matches
only the inflected forms of its words (forms.py), in a language forms.py knows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from polyglot_statement.glossary.forms import bases, has_paradigms, is_form_of
from polyglot_statement.languages import UnknownLanguage, english_name

_ARABIC_OPTIONAL_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")  # harakat, tatweel
_ARABIC_CONJUNCTIONS = ("و", "ف")


@cache
def word_pattern() -> re.Pattern[str]:
    """A word: letters, digits and combining marks. Python's \\w leaves out combining
    marks (Arabic vowel signs, Devanagari matras), which would cut words in two. Made on
    first use: listing the marks takes 20 ms, which a command that matches no glossary
    need not pay at start-up."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):  # beyond the BMP, \w below covers the letters
        if unicodedata.category(chr(code))[0] in "LNM":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = "".join(
        re.escape(chr(start)) if start == end else f"{re.escape(chr(start))}-{re.escape(chr(end))}"
        for start, end in ranges
    )
    return re.compile(f"(?:[{parts}]|\\w)+")


@cache
def _stemmer_name(language: str) -> str | None:
    base = language.split("_")[0]
    try:
        name = english_name(base).lower()
    except (UnknownLanguage, ValueError):
        return None
    name = {"norwegian bokmål": "norwegian", "modern greek": "greek"}.get(name, name)
    return name if name in _snowball().algorithms() else None


@cache
def _snowball() -> Any:  # the module: it has no type hints
    """The Snowball stemmers, loaded when a glossary is first matched: importing them
    loads every language's stemmer (16 ms), which a build with nothing to do, or a check
    without a glossary, need not pay."""
    import snowballstemmer

    return snowballstemmer


# Snowball's stemmers read a word at about 4 µs a character, in pure Python: a glossary
# term of one 1 MB word took check 5 s. No word of a language is this long (German's
# longest compounds are under 80 letters); longer ones are compared as written.
MAX_STEMMED_WORD = 100


class WordKeys:
    """Turns words into comparison keys for one language; remembers every word it has seen."""

    def __init__(self, language: str):
        self.language = language
        name = _stemmer_name(language)
        self._stem: Callable[[str], str] | None = (
            _snowball().stemmer(name).stemWord if name else None
        )
        self._arabic = language.split("_")[0] == "ar"
        self._cache: dict[str, str] = {}
        self._folded: dict[str, str] = {}

    def fold(self, word: str) -> str:
        """The word as compared before stemming: NFC, case-folded, (Arabic) bare."""
        cached = self._folded.get(word)
        if cached is not None:
            return cached
        folded = unicodedata.normalize("NFC", word).casefold()
        if self._arabic:
            folded = _ARABIC_OPTIONAL_MARKS.sub("", folded)
            # The conjunctions "and"/"so" are written joined to the next word.
            if len(folded) > 3 and folded.startswith(_ARABIC_CONJUNCTIONS):
                folded = folded[1:]
        self._folded[word] = folded
        return folded

    def key(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        folded = self.fold(word)
        stem = self._stem if len(folded) <= MAX_STEMMED_WORD else None
        result = stem(folded) if stem is not None else folded
        self._cache[word] = result
        return result


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # character offsets into the text
    end: int
    payloads: tuple[Any, ...]  # what was found: every phrase with these words


@dataclass(frozen=True, slots=True)
class _Phrase:
    keys: tuple[str, ...]  # folded words (a phrase matched by forms), else ()
    surface: tuple[str, ...]  # the words as written, for exact matching
    exact: bool  # case and spelling as written, no stemming
    case_sensitive: bool
    payload: Any
    by_forms: bool = False  # keys are folded words, matched by their inflected forms


class _Node:
    """A trie node: the phrases whose words (keys) lead here, and the words that go on."""

    __slots__ = ("by_base", "children", "pending", "phrases")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.phrases: list[_Phrase] = []
        # Stemmed lazily: phrases that go on from here, with the place of their next word,
        # put in `children` when a text first reaches this node.
        self.pending: list[tuple[_Phrase, int]] = []
        # Matched by forms: the next words by each of their bases (and themselves).
        self.by_base: dict[str, list[str]] = {}


class Matcher:
    """Finds phrases in text for one language: word boundaries, inflection, longest first.

    The phrases are kept in two tries of their words' keys (stems, or folded words for
    phrases matched by forms), so finding them costs each word of the text a walk as deep
    as the phrases that agree with the text from there, however many phrases start with
    its word: a glossary of 50,000 terms, thousands of which begin "derecho", is not read
    a phrase at a time at each "derecho" of a translation.
    """

    def __init__(
        self,
        keys: WordKeys,
        phrases: Iterable[tuple[str, Any, bool, bool]],
        by_forms: Iterable[tuple[str, Any, bool]] = (),
    ):
        """`phrases`: (text, payload, case_sensitive, exact); `by_forms`: (text, payload,
        case_sensitive), matched by the inflected forms of their words where forms.py
        knows the language, else by stems as `phrases` are."""
        self._keys = keys
        self._by_keys = _Node()
        self._by_forms = _Node()
        self._language = keys.language
        self._bases_of: dict[str, frozenset[str]] = {}
        self.steps = 0  # trie nodes visited by find: what a test of its cost counts
        if not has_paradigms(keys.language):
            phrases = [
                *phrases,
                *((text, payload, case, False) for text, payload, case in by_forms),
            ]
            by_forms = ()
        for text, payload, case_sensitive in by_forms:
            surface = tuple(word_pattern().findall(text))
            if not surface:
                continue
            folded = tuple(keys.fold(word) for word in surface)
            node = self._by_forms
            for word in folded:
                child = node.children.get(word)
                if child is None:
                    child = node.children[word] = _Node()
                    for base in self._bases(word):
                        node.by_base.setdefault(base, []).append(word)
                node = child
            node.phrases.append(
                _Phrase(folded, surface, False, case_sensitive, payload, by_forms=True)
            )
        for text, payload, case_sensitive, exact in phrases:
            surface = tuple(word_pattern().findall(text))
            if not surface:
                continue
            phrase = _Phrase(
                keys=(),
                surface=surface,
                exact=exact,
                case_sensitive=case_sensitive,
                payload=payload,
            )
            # Only the first word is stemmed now: a term's other words are stemmed when a
            # text first holds the words before them (Snowball reads 20-50 µs a word, and
            # a glossary of long terms has tens of thousands of words no text reaches).
            first = keys.key(surface[0])
            child = self._by_keys.children.get(first)
            if child is None:
                child = self._by_keys.children[first] = _Node()
            if len(surface) == 1:
                child.phrases.append(phrase)
            else:
                child.pending.append((phrase, 1))

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in text order; overlapping candidates go to the longest."""
        words = [
            (match.start(), match.end(), match.group()) for match in word_pattern().finditer(text)
        ]
        keys = [self._keys.key(word) for _, _, word in words]
        candidates: dict[tuple[int, int], list[Any]] = {}
        root = self._by_keys.children
        for index, key in enumerate(keys):
            node = root.get(key)
            length = 1
            while node is not None:
                self.steps += 1
                if node.pending:
                    self._grow(node)
                if node.phrases:
                    surface = [word for _, _, word in words[index : index + length]]
                    for phrase in node.phrases:
                        if _surface_agrees(phrase, surface):
                            candidates.setdefault((index, length), []).append(phrase.payload)
                if index + length >= len(keys):
                    break
                node = node.children.get(keys[index + length])
                length += 1
        if self._by_forms.children:
            self._find_forms(words, candidates)
        taken = [False] * len(words)
        chosen: list[Match] = []
        for (index, length), payloads in sorted(
            candidates.items(), key=lambda c: (-c[0][1], c[0][0])
        ):
            if any(taken[index : index + length]):
                continue
            for position in range(index, index + length):
                taken[position] = True
            chosen.append(Match(words[index][0], words[index + length - 1][1], tuple(payloads)))
        chosen.sort(key=lambda match: match.start)
        return chosen

    def _grow(self, node: _Node) -> None:
        """The pending phrases of a node put one word further down, in their order."""
        for phrase, place in node.pending:
            key = self._keys.key(phrase.surface[place])
            child = node.children.get(key)
            if child is None:
                child = node.children[key] = _Node()
            if place + 1 == len(phrase.surface):
                child.phrases.append(phrase)
            else:
                child.pending.append((phrase, place + 1))
        node.pending = []

    def _bases(self, folded: str) -> frozenset[str]:
        """The bases of a folded word and the word itself; each word cut once."""
        found = self._bases_of.get(folded)
        if found is None:
            found = self._bases_of[folded] = bases(folded, self._language) | {folded}
        return found

    def _find_forms(
        self, words: Sequence[tuple[int, int, str]], candidates: dict[tuple[int, int], list[Any]]
    ) -> None:
        folded = [self._keys.fold(word) for _, _, word in words]
        for index in range(len(words)):
            # (node, words matched): every path of the trie whose words are each a form
            # of the text's word at its place.
            paths = [(self._by_forms, 0)]
            while paths:
                node, length = paths.pop()
                if index + length >= len(words):
                    continue
                word = folded[index + length]
                seen: set[str] = set()
                for base in self._bases(word):
                    for wanted in node.by_base.get(base, ()):
                        if wanted in seen:
                            continue
                        seen.add(wanted)
                        if not is_form_of(word, wanted, self._language):
                            continue
                        self.steps += 1
                        child = node.children[wanted]
                        if child.phrases:
                            written = [w for _, _, w in words[index : index + length + 1]]
                            for phrase in child.phrases:
                                if _surface_agrees(phrase, written):
                                    candidates.setdefault((index, length + 1), []).append(
                                        phrase.payload
                                    )
                        if child.children:
                            paths.append((child, length + 1))


def _surface_agrees(phrase: _Phrase, surface: Sequence[str]) -> bool:
    if phrase.exact:
        return tuple(unicodedata.normalize("NFC", word) for word in surface) == tuple(
            unicodedata.normalize("NFC", word) for word in phrase.surface
        )
    if not phrase.case_sensitive:
        return True
    for written, wanted in zip(surface, phrase.surface, strict=True):
        if written[:1] != wanted[:1]:
            return False
        if len(wanted) > 1 and wanted.isupper() and written != wanted:
            return False  # an acronym
    return True
