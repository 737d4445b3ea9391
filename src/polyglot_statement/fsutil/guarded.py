"""Writes that never replace a save they did not read: the rename checks the file is still
the `FileVersion` the run read, in one step where Linux allows (an exchange)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from polyglot_statement.errors import ConcurrentEdit, fault
from polyglot_statement.fsutil import rename
from polyglot_statement.fsutil.atomic import fsync_directory, renamed, stage, write_path
from polyglot_statement.fsutil.versions import FileVersion, at_target, digest, is_current, matches


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
    temp, written = stage(target, data)
    if not commit_if_current(temp, at_target(version, target)):
        raise ConcurrentEdit(
            "the file was changed by someone else while this command ran", version.path
        )
    fsync_directory(target.parent)
    return FileVersion(version.path, written, digest(data), version.bounds)


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
            if rename.rename_noreplace(temp, path):
                renamed(path)
                return True
        else:
            with _Pins() as pins:
                ours = pins.pin(temp)
                if rename.exchange(temp, path):
                    # `temp` now names what was at `path`: the version read, or a newer save.
                    displaced = os.stat(temp)
                    pins.pin(temp)
                    if matches(version, displaced, temp):
                        renamed(path)
                        return _discard(temp, True)
                    _put_back_newest(temp, path, ours, pins)
                    return _discard(temp, False)
        if not is_current(version):  # where the system cannot exchange: check, then rename
            return _discard(temp, False)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise fault(error, path, "write") from None
    renamed(path)
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
        if not rename.exchange(temp, path):
            # `path` was removed meanwhile: put the save back unless a new file is there.
            rename.rename_noreplace(temp, path)
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
