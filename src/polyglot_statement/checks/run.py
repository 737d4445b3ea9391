"""Running the checks: the one function `check`, `build` and `status` all call.

Each check is a small class (base.py) and ALL_CHECKS lists every one of them explicitly,
in the order findings about one entry are reported.
"""

from __future__ import annotations

import itertools
import os
import statistics
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from polyglot_statement.checks.base import Check, Finding, Severity, Unit
from polyglot_statement.checks.cache import FindingsCache, Keyed, Record
from polyglot_statement.checks.content import Addresses, Numbers
from polyglot_statement.checks.markup import (
    GeneratorItems,
    MarkdownStructure,
    RawHtml,
    ReferenceOrder,
)
from polyglot_statement.checks.terms import DoNotTranslate, ForbiddenTerm, GlossaryRendering
from polyglot_statement.checks.translation import Identical, Length, prose_length
from polyglot_statement.checks.typography import Punctuation, Whitespace
from polyglot_statement.config import Settings, select_languages
from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import CatalogError, UsageError
from polyglot_statement.fsutil import InputBounds, read_input
from polyglot_statement.glossary import Glossary, LanguageGlossary, glossary_for_settings
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.po import (
    APPROVED,
    MACHINE,
    MEMORY,
    NEEDS_REVIEW,
    Catalog,
    Entry,
    LightEntry,
    ReadMemo,
    SegmentState,
    iter_po,
)
from polyglot_statement.source import (
    NO_DEFINITIONS,
    LinkDefinitions,
    select_statement_slugs,
    statement_definitions,
)

ALL_CHECKS: tuple[Check, ...] = (
    GlossaryRendering(),
    ForbiddenTerm(),
    DoNotTranslate(),
    MarkdownStructure(),
    GeneratorItems(),
    ReferenceOrder(),
    RawHtml(),
    Addresses(),
    Numbers(),
    Identical(),
    Whitespace(),
    Punctuation(),
    Length(),
)

# Fuzzy entries are checked too: a reviewer should see the problems before approving.
CHECKED_STATES = frozenset({APPROVED, MACHINE, MEMORY, NEEDS_REVIEW})


# Below this many catalogues, starting worker processes costs more than it saves.
PARALLEL_MIN_CATALOGUES = 200


def find_problems(
    settings: Settings,
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    check_ids: Sequence[str] = (),
) -> list[Finding]:
    """Every finding in the chosen catalogues, ordered by statement, language, line, check.

    Missing catalogues are skipped (nothing to check yet). Unknown languages, statements
    or check ids raise UsageError; a malformed catalogue raises CatalogError, a malformed
    statement SourceError (its link definitions are read), and an invalid glossary
    GlossaryError. Large workspaces are checked on every core.
    """
    jobs, checks, by_language = _plan(settings, languages, statements, check_ids)
    bounds = settings.bounds

    def check_chunk(chunk: list[_Job]) -> list[Finding]:
        found: list[Finding] = []
        memos = _Memos()
        for job in chunk:
            found.extend(
                _findings(
                    read_checked(job, bounds, memos), job.path, job.statement, job.language,
                    settings.source_language, checks, by_language[job.language],
                    job.definitions, settings.markdown, None,
                )
            )  # fmt: skip
        return found

    workers = worker_count(len(jobs), 2 * PARALLEL_MIN_CATALOGUES, PARALLEL_MIN_CATALOGUES)
    # Several chunks per worker, in order, so a slow chunk does not idle the others and
    # the result keeps the sequential order.
    # (max(1, …): a new workspace, before its first extract, has no catalogue at all.)
    size = max(1, len(jobs) if workers == 1 else len(jobs) // (workers * 8))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    return [
        finding
        for found in map_in_workers(check_chunk, chunks, workers, chunksize=1)
        for finding in found
    ]


