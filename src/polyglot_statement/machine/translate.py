"""`polyglot translate`: a machine-translation first pass over untranslated entries.

Per language: every untranslated entry of the chosen catalogues is collected and its
source text converted to XML (machine/markup.py). Texts whose XML is the same are sent
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
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference

from polyglot_statement.config import Settings, select_languages
from polyglot_statement.errors import (
    CatalogError,
    Interrupted,
    PolyglotError,
    SourceError,
    UsageError,
)
from polyglot_statement.fsutil import (
    ConcurrentEdit,
    FileVersion,
    InputBounds,
    LockHolder,
    read_utf8,
    read_version,
    replace_if_unchanged,
    workspace_lock,
)
from polyglot_statement.glossary import Glossary, glossary_for_settings
from polyglot_statement.glossary.forms import listed_plural, plural
from polyglot_statement.machine.base import (
    Engine,
    EngineGlossary,
    MachineTranslationError,
    Retry,
    StopRequested,
    Supervision,
    Target,
    TermRendering,
    UnsupportedLanguage,
    Usage,
)
from polyglot_statement.machine.cache import CacheKey, TranslationCache
from polyglot_statement.machine.engines import create_engine
from polyglot_statement.machine.markup import (
    Conversion,
    References,
    Restored,
    from_xml,
    keep_pattern,
    split_xml,
    to_xml,
)
from polyglot_statement.po import (
    MACHINE_COMMENT_PREFIX,
    UNTRANSLATED,
    Catalog,
    Entry,
    Prefill,
    format_po,
    parse_po,
)
from polyglot_statement.source import (
    select_statement_paths,
    sentence_starts,
    split_front_matter,
)
from polyglot_statement.source.dialects import COMMONMARK, Dialect

# A catalogue saved by someone else between our reading it again and writing it, this
# many times in a row, is left for the next run (its drafts are in the cache).
_WRITE_ATTEMPTS = 10


@dataclass(frozen=True, slots=True)
class LanguagePlan:
    """What a language needs, before anything is sent."""

    language: str
    code: str  # the engine's code for it
    glossary_version: str | None
    entries: int  # untranslated entries to fill (after the memory's)
    segments: int  # distinct texts among them
    cached: int  # distinct texts the cache already holds
    characters: int  # billable characters this run sends (within --max-characters)
    requests: int  # requests this run sends
    left_for_later: int = 0  # billable characters --max-characters leaves unsent


@dataclass(frozen=True, slots=True)
class MemoryFilled:
    """Entries of one language the translation memory pre-filled before anything is sent."""

    language: str
    exact: int
    fuzzy: int
    catalogues: int


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


@dataclass(frozen=True, slots=True)
class WaitingForLock:
    """Another command holds the workspace lock; this run waits for it."""

    holder: LockHolder | None


@dataclass(frozen=True, slots=True)
class Retrying:
    """The engine sends a request again (a refusal or no answer in time)."""

    language: str  # "" when the request is not one language's (the account's usage)
    retry: Retry


@dataclass(frozen=True, slots=True)
class Stopping:
    """Ctrl-C or SIGTERM came while a request was in flight: the run waits for its
    answer (billed), up to `patience` seconds, saves it, then stops."""

    signum: int
    patience: float | None  # None: no request was waiting for its answer any more


Event = (
    LanguagePlan
    | MemoryFilled
    | LanguageSkipped
    | BatchDone
    | LanguageDone
    | WaitingForLock
    | Retrying
    | Stopping
)


@dataclass(slots=True)
class TranslateReport:
    engine: str
    dry_run: bool
    engine_bills: bool = True  # False for the offline engine: nothing sent is billed
    plans: list[LanguagePlan] = field(default_factory=list)
    skipped: list[LanguageSkipped] = field(default_factory=list)
    missing_catalogs: list[Path] = field(default_factory=list)
    requests: int = 0
    sent_characters: int = 0
    billed_characters: int = 0
    filled: int = 0
    memory_filled: int = 0  # entries the translation memory pre-filled (never sent)
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


def _fillable(entry: Entry) -> bool:
    return entry.state == UNTRANSLATED and bool(entry.msgid) and entry.msgid_plural is None


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
            if not _fillable(entry):
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
                drafts[key] = from_xml(translation, conversion)
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


_REFERENCE_PARSER = MarkdownIt("commonmark")


def statement_references(path: Path) -> References | None:
    """Which reference labels a statement defines, as CommonMark matches them.

    None when the statement cannot be read: then every possible label is taken as
    defined (`extract` and `check` report the broken file).
    """
    try:
        text = read_utf8(path, SourceError)
        body = text[split_front_matter(text, path).body_start :]
    except SourceError:
        return None
    environment: dict[str, dict[str, object]] = {}
    _REFERENCE_PARSER.parse(body, environment)
    labels = frozenset(environment.get("references", {}))
    return lambda label: normalizeReference(label) in labels


# ---------------------------------------------------------------- the budget


class _Budget:
    """--max-characters: the longest run of texts, in sending order, it still allows."""

    def __init__(self, limit: int | None):
        self.left = limit
        self.reached = False

    def cap(self, planned: list[list[str]]) -> tuple[list[list[str]], int]:
        """The batches this run sends, and the characters the budget leaves for later."""
        if self.left is None:
            return planned, 0
        allowed: list[list[str]] = []
        for index, batch in enumerate(planned):
            head: list[str] = []
            for text in batch:
                if self.reached or len(text) > self.left:
                    self.reached = True
                    break
                head.append(text)
                self.left -= len(text)
            if head:
                allowed.append(head)
            if self.reached:
                rest = batch[len(head) :] + [
                    text for later in planned[index + 1 :] for text in later
                ]
                return allowed, sum(len(text) for text in rest)
        return allowed, 0


# ---------------------------------------------------------------- signals


class _Signals:
    """Ctrl-C (SIGINT) and SIGTERM during a run.

    While a request is in flight, the first signal only asks the engine to stop: the
    answer is billed, so the run waits for it (up to the request's timeout), saves it,
    and then stops. Anywhere else, and at a second signal, the run stops at once
    (Interrupted). Never while the cache or a catalogue is being written: a signal that
    comes then takes effect when that is done.
    """

    def __init__(self, supervision: Supervision, on_stopping: Callable[[int], None]):
        self._supervision = supervision
        self._on_stopping = on_stopping
        self._previous: dict[int, object] = {}
        self._deferring = 0
        self._pending: list[int] = []
        self._in_flight = 0
        self.signum: int | None = None  # the first signal, once one has come

    def __enter__(self) -> _Signals:
        # Handlers can only be set from the main thread; elsewhere the defaults stay. A
        # signal the caller ignores (nohup, a background job) stays ignored.
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(signum) is not signal.SIG_IGN:
                    self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exception: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._deferring:
            self._pending.append(signum)
            return
        self._act(signum)

    def _act(self, signum: int) -> None:
        if self._in_flight and self.signum is None:
            self.signum = signum
            self._supervision.stopping = True
            self._on_stopping(signum)
            return
        raise Interrupted(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """A block a signal does not cut short: it takes effect when the block ends."""
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1
        while not self._deferring and self._pending:
            self._act(self._pending.pop(0))

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        """A request whose answer is billed: the first signal waits for it."""
        self._in_flight += 1
        try:
            yield
        except StopRequested:
            raise Interrupted(self.signum or signal.SIGINT) from None
        finally:
            self._in_flight -= 1

    def stop_if_asked(self) -> None:
        """Stop here if a signal asked to, once what was in flight is saved."""
        if self.signum is not None:
            raise Interrupted(self.signum)


# ---------------------------------------------------------------- one run


@dataclass(slots=True)
class _Loaded:
    catalog: Catalog
    version: FileVersion


class _Translation:
    """One `translate` run: the engine, the cache, the report, and the budget."""

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        cache: TranslationCache,
        report: TranslateReport,
        on_event: Callable[[Event], None],
        budget: _Budget,
        signals: _Signals,
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
        self._memory_counts = [0, 0, 0]  # the language's exact and fuzzy fills, catalogues
        self.current = ""  # the language being translated, for the retry messages

    def references(self, slug: str) -> References | None:
        if slug not in self._references:
            self._references[slug] = statement_references(self.statements[slug])
        return self._references[slug]

    def language(self, language: str, glossary: Glossary | None) -> bool:
        """Translate one language; False when the character budget stopped the run."""
        settings, engine, report = self.settings, self.engine, self.report
        source = settings.source_language
        self.current = language
        wanted = engine_glossary(glossary, source, language)
        collection = Collection(keep_pattern(wanted.kept), self.references, settings.markdown)
        loaded: dict[Path, _Loaded] = {}
        for slug in self.statements:
            path = settings.catalog_path(language, slug)
            data, version = read_version(path, CatalogError, settings.bounds)
            if data is None:
                report.missing_catalogs.append(path)
                continue
            catalog = parse_po(data, path)
            if self.prefill is not None:
                catalog, version = self._remembered(path, slug, language, catalog, version)
            loaded[path] = _Loaded(catalog, version)
            collection.add(path, slug, catalog)
        if self.prefill is not None:
            self._tell_remembered(language)
        forms = collection.forms
        if not forms:
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
        )
        report.plans.append(plan)
        self.on_event(plan)
        if self.budget.reached:
            report.budget_reached = True
        if report.dry_run:
            return not self.budget.reached

        writer = _Writer(engine.name, target, collection, report, self.signals, settings.bounds)
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
        for _ in range(_WRITE_ATTEMPTS):
            counts = self.prefill(catalog, language, slug, frozenset())
            if not any(counts.values()):
                break
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
                f"saved by someone else {_WRITE_ATTEMPTS} times while translate pre-filled "
                "it from the memory: run translate again",
                path,
            )
        if any(counts.values()):
            self._memory_counts[0] += counts.get("exact", 0)
            self._memory_counts[1] += counts.get("fuzzy", 0)
            self._memory_counts[2] += 1
        return catalog, version

    def _tell_remembered(self, language: str) -> None:
        exact, fuzzy, catalogues = self._memory_counts
        self._memory_counts = [0, 0, 0]
        self.report.memory_filled += exact + fuzzy
        if catalogues:
            self.on_event(MemoryFilled(language, exact, fuzzy, catalogues))

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


class _Writer:
    """Fills the waiting entries with their drafts and writes each catalogue once."""

    def __init__(
        self,
        engine: str,
        target: Target,
        collection: Collection,
        report: TranslateReport,
        signals: _Signals,
        bounds: InputBounds,
    ):
        self.collection = collection
        self.report = report
        self.signals = signals
        self.bounds = bounds
        glossary = target.glossary_version
        self.provenance = f"{MACHINE_COMMENT_PREFIX} {engine} {target.code}, " + (
            f"glossary {glossary}" if glossary else "no glossary"
        )
        self.filled = 0
        self.markup_problems = 0

    def write(self, loaded: dict[Path, _Loaded], translated: dict[str, str]) -> None:
        errors: list[PolyglotError] = []
        with self.signals.deferred():
            drafts = self.collection.drafts(translated)
            for path, item in loaded.items():
                try:
                    self._write_one(path, item, drafts)
                except PolyglotError as error:
                    errors.append(error)  # the others are still written
        if errors:
            raise errors[0]

    def _write_one(self, path: Path, item: _Loaded, drafts: dict[SourceKey, Restored]) -> None:
        wanted = self.collection.wanted.get(path, {})
        catalog, version = item.catalog, item.version
        for _ in range(_WRITE_ATTEMPTS):
            filled, problems = self._fill(catalog, wanted, drafts)
            if not filled:
                return
            try:
                replace_if_unchanged(version, format_po(catalog))
            except ConcurrentEdit:
                # Saved by someone else since we read it: theirs is the text to keep.
                data, version = read_version(path, CatalogError, self.bounds)
                if data is None:
                    return  # removed meanwhile: nothing of ours to put back
                catalog = parse_po(data, path)
                continue
            self.filled += filled
            self.markup_problems += problems
            self.report.filled += filled
            self.report.markup_problems += problems
            if path not in self.report.written:  # the memory's pre-fill may have written it
                self.report.written.append(path)
            return
        raise ConcurrentEdit(
            f"saved by someone else {_WRITE_ATTEMPTS} times while translate wrote it; "
            "its drafts are in the cache: run translate again",
            path,
        )

    def _fill(
        self, catalog: Catalog, wanted: dict[str, SourceKey], drafts: dict[SourceKey, Restored]
    ) -> tuple[int, int]:
        """Draft the entries still untranslated; how many, and how many lost some markup."""
        filled = problems = 0
        for entry in catalog.active:
            if not _fillable(entry):
                continue
            source = wanted.get(entry.msgid)
            restored = drafts.get(source) if source is not None else None
            if restored is None or not restored.text.strip():
                continue  # nothing usable: leave the entry for a person
            comment = self.provenance
            if restored.problem is not None:
                comment += (
                    f"; markup did not come back intact ({restored.problem}): "
                    "compare the formatting with the source"
                )
                problems += 1
            entry.msgstr = restored.text
            entry.set_fuzzy(True)
            entry.translator_comments = [
                line
                for line in entry.translator_comments
                if not line.startswith(MACHINE_COMMENT_PREFIX)
            ] + [comment]
            filled += 1
        return filled, problems


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
    if dry_run:
        # Opening the memory brings its index up to date, a write a dry run must not
        # make: its estimate counts the texts the memory would fill as to be sent.
        prefill = None
    if max_characters is not None and max_characters < 0:
        raise UsageError("--max-characters must be 0 or more")
    chosen = select_languages(settings, languages)
    paths = {path.stem: path for path in select_statement_paths(settings, statements)}
    glossary = glossary_for_settings(settings)
    tell = on_event or (lambda event: None)
    own_engine = engine is None
    active = engine if engine is not None else create_engine(settings, engine_name)
    report = TranslateReport(active.name, dry_run, active.bills)
    try:
        lock = (
            contextlib.nullcontext()
            if dry_run
            else workspace_lock(
                settings.cache_path,
                "translate",
                lambda holder: tell(WaitingForLock(holder)),
                clean=settings.temp_folders,
            )
        )
        supervision = Supervision()
        signals = _Signals(supervision, lambda signum: tell(Stopping(signum, supervision.patience)))
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
                    _Budget(max_characters),
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
                    if not run.language(language, glossary):
                        break
                if dry_run:
                    run.current = ""  # the account's, not a language's
                    report.usage = active.usage()
            finally:
                cache.close()
    finally:
        if own_engine:
            active.close()
    return report
