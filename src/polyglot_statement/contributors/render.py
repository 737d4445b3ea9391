"""Write a ContributorReport as text (aligned columns), CSV, JSON or Markdown.

Names and emails are what commits and headers say: text, escaped for Markdown, with
control characters replaced in the terminal's text.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from polyglot_statement import __version__
from polyglot_statement.contributors.compute import Contribution, ContributorReport
from polyglot_statement.status.render_activity import shown

REPORT_FORMATS = ("text", "csv", "json", "markdown")
_COLUMNS = (
    "language",
    "translator",
    "email",
    "translated_words",
    "translated_segments",
    "reviewed_words",
    "reviewed_segments",
    "commits",
    "from",
)


def _row(item: Contribution) -> dict[str, Any]:
    return {
        "language": item.language,
        "translator": item.translator,
        "email": item.email,
        "translated_words": item.translated_words,
        "translated_segments": item.translated_segments,
        "reviewed_words": item.reviewed_words,
        "reviewed_segments": item.reviewed_segments,
        "commits": item.commits,
        "from": str(item.witness),
    }


def _notes(report: ContributorReport) -> list[str]:
    notes = []
    if not report.git:
        notes.append("No git history (not a work tree, or a shallow clone): counted from headers.")
    if report.header_catalogues:
        notes.append(
            "Counted from their headers (Last-Translator, PO-Revision-Date), all their "
            f"translated entries and no review: {len(report.header_catalogues)} catalogue(s)."
        )
    if report.co_authored:
        notes.append(
            f"Commits naming co-authors (Co-authored-by): {len(report.co_authored)}; "
            "credited to each commit's author only."
        )
    if report.unreadable:
        notes.append(
            "Not counted, the PO reader refuses them or git did not give them: "
            + ", ".join(report.unreadable[:5])
            + (" …" if len(report.unreadable) > 5 else "")
        )
    return notes


def _json(report: ContributorReport, out: TextIO) -> None:
    data = {
        "generator": f"polyglot-statement {__version__}",
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "git": report.git,
        "contributions": [_row(item) for item in report.contributions],
        "header_catalogues": list(report.header_catalogues),
        "co_authored_commits": list(report.co_authored),
        "unreadable": list(report.unreadable),
    }
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _csv(report: ContributorReport, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for item in report.contributions:
        row = _row(item)
        writer.writerow(["" if row[column] is None else row[column] for column in _COLUMNS])


def _md(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("[", "\\[")
        .replace("`", "\\`")
    )


def _markdown(report: ContributorReport, out: TextIO) -> None:
    lines = [
        f"# Contributors, {report.since.isoformat()} to {report.until.isoformat()}",
        "",
        "| language | translator | translated words | segments | reviewed words | segments "
        "| commits | from |",
        "|---|---|--:|--:|--:|--:|--:|---|",
    ]
    for item in report.contributions:
        lines.append(
            f"| {item.language} | {_md(shown(item.translator))} | {item.translated_words} | "
            f"{item.translated_segments} | {item.reviewed_words} | {item.reviewed_segments} | "
            f"{item.commits} | {item.witness} |"
        )
    if not report.contributions:
        lines.append("| – | nobody | 0 | 0 | 0 | 0 | 0 | – |")
    notes = _notes(report)
    if notes:
        lines += ["", *(f"- {_md(note)}" for note in notes)]
    out.write("\n".join(lines) + "\n")


def _text(report: ContributorReport, out: TextIO) -> None:
    headings = ["language", "translator", "translated", "segm.", "reviewed", "segm.", "commits"]
    rows = [
        [
            item.language,
            shown(item.translator) + ("" if item.witness == "git" else " (header)"),
            str(item.translated_words),
            str(item.translated_segments),
            str(item.reviewed_words),
            str(item.reviewed_segments),
            str(item.commits),
        ]
        for item in report.contributions
    ]
    widths = [max(len(row[column]) for row in [headings, *rows]) for column in range(7)]

    def line(cells: list[str]) -> str:
        left = [cells[0].ljust(widths[0]), cells[1].ljust(widths[1])]
        right = [cell.rjust(width) for cell, width in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join(left + right).rstrip()

    lines = [f"contributors {report.since.isoformat()} to {report.until.isoformat()}"]
    lines.append("words (and segments) translated and reviewed, by language")
    lines += ["", line(headings)]
    lines += [line(row) for row in rows] if rows else ["nobody changed a catalogue in this window"]
    notes = _notes(report)
    if notes:
        lines += ["", *notes]
    out.write("\n".join(lines) + "\n")


def report(result: ContributorReport, out: TextIO, fmt: str = "text") -> None:
    """The report in `fmt` (one of REPORT_FORMATS), written to `out`."""
    {"csv": _csv, "json": _json, "markdown": _markdown}.get(fmt, _text)(result, out)
    out.flush()
