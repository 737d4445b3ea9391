"""Segmentation of Markdown written the way other projects' test suites write it.

The corpora of markdown-it-py, the CommonMark spec and Python-Markdown (run by hand, not
here) found the bugs these tests pin down; the table and the generated documents below
cover the constructs that were tricky there, in our own words.
"""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from polyglot_statement.errors import SourceError
from polyglot_statement.source.segment import (
    BLOCK_QUOTE,
    IMAGE_ALT,
    TABLE_CELL,
    Document,
    rebuild,
    segment_document,
)


def _msgids(document: Document) -> list[str]:
    return [segment.msgid for segment in document.segments]


def _assert_spans_hold(text: str) -> Document:
    """Identity gives the bytes back; a wrapped translation lands in, and only in, its span."""
    document = segment_document(text)
    assert rebuild(document, lambda segment: segment.msgid) == text
    assert not document.skipped_lines
    assert all(segment.msgid.strip() for segment in document.segments)
    translated = rebuild(document, lambda segment: f"({segment.msgid})")
    assert _msgids(segment_document(translated)) == [f"({m})" for m in _msgids(document)]
    return document


# --- regressions: each of these was wrong before -------------------------------------------


def test_byte_order_mark_is_kept_and_does_not_hide_a_heading() -> None:
    text = "\ufeff# Call to action\n\nJoin the march.\n"
    document = _assert_spans_hold(text)
    assert _msgids(document) == ["Call to action", "Join the march."]
    assert document.segments[0].kind == "heading 1"
    rebuilt = rebuild(document, lambda segment: {"Join the march.": "Únete."}.get(segment.msgid))
    assert rebuilt == "\ufeff# Call to action\n\nÚnete.\n"


def test_byte_order_mark_does_not_hide_front_matter() -> None:
    text = (
        "\ufeff---\r\ntitle: Solidarity\r\n---\r\n\r\n"
        "| Union | City |\r\n|---|---|\r\n| Miners | Lima |\r\n"
    )
    document = _assert_spans_hold(text)
    assert [(s.kind, s.msgid) for s in document.segments] == [
        ("front matter: title", "Solidarity"),
        (TABLE_CELL, "Union"),
        (TABLE_CELL, "City"),
        (TABLE_CELL, "Miners"),
        (TABLE_CELL, "Lima"),
    ]
    assert document.segments[0].line == 2


def test_byte_order_mark_before_a_table_row() -> None:
    document = _assert_spans_hold("\ufeffUnion | City\n--- | ---\nMiners | Lima\n")
    assert _msgids(document) == ["Union", "City", "Miners", "Lima"]


def test_document_opening_with_a_rule_that_is_no_front_matter_gets_a_clear_error() -> None:
    with pytest.raises(SourceError) as raised:
        segment_document("---\nA line\n---\nMore\n", "statement.md")
    assert raised.value.line == 2
    assert "`---` on line 1" in raised.value.message
    assert "`***`" in raised.value.message
    with pytest.raises(SourceError, match=r"never closed.*`\*\*\*`"):
        segment_document("---\nOnly a rule above.\n", "statement.md")


@pytest.mark.parametrize(
    "text",
    [
        "> | Union | City |\n> |---|---|\n> | Miners | Lima |\n",
        "> Union | City\n> --- | ---\n> Miners | Lima\n",
        "1. | Union | City |\n   |---|---|\n   | Miners | Lima |\n",
        "- > | Union | City |\n  > |---|---|\n  > | Miners | Lima |\n",
        "Note[^t]\n\n[^t]: | Union | City |\n    |---|---|\n    | Miners | Lima |\n",
        "> Note[^t]\n>\n> [^t]: | Union | City |\n>     |---|---|\n>     | Miners | Lima |\n",
    ],
    ids=[
        "quote",
        "quote-no-pipes",
        "ordered-item",
        "quote-in-item",
        "footnote",
        "footnote-in-quote",
    ],
)
def test_table_cells_in_containers_leave_the_markers_out(text: str) -> None:
    document = _assert_spans_hold(text)
    cells = [s.msgid for s in document.segments if s.kind == TABLE_CELL]
    assert cells == ["Union", "City", "Miners", "Lima"]


