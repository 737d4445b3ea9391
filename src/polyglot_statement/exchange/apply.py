"""Bringing an XLIFF file's translations into a catalogue, unit by unit.

A pure function of the catalogue and the file (so it can be redone on a translator's
newer save). A unit comes in only when:

- it finds its entry (by id, else by its source text) and its source is the entry's,
  tag for tag: a file exported before the source was edited, or for another statement,
  is reported unit by unit and changes nothing. A file another tool made from our .po
  (translate-toolkit's po2xliff, Okapi, OpenXLIFF, Weblate) has the msgid as text, its
  Markdown untagged: such a unit finds its entry by msgid (and msgctxt when it carries
  one; Okapi's by the .po's literal and resname, okapi.py), and its target's Markdown is
  read as tags standing for the source's markup;
- it has a translation: a target that only repeats the source, unconfirmed, is the
  tool's copy of it (Tikal's default, a CAT tool's "copy source to target"), and leaves
  the entry as it was;
- its tags are its source's, each once (in any order, properly nested): a tag the
  source lacks, or one doubled or lost, would publish markup nobody reviewed or lose
  some; the entry stays as it was and the unit is reported at its target's line;
- the entry is not approved, or `overwrite` is given (an approved translation is a
  reviewer's decision; marking it for review again is a change too).

A unit whose text and state are the entry's is unchanged (so exporting and importing
again changes no byte). Text is text: what a translator typed reaches the catalogue
escaped where Markdown would read it (inline/restore.py's `to_markdown`). A new text
drops the entry's machine or memory provenance (it described the old text); an approved
one drops the previous msgid too, as Poedit does when a translator clears "fuzzy".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.exchange.okapi import OkapiEntries
from polyglot_statement.exchange.xliff import IncomingUnit, Segment, exportable, segment, unit_id
from polyglot_statement.inline import (
    Part,
    markdown_parts,
    renumbered,
    signature,
    tag_mismatch,
    target_ids,
    to_markdown,
)
from polyglot_statement.po import APPROVED, PROVENANCE_PREFIXES, Catalog, Entry

IMPORTED = "imported"
UNCHANGED = "unchanged"
EMPTY = "empty"
COPIED = "source copied"
NOT_FOUND = "not found"
SOURCE_CHANGED = "source changed"
APPROVED_KEPT = "approved kept"
TAGS_DIFFER = "tags differ"
BAD_ESCAPE = "bad escape"


@dataclass(frozen=True, slots=True)
class Outcome:
    unit: IncomingUnit
    status: str
    msgid: str | None = None
    problem: str | None = None  # what is wrong with the target's tags

    @property
    def reason(self) -> str:
        """Why the unit was not imported, as a person reads it."""
        if self.status == TAGS_DIFFER:
            return (
                f"the translation's tags do not match the source's ({self.problem}); not "
                "imported: put each of the source's tags in the translation once"
            )
        if self.status == BAD_ESCAPE:
            return f"{self.problem}; the file keeps the .po's escapes; not imported"
        return _REASONS.get(self.status, "")

    @property
    def line(self) -> int:
        """Where the file shows what is wrong: the target, for its tags."""
        return self.unit.target_line if self.status in (TAGS_DIFFER, BAD_ESCAPE) else self.unit.line


_REASONS = {
    NOT_FOUND: "its source is not in the statement as it is now (edited since the export, "
    "or the file is another statement's); not imported",
    SOURCE_CHANGED: "its source differs from the statement's (edited since the export); "
    "not imported",
    APPROVED_KEPT: "the entry is approved and the file changes it; not imported "
    "(--overwrite replaces approved translations)",
}
NOT_IMPORTED = frozenset({*_REASONS, TAGS_DIFFER, BAD_ESCAPE})


class _Entries:
    """The catalogue's exportable entries, found by unit id or by source, read once."""

    def __init__(self, catalog: Catalog, dialect: Dialect = COMMONMARK):
        self.dialect = dialect
        self.entries = [entry for entry in catalog.entries if exportable(entry)]
        self.by_id = {unit_id(entry): entry for entry in self.entries}
        self._segments: dict[int, Segment] = {}
        self._by_source: dict[tuple[object, ...], list[Entry]] | None = None
        self._okapi: OkapiEntries | None = None

    def segment(self, entry: Entry) -> Segment:
        found = self._segments.get(id(entry))
        if found is None:
            found = self._segments[id(entry)] = segment(entry, self.dialect)
        return found

    def by_source(self, unit: IncomingUnit) -> Entry | None:
        if self._by_source is None:
            self._by_source = {}
            for entry in self.entries:
                self._by_source.setdefault(signature(self.segment(entry).source), []).append(entry)
        return _one(self._by_source.get(signature(unit.source), []), unit)

    def by_msgid(self, unit: IncomingUnit) -> Entry | None:
        """The entry whose msgid is the unit's untagged source text (and msgctxt its
        context, when it carries one; else the only entry with that msgid)."""
        if not all(isinstance(part, str) for part in unit.source):
            return None
        text = "".join(part for part in unit.source if isinstance(part, str))
        return _one([entry for entry in self.entries if entry.msgid == text], unit)

    def by_okapi(self, unit: IncomingUnit) -> tuple[IncomingUnit, Entry] | Outcome:
        """A unit of Okapi's PO filter (okapi.py) as one of another converter from .po:
        the msgid as its source, its target the text Okapi's merge would write."""
        if self._okapi is None:
            self._okapi = OkapiEntries(self.entries)
        found = self._okapi.find(unit.source, unit.target, unit.okapi or "")
        if found is None:
            return Outcome(unit, NOT_FOUND)
        if found.problem is not None:
            status = BAD_ESCAPE if found.bad_escape else TAGS_DIFFER
            return Outcome(unit, status, found.entry.msgid, found.problem)
        target: list[Part] | None = None if found.target is None else [found.target]
        return dataclasses.replace(unit, source=[found.entry.msgid], target=target), found.entry


