"""Reading and writing workspace files so that nothing a person wrote is ever lost.

The only module that writes files (the build's output folder aside: publish/swap.py
builds it beside dist/ and swaps it in whole).

Every write goes through a temp file beside its target and an atomic rename, with the
directory fsynced after it: a reader, a crash or a kill never sees a half-written file.
Temp files carry the writer's pid and one suffix (`TEMP_SUFFIX`), so the next run can
tell a dead writer's leftovers from a live writer's work and remove them.

A translator may save a catalogue (Poedit and most editors save by rename) while a
command is working on it. A command that rewrites a file it read keeps the `FileVersion`
it read, and `replace_if_unchanged` refuses to write over a different one: the command
re-reads and re-applies only its own changes instead of reverting the translator's.

Files a command reads (catalogues, sources, the glossary) come from people and tools we
do not control, so `read_input` reads only regular files under a size limit, inside the
workspace: a link to /dev/zero, a FIFO or a folder where a catalogue should be is a
clear error, never a hang, an exhausted memory or a quoted line of /etc/passwd.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl  # POSIX only: the project targets Linux and macOS
import hashlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from polyglot_statement.errors import PolyglotError

TEMP_SUFFIX = ".polyglot-tmp"
"""Every temp file the tool makes ends so; the generated .gitignore ignores the pattern."""


class FileFault(PolyglotError):
    """The system refused a read or write: disk full, read-only, permission, missing folder."""

    exit_code = 3


class NotOurFile(PolyglotError):
    """Where the tool keeps a file of its own (under .polyglot/, an output named by -o)
    there is something it did not make and must not write through: a link, a device, a
    FIFO, another program's database. Refused, never followed, replaced or wiped."""


class ConcurrentEdit(PolyglotError):
    """The file changed on disk since this run read it; writing would lose that change."""

    exit_code = 3


def fault(error: OSError, path: Path | str | None, doing: str) -> FileFault:
    """A system error as a message a person can act on."""
    advice = {
        errno.ENOSPC: "the disk is full; free some space and run the command again",
        errno.EDQUOT: "the disk quota is used up; free some space and run the command again",
        errno.EROFS: "the file system is read-only; run the command where it can write",
        errno.EACCES: "permission denied; check the owner and mode of the file and its folder",
        errno.EPERM: "operation not permitted; check the owner and mode of the file and its folder",
        errno.ENOENT: "no such file or folder",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "this is a folder, not a file",
        errno.EIO: "input/output error; the disk or the network file system failed",
        errno.EBUSY: "it is in use, or a mount point that cannot be replaced",
        errno.EXDEV: "it is on another file system (a mount point?) and cannot be replaced",
        errno.EMFILE: "too many open files; raise the limit (ulimit -n)",
        errno.ENOMEM: "not enough memory",
    }.get(error.errno or 0, error.strerror or str(error))
    return FileFault(f"cannot {doing}: {advice}", path)


# ---------------------------------------------------------------- reading untrusted files

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


