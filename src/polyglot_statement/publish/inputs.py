"""Fingerprints of what an edition is made from, by the bytes of its input files.

An edition (and its publication verdict) depends on its source, its catalogue, the page
templates, the settings file, the glossary (through the checks) and the tool's own
version. Hashing file bytes is much cheaper than parsing: the whole 500 × 20 corpus
hashes in well under a second, so a build with nothing changed decides without reading a
single catalogue as PO. The digests are remembered between runs (DigestCache), for
`polyglot build` and for `polyglot status`, which compares them with the last build's.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from pathlib import Path

from polyglot_statement import __version__
from polyglot_statement.config import MAX_FONT_SIZE, PAGE_WORDS_FILE, Settings
from polyglot_statement.errors import CatalogError, FontError, GlossaryError, PolyglotError
from polyglot_statement.fsutil import (
    ANYWHERE,
    FileFault,
    InputBounds,
    identity_of,
    read_input,
    read_own_file,
    write_atomic,
)

ABSENT = "absent"
# The package's own page templates (a workspace's templates folder comes first).
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The package's own catalogues: the words the tool adds to a page (publish/page_text.py).
PACKAGE_LOCALE = Path(__file__).resolve().parent.parent / "locale"
DIGESTS_FILE = "build-inputs.json"  # in the cache folder
# Device, inode, size, modification and change time in ns (input_identity); a shorter
# tuple (an fsutil.FileIdentity) would only ever be a miss.
InputIdentity = tuple[int, ...]


def file_digest(
    path: Path, error: type[PolyglotError] = PolyglotError, bounds: InputBounds = ANYWHERE
) -> str:
    """sha256 of a file's bytes, or "absent" when there is no such file.

    Read as every command reads a workspace file (fsutil.read_input): a folder, a FIFO
    or a link out of the workspace where the file should be raises `error`, the verdict
    reading it would give, rather than passing for an absent file.
    """
    data = read_input(path, error, bounds)
    return ABSENT if data is None else hashlib.sha256(data).hexdigest()


def folder_digest(folders: tuple[Path, ...]) -> str:
    """sha256 over every file (name and bytes) under the given folders, in a fixed order."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(file_digest(path).encode("ascii") + b"\0")
    return digest.hexdigest()


def common_digest(settings: Settings) -> str:
    """The inputs every edition shares: tool version, settings, glossary, templates (page,
    print and Word; the workspace's and the package's), the package's catalogues and the
    workspace's page words, the organisation's font files."""
    fonts = InputBounds(max_size=MAX_FONT_SIZE)
    parts = (
        f"polyglot-statement {__version__}",
        file_digest(settings.settings_file),
        file_digest(settings.glossary_path, GlossaryError, settings.bounds),
        folder_digest((settings.root / settings.templates_dir, PACKAGE_TEMPLATES, PACKAGE_LOCALE)),
        *_page_words_digests(settings),
        *(file_digest(settings.root / font, FontError, fonts) for font in settings.print.fonts),
    )
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _page_words_digests(settings: Settings) -> list[str]:
    """The workspace's page-word catalogues (publish/page_text.py), each named: they are
    on every page of their language."""
    try:
        paths = sorted(settings.locales_path.glob(f"*/LC_MESSAGES/{PAGE_WORDS_FILE}"))
    except OSError:
        return []
    return [
        f"{path.parent.parent.name}:{file_digest(path, CatalogError, settings.bounds)}"
        for path in paths
    ]


# The "catalogue" of the original edition: it has none, and its fingerprint is its source's.
ORIGINAL = "original"


def edition_fingerprint(common: str, source: str, catalog: str) -> str:
    return hashlib.sha256(f"{common}\n{source}\n{catalog}".encode("ascii")).hexdigest()


class DigestCache:
    """File digests remembered by file identity between runs, as git's index does.

    A file whose identity (InputIdentity: device, inode, size, modification time and
    inode change time) is what it was when it was hashed is not read again. The change
    time is what makes this safe: an edit that keeps the size and sets the modification
    time back (`touch -r`, `os.utime`, a tool restoring timestamps) cannot set it back, so
    such a file is hashed again (a cache written before identities had it, version 2, is
    not read). A file modified less than two
    seconds before the cache was written is hashed anew ("racily clean" in git's words): a
    second edit within the filesystem's timestamp granularity could otherwise go unseen.
    Any unreadable cache is simply empty.
    """

    RACY_NS = 2_000_000_000
    VERSION = 3  # 3: identities have the change time

    def __init__(self, settings: Settings):
        self.path = settings.cache_path / DIGESTS_FILE
        self.entries: dict[str, tuple[InputIdentity, str]] = {}
        self.written_ns = 0
        self.changed = False
        # Every file asked for in this run and its identity before it was read (None: no
        # regular file there), for the stamp of a build that found nothing changed.
        self.seen: dict[str, InputIdentity | None] = {}
        try:
            # Never through a link (NotOurFile): what is there must be ours.
            data = json.loads(read_own_file(self.path) or b"{}")
            if data.get("version") == self.VERSION:
                self.written_ns = int(data["written_ns"])
                self.entries = {
                    name: (tuple(int(part) for part in fields[:-1]), str(fields[-1]))
                    for name, fields in data["files"].items()
                }
        except (OSError, FileFault, ValueError, KeyError, TypeError):
            self.entries = {}

    def digest(
        self, path: Path, error: type[PolyglotError] = PolyglotError, bounds: InputBounds = ANYWHERE
    ) -> str:
        """The file's digest (file_digest: `error` for anything but a regular file)."""
        key = str(path)
        identity = regular_identity(path)
        self.seen[key] = identity
        if identity is None:
            # Absent, or a link or something read_input judges: never from the cache.
            digest = file_digest(path, error, bounds)
            if key in self.entries:
                del self.entries[key]
                self.changed = True
            return digest
        known = self.entries.get(key)
        if known is not None and known[0] == identity and self._settled(identity):
            return known[1]
        digest = file_digest(path, error, bounds)
        self.remember(path, identity, digest)
        return digest

    def remember(self, path: Path | str, identity: InputIdentity, digest: str) -> None:
        """Record the digest of the bytes of `path` read after it had `identity` (its
        regular_identity; a change in between only costs a new hash later). Saved, so
        that the entry is no longer racily clean next time."""
        self.entries[str(path)] = (identity, digest)
        self.changed = True

    def _settled(self, identity: InputIdentity) -> bool:
        # The change time (last): every write sets it to the clock's time, whatever the
        # modification time is set to afterwards.
        return identity[-1] + self.RACY_NS < self.written_ns

    def save(self) -> None:
        """Write the cache when it learnt something (it is a cache: failure is no error)."""
        if not self.changed:
            return
        data = {
            "version": self.VERSION,
            "written_ns": time.time_ns(),
            "files": {
                name: [*identity, digest]
                for name, (identity, digest) in sorted(self.entries.items())
            },
        }
        with contextlib.suppress(FileFault):
            write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        self.changed = False


def regular_identity(path: Path | str) -> InputIdentity | None:
    """The identity of `path` when it is a regular file itself (not a link): what
    DigestCache remembers digests by; None otherwise."""
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return input_identity(status) if stat.S_ISREG(status.st_mode) else None


def input_identity(status: os.stat_result) -> InputIdentity:
    """fsutil's identity of a file and its change time, which no one can set back."""
    return (*identity_of(status), status.st_ctime_ns)
