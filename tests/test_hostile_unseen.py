"""Attacks and accidents issue 20's list did not name, found by trying every command on
copies of the example workspace: each in its smallest form, with what the tool now does
(`path: what is wrong, and how to fix it`, exit 2, nothing replaced or written through)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import exit_and_streams

SLUG = "wftu-andean-solidarity-peru"
DATA = Path(__file__).parent / "data"


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


@pytest.mark.parametrize("name", ["index.md", "Index.md"])
def test_a_statement_named_index_is_refused_by_every_command(workspace: Path, name: str) -> None:
    """Its edition dist/<lang>/index.html was silently written over by the language's
    front page: a published translation lost, exit 0."""
    source = workspace / "source"
    (source / name).write_bytes((source / f"{SLUG}.md").read_bytes())
    for command in ("extract", "status", "check", "build"):
        code, errors = run(workspace, command)
        assert code == 2, (command, errors)
        assert f"source/{name}: a statement may not be named `index`" in errors


def test_new_refuses_a_title_that_would_name_the_statement_index(
    workspace: Path, tmp_path: Path
) -> None:
    document = tmp_path / "index.txt"
    document.write_text("Index\n\nThe body.\n", "utf-8")
    code, errors = run(workspace, "new", str(document))
    assert code == 2, errors
    assert "may not be named `index`" in errors and "--slug" in errors
    assert not (workspace / "source" / "index.md").exists()


def test_a_statement_name_too_long_for_its_files_is_refused_before_anything_is_written(
    workspace: Path,
) -> None:
    """A 240-byte name is a valid file name, but its temp files are not: extract failed
    half-way as a system fault (`File name too long`, exit 3)."""
    name = "a" * 240 + ".md"
    source = workspace / "source"
    (source / name).write_bytes((source / f"{SLUG}.md").read_bytes())
    for command in ("extract", "status", "build"):
        code, errors = run(workspace, command)
        assert code == 2, (command, errors)
        assert "the statement's name is 240 bytes long" in errors and "at most 200" in errors
    assert not list((workspace / "locales").rglob("a" * 240 + "*"))


def test_the_longest_statement_name_allowed_is_written_by_every_command(
    workspace: Path, tmp_path: Path
) -> None:
    slug = "a" * 200
    source = workspace / "source"
    (source / f"{slug}.md").write_bytes((source / f"{SLUG}.md").read_bytes())
    for command in (
        "extract",
        "build",
        "translate --engine pseudo",
        f"export --lang es -o {tmp_path}",
    ):
        code, errors = run(workspace, *command.split())
        assert code == 0, (command, errors)
    assert (tmp_path / f"{slug}.es.xlf").is_file()


@pytest.mark.parametrize(
    ("first", "second"),
    [("Strike.md", "strike.md"), ("caf\u00e9.md", "cafe\u0301.md")],
    ids=["case", "nfc-nfd"],
)
def test_statements_one_file_on_macos_or_windows_are_refused(
    workspace: Path, first: str, second: str
) -> None:
    source = workspace / "source"
    for name in (first, second):
        (source / name).write_bytes((source / f"{SLUG}.md").read_bytes())
    code, errors = run(workspace, "extract")
    assert code == 2, errors
    assert "only by letter case or Unicode normalisation" in errors
    assert not list((workspace / "locales").rglob("*caf*")) + list(
        (workspace / "locales").rglob("*trike*")
    )


TMX = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    '<header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
    'adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
    '<tu><tuv xml:lang="en"><seg>Peru</seg></tuv><tuv xml:lang="es"><seg>{}</seg></tuv></tu>\n'
    "</body>\n</tmx>\n"
)


@pytest.mark.parametrize(
    ("data", "line"),
    [(TMX.format("Per\0u").encode(), 5), (b"", 1)],
    ids=["raw-nul", "empty"],
)
def test_a_broken_tmx_is_one_line_naming_its_line(
    workspace: Path, tmp_path: Path, data: bytes, line: int
) -> None:
    """libxml2's message for a raw NUL spans two lines, and an empty file's line was 0."""
    memory = tmp_path / "partner.tmx"
    memory.write_bytes(data)
    code, errors = run(workspace, "memory", "import", str(memory))
    assert code == 2, errors
    assert errors.count("\n") == 1, errors
    assert f"partner.tmx:{line}: not well-formed XML: " in errors
    assert "export it again from the program that made it" in errors
    assert not (workspace / "memory" / "partner.tmx").exists()


def test_xml_nested_past_the_parsers_limit_gives_no_advice_the_user_cannot_follow(
    workspace: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "out"
    assert run(workspace, "export", "--lang", "es", "-o", str(exported))[0] == 0
    document = exported / f"{SLUG}.es.xlf"
    text = document.read_text("utf-8")
    deep = '<g id="1">' * 300 + "x" + "</g>" * 300
    document.write_text(text.replace("Subregión andina de la FSM", deep, 1), "utf-8")
    code, errors = run(workspace, "import", str(document))
    assert code == 2, errors
    assert "Excessive depth in document" in errors and "XML_PARSE_HUGE" not in errors


@pytest.mark.parametrize(
    "command",
    [
        "status -o reports/status.json",
        "memory export -o reports/memory.tmx",
        "glossary export --format tbx -o reports/glossary.tbx",
        "export --lang es -o reports",
    ],
)
def test_an_output_folder_linked_out_of_the_workspace_is_refused(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """`reports` committed as a link to /etc, and CI running `-o reports/…` as root: the
    report was written there, over any file of that name."""
    victim = tmp_path / "etc"
    victim.mkdir()
    (victim / f"{SLUG}.es.xlf").write_text("keep", "utf-8")
    (workspace / "reports").symlink_to(victim)
    monkeypatch.chdir(workspace)
    code, errors = run(workspace, *command.split())
    assert code == 2, errors
    assert (
        "reports/" in errors
        and f"its folder is a link to {victim}, outside the workspace" in errors
    )
    assert [path.name for path in victim.iterdir()] == [f"{SLUG}.es.xlf"]
    assert (victim / f"{SLUG}.es.xlf").read_text("utf-8") == "keep"


def test_an_output_named_outside_the_workspace_is_written(workspace: Path, tmp_path: Path) -> None:
    report = tmp_path / "elsewhere" / "status.json"
    report.parent.mkdir()
    code, errors = run(workspace, "status", "-o", str(report))
    assert code == 0, errors
    assert report.is_file()


def test_a_catalogue_saved_with_old_mac_line_endings_is_refused_not_emptied(
    workspace: Path,
) -> None:
    """Lines ended by a carriage return alone were one comment line: the catalogue read as
    empty (0 % approved), and extract rewrote it without a single translation."""
    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    saved = catalogue.read_bytes().replace(b"\n", b"\r")
    catalogue.write_bytes(saved)
    for command in ("extract", "status", "check", "build", "translate --engine pseudo"):
        code, errors = run(workspace, *command.split())
        assert code == 2, (command, errors)
        assert f"{SLUG}.po:1: a carriage return alone ends a line here" in errors
    assert catalogue.read_bytes() == saved


def test_a_carriage_return_inside_a_translation_is_kept_as_gettext_keeps_it(
    workspace: Path,
) -> None:
    """msgfmt reads a raw carriage return inside a quoted string as that character (msgcat
    writes it `\\r`): only one that ends a line is old Mac OS line endings. The catalogue
    was refused whole, a translator's other translations with it."""
    from polyglot_statement.po import iter_po, parse_po

    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    data = catalogue.read_bytes()
    edited = data.replace(b'msgstr "Subregi', b'msgstr "\rSubregi', 1)
    assert edited != data
    catalogue.write_bytes(edited)
    entries = parse_po(edited, catalogue).entries
    assert "\rSubregión andina de la FSM" in [entry.msgstr for entry in entries]
    assert list(iter_po(edited, catalogue))[1:] == entries
    for command in ("status", "check"):
        code, errors = run(workspace, command)
        assert "carriage return" not in errors, (command, errors)
        assert code in (0, 1), (command, errors)


