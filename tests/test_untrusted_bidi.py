"""A translation's bidi controls stay inside the translation.

An unclosed right-to-left override (U+202E) in one segment would reverse, on screen, the
segments after it in the same paragraph (sentence mode), text another translator wrote:
"Trojan Source" applied to a statement. Publication closes what a translation opens.
"""

from __future__ import annotations

import pytest

from polyglot_statement.publish.untrusted import neutralise

RLO, LRE, PDF = "\u202e", "\u202a", "\u202c"
RLI, FSI, PDI = "\u2067", "\u2068", "\u2069"


@pytest.mark.parametrize(
    ("translation", "published"),
    [
        (f"Pagad {RLO}los salarios", f"Pagad {RLO}los salarios{PDF}"),
        (f"{LRE}a {RLO}b", f"{LRE}a {RLO}b{PDF}{PDF}"),
        (f"{RLI}a {RLO}b", f"{RLI}a {RLO}b{PDF}{PDI}"),
        (f"{FSI}a {RLO}b{PDI} c", f"{FSI}a {RLO}b{PDI} c"),  # PDI closes what it holds
        (f"{RLO}a{PDF} b", f"{RLO}a{PDF} b"),  # balanced: unchanged
        (f"a{PDF} b{PDI} c", f"a{PDF} b{PDI} c"),  # closers with nothing open do nothing
    ],
)
def test_what_a_translation_opens_it_closes(translation: str, published: str) -> None:
    assert neutralise("Pay the wages", translation) == published
    assert neutralise("Pay the wages", translation, markdown=False) == published


def test_the_sources_own_text_is_left_as_written() -> None:
    source = f"Quoted {RLO}as sent"
    assert neutralise(source, source) == source
