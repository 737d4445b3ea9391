"""A language found on disk (`locales/de/…`, as Weblate's "Add new translation" makes
it) but not in the settings gets one warning, with the line to write, in every command
that reads catalogues; nothing else changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_runner import polyglot

from polyglot_statement.config import load_settings, undeclared_languages

LINE = 'write: languages = ["es", "fr", "pt", "ar", "qu", "de"]'


@pytest.fixture
def weblate_added_german(workspace: Path) -> Path:
    shutil.copytree(workspace / "locales" / "es", workspace / "locales" / "de")
    return workspace


@pytest.mark.parametrize(
    "command",
    [
        ["extract"],
        ["status"],
        ["status", "--format", "json"],
        ["check"],
        ["build", "--format", "md"],
        ["export", "--format", "xliff", "--lang", "es", "-o", "{workspace}/xliff"],
        ["memory", "search", "solidarity"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_every_command_that_reads_catalogues_warns_once(
    weblate_added_german: Path, command: list[str]
) -> None:
    arguments = [part.format(workspace=weblate_added_german) for part in command]
    result = polyglot(weblate_added_german, *arguments)
    assert result.exit_code in (0, 1), result.output
    lines = [line for line in result.stderr.splitlines() if "locales/de" in line]
    assert len(lines) == 1, result.stderr
    (line,) = lines
    number = next(
        index
        for index, text in enumerate(
            (weblate_added_german / "pyproject.toml").read_text().splitlines(), 1
        )
        if text.startswith("languages")
    )
    assert line.startswith(f"warning: pyproject.toml:{number}: locales/de holds catalogues")
    assert line.endswith(LINE)
    assert "locales/de" not in result.stdout  # standard output stays what it was


def test_nothing_to_say_when_every_language_is_declared(workspace: Path) -> None:
    (workspace / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)
    # Only the page words of a language (the package's domain): no language of statements.
    (workspace / "locales" / "de" / "LC_MESSAGES" / "polyglot_statement.po").write_text(
        'msgid ""\nmsgstr ""\n'
    )
    assert undeclared_languages(load_settings(workspace)) == []
    result = polyglot(workspace, "status")
    assert result.stderr == ""
