"""glossary.yml: terminology, how it is matched in text, and its export for other tools.

model.py loads and validates the file and says what a term asks of a translation;
matching.py finds phrases by words, tolerant of inflection; export.py writes TBX and CSV.
"""

from polyglot_statement.glossary.export import (
    FORMATS,
    GlossaryFormat,
    export_glossary,
    to_csv,
    to_tbx,
)
from polyglot_statement.glossary.matching import Matcher, WordKeys, word_pattern
from polyglot_statement.glossary.model import (
    Glossary,
    GlossaryProblem,
    LanguageGlossary,
    Requirement,
    Term,
    glossary_for_settings,
    load_glossary,
    notes_for_settings,
    parse_glossary,
)

__all__ = [
    "FORMATS",
    "Glossary",
    "GlossaryFormat",
    "GlossaryProblem",
    "LanguageGlossary",
    "Matcher",
    "Requirement",
    "Term",
    "WordKeys",
    "export_glossary",
    "glossary_for_settings",
    "load_glossary",
    "notes_for_settings",
    "parse_glossary",
    "to_csv",
    "to_tbx",
    "word_pattern",
]