def _plan(
    settings: Settings,
    languages: Sequence[str],
    statements: Sequence[str],
    check_ids: Sequence[str],
) -> tuple[list[_Job], tuple[Check, ...], dict[str, LanguageGlossary | None]]:
    """The catalogues to check, the checks, and each language's glossary."""
    chosen_languages = select_languages(settings, languages)
    slugs = select_statement_slugs(settings, statements)
    checks = select_checks(check_ids)
    glossary = glossary_for_settings(settings)  # a broken glossary fails here, once
    definitions = {slug: statement_definitions(settings, slug) for slug in slugs}
    jobs = [
        _Job(path, slug, language, definitions[slug])
        for slug in slugs
        for language in chosen_languages
        # Anything at a catalogue's place is read (a folder there is an error, as in
        # every command); only no file at all means nothing to check yet.
        if os.path.lexists(path := settings.catalog_path(language, slug))
    ]
    # Matchers are built once per language, here: forked workers inherit them, and each
    # process fills their stem caches for every file it checks.
    by_language = {
        language: glossary.for_language(language) if glossary is not None else None
        for language in chosen_languages
    }
    return jobs, checks, by_language


def count_problems(
    settings: Settings, languages: Sequence[str] = (), statements: Sequence[str] = ()
) -> Counter[tuple[str, Severity]]:
    """How many findings of each severity find_problems gives in each language, counted as
    they come: a catalogue of 10⁵ entries has as many findings, which as a list took four
    times the catalogue's size. In this process, one catalogue at a time. (`status` counts
    with a CatalogueChecker on the catalogues it has just read instead.)"""
    jobs, checks, by_language = _plan(settings, languages, statements, ())
    counts: Counter[tuple[str, Severity]] = Counter()
    memos = _Memos()
    for job in jobs:
        for finding in _findings(
            read_checked(job, settings.bounds, memos), job.path, job.statement, job.language,
            settings.source_language, checks, by_language[job.language], job.definitions,
            settings.markdown, None,
        ):  # fmt: skip
            counts[finding.language, finding.severity] += 1
    return counts


def read_checked(job: _Job, bounds: InputBounds, memos: _Memos) -> list[LightEntry]:
    """What the checks read of a job's catalogue's checked entries, read as they come
    (po.iter_po): the entries themselves are not kept, nor the file's bytes once read. A
    malformed catalogue raises here, before any of its entries is checked. Public as the
    seam a test sees which process reads each catalogue through."""
    data = read_input(job.path, CatalogError, bounds)
    if data is None:
        raise CatalogError("no such file", job.path)
    return [
        LightEntry.of(entry)
        for position, entry in enumerate(iter_po(data, job.path, memos.of(job.statement)))
        if entry.state in CHECKED_STATES and not (position == 0 and _is_header(entry))
    ]


def _is_header(entry: Entry) -> bool:
    """The first entry is the header (po.with_header's rule), which is never checked."""
    return entry.msgid == "" and entry.msgctxt is None and not entry.obsolete


class _Checkable(Protocol):
    """What the checks read of an entry: an Entry, or a LightEntry."""

    @property
    def msgid(self) -> str: ...
    @property
    def msgstr(self) -> str: ...
    @property
    def msgid_plural(self) -> str | None: ...
    @property
    def translations(self) -> Sequence[str]: ...
    @property
    def msgstr_line(self) -> int: ...
    @property
    def ignored_checks(self) -> frozenset[str]: ...


class _Memos:
    """One read memo per statement (po.ReadMemo): its languages share msgids and comments."""

    def __init__(self) -> None:
        self.statement: str | None = None
        self.memo = ReadMemo()

    def of(self, statement: str) -> ReadMemo:
        if statement != self.statement:
            self.statement, self.memo = statement, ReadMemo()
        return self.memo


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    statement: str
    language: str
    definitions: LinkDefinitions


