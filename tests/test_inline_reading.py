"""Each text's inline Markdown is read once per build (source/inline_reading.py, issue 20).

A statement crowded with `*` (100,000 `*a` in 1 MB, as the limits allow) was parsed by the
nesting check, the `markdown` check and once per edition by the renderer: 8 s to build.
These tests count the parses markdown-it makes of such a paragraph, and check that the
shared and short readings give exactly what markdown-it gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_core import inline as inline_rule
from markdown_it.token import Token
from test_build import NO_FLOOR, make_workspace, translate

from polyglot_statement.config import load_settings
from polyglot_statement.publish.build import build
from polyglot_statement.publish.html import markdown_renderer
from polyglot_statement.source import inline_reading, new_parser
from polyglot_statement.source.inline_reading import (
    inline_children,
    inline_mode_children,
    is_plain,
    plain_children,
)

# Nested deeper than MAX_NESTING could be, so the statement's reading parses it for its
# depth (as it does a 1 MB paragraph of `*a`), and full of markup for the checks.
CROWDED = "*a" * 300


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """Every text markdown-it's inline parser reads, counted."""
    inline_reading.forget()
    counted: Counter[str] = Counter()
    parse = ParserInline.parse

    def counting(self: ParserInline, text: str, *arguments: object) -> object:
        counted[text] += 1
        return parse(self, text, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(ParserInline, "parse", counting)
    yield counted
    inline_reading.forget()


def test_a_crowded_paragraph_is_parsed_once_by_a_build(
    tmp_path: Path, parses: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYGLOT_JOBS", "1")  # the counter is this process's
    source = f"---\ntitle: Crowded\n---\n\nA first paragraph.\n\n{CROWDED}\n"
    root = make_workspace(tmp_path / "ws", source, languages=("fr", "es"))
    translate(root, "fr", lambda msgid: msgid)  # approved as the source: the same text
    translate(root, "es", lambda msgid: "Un párrafo." if msgid.startswith("A ") else msgid)
    report = build(load_settings(root), allow_partial=True)
    assert {language for _, language in report.rebuilt} == {"en", "fr", "es"}
    # The nesting check, the `markdown` check of two translations, three editions in
    # html, md and txt, and their descriptions: one reading.
    assert parses[CROWDED] == 1
    page = (root / "dist" / "fr" / "statement.html").read_text(encoding="utf-8")
    assert "<em>a</em>" in page


TEXTS = [
    "plain words, with punctuation: 50% (or more) - and quotes ' \" !",
    "ends with a bang! and a caret ^ and a bracket ]",
    "*emphasis* and __strong__ and `code` and <b>html</b> and &amp; and \\* and ~~s~~",
    "a line\nand another  \nand a hard break",
    "crlf\r\nline\rbreaks and a NUL \0 here",
    "an autolink <https://example.org/a> and <mail@example.org>, www.example.org",
    CROWDED,
    "[a link](https://x.org) and ![an image](a.png) and a note[^1] and ^[inline]",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_shared_reading_is_markdown_its(parses: Counter[str], text: str) -> None:
    parser = new_parser()
    shared = inline_mode_children(parser, text)
    if shared is None:
        assert "[" in text  # read by the caller, who has its link definitions
    else:
        unjoined = new_parser().disable("text_join").parseInline(text)[0].children
        assert _shape(shared) == _shape(unjoined or [])
        assert inline_mode_children(new_parser(), text) is shared  # read once


@pytest.mark.parametrize("text", TEXTS)
def test_pages_are_what_markdown_its_own_inline_rule_renders(
    parses: Counter[str], text: str
) -> None:
    stock = markdown_renderer()
    stock.core.ruler.at("inline", inline_rule)
    expected = stock.render(text)
    inline_reading.forget()
    assert markdown_renderer().render(text) == expected  # read here
    inline_children(new_parser(), text.replace("\r\n", "\n").replace("\r", "\n"))
    assert markdown_renderer().render(text) == expected  # from a reading shared
    assert markdown_renderer().render(text) == expected  # and again: its copy was its own


def _shape(tokens: Sequence[Token]) -> list[tuple[object, ...]]:
    return [
        (token.type, token.tag, token.nesting, token.attrs, token.level, token.content,
         token.markup, token.info, token.children and _shape(token.children))
        for token in tokens
    ]  # fmt: skip


def test_plain_text_is_not_parsed(parses: Counter[str]) -> None:
    parser = markdown_renderer()
    text = "Plain words: 50 % more, (or less) - a caret ^ and a closing bracket ] too!"
    assert is_plain(parser, text)
    page = parser.render(text)
    assert parses[text] == 0  # the page's paragraph was not parsed
    assert page == new_parser().render(text)
    assert parses[text] == 1  # (markdown-it's own rule parses it)
    wrapped = "A paragraph wrapped  \n  over three lines \nof plain words."
    page = parser.render(wrapped)
    assert parses[wrapped] == 0
    assert page == new_parser().render(wrapped)
    assert "<br />" in page
    for marked in ("*a*", "a\rb", "a\\b", "`a`", "<a>", "&amp;", "[a]", "~a~", "_a_"):
        assert not is_plain(parser, marked)


def test_a_parser_with_other_rules_shares_no_reading(parses: Counter[str]) -> None:
    linking = new_parser()
    linking.options["linkify"] = True
    text = "*a* www.example.org"
    ours = inline_children(new_parser(), text)
    theirs = inline_children(linking, text)
    assert ours is not theirs
    assert parses[text] == 2
    assert not is_plain(linking, "see www.example.org")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab  \t\n.!-:^]é", max_size=16))
def test_plain_text_with_line_breaks_is_what_markdown_it_makes(text: str) -> None:
    """Text, soft and hard breaks as markdown-it's newline rule makes them: spaces before a
    newline, leading spaces and tabs of the next line, empty lines."""
    parser = new_parser()
    assert is_plain(parser, text)
    expected: list[Token] = []
    parser.inline.parse(text, parser, {}, expected)
    assert _whole(plain_children(text)) == _whole(expected)


def _whole(tokens: Sequence[Token]) -> list[tuple[object, ...]]:
    return [
        (token.type, token.tag, token.nesting, token.attrs, token.map, token.level,
         token.children, token.content, token.markup, token.info, token.meta, token.block,
         token.hidden)
        for token in tokens
    ]  # fmt: skip


def test_a_passage_shown_in_the_original_is_read_once_for_every_partial_edition(
    tmp_path: Path, parses: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYGLOT_JOBS", "1")  # the counter is this process's
    untranslated = "We *condemn* the repression of `the union`."
    source = f"---\ntitle: A title\n---\n\nA first paragraph.\n\n{untranslated}\n"
    root = make_workspace(tmp_path / "ws", source, languages=("fr", "es", "de"), settings=NO_FLOOR)
    for language in ("fr", "es", "de"):
        translate(root, language, lambda msgid: None if msgid == untranslated else f"({msgid})")
    report = build(load_settings(root), allow_partial=True)
    assert {language for _, language in report.rebuilt} == {"en", "fr", "es", "de"}
    marked = [text for text in parses if untranslated in text and text != untranslated]
    # The same passage, markers and all, in three partial editions: one reading.
    assert marked and all(parses[text] == 1 for text in marked)
    pages = {
        language: (root / "dist" / language / "statement.html").read_text(encoding="utf-8")
        for language in ("fr", "es", "de")
    }
    # Each page its own tokens (the renderer's rules change them): the same markup in each,
    # labelled in its own language.
    for page in pages.values():
        assert '<span class="fallback" lang="en" dir="ltr">' in page
        assert "<em>condemn</em>" in page and '<code dir="ltr">the union</code>' in page
    assert len({page.split('class="fallback"')[1][:200] for page in pages.values()}) == 3
