"""XLIFF and TMX that other tools make from our .po files come back with no loss.

Files are generated in the test with translate-toolkit's converters (po2xliff, po2tmx,
po2csv/csv2po) from the workspace's own catalogues, edited as a CAT tool or a
spreadsheet would, and imported: the catalogue then differs from before by exactly the
new translations, byte for byte."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from lxml import etree
from memory_workspace import FIRST_ES, FIRST_FR, fill, write_workspace
from test_memory import prefilled

from polyglot_statement.config import Settings
from polyglot_statement.exchange import IMPORTED, TAGS_DIFFER, import_xliff
from polyglot_statement.memory import APPROVE
from polyglot_statement.memory.transfer import import_memory
from polyglot_statement.po import APPROVED, format_po, parse_po, read_po

CALL = (
    "We call on all affiliates to send **messages of solidarity** to the "
    "[union](https://example.org/union) and to use `#DockersStrike`."
)
LISBON = "The dockers of Lisbon have been on strike since 7 May."
MARCH = "More than 1,500 workers joined the march on Monday."
# What a translator types in a tool that shows the msgid as text: Markdown as text.
NEW_FR = {
    CALL: (
        "Nous appelons tous les affiliés à envoyer des **messages de solidarité** au "
        "[syndicat](https://example.org/union) et à utiliser `#DockersStrike`."
    ),
    LISBON: "Les dockers de Lisbonne sont en grève depuis le 7 mai.",
    MARCH: "Plus de 1 500 travailleurs ont rejoint la marche lundi.",
}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = write_workspace(tmp_path / "ws")
    fill(settings, "first", "fr", FIRST_FR)
    return settings


def convert(tool: str, *args: str | Path) -> None:
    subprocess.run(
        [sys.executable, "-m", f"translate.convert.{tool}", *map(str, args)],
        check=True,
        capture_output=True,
    )


def first_fr_as_xliff(settings: Settings, tmp_path: Path) -> tuple[Path, bytes, Path]:
    """The French catalogue of "first", its bytes before any import, and the XLIFF that
    po2xliff makes of it."""
    catalogue = settings.catalog_path("fr", "first")
    before = catalogue.read_bytes()
    xliff = tmp_path / "first.fr.xlf"
    convert("po2xliff", catalogue, xliff)
    return catalogue, before, xliff


def translate_units(path: Path, translations: Mapping[str, str], **attributes: str) -> None:
    """A CAT tool's save: the units with an empty target get the translation of their
    source, and the attributes given (approved, state…)."""
    tree = etree.parse(str(path))
    for unit in tree.iter("{*}trans-unit"):
        source = "".join(unit.find("{*}source").itertext())
        target = unit.find("{*}target")
        if source in translations and not (target.text or ""):
            target.text = translations[source]
            for name, value in attributes.items():
                (target if name == "state" else unit).set(name, value)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def expected(before: bytes, translations: Mapping[str, str]) -> bytes:
    """The catalogue with exactly these entries translated and approved, as fill writes."""
    catalog = parse_po(before)
    for entry in catalog.active:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            entry.set_fuzzy(False)
    return format_po(catalog)


def test_a_po2xliff_file_comes_back_with_only_the_new_translations(
    settings: Settings, tmp_path: Path
) -> None:
    catalogue, before, xliff = first_fr_as_xliff(settings, tmp_path)
    assert b"x-gettext-domain-header" in xliff.read_bytes()  # the PO header, as a unit
    translate_units(xliff, NEW_FR, approved="yes", state="translated")
    result = import_xliff(settings, [xliff])
    statuses = {o.msgid: o.status for item in result.imports for o in item.outcomes}
    assert result.not_imported == [] and result.findings == ()
    assert {msgid for msgid, status in statuses.items() if status == IMPORTED} == set(NEW_FR)
    assert catalogue.read_bytes() == expected(before, NEW_FR)


def test_a_po2xliff_target_brings_no_markup_its_source_lacks(
    settings: Settings, tmp_path: Path
) -> None:
    catalogue, before, xliff = first_fr_as_xliff(settings, tmp_path)
    # Markdown the source has not (a second link): refused, nothing changes.
    translate_units(
        xliff,
        {CALL: NEW_FR[CALL].replace("au ", "au [site](https://t.example/) ")},
        approved="yes",
        state="translated",
    )
    result = import_xliff(settings, [xliff])
    assert [o.status for o in result.not_imported] == [TAGS_DIFFER]
    assert catalogue.read_bytes() == before
    convert("po2xliff", catalogue, xliff)
    translate_units(
        xliff,
        {
            # The link's target edited: the source's comes back; text stays text.
            CALL: "Envoyez des **messages** au [syndicat](javascript:alert(1)) &copy; "
            "et `#DockersStrike`.",
            # No markup in the source: what looks like markup is text.
            MARCH: "Plus de 1 500 [travailleurs](https://t.example/) <b>lundi</b>.",
        },
        approved="yes",
        state="translated",
    )
    result = import_xliff(settings, [xliff])
    assert result.not_imported == []
    catalog = read_po(catalogue)
    assert [catalog.find(msgid).msgstr for msgid in (CALL, MARCH)] == [  # type: ignore[union-attr]
        "Envoyez des **messages** au [syndicat](https://example.org/union) &amp;copy; "
        "et `#DockersStrike`.",
        "Plus de 1 500 \\[travailleurs\\](https://t.example/) &lt;b>lundi&lt;/b>.",
    ]


def test_a_spreadsheet_round_trip_through_csv2po_comes_back(
    settings: Settings, tmp_path: Path
) -> None:
    """po2csv for a spreadsheet, csv2po back against the catalogue, po2xliff for import."""
    catalogue = settings.catalog_path("fr", "first")
    before = catalogue.read_bytes()
    sheet = tmp_path / "first.csv"
    convert("po2csv", catalogue, sheet)
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"))))
    for row in rows:
        if len(row) >= 3 and row[1] in NEW_FR and not row[2]:
            row[2] = NEW_FR[row[1]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    sheet.write_text(out.getvalue(), encoding="utf-8")
    returned = tmp_path / "returned.po"
    convert("csv2po", "--unescape-formulas", "-t", catalogue, sheet, returned)
    xliff = tmp_path / "first.fr.xlf"
    convert("po2xliff", returned, xliff)
    result = import_xliff(settings, [xliff])
    assert result.not_imported == []
    assert catalogue.read_bytes() == expected(before, NEW_FR)


def test_a_po2tmx_memory_fills_a_new_catalogue_exactly(tmp_path: Path) -> None:
    """po2tmx writes Markdown as text on both sides: read as the source's markup."""
    donor = write_workspace(tmp_path / "donor")
    fill(donor, "first", "es", FIRST_ES)
    memory = tmp_path / "partner.tmx"
    convert("po2tmx", "-l", "es", donor.catalog_path("es", "first"), memory)
    assert b"**mensajes de solidaridad**" in memory.read_bytes()
    settings = write_workspace(tmp_path / "ws")
    import_memory(settings, memory)
    spanish = prefilled(settings, "first", exact=APPROVE)["es"]
    for msgid, text in FIRST_ES.items():
        entry = spanish.find(msgid)
        assert entry is not None and (entry.msgstr, entry.state) == (text, APPROVED), msgid


