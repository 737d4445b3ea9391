"""The status report as data: StatusReport and its parts, frozen, with the sums and
selections that renderers and policies read. Made by compute.py; nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from polyglot_statement.publish import Readiness, Tally, percent
from polyglot_statement.publish.page_text import PageWords
from polyglot_statement.status.activity import Activities
from polyglot_statement.status.deadlines import Deadline, Urgency, most_urgent

__all__ = [
    "CheckMode",
    "EditionStatus",
    "LanguageStatus",
    "LanguageWords",
    "StaleEdition",
    "StatusReport",
]


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


class CheckMode(StrEnum):
    """Which editions `polyglot check` runs on (see compute_status)."""

    AUTO = "auto"  # those whose verdict it can change
    ALL = "all"
    NONE = "none"


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