def _one(entries: list[Entry], unit: IncomingUnit) -> Entry | None:
    """Of the entries with a unit's source, the one its msgctxt names; without one, the
    only entry (several, told apart only by msgctxt, are not guessed between)."""
    if unit.context is not None:
        entries = [entry for entry in entries if entry.msgctxt == unit.context]
    return entries[0] if len(entries) == 1 else None


def _untagged(unit: IncomingUnit, current: Segment, dialect: Dialect = COMMONMARK) -> IncomingUnit:
    """A unit whose source is the msgid as text, read as if we had exported it: its source
    the entry's parts, its target's Markdown as tags for the source's pieces (a piece the
    source lacks gets an id of its own, which the tag check refuses)."""
    target: list[Part] | None = unit.target
    if target is not None and not current.plain:
        if not all(isinstance(part, str) for part in target):
            return dataclasses.replace(unit, source=current.source)  # tags on text: refused
        translated, parts = markdown_parts(
            "".join(part for part in target if isinstance(part, str)), dialect
        )
        target = renumbered(parts, target_ids(current.conversion, translated))
    return dataclasses.replace(unit, source=current.source, target=target)


def apply_units(
    catalog: Catalog,
    units: Sequence[IncomingUnit],
    overwrite: bool,
    *,
    dialect: Dialect = COMMONMARK,
) -> list[Outcome]:
    """Bring the units' translations into `catalog` (in place); what became of each
    (`dialect`: the workspace's, which a translation's Markdown is read in and whose
    generator items are placeholders)."""
    entries = _Entries(catalog, dialect)
    outcomes: list[Outcome] = []
    for unit in units:
        entry: Entry | None
        if unit.okapi is not None:
            okapi = entries.by_okapi(unit)
            if isinstance(okapi, Outcome):
                outcomes.append(okapi)
                continue
            unit, entry = okapi
            untagged = True
        else:
            entry = entries.by_id.get(unit.id) or entries.by_source(unit)
            untagged = entry is None and (entry := entries.by_msgid(unit)) is not None
        if entry is None:
            outcomes.append(Outcome(unit, NOT_FOUND))
            continue
        current = entries.segment(entry)
        if untagged:
            unit = _untagged(unit, current, entries.dialect)
        if signature(unit.source) != signature(current.source):
            outcomes.append(Outcome(unit, SOURCE_CHANGED, entry.msgid))
            continue
        if unit.target is None or all(
            isinstance(part, str) and not part.strip() for part in unit.target
        ):
            outcomes.append(Outcome(unit, EMPTY, entry.msgid))
            continue
        approved_now = entry.state == APPROVED
        if signature(unit.target) == signature(current.target):
            text = entry.msgstr
        else:
            problem = tag_mismatch(unit.source, unit.target)
            restored = None
            if problem is None:
                restored = to_markdown(
                    unit.target, current.conversion, current.plain, dialect=dialect
                )
                problem = restored.problem  # tags nested wrongly, a link left empty…
            if restored is None or problem is not None:
                outcomes.append(Outcome(unit, TAGS_DIFFER, entry.msgid, problem))
                continue
            text = restored.text
        if text == entry.msgstr and unit.approved == approved_now:
            outcomes.append(Outcome(unit, UNCHANGED, entry.msgid))
            continue
        if text == entry.msgid and not unit.approved:
            # Not a translation but the tool's copy of the source into the target, which
            # nobody confirmed (Tikal's -x and memoQ's and Trados' pre-translation do it).
            outcomes.append(Outcome(unit, COPIED, entry.msgid))
            continue
        if approved_now and not overwrite:
            outcomes.append(Outcome(unit, APPROVED_KEPT, entry.msgid))
            continue
        _set(entry, text, unit.approved)
        outcomes.append(Outcome(unit, IMPORTED, entry.msgid))
    return outcomes


def _set(entry: Entry, text: str, approved: bool) -> None:
    if text != entry.msgstr:
        entry.translator_comments = [
            comment
            for comment in entry.translator_comments
            if not comment.startswith(PROVENANCE_PREFIXES)
        ]
        entry.msgstr = text
    entry.set_fuzzy(not approved)
    if approved:
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
