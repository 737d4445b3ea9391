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

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from polyglot_statement import __version__
from polyglot_statement.config import EditionFormat, Settings, select_languages
from polyglot_statement.errors import SourceError, UsageError
from polyglot_statement.fsutil import read_bytes_or_none, workspace_lock
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.progress import Listener, ignore, lock_waiter
from polyglot_statement.publish.build_decide import StatementDecider
from polyglot_statement.publish.build_plan import FORMATS, Outcome, Plan
from polyglot_statement.publish.feeds import FEED_NAME
from polyglot_statement.publish.index import INDEX_NAME
from polyglot_statement.publish.manifest import MANIFEST_NAME, Manifest, manifest_bytes
from polyglot_statement.publish.markdown_layout import markdown_file
from polyglot_statement.publish.page_text import PageWords, WorkspaceWords, page_words
from polyglot_statement.publish.published_sources import published_sources
from polyglot_statement.publish.report import BuildReport
from polyglot_statement.publish.site import SiteOutput, site_digest, site_outputs
from polyglot_statement.publish.sitemap import SITEMAP_NAME
from polyglot_statement.publish.swap import check_replaceable, recover
from polyglot_statement.source import select_statement_paths, statement_paths


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


# Below this many edition links on the front pages and feeds to render, starting worker
# processes costs more than it saves.
PARALLEL_MIN_LINKS = 20_000


class _Build(StatementDecider):
    """One `polyglot build`: plan, decide each statement, then write the pages that span
    statements and the manifest, and swap the new dist/ in."""

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
        plans: list[Plan] = []
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
            outcomes: dict[int, Outcome] = {}
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


def _english_words(settings: Settings, manifest: Manifest) -> tuple[PageWords, ...]:
    """The page words of each published language that has none of its own (one warning
    per language and build, naming the catalogue to translate)."""
    workspace = WorkspaceWords.of(settings)
    found = (
        page_words(language, workspace)
        for language in sorted({record.language for record in manifest.published})
    )
    return tuple(words for words in found if not words.complete)


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
