"""OpenXLIFF's XLIFF of our own .po files comes back with no loss.

The files in tests/data/foreign/openxliff-from-our-po/ are OpenXLIFF Filters 5.2.0's
conversion (its PO filter, `convert.sh -type PO -embed`) of the example workspace's
catalogues; tests/data/foreign/README.md says how they were made. That filter keeps a
.po's string literals as they stand: escapes such as `\\"` stay, and every line wrap of
the .po is a new line in `<source>` and `<target>` (its merge writes a target back
between quotes as it is). A translator's save is simulated on them as Swordfish would
make it (targets typed, `approved="yes"` on a confirmed unit, `approved="no"` left on a
draft); the catalogue then differs from before by exactly the new translations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import copy_example_workspace
from lxml import etree

from polyglot_statement.cli import main
from polyglot_statement.po import Catalog, format_po, parse_po

FROM_OUR_PO = Path(__file__).parent / "data" / "foreign" / "openxliff-from-our-po"
SLUG = "wftu-andean-solidarity-peru"

# unit id → (the target as typed in the tool, in OpenXLIFF's form; approved?)
EDITS: dict[str, dict[str, tuple[str, bool]]] = {
    # Approved translations replaced (imported with --overwrite).
    "es": {
        "2": ("Subregión Andina de la FSM", True),
        "5": ("La carta abierta dice lo siguiente:", True),
    },
    # A draft confirmed as it stands: only its fuzzy flag (and previous source) go.
    "ar": {"9": ("", True)},
    # New translations: a quote typed as the .po's escape, a long one typed over two
    # lines as the .po wraps it, one left as a draft.
    "qu": {
        "6": ("Munasqa Perú Republicapa embajadorninkuna.", True),
        "7": ('Perú Republicapa \\"embajadorninkuna\\".', True),
        "3": (
            "\nKunan punchaw, WFTU-pa Andes suyunpa Kamachiq Comitenpa munasqanwan, \n"
            "kichasqa qillqatam Perú embajadakunaman apachikun, Latinoamerica \n"
            "suyukunapi, Perú llaqtata yanapanapaq, golpe de Estado qhipanta, \n"
            "Presidente Pedro Castillo hapisqa kasqanmanta.",
            False,
        ),
    },
}
# What each edit must put in the catalogue's msgstr.
EXPECTED_TEXT = {
    ("qu", "7"): 'Perú Republicapa "embajadorninkuna".',
    ("qu", "3"): (
        "Kunan punchaw, WFTU-pa Andes suyunpa Kamachiq Comitenpa munasqanwan, kichasqa "
        "qillqatam Perú embajadakunaman apachikun, Latinoamerica suyukunapi, Perú "
        "llaqtata yanapanapaq, golpe de Estado qhipanta, Presidente Pedro Castillo "
        "hapisqa kasqanmanta."
    ),
}


def run(workspace: Path, *args: str) -> Result:
    result = CliRunner().invoke(main, ["-C", str(workspace), *args])
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert "Traceback" not in result.output
    return result


def translated(language: str, target: Path) -> dict[str, str]:
    """The checked-in file with a translator's edits saved into it at `target`; the
    source text (as OpenXLIFF wrote it) of each unit edited."""
    tree = etree.parse(str(FROM_OUR_PO / f"{SLUG}.{language}.xlf"))
    sources: dict[str, str] = {}
    for unit in tree.iter("{*}trans-unit"):
        edit = EDITS[language].get(unit.get("id"))
        if edit is None:
            continue
        text, approved = edit
        sources[unit.get("id")] = unit.find("{*}source").text
        if text:
            element = unit.find("{*}target")
            if element is None:
                element = etree.Element(etree.QName(unit, "target"))
                unit.find("{*}source").addnext(element)
            element.text = text
        unit.set("approved", "yes" if approved else "no")
    tree.write(str(target), xml_declaration=True, encoding="UTF-8")
    return sources


def expected_catalogue(before: bytes, language: str, sources: dict[str, str]) -> bytes:
    """The catalogue as it was, with exactly the edits: the new text, the entry approved
    (no fuzzy flag, no previous source) or a draft (fuzzy)."""
    catalog: Catalog = parse_po(before, Path("before.po"))
    by_msgid = {entry.msgid: entry for entry in catalog.entries}
    for unit_id, (text, approved) in EDITS[language].items():
        entry = by_msgid[sources[unit_id].replace("\n", "")]
        if text:
            entry.msgstr = EXPECTED_TEXT.get((language, unit_id), text)
        entry.set_fuzzy(not approved)
        if approved:
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    return format_po(catalog)


@pytest.mark.parametrize("language", ["es", "ar", "qu"])
def test_openxliff_files_of_our_po_import_unchanged(tmp_path: Path, language: str) -> None:
    """As converted, no edit: every unit is found, and no byte of the catalogue changes."""
    workspace = copy_example_workspace(tmp_path / "ws")
    catalogue = workspace / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"
    before = catalogue.read_bytes()
    result = run(workspace, "import", str(FROM_OUR_PO / f"{SLUG}.{language}.xlf"))
    assert result.exit_code == 0, result.output
    assert "another source" not in result.output and "not imported" not in result.output
    found = re.search(
        r"0 imported, (\d+) unchanged(?:, (\d+) with an empty target)?\n", result.output
    )
    assert found is not None, result.output
    assert int(found[1]) + int(found[2] or 0) == 16  # every entry of the catalogue
    assert catalogue.read_bytes() == before


@pytest.mark.parametrize("language", ["es", "ar", "qu"])
def test_openxliff_files_of_our_po_round_trip_with_only_the_edits(
    tmp_path: Path, language: str
) -> None:
    workspace = copy_example_workspace(tmp_path / "ws")
    catalogue = workspace / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"
    before = catalogue.read_bytes()
    saved = tmp_path / f"{SLUG}.{language}.xlf"
    sources = translated(language, saved)
    result = run(workspace, "import", "--overwrite", str(saved))
    assert result.exit_code == 0, result.output
    assert f"{len(EDITS[language])} imported" in result.output
    assert catalogue.read_bytes() == expected_catalogue(before, language, sources)


def test_openxliff_bad_escape_is_refused_by_line(tmp_path: Path) -> None:
    """A backslash typed bare is no .po escape: OpenXLIFF's merge would write a broken
    .po; import names the line and writes nothing."""
    workspace = copy_example_workspace(tmp_path / "ws")
    catalogue = workspace / "locales" / "qu" / "LC_MESSAGES" / f"{SLUG}.po"
    before = catalogue.read_bytes()
    saved = tmp_path / "bad.xlf"
    tree = etree.parse(str(FROM_OUR_PO / f"{SLUG}.qu.xlf"))
    unit = next(u for u in tree.iter("{*}trans-unit") if u.get("id") == "6")
    target = etree.SubElement(unit, etree.QName(unit, "target"))
    target.text = "C:\\Perú"
    tree.write(str(saved), xml_declaration=True, encoding="UTF-8")
    line = etree.parse(str(saved)).xpath("//*[local-name()='target' and .='C:\\Perú']")[0]
    result = run(workspace, "import", str(saved))
    assert result.exit_code == 2
    assert f"{saved}:{line.sourceline}:" in result.output
    assert "invalid escape sequence" in result.output
    assert catalogue.read_bytes() == before


# The statement OpenXLIFF's call.fr.xlf was made from (its French catalogue as extract
# writes it): Markdown inline, quotes and backslashes, which the .po escapes, and a line
# wrap between `]` and `(` with no space at it.
CALL = "\n\n".join(
    [
        '# A "call" for solidarity',
        "We call on all affiliates to send **messages of solidarity** to the "
        "[union](https://example.org/union) and to use `#DockersStrike`.",
        r'The dockers said: "We will not go back" — a path like `C:\strike\2026` is no '
        r"escape, nor is 5 \* 3.",
        "- Lisbon\n- Porto\n",
    ]
)
# unit id → the target as typed in OpenXLIFF's form (the .po's escapes, its wraps).
CALL_FR = {
    "1": r"Un \"appel\" à la solidarité",
    "2": "\nNous appelons tous les affiliés à envoyer des **messages de solidarité** au "
    "[syndicat]\n(https://example.org/union) et à utiliser `#DockersStrike`.",
    "3": "\n"
    r"Les dockers ont dit : \"Nous ne reculerons pas\" — un chemin comme "
    r"`C:\\strike\\2026` "
    "\n"
    r"n’est pas un échappement, ni 5 \\* 3.",
    "4": "Lisbonne",
}
# What the catalogue must hold after the import (what OpenXLIFF's own merge writes too).
CALL_FR_MSGSTR = {
    'A "call" for solidarity': 'Un "appel" à la solidarité',
    "We call on all affiliates to send **messages of solidarity** to the [union]"
    "(https://example.org/union) and to use `#DockersStrike`.": (
        "Nous appelons tous les affiliés à envoyer des **messages de solidarité** au "
        "[syndicat](https://example.org/union) et à utiliser `#DockersStrike`."
    ),
    r'The dockers said: "We will not go back" — a path like `C:\strike\2026` is no '
    r"escape, nor is 5 \* 3.": (
        r'Les dockers ont dit : "Nous ne reculerons pas" — un chemin comme '
        r"`C:\strike\2026` n’est pas un échappement, ni 5 \* 3."
    ),
    "Lisbon": "Lisbonne",
}


def test_openxliff_file_with_markdown_escapes_and_wraps_round_trips(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    (workspace / "source").mkdir(parents=True)
    (workspace / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    (workspace / "source" / "call.md").write_text(CALL, encoding="utf-8")
    assert run(workspace, "extract").exit_code == 0
    catalogue = workspace / "locales" / "fr" / "LC_MESSAGES" / "call.po"
    before = catalogue.read_bytes()
    tree = etree.parse(str(FROM_OUR_PO / "call.fr.xlf"))
    for unit in tree.iter("{*}trans-unit"):
        if unit.get("id") in CALL_FR:
            target = etree.Element(etree.QName(unit, "target"))
            target.text = CALL_FR[unit.get("id")]
            unit.find("{*}source").addnext(target)
            unit.set("approved", "yes")
    saved = tmp_path / "call.fr.xlf"
    tree.write(str(saved), xml_declaration=True, encoding="UTF-8")

    result = run(workspace, "import", str(saved))

    assert result.exit_code == 0, result.output
    assert "4 imported, 0 unchanged, 1 with an empty target" in result.output
    expected = parse_po(before, catalogue)
    for entry in expected.entries:
        if entry.msgid in CALL_FR_MSGSTR:
            entry.msgstr = CALL_FR_MSGSTR[entry.msgid]
            entry.set_fuzzy(False)
    assert catalogue.read_bytes() == format_po(expected)


def test_openxliff_xliff2_of_our_po_round_trips(tmp_path: Path) -> None:
    """OpenXLIFF's `-2.0` conversion keeps the .po's literals as its 1.2 one does (the
    file's metadata names datatype po and tool OpenXLIFF): unchanged as converted, and a
    translator's two new targets, one typed over the .po's wraps, come in alone."""
    workspace = copy_example_workspace(tmp_path / "ws")
    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    before = catalogue.read_bytes()
    converted = FROM_OUR_PO / f"{SLUG}.es.xliff2.xlf"
    result = run(workspace, "import", str(converted))
    assert result.exit_code == 0, result.output
    assert "0 imported, 16 unchanged\n" in result.output
    assert catalogue.read_bytes() == before

    typed = {
        "5": "La carta abierta dice lo siguiente:",
        "6": '\nEstimados \\"embajadores\\" de la \nRepública del Perú.',
    }
    tree = etree.parse(str(converted))
    sources: dict[str, str] = {}
    for unit in tree.iter("{*}unit"):
        if unit.get("id") in typed:
            segment = unit.find("{*}segment")
            sources[unit.get("id")] = segment.find("{*}source").text
            segment.find("{*}target").text = typed[unit.get("id")]
            segment.set("state", "final")
    saved = tmp_path / "saved.xlf"
    tree.write(str(saved), xml_declaration=True, encoding="UTF-8")
    result = run(workspace, "import", "--overwrite", str(saved))
    assert result.exit_code == 0, result.output
    assert "2 imported, 14 unchanged" in result.output
    expected = parse_po(before, catalogue)
    new = {
        sources["5"]: "La carta abierta dice lo siguiente:",
        sources["6"]: 'Estimados "embajadores" de la República del Perú.',
    }
    for entry in expected.entries:
        if entry.msgid in new:
            entry.msgstr = new[entry.msgid]
    assert catalogue.read_bytes() == format_po(expected)
