"""`polyglot changes`: the source segments added, changed or removed since each language's
published edition, with the old and new text, and which of them still wait for review.

The published side is what the build recorded in dist/manifest.json (`sources`: the
segments each edition in dist/ was made from, publish/published_sources.py); the current
side is the statement as it is now, and each new text's state in the language's catalogue.
Nothing here prints: changes_render.py writes the result.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from polyglot_statement.config import Settings, select_languages
from polyglot_statement.errors import CatalogError
from polyglot_statement.fsutil import read_input
from polyglot_statement.po import APPROVED, UNTRANSLATED, parse_po
from polyglot_statement.publish import MANIFEST_NAME, SourceRecord, read_manifest
from polyglot_statement.source import read_statement, select_statement_slugs

__all__ = [
    "ChangeKind",
    "ChangesReport",
    "EditionChanges",
    "SegmentChange",
    "compute_changes",
]


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


@dataclass(frozen=True, slots=True)
class SegmentChange:
    kind: ChangeKind
    old: str | None  # the published source text (None: added)
    new: str | None  # the source text now (None: removed)
    line: int | None  # of the new text in the source
    state: str | None  # the new text's state in the catalogue now (None: removed)

    @property
    def to_review(self) -> bool:
        """A translator still has to act: the new text is not approved."""
        return self.new is not None and self.state != APPROVED


@dataclass(frozen=True, slots=True)
class EditionChanges:
    """One published edition: what changed in its source since it was made."""

    statement: str
    language: str
    # False: the manifest does not say which source it was made from (built before
    # builds recorded it, or the statement's version is gone); `changes` is then empty.
    recorded: bool
    changes: tuple[SegmentChange, ...]

    @property
    def to_review(self) -> int:
        return sum(change.to_review for change in self.changes)


@dataclass(frozen=True, slots=True)
class ChangesReport:
    source_language: str
    languages: tuple[str, ...]  # the chosen ones, in the settings' order
    published: bool  # dist/ has a manifest
    editions: tuple[EditionChanges, ...]  # by language, then statement

    def of(self, language: str) -> tuple[EditionChanges, ...]:
        return tuple(edition for edition in self.editions if edition.language == language)


def compute_changes(
    settings: Settings, languages: Sequence[str] = (), statements: Sequence[str] = ()
) -> ChangesReport:
    """The changes since publication of the chosen statements in the chosen languages."""
    chosen = select_languages(settings, languages)
    existing = set(select_statement_slugs(settings))
    wanted = set(select_statement_slugs(settings, statements)) if statements else None
    manifest = read_manifest(settings.output_path / MANIFEST_NAME, sources=True)
    if manifest is None:
        return ChangesReport(settings.source_language, chosen, False, ())
    made_from: dict[tuple[str, str], SourceRecord] = {
        (record.statement, language): record
        for record in manifest.sources
        for language in record.languages
    }
    published = sorted(
        {record.key for record in (*manifest.published, *manifest.kept)},
        key=lambda key: (chosen.index(key[1]) if key[1] in chosen else -1, key[0]),
    )
    current: dict[str, tuple[list[str], dict[str, int]]] = {}
    editions = []
    for slug, language in published:
        if language not in chosen or (wanted is not None and slug not in wanted):
            continue
        record = made_from.get((slug, language))
        if record is None:
            editions.append(EditionChanges(slug, language, False, ()))
            continue
        if slug not in current:
            current[slug] = _segments(settings, slug) if slug in existing else ([], {})
        texts, lines = current[slug]
        states = _states(settings, language, slug)
        changes = _compare(record.segments, texts, lines, states)
        editions.append(EditionChanges(slug, language, True, changes))
    return ChangesReport(settings.source_language, chosen, True, tuple(editions))


def _segments(settings: Settings, slug: str) -> tuple[list[str], dict[str, int]]:
    statement = read_statement(settings, settings.source_path / f"{slug}.md")
    lines: dict[str, int] = {}
    for segment in statement.document.segments:
        lines.setdefault(segment.msgid, segment.line)
    return list(lines), lines


def _states(settings: Settings, language: str, slug: str) -> dict[str, str]:
    path = settings.catalog_path(language, slug)
    if not path.exists():
        return {}
    data = read_input(path, CatalogError, settings.bounds)
    if data is None:
        return {}
    catalog = parse_po(data, path)
    return {
        entry.msgid: str(entry.state)
        for entry in catalog.entries
        if not entry.obsolete and entry.msgctxt is None
    }


# A replaced text and its replacement are one change when this alike (difflib's ratio);
# below it, one is removed and the other added.
PAIRED_FROM = 0.5
# Beyond this many comparisons in one replaced run, texts are paired in order instead.
MAX_COMPARED = 10_000


def _compare(
    old: Sequence[str], new: Sequence[str], lines: dict[str, int], states: dict[str, str]
) -> tuple[SegmentChange, ...]:
    """Old and new segments aligned as a diff aligns lines; within a replaced run, each
    new text is paired with the most alike old one (changed), the rest are added or
    removed."""
    changes: list[SegmentChange] = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = old[old_start:old_end], new[new_start:new_end]
        pairs = _pairs(olds, news)
        paired_old = set(pairs.values())
        changes += [
            SegmentChange(ChangeKind.REMOVED, text, None, None, None)
            for index, text in enumerate(olds)
            if index not in paired_old
        ]
        for index, text in enumerate(news):
            before = olds[pairs[index]] if index in pairs else None
            kind = ChangeKind.ADDED if before is None else ChangeKind.CHANGED
            changes.append(
                SegmentChange(kind, before, text, lines.get(text), states.get(text, UNTRANSLATED))
            )
    return tuple(changes)


def _pairs(olds: Sequence[str], news: Sequence[str]) -> dict[int, int]:
    """new index → old index, the most alike first, none below PAIRED_FROM."""
    if len(olds) * len(news) > MAX_COMPARED:
        # A statement rewritten wholesale: in order, as they stand.
        return {index: index for index in range(min(len(olds), len(news)))}
    scored = sorted(
        (
            (-difflib.SequenceMatcher(None, before, after, autojunk=False).ratio(), new, old)
            for old, before in enumerate(olds)
            for new, after in enumerate(news)
        )
    )
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for score, new, old in scored:
        if -score < PAIRED_FROM:
            break
        if new not in pairs and old not in taken:
            pairs[new] = old
            taken.add(old)
    return pairs
