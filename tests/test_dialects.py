"""The `markdown` setting's vocabulary: dialect names and extension lists."""

import pytest

from polyglot_statement.dialects import COMMONMARK, DIALECTS, dialect_named


def test_a_name_gives_its_extensions() -> None:
    hugo = dialect_named("hugo")
    assert hugo.has("shortcodes") and not hugo.has("liquid")
    assert dialect_named("commonmark") == COMMONMARK
    assert COMMONMARK.describe() == "commonmark"


def test_a_list_that_matches_a_dialect_takes_its_name() -> None:
    assert dialect_named(sorted(DIALECTS["jekyll"])).name == "jekyll"
    custom = dialect_named(["emoji", "heading-ids"])
    assert custom.name == "custom"
    assert custom.describe() == "custom (emoji, heading-ids)"


@pytest.mark.parametrize("value", ["hugo2", ["emoji", "smilies"]])
def test_unknown_words_are_refused_with_what_is_allowed(value: str | list[str]) -> None:
    with pytest.raises(ValueError, match=r"use (one|any) of"):
        dialect_named(value)
