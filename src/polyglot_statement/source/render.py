"""What `polyglot extract` says about its run: the Markdown dialect, each catalogue
written, what the memory pre-filled, and the blocks it could not segment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from polyglot_statement.config import Settings
from polyglot_statement.errors import shown_path
from polyglot_statement.source.dialect_detect import hint_warning
from polyglot_statement.source.extract import ExtractReport


def render_extract(report: ExtractReport, out: TextIO, err: TextIO, settings: Settings) -> None:
    root = settings.root
    out.write(f"Markdown: {settings.markdown.describe()}\n")
    out.flush()
    if report.dialect_hint is not None:
        shown = shown_path(report.dialect_hint.path, root)
        warning = hint_warning(
            report.dialect_hint, settings.markdown, settings.settings_file, shown
        )
        err.write(f"warning: {warning}\n")
    for path, line in report.unlocated_blocks:
        err.write(f"warning: {path}:{line}: block not segmented (its text could not be located)\n")
    err.flush()
    for path in report.written:
        counts = report.prefilled.get(path)
        filled = f" (memory: {_filled(counts)})" if counts else ""
        out.write(f"wrote {shown_path(path, root)}{filled}\n")
    out.write(f"{len(report.written)} file(s) written, {report.unchanged} unchanged\n")
    if report.prefilled:
        exact, close = report.prefilled_total("exact"), report.prefilled_total("fuzzy")
        out.write(
            f"memory pre-filled {exact + close} entries ({exact} exact, {close} close) "
            f"in {len(report.prefilled)} catalogue(s); review them in your editor\n"
        )
    out.flush()


def _filled(counts: Mapping[str, int]) -> str:
    return f"{counts.get('exact', 0)} exact, {counts.get('fuzzy', 0)} close"