def test_a_carriage_return_before_a_line_end_is_a_blank(workspace: Path) -> None:
    """`\\r\\r\\n` (a CRLF file converted to CRLF again) or a last line cut after its CR:
    msgfmt reads the lone CR as a blank; it ends no line that holds anything."""
    from polyglot_statement.po import parse_po

    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    data = catalogue.read_bytes()
    expected = [(entry.msgid, entry.msgstr) for entry in parse_po(data, catalogue).entries]
    for odd in (data.replace(b"\n", b"\r\r\n"), data.rstrip(b"\n").replace(b"\n", b"\r\n") + b"\r"):
        read = parse_po(odd, catalogue).entries
        assert [(entry.msgid, entry.msgstr) for entry in read] == expected


def test_a_catalogue_with_windows_line_endings_is_still_read(workspace: Path) -> None:
    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    catalogue.write_bytes(catalogue.read_bytes().replace(b"\n", b"\r\n"))
    code, errors = run(workspace, "status", "--format", "json")
    assert code == 0, errors


def test_a_statement_saved_with_old_mac_line_endings_is_read_as_with_lf(workspace: Path) -> None:
    """Its front matter was `never closed` (the closing fence was looked for after `\\n`
    only), though everything else reads a carriage return alone as a line break."""
    statement = workspace / "source" / f"{SLUG}.md"
    catalogues = sorted((workspace / "locales").rglob("*.po*"))
    before = [path.read_bytes() for path in catalogues]
    statement.write_bytes(statement.read_bytes().replace(b"\n", b"\r"))
    code, errors = run(workspace, "extract")
    assert code == 0, errors
    assert [path.read_bytes() for path in catalogues] == before
    assert run(workspace, "build")[0] == 0


