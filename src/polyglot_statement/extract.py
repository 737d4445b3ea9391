"""`polyglot extract`: statements → templates (.pot) → per-language catalogues (.po)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.catalog import (
    Catalog,
    TemplateMessage,
    format_po,
    make_template,
    merge,
    read_po,
)
from polyglot_statement.config import Settings
from polyglot_statement.glossary import notes_for_settings
from polyglot_statement.staging import Staging
from polyglot_statement.statement import Statement, load_statements, select_languages


@dataclass(slots=True)
class ExtractReport:
    written: list[Path] = field(default_factory=list)
    unchanged: int = 0
    unlocated_blocks: list[tuple[Path, int]] = field(default_factory=list)


def template_messages(statement: Statement) -> list[TemplateMessage]:
    """One message per distinct segment text, with every place it occurs and what it is."""
    kinds: dict[str, list[str]] = {}
    occurrences: dict[str, list[str]] = {}
    for segment in statement.document.segments:
        kinds.setdefault(segment.msgid, [])
        if segment.kind not in kinds[segment.msgid]:
            kinds[segment.msgid].append(segment.kind)
        occurrences.setdefault(segment.msgid, []).append(
            f"{statement.relative_path}:{segment.line}"
        )
    return [
        TemplateMessage(
            msgid=msgid, comments=tuple(kinds[msgid]), occurrences=tuple(occurrences[msgid])
        )
        for msgid in kinds
    ]


def build_template(statement: Statement, settings: Settings) -> Catalog:
    return make_template(
        f"{settings.project_name} {statement.slug}", statement.title, template_messages(statement)
    )


def extract(
    settings: Settings,
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
) -> ExtractReport:
    """Write every template and update every catalogue; all or nothing.

    Each catalogue entry also gets the glossary's `#.` notes in its language, when the
    workspace has a glossary.
    """
    chosen_languages = select_languages(settings, languages)
    notes_for = notes_for_settings(settings)
    report = ExtractReport()
    with Staging() as staging:
        for statement in load_statements(settings, statements):
            report.unlocated_blocks.extend(
                (statement.path, line) for line in statement.document.skipped_lines
            )
            template = build_template(statement, settings)
            staging.stage(settings.template_path(statement.slug), format_po(template))
            project = f"{settings.project_name} {statement.slug}"
            for language in chosen_languages:
                path = settings.catalog_path(language, statement.slug)
                old = read_po(path) if path.exists() else None
                catalog = merge(template, old, language, project, statement.title)
                if notes_for is not None:
                    for entry in catalog.active:
                        entry.extracted_comments.extend(notes_for(entry.msgid, language))
                staging.stage(path, format_po(catalog))
        report.written = staging.written
        report.unchanged = len(staging.unchanged)
    return report
