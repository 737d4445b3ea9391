"""A big glossary.yml (a termbase extract) costs work linear in its size, counted, not timed:
the reading of the YAML (glossary/yamlread.py) and the matching of its phrases (the tries
of glossary/matching.py). Issue 20."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from polyglot_statement.errors import GlossaryError
from polyglot_statement.glossary import Matcher, WordKeys, parse_glossary
from polyglot_statement.glossary.yamlread import ALIAS_ALLOWANCE, compose

ROOT = Path(__file__).resolve().parent.parent
PATH = Path("glossary.yml")


def _shape(node: Node | None) -> Any:
    """A node tree as plain data: what the glossary's validation reads of it."""
    if node is None:
        return None
    if isinstance(node, ScalarNode):
        return (node.tag, node.value, node.start_mark.line, node.start_mark.column)
    if isinstance(node, SequenceNode):
        return (node.tag, node.start_mark.line, [_shape(item) for item in node.value])
    assert isinstance(node, MappingNode)
    return (
        node.tag,
        node.start_mark.line,
        [(_shape(key), _shape(value)) for key, value in node.value],
    )


@pytest.mark.parametrize(
    "text",
    [
        (ROOT / "glossary.yml").read_text(encoding="utf-8"),
        "a: &x [1, yes, ~, 2.5, 2024-01-01]\nb: *x\nc: !!str 3\n'd': \"e\"\n",
        "- - - a\n  - b\n- {c: [d, {e: f}]}\n",
        "---\nterms:\n...\n",
        "",
    ],
)
def test_libyaml_gives_the_nodes_pyyamls_composer_gives(text: str) -> None:
    assert _shape(compose(text, PATH)) == _shape(yaml.compose(text, Loader=yaml.SafeLoader))


YAML = "not valid YAML: "


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("terms:\n  - term: a: b\n", "glossary.yml:2: " + YAML + "mapping values are not allowed"),
        ("terms: [a\n", "glossary.yml:2: " + YAML + "expected ',' or ']', but got '<stream end>'"),
        ("terms: *nothing\n", "glossary.yml:1: not valid YAML: found undefined alias 'nothing'"),
        ("terms:\n---\nterms:\n", "glossary.yml:2: not valid YAML: but found another document"),
        ("a: &x 1\nb: &x 2\n", "glossary.yml:2: not valid YAML: second occurrence"),
    ],
)  # fmt: skip
def test_yaml_errors_keep_pyyamls_words_and_line(text: str, expected: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        parse_glossary(text, PATH)
    assert str(caught.value).startswith(expected)


def test_nesting_past_100_is_refused_at_its_line_without_recursion() -> None:
    text = "terms:\n  - term: a\n    note: " + "[" * 200_000 + "]" * 200_000 + "\n"
    with pytest.raises(GlossaryError, match=r"nest more than 100 deep") as caught:
        parse_glossary(text, PATH)
    assert caught.value.line == 3
    assert compose("a: " + "[" * 99 + "]" * 99, PATH) is not None  # 100 levels: read


def test_aliases_that_repeat_a_list_over_and_over_are_refused() -> None:
    big = ", ".join(f"w{n}" for n in range(2_000))
    terms = "".join(f"  - {{term: t{n}, forbidden: {{es: *big}}}}\n" for n in range(200))
    text = f"lists:\n  - &big [{big}]\nterms:\n{terms}"
    with pytest.raises(GlossaryError, match=r"aliases \(\*big\) repeat more than") as caught:
        compose(text, PATH)
    assert caught.value.line is not None and caught.value.line > 3
    # A few aliases of a note are read as before.
    shared = "terms:\n  - {term: a, note: &n shared}\n  - {term: b, note: *n}\n"
    assert [term.note for term in parse_glossary(shared, PATH).terms] == ["shared", "shared"]
    assert ALIAS_ALLOWANCE >= 10_000


def _glossary(count: int) -> str:
    lines = ["terms:"]
    for n in range(count):
        lines += [
            f"  - term: derecho número{n}",
            "    translations:",
            f"      es: [derecho número{n}, derechos número{n}, d{n}a, d{n}b, d{n}c]",
            f"      fr: [droit numéro{n}]",
            "    forbidden:",
            f"      es: [obrero número{n}]",
        ]
    return "\n".join(lines) + "\n"


def _python_calls(work: Callable[[], object]) -> int:
    """How many Python functions `work` calls: its work, counted instead of timed."""
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def test_loading_a_glossary_twice_the_size_is_twice_the_work() -> None:
    small, double = _glossary(500), _glossary(1_000)
    parse_glossary(small, PATH).for_language("es")  # imports and first-use caches
    at_n = _python_calls(lambda: parse_glossary(small, PATH).for_language("es"))
    at_2n = _python_calls(lambda: parse_glossary(double, PATH).for_language("es"))
    assert 1.8 * at_n < at_2n < 2.2 * at_n


def _matcher(count: int) -> Matcher:
    """`count` phrases that all begin with "derecho", and as many forbidden ones that all
    begin with "obrero" (matched by forms)."""
    return Matcher(
        WordKeys("es"),
        [(f"derecho número{n}", n, False, False) for n in range(count)],
        [(f"obrero número{n}", -n, False) for n in range(count)],
    )


def test_finding_phrases_costs_the_same_however_many_share_a_first_word() -> None:
    text = "el derecho y los obreros, los derechos número7 y las obreras número7. " * 50
    few, many = _matcher(10), _matcher(20_000)
    assert [match.payloads for match in few.find(text)] == [
        match.payloads for match in many.find(text)
    ]
    assert few.find(text)  # both kinds found: (7,) and (-7,)
    assert {match.payloads for match in many.find(text)} == {(7,), (-7,)}
    few.steps = many.steps = 0
    few.find(text)
    many.find(text)
    assert many.steps == few.steps > 0
    # …and twice the text is twice the walk.
    many.steps = 0
    many.find(text * 2)
    assert many.steps == 2 * few.steps


def test_a_term_or_rendering_of_more_than_100_words_is_refused_at_its_line() -> None:
    """A phrase of N words in a text that repeats its word costs N steps at each word of
    the text: a 1 MB "term" in a 1 MB statement would cost hours. 100 words bound it."""
    long = " ".join(["word"] * 101)
    with pytest.raises(GlossaryError, match=r"`term` has 101 words; .* at most 100") as caught:
        parse_glossary(f"terms:\n  - term: a\n  - term: {long}\n", PATH)
    assert caught.value.line == 3
    rendering = (
        f"terms:\n  - term: a\n    translations:\n      fr:\n        - b\n        - {long}\n"
    )
    with pytest.raises(GlossaryError, match=r"`translations.fr` has 101 words") as caught:
        parse_glossary(rendering, PATH)
    assert caught.value.line == 6
    assert parse_glossary(f"terms:\n  - term: {' '.join(['word'] * 100)}\n", PATH).terms
    # At the limit, a text of that word costs at most 100 steps a word.
    matcher = Matcher(WordKeys("en"), [(" ".join(["word"] * 100), 1, False, False)])
    matcher.find("word " * 1_000)
    assert matcher.steps <= 100 * 1_000
