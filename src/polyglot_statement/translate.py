"""`polyglot translate`: a machine-translation first pass over untranslated entries.

Per language: every untranslated entry of the chosen catalogues is collected, its source
text converted to XML once (machine/markup.py), and each distinct text is sent once
however many entries and statements hold it; texts already in the cache cost nothing.
The rest goes in batches of at most the engine's limits. After each batch, its results
are committed to the cache and every catalogue they touch is rewritten atomically, so an
interrupted run leaves valid files holding every finished batch, and a re-run resumes.

What counts as a billable character: one Unicode code point of the text as sent, i.e.
after the Markdown → XML conversion (tags and `&amp;`-style escapes included), which is
what DeepL reports as `billed_characters` for a text sent with tag_handling="xml".
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.catalog import (
    MACHINE_COMMENT_PREFIX,
    UNTRANSLATED,
    Catalog,
    Entry,
    format_po,
    read_po,
)
from polyglot_statement.config import Settings
from polyglot_statement.errors import UsageError
from polyglot_statement.fileio import write_atomic
from polyglot_statement.glossary import Glossary, glossary_for_settings
from polyglot_statement.machine import create_engine
from polyglot_statement.machine.base import (
    Engine,
    EngineGlossary,
    Target,
    TermRendering,
    UnsupportedLanguage,
    Usage,
)
from polyglot_statement.machine.cache import CacheKey, TranslationCache
from polyglot_statement.machine.markup import Conversion, from_xml, keep_pattern, to_xml
from polyglot_statement.statement import select_languages, select_statement_slugs


@dataclass(frozen=True, slots=True)
class LanguagePlan:
    """What a language needs, before anything is sent."""

    language: str
    code: str  # the engine's code for it
    glossary_version: str | None
    entries: int  # untranslated entries to fill
    segments: int  # distinct texts among them
    cached: int  # distinct texts the cache already holds
    characters: int  # billable characters of the texts to send
    requests: int


@dataclass(frozen=True, slots=True)
class LanguageSkipped:
    language: str
    reason: str


@dataclass(frozen=True, slots=True)
class BatchDone:
    language: str
    number: int  # 1-based
    of: int
    segments: int
    characters: int
    billed_characters: int


@dataclass(frozen=True, slots=True)
class LanguageDone:
    language: str
    filled: int
    markup_problems: int


Event = LanguagePlan | LanguageSkipped | BatchDone | LanguageDone


@dataclass(slots=True)
class TranslateReport:
    engine: str
    dry_run: bool
    plans: list[LanguagePlan] = field(default_factory=list)
    skipped: list[LanguageSkipped] = field(default_factory=list)
    missing_catalogs: list[Path] = field(default_factory=list)
    requests: int = 0
    sent_characters: int = 0
    billed_characters: int = 0
    filled: int = 0
    markup_problems: int = 0
    written: list[Path] = field(default_factory=list)
    usage: Usage | None = None  # the account, for --dry-run
    budget_reached: bool = False


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
            renderings.append(
                TermRendering(term.term, term.renderings(language)[0], term.case_sensitive)
            )
    return EngineGlossary(source, language, tuple(renderings), tuple(kept))


def batches(
    texts: Sequence[str], max_texts: int, max_bytes: int, size: Callable[[str], int]
) -> list[list[str]]:
    """Consecutive batches, each at most `max_texts` texts and `max_bytes` of request."""
    result: list[list[str]] = []
    current: list[str] = []
    current_size = 0
    for text in texts:
        text_size = size(text)
        if current and (len(current) >= max_texts or current_size + text_size > max_bytes):
            result.append(current)
            current, current_size = [], 0
        current.append(text)
        current_size += text_size
    if current:
        result.append(current)
    return result


@dataclass(slots=True)
class _Pending:
    """One distinct text to send, and every entry waiting for it."""

    conversion: Conversion
    entries: list[tuple[Path, Entry]] = field(default_factory=list)


def _collect(catalogs: dict[Path, Catalog], keep: re.Pattern[str] | None) -> dict[str, _Pending]:
    pending: dict[str, _Pending] = {}
    conversions: dict[str, Conversion] = {}
    for path, catalog in catalogs.items():
        for entry in catalog.active:
            if entry.state != UNTRANSLATED or not entry.msgid or entry.msgid_plural is not None:
                continue
            conversion = conversions.get(entry.msgid)
            if conversion is None:
                conversion = conversions[entry.msgid] = to_xml(entry.msgid, keep)
            pending.setdefault(conversion.xml, _Pending(conversion)).entries.append((path, entry))
    return pending


class _Run:
    """One `translate` run: the engine, the cache, the report, and the budget."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        cache: TranslationCache,
        report: TranslateReport,
        on_event: Callable[[Event], None],
        max_characters: int | None,
    ):
        self.settings = settings
        self.engine = engine
        self.cache = cache
        self.report = report
        self.on_event = on_event
        self.max_characters = max_characters

    def language(self, language: str, slugs: Sequence[str], glossary: Glossary | None) -> bool:
        """Translate one language; False when the character budget stopped the run."""
        settings, engine, report = self.settings, self.engine, self.report
        source = settings.source_language
        catalogs: dict[Path, Catalog] = {}
        for slug in slugs:
            path = settings.catalog_path(language, slug)
            if os.path.lexists(path):  # anything there is read (and judged) as a catalogue
                catalogs[path] = read_po(path, settings.bounds)
            else:
                report.missing_catalogs.append(path)
        wanted = engine_glossary(glossary, source, language)
        keep = keep_pattern(wanted.kept)
        pending = _collect(catalogs, keep)
        if not pending:
            plan = LanguagePlan(language, "", None, 0, 0, 0, 0, 0)
            report.plans.append(plan)
            self.on_event(plan)
            return True
        try:
            target = engine.target(source, language, wanted)
        except UnsupportedLanguage as error:
            skipped = LanguageSkipped(language, error.message)
            report.skipped.append(skipped)
            self.on_event(skipped)
            return True
        key = CacheKey(
            engine.name, source, target.code, engine.formality, target.glossary_version or ""
        )
        cached = self.cache.lookup(key, list(pending))
        # Texts found in several catalogues go first, together: each batch rewrites every
        # catalogue it touches, and this order touches fewer (a quarter fewer rewrites on
        # the benchmark corpus than file order).
        to_send = sorted(
            (text for text in pending if text not in cached),
            key=lambda text: -len({path for path, _ in pending[text].entries}),
        )
        planned = batches(
            to_send, engine.max_batch_texts, engine.max_batch_bytes, engine.request_size
        )
        plan = LanguagePlan(
            language=language,
            code=target.code,
            glossary_version=target.glossary_version,
            entries=sum(len(item.entries) for item in pending.values()),
            segments=len(pending),
            cached=len(cached),
            characters=sum(len(text) for text in to_send),
            requests=len(planned),
        )
        report.plans.append(plan)
        self.on_event(plan)
        if report.dry_run:
            return True

        done = _Filler(engine.name, target, catalogs, pending, report)
        done.apply(cached)
        done.write()
        if planned:
            engine.prepare(source, target, wanted)
        for number, batch in enumerate(planned, start=1):
            batch = self._within_budget(batch)
            if not batch:
                report.budget_reached = True
                break
            results = engine.translate(batch, source, target)
            translated = {text: result.text for text, result in zip(batch, results, strict=True)}
            self.cache.store(key, translated.items())
            characters = sum(len(text) for text in batch)
            billed = sum(result.billed_characters for result in results)
            report.requests += 1
            report.sent_characters += characters
            report.billed_characters += billed
            done.apply(translated)
            done.write()
            self.on_event(BatchDone(language, number, len(planned), len(batch), characters, billed))
            if len(batch) < len(planned[number - 1]):
                report.budget_reached = True
                break
        self.on_event(LanguageDone(language, done.filled, done.markup_problems))
        return not report.budget_reached

    def _within_budget(self, batch: list[str]) -> list[str]:
        """The longest head of `batch` that the --max-characters budget still allows."""
        if self.max_characters is None:
            return batch
        left = self.max_characters - self.report.sent_characters
        allowed: list[str] = []
        for text in batch:
            if len(text) > left:
                break
            allowed.append(text)
            left -= len(text)
        return allowed


