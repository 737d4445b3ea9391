"""Quality checks over catalogues: the one function `check`, `build` and `status` all call.

Each check is a small class (checks/base.py) and ALL_CHECKS lists every one of them
explicitly, in the order findings about one entry are reported.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.checks.base import ERROR, WARNING, Check, Unit
from polyglot_statement.checks.content import Addresses, Numbers
from polyglot_statement.checks.markup import MarkdownStructure, RawHtml, ReferenceOrder
from polyglot_statement.checks.terms import DoNotTranslate, ForbiddenTerm, GlossaryRendering
from polyglot_statement.checks.translation import Length, Untranslated, prose_length
from polyglot_statement.checks.typography import Punctuation, Whitespace
from polyglot_statement.config import Settings
from polyglot_statement.errors import CatalogError, UsageError
from polyglot_statement.fsutil import ANYWHERE, InputBounds, read_input
from polyglot_statement.glossary.model import LanguageGlossary, glossary_for_settings
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.po.catalog import (
    APPROVED,
    MACHINE,
    NEEDS_REVIEW,
    Catalog,
    Entry,
    parse_po,
    read_for_counting,
)
from polyglot_statement.source.references import NO_DEFINITIONS, LinkDefinitions
from polyglot_statement.source.statement import (
    select_languages,
    select_statement_slugs,
    statement_definitions,
)

__all__ = [
    "ALL_CHECKS",
    "ERROR",
    "WARNING",
    "Check",
    "Finding",
    "Unit",
    "blocking_counts",
    "catalog_findings",
    "check_catalog",
    "find_problems",
]

ALL_CHECKS: tuple[Check, ...] = (
    GlossaryRendering(),
    ForbiddenTerm(),
    DoNotTranslate(),
    MarkdownStructure(),
    ReferenceOrder(),
    RawHtml(),
    Addresses(),
    Numbers(),
    Untranslated(),
    Whitespace(),
    Punctuation(),
    Length(),
)

# Fuzzy entries are checked too: a reviewer should see the problems before approving.
CHECKED_STATES = frozenset({APPROVED, MACHINE, NEEDS_REVIEW})


@dataclass(frozen=True, slots=True)
class Finding:
    path: Path  # the catalogue, as Settings.catalog_path gives it
    line: int  # the entry's msgstr line: where an editor should put the cursor
    statement: str
    language: str
    check_id: str
    severity: str  # "error" | "warning"
    message: str
    msgid: str


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
    bounds = settings.bounds

    def check_chunk(chunk: list[_Job]) -> list[Finding]:
        found: list[Finding] = []
        memos = _Memos()
        for job in chunk:
            found.extend(
                check_catalog(
                    job.path,
                    job.statement,
                    job.language,
                    settings.source_language,
                    checks,
                    by_language[job.language],
                    memos.of(job.statement),
                    job.definitions,
                    bounds,
                )
            )
        return found

    workers = worker_count(len(jobs), 2 * PARALLEL_MIN_CATALOGUES, PARALLEL_MIN_CATALOGUES)
    # Several chunks per worker, in order, so a slow chunk does not idle the others and
    # the result keeps the sequential order.
    size = len(jobs) if workers == 1 else max(1, len(jobs) // (workers * 8))
    chunks = [jobs[start : start + size] for start in range(0, len(jobs), size)]
    return [
        finding
        for found in map_in_workers(check_chunk, chunks, workers, chunksize=1)
        for finding in found
    ]


class _Memos:
    """One msgid memo per statement (catalog.read_for_counting): its languages share msgids."""

    def __init__(self) -> None:
        self.statement: str | None = None
        self.memo: dict[str, str] = {}

    def of(self, statement: str) -> dict[str, str]:
        if statement != self.statement:
            self.statement, self.memo = statement, {}
        return self.memo


@dataclass(frozen=True, slots=True)
class _Job:
    path: Path
    statement: str
    language: str
    definitions: LinkDefinitions


def blocking_counts(findings: Iterable[Finding]) -> dict[tuple[str, str], int]:
    """(statement, language) → number of error findings (the ones that block publication)."""
    counts: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        if finding.severity == ERROR:
            counts[(finding.statement, finding.language)] += 1
    return dict(counts)


def select_checks(check_ids: Sequence[str] = ()) -> tuple[Check, ...]:
    if not check_ids:
        return ALL_CHECKS
    known = {check.check_id: check for check in ALL_CHECKS}
    unknown = [check_id for check_id in check_ids if check_id not in known]
    if unknown:
        raise UsageError(f"unknown check {unknown[0]!r}; known checks: {', '.join(known)}")
    wanted = set(check_ids)
    return tuple(check for check in ALL_CHECKS if check.check_id in wanted)


def check_catalog(
    path: Path,
    statement: str,
    language: str,
    source_language: str,
    checks: Sequence[Check] = ALL_CHECKS,
    glossary: LanguageGlossary | None = None,
    memo: dict[str, str] | None = None,
    definitions: LinkDefinitions = NO_DEFINITIONS,
    bounds: InputBounds = ANYWHERE,
) -> list[Finding]:
    """Findings of one catalogue file, in entry order; the file is read once.

    Pass the same `memo` for the catalogues of one statement: their msgids are the same
    texts, read once and shared (catalog.read_for_counting). `definitions` are the
    statement's link definitions (statement.statement_definitions).
    """
    data = read_input(path, CatalogError, bounds)
    if data is None:
        raise CatalogError("no such file", path)
    # The fast reader gives everything the checks look at but line numbers; most
    # catalogues have no finding, so the full parser runs only for those that do.
    catalog = read_for_counting(data, path, memo)
    return catalog_findings(
        catalog, data, path, statement, language, source_language, checks, glossary, definitions
    )


def catalog_findings(
    catalog: Catalog,
    data: bytes,
    path: Path,
    statement: str,
    language: str,
    source_language: str,
    checks: Sequence[Check] = ALL_CHECKS,
    glossary: LanguageGlossary | None = None,
    definitions: LinkDefinitions = NO_DEFINITIONS,
) -> list[Finding]:
    """check_catalog for a catalogue already read: `catalog` is parse_po's or
    read_for_counting's reading of `data` (the file at `path`), whose bytes give the lines."""
    entries = [
        (index, entry)
        for index, entry in enumerate(catalog.entries)
        if entry.state in CHECKED_STATES
    ]
    ratio = _usual_length_ratio([entry for _, entry in entries])
    findings: list[Finding] = []
    located: _Lines | None = None
    for index, entry in entries:
        ignored = entry.ignored_checks
        for source, translation in _pairs(entry):
            unit = Unit(
                source, translation, language, source_language, glossary, ratio, definitions
            )
            for check in checks:
                if ignored and check.check_id in ignored:
                    continue
                for message in check.problems(unit):
                    if located is None:
                        located = _Lines(data, path)
                    findings.append(
                        Finding(
                            path=path,
                            line=located.msgstr_line(index, entry),
                            statement=statement,
                            language=language,
                            check_id=check.check_id,
                            severity=check.severity,
                            message=message,
                            msgid=entry.msgid,
                        )
                    )
    return findings


