"""XLIFF's `approved` and `state` read together (the table in docs/memory.md); drafts
say where they came from; a title is one thing in XLIFF and TMX alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from memory_workspace import FIRST_FR, add_statement, fill, write_workspace
from test_exchange_text import MARCH, exported, french, set_target

from polyglot_statement.config import Settings
from polyglot_statement.exchange import export_xliff, import_xliff
from polyglot_statement.memory import open_memory
from polyglot_statement.memory.tmx import read_tmx
from polyglot_statement.memory.transfer import export_memory
from polyglot_statement.po import APPROVED, MEMORY_COMMENT_PREFIX, NEEDS_REVIEW
from polyglot_statement.source.extract import extract


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = write_workspace(tmp_path / "ws")
    fill(settings, "first", "fr", FIRST_FR)
    return settings


@pytest.mark.parametrize(
    ("approved", "state", "expected"),
    [
        ("no", "translated", NEEDS_REVIEW),  # po2xliff's fuzzy entry; it used to be approved
        ("no", "final", NEEDS_REVIEW),
        ("no", None, NEEDS_REVIEW),
        ("yes", "translated", APPROVED),
        ("yes", None, APPROVED),
        ("yes", "x-custom", APPROVED),
        ("yes", "needs-review-translation", NEEDS_REVIEW),
        ("yes", "new", NEEDS_REVIEW),
        (None, "translated", APPROVED),
        (None, "signed-off", APPROVED),
        (None, "final", APPROVED),
        (None, "needs-translation", NEEDS_REVIEW),
        (None, "x-custom", NEEDS_REVIEW),
        (None, None, NEEDS_REVIEW),
    ],
)
def test_approved_and_state_are_read_together(
    settings: Settings, tmp_path: Path, approved: str | None, state: str | None, expected: str
) -> None:
    path = exported(settings, tmp_path)
    set_target(path, "More than", "Plus de 1 500 travailleurs.")
    text = path.read_text(encoding="utf-8")
    unit_start = text.index("<source>More than")
    head, tail = text[:unit_start], text[unit_start:]
    unit_open = head.rindex("<trans-unit")
    unit_tag_end = head.index(">", unit_open)
    unit_tag = head[unit_open:unit_tag_end].replace(' approved="yes"', "")
    if approved is not None:
        unit_tag += f' approved="{approved}"'
    tail = tail.replace('<target state="translated">', "<target>", 1)
    if state is not None:
        tail = tail.replace("<target>", f'<target state="{state}">', 1)
    path.write_text(head[:unit_open] + unit_tag + head[unit_tag_end:] + tail, encoding="utf-8")
    import_xliff(settings, [path])
    entry = french(settings, MARCH)
    assert (entry.msgstr, entry.state) == ("Plus de 1 500 travailleurs.", expected)


def test_machine_and_memory_drafts_are_not_notes_from_a_translator(
    settings: Settings, tmp_path: Path
) -> None:
    fill(settings, "first", "fr", {MARCH: "Plus de 1 500."}, machine=True)
    path = settings.catalog_path("fr", "first")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            'msgid "An injury',
            f"# {MEMORY_COMMENT_PREFIX} 100% from partners.tmx\n# a word from the reviewer\n"
            'msgid "An injury',
        ),
        encoding="utf-8",
    )
    (document,) = export_xliff(settings, ["fr"], ["first"], tmp_path / "out").documents
    xliff = document.path.read_text(encoding="utf-8")
    assert '<note from="polyglot">draft from machine translation: deepl ES</note>' in xliff
    assert '<note from="polyglot">draft from memory: 100% from partners.tmx</note>' in xliff
    assert '<note from="translator">a word from the reviewer</note>' in xliff
    assert 'from="translator">machine' not in xliff and 'from="translator">memory' not in xliff


def test_a_title_is_plain_text_in_tmx_as_in_xliff(settings: Settings, tmp_path: Path) -> None:
    title = "*Draft* on [T1] <b>"
    add_statement(settings, "second", f"---\ntitle: '{title}'\n---\n\nThe dockers strike.\n")
    extract(settings)
    fill(settings, "second", "fr", {title: "*Brouillon* sur [T1] <b>"})
    (document,) = export_xliff(settings, ["fr"], ["second"], tmp_path / "out").documents
    assert "<source>*Draft* on [T1] &lt;b&gt;</source>" in document.path.read_text()
    with open_memory(settings) as index:
        exported_memory = export_memory(settings, index)
    (unit,) = [
        tu
        for tu in etree.fromstring(exported_memory.data).iter("tu")
        if tu.findtext("tuv/seg") == title
    ]
    assert unit.get("datatype") == "plaintext"
    assert [element.tag for element in unit.iter("bpt", "ept", "ph")] == []
    assert "<seg>*Draft* on [T1] &lt;b&gt;</seg>" in etree.tostring(unit, encoding="unicode")
    # Read back, the title is the same text.
    units = read_tmx(exported_memory.data, tmp_path / "m.tmx", "en", ("fr",)).units
    assert {(u.source, u.translation) for u in units if u.source == title} == {
        (title, "*Brouillon* sur [T1] <b>")
    }