class CatalogueChecker:
    """The checks of one run over catalogues read elsewhere (status reads each one once,
    for its counts and its checks). The glossary is loaded when the first catalogue is
    checked, so a run that checks nothing does not read it; forked workers inherit the
    checker and build each language's matcher once in each process."""

    def __init__(
        self,
        settings: Settings,
        checks: Sequence[Check] = ALL_CHECKS,
        cache: FindingsCache | None = None,
    ):
        self.settings = settings
        self.checks = tuple(checks)
        self.cache = cache
        self.loaded = False
        self.glossary: Glossary | None = None
        self.matchers: dict[str, LanguageGlossary | None] = {}

    def load(self) -> None:
        """Read the glossary now (the build does, before its workers fork, so that a
        broken glossary fails it before any edition is decided)."""
        if not self.loaded:
            self.glossary = glossary_for_settings(self.settings)
            self.loaded = True

    def matcher(self, language: str) -> LanguageGlossary | None:
        self.load()
        if language not in self.matchers:
            glossary = self.glossary
            self.matchers[language] = (
                glossary.for_language(language) if glossary is not None else None
            )
        return self.matchers[language]

    def findings(
        self,
        catalog: Catalog,
        path: Path,
        statement: str,
        language: str,
        definitions: LinkDefinitions = NO_DEFINITIONS,
    ) -> list[Finding]:
        """catalog_findings of one catalogue, with this run's checks and glossary."""
        return catalog_findings(
            catalog,
            path,
            statement,
            language,
            self.settings.source_language,
            self.checks,
            self.matcher(language),
            definitions,
            self.cache,
            dialect=self.settings.markdown,
        )

    def counts(
        self,
        entries: Sequence[Counted],
        path: Path,
        statement: str,
        language: str,
        definitions: LinkDefinitions = NO_DEFINITIONS,
    ) -> tuple[int, int]:
        """The errors and warnings `findings` finds in a catalogue's entries (its header
        left out), counted as they come: a catalogue of 10⁵ entries has as many findings,
        which status held only to count them."""
        checked = [entry for entry in entries if entry.state in CHECKED_STATES]
        cache, key = self.cache, None
        if cache is not None and self.checks == ALL_CHECKS:
            key = cache.key(language, definitions, checked)
            record = cache.get(key)
            if record is not None and all(
                check_id in _SEVERITIES and 0 <= index < len(checked)
                for index, check_id, _ in record
            ):  # (else an edited cache file: checked again, as _from_record says)
                found = Counter(_SEVERITIES[check_id] for _, check_id, _ in record)
                return found[Severity.ERROR], found[Severity.WARNING]
        made: Record = []
        found = Counter(
            finding.severity
            for finding in _findings(
                checked, path, statement, language, self.settings.source_language,
                self.checks, self.matcher(language), definitions, self.settings.markdown, made,
            )
        )  # fmt: skip
        if cache is not None and key is not None:
            cache.put(key, made)
        return found[Severity.ERROR], found[Severity.WARNING]


class Counted(_Checkable, Keyed, Protocol):
    """What CatalogueChecker.counts reads of an entry: a po.Entry, or status's reading."""

    @property
    def translations(self) -> Sequence[str]: ...
    @property
    def state(self) -> SegmentState: ...


def select_checks(check_ids: Sequence[str] = ()) -> tuple[Check, ...]:
    if not check_ids:
        return ALL_CHECKS
    known = {check.check_id: check for check in ALL_CHECKS}
    unknown = [check_id for check_id in check_ids if check_id not in known]
    if unknown:
        raise UsageError(f"unknown check {unknown[0]!r}; known checks: {', '.join(known)}")
    wanted = set(check_ids)
    return tuple(check for check in ALL_CHECKS if check.check_id in wanted)


