"""Atomic writes, modes, temp-file hygiene, lost-update detection and the workspace lock."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from polyglot_statement.errors import PolyglotError
from polyglot_statement.fileio import (
    TEMP_SUFFIX,
    ConcurrentEdit,
    LockHolder,
    fault,
    read_version,
    remove_stale_temp_files,
    replace_if_unchanged,
    workspace_lock,
    write_atomic,
)
from polyglot_statement.staging import Staging


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_file_gets_the_umask_mode_and_an_existing_one_keeps_its_own(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.po"
        assert write_atomic(fresh, b"one")
        assert _mode(fresh) == 0o644
        kept = tmp_path / "kept.po"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        assert write_atomic(kept, b"new")
        assert kept.read_bytes() == b"new"
        assert _mode(kept) == 0o640
    finally:
        os.umask(old)


def test_unchanged_content_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "a.po"
    write_atomic(path, b"same")
    before = path.stat().st_mtime_ns, path.stat().st_ino
    assert not write_atomic(path, b"same")
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before


def test_no_temp_file_is_left_after_writes(tmp_path: Path) -> None:
    for number in range(5):
        write_atomic(tmp_path / "x.po", str(number).encode())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.po"]


def test_stale_temp_files_of_dead_writers_are_removed_live_ones_kept(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    (tmp_path / "es").mkdir()
    stale = tmp_path / "es" / f".a.po.{dead_pid}.0badf00d{TEMP_SUFFIX}"
    live = tmp_path / f".b.po.{os.getpid()}.12345678{TEMP_SUFFIX}"
    other = tmp_path / ".c.po.notes"
    for path in (stale, live, other):
        path.write_bytes(b"x")
    assert remove_stale_temp_files(tmp_path) == 1
    assert not stale.exists() and live.exists() and other.exists()


def test_replace_if_unchanged_refuses_to_overwrite_a_save_made_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "es.po"
    path.write_bytes(b"read by the command")
    _data, version = read_version(path)
    # A translator saves the way Poedit does: a new file renamed over the old one.
    saved = tmp_path / "saved.tmp"
    saved.write_bytes(b"the translator's work")
    os.replace(saved, path)
    with pytest.raises(ConcurrentEdit) as raised:
        replace_if_unchanged(version, b"the command's rewrite")
    assert raised.value.exit_code == 3
    assert path.read_bytes() == b"the translator's work"


def test_replace_if_unchanged_accepts_the_same_bytes_saved_again(tmp_path: Path) -> None:
    path = tmp_path / "es.po"
    path.write_bytes(b"content")
    _data, version = read_version(path)
    time.sleep(0.01)
    path.write_bytes(b"content")  # touched, same content: nothing to lose
    new_version = replace_if_unchanged(version, b"rewritten")
    assert path.read_bytes() == b"rewritten"
    assert replace_if_unchanged(new_version, b"again") is not None


def test_replace_if_unchanged_when_the_file_appeared_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "new.po"
    _data, version = read_version(path)
    assert not version.exists
    path.write_bytes(b"someone else's")
    with pytest.raises(ConcurrentEdit):
        replace_if_unchanged(version, b"mine")


def test_staging_commit_writes_nothing_when_one_target_changed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.po", tmp_path / "b.po"
    first.write_bytes(b"a0")
    second.write_bytes(b"b0")
    _a, first_version = read_version(first)
    _b, second_version = read_version(second)
    with pytest.raises(ConcurrentEdit), Staging() as staging:
        staging.stage(first, b"a1", first_version)
        staging.stage(second, b"b1", second_version)
        second.write_bytes(b"b by hand")
    assert first.read_bytes() == b"a0"
    assert second.read_bytes() == b"b by hand"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.po", "b.po"]


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "permission denied"),
        (errno.ENOTDIR, "is a file, not a folder"),
    ],
)
def test_system_faults_become_messages_with_advice(code: int, words: str) -> None:
    error = fault(OSError(code, os.strerror(code)), Path("locales/es/x.po"), "write")
    assert isinstance(error, PolyglotError) and error.exit_code == 3
    assert str(error).startswith("locales/es/x.po: cannot write: ")
    assert words in str(error)


def _hold_lock_script(cache: Path, ready: Path) -> str:
    return textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from polyglot_statement.fileio import workspace_lock
        with workspace_lock(Path({str(cache)!r}), "build"):
            Path({str(ready)!r}).write_text("held")
            time.sleep(60)
        """
    )


def _start_holder(tmp_path: Path) -> subprocess.Popen[bytes]:
    ready = tmp_path / "ready"
    holder = subprocess.Popen([sys.executable, "-c", _hold_lock_script(tmp_path / "c", ready)])
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert holder.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    return holder


def test_the_lock_names_its_holder_and_is_released_when_the_holder_is_killed(
    tmp_path: Path,
) -> None:
    holder = _start_holder(tmp_path)
    heard: list[LockHolder | None] = []

    def on_wait(who: LockHolder | None) -> None:
        heard.append(who)
        holder.send_signal(signal.SIGKILL)  # the kernel must release the lock now

    with workspace_lock(tmp_path / "c", "extract", on_wait):
        pass
    holder.wait()
    assert heard == [LockHolder("build", holder.pid)]


def test_the_lock_is_taken_at_once_when_free(tmp_path: Path) -> None:
    heard: list[LockHolder | None] = []
    with workspace_lock(tmp_path / "c", "extract", heard.append):
        pass
    with workspace_lock(tmp_path / "c", "build", heard.append):
        pass
    assert heard == []
