"""Reading catalogues: `parse_po`, every command's one way to read a PO file.

A workspace may hold 10,000 catalogues (600k entries) that status, check and build all
read, where reading line by line (parser.py) is too slow. So `parse_po` first tries a
fast path for the layout gettext tools and editors write, where one blank line ends each
entry and no string holds a line break. The file is decoded once; for each entry it finds
the msgstr line, looks the lines above it up (the entry's comments and msgid, the same in
every language of a statement: pass the same `ReadMemo`), and reads the msgstr with string
operations, so most entries cost a lookup, their msgstr and the entry object. Line
numbers are counted as it goes. A block that is not one such entry (a context, plural
forms, obsolete entries) is read by regex. Anything else (odd indentation, CR line
endings, a BOM, a line it does not understand, any error) goes to the line parser, so
the two never disagree: the fast path returns exactly the line parser's catalogue, and a
malformed file is reported exactly as the line parser reports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple, TypeVar

from polyglot_statement.errors import CatalogError
from polyglot_statement.fsutil import ANYWHERE, InputBounds, read_input
from polyglot_statement.po.model import Catalog, Entry
from polyglot_statement.po.parser import (
    BadEscape,
    CommentLine,
    EntryBuilder,
    apply_comment,
    comment_line,
    file_entries,
    has_lone_cr,
    read_entries,
    unescape,
    with_header,
)

__all__ = ["ReadMemo", "iter_po", "parse_po", "read_po"]


def read_po(path: Path, bounds: InputBounds = ANYWHERE) -> Catalog:
    """The catalogue at `path`, read as every command reads one (fsutil.read_input)."""
    data = read_input(path, CatalogError, bounds)
    if data is None:
        raise CatalogError("no such file", path)
    return parse_po(data, path)


class _Head(NamedTuple):
    """What a comment block and the msgid under it hold (a comment block alone: msgid "").
    A tuple, made once per distinct block and shared by every entry that has it."""

    msgid: str
    flags: tuple[str, ...]
    translator_comments: tuple[str, ...]
    extracted_comments: tuple[str, ...]
    occurrences: tuple[str, ...]
    previous_msgctxt: str | None
    previous_msgid: str | None
    previous_msgid_plural: str | None
    lines: int  # before the msgstr


_NO_COMMENTS = _Head("", (), (), (), (), None, None, None, 0)


MEMO_ENTRIES = 10_000
"""Texts a ReadMemo keeps of each kind, at most. Its texts are mostly an entry's own (its
lines, its references), so for a catalogue of 10⁵ entries the memo took five times the
file's size while it was read and as long as it was kept; past this many, what repeats
(the common comments) is in it already and the rest is read as if it were new."""

_V = TypeVar("_V")


class _Bounded(dict[str, _V]):
    """A memo's table: it stops growing at MEMO_ENTRIES (a value not kept is found again)."""

    __slots__ = ()

    def __setitem__(self, key: str, value: _V) -> None:
        if len(self) < MEMO_ENTRIES:
            super().__setitem__(key, value)


class ReadMemo:
    """Texts already read: the catalogues of one statement share their msgids and most
    comment blocks, one per language. Use one per statement."""

    __slots__ = ("comment_lines", "comments", "heads", "strings")

    def __init__(self) -> None:
        self.heads: dict[str, _Head] = _Bounded()  # by an entry's lines up to its msgstr
        # by a block of comment lines
        self.comments: dict[str, _Head] = _Bounded({"": _NO_COMMENTS})
        self.comment_lines: dict[str, CommentLine] = _Bounded()
        self.strings: dict[str, str] = _Bounded()  # msgids, contexts and plural msgids, quoted


def parse_po(data: bytes, path: Path | str = "<string>", memo: ReadMemo | None = None) -> Catalog:
    """Parse a PO/POT file; a malformed line raises CatalogError naming it."""
    entries = list(_entries(data, path, memo))
    # Distinct msgids (a set built in C) rule out duplicates; else with_header looks.
    return with_header(entries, path, duplicates=len(set(map(_MSGID, entries))) != len(entries))


def iter_po(
    data: bytes, path: Path | str = "<string>", memo: ReadMemo | None = None
) -> Iterator[Entry]:
    """parse_po's entries one at a time, as they are read, for a command that need not hold
    the catalogue whole: the header first (an entry with msgid ""; with_header([entry])
    reads it), then the others in file order. The same errors as parse_po, raised when the
    reading comes to them (entries before a malformed line or a duplicate are yielded
    before the error)."""
    seen: set[int] = set()  # the entries' keys by their hashes: a set of texts would hold them
    first = True
    for entry in _entries(data, path, memo):
        if not (first and entry.msgid == "" and entry.msgctxt is None and not entry.obsolete):
            key = hash((entry.msgctxt, entry.msgid, entry.obsolete))
            if key in seen:
                parse_po(data, path, memo)  # a duplicate: parse_po names both lines
            seen.add(key)  # else two keys of one hash: rare, and no error
        first = False
        yield entry


