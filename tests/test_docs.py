"""Every command has help with an example, a section in the CLI reference (current with
its --help) and a mention in a workflow page of docs/."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from cogapp import Cog

from polyglot_statement.cli import main

DOCS = Path(__file__).parent.parent / "docs"
REFERENCE = DOCS / "cli-reference.md"
# The pages that explain how to work (not the generated reference, nor the evidence).
WORKFLOW_PAGES = [
    DOCS / f"{name}.md"
    for name in (
        "statements",
        "translators",
        "coordinators",
        "publishers",
        "machine-translation",
        "glossary",
        "memory",
        "weblate",
        "configuration",
        "formats",
        "files-and-safety",
    )
]


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


def test_cli_reference_is_current() -> None:
    # cog --check exits 5 when regenerating would change the file.
    status = Cog().main(["cog", "--check", str(REFERENCE)])
    assert status == 0, "docs/cli-reference.md is out of date: run `cog -r docs/cli-reference.md`"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_command_is_in_the_cli_reference(path: str, command: click.Command) -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    assert f"\n## {path}\n" in reference, f"docs/cli-reference.md has no '## {path}' section"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_command_is_explained_in_a_workflow_page(path: str, command: click.Command) -> None:
    mentioned = [page.name for page in WORKFLOW_PAGES if path in page.read_text(encoding="utf-8")]
    assert mentioned, f"no page of docs/ (besides the CLI reference) mentions `{path}`"


ROOT = DOCS.parent
README = ROOT / "README.md"
# Written on another branch at the same time as these pages; drop once it is merged.
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _prose(page: Path) -> str:
    """The page without code blocks and code spans, where brackets are not links."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


def _anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_anchor(line.lstrip("#")) for line in text.splitlines() if line.startswith("#")}


def test_readme_stays_short() -> None:
    assert len(README.read_bytes()) <= 8 * 1024, "README.md is for the first five minutes"


@pytest.mark.parametrize(
    "page",
    [
        README,
        ROOT / "CONTRIBUTING.md",
        ROOT / "benchmarks" / "README.md",
        *sorted(DOCS.glob("*.md")),
    ],
    ids=lambda page: page.relative_to(ROOT).as_posix(),
)
def test_relative_links_lead_somewhere(page: Path) -> None:
    text = _prose(page)
    for target in _LINK.findall(text):
        if "://" in target or target.startswith("mailto:"):
            continue
        name, _, anchor = target.partition("#")
        linked = (page.parent / name).resolve() if name else page
        assert linked.exists(), f"{page.name}: {target} leads nowhere"
        if anchor:
            assert anchor in _anchors(linked), f"{page.name}: {target}: no such heading"


def test_the_readme_and_contributing_name_what_ci_installs() -> None:
    # .ci/run installs what the tests need on a clean machine; someone following the
    # README or CONTRIBUTING.md by hand must learn the same list (npm was missing).
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    packages = {
        name for group in re.findall(r"need\+=\(([^)]*)\)", script) for name in group.split()
    }
    assert {"gettext", "chromium", "npm"} <= packages
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    named = set(re.findall(r"[\w.+-]+", contributing))
    assert sorted(packages - named) == [], "CONTRIBUTING.md's system packages leave these out"

    readme = README.read_text(encoding="utf-8")
    for tool in ("gettext", "chromium", "npm"):
        assert tool in readme, f"README.md does not say the tests need {tool}"
