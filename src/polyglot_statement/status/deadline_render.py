"""How the status report shows deadlines, in each of its formats (render.py calls these).

A report with no deadline anywhere looks exactly as it did before deadlines existed: the
columns appear only when some edition has one (JSON always carries the fields, null).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from polyglot_statement.status.deadlines import URGENCY_ORDER, Deadline, Urgency, remaining_text
from polyglot_statement.status.report import EditionStatus, LanguageStatus, StatusReport

__all__ = [
    "CSV_COLUMNS",
    "by_urgency",
    "csv_cells",
    "deadline_cell",
    "deadline_data",
    "has_deadlines",
    "now_text",
    "overdue_lines",
    "urgency_class",
]

CSV_COLUMNS = ("deadline", "due", "deadline_status")

Item = TypeVar("Item", LanguageStatus, EditionStatus)


def has_deadlines(report: StatusReport) -> bool:
    return any(
        edition.deadline is not None
        for language in report.languages
        for edition in language.editions
    )


def now_text(report: StatusReport) -> str:
    return "" if report.now is None else report.now.strftime("%Y-%m-%d %H:%M UTC")


def deadline_cell(deadline: Deadline | None, with_statement: bool = False) -> str:
    """ "2026-12-08, overdue by 3 h" (with the statement's name for a language's row when
    it has several); "–" for none."""
    if deadline is None:
        return "–"
    text = f"{deadline.written}, {remaining_text(deadline)}"
    return f"{text} ({deadline.statement})" if with_statement else text


def deadline_data(deadline: Deadline | None, with_statement: bool = False) -> dict[str, Any] | None:
    """The JSON layout of a deadline (docs/formats.md)."""
    if deadline is None:
        return None
    data: dict[str, Any] = {"statement": deadline.statement} if with_statement else {}
    data.update(
        {
            "due": deadline.due.isoformat(),
            "written": deadline.written,
            "origin": deadline.origin,
            "status": str(deadline.urgency),
            "seconds_left": deadline.seconds_left,
        }
    )
    return data


def csv_cells(deadline: Deadline | None) -> list[str]:
    if deadline is None:
        return ["", "", ""]
    return [deadline.written, deadline.due.isoformat(), str(deadline.urgency)]


def _rank(deadline: Deadline | None) -> tuple[int, str]:
    if deadline is None:
        return (len(URGENCY_ORDER), "")  # no deadline: after every one
    return (URGENCY_ORDER[deadline.urgency], deadline.due.isoformat())


def by_urgency(items: Sequence[Item]) -> list[Item]:
    """Overdue first (the longest overdue first), then due soon, later, done, none; the
    report's own order among equals (sorted() is stable)."""
    return sorted(items, key=lambda item: _rank(item.deadline))


def overdue_lines(report: StatusReport) -> list[str]:
    """ "es  wftu-andean: due 2026-12-06, overdue by 3 h (statement)", one per edition."""
    return [
        f"{deadline.language}  {deadline.statement}: due {deadline.written}, "
        f"{remaining_text(deadline)} ({deadline.origin})"
        for deadline in report.overdue()
    ]


def urgency_class(deadline: Deadline | None) -> str:
    """The HTML row's class: the dashboard colours overdue and due-soon rows."""
    if deadline is None or deadline.urgency in (Urgency.LATER, Urgency.DONE):
        return ""
    return str(deadline.urgency)
