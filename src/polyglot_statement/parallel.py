"""One way to run work on every core, keeping the original exception.

Workers are forked, so they inherit the loaded modules, the settings and whatever the
function closes over (page templates, glossary matchers): only the items and the results
cross between processes, and the function need not be picklable. Each worker, as it
starts, closes the workspace lock it inherited and arranges to die with its parent
(PR_SET_PDEATHSIG on Linux; elsewhere it watches its parent), so a command killed with
`kill -9` leaves no worker behind writing files or holding the lock. A PolyglotError
raised in a worker reaches the caller as the same class with the same message, path and
line; any other exception as concurrent.futures passes it on, with the worker's
traceback attached.

`POLYGLOT_JOBS=N` sets the number of workers (1: none), overriding the thresholds below
which a command does its work in its own process.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from polyglot_statement.errors import PolyglotError, UsageError
from polyglot_statement.fsutil import close_inherited_lock

JOBS_VARIABLE = "POLYGLOT_JOBS"

Item = TypeVar("Item")
Result = TypeVar("Result")


def cpu_count() -> int:
    """The cores this process may run on (a container or taskset may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def forced_jobs() -> int | None:
    """The number of workers POLYGLOT_JOBS asks for, if it is set."""
    value = os.environ.get(JOBS_VARIABLE, "").strip()
    if not value:
        return None
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise UsageError(f"{JOBS_VARIABLE} must be a whole number of workers, 1 or more")
    return jobs


def worker_count(units: int, minimum: int, per_worker: int = 1) -> int:
    """How many workers for `units` pieces of work: none below `minimum` (starting
    processes would cost more than it saves), else one per `per_worker` units, at most
    one per core. POLYGLOT_JOBS decides instead when it is set."""
    forced = forced_jobs()
    if forced is not None:
        return forced
    if units < minimum:
        return 1
    return max(1, min(cpu_count(), units // per_worker))


@dataclass(frozen=True, slots=True)
class _Failure:
    """A PolyglotError sent back as data: as an exception, its path and line would not
    survive pickling (only `args` does)."""

    kind: type[PolyglotError]
    message: str
    path: Path | None
    line: int | None

    def error(self) -> PolyglotError:
        return self.kind(self.message, self.path, self.line)


def map_in_workers(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    chunksize: int | None = None,
) -> Iterator[Result]:
    """`function` over `items`, in order, on `workers` forked processes.

    With one worker (or inside a worker already, or where processes cannot be forked) the
    work is done here, in this process. The first PolyglotError stops the run: the work
    not started is cancelled, and the error is raised here.
    """
    work = list(items)
    context = _fork_context()
    workers = min(workers, len(work))
    if workers < 2 or _in_worker or context is None:
        yield from map(function, work)
        return
    if chunksize is None:
        chunksize = max(1, len(work) // (workers * 8))
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        # Not pickled: a forked worker inherits them.
        initargs=(function, os.getpid()),
    )
    finished = False
    try:
        for outcome in pool.map(_call, work, chunksize=chunksize):
            if isinstance(outcome, _Failure):
                raise outcome.error()
            yield outcome
        finished = True
    finally:
        if not finished:
            # An error, Ctrl-C or a consumer that stopped early: the workers' remaining
            # work is of no use, and waiting for it could take minutes.
            _stop(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _fork_context() -> multiprocessing.context.BaseContext | None:
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - Windows
        return None


def _stop(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to end its workers at once.
    processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.kill()


# ---------------------------------------------------------------- inside a worker

_in_worker = False
_function: Callable[[Any], Any] | None = None


def _start_worker(function: Callable[[Any], Any], parent: int) -> None:
    global _in_worker, _function
    _in_worker = True
    _function = function
    close_inherited_lock()
    # Ctrl-C reaches the whole process group, and a service manager's SIGTERM often
    # does too: the parent decides (it stops the pool), the workers stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _die_with_parent(parent)


def _call(item: Any) -> Any:
    assert _function is not None
    try:
        return _function(item)
    except PolyglotError as error:
        return _Failure(type(error), error.message, error.path, error.line)


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    """End this process when `parent` ends, however it ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the request took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Where the kernel cannot be asked: notice the parent is gone (we are re-parented)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
