"""The cyclic collector's passes are fewer while a build runs, and as they were after it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_build import SOURCE, make_workspace, translate, upper

import polyglot_statement.publish.build_run as build_run
from polyglot_statement.collector import COLLECTION_THRESHOLD, fewer_collections
from polyglot_statement.config import load_settings
from polyglot_statement.publish.build import build


@pytest.fixture
def usual_collector() -> Iterator[tuple[int, int, int]]:
    """The test process's collector settings, put back whatever a test does."""
    threshold = gc.get_threshold()
    # (`polyglot status`, run in this process by an earlier test, freezes what it loaded.)
    gc.unfreeze()
    yield threshold
    gc.set_threshold(*threshold)
    gc.unfreeze()


def test_within_fewer_passes_and_what_exists_frozen_then_as_before(
    usual_collector: tuple[int, int, int],
) -> None:
    with fewer_collections():
        assert gc.get_threshold() == (COLLECTION_THRESHOLD, *usual_collector[1:])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == usual_collector
    assert gc.get_freeze_count() == 0


def test_as_before_after_an_error_too(usual_collector: tuple[int, int, int]) -> None:
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("stopped")
    assert gc.get_threshold() == usual_collector
    assert gc.get_freeze_count() == 0


def test_what_the_caller_froze_stays_frozen(usual_collector: tuple[int, int, int]) -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with fewer_collections():
        pass
    assert gc.get_freeze_count() >= frozen


def test_cycles_made_within_are_still_collected(usual_collector: tuple[int, int, int]) -> None:
    with fewer_collections():
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        found = gc.collect()
    assert found >= 1


def test_a_build_decides_with_fewer_passes_and_leaves_the_collector_as_it_was(
    tmp_path: Path, usual_collector: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    translate(root, "es", upper)
    seen: list[tuple[int, int, int]] = []
    execute = build_run.Build.execute

    def noting(self: build_run.Build, *args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return execute(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_run.Build, "execute", noting)
    assert build(load_settings(root)).replaced
    # (settling after the build decides once more, also through execute)
    assert seen and set(seen) == {(COLLECTION_THRESHOLD, *usual_collector[1:])}
    assert gc.get_threshold() == usual_collector
    assert gc.get_freeze_count() == 0
