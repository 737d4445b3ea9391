"""The memory index: what every catalogue and memory file holds, in sqlite under .polyglot/.

A cache, never the only copy of anything: each row comes from a file of the workspace (a
catalogue entry with a translation, a TMX unit), and the file's identity (device, inode,
size, modification time) says when to read it again. Deleting the index, or a damaged or
older one, costs one full reading of the workspace.

Rows keep every translated entry with its state, so that concordance can show how a
phrase was translated even where nobody approved it; matching uses approved ones only.
Each distinct source text is stored once, with its matching features
(memory/similarity.py), so a new statement is compared with every remembered text once
for all languages.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.memory.folding import fold
from polyglot_statement.memory.similarity import features
from polyglot_statement.owndb import Damaged, open_database
from polyglot_statement.po import APPROVED

FILE_NAME = "memory.sqlite3"
_VERSION = 3  # PRAGMA user_version: an index of another layout (or reading) is rebuilt
_INDEXES = (
    "CREATE INDEX units_by_source ON units (source, language)",
    "CREATE INDEX units_by_file ON units (file)",
    # Which sources have an approved translation, read from the index alone.
    "CREATE INDEX units_by_state ON units (state, source)",
)
_SCHEMA = (
    """CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        identity TEXT NOT NULL,
        kind TEXT NOT NULL,
        origin TEXT NOT NULL
    )""",
    """CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL UNIQUE,
        masked TEXT NOT NULL,
        features TEXT NOT NULL
    )""",
    """CREATE TABLE units (
        file INTEGER NOT NULL,
        source INTEGER NOT NULL,
        language TEXT NOT NULL,
        translation TEXT NOT NULL,
        state TEXT NOT NULL,
        -- The translation folded for search (memory/folding.py), NULL when it is ASCII
        -- (sqlite's lower() is then the same): folding every row at each search in
        -- Python made a concordance three times slower than casefold, 26 times than LIKE.
        folded TEXT
    )""",
    *_INDEXES,
)
_TABLES = ("files", "sources", "units")  # every layout's, to know an index of ours
# Reading this many files or more (a new or lost index), the indexes are made after the
# rows are in: building them once costs less than keeping them up to date row by row.
_BULK = 1000
_CHUNK = 500  # bound parameters per query, below sqlite's limit
_BATCH = 10_000  # rows inserted at once

CATALOGUE = "catalogue"
TMX = "tmx"


@dataclass(frozen=True, slots=True)
class MemoryFile:
    """A file the memory is made of."""

    path: Path
    kind: str  # CATALOGUE or TMX
    origin: str  # what provenance names: the statement's slug, or the TMX file's name
    language: str | None = None  # a catalogue's language
    # What else its rows depend on (a TMX file's: the workspace's languages, which decide
    # which of its translations count); a change reads the file again.
    context: str = ""


Row = tuple[str, str, str, str]  # source, language, translation, state


@dataclass(frozen=True, slots=True)
class Remembered:
    """One translation the memory holds."""

    source: str
    language: str
    translation: str
    state: str
    kind: str
    origin: str


@dataclass(frozen=True, slots=True)
class Group:
    """One translation of a source text into a language, and the files holding it."""

    language: str
    translation: str
    kind: str
    origins: tuple[str, ...]  # statements' slugs or TMX file names, sorted


@dataclass(frozen=True, slots=True)
class Refreshed:
    read: int  # files read (new or changed)
    removed: int  # files gone since the last refresh
    kept: int  # files unchanged


def identity(path: Path) -> str | None:
    """What says a file changed: device, inode, size and modification time; None if absent."""
    try:
        status = path.stat()
    except OSError:
        return None
    return f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"


class MemoryIndex:
    def __init__(self, folder: Path):
        self.path = folder / FILE_NAME
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = self._open()
        except (sqlite3.DatabaseError, Damaged):
            # Ours, and only a cache: start again rather than stop the user. (What is not
            # ours, open_database refuses, and nothing here removes it.)
            self._remove()
            self._connection = self._open()

    @classmethod
    def as_left(cls, folder: Path) -> MemoryIndex | None:
        """The index as the last run that refreshed it left it, opened without writing
        anything, not even a lock (SQLite's `immutable`): what `translate --dry-run`
        estimates from. None when there is none of this layout, or it is not a regular
        file of ours."""
        path = folder / FILE_NAME
        try:
            if not path.is_file() or path.is_symlink():
                return None
            connection = sqlite3.connect(
                f"{path.absolute().as_uri()}?mode=ro&immutable=1&nofollow=1", uri=True
            )
        except (OSError, sqlite3.Error):
            return None
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] != _VERSION:
                connection.close()
                return None
        except sqlite3.Error:
            connection.close()
            return None
        index = cls.__new__(cls)
        index.path = path
        index._connection = connection
        return index

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def _open(self) -> sqlite3.Connection:
        connection = open_database(self.path, _TABLES, timeout=60, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version != _VERSION:
                connection.execute("BEGIN IMMEDIATE")
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                ).fetchall():
                    connection.execute(f'DROP TABLE "{name}"')
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {_VERSION}")
                connection.execute("COMMIT")
            connection.execute("SELECT count(*) FROM files").fetchone()
        except BaseException:
            connection.close()
            raise
        return connection

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> MemoryIndex:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    # ------------------------------------------------------------ keeping it current

    def refresh(
        self, files: Sequence[MemoryFile], read: Callable[[MemoryFile], Iterable[Row]]
    ) -> Refreshed:
        """Read again the files that changed since the last refresh and forget removed ones.

        `read` raises for a file it cannot read (a malformed catalogue): nothing of this
        refresh is kept then, and the file is read again next time.
        """
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            known = {
                path: (number, stored)
                for number, path, stored in connection.execute(
                    "SELECT id, path, identity FROM files"
                )
            }
            wanted = {str(file.path): file for file in files}
            removed = [number for path, (number, _) in known.items() if path not in wanted]
            changed: list[tuple[MemoryFile, str]] = []
            for path, file in wanted.items():
                current = identity(file.path)
                if current is None:
                    continue
                current += file.context
                if path not in known or known[path][1] != current:
                    changed.append((file, current))
            for number in removed:
                self._forget(number)
            if changed:
                bulk = len(changed) >= _BULK
                if bulk:
                    # Forgotten while the indexes still find their rows.
                    for file, _ in changed:
                        previous = known.pop(str(file.path), None)
                        if previous is not None:
                            self._forget(previous[0])
                    for (name,) in connection.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'units'"
                    ).fetchall():
                        connection.execute(f'DROP INDEX "{name}"')
                self._read(changed, known, read)
                if bulk:
                    for statement in _INDEXES:
                        connection.execute(statement)
            if removed or changed:
                connection.execute(
                    "DELETE FROM sources WHERE NOT EXISTS "
                    "(SELECT 1 FROM units WHERE units.source = sources.id)"
                )
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        return Refreshed(len(changed), len(removed), len(wanted) - len(changed))

    def _forget(self, number: int) -> None:
        self._connection.execute("DELETE FROM units WHERE file = ?", (number,))
        self._connection.execute("DELETE FROM files WHERE id = ?", (number,))

    def _read(
        self,
        changed: list[tuple[MemoryFile, str]],
        known: dict[str, tuple[int, str]],
        read: Callable[[MemoryFile], Iterable[Row]],
    ) -> None:
        connection = self._connection
        source_ids: dict[str, int] = dict(connection.execute("SELECT text, id FROM sources"))
        next_source = max(source_ids.values(), default=0) + 1
        new_sources: list[tuple[int, str, str, str]] = []
        for file, current in changed:
            previous = known.get(str(file.path))
            if previous is not None:
                self._forget(previous[0])
            cursor = connection.execute(
                "INSERT INTO files (path, identity, kind, origin) VALUES (?, ?, ?, ?)",
                (str(file.path), current, file.kind, file.origin),
            )
            number = cursor.lastrowid
            # Rows are written as they are read, a batch at a time: a large TMX file is
            # never held whole (a file that fails halfway rolls the refresh back).
            units: list[tuple[int | None, int, str, str, str, str | None]] = []
            for source, language, translation, state in read(file):
                source_id = source_ids.get(source)
                if source_id is None:
                    source_id = source_ids[source] = next_source
                    next_source += 1
                    found = features(source)
                    new_sources.append((source_id, source, found.masked, found.encode()))
                folded = None if translation.isascii() else fold(translation)
                units.append((number, source_id, language, translation, state, folded))
                if len(units) >= _BATCH:
                    connection.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", units)
                    units.clear()
                if len(new_sources) >= _BATCH:
                    connection.executemany("INSERT INTO sources VALUES (?, ?, ?, ?)", new_sources)
                    new_sources.clear()
            connection.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", units)
        connection.executemany("INSERT INTO sources VALUES (?, ?, ?, ?)", new_sources)

    # ------------------------------------------------------------ reading it

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Queries inside see one state of the index, whatever another process refreshes."""
        self._connection.execute("BEGIN")
        try:
            yield
        finally:
            self._connection.execute("COMMIT")

    def _remembered(self, query: str, parameters: Sequence[object]) -> Iterator[Remembered]:
        for row in self._connection.execute(query, parameters):
            yield Remembered(*row)

    _SELECT = (
        "SELECT sources.text, units.language, units.translation, units.state, files.kind, "
        "files.origin FROM units JOIN sources ON sources.id = units.source "
        "JOIN files ON files.id = units.file "
    )

    def translations_of(
        self, texts: Sequence[str], approved_only: bool = True
    ) -> dict[str, list[Remembered]]:
        """The remembered translations of these exact source texts, by text."""
        found: dict[str, list[Remembered]] = {}
        state = f"AND units.state = '{APPROVED}' " if approved_only else ""
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            query = self._SELECT + (f"WHERE sources.text IN ({','.join('?' * len(chunk))}) {state}")
            for remembered in self._remembered(query, chunk):
                found.setdefault(remembered.source, []).append(remembered)
        return found

    def translated_sources(
        self, approved_only: bool = True
    ) -> tuple[list[str], list[str], list[str]]:
        """Every source text with an (approved) translation, in id order: the texts, their
        masked texts and their encoded features (decoded only for the few that match)."""
        state = f"WHERE state = '{APPROVED}'" if approved_only else ""
        texts: list[str] = []
        masked: list[str] = []
        encoded: list[str] = []
        query = (
            "SELECT text, masked, features FROM sources WHERE id IN "
            f"(SELECT source FROM units {state}) ORDER BY id"
        )
        for text, mask, found in self._connection.execute(query):
            texts.append(text)
            masked.append(mask)
            encoded.append(found)
        return texts, masked, encoded

    def approved_variants(self, texts: Sequence[str]) -> dict[str, list[Group]]:
        """The approved translations of these source texts, one group per language,
        translation and kind of file, with the origins holding it."""
        found: dict[str, list[Group]] = {}
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            # One row per group rather than per catalogue: a stock sentence is in hundreds.
            query = (
                "SELECT text, language, translation, kind, group_concat(origin, char(31)) "
                "FROM (SELECT DISTINCT sources.text, units.language, units.translation, "
                "files.kind, files.origin FROM units "
                "JOIN sources ON sources.id = units.source JOIN files ON files.id = units.file "
                f"WHERE sources.text IN ({','.join('?' * len(chunk))}) "
                f"AND +units.state = '{APPROVED}') "  # the source's index, not the state's
                "GROUP BY text, language, translation, kind"
            )
            for source, language, translation, kind, origins in self._connection.execute(
                query, chunk
            ):
                found.setdefault(source, []).append(
                    Group(language, translation, kind, tuple(sorted(origins.split("\x1f"))))
                )
        return found

    def sources_translated_as(self, phrase: str, languages: Sequence[str]) -> list[str]:
        """The source texts with a translation into `languages` containing `phrase`,
        whatever its case, accents and typographic variants (memory/folding.py)."""
        marks = ",".join("?" * len(languages))
        condition = "instr(coalesce(units.folded, lower(units.translation)), ?) > 0"
        value = fold(phrase)
        query = (
            "SELECT DISTINCT sources.text FROM units JOIN sources ON sources.id = units.source "
            f"WHERE units.language IN ({marks}) AND {condition} ORDER BY sources.text"
        )
        return [text for (text,) in self._connection.execute(query, (*languages, value))]

    def summaries(
        self, texts: Sequence[str], languages: Sequence[str]
    ) -> dict[str, tuple[bool, int]]:
        """For each source text: whether it has an approved translation into `languages`,
        and how many statements or files translate it into them."""
        found: dict[str, tuple[bool, int]] = {}
        unique = list(dict.fromkeys(texts))
        marks = ",".join("?" * len(languages))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            query = (
                f"SELECT sources.text, max(units.state = '{APPROVED}'), "
                "count(DISTINCT files.origin) FROM units "
                "JOIN sources ON sources.id = units.source JOIN files ON files.id = units.file "
                f"WHERE sources.text IN ({','.join('?' * len(chunk))}) "
                f"AND units.language IN ({marks}) GROUP BY sources.text"
            )
            for text, approved, origins in self._connection.execute(query, (*chunk, *languages)):
                found[text] = (bool(approved), int(origins))
        return found

    def translation_groups(
        self, texts: Sequence[str], languages: Sequence[str]
    ) -> dict[str, list[tuple[Group, str]]]:
        """Every translation of these source texts into `languages`, one per language,
        translation, state and kind of file, with the origins holding it: (group, state)."""
        found: dict[str, list[tuple[Group, str]]] = {}
        unique = list(dict.fromkeys(texts))
        marks = ",".join("?" * len(languages))
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            query = (
                "SELECT text, language, translation, state, kind, "
                "group_concat(origin, char(31)) FROM (SELECT DISTINCT sources.text, "
                "units.language, units.translation, units.state, files.kind, files.origin "
                "FROM units JOIN sources ON sources.id = units.source "
                "JOIN files ON files.id = units.file "
                f"WHERE sources.text IN ({','.join('?' * len(chunk))}) "
                f"AND units.language IN ({marks})) "
                "GROUP BY text, language, translation, state, kind"
            )
            for text, language, translation, state, kind, origins in self._connection.execute(
                query, (*chunk, *languages)
            ):
                group = Group(language, translation, kind, tuple(sorted(origins.split("\x1f"))))
                found.setdefault(text, []).append((group, state))
        return found

    def everything(
        self, languages: Sequence[str] = (), approved_only: bool = True
    ) -> Iterator[Remembered]:
        """Every remembered translation (in these languages), by source text then language."""
        conditions = []
        parameters: list[object] = []
        if approved_only:
            conditions.append(f"units.state = '{APPROVED}'")
        if languages:
            conditions.append(f"units.language IN ({','.join('?' * len(languages))})")
            parameters.extend(languages)
        where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
        yield from self._remembered(
            self._SELECT
            + where
            + "ORDER BY sources.text, units.language, files.kind, files.origin",
            parameters,
        )

    def counts(self) -> tuple[int, int, int]:
        """(files, distinct source texts, translations) in the index."""
        files = self._connection.execute("SELECT count(*) FROM files").fetchone()[0]
        sources = self._connection.execute("SELECT count(*) FROM sources").fetchone()[0]
        units = self._connection.execute("SELECT count(*) FROM units").fetchone()[0]
        return int(files), int(sources), int(units)