class _Lines:
    """Where a catalogue's entries are: parse_po's entries, in the fast reader's order."""

    def __init__(self, data: bytes, path: Path):
        self.lines = data.split(b"\n")
        self.entries = parse_po(data, path).entries

    def msgstr_line(self, index: int, entry: Entry) -> int:
        located = self.entries[index]
        # Both readers list the same entries in file order; checked, not assumed.
        if located.msgid != entry.msgid or located.msgctxt != entry.msgctxt:
            raise AssertionError(f"catalogue readers disagree at entry {index}")
        return _msgstr_line(self.lines, located)


def _pairs(entry: Entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: msgstr[0] answers msgid, later forms msgid_plural."""
    if entry.msgid_plural is None:
        return [(entry.msgid, entry.msgstr)]
    forms = entry.translations
    return [
        (entry.msgid if index == 0 else entry.msgid_plural, form)
        for index, form in enumerate(forms)
    ]


def _usual_length_ratio(entries: Sequence[Entry]) -> float | None:
    ratios = [
        prose_length(entry.msgstr) / length
        for entry in entries
        if entry.msgid_plural is None and (length := prose_length(entry.msgid)) >= 20
    ]
    return statistics.median(ratios) if len(ratios) >= 5 else None


def _msgstr_line(lines: Sequence[bytes], entry: Entry) -> int:
    """The line of the entry's msgstr (what a translator edits); Entry.line is its first line."""
    for index in range(max(entry.line - 1, 0), len(lines)):
        if lines[index].startswith(b"msgstr"):
            return index + 1
    return entry.line
