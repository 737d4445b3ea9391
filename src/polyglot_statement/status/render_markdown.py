"""The report as Markdown: a table per language or per statement, then what holds editions
back, what is overdue and what is stale."""

from __future__ import annotations

from polyglot_statement.status import deadline_render as deadlines
from polyglot_statement.status import render_activity
from polyglot_statement.status.render_parts import (
    MAX_REASONS,
    checks_note,
    count_cell,
    held_editions,
    language_name,
)
from polyglot_statement.status.report import EditionStatus, LanguageStatus, StatusReport

__all__ = ["render_markdown"]


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
            f"{count_cell(item.errors)} | {count_cell(item.warnings)} | "
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
            row(f"{language.language} ({language_name(language.language)})", language)
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


def _markdown_reasons(report: StatusReport) -> list[str]:
    held = held_editions(report)
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
