"""The report as data: JSON (report_data, the stable layout documented in docs/formats.md)
and CSV, one row per language or per statement and language."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from polyglot_statement import __version__
from polyglot_statement.status import deadline_render as deadlines
from polyglot_statement.status import render_activity
from polyglot_statement.status.render_parts import language_name, report_rows
from polyglot_statement.status.report import EditionStatus, LanguageStatus, StatusReport

__all__ = ["CSV_STATES", "render_csv", "render_json", "report_data"]


def _status_of(item: LanguageStatus | EditionStatus) -> dict[str, Any]:
    return {
        "words": item.words.as_dict(),
        "segments": item.segments.as_dict(),
        "percent_approved": round(item.percent_approved, 2),
        "errors": item.errors,
        "warnings": item.warnings,
        "publishable": item.publishable,
    }


def report_data(report: StatusReport) -> dict[str, Any]:
    """The report as plain data: the stable JSON layout documented in docs/formats.md."""
    # The moment deadlines were judged at, only where there are some: a report without
    # deadlines stays the same from one day to the next.
    now = {"now": report.now.isoformat()} if report.now and deadlines.has_deadlines(report) else {}
    return {
        "generator": f"polyglot-statement {__version__}",
        **now,
        "source_language": report.source_language,
        "checks": str(report.checks),
        "statements": list(report.statements),
        "languages": [
            {
                "language": language.language,
                "name": language_name(language.language),
                **_status_of(language),
                "deadline": deadlines.deadline_data(language.deadline, with_statement=True),
                **render_activity.activity_data(report, language),
                "statements": [
                    {
                        "statement": edition.statement,
                        "language": edition.language,
                        "catalogue": edition.catalogue,
                        "catalogue_exists": edition.catalogue_exists,
                        "checked": edition.errors is not None,
                        **_status_of(edition),
                        "reasons": list(edition.reasons),
                        "deadline": deadlines.deadline_data(edition.deadline),
                        **render_activity.activity_data(report, edition),
                    }
                    for edition in language.editions
                ],
            }
            for language in report.languages
        ],
        "stale_editions": None
        if report.stale_editions is None
        else [
            {"statement": stale.statement, "language": stale.language, "reason": stale.reason}
            for stale in report.stale_editions
        ],
        "page_words": [
            {
                "language": item.words.language,
                "catalogue": item.catalogue,
                "translated": item.words.workspace,
                "total": item.words.total,
                "package": item.words.package,
                "complete": item.words.complete,
            }
            for item in report.page_words
        ],
    }


def render_json(report: StatusReport) -> str:
    return json.dumps(report_data(report), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- CSV

CSV_STATES = ("approved", "machine", "memory", "needs_review", "untranslated", "obsolete", "total")


def render_csv(report: StatusReport, by: str = "language") -> str:
    """One row per language, or per statement and language with `by="statement"`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    head = ["statement"] if by == "statement" else []
    dated = deadlines.has_deadlines(report)
    writer.writerow(
        [
            *head,
            "language",
            *(f"words_{state}" for state in CSV_STATES),
            *(f"segments_{state}" for state in CSV_STATES),
            "percent_approved",
            "errors",
            "warnings",
            "publishable",
            *(deadlines.CSV_COLUMNS if dated else ()),
            *render_activity.CSV_COLUMNS,
        ]
    )
    for group, label, item in report_rows(report, by):
        words, segments = item.words.as_dict(), item.segments.as_dict()
        writer.writerow(
            [
                *([group] if by == "statement" else []),
                label,
                *(words[state] for state in CSV_STATES),
                *(segments[state] for state in CSV_STATES),
                f"{item.percent_approved:.2f}",
                "" if item.errors is None else item.errors,
                "" if item.warnings is None else item.warnings,
                "yes" if item.publishable else "no",
                *(deadlines.csv_cells(item.deadline) if dated else ()),
                *render_activity.csv_cells(report, item),
            ]
        )
    return out.getvalue()
