"""Every command has help with an example and a section in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from polyglot_statement.cli import main

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "polyglot") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


COMMANDS = _commands(main)


def test_every_planned_command_exists() -> None:
    assert {"init", "extract"} <= set(main.commands)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_command_has_help_with_an_example(path: str, command: click.Command) -> None:
    assert command.help and len(command.help) > 40, path
    if not isinstance(command, click.Group):
        assert "polyglot " in command.help, f"{path}: help should show an example"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_command_has_a_readme_section(path: str, command: click.Command) -> None:
    top = " ".join(path.split()[:2])
    assert f"## {top}" in README, f"README.md has no '## {top}' section"
    assert path in README, f"README.md never mentions `{path}`"
