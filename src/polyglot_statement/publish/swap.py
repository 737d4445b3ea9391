"""Replace the output folder as a whole: build beside it, then swap the new one in.

Readers of dist/ (a web server, rsync, a person) see either the last good build or the
new one, never a mixture. A build that fails or is interrupted removes its half-built
folder and leaves dist/ as it was. On Linux the swap is one atomic renameat2 exchange;
elsewhere two renames, with recovery of the old folder if a run died between them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from polyglot_statement.errors import PolyglotError

_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


class OutputError(PolyglotError):
    """The output folder cannot be written or is not ours to replace."""


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
    if target.is_dir() and not (target / marker).is_file() and any(target.iterdir()):
        raise OutputError(
            f"the output folder is not empty and holds no {marker}, so a build did not make "
            "it; move its files away or set another output-dir",
            target,
        )


@contextlib.contextmanager
def replacing(target: Path, marker: str) -> Iterator[Path]:
    """Yield a fresh folder next to `target`; on success it becomes `target`."""
    check_replaceable(target, marker)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=building_prefix(target), dir=parent))
        # mkdtemp makes the folder private; a published folder is read by web servers.
        os.chmod(staging, 0o777 & ~_umask())
    except OSError as error:
        raise OutputError(f"cannot create a folder here: {error.strerror}", parent) from None
    owner = os.getpid()
    try:
        yield staging
        _swap(staging, target)
    except BaseException:
        # A forked worker that inherited this context must never remove the folder.
        if os.getpid() == owner:
            shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def recover(target: Path) -> None:
    """Undo what an interrupted run left: restore dist/ if it is missing, drop half-builds."""
    parent = target.parent
    if not parent.is_dir():
        return
    previous = sorted(parent.glob(previous_prefix(target) + "*"))
    if previous and not target.exists():
        os.rename(previous.pop(), target)
    for leftover in [*previous, *parent.glob(building_prefix(target) + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging)  # now holds the previous build
        return
    previous = Path(tempfile.mkdtemp(prefix=previous_prefix(target), dir=target.parent))
    previous.rmdir()
    os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


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
