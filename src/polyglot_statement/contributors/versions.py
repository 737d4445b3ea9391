"""The entries of one version of a catalogue that a change can credit, read at C speed.

A report over a year of 10,000 catalogues reads 30,000 versions of 120 entries each;
comparing the versions of each change entry by entry with the PO reader took 20 s of
CPU time. But a change credits an entry only where it is
filled afterwards (translated: filled by a person where it was untranslated; reviewed:
approved where it was pre-filled or needed review), so a version is summed up by its
filled entries only, in three sets of keys (approved, needs review, pre-filled by a
machine or the memory), and a change's credit is a difference and an intersection of
sets (`credit`). Each version is read once, whatever the number of changes it is in.

A version is cut at its blank lines (one entry a block in the layout every editor
writes). A block that ends with `msgstr ""` is an untranslated entry and is not read
further. Any other block is most often a head (comments and msgid, the same in every
language and version) and a `msgstr` of plain strings: its head is read once per distinct
head, line by line with the PO parser's own rules (`comment_line`, `quoted`, `unescape`),
and its msgstr is looked at for being empty, each step for all the blocks of a version
at once (`map`: C loops, not a Python statement per step and block), and what that pass
does not settle is read block by block (`_rest`). Anything else (plural forms, a context,
escapes in the msgstr, obsolete entries, an odd head) is read with the PO reader
(blocks.BlockStates), and a version that does not keep to the layout (a comment set
apart from its entry by a blank line, a block holding two entries) is read whole, so
both ways always agree: tests/test_report.py holds the credits equal to those of reading
every version whole.

What is not read is not checked: an untranslated block the PO reader would refuse does
not make its version unreadable (the blocks read are checked as the reader checks them,
and the whole version must be UTF-8).
"""

from __future__ import annotations

import re
from itertools import filterfalse, repeat
from operator import itemgetter, methodcaller
from typing import NamedTuple

from polyglot_statement.contributors.blocks import BlockStates, States, states
from polyglot_statement.errors import CatalogError
from polyglot_statement.po import (
    MACHINE_COMMENT_PREFIX,
    MEMORY_COMMENT_PREFIX,
    SegmentState,
    parse_po,
)
from polyglot_statement.po.parser import (
    BadEscape,
    comment_line,
    has_lone_cr,
    quoted,
    unescape,
)
from polyglot_statement.publish import word_count

__all__ = ["NOTHING", "Credit", "Version", "Versions", "credit"]

Key = tuple[str | None, str]  # (msgctxt, msgid)

_APPROVED = SegmentState.APPROVED
_NEEDS_REVIEW = SegmentState.NEEDS_REVIEW
_PREFILLED = frozenset({SegmentState.MACHINE, SegmentState.MEMORY})
_FILLED = frozenset({_APPROVED, _NEEDS_REVIEW, *_PREFILLED})


class Version(NamedTuple):
    """The filled entries of a version, by state."""

    approved: frozenset[Key]
    needs_review: frozenset[Key]
    prefilled: frozenset[Key]  # by a machine or the memory, not reviewed


NOTHING = Version(frozenset(), frozenset(), frozenset())  # no file: nothing filled

# Credit: words and segments translated, then reviewed.
Credit = tuple[int, int, int, int]

