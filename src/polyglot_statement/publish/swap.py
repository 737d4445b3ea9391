"""Replace the output folder as a whole: build beside it, then swap the new one in.

Readers of dist/ (a web server, rsync, a person) see either the last good build or the
new one, never a mixture. A build that fails or is interrupted removes its half-built
folder and leaves dist/ as it was. On Linux the swap is one atomic renameat2 exchange;
elsewhere two renames, with recovery of the old folder if a run died between them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from polyglot_statement.errors import PolyglotError
from polyglot_statement.fsutil import exchange, fault, fsync_directory


class OutputError(PolyglotError):
    """The output folder is not ours to replace."""


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
            _swap(staging, target)
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


def _swap(staging: Path, target: Path) -> None:
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
