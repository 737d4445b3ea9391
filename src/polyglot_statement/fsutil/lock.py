"""One writer at a time: the workspace lock, a `flock` the kernel releases when its holder
dies."""

from __future__ import annotations

import contextlib
import fcntl  # POSIX only: the project targets Linux and macOS
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.fsutil.atomic import make_folder, remove_stale_temp_files
from polyglot_statement.fsutil.own import open_own_file

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