def test_dash_at_the_start_of_a_quoted_cell_is_cell_text() -> None:
    # No list here: markdown-it reads the row as a table before it looks for a list.
    document = _assert_spans_hold("> - x | y\n> --|--\n> a | b\n")
    assert _msgids(document) == ["- x", "y", "a", "b"]


def test_cell_translation_in_a_quote_keeps_the_quote() -> None:
    document = segment_document("> | Union | City |\n> |---|---|\n> | Miners | Lima |\n")
    rebuilt = rebuild(
        document, lambda segment: {"Miners": "Mineros", "City": "A|B"}.get(segment.msgid)
    )
    assert rebuilt == "> | Union | A\\|B |\n> |---|---|\n> | Mineros | Lima |\n"


def test_blank_cells_are_not_segments() -> None:
    document = _assert_spans_hold("| Union | \u00a0 |\n|---|---|\n| \u3000 | Lima |\n")
    assert _msgids(document) == ["Union", "Lima"]


def test_image_alt_over_two_lines_is_offered_with_its_image() -> None:
    text = "> ![Miners on\n> strike](strike.jpg)\n"
    document = _assert_spans_hold(text)
    assert [(s.kind, s.msgid) for s in document.segments] == [
        (BLOCK_QUOTE, "![Miners on strike](strike.jpg)")
    ]


def test_image_alt_leaves_surrounding_spaces_in_the_source() -> None:
    document = _assert_spans_hold("![  Miners on strike ](strike.jpg)\n")
    assert [(s.kind, s.msgid) for s in document.segments] == [(IMAGE_ALT, "Miners on strike")]
    rebuilt = rebuild(document, lambda segment: "Mineros en huelga")
    assert rebuilt == "![  Mineros en huelga ](strike.jpg)\n"


@pytest.mark.parametrize(
    ("text", "alt"),
    [
        (
            '![Miners <abbr title="a]b">CBA</abbr> on strike](s.jpg)\n',
            'Miners <abbr title="a]b">CBA</abbr> on strike',
        ),
        ("![Mail <https://a.org/x]y> now](s.jpg)\n", "Mail <https://a.org/x]y> now"),
        ("![a `]` b](s.jpg)\n", "a `]` b"),
    ],
    ids=["tag", "autolink", "code span"],
)
def test_image_alt_ends_at_the_bracket_the_machine_pass_reads(text: str, alt: str) -> None:
    # A `]` inside an HTML tag, an autolink or a code span closes nothing (CommonMark 6.3):
    # the alt offered is the whole alt, read by the one scanner the machine pass uses.
    document = _assert_spans_hold(text)
    assert [(s.kind, s.msgid) for s in document.segments] == [(IMAGE_ALT, alt)]
    assert rebuild(document, lambda segment: segment.msgid.upper()) == text.replace(
        alt, alt.upper()
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("![Logo]\n\n[logo]: logo.png\n", "![Logotipo][Logo]\n\n[logo]: logo.png\n"),
        ("![Logo][]\n\n[logo]: logo.png\n", "![Logotipo][Logo]\n\n[logo]: logo.png\n"),
        ("![Logo][l]\n\n[l]: logo.png\n", "![Logotipo][l]\n\n[l]: logo.png\n"),
        ("![Logo](logo.png)\n", "![Logotipo](logo.png)\n"),
    ],
    ids=["shortcut", "collapsed", "full", "inline"],
)
def test_translated_alt_of_a_reference_image_still_finds_the_image(
    text: str, expected: str
) -> None:
    document = segment_document(text)
    assert [(s.kind, s.msgid) for s in document.segments] == [(IMAGE_ALT, "Logo")]
    assert rebuild(document, lambda segment: segment.msgid) == text
    rebuilt = rebuild(document, lambda segment: "Logotipo")
    assert rebuilt == expected
    for html in (markdown.markdown(rebuilt), MarkdownIt("commonmark").render(rebuilt)):
        assert re.search(r'<img (?=[^>]*alt="Logotipo")(?=[^>]*src="logo\.png")', html), html


