"""One edition's files in a `polyglot build`: linked from the previous dist/ when they
are what this build would make, else rendered, with the local files its pages use."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from polyglot_statement.errors import SourceError
from polyglot_statement.fsutil import read_utf8
from polyglot_statement.po import ReadMemo
from polyglot_statement.publish.assets import StatementAssets, find_assets, may_have_assets
from polyglot_statement.publish.build_plan import FORMATS, BuildPlan, Outcome, PlannedEdition
from polyglot_statement.publish.edition import CHECK_ERROR, compose
from polyglot_statement.publish.inputs import ABSENT
from polyglot_statement.publish.manifest import (
    EditionRecord,
    FallbackRecord,
    FileRecord,
    with_fallbacks,
)
from polyglot_statement.publish.markdown_layout import markdown_file
from polyglot_statement.publish.metadata import Sibling
from polyglot_statement.publish.renderer import render_files
from polyglot_statement.source import Statement


class EditionMaker(BuildPlan):
    """What the build does with one edition it publishes: carry it over, reuse the
    previous build's files, or render it again."""

    def _carry(self, item: PlannedEdition, outcome: Outcome) -> EditionRecord:
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
        text = read_utf8(path, SourceError, self.settings.bounds)
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
        self, record: EditionRecord, item: PlannedEdition, found: StatementAssets, outcome: Outcome
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

    def _keep_unchanged_prints(self, item: PlannedEdition) -> None:
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

    def _reuse(self, item: PlannedEdition, outcome: Outcome) -> EditionRecord | None:
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
        self, files: dict[str, FileRecord], item: PlannedEdition, outcome: Outcome
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
        item: PlannedEdition,
        pages: list[str],
        partial_pages: set[str],
        memo: ReadMemo,
        outcome: Outcome,
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

    def _previous_file(self, item: PlannedEdition, name: str) -> FileRecord | None:
        old = item.old
        return old.formats.get(name) if old is not None and old.published else None
