"""Replace the output folder as a whole: build beside it, then swap the new one in.

Readers of dist/ (a web server, rsync, a person) see either the last good build or the
new one, never a mixture. A build that fails or is interrupted removes its half-built
folder and leaves dist/ as it was. On Linux the swap is one atomic renameat2 exchange;
elsewhere two renames, with recovery of the old folder if a run died between them.
NewOutput is what writes into the new folder (nothing else of the build writes files):
unchanged files are hard-linked from the old one, keeping their inode and time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from polyglot_statement.errors import OutputError
from polyglot_statement.fsutil import exchange, fault, fsync_directory, read_bytes_or_none
from polyglot_statement.publish.manifest import FileRecord


def building_prefix(target: Path) -> str:
    return f".{target.name}.building-"


def previous_prefix(target: Path) -> str:
    return f".{target.name}.previous-"


def check_replaceable(target: Path, marker: str) -> None:
    """Refuse to replace a folder that a build did not make (it would be deleted)."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(
            "the output folder is a file or a link; choose another output-dir", target
        )
    try:
        foreign = target.is_dir() and not (target / marker).is_file() and any(target.iterdir())
    except OSError as error:
        raise fault(error, target, "read the output folder") from None
    if foreign:
        raise OutputError(
            f"the output folder is not empty and holds no {marker}, so a build did not make "
            "it; move its files away or set another output-dir",
            target,
        )


def _new_folder(parent: Path, prefix: str) -> Path:
    """A new folder named `prefix` + random letters, with the umask's mode (mkdtemp would
    make it private, and a published folder is read by web servers)."""
    for _ in range(100):
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            folder.mkdir(0o777)
        except FileExistsError:
            continue
        return folder
    raise FileExistsError(f"no free name for a folder {prefix}… in {parent}")


@contextlib.contextmanager
def replacing(target: Path, marker: str) -> Iterator[Path]:
    """Yield a fresh folder next to `target`; on success it becomes `target`.

    The new folder gets the old one's mode, as a rewritten file keeps its own. A system
    refusal (read-only, full disk, permission) is a FileFault, and `target` is untouched.
    """
    check_replaceable(target, marker)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = _new_folder(parent, building_prefix(target))
    except OSError as error:
        raise fault(error, parent, "create the new output folder") from None
    owner = os.getpid()
    try:
        try:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(staging, stat.S_IMODE(os.stat(target).st_mode))
        except OSError as error:
            raise fault(error, staging, "set the mode of the new output folder") from None
        yield staging
        try:
            put_in_place(staging, target)
        except OSError as error:
            raise fault(error, target, "put the new output folder in place") from None
        fsync_directory(parent)
    except BaseException:
        # A forked worker that inherited this context must never remove the folder.
        if os.getpid() == owner:
            shutil.rmtree(staging, ignore_errors=True)
        raise


