"""Render a StatusReport: terminal table, JSON, CSV, Markdown, self-contained HTML.

Each renderer takes the report and returns text; nothing here computes a number the
report does not hold. The JSON layout is documented in docs/formats.md and kept stable. The
HTML page is the template templates/status.html.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from polyglot_statement import __version__
from polyglot_statement.ansi import colour_allowed, paint
from polyglot_statement.languages import english_name
from polyglot_statement.publish import Tally
from polyglot_statement.status import deadline_render as deadlines
from polyglot_statement.status import render_activity
from polyglot_statement.status.compute import (
    CheckMode,
    EditionStatus,
    LanguageStatus,
    StatusReport,
)

if TYPE_CHECKING:
    import jinja2


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"


class Grouping(StrEnum):
    """One row per language, or per statement and language."""

    LANGUAGE = "language"
    STATEMENT = "statement"


# The format `-o`'s suffix asks for.
SUFFIXES = {
    ".json": StatusFormat.JSON,
    ".csv": StatusFormat.CSV,
    ".md": StatusFormat.MARKDOWN,
    ".html": StatusFormat.HTML,
}
# Order of the states in every bar and table, and their labels.
STATE_LABELS = (
    ("approved", "approved"),
    ("machine", "machine"),
    ("memory", "memory"),
    ("needs_review", "needs review"),
    ("untranslated", "untranslated"),
)
# The colour of each state's part of the bar, and of the verdicts (ansi.STYLES).
_STYLE = {
    "approved": "green",
    "machine": "cyan",
    "memory": "magenta",
    "needs_review": "yellow",
    "untranslated": "grey",
    "bad": "red",
    "good": "green",
    "bold": "bold",
}
# Without colour each state gets its own character, so a piped bar still says something.
_PLAIN_BAR = {
    "approved": "#",
    "machine": "m",
    "memory": "~",
    "needs_review": "?",
    "untranslated": ".",
}
_HTML_COLOURS = {
    "approved": "#2e7d32",
    "machine": "#0277bd",
    "memory": "#7b1fa2",
    "needs_review": "#f9a825",
    "untranslated": "#cfd8dc",
}


def render_status(
    report: StatusReport,
    out: TextIO,
    fmt: StatusFormat | str,
    by: Grouping | str = Grouping.LANGUAGE,
    colour: bool = False,
) -> None:
    """The report in `fmt`, one row per language or per edition (`by`), written to `out`;
    `colour` (a terminal's table only) draws the bars in ANSI colours."""
    by = Grouping(by)
    fmt = StatusFormat(fmt)
    if fmt == StatusFormat.JSON:
        text = render_json(report)
    elif fmt == StatusFormat.CSV:
        text = render_csv(report, by)
    elif fmt == StatusFormat.MARKDOWN:
        text = render_markdown(report, by)
    elif fmt == StatusFormat.HTML:
        text = render_html(report, by)
    else:
        text = render_table(report, by, colour)
    out.write(text)
    out.flush()


# ---------------------------------------------------------------- shared pieces


def _name(language: str) -> str:
    try:
        return english_name(language)
    except Exception:  # an unusual code in a foreign workspace still gets a row
        return language


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)


def _rows(report: StatusReport, by: str) -> list[tuple[str, str, LanguageStatus | EditionStatus]]:
    """(group, label, item): languages, or each statement's editions under its slug."""
    if by == Grouping.STATEMENT:
        return [
            (slug, edition.language, edition)
            for slug, editions in report.by_statement()
            for edition in editions
        ]
    return [("", language.language, language) for language in report.languages]


def _status_of(item: LanguageStatus | EditionStatus) -> dict[str, Any]:
    return {
        "words": item.words.as_dict(),
        "segments": item.segments.as_dict(),
        "percent_approved": round(item.percent_approved, 2),
        "errors": item.errors,
        "warnings": item.warnings,
        "publishable": item.publishable,
    }


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


# ---------------------------------------------------------------- JSON


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
                "name": _name(language.language),
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


