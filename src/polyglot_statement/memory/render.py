"""What `polyglot memory` prints: concordance as text or JSON, and one-line summaries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from polyglot_statement.ansi import STYLES, colour_allowed
from polyglot_statement.memory.concordance import Concordance, Span, TermSpan
from polyglot_statement.memory.transfer import MemoryExport, MemoryImport

_BOLD = STYLES["bold"]
_UNDERLINE = STYLES["underline"]


def _marked(text: str, phrase: Sequence[Span], terms: Sequence[TermSpan], colour: bool) -> str:
    """The text with the phrase in bold and glossary terms underlined (on a terminal, and
    not with NO_COLOR set)."""
    if not colour_allowed(colour):
        return text
    marks: list[tuple[int, int, str]] = []
    for start, end in phrase:
        marks += [(start, 1, _BOLD[0]), (end, 0, _BOLD[1])]
    for term in terms:
        marks += [(term.start, 1, _UNDERLINE[0]), (term.end, 0, _UNDERLINE[1])]
    out: list[str] = []
    position = 0
    for offset, _, code in sorted(marks):
        out.append(text[position:offset])
        out.append(code)
        position = offset
    out.append(text[position:])
    return "".join(out)


def render_concordance_text(result: Concordance, stream: TextIO, colour: bool = False) -> None:
    if not result.found:
        stream.write(f"nothing in the memory contains “{result.query}”\n")
        return
    for found in result.found:
        stream.write(_marked(found.source, found.spans, found.terms, colour) + "\n")
        # A term the source says twice is listed once (its every place is marked).
        for term in {term.term: term for term in found.terms}.values():
            renderings = "; ".join(
                f"{language}: {', '.join(values)}" for language, values in term.renderings.items()
            )
            if renderings:
                stream.write(f"    glossary: {term.term} → {renderings}\n")
        for translation in found.translations:
            where = ", ".join([*translation.statements, *translation.files])
            text = _marked(translation.translation, translation.spans, (), colour)
            stream.write(f"  {translation.language:<6} {translation.state:<13} {text}\n")
            stream.write(f"  {'':<6} {'':<13} ({where})\n")
        stream.write("\n")
    shown = len(result.found)
    more = f", {result.total - shown} more (--limit)" if result.total > shown else ""
    stream.write(f"{shown} source text(s) found{more}\n")


def render_concordance_json(result: Concordance, stream: TextIO) -> None:
    document = {
        "query": result.query,
        "languages": list(result.languages),
        "total": result.total,
        "results": [
            {
                "source": found.source,
                "spans": [list(span) for span in found.spans],
                "glossary": [
                    {
                        "term": term.term,
                        "start": term.start,
                        "end": term.end,
                        "renderings": {key: list(value) for key, value in term.renderings.items()},
                    }
                    for term in found.terms
                ],
                "translations": [
                    {
                        "language": t.language,
                        "translation": t.translation,
                        "state": t.state,
                        "approved": t.state == "approved",
                        "statements": list(t.statements),
                        "files": list(t.files),
                        "spans": [list(span) for span in t.spans],
                    }
                    for t in found.translations
                ],
            }
            for found in result.found
        ],
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def render_memory_export(result: MemoryExport, out: TextIO, output: Path) -> None:
    """What `memory export -o FILE` says once FILE is written (the TMX itself is bytes)."""
    out.write(f"wrote {output}: {export_summary(result)}\n")
    out.flush()


def render_memory_import(result: MemoryImport, out: TextIO) -> None:
    out.write(import_summary(result) + "\n")
    out.flush()


def export_summary(result: MemoryExport) -> str:
    return (
        f"{result.translations:,} translation(s) of {result.sources:,} source text(s) into "
        f"{', '.join(result.languages) or 'no language'}, in {result.units:,} unit(s)"
        + (
            f"; nothing approved in {', '.join(result.without_translation)}"
            if result.without_translation
            else ""
        )
    )


def import_summary(result: MemoryImport) -> str:
    languages = ", ".join(
        f"{code} → {language}" if code != language else code
        for code, language in sorted(result.languages.items())
    )
    lines = [
        f"{'copied to' if result.written else 'already in'} {result.target.parent.name}/"
        f"{result.target.name}: {result.units:,} translation(s) ({languages})"
    ]
    if result.ignored_languages:
        lines.append(
            f"languages not in this workspace, ignored: {', '.join(result.ignored_languages)}"
        )
    if result.without_source:
        lines.append(f"{result.without_source} unit(s) without a source-language text, ignored")
    return "\n".join(lines)
