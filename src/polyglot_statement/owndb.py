"""Opening the tool's own SQLite databases (under .polyglot/) without touching anyone else's.

A cache database is ours to rebuild when it is damaged or of an older layout. Whatever
else is found at its place is refused (fsutil.NotOurFile) and left exactly as it is: a
link (a pull request can commit one, pointing at another program's database), a FIFO or
a device, or a SQLite database some other program made. Ours carry `APPLICATION_ID` in
their header (SQLite's `PRAGMA application_id`, the field `file` reads too); databases
this tool made before it set one are recognised by their tables alone.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from polyglot_statement.fsutil import NotOurFile, check_own_file, open_own_file

APPLICATION_ID = 0x506F6C79  # "Poly"
_MAGIC = b"SQLite format 3\0"
# SQLite's companions of a database: written through as the database is.
_COMPANIONS = ("-wal", "-shm", "-journal")


class Damaged(Exception):
    """A database of ours that SQLite cannot read: the caller removes it and starts again."""


def open_database(path: Path, tables: Iterable[str], **options: Any) -> sqlite3.Connection:
    """A connection to our database at `path`, created when absent.

    `tables` are the tables our database of this kind has ever had: a database without
    an application_id is ours from before it was set when its tables are among them.
    Raises NotOurFile, having changed nothing, for anything that is not ours, and Damaged
    for a database of ours that SQLite cannot read (a file that is not a SQLite database
    at all counts as one: nobody else keeps a file of that name in the cache folder).
    `options` go to sqlite3.connect.
    """
    for suffix in ("", *_COMPANIONS):
        # A link or a special file at any of them is refused (NotOurFile), unopened.
        check_own_file(Path(f"{path}{suffix}"), "open")
    # nofollow: a link put there since the look above is refused by SQLite itself.
    connection: sqlite3.Connection = sqlite3.connect(
        f"{path.absolute().as_uri()}?nofollow=1", uri=True, **options
    )
    try:
        check_database(connection, path, tables, claim=True)
    except sqlite3.DatabaseError:
        connection.close()
        header = _header(path)
        # Not a SQLite file at all: nobody else keeps a file of that name in our folder.
        if not header.startswith(_MAGIC) or _application_id(header) == APPLICATION_ID:
            raise Damaged(path) from None
        raise NotOurFile(
            "is a SQLite database the tool cannot read and did not make; it is left as it "
            "is: move it away (the folder is a cache) and run the command again",
            path,
        ) from None
    except BaseException:
        connection.close()
        raise
    return connection


def check_database(
    connection: sqlite3.Connection, path: Path, tables: Iterable[str], *, claim: bool
) -> None:
    """Raise NotOurFile when the database `connection` reads is not ours; with `claim`,
    mark a new (empty) one, or one of ours from before the mark, as ours."""
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return
    found = {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    }
    if application_id != 0 or not found <= set(tables):
        listed = ", ".join(sorted(found)) or "none"
        raise NotOurFile(
            f"is a SQLite database another program made (application_id {application_id}, "
            f"tables: {listed}); the tool never changes it: move it away, or remove the "
            "link that leads to it, and run the command again",
            path,
        )
    if claim:
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        if connection.in_transaction:
            connection.commit()


def _application_id(header: bytes) -> int:
    return int.from_bytes(header[68:72], "big")  # where SQLite's file format keeps it


def _header(path: Path) -> bytes:
    """The first 100 bytes of the file at `path` (never through a link); b"" when absent.
    Read only once no connection of ours has it open (see fsutil.check_own_file)."""
    descriptor = open_own_file(path, os.O_RDONLY, "read")
    if descriptor is None:
        return b""
    try:
        return os.pread(descriptor, 100, 0)
    finally:
        os.close(descriptor)
