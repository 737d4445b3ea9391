"""Machine translations already paid for, in sqlite under the workspace's cache folder.

Keyed by everything that changes an engine's answer: engine, source and target language
(the engine's code), formality, glossary version and the text exactly as sent. A re-run,
or a new statement repeating a sentence, costs nothing. The file is disposable: a damaged
one is replaced by an empty one; what is not ours (owndb) is refused, never replaced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.fsutil import check_own_file
from polyglot_statement.owndb import Damaged, check_database, open_database

FILE_NAME = "machine-translations.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    source_language TEXT NOT NULL,
    target_language TEXT NOT NULL,
    formality TEXT NOT NULL,
    glossary TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    PRIMARY KEY (engine, source_language, target_language, formality, glossary, text)
) WITHOUT ROWID
"""
_TABLES = ("translations",)  # every layout's, to know a cache of ours
_LOOKUP_CHUNK = 500  # below sqlite's limit on bound parameters


@dataclass(frozen=True, slots=True)
class CacheKey:
    engine: str
    source_language: str
    target_language: str
    formality: str
    glossary: str  # "" when no glossary applies

    def values(self) -> tuple[str, str, str, str, str]:
        return (
            self.engine,
            self.source_language,
            self.target_language,
            self.formality,
            self.glossary,
        )


class TranslationCache:
    def __init__(self, folder: Path, *, connection: sqlite3.Connection | None = None):
        self.path = folder / FILE_NAME
        if connection is not None:
            self._connection = connection
            return
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = self._open()
        except (sqlite3.DatabaseError, Damaged):
            # Ours, and only a cache: start again rather than stop the user. (What is not
            # ours, open_database refuses, and nothing here removes it.)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._connection = self._open()

    @classmethod
    def read_only(cls, folder: Path) -> TranslationCache:
        """The cache as it is, for a dry run: creates no file, folder or journal.

        An absent or unreadable cache reads as empty. Opened read-only, sqlite still makes
        the -wal and -shm files of a WAL database; they exist already while a run works or
        after one was killed (and then hold its last batches), otherwise the file is
        opened `immutable`, which needs neither.
        """
        path = folder / FILE_NAME
        try:
            # As a write would open it: a link or a special file there is refused.
            if not check_own_file(path):
                raise sqlite3.DatabaseError("no cache yet")
            journal = Path(f"{path}-wal").exists()
            mode = "mode=ro" if journal else "immutable=1"
            connection = sqlite3.connect(f"{path.absolute().as_uri()}?{mode}&nofollow=1", uri=True)
            check_database(connection, path, _TABLES, claim=False)
            connection.execute("SELECT 1 FROM translations LIMIT 1")
        except sqlite3.DatabaseError:
            connection = sqlite3.connect(":memory:")
            connection.execute(_SCHEMA)
        return cls(folder, connection=connection)

    def _open(self) -> sqlite3.Connection:
        connection = open_database(self.path, _TABLES)
        # WAL: a commit per batch is cheap, and a killed run leaves every commit readable.
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(_SCHEMA)
        connection.commit()
        return connection

    def lookup(self, key: CacheKey, texts: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(texts))
        for start in range(0, len(unique), _LOOKUP_CHUNK):
            chunk = unique[start : start + _LOOKUP_CHUNK]
            placeholders = ",".join("?" * len(chunk))
            rows = self._connection.execute(
                "SELECT text, translation FROM translations WHERE engine = ? AND "
                "source_language = ? AND target_language = ? AND formality = ? AND "
                f"glossary = ? AND text IN ({placeholders})",
                (*key.values(), *chunk),
            )
            found.update(rows)
        return found

    def store(self, key: CacheKey, pairs: Iterable[tuple[str, str]]) -> None:
        """Add one batch's translations and commit them at once."""
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((*key.values(), text, translation) for text, translation in pairs),
            )

    def close(self) -> None:
        self._connection.close()
