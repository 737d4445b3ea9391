"""Segmentation: golden files for every construct, round trips, agreement with Python-Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import Golden
from markdown_blocks import python_markdown_blocks
from markdown_it import MarkdownIt

from polyglot_statement.po import TemplateMessage, format_po, make_template
from polyglot_statement.source.frontmatter import split_front_matter
from polyglot_statement.source.segment import Document, rebuild, segment_document

DATA = Path(__file__).parent / "data" / "segment"
CASES = sorted(DATA.glob("*.md"))
ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "source" / "wftu-andean-solidarity-peru.md"


def _segment(path: Path) -> Document:
    text = path.read_bytes().decode("utf-8")
    language = "en" if path.stem == "sentences" else None
    return segment_document(text, path, sentence_language=language)


def _template(path: Path, document: Document) -> bytes:
    messages: dict[str, TemplateMessage] = {}
    for segment in document.segments:
        where = f"{path.name}:{segment.line}"
        earlier = messages.get(segment.msgid)
        kinds = (earlier.comments if earlier else ()) + (
            () if earlier and segment.kind in earlier.comments else (segment.kind,)
        )
        kinds += ("required",) if segment.required and "required" not in kinds else ()
        occurrences = (earlier.occurrences if earlier else ()) + (where,)
        messages[segment.msgid] = TemplateMessage(segment.msgid, kinds, occurrences)
    return format_po(make_template("golden", path.stem, messages.values()))


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_golden_template(path: Path, golden: Golden) -> None:
    golden.assert_matches(
        path.with_name(path.name + ".expect.pot"), _template(path, _segment(path))
    )


@pytest.mark.parametrize("path", [*CASES, EXAMPLE], ids=lambda path: path.stem)
def test_identity_round_trip_is_byte_for_byte(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    document = _segment(path)
    assert rebuild(document, lambda segment: segment.msgid) == text
    assert rebuild(document, lambda segment: "") == text
    assert rebuild(document, lambda segment: None) == text


@pytest.mark.parametrize("path", [*CASES, EXAMPLE], ids=lambda path: path.stem)
def test_translation_replaces_exactly_its_span(path: Path) -> None:
    document = _segment(path)
    translated = rebuild(document, lambda segment: f"({segment.msgid})")
    again = segment_document(
        translated, path, sentence_language="en" if path.stem == "sentences" else None
    )
    if path.stem == "sentences":
        # Parentheses change where sentences end; compare the paragraphs' text instead.
        assert translated.count("(") - document.text.count("(") == len(document.segments)
        return
    assert [segment.msgid for segment in again.segments] == [
        f"({segment.msgid})" for segment in document.segments
    ]
    assert [segment.kind for segment in again.segments] == [
        segment.kind for segment in document.segments
    ]


AGREEMENT_CASES = [
    path for path in CASES if path.stem not in {"front-matter", "crlf", "sentences", "tabs"}
]


@pytest.mark.parametrize("path", [*AGREEMENT_CASES, EXAMPLE], ids=lambda path: path.stem)
def test_python_markdown_sees_the_same_blocks(path: Path) -> None:
    """Each segment is exactly one block of the Markdown edition as Python-Markdown reads it
    (the page is rendered by markdown-it; other tools may read the .md with Python-Markdown)."""
    document = _segment(path)
    translated = rebuild(document, lambda segment: f"⟦{segment.msgid}⟧")
    body = translated[split_front_matter(translated, path).body_start :]
    blocks = [block for block in python_markdown_blocks(body) if "⟦" in block]
    body_segments = [s for s in document.segments if not s.kind.startswith("front matter")]
    assert len(blocks) >= len(body_segments)
    for block in blocks:
        # A block holding two segments, or half of one, would break the markers' pairing.
        assert block.count("⟦") == 1 and block.count("⟧") == 1, block


def test_segment_kinds_and_lines_of_the_example() -> None:
    document = _segment(EXAMPLE)
    kinds = [segment.kind for segment in document.segments]
    assert kinds[0] == "front matter: title"
    assert kinds.count("block quote") == 11
    assert kinds.count("paragraph") == 3
    assert document.segments[1].line == 7


def test_soft_line_breaks_become_one_space() -> None:
    document = segment_document("One line\n  and the next\n")
    assert [segment.msgid for segment in document.segments] == ["One line and the next"]


def test_hard_breaks_are_kept_in_the_msgid() -> None:
    document = segment_document("One line  \nnext\\\nlast\n")
    assert document.segments[0].msgid == "One line  \nnext\\\nlast"


def test_multiline_translation_keeps_its_container() -> None:
    document = segment_document("> quoted\n> text\n\n- item\n")
    rebuilt = rebuild(
        document,
        lambda segment: {"quoted text": "línea uno  \nlínea dos", "item": "ítem"}[segment.msgid],
    )
    assert rebuilt == "> línea uno  \n> línea dos\n\n- ítem\n"


def test_translation_cannot_end_a_paragraph_with_a_blank_line() -> None:
    document = segment_document("> quoted\n")
    rebuilt = rebuild(document, lambda segment: "one\n\n\ntwo")
    assert rebuilt == "> one\n> two\n"


def test_table_cell_translation_escapes_pipes() -> None:
    document = segment_document("| a | b |\n|---|---|\n| c | d |\n")
    rebuilt = rebuild(document, lambda segment: "x|y" if segment.msgid == "c" else None)
    assert rebuilt == "| a | b |\n|---|---|\n| x\\|y | d |\n"


def test_front_matter_translation_is_valid_yaml() -> None:
    text = "---\ntitle: Plain\nother: kept\n---\n\nBody\n"
    document = segment_document(text)
    rebuilt = rebuild(
        document, lambda segment: 'Dos puntos: y "comillas"' if segment.msgid == "Plain" else None
    )
    assert split_front_matter(rebuilt, "x.md").data == {
        "title": 'Dos puntos: y "comillas"',
        "other": "kept",
    }


def test_required_marker_marks_only_the_next_block() -> None:
    document = _segment(DATA / "required.md")
    required = [segment.msgid for segment in document.segments if segment.required]
    assert required == ["This paragraph must be translated before publication."]


@pytest.mark.parametrize(
    "translation",
    [
        "línea\n- no es una lista",
        "# no es un título",
        "#etiqueta",
        "1. no es una lista\n2) tampoco",
        "texto\n===",
        "texto\n---",
        "texto\n```",
        "texto\n~~~",
        "texto\n> no es una cita",
        "texto\n* * *",
    ],
)
def test_a_translation_cannot_open_a_block_the_source_lacks(translation: str) -> None:
    """Both parsers (markdown-it for the page, Python-Markdown as a reader of the .md) see one
    paragraph."""
    document = segment_document("> quoted\n\nPara one.\n\n- item\n")
    rebuilt = rebuild(document, lambda s: translation if s.msgid == "Para one." else None)
    again = segment_document(rebuilt)
    assert [segment.kind for segment in again.segments] == ["block quote", "paragraph", "list item"]
    blocks = python_markdown_blocks(rebuilt)
    assert len(blocks) == 3  # the quoted paragraph, the paragraph, the list item
    html = MarkdownIt("commonmark").render(rebuilt)
    assert "\\" not in html and "&amp;#" not in html  # escapes render as the characters


def test_ordinary_dashes_and_hashes_inside_a_line_are_left_alone() -> None:
    document = segment_document("Para one.\n")
    rebuilt = rebuild(document, lambda segment: "-5 grados - y #etiqueta")
    assert rebuilt == "-5 grados - y #etiqueta\n"
