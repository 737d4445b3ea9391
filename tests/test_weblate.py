"""Catalogues as Weblate commits them (saved by translate-toolkit's PO writer) load, count
and merge with no loss, and `polyglot extract` changes no meaning."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

from memory_workspace import FIRST_ES, add_statement, fill, translated_workspace
from test_memory import prefilled
from translate.storage.po import pofile

from polyglot_statement.config import load_settings
from polyglot_statement.memory import open_memory
from polyglot_statement.po import Catalog, Entry, parse_po
from polyglot_statement.source.extract import extract

ROOT = Path(__file__).parent.parent


def states(catalog: Catalog) -> list[tuple[str | None, str, str]]:
    return [(entry.msgctxt, entry.msgid, entry.state) for entry in catalog.entries]


def weblate_save(data: bytes) -> bytes:
    """The file as Weblate writes it after a translator's edit: translate-toolkit parses
    and serialises it, and Weblate sets its header fields."""
    store = pofile(BytesIO(data))
    store.updateheader(
        add=True,
        Last_Translator="Ana Pérez <ana@example.org>",
        Language_Team="Spanish <https://weblate.example.org/projects/statements/es/>",
        X_Generator="Weblate 5.8",
        PO_Revision_Date="2024-05-02 10:11+0000",
    )
    return bytes(store)


def meaning(catalog: Catalog) -> list[tuple[object, ...]]:
    """Everything of the entries a person or a command relies on."""

    def of(entry: Entry) -> tuple[object, ...]:
        return (
            entry.msgctxt,
            entry.msgid,
            entry.msgid_plural,
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
            tuple(entry.flags),
            tuple(entry.translator_comments),
            tuple(entry.extracted_comments),
            tuple(entry.occurrences),
            entry.previous_msgctxt,
            entry.previous_msgid,
            entry.previous_msgid_plural,
            entry.obsolete,
        )

    return [of(entry) for entry in catalog.entries]


def test_every_catalogue_of_the_example_survives_a_weblate_save(workspace: Path) -> None:
    paths = [*sorted((workspace / "locales").rglob("*.po")), ROOT / "tests/data/catalog/varied.po"]
    for path in paths:
        data = path.read_bytes()
        saved = weblate_save(data)
        assert meaning(parse_po(saved, path)) == meaning(parse_po(data, path)), path
        assert states(parse_po(saved, path)) == states(parse_po(data, path)), path


def test_extract_changes_no_meaning_in_catalogues_weblate_saved(tmp_path: Path) -> None:
    settings = translated_workspace(tmp_path / "ours")
    add_statement(
        settings,
        "second",
        "---\ntitle: Again\n---\n\nAn injury to one is an injury to all.\n\n"
        "More than 2,300 workers joined the march on Monday.\n",
    )
    extract(settings)
    prefilled(settings, "second")
    # Every state: approved, fuzzy with a previous msgid, machine, memory, obsolete.
    fill(
        settings,
        "first",
        "es",
        {"Solidarity with the dockers of Lisbon": "Borrador."},
        machine=True,
    )
    source = settings.source_path / "first.md"
    source.write_text(source.read_text().replace("since 7 May", "since 8 May"))
    extract(settings)
    twin = tmp_path / "weblate"
    shutil.copytree(settings.root, twin)
    for path in sorted((twin / "locales").rglob("*.po")):
        path.write_bytes(weblate_save(path.read_bytes()))
    # A statement edited again, extracted in both workspaces.
    for root in (settings.root, twin):
        first = root / "source" / "first.md"
        first.write_text(first.read_text().replace("on Monday", "on Tuesday"))
        extract(load_settings(root))
    for ours in sorted((settings.root / "locales").rglob("*.po")):
        theirs = twin / ours.relative_to(settings.root)
        assert meaning(parse_po(theirs.read_bytes())) == meaning(parse_po(ours.read_bytes()))
    # And the memory reads the same from both.
    with open_memory(settings) as index:
        mine = sorted(
            (r.source, r.language, r.translation, r.state, r.origin)
            for r in index.everything(approved_only=False)
        )
    with open_memory(load_settings(twin)) as index:
        weblate = sorted(
            (r.source, r.language, r.translation, r.state, r.origin)
            for r in index.everything(approved_only=False)
        )
    assert mine == weblate
    assert {state for *_, state, _ in mine} == {"approved", "machine", "memory", "needs review"}
    assert any(
        translation == FIRST_ES["An injury to one is an injury to all."]
        for _, _, translation, _, _ in mine
    )
