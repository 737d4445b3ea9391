"""A translator saving while a command runs never loses the save; two commands take turns.

The editor here saves as Poedit does: a whole new file renamed over the old one.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import polyglot
from lock_holder import hold_lock

import polyglot_statement.source.extract as extract_module
from polyglot_statement.config import load_settings
from polyglot_statement.fsutil import TEMP_SUFFIX, ConcurrentEdit
from polyglot_statement.po import Catalog, format_po, read_po
from polyglot_statement.source.extract import MAX_ATTEMPTS, extract

SLUG = "wftu-andean-solidarity-peru"
EDITED = "Subregión andina de la FSM"  # the msgstr of "WFTU Andean Sub-Region" in es
NEW_PARAGRAPH = "A paragraph added while the translator works."


def _save_as_editor(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.editor-{threading.get_ident()}")
    temp.write_bytes(data)
    os.replace(temp, path)


def _with_msgstr(catalog: Catalog, msgid: str, msgstr: str) -> bytes:
    entry = catalog.find(msgid)
    assert entry is not None
    entry.msgstr = msgstr
    return format_po(catalog)


def _add_paragraph(workspace: Path) -> None:
    source = workspace / "source" / f"{SLUG}.md"
    source.write_text(source.read_text("utf-8") + f"\n{NEW_PARAGRAPH}\n", "utf-8")


def _temp_files(workspace: Path) -> list[Path]:
    return [path for path in workspace.rglob("*") if path.name.endswith(TEMP_SUFFIX)]


def test_a_save_between_extract_reading_and_writing_is_merged_not_reverted(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_paragraph(workspace)
    po = workspace / "locales/es/LC_MESSAGES" / f"{SLUG}.po"
    original_merge = extract_module.merge
    saves: list[str] = []

    def merge_then_translator_saves(*args: object, **kwargs: object) -> Catalog:
        result = original_merge(*args, **kwargs)  # type: ignore[arg-type]
        if args[2] == "es" and len(saves) < 2:
            # The translator saves after extract read the file and before it writes.
            saves.append(f"Subregión andina (edición {len(saves) + 1})")
            _save_as_editor(po, _with_msgstr(read_po(po), "WFTU Andean Sub-Region", saves[-1]))
        return result

    monkeypatch.setattr(extract_module, "merge", merge_then_translator_saves)
    report = extract(load_settings(workspace))
    catalog = read_po(po)
    entry = catalog.find("WFTU Andean Sub-Region")
    assert entry is not None and entry.msgstr == saves[-1]  # the last save, kept
    assert catalog.find(NEW_PARAGRAPH) is not None  # and extract's own change, made on it
    assert po in report.written
    assert _temp_files(workspace) == []


def test_extract_gives_up_with_a_message_when_a_file_never_stops_changing(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_paragraph(workspace)
    po = workspace / "locales/es/LC_MESSAGES" / f"{SLUG}.po"
    original_merge = extract_module.merge
    count = [0]

    def merge_then_translator_saves(*args: object, **kwargs: object) -> Catalog:
        result = original_merge(*args, **kwargs)  # type: ignore[arg-type]
        if args[2] == "es":
            count[0] += 1
            _save_as_editor(po, _with_msgstr(read_po(po), "WFTU Andean Sub-Region", f"v{count[0]}"))
        return result

    monkeypatch.setattr(extract_module, "merge", merge_then_translator_saves)
    with pytest.raises(ConcurrentEdit) as raised:
        extract(load_settings(workspace))
    assert raised.value.path == po and "run extract again" in str(raised.value)
    assert count[0] == MAX_ATTEMPTS
    entry = read_po(po).find("WFTU Andean Sub-Region")
    assert entry is not None and entry.msgstr == f"v{MAX_ATTEMPTS}"
    # Every other catalogue was brought up to date.
    fr = read_po(workspace / "locales/fr/LC_MESSAGES" / f"{SLUG}.po")
    assert fr.find(NEW_PARAGRAPH) is not None
    assert _temp_files(workspace) == []


class _Editor(threading.Thread):
    """Saves a new approved msgstr every few milliseconds until told to stop."""

    def __init__(self, path: Path, seed: int):
        super().__init__(daemon=True)
        self.path = path
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.last: str | None = None
        self.saves = 0
        self.base = read_po(path)

    def run(self) -> None:
        while not self.stop.is_set():
            self.saves += 1
            value = f"Subregión andina, versión {self.saves}"
            _save_as_editor(self.path, _with_msgstr(self.base, "WFTU Andean Sub-Region", value))
            self.last = value
            time.sleep(self.random.uniform(0, 0.004))


@pytest.mark.parametrize("seed", range(4))
def test_a_translator_saving_in_a_loop_during_extract_never_loses_a_save(
    workspace: Path, seed: int
) -> None:
    _add_paragraph(workspace)
    settings = load_settings(workspace)
    po = workspace / "locales/es/LC_MESSAGES" / f"{SLUG}.po"
    for run in range(3):
        editor = _Editor(po, seed * 10 + run)
        editor.start()
        try:
            extract(settings)
        except ConcurrentEdit:
            pass  # the documented outcome when the file never settles: it is left as saved
        finally:
            editor.stop.set()
            editor.join()
        entry = read_po(po).find("WFTU Andean Sub-Region")
        # Whatever moment extract wrote at, the editor's last save is what the file holds.
        assert entry is not None and entry.msgstr == editor.last, (editor.saves, run)
    extract(settings)
    final = read_po(po)
    assert final.find(NEW_PARAGRAPH) is not None
    entry = final.find("WFTU Andean Sub-Region")
    assert entry is not None and entry.msgstr == editor.last
    assert _temp_files(workspace) == []


def _lock_holder(workspace: Path, command: str, ready: Path) -> subprocess.Popen[bytes]:
    return hold_lock(workspace / ".polyglot", command, ready)


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


@pytest.mark.parametrize("command", ["extract", "build"])
def test_a_second_writing_command_waits_for_the_first_and_says_for_whom(
    workspace: Path, tmp_path: Path, command: str
) -> None:
    holder = _lock_holder(workspace, "translate", tmp_path / "ready")
    waiting = subprocess.Popen(
        [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert waiting.stderr is not None
    line = waiting.stderr.readline()  # blocks until the command says it waits
    assert line == f"waiting for translate (pid {holder.pid})…\n"
    assert waiting.poll() is None  # still waiting
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait()
    _stdout, stderr = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, stderr
    assert "Traceback" not in stderr


def test_the_lock_of_a_killed_command_never_wedges_the_next(
    workspace: Path, tmp_path: Path
) -> None:
    holder = _lock_holder(workspace, "extract", tmp_path / "ready")
    holder.kill()
    holder.wait()
    result = polyglot(workspace, "extract")
    assert result.exit_code == 0, result.output
    assert "waiting" not in result.output


def test_extract_removes_what_killed_runs_left_and_keeps_live_writers_files(
    workspace: Path,
) -> None:
    gone_pid = _a_dead_pid()
    stale = [
        workspace / "locales/es/LC_MESSAGES" / f".{SLUG}.po.{gone_pid}.0a0b0c0d{TEMP_SUFFIX}",
        workspace / "source" / f".{SLUG}.md.{gone_pid}.01020304{TEMP_SUFFIX}",
        workspace / ".polyglot" / f".status.json.{gone_pid}.aabbccdd{TEMP_SUFFIX}",
    ]
    live = workspace / "locales" / f".x.po.{os.getppid()}.deadbeef{TEMP_SUFFIX}"
    for path in [*stale, live]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a catalogue")
    result = polyglot(workspace, "extract")
    assert result.exit_code == 0, result.output
    assert not any(path.exists() for path in stale)
    assert live.exists()


def _a_dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)
