"""XLIFF 2.x import (xliff2.py): what OpenXLIFF and Okapi write when asked for XLIFF 2.0
lands as their XLIFF 1.2 does: units matched by their source text, a statement named by
the file's `original`, segments of a unit joined, `state` read by the documented table,
a PO header unit skipped, a hostile document refused by line with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_exchange_foreign import run, snapshot, workspace

from polyglot_statement.po import APPROVED, NEEDS_REVIEW, read_po

TEXTS = ["Final one.", "Reviewed one.", "Translated one.", "Initial one.", "No state."]
SLUG = "first"


def document(units: str, *, src: str = "en", doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"{doctype}"
        f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{src}"'
        ' trgLang="fr">\n'
        f'<file id="f1" original="{SLUG}.po">\n{units}</file>\n</xliff>\n'
    ).encode()


def unit(number: int, source: str, target: str | None, state: str | None = None) -> str:
    state_attribute = f' state="{state}"' if state else ""
    target_element = f"<target>{target}</target>" if target is not None else ""
    return (
        f'<unit id="u{number}"><segment{state_attribute}><source>{source}</source>'
        f"{target_element}</segment></unit>\n"
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return workspace(tmp_path / "ws", SLUG, ("fr",), TEXTS)


def imported(root: Path, data: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "in.xlf"
    path.write_bytes(data)
    result = run(root, "import", str(path))
    return result.exit_code, result.output


def test_states_are_read_by_the_table(root: Path, tmp_path: Path) -> None:
    units = (
        unit(1, "Final one.", "Dernier.", "final")
        + unit(2, "Reviewed one.", "Relu.", "reviewed")
        + unit(3, "Translated one.", "Traduit.", "translated")
        + unit(4, "Initial one.", "Initial.", "initial")
        + unit(5, "No state.", "Sans état.")
    )
    code, output = imported(root, document(units), tmp_path)
    assert code == 0, output
    catalogue = read_po(root / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po")
    states = {text: catalogue.find(text) for text in TEXTS}
    expected = {
        "Final one.": ("Dernier.", APPROVED),
        "Reviewed one.": ("Relu.", APPROVED),
        "Translated one.": ("Traduit.", NEEDS_REVIEW),
        "Initial one.": ("Initial.", NEEDS_REVIEW),
        "No state.": ("Sans état.", NEEDS_REVIEW),
    }
    for text, (translation, state) in expected.items():
        entry = states[text]
        assert entry is not None and (entry.msgstr, entry.state) == (translation, state), text


def test_segments_of_a_unit_are_one_entry_and_a_header_unit_is_skipped(
    root: Path, tmp_path: Path
) -> None:
    header = (
        '<unit id="h"><segment><source>Project-Id-Version: x\nContent-Type: text/plain; '
        "charset=UTF-8\n</source><target>Project-Id-Version: x\n</target></segment></unit>\n"
    )
    split = (
        '<unit id="u1"><segment state="final"><source>Final</source><target>Der</target>'
        "</segment><ignorable><source> </source></ignorable>"
        '<segment state="final"><source>one.</source><target>nier.</target></segment></unit>\n'
    )
    code, output = imported(root, document(header + split), tmp_path)
    assert code == 0, output
    assert "Project-Id-Version" not in output
    catalogue = read_po(root / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po")
    entry = catalogue.find("Final one.")
    assert entry is not None and (entry.msgstr, entry.state) == ("Der nier.", APPROVED)


def test_a_unit_not_for_translation_brings_nothing(root: Path, tmp_path: Path) -> None:
    units = unit(1, "Final one.", "Dernier.", "final").replace('id="u1"', 'id="u1" translate="no"')
    code, output = imported(root, document(units), tmp_path)
    assert code == 0, output
    catalogue = read_po(root / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po")
    entry = catalogue.find("Final one.")
    assert entry is not None and entry.msgstr == "", output


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            document(
                unit(1, "Final one.", "&boom;", "final"),
                doctype='<!DOCTYPE xliff [<!ENTITY boom "Boom">]>\n',
            ),
            ":1: a DOCTYPE has no place in XLIFF 2",
        ),
        (document(unit(1, "Final one.", "Dernier.", "final"), src="de"), ":2: srcLang is 'de'"),
        (document("<unit id='u1'><segment><source>x</sorce></segment></unit>"), "not well-formed"),
        (
            document(unit(1, "Final one.", "<b>Dernier.</b>", "final")),
            ":4: <b> inside <target>; XLIFF 2 allows only",
        ),
        (
            # Okapi's lib-xliff2 test data: invalid/bad/InvalidHexValueOnCp.xlf
            document(unit(1, "Final one.", 'Dernier<cp hex="notOK"/>', "final")),
            ':4: <cp hex="notOK"> is no Unicode code point',
        ),
    ],
    ids=["entity", "source-language", "malformed", "foreign-element", "code-point"],
)
def test_a_document_that_cannot_be_read_is_refused_by_line(
    root: Path, tmp_path: Path, data: bytes, message: str
) -> None:
    before = snapshot(root / "locales")
    code, output = imported(root, data, tmp_path)
    assert code == 2, output
    assert message in output, output
    assert "Traceback" not in output
    assert snapshot(root / "locales") == before
