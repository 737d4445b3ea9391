"""What one language edition says: approved translations in place, the source elsewhere.

Only approved text is published. A segment that is not approved (possible when the
publication rule allows less than 100 %, or with --allow-partial) keeps the source text;
in the Markdown handed to the HTML renderer such a segment is bracketed by an inline
tag of our own, which html.py turns into an element carrying the source language's
`lang` and `dir` once the Markdown is rendered. The tag sits inside the segment's span
and has text after it on its line, so it opens no HTML block; and since it ends and
starts with punctuation (`>`, `<`), emphasis at the segment's edges opens and closes as
at the start and end of a line (a private-use character there, read as a letter, left
`_emphasis_` and `*-*` as literal text).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date

from polyglot_statement.dialects import Dialect
from polyglot_statement.languages import bcp47
from polyglot_statement.po import APPROVED, UNTRANSLATED, Catalog, Entry
from polyglot_statement.publish.untrusted import neutralise
from polyglot_statement.source import (
    FRONT_MATTER,
    IMAGE_ALT,
    Document,
    Segment,
    Statement,
    rebuild,
    split_front_matter,
    statement_date,
)

# The state of an approved segment published in the source language because a check
# found an error in it (only with --allow-partial: otherwise the error blocks the edition).
CHECK_ERROR = "check error"
FALLBACK_OPEN = "<polyglot-fallback>"
FALLBACK_CLOSE = "</polyglot-fallback>"
# The front-matter key that says which language a document is in; the .md edition's
# says the edition's.
LANGUAGE_KEY = "language"


@dataclass(frozen=True, slots=True)
class Fallback:
    """A segment published in the source language, because its translation is not approved."""

    line: int
    kind: str
    msgid: str
    state: str  # the segment state (po.SegmentState), or CHECK_ERROR


@dataclass(frozen=True, slots=True)
class Field:
    """A front-matter value as the edition shows it."""

    text: str
    fallback: bool = False


@dataclass(frozen=True, slots=True)
class Edition:
    statement: Statement
    language: str
    markdown: str  # the .md edition: translated front matter and body
    marked_body: str  # the body only, fallback segments bracketed for the HTML renderer
    fields: dict[str, Field]  # top-level string front-matter values, translated
    metadata: dict[str, Any]  # the source front matter (dates and other untranslated values)
    fallbacks: tuple[Fallback, ...]


def approved_entries(catalog: Catalog | None) -> dict[str, Entry]:
    if catalog is None:
        return {}
    return {
        entry.msgid: entry
        for entry in catalog.entries
        if not entry.obsolete and entry.msgctxt is None and entry.msgid_plural is None
    }


def compose(
    statement: Statement,
    catalog: Catalog | None,
    language: str,
    rejected: frozenset[str] = frozenset(),
    original: bool = False,
) -> Edition:
    """The edition's text; `rejected` msgids (approved, but with an error finding) are not
    used. The `original` edition is the source itself: nothing in it is a fallback."""
    if original:
        return _original(statement, language)
    entries = approved_entries(catalog)
    document = statement.document

    def approved(segment: Segment) -> str | None:
        entry = entries.get(segment.msgid)
        if entry is None or entry.state != APPROVED or segment.msgid in rejected:
            return None
        plain = segment.kind.startswith(FRONT_MATTER)
        return neutralise(segment.msgid, entry.msgstr, markdown=not plain)

    fallbacks: list[Fallback] = []
    translations: dict[Segment, str | None] = {}
    for segment in document.segments:
        translation = approved(segment)
        translations[segment] = translation
        if translation is None:
            entry = entries.get(segment.msgid)
            state = entry.state if entry is not None else UNTRANSLATED
            # An approved translation held back by a check error.
            shown = CHECK_ERROR if state == APPROVED else str(state)
            fallbacks.append(Fallback(segment.line, segment.kind, segment.msgid, shown))

    declared = _declared_language(document)
    if declared is not None and declared.msgid != bcp47(language):
        translations[declared] = bcp47(language)
        everything = tuple(sorted((*document.segments, declared), key=lambda s: s.start))
        markdown = rebuild(replace(document, segments=everything), translations.__getitem__)
    else:
        markdown = rebuild(document, translations.__getitem__)
    body_start = document.body_start
    can_mark = "<polyglot-fallback" not in document.text.lower()

    def marked(segment: Segment) -> str | None:
        translation = translations[segment]
        if translation is not None or not can_mark or segment.kind == IMAGE_ALT:
            return translation  # an alt attribute cannot hold an element
        return f"{FALLBACK_OPEN}{segment.msgid}{FALLBACK_CLOSE}"

    # The body is rebuilt from the body segments alone, so that the text before it is the
    # source's own and the body starts where it starts in the source.
    body_segments = tuple(s for s in document.segments if not s.kind.startswith(FRONT_MATTER))
    translate = marked if fallbacks and can_mark else translations.__getitem__
    body = rebuild(replace(document, segments=body_segments), translate)[body_start:]
    return Edition(
        statement=statement,
        language=language,
        markdown=markdown,
        marked_body=body,
        fields=_fields(statement, document.segments, translations),
        metadata=statement.metadata,
        fallbacks=tuple(fallbacks),
    )


def _original(statement: Statement, language: str) -> Edition:
    document = statement.document
    return Edition(
        statement=statement,
        language=language,
        markdown=document.text,  # byte for byte
        marked_body=document.text[document.body_start :],
        fields=_fields(statement, document.segments, {s: s.msgid for s in document.segments}),
        metadata=statement.metadata,
        fallbacks=(),
    )


def _declared_language(document: Document) -> Segment | None:
    """The front matter's `language:` value as a segment of its own, when it has one (an
    edition rewrites it, as it rewrites the translated values)."""
    value = document.metadata.get(LANGUAGE_KEY)
    if not isinstance(value, str) or not value.strip():
        return None
    return _language_segment(document.text, document.dialect)


@lru_cache(maxsize=64)  # every language of a statement asks
def _language_segment(text: str, dialect: Dialect) -> Segment | None:
    for field in split_front_matter(text, Path("<statement>"), dialect=dialect).fields:
        if field.key == LANGUAGE_KEY:
            kind = f"{FRONT_MATTER}: {LANGUAGE_KEY}"
            return Segment(field.value, kind, field.line, field.start, field.end)
    return None


def _fields(
    statement: Statement,
    segments: tuple[Segment, ...],
    translations: dict[Segment, str | None],
) -> dict[str, Field]:
    fields = {
        key: Field(value.strip())
        for key, value in statement.metadata.items()
        if isinstance(key, str) and isinstance(value, str) and value.strip()
    }
    for segment in segments:
        if not segment.kind.startswith(FRONT_MATTER):
            continue
        key = segment.kind.split(": ", 1)[1]
        if key not in fields or fields[key].text != segment.msgid:
            continue  # an item of a list value; the template shows top-level strings only
        translation = translations[segment]
        fields[key] = Field(segment.msgid, True) if translation is None else Field(translation)
    return fields


def local_date(value: object, language: str) -> str | None:
    """A front-matter date as the edition's language writes it (babel, CLDR "long" format)."""
    day = statement_date(value)
    return None if day is None else str(format_date(day, format="long", locale=language))
