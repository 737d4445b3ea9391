"""The report as a terminal table: aligned columns with a bar of words by state, in ANSI
colour for a person at a terminal, with a character per state when piped."""

from __future__ import annotations

from collections.abc import Sequence

from polyglot_statement.ansi import colour_allowed, paint
from polyglot_statement.publish import Tally
from polyglot_statement.status import deadline_render as deadlines
from polyglot_statement.status import render_activity
from polyglot_statement.status.render_parts import (
    STATE_LABELS,
    checks_note,
    count_cell,
    report_rows,
)
from polyglot_statement.status.report import EditionStatus, LanguageStatus, StatusReport

__all__ = ["BAR_WIDTH", "page_words_lines", "render_table"]

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


def page_words_lines(report: StatusReport) -> list[str]:
    """One line per language whose pages still have the tool's words in English; none
    when every language has its own (the table is then as it always was)."""
    return [
        f"page words in English: {item.words.language} ({item.catalogue}: "
        f"{item.words.workspace} of {item.words.total} translated)"
        for item in report.page_words
        if not item.words.complete
    ]


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
    for group, label, item in report_rows(report, by):
        words = item.words
        cells = [
            label,
            str(words.approved),
            f"{item.percent_approved:.1f}",
            str(words.machine),
            str(words.memory),
            str(words.needs_review),
            str(words.untranslated),
            count_cell(item.errors),
            count_cell(item.warnings),
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
