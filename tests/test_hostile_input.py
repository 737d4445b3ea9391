"""Input that once gave a traceback (issue 20), each in its smallest form: now
`path:line: what is wrong`, exit 2, on a copy of the example workspace."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyglot_statement.cli import main

SLUG = "wftu-andean-solidarity-peru"


def run(workspace: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["-C", str(workspace), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.stderr


def refused(workspace: Path, where: str, what: str, *commands: str) -> None:
    """Each command exits 2 with `where: ...what...` on stderr, no traceback."""
    for command in commands or ("extract", "check", "build"):
        code, errors = run(workspace, *command.split())
        assert code == 2, (command, errors)
        assert "Traceback" not in errors
        # Paths are shown from the current folder, which is not the workspace here.
        assert re.search(rf"^error: (?:.*/)?{where}: .*{what}", errors, re.MULTILINE), errors


def front_matter(workspace: Path, line: str) -> None:
    """`line` added to the statement's front matter, as its line 4."""
    path = workspace / "source" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nlanguage: en\n", f"\n{line}\nlanguage: en\n", 1), "utf-8")


def settings(workspace: Path, line: str) -> int:
    """`line` added to [tool.polyglot]; the line number it has."""
    path = workspace / "pyproject.toml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index("[tool.polyglot]") + 1
    lines.insert(at, line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-45"])
@pytest.mark.parametrize("key", ["date", "foo"])
def test_an_impossible_date_in_front_matter_is_a_finding_at_its_line(
    workspace: Path, key: str, value: str
) -> None:
    front_matter(workspace, f"{key}: {value}")
    refused(workspace, f"source/{SLUG}\\.md:4", f"`{value}` is not a real date")


def test_a_5000_digit_number_in_front_matter_is_refused_at_its_line(workspace: Path) -> None:
    front_matter(workspace, "foo: " + "9" * 5000)
    refused(workspace, f"source/{SLUG}\\.md:4", "number too long to read")


def test_a_5000_digit_number_in_the_settings_is_refused_at_its_line(workspace: Path) -> None:
    line = settings(workspace, "max-file-size = " + "9" * 5000)
    refused(workspace, f"pyproject\\.toml:{line}", "more digits than can be read", "status")


@pytest.mark.parametrize("value", ["1e400", "-1e400", "inf", "nan"])
def test_an_infinite_max_file_size_is_refused(workspace: Path, value: str) -> None:
    line = settings(workspace, f"max-file-size = {value}")
    refused(workspace, f"pyproject\\.toml:{line}", "`max-file-size` must be a size", "status")


def test_arrays_3000_deep_in_the_settings_are_refused(workspace: Path) -> None:
    line = settings(workspace, "foo = " + "[" * 3000 + "]" * 3000)
    refused(workspace, f"pyproject\\.toml:{line}", "nest more than 100 deep", "status")


@pytest.mark.parametrize(
    "glossary",
    [
        "terms: " + "[" * 10_000 + "]" * 10_000,
        "terms:\n" + "- " * 10_000 + "x\n",
    ],
    ids=["flow", "block"],
)
def test_a_list_10000_deep_in_the_glossary_is_refused(workspace: Path, glossary: str) -> None:
    (workspace / "glossary.yml").write_text(glossary, encoding="utf-8")
    refused(workspace, r"glossary\.yml:[12]", "nest more than 100 deep", "check")


@pytest.mark.parametrize("links", [("loop.md", "loop.md"), ("a.md", "b.md")])
def test_a_link_loop_among_the_statements_is_refused(
    workspace: Path, links: tuple[str, str]
) -> None:
    first, second = links
    os.symlink(first, workspace / "source" / second)
    if second != first:
        os.symlink(second, workspace / "source" / first)
    refused(workspace, rf"source/{first.replace('.', '[.]')}", "points back")


def test_a_link_loop_for_an_image_is_a_missing_image(workspace: Path) -> None:
    os.symlink("loop.png", workspace / "source" / "loop.png")
    statement = workspace / "source" / f"{SLUG}.md"
    statement.write_text(statement.read_text("utf-8") + "\n![x](loop.png)\n", "utf-8")
    assert run(workspace, "extract")[0] == 0
    code, errors = run(workspace, "build", "--format", "html", "--format", "docx")
    assert code == 0, errors
    assert "loop.png: source/loop.png does not exist" in errors


@pytest.mark.parametrize(
    ("name", "shown", "what"),
    [
        (b"caf\xe9.md", r"'caf\xe9.md'", "is not UTF-8"),
        (b"a\nb.md", r"'a\nb.md'", "holds a line break"),
        (b"a\rb.md", r"'a\rb.md'", "holds a line break"),
        ("a\u2028b.md".encode(), r"'a\xe2\x80\xa8b.md'", "holds a line break"),
    ],
    ids=["latin-1", "newline", "carriage-return", "line-separator"],
)
def test_a_statement_file_name_that_cannot_be_written_is_refused(
    workspace: Path, name: bytes, shown: str, what: str
) -> None:
    source = workspace / "source"
    data = (source / f"{SLUG}.md").read_bytes()
    with open(os.path.join(os.fsencode(source), name), "wb") as file:
        file.write(data)
    refused(workspace, "source", f"the file name {re.escape(shown)} {what}", "extract", "status")
    # Nothing was written for it, nor for the good statement beside it.
    assert not list((workspace / "locales" / "es" / "LC_MESSAGES").glob("a*"))


def test_a_memory_file_name_that_is_not_utf8_is_refused(workspace: Path) -> None:
    (workspace / "memory").mkdir()
    (Path(os.fsdecode(os.fsencode(workspace / "memory") + b"/caf\xe9.tmx"))).write_text("x")
    refused(workspace, "memory", r"the file name 'caf\\xe9.tmx' is not UTF-8", "memory search Peru")


@pytest.mark.parametrize("value", ["a\\u0000b", "a\\nb"])
@pytest.mark.parametrize("key", ["source-dir", "locales-dir", "glossary", "output-dir"])
def test_a_workspace_path_setting_with_a_nul_or_line_break_is_refused(
    workspace: Path, key: str, value: str
) -> None:
    line = settings(workspace, f'{key} = "{value}"')
    refused(workspace, f"pyproject\\.toml:{line}", f"`{key}`: the file name", "status")
