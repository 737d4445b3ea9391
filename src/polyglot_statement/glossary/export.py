"""The glossary in the formats other tools import: TBX (Weblate, OmegaT, Poedit) and CSV (DeepL).

Export is one-way: glossary.yml stays the one place terminology is edited.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from typing import Literal

from polyglot_statement.glossary.model import Glossary
from polyglot_statement.languages import bcp47

GlossaryFormat = Literal["tbx", "csv"]
FORMATS: tuple[GlossaryFormat, ...] = ("tbx", "csv")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _languages(glossary: Glossary, languages: Sequence[str]) -> list[str]:
    return list(languages) if languages else list(glossary.languages)


def to_tbx(glossary: Glossary, languages: Sequence[str] = ()) -> bytes:
    """TBX (the martif dialect translate-toolkit, and so Weblate, OmegaT and Poedit, read).

    Preferred renderings are `preferredTerm`, variants `admittedTerm`, forbidden ones
    `deprecatedTerm`; a do-not-translate term appears verbatim in each language that has
    no exception.
    """
    root = ElementTree.Element(
        "martif", {"type": "TBX", _XML_LANG: bcp47(glossary.source_language)}
    )
    header = ElementTree.SubElement(root, "martifHeader")
    description = ElementTree.SubElement(ElementTree.SubElement(header, "fileDesc"), "sourceDesc")
    ElementTree.SubElement(
        description, "p"
    ).text = "Exported by polyglot-statement from glossary.yml"
    body = ElementTree.SubElement(ElementTree.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        entry = ElementTree.SubElement(body, "termEntry", {"id": f"term-{number}"})
        if term.note:
            ElementTree.SubElement(entry, "descrip", {"type": "definition"}).text = term.note
        if term.do_not_translate:
            ElementTree.SubElement(entry, "note").text = "do not translate"
        _lang_set(entry, glossary.source_language, [(term.term, "preferredTerm")])
        for language in _languages(glossary, languages):
            renderings = term.renderings(language)
            tigs = [(renderings[0], "preferredTerm")] if renderings else []
            tigs += [(variant, "admittedTerm") for variant in renderings[1:]]
            tigs += [(word, "deprecatedTerm") for word in term.forbidden_in(language)]
            if tigs:
                _lang_set(entry, language, tigs)
    ElementTree.indent(root)
    text = ElementTree.tostring(root, encoding="unicode")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE martif PUBLIC "ISO 12200:1999A//DTD MARTIF core (DXFcdV04)//EN" '
        '"TBXcdv04.dtd">\n' + text + "\n"
    ).encode("utf-8")


def _lang_set(entry: ElementTree.Element, language: str, tigs: list[tuple[str, str]]) -> None:
    lang_set = ElementTree.SubElement(entry, "langSet", {_XML_LANG: bcp47(language)})
    for text, status in tigs:
        tig = ElementTree.SubElement(lang_set, "tig")
        ElementTree.SubElement(tig, "term").text = text
        note = ElementTree.SubElement(tig, "termNote", {"type": "administrativeStatus"})
        note.text = f"{status}-admn-sts"


def to_csv(glossary: Glossary, languages: Sequence[str] = ()) -> bytes:
    """DeepL's glossary CSV: source, target, source language, target language; no header row.

    DeepL takes one target per source term, so only the preferred rendering is written.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    source = bcp47(glossary.source_language)
    for term in glossary.terms:
        for language in _languages(glossary, languages):
            renderings = term.renderings(language)
            if renderings:
                writer.writerow([term.term, renderings[0], source, bcp47(language)])
    return buffer.getvalue().encode("utf-8")


def export_glossary(
    glossary: Glossary, format_name: GlossaryFormat, languages: Sequence[str] = ()
) -> bytes:
    """The glossary in one of FORMATS, for `languages` (all it has by default)."""
    if format_name == "tbx":
        return to_tbx(glossary, languages)
    return to_csv(glossary, languages)
