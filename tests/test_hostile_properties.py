"""Every reader, and the command line, on generated and mutated input (issue 20).

Each reader gets text built from the syntax it reads (generated) and real files with
bytes deleted, duplicated, inserted or replaced (mutated): the example workspace's
statement, a catalogue, glossary.yml and settings, a TMX file and an XLIFF export. A
reader may refuse what it gets, with the project's own error (PolyglotError: `path:line:
what is wrong`); any other exception fails the test, as does a command that exits other
than 0, 1 or 2 or with a traceback.

The budget is bounded for CI: a fixed number of examples per reader, derandomised so
that every run tries the same inputs (a failure found once is found again). How many
inputs each reader received is counted, and checked by the last test.
"""

from __future__ import annotations

import copy
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import polyglot
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from polyglot_statement.config import load_settings
from polyglot_statement.errors import PolyglotError
from polyglot_statement.exchange.xliff import read_document
from polyglot_statement.glossary import parse_glossary
from polyglot_statement.memory.tmx import read_tmx
from polyglot_statement.po import format_po, parse_po
from polyglot_statement.publish.html import Pages
from polyglot_statement.source import link_definitions, segment_document, statement_paths

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
SLUG = "wftu-andean-solidarity-peru"
LANGUAGES = ("es", "fr", "pt", "ar", "qu")

# How many inputs each reader received in this run, and how many it refused (with its
# own error); the last test reads them.
RECEIVED: Counter[str] = Counter()
REFUSED: Counter[str] = Counter()
# Examples per reader: fast readers get many, each command run costs a second or so.
# POLYGLOT_FUZZ_SCALE=20 multiplies them and draws new inputs on every run, to hunt.
SCALE = int(os.environ.get("POLYGLOT_FUZZ_SCALE", "1"))
READER_EXAMPLES = 200 * SCALE
COMMAND_EXAMPLES = 6 * SCALE


def budget(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=SCALE == 1,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.function_scoped_fixture,
        ],
    )


# ---------------------------------------------------------------- inputs

