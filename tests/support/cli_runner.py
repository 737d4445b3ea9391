"""One strict way for tests to run the `polyglot` command: a traceback fails the test.

The design promises that bad input ends in `path:line: message`, exit code 2, never a
traceback. So every run through here fails the running test when the command raised
anything but SystemExit (click's way to exit), or when what it printed shows a Python
traceback, unless the test says it expects one (`expect_traceback=True`, or the
`polyglot` fixture under `@pytest.mark.traceback_expected`).

    polyglot(workspace, "build")             -> click's Result
    exit_and_output(workspace, "extract")    -> (exit code, stdout and stderr interleaved)
    exit_and_streams(workspace, "status")    -> (exit code, stdout, stderr)

`workspace` is passed as `-C WORKSPACE`; with `in_folder=True` the command runs in that
folder instead (as a user types it: relative paths such as init's folder are relative to
it). `run_process()` is the same check for a test that needs a real process.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from polyglot_statement.cli import main

TRACEBACK = "Traceback (most recent call last)"


def polyglot(
    workspace: Path,
    *args: str,
    in_folder: bool = False,
    env: Mapping[str, str | None] | None = None,
    input: str | bytes | None = None,
    expect_traceback: bool = False,
) -> Result:
    """Run `polyglot -C WORKSPACE ARGS...` in this process (see the module's docstring)."""
    arguments = list(args) if in_folder else ["-C", str(workspace), *args]
    place = contextlib.chdir(workspace) if in_folder else contextlib.nullcontext()
    with place:
        result = CliRunner(env=env).invoke(main, arguments, input=input)
    if not expect_traceback:
        refuse_traceback(args, result)
    return result


def exit_and_output(workspace: Path, *args: str, **options: Any) -> tuple[int, str]:
    """polyglot(), as its exit code and everything it printed (stdout and stderr)."""
    result = polyglot(workspace, *args, **options)
    return result.exit_code, result.output


def exit_and_streams(workspace: Path, *args: str, **options: Any) -> tuple[int, str, str]:
    """polyglot(), as its exit code, stdout and stderr."""
    result = polyglot(workspace, *args, **options)
    return result.exit_code, result.stdout, result.stderr


def refuse_traceback(args: Sequence[str], result: Result) -> None:
    """Fail the running test if `result` shows a traceback (an exception that escaped the
    command, or one printed)."""
    command = "polyglot " + " ".join(args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        shown = "".join(traceback.format_exception(*result.exc_info))
        pytest.fail(f"{command} raised, where it must exit with a message:\n{shown}")
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        if TRACEBACK in text:
            pytest.fail(f"{command} printed a traceback on {name}:\n{text}")


def run_process(
    arguments: Sequence[str],
    *,
    expect_traceback: bool = False,
    **options: Any,
) -> subprocess.CompletedProcess[Any]:
    """`python -m polyglot_statement ARGUMENTS` in a process of its own, as
    subprocess.run(..., capture_output=True, **options); the test fails on a traceback in
    its stderr or stdout."""
    done = subprocess.run(
        [sys.executable, "-m", "polyglot_statement", *arguments],
        capture_output=True,
        check=False,
        **options,
    )
    if not expect_traceback:
        for name, stream in (("stdout", done.stdout), ("stderr", done.stderr)):
            text = stream.decode(errors="replace") if isinstance(stream, bytes) else stream
            if TRACEBACK in text:
                pytest.fail(
                    f"polyglot {' '.join(arguments)} printed a traceback on {name}:\n{text}"
                )
    return done
