"""One `polyglot build` that decides: plan, decide each statement, write the pages that
span statements and the manifest, swap the new dist/ in (the rules are build.py's
docstring). Apart from build.py so that a build that finds nothing changed
(publish/unchanged.py) does not load the renderers, templates and checks."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from polyglot_statement import __version__
from polyglot_statement.config import EditionFormat, Settings
from polyglot_statement.errors import PolyglotError, SourceError
from polyglot_statement.fsutil import read_bytes_or_none
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.publish.build_decide import StatementDecider
from polyglot_statement.publish.build_plan import FORMATS, Outcome, Plan
from polyglot_statement.publish.feeds import FEED_NAME
from polyglot_statement.publish.index import INDEX_NAME
from polyglot_statement.publish.manifest import (
    MANIFEST_NAME,
    Manifest,
    manifest_bytes,
)
from polyglot_statement.publish.markdown_layout import markdown_file
from polyglot_statement.publish.page_text import PageWords, WorkspaceWords, page_words
from polyglot_statement.publish.published_sources import published_sources
from polyglot_statement.publish.report import BuildReport
from polyglot_statement.publish.site import SiteOutput, site_digest, site_outputs
from polyglot_statement.publish.sitemap import SITEMAP_NAME
from polyglot_statement.publish.swap import OutputFrozen
from polyglot_statement.publish.unchanged import said_of, write_stamp

# Below this many edition links on the front pages and feeds to render, starting worker
# processes costs more than it saves.
PARALLEL_MIN_LINKS = 20_000


class Build(StatementDecider):
    """One `polyglot build` (see build.py): plan, decide each statement, then write the
    pages that span statements and the manifest, and swap the new dist/ in."""

    def __init__(
        self,
        settings: Settings,
        output: Path,
        formats: tuple[EditionFormat, ...],
        allow_partial: bool,
        sources: list[Path],
        chosen: list[Path],
        narrowed: bool = False,
        prune: bool = False,
    ):
        """`sources` are every statement of the workspace: one outside the selection
        (`chosen`) is planned too when the last build published it, so that its editions
        are carried over."""
        super().__init__(settings, output, formats, allow_partial, narrowed, prune)
        self.sources = sources
        self.chosen = chosen
        self.reserved = _reserved(
            [path.stem for path in sources],
            (settings.source_language, *settings.languages),
            (INDEX_NAME, MANIFEST_NAME, FEED_NAME, SITEMAP_NAME),
        )
        self.chosen_slugs = frozenset(path.stem for path in chosen)

    def settle(self, languages: tuple[str, ...], key: str) -> bool:
        """Decide again, against the dist/ the build before this one made in this process,
        and leave the stamp the next build answers from when nothing would change
        (publish/unchanged.py); True then. Nothing is written to dist/: a decision that
        would change anything stops there, and no stamp is left.

        Without it, the first build after one that changed something decided every
        edition again to find nothing changed, and only then left the stamp."""
        self.new.frozen = True
        try:
            return not self.execute(languages, key).replaced
        except (OutputFrozen, PolyglotError):
            # A cache: a file that cannot be read now (the build before read it) only
            # means no stamp, and the next build decides as before.
            return False

    def execute(self, languages: tuple[str, ...], key: str = "") -> BuildReport:
        """Build the chosen statements × languages; carry the rest of the last build over.
        `key` is the run's build_key() (publish/unchanged.py): with none, no stamp is
        written."""
        sources, chosen = self.sources, self.chosen
        plans: list[Plan] = []
        selected = set(chosen)
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
                said = report(frozenset(), replaced=False)
                linked = any(outcome.linked for outcome in outcomes.values())
                if key and not said.warnings and not linked:
                    # A missing local file that appears must be copied, and a link set to
                    # another file changes no identity the stamp records: no stamp then.
                    write_stamp(
                        self.settings,
                        key,
                        self.digests.seen,
                        self.output,
                        self.new.listed,
                        said_of(said),
                    )
                return said
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
