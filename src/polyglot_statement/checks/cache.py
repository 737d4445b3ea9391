""".polyglot/findings.json: each catalogue's findings, remembered between runs by content.

Checking is most of what a cold `status` costs (every publishable catalogue's entries are
parsed as Markdown, numbers read, glossary terms matched), and the text checked rarely
changes between two runs. A catalogue's findings depend only on its checked entries
(msgctxt, msgid, plural, translations, `# polyglot: ignore` comments, in order: the length
check compares each with the catalogue's median), its language, its statement's link
definitions, and the cache's context: this program's code, the source language, the
glossary's bytes and the settings file's. The record is keyed by a digest of all of these,
so an edited entry, a moved file, a new glossary or setting simply misses; line numbers
and msgids are taken from the catalogue at hand, never from the cache.

The file is disposable and ours: a damaged or older one is an empty cache, and anything
that is not a regular file of ours (a link, a FIFO) is refused (fsutil.NotOurFile),
never followed. Only the full set of checks (ALL_CHECKS) is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from polyglot_statement import __version__
from polyglot_statement.config import Settings
from polyglot_statement.errors import PolyglotError
from polyglot_statement.fsutil import (
    FileFault,
    InputBounds,
    read_input,
    read_own_file,
    write_atomic,
)
from polyglot_statement.source import LinkDefinitions

FINDINGS_FILE = "findings.json"
FINDINGS_FORMAT = 1

# One finding as stored: the index of its entry among the catalogue's checked entries,
# the check's id and its message.
Record = list[tuple[int, str, str]]


class Keyed(Protocol):
    """What the key reads of an entry: a po.Entry, or status's lighter reading of one."""

    @property
    def msgctxt(self) -> str | None: ...
    @property
    def msgid(self) -> str: ...
    @property
    def msgid_plural(self) -> str | None: ...
    @property
    def translations(self) -> Sequence[str]: ...
    @property
    def translator_comments(self) -> Collection[str]: ...
    @property
    def ignored_checks(self) -> frozenset[str]: ...


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of this program's source files: a check changed in a checkout (with the
    same version number) must not be answered from findings of the old code."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_digest(path: Path, bounds: InputBounds) -> str | None:
    # Read as the checker reads it (without blocking on a FIFO, within the size limit):
    # a plain read of a FIFO at glossary.yml waited forever before anyone said why.
    try:
        data = read_input(path, PolyglotError, bounds)
    except PolyglotError:
        return None  # absent (no glossary), not a file, unreadable: the checker says which
    return None if data is None else hashlib.sha256(data).hexdigest()


class FindingsCache:
    """The remembered findings of one workspace; `touched` are the records this run used
    or made (workers send theirs back with `drain`)."""

    def __init__(self, settings: Settings, use: bool = True):
        self.path = settings.cache_path / FINDINGS_FILE
        self.use = use
        self.context: list[Any] = [
            FINDINGS_FORMAT,
            code_digest(),
            settings.source_language,
            _file_digest(settings.glossary_path, settings.bounds),
            # Any setting a check may come to depend on (the Markdown dialect): a changed
            # settings file makes every record a miss, which is always safe.
            _file_digest(settings.settings_file, InputBounds(max_size=settings.max_file_size)),
        ]
        self.loaded: dict[str, Record] = self._load() if use else {}
        self.records: dict[str, Record] = dict(self.loaded)
        self.touched: dict[str, Record] = {}

    def key(self, language: str, definitions: LinkDefinitions, entries: Sequence[Keyed]) -> str:
        digest = hashlib.sha256()
        defined = sorted(
            (label, str(value.get("href", "")), str(value.get("title", "")))
            for label, value in definitions.env.items()
        )
        head = json.dumps([self.context, language, defined], ensure_ascii=False)
        digest.update(head.encode())
        update = digest.update
        for entry in entries:
            # Each field with its length first: whatever characters they hold, two
            # different entries never give the same bytes.
            translations = entry.translations
            ignored = sorted(entry.ignored_checks) if entry.translator_comments else []
            fields = (
                "-" if entry.msgctxt is None else "+" + entry.msgctxt,
                entry.msgid,
                "-" if entry.msgid_plural is None else "+" + entry.msgid_plural,
                str(len(translations)),
                *translations,
                *ignored,
            )
            update("".join(f"{len(field)}:{field}" for field in fields).encode() + b";")
        return digest.hexdigest()

    def get(self, key: str) -> Record | None:
        record = self.records.get(key)
        if record is not None:
            self.touched[key] = record
        return record

    def put(self, key: str, record: Record) -> None:
        self.records[key] = self.touched[key] = record

    def drain(self) -> dict[str, Record]:
        """The records this process used or made since the last drain."""
        touched, self.touched = self.touched, {}
        return touched

    def keep(self, records: Mapping[str, Record]) -> None:
        """Records a worker used or made, kept in this (the main) process."""
        self.records.update(records)
        self.touched.update(records)

    def save(self, complete: bool) -> None:
        """Write what this run used or made; with `complete` (every catalogue of the
        workspace was checked or looked up) only that, else the older records too."""
        if not self.use:
            return
        kept = self.touched if complete else {**self.loaded, **self.touched}
        if kept == self.loaded:
            return
        data = {
            "format": FINDINGS_FORMAT,
            "context": self.context,
            "catalogues": {key: kept[key] for key in sorted(kept)},
        }
        # A read-only workspace still gets its report, only slower next time.
        with contextlib.suppress(FileFault):
            write_atomic(
                self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
            )

    def _load(self) -> dict[str, Record]:
        try:
            # Never through a link (NotOurFile): what is there must be ours.
            data = json.loads(read_own_file(self.path) or b"{}")
        except (ValueError, FileFault):
            return {}  # missing, damaged or unreadable: the cache is disposable
        if not isinstance(data, dict) or data.get("format") != FINDINGS_FORMAT:
            return {}
        # As it comes back from the file: JSON gives lists for tuples.
        if data.get("context") != json.loads(json.dumps(self.context)):
            return {}
        catalogues = data.get("catalogues")
        if not isinstance(catalogues, dict):
            return {}
        return {
            key: record
            for key, value in catalogues.items()
            if (record := _record(value)) is not None
        }


def _record(value: object) -> Record | None:
    """A stored record, or None for anything else (the file may have been edited)."""
    if not isinstance(value, list):
        return None
    found: Record = []
    for item in value:
        if not (
            isinstance(item, list)
            and len(item) == 3
            and isinstance(item[0], int)
            and isinstance(item[1], str)
            and isinstance(item[2], str)
        ):
            return None
        found.append((item[0], item[1], item[2]))
    return found
