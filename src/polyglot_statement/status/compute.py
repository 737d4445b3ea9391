"""Coordinator status: words and segments by state, check findings, publishability — as data.

Nothing here prints; render.py turns a StatusReport into a table, JSON, CSV, Markdown or
HTML. The verdict "publishable" is publish.readiness(), the function `polyglot build`
uses, and errors/warnings are counted by checks.CatalogueChecker on the catalogue just
read, which finds what `polyglot check` finds. Each catalogue's part is remembered in the
cache (cache.py), so only the catalogues that changed are read: with po.parse_po, one
statement per task, on every core.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from polyglot_statement.config import Settings, select_languages
from polyglot_statement.errors import CatalogError, SourceError, UsageError, shown_path
from polyglot_statement.fsutil import (
    FileIdentity,
    InputBounds,
    file_identity,
    identity_of,
    read_input,
)
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.po import ReadMemo, parse_po
from polyglot_statement.publish import (
    ABSENT,
    MANIFEST_NAME,
    DigestCache,
    Readiness,
    SegmentUnits,
    Tally,
    common_digest,
    edition_fingerprint,
    percent,
    read_manifest,
    readiness,
    regular_identity,
    segment_units,
)
from polyglot_statement.publish.page_text import PageWords, WorkspaceWords, page_words
from polyglot_statement.source import (
    DATE_FIELD,
    DEADLINE_FIELD,
    read_statement,
    select_statement_slugs,
)
from polyglot_statement.status.activity import Activities, EditionFacts, workspace_activity
from polyglot_statement.status.cache import CACHE_FILE, CatalogueResult, StatusCache
from polyglot_statement.status.deadlines import (
    Deadline,
    Urgency,
    current_time,
    edition_deadline,
    most_urgent,
    stored,
)

if TYPE_CHECKING:
    from polyglot_statement.checks import CatalogueChecker
    from polyglot_statement.checks.cache import Record

__all__ = [
    "CACHE_FILE",
    "CheckMode",
    "EditionStatus",
    "LanguageStatus",
    "StaleEdition",
    "StatusReport",
    "compute_status",
]


class CheckMode(StrEnum):
    """Which editions `polyglot check` runs on (see compute_status)."""

    AUTO = "auto"  # those whose verdict it can change
    ALL = "all"
    NONE = "none"


# Below this many statements to read, worker processes cost more than they save.
PARALLEL_FROM = 8


@dataclass(frozen=True, slots=True)
class EditionStatus:
    """One statement in one language: readiness()'s counts and verdict, and the findings."""

    statement: str
    language: str
    catalogue: str  # posix path from the workspace root; the template's when no .po exists
    catalogue_exists: bool
    errors: int | None  # None: this edition was not checked
    warnings: int | None
    readiness: Readiness
    deadline: Deadline | None = None  # None: nothing gives this edition one

    @property
    def words(self) -> Tally:
        return self.readiness.words

    @property
    def segments(self) -> Tally:
        return self.readiness.segments

    @property
    def percent_approved(self) -> float:
        return self.readiness.percent_approved

    @property
    def publishable(self) -> bool:
        return self.readiness.publishable

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.readiness.reasons


def _total(tallies: Iterable[Tally]) -> Tally:
    # No tallies: no columns, and a Tally of zeros.
    return Tally(*map(sum, zip(*(tally.as_tuple() for tally in tallies), strict=True)))


def _sum_known(values: Iterable[int | None]) -> int | None:
    """The sum over checked editions; None when none was checked."""
    known = [value for value in values if value is not None]
    return sum(known) if known else None


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    """One language over the chosen statements."""

    language: str
    editions: tuple[EditionStatus, ...]
    words: Tally  # the sums over the editions
    segments: Tally

    @classmethod
    def of(cls, language: str, editions: tuple[EditionStatus, ...]) -> LanguageStatus:
        return cls(
            language=language,
            editions=editions,
            words=_total(edition.words for edition in editions),
            segments=_total(edition.segments for edition in editions),
        )

    @property
    def percent_approved(self) -> float:
        return percent(self.words.approved, self.words.total)

    @property
    def errors(self) -> int | None:
        return _sum_known(edition.errors for edition in self.editions)

    @property
    def warnings(self) -> int | None:
        return _sum_known(edition.warnings for edition in self.editions)

    @property
    def publishable(self) -> bool:
        """Every chosen statement may be published in this language."""
        return bool(self.editions) and all(edition.publishable for edition in self.editions)

    @property
    def deadline(self) -> Deadline | None:
        """The deadline to act on first among this language's editions."""
        return most_urgent(edition.deadline for edition in self.editions)


