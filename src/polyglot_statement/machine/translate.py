"""`polyglot translate`: a machine-translation first pass over untranslated entries.

Per language: every untranslated entry of the chosen catalogues is collected and its
source text converted to XML (inline/convert.py). Texts whose XML is the same are sent
once, however many entries and statements hold them, but each entry is rebuilt from its
*own* conversion: two links that differ only in their URL share a request and a cache
row, and each draft keeps its own URL (anchors, images, code, labels likewise). Texts
already in the cache cost nothing; the rest goes in batches within the engine's limits,
and a text too big for one request goes in parts cut at sentence boundaries.

Paid results are committed to the cache as each batch arrives. A language's catalogues
are written once, when the language is done or the run stops (Ctrl-C, SIGTERM, an engine
error), so a kill at any moment leaves valid files and a re-run sends nothing twice. The
first Ctrl-C or SIGTERM waits for the answer to the request in flight, which is billed,
and keeps it; a second one stops at once.
Before writing, a catalogue is checked to be the version read: if a translator saved it
meanwhile, it is read again and only the entries still untranslated are filled.

What counts as a billable character: one Unicode code point of the text as sent, i.e.
after the Markdown → XML conversion (tags and `&amp;`-style escapes included), which is
what DeepL reports as `billed_characters` for a text sent with tag_handling="xml".
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from markdown_it.common.utils import normalizeReference

from polyglot_statement.config import Settings, select_languages
from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import (
    CatalogError,
    MachineTranslationError,
    SourceError,
    UnsupportedLanguage,
    UsageError,
)
from polyglot_statement.fsutil import (
    ANYWHERE,
    ConcurrentEdit,
    FileVersion,
    InputBounds,
    read_utf8,
    read_version,
    replace_if_unchanged,
    workspace_lock,
)
from polyglot_statement.glossary import Glossary, glossary_for_settings
from polyglot_statement.inline import (
    Conversion,
    References,
    Restored,
    from_xml,
    keep_pattern,
    split_xml,
    to_xml,
)
from polyglot_statement.machine.base import (
    Engine,
    Supervision,
)
from polyglot_statement.machine.cache import CacheKey, TranslationCache
from polyglot_statement.machine.engines import create_engine
from polyglot_statement.machine.events import (
    BatchDone,
    LanguageDone,
    LanguagePlan,
    LanguageSkipped,
    MemoryFilled,
    Stopping,
    Tally,
    TranslateReport,
)
from polyglot_statement.machine.stopping import Budget, Signals
from polyglot_statement.machine.terms import engine_glossary
from polyglot_statement.machine.writeback import WRITE_ATTEMPTS, Loaded, Writer, fillable
from polyglot_statement.po import (
    Catalog,
    Entry,
    Prefill,
    format_po,
    parse_po,
)
from polyglot_statement.progress import (
    Listener,
    Retry,
    Retrying,
    ignore,
    lock_waiter,
)
from polyglot_statement.source import (
    new_parser,
    select_statement_paths,
    sentence_starts,
    split_front_matter,
)
from polyglot_statement.source.generator import trailing_item, with_item_at_end


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


# ---------------------------------------------------------------- what to send

# A source text as converted for one catalogue: (msgid, slug), with the slug "" when the
# conversion did not depend on the statement's reference definitions.
SourceKey = tuple[str, str]


@dataclass(slots=True)
class TextForm:
    """One XML form: sent once, rebuilt for each source text with that source's own parts."""

    xml: str
    conversions: dict[SourceKey, Conversion] = field(default_factory=dict)
    origin: tuple[Path, int] = (Path(), 0)  # where the first entry holding it comes from
    # What is sent: the XML, or parts of it cut at sentence boundaries, each with the
    # whitespace that followed it.
    parts: list[tuple[str, str]] = field(default_factory=list)

    def translation(self, translated: dict[str, str]) -> str | None:
        """The whole form's translation once every part is translated."""
        pieces: list[str] = []
        for text, separator in self.parts:
            piece = translated.get(text)
            if piece is None:
                return None
            pieces.append(piece + separator)
        return "".join(pieces)


