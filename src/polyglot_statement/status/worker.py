"""One statement's catalogues read, counted, checked and judged: the part of a status run
that runs in worker processes, one statement per task, on every core.

A task reads each catalogue once, keeping of each entry what is read (light.py);
readiness() (`polyglot build`'s verdict) counts and judges it, and the run's
checks.CatalogueChecker counts what `polyglot check` finds in that same catalogue. What
a task sends back is what cache.py remembers.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from polyglot_statement.collector import fewer_collections
from polyglot_statement.config import Settings
from polyglot_statement.errors import CatalogError, SourceError, shown_path
from polyglot_statement.fsutil import (
    FileIdentity,
    InputBounds,
    file_identity,
    identity_of,
    read_input,
)
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.po import ReadMemo
from polyglot_statement.publish import (
    InputIdentity,
    Readiness,
    SegmentUnits,
    input_identity,
    readiness,
    regular_identity,
    segment_units,
)
from polyglot_statement.source import DATE_FIELD, DEADLINE_FIELD, read_statement
from polyglot_statement.status.cache import CatalogueResult
from polyglot_statement.status.deadlines import stored
from polyglot_statement.status.light import read_light
from polyglot_statement.status.report import CheckMode

if TYPE_CHECKING:
    from polyglot_statement.checks import CatalogueChecker
    from polyglot_statement.checks.cache import Record

__all__ = ["PARALLEL_FROM", "Computed", "Folders", "Task", "run_checker", "run_tasks"]

# Below this many statements to read, worker processes cost more than they save.
PARALLEL_FROM = 8


class Folders:
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


@dataclass(frozen=True, slots=True)
class Task:
    settings: Settings
    folders: Folders
    slug: str
    languages: tuple[str, ...]
    checks: CheckMode
    hashing: bool  # something is published: digests are wanted for its fingerprints


@dataclass(slots=True)
class Computed:
    """What a task sends back: each language's result, and the digests of the files it read
    (with their identities before reading, for DigestCache)."""

    results: list[CatalogueResult]
    digests: list[tuple[str, InputIdentity, str]] = field(default_factory=list)
    # The findings cache's records the task used or made (checks/cache.py).
    findings: dict[str, Record] = field(default_factory=dict)


def _compute(bounds: InputBounds, checker: CatalogueChecker | None, task: Task) -> Computed:
    """Count, check and judge one statement in the task's languages (runs in a worker;
    `bounds` is the run's, which remembers the folders it resolved; `checker` the run's,
    inherited by the workers)."""
    settings = task.settings
    source_path = settings.source_path / f"{task.slug}.md"
    source_identity = file_identity(source_path)
    statement = read_statement(settings, source_path, bounds)
    own_deadline = stored(statement.metadata.get(DEADLINE_FIELD))
    own_date = stored(statement.metadata.get(DATE_FIELD))
    computed = Computed([])
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
                catalog = read_light(data, path, memo)
                headers[language] = (
                    catalog.header("Last-Translator"),
                    catalog.header("PO-Revision-Date"),
                )
                if task.hashing and stat.S_ISREG(found.st_mode):
                    digest = hashlib.sha256(data).hexdigest()
                    computed.digests.append((str(path), input_identity(found), digest))
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
                # The statement's link definitions, as segmentation read them: the same
                # ones `check` resolves reference links against, not parsed again.
                errors[language], warnings[language] = checker.counts(
                    catalog.entries, Path(path), task.slug, language, statement.document.definitions
                )
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
    path: Path, error: type[SourceError] | type[CatalogError], bounds: InputBounds, into: Computed
) -> None:
    identity = regular_identity(path)
    data = read_input(path, error, bounds)
    if identity is not None and data is not None:
        into.digests.append((str(path), identity, hashlib.sha256(data).hexdigest()))


def run_tasks(
    tasks: Sequence[Task], bounds: InputBounds, jobs: int | None, checker: CatalogueChecker | None
) -> list[Computed]:
    workers = jobs if jobs is not None else worker_count(len(tasks), PARALLEL_FROM)
    # Small chunks: the last one decides when the slowest worker ends.
    chunk = max(1, len(tasks) // (max(workers, 1) * 32))
    # Reading a catalogue makes a few containers per entry; at the collector's default
    # threshold a pass came every few catalogues and walked all the run had kept.
    with fewer_collections():  # (forked workers inherit the setting)
        return list(map_in_workers(partial(_compute, bounds, checker), tasks, workers, chunk))


def run_checker(
    settings: Settings, tasks: Sequence[Task], use_cache: bool
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
