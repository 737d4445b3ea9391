"""What a `polyglot build` considers before it decides: its options, the last build's
records, the new output folder, and which editions of each statement it looks at.

One build is one object whose class is layered over four modules, each a subclass of
the one below: BuildPlan here, EditionMaker (build_edition.py: one edition's files),
StatementDecider (build_decide.py: one statement's editions), and build_run.py's Build
(the whole run, and the pages that span statements). The rules are build.py's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.config import EDITION_FORMATS, EditionFormat, Settings
from polyglot_statement.errors import CatalogError
from polyglot_statement.fsutil import read_input
from polyglot_statement.po import Catalog, ReadMemo, parse_po
from polyglot_statement.publish.assets import AssetProblem
from polyglot_statement.publish.checker import Checker
from polyglot_statement.publish.inputs import (
    ABSENT,
    ORIGINAL,
    DigestCache,
    common_digest,
    edition_fingerprint,
)
from polyglot_statement.publish.manifest import (
    MANIFEST_NAME,
    EditionRecord,
    FileRecord,
    StatementRecord,
    read_manifest,
)
from polyglot_statement.publish.renderer import EditionRenderer
from polyglot_statement.publish.report import Withdrawal
from polyglot_statement.publish.swap import NewOutput

FORMATS = EDITION_FORMATS


@dataclass(slots=True)
class PlannedEdition:
    """One language of one statement, while the build decides about it."""

    language: str
    catalog_path: Path
    catalog_digest: str
    fingerprint: str
    previous: EditionRecord | None  # the last build's record, when its inputs were the same
    old: EditionRecord | None  # the last build's record, whatever its inputs
    # The record of the files an earlier build published and dist/ holds: `old` when it
    # was published, else the one a build kept unlisted (Manifest.kept).
    earlier: EditionRecord | None
    selected: bool  # inside --statement × --lang; otherwise carried over from the last build
    build: tuple[EditionFormat, ...] = ()  # formats made now from the workspace
    kept: dict[str, FileRecord] = field(default_factory=dict)  # files taken from the last build
    published: bool = False
    alternates: tuple[str, ...] = ()  # the statement's other languages with a page
    catalog: Catalog | None = None
    record: EditionRecord | None = None  # the verdict (words, reasons), files not yet known
    rejected: frozenset[str] | None = None  # approved msgids with an error finding
    refusals: tuple[str, ...] = ()  # why not even --allow-partial publishes it
    original: bool = False  # the source itself
    partial_alternates: tuple[str, ...] = ()  # those of `alternates` that are partial


# A statement, its source digest, its languages, whether --statement selected it.
Plan = tuple[Path, str, list[PlannedEdition], bool]

Key = tuple[str, str]


@dataclass(slots=True)
class Outcome:
    """What deciding one statement gives the build, in a worker or here alike: its records,
    and what it adds to the run (files of the previous dist/ to link, editions rebuilt,
    carried over and stale, warnings about its local files)."""

    statement: StatementRecord | None = None  # known once its editions are decided
    records: list[EditionRecord] = field(default_factory=list)
    reused: list[FileRecord] = field(default_factory=list)
    rebuilt: set[Key] = field(default_factory=set)
    carried: set[Key] = field(default_factory=set)
    stale: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    warnings: list[AssetProblem] = field(default_factory=list)
    withdrawn: list[Withdrawal] = field(default_factory=list)
    unlisted: list[EditionRecord] = field(default_factory=list)  # for Manifest.kept
    left: list[FileRecord] = field(default_factory=list)  # their files
    linked: bool = False  # a local file reached through a link (StatementAssets.linked)


class BuildPlan:
    """One `polyglot build` as planned: the previous build's records, the new output
    folder, and what every statement decided (build.py's `execute` fills the run's lists)."""

    # Output paths, from an edition's folder, that the build writes itself: a local file
    # of the same name is not copied over them; and the statements chosen for this run.
    # Both from the run's statements (build_run.Build).
    reserved: frozenset[str]
    chosen_slugs: frozenset[str]

    def __init__(
        self,
        settings: Settings,
        output: Path,
        formats: tuple[EditionFormat, ...],
        allow_partial: bool,
        narrowed: bool = False,
        prune: bool = False,
    ):
        self.settings = settings
        self.output = output
        self.formats = formats
        # --format given: the other formats' files of a rebuilt edition are kept from the
        # last build. Otherwise the build makes the settings' formats, and those an earlier
        # build published unless --prune.
        self.narrowed = narrowed
        self.allow_partial = allow_partial
        self.prune = prune
        self.previous = read_manifest(output / MANIFEST_NAME, sources=True)
        self.previous_records = (
            {record.key: record for record in self.previous.editions} if self.previous else {}
        )
        self.previous_kept = (
            {record.key: record for record in self.previous.kept} if self.previous else {}
        )
        # The print renderers are loaded only when the build may make their format.
        wanted: set[str] = set(formats)
        if self.previous is not None and not narrowed and not prune:
            for record in (*self.previous.published, *self.previous.kept):
                wanted.update(record.formats)
        self.renderer = EditionRenderer(settings, tuple(name for name in FORMATS if name in wanted))
        # After the renderer, which says what is wrong with a font or template file.
        self.common = common_digest(settings)
        self.previous_statements: dict[str, StatementRecord] | None = None
        self.new = NewOutput(output, MANIFEST_NAME)  # swapped in when execute() succeeds
        self.reused: list[FileRecord] = []
        self.rebuilt: set[Key] = set()
        self.carried: set[Key] = set()
        self.stale: dict[Key, tuple[str, ...]] = {}
        self.digests = DigestCache(settings)
        self.bounds = settings.bounds
        self.checker = Checker(settings)
        self.warnings: list[AssetProblem] = []
        self.withdrawn: list[Withdrawal] = []
        self.left: list[FileRecord] = []

    def _languages(
        self, slug: str, source_digest: str, languages: tuple[str, ...], chosen: bool
    ) -> list[PlannedEdition]:
        """The chosen languages (`languages` when the statement is `chosen`), and the
        others the last build has a record of.

        In the workspace's order of languages, whatever the order of --lang, so that a
        narrowed build writes the manifest a full build would. A language no longer in
        the workspace is not planned: no build could make its editions again (_gone).
        """
        items: list[PlannedEdition] = []
        source = self.settings.source_language
        for language in (source, *self.settings.languages):
            original = language == source
            # The original goes with its statement: built whenever the statement is
            # chosen, even in a workspace with no target language.
            selected = chosen and (original or language in languages)
            old = self.previous_records.get((slug, language))
            earlier = old if old is not None and old.published else None
            earlier = earlier or self.previous_kept.get((slug, language))
            if not selected and old is None and earlier is None:
                continue
            if original:
                catalog_path = self.settings.source_path / f"{slug}.md"
                catalog_digest = ORIGINAL
            else:
                catalog_path = self.settings.catalog_path(language, slug)
                catalog_digest = self.digests.digest(catalog_path, CatalogError, self.bounds)
            fingerprint = edition_fingerprint(self.common, source_digest, catalog_digest)
            previous = old if old is not None and old.fingerprint == fingerprint else None
            if (
                selected
                and previous is not None
                and not previous.published
                and not previous.refusals
                and (self.allow_partial or (earlier is not None and not self.prune))
            ):
                # To publish it now, the checks must say which segments to leave out (one
                # refused even as a partial edition stays refused: same inputs, same rule).
                previous = None
            items.append(
                PlannedEdition(
                    language=language,
                    catalog_path=catalog_path,
                    catalog_digest=catalog_digest,
                    fingerprint=fingerprint,
                    previous=previous,
                    old=old,
                    earlier=earlier,
                    selected=selected,
                    build=self.formats if selected else (),
                    original=original,
                )
            )
        return items

    def _files(
        self, record: EditionRecord, excluding: tuple[str, ...] = ()
    ) -> dict[str, FileRecord]:
        """The last build's files of an edition that the previous dist/ still has."""
        return {
            name: file
            for name, file in record.formats.items()
            if name not in excluding and self.new.had(file.path)
        }

    def _read(self, item: PlannedEdition, memo: ReadMemo) -> Catalog | None:
        """The edition's catalogue; None when there is none."""
        if item.catalog_digest == ABSENT:
            return None
        data = read_input(item.catalog_path, CatalogError, self.bounds)
        if data is None:
            raise CatalogError("was removed while the build ran; run it again", item.catalog_path)
        return parse_po(data, item.catalog_path, memo)
