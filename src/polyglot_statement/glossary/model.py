"""glossary.yml: the terms, loaded and validated (with line numbers), and what they ask of
a translation into each language (matched by words, see matching.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from polyglot_statement.collector import collector_paused
from polyglot_statement.config import Settings
from polyglot_statement.errors import GlossaryError
from polyglot_statement.fsutil import ANYWHERE, InputBounds, read_utf8
from polyglot_statement.glossary.matching import Matcher, WordKeys, word_pattern
from polyglot_statement.glossary.yamlread import compose
from polyglot_statement.languages import UnknownLanguage, normalise

# Words in a term or a rendering: official names run to 30; see _Reader.phrase.
MAX_TERM_WORDS = 100

TERM_KEYS = ("term", "translations", "forbidden", "do-not-translate", "note", "case-sensitive")


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    translations: Mapping[str, tuple[str, ...]]  # language → (preferred, variants…)
    forbidden: Mapping[str, tuple[str, ...]]
    do_not_translate: bool = False
    note: str = ""
    case_sensitive: bool = False
    line: int = 0

    def renderings(self, language: str) -> tuple[str, ...]:
        """What a translation into `language` must contain; () when the glossary says nothing.

        A regional language falls back to its base: `pt` renderings serve `pt_BR`.
        """
        found = _by_language(self.translations, language)
        if found is not None:
            return found
        return (self.term,) if self.do_not_translate else ()

    def kept_verbatim(self, language: str) -> bool:
        return self.do_not_translate and _by_language(self.translations, language) is None

    def forbidden_in(self, language: str) -> tuple[str, ...]:
        return _by_language(self.forbidden, language) or ()


def _by_language(table: Mapping[str, tuple[str, ...]], language: str) -> tuple[str, ...] | None:
    if language in table:
        return table[language]
    return table.get(language.split("_")[0])


# ---------------------------------------------------------------- the glossary


@dataclass(frozen=True, slots=True)
class Requirement:
    """What one glossary term found in a source text asks of its translation."""

    term: Term
    accepted: tuple[str, ...]
    forbidden: tuple[str, ...]
    verbatim: bool


@dataclass(frozen=True, slots=True)
class GlossaryProblem:
    kind: Literal["missing", "forbidden", "altered"]
    term: Term
    found: str = ""  # the forbidden text as written in the translation


class Glossary:
    """The loaded glossary: its terms, and matchers built once per language and reused."""

    def __init__(self, path: Path, source_language: str, terms: Sequence[Term]):
        self.path = path
        self.source_language = source_language
        self.terms = tuple(terms)
        self._source = Matcher(
            WordKeys(source_language),
            ((term.term, term, term.case_sensitive, False) for term in self.terms),
        )
        self._source_cache: dict[str, tuple[Term, ...]] = {}
        self._languages: dict[str, LanguageGlossary] = {}

    @property
    def languages(self) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for term in self.terms:
            found.update(dict.fromkeys(term.translations))
            found.update(dict.fromkeys(term.forbidden))
        return tuple(sorted(found))

    def terms_in(self, source: str) -> tuple[Term, ...]:
        """The terms a source text contains, in text order, each once, longest first."""
        cached = self._source_cache.get(source)
        if cached is None:
            seen: dict[int, Term] = {}
            for match in self._source.find(source):
                for term in match.payloads:
                    seen.setdefault(id(term), term)
            cached = tuple(seen.values())
            self._source_cache[source] = cached
        return cached

    def for_language(self, language: str) -> LanguageGlossary:
        found = self._languages.get(language)
        if found is None:
            found = self._languages[language] = LanguageGlossary(self, language)
        return found

    def notes(self, msgid: str, language: str) -> list[str]:
        """`#.` lines for translators: each term in the text and its rendering in `language`."""
        lines: list[str] = []
        for term in self.terms_in(msgid):
            renderings = term.renderings(language)
            if not renderings:
                continue
            line = f"glossary: {term.term} → {renderings[0]}"
            details: list[str] = []
            if term.kept_verbatim(language):
                details.append("do not translate")
            if len(renderings) > 1:
                details.append("also: " + ", ".join(renderings[1:]))
            if term.forbidden_in(language):
                details.append("not: " + ", ".join(term.forbidden_in(language)))
            if details:
                line += f" ({'; '.join(details)})"
            lines.append(line)
        return lines


class LanguageGlossary:
    """The glossary as it applies to translations into one language."""

    def __init__(self, glossary: Glossary, language: str):
        self.glossary = glossary
        self.language = language
        with collector_paused():  # a phrase or two per term, all kept
            self._target = self._matcher(glossary, language)
        # The three glossary checks ask about the same entry one after the other.
        self._last: tuple[str, str, list[GlossaryProblem]] | None = None

    @staticmethod
    def _matcher(glossary: Glossary, language: str) -> Matcher:
        phrases: list[tuple[str, Any, bool, bool]] = []
        by_forms: list[tuple[str, Any, bool]] = []
        for term in glossary.terms:
            # Names and acronyms, and their per-language forms, are written one way only.
            exact = term.do_not_translate
            for rendering in term.renderings(language):
                phrases.append((rendering, (term, "accepted"), term.case_sensitive, exact))
                if not exact:
                    # Also by its forms: Russian "беженцам" has no stem of "беженец".
                    by_forms.append((rendering, (term, "accepted"), term.case_sensitive))
            for rendering in term.forbidden_in(language):
                by_forms.append((rendering, (term, "forbidden"), term.case_sensitive))
        # A forbidden rendering is caught in its inflected forms only (forms.py): a word
        # that merely shares its stem ("se refugian" with "refugiados") may be right.
        # An accepted one is found by its stems or its forms.
        return Matcher(WordKeys(language), phrases, by_forms)

    def requirements(self, source: str) -> list[Requirement]:
        return [
            Requirement(
                term=term,
                accepted=term.renderings(self.language),
                forbidden=term.forbidden_in(self.language),
                verbatim=term.kept_verbatim(self.language),
            )
            for term in self.glossary.terms_in(source)
        ]

    def problems(self, source: str, translation: str) -> list[GlossaryProblem]:
        last = self._last
        if last is not None and last[0] == source and last[1] == translation:
            return last[2]
        problems = self._problems(source, translation)
        self._last = (source, translation, problems)
        return problems

    def _problems(self, source: str, translation: str) -> list[GlossaryProblem]:
        if not self.glossary.terms_in(source):
            return []
        requirements = self.requirements(source)
        present: set[int] = set()
        forbidden_found: dict[int, str] = {}
        for match in self._target.find(translation):
            for term, kind in match.payloads:
                if kind == "accepted":
                    present.add(id(term))
                else:
                    forbidden_found.setdefault(id(term), translation[match.start : match.end])
        problems: list[GlossaryProblem] = []
        for requirement in requirements:
            term = requirement.term
            if id(term) in forbidden_found:
                # The forbidden-term message names the rendering to use; "missing" would
                # report the same mistake twice.
                problems.append(GlossaryProblem("forbidden", term, forbidden_found[id(term)]))
            elif requirement.accepted and id(term) not in present:
                problems.append(
                    GlossaryProblem("altered" if requirement.verbatim else "missing", term)
                )
        return problems


# ---------------------------------------------------------------- loading

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"


class _Reader:
    def __init__(self, path: Path, source_language: str):
        self.path = path
        self.source_language = source_language

    def fail(self, node: Node | None, message: str) -> GlossaryError:
        line = node.start_mark.line + 1 if node is not None else None
        return GlossaryError(message, self.path, line)

    def mapping(self, node: Node, what: str) -> list[tuple[ScalarNode, Node]]:
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{what} must be a mapping (`key: value` lines)")
        seen: dict[str, int] = {}
        pairs: list[tuple[ScalarNode, Node]] = []
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise self.fail(key, f"a key in {what} must be plain text")
            if key.value in seen:
                raise self.fail(
                    key, f"`{key.value}` appears twice in {what} (first at line {seen[key.value]})"
                )
            seen[key.value] = key.start_mark.line + 1
            pairs.append((key, value))
        return pairs

    def text(self, node: Node, what: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != _STR:
            raise self.fail(node, f"{what} must be text, not {_describe(node)}")
        if not node.value.strip():
            raise self.fail(node, f"{what} is empty")
        return str(node.value)

    def flag(self, node: Node, what: str) -> bool:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            raise self.fail(node, f"{what} must be true or false, not {_describe(node)}")
        return bool(yaml.safe_load(node.value))

    def phrase(self, node: Node, what: str) -> str:
        """A term or rendering: text of at most MAX_TERM_WORDS words. Finding a phrase
        of N words in a text that repeats it costs N steps at each word, so a 1 MB "term"
        in a 1 MB statement would cost hours; no real term is a hundred words long."""
        text = self.text(node, what)
        if len(text) > 2 * MAX_TERM_WORDS:  # shorter, it cannot hold that many words
            count = sum(1 for _ in word_pattern().finditer(text))
            if count > MAX_TERM_WORDS:
                raise self.fail(
                    node,
                    f"{what} has {count:,} words; a term or rendering has at most "
                    f"{MAX_TERM_WORDS} (a longer text belongs in a note)",
                )
        return text

    def texts(self, node: Node, what: str) -> tuple[str, ...]:
        if isinstance(node, ScalarNode) and node.tag == _STR:
            return (self.phrase(node, what),)
        if not isinstance(node, SequenceNode):
            raise self.fail(
                node, f"{what} must be a list of text, e.g. [sindicato], not {_describe(node)}"
            )
        if not node.value:
            raise self.fail(node, f"{what} is an empty list")
        values = tuple(self.phrase(item, f"each item of {what}") for item in node.value)
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise self.fail(node, f"{what} lists {value!r} twice")
            seen.add(value)
        return values

    def language(self, key: ScalarNode, where: str) -> str:
        try:
            code = normalise(str(key.value))
        except UnknownLanguage:
            raise self.fail(
                key,
                f"unknown language code {key.value!r} in `{where}`; use a code such as es, pt_BR",
            ) from None
        if code == self.source_language:
            raise self.fail(key, f"`{where}` names the source language {key.value!r}")
        return code

    def by_language(self, node: Node, where: str) -> dict[str, tuple[str, ...]]:
        result: dict[str, tuple[str, ...]] = {}
        for key, value in self.mapping(node, f"`{where}`"):
            code = self.language(key, where)
            if code in result:
                raise self.fail(key, f"`{where}` lists language {code} twice")
            result[code] = self.texts(value, f"`{where}.{key.value}`")
        return result

    def term(self, node: Node) -> Term:
        fields = dict(
            (key.value, (key, value)) for key, value in self.mapping(node, "a glossary term")
        )
        for name, (key, _) in fields.items():
            if name not in TERM_KEYS:
                raise self.fail(
                    key, f"unknown key `{name}`; a term may have: {', '.join(TERM_KEYS)}"
                )
        if "term" not in fields:
            raise self.fail(node, "this entry has no `term:` (the source-language term)")
        text = self.phrase(fields["term"][1], "`term`")
        if not word_pattern().search(text):
            raise self.fail(fields["term"][1], f"the term {text!r} has no words to match")
        translations = (
            self.by_language(fields["translations"][1], "translations")
            if "translations" in fields
            else {}
        )
        forbidden = (
            self.by_language(fields["forbidden"][1], "forbidden") if "forbidden" in fields else {}
        )
        for language, words in forbidden.items():
            clash = set(words) & set(translations.get(language, ()))
            if clash:
                raise self.fail(
                    fields["forbidden"][1],
                    f"{sorted(clash)[0]!r} is both accepted and forbidden in {language}",
                )
        do_not_translate = (
            self.flag(fields["do-not-translate"][1], "`do-not-translate`")
            if "do-not-translate" in fields
            else False
        )
        return Term(
            term=text,
            translations=translations,
            forbidden=forbidden,
            do_not_translate=do_not_translate,
            note=self.text(fields["note"][1], "`note`") if "note" in fields else "",
            case_sensitive=(
                self.flag(fields["case-sensitive"][1], "`case-sensitive`")
                if "case-sensitive" in fields
                else False
            ),
            line=node.start_mark.line + 1,
        )


def _describe(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    kind = str(node.tag).rsplit(":", 1)[-1]
    return {
        "str": "text",
        "null": "nothing",
        "bool": "true/false",
        "int": "a number",
        "float": "a number",
    }.get(kind, kind) + f" ({node.value!r})" * bool(node.value)


def parse_glossary(text: str, path: Path, source_language: str = "en") -> Glossary:
    """A glossary from YAML text; anything wrong raises GlossaryError with its line."""
    with collector_paused():  # tens of thousands of terms, all kept: nothing to collect
        return _parse(text, path, source_language)


def _parse(text: str, path: Path, source_language: str) -> Glossary:
    reader = _Reader(path, source_language)
    root = compose(text, path)
    if root is None:
        raise GlossaryError("the glossary is empty; it needs a `terms:` list", path, 1)
    pairs = reader.mapping(root, "the glossary")
    by_name = {key.value: (key, value) for key, value in pairs}
    for name, (key, _) in by_name.items():
        if name != "terms":
            raise reader.fail(
                key, f"unknown top-level key `{name}`; the glossary has one: `terms:`"
            )
    if "terms" not in by_name:
        raise reader.fail(root, "the glossary needs a `terms:` list")
    terms_node = by_name["terms"][1]
    if isinstance(terms_node, ScalarNode) and terms_node.tag == "tag:yaml.org,2002:null":
        return Glossary(path, source_language, [])
    if not isinstance(terms_node, SequenceNode):
        raise reader.fail(
            terms_node, f"`terms` must be a list of terms, not {_describe(terms_node)}"
        )
    terms: list[Term] = []
    by_folded: dict[str, list[Term]] = {}
    for node in terms_node.value:
        term = reader.term(node)
        # Two entries for one term would give translators two answers; "Congress" and
        # "congress" may differ only when both say they are case-sensitive.
        for other in by_folded.get(term.term.casefold(), ()):
            if other.term == term.term or not (other.case_sensitive and term.case_sensitive):
                raise reader.fail(
                    node, f"duplicate term {term.term!r} (first at line {other.line})"
                )
        by_folded.setdefault(term.term.casefold(), []).append(term)
        terms.append(term)
    return Glossary(path, source_language, terms)


def load_glossary(
    path: Path, source_language: str = "en", bounds: InputBounds = ANYWHERE
) -> Glossary:
    return parse_glossary(read_utf8(path, GlossaryError, bounds), path, source_language)


def glossary_for_settings(settings: Settings) -> Glossary | None:
    """The workspace's glossary, or None when it has no glossary file."""
    path = settings.glossary_path
    if not os.path.lexists(path):
        return None
    return load_glossary(path, settings.source_language, settings.bounds)


def notes_for_settings(settings: Settings) -> Callable[[str, str], list[str]] | None:
    """The `#.` glossary lines `polyglot extract` adds to each entry; None without a glossary."""
    glossary = glossary_for_settings(settings)
    return glossary.notes if glossary is not None else None
