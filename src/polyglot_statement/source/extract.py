"""`polyglot extract`: statements → templates (.pot) → per-language catalogues (.po)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.config import Settings, select_languages
from polyglot_statement.errors import CatalogError, SourceError, shown_path
from polyglot_statement.fsutil import (
    ConcurrentEdit,
    FileVersion,
    InputBounds,
    Staging,
    megabytes,
    read_version,
    workspace_lock,
)
from polyglot_statement.glossary import notes_for_settings
from polyglot_statement.po import (
    UNTRANSLATED,
    Catalog,
    Prefill,
    ReadMemo,
    TemplateMessage,
    format_po,
    make_template,
    merge,
    parse_po,
)
from polyglot_statement.progress import Listener, ignore, lock_waiter
from polyglot_statement.source.dialect_detect import DialectHint, dialect_hint
from polyglot_statement.source.statement import Statement, load_statements


@dataclass(frozen=True, slots=True)
class ExtractReport:
    written: tuple[Path, ...] = ()
    unchanged: int = 0
    unlocated_blocks: tuple[tuple[Path, int], ...] = ()
    # Entries pre-filled in each catalogue written, by kind of match (exact, fuzzy).
    prefilled: Mapping[Path, Mapping[str, int]] = field(default_factory=dict)
    # The first statement that uses a site generator's syntax the `markdown` setting
    # does not read (source/dialect_detect.py): one warning names the setting.
    dialect_hint: DialectHint | None = None

    def prefilled_total(self, kind: str) -> int:
        return sum(counts.get(kind, 0) for counts in self.prefilled.values())


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


def within_limit(data: bytes, path: Path, statement: Path, settings: Settings) -> bytes:
    """`data`, refused (naming the statement) when it is larger than max-file-size allows.

    A catalogue is larger than its statement (each segment twice, its references and
    notes), so a statement under the limit can make catalogues over it, which every later
    command would refuse to read: the workspace would be bricked by its own output.
    """
    if len(data) > settings.max_file_size:
        raise SourceError(
            f"its catalogue {shown_path(path, settings.root)} would be {megabytes(len(data))}, "
            f"which exceeds max-file-size ({megabytes(settings.max_file_size)}); split the "
            "statement or raise max-file-size",
            statement,
        )
    return data


MAX_ATTEMPTS = 10
"""How many times extract redoes the merge of a catalogue saved by someone while it ran."""


@dataclass(frozen=True, slots=True)
class _CatalogueMerge:
    """One catalogue's update: a pure function of the template and the file as it is now,
    so it can be redone on a translator's newer save."""

    path: Path
    template: Catalog
    language: str
    project: str
    title: str
    notes_for: Callable[[str, str], list[str]] | None
    slug: str
    prefill: Prefill | None
    statement: Path
    settings: Settings

    def run(
        self, bounds: InputBounds, memo: ReadMemo
    ) -> tuple[bytes, FileVersion, Mapping[str, int]]:
        data, version = read_version(self.path, CatalogError, bounds)
        old = parse_po(data, self.path, memo) if data is not None else None
        # The memory was asked for these when they came in; asking again for every
        # entry nobody has translated yet would cost extract five times its time on a
        # large workspace (translate asks again, before it sends anything).
        tried = (
            frozenset(entry.key for entry in old.active if entry.state == UNTRANSLATED)
            if old is not None
            else frozenset()
        )
        catalog = merge(self.template, old, self.language, self.project, self.title)
        if self.notes_for is not None:
            for entry in catalog.active:
                entry.extracted_comments.extend(self.notes_for(entry.msgid, self.language))
        filled = self.prefill(catalog, self.language, self.slug, tried) if self.prefill else {}
        data = within_limit(format_po(catalog), self.path, self.statement, self.settings)
        return data, version, filled


def extract(
    settings: Settings,
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    on_event: Listener = ignore,
    prefill: Prefill | None = None,
) -> ExtractReport:
    """Write every template and update every catalogue; nothing at all on bad input.

    Each catalogue entry also gets the glossary's `#.` notes in its language, when the
    workspace has a glossary. A catalogue a translator saves while extract runs is merged
    again from their save (up to MAX_ATTEMPTS times), never overwritten. Holds the
    workspace lock (`on_event` hears who holds it when extract must wait). `prefill`
    (memory.prefiller) fills untranslated entries from the translation memory.
    """
    with workspace_lock(
        settings.cache_path, "extract", lock_waiter(on_event), clean=settings.temp_folders
    ):
        return _extract(settings, languages, statements, prefill)


def _extract(
    settings: Settings,
    languages: Sequence[str],
    statements: Sequence[str],
    prefill: Prefill | None,
) -> ExtractReport:
    chosen_languages = select_languages(settings, languages)
    notes_for = notes_for_settings(settings)
    bounds = settings.bounds
    unlocated: list[tuple[Path, int]] = []
    hint: DialectHint | None = None
    merges: dict[Path, _CatalogueMerge] = {}
    filled: dict[Path, Mapping[str, int]] = {}
    staging = Staging(settings.bounds)
    try:
        # Everything is read and merged before anything is written: a malformed file
        # anywhere leaves every file as it was.
        for statement in load_statements(settings, statements):
            unlocated.extend((statement.path, line) for line in statement.document.skipped_lines)
            if hint is None:
                hint = dialect_hint([(statement.path, statement.text)], settings.markdown)
            template = build_template(statement, settings)
            # Only extract writes templates, and it holds the lock: no version to check.
            template_path = settings.template_path(statement.slug)
            staging.stage(
                template_path,
                within_limit(format_po(template), template_path, statement.path, settings),
            )
            project = f"{settings.project_name} {statement.slug}"
            memo = ReadMemo()  # the statement's catalogues share their msgids
            for language in chosen_languages:
                path = settings.catalog_path(language, statement.slug)
                job = _CatalogueMerge(
                    path,
                    template,
                    language,
                    project,
                    statement.title,
                    notes_for,
                    statement.slug,
                    prefill,
                    statement.path,
                    settings,
                )
                merges[path] = job
                data, version, filled[path] = job.run(bounds, memo)
                staging.stage(path, data, version)
        changed = staging.commit_current()
        for _attempt in range(1, MAX_ATTEMPTS):
            if not changed:
                break
            for path in changed:
                data, version, filled[path] = merges[path].run(bounds, ReadMemo())
                staging.stage(path, data, version)
            changed = staging.commit_current()
    except BaseException:
        staging.abort()
        raise
    written = set(staging.committed)
    report = ExtractReport(
        written=tuple(staging.committed),
        unchanged=len(staging.unchanged),
        unlocated_blocks=tuple(unlocated),
        dialect_hint=hint,
        prefilled={
            path: counts
            for path, counts in filled.items()
            if any(counts.values()) and path in written
        },
    )
    if changed:
        raise ConcurrentEdit(
            f"saved again each of the {MAX_ATTEMPTS} times extract merged it; it was left as "
            "saved (every other file is up to date): run extract again when nobody is saving it",
            changed[0],
        )
    return report
