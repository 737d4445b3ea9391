"""Fingerprints of what an edition is made from, by the bytes of its input files.

An edition (and its publication verdict) depends on its source, its catalogue, the page
templates, the settings file, the glossary (through the checks) and the tool's own
version. Hashing file bytes is much cheaper than parsing: the whole 500 × 20 corpus
hashes in well under a second, so a build with nothing changed decides without reading a
single catalogue as PO.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from polyglot_statement import __version__
from polyglot_statement.config import Settings
from polyglot_statement.errors import GlossaryError, PolyglotError
from polyglot_statement.fileio import (
    ANYWHERE,
    FileFault,
    InputBounds,
    read_bytes_or_none,
    read_input,
    write_atomic,
)
from polyglot_statement.publish.fonts import MAX_FONT_SIZE, FontError

ABSENT = "absent"


def file_digest(
    path: Path, error: type[PolyglotError] = PolyglotError, bounds: InputBounds = ANYWHERE
) -> str:
    """sha256 of a file's bytes, or "absent" when there is no such file.

    Read as every command reads a workspace file (fileio.read_input): a folder, a FIFO
    or a link out of the workspace where the file should be raises `error`, the verdict
    reading it would give, rather than passing for an absent file.
    """
    data = read_input(path, error, bounds)
    return ABSENT if data is None else hashlib.sha256(data).hexdigest()


def folder_digest(folders: Iterable[Path]) -> str:
    """sha256 over every file (name and bytes) under the given folders, in a fixed order."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(file_digest(path).encode("ascii") + b"\0")
    return digest.hexdigest()


def common_digest(settings: Settings, template_folders: Iterable[Path]) -> str:
    """The inputs every edition shares: tool version, settings, glossary, templates (page,
    print and Word), the organisation's font files."""
    fonts = InputBounds(max_size=MAX_FONT_SIZE)
    parts = (
        f"polyglot-statement {__version__}",
        file_digest(settings.settings_file),
        file_digest(settings.glossary_path, GlossaryError, settings.bounds),
        folder_digest(template_folders),
        *(file_digest(settings.root / font, FontError, fonts) for font in settings.print.fonts),
    )
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def edition_fingerprint(common: str, source: str, catalog: str) -> str:
    return hashlib.sha256(f"{common}\n{source}\n{catalog}".encode("ascii")).hexdigest()


class DigestCache:
    """File digests remembered by (size, modification time) between builds, as git's index does.

    A file whose size and mtime are what they were when it was hashed is not read again.
    A file modified less than two seconds before the cache was written is hashed anew
    ("racily clean" in git's words): a second edit within the filesystem's timestamp
    granularity could otherwise go unseen. Any unreadable cache is simply empty.
    """

    RACY_NS = 2_000_000_000

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, tuple[int, int, str]] = {}
        self.written_ns = 0
        self.changed = False
        try:
            data = json.loads(read_bytes_or_none(path) or b"{}")
            if data.get("version") == 1:
                self.written_ns = int(data["written_ns"])
                self.entries = {
                    name: (int(size), int(mtime), str(digest))
                    for name, (size, mtime, digest) in data["files"].items()
                }
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def digest(
        self, path: Path, error: type[PolyglotError] = PolyglotError, bounds: InputBounds = ANYWHERE
    ) -> str:
        """The file's digest (file_digest: `error` for anything but a regular file)."""
        key = str(path)
        try:
            status = path.lstat()
        except OSError:
            status = None
        if status is None or not stat.S_ISREG(status.st_mode):
            # Absent, or a link or something read_input judges: never from the cache.
            digest = file_digest(path, error, bounds)
            if key in self.entries:
                del self.entries[key]
                self.changed = True
            return digest
        known = self.entries.get(key)
        if (
            known is not None
            and known[0] == status.st_size
            and known[1] == status.st_mtime_ns
            and status.st_mtime_ns + self.RACY_NS < self.written_ns
        ):
            return known[2]
        digest = file_digest(path, error, bounds)
        self.entries[key] = (status.st_size, status.st_mtime_ns, digest)
        self.changed = True
        return digest

    def save(self) -> None:
        """Write the cache when it learnt something (it is a cache: failure is no error)."""
        if not self.changed:
            return
        data = {
            "version": 1,
            "written_ns": time.time_ns(),
            "files": {name: list(entry) for name, entry in sorted(self.entries.items())},
        }
        with contextlib.suppress(FileFault):
            write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
