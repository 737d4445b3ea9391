"""The catalogue model: entries, their segment state (shared/design.md), a catalogue."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum

FUZZY = "fuzzy"
# Provenance of machine output lives in a translator comment: msgmerge keeps comments
# but drops flags it does not know.
MACHINE_COMMENT_PREFIX = "machine translation:"
# A translation pre-filled from a translation memory (shared/design.md's segment states).
MEMORY_COMMENT_PREFIX = "memory:"
PROVENANCE_PREFIXES = (MACHINE_COMMENT_PREFIX, MEMORY_COMMENT_PREFIX)
IGNORE_COMMENT_PREFIX = "polyglot: ignore"


def ignore_names(comment: str) -> list[str]:
    """The checks a translator comment says to ignore (none when it is no ignore):
    names separated by spaces or commas."""
    if not comment.startswith(IGNORE_COMMENT_PREFIX):
        return []
    return [name for name in re.split(r"[\s,]+", comment[len(IGNORE_COMMENT_PREFIX) :]) if name]


class SegmentState(StrEnum):
    """A segment's state, the vocabulary every command shares (shared/design.md)."""

    APPROVED = "approved"
    MACHINE = "machine"  # machine translation, unreviewed
    MEMORY = "memory"  # pre-filled from the translation memory, unreviewed
    NEEDS_REVIEW = "needs review"
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


APPROVED = SegmentState.APPROVED
MACHINE = SegmentState.MACHINE
MEMORY = SegmentState.MEMORY
NEEDS_REVIEW = SegmentState.NEEDS_REVIEW
UNTRANSLATED = SegmentState.UNTRANSLATED
OBSOLETE = SegmentState.OBSOLETE


@dataclass(slots=True)
class Entry:
    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    translator_comments: list[str] = field(default_factory=list)
    extracted_comments: list[str] = field(default_factory=list)
    occurrences: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    # Lines in the file the entry was read from (0 for an entry made in memory): its first
    # line, and its first msgstr line (where an editor should put the cursor).
    line: int = 0
    msgstr_line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    def set_fuzzy(self, value: bool) -> None:
        if value and FUZZY not in self.flags:
            self.flags.insert(0, FUZZY)
        elif not value and FUZZY in self.flags:
            self.flags.remove(FUZZY)

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is not None:
            return [self.msgstr_plural[index] for index in sorted(self.msgstr_plural)]
        return [self.msgstr]

    @property
    def translated(self) -> bool:
        """Every form filled in (approved or fuzzy)."""
        forms = self.translations
        return bool(forms) and all(forms)

    @property
    def machine_provenance(self) -> str | None:
        for comment in self.translator_comments:
            if comment.startswith(MACHINE_COMMENT_PREFIX):
                return comment[len(MACHINE_COMMENT_PREFIX) :].strip()
        return None

    @property
    def memory_provenance(self) -> bool:
        comments = self.translator_comments
        return any(comment.startswith(MEMORY_COMMENT_PREFIX) for comment in comments)

    @property
    def provenance(self) -> str | None:
        """The translator comment saying a machine or a memory wrote the msgstr, if any."""
        for comment in self.translator_comments:
            if comment.startswith(PROVENANCE_PREFIXES):
                return comment
        return None

    @property
    def ignored_checks(self) -> frozenset[str]:
        return frozenset(name for c in self.translator_comments for name in ignore_names(c))

    @property
    def state(self) -> SegmentState:
        """The segment state of shared/design.md."""
        if self.obsolete:
            return OBSOLETE
        # `translated` without building the list of forms when there is one: status asks
        # this of every entry of every catalogue.
        if not (self.msgstr if self.msgid_plural is None else self.translated):
            return UNTRANSLATED
        if FUZZY in self.flags:
            if self.machine_provenance is not None:
                return MACHINE
            return MEMORY if self.memory_provenance else NEEDS_REVIEW
        return APPROVED


@dataclass(slots=True)
class Catalog:
    header_comments: list[str] = field(default_factory=list)
    # (name, value); value None for a line that is not `Name: value`, kept as it was.
    headers: list[tuple[str, str | None]] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)  # active and obsolete, file order

    @property
    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]

    @property
    def obsolete(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.obsolete]

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        for index, (key, _) in enumerate(self.headers):
            if key.lower() == name.lower():
                self.headers[index] = (key, value)
                return
        self.headers.append((name, value))

    def find(self, msgid: str, msgctxt: str | None = None) -> Entry | None:
        for entry in self.entries:
            if entry.msgid == msgid and entry.msgctxt == msgctxt and not entry.obsolete:
                return entry
        return None


# Fills a catalogue's untranslated entries in place (memory.Prefiller), given the
# catalogue, its language, its statement's slug and the keys of entries not to try again,
# and says how many it filled by kind of match. A hook, so that extract and translate
# need not know the memory.
Prefill = Callable[[Catalog, str, str, AbstractSet[tuple[str | None, str]]], Mapping[str, int]]