def test_settings_saved_with_a_byte_order_mark_are_read(workspace: Path) -> None:
    """Notepad's UTF-8 starts with a BOM: `invalid TOML: Invalid statement (at line 1)`."""
    settings = workspace / "pyproject.toml"
    settings.write_bytes(b"\xef\xbb\xbf" + settings.read_bytes())
    code, errors = run(workspace, "status")
    assert code == 0, errors


def test_settings_that_are_not_utf8_name_the_line(workspace: Path) -> None:
    settings = workspace / "pyproject.toml"
    text = settings.read_bytes()
    settings.write_bytes(text.replace(b"[tool.polyglot]\n", b"[tool.polyglot]\n# caf\xe9\n", 1))
    line = text[: text.index(b"[tool.polyglot]")].count(b"\n") + 2
    code, errors = run(workspace, "status")
    assert code == 2, errors
    assert f"pyproject.toml:{line}: not UTF-8 text; save the file as UTF-8" in errors


@pytest.mark.parametrize("folder", ["source", ".", "..", "dist/../locales"])
def test_an_output_folder_holding_the_inputs_is_refused_before_a_build_deletes_them(
    workspace: Path, folder: str
) -> None:
    """`output-dir = "source"` with a manifest.json lying in source/: the build replaced
    the folder whole, and the statements were gone."""
    settings = workspace / "pyproject.toml"
    text = settings.read_text("utf-8")
    settings.write_text(
        text.replace("[tool.polyglot]\n", f'[tool.polyglot]\noutput-dir = "{folder}"\n', 1),
        "utf-8",
    )
    (workspace / "source" / "manifest.json").write_text("{}", "utf-8")
    statements = sorted((workspace / "source").iterdir())
    for command in ("build", "status"):
        code, errors = run(workspace, command)
        assert code == 2, (command, errors)
        assert "pyproject.toml:" in errors and "`output-dir`" in errors
        assert "which each build would delete" in errors
    assert sorted((workspace / "source").iterdir()) == statements


