"""The pieces every status format shares: the grouping of rows, the order of the states,
language names, the "–" of an unchecked count, the checks note and the held editions."""

from __future__ import annotations

from enum import StrEnum

from polyglot_statement.languages import english_name
from polyglot_statement.status.report import (
    CheckMode,
    EditionStatus,
    LanguageStatus,
    StatusReport,
)

__all__ = [
    "MAX_REASONS",
    "STATE_LABELS",
    "Grouping",
    "checks_note",
    "count_cell",
    "held_editions",
    "language_name",
    "report_rows",
]


class Grouping(StrEnum):
    """One row per language, or per statement and language."""

    LANGUAGE = "language"
    STATEMENT = "statement"


# Order of the states in every bar and table, and their labels.
STATE_LABELS = (
    ("approved", "approved"),
    ("machine", "machine"),
    ("memory", "memory"),
    ("needs_review", "needs review"),
    ("untranslated", "untranslated"),
)
# Beyond this many held editions a list of reasons is no longer read; JSON has them all.
MAX_REASONS = 50


def language_name(language: str) -> str:
    try:
        return english_name(language)
    except Exception:  # an unusual code in a foreign workspace still gets a row
        return language


def count_cell(value: int | None) -> str:
    return "–" if value is None else str(value)


def report_rows(
    report: StatusReport, by: str
) -> list[tuple[str, str, LanguageStatus | EditionStatus]]:
    """(group, label, item): languages, or each statement's editions under its slug."""
    if by == Grouping.STATEMENT:
        return [
            (slug, edition.language, edition)
            for slug, editions in report.by_statement()
            for edition in editions
        ]
    return [("", language.language, language) for language in report.languages]


def checks_note(report: StatusReport) -> str | None:
    """What a "–" in the errors and warnings columns means in this report, if any shows."""
    if report.checks == CheckMode.NONE:
        return "Checks not run (--checks none): errors and warnings unknown (–)."
    unchecked = any(
        edition.errors is None for language in report.languages for edition in language.editions
    )
    if not unchecked:
        return None
    return (
        "Checked: editions that are publishable but for check errors; – = not checked "
        "(--checks all checks every edition)."
    )


def held_editions(report: StatusReport) -> list[EditionStatus]:
    return [
        edition for language in report.languages for edition in language.editions if edition.reasons
    ]
