"""The states of the entries of blocks of a catalogue (blank-line-separated parts), read
with the project's PO reader: what versions.py hands over when a block is not one it
reads itself (plural forms, a context, escapes in the msgstr, obsolete entries).

A block of a head (comments, context, msgid: the same in every version and language of
a statement) and a `msgstr` of plain strings costs a lookup of its head, read once with
the PO reader followed by a filled msgstr, and a look at whether its msgstr is empty;
any other block is read whole, and remembered (the same odd block recurs from version
to version). tests/test_report.py holds the report equal to reading every version whole.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from polyglot_statement.errors import CatalogError
from polyglot_statement.po import Catalog, ReadMemo, SegmentState, parse_po

__all__ = ["BlockStates", "States", "states"]

# (msgctxt, msgid) → state, for the active entries of (part of) a catalogue.
States = dict[tuple[str | None, str], SegmentState]

# A msgstr of plain strings (no escape, which the reader may refuse), then blank lines.
_PLAIN_MSGSTR = re.compile(rb'msgstr[ \t]+"[^"\\\n]*"[ \t]*(?:\n"[^"\\\n]*"[ \t]*)*(?:\n[ \t]*)*')


def states(catalog: Catalog) -> States:
    """The states of a catalogue's active entries (the header is no entry)."""
    return {
        entry.key: entry.state for entry in catalog.entries if not entry.obsolete and entry.msgid
    }


# What a head says: its entry's key and state once its msgstr is filled (an empty one is
# untranslated), or no key for the header's head; None when it is not one entry's head.
_Head = tuple[tuple[str | None, str] | None, SegmentState] | None
_UNSEEN = (None, SegmentState.OBSOLETE)  # a sentinel: no head reads as this


class BlockStates:
    """The states of the entries of each block of text read so far: a history repeats
    most blocks (an entry nobody touched, the same entry in every language), and each
    distinct head or odd block is read once."""

    def __init__(self) -> None:
        self.known: dict[bytes, States] = {}  # blocks read whole
        self.heads: dict[bytes, _Head] = {}
        self.memo = ReadMemo()

    def _read_heads(self, heads: list[bytes]) -> None:
        """Read new heads, followed by a filled msgstr, together as one catalogue when
        they make one (a version's heads do: each key once), else one by one."""
        document = b"".join(head + b'msgstr "x"\n\n' for head in heads)
        try:
            entries = parse_po(document, "", self.memo).entries
        except CatalogError:
            entries = []
        if len(entries) != len(heads) or any(
            entry.obsolete or entry.msgid_plural is not None for entry in entries
        ):
            for head in heads:
                self.heads[head] = self._head(head)
            return
        for head, entry in zip(heads, entries, strict=True):
            self.heads[head] = (entry.key if entry.msgid else None, entry.state)

    def _head(self, head: bytes) -> _Head:
        try:
            entries = parse_po(head + b'msgstr "x"\n', "", self.memo).entries
        except CatalogError:
            return None
        if len(entries) != 1 or entries[0].obsolete or entries[0].msgid_plural is not None:
            return None
        entry = entries[0]
        return (entry.key if entry.msgid else None, entry.state)

    def of(self, chosen: Iterable[bytes], text_read: bool = False) -> States:
        """The states of the entries of the blocks `chosen`; CatalogError when one does
        not read. `text_read`: the whole version decodes, so each block does."""
        found: States = {}
        entries = 0
        later: list[tuple[bytes, int]] = []  # blocks whose head is new
        whole: list[bytes] = []  # blocks to read whole
        heads = self.heads
        plain = _PLAIN_MSGSTR.fullmatch
        for block in chosen:
            # The block's state from its head and whether its msgstr is empty, when it
            # is a head and a msgstr of plain strings.
            cut = block.find(b"\nmsgstr ") + 1
            if not cut or plain(block, cut) is None:
                whole.append(block)
                continue
            head = heads.get(block[:cut], _UNSEEN)
            if head is _UNSEEN:
                later.append((block, cut))
                continue
            entries += self._found(found, head, block, cut, whole, text_read)
        if later:
            self._read_heads(list(dict.fromkeys(block[:cut] for block, cut in later)))
            for block, cut in later:
                head = heads[block[:cut]]
                entries += self._found(found, head, block, cut, whole, text_read)
        if whole:  # remembered: an odd block is most often the same in the next version
            self._read([block for block in dict.fromkeys(whole) if block not in self.known])
            for block in whole:
                found.update(self.known[block])
                entries += len(self.known[block])
        if entries != len(found):
            # As the reader refuses a catalogue that holds an entry twice.
            raise CatalogError("an entry is in the catalogue twice", "")
        return found

    @staticmethod
    def _found(
        found: States, head: _Head, block: bytes, cut: int, whole: list[bytes], text_read: bool
    ) -> int:
        """Put the state of the block's entry in `found`: how many entries it put."""
        if head is None or not (text_read or _decodes(block, cut)):
            whole.append(block)
            return 0
        key, filled = head
        if key is None:
            return 0
        # Strings are on lines of their own, so `""` is an empty string and a quote
        # left once they are taken out opens a filled one.
        empty = b'"' not in block[cut + 6 :].replace(b'""', b"")
        found[key] = SegmentState.UNTRANSLATED if empty else filled
        return 1

    def _read(self, missing: list[bytes]) -> None:
        if not missing:
            return
        # Read together, as one catalogue: an entry's first line says its block.
        catalog = parse_po(b"\n\n".join(missing) + b"\n", "", self.memo)
        starts, line = [], 1
        read: list[States] = []
        for block in missing:
            starts.append(line)
            line += block.count(b"\n") + 2
            read.append({})
        for entry in catalog.entries:
            if not entry.obsolete and entry.msgid:
                read[bisect.bisect_right(starts, entry.line) - 1][entry.key] = entry.state
        self.known.update(zip(missing, read, strict=True))


def _decodes(data: bytes, start: int = 0) -> bool:
    """Whether data[start:] is UTF-8, as the reader needs."""
    try:
        data[start:].decode()
    except UnicodeDecodeError:
        return False
    return True