@pytest.mark.parametrize("folder", ["locales/qu", "locales/templates"])
def test_extract_writes_nothing_into_a_folder_linked_out_of_the_workspace(
    workspace: Path, tmp_path: Path, folder: str
) -> None:
    """`locales/templates` committed as a link to /etc/cron.d: extract made and wrote
    `<slug>.pot` there (a new file: nothing judged where its folder was)."""
    victim = tmp_path / "victim"
    victim.mkdir()
    linked = workspace / folder
    shutil.rmtree(linked)
    linked.symlink_to(victim)
    code, errors = run(workspace, "extract")
    assert code == 2, errors
    assert f"its folder is a link to {victim}" in errors and "outside the workspace" in errors
    assert list(victim.iterdir()) == []


def test_new_writes_no_image_into_a_folder_linked_out_of_the_workspace(
    workspace: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (workspace / "source" / "pic").symlink_to(victim)
    document = DATA / "intake" / "mammoth-tiny-picture.docx"
    code, errors = run(workspace, "new", str(document), "--slug", "pic")
    assert code == 2, errors
    assert f"source/pic/image1.png: its folder is a link to {victim}" in errors
    assert list(victim.iterdir()) == []
    assert not (workspace / "source" / "pic.md").exists()


def test_memory_import_writes_nothing_through_a_memory_folder_linked_out(
    workspace: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (workspace / "memory").symlink_to(victim)
    code, errors = run(workspace, "memory", "import", str(DATA / "memory" / "omegat.tmx"))
    assert code == 2, errors
    assert "memory/omegat.tmx: its folder is a link to" in errors
    assert list(victim.iterdir()) == []


def test_folders_linked_inside_the_workspace_are_followed(workspace: Path) -> None:
    (workspace / "locales").rename(workspace / "shared-locales")
    (workspace / "locales").symlink_to("shared-locales")
    for command in ("extract", "status", "build"):
        code, errors = run(workspace, command)
        assert code == 0, (command, errors)


def test_a_folder_linked_out_of_the_workspace_is_refused_saying_to_name_it(
    workspace: Path, tmp_path: Path
) -> None:
    """`locales` a link to the translations kept elsewhere: the catalogues in it are no
    links, and copying each one in (what the message said) is not the way out; naming the
    folder in the settings is."""
    elsewhere = tmp_path / "translations"
    shutil.move(workspace / "locales", elsewhere)
    (workspace / "locales").symlink_to(elsewhere)
    code, errors = run(workspace, "status")
    assert code == 2, errors
    assert "outside the workspace" in errors
    assert "copy the file" not in errors
    assert "name the real folder in the settings" in errors


def test_a_locales_folder_the_settings_name_outside_the_workspace_is_used(
    workspace: Path, tmp_path: Path
) -> None:
    """Named in the settings, a folder elsewhere is the user's choice; `status` failed with
    a traceback on it (a page-words path taken relative to the workspace)."""
    elsewhere = tmp_path / "translations"
    shutil.move(workspace / "locales", elsewhere)
    settings = workspace / "pyproject.toml"
    text = settings.read_text("utf-8")
    settings.write_text(
        text.replace("[tool.polyglot]\n", f'[tool.polyglot]\nlocales-dir = "{elsewhere}"\n', 1),
        "utf-8",
    )
    for command in ("extract", "status", "check", "build"):
        code, errors = run(workspace, command)
        assert code == 0, (command, errors)


def test_a_pdf_edition_of_a_source_folder_the_settings_name_outside_is_built(
    workspace: Path, tmp_path: Path
) -> None:
    """The PDF's base address was the statement's path taken relative to the workspace: a
    traceback for a `source-dir` elsewhere."""
    elsewhere = tmp_path / "statements"
    shutil.move(workspace / "source", elsewhere)
    settings = workspace / "pyproject.toml"
    text = settings.read_text("utf-8")
    settings.write_text(
        text.replace("[tool.polyglot]\n", f'[tool.polyglot]\nsource-dir = "{elsewhere}"\n', 1),
        "utf-8",
    )
    code, errors = run(workspace, "build", "--format", "pdf")
    assert code == 0, errors
    assert (workspace / "dist" / "es" / f"{SLUG}.pdf").read_bytes()[:5] == b"%PDF-"
