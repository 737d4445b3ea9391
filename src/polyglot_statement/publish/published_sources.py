"""What each published edition was translated from: the manifest's `sources` section.

`polyglot changes` compares a language's published edition with the source as it is now,
segment by segment, so the build records the source segments every edition in dist/ was
made from: one record per statement and version of its source (by sha256) still in dist/,
naming the languages made from it. An edition rebuilt now was made from the current
source; one carried over (or kept) is still the version the previous manifest says. A
manifest written before this section existed says nothing: such an edition is taken to be
made from the current source when its fingerprint says it is (the build reused it).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from polyglot_statement.config import Settings
from polyglot_statement.publish.manifest import EditionRecord, Manifest, SourceRecord
from polyglot_statement.source import read_statement

__all__ = ["published_sources"]


def published_sources(
    settings: Settings,
    manifest: Manifest,
    previous: Manifest | None,
    rebuilt: Collection[tuple[str, str]],
) -> list[SourceRecord]:
    """The `sources` section for `manifest` (its statements and editions are final)."""
    current = {record.slug: record.sha256 for record in manifest.statements}
    earlier: dict[tuple[str, str], SourceRecord] = {}  # (statement, language) → its version
    known: dict[tuple[str, str], tuple[str, ...]] = {}  # (statement, sha256) → segments
    for record in previous.sources if previous is not None else ():
        known[(record.statement, record.sha256)] = record.segments
        for language in record.languages:
            earlier[(record.statement, language)] = record
    versions: dict[tuple[str, str], list[str]] = {}
    editions: Iterable[EditionRecord] = (*manifest.published, *manifest.kept)
    for edition in editions:
        if edition.language == manifest.source_language:
            continue  # the original is the source itself
        before = earlier.get(edition.key)
        if before is not None and edition.key not in rebuilt:
            digest = before.sha256
        elif edition.statement in current:
            digest = current[edition.statement]
        else:
            continue  # a kept edition of a removed statement, never recorded: unknown
        versions.setdefault((edition.statement, digest), []).append(edition.language)
    records = []
    for (slug, digest), languages in sorted(versions.items()):
        segments = known.get((slug, digest))
        if segments is None:
            if current.get(slug) != digest:
                continue  # an older version nobody recorded: its text is gone
            segments = _segments(settings, slug)
        records.append(SourceRecord(slug, digest, tuple(sorted(languages)), segments))
    return records


def _segments(settings: Settings, slug: str) -> tuple[str, ...]:
    statement = read_statement(settings, settings.source_path / f"{slug}.md")
    # A text that occurs twice is one catalogue entry: listed once, where it first occurs.
    return tuple(dict.fromkeys(segment.msgid for segment in statement.document.segments))
