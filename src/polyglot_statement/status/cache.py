"""status.json: what each catalogue contributes to the report, remembered between runs.

A workspace may hold thousands of catalogues, so each one's counts and verdict are
cached, keyed by the identity (fsutil.FileIdentity) of the catalogue (the template's when
there is none) and of its source statement: a file that changed in any way is read
again. Everything else a verdict depends on (the settings, the glossary, this program's
version) is the cache's context: when it changed, every catalogue is read again. The
file is disposable: a missing or damaged one is an empty cache.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from polyglot_statement import __version__
from polyglot_statement.config import Settings
from polyglot_statement.fsutil import (
    FileFault,
    FileIdentity,
    file_identity,
    read_own_file,
    write_atomic,
)

CACHE_FILE = "status.json"
# 6: tallies count "memory" apart; 7: the statement's deadline and date; 8: activity headers
CACHE_FORMAT = 8


class CatalogueResult(NamedTuple):
    """What one catalogue contributes; the unit stored in the cache (a tuple: fast to load)."""

    language: str
    catalogue_exists: bool
    identity: FileIdentity | None  # of the .po, else of the template
    source: FileIdentity | None
    words: Sequence[int]  # readiness()'s Tally values (JSON gives lists back)
    segments: Sequence[int]
    errors: int | None  # None: not checked
    warnings: int | None
    missing_required: Sequence[str]
    blocking_findings: int
    min_percent: float
    empty: bool
    # The statement's front matter `deadline` and `date` as text (status/deadlines.py).
    deadline: str | None = None
    date: str | None = None
    # The raw Last-Translator and PO-Revision-Date headers (status/activity.py).
    translator: str | None = None
    revised: str | None = None


class StatusCache:
    """The cached results of one workspace (`catalogues`, by "<language>/<slug>")."""

    def __init__(self, settings: Settings, use: bool = True):
        self.path = settings.cache_path / CACHE_FILE
        self.use = use
        # As it comes back from the cache file: tuples become lists.
        self.context: list[Any] = json.loads(json.dumps(_context(settings)))
        data = _load(self.path) if use else {}
        self.catalogues: dict[str, Any] = (
            data.get("catalogues", {}) if data.get("context") == self.context else {}
        )

    def get(self, key: str) -> CatalogueResult | None:
        """A cached result; None for anything that is not one (the cache is disposable)."""
        record = self.catalogues.get(key)
        if not isinstance(record, list) or len(record) != len(CatalogueResult._fields):
            return None
        # JSON gives lists back; identities are compared with tuples.
        identity, source = _as_identity(record[2]), _as_identity(record[3])
        return CatalogueResult(record[0], record[1], identity, source, *record[4:])

    def save(self, results: Mapping[tuple[str, str], CatalogueResult], keep: bool) -> None:
        """Store `results` ((slug, language) → result); with `keep`, the cached results of
        other catalogues too (a filtered run keeps what it did not look at)."""
        if not self.use:
            return
        catalogues = dict(self.catalogues) if keep else {}
        for (slug, language), result in results.items():
            # Positional: a warm run decodes 10,000 of these, and short JSON decodes faster.
            catalogues[f"{language}/{slug}"] = list(result)
        data = {"format": CACHE_FORMAT, "context": self.context, "catalogues": catalogues}
        # A read-only workspace still gets its report, only slower next time.
        with contextlib.suppress(FileFault):
            write_atomic(
                self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            )


def _context(settings: Settings) -> list[Any]:
    """What every verdict depends on besides its own two files."""
    return [
        CACHE_FORMAT,
        __version__,
        str(settings.root.resolve()),
        file_identity(settings.settings_file),
        file_identity(settings.glossary_path),
    ]


def _load(path: Path) -> dict[str, Any]:
    try:
        # Never through a link (NotOurFile): what is there must be ours.
        data = json.loads(read_own_file(path) or b"{}")
    except (ValueError, FileFault):
        return {}  # missing, damaged or unreadable: the cache is disposable
    return data if isinstance(data, dict) and data.get("format") == CACHE_FORMAT else {}


def _as_identity(value: Any) -> FileIdentity | None:
    return None if value is None else (int(value[0]), int(value[1]), int(value[2]), int(value[3]))
