"""Ctrl-C and SIGTERM end every command with 130 and 143, never click's "Aborted!" and 1
(which says a check failed), and leave whole files behind.

Real signals go to real subprocesses stopped at a known point (a patched function touches
a marker file and sleeps), so nothing depends on timing; every other command is checked
in-process, interrupted where it loads its settings.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from cli_runner import polyglot

import polyglot_statement.cli as cli
import polyglot_statement.cli_support as cli_support
from polyglot_statement.cli import main
from polyglot_statement.errors import Interrupted
from polyglot_statement.fsutil import TEMP_SUFFIX

SIGNALS = [(signal.SIGINT, 130), (signal.SIGTERM, 143)]
INTERRUPTED = "interrupted: no file is left half-written; run the command again"
# What a command needs on its command line to get as far as reading the settings.
ARGUMENTS = {
    "memory search": ["solidarity"],
    "memory import": ["partner.tmx"],
    "import": ["back.xlf"],
    "export": ["--lang", "es"],
    "glossary export": ["--format", "csv"],
    "new": ["statement.docx"],
    "report": ["--since", "2026-01-01"],
}


def _leaf_commands(group: click.Group, prefix: str = "") -> list[str]:
    names: list[str] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names.extend(_leaf_commands(command, f"{prefix}{name} "))
        else:
            names.append(f"{prefix}{name}")
    return names


@pytest.mark.parametrize("command", _leaf_commands(main))
@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_every_command_exits_with_the_signal_s_code(
    command: str, signum: int, code: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        # What the default SIGINT handler raises, and what SIGTERM raises in a command.
        raise KeyboardInterrupt if signum == signal.SIGINT else Interrupted(signum)

    monkeypatch.setattr(cli_support, "load_settings", interrupted)
    import polyglot_statement.workspace as workspace_module

    monkeypatch.setattr(workspace_module, "init_workspace", interrupted)
    arguments = command.split() + ARGUMENTS.get(command, [])
    result = polyglot(tmp_path, *arguments)
    assert result.exit_code == code, result.output
    assert result.stderr.splitlines()[-1] == INTERRUPTED
    assert "Aborted" not in result.output


def _stopped_at(
    workspace: Path, command: str, module: str, function: str, marker: Path
) -> subprocess.Popen[str]:
    """`polyglot <command>` in a child whose `module.function` touches `marker` and then
    sleeps, as if the machine froze there; returned once it got there."""
    script = (
        "import pathlib, sys, time\n"
        f"import {module} as patched\n"
        f"original = patched.{function}\n"
        "def frozen(*args, **kwargs):\n"
        f"    pathlib.Path({str(marker)!r}).touch()\n"
        "    time.sleep(60)\n"
        "    return original(*args, **kwargs)\n"
        f"patched.{function} = frozen\n"
        "from polyglot_statement.cli import main\n"
        f"main([{command!r}])\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=workspace,
        env={**os.environ, "POLYGLOT_JOBS": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(process.communicate())
        time.sleep(0.02)
    return process


def _ended(process: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        _, error = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, error


def _left_behind(workspace: Path) -> list[Path]:
    return [
        path
        for path in workspace.rglob("*")
        if path.name.endswith(TEMP_SUFFIX) or path.name.startswith(".dist.building-")
    ]


def _valid_catalogues(workspace: Path) -> None:
    for path in workspace.glob("locales/*/LC_MESSAGES/*.po"):
        checked = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_a_signal_in_the_middle_of_extract(
    workspace: Path, tmp_path: Path, signum: int, code: int
) -> None:
    source = next(workspace.glob("source/*.md"))
    source.write_text(source.read_text("utf-8") + "\nA paragraph added before extract.\n")
    process = _stopped_at(
        workspace, "extract", "polyglot_statement.source.extract", "merge", tmp_path / "here"
    )
    process.send_signal(signum)
    returncode, error = _ended(process)
    assert returncode == code
    assert error.splitlines()[-1] == INTERRUPTED and "Aborted" not in error
    _valid_catalogues(workspace)
    assert _left_behind(workspace) == []
    # The lock went with it: the next extract neither waits nor fails.
    again = polyglot(workspace, "extract")
    assert again.exit_code == 0 and "waiting" not in again.output


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_a_signal_just_before_build_publishes(
    workspace: Path, tmp_path: Path, signum: int, code: int
) -> None:
    first = polyglot(workspace, "build")
    assert first.exit_code == 0, first.output
    before = _snapshot(workspace / "dist")
    (workspace / "templates").mkdir(exist_ok=True)
    page = Path(cli.__file__).parent / "templates" / "edition.html"
    (workspace / "templates" / "edition.html").write_text(
        page.read_text("utf-8") + "<!-- changed -->\n", "utf-8"
    )
    process = _stopped_at(
        workspace, "build", "polyglot_statement.publish.swap", "put_in_place", tmp_path / "here"
    )
    process.send_signal(signum)
    returncode, error = _ended(process)
    assert returncode == code
    assert error.splitlines()[-1] == INTERRUPTED and "Aborted" not in error
    assert _snapshot(workspace / "dist") == before  # the old build, whole
    assert _left_behind(workspace) == []  # the new one's staging folder, removed
