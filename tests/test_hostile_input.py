"""Input that once gave a traceback (issue 20), each in its smallest form: now
`path:line: what is wrong`, exit 2, on a copy of the example workspace."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from cli_runner import exit_and_streams, polyglot

SLUG = "wftu-andean-solidarity-peru"


def run(workspace: Path, *args: str) -> tuple[int, str]:
    code, _output, errors = exit_and_streams(workspace, *args)
    return code, errors


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


# ---------------------------------------------------------------- nesting

DEEP = {
    "emphasis": "*" * 10_000 + "x" + "*" * 10_000,
    # Smaller: inline/scan.py matches emphasis in quadratic time (reported, issue 20).
    "mixed-emphasis": "*a _" * 500 + "x" + "_ a*" * 500,
    "div": "<div>" * 10_000 + "x" + "</div>" * 10_000,
    "span": "x " + "<span>" * 10_000 + "x" + "</span>" * 10_000,
}


def append_to_statement(workspace: Path, text: str) -> int:
    """`text` as a paragraph at the end of the statement; the line it starts on."""
    path = workspace / "source" / f"{SLUG}.md"
    before = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{before}\n\n{text}\n", encoding="utf-8")
    return before.count("\n") + 3


@pytest.mark.parametrize("shape", DEEP)
def test_markup_nested_10000_deep_in_a_statement_is_refused_by_every_command(
    workspace: Path, shape: str
) -> None:
    line = append_to_statement(workspace, DEEP[shape])
    refused(
        workspace,
        f"source/{SLUG}\\.md:{line}",
        "markup nests [0-9]+ levels deep here .*at most 32",
        "extract",
        "check",
        "build",
        "status",
    )


def test_long_but_flat_markup_in_a_statement_is_accepted(workspace: Path) -> None:
    flat = " ".join(
        f"**{n}** [link {n}](https://example.org/{n}) <span>{n}</span>" for n in range(200)
    )
    append_to_statement(workspace, flat)
    for command in ("extract", "check", "build"):
        code, errors = run(workspace, command)
        assert code in (0, 1), errors  # check: the new entries are untranslated
        assert "Traceback" not in errors and "nests" not in errors


def translate_entry(workspace: Path, starts: str, msgstr: str, language: str = "es") -> int:
    """Give the entry whose msgid starts with `starts` this approved msgstr; its msgstr line."""
    from polyglot_statement.po import format_po, read_po

    path = workspace / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = read_po(path)
    entry = next(entry for entry in catalog.active if entry.msgid.startswith(starts))
    entry.msgstr = msgstr
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    path.write_bytes(format_po(catalog))
    entries = read_po(path).active
    return next(entry.msgstr_line for entry in entries if entry.msgid.startswith(starts))


@pytest.mark.parametrize(
    "msgstr",
    [
        *DEEP.values(),
        # Past the recursion limit, not 10,000: finding each `[`'s closing bracket is
        # quadratic in inline/scan.py (reported, issue 20).
        "[x](a)".join(["["] * 1_000) + "x" + "](b)" * 1_000,
        "![" * 5_000 + "x" + "](a.png)" * 5_000,
    ],
    ids=[*DEEP, "links", "images"],
)
def test_a_translation_nested_10000_deep_is_a_check_error_and_build_publishes_the_source(
    workspace: Path, msgstr: str
) -> None:
    translate_entry(workspace, "The open letter states", msgstr)
    result = polyglot(workspace, "check", "--lang", "es")
    assert result.exit_code == 1
    assert "error markdown: " in result.stdout, result.stdout
    for command in ("build --allow-partial", "status"):
        assert run(workspace, *command.split())[0] == 0, command
    code, errors = run(workspace, "export", "--lang", "es", "-o", str(workspace / "out"))
    assert code == 0, errors
    code, errors = run(workspace, "memory", "export", "-o", str(workspace / "m.tmx"))
    assert code == 0, errors
    page = (workspace / "dist" / "es" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert "The open letter states" in page  # the source's text, held back by check


def test_a_translation_with_the_sources_counts_nested_too_deep_is_a_check_error(
    workspace: Path,
) -> None:
    # The source has 40 strong emphases side by side; the translation nests the same 40:
    # equal counts, so only the depth tells.
    source = " ".join(f"**w{n}**" for n in range(40))
    append_to_statement(workspace, source)
    assert run(workspace, "extract")[0] == 0
    nested = "**" * 40 + " ".join(f"w{n}" for n in range(40)) + "**" * 40
    line = translate_entry(workspace, "**w0**", nested)
    result = polyglot(workspace, "check", "--lang", "es")
    assert result.exit_code == 1
    assert re.search(
        rf"LC_MESSAGES/{SLUG}\.po:{line}: error markdown: markup nests 40 levels deep",
        result.stdout,
    ), result.stdout
    code, errors = run(workspace, "build", "--format", "html", "--format", "txt")
    assert code == 0, errors


# ---------------------------------------------------------------- crowded markup

# markdown-it reads each delimiter in pure Python: 1 MB of `[a` took 11 s to read once.
CROWDED = {
    "links": "[a" * 50_001,
    "emphasis": "*a" * 50_001,
    "tags": "<a" * 50_001,
    "table": "|" + " a |" * 50_000 + "\n|" + "---|" * 50_000,
}


@pytest.mark.parametrize("shape", CROWDED)
def test_a_statement_crowded_with_markup_is_refused_by_every_command(
    workspace: Path, shape: str
) -> None:
    line = append_to_statement(workspace, CROWDED[shape])
    refused(
        workspace,
        f"source/{SLUG}\\.md:{line}",
        "the statement holds [0-9,]+ Markdown markup characters .*at most 30,000, or a "
        "tenth of its characters, can be read in one statement: split it",
        "extract",
        "check",
        "build",
        "status",
    )


def test_a_statement_at_the_markup_limit_is_accepted(workspace: Path) -> None:
    from polyglot_statement.source import MAX_STATEMENT_MARKUP, markup_count

    path = workspace / "source" / f"{SLUG}.md"
    room = MAX_STATEMENT_MARKUP - markup_count(path.read_text(encoding="utf-8"))
    # (`*`: a statement may hold fewer `[`, MAX_STATEMENT_BRACKETS, which cost the most.)
    append_to_statement(workspace, "*a" * room)
    code, errors = run(workspace, "extract")
    assert code == 0, errors


def test_a_long_document_of_ordinary_prose_is_not_refused_as_crowded() -> None:
    """A 1.2 MB document with the markup of real documentation (about 4 %: Docsy's docs,
    this project's) is read; the limit is for text that is mostly markup."""
    from polyglot_statement.errors import SourceError
    from polyglot_statement.source import link_definitions, markup_count

    paragraph = (
        "The union's [statement](https://example.org/s) asks for *fair* pay, `overtime` "
        "rules and a **safe** workplace for every worker in every port of the region.\n\n"
    )
    text = paragraph * (1_200_000 // len(paragraph))
    assert markup_count(text) > 30_000
    assert link_definitions(text, "long.md") is not None  # not refused
    with pytest.raises(SourceError, match="a tenth of its characters"):
        link_definitions("[a" * (len(text) // 4), "crowded.md")


@pytest.mark.parametrize("piece", ["[a", "*a", "<a", "| a "])
def test_a_translation_crowded_with_markup_is_a_check_error_and_is_not_published(
    workspace: Path, piece: str
) -> None:
    crowded = piece * 10_001
    line = translate_entry(workspace, "The open letter states", crowded)
    result = polyglot(workspace, "check", "--lang", "es")
    assert result.exit_code == 1
    assert re.search(
        rf"LC_MESSAGES/{SLUG}\.po:{line}: error markdown: the translation holds 10,001 "
        r"Markdown markup characters .*at most 10,000 \(or twice the source's\)",
        result.stdout,
    ), result.stdout
    assert "error html" not in result.stdout  # not read at all, so not reported twice
    for command in ("build --allow-partial", "status"):
        code, errors = run(workspace, *command.split())
        assert code == 0, (command, errors)
    page = (workspace / "dist" / "es" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert "The open letter states" in page and crowded not in page


def test_a_translation_with_as_much_markup_as_its_source_is_read(workspace: Path) -> None:
    # The limit is relative too: a source of 6,000 links may be translated with 6,000.
    source = " ".join(f"[w{n}](#{n})" for n in range(6_000))
    append_to_statement(workspace, source)
    assert run(workspace, "extract")[0] == 0
    translate_entry(workspace, "[w0]", source.replace("[w", "[m"))
    result = polyglot(workspace, "check", "--lang", "es")
    assert "markup characters" not in result.stdout, result.stdout


def test_memory_import_refuses_a_file_name_that_is_not_utf8(workspace: Path) -> None:
    partner = Path(os.fsdecode(os.fsencode(workspace.parent) + b"/caf\xe9.tmx"))
    shutil.copy(Path(__file__).parent / "data" / "memory" / "trados.tmx", partner)
    refused(
        workspace, "[^:]+", r"the file name 'caf\\xe9.tmx' is not UTF-8", f"memory import {partner}"
    )
    assert not (workspace / "memory").exists()


@pytest.mark.parametrize(
    ("template", "what"),
    [
        (b"<p>caf\xe9</p>", "not UTF-8 text; save the file as UTF-8"),
        (b"<p>\n{{ 1 / 0 }}</p>", "template error: ZeroDivisionError"),
        (b"{% include 'edition.html' %}", "template error: RecursionError"),
    ],
    ids=["latin-1", "division-by-zero", "includes-itself"],
)
def test_a_page_template_that_fails_is_an_error_not_a_traceback(
    workspace: Path, template: bytes, what: str
) -> None:
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / "edition.html").write_bytes(template)
    refused(workspace, "(templates|.*edition\\.html:?[0-9]*)", what, "build --format html")


def test_a_search_text_that_is_not_utf8_is_refused(workspace: Path) -> None:
    text = os.fsdecode(b"caf\xe9")  # what Python makes of a Latin-1 terminal's argument
    code, errors = run(workspace, "memory", "search", text)
    assert code == 2, errors
    assert errors.startswith("error: the text to search for is not UTF-8"), errors


def test_every_command_works_on_a_workspace_init_just_made(tmp_path: Path) -> None:
    """`init` writes `languages = []`; check once divided the work into chunks of 0."""
    polyglot(tmp_path, "init", "new", in_folder=True)
    for command in ("extract", "check", "status", "build", "glossary validate"):
        code, errors = run(tmp_path / "new", *command.split())
        assert code == 0, (command, errors)