class _Filler:
    """Puts translations into the waiting entries and rewrites the catalogues they touch."""

    def __init__(
        self,
        engine: str,
        target: Target,
        catalogs: dict[Path, Catalog],
        pending: dict[str, _Pending],
        report: TranslateReport,
    ):
        self.catalogs = catalogs
        self.pending = pending
        self.report = report
        glossary = target.glossary_version
        self.provenance = f"{MACHINE_COMMENT_PREFIX} {engine} {target.code}, " + (
            f"glossary {glossary}" if glossary else "no glossary"
        )
        self.touched: set[Path] = set()
        self.filled = 0
        self.markup_problems = 0

    def apply(self, translations: dict[str, str]) -> None:
        for text, translated in translations.items():
            item = self.pending[text]
            restored = from_xml(translated, item.conversion)
            if not restored.text.strip():
                continue  # nothing usable: leave the entries for a person
            comment = self.provenance
            if restored.problem is not None:
                comment += (
                    f"; markup did not come back intact ({restored.problem}): "
                    "compare the formatting with the source"
                )
                self.markup_problems += len(item.entries)
            for path, entry in item.entries:
                entry.msgstr = restored.text
                entry.set_fuzzy(True)
                entry.translator_comments = [
                    line
                    for line in entry.translator_comments
                    if not line.startswith(MACHINE_COMMENT_PREFIX)
                ] + [comment]
                self.touched.add(path)
            self.filled += len(item.entries)
            self.report.filled += len(item.entries)
            self.report.markup_problems += len(item.entries) if restored.problem else 0

    def write(self) -> None:
        for path in sorted(self.touched):
            written = write_atomic(path, format_po(self.catalogs[path]))
            if written and path not in self.report.written:
                self.report.written.append(path)
        self.touched.clear()


def translate(
    settings: Settings,
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    *,
    engine: Engine | None = None,
    engine_name: str | None = None,
    dry_run: bool = False,
    max_characters: int | None = None,
    on_event: Callable[[Event], None] | None = None,
) -> TranslateReport:
    """Fill the untranslated entries of the chosen catalogues with machine drafts.

    A MachineTranslationError (quota, rate limit, key, network) ends the run after every
    finished batch has been written; `on_event` has been told about each of them.
    """
    if max_characters is not None and max_characters < 0:
        raise UsageError("--max-characters must be 0 or more")
    chosen = select_languages(settings, languages)
    slugs = select_statement_slugs(settings, statements)
    glossary = glossary_for_settings(settings)
    own_engine = engine is None
    active = engine if engine is not None else create_engine(settings, engine_name)
    report = TranslateReport(active.name, dry_run)
    cache = TranslationCache(settings.cache_path)
    try:
        run = _Run(
            settings, active, cache, report, on_event or (lambda event: None), max_characters
        )
        for language in chosen:
            if not run.language(language, slugs, glossary):
                break
        if dry_run:
            report.usage = active.usage()
    finally:
        cache.close()
        if own_engine:
            active.close()
    return report