def test_translation_line_break_after_a_no_break_space_gets_plain_indentation() -> None:
    # markdown-it strips the no-break space before the text; copying it into the
    # continuation line would put it into the next msgid.
    document = segment_document("\u00a0 First words\n")
    assert _msgids(document) == ["First words"]
    rebuilt = rebuild(document, lambda segment: "Primeras\npalabras")
    assert rebuilt == "\u00a0 Primeras\n  palabras\n"
    assert _msgids(segment_document(rebuilt)) == ["Primeras palabras"]


# --- constructs that were tricky in the foreign corpora --------------------------------------

TRICKY = {
    "lazy quote line": ("> The strike began\non Monday.\n", ["The strike began on Monday."]),
    "lazy list line": (
        "- Miners marched\nto the square.\n- Teachers joined.\n",
        ["Miners marched to the square.", "Teachers joined."],
    ),
    "tab after list marker": (
        "-\tFirst demand\n-\tSecond demand\n",
        ["First demand", "Second demand"],
    ),
    "tab-indented paragraph in item": (
        "1.\tWages\n\n\tand pensions, indexed.\n",
        ["Wages", "and pensions, indexed."],
    ),
    "tab inside text": ("Wages\tand\tpensions\n", ["Wages\tand\tpensions"]),
    "reference definitions": (
        '[wftu]: https://example.org "Federation"\nRead the [call][wftu].\n\n[pe]: <https://example.org/pe>\n',
        ["Read the [call][wftu]."],
    ),
    "html comment": ("<!-- draft note -->\nAfter the comment.\n", ["After the comment."]),
    "html script": ("<script>\nlet x = 1;\n</script>\nVisible text.\n", ["Visible text."]),
    "html pre": ("<pre>\nkept as is\n\n</pre>\n\nText.\n", ["Text."]),
    "html processing instruction": ("<?php echo 1; ?>\n\nText.\n", ["Text."]),
    "html declaration": ("<!DOCTYPE html>\n\nText.\n", ["Text."]),
    "html cdata": ("<![CDATA[\nraw\n]]>\n\nText.\n", ["Text."]),
    "html block tag": ('<div class="box">\n\n*Inside* the box.\n\n</div>\n', ["*Inside* the box."]),
    "html other tag": ("<custom-tag>\nraw line\n</custom-tag>\n\nText.\n", ["Text."]),
    "nested containers": (
        "> 1. Quoted item\n>    > with its own quote\n>    > continued\n> 2. Second item\n",
        ["Quoted item", "with its own quote continued", "Second item"],
    ),
    "setext heading": ("Solidarity\n---\n", ["Solidarity"]),
    "thematic break after a blank line": ("Solidarity\n\n---\n\nMore.\n", ["Solidarity", "More."]),
    "setext heading over two lines": ("A long\ntitle\n===\n", ["A long title"]),
    "empty list items": ("- first\n-\n- \n- last\n", ["first", "last"]),
    "empty ordered item": ("1. one\n2.\n3. three\n", ["one", "three"]),
    "footnote with nested blocks": (
        "Claim.[^src]\n\n[^src]: The source.\n\n    A second paragraph.\n\n"
        "    - a listed point\n\n    > a quoted line\n",
        ["Claim.[^src]", "The source.", "A second paragraph.", "a listed point", "a quoted line"],
    ),
    "table without leading pipes": (
        "Country | Members\n--- | ---:\nPeru | 120\nChile | 80\n",
        ["Country", "Members", "Peru", "120", "Chile", "80"],
    ),
    "escaped pipes in cells": (
        "| Sign | Meaning |\n|---|---|\n| a \\| b | either |\n| `x \\| y` | code |\n",
        ["Sign", "Meaning", "a \\| b", "either", "`x \\| y`", "code"],
    ),
    "row with a missing cell": ("| a | b |\n|---|---|\n| c |\n", ["a", "b", "c"]),
    "atx closing sequence": (
        "## Demands ##\n### Wages #not-closing\n",
        ["Demands", "Wages #not-closing"],
    ),
    "hard breaks in a quote": (
        "> First line  \n> second line\\\n> third\n",
        ["First line  \nsecond line\\\nthird"],
    ),
    "entities": ("&copy; 2026 &mdash; all rights\n", ["&copy; 2026 &mdash; all rights"]),
    "indented code": ("    code line\n\nText.\n", ["Text."]),
    "tilde fence": ("~~~ text\nnot text\n~~~\nAfter.\n", ["After."]),
    "inline footnote": (
        "A claim.^[Its source,\nin two lines.]\n",
        ["A claim.^[Its source, in two lines.]"],
    ),
}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("name", list(TRICKY))
def test_tricky_construct(name: str, newline: str) -> None:
    text, expected = TRICKY[name]
    for variant in (text.replace("\n", newline), "\ufeff" + text.replace("\n", newline)):
        assert _msgids(_assert_spans_hold(variant)) == expected


