"""The offline engine: deterministic pseudo-localisation, for demos and pipeline tests.

"The working class" becomes "⟦Ţĥé ŵöŕķíñĝ çļåšš·····⟧": accented so untranslated text
stands out, a third longer so layouts meet longer languages, bracketed so truncation
shows. Markup and do-not-translate terms (inline/convert.py's ignored tags) are left alone, and
glossary terms become their required rendering, unaccented, as a real engine's
glossary would make them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from polyglot_statement.inline import map_text
from polyglot_statement.machine.base import (
    EngineGlossary,
    Supervision,
    Target,
    Translation,
    Usage,
)

_ACCENTED = str.maketrans(
    "AaBbCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåƁƀÇçĎďÉéĜĝĤĥÍíĴĵĶķĻļÑñÖöŔŕŠšŢţÜüŴŵÝýŽž",
)
OPEN, CLOSE, PAD = "⟦", "⟧", "·"


class PseudoEngine:
    name = "pseudo"
    formality = "default"
    bills = False  # offline: what it is sent costs nothing
    max_batch_texts = 50
    max_batch_bytes = 128 * 1024

    def __init__(self) -> None:
        self._patterns: dict[str | None, tuple[re.Pattern[str] | None, dict[str, str]]] = {}
        self._glossaries: dict[str, EngineGlossary] = {}

    def request_size(self, text: str) -> int:
        return len(text.encode("utf-8"))

    def target(self, source_language: str, language: str, glossary: EngineGlossary) -> Target:
        self._glossaries[language] = glossary
        return Target(language, language, glossary.version)

    def prepare(self, source_language: str, target: Target, glossary: EngineGlossary) -> None:
        self._glossaries[target.language] = glossary

    def translate(
        self, texts: Sequence[str], source_language: str, target: Target
    ) -> list[Translation]:
        glossary = self._glossaries.get(target.language)
        pattern, renderings = self._glossary_pattern(glossary)
        return [Translation(self.pseudo(text, pattern, renderings), 0) for text in texts]

    def usage(self) -> Usage | None:
        return None

    def supervise(self, supervision: Supervision) -> None:
        pass  # no request leaves the machine: nothing to retry or wait for

    def close(self) -> None:
        pass

    def _glossary_pattern(
        self, glossary: EngineGlossary | None
    ) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        key = glossary.version if glossary is not None else None
        if key in self._patterns:
            return self._patterns[key]
        renderings: dict[str, str] = {}
        alternatives: list[str] = []
        for rendering in sorted(
            glossary.renderings if glossary is not None else (), key=lambda r: -len(r.source)
        ):
            flag = "-i" if rendering.case_sensitive else "i"
            alternatives.append(f"(?{flag}:{re.escape(rendering.source)})")
            renderings[rendering.source.casefold()] = rendering.target
        pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
            if alternatives
            else None
        )
        self._patterns[key] = (pattern, renderings)
        return pattern, renderings

    @staticmethod
    def pseudo(
        xml: str, pattern: re.Pattern[str] | None = None, renderings: dict[str, str] | None = None
    ) -> str:
        if not xml:
            return ""
        visible = 0

        def transform(text: str) -> str:
            nonlocal visible
            visible += len(text)
            if pattern is None or renderings is None:
                return text.translate(_ACCENTED)
            out: list[str] = []
            position = 0
            for match in pattern.finditer(text):
                out.append(text[position : match.start()].translate(_ACCENTED))
                out.append(renderings[match.group(0).casefold()])
                position = match.end()
            out.append(text[position:].translate(_ACCENTED))
            return "".join(out)

        body = map_text(xml, transform)
        return OPEN + body + PAD * math.ceil(visible * 0.3) + CLOSE
