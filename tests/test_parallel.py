"""parallel.map_in_workers: order, the original exception, no inherited lock, no orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from processes import alive, children

from polyglot_statement import fsutil
from polyglot_statement.errors import CatalogError
from polyglot_statement.fsutil import FileFault, workspace_lock
from polyglot_statement.parallel import JOBS_VARIABLE, map_in_workers, worker_count


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def test_results_come_in_order_from_other_processes() -> None:
    results = list(map_in_workers(_pid_and_square, range(40), 2, chunksize=3))
    assert [square for _, square in results] == [number * number for number in range(40)]
    assert os.getpid() not in {pid for pid, _ in results}


def test_one_worker_means_this_process() -> None:
    results = list(map_in_workers(_pid_and_square, range(5), 1))
    assert {pid for pid, _ in results} == {os.getpid()}


def test_the_function_need_not_be_picklable() -> None:
    offset = 7
    results = list(map_in_workers(lambda number: number + offset, range(10), 2))
    assert results == [number + 7 for number in range(10)]


def _fail_on_five(number: int) -> int:
    if number == 5:
        raise CatalogError("a bad line", Path("locales/es/x.po"), 12)
    if number == 6:
        raise FileFault("cannot write: the disk is full", Path("dist/es/x.html"))
    return number


def test_a_worker_error_arrives_with_its_class_message_path_and_line() -> None:
    with pytest.raises(CatalogError) as raised:
        list(map_in_workers(_fail_on_five, range(20), 2, chunksize=1))
    error = raised.value
    assert type(error) is CatalogError
    assert (error.message, error.path, error.line) == ("a bad line", Path("locales/es/x.po"), 12)
    with pytest.raises(FileFault) as fault:
        list(map_in_workers(_fail_on_five, range(6, 8), 2, chunksize=1))
    assert fault.value.exit_code == 3 and fault.value.path == Path("dist/es/x.html")


def _divide(number: int) -> float:
    return 1 / number


def test_other_exceptions_keep_their_type() -> None:
    with pytest.raises(ZeroDivisionError):
        list(map_in_workers(_divide, [2, 1, 0, 4], 2, chunksize=1))


def test_workers_do_not_keep_the_parents_lock(tmp_path: Path) -> None:
    with workspace_lock(tmp_path, "build"):
        descriptor = fsutil.lock._LOCK_DESCRIPTOR
        assert descriptor is not None

        def inherited_lock_is_open(_: int) -> bool:
            try:
                os.fstat(descriptor)
            except OSError:
                return False
            return True

        assert list(map_in_workers(inherited_lock_is_open, range(4), 2, chunksize=1)) == [False] * 4
        assert inherited_lock_is_open(0)  # the parent still holds it


def _nested(number: int) -> list[int]:
    return [pid for pid, _ in map_in_workers(_pid_and_square, range(3), 2)]


def test_a_worker_does_its_own_mapping_itself() -> None:
    for pids in map_in_workers(_nested, range(2), 2, chunksize=1):
        assert len(set(pids)) == 1 and os.getpid() not in pids


def test_polyglot_jobs_decides_the_number_of_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(JOBS_VARIABLE, raising=False)
    assert worker_count(3, 60) == 1
    monkeypatch.setenv(JOBS_VARIABLE, "3")
    assert worker_count(3, 60) == 3
    monkeypatch.setenv(JOBS_VARIABLE, "none")
    with pytest.raises(Exception, match="POLYGLOT_JOBS must be a whole number"):
        worker_count(3, 60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_die_when_their_parent_is_killed(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from polyglot_statement.fsutil import workspace_lock
        from polyglot_statement.parallel import map_in_workers

        def forever(number):
            time.sleep(600)

        with workspace_lock(Path({str(tmp_path)!r}), "build"):
            list(map_in_workers(forever, range(4), 2, chunksize=1))
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while len(workers) < 2:
        assert time.monotonic() < deadline and parent.poll() is None
        workers = children(parent.pid)
        time.sleep(0.02)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    try:
        while any(alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "a worker outlived its parent"
            time.sleep(0.02)
    finally:
        for pid in workers:  # never leave a failed run's orphans behind
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    heard: list[object] = []
    with workspace_lock(tmp_path, "extract", heard.append):
        pass
    assert heard == []  # nobody held the lock any more
