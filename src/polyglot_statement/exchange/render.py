"""What `polyglot export --format xliff` and `polyglot import` print.

Units not imported are one line each, `file.xlf:LINE: …`, where the CAT tool's file
shows them; the checks' findings on what came in are printed as `polyglot check` prints
its own, at the target's line in the XLIFF file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from polyglot_statement.checks import render_text, summary
from polyglot_statement.errors import shown_path
from polyglot_statement.exchange import apply
from polyglot_statement.exchange.transfer import XliffExport, XliffImport


def render_export(result: XliffExport, stream: TextIO) -> None:
    for document in result.documents:
        verb = "wrote" if document.written else "unchanged"
        stream.write(
            f"{verb} {document.path}: {document.approved} approved, {document.fuzzy} fuzzy, "
            f"{document.untranslated} untranslated\n"
        )


def _where(path: Path, line: int, root: Path) -> str:
    """`path:line` as `polyglot check` shows its findings' places."""
    return f"{shown_path(path, root)}:{line}"


def render_import(result: XliffImport, stream: TextIO, root: Path) -> None:
    for item in result.imports:
        for outcome in item.not_imported:
            stream.write(f"{_where(item.source, outcome.line, root)}: {outcome.reason}\n")
    render_text(result.findings, root, stream)
    for item in result.imports:
        counts = [
            f"{item.count(apply.IMPORTED)} imported",
            f"{item.count(apply.UNCHANGED)} unchanged",
        ]
        if item.count(apply.EMPTY):
            # A unit nobody translated in the CAT tool: nothing to bring back, not a fault.
            counts.append(f"{item.count(apply.EMPTY)} with an empty target")
        if item.count(apply.COPIED):
            # The tool's unconfirmed copy of the source: the entry is left as it was.
            counts.append(f"{item.count(apply.COPIED)} with the source copied as target")
        skipped = item.count(apply.NOT_FOUND) + item.count(apply.SOURCE_CHANGED)
        if skipped:
            counts.append(f"{skipped} with another source")
        if item.count(apply.TAGS_DIFFER):
            counts.append(f"{item.count(apply.TAGS_DIFFER)} with tags unlike the source's")
        if item.count(apply.BAD_ESCAPE):
            counts.append(f"{item.count(apply.BAD_ESCAPE)} with a bad escape")
        if item.count(apply.APPROVED_KEPT):
            counts.append(f"{item.count(apply.APPROVED_KEPT)} approved kept")
        stream.write(f"{item.language} {item.statement}: {', '.join(counts)}\n")
    stream.write(f"{len(result.written)} catalogue(s) written; {summary(result.findings)}\n")