@dataclass(frozen=True, slots=True)
class StaleEdition:
    """A published edition whose inputs changed since `polyglot build` wrote it."""

    statement: str
    language: str
    reason: str


@dataclass(frozen=True, slots=True)
class LanguageWords:
    """A language's page words, and its workspace catalogue's path from the root."""

    catalogue: str
    words: PageWords


@dataclass(frozen=True, slots=True)
class StatusReport:
    source_language: str
    statements: tuple[str, ...]
    languages: tuple[LanguageStatus, ...]
    checks: CheckMode  # which editions were checked
    stale_editions: tuple[StaleEdition, ...] | None  # None: nothing was published yet
    # Where each language's page words come from (publish/page_text.py).
    page_words: tuple[LanguageWords, ...] = ()
    activity: Activities | None = None  # None: not asked for (status/activity.py)
    # The moment deadlines were judged at: not part of what the report says (two reports
    # of the same workspace are equal a second apart; a deadline's seconds_left is).
    now: dt.datetime | None = field(default=None, compare=False)

    def overdue(self) -> tuple[Deadline, ...]:
        """Every overdue edition's deadline, most overdue first."""
        found = [
            edition.deadline
            for language in self.languages
            for edition in language.editions
            if edition.deadline is not None and edition.deadline.urgency == Urgency.OVERDUE
        ]
        return tuple(sorted(found, key=lambda deadline: deadline.sort_key))

    def below(self, percent: float) -> tuple[LanguageStatus, ...]:
        """Languages whose approved words are under `percent`."""
        return tuple(
            language for language in self.languages if language.percent_approved + 1e-9 < percent
        )

    def by_statement(self) -> tuple[tuple[str, tuple[EditionStatus, ...]], ...]:
        return tuple(
            (
                slug,
                tuple(
                    edition
                    for language in self.languages
                    for edition in language.editions
                    if edition.statement == slug
                ),
            )
            for slug in self.statements
        )


# ---------------------------------------------------------------- computing


@dataclass(frozen=True, slots=True)
class _Task:
    settings: Settings
    folders: _Folders
    slug: str
    languages: tuple[str, ...]
    checks: CheckMode
    hashing: bool  # something is published: digests are wanted for its fingerprints


@dataclass(slots=True)
class _Computed:
    """What a task sends back: each language's result, and the digests of the files it read
    (with their identities before reading, for DigestCache)."""

    results: list[CatalogueResult]
    digests: list[tuple[str, FileIdentity, str]] = field(default_factory=list)
    # The findings cache's records the task used or made (checks/cache.py).
    findings: dict[str, Record] = field(default_factory=dict)