_ENDS_EMPTY = methodcaller("endswith", b'\nmsgstr ""')
# A msgstr of plain strings (no escape, which the reader may refuse), then blank lines:
# filled (a string holds something) or empty.
_FILLED_MSGSTR = re.compile(
    rb'msgstr[ \t]+(?:""[ \t]*\n)*"[^"\\\n]+"[ \t]*(?:\n"[^"\\\n]*"[ \t]*)*(?:\n[ \t]*)*'
)
_EMPTY_MSGSTR = re.compile(rb'msgstr[ \t]+""[ \t]*(?:\n""[ \t]*)*(?:\n[ \t]*)*')
# The header's msgstr: strings with escapes (`\n` ends each of its lines).
_HEADER_MSGSTR = re.compile(
    r'msgstr[ \t]+(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*(?:\n|\Z))+(?:[ \t]*\n)*'
)
# A block cut at its msgstr: (head, separator, strings); the separator is empty when
# the block has no msgstr line after its first.
_AT_MSGSTR = methodcaller("partition", b"\nmsgstr ")
_HEAD = itemgetter(0)
_MSGSTR_STRINGS = itemgetter(2)
# A msgstr's strings joined where one line's string ends and the next line's begins.
_JOIN_LINES = methodcaller("replace", b'"\n"', b"")
# What is left of them once all but quotes, line breaks and backslashes are deleted.
_TEXT = bytes(byte for byte in range(256) if byte not in b'"\n\\')
_SKELETON = methodcaller("translate", None, _TEXT)
# A msgid's strings, one a line, as the reader's fast path takes them.
_STRINGS = re.compile(r'(?:"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*\n)+')
_PIECE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')

# What a comment line says about its entry's state (or that the head is not read here).
_NEUTRAL, _FUZZY, _MACHINE, _MEMORY, _PREVIOUS, _CONTINUED, _ODD = range(7)
_UNSEEN: tuple[Key, int] = ((None, ""), -2)  # a sentinel: no head reads as this
# Where a filled entry goes in a Version, by the state its head gives it.
_APPROVED_SLOT, _NEEDS_REVIEW_SLOT, _PREFILLED_SLOT, _HEADER = 0, 1, 2, -1


class _Odd(Exception):
    """A line the PO parser would refuse or read by another rule: the reader decides."""


def _fail(number: int, message: str) -> CatalogError:
    raise _Odd


