"""Text in is text out: what a translator types in a CAT tool reaches the catalogue as
text that publishes exactly as typed; markup comes only through the unit's own tags,
and a target whose tags are not its source's is refused at its line."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from cli_runner import polyglot
from lxml import etree
from memory_workspace import FIRST_FR, add_statement, fill, write_workspace
from test_memory import prefilled

from polyglot_statement.config import Settings
from polyglot_statement.exchange import IMPORTED, TAGS_DIFFER, export_xliff, import_xliff
from polyglot_statement.memory import APPROVE
from polyglot_statement.memory.tmx import read_tmx
from polyglot_statement.memory.transfer import import_memory
from polyglot_statement.po import APPROVED, read_po
from polyglot_statement.source import new_parser
from polyglot_statement.source.extract import extract

NS = "urn:oasis:names:tc:xliff:document:1.2"
CALL = (
    "We call on all affiliates to send **messages of solidarity** to the "
    "[union](https://example.org/union) and to use `#DockersStrike`."
)
MARCH = "More than 1,500 workers joined the march on Monday."
TYPED = (
    "&copy; <b>x</b> *y* _x_ `code` ~~z~~ [x](javascript:alert(1)) "
    "![i](https://t.example/p.png) \\*"
)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = write_workspace(tmp_path / "ws")
    fill(settings, "first", "fr", FIRST_FR)
    return settings


def exported(settings: Settings, tmp_path: Path) -> Path:
    (document,) = export_xliff(settings, ["fr"], ["first"], tmp_path / "out").documents
    return document.path


def set_target(path: Path, source_start: str, target_xml: str, state: str = "translated") -> int:
    """Give the unit whose source starts so this target (XML content); its line."""
    tree = etree.parse(str(path))
    for unit in tree.iter(f"{{{NS}}}trans-unit"):
        source = unit.find(f"{{{NS}}}source")
        if "".join(source.itertext()).startswith(source_start):
            target = unit.find(f"{{{NS}}}target")
            fragment = etree.fromstring(f'<target xmlns="{NS}">{target_xml}</target>')
            target.text = fragment.text
            for child in list(target):
                target.remove(child)
            target.extend(list(fragment))
            target.set("state", state)
            tree.write(str(path), xml_declaration=True, encoding="UTF-8")
            unit_id = unit.get("id")
            written = etree.parse(str(path)).find(f".//{{{NS}}}trans-unit[@id='{unit_id}']")
            return int(written.find(f"{{{NS}}}target").sourceline)
    raise AssertionError(source_start)


def published(markdown: str) -> str:
    """What a reader sees: the inline HTML of the edition's renderer, tags and all."""
    return str(new_parser().enable("strikethrough").renderInline(markdown))


def french(settings: Settings, msgid: str):  # type: ignore[no-untyped-def]
    found = read_po(settings.catalog_path("fr", "first")).find(msgid)
    assert found is not None
    return found


def test_what_a_translator_types_publishes_as_typed(settings: Settings, tmp_path: Path) -> None:
    path = exported(settings, tmp_path)
    set_target(path, "More than", html.escape(TYPED, quote=False))
    result = import_xliff(settings, [path])
    assert [o.status for i in result.imports for o in i.outcomes if o.msgid == MARCH] == [IMPORTED]
    entry = french(settings, MARCH)
    assert entry.state == APPROVED
    # Everything typed is text on the page: no entity, tag, emphasis, code, link or image.
    assert published(entry.msgstr) == html.escape(TYPED)


def test_text_around_the_units_own_tags_stays_text(settings: Settings, tmp_path: Path) -> None:
    path = exported(settings, tmp_path)
    set_target(
        path,
        "We call",
        'Envoyez des <g id="0" ctype="bold">messages</g> au '
        '<g id="1" ctype="link">syndicat</g> &amp;amp; <ph id="2" ctype="x-code">`x`</ph> '
        "*vite* &lt;i&gt;",
    )
    import_xliff(settings, [path])
    entry = french(settings, CALL)
    # The tags bring the source's Markdown (its link target, its code span); the text is text.
    assert entry.msgstr == (
        "Envoyez des **messages** au [syndicat](https://example.org/union) &amp;amp; "
        "`#DockersStrike` \\*vite\\* &lt;i>"
    )
    assert published(entry.msgstr) == (
        'Envoyez des <strong>messages</strong> au <a href="https://example.org/union">syndicat</a>'
        " &amp;amp; <code>#DockersStrike</code> *vite* &lt;i&gt;"
    )