def _compute(bounds: InputBounds, checker: CatalogueChecker | None, task: _Task) -> _Computed:
    """Count, check and judge one statement in the task's languages (runs in a worker;
    `bounds` is the run's, which remembers the folders it resolved; `checker` the run's,
    inherited by the workers)."""
    settings = task.settings
    source_path = settings.source_path / f"{task.slug}.md"
    source_identity = file_identity(source_path)
    statement = read_statement(settings, source_path, bounds)
    own_deadline = stored(statement.metadata.get(DEADLINE_FIELD))
    own_date = stored(statement.metadata.get(DATE_FIELD))
    computed = _Computed([])
    if task.hashing:
        _hash(source_path, SourceError, bounds, computed)
    # Shared by the languages of this statement, whose msgids are the same.
    memo = ReadMemo()
    units: dict[tuple[str, ...], SegmentUnits] = {}
    template = f"{task.folders.templates}/{task.slug}.pot"
    read: dict[str, tuple[bool, FileIdentity | None]] = {}
    headers: dict[str, tuple[str | None, str | None]] = {}
    verdicts: dict[str, Readiness] = {}
    errors: dict[str, int] = {}
    warnings: dict[str, int] = {}
    for language in task.languages:
        path = f"{task.folders.catalogues[language]}/{task.slug}.po"
        # Anything at the catalogue's place is read as a catalogue (a folder there is an
        # error, as in every command), not taken for a missing one.
        try:
            found = os.lstat(path)
        except OSError:
            found = None
        if found is not None and stat.S_ISREG(found.st_mode):
            identity: FileIdentity | None = identity_of(found)  # as os.stat would give it
        else:
            identity = file_identity(path if found is not None else template)
        catalog = None
        if found is not None:
            data = read_input(path, CatalogError, bounds)
            if data is not None:
                catalog = parse_po(data, path, memo)
                headers[language] = (
                    catalog.header("Last-Translator"),
                    catalog.header("PO-Revision-Date"),
                )
                if task.hashing and stat.S_ISREG(found.st_mode):
                    digest = hashlib.sha256(data).hexdigest()
                    computed.digests.append((str(path), identity_of(found), digest))
                data = None
        read[language] = (found is not None, identity)
        required = settings.publish_rule(language).required_segments
        if required not in units:
            units[required] = segment_units(statement, required)
        verdict = readiness(settings, statement, language, catalog, 0, units[required])
        # Check errors can only hold an edition back, so in "auto" mode only the editions
        # that are publishable without them are checked: here, on the catalogue just read
        # (reading it again for `check` was a fifth of a cold status).
        if task.checks == CheckMode.ALL or (task.checks == CheckMode.AUTO and verdict.publishable):
            errors[language] = warnings[language] = 0
            if catalog is not None and checker is not None:
                from polyglot_statement.checks import Severity

                # The statement's link definitions, as segmentation read them: the same
                # ones `check` resolves reference links against, not parsed again.
                for finding in checker.findings(
                    catalog, Path(path), task.slug, language, statement.document.definitions
                ):
                    if finding.severity == Severity.ERROR:
                        errors[language] += 1
                    else:
                        warnings[language] += 1
            verdict = replace(verdict, blocking_findings=errors[language])
        verdicts[language] = verdict
        catalog = None
    if checker is not None and checker.cache is not None:
        computed.findings = checker.cache.drain()

    for language in task.languages:
        exists, identity = read[language]
        verdict = verdicts[language]
        computed.results.append(
            CatalogueResult(
                language=language,
                catalogue_exists=exists,
                identity=identity,
                source=source_identity,
                words=verdict.words.as_tuple(),
                segments=verdict.segments.as_tuple(),
                errors=errors.get(language),
                warnings=warnings.get(language),
                missing_required=verdict.missing_required,
                blocking_findings=verdict.blocking_findings,
                min_percent=verdict.min_percent,
                empty=verdict.empty,
                deadline=own_deadline,
                date=own_date,
                translator=headers.get(language, (None, None))[0],
                revised=headers.get(language, (None, None))[1],
            )
        )
    return computed


def _hash(
    path: Path, error: type[SourceError] | type[CatalogError], bounds: InputBounds, into: _Computed
) -> None:
    identity = regular_identity(path)
    data = read_input(path, error, bounds)
    if identity is not None and data is not None:
        into.digests.append((str(path), identity, hashlib.sha256(data).hexdigest()))


