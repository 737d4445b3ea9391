"""One reading of the source: the page shows the blocks segmentation found.

Segmentation reads the source with markdown-it; the HTML edition used to be rendered by
Python-Markdown, which reads some Markdown differently (a heading without a space, a
setext heading over two lines, a ten-digit list number, a pipe in a code span of a
table cell). There a translation changed the page's structure or lost text. Now the
page is rendered by the same parser, and these tests hold the source page and the
translated page to the same blocks, and the translated Markdown to the source's blocks
in both parsers wherever both read the source alike.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_blocks import block_skeleton, python_markdown_html
from test_build import NO_FLOOR, make_workspace, translate

from polyglot_statement.config import load_settings
from polyglot_statement.publish.build import build
from polyglot_statement.publish.html import markdown_renderer
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.source.markdown_syntax import new_parser
from polyglot_statement.source.segment import segment_document


def _page_body(html: str) -> str:
    body = html.split("<main>", 1)[1].split("</header>\n", 1)[1].split("</main>", 1)[0]
    return re.sub(r'<div class="notice".*?</div>\n', "", body, flags=re.DOTALL)


def _markdown_it_html(body: str) -> str:
    return new_parser().render(body)


def _wrap(msgid: str) -> str:
    return f"({msgid})"


CASES = {
    # A pipe inside a code span does not end the cell (Python-Markdown's reading); GitHub's
    # would cut the code span in two and drop "union".
    "pipe in a code span of a table cell": (
        "| Sign | Meaning |\n|---|---|\n| `x|y` | union |\n",
        ["Sign", "Meaning", "`x|y`", "union"],
    ),
    "heading without a space": ("#5 bolt\n\nThe rest.\n", ["#5 bolt", "The rest."]),
    "setext heading over two lines": ("A long\ntitle\n===\n\nText.\n", ["A long title", "Text."]),
    "ten-digit list number": ("1234567890. not ok\n\nText.\n", ["1234567890. not ok", "Text."]),
    "text right after a link definition": (
        "[r]: https://example.org/r\nText after the definition, [linked][r].\n",
        ["Text after the definition, [linked][r]."],
    ),
    "title line after a link definition": (
        '[r]: https://example.org/r\n"A title"\nText after.\n',
        ["Text after."],
    ),
}
# Python-Markdown reads these sources differently from CommonMark (a heading, a
# paragraph, a list): a Markdown edition read by it cannot match its reading of the source.
PYTHON_MARKDOWN_DIFFERS = {
    "heading without a space",
    "setext heading over two lines",
    "ten-digit list number",
}


@pytest.mark.parametrize("name", list(CASES))
def test_translated_page_keeps_the_source_page_structure(name: str, tmp_path: Path) -> None:
    source, msgids = CASES[name]
    assert [s.msgid for s in segment_document(source).segments] == msgids
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    translate(root, "es", _wrap)
    build(load_settings(root), formats=("html", "md"))
    page = _page_body((root / "dist" / "es" / "statement.html").read_text(encoding="utf-8"))
    source_page = sanitise(markdown_renderer().render(source))
    assert block_skeleton(page) == block_skeleton(source_page)
    # Every text was offered and is shown translated, once each.
    assert "fallback" not in page
    assert re.sub(r"<[^>]+>", "", page).count("(") == len(msgids)
    # Code spans come out as in the source page.
    spans = re.findall(r"<code[^>]*>.*?</code>", page)
    assert spans == re.findall(r"<code[^>]*>.*?</code>", source_page)
    translated = (root / "dist" / "es" / "statement.md").read_text(encoding="utf-8")
    parsers = [_markdown_it_html]
    if name not in PYTHON_MARKDOWN_DIFFERS:
        parsers.append(python_markdown_html)
    for render in parsers:
        assert block_skeleton(render(translated)) == block_skeleton(render(source)), render
        assert re.findall(r"<code>.*?</code>", render(translated)) == re.findall(
            r"<code>.*?</code>", render(source)
        )


def test_python_markdown_reads_these_sources_otherwise() -> None:
    """Why the page is not rendered by Python-Markdown: it disagrees on these sources."""
    for name in PYTHON_MARKDOWN_DIFFERS:
        source = CASES[name][0]
        assert block_skeleton(python_markdown_html(source)) != block_skeleton(
            _markdown_it_html(source)
        ), name


def test_pipe_cell_code_span_and_union_reach_the_page(tmp_path: Path) -> None:
    root = make_workspace(
        tmp_path / "ws",
        "| Sign | Meaning |\n|---|---|\n| `x|y` | union |\n",
        ("es",),
        settings=NO_FLOOR,
    )
    translate(root, "es", lambda msgid: {"union": "unión", "Meaning": "Significado"}.get(msgid))
    build(load_settings(root), formats=("html", "md"), allow_partial=True)
    page = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert '<code dir="ltr">x|y</code></span></td>' in page  # untranslated, shown as in the source
    assert "<td>unión</td>" in page


@pytest.mark.parametrize(
    ("translation", "expected"),
    [
        ("`x|y` o bien", "| `x|y` o bien | u |"),
        ("x|y o bien", "| x\\|y o bien | u |"),
        ("`x` | `y`", "| `x` \\| `y` | u |"),
    ],
)
def test_table_cell_translation_escapes_pipes_outside_code_only(
    translation: str, expected: str
) -> None:
    # Inside a code span a backslash would show in Python-Markdown; outside, the pipe
    # would end the cell in every reader.
    from polyglot_statement.source.segment import rebuild

    document = segment_document("| a | b |\n|---|---|\n| `x|y` | u |\n")
    rebuilt = rebuild(document, lambda s: translation if s.msgid == "`x|y`" else None)
    assert rebuilt.splitlines()[2] == expected
    cells = [s.msgid for s in segment_document(rebuilt).segments]
    assert cells[2] == expected.split(" | ")[0].removeprefix("| ")
    for html in (_markdown_it_html(rebuilt), python_markdown_html(rebuilt)):
        assert html.count("<td>") == 2


def test_table_alignment_reaches_the_page_as_an_attribute(tmp_path: Path) -> None:
    # markdown-it writes alignment as inline style, which the sanitiser removes.
    root = make_workspace(tmp_path / "ws", "| a | b | c |\n|:--|:-:|--:|\n| d | e | f |\n")
    translate(root, "es", _wrap)
    build(load_settings(root), formats=("html",))
    page = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert '<th align="left">(a)</th>' in page and '<td align="right">(f)</td>' in page
    assert '<th align="center">(b)</th>' in page and "style=" not in page.split("</style>")[1]


def test_a_passage_shown_untranslated_keeps_its_emphasis(tmp_path: Path) -> None:
    # The marks around a fallback passage used to be private-use characters, which
    # emphasis rules read as letters: `_foo bar_` and `*Note:*` then showed their markers.
    source = "_Our demands_ follow.\n\n*Note:*\n\n| *-* | __b__ |\n|---|---|\n\nA *b*.\n"
    root = make_workspace(tmp_path / "ws", source, languages=("es",), settings=NO_FLOOR)
    build(load_settings(root), formats=("html",), allow_partial=True)
    page = _page_body((root / "dist" / "es" / "statement.html").read_text(encoding="utf-8"))
    source_page = sanitise(markdown_renderer().render(source))
    unlabelled = re.sub(r'<span class="fallback-label"[^>]*>[^<]*</span> ', "", page)
    unmarked = re.sub(r'<span class="fallback"[^>]*>|</span>', "", unlabelled)
    assert unmarked.strip() == source_page.strip()
    assert page.count('<span class="fallback"') == 5
    assert "<em>Our demands</em>" in page and "<strong>b</strong>" in page


@pytest.mark.parametrize(
    "source",
    ['Open <a href="`">the link</a> `now', "Mail <https://example.org/a`b> now `x`."],
    ids=["tag", "autolink"],
)
def test_a_backtick_inside_a_tag_or_autolink_opens_no_code_span(source: str) -> None:
    # CommonMark reads tags and autolinks before code spans; so must the safety pass, or
    # it takes the tag for code and escapes the translation's copy of it.
    from polyglot_statement.publish.untrusted import neutralise

    translation = f"({source})"
    assert neutralise(source, translation) == translation
    page = markdown_renderer().render(translation)
    assert "<a href" in page
