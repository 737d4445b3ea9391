"""Which earlier translation merge offers a segment, and what comes with it.

Provenance comments belong to the text they describe (shared/design.md): an offer never
inherits a machine or memory comment. Unreviewed drafts are not offered at all, so that
`polyglot translate` drafts the new text. A paragraph added next to a similar one that is
still in the source is offered its translation only when it nearly repeats it.
"""

from __future__ import annotations

from pathlib import Path

from cli_runner import exit_and_output
from rapidfuzz import fuzz

from polyglot_statement.config import load_settings
from polyglot_statement.po import (
    APPROVED,
    FUZZY,
    FUZZY_THRESHOLD,
    MACHINE,
    MACHINE_COMMENT_PREFIX,
    NEEDS_REVIEW,
    NEW_SEGMENT_THRESHOLD,
    UNTRANSLATED,
    Catalog,
    Entry,
    TemplateMessage,
    make_template,
    merge,
    read_po,
)
from polyglot_statement.status.compute import compute_status

ARREST = (
    "The government of Sri Lanka must answer for the arrest of union leaders, "
    "while profits have reached record levels."
)
# Another sentence sharing a long phrase with ARREST: added, not edited from it.
PROTEST = (
    "The Construction and Timber Workers' Union protests against the arrest of union "
    "leaders in Peru, while profits have reached record levels."
)
MARCH = "The workers marched through the capital on Monday."
MARCH_AGAIN = "The workers marched through the capital on Tuesday."


def template(*messages: tuple[str, int]) -> Catalog:
    """A template from (msgid, number of places it occurs) pairs."""
    return make_template(
        "t",
        "T",
        [
            TemplateMessage(
                msgid, ("paragraph",), tuple(f"source/s.md:{10 * i + p}" for p in range(places))
            )
            for i, (msgid, places) in enumerate(messages)
        ],
    )


def catalogue(*entries: Entry) -> Catalog:
    return Catalog(headers=[("Language", "es")], entries=list(entries))


def entry(msgid: str, msgstr: str, places: int = 1, *comments: str, fuzzy: bool = False) -> Entry:
    return Entry(
        msgid=msgid,
        msgstr=msgstr,
        flags=[FUZZY] if fuzzy else [],
        translator_comments=list(comments),
        occurrences=[f"source/s.md:{n}" for n in range(places)],
    )


def offered(result: Catalog, msgid: str) -> Entry:
    found = result.find(msgid)
    assert found is not None
    return found


def test_the_scores_these_tests_rely_on() -> None:
    assert FUZZY_THRESHOLD <= fuzz.ratio(ARREST, PROTEST) < NEW_SEGMENT_THRESHOLD
    assert fuzz.ratio(MARCH, MARCH_AGAIN) >= NEW_SEGMENT_THRESHOLD


def test_an_offer_never_inherits_a_provenance_or_ignore_comment() -> None:
    # Approved after review, but the draft's comment was left behind, as Poedit leaves it.
    old = catalogue(
        entry(
            "The congress voted to remove the president.",
            "El congreso votó destituir al presidente.",
            1,
            f"{MACHINE_COMMENT_PREFIX} deepl ES, glossary 3f2a9c1e07b4",
            "memory: statement-0042 (96%)",
            "polyglot: ignore numbers",
            "Ana: keep “destituir”",
        )
    )
    result = merge(
        template(("The congress did not vote to remove the president.", 1)), old, "es", "t", "T"
    )
    new = offered(result, "The congress did not vote to remove the president.")
    assert new.msgstr == "El congreso votó destituir al presidente." and new.fuzzy
    assert new.translator_comments == ["Ana: keep “destituir”"]
    assert new.state == NEEDS_REVIEW
    # The entry it came from keeps every comment, as obsolete.
    (gone,) = result.obsolete
    assert len(gone.translator_comments) == 4


def test_unreviewed_drafts_are_not_offered() -> None:
    machine = entry(
        "The workers marched.", "Marcharon.", 1, f"{MACHINE_COMMENT_PREFIX} pseudo", fuzzy=True
    )
    memory = entry("The union struck.", "El sindicato paró.", 1, "memory: tm.tmx (91%)", fuzzy=True)
    result = merge(
        template(("The workers marched today.", 1), ("The union struck today.", 1)),
        catalogue(machine, memory),
        "es",
        "t",
        "T",
    )
    for msgid in ("The workers marched today.", "The union struck today."):
        new = offered(result, msgid)
        assert (new.msgstr, new.fuzzy, new.state) == ("", False, UNTRANSLATED)
    assert [gone.msgstr for gone in result.obsolete] == ["Marcharon.", "El sindicato paró."]


def test_a_human_fuzzy_translation_is_offered() -> None:
    old = catalogue(entry("The workers marched.", "Marcharon.", 1, "Ana", fuzzy=True))
    new = offered(
        merge(template(("The workers marched today.", 1)), old, "es", "t", "T"),
        "The workers marched today.",
    )
    assert (new.msgstr, new.state, new.translator_comments) == ("Marcharon.", NEEDS_REVIEW, ["Ana"])


def test_an_added_paragraph_is_not_offered_an_unrelated_ones_translation() -> None:
    old = catalogue(entry(ARREST, "El gobierno de Sri Lanka debe responder…"))
    result = merge(template((ARREST, 1), (PROTEST, 1)), old, "es", "t", "T")
    assert offered(result, ARREST).state == APPROVED
    added = offered(result, PROTEST)
    assert (added.msgstr, added.fuzzy, added.previous_msgid) == ("", False, None)


