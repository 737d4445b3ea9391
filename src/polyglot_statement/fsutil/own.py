"""The tool's own files under .polyglot/ (caches, the lock): opened only as regular files,
never through a link, a FIFO or a device someone put there."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from polyglot_statement.errors import NotOurFile, fault
from polyglot_statement.fsutil.reading import kind_of

_REFUSAL = (
    "is {kind}, not a regular file; the tool keeps only its own regular files here and "
    "never writes through anything else: remove it (the folder is a cache) and run the "
    "command again"
)


def check_own_file(path: Path, doing: str = "read") -> bool:
    """Whether the tool's own file `path` exists; NotOurFile when something other than a
    regular file is there (a link, a FIFO, a device, a folder). Looks without opening it:
    a descriptor opened and closed on a database SQLite has open in this process would
    drop SQLite's locks on it."""
    folder = os.path.dirname(path) or "."
    if os.path.islink(folder):
        # A cache folder committed as a link (to /etc, say) would have the tool create,
        # truncate and replace its files there.
        raise NotOurFile(
            f"is a link to {os.path.realpath(folder)}; the tool keeps its own files only in "
            "a real folder: remove the link, or set `cache-dir` to the folder it leads to",
            folder,
        )
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as error:
        raise fault(error, path, doing) from None
    if not stat.S_ISREG(mode):
        raise NotOurFile(_REFUSAL.format(kind=kind_of(mode)), path)
    return True


def open_own_file(path: Path, flags: int, doing: str) -> int | None:
    """A descriptor on the tool's own file `path` (under .polyglot/), opened with `flags`
    and never through a link; None when it is absent and `flags` does not create it.

    Anything there but a regular file (a link, a FIFO, a device, a folder) raises
    NotOurFile, unopened: a link committed in a pull request would otherwise have the
    tool truncate or rewrite whatever it points at, and opening a device has effects.
    """
    if not check_own_file(path, doing) and not flags & os.O_CREAT:
        return None
    try:
        # O_NOFOLLOW: a link put there since the look above is refused all the same.
        descriptor = os.open(
            path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC, 0o666
        )
    except FileNotFoundError:
        if flags & os.O_CREAT:
            raise fault(FileNotFoundError(errno.ENOENT, "no such folder"), path, doing) from None
        return None
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO):
            raise NotOurFile(_REFUSAL.format(kind="a link or a special file"), path) from None
        raise fault(error, path, doing) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotOurFile(_REFUSAL.format(kind=kind_of(status.st_mode)), path)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def read_own_file(path: Path) -> bytes | None:
    """The bytes of the tool's own file `path` (a cache under .polyglot/); None when it
    is absent. Never read through a link; anything but a regular file raises NotOurFile."""
    descriptor = open_own_file(path, os.O_RDONLY, "read")
    if descriptor is None:
        return None
    try:
        pieces = []
        while piece := os.read(descriptor, 1 << 20):
            pieces.append(piece)
        return b"".join(pieces)
    except OSError as error:
        raise fault(error, path, "read") from None
    finally:
        os.close(descriptor)
