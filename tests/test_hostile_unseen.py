"""Attacks and accidents issue 20's list did not name, found by trying every command on
copies of the example workspace: each in its smallest form, with what the tool now does
(`path: what is wrong, and how to fix it`, exit 2, nothing replaced or written through)."""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import exit_and_streams

SLUG = "wftu-andean-solidarity-peru"


def run(workspace: Path, *args: str) -> tuple[int, str]:
    code, _output, errors = exit_and_streams(workspace, *args)
    assert "Traceback" not in errors
    return code, errors


class Hung(BaseException):
    """Not an OSError (as TimeoutError is): a reader that catches those must not take the
    watchdog's alarm for an unreadable file and carry on."""


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Turns a hang (a FIFO opened for reading) into a failure instead of a stuck suite."""

    def expired(signum: int, frame: object) -> None:
        raise Hung("the command hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir], ids=["fifo", "folder"])
def test_extract_never_replaces_a_fifo_or_folder_at_a_template(
    workspace: Path, make: object
) -> None:
    """A FIFO at the .pot path was silently replaced by a regular file (exit 0); a folder
    there was a system fault (exit 3)."""
    template = workspace / "locales" / "templates" / f"{SLUG}.pot"
    template.unlink()
    make(template)  # type: ignore[operator]
    code, errors = run(workspace, "extract")
    assert code == 2, errors
    assert f"templates/{SLUG}.pot: is a " in errors
    assert "the tool replaces only regular files: move it away" in errors
    kept = os.lstat(template).st_mode
    assert stat.S_ISFIFO(kept) or stat.S_ISDIR(kept)


def test_a_fifo_at_the_glossary_is_refused_by_status_not_waited_on(
    workspace: Path, watchdog: None
) -> None:
    """status hashed glossary.yml for its findings cache with a plain read: it waited
    forever on a FIFO (check and build refused it)."""
    glossary = workspace / "glossary.yml"
    glossary.unlink()
    os.mkfifo(glossary)
    for command in ("status", "check"):
        code, errors = run(workspace, command)
        assert code == 2, (command, errors)
        assert "glossary.yml: is a named pipe (FIFO), not a regular file" in errors


def test_a_templates_folder_linked_out_of_the_workspace_is_not_read(
    workspace: Path, tmp_path: Path
) -> None:
    """`templates` committed as a link to a folder elsewhere on the build machine: its
    edition.html was rendered and published, as if it were the workspace's."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "edition.html").write_text("FROM OUTSIDE {{ 6 * 7 }}", "utf-8")
    (workspace / "templates").symlink_to(elsewhere)
    code, errors = run(workspace, "build")
    assert code == 2, errors
    assert "templates/edition.html: is a link to " in errors
    assert "outside the workspace" in errors
    assert not (workspace / "dist").exists()


def test_a_templates_folder_linked_inside_the_workspace_is_read(workspace: Path) -> None:
    shared = workspace / "shared-templates"
    shared.mkdir()
    (shared / "edition.html").write_text("OURS {{ 6 * 7 }}", "utf-8")
    (workspace / "templates").symlink_to("shared-templates")
    code, errors = run(workspace, "build")
    assert code == 0, errors
    assert "OURS 42" in (workspace / "dist" / "es" / f"{SLUG}.html").read_text("utf-8")
