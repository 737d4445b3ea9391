"""Reading files people and other tools wrote: only regular files, inside the workspace,
under a size limit.

Files a command reads (catalogues, sources, the glossary) come from people and tools we
do not control, so `read_input` reads only regular files under a size limit, inside the
workspace: a link to /dev/zero, a FIFO or a folder where a catalogue should be is a
clear error, never a hang, an exhausted memory or a quoted line of /etc/passwd.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.errors import PolyglotError, fault

DEFAULT_MAX_FILE_SIZE = 50_000_000
"""The `max-file-size` setting's default: far above any real statement or catalogue."""


@dataclass(frozen=True, slots=True)
class InputBounds:
    """Which files a command accepts to read: where they may be, and how large."""

    # Resolved folders a file must be inside once its links are followed; () = anywhere.
    folders: tuple[Path, ...] = ()
    max_size: int = DEFAULT_MAX_FILE_SIZE
    # Where each folder a file was read from really is (None: inside the bounds), for
    # this command's run: resolving every file's path cost more than reading the file.
    resolved: dict[str, Path | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def inside(cls, folders: tuple[Path, ...], max_size: int) -> InputBounds:
        return cls(tuple(Path(os.path.realpath(folder)) for folder in folders), max_size)

    def outside(self, path: Path | str) -> Path | None:
        """Where `path` really is, when that is outside these folders; else None."""
        if not self.folders:
            return None
        try:
            link = stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            return None  # nothing there (or unreadable): opening it says what
        parent, name = os.path.split(path)
        if link or name in ("", ".", ".."):
            return self._judge(os.path.realpath(path))
        if parent not in self.resolved:
            # A file that is not a link is where its folder really is.
            self.resolved[parent] = self._judge(os.path.realpath(parent or "."))
        where = self.resolved[parent]
        return None if where is None else where / name

    def folder_outside(self, folder: Path | str) -> Path | None:
        """Where `folder` really is (links followed, a part yet to be made as named),
        when that is outside these folders; else None."""
        return None if not self.folders else self._judge(os.path.realpath(folder))

    def _judge(self, real: str) -> Path | None:
        """None when the resolved path `real` is inside these folders, else itself."""
        for folder in map(str, self.folders):
            if real == folder or real.startswith(folder.rstrip("/") + "/"):
                return None
        return Path(real)


ANYWHERE = InputBounds()

# What a file name the tool writes into its files (a catalogue's `#:` lines, provenance
# comments, the memory index) may not hold: a line break would end the line early, as
# would the other characters str.splitlines() breaks at; other controls confuse editors.
_CONTROL_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def unusable_name(name: str, *, line_breaks: bool = False) -> str | None:
    """Why a file name found in a workspace folder cannot be used, or None.

    A name that is not UTF-8 comes from os.listdir with its bad bytes as lone
    surrogates, which no UTF-8 file (a catalogue, a page, JSON) can hold. `line_breaks`:
    the caller writes the name escaped, so line breaks and controls may stay."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return (
            f"the file name {shown_name(name)} is not UTF-8; rename it (the name is "
            "written into catalogues and pages, which are UTF-8)"
        )
    if not line_breaks and _CONTROL_IN_NAME.search(name):
        return (
            f"the file name {shown_name(name)} holds a line break or another control "
            "character; rename it (the name is written on lines of the catalogues)"
        )
    return None


def shown_name(name: str) -> str:
    """A file name as a terminal can show it: its bytes, with anything but printable
    ASCII escaped (`caf\\xe9.md`, `a\\nb.md`), in quotes."""
    return repr(os.fsencode(name))[1:]


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size:,} bytes"


_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bounded(
    path: Path | str, error: type[PolyglotError], bounds: InputBounds
) -> tuple[bytes, os.stat_result] | None:
    """The bytes and status of a regular file within `bounds`; None when there is no file.

    Opened without blocking (a FIFO would wait for a writer forever) and checked on the
    open descriptor, so what is judged is what is read.
    """
    # Judged before opening: opening some devices has effects (a watchdog, a tape).
    real = bounds.outside(path)
    if real is not None:
        # A file that is no link itself lies in a folder that is one (`locales` linked to
        # the translations kept elsewhere): that folder is named in the settings instead.
        remedy = (
            "copy the file into the workspace instead of linking to it"
            if os.path.islink(path)
            else "name the real folder in the settings (source-dir, locales-dir, "
            "templates-dir, glossary) instead of linking to it"
        )
        raise error(
            f"is a link to {real}, outside the workspace; the tool reads only files "
            f"inside it: {remedy}",
            path,
        )
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise error("is a link to a file that does not exist", path) from None
        return None
    except NotADirectoryError:
        raise error("a part of its path is a file, not a folder", path) from None
    except OSError as problem:
        if problem.errno == errno.ELOOP:
            raise error("is a link that points back to itself", path) from None
        raise fault(problem, path, "read") from None
    try:
        status = os.fstat(descriptor)
        mode = status.st_mode
        if stat.S_ISDIR(mode):
            raise error("is a folder, not a file; move it away (a file is expected here)", path)
        if not stat.S_ISREG(mode):
            raise error(
                f"is {kind_of(mode)}, not a regular file; only regular files are read", path
            )
        if status.st_size > bounds.max_size:
            raise error(_too_large(status.st_size, bounds.max_size), path)
        # What fstat said, and one byte more to notice a file that grew meanwhile (a read
        # of max_size would allocate that much for every file).
        data = _read_all(descriptor, status.st_size + 1)
        if len(data) > status.st_size:
            data += _read_all(descriptor, bounds.max_size + 1 - len(data))
    except OSError as problem:
        raise fault(problem, path, "read") from None
    finally:
        os.close(descriptor)
    if len(data) > bounds.max_size:  # it grew while being read
        raise error(_too_large(len(data), bounds.max_size), path)
    return data, status


def _read_all(descriptor: int, size: int) -> bytes:
    """Up to `size` bytes from the descriptor: fewer only at the end of the file."""
    pieces = []
    while size > 0:
        piece = os.read(descriptor, size)
        if not piece:
            break
        pieces.append(piece)
        size -= len(piece)
    return b"".join(pieces)


def _too_large(size: int, limit: int) -> str:
    return (
        f"is {megabytes(size)}, more than the {megabytes(limit)} the `max-file-size` "
        "setting allows; split it, or raise the setting if the file is genuine"
    )


def read_input(
    path: Path | str, error: type[PolyglotError], bounds: InputBounds = ANYWHERE
) -> bytes | None:
    """A workspace file a person or tool wrote: its bytes, or None when there is none.

    Anything but a regular file within `bounds` raises `error` naming the file (a user
    error: a folder, a FIFO, a device, a link outside the workspace or to nothing, a file
    over the size limit); a system refusal raises FileFault.
    """
    read = read_bounded(path, error, bounds)
    return None if read is None else read[0]


def read_utf8(path: Path, error: type[PolyglotError], bounds: InputBounds = ANYWHERE) -> str:
    """A user's text file, or `error` naming the file (and the line of a bad byte)."""
    data = read_input(path, error, bounds)
    if data is None:
        raise error("no such file", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        raise error("not UTF-8 text; save the file as UTF-8", path, line) from None


def read_bytes_or_none(path: Path) -> bytes | None:
    """Our own output (a manifest, a cache): its bytes, or None when absent or unreadable
    as a regular file."""
    try:
        return read_input(path, PolyglotError)
    except PolyglotError:
        return None


def holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file with exactly these bytes (read only when the size
    matches: deciding that a file needs no rewrite costs a stat)."""
    try:
        status = os.stat(path)
    except OSError:
        return False
    if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
        return False
    return read_bytes_or_none(path) == data


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words (for messages)."""
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")