# --- generated documents: containers nested in any order around any block -------------------

_text = st.lists(
    st.sampled_from(
        [
            "union",
            "Perú",
            "**strong**",
            "*em*",
            "`co|de`",
            "[link](u)",
            "a\\|b",
            "1.",
            "#",
            "tab\tbed",
            "&amp;",
            "«q»",
        ]
    ),
    min_size=1,
    max_size=4,
).map(" ".join)


@st.composite
def _leaf(draw: st.DrawFn) -> list[str]:
    first, second = draw(_text), draw(_text)
    return draw(
        st.sampled_from(
            [
                [first, second],
                [first + "  ", second],
                [f"## {first} ##"],
                [first, "---"],
                [f"| {first} | {second} |", "|---|:-:|", f"| {second} | {first} |"],
                [f"{first} | {second}", "--- | ---", f"{second} | {first}"],
                [f"![{first}](p.png)"],
                [f"![{first}", f"{second}](p.png)"],
                ["```", first, "```"],
                ["<div>", first, "</div>"],
                # Without the blank line "(text)" would become the definition's title.
                ["[r]: /u", "", second],
                ["* * *"],
                ["\u00a0" + first],
            ]
        )
    )


@st.composite
def _block(draw: st.DrawFn, depth: int = 0, in_footnote: bool = False) -> list[str]:
    if depth >= 3 or draw(st.booleans()):
        return draw(_leaf())
    # markdown-it-py's plugin scrambles a footnote defined inside another one.
    container = draw(
        st.sampled_from(["> ", "- ", "1. ", "-\t", *([] if in_footnote else ["[^n]: "])])
    )
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        lines += [*draw(_block(depth + 1, in_footnote or container == "[^n]: ")), ""]
    indent = {"> ": "> ", "-\t": "\t", "[^n]: ": "    "}.get(container, " " * len(container))
    lazy = container == "> " and draw(st.booleans())
    out: list[str] = []
    for number, line in enumerate(lines[:-1]):
        if number == 0:
            out.append(container + line)
        elif lazy and line[:1].isalpha() and out[-1].strip() not in ("", ">"):
            out.append(line)  # a lazy continuation line
        else:
            out.append(indent + line if line or container == "> " else "")
    return out


@st.composite
def _document(draw: st.DrawFn) -> str:
    text = "\n\n".join("\n".join(draw(_block())) for _ in range(draw(st.integers(1, 3)))) + "\n"
    # Every footnote gets its own label and a reference, or markdown-it drops it.
    labels = iter(range(1, 1000))
    text = re.sub(r"\[\^n\]", lambda _: f"[^n{next(labels)}]", text)
    text = "".join(f"[^{label}]" for label in re.findall(r"\[\^(n\d+)\]:", text)) + "\n\n" + text
    text = text.replace("\n", draw(st.sampled_from(["\n", "\r\n"])))
    return draw(st.sampled_from(["", "\ufeff"])) + text


# Fixed examples: markdown-it-py itself misreads a tab after a quote marker in a nested list
# (`> >   \t1. x` gives the item ". x"), and CI must not fail on a rare draw of that.
@settings(max_examples=150, deadline=None, derandomize=True)
@given(_document())
def test_generated_nested_documents_keep_their_spans(text: str) -> None:
    _assert_spans_hold(text)
