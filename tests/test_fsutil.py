"""Atomic writes, modes, temp-file hygiene, lost-update detection and the workspace lock."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lock_holder import hold_lock

from polyglot_statement import fsutil
from polyglot_statement.errors import CatalogError, PolyglotError
from polyglot_statement.fsutil import (
    TEMP_SUFFIX,
    ConcurrentEdit,
    InputBounds,
    LockHolder,
    Staging,
    commit_if_current,
    fault,
    read_input,
    read_version,
    remove_stale_temp_files,
    replace_if_unchanged,
    stage_file,
    workspace_lock,
    write_atomic,
)


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


def _start_holder(tmp_path: Path) -> subprocess.Popen[bytes]:
    return hold_lock(tmp_path / "c", "build", tmp_path / "ready")


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


# ---------------------------------------------------------------- a save during the rename


def _save(path: Path, data: bytes) -> None:
    """As Poedit saves: a new file renamed over the old one."""
    temp = path.with_name(path.name + ".editor")
    temp.write_bytes(data)
    os.replace(temp, path)


def test_a_save_before_the_exchange_is_put_back(tmp_path: Path) -> None:
    path = tmp_path / "es.po"
    path.write_bytes(b"v0")
    _data, version = read_version(path)
    _save(path, b"v1 by the translator")
    assert not commit_if_current(stage_file(path, b"ours"), version)
    assert path.read_bytes() == b"v1 by the translator"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["es.po"]


def test_a_save_landing_between_exchanges_is_the_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "es.po"
    path.write_bytes(b"v0")
    _data, version = read_version(path)
    _save(path, b"v1")
    real_exchange = fsutil.rename.exchange
    calls: list[int] = []

    def exchange_then_someone_saves(first: Path, second: Path) -> bool:
        result = real_exchange(first, second)
        calls.append(1)
        if len(calls) == 1:
            _save(path, b"v2, the newest")  # replaces what the first exchange put there
        return result

    monkeypatch.setattr(fsutil.rename, "exchange", exchange_then_someone_saves)
    assert not commit_if_current(stage_file(path, b"ours"), version)
    assert path.read_bytes() == b"v2, the newest"
    assert len(calls) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["es.po"]


def test_without_an_exchange_the_check_still_refuses_a_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fsutil.rename, "libc_renameat2", lambda: None)
    path = tmp_path / "es.po"
    path.write_bytes(b"v0")
    _data, version = read_version(path)
    assert commit_if_current(stage_file(path, b"v1"), version)
    assert path.read_bytes() == b"v1"
    _data, version = read_version(path)
    _save(path, b"theirs")
    assert not commit_if_current(stage_file(path, b"ours"), version)
    assert path.read_bytes() == b"theirs"
    absent = tmp_path / "new.po"
    _data, version = read_version(absent)
    assert commit_if_current(stage_file(absent, b"created"), version)
    assert absent.read_bytes() == b"created"


def test_a_file_created_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "new.po"
    _data, version = read_version(path)
    temp = stage_file(path, b"ours")
    path.write_bytes(b"someone else's")
    assert not commit_if_current(temp, version)
    assert path.read_bytes() == b"someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.po"]


# ---------------------------------------------------------------- reading untrusted files


def test_read_input_refuses_what_is_not_a_regular_file_inside(tmp_path: Path) -> None:
    inside = tmp_path / "ws"
    inside.mkdir()
    bounds = InputBounds.inside((inside,), 1000)
    (inside / "ok.po").write_bytes(b"fine")
    assert read_input(inside / "ok.po", CatalogError, bounds) == b"fine"
    assert read_input(inside / "absent.po", CatalogError, bounds) is None
    os.mkfifo(inside / "fifo.po")
    (inside / "folder.po").mkdir()
    (inside / "zero.po").symlink_to("/dev/zero")
    (inside / "passwd.po").symlink_to("/etc/passwd")
    (inside / "dangling.po").symlink_to(inside / "nowhere")
    (inside / "big.po").write_bytes(b"x" * 1001)
    (inside / "linked.po").symlink_to(inside / "ok.po")
    assert read_input(inside / "linked.po", CatalogError, bounds) == b"fine"
    expected = {
        "fifo.po": "is a named pipe (FIFO), not a regular file",
        "folder.po": "is a folder, not a file",
        "zero.po": "is a link to /dev/zero, outside the workspace",
        "passwd.po": "is a link to /etc/passwd, outside the workspace",
        "dangling.po": "is a link to a file that does not exist",
        "big.po": "is 1,001 bytes, more than the 1,000 bytes the `max-file-size` setting",
    }
    for name, words in expected.items():
        with pytest.raises(CatalogError) as raised:
            read_input(inside / name, CatalogError, bounds)
        assert raised.value.path == inside / name and raised.value.exit_code == 2
        assert words in raised.value.message, name
    # Without a folder to stay in, a device is still refused, and nothing blocks.
    with pytest.raises(CatalogError, match="character device"):
        read_input(inside / "zero.po", CatalogError, InputBounds())


def test_the_size_limit_holds_for_a_file_that_grows_while_read(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(b"x" * 10)
    with pytest.raises(CatalogError, match="max-file-size"):
        read_input(path, CatalogError, InputBounds(max_size=9))
    assert read_version(path, CatalogError, InputBounds(max_size=10))[0] == b"x" * 10


def test_the_lock_is_reentrant_within_one_process(tmp_path: Path) -> None:
    heard: list[LockHolder | None] = []
    with workspace_lock(tmp_path / "c", "build", heard.append):
        with workspace_lock(tmp_path / "c", "extract", heard.append):
            pass
        assert (tmp_path / "c" / "lock").read_text() == f"build {os.getpid()}\n"
    assert heard == []
