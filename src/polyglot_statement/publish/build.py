"""`polyglot build`: decide which editions are ready, render what changed, swap dist/ in.

--lang, --statement and --format choose what is (re)built, not what dist/ keeps: every
edition outside the selection that the previous dist/ holds is carried over as it was
(its files hard-linked, its manifest line kept), and so are the other formats' files of
a selected edition. Only two things outside the selection ever change: an edition of a
statement or language no longer in the workspace is no longer listed, and a page whose
language switcher would change (a sibling language gained or lost its page) is rendered
again from the workspace, since its inputs are all there.

Nothing an earlier build published is dropped unless the build is asked to --prune (a
`Withdrawal` says what, kept or removed, and why). Without it, an edition or format this
build would not publish stays: made again from the current text when it can be (the
formats an earlier build made; a partial edition although partial editions are not
allowed), else, when not even a partial edition of it can be made or its statement or
language left the workspace, left in dist/ as it was, in the manifest's `kept` and
listed nowhere: the front pages, feeds, sitemap and switchers list only editions made
from the current text.

The build is incremental through the previous manifest: an edition whose inputs'
fingerprint, sibling pages and formats are unchanged is hard-linked from the previous
dist/ rather than rendered, and when nothing at all changed dist/ is not touched.

The original is an edition too, dist/<source-lang>/<slug>.*, built with its statement
whatever --lang says: every page links it. The files that span statements (front pages,
feeds, sitemap: site.py) are made last, from the manifest.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from polyglot_statement import __version__
from polyglot_statement.config import EDITION_FORMATS, EditionFormat, Settings, select_languages
from polyglot_statement.errors import CatalogError, SourceError, UsageError, shown_path
from polyglot_statement.fsutil import (
    read_bytes_or_none,
    read_input,
    read_utf8,
    workspace_lock,
)
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.po import Catalog, ReadMemo, parse_po
from polyglot_statement.progress import Listener, ignore, lock_waiter
from polyglot_statement.publish.assets import (
    AssetProblem,
    StatementAssets,
    find_assets,
    may_have_assets,
)
from polyglot_statement.publish.checker import Checker
from polyglot_statement.publish.edition import CHECK_ERROR, compose
from polyglot_statement.publish.feeds import FEED_NAME
from polyglot_statement.publish.index import INDEX_NAME
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
    FallbackRecord,
    FileRecord,
    Manifest,
    StatementRecord,
    manifest_bytes,
    read_manifest,
    with_fallbacks,
)
from polyglot_statement.publish.markdown_layout import markdown_file
from polyglot_statement.publish.metadata import Sibling
from polyglot_statement.publish.page_text import PageWords, WorkspaceWords, page_words
from polyglot_statement.publish.published_sources import published_sources
from polyglot_statement.publish.readiness import EMPTY_REASON, readiness
from polyglot_statement.publish.renderer import EditionRenderer, render_files
from polyglot_statement.publish.report import BuildReport, Withdrawal
from polyglot_statement.publish.site import SiteOutput, site_digest, site_outputs
from polyglot_statement.publish.sitemap import SITEMAP_NAME
from polyglot_statement.publish.swap import NewOutput, check_replaceable, recover
from polyglot_statement.source import (
    Statement,
    read_statement,
    select_statement_paths,
    statement_date,
    statement_paths,
)

FORMATS = EDITION_FORMATS


def build(
    settings: Settings,
    formats: Sequence[str] = (),
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    allow_partial: bool | None = None,
    on_event: Listener = ignore,
    prune: bool = False,
) -> BuildReport:
    """Publish every ready edition of the chosen statements and languages into the output folder.

    The last build's editions and formats outside the choice stay as they were (see the
    module's docstring). With `allow_partial` (by default the settings' `publish.allow-
    partial`), editions below the publication rule are published too; their segments that
    are not approved show the source text. What an earlier build published and this one
    would not is kept, unless `prune` (see the module's docstring). Holds the workspace
    lock (`on_event` hears who holds it when the build must wait): two builds would delete
    each other's half-built folders.
    """
    chosen_formats = _formats(formats) if formats else settings.formats
    if allow_partial is None:
        allow_partial = settings.allow_partial
    chosen_languages = select_languages(settings, languages)
    sources = statement_paths(settings)
    chosen_sources = select_statement_paths(settings, statements)
    output = settings.output_path
    with workspace_lock(
        settings.cache_path, "build", lock_waiter(on_event), clean=settings.temp_folders
    ):
        recover(output)
        check_replaceable(output, MANIFEST_NAME)
        run = _Build(
            settings, output, chosen_formats, allow_partial, narrowed=bool(formats), prune=prune
        )
        return run.execute(sources, chosen_sources, chosen_languages)


def _formats(formats: Sequence[str]) -> tuple[EditionFormat, ...]:
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
_Plan = tuple[Path, str, list[_Language], bool]
# Below this many editions to decide, starting worker processes costs more than it saves.
PARALLEL_MIN_EDITIONS = 60
# Below this many edition links on the front pages and feeds to render, the same.
PARALLEL_MIN_LINKS = 20_000


_Key = tuple[str, str]


@dataclass(slots=True)
class _Outcome:
    """What deciding one statement gives the build, in a worker or here alike: its records,
    and what it adds to the run (files of the previous dist/ to link, editions rebuilt,
    carried over and stale, warnings about its local files)."""

    statement: StatementRecord | None = None  # known once its editions are decided
    records: list[EditionRecord] = field(default_factory=list)
    reused: list[FileRecord] = field(default_factory=list)
    rebuilt: set[_Key] = field(default_factory=set)
    carried: set[_Key] = field(default_factory=set)
    stale: dict[_Key, tuple[str, ...]] = field(default_factory=dict)
    warnings: list[AssetProblem] = field(default_factory=list)
    withdrawn: list[Withdrawal] = field(default_factory=list)
    unlisted: list[EditionRecord] = field(default_factory=list)  # for Manifest.kept
    left: list[FileRecord] = field(default_factory=list)  # their files


class _Build:
    """One `polyglot build`: the previous build's records, the new output folder, and what
    every statement decided."""

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
        self.rebuilt: set[_Key] = set()
        self.carried: set[_Key] = set()
        self.stale: dict[_Key, tuple[str, ...]] = {}
        self.digests = DigestCache(settings)
        self.bounds = settings.bounds
        self.checker = Checker(settings)
        self.warnings: list[AssetProblem] = []
        self.withdrawn: list[Withdrawal] = []
        self.left: list[FileRecord] = []
        # Output paths, from an edition's folder, that the build writes itself: a local
        # file of the same name is not copied over them. Set by execute().
        self.reserved: frozenset[str] = frozenset()
        self.chosen_slugs: set[str] = set()

    # ------------------------------------------------------------ the whole build

    def execute(
        self, sources: list[Path], chosen: list[Path], languages: tuple[str, ...]
    ) -> BuildReport:
        """Build the chosen statements × languages; carry the rest of the last build over.

        `sources` are every statement of the workspace: one outside the selection is planned
        too when the last build published it, so that its editions are carried over.
        """
        self.reserved = _reserved(
            [path.stem for path in sources],
            (self.settings.source_language, *self.settings.languages),
            (INDEX_NAME, MANIFEST_NAME, FEED_NAME, SITEMAP_NAME),
        )
        plans: list[_Plan] = []
        selected = set(chosen)
        self.chosen_slugs = {path.stem for path in chosen}
        for path in sources:
            source_digest = self.digests.digest(path, SourceError, self.bounds)
            items = self._languages(path.stem, source_digest, languages, path in selected)
            if path in selected or items:
                plans.append((path, source_digest, items, path in selected))

        manifest = Manifest(
            generator=f"polyglot-statement {__version__}",
            source_language=self.settings.source_language,
        )
        with self.new:
            outcomes: dict[int, _Outcome] = {}
            dirty = [
                index
                for index, (_, _, items, _) in enumerate(plans)
                if any(item.selected and item.previous is None for item in items)
            ]
            if dirty:
                # All before any worker starts: they all write into the one, and inherit
                # the others.
                self.new.start()
                self.checker.load()
                self.renderer.load()
                outcomes.update(zip(dirty, self._decide_and_render(dirty, plans), strict=True))
            for index, plan in enumerate(plans):
                if index not in outcomes:
                    outcomes[index] = self._statement(plan)
            # What each statement adds to the run, in the order they were decided.
            for outcome in outcomes.values():
                self.reused.extend(outcome.reused)
                self.rebuilt.update(outcome.rebuilt)
                self.carried.update(outcome.carried)
                self.stale.update(outcome.stale)
                self.warnings.extend(outcome.warnings)
            for index in range(len(plans)):
                record = outcomes[index].statement
                assert record is not None
                manifest.statements.append(record)
                manifest.editions.extend(outcomes[index].records)
            gone = self._gone({path.stem for path in sources})
            for outcome in (*(outcomes[index] for index in range(len(plans))), gone):
                self.withdrawn.extend(outcome.withdrawn)
                manifest.kept.extend(outcome.unlisted)
                self.left.extend(outcome.left)
            manifest.site_digest = site_digest(manifest, self.common)
            previous = self.previous
            site_reused = (
                previous is not None
                and previous.site_digest == manifest.site_digest
                and all(self.new.had(path) for path in previous.pages)
            )
            outputs = []
            if site_reused:
                assert previous is not None
                manifest.pages = dict(previous.pages)
            else:
                outputs = site_outputs(self.renderer.pages, manifest, self.common)
                manifest.pages = {output.path: output.fingerprint for output in outputs}
            manifest.sources = published_sources(
                self.settings, manifest, self.previous, self.rebuilt
            )
            manifest_data = manifest_bytes(manifest)
            undated = tuple(
                self.settings.root / statement.source
                for statement in manifest.statements
                if statement.date is None and statement.slug in self.chosen_slugs
            )
            report = partial(
                BuildReport,
                self.output,
                manifest,
                carried=frozenset(self.carried),
                stale=dict(self.stale),
                warnings=tuple(self.warnings),
                undated=undated,
                allow_partial=self.allow_partial,
                withdrawn=tuple(self.withdrawn),
                pruned=self.prune,
                english_words=_english_words(self.settings, manifest),
            )
            unchanged = (
                not self.new.started
                and site_reused
                and read_bytes_or_none(self.output / MANIFEST_NAME) == manifest_data
            )
            if unchanged:
                self.digests.save()
                return report(frozenset(), replaced=False)
            self.new.start()
            for file in self.reused:
                self.new.keep(file.path)
            # A kept edition's file that a published one has too (an image both use) is
            # the published one's.
            taken = {file.path for file in self.reused} | {
                file.path
                for record in manifest.published
                for file in (*record.formats.values(), *record.assets)
            }
            for relative in dict.fromkeys(file.path for file in self.left):
                if relative not in taken:
                    self.new.keep(relative)
            if site_reused:
                for page in manifest.pages:
                    self.new.keep(page)
            stale = []
            for output in outputs:
                earlier = previous.pages.get(output.path) if previous is not None else None
                if earlier == output.fingerprint and self.new.had(output.path):
                    self.new.keep(output.path)
                else:
                    stale.append(output)
            # A front page lists every statement: with many, they are worth both cores.
            editions = len(manifest.published)
            workers = worker_count(editions * len(stale), PARALLEL_MIN_LINKS)
            # Only the indices cross to the (forked) workers, which inherit the outputs.
            made = map_in_workers(partial(_make, stale), range(len(stale)), workers, chunksize=1)
            for output, data in zip(stale, made, strict=True):
                self.new.write(output.path, data)
            self.new.write(MANIFEST_NAME, manifest_data)
        self.digests.save()
        return report(frozenset(self.rebuilt), replaced=True)

    def _languages(
        self, slug: str, source_digest: str, languages: tuple[str, ...], chosen: bool
    ) -> list[_Language]:
        """The chosen languages (`languages` when the statement is `chosen`), and the
        others the last build has a record of.

        In the workspace's order of languages, whatever the order of --lang, so that a
        narrowed build writes the manifest a full build would. A language no longer in
        the workspace is not planned: no build could make its editions again (_gone).
        """
        items: list[_Language] = []
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
                _Language(
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

    # ------------------------------------------------------------ statements in parallel

    def _decide_and_render(self, indices: list[int], plans: list[_Plan]) -> Iterator[_Outcome]:
        """Statements whose inputs changed: on every core when there are many editions.
        A worker returns its statement's outcome; nothing it changes in its copy of this
        build is seen here."""
        editions = sum(1 for index in indices for item in plans[index][2] if item.selected)
        workers = worker_count(editions, PARALLEL_MIN_EDITIONS)
        return map_in_workers(partial(self._statement_at, plans), indices, workers)

    def _statement_at(self, plans: list[_Plan], index: int) -> _Outcome:
        return self._statement(plans[index])

    # ------------------------------------------------------------ one statement

    def _statement(self, plan: _Plan) -> _Outcome:
        """Decide one statement's editions, and render those that changed."""
        path, source_digest, items, chosen = plan
        slug = path.stem
        loaded: list[Statement] = []
        memo = ReadMemo()  # msgids repeat across the languages of one statement only
        outcome = _Outcome()

        def statement() -> Statement:
            if not loaded:
                loaded.append(read_statement(self.settings, path))
            return loaded[0]

        found: list[StatementAssets] = []

        def assets() -> StatementAssets:
            """The local files the statement uses, found once (and warned about once)."""
            if not found:
                found.append(self._find_assets(path, statement))
                outcome.warnings.extend(found[0].problems)
            return found[0]

        # What the new dist/ holds: the selected editions now ready, and the editions the
        # last build published outside the selection, with the files of theirs still there.
        for item in items:
            if item.selected:
                item.record = self._decide(slug, statement, item, memo)
                self._publish_or_keep(item, outcome)
            elif item.old is not None and item.old.published:
                item.kept = self._files(item.old)
                item.published = bool(item.kept)
            elif item.earlier is not None:
                self._leave(item.earlier, outcome)  # unlisted, outside the selection
        pages = [
            item.language
            for item in items
            if item.published and ("html" in item.build or "html" in item.kept)
        ]
        partial_pages = {
            item.language
            for item in items
            if item.language in pages and (item.record or item.old or _NOTHING).reasons
        }

        # A page whose switcher would change is stale: render it again from the workspace.
        for item in items:
            if not item.published:
                continue
            item.alternates = tuple(code for code in pages if code != item.language)
            item.partial_alternates = tuple(
                code for code in item.alternates if code in partial_pages
            )
            if "html" not in item.kept:
                continue
            earlier = item.earlier
            assert earlier is not None
            if (
                earlier.alternates == item.alternates
                and earlier.partial_alternates == item.partial_alternates
            ):
                continue
            if not item.selected:
                verdict = self._decide(slug, statement, item, memo)
                # Published partial once, it may be again: its page only gets a new switcher.
                if verdict.reasons and not self.allow_partial and not earlier.reasons:
                    outcome.stale[(slug, item.language)] = verdict.reasons
                    continue
                item.record = verdict
                outcome.carried.add((slug, item.language))
            item.build = tuple(name for name in FORMATS if name in (*item.build, "html"))
            del item.kept["html"]

        records = outcome.records
        for item in items:
            if not item.published:
                if item.selected:
                    assert item.record is not None
                    records.append(replace(item.record, published=False))
                elif item.old is not None and not item.old.published:
                    records.append(item.old)  # a skipped edition keeps its verdict too
                    outcome.carried.add(item.old.key)
                continue
            if not item.build:
                records.append(self._carry(item, outcome))
                continue
            self._keep_unchanged_prints(item)
            record = self._reuse(item, outcome)
            if record is None:
                record = self._render(statement(), item, pages, partial_pages, memo, outcome)
            records.append(self._with_assets(record, item, assets(), outcome))

        kept = (
            self._previous_statement(slug, source_digest) if chosen else self._old_statement(slug)
        )
        if kept is None:
            day = statement_date(statement().metadata.get("date"))
            kept = StatementRecord(
                slug=slug,
                source=shown_path(path, self.settings.root),
                sha256=source_digest,
                title=statement().title,
                date=None if day is None else day.isoformat(),
            )
        outcome.statement = kept
        return outcome

    def _publish_or_keep(self, item: _Language, outcome: _Outcome) -> None:
        """Whether a selected edition is published, in which formats, and what of an
        earlier build's it keeps or (with --prune) removes.

        An edition an earlier build published stays published, made again from the
        current text, when this build would drop it only because it did not ask for it:
        partial while partial editions are not allowed, or with formats not asked for.
        One that cannot be made from the current text (not even as a partial edition) is
        left in dist/ as the earlier build made it, listed nowhere.
        """
        record = item.record
        assert record is not None
        earlier = item.earlier
        keeping = earlier is not None and not self.prune
        ready = not record.reasons
        item.published = ready or (not record.refusals and (self.allow_partial or keeping))
        slug, language = record.key
        if not item.published:
            files = tuple(self._files(earlier)) if earlier is not None else ()
            if earlier is None or not files:
                return  # nothing of it left in dist/ to keep or remove
            if record.refusals:
                why = "no longer ready, not even as a partial edition: " + "; ".join(
                    record.refusals
                )
            else:
                why = f"not ready ({'; '.join(record.reasons)}), and {_NO_PARTIAL}"
            outcome.withdrawn.append(Withdrawal(slug, language, files, why, edition=True))
            if keeping:
                self._leave(earlier, outcome)
            return
        if earlier is not None and self.narrowed:
            # A build narrowed by --format keeps the other formats' files as they were.
            item.kept = self._files(earlier, excluding=item.build)
        elif earlier is not None:
            unasked = tuple(name for name in self._files(earlier) if name not in item.build)
            if unasked:
                why = f"not in this build's formats ({', '.join(self.formats)})"
                outcome.withdrawn.append(
                    Withdrawal(slug, language, unasked, why, edition=False, listed=keeping)
                )
                if keeping:
                    self._keep_unasked(item, earlier, unasked)
        if not ready and not self.allow_partial:
            outcome.withdrawn.append(
                Withdrawal(
                    slug,
                    language,
                    tuple(name for name in FORMATS if name in item.build or name in item.kept),
                    f"not ready, and {_NO_PARTIAL}",
                    edition=True,
                    listed=True,
                )
            )

    def _keep_unasked(
        self, item: _Language, earlier: EditionRecord, unasked: tuple[str, ...]
    ) -> None:
        """Formats an earlier build made that this one was not asked for: their files are
        taken as they are when made from the current inputs (but the page, whose switcher
        may change), else made again."""
        files = self._files(earlier)
        current = earlier.fingerprint == item.fingerprint
        for name in unasked:
            if current and name != "html" and files[name].fingerprint is None:
                item.kept[name] = files[name]
        item.build = tuple(
            name for name in FORMATS if name in (*item.build, *unasked) and name not in item.kept
        )

    def _leave(self, record: EditionRecord, outcome: _Outcome) -> None:
        """Keep an edition's files in dist/ as an earlier build made them, listed nowhere."""
        files = self._files(record)
        assets = tuple(file for file in record.assets if self.new.had(file.path))
        if not files and not assets:
            return  # nothing of it is left to keep
        outcome.left.extend((*files.values(), *assets))
        if files != record.formats or assets != record.assets:
            record = replace(with_fallbacks(record), formats=files, assets=assets, raw=None)
        outcome.unlisted.append(record)

    def _gone(self, slugs: set[str]) -> _Outcome:
        """The editions an earlier build published of statements no longer in source/ or
        languages no longer in the settings: kept, unlisted, unless --prune."""
        outcome = _Outcome()
        if self.previous is None:
            return outcome
        languages = {self.settings.source_language, *self.settings.languages}
        for record in (*self.previous.published, *self.previous.kept):
            if record.statement in slugs and record.language in languages:
                continue
            if record.statement not in slugs:
                source = self.settings.source_path / f"{record.statement}.md"
                why = f"{shown_path(source, self.settings.root)} no longer exists"
            else:
                why = f"`{record.language}` is no longer in `languages`"
            files = tuple(self._files(record))
            if not files:
                continue  # nothing of it left in dist/ to keep or remove
            outcome.withdrawn.append(
                Withdrawal(record.statement, record.language, files, why, edition=True)
            )
            if not self.prune:
                self._leave(record, outcome)
        return outcome

    def _decide(
        self,
        slug: str,
        statement: Callable[[], Statement],
        item: _Language,
        memo: ReadMemo,
    ) -> EditionRecord:
        """The edition's verdict: words, approved words and why it is not ready, if it is not."""
        if item.previous is not None:
            # Same inputs, same verdict: the catalogue need not be read.
            return _verdict(item.previous)
        if item.original:
            return self._original_verdict(slug, statement(), item)
        item.catalog = self._read(item, memo)
        errors = (
            self.checker.errors(item.catalog, item.catalog_path, statement(), item.language)
            if item.catalog is not None
            else []
        )
        verdict = readiness(self.settings, statement(), item.language, item.catalog, len(errors))
        item.rejected = frozenset(errors)
        reasons = verdict.reasons
        if item.catalog_digest == ABSENT:
            relative = shown_path(item.catalog_path, self.settings.root)
            reasons = (f"no catalogue {relative} (run `polyglot extract`)", *reasons)
        return EditionRecord(
            statement=slug,
            language=item.language,
            fingerprint=item.fingerprint,
            published=False,
            words=verdict.total_words,
            approved_words=verdict.approved_words,
            reasons=reasons,
            refusals=verdict.partial_refusals,
        )

    def _original_verdict(self, slug: str, statement: Statement, item: _Language) -> EditionRecord:
        """The original is ready unless it is empty: every word of it is its own."""
        verdict = readiness(self.settings, statement, item.language, None)
        item.rejected = frozenset()
        refusals = (EMPTY_REASON,) if verdict.empty else ()
        return EditionRecord(
            statement=slug,
            language=item.language,
            fingerprint=item.fingerprint,
            published=False,
            words=verdict.total_words,
            approved_words=verdict.total_words,
            reasons=refusals,
            refusals=refusals,
        )

    def _files(
        self, record: EditionRecord, excluding: tuple[str, ...] = ()
    ) -> dict[str, FileRecord]:
        """The last build's files of an edition that the previous dist/ still has."""
        return {
            name: file
            for name, file in record.formats.items()
            if name not in excluding and self.new.had(file.path)
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

    def _read(self, item: _Language, memo: ReadMemo) -> Catalog | None:
        """The edition's catalogue; None when there is none."""
        if item.catalog_digest == ABSENT:
            return None
        data = read_input(item.catalog_path, CatalogError, self.bounds)
        if data is None:
            raise CatalogError("was removed while the build ran; run it again", item.catalog_path)
        return parse_po(data, item.catalog_path, memo)

    # ------------------------------------------------------------ one edition

    def _carry(self, item: _Language, outcome: _Outcome) -> EditionRecord:
        """An edition outside the selection, as the last build left it (its local files too)."""
        assert item.old is not None
        assets = tuple(file for file in item.old.assets if self.new.had(file.path))
        outcome.reused.extend(item.kept.values())
        outcome.reused.extend(assets)
        outcome.carried.add(item.old.key)
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
            dialect=self.settings.markdown,
        )

    def _with_assets(
        self, record: EditionRecord, item: _Language, found: StatementAssets, outcome: _Outcome
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
                and self.new.had(relative)
            ):
                outcome.reused.append(earlier)
                files.append(earlier)
            else:
                files.append(self.new.copy(asset.source, relative))
        assets = tuple(files)
        if assets == record.assets:
            return record
        return replace(with_fallbacks(record), assets=assets, raw=None)

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
            if (
                name != "html"
                and file is not None
                and file.fingerprint is None
                and self.new.had(file.path)
            ):
                item.kept[name] = file
        item.build = tuple(name for name in item.build if name not in item.kept)

    def _reuse(self, item: _Language, outcome: _Outcome) -> EditionRecord | None:
        """The previous build's edition, when it is exactly what this build would make."""
        previous = item.previous
        if (
            previous is None
            or not previous.published
            or previous.alternates != item.alternates
            or previous.partial_alternates != item.partial_alternates
        ):
            return None
        files: dict[str, FileRecord] = {}
        for name in item.build:
            file = previous.formats.get(name)
            # A file kept from an older build by --format was made from other inputs.
            if file is None or file.fingerprint is not None or not self.new.had(file.path):
                return None
            files[name] = file
        outcome.reused.extend(files.values())
        formats = self._with_kept(files, item, outcome)
        if formats == previous.formats:
            return previous  # its manifest line is written back as it was read
        return replace(with_fallbacks(previous), formats=formats, raw=None)

    def _with_kept(
        self, files: dict[str, FileRecord], item: _Language, outcome: _Outcome
    ) -> dict[str, FileRecord]:
        """The formats made now and those kept from the last build, in the usual order.

        A kept file says which inputs it was made from when they are not the edition's
        own, so that a later build does not take it for up to date.
        """
        assert item.earlier is not None or not item.kept
        outcome.reused.extend(item.kept.values())
        every = dict(files)
        for name, file in item.kept.items():
            assert item.earlier is not None
            made_from = file.fingerprint or item.earlier.fingerprint
            every[name] = replace(
                file, fingerprint=None if made_from == item.fingerprint else made_from
            )
        return {name: every[name] for name in FORMATS if name in every}

    def _render(
        self,
        statement: Statement,
        item: _Language,
        pages: list[str],
        partial_pages: set[str],
        memo: ReadMemo,
        outcome: _Outcome,
    ) -> EditionRecord:
        if item.catalog is None and not item.original and item.catalog_digest != ABSENT:
            item.catalog = self._read(item, memo)
        if item.rejected is None:  # the verdict was the previous build's
            assert item.previous is not None
            item.rejected = frozenset(
                fallback.msgid
                for fallback in with_fallbacks(item.previous).fallback_segments
                if fallback.state == CHECK_ERROR
            )
        edition = compose(
            statement, item.catalog, item.language, item.rejected, original=item.original
        )
        assert item.record is not None
        source = self.settings.source_language
        siblings = [
            Sibling(
                language,
                partial=language in partial_pages,
                original=language == source,
                percent=item.record.percent_approved if language == item.language else None,
            )
            for language in (*pages, *((item.language,) if item.language not in pages else ()))
        ]
        rendered = render_files(self.renderer, edition, siblings, item.build)
        files: dict[str, FileRecord] = {}
        for name, data in rendered.files.items():
            relative = f"{item.language}/{statement.slug}.{name}"
            if name == "md":  # named as the site generator expects (markdown_layout.py)
                relative = markdown_file(
                    self.settings.markdown_layout, item.language, statement.slug
                )
            files[name] = self.new.write(relative, data, self._previous_file(item, name))
        outcome.rebuilt.add((statement.slug, item.language))
        summary = edition.fields.get("summary")
        return replace(
            item.record,
            published=True,
            title=edition.fields["title"].text if "title" in edition.fields else statement.slug,
            summary=summary.text if summary is not None and not summary.fallback else "",
            description=rendered.description,
            formats=self._with_kept(files, item, outcome),
            alternates=item.alternates,
            partial_alternates=item.partial_alternates,
            fallback_count=len(edition.fallbacks),
            fallback_segments=tuple(
                FallbackRecord(f.line, f.kind, f.state, f.msgid) for f in edition.fallbacks
            ),
        )

    def _previous_file(self, item: _Language, name: str) -> FileRecord | None:
        old = item.old
        return old.formats.get(name) if old is not None and old.published else None


def _english_words(settings: Settings, manifest: Manifest) -> tuple[PageWords, ...]:
    """The page words of each published language that has none of its own (one warning
    per language and build, naming the catalogue to translate)."""
    workspace = WorkspaceWords.of(settings)
    found = (
        page_words(language, workspace)
        for language in sorted({record.language for record in manifest.published})
    )
    return tuple(words for words in found if not words.complete)


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
        refusals=record.refusals,
    )


_NOTHING = EditionRecord("", "", "", False, 0, 0)
_NO_PARTIAL = "this build does not allow partial editions"


def _make(outputs: list[SiteOutput], index: int) -> bytes:
    return outputs[index].make()


def _reserved(slugs: Sequence[str], languages: Sequence[str], top: Sequence[str]) -> frozenset[str]:
    """What the build writes itself, as paths from an edition's folder."""
    names = {f"../{name}" for name in top} | {f"../{language}/" for language in languages}
    names.update({INDEX_NAME, FEED_NAME})  # each language's front page and feed
    for slug in slugs:
        for name in FORMATS:
            names.add(f"{slug}.{name}")
            names.update(f"../{language}/{slug}.{name}" for language in languages)
        # The .md edition's name in a suffixed layout (markdown_layout.py), in any layout:
        # reserving a name costs nothing, and the layout may change between builds.
        for language in languages:
            suffixed = markdown_file("mkdocs", language, slug).split("/", 1)[1]
            names.update({suffixed, f"../{language}/{suffixed}"})
    return frozenset(names)
