"""Coordinator status: words and segments by state, check findings, publishability — as data.

Nothing here prints; status_render.py turns a StatusReport into a table, JSON, CSV,
Markdown or HTML. The verdict "publishable" is readiness.readiness(), the function
`polyglot build` uses, and errors/warnings come from checks.find_problems, the function
`polyglot check` uses.

A workspace may hold thousands of catalogues, so results are cached in
`<cache-dir>/status.json`, per catalogue, keyed by file identity (path, size, mtime_ns,
inode): a file that changed in any way is read again. The verdict and the findings also
depend on the source statement, the settings, the glossary and this program's version;
when any of those changed they are recomputed. Uncached catalogues are read with
catalog.read_states, one statement per task, on every core.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from polyglot_statement import __version__
from polyglot_statement.config import Settings
from polyglot_statement.errors import CatalogError, PolyglotError, SourceError, UsageError
from polyglot_statement.fsutil import (
    FileFault,
    InputBounds,
    read_bytes_or_none,
    read_input,
    write_atomic,
)
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.po.catalog import read_states
from polyglot_statement.publish.readiness import Readiness, Tally, percent, readiness_of_states
from polyglot_statement.source.statement import (
    read_statement,
    select_languages,
    select_statement_slugs,
)

CACHE_FILE = "status.json"
ABSENT = "absent"  # as publish.inputs says of a missing file
MANIFEST = "manifest.json"  # what `polyglot build` writes into the output folder
CACHE_FORMAT = 4
# Which editions `polyglot check` runs on: those whose verdict it can change (auto), every
# one (all), none. See compute_status.
AUTO_CHECKS, ALL_CHECKS, NO_CHECKS = "auto", "all", "none"
CHECK_MODES = (AUTO_CHECKS, ALL_CHECKS, NO_CHECKS)
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
    sums = [0, 0, 0, 0, 0]
    for tally in tallies:
        for index, value in enumerate(tally.as_tuple()):
            sums[index] += value
    return Tally(*sums)


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


@dataclass(frozen=True, slots=True)
class StaleEdition:
    """A published edition whose inputs changed since `polyglot build` wrote it."""

    statement: str
    language: str
    reason: str


@dataclass(frozen=True, slots=True)
class StatusReport:
    source_language: str
    statements: tuple[str, ...]
    languages: tuple[LanguageStatus, ...]
    checks: str  # which editions were checked: one of CHECK_MODES
    stale_editions: tuple[StaleEdition, ...] | None  # None: nothing was published yet

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


Identity = tuple[int, int, int]  # size, mtime_ns, inode


def _identity(path: Path | str) -> Identity | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


@dataclass(frozen=True, slots=True)
class _Task:
    settings: Settings
    slug: str
    languages: tuple[str, ...]
    checks: str  # one of CHECK_MODES


class _Result(NamedTuple):
    """What one catalogue contributes; the unit stored in the cache (a tuple: fast to load)."""

    language: str
    catalogue_exists: bool
    identity: Identity | None  # of the .po, else of the template (for the cache only)
    source: Identity | None
    words: Sequence[int]  # readiness()'s Tally values (JSON gives lists back)
    segments: Sequence[int]
    errors: int | None
    warnings: int | None
    missing_required: Sequence[str]
    blocking_findings: int
    min_percent: float
    empty: bool
    # sha256 of the source and of the .po ("absent" without one), as `polyglot build`
    # fingerprints them, so that finding stale editions reads no file again. None until
    # something is published (hashing 200 MB is not free).
    source_sha256: str | None
    catalogue_sha256: str | None


def _compute(task: _Task) -> list[_Result]:
    """Count, check and judge one statement in the task's languages (runs in a worker)."""
    settings = task.settings
    source_path = settings.source_path / f"{task.slug}.md"
    source_identity = _identity(source_path)
    statement = read_statement(settings, source_path)
    bounds = settings.bounds
    hashing = (settings.output_path / MANIFEST).is_file()
    source_sha256 = _sha256(source_path, SourceError, bounds) if hashing else None
    # Shared by the languages of this statement, whose msgids are the same.
    msgids: dict[bytes, str] = {}
    template = settings.template_path(task.slug)
    read: dict[str, tuple[bool, Identity | None, str | None]] = {}
    verdicts: dict[str, Readiness] = {}
    for language in task.languages:
        path = settings.catalog_path(language, task.slug)
        # Anything at the catalogue's place is read as a catalogue (a folder there is an
        # error, as in every command), not taken for a missing one.
        exists = os.path.lexists(path)
        identity = _identity(path if exists else template)
        catalogue_sha256 = ABSENT if hashing else None
        states = None
        data = read_input(path, CatalogError, bounds) if exists else None
        if data is not None:
            states = read_states(data, path, msgids)
            if hashing:
                catalogue_sha256 = hashlib.sha256(data).hexdigest()
        read[language] = (exists, identity, catalogue_sha256)
        verdicts[language] = readiness_of_states(settings, statement, language, states)

    # Check errors can only hold an edition back, so in "auto" mode only the editions
    # that are publishable without them are checked.
    checked = [
        language
        for language in task.languages
        if task.checks == ALL_CHECKS
        or (task.checks == AUTO_CHECKS and verdicts[language].publishable)
    ]
    errors = dict.fromkeys(checked, 0)
    warnings = dict.fromkeys(checked, 0)
    if checked:
        from polyglot_statement.checks.run import ERROR, find_problems

        for finding in find_problems(settings, checked, (task.slug,)):
            counts_of = errors if finding.severity == ERROR else warnings
            counts_of[finding.language] += 1
        for language in checked:
            verdicts[language] = replace(verdicts[language], blocking_findings=errors[language])

    results: list[_Result] = []
    for language in task.languages:
        exists, identity, catalogue_sha256 = read[language]
        verdict = verdicts[language]
        results.append(
            _Result(
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
                source_sha256=source_sha256,
                catalogue_sha256=catalogue_sha256,
            )
        )
    return results


