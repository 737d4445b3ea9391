"""Atomic writes: a temp file beside its target, synced, then renamed over it, with the
folder synced after; a reader, a crash or a kill never sees a half-written file.

Temp files carry the writer's pid and one suffix (`TEMP_SUFFIX`), so the next run can
tell a dead writer's leftovers from a live writer's work and remove them.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from polyglot_statement.errors import NotOurFile, fault
from polyglot_statement.fsutil.reading import ANYWHERE, InputBounds, holds, kind_of
from polyglot_statement.fsutil.versions import FileIdentity, identity_of

TEMP_SUFFIX = ".polyglot-tmp"
"""Every temp file the tool makes ends so; the generated .gitignore ignores the pattern."""


after_rename: Callable[[Path], None] | None = None
"""Called with the target's path just after each rename of a new file into place; None
(nothing) in normal runs. A seam for tests and benchmarks/soak.py: a translator's save
landed in that very instant must survive, so no writer may look at the file there again
to learn what it wrote."""


def renamed(path: Path) -> None:
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
    return stage(path, data)[0]


def stage_chunks(path: Path, chunks: Iterable[bytes]) -> Path:
    """`stage_file` for bytes that come a chunk at a time (a document too large to hold
    whole); an error while they come removes the temp file."""
    return stage(path, chunks)[0]


def stage(path: Path, data: bytes | Iterable[bytes]) -> tuple[Path, FileIdentity]:
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
    renamed(path)


def refuse_unreplaceable(path: Path) -> None:
    """NotOurFile when `path` is a FIFO, a device, a socket or a folder, which replacing
    would break for whoever uses it; a regular file, a link or nothing may be replaced."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # nothing there (or unreachable): the write says what
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise NotOurFile(
            f"is {kind_of(mode)}; the tool replaces only regular files: move it away, or "
            "write elsewhere",
            path,
        )


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
        f"is {kind_of(own)}; -o writes to a file, a FIFO or a character device only: name a file",
        path,
    )


def refuse_folder_led_out(path: Path, workspace: Path) -> None:
    """NotOurFile when the output `path` is named inside `workspace` but a link on the way
    to it (`-o reports/status.html`, `reports` committed as a link to /etc) leads out of
    it: the run, as root in CI, would write whatever the link points at. An output named
    outside the workspace is the user's to choose, links and all."""
    named = Path(os.path.abspath(path))
    root = Path(os.path.abspath(workspace))
    if not named.is_relative_to(root):
        return
    real_root = os.path.realpath(root)
    folder = os.path.realpath(named.parent)
    if folder != real_root and not folder.startswith(real_root.rstrip("/") + "/"):
        raise NotOurFile(
            f"its folder is a link to {folder}, outside the workspace; the tool writes into "
            "the workspace only through links that stay in it: name the real folder instead",
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
