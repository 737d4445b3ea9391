"""Concordance: how a word or phrase was translated before.

The phrase is looked for in every remembered source text as glossary terms are found
(whole words, inflection tolerated by the language's stemmer, so "strikes" finds
"strike"), and in the translations as written (case-insensitive). Each source text found
is listed with its translations into the languages asked, each with its state (approved
or not) and the statements or TMX files that hold it; the glossary terms it contains are
marked with their required renderings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from polyglot_statement.glossary import WORD, Glossary, Matcher, Term, WordKeys
from polyglot_statement.memory.index import APPROVED, CATALOGUE, MemoryIndex, Remembered

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class TermSpan:
    start: int
    end: int
    term: str
    renderings: dict[str, tuple[str, ...]]  # language → required renderings


@dataclass(frozen=True, slots=True)
class Translation:
    language: str
    translation: str
    state: str
    statements: tuple[str, ...]
    files: tuple[str, ...]
    spans: tuple[Span, ...]  # where the phrase is in the translation


@dataclass(frozen=True, slots=True)
class Found:
    source: str
    spans: tuple[Span, ...]  # where the phrase is in the source
    terms: tuple[TermSpan, ...]
    translations: tuple[Translation, ...]


@dataclass(slots=True)
class Concordance:
    query: str
    languages: tuple[str, ...]
    found: list[Found] = field(default_factory=list)
    total: int = 0  # source texts found, before the limit


def search(
    index: MemoryIndex,
    query: str,
    source_language: str,
    languages: Sequence[str],
    glossary: Glossary | None = None,
    limit: int = 20,
) -> Concordance:
    """Source texts containing `query`, or whose translation into one of `languages`
    does, with those translations; approved ones and those used most first."""
    result = Concordance(query, tuple(languages))
    words = WORD.findall(query)
    if not words:
        return result
    keys = WordKeys(source_language)
    phrase = Matcher(keys, [(query, query, False, False)])
    probes = [keys.key(word)[:3].casefold() for word in words]
    folded_query = query.casefold()
    wanted = set(languages)
    with index.snapshot():
        texts, _, _ = index.translated_sources(approved_only=False)
        in_source = {
            text: _spans(phrase, text)
            for text in texts
            if all(probe in text.casefold() for probe in probes)
        }
        in_source = {text: spans for text, spans in in_source.items() if spans}
        in_translation: set[str] = set()
        for item in index.everything(languages, approved_only=False):
            if folded_query in item.translation.casefold():
                in_translation.add(item.source)
        matched = list(dict.fromkeys([*in_source, *sorted(in_translation)]))
        remembered = index.translations_of(matched, approved_only=False)
    terms = _term_matcher(glossary)
    found: list[Found] = []
    for text in matched:
        translations = _translations(
            [item for item in remembered.get(text, []) if item.language in wanted], query
        )
        if not translations:
            continue
        found.append(
            Found(
                text,
                tuple(in_source.get(text, ())),
                _terms(terms, text, languages),
                tuple(translations),
            )
        )
    found.sort(
        key=lambda item: (
            not item.spans,
            not any(t.state == APPROVED for t in item.translations),
            -sum(len(t.statements) + len(t.files) for t in item.translations),
            item.source,
        )
    )
    result.total = len(found)
    result.found = found[:limit]
    return result


def _spans(phrase: Matcher, text: str) -> list[Span]:
    return [(match.start, match.end) for match in phrase.find(text)]


def _translations(items: list[Remembered], query: str) -> list[Translation]:
    grouped: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for item in items:
        statements, files = grouped.setdefault(
            (item.language, item.translation, item.state), (set(), set())
        )
        (statements if item.kind == CATALOGUE else files).add(item.origin)
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    translations = [
        Translation(
            language,
            text,
            state,
            tuple(sorted(statements)),
            tuple(sorted(files)),
            tuple((m.start(), m.end()) for m in pattern.finditer(text)),
        )
        for (language, text, state), (statements, files) in grouped.items()
    ]
    translations.sort(
        key=lambda t: (
            t.language,
            t.state != APPROVED,
            -len(t.statements) - len(t.files),
            t.translation,
        )
    )
    return translations


def _term_matcher(glossary: Glossary | None) -> Matcher | None:
    """Finds the glossary's terms in source texts, as the glossary itself does."""
    if glossary is None:
        return None
    return Matcher(
        WordKeys(glossary.source_language),
        ((term.term, term, term.case_sensitive, False) for term in glossary.terms),
    )


def _terms(matcher: Matcher | None, text: str, languages: Sequence[str]) -> tuple[TermSpan, ...]:
    if matcher is None:
        return ()
    spans: list[TermSpan] = []
    for match in matcher.find(text):
        term: Term = match.payloads[0]
        renderings = {
            language: term.renderings(language)
            for language in languages
            if term.renderings(language)
        }
        spans.append(TermSpan(match.start, match.end, term.term, renderings))
    return tuple(spans)
