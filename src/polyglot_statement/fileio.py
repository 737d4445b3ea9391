"""Atomic file writes: a reader, or an interrupted run, never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from polyglot_statement.errors import PolyglotError


def read_utf8(path: Path, error: type[PolyglotError]) -> str:
    """A user's text file, or `error` naming the file (and the line of a bad byte)."""
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise error(f"cannot read: {problem.strerror}", path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise error("not UTF-8 text; save the file as UTF-8", path, line) from None


def read_bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temp file and a rename.

    Returns False, touching nothing, when the file already holds exactly these bytes:
    an unchanged re-run changes no byte and no modification time.
    """
    if read_bytes_or_none(path) == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return True


def write_text_atomic(path: Path, text: str) -> bool:
    return write_atomic(path, text.encode("utf-8"))
