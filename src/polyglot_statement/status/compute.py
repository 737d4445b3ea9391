"""Coordinator status: words and segments by state, check findings, publishability — as data.

Nothing here prints; render.py turns a StatusReport (report.py) into a table, JSON, CSV,
Markdown or HTML. The verdict "publishable" is publish.readiness(), the function
`polyglot build` uses, and errors/warnings are counted by checks.CatalogueChecker on the
catalogue just read, which finds what `polyglot check` finds. Each catalogue's part is
remembered in the cache (cache.py), so only the catalogues that changed are read, by the
workers of worker.py; stale.py finds the published editions whose inputs changed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from polyglot_statement.config import Settings, select_languages
from polyglot_statement.errors import UsageError, shown_path
from polyglot_statement.fsutil import file_identity
from polyglot_statement.publish import MANIFEST_NAME, DigestCache, Readiness, Tally
from polyglot_statement.publish.page_text import WorkspaceWords, page_words
from polyglot_statement.source import select_statement_slugs
from polyglot_statement.status.activity import Activities, EditionFacts, workspace_activity
from polyglot_statement.status.cache import CACHE_FILE, CatalogueResult, StatusCache
from polyglot_statement.status.deadlines import current_time, edition_deadline
from polyglot_statement.status.report import (
    CheckMode,
    EditionStatus,
    LanguageStatus,
    LanguageWords,
    StaleEdition,
    StatusReport,
)
from polyglot_statement.status.stale import find_stale_editions
from polyglot_statement.status.worker import Folders, Task, run_checker, run_tasks

# The report's types are imported from here too (they were defined here first).
__all__ = [
    "CACHE_FILE",
    "CheckMode",
    "EditionStatus",
    "LanguageStatus",
    "StaleEdition",
    "StatusReport",
    "compute_status",
]


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
    folders = Folders(settings, chosen_languages)
    results: dict[tuple[str, str], CatalogueResult] = {}
    verdicts: dict[tuple[str, str], Readiness] = {}  # built while judging the cache
    tasks: list[Task] = []
    every_language = tuple(chosen_languages)
    for slug in slugs:
        if not cache.catalogues:
            # Nothing cached: every catalogue is read, and its worker takes its identity.
            if chosen_languages:
                tasks.append(Task(settings, folders, slug, every_language, mode, published))
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
            tasks.append(Task(settings, folders, slug, tuple(stale), mode, published))

    digests = DigestCache(settings) if published else None
    checker = run_checker(settings, tasks, use_cache)
    computed_editions = 0
    for task, computed in zip(tasks, run_tasks(tasks, bounds, jobs, checker), strict=True):
        for result in computed.results:
            results[(task.slug, result.language)] = result
        computed_editions += len(computed.results)
        if checker is not None and checker.cache is not None:
            checker.cache.keep(computed.findings)
        if digests is not None:
            for path, read_as, digest in computed.digests:
                digests.remember(path, read_as, digest)

    stale_editions = None
    if digests is not None:
        stale_editions = find_stale_editions(
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
    folders: Folders,
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
    # shown_path: `locales-dir` may name a folder outside the workspace.
    return LanguageWords(shown_path(words.path, settings.root), words)


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


def _edition(
    settings: Settings,
    folders: Folders,
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
