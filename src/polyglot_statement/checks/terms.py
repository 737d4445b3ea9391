"""Glossary checks: required renderings, forbidden renderings, names kept as written."""

from __future__ import annotations

from collections.abc import Iterator

from polyglot_statement.checks.base import ERROR, Check, Unit
from polyglot_statement.glossary import GlossaryProblem


def _quoted_list(values: tuple[str, ...]) -> str:
    return " or ".join(f"“{value}”" for value in values)


def _problems(unit: Unit, kind: str) -> Iterator[GlossaryProblem]:
    if unit.glossary is None:
        return
    for problem in unit.glossary.problems(unit.msgid, unit.msgstr):
        if problem.kind == kind:
            yield problem


class GlossaryRendering(Check):
    check_id = "glossary"
    severity = ERROR
    description = "A glossary term of the source is not rendered as the glossary requires."

    def problems(self, unit: Unit) -> Iterator[str]:
        for problem in _problems(unit, "missing"):
            renderings = problem.term.renderings(unit.language)
            yield f"“{problem.term.term}” must be rendered {_quoted_list(renderings)}"


class ForbiddenTerm(Check):
    check_id = "forbidden-term"
    severity = ERROR
    description = "The translation uses a rendering the glossary forbids."

    def problems(self, unit: Unit) -> Iterator[str]:
        for problem in _problems(unit, "forbidden"):
            renderings = problem.term.renderings(unit.language)
            advice = f"; use {_quoted_list(renderings)}" if renderings else ""
            yield f"“{problem.found}” is a forbidden rendering of “{problem.term.term}”{advice}"


class DoNotTranslate(Check):
    check_id = "do-not-translate"
    severity = ERROR
    description = "A name or acronym the glossary says not to translate is altered or missing."

    def problems(self, unit: Unit) -> Iterator[str]:
        for problem in _problems(unit, "altered"):
            yield f"“{problem.term.term}” must be kept exactly as written (do not translate)"
