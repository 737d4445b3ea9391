"""The renames Linux can do in one step (renameat2): exchange two files, and rename only
where nothing is. Elsewhere each says it cannot, and the caller takes its plain path."""

from __future__ import annotations

import ctypes
import errno
import os
from functools import cache
from pathlib import Path
from typing import Any

_RENAME_NOREPLACE = 1  # from <linux/fs.h>
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@cache
def libc_renameat2() -> Any:
    """libc's renameat2 as a ctypes function, or None where the system has none.

    A public seam: a test replaces it with `lambda: None` to run the portable path (two
    plain renames and a version check) on a Linux machine that has renameat2.
    """
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
    renameat2 = libc_renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    try:
        return _renameat(first, second, _RENAME_EXCHANGE)
    except FileNotFoundError:
        return False  # one of them is gone: the caller's plain path decides


def rename_noreplace(temp: Path, path: Path) -> bool:
    """Rename `temp` to `path` only if nothing is there; False where the system cannot.

    A file that appeared meanwhile (someone else's) raises nothing: the caller sees it is
    not current and keeps it.
    """
    try:
        return _renameat(temp, path, _RENAME_NOREPLACE)
    except FileExistsError:
        return False
