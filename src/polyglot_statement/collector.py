"""Fewer passes of Python's cyclic garbage collector while a long command makes its output.

A cold build makes markdown-it tokens, page contexts and catalogue entries by the
million, and keeps what it decided (records, the checks' and readings' memos) until it
ends. At the collector's default threshold (a pass per 700 new containers) it ran about
1,700 times on 30 statements × 20 languages, and nine of those passes walked every
object the build held: a sixth of the build's CPU time (docs/performance.md, issue 27).
Almost all of that garbage holds no cycle and is freed by reference counting the moment
it is done with, whatever the collector does; the cycles that do form (a traceback, a
template's frame) wait a little longer for a pass, which still comes. Status reading
its catalogues (worker.run_tasks) and the glossary (model.py, tens of thousands of terms
all kept) use the same two tools, so that the collector is tuned in one place.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# New containers between two passes over the youngest objects (CPython's default is 700).
# At 50,000 a pass comes about every few editions; the memory the rare cycles keep
# meanwhile is a few megabytes at most (peak RSS of a cold build did not change).
COLLECTION_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Within: what exists already is left out of the collector's passes (gc.freeze: it
    lives until the command ends, the imported modules and settings), and a pass comes
    every COLLECTION_THRESHOLD new containers. Forked workers inherit both. Afterwards the
    threshold is as it was, and the objects frozen here are collectable again (unless the
    caller had frozen some itself: gc cannot tell its own from ours, so it keeps them all
    frozen, as the caller asked)."""
    threshold = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(max(threshold[0], COLLECTION_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen_before:
            gc.unfreeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: for building many objects that all live.

    What survives is then frozen (gc.freeze): the collector would otherwise meet the
    millions of objects made here at its next pass, and again at every full pass, for
    nothing (a glossary is kept until the command ends). Cycles among them are never
    collected, which a command's lifetime does not notice."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
