"""The activity columns (status/activity.py) as each status format writes them.

render.py asks here for the cells of a row; the layout is documented in
docs/coordinators.md and docs/formats.md.
"""

from __future__ import annotations

from typing import Any

from polyglot_statement.status.activity import Activity
from polyglot_statement.status.report import EditionStatus, LanguageStatus, StatusReport

# The CSV columns, after the report's own.
CSV_COLUMNS = ("last_translator", "last_change", "last_change_from")
# The table's, Markdown's and the HTML page's headings.
HEADINGS = ("last change", "by")


def shown_in(report: StatusReport) -> bool:
    """Whether the table, Markdown and HTML have the columns: activity was read and
    something says who changed a catalogue (columns of dashes would say nothing)."""
    return report.activity is not None and bool(report.activity.editions)


def activity_of(report: StatusReport, item: LanguageStatus | EditionStatus) -> Activity | None:
    if report.activity is None:
        return None
    if isinstance(item, EditionStatus):
        return report.activity.of_edition(item.statement, item.language)
    return report.activity.of_language(item.language)


def activity_data(report: StatusReport, item: LanguageStatus | EditionStatus) -> dict[str, Any]:
    """The JSON key: null when nothing is known (or activity was not read)."""
    activity = activity_of(report, item)
    if activity is None:
        return {"last_change": None}
    return {
        "last_change": {
            "translator": activity.translator,
            "email": activity.email,
            "date": activity.date,
            "from": str(activity.witness),
        }
    }


def csv_cells(report: StatusReport, item: LanguageStatus | EditionStatus) -> list[str]:
    activity = activity_of(report, item)
    if activity is None:
        return ["", "", ""]
    return [activity.translator or "", activity.date or "", str(activity.witness)]


def cells(report: StatusReport, item: LanguageStatus | EditionStatus) -> tuple[str, str]:
    """(date, translator) for the table, Markdown and HTML; "–" for what is unknown."""
    activity = activity_of(report, item)
    if activity is None:
        return ("–", "–")
    return (activity.day or "–", shown(activity.translator) or "–")


def shown(text: str | None) -> str:
    """A name as a terminal may show it: a control character (an escape sequence a
    header smuggled in) becomes U+FFFD."""
    if not text:
        return ""
    return "".join(char if char.isprintable() else "\ufffd" for char in text)
