"""Shared fixtures: a temporary copy of the example workspace; `polyglot`, the strict CLI
runner (tests/support/cli_runner.py); `golden`, the expected-output files that
`--update-golden` rewrites (tests/support/golden.py); the programs tests need.

A test that needs a program (gettext's msgfmt and msgcat, Chromium, poppler) is marked
`@pytest.mark.needs("msgfmt")`. Without the program it is skipped, except under
`CI=true` (.ci/run sets it), where it fails: a skip would let CI pass without the test
having run.
"""

from __future__ import annotations

import os
import shutil
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import pytest
from click.testing import Result
from golden import Golden

ROOT = Path(__file__).parent.parent
IN_CI = os.environ.get("CI", "").lower() == "true"
# How to install each program a test may need (Debian's packages, as .ci/run installs them).
INSTALL = {
    "msgfmt": "apt-get install gettext",
    "msgcat": "apt-get install gettext",
    "msgmerge": "apt-get install gettext",
    "chromium": "apt-get install chromium",
    # The print editions, read back.
    "pdftotext": "apt-get install poppler-utils",
    "pdffonts": "apt-get install poppler-utils",
    "pdftoppm": "apt-get install poppler-utils",
    "pdfimages": "apt-get install poppler-utils",
    "soffice": "apt-get install libreoffice-writer-nogui",
    "fc-list": "apt-get install fontconfig",
    "fc-match": "apt-get install fontconfig",
    "setpriv": "apt-get install util-linux",
    "lint-imports": "pip install -e '.[dev]'",  # import-linter: the package layers
}


def missing(what: str) -> None:
    """Skip the running test for want of `what`; fail it under CI=true."""
    if IN_CI:
        pytest.fail(f"{what}, and CI=true: CI must install it", pytrace=False)
    pytest.skip(what)


def program(name: str) -> str:
    """The path of a program the running test needs (see missing())."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed ({INSTALL.get(name, 'install it')})")
        raise AssertionError("unreachable")  # pragma: no cover - missing() raised
    return found


def available(name: str) -> bool:
    """Whether a program an optional part of a test uses is installed; under CI=true it
    must be (the test fails otherwise)."""
    if shutil.which(name) is not None:
        return True
    if IN_CI:
        pytest.fail(f"{name} is not installed, and CI=true: CI must install it", pytrace=False)
    return False


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs"):
        for name in mark.args:
            program(name)


def copy_example_workspace(target: Path) -> Path:
    """A copy of the example workspace (settings, source, locales, glossary) at `target`."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for name in ("source", "locales", "templates"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    if (ROOT / "glossary.yml").exists():
        shutil.copy(ROOT / "glossary.yml", target / "glossary.yml")
    return target


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the example workspace in tmp_path."""
    return copy_example_workspace(tmp_path / "ws")


class Polyglot(Protocol):
    def __call__(self, workspace: Path, *args: str, **options: Any) -> Result: ...


@pytest.fixture(name="polyglot")
def polyglot_fixture(request: pytest.FixtureRequest) -> Polyglot:
    """Run `polyglot -C WORKSPACE ARGS...` (tests/support/cli_runner.py): the test fails if
    the command shows a traceback, unless it is marked `@pytest.mark.traceback_expected`."""
    # Imported here: the CLI loads only for the tests that run it.
    from cli_runner import polyglot

    expected = request.node.get_closest_marker("traceback_expected") is not None
    return partial(polyglot, expect_traceback=expected)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected-output files (tests/data/**/*.expect.*, the status and "
        "check reports, and the examples of README.md and docs/) from what the code makes "
        "now, instead of failing where they differ; then read `git diff`",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare with an expected-output file, or rewrite it under --update-golden
    (tests/support/golden.py)."""
    return Golden(update=bool(request.config.getoption("--update-golden")))