class Collection:
    """The untranslated texts of one language's catalogues, grouped by their XML form."""

    def __init__(
        self,
        keep: re.Pattern[str] | None,
        references: Callable[[str], References | None],
        dialect: Dialect = COMMONMARK,
    ):
        self._keep = keep
        self._references = references
        self._dialect = dialect  # whose generator items are never sent as text
        self.forms: dict[str, TextForm] = {}
        self.wanted: dict[Path, dict[str, SourceKey]] = {}  # per catalogue: msgid → source
        self.entries = 0
        self._shared: dict[str, Conversion] = {}  # msgid → a conversion no document shapes
        self._own: dict[SourceKey, Conversion] = {}

    def add(self, path: Path, slug: str, catalog: Catalog) -> None:
        wanted = self.wanted.setdefault(path, {})
        for entry in catalog.active:
            if not fillable(entry):
                continue
            self.entries += 1
            if entry.msgid in wanted:
                continue
            key, conversion = self._convert(entry.msgid, slug)
            wanted[entry.msgid] = key
            form = self.forms.get(conversion.xml)
            if form is None:
                xml = conversion.xml
                form = self.forms[xml] = TextForm(
                    xml, parts=[(xml, "")], origin=_origin(path, entry)
                )
            form.conversions.setdefault(key, conversion)

    def drafts(self, translated: dict[str, str]) -> dict[SourceKey, Restored]:
        """Each source text's draft, rebuilt with its own conversion, once translated."""
        drafts: dict[SourceKey, Restored] = {}
        for form in self.forms.values():
            translation = form.translation(translated)
            if translation is None:
                continue
            for key, conversion in form.conversions.items():
                restored = from_xml(translation, conversion)
                ending = trailing_item(conversion.source, self._dialect)
                if ending is not None:
                    # An engine moves the empty tag of a heading id as it likes (the
                    # pseudo engine pads after it); the generator reads it only last.
                    text = with_item_at_end(restored.text, ending)
                    restored = Restored(text, restored.problem)
                drafts[key] = restored
        return drafts

    def _convert(self, msgid: str, slug: str) -> tuple[SourceKey, Conversion]:
        shared = self._shared.get(msgid)
        if shared is not None:
            return (msgid, ""), shared
        own = self._own.get((msgid, slug))
        if own is not None:
            return (msgid, slug), own
        asked = False

        def defined(label: str) -> bool:
            nonlocal asked
            asked = True
            known = self._references(slug)
            return known is None or known(label)

        conversion = to_xml(msgid, self._keep, defined, self._dialect)
        if asked:
            self._own[(msgid, slug)] = conversion
            return (msgid, slug), conversion
        self._shared[msgid] = conversion
        return (msgid, ""), conversion


def _origin(path: Path, entry: Entry) -> tuple[Path, int]:
    """The source line of an entry (its first `#:`), else its line in the catalogue."""
    for occurrence in entry.occurrences:
        file, _, line = occurrence.rpartition(":")
        if file and line.isdigit():
            return Path(file), int(line)
    return path, entry.line


_REFERENCE_PARSER = new_parser()


def statement_references(path: Path, bounds: InputBounds = ANYWHERE) -> References | None:
    """Which reference labels a statement defines, as CommonMark matches them.

    None when the statement cannot be read: then every possible label is taken as
    defined (`extract` and `check` report the broken file).
    """
    try:
        text = read_utf8(path, SourceError, bounds)  # (the workspace's max-file-size)
        body = text[split_front_matter(text, path).body_start :]
    except SourceError:
        return None
    environment: dict[str, dict[str, object]] = {}
    _REFERENCE_PARSER.parse(body, environment)
    labels = frozenset(environment.get("references", {}))
    return lambda label: normalizeReference(label) in labels


# ---------------------------------------------------------------- one run


@dataclass(slots=True)
class _MemoryFills:
    """What the memory filled in for the language being translated, told once per language."""

    exact: int = 0
    fuzzy: int = 0
    catalogues: int = 0
    characters: int = 0  # of the texts filled: what the engine is not sent