PIECE = 1 << 20
"""Bytes of a catalogue decoded and read at a time: its whole text took twice the file's
size (four times when a character is not Latin-1) while it was read."""


def _entries(data: bytes, path: Path | str, memo: ReadMemo | None) -> Iterator[Entry]:
    """Every entry of the file, the header among them, read a piece at a time by the fast
    path while the layout is regular, else by the line parser (skipping the entries
    already yielded: they are the line parser's too). A piece's entries are yielded once
    the next piece has been read, since the line parser might still add to the last of
    them (a string after a blank line continues the field before it)."""
    if has_lone_cr(data):
        yield from file_entries(data, path)  # which refuses it at its line
        return
    memo = memo if memo is not None else ReadMemo()
    held: list[Entry] = []
    given = 0
    try:
        for text, line in _pieces(data, PIECE):
            entries: list[Entry] = []
            _read_piece(text, line, path, memo, entries)
            yield from held
            given += len(held)
            held = entries
    except (_Irregular, BadEscape, UnicodeDecodeError, CatalogError):
        yield from file_entries(data, path)[given:]
        return
    yield from held


def _pieces(data: bytes, size: int) -> Iterator[tuple[str, int]]:
    """The file's text in pieces of about `size` bytes, each with its first line number,
    cut after a blank line that follows a quoted string (where an entry ends; the fast
    path reads blocks between blank lines on their own), the blank line itself left out,
    the last piece ending with a line break."""
    start = 0
    line = 1
    total = len(data)
    while start < total:
        cut = data.find(b'"\n\n', start + size) if start + size < total else -1
        stop = total if cut < 0 else cut + 3
        piece = data[start:stop]
        if stop < total:
            text = piece[:-1].decode("utf-8")  # one line break: as the file's end reads
        else:
            text = piece.decode("utf-8")
            if not text.endswith("\n"):
                text += "\n"
        yield text, line
        line += piece.count(b"\n")
        start = stop


def _read_regular(data: bytes, path: Path | str, memo: ReadMemo) -> Catalog:
    """The catalogue by the fast path alone, which raises where it would hand the file to
    the line parser (what tests use to see that a layout takes the fast path)."""
    entries: list[Entry] = []
    for text, line in _pieces(data, PIECE):
        _read_piece(text, line, path, memo, entries)
    return with_header(entries, path)


class _Irregular(Exception):
    """Not in the regular layout: the line parser reads it instead."""


def _irregular(number: int, message: str) -> CatalogError:
    raise _Irregular


# One quoted string and its line end, every repetition possessive: none ever needs to give
# back what it matched, and not recording the points to backtrack to is a tenth faster.
_Q = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"[ \t]*+\n'
_STRINGS = _Q + r"(?:" + _Q + r")*+"
_BLANK_LINES = r"(?:[ \t]*+\n)*+"
_COMMENT_LINES = r"(?:\#(?:[^~\n][^\n]*+)?\n)*+"  # any comment line but obsolete ones
_STRINGS_ONLY = re.compile(_STRINGS)
# Any entry: what the blocks that are not common entries are read with.
_ENTRY = re.compile(
    _BLANK_LINES
    + r"(?P<comments>"
    + _COMMENT_LINES
    + r")"
    + r"(?:msgctxt[ \t]++(?P<msgctxt>"
    + _STRINGS
    + r"))?"
    + r"msgid[ \t]++(?P<msgid>"
    + _STRINGS
    + r")"
    + r"(?:msgid_plural[ \t]++(?P<plural>"
    + _STRINGS
    + r"))?"
    + r"(?P<msgstr>(?:msgstr(?:\[[0-9]++\])?[ \t]++"
    + _STRINGS
    + r")++)"
)
_OBSOLETE_BLOCK = re.compile(_BLANK_LINES + _COMMENT_LINES + r"(?:\#~[^\n]*+\n)++")
_BLANK_TAIL = re.compile(_BLANK_LINES + r"\Z")
_PIECE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
_MSGSTR_FORM = re.compile(r"^msgstr(?:\[([0-9]+)\])?[ \t]+", re.MULTILINE)


