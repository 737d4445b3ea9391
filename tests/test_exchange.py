"""XLIFF 1.2: export → import changes nothing; files as Trados, memoQ, OmegaT and Phrase
write them come back right; what cannot come back is reported unit by unit."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from memory_workspace import FIRST_FR, add_statement, fill, write_workspace

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.errors import CatalogError
from polyglot_statement.exchange import (
    APPROVED_KEPT,
    EMPTY,
    IMPORTED,
    NOT_FOUND,
    SOURCE_CHANGED,
    TAGS_DIFFER,
    UNCHANGED,
    XliffError,
    export_xliff,
    import_xliff,
)
from polyglot_statement.exchange.render import render_import
from polyglot_statement.po import APPROVED, NEEDS_REVIEW, Catalog, read_po
from polyglot_statement.source.extract import extract

DATA = Path(__file__).parent / "data" / "exchange"
ROOT = Path(__file__).parent.parent
CALL = (
    "We call on all affiliates to send **messages of solidarity** to the "
    "[union](https://example.org/union) and to use `#DockersStrike`."
)


def catalogues(root: Path) -> dict[str, bytes]:
    return {str(path): path.read_bytes() for path in sorted((root / "locales").rglob("*.po"))}


def test_export_then_import_changes_nothing_in_the_example_workspace(workspace: Path) -> None:
    settings = load_settings(workspace)
    before = catalogues(workspace)
    exported = export_xliff(settings, (), (), workspace / "xliff")
    assert [document.language for document in exported.documents] == ["es", "fr", "pt", "ar", "qu"]
    arabic = exported.documents[3]
    assert (arabic.approved, arabic.fuzzy, arabic.untranslated) == (8, 4, 4)
    result = import_xliff(settings, [document.path for document in exported.documents])
    assert result.written == () and result.findings == () and result.not_imported == []
    assert catalogues(workspace) == before
    # Exported again: the same bytes, and the files are left alone.
    again = export_xliff(settings, (), (), workspace / "xliff")
    assert not any(document.written for document in again.documents)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = write_workspace(tmp_path / "ws")
    fill(settings, "first", "fr", FIRST_FR)
    return settings


def french(settings: Settings) -> Catalog:
    return read_po(settings.catalog_path("fr", "first"))


def entry(catalog: Catalog, msgid: str):  # type: ignore[no-untyped-def]
    found = catalog.find(msgid)
    assert found is not None
    return found


def outcomes(result, name: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        outcome.msgid or outcome.unit.id: outcome.status
        for item in result.imports
        if item.source.name == name
        for outcome in item.outcomes
    }


def test_what_the_export_holds(settings: Settings, tmp_path: Path) -> None:
    fill(settings, "first", "fr", {CALL: "Un brouillon."}, machine=True)
    (document,) = export_xliff(settings, ["fr"], ["first"], tmp_path / "out").documents
    text = document.path.read_text()
    assert document.path.name == "first.fr.xlf"
    assert 'version="1.2"' in text and 'target-language="fr"' in text
    assert '<g id="0" ctype="bold">messages of solidarity</g>' in text
    assert '<ph id="2" ctype="x-code">`#DockersStrike`</ph>' in text
    assert 'approved="yes"' in text and 'state="final"' in text
    assert 'state="needs-review-translation" state-qualifier="leveraged-mt"' in text
    assert '<target state="new"/>' in text
    assert '<note from="polyglot">front matter: title</note>' in text
    assert "https://example.org/union" not in text  # link targets never leave the workspace


def test_a_trados_file_comes_back_with_its_markup(settings: Settings) -> None:
    result = import_xliff(settings, [DATA / "trados.xlf"])
    assert outcomes(result, "trados.xlf") == {
        "Solidarity with the dockers of Lisbon": UNCHANGED,
        "The dockers of Lisbon have been on strike since 7 May.": IMPORTED,
        CALL: IMPORTED,
        "An injury to one is an injury to all.": EMPTY,
    }
    catalog = french(settings)
    call = entry(catalog, CALL)
    assert call.msgstr == (
        "Nous appelons tous les affiliés à envoyer des **messages de solidarité** au "
        "[syndicat](https://example.org/union) et à utiliser `#DockersStrike`."
    )
    assert call.state == APPROVED
    # Not emptied by an empty target.
    assert (
        entry(catalog, "An injury to one is an injury to all.").msgstr
        == (FIRST_FR["An injury to one is an injury to all."])
    )
    assert result.findings == ()
    assert result.written == (settings.catalog_path("fr", "first"),)


def test_a_memoq_file_with_bpt_ept_pairs_and_moved_tags(settings: Settings) -> None:
    fill(settings, "first", "fr", {CALL: "Un brouillon."}, machine=True)
    result = import_xliff(settings, [DATA / "memoq.xlf"])
    catalog = french(settings)
    call = entry(catalog, CALL)
    assert call.msgstr == (
        "Nous appelons tous les affiliés à utiliser `#DockersStrike` et à envoyer des "
        "**messages de solidarité** au [syndicat](https://example.org/union)."
    )
    assert call.state == APPROVED
    assert call.translator_comments == []  # the machine's provenance described the draft
    march = entry(catalog, "More than 1,500 workers joined the march on Monday.")
    assert march.state == NEEDS_REVIEW
    # The translator changed a number: reported as `polyglot check` reports, at the target.
    (finding,) = [f for f in result.findings if f.check_id == "numbers"]
    assert finding.path == DATA / "memoq.xlf" and finding.line == 11
    stream = io.StringIO()
    render_import(result, stream, settings.root)
    assert f"{DATA / 'memoq.xlf'}:11: error numbers:" in stream.getvalue()


def test_an_omegat_file_left_in_state_new_comes_back_for_review(settings: Settings) -> None:
    import_xliff(settings, [DATA / "omegat.xlf"])
    catalog = french(settings)
    # OmegaT left state="new" on a target it filled: a draft for a reviewer.
    assert entry(catalog, "An injury to one is an injury to all.").state == APPROVED  # kept
    lisbon = entry(catalog, "The dockers of Lisbon have been on strike since 7 May.")
    assert lisbon.msgstr == "Les dockers de Lisbonne sont en grève depuis le 7 mai."
    assert lisbon.state == NEEDS_REVIEW  # no state said: a reviewer decides


def test_a_phrase_file_with_other_ids_and_a_lost_tag(settings: Settings) -> None:
    """The link's tags were deleted in the tool: an error at the target's line, and the
    entry stays as it was (it used to come in approved without its link, exit 0)."""
    before = entry(french(settings), CALL)
    result = import_xliff(settings, [DATA / "phrase.xlf"])
    assert outcomes(result, "phrase.xlf") == {
        CALL: TAGS_DIFFER,
        "More than 1,500 workers joined the march on Monday.": IMPORTED,
    }
    call = entry(french(settings), CALL)
    assert (call.msgstr, call.state) == (before.msgstr, before.state)
    stream = io.StringIO()
    render_import(result, stream, settings.root)
    assert (
        f"{DATA / 'phrase.xlf'}:11: the translation's tags do not match the source's "
        "(opening tag 1 is missing; closing tag 1 is missing); not imported"
    ) in stream.getvalue()


def test_an_approved_translation_is_kept_unless_overwrite(
    settings: Settings, tmp_path: Path
) -> None:
    changed = tmp_path / "changed.xlf"
    text = (DATA / "omegat.xlf").read_text()
    changed.write_text(
        text.replace('state="new">Une attaque', 'state="translated">Qui touche l’un')
    )
    result = import_xliff(settings, [changed])
    slogan = "An injury to one is an injury to all."
    assert outcomes(result, "changed.xlf")[slogan] == APPROVED_KEPT
    assert entry(french(settings), slogan).msgstr == FIRST_FR[slogan]
    stream = io.StringIO()
    render_import(result, stream, settings.root)
    assert "changed.xlf:8: the entry is approved and the file changes it" in stream.getvalue()
    result = import_xliff(settings, [changed], overwrite=True)
    assert outcomes(result, "changed.xlf")[slogan] == IMPORTED
    assert entry(french(settings), slogan).msgstr == (
        "Qui touche l’un contre l’un est une attaque contre tous."
    )


def test_a_file_from_before_a_source_edit_is_reported_unit_by_unit(
    settings: Settings, tmp_path: Path
) -> None:
    (document,) = export_xliff(settings, ["fr"], ["first"], tmp_path / "out").documents
    source = settings.source_path / "first.md"
    source.write_text(source.read_text().replace("since 7 May", "since 8 May"))
    extract(settings)
    text = document.path.read_text()
    text = text.replace('<target state="new"/>', '<target state="translated">Traduit.</target>')
    document.path.write_text(text)
    before = catalogues(settings.root)
    result = import_xliff(settings, [document.path])
    statuses = outcomes(result, document.path.name)
    assert statuses["4cbb767b7f8829bc"] == NOT_FOUND  # the edited sentence's unit
    assert statuses["More than 1,500 workers joined the march on Monday."] == IMPORTED
    assert statuses[CALL] == TAGS_DIFFER  # "Traduit." has none of its source's tags
    assert catalogues(settings.root) != before
    # A unit whose id still matches but whose source was edited in the file.
    text = text.replace("<source>An injury to one", "<source>One injury to one")
    document.path.write_text(text)
    result = import_xliff(settings, [document.path])
    assert outcomes(result, document.path.name)["An injury to one is an injury to all."] in (
        SOURCE_CHANGED,
    )


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("bad-statement.xlf", 11, "no statement of this workspace"),
        ("bad-language.xlf", 3, "target-language 'de' is not a language of this workspace"),
        ("bad-xml.xlf", 7, "not well-formed XML"),
        ("bad-inline.xlf", 7, "<span> inside <target>"),
        # XLIFF 2 is read (xliff2.py); this one says no statement.
        ("bad-version.xlf", 3, "the XLIFF 2 <file> has no `original`"),
    ],
)
def test_a_bad_file_is_refused_by_line_and_nothing_is_written(
    settings: Settings, name: str, line: int | None, message: str
) -> None:
    before = catalogues(settings.root)
    with pytest.raises(XliffError) as caught:
        # The good file first: a bad one anywhere stops everything.
        import_xliff(settings, [DATA / "trados.xlf", DATA / name])
    assert caught.value.line == line, caught.value
    assert message in caught.value.message
    assert catalogues(settings.root) == before


def test_a_catalogue_saved_during_the_import_is_merged_again(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import polyglot_statement.exchange.transfer as exchange

    march = "More than 1,500 workers joined the march on Monday."
    real = exchange.apply_units
    saved = []

    def save_meanwhile(catalog, units, overwrite, **options):  # type: ignore[no-untyped-def]
        result = real(catalog, units, overwrite, **options)  # options: the dialect
        if not saved:
            # A translator's save (by rename, as editors save) after import read the file.
            fill(
                settings,
                "first",
                "fr",
                {march: "Plus de 1 500 travailleurs."},
            )
            saved.append(True)
        return result

    monkeypatch.setattr(exchange, "apply_units", save_meanwhile)
    import_xliff(settings, [DATA / "trados.xlf"])
    catalog = french(settings)
    assert entry(catalog, march).msgstr == "Plus de 1 500 travailleurs."
    assert entry(catalog, CALL).state == APPROVED


def test_a_statement_added_later_has_no_catalogue_to_import_into(
    settings: Settings, tmp_path: Path
) -> None:
    add_statement(settings, "second", "---\ntitle: Two\n---\n\nText.\n")
    bad = tmp_path / "second.fr.xlf"
    shutil.copy(DATA / "omegat.xlf", bad)
    bad.write_text(bad.read_text().replace("source/first.md", "source/second.md"))
    with pytest.raises(XliffError, match="polyglot extract"):
        import_xliff(settings, [bad])


def test_a_unit_marked_translate_no_brings_nothing_back(settings: Settings) -> None:
    """translate="no" says the unit is not for translation: its target (here the source
    copied by the tool) is no translation, and must not become one."""
    result = import_xliff(settings, [DATA / "openxliff-translate-no.xlf"])
    catalog = french(settings)
    lisbon = entry(catalog, "The dockers of Lisbon have been on strike since 7 May.")
    assert lisbon.msgstr == "Les dockers de Lisbonne sont en grève depuis le 7 mai."
    assert lisbon.state == APPROVED
    march = entry(catalog, "More than 1,500 workers joined the march on Monday.")
    assert march.msgstr == ""
    assert outcomes(result, "openxliff-translate-no.xlf")[march.msgid] != "imported"


def test_front_matter_is_plain_text_in_and_out(settings: Settings, tmp_path: Path) -> None:
    """A title is written into YAML and the page head as it is: `[T1 …]` in it is no
    link and `*` no emphasis, so a CAT tool gets them as text, not as tags to protect."""
    title = "[T1 …] *Draft* <b>: 5 * 3"
    summary = "See [the union](https://example.org/union) **now**"
    add_statement(
        settings,
        "second",
        f"---\ntitle: '{title}'\nsummary: '{summary}'\n---\n\n"
        f"## {summary}\n\nThe dockers are on strike.\n",
    )
    extract(settings)
    fill(
        settings,
        "second",
        "fr",
        {
            title: "[T1 …] *Brouillon* <b> : 5 * 3",
            summary: "Voir [le syndicat](https://example.org/union) **maintenant**",
        },
    )
    path = settings.catalog_path("fr", "second")
    before = path.read_bytes()
    (document,) = export_xliff(settings, ["fr"], ["second"], tmp_path / "out").documents
    text = document.path.read_text()
    assert "<source>[T1 …] *Draft* &lt;b&gt;: 5 * 3</source>" in text
    assert '<target state="final">[T1 …] *Brouillon* &lt;b&gt; : 5 * 3</target>' in text
    # The summary is also a heading of the body, where it is Markdown: protected there.
    assert '<g id="1" ctype="link">the union</g>' in text
    assert text.count("<g ") == 4
    result = import_xliff(settings, [document.path])
    assert result.written == () and result.not_imported == []
    assert path.read_bytes() == before
    # A translator's new title comes back as the text they wrote.
    document.path.write_text(text.replace("*Brouillon*", "[Brouillon]"))
    result = import_xliff(settings, [document.path], overwrite=True)
    assert outcomes(result, document.path.name)[title] == IMPORTED
    assert entry(read_po(path), title).msgstr == "[T1 …] [Brouillon] <b> : 5 * 3"


def test_an_export_that_fails_part_way_writes_nothing_and_leaves_no_temp_file(
    workspace: Path, tmp_path: Path
) -> None:
    # Documents go to temp files as they are converted (memory); a catalogue that cannot be
    # read after the first ones were converted must still leave the folder as it was.
    settings = load_settings(workspace)
    out = tmp_path / "out"
    first = export_xliff(settings, ["es"], (), out).documents[0]
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    spanish = settings.catalog_path("es", first.statement)
    edited = spanish.read_bytes().replace(b'msgstr "', b'msgstr "Otra: ', 1)
    spanish.write_bytes(edited)
    last = settings.catalog_path("qu", first.statement)
    last.write_bytes(b'msgid "unclosed\n')
    with pytest.raises(CatalogError):
        export_xliff(settings, ["es", "qu"], (), out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_an_exported_document_is_written_in_parts_as_one(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from polyglot_statement.exchange import xliff

    settings = load_settings(workspace)
    whole = export_xliff(settings, ["fr"], (), tmp_path / "whole").documents[0]
    monkeypatch.setattr(xliff, "UNITS_PER_PART", 2)
    parts = export_xliff(settings, ["fr"], (), tmp_path / "parts").documents[0]
    assert parts.path.read_bytes() == whole.path.read_bytes()
    assert (parts.approved, parts.fuzzy, parts.untranslated) == (
        whole.approved,
        whole.fuzzy,
        whole.untranslated,
    )
    again = export_xliff(settings, ["fr"], (), tmp_path / "parts").documents[0]
    assert not again.written
