"""A catalogue as status reads it: of each entry only what readiness and the checks read.

An `Entry` with its comments, references and their lists took three to four times its
texts, and status held a catalogue's entries while it judged and checked them: 10⁵
entries, 75 MB of a 19 MB file. The entries are read as they come (po.iter_po) and each
is kept as a LightEntry, about a third of that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.po import LightEntry, ReadMemo, iter_po
from polyglot_statement.po.parser import with_header

__all__ = ["LightCatalogue", "LightEntry", "read_light"]


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