class _Translation:
    """One `translate` run: the engine, the cache, the report, and the budget."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        cache: TranslationCache,
        report: Tally,
        on_event: Listener,
        budget: Budget,
        signals: Signals,
        statements: dict[str, Path],
        prefill: Prefill | None,
    ):
        self.settings = settings
        self.engine = engine
        self.cache = cache
        self.report = report
        self.on_event = on_event
        self.budget = budget
        self.signals = signals
        self.statements = statements
        self.prefill = prefill
        self._references: dict[str, References | None] = {}
        self._memory_fills = _MemoryFills()
        self.current = ""  # the language being translated, for the retry messages
        self._memory_characters = 0  # the current language's, for its plan

    def references(self, slug: str) -> References | None:
        if slug not in self._references:
            self._references[slug] = statement_references(
                self.statements[slug], self.settings.bounds
            )
        return self._references[slug]

    def translated_within_budget(self, language: str, glossary: Glossary | None) -> bool:
        """Translate one language; whether the character budget still allows the next
        (False: it stopped the run)."""
        settings, engine, report = self.settings, self.engine, self.report
        source = settings.source_language
        self.current = language
        wanted = engine_glossary(glossary, source, language)
        collection = Collection(
            keep_pattern(wanted.kept), self.references, dialect=settings.markdown
        )
        loaded: dict[Path, Loaded] = {}
        for slug in self.statements:
            path = settings.catalog_path(language, slug)
            data, version = read_version(path, CatalogError, settings.bounds)
            if data is None:
                report.missing_catalogs.append(path)
                continue
            catalog = parse_po(data, path)
            if self.prefill is not None:
                catalog, version = self._remembered(path, slug, language, catalog, version)
            loaded[path] = Loaded(catalog, version)
            collection.add(path, slug, catalog)
        self._memory_characters = 0
        if self.prefill is not None:
            self._tell_remembered(language)
        memory_characters = self._memory_characters
        forms = collection.forms
        if not forms:
            plan = LanguagePlan(
                language, "", None, 0, 0, 0, 0, 0, memory_characters=memory_characters
            )
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
        self._cut_to_size(forms.values())
        key = CacheKey(
            engine.name, source, target.code, engine.formality, target.glossary_version or ""
        )
        texts = list(dict.fromkeys(text for form in forms.values() for text, _ in form.parts))
        translated = self.cache.lookup(key, texts)
        to_send = [text for text in texts if text not in translated]
        planned, left_for_later = self.budget.cap(
            batches(to_send, engine.max_batch_texts, engine.max_batch_bytes, engine.request_size)
        )
        plan = LanguagePlan(
            language=language,
            code=target.code,
            glossary_version=target.glossary_version,
            entries=collection.entries,
            segments=len(forms),
            cached=sum(1 for form in forms.values() if form.translation(translated) is not None),
            characters=sum(len(text) for batch in planned for text in batch),
            requests=len(planned),
            left_for_later=left_for_later,
            cached_characters=sum(len(text) for text in texts if text in translated),
            memory_characters=memory_characters,
        )
        report.plans.append(plan)
        self.on_event(plan)
        if self.budget.reached:
            report.budget_reached = True
        if report.dry_run:
            return not self.budget.reached

        writer = Writer(engine.name, target, collection, report, self.signals, settings.bounds)
        try:
            if planned:
                engine.prepare(source, target, wanted)
            for number, batch in enumerate(planned, start=1):
                with self.signals.in_flight():
                    results = engine.translate(batch, source, target)
                with self.signals.deferred():
                    # Paid for: into the cache before anything else can stop the run.
                    answers = {
                        text: result.text for text, result in zip(batch, results, strict=True)
                    }
                    self.cache.store(key, answers.items())
                    translated.update(answers)
                characters = sum(len(text) for text in batch)
                billed = sum(result.billed_characters for result in results)
                report.requests += 1
                report.sent_characters += characters
                report.billed_characters += billed
                self.on_event(
                    BatchDone(language, number, len(planned), len(batch), characters, billed)
                )
                self.signals.stop_if_asked()
        except (MachineTranslationError, KeyboardInterrupt):
            writer.write(loaded, translated)
            raise
        writer.write(loaded, translated)
        self.on_event(LanguageDone(language, writer.filled, writer.markup_problems))
        return not self.budget.reached

    def _remembered(
        self, path: Path, slug: str, language: str, catalog: Catalog, version: FileVersion
    ) -> tuple[Catalog, FileVersion]:
        """The catalogue with what the memory has filled in, written (before anything is
        sent, so that it stays even if the engine fails)."""
        assert self.prefill is not None
        for _ in range(WRITE_ATTEMPTS):
            empty = {entry.key: entry.msgid for entry in catalog.entries if not entry.msgstr}
            counts = self.prefill(catalog, language, slug, frozenset())
            characters = sum(
                len(empty[entry.key])
                for entry in catalog.entries
                if entry.key in empty and entry.msgstr
            )
            if not any(counts.values()) or self.report.dry_run:
                break  # a dry run only counts what the memory would fill
            try:
                version = replace_if_unchanged(version, format_po(catalog))
            except ConcurrentEdit:
                # Saved by someone else since we read it: fill their text instead.
                data, version = read_version(path, CatalogError, self.settings.bounds)
                if data is None:
                    raise CatalogError("removed while translate ran", path) from None
                catalog = parse_po(data, path)
                continue
            self.report.written.append(path)
            break
        else:
            raise ConcurrentEdit(
                f"saved by someone else {WRITE_ATTEMPTS} times while translate pre-filled "
                "it from the memory: run translate again",
                path,
            )
        if any(counts.values()):
            self._memory_fills.exact += counts.get("exact", 0)
            self._memory_fills.fuzzy += counts.get("fuzzy", 0)
            self._memory_fills.catalogues += 1
            self._memory_fills.characters += characters
        return catalog, version

    def _tell_remembered(self, language: str) -> None:
        fills, self._memory_fills = self._memory_fills, _MemoryFills()
        self._memory_characters = fills.characters
        self.report.memory_filled += fills.exact + fills.fuzzy
        if fills.catalogues:
            self.on_event(
                MemoryFilled(
                    language, fills.exact, fills.fuzzy, fills.catalogues, self.report.dry_run
                )
            )

    def _cut_to_size(self, forms: Iterable[TextForm]) -> None:
        """Cut each text too big for one request into parts, or refuse it."""
        engine = self.engine

        def fits(text: str) -> bool:
            return engine.request_size(text) <= engine.max_batch_bytes

        starts = partial(sentence_starts, language=self.settings.source_language)
        for form in forms:
            if fits(form.xml):
                continue
            parts = split_xml(form.xml, fits, starts)
            if parts is None:
                path, line = form.origin
                raise SourceError(
                    f"this text is {engine.request_size(form.xml):,} bytes as sent and has "
                    f"no sentence boundary that cuts it into parts of at most "
                    f"{engine.max_batch_bytes:,} bytes (the engine's limit for one request); "
                    "nothing was sent: split it into shorter sentences or paragraphs",
                    path if path.is_absolute() else self.settings.root / path,
                    line,
                )
            form.parts = parts


def translate(
    settings: Settings,
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    *,
    engine: Engine | None = None,
    engine_name: str | None = None,
    dry_run: bool = False,
    max_characters: int | None = None,
    on_event: Listener = ignore,
    prefill: Prefill | None = None,
) -> TranslateReport:
    """Fill the untranslated entries of the chosen catalogues with machine drafts.

    A MachineTranslationError (quota, rate limit, key, network), Ctrl-C or SIGTERM
    (`Interrupted`) ends the run after the current language's catalogues have been
    written with every finished batch; `on_event` has been told about each of them. The
    first signal that comes while a request is in flight waits for its answer (`Stopping`)
    and saves it; a second one stops at once. Each retry is told (`Retrying`).
    A dry run creates and changes no file: not the cache, not the lock.

    `prefill` (memory.prefiller) fills untranslated entries from the translation memory
    first, and writes them: a text the memory has is never sent.
    """
    if dry_run and not getattr(prefill, "read_only", False):
        # Opening the memory brings its index up to date, a write a dry run must not
        # make (memory.estimating_prefiller reads it as it is, and may be given instead).
        prefill = None
    if max_characters is not None and max_characters < 0:
        raise UsageError("--max-characters must be 0 or more")
    chosen = select_languages(settings, languages)
    paths = {path.stem: path for path in select_statement_paths(settings, statements)}
    glossary = glossary_for_settings(settings)
    tell = on_event
    own_engine = engine is None
    active = engine if engine is not None else create_engine(settings, engine_name, dry_run=dry_run)
    report = Tally(
        active.name,
        dry_run,
        active.bills,
        offline=getattr(active, "offline", False),
        price_per_million=settings.machine.price_per_million,
        currency=settings.machine.currency,
    )
    try:
        lock = (
            contextlib.nullcontext()
            if dry_run
            else workspace_lock(
                settings.cache_path,
                "translate",
                lock_waiter(tell),
                clean=settings.temp_folders,
            )
        )
        supervision = Supervision()
        signals = Signals(supervision, lambda signum: tell(Stopping(signum, supervision.patience)))
        with lock, signals:
            cache = (
                TranslationCache.read_only(settings.cache_path)
                if dry_run
                else TranslationCache(settings.cache_path)
            )
            try:
                run = _Translation(
                    settings,
                    active,
                    cache,
                    report,
                    tell,
                    Budget(max_characters),
                    signals,
                    paths,
                    prefill,
                )

                def retrying(retry: Retry) -> None:
                    with signals.deferred():  # a signal handler must not print mid-line
                        tell(Retrying(run.current, retry))

                supervision.on_retry = retrying
                active.supervise(supervision)
                for language in chosen:
                    if not run.translated_within_budget(language, glossary):
                        break
                if dry_run:
                    run.current = ""  # the account's, not a language's
                    report.usage = active.usage()
            finally:
                cache.close()
    finally:
        if own_engine:
            active.close()
    return report.report()