def page_words_lines(report: StatusReport) -> list[str]:
    """One line per language whose pages still have the tool's words in English; none
    when every language has its own (the table is then as it always was)."""
    return [
        f"page words in English: {item.words.language} ({item.catalogue}: "
        f"{item.words.workspace} of {item.words.total} translated)"
        for item in report.page_words
        if not item.words.complete
    ]


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
    for group, label, item in _rows(report, by):
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


# ---------------------------------------------------------------- Markdown


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(report: StatusReport, by: str = "language") -> str:
    lines = ["# Translation status", ""]
    dated = deadlines.has_deadlines(report)
    header = (
        "| language | approved | machine | memory | needs review | untranslated | words | "
        "% approved | errors | warnings | publishable |" + (" deadline |" if dated else "")
    )
    rule = "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|" + ("---|" if dated else "")
    if render_activity.shown_in(report):
        header += "".join(f" {heading} |" for heading in render_activity.HEADINGS)
        rule += "---|---|"

    def row(label: str, item: LanguageStatus | EditionStatus) -> str:
        words = item.words
        activity = (
            "".join(f" {_md_cell(cell)} |" for cell in render_activity.cells(report, item))
            if render_activity.shown_in(report)
            else ""
        )
        return (
            f"| {_md_cell(label)} | {words.approved} | {words.machine} | {words.memory} | "
            f"{words.needs_review} | "
            f"{words.untranslated} | {words.total} | {item.percent_approved:.1f}% | "
            f"{_count(item.errors)} | {_count(item.warnings)} | "
            f"{'yes' if item.publishable else 'no'} |"
            + (f" {_md_cell(deadlines.deadline_cell(item.deadline))} |" if dated else "")
            + activity
        )

    if by == "statement":
        for slug, editions in report.by_statement():
            lines += [f"## {_md_cell(slug)}", "", header, rule]
            lines += [row(edition.language, edition) for edition in editions]
            lines.append("")
    else:
        lines += [header, rule]
        lines += [
            row(f"{language.language} ({_name(language.language)})", language)
            for language in report.languages
        ]
        lines.append("")
    lines.append("Words are counted on the source text; obsolete entries are not counted.")
    note = checks_note(report)
    if note:
        lines.append(note)
    if dated:
        lines.append(f"Deadlines as of {deadlines.now_text(report)}.")
    lines += _markdown_reasons(report)
    overdue = deadlines.overdue_lines(report)
    if overdue:
        lines += ["", "## Overdue", "", *(f"- {_md_cell(line)}" for line in overdue)]
    lines += _markdown_stale(report)
    return "\n".join(lines) + "\n"


# Beyond this many held editions a list of reasons is no longer read; JSON has them all.
MAX_REASONS = 50


def _held(report: StatusReport) -> list[EditionStatus]:
    return [
        edition for language in report.languages for edition in language.editions if edition.reasons
    ]


def _markdown_reasons(report: StatusReport) -> list[str]:
    held = _held(report)
    if not held:
        return []
    lines = ["", "## Not publishable yet", ""]
    if len(held) > MAX_REASONS:
        return [*lines, f"{len(held)} editions; `--format json` gives the reasons of each."]
    for edition in held:
        lines.append(
            f"- {_md_cell(edition.statement)} ({edition.language}): "
            + "; ".join(_md_cell(reason) for reason in edition.reasons)
        )
    return lines


def _markdown_stale(report: StatusReport) -> list[str]:
    if not report.stale_editions:
        return []
    lines = ["", "## Stale published editions", ""]
    for stale in report.stale_editions:
        lines.append(f"- {_md_cell(stale.statement)} ({stale.language}): {_md_cell(stale.reason)}")
    return lines


# ---------------------------------------------------------------- terminal table

BAR_WIDTH = 24


def _bar(words: Tally, width: int, colour: bool) -> str:
    total = words.total
    if total == 0:
        return " " * width
    values = [getattr(words, state) for state, _ in STATE_LABELS]
    # Largest remainders, so the bar is always exactly `width` wide.
    exact = [value * width / total for value in values]
    cells = [int(value) for value in exact]
    order = sorted(range(len(values)), key=lambda index: exact[index] - cells[index], reverse=True)
    for index in order[: width - sum(cells)]:
        cells[index] += 1
    parts = []
    for (state, _), count in zip(STATE_LABELS, cells, strict=True):
        if count:
            parts.append(paint("█" * count, _STYLE[state]) if colour else _PLAIN_BAR[state] * count)
    return "".join(parts)


