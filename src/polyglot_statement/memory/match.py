"""The best remembered translation of a text, per language.

Only approved translations are matched (design: fuzzy and machine entries never feed the
memory). A text is compared once with every remembered source text, whatever the number
of languages asked: rapidfuzz ranks the masked texts, the penalised score
(memory/similarity.py) decides among the best of them, and each language takes the
highest-scoring source it has a translation of. A statement is never matched with its
own catalogue (the merge already offered what it has); a TMX file or another statement
is named as the origin.

When one source text has several approved translations into a language (two statements
translated a stock sentence differently), the preferred one is a catalogue's over a TMX
file's, then the one more statements use, then the first in alphabetical order; so a
run gives the same answer every time, and a memory exported and imported again gives
the same answers as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from polyglot_statement.memory.index import CATALOGUE, Group, MemoryIndex
from polyglot_statement.memory.similarity import Features, features, scored
from polyglot_statement.po import MEMORY_COMMENT_PREFIX

_LINE_BREAKS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]+")

CANDIDATES = 20  # source texts ranked per text; each language takes the best it has


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    source: str  # the remembered source text
    translation: str
    score: float
    origin: str  # the statement (slug) or TMX file it comes from

    @property
    def exact(self) -> bool:
        return self.score >= 100.0

    @property
    def percent(self) -> int:
        """The score as shown: rounded down, so that only an exact match says 100%."""
        return math.floor(self.score)

    @property
    def comment(self) -> str:
        """The translator comment a pre-filled entry carries."""
        # A file name may hold line breaks; a comment is one line (and one comment).
        origin = _LINE_BREAKS.sub(" ", self.origin)
        return f"{MEMORY_COMMENT_PREFIX} {self.percent}% from {origin}"


@dataclass(frozen=True, slots=True)
class Variant:
    """One translation of a source text into one language, with where it is used."""

    translation: str
    statements: tuple[str, ...]  # catalogues holding it, sorted
    files: tuple[str, ...]  # TMX files holding it, sorted

    @property
    def origin(self) -> str:
        return (self.statements or self.files)[0]


def variants(groups: Iterable[Group], exclude: str | None = None) -> list[Variant]:
    """The distinct translations among `groups` (one source, one language), preferred
    first; the catalogue of statement `exclude` does not count."""
    statements: dict[str, set[str]] = {}
    files: dict[str, set[str]] = {}
    for group in groups:
        if group.kind == CATALOGUE:
            origins = {origin for origin in group.origins if origin != exclude}
            if origins:
                statements.setdefault(group.translation, set()).update(origins)
                files.setdefault(group.translation, set())
        else:
            statements.setdefault(group.translation, set())
            files.setdefault(group.translation, set()).update(group.origins)
    found = [
        Variant(text, tuple(sorted(statements[text])), tuple(sorted(files[text])))
        for text in statements
    ]
    found.sort(
        key=lambda variant: (
            not variant.statements,
            -len(variant.statements),
            variant.translation,
        )
    )
    return found


class Matcher:
    """Best matches from one snapshot of the memory; results are kept per text."""

    def __init__(self, index: MemoryIndex, threshold: float):
        self._index = index
        self._threshold = threshold
        self._pool: tuple[list[str], list[str], list[str], set[str]] | None = None
        self._candidates: dict[str, list[tuple[float, str]]] = {}
        self._translations: dict[str, dict[str, list[Group]]] = {}

    def _loaded_pool(self) -> tuple[list[str], list[str], list[str], set[str]]:
        """Loaded when first needed: a run whose entries are all translated needs none."""
        if self._pool is None:
            texts, masked, encoded = self._index.translated_sources()
            self._pool = (texts, masked, encoded, set(texts))
        return self._pool

    def candidates(self, text: str) -> list[tuple[float, str]]:
        """(score, remembered source) at or above the threshold, best first."""
        known = self._candidates.get(text)
        if known is not None:
            return known
        texts, masked, encoded, present = self._loaded_pool()
        wanted = features(text)
        result: list[tuple[float, str]] = [(100.0, text)] if text in present else []
        # The masked ratio is the score before penalties: nothing under the cutoff can
        # reach the threshold.
        for _, _, position in process.extract(
            wanted.masked, masked, scorer=fuzz.ratio, score_cutoff=self._threshold, limit=CANDIDATES
        ):
            other = texts[position]
            if other == text:
                continue
            value = scored(wanted, Features.decode(encoded[position]))
            if value >= self._threshold:
                result.append((value, other))
        result.sort(key=lambda item: (-item[0], item[1]))
        self._candidates[text] = result
        self._fetch([source for _, source in result])
        return result

    def _fetch(self, sources: Sequence[str]) -> None:
        missing = [source for source in sources if source not in self._translations]
        if missing:
            found = self._index.approved_variants(missing)
            for source in missing:
                by_language: dict[str, list[Group]] = {}
                for group in found.get(source, []):
                    by_language.setdefault(group.language, []).append(group)
                self._translations[source] = by_language

    def best(self, text: str, language: str, exclude: str | None = None) -> MemoryMatch | None:
        """The best approved translation into `language` of `text` or a text like it, not
        from the catalogue of statement `exclude`."""
        for value, source in self.candidates(text):
            usable = variants(self._translations[source].get(language, ()), exclude)
            if usable:
                preferred = usable[0]
                return MemoryMatch(source, preferred.translation, value, preferred.origin)
        return None