def catalog_findings(
    catalog: Catalog,
    path: Path,
    statement: str,
    language: str,
    source_language: str,
    checks: Sequence[Check] = ALL_CHECKS,
    glossary: LanguageGlossary | None = None,
    definitions: LinkDefinitions = NO_DEFINITIONS,
    cache: FindingsCache | None = None,
    *,
    dialect: Dialect = COMMONMARK,
) -> list[Finding]:
    """Findings of one catalogue (read from the file at `path`), in entry order.
    `definitions` are the statement's link definitions (source.statement_definitions);
    `dialect` the workspace's Markdown dialect (settings.markdown). With a `cache` (made
    with the same glossary) the findings of a catalogue whose checked entries were checked
    before in this context are taken from it (ALL_CHECKS only)."""
    entries = [entry for entry in catalog.entries if entry.state in CHECKED_STATES]
    key = None
    if cache is not None and tuple(checks) == ALL_CHECKS:
        key = cache.key(language, definitions, entries)
        record = cache.get(key)
        if record is not None:
            remembered = _from_record(record, entries, path, statement, language)
            if remembered is not None:
                return remembered
    made: Record = []
    findings = list(
        _findings(
            entries, path, statement, language, source_language, checks, glossary,
            definitions, dialect, made,
        )
    )  # fmt: skip
    if cache is not None and key is not None:
        cache.put(key, made)
    return findings


def iter_catalog_findings(
    catalog: Catalog,
    path: Path,
    statement: str,
    language: str,
    source_language: str,
    checks: Sequence[Check] = ALL_CHECKS,
    glossary: LanguageGlossary | None = None,
    definitions: LinkDefinitions = NO_DEFINITIONS,
    *,
    dialect: Dialect = COMMONMARK,
) -> Iterator[Finding]:
    """catalog_findings one at a time, remembering none: a catalogue of 10⁵ entries has as
    many findings, which as a list took four times the catalogue's size."""
    entries = [entry for entry in catalog.entries if entry.state in CHECKED_STATES]
    yield from _findings(
        entries, path, statement, language, source_language, checks, glossary, definitions,
        dialect, None,
    )  # fmt: skip


def _findings(
    entries: Sequence[_Checkable],
    path: Path,
    statement: str,
    language: str,
    source_language: str,
    checks: Sequence[Check],
    glossary: LanguageGlossary | None,
    definitions: LinkDefinitions,
    dialect: Dialect,
    made: Record | None,
) -> Iterator[Finding]:
    """The findings of `entries`; each also noted in `made` (for the cache) when given."""
    ratio = _usual_length_ratio(entries)
    checks = tuple(checks)
    # The memo's key without the unit (see unit_problems): the same for every unit here.
    context = _context((checks, language, source_language, glossary, definitions, dialect))
    for index, entry in enumerate(entries):
        for source, translation in _pairs(entry):
            unit = Unit(
                source, translation, language, source_language, glossary, ratio, definitions,
                dialect,
            )  # fmt: skip
            found = unit_problems(unit, checks, context)
            if not found:
                continue  # most units
            ignored = entry.ignored_checks
            for check, message in found:
                if ignored and check.check_id in ignored:
                    continue
                if made is not None:
                    made.append((index, check.check_id, message))
                yield Finding(
                    path=path,
                    line=entry.msgstr_line,
                    statement=statement,
                    language=language,
                    check_id=check.check_id,
                    severity=check.severity,
                    message=message,
                    msgid=entry.msgid,
                )


# Checks whose findings depend on the catalogue as well as on the unit (the length check
# compares with the catalogue's median ratio): never answered from UNIT_MEMO.
CATALOGUE_WIDE = frozenset({"length"})
# The problems of the units checked last in this process, by everything a check is given
# but the catalogue's ratio. The same source and translation come back in many
# catalogues (stock sentences, headings, list items: a third of the units of the
# benchmark corpus), each parsed as Markdown, its numbers read and its terms matched.
# Bounded: cleared when full, which keeps the memory it holds to a few megabytes.
UNIT_MEMO_SIZE = 20_000
UNIT_MEMO: dict[tuple[str, str, int], tuple[tuple[int, str], ...]] = {}
UNIT_CONTEXTS: dict[tuple[object, ...], int] = {}
_CONTEXT_NUMBERS = itertools.count()