def _run(
    tasks: Sequence[_Task], bounds: InputBounds, jobs: int | None, checker: CatalogueChecker | None
) -> list[_Computed]:
    workers = jobs if jobs is not None else worker_count(len(tasks), PARALLEL_FROM)
    # Small chunks: the last one decides when the slowest worker ends.
    chunk = max(1, len(tasks) // (max(workers, 1) * 32))
    return list(map_in_workers(partial(_compute, bounds, checker), tasks, workers, chunk))


def _checker(
    settings: Settings, tasks: Sequence[_Task], use_cache: bool
) -> CatalogueChecker | None:
    """The run's checker, when an edition may be checked. Imported only then: loading the
    checks (glossary matching, stemmers) is a fifth of a warm run. Made here and loaded
    lazily, so forked workers inherit it and load the glossary once each, if they check;
    the findings cache is read here, once, and inherited too."""
    if not any(task.checks != CheckMode.NONE for task in tasks):
        return None
    from polyglot_statement.checks import CatalogueChecker
    from polyglot_statement.checks.cache import FindingsCache

    return CatalogueChecker(settings, cache=FindingsCache(settings, use_cache))


# ---------------------------------------------------------------- the report


def compute_status(
    settings: Settings,
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    *,
    checks: CheckMode | str = CheckMode.AUTO,
    use_cache: bool = True,
    jobs: int | None = None,
    now: dt.datetime | None = None,
    activity: bool = True,
) -> StatusReport:
    """The status of the chosen statements in the chosen languages (all by default).

    `checks` says which editions `polyglot check` runs on: "auto" only those that are
    publishable but for check errors (the only ones whose verdict findings can change, so
    the verdict is always build's), "all" every one, "none" none (errors and warnings are
    None and verdicts count no check error). Unchecked editions have errors None.
    Deadlines are judged at `now` (by default deadlines.current_time(): POLYGLOT_NOW, else
    the clock).
    `activity` reads who changed each catalogue last, and when (status/activity.py).
    """
    try:
        mode = CheckMode(checks)
    except ValueError:
        known = ", ".join(CheckMode)
        raise UsageError(f"checks must be one of {known}, not {checks!r}") from None
    chosen_languages = select_languages(settings, languages)
    slugs = select_statement_slugs(settings, statements)
    moment = current_time() if now is None else now
    cache = StatusCache(settings, use_cache)
    published = (settings.output_path / MANIFEST_NAME).is_file()
    bounds = settings.bounds

    # Paths as strings, built once per folder: pathlib costs more than the stat calls
    # for 10,000 catalogues, and a warm run has little else to do.
    folders = _Folders(settings, chosen_languages)
    results: dict[tuple[str, str], CatalogueResult] = {}
    verdicts: dict[tuple[str, str], Readiness] = {}  # built while judging the cache
    tasks: list[_Task] = []
    every_language = tuple(chosen_languages)
    for slug in slugs:
        if not cache.catalogues:
            # Nothing cached: every catalogue is read, and its worker takes its identity.
            if chosen_languages:
                tasks.append(_Task(settings, folders, slug, every_language, mode, published))
            continue
        source = file_identity(f"{folders.source}/{slug}.md")
        template = f"{folders.templates}/{slug}.pot"
        stale: list[str] = []
        for language in chosen_languages:
            catalogue = f"{folders.catalogues[language]}/{slug}.po"
            identity = file_identity(catalogue)
            exists = identity is not None
            if identity is None:
                if os.path.lexists(catalogue):
                    stale.append(language)  # a link to nothing: the reader says so
                    continue
                identity = file_identity(template)
            record = cache.get(f"{language}/{slug}")
            if (
                record is not None
                and record.identity == identity
                and record.source == source
                and record.catalogue_exists == exists
                and _checked_enough(record, mode, slug, verdicts)
            ):
                results[(slug, language)] = record
            else:
                stale.append(language)
        if stale:
            tasks.append(_Task(settings, folders, slug, tuple(stale), mode, published))

    digests = DigestCache(settings) if published else None
    checker = _checker(settings, tasks, use_cache)
    computed_editions = 0
    for task, computed in zip(tasks, _run(tasks, bounds, jobs, checker), strict=True):
        for result in computed.results:
            results[(task.slug, result.language)] = result
        computed_editions += len(computed.results)
        if checker is not None and checker.cache is not None:
            checker.cache.keep(computed.findings)
        if digests is not None:
            for path, identity, digest in computed.digests:
                digests.remember(path, identity, digest)

    stale_editions = None
    if digests is not None:
        stale_editions = _stale_editions(
            settings, results, chosen_languages, not statements, digests
        )
        digests.save()
    if tasks or not cache.catalogues:
        cache.save(results, keep=bool(languages or statements))
    if checker is not None and checker.cache is not None:
        # Complete: every edition of the workspace was computed, so the records it did
        # not use belong to catalogues that are gone or changed.
        every = not (languages or statements) and computed_editions == len(results)
        checker.cache.save(complete=every)

    return StatusReport(
        source_language=settings.source_language,
        statements=tuple(slugs),
        languages=tuple(
            LanguageStatus.of(
                language,
                tuple(
                    _edition(
                        settings, folders, slug, results[(slug, language)], mode, verdicts, moment
                    )
                    for slug in slugs
                ),
            )
            for language in chosen_languages
        ),
        checks=mode,
        stale_editions=stale_editions,
        page_words=tuple(_language_words(settings, language) for language in chosen_languages),
        now=moment,
        activity=(
            _activity(settings, folders, slugs, chosen_languages, results, use_cache)
            if activity
            else None
        ),
    )


def _activity(
    settings: Settings,
    folders: _Folders,
    slugs: Sequence[str],
    languages: Sequence[str],
    results: dict[tuple[str, str], CatalogueResult],
    use_cache: bool,
) -> Activities:
    return workspace_activity(
        settings.root,
        (
            EditionFacts(
                statement=slug,
                language=language,
                catalogue=f"{folders.relative_catalogues[language]}/{slug}.po",
                exists=result.catalogue_exists,
                translator=result.translator,
                revised=result.revised,
            )
            for slug in slugs
            for language in languages
            if (result := results[(slug, language)])
        ),
        settings.cache_path if use_cache else None,
    )


def _language_words(settings: Settings, language: str) -> LanguageWords:
    words = page_words(language, WorkspaceWords.of(settings))
    return LanguageWords(words.path.relative_to(settings.root).as_posix(), words)


def _checked_enough(
    record: CatalogueResult,
    checks: CheckMode,
    slug: str,
    verdicts: dict[tuple[str, str], Readiness],
) -> bool:
    """Whether a cached result has the findings this run needs (a verdict built to say so
    is kept in `verdicts` for the report)."""
    if checks == CheckMode.ALL:
        return record.errors is not None
    if checks == CheckMode.AUTO and record.errors is None:
        verdict = _verdict(record, slug, 0)
        if verdict.publishable:
            return False  # to be checked: computed again
        verdicts[(slug, record.language)] = verdict
    return True


def _verdict(result: CatalogueResult, slug: str, blocking_findings: int) -> Readiness:
    return Readiness(
        statement=slug,
        language=result.language,
        words=Tally(*result.words),
        segments=Tally(*result.segments),
        missing_required=tuple(result.missing_required),
        blocking_findings=blocking_findings,
        min_percent=result.min_percent,
        empty=bool(result.empty),
    )


class _Folders:
    """Where a workspace keeps sources, templates and each language's catalogues."""

    def __init__(self, settings: Settings, languages: Sequence[str]):
        self.source = str(settings.source_path)
        self.templates = str(settings.template_path("_").parent)
        self.catalogues = {
            language: str(settings.catalog_path(language, "_").parent) for language in languages
        }
        self.relative_templates = shown_path(Path(self.templates), settings.root)
        self.relative_catalogues = {
            language: shown_path(Path(folder), settings.root)
            for language, folder in self.catalogues.items()
        }


def _edition(
    settings: Settings,
    folders: _Folders,
    slug: str,
    result: CatalogueResult,
    checks: CheckMode,
    verdicts: dict[tuple[str, str], Readiness],
    now: dt.datetime,
) -> EditionStatus:
    if result.catalogue_exists:
        catalogue = f"{folders.relative_catalogues[result.language]}/{slug}.po"
    else:
        catalogue = f"{folders.relative_templates}/{slug}.pot"
    unchecked = checks == CheckMode.NONE
    verdict = verdicts.get((slug, result.language)) or _verdict(
        result, slug, 0 if unchecked else result.blocking_findings
    )
    front_matter = (result.deadline, result.date)
    return EditionStatus(
        statement=slug,
        language=result.language,
        catalogue=catalogue,
        catalogue_exists=result.catalogue_exists,
        errors=None if unchecked else result.errors,
        warnings=None if unchecked else result.warnings,
        # The verdict readiness() gave, rebuilt from its fields (its logic is in Readiness).
        readiness=verdict,
        deadline=edition_deadline(
            settings, slug, result.language, front_matter, verdict.publishable, now
        ),
    )


def _stale_editions(
    settings: Settings,
    results: dict[tuple[str, str], CatalogueResult],
    languages: Sequence[str],
    every_statement: bool,
    digests: DigestCache,
) -> tuple[StaleEdition, ...] | None:
    """Published editions (of the chosen ones) whose inputs changed since the last build.

    The fingerprint is `polyglot build`'s own (publish.inputs), over the source, the
    catalogue, the settings, the glossary, the page templates and the version, from the
    digests both commands remember. None when the output folder holds no manifest.
    """
    manifest = read_manifest(settings.output_path / MANIFEST_NAME)
    if manifest is None:
        return None
    common = common_digest(settings)
    bounds = settings.bounds
    sources = {record.slug: record.sha256 for record in manifest.statements}
    stale: list[StaleEdition] = []
    for record in manifest.published:
        if (record.statement, record.language) not in results:
            removed = not (settings.source_path / f"{record.statement}.md").is_file()
            if removed and every_statement and record.language in languages:
                reason = "the source statement was removed"
                stale.append(StaleEdition(record.statement, record.language, reason))
            continue  # otherwise not among the chosen statements and languages
        source_path = settings.source_path / f"{record.statement}.md"
        source_sha256 = digests.digest(source_path, SourceError, bounds)
        catalogue_path = settings.catalog_path(record.language, record.statement)
        catalogue_sha256 = digests.digest(catalogue_path, CatalogError, bounds)
        fingerprint = edition_fingerprint(common, source_sha256, catalogue_sha256)
        if fingerprint == record.fingerprint:
            continue
        if sources.get(record.statement) != source_sha256:
            reason = "the source statement changed"
        elif catalogue_sha256 == ABSENT:
            reason = "the catalogue was removed"
        else:
            reason = "the catalogue, settings, glossary or page templates changed"
        stale.append(StaleEdition(record.statement, record.language, reason))
    return tuple(stale)
