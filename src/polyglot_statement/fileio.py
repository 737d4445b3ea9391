"""Atomic file writes: a reader, or an interrupted run, never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