def _sha256(path: Path, error: type[PolyglotError], bounds: InputBounds) -> str:
    data = read_input(path, error, bounds)
    return ABSENT if data is None else hashlib.sha256(data).hexdigest()


def _run(tasks: Sequence[_Task], jobs: int | None) -> list[list[_Result]]:
    workers = jobs if jobs is not None else worker_count(len(tasks), PARALLEL_FROM)
    # Small chunks: the last one decides when the slowest worker ends.
    chunk = max(1, len(tasks) // (max(workers, 1) * 32))
    return list(map_in_workers(_compute, tasks, workers, chunk))


# ---------------------------------------------------------------- the cache


def _context(settings: Settings) -> list[Any]:
    """What every verdict depends on besides its own two files."""
    context = [
        CACHE_FORMAT,
        __version__,
        str(settings.root.resolve()),
        _identity(settings.settings_file),
        _identity(settings.glossary_path),
    ]
    # As it comes back from the cache file: tuples become lists.
    return list(json.loads(json.dumps(context)))


def _load_cache(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_bytes_or_none(path) or b"{}")
    except ValueError:
        return {}  # missing or damaged: the cache is disposable
    return data if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else {}


def _from_cache(record: Any) -> _Result | None:
    """A cached result; None for anything that is not one (the cache is disposable)."""
    if not isinstance(record, list) or len(record) != len(_Result._fields):
        return None
    result = _Result(*record)
    # JSON gives lists back; identities are compared with tuples.
    return result._replace(
        identity=_as_identity(result.identity), source=_as_identity(result.source)
    )


def _as_identity(value: Any) -> Identity | None:
    return None if value is None else (int(value[0]), int(value[1]), int(value[2]))


def _to_cache(result: _Result) -> list[Any]:
    # Positional: a warm run decodes 10,000 of these, and short JSON decodes faster.
    return list(result)


# ---------------------------------------------------------------- the report


def compute_status(
    settings: Settings,
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    *,
    checks: str = AUTO_CHECKS,
    use_cache: bool = True,
    jobs: int | None = None,
) -> StatusReport:
    """The status of the chosen statements in the chosen languages (all by default).

    `checks` says which editions `polyglot check` runs on: "auto" only those that are
    publishable but for check errors (the only ones whose verdict findings can change, so
    the verdict is always build's), "all" every one, "none" none (errors and warnings are
    None and verdicts count no check error). Unchecked editions have errors None.
    """
    if checks not in CHECK_MODES:
        raise UsageError(f"checks must be one of {', '.join(CHECK_MODES)}, not {checks!r}")
    chosen_languages = select_languages(settings, languages)
    slugs = select_statement_slugs(settings, statements)
    cache_path = settings.cache_path / CACHE_FILE
    cache = _load_cache(cache_path) if use_cache else {}
    context = _context(settings)
    # A change of settings, glossary or version invalidates every verdict; a verdict needs
    # the statement read anyway, so the counts are recomputed with it.
    cached: dict[str, Any] = cache.get("catalogues", {}) if cache.get("context") == context else {}

    # Paths as strings, built once per folder: pathlib costs more than the stat calls
    # for 10,000 catalogues, and a warm run has little else to do.
    folders = _Folders(settings, chosen_languages)
    results: dict[tuple[str, str], _Result] = {}
    tasks: list[_Task] = []
    for slug in slugs:
        source = _identity(f"{folders.source}/{slug}.md")
        template = f"{folders.templates}/{slug}.pot"
        stale: list[str] = []
        for language in chosen_languages:
            key = f"{language}/{slug}"
            catalogue = f"{folders.catalogues[language]}/{slug}.po"
            identity = _identity(catalogue)
            exists = identity is not None
            if identity is None:
                if os.path.lexists(catalogue):
                    stale.append(language)  # a link to nothing: the reader says so
                    continue
                identity = _identity(template)
            record = _from_cache(cached.get(key)) if key in cached else None
            if (
                record is not None
                and record.identity == identity
                and record.source == source
                and record.catalogue_exists == exists
                and _checked_enough(record, checks)
            ):
                results[(slug, language)] = record
            else:
                stale.append(language)
        if stale:
            tasks.append(_Task(settings, slug, tuple(stale), checks))

    for task, computed in zip(tasks, _run(tasks, jobs), strict=True):
        for result in computed:
            results[(task.slug, result.language)] = result

    published = (settings.output_path / MANIFEST).is_file()
    filled = _with_digests(settings, results) if published else 0
    if use_cache and (tasks or filled or not cached):
        # A filtered run keeps what it did not look at; a full run drops what is gone.
        kept = cached if languages or statements else {}
        _save_cache(cache_path, context, kept, results)

    return StatusReport(
        source_language=settings.source_language,
        statements=tuple(slugs),
        languages=tuple(
            LanguageStatus.of(
                language,
                tuple(_edition(folders, slug, results[(slug, language)], checks) for slug in slugs),
            )
            for language in chosen_languages
        ),
        checks=checks,
        stale_editions=stale_editions(settings, results, chosen_languages, not statements),
    )


def _with_digests(settings: Settings, results: dict[tuple[str, str], _Result]) -> int:
    """Hash the files of results made before anything was published; how many it did."""
    sources: dict[str, str] = {}
    filled = 0
    bounds = settings.bounds
    for (slug, language), result in results.items():
        if result.source_sha256 is not None and result.catalogue_sha256 is not None:
            continue
        if slug not in sources:
            sources[slug] = _sha256(settings.source_path / f"{slug}.md", SourceError, bounds)
        results[(slug, language)] = result._replace(
            source_sha256=sources[slug],
            catalogue_sha256=_sha256(settings.catalog_path(language, slug), CatalogError, bounds),
        )
        filled += 1
    return filled


def _save_cache(
    path: Path,
    context: list[Any],
    previous: dict[str, Any],
    results: dict[tuple[str, str], _Result],
) -> None:
    catalogues = dict(previous)
    for (slug, language), result in results.items():
        catalogues[f"{language}/{slug}"] = _to_cache(result)
    data = {"format": CACHE_FORMAT, "context": context, "catalogues": catalogues}
    # A read-only workspace still gets its report, only slower next time.
    with contextlib.suppress(FileFault):
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def _checked_enough(record: _Result, checks: str) -> bool:
    """Whether a cached result has the findings this run needs."""
    if checks == ALL_CHECKS:
        return record.errors is not None
    if checks == AUTO_CHECKS and record.errors is None:
        return not _verdict(record, "", blocking_findings=0).publishable
    return True


def _verdict(result: _Result, slug: str, blocking_findings: int) -> Readiness:
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
        self.relative_templates = _relative(Path(self.templates), settings)
        self.relative_catalogues = {
            language: _relative(Path(folder), settings)
            for language, folder in self.catalogues.items()
        }


def _edition(folders: _Folders, slug: str, result: _Result, checks: str) -> EditionStatus:
    if result.catalogue_exists:
        catalogue = f"{folders.relative_catalogues[result.language]}/{slug}.po"
    else:
        catalogue = f"{folders.relative_templates}/{slug}.pot"
    return EditionStatus(
        statement=slug,
        language=result.language,
        catalogue=catalogue,
        catalogue_exists=result.catalogue_exists,
        errors=None if checks == NO_CHECKS else result.errors,
        warnings=None if checks == NO_CHECKS else result.warnings,
        # The verdict readiness() gave, rebuilt from its fields (its logic is in Readiness).
        readiness=_verdict(result, slug, 0 if checks == NO_CHECKS else result.blocking_findings),
    )


def _relative(path: Path, settings: Settings) -> str:
    try:
        return path.relative_to(settings.root).as_posix()
    except ValueError:
        return path.as_posix()


def stale_editions(
    settings: Settings,
    results: dict[tuple[str, str], _Result],
    languages: Sequence[str],
    every_statement: bool,
) -> tuple[StaleEdition, ...] | None:
    """Published editions (of the chosen ones) whose inputs changed since the last build.

    The fingerprint is `polyglot build`'s own (publish.inputs), over the source, the
    catalogue, the settings, the glossary, the page templates and the version. None when
    nothing was ever published (no dist/manifest.json).
    """
    manifest_path = settings.output_path / MANIFEST
    if not manifest_path.is_file():
        return None
    from polyglot_statement.publish.html import PACKAGE_TEMPLATES
    from polyglot_statement.publish.inputs import common_digest, edition_fingerprint
    from polyglot_statement.publish.manifest import read_manifest

    manifest = read_manifest(manifest_path)
    if manifest is None:
        return None
    # The same folders `polyglot build` fingerprints (publish/inputs.py).
    common = common_digest(settings, (settings.root / settings.templates_dir, PACKAGE_TEMPLATES))
    sources = {record.slug: record.sha256 for record in manifest.statements}
    stale: list[StaleEdition] = []
    for record in manifest.published:
        result = results.get((record.statement, record.language))
        if result is None:
            removed = not (settings.source_path / f"{record.statement}.md").is_file()
            if removed and every_statement and record.language in languages:
                reason = "the source statement was removed"
                stale.append(StaleEdition(record.statement, record.language, reason))
            continue  # otherwise not among the chosen statements and languages
        source_sha256 = result.source_sha256 or ABSENT  # _with_digests filled them in
        catalogue_sha256 = result.catalogue_sha256 or ABSENT
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
