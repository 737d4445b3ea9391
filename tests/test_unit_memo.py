"""The checks' memo of the run (checks/run.py's UNIT_MEMO) is keyed by a unit's texts and
the number of its context (the checks, language, glossary, link definitions, dialect),
asked once per catalogue: a unit met again in another context is checked again, and a
catalogue whose findings are read one at a time keeps its context's number even when the
memo is cleared by another catalogue in between (issue 27)."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_statement.checks import run
from polyglot_statement.checks.run import iter_catalog_findings
from polyglot_statement.po import Catalog, Entry
from polyglot_statement.source import NO_DEFINITIONS, LinkDefinitions

# A number kept, a number changed, a reference link the translation drops: the link is
# one only with definitions that have its label. (Last: a catalogue paused at the second
# unit's finding meets it after another catalogue has left it in the memo.)
TEXTS = [
    ("Workers of 12 countries.", "Travailleurs de 12 pays."),
    ("On 25 July 2021, 1,770 workers.", "Le 25 juillet 2021, 1 771 travailleurs."),
    ("Read [the report][wftu] of 2024.", "Lisez le rapport de 2024."),
]
DEFINITIONS = LinkDefinitions({"WFTU": {"href": "https://www.wftucentral.org", "title": ""}})


def _catalog() -> Catalog:
    return Catalog(
        entries=[
            Entry(msgid=msgid, msgstr=msgstr, msgstr_line=line)
            for line, (msgid, msgstr) in enumerate(TEXTS, 1)
        ]
    )


def _all(language: str, definitions: LinkDefinitions) -> list[tuple[int, str, str]]:
    return [
        (finding.line, finding.check_id, finding.message)
        for finding in iter_catalog_findings(
            _catalog(), Path(f"{language}.po"), "s", language, "en", definitions=definitions
        )
    ]


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "UNIT_MEMO", {})
    monkeypatch.setattr(run, "UNIT_CONTEXTS", {})


def _without_memo(
    monkeypatch: pytest.MonkeyPatch, language: str, definitions: LinkDefinitions
) -> list[tuple[int, str, str]]:
    with monkeypatch.context() as patched:
        patched.setattr(run, "UNIT_MEMO_SIZE", 0)
        return _all(language, definitions)


@pytest.mark.usefixtures("fresh")
def test_the_same_texts_in_another_context_are_checked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = {
        (language, definitions): _without_memo(monkeypatch, language, definitions)
        for language in ("fr", "de")
        for definitions in (NO_DEFINITIONS, DEFINITIONS)
    }
    # The link's findings depend on the definitions: the memo must not answer one
    # context with the other's (it did not, with the whole Unit as its key).
    assert expected["fr", NO_DEFINITIONS] != expected["fr", DEFINITIONS]
    for (language, definitions), findings in expected.items():
        assert _all(language, definitions) == findings
    assert len(run.UNIT_CONTEXTS) == 4
    for (language, definitions), findings in expected.items():
        assert _all(language, definitions) == findings  # now answered from the memo


@pytest.mark.usefixtures("fresh")
def test_a_catalogue_read_one_finding_at_a_time_keeps_its_context(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _without_memo(monkeypatch, "fr", NO_DEFINITIONS)
    second = _without_memo(monkeypatch, "fr", DEFINITIONS)
    # A memo of one context and one unit: each new catalogue clears it and numbers its
    # context anew. A number given again would let the paused catalogue find the other
    # one's problems.
    monkeypatch.setattr(run, "UNIT_MEMO_SIZE", 1)
    paused = iter_catalog_findings(_catalog(), Path("fr.po"), "s", "fr", "en")
    started = [next(paused)]
    between = _all("fr", DEFINITIONS)
    rest = list(paused)
    found = [(finding.line, finding.check_id, finding.message) for finding in started + rest]
    assert found == first
    assert between == second
