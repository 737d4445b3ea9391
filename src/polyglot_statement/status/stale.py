"""Stale editions: published editions whose inputs changed since `polyglot build` wrote
them, judged by build's own fingerprint from the digests both commands remember."""

from __future__ import annotations

from collections.abc import Sequence

from polyglot_statement.config import Settings
from polyglot_statement.errors import CatalogError, SourceError
from polyglot_statement.publish import (
    ABSENT,
    MANIFEST_NAME,
    DigestCache,
    common_digest,
    edition_fingerprint,
    read_manifest,
)
from polyglot_statement.status.cache import CatalogueResult
from polyglot_statement.status.report import StaleEdition

__all__ = ["find_stale_editions"]


def find_stale_editions(
    settings: Settings,
    results: dict[tuple[str, str], CatalogueResult],
    languages: Sequence[str],
    every_statement: bool,
    digests: DigestCache,
) -> tuple[StaleEdition, ...] | None:
    """Published editions (of the chosen ones) whose inputs changed since the last build.

    The fingerprint is `polyglot build`'s own (publish.inputs), over the source, the
    catalogue, the settings, the glossary, the page templates and the version, from the
    digests both commands remember. None when the output folder holds no manifest.
    """
    manifest = read_manifest(settings.output_path / MANIFEST_NAME)
    if manifest is None:
        return None
    common = common_digest(settings)
    bounds = settings.bounds
    sources = {record.slug: record.sha256 for record in manifest.statements}
    stale: list[StaleEdition] = []
    for record in manifest.published:
        if (record.statement, record.language) not in results:
            removed = not (settings.source_path / f"{record.statement}.md").is_file()
            if removed and every_statement and record.language in languages:
                reason = "the source statement was removed"
                stale.append(StaleEdition(record.statement, record.language, reason))
            continue  # otherwise not among the chosen statements and languages
        source_path = settings.source_path / f"{record.statement}.md"
        source_sha256 = digests.digest(source_path, SourceError, bounds)
        catalogue_path = settings.catalog_path(record.language, record.statement)
        catalogue_sha256 = digests.digest(catalogue_path, CatalogError, bounds)
        fingerprint = edition_fingerprint(common, source_sha256, catalogue_sha256)
        if fingerprint == record.fingerprint:
            continue
        if sources.get(record.statement) != source_sha256:
            reason = "the source statement changed"
        elif catalogue_sha256 == ABSENT:
            reason = "the catalogue was removed"
        else:
            reason = "the catalogue, settings, glossary or page templates changed"
        stale.append(StaleEdition(record.statement, record.language, reason))
    return tuple(stale)
