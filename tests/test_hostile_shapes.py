"""Every shape of a 1 MB input is read in bounded work (issue 20: under 5 s).

`benchmarks/hostile_inputs.py` measures the shapes; each test here is the smallest
reproduction of one that was slow, and asserts either the refusal a real document never
meets or that the work no longer grows with the square of the size. No test measures time.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot_statement.memory.tmx import read_tmx
from polyglot_statement.publish.html import ADDRESS, find_addresses
from polyglot_statement.source import MAX_SEGMENT_MARKUP

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
    from polyglot_statement.inline import convert, restore

    crowded = piece * (MAX_SEGMENT_MARKUP + 1)
    parsed: list[str] = []
    monkeypatch.setattr(restore, "_rendered", lambda markdown, *_: parsed.append(markdown))
    monkeypatch.setattr(convert, "_to_xml", lambda text, *_: parsed.append(text))
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
