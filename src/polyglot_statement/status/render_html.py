"""The report as one self-contained HTML page (templates/status.html): inline CSS, no
scripts, no images, no fonts; with deadlines, the most urgent first."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from polyglot_statement import __version__
from polyglot_statement.publish import Tally
from polyglot_statement.status import deadline_render as deadlines
from polyglot_statement.status import render_activity
from polyglot_statement.status.render_parts import (
    MAX_REASONS,
    STATE_LABELS,
    Grouping,
    checks_note,
    count_cell,
    held_editions,
    language_name,
)
from polyglot_statement.status.report import EditionStatus, LanguageStatus, StatusReport

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html"]

_HTML_COLOURS = {
    "approved": "#2e7d32",
    "machine": "#0277bd",
    "memory": "#7b1fa2",
    "needs_review": "#f9a825",
    "untranslated": "#cfd8dc",
}

_TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def _environment() -> jinja2.Environment:
    # Imported here: only the HTML report uses Jinja2, and importing it is a twentieth of
    # a warm `polyglot status` (0.02 of 0.37 s).
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _bar_spans(words: Tally) -> list[dict[str, Any]]:
    total = words.total
    return [
        {
            "width": f"{100 * getattr(words, state) / total:.2f}",
            "colour": _HTML_COLOURS[state],
            "title": f"{label}: {getattr(words, state)} words",
        }
        for state, label in STATE_LABELS
        if total and getattr(words, state)
    ]


def _html_row(
    label: str, item: LanguageStatus | EditionStatus, report: StatusReport
) -> dict[str, Any]:
    words = item.words
    several = isinstance(item, LanguageStatus) and len(item.editions) > 1
    last_change, by = render_activity.cells(report, item)
    return {
        "deadline": deadlines.deadline_cell(item.deadline, with_statement=several),
        "urgency": deadlines.urgency_class(item.deadline),
        "label": label,
        "bar": _bar_spans(words),
        "approved": words.approved,
        "percent": f"{item.percent_approved:.1f}",
        "machine": words.machine,
        "memory": words.memory,
        "needs_review": words.needs_review,
        "untranslated": words.untranslated,
        "errors": count_cell(item.errors),
        "warnings": count_cell(item.warnings),
        "publishable": item.publishable,
        "last_change": last_change,
        "by": by,
    }


def render_html(
    report: StatusReport,
    by: Grouping | str = Grouping.LANGUAGE,
    generated: dt.datetime | None = None,
) -> str:
    """One page with no external resource (inline CSS, no scripts, no images, no fonts),
    saying when it was made (`generated`, now by default): a report is a snapshot."""
    when = (generated or report.now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    dated = deadlines.has_deadlines(report)
    # With deadlines, the most urgent first: the dashboard is read from the top.
    order = deadlines.by_urgency if dated else list
    statements = (
        [
            (slug, [_html_row(edition.language, edition, report) for edition in order(editions)])
            for slug, editions in report.by_statement()
        ]
        if by == Grouping.STATEMENT or len(report.statements) > 1
        else []
    )
    held = held_editions(report)
    return (
        _environment()
        .get_template("status.html")
        .render(
            legend=[(_HTML_COLOURS[state], label) for state, label in STATE_LABELS],
            languages=[
                _html_row(
                    f"{language.language} — {language_name(language.language)}", language, report
                )
                for language in order(report.languages)
            ],
            dated=dated,
            overdue=deadlines.overdue_lines(report),
            deadlines_as_of=deadlines.now_text(report),
            statements=statements,
            held=held if len(held) <= MAX_REASONS else [],
            held_count=len(held),
            many_held=len(held) > MAX_REASONS,
            stale=report.stale_editions or [],
            note=checks_note(report),
            activity=render_activity.shown_in(report),
            version=__version__,
            generated=when.strftime("%Y-%m-%d %H:%M %Z").strip(),
            generated_iso=when.isoformat(),
        )
    )