# Pieces of every syntax the readers read, and of the attacks issue 20 lists.
TOKENS: tuple[bytes, ...] = (
    b"\n",
    b"\r\n",
    b"\r",
    b" ",
    b"\t",
    b"---\n",
    b"...\n",
    b'"',
    b"'",
    b"\\",
    b"\\n",
    b"#",
    b"#, fuzzy\n",
    b"#~ ",
    b"#| ",
    b"#: ",
    b"#. ",
    b"msgid ",
    b"msgstr ",
    b"msgctxt ",
    b"msgid_plural ",
    b"msgstr[0] ",
    b"msgstr[9] ",
    b'""\n',
    b":",
    b": ",
    b"- ",
    b"? ",
    b"&a ",
    b"*a",
    b"!!binary ",
    b"!!python/object ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"[[",
    b"]]",
    b"=",
    b" = ",
    b"<",
    b">",
    b"</",
    b"/>",
    b"&",
    b"&amp;",
    b"&#0;",
    b"&#x1F;",
    b"&e;",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE x [<!ENTITY e 'ee'>]>",
    b"<!-- ",
    b" -->",
    b"*",
    b"**",
    b"_",
    b"`",
    b"```\n",
    b"!",
    b"![",
    b"](",
    b")",
    b"|",
    b"|---|\n",
    b"> ",
    b"1. ",
    b"[^1]",
    b"[a]: ",
    b"\x00",
    b"\x0b",
    b"\x1b",
    b"\x7f",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    "é".encode(),
    "\u2028".encode(),
    "\u202e".encode(),
    "𝄞".encode(),
    b"2024-02-30",
    b"2024-13-45",
    b"9" * 5000,
    b"0x" + b"f" * 5000,
    b"1e400",
    b"nan",
    b"inf",
    b"true",
    b"null",
    b"~",
    b"<div>",
    b"</div>",
    b"<span>",
    b"<script>",
    b"javascript:",
    b'<g id="1">',
    b"</g>",
    b'<x id="2"/>',
    b'<bpt i="1">',
    b"</bpt>",
    b'<ept i="1">',
    b"<ph>",
    b"<tu>",
    b"</tu>",
    b'<tuv xml:lang="es">',
    b"</tuv>",
    b"<seg>",
    b"</seg>",
    b"<trans-unit ",
    b"<target>",
    b"</target>",
    b"<source>",
    b'state="final"',
    b'approved="yes"',
    b'target-language="es"',
    b'original="x"',
    b"{{ ",
    b" }}",
    b"{% ",
    b" %}",
    b"{# ",
    b"{{ 1/0 }}",
    b"{{ x.y.z }}",
    b"{% include 'nothing.html' %}",
    b"{% extends 'edition.html' %}",
    b"*" * 40,
    b"[" * 40,
    b"<div>" * 40,
    b"- " * 40,
    b"[" * 2000,
    b"*" * 2000,
)

_token = st.sampled_from(TOKENS)
# Mostly text: bytes that are not UTF-8 stop every reader at its first line.
_noise = st.one_of(
    st.text(min_size=1, max_size=8).map(str.encode),
    st.text(min_size=1, max_size=8).map(str.encode),
    st.binary(min_size=1, max_size=4),
)
generated = st.lists(st.one_of(_token, _token, _noise), max_size=80).map(b"".join)
_words = st.lists(st.one_of(_token, _noise), min_size=1, max_size=12).map(
    lambda pieces: b"".join(pieces).decode("utf-8", "replace")
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` with a few bytes deleted, duplicated, inserted or replaced."""
    data = original
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(("delete", "duplicate", "insert", "replace")))
        at = draw(st.integers(0, len(data)))
        length = draw(st.integers(0, 64))
        if operation == "delete":
            data = data[:at] + data[at + length :]
        elif operation == "duplicate":
            data = data[: at + length] + data[at : at + length] * draw(st.integers(1, 50))
            data += data[at + length :]
        else:
            piece = draw(st.one_of(_token, _noise))
            data = data[:at] + piece + data[at + (length if operation == "replace" else 0) :]
    return data


@st.composite
def xml_mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` (XML) still well formed, with hostile text, attributes and elements:
    what gets past the XML parser to the reader behind it."""
    root = etree.fromstring(original)
    for _ in range(draw(st.integers(1, 4))):
        elements = list(root.iter())
        element = elements[draw(st.integers(0, len(elements) - 1))]
        operation = draw(st.sampled_from(("text", "tail", "attribute", "copy", "nest", "drop")))
        value = "".join(char for char in draw(_words) if _xml_character(char))
        if operation == "text":
            element.text = value
        elif operation == "tail" and element is not root:
            element.tail = value
        elif operation == "attribute" and element.attrib:
            names = sorted(element.attrib)
            element.set(names[draw(st.integers(0, len(names) - 1))], value)
        elif operation == "copy" and element is not root:
            element.addnext(copy.deepcopy(element))
        elif operation == "nest":
            # The element inside itself, again and again: deep nesting of a real tag.
            for _ in range(draw(st.integers(1, 300))):
                inner = copy.deepcopy(element)
                inner.tail = None
                element.append(inner)
                element = inner
        elif operation == "drop" and element is not root:
            element.getparent().remove(element)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _xml_character(char: str) -> bool:
    return char in "\t\n\r" or ("\x1f" < char < "\ufffe" and not "\ud800" <= char <= "\udfff")


@st.composite
def po_mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` (a catalogue) in gettext's syntax still, with hostile text in its entries:
    what gets past the PO reader to check, status, build and export."""
    catalog = parse_po(original, "x.po")
    entries = [entry for entry in catalog.entries if entry.msgid]
    for _ in range(draw(st.integers(1, 4))):
        entry = entries[draw(st.integers(0, len(entries) - 1))]
        field = draw(st.sampled_from(("msgstr", "msgstr", "comment", "flag", "previous")))
        value = draw(_words)
        if field == "msgstr":
            entry.msgstr = draw(st.sampled_from((value, entry.msgid + value, value * 50)))
            entry.set_fuzzy(draw(st.booleans()))
        elif field == "comment":
            entry.translator_comments.append(value)
        elif field == "flag":
            entry.flags.append(value.replace(",", " ").strip() or "x")
        else:
            entry.previous_msgid = value
    return format_po(catalog)


def inputs(original: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(generated, mutated(original), mutated(original))


# Values as a YAML or TOML key takes them: where a resolver or a converter may choke.
_VALUES: tuple[bytes, ...] = (
    b"2024-02-30",
    b"2024-13-45",
    b"2024-01-01 10:00:00 +99:00",
    b"9" * 5000,
    b"-" + b"9" * 5000,
    b"0x" + b"f" * 5000,
    b"1e400",
    b"-1e400",
    b".inf",
    b"nan",
    b"inf",
    b"1_000",
    b"0o777",
    b"true",
    b"yes",
    b"null",
    b"~",
    b'""',
    b"''",
    b"[]",
    b"{}",
    b"[" * 3000 + b"]" * 3000,
    b"{a: " * 200 + b"}" * 200,
    b"!!binary aGVsbG8=",
    b"!!timestamp 2024-02-30",
    b"!!int 9999",
    b"!!float x",
    b"&a 1",
    b"*a",
    b"|\n  x",
    b'"\\u0000"',
    b'"a\nb"',
    b'"\\ud800"',
    "é".encode(),
)
_keys = st.sampled_from(
    (
        b"title",
        b"date",
        b"summary",
        b"foo",
        b"organisation",
        b"languages",
        b"source-dir",
        b"max-file-size",
        b"segmentation",
        b"site-url",
        b"formats",
        b"glossary",
        b"term",
        b"translations",
        b"es",
        b"do-not-translate",
        b"case-sensitive",
        b"note",
        b"forbidden",
    )
)
_value = st.one_of(st.sampled_from(_VALUES), _token, _noise)


@st.composite
def front_matter(draw: st.DrawFn) -> bytes:
    """A statement whose front matter sets keys to hostile values."""
    lines = [
        key + b": " + value for key, value in draw(st.lists(st.tuples(_keys, _value), max_size=6))
    ]
    return b"---\n" + b"\n".join(lines) + b"\n---\n\nThe text.\n" + draw(generated)


@st.composite
def toml_settings(draw: st.DrawFn) -> bytes:
    """polyglot.toml setting keys to hostile values."""
    lines = [
        key + b" = " + value for key, value in draw(st.lists(st.tuples(_keys, _value), max_size=6))
    ]
    return b'languages = ["es"]\n' + b"\n".join(lines) + b"\n"


@st.composite
def glossary_terms(draw: st.DrawFn) -> bytes:
    """glossary.yml with hostile values where a term's fields are."""
    entries = []
    for key, value in draw(st.lists(st.tuples(_keys, _value), min_size=1, max_size=6)):
        entries.append(b"  - term: " + draw(_value) + b"\n    " + key + b": " + value)
    return b"terms:\n" + b"\n".join(entries) + b"\n"


def read(path: Path) -> bytes:
    return path.read_bytes()


def text(reader: str, data: bytes) -> str | None:
    """The text a reader of UTF-8 gets; None, counted as refused, for bytes that are not
    UTF-8 (fsutil.read_utf8 refuses them, with their line, before any reader sees them)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        RECEIVED[reader] += 1
        REFUSED[reader] += 1
        return None


def refuses_only_in_its_own_words(reader: str, attempt: Callable[[], object]) -> None:
    RECEIVED[reader] += 1
    try:
        attempt()
    except PolyglotError as error:
        REFUSED[reader] += 1
        assert str(error), "an error must say what is wrong"


# ---------------------------------------------------------------- the readers


STATEMENT = read(ROOT / "source" / f"{SLUG}.md")
CATALOGUE = read(ROOT / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po")
GLOSSARY = read(ROOT / "glossary.yml")
SETTINGS = read(ROOT / "pyproject.toml")
# The same settings as polyglot.toml holds them: [tool.polyglot] at the top level.
POLYGLOT_TOML = SETTINGS[
    SETTINGS.index(b"[tool.polyglot]\n") + len(b"[tool.polyglot]\n") :
].replace(b"[tool.polyglot.", b"[")
TMX = read(DATA / "memory" / "trados.tmx")
XLIFF = read(DATA / "exchange" / "trados.xlf")
TEMPLATE = read(ROOT / "src" / "polyglot_statement" / "templates" / "edition.html")


def copy_workspace(folder: Path) -> Path:
    target = folder / "ws"
    target.mkdir()
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copy(ROOT / "glossary.yml", target / "glossary.yml")
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, target / name)
    return target


def command_name(arguments: tuple[str, ...]) -> str:
    group = arguments[0] in ("glossary", "memory")
    return "command line: " + " ".join(arguments[: 2 if group else 1])


def invoke(workspace: Path, *arguments: str) -> Any:
    # One worker: the work runs in this process, where a traceback is seen.
    result = polyglot(workspace, *arguments, env={"POLYGLOT_JOBS": "1"})  # fails on a traceback
    assert result.exit_code in (0, 1, 2), (arguments, result.exit_code, result.output)
    if result.exit_code == 2:
        assert result.stderr.startswith("error: "), result.stderr
        REFUSED[command_name(arguments)] += 1
    return result


def _example_export() -> bytes:
    """The example workspace's Spanish catalogue exported as XLIFF, as a CAT tool gets it."""
    with tempfile.TemporaryDirectory() as folder:
        workspace = copy_workspace(Path(folder))
        invoke(workspace, "export", "--lang", "es", "-o", str(workspace / "out"))
        return (workspace / "out" / f"{SLUG}.es.xlf").read_bytes()


EXPORT = _example_export()


STATEMENT_READER = "statement (front matter, Markdown)"


@budget(READER_EXAMPLES)
@given(st.one_of(inputs(STATEMENT), mutated(STATEMENT[:400]), front_matter()))
@example(b"---\ndate: 2024-02-30\n---\n\nText.\n")  # the reproductions of issue 20
@example(b"---\nfoo: 2024-13-45\n---\n\nText.\n")
@example(b"---\nfoo: " + b"9" * 5000 + b"\n---\n\nText.\n")
@example(b"*" * 10_000 + b"x" + b"*" * 10_000)
@example(b"[" * 10_000 + b"x" + b"]" * 10_000)
@example(b"<div>" * 10_000 + b"x" + b"</div>" * 10_000)
def test_statements_and_their_front_matter(data: bytes) -> None:
    statement = text(STATEMENT_READER, data)
    if statement is None:
        return

    def attempt() -> None:
        link_definitions(statement, "source/x.md")  # what check reads of a statement
        document = segment_document(statement, "source/x.md", sentence_language=None)
        for segment in document.segments:
            assert document.text[segment.start : segment.end] is not None

    refuses_only_in_its_own_words(STATEMENT_READER, attempt)


@budget(READER_EXAMPLES)
@given(st.sampled_from(("polyglot.toml", "pyproject.toml")), st.data())
@example("polyglot.toml", b"max-file-size = 1e400\n")  # the reproductions of issue 20
@example("polyglot.toml", b"max-file-size = " + b"9" * 5000 + b"\n")
@example("polyglot.toml", b"foo = " + b"[" * 3000 + b"]" * 3000 + b"\n")
def test_settings(name: str, data: st.DataObject | bytes) -> None:
    if isinstance(data, bytes):
        content = data
    else:
        original = POLYGLOT_TOML if name == "polyglot.toml" else SETTINGS
        strategies = [inputs(original)]
        if name == "polyglot.toml":
            strategies.append(toml_settings())
        content = data.draw(st.one_of(strategies))
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, name).write_bytes(content)

        def attempt() -> None:
            found = load_settings(Path(folder))
            assert found.bounds is not None  # resolves the folders the settings name

        refuses_only_in_its_own_words(f"settings ({name})", attempt)


@budget(READER_EXAMPLES)
@given(st.one_of(inputs(GLOSSARY), glossary_terms()))
@example(b"terms: " + b"[" * 10_000 + b"]" * 10_000)  # the reproduction of issue 20
def test_glossary(data: bytes) -> None:
    glossary = text("glossary", data)
    if glossary is None:
        return

    def attempt() -> None:
        loaded = parse_glossary(glossary, Path("glossary.yml"), "en")
        loaded.notes("The WFTU Andean sub-region and the working class of Peru.", "es")
        for language in LANGUAGES:
            loaded.for_language(language).problems("WFTU", "FSM")

    refuses_only_in_its_own_words("glossary", attempt)


@budget(READER_EXAMPLES)
@given(st.one_of(inputs(CATALOGUE), po_mutated(CATALOGUE)))
def test_catalogues(data: bytes) -> None:
    def attempt() -> None:
        catalog = parse_po(data, "locales/es/LC_MESSAGES/x.po")
        # What was read can be written, and the writing read back.
        parse_po(format_po(catalog), "locales/es/LC_MESSAGES/x.po")

    refuses_only_in_its_own_words("catalogue (.po)", attempt)


@budget(READER_EXAMPLES)
@given(st.one_of(inputs(TMX), xml_mutated(TMX), xml_mutated(TMX)))
def test_translation_memories(data: bytes) -> None:
    refuses_only_in_its_own_words(
        "translation memory (TMX)",
        lambda: read_tmx(data, Path("memory/x.tmx"), "en", LANGUAGES),
    )


@budget(READER_EXAMPLES)
@given(st.one_of(inputs(EXPORT), xml_mutated(EXPORT), xml_mutated(XLIFF)))
def test_xliff_documents(data: bytes) -> None:
    refuses_only_in_its_own_words(
        "XLIFF document",
        lambda: read_document(data, Path("in.xlf"), [SLUG, "example"], "en", LANGUAGES),
    )


@budget(READER_EXAMPLES)
@given(
    st.lists(
        st.one_of(st.sampled_from(TOKENS[:40]), st.binary(min_size=1, max_size=6)),
        min_size=1,
        max_size=6,
    ).map(b"".join)
)
def test_statement_file_names(name: bytes) -> None:
    """Any name a file system holds: refused, or usable in every file the tool writes."""
    name = name.replace(b"/", b"_").replace(b"\x00", b"_")[:200] + b".md"
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(os.fsencode(folder), b"source")
        os.mkdir(source)
        with open(os.path.join(source, name), "wb") as file:
            file.write(b"Hello.\n")
        Path(folder, "polyglot.toml").write_text('languages = ["es"]\n')
        RECEIVED["statement file name"] += 1
        try:
            (path,) = statement_paths(load_settings(Path(folder)))
        except PolyglotError:
            REFUSED["statement file name"] += 1
            return
        shown = os.fsdecode(path.name)
        shown.encode("utf-8")  # written into catalogues, pages, JSON
        assert not any(char in shown for char in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


# ---------------------------------------------------------------- templates


class Renders(list[tuple[str, dict[str, Any], str | None]]):
    """Page renders recorded during a build; shown short in Hypothesis's reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} page renders>"


@pytest.fixture(scope="module")
def rendered_pages() -> Iterator[tuple[Path, Renders]]:
    """A built copy of the example workspace, and every page render its build asked for
    (template, context, language): the contexts a mutated template is rendered with."""
    calls = Renders()
    original = Pages.render

    def recording(
        self: Pages, name: str, context: dict[str, Any], language: str | None = None
    ) -> str:
        calls.append((name, context, language))
        return original(self, name, context, language)

    with tempfile.TemporaryDirectory() as folder:
        workspace = copy_workspace(Path(folder))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Pages, "render", recording)
            result = invoke(workspace, "build", "--format", "html")
        assert result.exit_code == 0, result.output
        assert any(name == "edition.html" for name, _, _ in calls)
        yield workspace, calls


@budget(READER_EXAMPLES // 2)
@given(data=st.one_of(inputs(TEMPLATE), mutated(TEMPLATE)))
def test_templates(rendered_pages: tuple[Path, Renders], data: bytes) -> None:
    workspace, calls = rendered_pages
    templates = workspace / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "edition.html").write_bytes(data)
    pages = Pages(load_settings(workspace))
    name, context, language = next(call for call in calls if call[0] == "edition.html")
    refuses_only_in_its_own_words(
        "page template (edition.html)", lambda: pages.render(name, context, language)
    )


# ---------------------------------------------------------------- the command line


FILES = {
    f"source/{SLUG}.md": STATEMENT,
    f"locales/es/LC_MESSAGES/{SLUG}.po": CATALOGUE,
    "glossary.yml": GLOSSARY,
    "pyproject.toml": SETTINGS,
}
COMMANDS = (
    ("check",),
    ("status",),
    ("extract",),
    ("build", "--format", "html", "--format", "txt", "--allow-partial"),
    ("export", "--lang", "es", "-o", "{workspace}/xliff"),
    ("glossary", "validate"),
    ("glossary", "export", "--format", "tbx"),
    ("memory", "search", "Peru"),
    ("translate", "--engine", "pseudo", "--lang", "ar"),
    ("status", "--by", "statement", "--format", "html"),
    ("check", "--format", "json"),
)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
@budget(COMMAND_EXAMPLES)
@given(file=st.sampled_from(sorted(FILES)), data=st.data())
def test_commands_on_a_workspace_with_one_file_mutated(
    command: tuple[str, ...], file: str, data: st.DataObject
) -> None:
    original = FILES[file]
    how = po_mutated(original) if file.endswith(".po") else mutated(original)
    content = data.draw(st.one_of(how, mutated(original)), label="content")
    with tempfile.TemporaryDirectory() as folder:
        workspace = copy_workspace(Path(folder))
        (workspace / file).write_bytes(content)
        RECEIVED[command_name(command)] += 1
        invoke(workspace, *(argument.format(workspace=workspace) for argument in command))


def _new_workspace_settings() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        polyglot(Path(folder), "init", "new", in_folder=True)
        return Path(folder, "new", "polyglot.toml").read_bytes()


NEW_SETTINGS = _new_workspace_settings()  # as `polyglot init` writes them: no language yet


@budget(2 * COMMAND_EXAMPLES)
@given(command=st.sampled_from(COMMANDS[:4]), data=st.data())
def test_commands_on_a_new_workspace_with_its_settings_mutated(
    command: tuple[str, ...], data: st.DataObject
) -> None:
    settings_text = data.draw(st.one_of(st.just(NEW_SETTINGS), mutated(NEW_SETTINGS)))
    with tempfile.TemporaryDirectory() as folder:
        polyglot(Path(folder), "init", "new", in_folder=True)
        workspace = Path(folder, "new")
        (workspace / "polyglot.toml").write_bytes(settings_text)
        RECEIVED[command_name(command)] += 1
        invoke(workspace, *command)


@budget(2 * COMMAND_EXAMPLES)
@given(data=st.one_of(mutated(EXPORT), xml_mutated(EXPORT), xml_mutated(EXPORT)))
def test_importing_a_mutated_xliff_export(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        workspace = copy_workspace(Path(folder))
        incoming = workspace / f"{SLUG}.es.xlf"
        incoming.write_bytes(data)
        RECEIVED[command_name(("import",))] += 1
        invoke(workspace, "import", str(incoming))


def test_each_reader_received_its_inputs() -> None:
    """The budget was spent (run with the module: alone it has nothing to count)."""
    if not RECEIVED:
        pytest.skip("run with the rest of the module")
    for reader, count in sorted(RECEIVED.items()):
        print(f"{reader}: {count} inputs, {REFUSED[reader]} refused")
    assert min(RECEIVED.values()) >= 1
    assert len(RECEIVED) >= 9