class Versions:
    """Reads versions (`read`), remembering what recurs from version to version: heads,
    comment lines, msgids and their words."""

    def __init__(self) -> None:
        # A head (the lines before its msgstr, without the last line end) → its entry's
        # key and its slot in a Version once filled (_HEADER for the header's); None
        # when this module does not read it.
        self.heads: dict[bytes, tuple[Key, int] | None] = {}
        self.headers: dict[bytes, bool] = {}  # a header's msgstr → whether it reads
        self.lines: dict[bytes, int] = {}
        self.msgids: dict[bytes, str | None] = {}
        self.words: dict[Key, int] = {}
        self.odd = BlockStates()  # the PO reader, for the blocks read no other way

    def read(self, data: bytes) -> Version | None:
        """The version's filled entries; None when the PO reader refuses it."""
        if not data:
            return NOTHING
        if not data.isascii():  # an ASCII version is UTF-8, without decoding it
            try:
                data.decode()
            except UnicodeDecodeError:
                return self._whole(data)
        if b"\r" in data:
            if has_lone_cr(data):
                return self._whole(data)  # a carriage return alone: the reader refuses it
            data = data.replace(b"\r\n", b"\n")
        parts = data.split(b"\n\n")
        rest = list(filterfalse(_ENDS_EMPTY, parts))
        # msgstr lines accounted for: one in each block that ends with an empty one, as
        # checked below (else a block holds two entries: read whole).
        accounted = len(parts) - len(rest)
        found: tuple[list[Key], list[Key], list[Key]] = ([], [], [])
        # Most blocks, each step over all of them at once (C loops): a head, then
        # `msgstr "…"` and whole `"…"` lines (gettext's layout). Joined where a quote
        # ends one line and another opens the next, such a msgstr is one string: a
        # quote on each side, and none, no line break and no backslash between them
        # once _TEXT is deleted. It holds something unless it is `""`. Anything else
        # (a head that does not read here, another layout) is for `_rest`.
        heads = self.heads
        parted = list(map(_AT_MSGSTR, rest))
        known = map(heads.get, map(_HEAD, parted), repeat(_UNSEEN))
        joined = list(map(_JOIN_LINES, map(_MSGSTR_STRINGS, parted)))
        others: list[bytes] = []
        for block, (head_lines, _, _), head, one, skeleton in zip(
            rest, parted, known, joined, map(_SKELETON, joined), strict=True
        ):
            if skeleton == b'""' and one[:1] == b'"' == one[-1:]:
                if head is _UNSEEN:
                    head = heads[head_lines] = self._head(head_lines + b"\n")
                if head is not None:
                    accounted += 1
                    if len(one) > 2 and head[1] >= 0:
                        found[head[1]].append(head[0])
                    continue
            others.append(block)
        odd: list[bytes] = []
        if others:
            settled = self._rest(others, found, odd)
            if settled is None:
                return self._whole(data)
            accounted += settled
        if accounted != data.count(b"\nmsgstr") + data.startswith(b"msgstr"):
            return self._whole(data)
        if odd:
            try:
                read = self.odd.of(odd, text_read=True)
            except CatalogError:
                return None
            self._sort(read, found)
        return self._version(found)

    def _rest(
        self,
        blocks: list[bytes],
        found: tuple[list[Key], list[Key], list[Key]],
        odd: list[bytes],
    ) -> int | None:
        """Put the filled entries of blocks the first pass did not settle in `found`, and
        those for the PO reader in `odd`: how many msgstr lines they account for; None
        when the version is to be read whole."""
        accounted = 0
        heads = self.heads
        filled = _FILLED_MSGSTR.fullmatch
        empty = _EMPTY_MSGSTR.fullmatch
        for block in blocks:
            cut = block.find(b"\nmsgstr ") + 1
            head = heads.get(block[: cut - 1], _UNSEEN) if cut else None
            if head is _UNSEEN:
                head = heads[block[: cut - 1]] = self._head(block[:cut])
            if head is not None:
                if filled(block, cut) is not None:
                    if head[1] >= 0:
                        found[head[1]].append(head[0])
                    accounted += 1
                    continue
                if empty(block, cut) is not None:
                    accounted += 1
                    continue
                if head[1] < 0 and self._header(block[cut:]):
                    accounted += 1
                    continue
            if b"msgid" not in block:
                if block.strip():
                    return None  # a comment set apart from its entry
                continue
            odd.append(block)
            accounted += block.count(b"\nmsgstr") + block.startswith(b"msgstr")
        return accounted

    def _whole(self, data: bytes) -> Version | None:
        """A version read whole by the PO reader."""
        try:
            read = states(parse_po(data, "", self.odd.memo))
        except CatalogError:
            return None
        found: tuple[list[Key], list[Key], list[Key]] = ([], [], [])
        self._sort(read, found)
        return self._version(found)

    def _sort(self, read: States, found: tuple[list[Key], list[Key], list[Key]]) -> None:
        for key, state in read.items():
            if state in _FILLED:
                found[_slot(state)].append(key)
                if key not in self.words:
                    self.words[key] = word_count(key[1])

    @staticmethod
    def _version(found: tuple[list[Key], list[Key], list[Key]]) -> Version | None:
        approved, needs_review, prefilled = found
        if not (approved or needs_review or prefilled):
            return NOTHING  # an untranslated version, a third of a history's
        version = Version(frozenset(approved), frozenset(needs_review), frozenset(prefilled))
        if len(version.approved.union(needs_review, prefilled)) != (
            len(approved) + len(needs_review) + len(prefilled)
        ):
            return None  # an entry twice: the reader refuses the catalogue
        return version

    def _head(self, head: bytes) -> tuple[Key, int] | None:
        """The key and state once filled of the entry whose lines up to its msgstr are
        `head` (comment lines and a msgid), read by the PO parser's rules; None for any
        other head (a context, plural forms, an odd line), which the reader reads."""
        at = head.find(b"\nmsgid ") + 1
        if not at and not head.startswith(b"msgid "):
            return None
        raw = head[at + 6 :]
        if raw in self.msgids:
            msgid = self.msgids[raw]
        else:
            msgid = self.msgids[raw] = self._msgid(raw)
        if msgid is None:
            return None
        fuzzy = machine = memory = previous = False
        lines = self.lines
        for line in head[: at - 1].split(b"\n") if at else ():
            kind = lines.get(line)
            if kind is None:
                kind = lines[line] = _comment_kind(line)
            if kind == _FUZZY:
                fuzzy = True
            elif kind == _MACHINE:
                machine = True
            elif kind == _MEMORY:
                memory = True
            elif kind == _PREVIOUS:
                previous = True
            elif kind == _ODD or (kind == _CONTINUED and not previous):
                return None
        if not msgid:
            return (None, ""), _HEADER
        key = (None, msgid)
        if key not in self.words:
            self.words[key] = word_count(msgid)
        if not fuzzy:
            return key, _APPROVED_SLOT
        return key, _PREFILLED_SLOT if machine or memory else _NEEDS_REVIEW_SLOT

    def _header(self, msgstr: bytes) -> bool:
        """Whether the header's msgstr reads (strings, with escapes the reader takes)."""
        known = self.headers.get(msgstr)
        if known is None:
            try:
                text = msgstr.decode()
                known = _HEADER_MSGSTR.fullmatch(text) is not None
                if known:
                    for piece in _PIECE.findall(text):
                        unescape(piece)
            except (UnicodeDecodeError, BadEscape):
                known = False
            self.headers[msgstr] = known
        return known

    @staticmethod
    def _msgid(raw: bytes) -> str | None:
        """The text of a msgid's strings (each followed by its line end), as the reader
        reads them; None when they are not strings alone, or an escape is refused."""
        try:
            text = raw.decode()
        except UnicodeDecodeError:
            return None
        if _STRINGS.fullmatch(text) is None:
            return None
        try:
            return "".join(map(unescape, _PIECE.findall(text)))
        except BadEscape:
            return None


