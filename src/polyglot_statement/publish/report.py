"""What `polyglot build` returns: the manifest it wrote, what it rebuilt, carried, kept
or removed, and the warnings about its sources (publish/render.py says it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.publish.assets import AssetProblem
from polyglot_statement.publish.manifest import EditionRecord, Manifest
from polyglot_statement.publish.page_text import PageWords


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """An edition, or some formats of one, that an earlier build published and this build
    would not: kept without --prune (a build never drops what was published unasked),
    removed with it."""

    statement: str
    language: str
    formats: tuple[str, ...]  # the formats of the files concerned
    reason: str  # why this build would not publish them
    edition: bool  # the whole edition, not some of its formats
    # Kept and still listed (made again from the current text, partial if need be), or
    # only left in dist/ as the earlier build made it, listed nowhere.
    listed: bool = False


@dataclass(frozen=True, slots=True)
class BuildReport:
    output: Path
    manifest: Manifest
    rebuilt: frozenset[tuple[str, str]]  # (statement, language) editions rendered this run
    replaced: bool  # False when nothing changed and dist/ was left as it was
    # Editions outside the selection, taken from the previous build: as they were, or
    # (those also in `rebuilt`) with their page rendered again for a new language switcher.
    carried: frozenset[tuple[str, str]] = frozenset()
    # Carried editions whose page should list a sibling language it does not (or the
    # reverse) but whose inputs are no longer ready, so they were left as they were:
    # the reasons why not.
    stale: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # Local files the sources reference that were not copied (missing, outside, …).
    warnings: tuple[AssetProblem, ...] = ()
    # The chosen statements without a `date` in their front matter (their source files):
    # their pages show none, and no feed has them.
    undated: tuple[Path, ...] = ()
    allow_partial: bool = False
    # What earlier builds published that this one would not: removed when `pruned`, kept
    # otherwise.
    withdrawn: tuple[Withdrawal, ...] = ()
    pruned: bool = False
    # The published languages whose pages have the tool's words in English: no catalogue
    # of page words, the package's or the workspace's, translates them all.
    english_words: tuple[PageWords, ...] = ()

    @property
    def published(self) -> list[EditionRecord]:
        return self.manifest.published

    @property
    def skipped(self) -> list[EditionRecord]:
        return self.manifest.skipped
