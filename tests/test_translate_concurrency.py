"""`translate` never reverts a translator's save, and writes each catalogue once.

A translator saves a catalogue (atomically, as Poedit does) while translate runs: before
the first request, between requests, just before translate writes, again and again, and
from another process at random moments. Their edit always survives, the entries they
translated keep their text, and only entries still untranslated get drafts.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from fake_deepl import FakeDeepL, fake_deepl_fixture  # noqa: F401
from test_translate import _environment, assert_valid_catalogs, engine_for, make_workspace, states

import polyglot_statement.machine.writeback as writeback_module
from polyglot_statement import fsutil
from polyglot_statement.config import Settings
from polyglot_statement.fsutil import ConcurrentEdit, FileVersion
from polyglot_statement.machine.base import Target, Translation
from polyglot_statement.machine.pseudo import PseudoEngine
from polyglot_statement.machine.translate import translate
from polyglot_statement.po import (
    APPROVED,
    MACHINE,
    UNTRANSLATED,
    Catalog,
    format_po,
    read_po,
)

SLUGS = ("one", "two")


def _workspace(root: Path, paragraphs: int = 30) -> Settings:
    statements = {
        slug: [
            f"{slug.title()} paragraph {index} is about the union." for index in range(paragraphs)
        ]
        for slug in SLUGS
    }
    settings = make_workspace(root, statements, languages=("es",))
    for slug in SLUGS:  # a translator has approved the title already
        save_as_translator(settings.catalog_path("es", slug), _approve(0, "Título aprobado"))
    return settings


def save_as_translator(path: Path, edit: Callable[[Catalog], None]) -> None:
    """Read, change and save a catalogue the way an editor does: temp file and rename."""
    catalog = read_po(path)
    edit(catalog)
    temp = path.with_name(f".{path.name}.editor-{os.getpid()}")
    temp.write_bytes(format_po(catalog))
    os.replace(temp, path)


def _approve(index: int, text: str) -> Callable[[Catalog], None]:
    def edit(catalog: Catalog) -> None:
        entry = catalog.active[index]
        entry.msgstr = text
        entry.set_fuzzy(False)

    return edit


def _translator_edits(settings: Settings) -> Callable[[], None]:
    """Revise the approved title and translate an untranslated paragraph by hand."""

    def edit() -> None:
        path = settings.catalog_path("es", "one")
        save_as_translator(path, _approve(0, "Título revisado"))
        save_as_translator(path, _approve(5, "Párrafo traducido a mano."))

    return edit


def _assert_edits_kept(settings: Settings) -> None:
    catalog = read_po(settings.catalog_path("es", "one"))
    assert catalog.active[0].msgstr == "Título revisado" and catalog.active[0].state == APPROVED
    hand = catalog.active[5]
    assert hand.msgstr == "Párrafo traducido a mano." and hand.state == APPROVED
    assert states(settings, "es") == {APPROVED: 3, MACHINE: 59}
    assert_valid_catalogs(settings)


class _EditingEngine(PseudoEngine):
    """The pseudo engine, 10 texts a request, with a translator saving before request n."""

    max_batch_texts = 10

    def __init__(self, before: dict[int, Callable[[], None]]):
        super().__init__()
        self.before = before
        self.calls = 0

    def translate(
        self, texts: Sequence[str], source_language: str, target: Target
    ) -> list[Translation]:
        self.calls += 1
        action = self.before.get(self.calls)
        if action is not None:
            action()
        return super().translate(texts, source_language, target)


@pytest.mark.parametrize("request_number", [1, 3, 6])  # the first, a middle one, the last
def test_a_save_between_requests_is_kept(tmp_path: Path, request_number: int) -> None:
    settings = _workspace(tmp_path / "ws")
    engine = _EditingEngine({request_number: _translator_edits(settings)})
    report = translate(settings, engine=engine)
    assert engine.calls == 6  # 60 untranslated texts, 10 a request
    _assert_edits_kept(settings)
    assert report.filled == 59


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every catalogue write translate attempts, in order."""
    attempts: list[Path] = []
    original = writeback_module.replace_if_unchanged

    def counting(version: FileVersion, data: bytes) -> FileVersion:
        attempts.append(version.path)
        return original(version, data)

    monkeypatch.setattr(writeback_module, "replace_if_unchanged", counting)
    yield attempts


def test_a_save_just_before_translate_writes_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes: list[Path]
) -> None:
    settings = _workspace(tmp_path / "ws")
    edit = _translator_edits(settings)
    counting = writeback_module.replace_if_unchanged

    def save_first(version: FileVersion, data: bytes) -> FileVersion:
        if version.path.name == "one.po" and writes.count(version.path) == 0:
            edit()  # the translator saves while translate is about to write
        return counting(version, data)

    monkeypatch.setattr(writeback_module, "replace_if_unchanged", save_first)
    report = translate(settings, engine=_EditingEngine({}))
    _assert_edits_kept(settings)
    assert report.filled == 59
    one, two = (settings.catalog_path("es", slug) for slug in SLUGS)
    assert writes.count(one) == 2 and writes.count(two) == 1  # read again once, then written