def _read_bounded(
    path: Path | str, error: type[PolyglotError], bounds: InputBounds
) -> tuple[bytes, os.stat_result] | None:
    """The bytes and status of a regular file within `bounds`; None when there is no file.

    Opened without blocking (a FIFO would wait for a writer forever) and checked on the
    open descriptor, so what is judged is what is read.
    """
    # Judged before opening: opening some devices has effects (a watchdog, a tape).
    real = bounds.outside(path)
    if real is not None:
        raise error(
            f"is a link to {real}, outside the workspace; the tool reads only files "
            "inside it: copy the file into the workspace instead of linking to it",
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
            raise error(f"is {_kind(mode)}, not a regular file; only regular files are read", path)
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
    read = _read_bounded(path, error, bounds)
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


# ---------------------------------------------------------------- versions (no lost update)


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


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def read_version(
    path: Path, error: type[PolyglotError] = PolyglotError, bounds: InputBounds = ANYWHERE
) -> tuple[bytes | None, FileVersion]:
    """The file's bytes (None when absent) and the version they belong to; read as
    `read_input` reads."""
    read = _read_bounded(path, error, bounds)
    if read is None:
        return None, FileVersion(path, None, None, bounds)
    data, status = read
    return data, FileVersion(path, identity_of(status), _digest(data), bounds)


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
    return FileVersion(path, identity, _digest(data))


def _matches(version: FileVersion, status: os.stat_result, path: Path) -> bool:
    """Whether the file `status` describes (and `path` names) is `version`."""
    if version.identity is None:
        return False
    if identity_of(status) == version.identity:
        return True
    # Touched, copied back, or rewritten with the same bytes: the content decides.
    if status.st_size != version.identity[2]:
        return False
    return _digest(read_bytes_or_none(path) or b"") == version.digest


def is_current(version: FileVersion) -> bool:
    """True when the file is still the one `version` describes (or still absent)."""
    try:
        status = version.path.stat()
    except FileNotFoundError:
        return version.identity is None
    except OSError:
        return False
    return _matches(version, status, version.path)


def replace_if_unchanged(version: FileVersion, data: bytes) -> FileVersion:
    """Write `data` over the file `version` was read from, unless someone changed it since.

    Raises ConcurrentEdit, touching nothing, when the file is no longer that version; the
    caller re-reads it and re-applies its own changes. Returns the version now on disk:
    the identity of the file written, taken from it before it was renamed into place, so
    that a save landing just after the rename is never taken for ours.
    """
    target = write_path(version.path, version.bounds)
    if not is_current(version):
        raise ConcurrentEdit(
            "the file was changed by someone else while this command ran", version.path
        )
    temp, written = _stage(target, data)
    if not commit_if_current(temp, _at(version, target)):
        raise ConcurrentEdit(
            "the file was changed by someone else while this command ran", version.path
        )
    fsync_directory(target.parent)
    return FileVersion(version.path, written, _digest(data), version.bounds)


def _at(version: FileVersion, target: Path) -> FileVersion:
    """`version` as the file a link at its path leads to (itself when there is no link)."""
    return version if target == version.path else replace(version, path=target)


# ---------------------------------------------------------------- atomic writes


after_rename: Callable[[Path], None] | None = None
"""Called with the target's path just after each rename of a new file into place; None
(nothing) in normal runs. A seam for tests and benchmarks/soak.py: a translator's save
landed in that very instant must survive, so no writer may look at the file there again
to learn what it wrote."""


def _renamed(path: Path) -> None:
    if after_rename is not None:
        after_rename(path)


def write_path(path: Path, bounds: InputBounds = ANYWHERE) -> Path:
    """Where a write meant for the workspace file `path` lands: `path`, or, when it is a
    link, the file the link leads to (a catalogue shared through a link stays shared; a
    rename over the link would cut it off). A link leading outside `bounds` raises
    NotOurFile: the tool writes only inside the workspace."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return path  # nothing there (or unreachable): the write says what
    if not is_link:
        return path
    real = bounds.outside(path)
    if real is not None:
        raise NotOurFile(
            f"is a link to {real}, outside the workspace; the tool writes only files inside "
            "it: copy the file into the workspace instead of linking to it",
            path,
        )
    return Path(os.path.realpath(path))


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def fsync_directory(folder: Path) -> None:
    """Make a rename in `folder` durable; a no-op where directories cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename itself is atomic
    finally:
        os.close(descriptor)


def make_folder(folder: Path) -> None:
    """mkdir -p, as a FileFault when the system refuses."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise fault(error, folder, "create the folder") from None


def stage_file(path: Path, data: bytes) -> Path:
    """Write `data` to a new temp file beside `path` (synced, with the mode `path` will keep).

    The caller renames it into place (`commit_staged`) or removes it.
    """
    return _stage(path, data)[0]


def stage_chunks(path: Path, chunks: Iterable[bytes]) -> Path:
    """`stage_file` for bytes that come a chunk at a time (a document too large to hold
    whole); an error while they come removes the temp file."""
    return _stage(path, chunks)[0]


def _stage(path: Path, data: bytes | Iterable[bytes]) -> tuple[Path, FileIdentity]:
    """`stage_file`, and the identity the temp file keeps once renamed into place (a
    rename changes neither its inode nor its modification time)."""
    make_folder(path.parent)
    try:
        try:
            mode: int | None = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = None
        temp = _temp_path(path)
        # A new file is created 0666 and the kernel applies the umask (and a default ACL),
        # exactly as an editor's new file; mkstemp would make it 0600.
        descriptor = os.open(
            temp,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
            0o600 if mode is not None else 0o666,
        )
    except OSError as error:
        raise fault(error, path, "write") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for chunk in (data,) if isinstance(data, bytes) else data:
                handle.write(chunk)
            handle.flush()
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
            written = identity_of(os.fstat(handle.fileno()))
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise fault(error, path, "write") from None
        raise
    return temp, written


def commit_staged(temp: Path, path: Path) -> None:
    try:
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise fault(error, path, "write") from None
    _renamed(path)


def commit_if_current(temp: Path, version: FileVersion) -> bool:
    """Rename `temp` over `version.path` unless that file is no longer `version`.

    False, with `temp` removed and the file as someone else left it, when it changed.
    Where Linux allows, checking and renaming are one step: the rename is an exchange,
    and a save that slipped in before it is found in what the exchange took out and put
    back. Elsewhere a save in the instant between the check and the rename could be lost.
    Editors that write a file in place rather than by rename are not protected either.
    """
    path = version.path
    try:
        if version.identity is None:
            if _rename_noreplace(temp, path):
                _renamed(path)
                return True
        else:
            with _Pins() as pins:
                ours = pins.pin(temp)
                if _exchange(temp, path):
                    # `temp` now names what was at `path`: the version read, or a newer save.
                    displaced = os.stat(temp)
                    pins.pin(temp)
                    if _matches(version, displaced, temp):
                        _renamed(path)
                        return _discard(temp, True)
                    _put_back_newest(temp, path, ours, pins)
                    return _discard(temp, False)
        if not is_current(version):  # where the system cannot exchange: check, then rename
            return _discard(temp, False)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise fault(error, path, "write") from None
    _renamed(path)
    return True


def _put_back_newest(temp: Path, path: Path, placed: int, pins: _Pins) -> None:
    """After an exchange took someone's save out to `temp` and put `placed` (an inode) at
    `path`: exchange back until the newest save is at `path`.

    Each exchange puts at `path` what `temp` holds and takes out what `path` held. If that
    is what we placed there, nobody saved in between and `path` now holds the newest
    save; otherwise it is a save newer still, and goes back in its turn. Every file moved
    is held open, so that no inode number compared can be reused meanwhile.
    """
    for _ in range(1000):
        moving = pins.pin(temp)
        if not _exchange(temp, path):
            # `path` was removed meanwhile: put the save back unless a new file is there.
            _rename_noreplace(temp, path)
            return
        came_out = pins.pin(temp)
        if came_out == placed:
            return
        placed = moving


class _Pins(contextlib.ExitStack):
    """Open descriptors on files being moved: while open, an inode number cannot be reused."""

    def pin(self, path: Path) -> int:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        self.callback(os.close, descriptor)
        return os.fstat(descriptor).st_ino


def _discard(temp: Path, result: bool) -> bool:
    temp.unlink(missing_ok=True)
    return result


_RENAME_NOREPLACE = 1  # from <linux/fs.h>
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@cache
def _renameat2() -> Any:
    try:
        # The running process's own symbols include libc's on Linux.
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def _renameat(first: Path, second: Path, flags: int) -> bool:
    """renameat2 with `flags`; False where the system or file system does not support it.
    Raises OSError for a real failure (EEXIST for RENAME_NOREPLACE is one)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    try:
        return _renameat(first, second, _RENAME_EXCHANGE)
    except FileNotFoundError:
        return False  # one of them is gone: the caller's plain path decides


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two existing paths; False where the system cannot (then nothing moved)."""
    return _exchange(first, second)


def _rename_noreplace(temp: Path, path: Path) -> bool:
    """Rename `temp` to `path` only if nothing is there; False where the system cannot.

    A file that appeared meanwhile (someone else's) raises nothing: the caller sees it is
    not current and keeps it.
    """
    try:
        return _renameat(temp, path, _RENAME_NOREPLACE)
    except FileExistsError:
        return False


def refuse_unreplaceable(path: Path) -> None:
    """NotOurFile when `path` is a FIFO, a device, a socket or a folder, which replacing
    would break for whoever uses it; a regular file, a link or nothing may be replaced."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # nothing there (or unreachable): the write says what
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise NotOurFile(f"is {_kind(mode)}; the tool replaces only regular files", path)


def write_atomic(path: Path, data: bytes, *, sync_directory: bool = True) -> bool:
    """Write `data` to `path` through a temp file and a rename.

    Returns False, touching nothing, when the file already holds exactly these bytes:
    an unchanged re-run changes no byte and no modification time. An existing file keeps
    its mode; a new one gets the umask's, as any editor would give it. A link at `path`
    is replaced, never written through (`write_path` says where a workspace file's link
    leads); a FIFO, a device, a socket or a folder there raises NotOurFile: replacing one
    would break it for whoever uses it.
    """
    refuse_unreplaceable(path)
    if holds(path, data):
        return False
    commit_staged(stage_file(path, data), path)
    if sync_directory:
        fsync_directory(path.parent)
    return True


def write_output(path: Path, data: bytes) -> None:
    """Write a command's output to the file `-o` names, as a person expects of `> path`,
    without ever replacing what is not a regular file.

    A regular file (or none) is written atomically. A FIFO or a character device
    (/dev/null, a terminal) is written into, in place: replacing it with a file would
    break it for everyone (as root, `-o /dev/null` would replace the system's). A link is
    followed only to a FIFO or a character device (`-o /dev/stdout`); a link to a file
    or to nothing is refused (NotOurFile): a link committed where CI writes its report
    would otherwise have the tool overwrite whatever it points at. A folder, a block
    device or a socket is refused.
    """
    try:
        own = os.lstat(path).st_mode
    except FileNotFoundError:
        own = None
    except OSError as error:
        raise fault(error, path, "write") from None
    if own is None or stat.S_ISREG(own):
        write_atomic(path, data)
        return
    try:
        mode = os.stat(path).st_mode  # where a link leads
    except OSError:
        mode = None
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        _write_in_place(path, data)
        return
    if stat.S_ISLNK(own):
        leads = os.path.realpath(path)
        raise NotOurFile(
            f"is a link to {leads}, not a file of its own; the tool writes its output "
            f"through a link only to a pipe or a device: name the file itself (-o {leads}), "
            "or remove the link",
            path,
        )
    raise NotOurFile(
        f"is {_kind(own)}; -o writes to a file, a FIFO or a character device only: name a file",
        path,
    )


def _write_in_place(path: Path, data: bytes) -> None:
    """Write `data` into the FIFO or device at `path` (opened without O_CREAT or O_TRUNC:
    nothing is created or replaced). A FIFO waits for its reader, as `> fifo` does."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise fault(error, path, "write") from None
    try:
        mode = os.fstat(descriptor).st_mode
        if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
            raise NotOurFile("was replaced while the command ran; run it again", path)
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    except OSError as error:
        raise fault(error, path, "write") from None
    finally:
        os.close(descriptor)


def write_text_atomic(path: Path, text: str) -> bool:
    return write_atomic(path, text.encode("utf-8"))


def _writer_alive(name: str) -> bool:
    """Whether the process whose pid a temp file's name carries is still running."""
    parts = name.split(".")
    # .<target name>.<pid>.<random>.polyglot-tmp: the pid is third from the end.
    try:
        pid = int(parts[-3])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def remove_stale_temp_files(folder: Path) -> int:
    """Remove the temp files that dead runs left under `folder`; how many were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    for root, _folders, files in os.walk(folder):
        for name in files:
            if name.endswith(TEMP_SUFFIX) and not _writer_alive(name):
                try:
                    os.unlink(os.path.join(root, name))
                    removed += 1
                except OSError:
                    pass  # another run cleaned it, or the folder is read-only: harmless
    return removed


# ---------------------------------------------------------------- many files, all or nothing


class Staging:
    """Write many files all-or-nothing: stage each beside its target, then rename them all.

    A run that fails part-way (a malformed catalogue found late, Ctrl-C) removes what it
    staged and leaves every target as it was; each rename is atomic, so even an
    interrupted commit leaves only whole files. Before renaming over a file the run read,
    the commit checks nobody saved it meanwhile (`FileVersion`), and never renames over a
    save. A file that is a link is written where it leads (`write_path`), within the
    bounds it was read within, or `bounds` for a file the run did not read.
    """

    def __init__(self, bounds: InputBounds = ANYWHERE) -> None:
        self.bounds = bounds
        # (temp file, where it goes, the version read there, the path the caller named)
        self._staged: list[tuple[Path, Path, FileVersion | None, Path]] = []
        self.unchanged: list[Path] = []
        self.committed: list[Path] = []

    def stage(self, path: Path, data: bytes, read: FileVersion | None = None) -> bool:
        """Stage `data` for `path`; False (and nothing staged) when the file already holds it.

        `read` is the version of `path` this run based `data` on: the commit refuses to
        replace a file that is no longer that version.
        """
        target = write_path(path, self.bounds if read is None else read.bounds)
        if holds(target, data):
            self.unchanged.append(path)
            return False
        at_target = None if read is None else _at(read, target)
        self._staged.append((stage_file(target, data), target, at_target, path))
        return True

    @property
    def written(self) -> list[Path]:
        """The files committed, then those staged to be."""
        return [*self.committed, *(path for _, _, _, path in self._staged)]

    def conflicts(self) -> list[Path]:
        """Targets saved by someone else since this run read them."""
        return [
            path for _, _, read, path in self._staged if read is not None and not is_current(read)
        ]

    def commit(self) -> None:
        """Rename every staged file into place; when one target changed since it was read,
        raise ConcurrentEdit having written nothing (or, if the save came during the
        renames, nothing more than the files before it)."""
        changed = self.conflicts()
        if changed:
            self.abort()
            raise ConcurrentEdit(
                "the file was changed by someone else while this command ran; nothing was "
                "written, run the command again",
                changed[0],
            )
        late = self.commit_current()
        if late:
            raise ConcurrentEdit(
                "the file was changed by someone else while this command ran; it was left "
                "as they saved it, run the command again",
                late[0],
            )

    def commit_current(self) -> list[Path]:
        """Rename every staged file whose target is still the version read; the targets
        that changed meanwhile, left as they are and no longer staged."""
        folders: set[Path] = set()
        changed: list[Path] = []
        staged, self._staged = self._staged, []
        try:
            while staged:
                temporary, target, read, path = staged[0]
                if read is None:
                    commit_staged(temporary, target)
                elif not commit_if_current(temporary, read):
                    changed.append(path)
                    staged.pop(0)
                    continue
                staged.pop(0)
                self.committed.append(path)
                folders.add(target.parent)
        finally:
            for temporary, _, _, _ in staged:  # a failure part-way: the rest stays as it was
                temporary.unlink(missing_ok=True)
            for folder in sorted(folders):
                fsync_directory(folder)
        return changed

    def abort(self) -> None:
        for temporary, _, _, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


# ---------------------------------------------------------------- one writer at a time

LOCK_NAME = "lock"


@dataclass(frozen=True, slots=True)
class LockHolder:
    command: str
    pid: int


def _holder(descriptor: int) -> LockHolder | None:
    try:
        text = os.pread(descriptor, 512, 0).decode("utf-8")
        command, _, pid = text.strip().rpartition(" ")
        return LockHolder(command or "another polyglot command", int(pid))
    except (OSError, ValueError):
        return None


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
        raise NotOurFile(_REFUSAL.format(kind=_kind(mode)), path)
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
            raise NotOurFile(_REFUSAL.format(kind=_kind(status.st_mode)), path)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


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


@contextlib.contextmanager
def workspace_lock(
    cache_folder: Path,
    command: str,
    on_wait: Callable[[LockHolder | None], None] = lambda holder: None,
    clean: Iterable[Path] = (),
) -> Iterator[None]:
    """Hold the workspace's one writer lock while the block runs.

    Every command that writes (extract, translate, build, memory…) takes it, so two never
    interleave their writes. It is a `flock`, so the kernel releases it when its holder
    dies, however it dies: a stale lock cannot wedge the next run. The descriptor is not
    inherited across exec, and `parallel` workers close it, so a worker left behind by a
    killed parent holds nothing. `on_wait` hears who holds it before this run waits.
    Once it is held, the temp files dead runs left under the `clean` folders are removed.
    A process that already holds it (one command calling another's library function)
    takes it again at once.
    """
    global _LOCK_DESCRIPTOR
    if _LOCK_DESCRIPTOR is not None:
        yield
        return
    path = cache_folder / LOCK_NAME
    make_folder(cache_folder)
    descriptor = open_own_file(path, os.O_RDWR | os.O_CREAT, "create the workspace lock")
    assert descriptor is not None  # created when absent
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(_holder(descriptor))
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{command} {os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the holder's name only helps a waiting run's message
        for folder in clean:
            remove_stale_temp_files(folder)
        _LOCK_DESCRIPTOR = descriptor
        try:
            yield
        finally:
            _LOCK_DESCRIPTOR = None
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, 0)
    finally:
        os.close(descriptor)  # closing releases the flock


_LOCK_DESCRIPTOR: int | None = None


def close_inherited_lock() -> None:
    """In a forked worker: drop the parent's lock descriptor, so only the parent holds it."""
    global _LOCK_DESCRIPTOR
    if _LOCK_DESCRIPTOR is not None:
        with contextlib.suppress(OSError):
            os.close(_LOCK_DESCRIPTOR)
        _LOCK_DESCRIPTOR = None