def unit_problems(
    unit: Unit, checks: Sequence[Check], context: int | None = None
) -> list[tuple[Check, str]]:
    """Each check's messages about `unit`, in the order of `checks` (public as the seam a
    test counts the units checked through; UNIT_MEMO is the memo it fills). `context` is
    _context of the checks and the unit, when the caller has it (once per catalogue)."""
    checks = tuple(checks)
    if UNIT_MEMO_SIZE <= 0:
        return [(check, message) for check in checks for message in check.problems(unit)]
    if context is None:
        context = _context(
            (
                checks, unit.language, unit.source_language, unit.glossary,
                unit.definitions, unit.dialect,
            )
        )  # fmt: skip
    shareable, wide = _split(checks)
    # The unit's texts and its context's number, not a Unit made again without its ratio
    # and hashed with its link definitions and dialect for every unit.
    key = (unit.msgid, unit.msgstr, context)
    shared = UNIT_MEMO.get(key)
    if shared is None:
        shared = tuple(
            (position, message) for position, check in shareable for message in check.problems(unit)
        )
        if len(UNIT_MEMO) >= UNIT_MEMO_SIZE:
            UNIT_MEMO.clear()
        UNIT_MEMO[key] = shared
    own = [(position, message) for position, check in wide for message in check.problems(unit)]
    if not own and not shared:
        return []
    # In the order of the checks; a check's own messages keep theirs (a stable sort).
    ordered = sorted((*shared, *own), key=lambda item: item[0]) if own else shared
    return [(checks[position], message) for position, message in ordered]


def _context(context: tuple[object, ...]) -> int:
    """The number UNIT_MEMO's keys stand for `context` by: the checks, and everything of a
    unit but its texts and its ratio (its language, glossary, link definitions, dialect),
    the same for all the units of a catalogue."""
    number = UNIT_CONTEXTS.get(context)
    if number is None:
        if len(UNIT_CONTEXTS) >= UNIT_MEMO_SIZE:
            UNIT_CONTEXTS.clear()
            UNIT_MEMO.clear()
        # Never a number given before, even once cleared: a catalogue's findings read one
        # at a time (iter_catalog_findings) may still hold an older one.
        number = UNIT_CONTEXTS[context] = next(_CONTEXT_NUMBERS)
    return number


@lru_cache(maxsize=64)
def _split(checks: tuple[Check, ...]) -> tuple[list[tuple[int, Check]], list[tuple[int, Check]]]:
    """The checks (with their positions) UNIT_MEMO answers, and the catalogue-wide ones."""
    positioned = list(enumerate(checks))
    return (
        [
            (position, check)
            for position, check in positioned
            if check.check_id not in CATALOGUE_WIDE
        ],
        [(position, check) for position, check in positioned if check.check_id in CATALOGUE_WIDE],
    )


_SEVERITIES: dict[str, Severity] = {check.check_id: check.severity for check in ALL_CHECKS}


def _from_record(
    record: Record, entries: Sequence[_Checkable], path: Path, statement: str, language: str
) -> list[Finding] | None:
    """The findings a cache record stands for, placed on the catalogue's entries at hand;
    None when the record does not fit them (an edited cache file is just a miss)."""
    findings: list[Finding] = []
    for index, check_id, message in record:
        severity = _SEVERITIES.get(check_id)
        if severity is None or not 0 <= index < len(entries):
            return None
        entry = entries[index]
        findings.append(
            Finding(
                path=path,
                line=entry.msgstr_line,
                statement=statement,
                language=language,
                check_id=check_id,
                severity=severity,
                message=message,
                msgid=entry.msgid,
            )
        )
    return findings


def _pairs(entry: _Checkable) -> list[tuple[str, str]]:
    """(source, translation) pairs: msgstr[0] answers msgid, later forms msgid_plural."""
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    forms = entry.translations
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, form)
        for index, form in enumerate(forms)
    ]


def _usual_length_ratio(entries: Sequence[_Checkable]) -> float | None:
    ratios = [
        prose_length(entry.msgstr) / length
        for entry in entries
        if entry.msgid_plural is None and (length := prose_length(entry.msgid)) >= 20
    ]
    return statistics.median(ratios) if len(ratios) >= 5 else None
