"""Each statement's editions in a `polyglot build`: which are published, which kept from
an earlier build or withdrawn, and why (the rules are build.py's docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial

from polyglot_statement.errors import shown_path
from polyglot_statement.parallel import map_in_workers, worker_count
from polyglot_statement.po import ReadMemo
from polyglot_statement.publish.assets import StatementAssets
from polyglot_statement.publish.build_edition import EditionMaker
from polyglot_statement.publish.build_plan import FORMATS, Outcome, Plan, PlannedEdition
from polyglot_statement.publish.inputs import ABSENT
from polyglot_statement.publish.manifest import EditionRecord, StatementRecord, with_fallbacks
from polyglot_statement.publish.readiness import EMPTY_REASON, readiness
from polyglot_statement.publish.report import Withdrawal
from polyglot_statement.source import Statement, read_statement, statement_date

# Below this many editions to decide, starting worker processes costs more than it saves.
PARALLEL_MIN_EDITIONS = 60


class StatementDecider(EditionMaker):
    """Decide one statement's editions, and render those that changed (in a worker when
    there are many)."""

    # ------------------------------------------------------------ statements in parallel

    def _decide_and_render(self, indices: list[int], plans: list[Plan]) -> Iterator[Outcome]:
        """Statements whose inputs changed: on every core when there are many editions.
        A worker returns its statement's outcome; nothing it changes in its copy of this
        build is seen here."""
        editions = sum(1 for index in indices for item in plans[index][2] if item.selected)
        workers = worker_count(editions, PARALLEL_MIN_EDITIONS)
        return map_in_workers(partial(self._statement_at, plans), indices, workers)

    def _statement_at(self, plans: list[Plan], index: int) -> Outcome:
        return self._statement(plans[index])

    # ------------------------------------------------------------ one statement

    def _statement(self, plan: Plan) -> Outcome:
        """Decide one statement's editions, and render those that changed."""
        path, source_digest, items, chosen = plan
        slug = path.stem
        loaded: list[Statement] = []
        memo = ReadMemo()  # msgids repeat across the languages of one statement only
        outcome = Outcome()

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
                outcome.linked = found[0].linked
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

    def _publish_or_keep(self, item: PlannedEdition, outcome: Outcome) -> None:
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
        self, item: PlannedEdition, earlier: EditionRecord, unasked: tuple[str, ...]
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

    def _leave(self, record: EditionRecord, outcome: Outcome) -> None:
        """Keep an edition's files in dist/ as an earlier build made them, listed nowhere."""
        files = self._files(record)
        assets = tuple(file for file in record.assets if self.new.had(file.path))
        if not files and not assets:
            return  # nothing of it is left to keep
        outcome.left.extend((*files.values(), *assets))
        if files != record.formats or assets != record.assets:
            record = replace(with_fallbacks(record), formats=files, assets=assets, raw=None)
        outcome.unlisted.append(record)

    def _gone(self, slugs: set[str]) -> Outcome:
        """The editions an earlier build published of statements no longer in source/ or
        languages no longer in the settings: kept, unlisted, unless --prune."""
        outcome = Outcome()
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
        item: PlannedEdition,
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
        return _not_yet_published(
            slug,
            item,
            verdict.total_words,
            verdict.approved_words,
            reasons,
            verdict.partial_refusals,
        )

    def _original_verdict(
        self, slug: str, statement: Statement, item: PlannedEdition
    ) -> EditionRecord:
        """The original is ready unless it is empty: every word of it is its own."""
        verdict = readiness(self.settings, statement, item.language, None)
        item.rejected = frozenset()
        refusals = (EMPTY_REASON,) if verdict.empty else ()
        return _not_yet_published(
            slug, item, verdict.total_words, verdict.total_words, refusals, refusals
        )

    def _old_statement(self, slug: str) -> StatementRecord | None:
        if self.previous is None:
            return None
        if self.previous_statements is None:
            self.previous_statements = {record.slug: record for record in self.previous.statements}
        return self.previous_statements.get(slug)

    def _previous_statement(self, slug: str, digest: str) -> StatementRecord | None:
        record = self._old_statement(slug)
        return record if record is not None and record.sha256 == digest else None


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


def _not_yet_published(
    slug: str,
    item: PlannedEdition,
    words: int,
    approved_words: int,
    reasons: tuple[str, ...],
    refusals: tuple[str, ...],
) -> EditionRecord:
    """An edition's record as decided, before it is published (or kept from the last build)."""
    return EditionRecord(
        statement=slug,
        language=item.language,
        fingerprint=item.fingerprint,
        published=False,
        words=words,
        approved_words=approved_words,
        reasons=reasons,
        refusals=refusals,
    )