def test_a_file_named_after_a_tools_job_finds_its_statement_by_resname(
    settings: Settings, tmp_path: Path
) -> None:
    xliff = tmp_path / "job-4711.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '<file original="job-4711.xlf" source-language="en" target-language="fr" '
        'datatype="plaintext"><body><group resname="first.md">\n'
        f'<trans-unit id="u1"><source>{MARCH}</source>'
        f'<target state="translated">{NEW_FR[MARCH]}</target></trans-unit>\n'
        "</group></body></file></xliff>\n",
        encoding="utf-8",
    )
    result = import_xliff(settings, [xliff])
    assert [item.statement for item in result.imports] == ["first"]
    entry = read_po(settings.catalog_path("fr", "first")).find(MARCH)
    assert entry is not None and (entry.msgstr, entry.state) == (NEW_FR[MARCH], APPROVED)


def test_units_are_matched_by_msgctxt_when_the_file_carries_one() -> None:
    """Two entries with one msgid: the unit's x-po-msgctxt context (translate-toolkit's,
    Okapi's) says which; without one, neither is guessed."""
    from polyglot_statement.exchange.apply import NOT_FOUND, apply_units
    from polyglot_statement.exchange.xliff import read_document
    from polyglot_statement.po import Catalog, Entry

    catalog = Catalog(
        entries=[
            Entry(msgid="Yes", msgctxt="vote", extracted_comments=["table cell"]),
            Entry(msgid="Yes", msgctxt="answer", extracted_comments=["table cell"]),
        ]
    )
    data = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        b'<file original="first.po" source-language="en" target-language="fr" '
        b'datatype="po"><body>\n'
        b'<trans-unit id="1"><source>Yes</source><target state="translated">Pour</target>'
        b'<context-group name="po-entry" purpose="information">'
        b'<context context-type="x-po-msgctxt">vote</context></context-group>'
        b'<alt-trans><source>Yes</source><target>Oui</target><context-group name="po-entry">'
        b'<context context-type="x-po-msgctxt">answer</context></context-group></alt-trans>'
        b"</trans-unit>\n"
        b'<trans-unit id="2"><source>Yes</source><target state="translated">Oui</target>'
        b"</trans-unit>\n</body></file></xliff>\n"
    )
    (incoming,) = read_document(data, Path("x.xlf"), ["first"], "en", ["fr"])
    outcomes = apply_units(catalog, incoming.units, overwrite=False)
    assert [outcome.status for outcome in outcomes] == [IMPORTED, NOT_FOUND]
    assert [(entry.msgctxt, entry.msgstr) for entry in catalog.entries] == [
        ("vote", "Pour"),
        ("answer", ""),
    ]
