"""`polyglot build`: decide which editions are ready, render what changed, swap dist/ in.

--lang, --statement and --format choose what is (re)built, not what dist/ keeps: every
edition outside the selection that the previous dist/ holds is carried over as it was
(its files hard-linked, its manifest line kept), and so are the other formats' files of
a selected edition. Only two things outside the selection ever change: an edition of a
statement or language no longer in the workspace is dropped, and a page whose language
switcher would change (a sibling language gained or lost its page) is rendered again
from the workspace, since its inputs are all there.

The build is incremental through the previous manifest: an edition whose inputs'
fingerprint, sibling pages and formats are unchanged is hard-linked from the previous
dist/ rather than rendered, and when nothing at all changed dist/ is not touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import posixpath
import shutil
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from polyglot_statement import __version__
from polyglot_statement.catalog import Catalog, read_for_counting
from polyglot_statement.config import EDITION_FORMATS, Settings
from polyglot_statement.errors import CatalogError, SourceError, UsageError
from polyglot_statement.fileio import (
    LockHolder,
    fault,
    read_bytes_or_none,
    read_input,
    read_utf8,
    workspace_lock,
)
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.publish.assets import (
    AssetProblem,
    StatementAssets,
    find_assets,
    may_have_assets,
)
from polyglot_statement.publish.edition import CHECK_ERROR, Edition, compose
from polyglot_statement.publish.html import (
    PACKAGE_TEMPLATES,
    Pages,
    markdown_renderer,
    render_body,
)
from polyglot_statement.publish.index import render_index
from polyglot_statement.publish.inputs import (
    ABSENT,
    DigestCache,
    common_digest,
    edition_fingerprint,
)
from polyglot_statement.publish.manifest import (
    MANIFEST_NAME,
    EditionRecord,
    FallbackRecord,
    FileRecord,
    Manifest,
    StatementRecord,
    manifest_bytes,
    read_manifest,
    with_fallbacks,
)
from polyglot_statement.publish.swap import check_replaceable, recover, replacing
from polyglot_statement.publish.text import render_text
from polyglot_statement.readiness import readiness
from polyglot_statement.statement import (
    Statement,
    read_statement,
    select_languages,
    select_statement_paths,
    statement_paths,
)

if TYPE_CHECKING:
    from polyglot_statement.glossary import Glossary, LanguageGlossary
    from polyglot_statement.publish.docx import Reference
    from polyglot_statement.publish.print_style import PrintInputs

FORMATS = EDITION_FORMATS
INDEX_NAME = "index.html"


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

    @property
    def published(self) -> list[EditionRecord]:
        return self.manifest.published

    @property
    def skipped(self) -> list[EditionRecord]:
        return self.manifest.skipped


def build(
    settings: Settings,
    formats: Sequence[str] = (),
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    allow_partial: bool = False,
    on_wait: Callable[[LockHolder | None], None] = lambda holder: None,
) -> BuildReport:
    """Publish every ready edition of the chosen statements and languages into the output folder.

    The last build's editions and formats outside the choice stay as they were (see the
    module's docstring for the two exceptions). With `allow_partial`, editions below the
    publication rule are published too; their segments that are not approved show the
    source text. Holds the workspace lock (`on_wait` hears who holds it when the build
    must wait): two builds would delete each other's half-built folders.
    """
    chosen_formats = _formats(formats) if formats else settings.formats
    chosen_languages = select_languages(settings, languages)
    sources = statement_paths(settings)
    chosen_sources = select_statement_paths(settings, statements)
    output = settings.output_path
    with workspace_lock(settings.cache_path, "build", on_wait, clean=settings.temp_folders):
        recover(output)
        check_replaceable(output, MANIFEST_NAME)
        run = _Run(settings, output, chosen_formats, allow_partial, narrowed=bool(formats))
        return run.execute(sources, chosen_sources, chosen_languages)


def _formats(formats: Sequence[str]) -> tuple[str, ...]:
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; formats are {', '.join(FORMATS)}")
    return tuple(name for name in FORMATS if name in formats)


@dataclass(slots=True)
class _Language:
    """One language of one statement, while the build decides about it."""

    language: str
    catalog_path: Path
    catalog_digest: str
    fingerprint: str
    previous: EditionRecord | None  # the last build's record, when its inputs were the same
    old: EditionRecord | None  # the last build's record, whatever its inputs
    selected: bool  # inside --statement × --lang; otherwise carried over from the last build
    build: tuple[str, ...] = ()  # formats made now from the workspace
    kept: dict[str, FileRecord] = field(default_factory=dict)  # files taken from the last build
    published: bool = False
    alternates: tuple[str, ...] = ()  # the statement's other languages with a page
    catalog: Catalog | None = None
    record: EditionRecord | None = None  # the verdict (words, reasons), files not yet known
    rejected: frozenset[str] | None = None  # approved msgids with an error finding
    empty: bool = False  # nothing to publish, even with --allow-partial


class _Checker:
    """`polyglot check`'s error findings (the blocking ones) on a catalogue already read.

    The build runs the checks on the catalogue it reads to decide an edition, rather than
    in a pass of their own that would read every catalogue a second time. The glossary is
    loaded once, before any worker forks (a broken glossary fails the build before any
    edition is decided, and the workers inherit it); its matchers are built once per
    language in each process, as the checks' own workers do.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.loaded = False
        self.available = False  # whether the checks are installed (optional to this module)
        self.glossary: Glossary | None = None
        self.matchers: dict[str, LanguageGlossary | None] = {}

    def load(self) -> None:
        if self.loaded:
            return
        self.available = importlib.util.find_spec("polyglot_statement.checks") is not None
        if self.available:
            from polyglot_statement.glossary import glossary_for_settings

            self.glossary = glossary_for_settings(self.settings)
        self.loaded = True

    def errors(
        self,
        catalog: Catalog,
        data: bytes,
        path: Path,
        statement: Statement,
        language: str,
    ) -> list[str]:
        """The msgid of each error finding in the catalogue (`data` is its file's bytes)."""
        self.load()
        if not self.available:
            return []
        from polyglot_statement.checks import ALL_CHECKS, ERROR, catalog_findings

        if language not in self.matchers:
            glossary = self.glossary
            self.matchers[language] = (
                glossary.for_language(language) if glossary is not None else None
            )
        findings = catalog_findings(
            catalog,
            data,
            path,
            statement.slug,
            language,
            self.settings.source_language,
            ALL_CHECKS,
            self.matchers[language],
            statement.document.definitions,
        )
        return [finding.msgid for finding in findings if finding.severity == ERROR]