def test_plain_text_is_left_as_typed(settings: Settings, tmp_path: Path) -> None:
    """Nothing in it Markdown reads: the catalogue shows it as typed, unescaped."""
    path = exported(settings, tmp_path)
    set_target(path, "More than", "Plus de 1 500 : 5 * 3 = 15, a_b, C:\\chemin &amp; co")
    import_xliff(settings, [path])
    assert french(settings, MARCH).msgstr == "Plus de 1 500 : 5 * 3 = 15, a_b, C:\\chemin & co"


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        (
            '<g id="0">a</g> <g id="0">b</g> <g id="1">c</g> <ph id="2"/>',
            "opening tag 0 is there 2 times; closing tag 0 is there 2 times",
        ),
        (
            '<g id="0">a</g> <g id="1">c</g> <ph id="2"/> <ph id="9">[x](javascript:alert(1))</ph>',
            "placeholder 9 is not in the source",
        ),
        ('<g id="0">a</g> <g id="1">c</g>', "placeholder 2 is missing"),
        # All there, once, but crossed: bold closes inside the link it opened around.
        ('<bx id="0"/>a <bx id="1"/>b<ex id="0"/> c<ex id="1"/> <ph id="2"/>', "a stray"),
    ],
    ids=["duplicated", "unknown", "missing", "crossed"],
)
def test_a_target_whose_tags_are_not_its_sources_is_refused_at_its_line(
    settings: Settings, tmp_path: Path, target: str, problem: str
) -> None:
    fill(settings, "first", "fr", {CALL: "Un brouillon."}, machine=True)
    path = exported(settings, tmp_path)
    line = set_target(path, "We call", target)
    set_target(path, "More than", "Plus de 1 500 travailleurs.")
    before = french(settings, CALL)
    result = polyglot(settings.root, "import", str(path))
    assert result.exit_code == 1, result.output
    assert f"{path}:{line}: the translation's tags do not match the source's (" in result.output
    assert problem in result.output
    after = french(settings, CALL)
    assert (after.msgstr, after.state, after.translator_comments) == (
        before.msgstr,
        before.state,
        before.translator_comments,
    )
    # The rest of the file came in.
    assert french(settings, MARCH).msgstr == "Plus de 1 500 travailleurs."
    statuses = [o.status for o in import_xliff(settings, [path]).not_imported]
    assert statuses == [TAGS_DIFFER]


def tmx(datatype: str, translation_xml: str, source_xml: str = MARCH) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" '
        f'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" '
        f'datatype="{datatype}"/><body><tu><tuv xml:lang="en"><seg>{source_xml}</seg></tuv>'
        f'<tuv xml:lang="es"><seg>{translation_xml}</seg></tuv></tu></body></tmx>'
    ).encode()


@pytest.mark.parametrize("datatype", ["plaintext", "markdown"])
def test_a_memory_approved_from_a_tmx_segment_publishes_as_typed(
    tmp_path: Path, datatype: str
) -> None:
    """Whatever a TMX says it is (another tool's, or ours), its text is text: an exact
    match approved from it publishes what the segment shows."""
    settings = write_workspace(tmp_path / "ws")
    partner = tmp_path / "partner.tmx"
    partner.write_bytes(tmx(datatype, html.escape(TYPED, quote=False)))
    import_memory(settings, partner)
    add_statement(settings, "second", f"---\ntitle: Again\n---\n\n{MARCH}\n")
    extract(settings)
    entry = prefilled(settings, "second", exact=APPROVE)["es"].find(MARCH)
    assert entry is not None and entry.state == APPROVED
    assert published(entry.msgstr) == html.escape(TYPED)


def test_our_own_memory_is_read_back_exactly_but_codes_its_source_lacks_are_not(
    tmp_path: Path,
) -> None:
    def read(data: bytes) -> str:
        (unit,) = read_tmx(data, tmp_path / "m.tmx", "en", ("es",)).units
        return unit.translation

    source = 'Send <bpt i="1" type="bold">**</bpt>messages<ept i="1">**</ept> now.'
    ours = 'Envíe <bpt i="1" type="bold">**</bpt>mensajes<ept i="1">**</ept> ya: 5 * 3.'
    assert read(tmx("markdown", ours, source)) == "Envíe **mensajes** ya: 5 * 3."
    # A link the source does not have, in codes that only claim to be ours.
    link = 'Envíe <bpt i="1" type="link">[</bpt>mensajes<ept i="1">](javascript:alert(1))</ept>.'
    assert read(tmx("markdown", link, source)) == "Envíe mensajes."
