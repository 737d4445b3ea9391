"""Which files the memory is made of, and what each contributes.

Every catalogue of every workspace language (`locales/<lang>/LC_MESSAGES/*.po`) and every
TMX file in the workspace's `memory/` folder. A catalogue contributes each entry with a
translation (singular entries: a plural's forms are not one text), with its state; a TMX
file its units, which count as approved (a memory holds what someone validated).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from polyglot_statement.config import PAGE_WORDS_FILE, Settings
from polyglot_statement.errors import CatalogError, PolyglotError, TmxError
from polyglot_statement.fsutil import InputBounds, fault, read_input, unusable_name
from polyglot_statement.memory.index import CATALOGUE, TMX, MemoryFile, Row
from polyglot_statement.memory.tmx import tmx_units
from polyglot_statement.po import APPROVED, parse_po

MEMORY_FOLDER = "memory"


def memory_folder(settings: Settings) -> Path:
    return settings.root / MEMORY_FOLDER


def memory_files(settings: Settings) -> list[MemoryFile]:
    """The catalogues and TMX files of the workspace, in a stable order."""
    files: list[MemoryFile] = []
    for language in settings.languages:
        folder = settings.locales_path / language / "LC_MESSAGES"
        for name in _names(folder, ".po", CatalogError):
            if name == PAGE_WORDS_FILE:
                continue  # the page's own words, not a statement's
            files.append(MemoryFile(folder / name, CATALOGUE, name[: -len(".po")], language))
    folder = memory_folder(settings)
    context = f"|{settings.source_language}|{','.join(settings.languages)}"
    for name in _names(folder, ".tmx", TmxError):
        files.append(MemoryFile(folder / name, TMX, name, context=context))
    return files


def _names(folder: Path, suffix: str, refusal: type[PolyglotError]) -> list[str]:
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    except NotADirectoryError:
        return []
    except OSError as error:
        raise fault(error, folder, "list the folder") from None
    names = sorted(name for name in names if name.endswith(suffix) and not name.startswith("."))
    for name in names:
        # The name is the memory's provenance: it lands in the index, and in comments
        # (on one line: prefill writes its line breaks as spaces).
        problem = unusable_name(name, line_breaks=True)
        if problem is not None:
            raise refusal(problem, folder)
    return names


class FileReader:
    """Reads the files of one workspace for the index (its bounds worked out once: each
    is several realpath calls, and a workspace has thousands of catalogues)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.bounds = settings.bounds

    def __call__(self, file: MemoryFile) -> Iterator[Row]:
        return read_file(self.settings, file, self.bounds)


def read_file(settings: Settings, file: MemoryFile, bounds: InputBounds) -> Iterator[Row]:
    """The rows a file gives the index; CatalogError or TmxError (with line) if malformed."""
    if file.kind == TMX:
        data = read_input(file.path, TmxError, bounds)
        if data is None:
            return
        for unit in tmx_units(data, file.path, settings.source_language, settings.languages):
            yield unit.source, unit.language, unit.translation, APPROVED
        return
    data = read_input(file.path, CatalogError, bounds)
    if data is None:
        return
    language = file.language or ""
    for entry in parse_po(data, file.path).entries:
        if entry.obsolete or entry.msgid_plural is not None or not entry.msgid or not entry.msgstr:
            continue
        yield entry.msgid, language, entry.msgstr, entry.state
