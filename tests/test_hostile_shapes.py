"""Every shape of a 1 MB input is read in bounded work (issue 20: under 5 s).

`benchmarks/hostile_inputs.py` measures the shapes; each test here is the smallest
reproduction of one that was slow, and asserts either the refusal a real document never
meets or that the work no longer grows with the square of the size. No test measures time.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from polyglot_statement.publish.html import ADDRESS, find_addresses

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