def _read_piece(
    text: str, line: int, path: Path | str, memo: ReadMemo, entries: list[Entry]
) -> None:
    """The entries of a piece of the file's text (see _pieces; `line` its first line) into
    `entries`. Searching and cutting str is twice as fast as bytes in CPython."""
    append = entries.append
    heads = memo.heads
    start = 0
    end = len(text) - 1  # the last line break ends the last entry
    find = text.find
    ahead = -1  # where the next `\nmsgstr "` is (end: nowhere), once looked for
    while start < end:
        if ahead < start:
            ahead = find('\nmsgstr "', start, end)
            if ahead < 0:
                ahead = end
        head = None
        # A head read before, or one _head accepts, holds no blank line, so the entry
        # ends at the first blank line after its msgstr. (Far from the next msgstr, one
        # looks for a blank line first: blocks with none, obsolete entries say, would
        # each be read up to it otherwise.)
        if ahead < end and (ahead - start < _NEAR or find("\n\n", start, ahead) < 0):
            raw = text[start : ahead + 1]
            head = heads.get(raw) or _head(raw, memo)
        if head is not None:
            cut = ahead + 1  # where the msgstr line starts
            stop = find("\n\n", cut, end)
            if stop < 0:
                stop = end
            # Most translations are one or more strings without escapes: once the joins
            # `"\n"` are taken out of what lies between the first and the last quote, no
            # quote, backslash or line break is left (a line break is left when fewer
            # than one join per line break were taken out).
            msgstr = text[cut + 8 : stop - 1]
            breaks = text.count("\n", cut, stop)
            if breaks:
                msgstr = msgstr.replace('"\n"', "")
            if (
                text[stop - 1] != '"'
                or len(msgstr) != stop - cut - 9 - 3 * breaks
                or '"' in msgstr
                or "\\" in msgstr
            ):
                lines = text[cut + 7 : stop + 1]
                if _STRINGS_ONLY.fullmatch(lines) is None:
                    head = None  # not only strings: another entry follows, say
                else:
                    msgstr = _text(lines)
        else:
            stop = find("\n\n", start, end)
            if stop < 0:
                stop = end
        if head is None:
            _read_block(text[start : stop + 1], line, path, memo, entries)
            line += text.count("\n", start, stop) + 2
            start = stop + 2
            continue
        msgstr_line = line + head.lines
        # Positional, every container given: keyword parsing and default factories cost
        # more than the rest. Field order: see Entry.
        append(
            Entry(
                head.msgid,
                msgstr,
                None,
                None,
                {},
                [*head.flags],
                [*head.translator_comments],
                [*head.extracted_comments],
                [*head.occurrences],
                head.previous_msgctxt,
                head.previous_msgid,
                head.previous_msgid_plural,
                False,
                line,
                msgstr_line,
            )
        )
        line = msgstr_line + breaks + 2  # past the blank line
        start = stop + 2


_MSGID = attrgetter("msgid")
_NEAR = 2048  # characters: longer than most heads


def _head(raw: str, memo: ReadMemo) -> _Head | None:
    """The comments and msgid of an entry, from its lines up to its msgstr; None when those
    are not comment lines and one msgid."""
    # Comment lines all start with `#`: the msgid is on the first line that does not.
    at = raw.find("\nmsgid ") + 1
    if not at and not raw.startswith("msgid "):
        return None
    comments_raw = raw[:at]
    comments = memo.comments.get(comments_raw)
    if comments is None:
        comments = _comments(comments_raw, memo)
        if comments is None:
            return None
        memo.comments[comments_raw] = comments
    msgid_raw = raw[at + 6 :]
    if msgid_raw not in memo.strings and _STRINGS_ONLY.fullmatch(msgid_raw) is None:
        return None  # the memo holds only strings checked so
    msgid = _string(msgid_raw, memo)
    head = memo.heads[raw] = comments._replace(
        msgid=msgid, lines=comments.lines + msgid_raw.count("\n")
    )
    return head


def _read_block(block: str, line: int, path: Path | str, memo: ReadMemo, out: list[Entry]) -> None:
    """Read a block that is not one common entry (see _read_regular) into `out`."""
    position = 0
    while position < len(block):
        position, line = _uncommon(block, position, line, path, memo, out)


