"""Every command: its normal output on stdout, diagnostics (warnings, errors) on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import pytest
from cli_runner import exit_and_streams as run

from polyglot_statement.cli_support import BROKEN_PIPE_EXIT

SLUG = "wftu-andean-solidarity-peru"


def test_check_says_no_problems_found_on_stdout(workspace: Path) -> None:
    assert run(workspace, "check") == (0, "no problems found\n", "")


def test_files_written_are_reported_on_stdout(workspace: Path, tmp_path: Path) -> None:
    report = tmp_path / "status.json"
    assert run(workspace, "status", "-o", str(report)) == (0, f"wrote {report}\n", "")
    glossary = tmp_path / "glossary.csv"
    code, out, err = run(workspace, "glossary", "export", "--format", "csv", "-o", str(glossary))
    assert (code, out, err) == (0, f"wrote {glossary}\n", "")


def test_a_missing_catalogue_is_a_warning_on_stderr(workspace: Path) -> None:
    (workspace / "locales" / "qu" / "LC_MESSAGES" / f"{SLUG}.po").unlink()
    code, out, err = run(workspace, "translate", "--engine", "pseudo", "--lang", "qu")
    assert code == 0 and "does not exist" not in out
    assert err == (
        f"warning: locales/qu/LC_MESSAGES/{SLUG}.po does not exist; run `polyglot extract`\n"
    )


def test_build_warns_on_stderr_and_reports_on_stdout(workspace: Path) -> None:
    source = workspace / "source" / f"{SLUG}.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\n![Strike](images/strike.jpg)\n", encoding="utf-8"
    )
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0 and out.startswith("published ") and "warning" not in out
    assert err.startswith(f"warning: source/{SLUG}.md:") and "images/strike.jpg" in err


@pytest.mark.parametrize(
    "args",
    [
        ("memory", "export", "--format", "tmx"),
        ("memory", "search", "Peru"),
        ("status", "--format", "html"),
        ("check", "--format", "json"),
        ("glossary", "export", "--format", "tbx"),
        ("build", "--allow-partial"),
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_reader_that_has_gone_ends_the_command_quietly(
    workspace: Path, args: tuple[str, ...]
) -> None:
    """`polyglot … | head -1`: once the reader closes the pipe, no message and no
    traceback, and the status a shell shows for a command SIGPIPE ended."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first byte: every write fails
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert b"error" not in finished.stderr and b"Traceback" not in finished.stderr
    assert finished.returncode == BROKEN_PIPE_EXIT == 141


def test_a_broken_pipe_elsewhere_is_still_an_error(workspace: Path) -> None:
    """Only standard output's reader going away is quiet: a pipe to another program that
    breaks is a failure to report."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    with patch("polyglot_statement.cli_exchange.select_languages", refuse):
        code, _, err = run(workspace, "glossary", "export", "--format", "csv")
    assert code == 3 and err == "error: cannot complete the command: Broken pipe\n"