def recover(target: Path) -> None:
    """Undo what an interrupted run left: restore dist/ if it is missing, drop half-builds."""
    parent = target.parent
    if not parent.is_dir():
        return
    previous = sorted(parent.glob(previous_prefix(target) + "*"))
    if previous and not target.exists():
        try:
            os.rename(previous.pop(), target)
        except OSError as error:
            raise fault(error, target, "restore the output folder a killed build left") from None
    for leftover in [*previous, *parent.glob(building_prefix(target) + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def put_in_place(staging: Path, target: Path) -> None:
    """Make the finished `staging` folder `target`, the previous `target` going away in
    the same step where the system allows it. Public as a seam: tests/test_interrupted.py
    freezes a build here, the instant before it publishes."""
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        # Now holds the previous build; what cannot be removed the next build's recover() does.
        shutil.rmtree(staging, ignore_errors=True)
        return
    previous = _new_folder(target.parent, previous_prefix(target))
    previous.rmdir()
    os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


class OutputFrozen(Exception):
    """A frozen output was asked to change (NewOutput.start)."""


class NewOutput:
    """The output folder a build makes beside the old one, swapped in when the block that
    holds it ends without an error (it is a context manager), dropped otherwise.

    The new folder is made on first use: a build with nothing to change makes none. Paths
    are relative to the output folder.
    """

    def __init__(self, target: Path, marker: str):
        self.target = target  # the output folder as the last build left it
        self.marker = marker
        self.folder: Path | None = None
        self._stack = contextlib.ExitStack()
        self._listed: dict[str, set[str]] = {}  # files of the old folder, by folder
        self._made: set[Path] = set()  # folders of the new one this process has made
        self._copied: dict[Path, Path] = {}  # workspace file → its first copy in the new one
        self.frozen = False

    def __enter__(self) -> NewOutput:
        self._stack.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None:
        return self._stack.__exit__(kind, error, traceback)

    @property
    def started(self) -> bool:
        return self.folder is not None

    def start(self) -> Path:
        """The new folder, made now if it is not yet (before any worker forks: they all
        write into the one this process made). A frozen output makes none: it raises
        OutputFrozen (a build that only looks whether anything would change)."""
        if self.frozen:
            raise OutputFrozen(self.target)
        if self.folder is None:
            self.folder = self._stack.enter_context(replacing(self.target, self.marker))
        return self.folder

    @property
    def listed(self) -> tuple[str, ...]:
        """The old folder's folders whose listings had() read ("" for itself)."""
        return tuple(self._listed)

    def had(self, relative: str) -> bool:
        """Whether the old folder has this file (one directory listing per folder)."""
        folder, _, name = relative.rpartition("/")
        if folder not in self._listed:
            try:
                with os.scandir(self.target / folder) as entries:
                    self._listed[folder] = {entry.name for entry in entries}
            except OSError:
                self._listed[folder] = set()
        return name in self._listed[folder]

    def write(self, relative: str, data: bytes, previous: FileRecord | None = None) -> FileRecord:
        """Write one file; the old file's inode when the bytes match (`previous`: the last
        build's record of it, when there is one). A rewritten file keeps the old one's
        mode, a new one gets the umask's."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.start() / relative
        self._folder(target)
        old = self.target / relative
        # A file the old folder's listing lacks is not read (a cold build reads none).
        same = (
            previous.sha256 == digest and self.had(relative)
            if previous is not None
            else self.had(relative) and read_bytes_or_none(old) == data
        )
        try:
            if same:
                _link_or_copy(old, target)  # unchanged bytes keep their modification time
            else:
                target.write_bytes(data)
                if self.had(relative):
                    os.chmod(target, stat.S_IMODE(os.stat(old).st_mode))
        except OSError as error:
            raise fault(error, old, "write") from None
        return FileRecord(path=relative, sha256=digest, size=len(data))

    def keep(self, relative: str) -> None:
        """Take the old folder's file as it is."""
        target = self.start() / relative
        self._folder(target)
        try:
            _link_or_copy(self.target / relative, target)
        except OSError as error:
            raise fault(error, self.target / relative, "copy into the new output folder") from None

    def copy(self, source: Path, relative: str) -> FileRecord:
        """Copy a workspace file (hard-linking a copy made for another language); its record
        is that of the bytes copied."""
        target = self.start() / relative
        self._folder(target)
        first = self._copied.get(source)
        if first is not None:
            _link_or_copy(first, target)
        else:
            try:
                shutil.copyfile(source, target)
            except OSError as error:
                raise fault(error, source, f"copy into {relative}") from None
            self._copied[source] = target
        with target.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return FileRecord(path=relative, sha256=digest, size=target.stat().st_size)

    def _folder(self, target: Path) -> None:
        """Make the folder of a file once, not once per file written, with the mode of the
        same folder in the old output folder if it has one."""
        folder = target.parent
        if folder in self._made:
            return
        old = self.target / folder.relative_to(self.start())
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.chmod(folder, stat.S_IMODE(os.stat(old).st_mode))
        except OSError as error:
            raise fault(error, old, "create the folder") from None
        self._made.add(folder)


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link (or copy) a file into the new folder; its folder exists."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
