"""The workspace's translation memory: every approved translation of every statement, in
every language, and the TMX files of the workspace's memory/ folder.

`open_memory` brings the index (.polyglot/memory.sqlite3) up to date with the files and
returns it; `Matcher` finds the best remembered translations, `prefill` fills a
catalogue's untranslated entries with them, `search` is concordance, `export_memory` and
`import_memory` exchange TMX files.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from polyglot_statement.config import ExactPolicy, Settings, select_languages
from polyglot_statement.memory.files import FileReader, memory_files, memory_folder
from polyglot_statement.memory.index import MemoryIndex, Refreshed, Remembered
from polyglot_statement.memory.match import Matcher, MemoryMatch
from polyglot_statement.memory.prefill import (
    APPROVE,
    EXACT,
    FUZZY,
    REVIEW,
    Prefilled,
    Prefiller,
    fillable,
    prefill,
)

if TYPE_CHECKING:
    from polyglot_statement.memory.concordance import Concordance
    from polyglot_statement.memory.transfer import MemoryExport

# The score (memory/similarity.py, 0-100) from which a remembered translation is offered.
# Chosen with benchmarks/memory_threshold.py: every small edit (typo, punctuation, an
# inserted word or "not", a number) of a real-length segment scores above it against a
# memory of 19,000 texts, and no text of another frame does but one sharing two of its
# three clauses (80.6); only one- and two-word headings with a word inserted fall below.
MEMORY_THRESHOLD = 80.0


def open_memory(settings: Settings) -> MemoryIndex:
    """The memory index, brought up to date with the workspace's files."""
    index = MemoryIndex(settings.cache_path)
    try:
        index.refresh(memory_files(settings), FileReader(settings))
    except BaseException:
        index.close()
        raise
    return index


def search_memory(
    settings: Settings, text: str, languages: Sequence[str] = (), limit: int = 20
) -> Concordance:
    """`polyglot memory search`: how TEXT was translated before, into `languages` (all
    the workspace's when none), glossary terms marked; the index is opened and closed here."""
    from polyglot_statement.glossary import glossary_for_settings
    from polyglot_statement.memory.concordance import search

    chosen = select_languages(settings, languages)
    glossary = glossary_for_settings(settings)
    with open_memory(settings) as index:
        return search(index, text, settings.source_language, chosen, glossary, limit)


def export_workspace_memory(settings: Settings, languages: Sequence[str] = ()) -> MemoryExport:
    """`polyglot memory export`: the memory's approved translations as TMX."""
    from polyglot_statement.memory.transfer import export_memory

    with open_memory(settings) as index:
        return export_memory(settings, index, languages)


def prefiller(settings: Settings, exact: ExactPolicy | None = None) -> Prefiller:
    """The hook with which extract and translate pre-fill catalogues from the memory
    (exact matches as the settings' `memory.exact` says, unless `exact` is given)."""
    policy = settings.memory.exact if exact is None else exact
    return Prefiller(partial(open_memory, settings), MEMORY_THRESHOLD, policy)


def estimating_prefiller(settings: Settings) -> Prefiller | None:
    """A pre-fill hook that reads the memory index as the last run left it and writes
    nothing (for `translate --dry-run`, whose catalogues are not written either); None
    when there is no index yet."""
    index = MemoryIndex.as_left(settings.cache_path)
    if index is None:
        return None
    return Prefiller(lambda: index, MEMORY_THRESHOLD, settings.memory.exact, read_only=True)


__all__ = [
    "APPROVE",
    "EXACT",
    "FUZZY",
    "MEMORY_THRESHOLD",
    "REVIEW",
    "Matcher",
    "MemoryIndex",
    "MemoryMatch",
    "Prefilled",
    "Prefiller",
    "Refreshed",
    "Remembered",
    "estimating_prefiller",
    "export_workspace_memory",
    "fillable",
    "memory_folder",
    "open_memory",
    "prefill",
    "prefiller",
    "search_memory",
]