def _uncommon(
    text: str, position: int, line: int, path: Path | str, memo: ReadMemo, entries: list[Entry]
) -> tuple[int, int]:
    """Read an entry (one with a context, plural forms or msgstr[n], say), or a block of
    obsolete entries, into `entries`; where the next entry starts, and its line."""
    match = _ENTRY.match(text, position)
    if match is None:
        block = _OBSOLETE_BLOCK.match(text, position)
        if block is None:
            if _BLANK_TAIL.match(text, position):
                return len(text), line
            raise _Irregular
        # Obsolete entries are few: the line parser reads them.
        entries.extend(read_entries(block.group(0), path, line))
        return block.end(), line + block.group(0).count("\n")
    start = match.start("comments")
    msgstr_start = match.start("msgstr")
    first_line = line + text.count("\n", position, start)
    msgstr_line = first_line + text.count("\n", start, msgstr_start)
    comments_raw, msgctxt_raw, msgid_raw, plural_raw, msgstr_raw = match.group(
        "comments", "msgctxt", "msgid", "plural", "msgstr"
    )
    comments = memo.comments.get(comments_raw) or _comments(comments_raw, memo)
    if comments is None:
        raise _Irregular  # the regex took only comment lines: never so
    memo.comments[comments_raw] = comments
    entry = Entry(
        _string(msgid_raw, memo),
        "",
        None if msgctxt_raw is None else _string(msgctxt_raw, memo),
        None,
        {},
        list(comments.flags),
        list(comments.translator_comments),
        list(comments.extracted_comments),
        list(comments.occurrences),
        comments.previous_msgctxt,
        comments.previous_msgid,
        comments.previous_msgid_plural,
        False,
        first_line,
        msgstr_line,
    )
    forms = _MSGSTR_FORM.split(msgstr_raw)
    # split → ["", index-or-None, strings, index-or-None, strings, …]
    indices = forms[1::2]
    if plural_raw is None:
        if indices != [None]:
            raise _Irregular  # msgstr twice, or msgstr[n] without msgid_plural
        entry.msgstr = _text(forms[2])
    else:
        entry.msgid_plural = _string(plural_raw, memo)
        if None in indices or [int(index) for index in indices] != list(range(len(indices))):
            raise _Irregular  # a plain msgstr, or forms out of order
        for number, strings in enumerate(forms[2::2]):
            entry.msgstr_plural[number] = _text(strings)
    entries.append(entry)
    return match.end(), msgstr_line + text.count("\n", msgstr_start, match.end())


def _string(raw: str, memo: ReadMemo) -> str:
    """_text for texts that repeat from file to file (msgids, contexts), memoised."""
    text = memo.strings.get(raw)
    if text is None:
        text = memo.strings[raw] = _text(raw)
    return text


def _text(raw: str) -> str:
    """The text of one field's quoted strings (each followed by its line end), escapes
    resolved piece by piece as the line parser does: `"\\1" "23"` is \\1 then 23, not
    \\123."""
    if "\\" not in raw and raw.endswith('"\n'):
        # Without backslashes the only quotes are the delimiters: `"a"\n"b"\n` → ab.
        text = raw[1:-2].replace('"\n"', "")
        if '"' not in text:
            return text
    pieces = _PIECE.findall(raw)
    if raw.count("\\") == raw.count("\\n"):
        # Every backslash starts a `\n` (a header, a text with line breaks): no other
        # escape to resolve, and no `\\` to tell apart.
        return "".join(pieces).replace("\\n", "\n")
    return "".join(map(unescape, pieces))


def _comments(raw: str, memo: ReadMemo) -> _Head | None:
    """A block of comment lines, read as the line parser reads them, as a head without its
    msgid; None when a line is not a comment line (or is an obsolete entry's)."""
    flags: list[str] = []
    translator: list[str] = []
    extracted: list[str] = []
    occurrences: list[str] = []
    known = memo.comment_lines
    lines = raw.split("\n")[:-1]
    for line in lines:
        said = known.get(line) or _comment_line(line, known)
        if said is None:
            return None
        kind, text, items = said
        if kind == ".":
            extracted.append(text)
        elif kind == ":":
            occurrences.extend(items)
        elif kind == ",":
            flags.extend(items)
        elif kind == " ":
            translator.append(text)
        else:
            return _with_previous(lines, known)
    return _Head(
        "", (*flags,), (*translator,), (*extracted,), (*occurrences,), None, None, None, len(lines)
    )


def _with_previous(lines: list[str], known: dict[str, CommentLine]) -> _Head | None:
    """_comments for a block with a previous message (`#|`), whose lines mean what the
    lines before them say: read by the line parser's own rules."""
    builder = EntryBuilder(0)
    for line in lines:
        said = known.get(line) or _comment_line(line, known)
        if said is None:
            return None
        apply_comment(builder, said, "", 0, _irregular)
    entry = builder.entry
    return _Head(
        "",
        tuple(entry.flags),
        tuple(entry.translator_comments),
        tuple(entry.extracted_comments),
        tuple(entry.occurrences),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        len(lines),
    )


def _comment_line(line: str, known: dict[str, CommentLine]) -> CommentLine | None:
    """What a line of a comment block says (read once per statement); None for a line
    that is not a comment, or is an obsolete entry's."""
    if line[:1] != "#" or line[1:2] == "~":
        return None
    said = known[line] = comment_line(line.strip(" \t\r"), 0, _irregular)
    return said
