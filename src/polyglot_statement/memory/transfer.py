"""`polyglot memory export` and `import`: the memory as TMX, and TMX files into it.

Export writes every approved translation the memory holds (the workspace's catalogues
and its memory/ files), one <tu> per source text with a <tuv> per language; a source
translated differently in two statements gets a further <tu> for the other rendering,
the preferred one first (memory/match.py's order), so another tool sees every approved
translation and ranks them as this one does.

Import reads a TMX file as the memory will (memory/tmx.py), refuses it by line when it
cannot be used, and copies it into memory/ under the workspace lock: the file in memory/
is the memory's copy, kept in git with the rest of the workspace; the index reads it on
its next refresh.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from polyglot_statement.config import Settings, select_languages
from polyglot_statement.errors import CatalogError, TmxError
from polyglot_statement.fsutil import (
    InputBounds,
    holds,
    read_input,
    refuse_folder_led_out,
    unusable_name,
    workspace_lock,
    write_atomic,
    write_path,
)
from polyglot_statement.memory.files import memory_folder
from polyglot_statement.memory.index import Group, MemoryIndex
from polyglot_statement.memory.match import variants
from polyglot_statement.memory.tmx import (
    TmxEntry,
    TmxReading,
    tmx_units,
    write_tmx_file,
)
from polyglot_statement.po import parse_po
from polyglot_statement.progress import Listener, ignore, lock_waiter
from polyglot_statement.source import is_plain_text, statement_paths


@dataclass(frozen=True, slots=True)
class MemoryExport:
    data: bytes
    units: int  # <tu> elements
    sources: int  # distinct source texts
    translations: int
    languages: tuple[str, ...]  # the chosen languages with a translation exported
    without_translation: tuple[str, ...] = ()  # chosen, but nothing approved in them


def export_memory(
    settings: Settings, index: MemoryIndex, languages: Sequence[str] = ()
) -> MemoryExport:
    """The memory's approved translations (into `languages`, default all) as TMX 1.4."""
    chosen = select_languages(settings, languages)
    plain = plain_texts(settings)
    entries: list[TmxEntry] = []
    sources = translations = 0
    exported: set[str] = set()
    with index.snapshot():
        rows = index.everything(chosen)
        for source, group in groupby(rows, key=lambda item: item.source):
            sources += 1
            by_language: dict[str, list[tuple[str, str]]] = {}
            items = list(group)
            for language, same in groupby(items, key=lambda item: item.language):
                groups = [
                    Group(language, item.translation, item.kind, (item.origin,)) for item in same
                ]
                by_language[language] = [
                    (variant.translation, ",".join(variant.statements[:1]))
                    for variant in variants(groups)
                ]
            depth = max(len(found) for found in by_language.values())
            for level in range(depth):
                chosen_here = {
                    language: found[level]
                    for language, found in by_language.items()
                    if level < len(found)
                }
                translations += len(chosen_here)
                exported.update(chosen_here)
                entries.append(
                    TmxEntry(
                        source,
                        {language: text for language, (text, _) in chosen_here.items()},
                        {
                            language: origin
                            for language, (_, origin) in chosen_here.items()
                            if origin
                        },
                        plain=source in plain,
                    )
                )
    segtype = "sentence" if settings.segmentation == "sentence" else "paragraph"
    data = write_tmx_file(entries, settings.source_language, segtype)
    return MemoryExport(
        data,
        len(entries),
        sources,
        translations,
        tuple(language for language in chosen if language in exported),
        tuple(language for language in chosen if language not in exported),
    )


def plain_texts(settings: Settings) -> frozenset[str]:
    """The source texts that are plain text wherever the templates have them: front-matter
    values, which the XLIFF export gives as text (exchange/xliff.py's `plain`), and the
    TMX export the same way, so a CAT tool sees one title one way."""
    plain: set[str] = set()
    markdown: set[str] = set()
    for path in statement_paths(settings):
        template = settings.template_path(path.stem)
        data = read_input(template, CatalogError, settings.bounds)
        if data is None:
            continue
        for entry in parse_po(data, template).entries:
            (plain if is_plain_text(entry) else markdown).add(entry.msgid)
    return frozenset(plain - markdown)


@dataclass(frozen=True, slots=True)
class MemoryImport:
    source: Path
    target: Path
    written: bool  # False: memory/ held this file already
    units: int  # translations usable by this workspace
    languages: Mapping[str, str] = field(default_factory=dict)  # TMX code → workspace language
    ignored_languages: tuple[str, ...] = ()
    without_source: int = 0
    total: int = 0


def import_memory(
    settings: Settings,
    path: Path,
    replace: bool = False,
    on_event: Listener = ignore,
) -> MemoryImport:
    """Validate a TMX file and copy it into memory/ (TmxError, and nothing written, when
    it cannot serve this workspace; an existing different file there only with `replace`)."""
    if path.suffix.lower() != ".tmx":
        raise TmxError("a translation memory file is named *.tmx", path)
    data = read_input(path, TmxError, InputBounds((), settings.max_file_size))
    if data is None:
        raise TmxError("no such file", path)
    # Read through, unit by unit, for its counts: the units are the index's to keep.
    reading = TmxReading()
    for _ in tmx_units(data, path, settings.source_language, settings.languages, reading):
        pass
    if not reading.usable:
        found = ", ".join(sorted(reading.ignored_languages)) or "none"
        raise TmxError(
            f"holds no translation from {settings.source_language} into this workspace's "
            f"languages ({', '.join(settings.languages) or 'none'}); its other languages: {found}",
            path,
            reading.header_line,
        )
    # Refused now rather than by every command that reads memory/ afterwards.
    problem = unusable_name(path.name, line_breaks=True)
    if problem is not None:
        raise TmxError(problem, path.parent)
    target = memory_folder(settings) / path.name
    refuse_folder_led_out(target, settings.root)  # `memory` committed as a link to /etc
    with workspace_lock(
        settings.cache_path, "memory import", lock_waiter(on_event), clean=settings.temp_folders
    ):
        same_file = target.exists() and path.resolve() == target.resolve()
        if not same_file and target.exists() and not holds(target, data) and not replace:
            raise TmxError(
                f"memory/{path.name} exists and differs; rename the file, or use --replace",
                path,
            )
        # A link in memory/ is written through, inside the workspace only (as a catalogue).
        written = False if same_file else write_atomic(write_path(target, settings.bounds), data)
    return MemoryImport(
        path,
        target,
        written,
        reading.usable,
        reading.languages,
        tuple(sorted(reading.ignored_languages)),
        reading.without_source,
        reading.total,
    )
