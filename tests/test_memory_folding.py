"""Concordance and memory matching fold accents and typographic variants for search;
scores still penalise real differences."""

from __future__ import annotations

from pathlib import Path

import pytest
from memory_workspace import add_statement, fill, translated_workspace

from polyglot_statement.config import Settings
from polyglot_statement.memory import open_memory
from polyglot_statement.memory.concordance import search
from polyglot_statement.memory.folding import fold
from polyglot_statement.memory.similarity import score
from polyglot_statement.source.extract import extract


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    settings = translated_workspace(tmp_path / "ws")
    add_statement(
        settings,
        "peru",
        "---\ntitle: Peru\n---\n\nThe workers’ rights of the Republic of Perú – now.\n",
    )
    extract(settings)
    fill(
        settings,
        "peru",
        "es",
        {
            "The workers’ rights of the Republic of Perú – now.": "Los derechos de los "
            "trabajadores de la República del Perú, ya."
        },
    )
    return settings


@pytest.mark.parametrize(
    ("query", "found_in"),
    [
        ("republica", "translation"),
        ("REPÚBLICA", "translation"),
        ("peru", "source"),
        ("workers' rights", "source"),  # a straight apostrophe finds the typographic one
        ("perú - now", "source"),  # a hyphen finds the en dash
    ],
)
def test_concordance_ignores_accents_and_typographic_variants(
    settings: Settings, query: str, found_in: str
) -> None:
    source = "The workers’ rights of the Republic of Perú – now."
    with open_memory(settings) as index:
        found = search(index, query, "en", ["es"]).found
    assert [item.source for item in found] == [source]
    item = found[0]
    if found_in == "source":
        ((start, end),) = item.spans
        assert fold(source[start:end]) == fold(query)  # the span is the original's
    else:
        translation = item.translations[0]
        ((start, end),) = translation.spans
        assert translation.translation[start:end] == "República"


def test_folding_keeps_the_length_and_the_letters_own_marks() -> None:
    for text in ("República", "Straße İstanbul", "ΆΘΗΝΑ", "कार्य", "عُمّال", "“quoted”—dash"):
        assert len(fold(text)) == len(text)
    assert fold("República – “x”") == 'republica - "x"'
    assert fold("कार्य") == "कार्य" and fold("عُمّال") == "عُمّال"
    assert fold("Perú", lower=False) == "Peru"


def test_a_match_that_differs_only_in_accents_or_typography_scores_99_not_100() -> None:
    assert score("The workers’ rights – now.", "The workers' rights - now.") == 99
    assert score("La República del Perú.", "La Republica del Peru.") == 99
    assert score("Same text.", "Same text.") == 100
    # Real differences still cost: a number, a word.
    assert score("The workers’ rights on 7 May.", "The workers' rights on 8 May.") == 97  # 100 - 3
    assert score("The workers’ rights now.", "The workers' wrongs now.") < 95


@pytest.mark.parametrize("lower", [True, False])
def test_the_latin1_fast_path_folds_as_the_general_one(lower: bool) -> None:
    for code in range(256):
        char = chr(code)
        # With Ā (beyond Latin-1) beside it, the text takes the general path.
        assert fold(char, lower) == fold(char + "\u0100", lower)[0], hex(code)
