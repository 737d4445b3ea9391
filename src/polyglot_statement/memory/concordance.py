"""Concordance: how a word or phrase was translated before.

The phrase is looked for in every remembered source text as glossary terms are found
(whole words, inflection tolerated by the language's stemmer, so "strikes" finds
"strike"), and in the translations as written; both ignore case, accents and
typographic variants ("republica" finds "república", memory/folding.py). Each source text found
is listed with its translations into the languages asked, each with its state (approved
or not) and the statements or TMX files that hold it; the glossary terms it contains are
marked with their required renderings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from polyglot_statement.errors import UsageError
from polyglot_statement.glossary import Glossary, Matcher, Term, WordKeys, word_pattern
from polyglot_statement.memory.folding import fold
from polyglot_statement.memory.index import CATALOGUE, Group, MemoryIndex
from polyglot_statement.po import APPROVED

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


@dataclass(frozen=True, slots=True)
class Concordance:
    query: str
    languages: tuple[str, ...]
    found: tuple[Found, ...] = ()
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
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        # A terminal in another encoding passed bytes Python could not decode.
        raise UsageError(
            "the text to search for is not UTF-8; set the terminal to UTF-8 (LANG=C.UTF-8)"
        ) from None
    words = word_pattern().findall(query)
    if not words:
        return Concordance(query, tuple(languages))
    keys = WordKeys(source_language)
    # Accents and typographic variants folded on both sides ("republica" finds
    # "república"); folding keeps the length, so spans are the original text's.
    folded_query = fold(query)
    phrase = Matcher(keys, [(folded_query, query, False, False)])
    probes = [fold(keys.key(word)[:3]) for word in word_pattern().findall(folded_query)]
    with index.snapshot():
        texts, _, _ = index.translated_sources(approved_only=False)
        in_source: dict[str, list[Span]] = {}
        for text in texts:
            folded = fold(text)
            if all(probe in folded for probe in probes):
                spans = _spans(phrase, folded)
                if spans:
                    in_source[text] = spans
        matched = list(dict.fromkeys([*in_source, *index.sources_translated_as(query, languages)]))
        summaries = index.summaries(matched, languages)
        # Found in the source first, then those with an approved translation, then the
        # most used.
        ranked = sorted(
            summaries,
            key=lambda text: (
                text not in in_source,
                not summaries[text][0],
                -summaries[text][1],
                text,
            ),
        )
        shown = ranked[:limit]
        groups = index.translation_groups(shown, languages)
    terms = _term_matcher(glossary)
    found = tuple(
        Found(
            text,
            tuple(in_source.get(text, ())),
            _terms(terms, text, languages),
            tuple(_translations(groups.get(text, []), query)),
        )
        for text in shown
    )
    return Concordance(query, tuple(languages), found, len(ranked))


def _spans(phrase: Matcher, text: str) -> list[Span]:
    return [(match.start, match.end) for match in phrase.find(text)]


def _translations(groups: list[tuple[Group, str]], query: str) -> list[Translation]:
    merged: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for group, state in groups:
        statements, files = merged.setdefault(
            (group.language, group.translation, state), (set(), set())
        )
        (statements if group.kind == CATALOGUE else files).update(group.origins)
    pattern = re.compile(re.escape(fold(query)))
    translations = [
        Translation(
            language,
            text,
            state,
            tuple(sorted(statements)),
            tuple(sorted(files)),
            tuple((m.start(), m.end()) for m in pattern.finditer(fold(text))),
        )
        for (language, text, state), (statements, files) in merged.items()
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
