"""A catalogue as status reads it: of each entry only what readiness and the checks read.

An `Entry` with its comments, references and their lists took three to four times its
texts, and status held a catalogue's entries while it judged and checked them: 10⁵
entries, 75 MB of a 19 MB file. The entries are read as they come (po.iter_po) and each
is kept as a LightEntry, about a third of that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from polyglot_statement.po import Entry, ReadMemo, SegmentState, iter_po
from polyglot_statement.po.parser import with_header

__all__ = ["LightCatalogue", "LightEntry", "read_light"]

_NO_FORMS: tuple[str, ...] = ()
_NONE_IGNORED: frozenset[str] = frozenset()


class LightEntry(NamedTuple):
    """What readiness() and the checks (with the findings cache's key) read of an entry."""

    msgid: str
    msgstr: str
    msgid_plural: str | None
    forms: tuple[str, ...]  # a plural entry's translations; () for the others
    msgstr_line: int
    ignored_checks: frozenset[str]  # the `# polyglot: ignore` names of its comments
    msgctxt: str | None
    obsolete: bool
    state: SegmentState

    @classmethod
    def of(cls, entry: Entry) -> LightEntry:
        plural = entry.msgid_plural is not None
        return cls(
            entry.msgid,
            entry.msgstr,
            entry.msgid_plural,
            (*entry.translations,) if plural else _NO_FORMS,
            entry.msgstr_line,
            entry.ignored_checks if entry.translator_comments else _NONE_IGNORED,
            entry.msgctxt,
            entry.obsolete,
            entry.state,
        )

    @property
    def translations(self) -> Sequence[str]:
        """As Entry.translations: the msgstr alone, unless the entry is plural."""
        return self.forms if self.msgid_plural is not None else (self.msgstr,)

    @property
    def translator_comments(self) -> frozenset[str]:
        """Truthy when a comment silences a check: what the findings cache's key asks of
        an entry's comments before it reads ignored_checks (which says the rest)."""
        return self.ignored_checks


@dataclass(slots=True)
class LightCatalogue:
    """The entries after the header, in file order, and the header's fields."""

    entries: list[LightEntry] = field(default_factory=list)
    headers: list[tuple[str, str | None]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def read_light(data: bytes, path: Path | str, memo: ReadMemo | None = None) -> LightCatalogue:
    """The catalogue in `data`, with parse_po's errors (raised before it is returned)."""
    catalogue = LightCatalogue()
    entries = catalogue.entries
    for position, entry in enumerate(iter_po(data, path, memo)):
        if position == 0 and entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            catalogue.headers = with_header([entry], path, duplicates=False).headers
        else:
            entries.append(LightEntry.of(entry))
    return catalogue