# A statement, its source digest, its languages, whether --statement selected it.
_Plan = tuple[Path, str, list[_Language], bool]
# Below this many editions to decide, starting worker processes costs more than it saves.
PARALLEL_MIN_EDITIONS = 60


_Key = tuple[str, str]
# A statement's records, and what it adds to the run: files reused, editions rebuilt,
# carried over and stale.
_Outcome = tuple[
    StatementRecord,
    list[EditionRecord],
    list[FileRecord],
    set[_Key],
    set[_Key],
    dict[_Key, tuple[str, ...]],
    list[AssetProblem],
]


class _Run:
    def __init__(
        self,
        settings: Settings,
        output: Path,
        formats: tuple[str, ...],
        allow_partial: bool,
        narrowed: bool = False,
    ):
        self.settings = settings
        self.output = output
        self.formats = formats
        # --format given: the other formats' files of a rebuilt edition are kept from the
        # last build. Otherwise the build makes exactly the settings' formats.
        self.narrowed = narrowed
        self.allow_partial = allow_partial
        # What the print editions share, read (and a bad font or template refused) before
        # anything is written. The renderers are imported only by a build that prints:
        # WeasyPrint costs 0.55 s to import, python-docx 0.09 s.
        self.printing: PrintInputs | None = None
        self.reference: Reference | None = None
        if "pdf" in formats:
            from polyglot_statement.publish.print_style import print_inputs

            self.printing = print_inputs(settings)
        if "docx" in formats:
            from polyglot_statement.publish.docx import load_reference

            self.reference = load_reference(settings)
        self.pages = Pages(settings)
        self.common = common_digest(
            settings, (settings.root / settings.templates_dir, PACKAGE_TEMPLATES)
        )
        self.previous = read_manifest(output / MANIFEST_NAME)
        self.previous_records = (
            {record.key: record for record in self.previous.editions} if self.previous else {}
        )
        self.previous_statements: dict[str, StatementRecord] | None = None
        self.msgids: dict[str, str] = {}  # shared strings for read_for_counting
        self.renderer: MarkdownIt | None = None
        self.staging: Path | None = None
        self.stack = contextlib.ExitStack()  # holds the new output folder until it is swapped in
        self.reused: list[FileRecord] = []
        self.rebuilt: set[_Key] = set()
        self.carried: set[_Key] = set()
        self.stale: dict[_Key, tuple[str, ...]] = {}
        self.digests = DigestCache(settings.cache_path / "build-inputs.json")
        self.bounds = settings.bounds
        self.present: dict[str, set[str]] = {}  # files of the previous dist/, by folder
        self.folders: set[Path] = set()  # folders of the new dist/ this process has made
        self.checker = _Checker(settings)
        self.warnings: list[AssetProblem] = []
        # Output paths, from an edition's folder, that the build writes itself: a local
        # file of the same name is not copied over them. Set by execute().
        self.reserved: frozenset[str] = frozenset()
        self.copied: dict[Path, Path] = {}  # asset source → its first copy in the new dist/

    # ------------------------------------------------------------ the whole build

    def execute(
        self, sources: list[Path], chosen: list[Path], languages: tuple[str, ...]
    ) -> BuildReport:
        """Build the chosen statements × languages; carry the rest of the last build over.

        `sources` are every statement of the workspace: one outside the selection is planned
        too when the last build published it, so that its editions are carried over.
        """
        self.reserved = _reserved(
            [path.stem for path in sources], self.settings.languages, (INDEX_NAME, MANIFEST_NAME)
        )
        plans: list[_Plan] = []
        selected = set(chosen)
        for path in sources:
            source_digest = self.digests.digest(path, SourceError, self.bounds)
            items = self._languages(path.stem, source_digest, languages if path in selected else ())
            if path in selected or items:
                plans.append((path, source_digest, items, path in selected))

        manifest = Manifest(
            generator=f"polyglot-statement {__version__}",
            source_language=self.settings.source_language,
        )
        with self.stack:
            results: dict[int, tuple[StatementRecord, list[EditionRecord]]] = {}
            dirty = [
                index
                for index, (_, _, items, _) in enumerate(plans)
                if any(item.selected and item.previous is None for item in items)
            ]
            if dirty:
                # Both before any worker starts: they all write into the one, and inherit
                # the other.
                self._staging()
                self.checker.load()
                results.update(self._decide_and_render(dirty, plans))
            for index, plan in enumerate(plans):
                if index not in results:
                    results[index] = self._statement(plan)
            for index in range(len(plans)):
                statement_record, records = results[index]
                manifest.statements.append(statement_record)
                manifest.editions.extend(records)
            manifest.index_fingerprint = self._index_fingerprint(manifest)
            index_reused = (
                self.previous is not None
                and self.previous.index_fingerprint == manifest.index_fingerprint
                and self._exists(INDEX_NAME)
            )
            manifest_data = manifest_bytes(manifest)
            unchanged = (
                self.staging is None
                and index_reused
                and read_bytes_or_none(self.output / MANIFEST_NAME) == manifest_data
            )
            if unchanged:
                self.digests.save()
                return BuildReport(
                    self.output,
                    manifest,
                    frozenset(),
                    replaced=False,
                    carried=frozenset(self.carried),
                    stale=dict(self.stale),
                    warnings=tuple(self.warnings),
                )
            staging = self._staging()
            for file in self.reused:
                self._link_or_copy(self.output / file.path, staging / file.path)
            if index_reused:
                self._link_or_copy(self.output / INDEX_NAME, staging / INDEX_NAME)
            else:
                self._write(INDEX_NAME, render_index(self.pages, manifest).encode("utf-8"))
            self._write(MANIFEST_NAME, manifest_data)
        self.digests.save()
        return BuildReport(
            self.output,
            manifest,
            frozenset(self.rebuilt),
            replaced=True,
            carried=frozenset(self.carried),
            stale=dict(self.stale),
            warnings=tuple(self.warnings),
        )

    def _index_fingerprint(self, manifest: Manifest) -> str:
        """What the index page shows: statements, their titles, their editions' files."""
        digest = hashlib.sha256(self.common.encode("ascii"))
        for statement in manifest.statements:
            digest.update(f"\n{statement.slug}\0{statement.title}".encode())
        for record in manifest.published:
            paths = "\0".join(file.path for file in record.formats.values())
            digest.update(f"\n{record.statement}\0{record.language}\0{paths}".encode())
        return digest.hexdigest()

    def _exists(self, relative: str) -> bool:
        """Whether the previous dist/ has this file (one directory listing per folder)."""
        folder, _, name = relative.rpartition("/")
        if folder not in self.present:
            try:
                with os.scandir(self.output / folder) as entries:
                    self.present[folder] = {entry.name for entry in entries}
            except OSError:
                self.present[folder] = set()
        return name in self.present[folder]

    def _languages(self, slug: str, source_digest: str, chosen: tuple[str, ...]) -> list[_Language]:
        """The chosen languages, and the others the last build has a record of.

        In the workspace's order of languages, whatever the order of --lang, so that a
        narrowed build writes the manifest a full build would. A language no longer in
        the workspace is not carried over: no build could make its editions again.
        """
        items: list[_Language] = []
        for language in self.settings.languages:
            selected = language in chosen
            old = self.previous_records.get((slug, language))
            if not selected and old is None:
                continue
            catalog_path = self.settings.catalog_path(language, slug)
            catalog_digest = self.digests.digest(catalog_path, CatalogError, self.bounds)
            fingerprint = edition_fingerprint(self.common, source_digest, catalog_digest)
            previous = old if old is not None and old.fingerprint == fingerprint else None
            if selected and previous is not None and not previous.published and self.allow_partial:
                # To publish it now, the checks must say which segments to leave out.
                previous = None
            items.append(
                _Language(
                    language=language,
                    catalog_path=catalog_path,
                    catalog_digest=catalog_digest,
                    fingerprint=fingerprint,
                    previous=previous,
                    old=old,
                    selected=selected,
                    build=self.formats if selected else (),
                )
            )
        return items

    # ------------------------------------------------------------ statements in parallel

    def _decide_and_render(
        self,
        indices: list[int],
        plans: list[_Plan],
    ) -> Iterator[tuple[int, tuple[StatementRecord, list[EditionRecord]]]]:
        """Statements whose inputs changed: on every core when there are many editions."""
        editions = sum(1 for index in indices for item in plans[index][2] if item.selected)
        workers = worker_count(editions, PARALLEL_MIN_EDITIONS)
        outcomes = map_in_workers(partial(self._work, plans), indices, workers)
        for index, outcome in zip(indices, outcomes, strict=True):
            statement_record, records, reused, rebuilt, carried, stale, warned = outcome
            self.reused.extend(reused)
            self.warnings.extend(warned)
            self.rebuilt.update(rebuilt)
            self.carried.update(carried)
            self.stale.update(stale)
            yield index, (statement_record, records)

    def _work(self, plans: list[_Plan], index: int) -> _Outcome:
        """One statement, in a forked worker or here: its records and what it adds to the
        run, returned rather than kept, so that the caller merges it the same way."""
        kept = (self.reused, self.rebuilt, self.carried, self.stale, self.warnings)
        self.reused, self.rebuilt, self.carried, self.stale, self.warnings = (
            [],
            set(),
            set(),
            {},
            [],
        )
        try:
            statement_record, records = self._statement(plans[index])
            return (
                statement_record,
                records,
                self.reused,
                self.rebuilt,
                self.carried,
                self.stale,
                self.warnings,
            )
        finally:
            self.reused, self.rebuilt, self.carried, self.stale, self.warnings = kept

    # ------------------------------------------------------------ one statement

    def _statement(self, plan: _Plan) -> tuple[StatementRecord, list[EditionRecord]]:
        path, source_digest, items, chosen = plan
        slug = path.stem
        loaded: list[Statement] = []
        self.msgids.clear()  # msgids repeat across the languages of one statement only

        def statement() -> Statement:
            if not loaded:
                loaded.append(read_statement(self.settings, path))
            return loaded[0]

        found: list[StatementAssets] = []

        def assets() -> StatementAssets:
            """The local files the statement uses, found once (and warned about once)."""
            if not found:
                found.append(self._find_assets(path, statement))
                self.warnings.extend(found[0].problems)
            return found[0]

        # What the new dist/ holds: the selected editions now ready, and the editions the
        # last build published outside the selection, with the files of theirs still there.
        for item in items:
            if item.selected:
                item.record = self._decide(slug, statement, item)
                item.published = not item.record.reasons or (self.allow_partial and not item.empty)
                if item.published and item.old is not None and item.old.published:
                    # A full build makes exactly the settings' formats: no file of another
                    # is kept from an older build.
                    excluded = item.build if self.narrowed else FORMATS
                    item.kept = self._files(item.old, excluding=excluded)
            elif item.old is not None and item.old.published:
                item.kept = self._files(item.old)
                item.published = bool(item.kept)
        pages = [
            item.language
            for item in items
            if item.published and ("html" in item.build or "html" in item.kept)
        ]

        # A page whose switcher would change is stale: render it again from the workspace.
        for item in items:
            if not item.published:
                continue
            item.alternates = tuple(code for code in pages if code != item.language)
            if "html" not in item.kept:
                continue
            assert item.old is not None
            if item.old.alternates == item.alternates:
                continue
            if not item.selected:
                verdict = self._decide(slug, statement, item)
                # Published partial once, it may be again: its page only gets a new switcher.
                if verdict.reasons and not self.allow_partial and not item.old.reasons:
                    self.stale[(slug, item.language)] = verdict.reasons
                    continue
                item.record = verdict
                self.carried.add((slug, item.language))
            item.build = tuple(name for name in FORMATS if name in (*item.build, "html"))
            del item.kept["html"]

        records: list[EditionRecord] = []
        for item in items:
            if not item.published:
                if item.selected:
                    assert item.record is not None
                    records.append(replace(item.record, published=False))
                elif item.old is not None and not item.old.published:
                    records.append(item.old)  # a skipped edition keeps its verdict too
                    self.carried.add(item.old.key)
                continue
            if not item.build:
                records.append(self._carry(item))
                continue
            self._keep_unchanged_prints(item)
            record = self._reuse(item)
            if record is None:
                record = self._render(statement(), item, pages)
            records.append(self._with_assets(record, item, assets()))

        if chosen:
            previous_statement = self._previous_statement(slug, source_digest)
            title = previous_statement.title if previous_statement else statement().title
            statement_record = StatementRecord(
                slug=slug,
                source=_relative(path, self.settings),
                sha256=source_digest,
                title=title,
            )
        else:
            statement_record = self._old_statement(slug) or StatementRecord(
                slug=slug,
                source=_relative(path, self.settings),
                sha256=source_digest,
                title=statement().title,
            )
        return statement_record, records

    def _decide(
        self,
        slug: str,
        statement: Callable[[], Statement],
        item: _Language,
    ) -> EditionRecord:
        """The edition's verdict: words, approved words and why it is not ready, if it is not."""
        if item.previous is not None:
            # Same inputs, same verdict: the catalogue need not be read.
            return _verdict(item.previous)
        item.catalog, data = self._read(item)
        errors = (
            self.checker.errors(item.catalog, data, item.catalog_path, statement(), item.language)
            if item.catalog is not None
            else []
        )
        verdict = readiness(self.settings, statement(), item.language, item.catalog, len(errors))
        item.rejected = frozenset(errors)
        item.empty = verdict.empty
        reasons = verdict.reasons
        if item.catalog_digest == ABSENT:
            relative = _relative(item.catalog_path, self.settings)
            reasons = (f"no catalogue {relative} (run `polyglot extract`)", *reasons)
        return EditionRecord(
            statement=slug,
            language=item.language,
            fingerprint=item.fingerprint,
            published=False,
            words=verdict.total_words,
            approved_words=verdict.approved_words,
            reasons=reasons,
        )

    def _files(
        self, record: EditionRecord, excluding: tuple[str, ...] = ()
    ) -> dict[str, FileRecord]:
        """The last build's files of an edition that the previous dist/ still has."""
        return {
            name: file
            for name, file in record.formats.items()
            if name not in excluding and self._exists(file.path)
        }

    def _old_statement(self, slug: str) -> StatementRecord | None:
        if self.previous is None:
            return None
        if self.previous_statements is None:
            self.previous_statements = {record.slug: record for record in self.previous.statements}
        return self.previous_statements.get(slug)

    def _previous_statement(self, slug: str, digest: str) -> StatementRecord | None:
        record = self._old_statement(slug)
        return record if record is not None and record.sha256 == digest else None

    def _read(self, item: _Language) -> tuple[Catalog | None, bytes]:
        """What publishing needs of a catalogue (ids, translations, states), read fast,
        and the file's bytes (the checks' findings give lines in them).

        catalog.read_for_counting falls back to the full parser for any layout it does not
        know, so a malformed file is still reported with its line.
        """
        if item.catalog_digest == ABSENT:
            return None, b""
        data = read_input(item.catalog_path, CatalogError, self.bounds)
        if data is None:
            raise CatalogError("was removed while the build ran; run it again", item.catalog_path)
        return read_for_counting(data, item.catalog_path, self.msgids), data

    # ------------------------------------------------------------ one edition

    def _carry(self, item: _Language) -> EditionRecord:
        """An edition outside the selection, as the last build left it (its local files too)."""
        assert item.old is not None
        assets = tuple(file for file in item.old.assets if self._exists(file.path))
        self.reused.extend(item.kept.values())
        self.reused.extend(assets)
        self.carried.add(item.old.key)
        if item.kept == item.old.formats and assets == item.old.assets:
            return item.old  # its manifest line is written back as it was read
        return replace(with_fallbacks(item.old), formats=item.kept, assets=assets, raw=None)

    # ------------------------------------------------------------ local files

    def _find_assets(self, path: Path, statement: Callable[[], Statement]) -> StatementAssets:
        text = read_utf8(path, SourceError)
        if not may_have_assets(text):
            return StatementAssets()  # most statements: not parsed again
        document = statement().document
        return find_assets(
            document.text,
            document.body_start,
            path,
            self.settings.root,
            (self.output.resolve(), self.settings.cache_path.resolve()),
            self.reserved,
        )

    def _with_assets(
        self, record: EditionRecord, item: _Language, found: StatementAssets
    ) -> EditionRecord:
        """The record with the local files its pages use, each linked from the previous
        dist/ when unchanged, else copied from the workspace."""
        old = item.old
        previous = {file.path: file for file in old.assets} if old and old.published else {}
        files: list[FileRecord] = []
        for asset in found.assets:
            relative = posixpath.normpath(f"{item.language}/{asset.relative}")
            earlier = previous.get(relative)
            if (
                earlier is not None
                and earlier.sha256 == self.digests.digest(asset.source)
                and self._exists(relative)
            ):
                self.reused.append(earlier)
                files.append(earlier)
            else:
                files.append(self._copy(asset.source, relative))
        assets = tuple(files)
        if assets == record.assets:
            return record
        return replace(with_fallbacks(record), assets=assets, raw=None)

    def _copy(self, source: Path, relative: str) -> FileRecord:
        """Copy a workspace file into the new dist/ (hard-linking a copy made for another
        language); its record is that of the bytes copied."""
        target = self._staging() / relative
        self._folder(target)
        first = self.copied.get(source)
        if first is not None:
            _link_or_copy(first, target)
        else:
            try:
                shutil.copyfile(source, target)
            except OSError as error:
                raise fault(error, source, f"copy into {relative}") from None
            self.copied[source] = target
        with target.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
        return FileRecord(path=relative, sha256=digest, size=target.stat().st_size)

    def _keep_unchanged_prints(self, item: _Language) -> None:
        """An edition whose inputs are unchanged but whose language switcher must change:
        only its page shows the switcher, so its other files are kept, not rendered again
        (the PDF is laid out from a page without one)."""
        previous = item.previous
        if (
            previous is None
            or not previous.published
            or previous.alternates == item.alternates
            or "html" not in item.build
        ):
            return
        for name in item.build:
            file = previous.formats.get(name)
            unchanged = file is not None and file.fingerprint is None
            if name != "html" and unchanged and self._exists(file.path):  # type: ignore[union-attr]
                item.kept[name] = file  # type: ignore[assignment]
        item.build = tuple(name for name in item.build if name not in item.kept)

    def _reuse(self, item: _Language) -> EditionRecord | None:
        """The previous build's edition, when it is exactly what this build would make."""
        previous = item.previous
        if previous is None or not previous.published or previous.alternates != item.alternates:
            return None
        files: dict[str, FileRecord] = {}
        for name in item.build:
            file = previous.formats.get(name)
            # A file kept from an older build by --format was made from other inputs.
            if file is None or file.fingerprint is not None or not self._exists(file.path):
                return None
            files[name] = file
        self.reused.extend(files.values())
        formats = self._with_kept(files, item)
        if formats == previous.formats:
            return previous  # its manifest line is written back as it was read
        return replace(with_fallbacks(previous), formats=formats, raw=None)

    def _with_kept(self, files: dict[str, FileRecord], item: _Language) -> dict[str, FileRecord]:
        """The formats made now and those kept from the last build, in the usual order.

        A kept file says which inputs it was made from when they are not the edition's
        own, so that a later build does not take it for up to date.
        """
        assert item.old is not None or not item.kept
        self.reused.extend(item.kept.values())
        every = dict(files)
        for name, file in item.kept.items():
            assert item.old is not None
            made_from = file.fingerprint or item.old.fingerprint
            every[name] = replace(
                file, fingerprint=None if made_from == item.fingerprint else made_from
            )
        return {name: every[name] for name in FORMATS if name in every}

    def _render(
        self,
        statement: Statement,
        item: _Language,
        pages: list[str],
    ) -> EditionRecord:
        if item.catalog is None and item.catalog_digest != ABSENT:
            item.catalog, _ = self._read(item)
        if item.rejected is None:  # the verdict was the previous build's
            assert item.previous is not None
            item.rejected = frozenset(
                fallback.msgid
                for fallback in with_fallbacks(item.previous).fallback_segments
                if fallback.state == CHECK_ERROR
            )
        edition = compose(statement, item.catalog, item.language, item.rejected)
        files: dict[str, FileRecord] = {}
        for name, data in render_files(self, edition, pages, item.build).items():
            relative = f"{item.language}/{statement.slug}.{name}"
            files[name] = self._write(relative, data, self._previous_file(item, name))
        self.rebuilt.add((statement.slug, item.language))
        assert item.record is not None
        return replace(
            item.record,
            published=True,
            title=edition.fields["title"].text if "title" in edition.fields else statement.slug,
            formats=self._with_kept(files, item),
            alternates=item.alternates,
            fallback_count=len(edition.fallbacks),
            fallback_segments=tuple(
                FallbackRecord(f.line, f.kind, f.state, f.msgid) for f in edition.fallbacks
            ),
        )

    def _previous_file(self, item: _Language, name: str) -> FileRecord | None:
        old = item.old
        return old.formats.get(name) if old is not None and old.published else None

    # ------------------------------------------------------------ files

    def _staging(self) -> Path:
        if self.staging is None:
            self.staging = self.stack.enter_context(replacing(self.output, MANIFEST_NAME))
        return self.staging

    def _write(self, relative: str, data: bytes, previous: FileRecord | None = None) -> FileRecord:
        """Write one output file into the new folder; the old file's inode when the bytes match.

        A rewritten file keeps the old one's mode, a new one gets the umask's.
        """
        digest = hashlib.sha256(data).hexdigest()
        target = self._staging() / relative
        self._folder(target)
        old = self.output / relative
        same = (
            previous.sha256 == digest and self._exists(relative)
            if previous is not None
            else read_bytes_or_none(old) == data
        )
        try:
            if same:
                _link_or_copy(old, target)  # unchanged bytes keep their modification time
            else:
                target.write_bytes(data)
                if self._exists(relative):
                    os.chmod(target, stat.S_IMODE(os.stat(old).st_mode))
        except OSError as error:
            raise fault(error, old, "write") from None
        return FileRecord(path=relative, sha256=digest, size=len(data))

    def _link_or_copy(self, source: Path, target: Path) -> None:
        self._folder(target)
        try:
            _link_or_copy(source, target)
        except OSError as error:
            raise fault(error, source, "copy into the new output folder") from None

    def _folder(self, target: Path) -> None:
        """Make the folder of a file of the new dist/ once, not once per file written, with
        the mode of the same folder in the old dist/ if it has one."""
        folder = target.parent
        if folder in self.folders:
            return
        old = self.output / folder.relative_to(self._staging())
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(FileNotFoundError):
                os.chmod(folder, stat.S_IMODE(os.stat(old).st_mode))
        except OSError as error:
            raise fault(error, old, "create the folder") from None
        self.folders.add(folder)

    def markdown(self) -> MarkdownIt:
        if self.renderer is None:
            self.renderer = markdown_renderer()
        return self.renderer