def _slot(state: SegmentState) -> int:
    if state is _APPROVED:
        return _APPROVED_SLOT
    return _NEEDS_REVIEW_SLOT if state is _NEEDS_REVIEW else _PREFILLED_SLOT


def _comment_kind(raw: bytes) -> int:
    """What a comment line of a head says, read as the reader's fast path reads it."""
    if raw[:3] in (b"#. ", b"#: "):
        return _NEUTRAL  # most lines: an extracted comment or references, whatever follows
    try:
        line = raw.decode()
    except UnicodeDecodeError:
        return _ODD
    if line[:1] != "#" or line[1:2] == "~":
        return _ODD
    try:
        kind, text, items = comment_line(line.strip(" \t\r"), 0, _fail)
        if kind == '"':
            quoted(text, 0, _fail)
            return _CONTINUED
    except _Odd:
        return _ODD
    if kind == ",":
        return _FUZZY if "fuzzy" in items else _NEUTRAL
    if kind == " ":
        if text.startswith(MACHINE_COMMENT_PREFIX):
            return _MACHINE
        return _MEMORY if text.startswith(MEMORY_COMMENT_PREFIX) else _NEUTRAL
    return _PREVIOUS if kind == "|" else _NEUTRAL


def credit(before: Version, after: Version, words: dict[Key, int]) -> Credit:
    """What a change from `before` to `after` credits its author: an entry translated by
    a person (approved or needs review) where it was untranslated, and an entry approved
    where it was pre-filled or needed review; words by `words`, the source's."""
    translated = (after.approved | after.needs_review).difference(
        before.approved, before.needs_review, before.prefilled
    )
    reviewed = after.approved & (before.needs_review | before.prefilled)
    return (
        sum(map(words.__getitem__, translated)),
        len(translated),
        sum(map(words.__getitem__, reviewed)),
        len(reviewed),
    )
