"""Inline Markdown ↔ XML for machine translation, and the offline pseudo engine end to end."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyglot_statement.cli import main
from polyglot_statement.inline import from_xml, keep_pattern, map_text, split_xml, to_xml
from polyglot_statement.machine.base import EngineGlossary, TermRendering
from polyglot_statement.machine.pseudo import PseudoEngine
from polyglot_statement.machine.translate import batches
from polyglot_statement.po import MACHINE, UNTRANSLATED, read_po
from polyglot_statement.source.sentences import sentence_starts

ROUND_TRIP = [
    "Plain text with no markup at all.",
    "See **our call** and *this* and __that__ and _those_.",
    "***both at once*** and **bold with *nested* emphasis**",
    'A [link with *emphasis*](https://example.org/a_b_c "Title (here)") in text.',
    "A [reference link][ref] and [collapsed][] and a bare [bracket].",
    "Code `a * b` and ``double `tick` code`` stay.",
    "An autolink <https://wftu.org> and <mail@example.org> and <span>html</span>.",
    "An image ![alt text](img.png) and a footnote[^1] here.",
    "Escapes \\*not emphasis\\* and \\[not a link\\].",
    "A line  \nwith a hard break and a\\\nbackslash break.",
    "snake_case_words and 2*3*4 and a * lone star and un*frigging*believable.",
    "Fish & chips < 5 > 3 \"quoted\" 'single'.",
    "**unclosed strong and *unclosed em",
    "[**strong link**](x) then `code [with](brackets)`.",
    "",
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_identity_translation_round_trips_byte_for_byte(text: str) -> None:
    conversion = to_xml(text, keep_pattern([("WFTU", True)]))
    restored = from_xml(conversion.xml, conversion)
    assert restored.text == text
    assert restored.intact, restored.problem


def test_what_is_sent() -> None:
    conversion = to_xml(
        "See **our** [call](https://x.org/a) about `CBA` and WFTU & co.",
        keep_pattern([("WFTU", True)]),
    )
    assert conversion.xml == (
        'See <b i="0">our</b> <a i="1">call</a> about <x i="2">CBA</x> and '
        '<x i="3">WFTU</x> &amp; co.'
    )
    assert "x.org" not in conversion.xml


def test_do_not_translate_terms_whole_words_and_case() -> None:
    pattern = keep_pattern([("WFTU", True), ("Pedro Castillo", False)])
    xml = to_xml("WFTU, WFTUs, wftu and pedro castillo.", pattern).xml
    assert xml == '<x i="0">WFTU</x>, WFTUs, wftu and <x i="1">pedro castillo</x>.'
    assert keep_pattern([]) is None


def test_emphasis_agrees_with_commonmark_or_is_sent_as_text() -> None:
    # Intraword underscores are not emphasis; intraword asterisks are.
    assert to_xml("snake_case_name").xml == "snake_case_name"
    assert to_xml("un*frigging*believable").xml == 'un<i i="0">frigging</i>believable'
    assert to_xml("*a **b** c*").xml == '<i i="1">a <b i="0">b</b> c</i>'


def test_a_reordered_translation_is_intact() -> None:
    conversion = to_xml("The **red** [flag](u) waves")
    restored = from_xml('La <a i="1">bandera</a> <b i="0">roja</b> ondea', conversion)
    assert restored.text == "La [bandera](u) **roja** ondea" and restored.intact


@pytest.mark.parametrize(
    ("answer", "text", "problem"),
    [
        ('Voir <b i="0">notre appel', "Voir notre appel", "<b> not closed"),
        ("Voir notre appel", "Voir notre appel", "1 piece(s) of markup lost"),
        ('<b i="0">a</b> <b i="0">b</b>', "**a** b", "unexpected <b>"),
        ('<b i="0">a</i></b>', "**a**", "a stray </i>"),
        ('<b i="7">a</b>', "a", "unexpected <b>"),
    ],
)
def test_mangled_markup_is_detected_and_dropped(answer: str, text: str, problem: str) -> None:
    conversion = to_xml("See **our call**")
    restored = from_xml(answer, conversion)
    assert restored.text == text
    assert restored.problem is not None and problem in restored.problem


def test_ignored_content_comes_back_from_the_source() -> None:
    conversion = to_xml("Run `polyglot check` now")
    restored = from_xml('Lance <x i="0">polyglot chequeo</x> ahora', conversion)
    assert restored.text == "Lance `polyglot check` ahora" and restored.intact


def test_map_text_touches_only_translatable_text() -> None:
    xml = to_xml("a **b** `c` [d](e) f & g").xml
    assert map_text(xml, str.upper) == ('A <b i="0">B</b> <x i="1">c</x> <a i="2">D</a> F &amp; G')


def test_batches_respect_both_limits() -> None:
    texts = [str(index) * size for index, size in enumerate([5, 5, 5, 20, 1, 1, 1])]
    assert [len(batch) for batch in batches(texts, 3, 1000, len)] == [3, 3, 1]
    assert [len(batch) for batch in batches(texts, 50, 25, len)] == [3, 4]
    assert batches([], 50, 25, len) == []


def test_pseudo_engine_keeps_markup_terms_and_renderings() -> None:
    engine = PseudoEngine()
    glossary = EngineGlossary(
        "en", "fr", (TermRendering("trade union", "syndicat"),), (("WFTU", True),)
    )
    target = engine.target("en", "fr", glossary)
    conversion = to_xml(
        "The **trade union** of WFTU: see [site](https://x.org).", keep_pattern(glossary.kept)
    )
    [result] = engine.translate([conversion.xml], "en", target)
    restored = from_xml(result.text, conversion)
    assert restored.intact
    assert restored.text.startswith("⟦Ţĥé **syndicat** öf WFTU: šéé [šíţé](https://x.org).")
    assert restored.text.endswith("·⟧") and len(restored.text) > len(conversion.source)
    assert engine.translate([conversion.xml], "en", target)[0].text == result.text


def test_pseudo_engine_end_to_end(workspace: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(workspace), "translate", "--engine", "pseudo"])
    assert result.exit_code == 0, result.output
    assert "qu: 16 entries filled" in result.output
    catalog = workspace / "locales" / "qu" / "LC_MESSAGES" / "wftu-andean-solidarity-peru.po"
    entries = read_po(catalog).active
    assert {entry.state for entry in entries} == {MACHINE}
    assert all(entry.machine_provenance.startswith("pseudo qu") for entry in entries)  # type: ignore[union-attr]
    assert all("WFTU" in entry.msgstr for entry in entries if "WFTU" in entry.msgid)
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog)], check=True)
    # Approved Spanish is untouched; a second run changes nothing.
    spanish = workspace / "locales" / "es" / "LC_MESSAGES" / "wftu-andean-solidarity-peru.po"
    before = {path: path.read_bytes() for path in (workspace / "locales").rglob("*.po")}
    again = runner.invoke(main, ["-C", str(workspace), "translate", "--engine", "pseudo"])
    assert again.exit_code == 0 and "0 entries filled" in again.output
    assert {path: path.read_bytes() for path in (workspace / "locales").rglob("*.po")} == before
    assert UNTRANSLATED not in {entry.state for entry in read_po(spanish).active}


# ---------------------------------------------------------------- reference links


def _upper(xml: str) -> str:
    return map_text(xml, str.upper)


def test_collapsed_and_shortcut_references_keep_their_label_when_the_text_changes() -> None:
    source = "See the [Node.js website][] and [the spec] or [full text][spec-2]."
    conversion = to_xml(source, references=lambda label: True)
    assert "spec-2" not in conversion.xml  # a full reference's label stays here
    restored = from_xml(_upper(conversion.xml), conversion)
    assert restored.intact
    assert restored.text == (
        "SEE THE [NODE.JS WEBSITE][Node.js website] AND [THE SPEC][the spec] "
        "OR [FULL TEXT][spec-2]."
    )


def test_a_reference_whose_text_comes_back_unchanged_keeps_its_own_form() -> None:
    conversion = to_xml("Le [Node.js][] et [GitHub].", references=lambda label: True)
    assert from_xml(conversion.xml, conversion).text == "Le [Node.js][] et [GitHub]."


def test_brackets_are_a_shortcut_reference_only_when_the_document_defines_the_label() -> None:
    defined = {"the spec", "logo"}
    source = "Read [the spec], not [sic] or [ ] or ![logo] and [^1]."
    conversion = to_xml(source, references=lambda label: label.lower() in defined)
    assert conversion.xml.count("<a ") == 1  # [the spec]
    assert "[sic]" in conversion.xml and "[ ]" in conversion.xml  # plain text, translated
    assert "logo" not in conversion.xml  # an image: kept whole, alt and label included
    restored = from_xml(_upper(conversion.xml), conversion)
    assert restored.text == "READ [THE SPEC][the spec], NOT [SIC] OR [ ] OR ![logo] AND [^1]."


def test_without_the_document_every_possible_label_is_kept() -> None:
    conversion = to_xml("A [bare] bracket, an [ ] empty one and [two\nlines].")
    restored = from_xml(_upper(conversion.xml), conversion)
    assert restored.intact
    assert restored.text == (
        "A [BARE][bare] BRACKET, AN [ ] EMPTY ONE AND [TWO\nLINES][two\nlines]."
    )


# ---------------------------------------------------------------- texts too big for a request


def _english(text: str) -> list[int]:
    return sentence_starts(text, "en")


def test_a_long_text_is_cut_at_sentence_starts_outside_every_element() -> None:
    sentences = [
        f"Sentence {n} asks Dr. Smith about [the {n}th report](https://x.org/{n})."
        for n in range(12)
    ]
    # Emphasis across two sentences: no cut may fall inside it.
    sentences[5] = "**Both this sentence. And the next one are strong.**"
    source = " ".join(sentences[:8]) + "\n" + " ".join(sentences[8:])
    conversion = to_xml(source)

    parts = split_xml(conversion.xml, lambda text: len(text) <= 200, _english)

    assert parts is not None and len(parts) > 3
    assert "".join(text + separator for text, separator in parts) == conversion.xml
    for text, _ in parts:
        assert len(text) <= 200
        assert text.count("<b ") == text.count("</b>") and text.count("<a ") == text.count("</a>")
        assert not text.startswith("Smith")  # "Dr." does not end a sentence
        assert "And the next one" not in text or "Both this sentence" in text
    # Each part translated on its own gives the translation of the whole.
    joined = "".join(_upper(text) + separator for text, separator in parts)
    restored = from_xml(joined, conversion)
    assert restored.intact and restored.text == from_xml(_upper(conversion.xml), conversion).text


def test_a_text_that_fits_is_one_part_and_one_without_boundaries_is_refused() -> None:
    assert split_xml("Short. Text.", lambda text: True, _english) == [("Short. Text.", "")]
    words = " ".join(["solidarity"] * 100)  # no sentence ends anywhere
    assert split_xml(words, lambda text: len(text) <= 300, _english) is None
    # A boundary inside an element does not count either.
    inside = '<b i="0">' + "One sentence. " * 40 + "</b>"
    assert split_xml(inside, lambda text: len(text) <= 300, _english) is None


@pytest.mark.parametrize(
    ("source", "translated"),
    [
        # A destination in pointy brackets may hold a `)`.
        ("See [the page](<one)two>) now.", "SEE [THE PAGE](<one)two>) NOW."),
        # Inline HTML and autolinks bind tighter than brackets: no link here.
        ('Mark [this <span title="](x)">', 'MARK [THIS <span title="](x)">'),
        ("Try [this<https://a.org/?q=](uri)>", "TRY [THIS<https://a.org/?q=](uri)>"),
        # Not an inline link (a space in a bare destination): a shortcut reference.
        ("Read [spec](not a link) twice.", "READ [SPEC][spec](NOT A LINK) TWICE."),
        # Only ASCII spaces end a bare destination.
        ('Go [there](/a\u00a0"b") today.', 'GO [THERE](/a\u00a0"b") TODAY.'),
    ],
)
def test_links_are_read_as_commonmark_reads_them(source: str, translated: str) -> None:
    conversion = to_xml(source, references=lambda label: label == "spec")
    restored = from_xml(_upper(conversion.xml), conversion)
    assert restored.intact and restored.text == translated


def test_a_statements_reference_labels_are_read_under_the_workspaces_size_limit(
    tmp_path: Path,
) -> None:
    # Read under the bounds given (the translator gives the workspace's max-file-size, as
    # every other reading of a statement does), not always under the default 50 MB.
    from polyglot_statement.fsutil import InputBounds
    from polyglot_statement.machine.translate import statement_references

    statement = tmp_path / "s.md"
    statement.write_text(
        "---\ntitle: T\n---\n\nSee [the call][call].\n\n[call]: https://example.org\n"
    )
    size = statement.stat().st_size
    found = statement_references(statement, InputBounds(max_size=size))
    assert found is not None and found("CALL") and not found("other")
    assert statement_references(statement, InputBounds(max_size=size - 1)) is None