def render_table(report: StatusReport, by: str = "language", colour: bool = False) -> str:
    """Aligned columns with a bar of words by state; ANSI colour only when `colour` (and
    NO_COLOR is not set)."""
    colour = colour_allowed(colour)

    def styled(text: str, style: str) -> str:
        return paint(text, _STYLE[style]) if colour and text.strip() else text

    headings = [
        "",
        "approved",
        "%",
        "machine",
        "memory",
        "review",
        "untransl.",
        "errors",
        "warnings",
    ]
    dated = deadlines.has_deadlines(report)
    if dated:
        headings.append("deadline")
    if render_activity.shown_in(report):
        headings += render_activity.HEADINGS
    columns = len(headings)
    errors_column = headings.index("errors")
    rows: list[tuple[str, list[str], LanguageStatus | EditionStatus]] = []
    for group, label, item in _rows(report, by):
        words = item.words
        cells = [
            label,
            str(words.approved),
            f"{item.percent_approved:.1f}",
            str(words.machine),
            str(words.memory),
            str(words.needs_review),
            str(words.untranslated),
            _count(item.errors),
            _count(item.warnings),
        ]
        if dated:
            cells.append(deadlines.deadline_cell(item.deadline))
        if render_activity.shown_in(report):
            cells += render_activity.cells(report, item)
        rows.append((group, cells, item))
    every = [headings, *(cells for _, cells, _ in rows)]
    widths = [max(len(cells[column]) for cells in every) for column in range(columns)]

    def line(cells: Sequence[str], bar: str, styles: Sequence[str | None] = ()) -> list[str]:
        # Padding first, colour after: escape codes take no room on screen.
        parts = [cells[0].ljust(widths[0]), bar]
        for column in range(1, columns):
            text = (
                cells[column].ljust(widths[column])
                if dated and column == columns - 1  # the deadline reads left to right
                else cells[column].rjust(widths[column])
            )
            style = styles[column] if column < len(styles) else None
            parts.append(styled(text, style) if style else text)
        return parts

    lines = ["  ".join(line(headings, " " * BAR_WIDTH)).rstrip()]
    if colour:
        lines[0] = styled(lines[0], "bold")
    current = None
    for group, cells, item in rows:
        if group and group != current:
            lines.append(styled(group, "bold"))
            current = group
        styles: list[str | None] = [None] * columns
        if item.errors:
            styles[errors_column] = "bad"
        if dated and deadlines.urgency_class(item.deadline):
            styles[-1] = "bad"
        verdict = (
            styled("publishable", "good") if item.publishable else styled("not publishable", "bad")
        )
        parts = line(cells, _bar(item.words, BAR_WIDTH, colour), styles)
        lines.append("  ".join([*parts, verdict]))
    legend = (
        "  ".join(f"{paint('█', _STYLE[state])} {label}" for state, label in STATE_LABELS)
        if colour
        else "  ".join(f"{_PLAIN_BAR[state]} {label}" for state, label in STATE_LABELS)
    )
    lines += ["", f"words by state: {legend}"]
    note = checks_note(report)
    if note:
        lines.append(note)
    lines += page_words_lines(report)
    if dated:
        lines.append(f"deadlines as of {deadlines.now_text(report)}; due soon = within a day")
    overdue = deadlines.overdue_lines(report)
    if overdue:
        lines += ["", styled("overdue:", "bold"), *(f"  {line}" for line in overdue)]
    if report.stale_editions:
        lines += ["", styled("stale published editions (run `polyglot build`):", "bold")]
        lines += [
            f"  {stale.language}  {stale.statement}: {stale.reason}"
            for stale in report.stale_editions
        ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML

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
        "errors": _count(item.errors),
        "warnings": _count(item.warnings),
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
    held = _held(report)
    return (
        _environment()
        .get_template("status.html")
        .render(
            legend=[(_HTML_COLOURS[state], label) for state, label in STATE_LABELS],
            languages=[
                _html_row(f"{language.language} — {_name(language.language)}", language, report)
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
