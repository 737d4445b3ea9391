"""What an engine must know of the glossary for one target language: each term's required
rendering (with its capitalised and plural forms) and the names kept as they are."""

from __future__ import annotations

from collections.abc import Sequence

from polyglot_statement.glossary import Glossary
from polyglot_statement.glossary.forms import listed_plural, plural
from polyglot_statement.machine.base import EngineGlossary, TermRendering


def engine_glossary(glossary: Glossary | None, source: str, language: str) -> EngineGlossary:
    """What the engine must know of the glossary for one target language."""
    if glossary is None:
        return EngineGlossary(source, language)
    renderings: list[TermRendering] = []
    kept: list[tuple[str, bool]] = []
    for term in glossary.terms:
        if term.kept_verbatim(language):
            kept.append((term.term, term.case_sensitive))
        elif term.renderings(language):
            target, *variants = term.renderings(language)
            renderings.extend(_with_capital(term.term, target, term.case_sensitive))
            renderings.extend(
                _plural_rendering(
                    term.term, target, variants, source, language, term.case_sensitive
                )
            )
    # One entry per source text: a term listed in the plural too keeps its own.
    unique: dict[str, TermRendering] = {}
    for rendering in renderings:
        unique.setdefault(rendering.source, rendering)
    return EngineGlossary(source, language, tuple(unique.values()), tuple(kept))


def _plural_rendering(
    term: str,
    target: str,
    variants: Sequence[str],
    source: str,
    language: str,
    case_sensitive: bool,
) -> list[TermRendering]:
    """The term's plural and its rendering's, as a second glossary entry: an engine's
    glossary replaces the form it is given, so "cash transfers" came back in the engine's
    own words, and check, which finds the term in any form, asked for the glossary's.
    Regular plurals (glossary/forms.py, measured in docs/performance.md), or the plural
    the glossary lists as a variant (for "cidadãos", which the rules get wrong, and for a
    language without rules); none otherwise: the draft keeps the engine's words."""
    source_plural = plural(term, source)
    target_plural = listed_plural(target, variants, language) or plural(target, language)
    if source_plural is None or target_plural is None or source_plural == term:
        return []
    return _with_capital(source_plural, target_plural, case_sensitive)


def _with_capital(source: str, target: str, case_sensitive: bool) -> list[TermRendering]:
    """A glossary entry, and the same with a capital: an engine's glossary is
    case-sensitive (DeepL's is), and "Cash transfers" opens a sentence. The capital one
    first: an engine that folds case (the pseudo engine) keeps the last, lower-case one."""
    made = [TermRendering(source, target, case_sensitive)]
    if not case_sensitive and source[:1].islower():
        made.insert(0, TermRendering(_capital(source), _capital(target), False))
    return made


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
