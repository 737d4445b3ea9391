"""Drafts written back into a language's catalogues, once each, without reverting what a
translator saved meanwhile."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from polyglot_statement.errors import CatalogError, PolyglotError
from polyglot_statement.fsutil import (
    ConcurrentEdit,
    FileVersion,
    InputBounds,
    read_version,
    replace_if_unchanged,
)
from polyglot_statement.inline import Restored
from polyglot_statement.machine.base import Target
from polyglot_statement.machine.events import Tally
from polyglot_statement.machine.stopping import Signals
from polyglot_statement.po import (
    MACHINE_COMMENT_PREFIX,
    UNTRANSLATED,
    Catalog,
    Entry,
    format_po,
    parse_po,
)

if TYPE_CHECKING:
    from polyglot_statement.machine.translate import Collection, SourceKey

# A catalogue saved by someone else between our reading it again and writing it, this
# many times in a row, is left for the next run (its drafts are in the cache).
WRITE_ATTEMPTS = 10


def fillable(entry: Entry) -> bool:
    return entry.state == UNTRANSLATED and bool(entry.msgid) and entry.msgid_plural is None


@dataclass(slots=True)
class Loaded:
    catalog: Catalog
    version: FileVersion


class Writer:
    """Fills the waiting entries with their drafts and writes each catalogue once."""

    def __init__(
        self,
        engine: str,
        target: Target,
        collection: Collection,
        report: Tally,
        signals: Signals,
        bounds: InputBounds,
    ):
        self.collection = collection
        self.report = report
        self.signals = signals
        self.bounds = bounds
        glossary = target.glossary_version
        self.provenance = f"{MACHINE_COMMENT_PREFIX} {engine} {target.code}, " + (
            f"glossary {glossary}" if glossary else "no glossary"
        )
        self.filled = 0
        self.markup_problems = 0

    def write(self, loaded: dict[Path, Loaded], translated: dict[str, str]) -> None:
        errors: list[PolyglotError] = []
        with self.signals.deferred():
            drafts = self.collection.drafts(translated)
            for path, item in loaded.items():
                try:
                    self._write_one(path, item, drafts)
                except PolyglotError as error:
                    errors.append(error)  # the others are still written
        if errors:
            raise errors[0]

    def _write_one(self, path: Path, item: Loaded, drafts: dict[SourceKey, Restored]) -> None:
        wanted = self.collection.wanted.get(path, {})
        catalog, version = item.catalog, item.version
        for _ in range(WRITE_ATTEMPTS):
            filled, problems = self._fill(catalog, wanted, drafts)
            if not filled:
                return
            try:
                replace_if_unchanged(version, format_po(catalog))
            except ConcurrentEdit:
                # Saved by someone else since we read it: theirs is the text to keep.
                data, version = read_version(path, CatalogError, self.bounds)
                if data is None:
                    return  # removed meanwhile: nothing of ours to put back
                catalog = parse_po(data, path)
                continue
            self.filled += filled
            self.markup_problems += problems
            self.report.filled += filled
            self.report.markup_problems += problems
            if path not in self.report.written:  # the memory's pre-fill may have written it
                self.report.written.append(path)
            return
        raise ConcurrentEdit(
            f"saved by someone else {WRITE_ATTEMPTS} times while translate wrote it; "
            "its drafts are in the cache: run translate again",
            path,
        )

    def _fill(
        self, catalog: Catalog, wanted: dict[str, SourceKey], drafts: dict[SourceKey, Restored]
    ) -> tuple[int, int]:
        """Draft the entries still untranslated; how many, and how many lost some markup."""
        filled = problems = 0
        for entry in catalog.active:
            if not fillable(entry):
                continue
            source = wanted.get(entry.msgid)
            restored = drafts.get(source) if source is not None else None
            if restored is None or not restored.text.strip():
                continue  # nothing usable: leave the entry for a person
            comment = self.provenance
            if restored.problem is not None:
                comment += (
                    f"; markup did not come back intact ({restored.problem}): "
                    "compare the formatting with the source"
                )
                problems += 1
            entry.msgstr = restored.text
            entry.set_fuzzy(True)
            entry.translator_comments = [
                line
                for line in entry.translator_comments
                if not line.startswith(MACHINE_COMMENT_PREFIX)
            ] + [comment]
            filled += 1
        return filled, problems
