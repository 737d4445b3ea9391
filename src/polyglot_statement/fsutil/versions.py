"""File versions: what a run read of a file, to tell later whether someone saved it since
(no lost update)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from polyglot_statement.errors import PolyglotError
from polyglot_statement.fsutil.reading import (
    ANYWHERE,
    InputBounds,
    read_bounded,
    read_bytes_or_none,
)

FileIdentity = tuple[int, int, int, int]
"""A file as the system sees it: device, inode, size, modification time (ns). Equal
identities mean an unchanged file, save within the timestamps' granularity (callers that
cache by it say how they handle that); a save by rename gets a new inode."""


def identity_of(status: os.stat_result) -> FileIdentity:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


def file_identity(path: Path | str) -> FileIdentity | None:
    """The identity of the file at `path` (links followed); None when there is none."""
    try:
        return identity_of(os.stat(path))
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class FileVersion:
    """What a run read of a file: enough to tell later whether someone saved it since."""

    path: Path
    identity: FileIdentity | None  # None: absent
    digest: bytes | None  # of the content read; None: absent
    # Where a link at `path` may lead for the file to be written through it (the folders
    # it was read within): the write lands where the read came from.
    bounds: InputBounds = field(default=ANYWHERE, compare=False, repr=False)

    @property
    def exists(self) -> bool:
        return self.identity is not None


def digest(data: bytes) -> bytes:
    """What two versions' contents are compared by."""
    return hashlib.blake2b(data, digest_size=16).digest()


def read_version(
    path: Path, error: type[PolyglotError] = PolyglotError, bounds: InputBounds = ANYWHERE
) -> tuple[bytes | None, FileVersion]:
    """The file's bytes (None when absent) and the version they belong to; read as
    `read_input` reads."""
    read = read_bounded(path, error, bounds)
    if read is None:
        return None, FileVersion(path, None, None, bounds)
    data, status = read
    return data, FileVersion(path, identity_of(status), digest(data), bounds)


def version_of(path: Path, data: bytes | None) -> FileVersion:
    """The version of a file whose content `data` was just read (by a later stat of the
    path: a save in between would be taken for `data`, so a writer never uses this for
    what it wrote; `replace_if_unchanged` takes its version from the file it wrote)."""
    if data is None:
        return FileVersion(path, None, None)
    try:
        identity = identity_of(path.stat())
    except FileNotFoundError:
        return FileVersion(path, None, None)
    return FileVersion(path, identity, digest(data))


def matches(version: FileVersion, status: os.stat_result, path: Path) -> bool:
    """Whether the file `status` describes (and `path` names) is `version`."""
    if version.identity is None:
        return False
    if identity_of(status) == version.identity:
        return True
    # Touched, copied back, or rewritten with the same bytes: the content decides.
    if status.st_size != version.identity[2]:
        return False
    return digest(read_bytes_or_none(path) or b"") == version.digest


def is_current(version: FileVersion) -> bool:
    """True when the file is still the one `version` describes (or still absent)."""
    try:
        status = version.path.stat()
    except FileNotFoundError:
        return version.identity is None
    except OSError:
        return False
    return matches(version, status, version.path)


def at_target(version: FileVersion, target: Path) -> FileVersion:
    """`version` as the file a link at its path leads to (itself when there is no link)."""
    return version if target == version.path else replace(version, path=target)
