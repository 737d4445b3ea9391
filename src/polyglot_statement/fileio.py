"""Reading and writing workspace files so that nothing a person wrote is ever lost.

Every write goes through a temp file beside its target and an atomic rename, with the
directory fsynced after it: a reader, a crash or a kill never sees a half-written file.
Temp files carry the writer's pid and one suffix (`TEMP_SUFFIX`), so the next run can
tell a dead writer's leftovers from a live writer's work and remove them.

A translator may save a catalogue (Poedit and most editors save by rename) while a
command is working on it. A command that rewrites a file it read keeps the `FileVersion`
it read, and `replace_if_unchanged` refuses to write over a different one: the command
re-reads and re-applies only its own changes instead of reverting the translator's.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.errors import PolyglotError

TEMP_SUFFIX = ".polyglot-tmp"
"""Every temp file the tool makes ends so; the generated .gitignore ignores the pattern."""


class FileFault(PolyglotError):
    """The system refused a read or write: disk full, read-only, permission, missing folder."""

    exit_code = 3


class ConcurrentEdit(PolyglotError):
    """The file changed on disk since this run read it; writing would lose that change."""

    exit_code = 3


def fault(error: OSError, path: Path, doing: str) -> FileFault:
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
    }.get(error.errno or 0, error.strerror or str(error))
    return FileFault(f"cannot {doing}: {advice}", path)


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


# ---------------------------------------------------------------- versions (no lost update)


@dataclass(frozen=True, slots=True)
class FileVersion:
    """What a run read of a file: enough to tell later whether someone saved it since."""

    path: Path
    identity: tuple[int, int, int, int] | None  # (device, inode, size, mtime ns); None: absent
    digest: bytes | None  # of the content read; None: absent

    @property
    def exists(self) -> bool:
        return self.identity is not None


def _identity(result: os.stat_result) -> tuple[int, int, int, int]:
    return (result.st_dev, result.st_ino, result.st_size, result.st_mtime_ns)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def read_version(path: Path) -> tuple[bytes | None, FileVersion]:
    """The file's bytes (None when absent) and the version they belong to."""
    try:
        with path.open("rb") as handle:
            before = os.fstat(handle.fileno())
            data = handle.read()
    except FileNotFoundError:
        return None, FileVersion(path, None, None)
    return data, FileVersion(path, _identity(before), _digest(data))


def version_of(path: Path, data: bytes | None) -> FileVersion:
    """The version of a file whose content `data` was just read or written."""
    if data is None:
        return FileVersion(path, None, None)
    try:
        identity = _identity(path.stat())
    except FileNotFoundError:
        return FileVersion(path, None, None)
    return FileVersion(path, identity, _digest(data))


def is_current(version: FileVersion) -> bool:
    """True when the file is still the one `version` describes (or still absent)."""
    try:
        result = version.path.stat()
    except FileNotFoundError:
        return version.identity is None
    if version.identity is None:
        return False
    if _identity(result) == version.identity:
        return True
    # Touched, copied back, or rewritten with the same bytes: the content decides.
    data = read_bytes_or_none(version.path)
    return data is not None and _digest(data) == version.digest


def replace_if_unchanged(version: FileVersion, data: bytes) -> FileVersion:
    """Write `data` over the file `version` was read from, unless someone changed it since.

    Raises ConcurrentEdit, leaving their file in place, when the file is no longer that
    version; the caller re-reads it and re-applies its own changes. Returns the version
    now on disk.
    """
    path = version.path
    if not is_current(version):
        raise _concurrent(path)
    if read_bytes_or_none(path) == data:
        return version_of(path, data)
    temp = stage_file(path, data)  # slow (fsync) and before the last check, not after
    try:
        if not is_current(version):
            raise _concurrent(path)
        if version.exists and _exchange(temp, path):
            # The names were swapped in one step: `temp` now holds what was in place at
            # that instant. Someone who saved between our check and the swap gets their
            # file back, so no save is lost even in that window.
            if not _holds(temp, version):
                _put_back(temp, path, data)
                raise _concurrent(path)
            temp.unlink()
        else:
            commit_staged(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)
    return version_of(path, data)


