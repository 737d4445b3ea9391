"""Every shape of a 1 MB input is read in bounded work (issue 20: under 5 s).

`benchmarks/hostile_inputs.py` measures the shapes; each test here is the smallest
reproduction of one that was slow, and asserts either the refusal a real document never
meets or that the work no longer grows with the square of the size. No test measures time.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from cli_runner import polyglot
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from polyglot_statement.errors import SourceError
from polyglot_statement.memory.tmx import read_tmx
from polyglot_statement.publish.html import ADDRESS, find_addresses
from polyglot_statement.source import MAX_SEGMENT_LINES, MAX_SEGMENT_MARKUP, segment_document
from polyglot_statement.source.locate import Locator
from polyglot_statement.source.markdown_syntax import MAX_STATEMENT_LINES

# The package exports functions of the same names as these modules.
segment = importlib.import_module("polyglot_statement.source.segment")
markdown_syntax = importlib.import_module("polyglot_statement.source.markdown_syntax")

_ADDRESS_PIECES = ["a", "b", ".", "@", "_", "%", "-", " ", "www.", "http://", ",", ")"]


@given(st.lists(st.sampled_from(_ADDRESS_PIECES), max_size=30).map("".join))
def test_addresses_are_found_where_the_one_pattern_finds_them(text: str) -> None:
    assert find_addresses(text) == [match.span() for match in ADDRESS.finditer(text)]


def test_a_long_word_ending_in_an_at_sign_is_read_once() -> None:
    # The mail branch read the word from each of its letters: 1 MB of `a` ending in `@b`
    # took build (HTML and Word) minutes.
    word = "a" * 300_000
    assert find_addresses(word + "@b") == []
    assert find_addresses(word + "@b.org") == [(0, 300_006)]
    assert find_addresses("x@y.org_" + word + "@b.org") == [(0, 7), (7, 300_014)]


@pytest.mark.parametrize("piece", ["[a", "*a", "<!--a", "](a", "|a", "`a"])
@pytest.mark.parametrize("datatype", ["plaintext", "markdown"])
def test_a_memory_segment_crowded_with_markup_is_read_as_text(
    monkeypatch: pytest.MonkeyPatch, piece: str, datatype: str
) -> None:
    # 1 MB of `[a` in a TMX segment cost `memory import` (and every indexing) 8-24 s: its
    # Markdown was read, and rendered twice to choose how to escape it, a delimiter at a
    # time. Past MAX_SEGMENT_MARKUP it is text, escaped, and never parsed.
    from polyglot_statement.inline import restore

    crowded = piece * (MAX_SEGMENT_MARKUP + 1)
    parsed: list[str] = []
    monkeypatch.setattr(restore, "to_xml", lambda text, *_, **__: parsed.append(text))
    for method in ("parse", "parseInline"):
        monkeypatch.setattr(MarkdownIt, method, lambda _, text, *__: parsed.append(text))
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">'
        f'<header srclang="en" datatype="{datatype}"/><body><tu>'
        f'<tuv xml:lang="en"><seg>{escape(crowded)}</seg></tuv>'
        f'<tuv xml:lang="fr"><seg>{escape(crowded)}</seg></tuv></tu></body></tmx>\n'
    ).encode()
    [unit] = read_tmx(data, Path("partner.tmx"), "en", ("fr",)).units
    assert parsed == []
    assert unit.source == crowded
    assert unit.translation == restore._escape_markdown(crowded)


def test_a_memory_segment_under_the_limit_keeps_its_markup() -> None:
    markdown = "[a](https://x.org) and *b*"
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">'
        '<header srclang="en" datatype="plaintext"/><body><tu>'
        f'<tuv xml:lang="en"><seg>{markdown}</seg></tuv>'
        f'<tuv xml:lang="fr"><seg>{markdown}</seg></tuv></tu></body></tmx>\n'
    ).encode()
    [unit] = read_tmx(data, Path("partner.tmx"), "en", ("fr",)).units
    assert unit.translation == markdown


# ---------------------------------------------------------------- statement limits


def _workspace(root: Path, statement: str) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    (root / "source" / "s.md").write_text(statement, encoding="utf-8")
    return root


def test_a_statement_of_too_many_lines_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1 MB of `- a` lines cost markdown-it 10 s a reading, read by extract, check,
    # status and build; no real statement has a line with text for every 25 characters.
    parsed: list[str] = []
    monkeypatch.setattr(MarkdownIt, "parse", lambda _, text, *__: parsed.append(text))
    statement = "- a\n" * (MAX_STATEMENT_LINES + 1)
    with pytest.raises(SourceError) as refused:
        segment_document(statement, "s.md")
    assert str(refused.value) == (
        f"s.md:{MAX_STATEMENT_LINES + 1}: the statement has {MAX_STATEMENT_LINES + 1:,} lines "
        f"holding text, past {MAX_STATEMENT_LINES:,} on this line; at most "
        f"{MAX_STATEMENT_LINES:,}, or one per 25 characters, can be read in one statement: "
        "split it into several statements"
    )
    assert parsed == []
    root = _workspace(tmp_path / "ws", statement)
    for command in ("extract", "check", "status", "build"):
        result = polyglot(root, command)
        assert result.exit_code == 2, command
        assert f"source/s.md:{MAX_STATEMENT_LINES + 1}: the statement has" in result.stderr
    assert not (root / "locales").exists() and not (root / "dist").exists()


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n"])
def test_lines_are_counted_as_markdown_reads_them(
    monkeypatch: pytest.MonkeyPatch, line_break: str
) -> None:
    for module in (markdown_syntax, segment):
        monkeypatch.setattr(module, "MAX_STATEMENT_LINES", 30)
    blank = " \t" + line_break
    # Blank lines cost markdown-it nothing and count for nothing.
    assert len(segment_document(("- a" + line_break + blank) * 30).segments) == 30
    with pytest.raises(SourceError, match=r"^<string>:61: the statement has 31 lines"):
        segment_document(("- a" + line_break + blank) * 31)
    # A long statement may have a line with text per 25 characters.
    long_lines = ("b" * 24 + line_break) * 40
    assert len(segment_document(long_lines).segments) == 1


def test_a_statement_of_too_many_segments_is_refused_as_they_are_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 125,000 one-line paragraphs (1 MB) took build 29 s: each is a catalogue entry that
    # status, check and build read, check and render. The search stops one past the limit.
    for module in (markdown_syntax, segment):
        monkeypatch.setattr(module, "MAX_STATEMENT_SEGMENTS", 20)
    located = 0
    block_segments = Locator.block_segments

    def counted(self: Locator, *arguments: Any) -> Any:
        nonlocal located
        located += 1
        return block_segments(self, *arguments)

    monkeypatch.setattr(Locator, "block_segments", counted)
    assert len(segment_document("---\ntitle: T\n---\n" + "a\n\n" * 19).segments) == 20
    with pytest.raises(SourceError) as refused:
        segment_document("---\ntitle: T\n---\n" + "a\n\n" * 100, "s.md")
    assert str(refused.value) == (
        "s.md:42: the statement holds more than 20 segments (paragraphs, headings, list "
        "items, table cells) by this line; at most 20, or one per 50 characters, can be "
        "translated in one statement: split it into several statements"
    )
    assert located <= 19 + 21
    cells = "| a | b |\n|---|---|\n" + "| c | d |\n" * 10
    with pytest.raises(SourceError, match=r"^<string>:12: the statement holds more than 20 "):
        segment_document(cells)
    # One per 50 characters in a long statement.
    assert len(segment_document(("w" * 48 + "\n\n") * 30).segments) == 30


def test_extract_writes_nothing_for_a_statement_of_too_many_segments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (markdown_syntax, segment):
        monkeypatch.setattr(module, "MAX_STATEMENT_SEGMENTS", 20)
    root = _workspace(tmp_path / "ws", "# Title\n\n" + "- item\n" * 30)
    result = polyglot(root, "extract")
    assert result.exit_code == 2
    assert "source/s.md:22: the statement holds more than 20 segments" in result.stderr
    assert not (root / "locales").exists()


def test_a_word_longer_than_any_language_has_is_not_stemmed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A glossary term of one 1 MB word took check 5 s in the French stemmer.
    import snowballstemmer

    from polyglot_statement.glossary.matching import MAX_STEMMED_WORD, WordKeys

    stemmed: list[str] = []
    stemmer = snowballstemmer.stemmer

    class Counted:
        def __init__(self, name: str) -> None:
            self.real = stemmer(name)

        def stemWord(self, word: str) -> str:
            stemmed.append(word)
            return str(self.real.stemWord(word))

    monkeypatch.setattr(snowballstemmer, "stemmer", Counted)
    keys = WordKeys("fr")
    assert keys.key("travailleuses") == "travaill"
    long_word = "a" * (MAX_STEMMED_WORD + 1)
    assert keys.key(long_word) == long_word
    assert stemmed == ["travailleuses"]


def test_a_translation_of_too_many_lines_is_an_error_and_is_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A msgstr of 1 MB of `- a` lines cost check 3.5 s and build 10 s (its lines read as
    # list items in the edition); the source segment was one line.
    from polyglot_statement.checks import Unit
    from polyglot_statement.checks import markup as markup_check

    parsed: list[str] = []
    monkeypatch.setattr(markup_check, "inline_structure", lambda *a, **k: parsed.append("x"))
    long = "- a\n" * (MAX_SEGMENT_LINES + 1)
    unit = Unit("One line.", long, "fr", "en")
    assert list(markup_check.MarkdownStructure().problems(unit)) == [
        f"the translation has {MAX_SEGMENT_LINES + 1:,} lines holding text; at most "
        f"{MAX_SEGMENT_LINES:,} (or twice the source's) can be read in one segment: write it "
        "with about as many lines as the source"
    ]
    assert list(markup_check.RawHtml().problems(unit)) == []
    assert parsed == []
    # Blank lines count for nothing; a source of many lines may be translated in as many.
    assert markup_check.too_long(Unit("One line.", "a\n\n" * MAX_SEGMENT_LINES, "fr", "en")) == 0
    assert markup_check.too_long(Unit("b\n" * 600, long, "fr", "en")) == 0


def test_a_statement_crowded_with_link_openers_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 100,000 `[a` (under the markup limit of a 1 MB statement) took build 14 s: each `[`
    # costs markdown-it 3-8 times another markup character.
    for module in (markdown_syntax, segment):
        monkeypatch.setattr(module, "MAX_STATEMENT_BRACKETS", 40)
    assert segment_document("[a" * 40 + "\n")
    with pytest.raises(SourceError) as refused:
        segment_document("a\n\n" + "[a" * 41 + "\n", "s.md")
    assert str(refused.value) == (
        "s.md:3: the statement holds 41 `[`, past 40 on this line; at most 40, or one per "
        "30 characters, can be read in one statement: split it into several statements"
    )
    assert segment_document("[a" * 41 + "b" * 1_200 + "\n")  # one per 30 characters


def test_a_statement_is_parsed_for_its_depth_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # build segments a statement twice (what to publish, what the manifest records): a
    # paragraph crowded with `[` was parsed for its depth each time.
    checked: list[str] = []
    depth = segment.markup_depth
    monkeypatch.setattr(
        segment, "markup_depth", lambda *arguments: checked.append("x") or depth(*arguments)
    )
    crowded = "[a" * 200 + "\n"
    first = segment_document(crowded, "a.md")
    assert segment_document(crowded, "b.md") == first
    assert checked == ["x"]
    deep = "*a " * 40 + "b" + " a*" * 40 + "\n"
    for _ in range(2):
        with pytest.raises(SourceError, match="markup nests"):
            segment_document(deep)