def test_the_same_edit_is_offered_when_the_text_left_the_source() -> None:
    old = catalogue(entry(ARREST, "El gobierno de Sri Lanka debe responder…"))
    result = merge(template((PROTEST, 1)), old, "es", "t", "T")
    edited = offered(result, PROTEST)
    assert (edited.msgstr, edited.fuzzy, edited.previous_msgid) == (
        "El gobierno de Sri Lanka debe responder…",
        True,
        ARREST,
    )


def test_an_edited_twin_is_offered_from_the_copy_that_stayed() -> None:
    # ARREST occurred twice; one occurrence was rewritten as PROTEST.
    old = catalogue(entry(ARREST, "El gobierno…", 2))
    result = merge(template((ARREST, 1), (PROTEST, 1)), old, "es", "t", "T")
    assert offered(result, PROTEST).previous_msgid == ARREST
    # Without the places (a catalogue written with `msgcat --no-location`) only a near
    # repeat is offered.
    bare = catalogue(entry(ARREST, "El gobierno…", 0))
    result = merge(template((ARREST, 1), (PROTEST, 1)), bare, "es", "t", "T")
    assert offered(result, PROTEST).msgstr == ""


def test_an_added_near_repeat_is_offered() -> None:
    old = catalogue(entry(MARCH, "Los trabajadores marcharon el lunes."))
    result = merge(template((MARCH, 1), (MARCH_AGAIN, 1)), old, "es", "t", "T")
    again = offered(result, MARCH_AGAIN)
    assert (again.msgstr, again.state, again.previous_msgid) == (
        "Los trabajadores marcharon el lunes.",
        NEEDS_REVIEW,
        MARCH,
    )


def test_the_better_offer_wins_whatever_its_pool() -> None:
    # PROTEST's text left the source (a weak origin, 73) while a near repeat stayed (≥ 85).
    near = PROTEST.replace("Peru", "Chile")
    old = catalogue(entry(ARREST, "arresto"), entry(near, "casi igual"))
    result = merge(template((near, 1), (PROTEST, 1)), old, "es", "t", "T")
    assert offered(result, PROTEST).previous_msgid == near


def _run(workspace: Path, *args: str) -> str:
    code, output = exit_and_output(workspace, *args)
    assert code == 0, output
    return output


def test_after_a_source_edit_status_and_translate_treat_offers_right(workspace: Path) -> None:
    settings = load_settings(workspace)
    _run(workspace, "translate", "--engine", "pseudo", "--lang", "qu")
    path = settings.catalog_path("qu", "wftu-andean-solidarity-peru")
    drafted = {e.msgid: e for e in read_po(path).active if e.state == MACHINE}
    source = settings.source_path / "wftu-andean-solidarity-peru.md"
    text = source.read_text(encoding="utf-8")
    machine_paragraph = "> Ambassadors of the Republic of Peru."
    assert machine_paragraph[2:] in drafted
    spanish = settings.catalog_path("es", "wftu-andean-solidarity-peru")
    approved = {e.msgid for e in read_po(spanish).active if e.state == APPROVED}
    assert "The open letter states the following:" in approved
    text = text.replace(machine_paragraph, "> Ambassadors of the Republic of Peru!")
    text = text.replace(
        "The open letter states the following:",
        "The open letter states the following:\n\nThe open letter also states the following:",
    )
    source.write_text(text, encoding="utf-8")
    _run(workspace, "extract")

    quechua = {e.msgid: e for e in read_po(path).active}
    # The edit of a machine draft is not offered that draft: translate drafts it anew.
    assert quechua["Ambassadors of the Republic of Peru!"].state == UNTRANSLATED
    spanish_entries = {e.msgid: e for e in read_po(spanish).active}
    also = spanish_entries["The open letter also states the following:"]
    assert also.state == NEEDS_REVIEW and also.provenance is None
    report = compute_status(settings, languages=["qu"], checks="none")
    segments_before = report.languages[0].segments
    _run(workspace, "translate", "--engine", "pseudo", "--lang", "qu")
    quechua = {e.msgid: e for e in read_po(path).active}
    assert quechua["Ambassadors of the Republic of Peru!"].state == MACHINE
    after = compute_status(settings, languages=["qu"], checks="none").languages[0].segments
    assert after.untranslated == 0 and after.machine == segments_before.machine + (
        segments_before.untranslated
    )


def test_an_offer_keeps_the_ignore_of_a_check_on_the_translation_alone() -> None:
    # A forbidden term the translator kept on purpose ("se refugian": they take shelter)
    # is in the msgstr, which the offer carries unchanged: the decision still holds.
    old = catalogue(
        entry(
            "Refugees shelter here.",
            "Los refugiados se refugian aquí.",
            1,
            "polyglot: ignore numbers, forbidden-term",
        )
    )
    result = merge(template(("Refugees shelter here!", 1)), old, "es", "t", "T")
    new = offered(result, "Refugees shelter here!")
    assert new.fuzzy and new.msgstr == "Los refugiados se refugian aquí."
    assert new.translator_comments == ["polyglot: ignore forbidden-term"]
    assert new.ignored_checks == {"forbidden-term"}
    # Unchanged text: the entry keeps every comment as written.
    same = merge(template(("Refugees shelter here.", 1)), old, "es", "t", "T")
    (kept,) = same.active
    assert kept.translator_comments == ["polyglot: ignore numbers, forbidden-term"]