def render_files(
    run: _Run, edition: Edition, pages: list[str], formats: tuple[str, ...]
) -> dict[str, bytes]:
    """The bytes of each requested format of one edition; `pages`: languages with a page."""
    files: dict[str, bytes] = {}
    body = ""
    if "html" in formats or "txt" in formats or "pdf" in formats:
        body = render_body(edition, run.markdown(), run.settings.source_language)
    if "html" in formats:
        files["html"] = run.pages.edition(edition, body, pages).encode("utf-8")
    if "md" in formats:
        files["md"] = edition.markdown.encode("utf-8")
    if "txt" in formats:
        files["txt"] = render_text(edition, body).encode("utf-8")
    if "pdf" in formats:
        from polyglot_statement.publish.pdf import render_pdf

        assert run.printing is not None
        # The page without a language switcher: the PDF depends on the edition alone.
        page = run.pages.edition(edition, body, [edition.language])
        files["pdf"] = render_pdf(run.settings, run.printing, edition, page)
    if "docx" in formats:
        from polyglot_statement.publish.docx import render_docx

        assert run.reference is not None
        files["docx"] = render_docx(run.settings, run.reference, edition, run.markdown())
    return files


def _verdict(record: EditionRecord) -> EditionRecord:
    """A record's verdict alone (words, reasons), without what a published edition adds."""
    return EditionRecord(
        statement=record.statement,
        language=record.language,
        fingerprint=record.fingerprint,
        published=False,
        words=record.words,
        approved_words=record.approved_words,
        reasons=record.reasons,
    )


def _reserved(slugs: Sequence[str], languages: Sequence[str], top: Sequence[str]) -> frozenset[str]:
    """What the build writes itself, as paths from an edition's folder."""
    names = {f"../{name}" for name in top} | {f"../{language}/" for language in languages}
    for slug in slugs:
        for name in FORMATS:
            names.add(f"{slug}.{name}")
            names.update(f"../{language}/{slug}.{name}" for language in languages)
    return frozenset(names)


def _link_or_copy(source: Path, target: Path) -> None:
    """Hard-link (or copy) a file of the old dist/ into the new; its folder exists."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _relative(path: Path, settings: Settings) -> str:
    try:
        return path.relative_to(settings.root).as_posix()
    except ValueError:
        return path.as_posix()