def test_each_catalogue_is_written_once_per_run(tmp_path: Path, writes: list[Path]) -> None:
    settings = _workspace(tmp_path / "ws", paragraphs=60)
    engine = _EditingEngine({})
    translate(settings, engine=engine)
    assert engine.calls == 12
    assert sorted(writes) == sorted(settings.catalog_path("es", slug) for slug in SLUGS)


def test_a_catalogue_saved_at_every_attempt_is_left_to_its_editor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes: list[Path]
) -> None:
    settings = _workspace(tmp_path / "ws")
    counting = writeback_module.replace_if_unchanged
    saves = 0

    def always_saved_first(version: FileVersion, data: bytes) -> FileVersion:
        nonlocal saves
        if version.path.name == "one.po":
            saves += 1
            save_as_translator(version.path, _approve(0, f"Revisión {saves}"))
        return counting(version, data)

    monkeypatch.setattr(writeback_module, "replace_if_unchanged", always_saved_first)
    with pytest.raises(ConcurrentEdit, match="run translate again") as raised:
        translate(settings, engine=_EditingEngine({}))
    assert raised.value.path == settings.catalog_path("es", "one")
    one = read_po(settings.catalog_path("es", "one"))
    assert one.active[0].msgstr == f"Revisión {saves}"  # the last save is what is there
    assert {entry.state for entry in one.active[1:]} == {UNTRANSLATED}
    two = read_po(settings.catalog_path("es", "two"))
    assert {entry.state for entry in two.active[1:]} == {MACHINE}  # the other is written
    assert_valid_catalogs(settings)


# ---------------------------------------------------------------- another process saving

_EDITOR = textwrap.dedent(
    """
    import os, random, sys, time
    from pathlib import Path
    from polyglot_statement.po import format_po, read_po

    paths, stop, log = [Path(p) for p in sys.argv[1:3]], Path(sys.argv[3]), Path(sys.argv[4])
    random.seed(int(sys.argv[5]))
    count = 0
    while not stop.exists():
        count += 1
        path = paths[count % 2]
        catalog = read_po(path)
        catalog.active[0].msgstr += f" {count}"  # every save adds to what it read
        temp = path.with_name(f".{path.name}.editor")
        temp.write_bytes(format_po(catalog))
        os.replace(temp, path)
        with log.open("a") as handle:
            handle.write(f"{path.name} {count}\\n")
        time.sleep(random.uniform(0.001, 0.03))
    """
)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_translator_saving_from_another_process_at_random_moments_loses_nothing(
    fake_deepl: FakeDeepL, tmp_path: Path, seed: int
) -> None:
    settings = _workspace(tmp_path / "ws", paragraphs=60)
    paths = [settings.catalog_path("es", slug) for slug in SLUGS]
    stop, log = tmp_path / "stop", tmp_path / "saves.log"
    fake_deepl.hang_seconds = 0.05  # a few tenths of a second of requests to save during
    engine = engine_for(fake_deepl, settings)
    engine.max_batch_texts = 10  # type: ignore[misc]
    editor = subprocess.Popen(
        [sys.executable, "-c", _EDITOR, *map(str, paths), str(stop), str(log), str(seed)],
        env=_environment(fake_deepl),
    )
    try:
        while not log.exists():
            time.sleep(0.01)
        # Saved at every attempt would end in ConcurrentEdit: allowed, and checked alike.
        with contextlib.suppress(ConcurrentEdit):
            translate(settings, engine=engine)
        time.sleep(0.05)
    finally:
        stop.touch()
        editor.wait(30)

    saves = log.read_text().splitlines()
    assert len(saves) > 10
    for path in paths:
        counts = [line.split()[1] for line in saves if line.startswith(path.name + " ")]
        # Had any save been reverted, the next one would have read the file without it.
        assert read_po(path).active[0].msgstr == " ".join(["Título aprobado", *counts])
    assert_valid_catalogs(settings)
    # Drafts the editor's own saves overwrote (it saved what it had read) come back from
    # the cache: nothing is sent again.
    fake_deepl.hang_seconds = 0
    fake_deepl.reset_counters()
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert fake_deepl.translate_requests == 0
    assert states(settings, "es") == {APPROVED: 2, MACHINE: 120}


def test_a_save_in_the_instant_before_the_rename_is_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every check passes, then the translator's save lands just before our rename: the
    # names are exchanged in one step, so their file is found and put back.
    path = tmp_path / "es.po"
    path.write_bytes(b"as read\n")
    _, version = fsutil.read_version(path)
    original = fsutil.rename.exchange
    saved = False

    def saved_first(first: Path, second: Path) -> bool:
        nonlocal saved
        if not saved:
            saved = True
            temp = tmp_path / ".editor"
            temp.write_bytes(b"the translator's save\n")
            os.replace(temp, path)
        return bool(original(first, second))

    monkeypatch.setattr(fsutil.rename, "exchange", saved_first)
    with pytest.raises(ConcurrentEdit):
        fsutil.replace_if_unchanged(version, b"translate's drafts\n")
    assert saved
    assert path.read_bytes() == b"the translator's save\n"
    assert sorted(item.name for item in tmp_path.iterdir()) == ["es.po"]  # no temp left