def _concurrent(path: Path) -> ConcurrentEdit:
    return ConcurrentEdit("the file was changed by someone else while this command ran", path)


def _holds(path: Path, version: FileVersion) -> bool:
    """Whether the file at `path` is the one `version` describes."""
    try:
        if _identity(path.stat()) == version.identity:
            return True
        return _digest(path.read_bytes()) == version.digest
    except OSError:
        return False


def _put_back(theirs: Path, path: Path, ours: bytes) -> None:
    """After a swap that displaced someone's save: their file goes back where it was.

    Unless they saved yet again meanwhile: then `path` already holds their newer file,
    and the displaced older one is dropped with our temp name.
    """
    if read_bytes_or_none(path) == ours:
        with contextlib.suppress(OSError):
            os.replace(theirs, path)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _load_renameat2() -> Callable[..., int] | None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        function: Callable[..., int] = libc.renameat2
    except (OSError, AttributeError):
        return None  # not Linux, or a C library without renameat2 (glibc < 2.28)
    return function


_RENAMEAT2 = _load_renameat2()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing names atomically; False where the system cannot (then nothing moved)."""
    if _RENAMEAT2 is None:
        return False
    import ctypes

    if (
        _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
        == 0
    ):
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or the file system does not offer the exchange
    raise fault(OSError(number, os.strerror(number)), second, "write")


# ---------------------------------------------------------------- atomic writes


def _temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _umask() -> int:
    # os.umask can only be read by setting it; done once per process.
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


_UMASK: int | None = None


def new_file_mode() -> int:
    """The mode a new file gets from open(): 0666 less the umask (mkstemp would give 0600)."""
    return 0o666 & ~_umask()


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


def stage_file(path: Path, data: bytes) -> Path:
    """Write `data` to a new temp file beside `path` (synced, with the mode `path` will keep).

    The caller renames it into place (`commit_staged`) or removes it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = new_file_mode()
        temp = _temp_path(path)
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise fault(error, path, "write") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
    except BaseException as error:
        temp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise fault(error, path, "write") from None
        raise
    return temp


def commit_staged(temp: Path, path: Path) -> None:
    try:
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise fault(error, path, "write") from None


def write_atomic(path: Path, data: bytes, *, sync_directory: bool = True) -> bool:
    """Write `data` to `path` through a temp file and a rename.

    Returns False, touching nothing, when the file already holds exactly these bytes:
    an unchanged re-run changes no byte and no modification time. An existing file keeps
    its mode; a new one gets the umask's, as any editor would give it.
    """
    if read_bytes_or_none(path) == data:
        return False
    commit_staged(stage_file(path, data), path)
    if sync_directory:
        fsync_directory(path.parent)
    return True


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


# ---------------------------------------------------------------- one writer at a time

LOCK_NAME = "lock"


@dataclass(frozen=True, slots=True)
class LockHolder:
    command: str
    pid: int


def _holder(handle_path: Path) -> LockHolder | None:
    try:
        command, _, pid = handle_path.read_text("utf-8").strip().rpartition(" ")
        return LockHolder(command or "another polyglot command", int(pid))
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def workspace_lock(
    cache_folder: Path,
    command: str,
    on_wait: Callable[[LockHolder | None], None] = lambda holder: None,
) -> Iterator[None]:
    """Hold the workspace's one writer lock while the block runs.

    Every command that writes (extract, translate, build, memory…) takes it, so two never
    interleave their writes. It is a `flock`, so the kernel releases it when its holder
    dies, however it dies: a stale lock cannot wedge the next run. The descriptor is not
    inherited across exec, and `parallel` workers close it, so a worker left behind by a
    killed parent holds nothing. `on_wait` hears who holds it before this run waits.
    """
    import fcntl  # POSIX only; the project targets Linux and macOS

    path = cache_folder / LOCK_NAME
    try:
        cache_folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, new_file_mode())
    except OSError as error:
        raise fault(error, path, "create the workspace lock") from None
    global _LOCK_DESCRIPTOR
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait(_holder(path))
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{command} {os.getpid()}\n".encode(), 0)
        _LOCK_DESCRIPTOR = descriptor
        try:
            yield
        finally:
            _LOCK_DESCRIPTOR = None
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
