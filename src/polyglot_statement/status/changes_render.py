"""Write a ChangesReport (`polyglot changes`): text for people, JSON for scripts.

The JSON layout is documented in docs/formats.md ("Changes JSON"). Source texts are
written as they are (they are text, never markup here).
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, TextIO

from polyglot_statement import __version__
from polyglot_statement.status.changes import ChangesReport, EditionChanges, SegmentChange

__all__ = ["ChangesFormat", "changes_data", "render_changes"]


class ChangesFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def render_changes(report: ChangesReport, out: TextIO, fmt: ChangesFormat | str) -> None:
    if ChangesFormat(fmt) == ChangesFormat.JSON:
        out.write(json.dumps(changes_data(report), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(_text(report))
    out.flush()


def _change_data(change: SegmentChange) -> dict[str, Any]:
    return {
        "kind": str(change.kind),
        "line": change.line,
        "old": change.old,
        "new": change.new,
        "state": change.state,
        "to_review": change.to_review,
    }


def _edition_data(edition: EditionChanges) -> dict[str, Any]:
    return {
        "statement": edition.statement,
        "recorded": edition.recorded,
        "to_review": edition.to_review,
        "changes": [_change_data(change) for change in edition.changes],
    }


def changes_data(report: ChangesReport) -> dict[str, Any]:
    return {
        "generator": f"polyglot-statement {__version__}",
        "source_language": report.source_language,
        "published": report.published,
        "languages": [
            {
                "language": language,
                "to_review": sum(edition.to_review for edition in report.of(language)),
                "editions": [_edition_data(edition) for edition in report.of(language)],
            }
            for language in report.languages
        ],
    }


def _quoted(text: str) -> str:
    # One line per text: a segment that spans lines (a hard break) keeps its breaks visible.
    return text.replace("\n", "⏎ ")


def _text(report: ChangesReport) -> str:
    if not report.published:
        return "nothing published yet (no manifest in the output folder): run `polyglot build`\n"
    lines: list[str] = []
    for language in report.languages:
        editions = report.of(language)
        if not editions:
            lines.append(f"{language}: no published edition")
            continue
        for edition in editions:
            head = f"{language}  {edition.statement}: "
            if not edition.recorded:
                lines.append(
                    head + "published before builds recorded their source; "
                    "changes are listed from the next build on"
                )
                continue
            if not edition.changes:
                lines.append(head + "no change since the published edition")
                continue
            count = len(edition.changes)
            lines.append(
                head + f"{count} change{'s' * (count != 1)} since the published edition, "
                f"{edition.to_review} to review"
            )
            for change in edition.changes:
                where = f"  line {change.line}" if change.line is not None else ""
                state = f"  [{change.state}]" if change.state is not None else ""
                lines.append(f"  {change.kind}{where}{state}")
                if change.old is not None:
                    lines.append(f"    - {_quoted(change.old)}")
                if change.new is not None:
                    lines.append(f"    + {_quoted(change.new)}")
    return "\n".join(lines) + "\n"
