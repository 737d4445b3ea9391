"""Reading catalogues: `parse_po`, every command's one way to read a PO file.

A workspace may hold 10,000 catalogues (600k entries) that status, check and build all
read, where reading line by line (parser.py) is too slow. So `parse_po` first tries a
fast path for the layout gettext tools and editors write: one compiled regex over the
bytes reads each entry, the strings and comment blocks that repeat across the
catalogues of one statement (msgids, `#.` and `#:` lines) are decoded once (pass the same
`ReadMemo`), and line numbers are counted as it goes. Anything else (odd indentation, CR
line endings, a BOM, a blank line inside an entry, a line it does not understand, any
error) goes to the line parser, so the two never disagree: the fast path returns exactly
the line parser's catalogue, and a malformed file is reported exactly as the line
parser reports it.
"""

from __future__ import annotations

import re
from operator import attrgetter
from pathlib import Path

from polyglot_statement.errors import CatalogError
from polyglot_statement.fsutil import ANYWHERE, InputBounds, read_input
from polyglot_statement.po.model import Catalog, Entry
from polyglot_statement.po.parser import (
    BadEscape,
    CommentLine,
    EntryBuilder,
    apply_comment,
    comment_line,
    parse_lines,
    read_entries,
    unescape,
    with_header,
)

__all__ = ["ReadMemo", "parse_po", "read_po"]


def read_po(path: Path, bounds: InputBounds = ANYWHERE) -> Catalog:
    """The catalogue at `path`, read as every command reads one (fsutil.read_input)."""
    data = read_input(path, CatalogError, bounds)
    if data is None:
        raise CatalogError("no such file", path)
    return parse_po(data, path)


# What a comment block holds: flags, translator comments, extracted comments, occurrences,
# previous msgctxt, msgid and msgid_plural, and the number of its lines.
_Comments = tuple[
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    tuple[str, ...],
    str | None,
    str | None,
    str | None,
    int,
]
_NO_COMMENTS: _Comments = ((), (), (), (), None, None, None, 0)


class ReadMemo:
    """Texts already decoded, by their bytes: the catalogues of one statement share their
    msgids and most comment blocks, one per language. Use one per statement."""

    __slots__ = ("comment_lines", "comments", "msgids", "strings")

    def __init__(self) -> None:
        self.msgids: dict[bytes, tuple[str, int]] = {}  # with the number of its lines
        self.strings: dict[bytes, str] = {}  # contexts and plural msgids
        self.comments: dict[bytes, _Comments] = {b"": _NO_COMMENTS}  # blocks of comments
        self.comment_lines: dict[bytes, CommentLine] = {}


def parse_po(data: bytes, path: Path | str = "<string>", memo: ReadMemo | None = None) -> Catalog:
    """Parse a PO/POT file; a malformed line raises CatalogError naming it."""
    try:
        return _read_regular(data, path, memo if memo is not None else ReadMemo())
    except (_Irregular, BadEscape, UnicodeDecodeError, CatalogError):
        return parse_lines(data, path)


class _Irregular(Exception):
    """Not in the regular layout: the line parser reads it instead."""


def _irregular(number: int, message: str) -> CatalogError:
    raise _Irregular


# One quoted string and its line end, every repetition possessive: none ever needs to give
# back what it matched, and not recording the points to backtrack to is a tenth faster.
_Q = rb'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"[ \t]*+\n'
_STRINGS = _Q + rb"(?:" + _Q + rb")*+"
_BLANK_LINES = rb"(?:[ \t]*+\n)*+"
_COMMENT_LINES = rb"(?:\#(?:[^~\n][^\n]*+)?\n)*+"  # any comment line but obsolete ones
_ENTRY = re.compile(
    _BLANK_LINES
    + rb"(?P<comments>"
    + _COMMENT_LINES
    + rb")"
    + rb"(?:msgctxt[ \t]++(?P<msgctxt>"
    + _STRINGS
    + rb"))?"
    + rb"msgid[ \t]++(?P<msgid>"
    + _STRINGS
    + rb")"
    + rb"(?:msgid_plural[ \t]++(?P<plural>"
    + _STRINGS
    + rb"))?"
    + rb"(?P<msgstr>(?:msgstr(?:\[\d++\])?[ \t]++"
    + _STRINGS
    + rb")++)"
)
# The common entry: no msgctxt, no plural, one `msgstr`. Group 3 is the text of a msgstr
# on one line without escapes (most are), group 4 any other msgstr's strings. The msgid's
# lines are only taken as lines that start with a quote: scanning them strictly cost a
# quarter of the time, and a msgid is checked with _STRINGS_ONLY when first seen (the
# memo holds only checked ones), so an entry matched here is one _ENTRY matches.
_COMMON_ENTRY = re.compile(
    _BLANK_LINES
    + rb"("
    + _COMMENT_LINES
    + rb")"
    + rb'msgid[ \t]++((?:".*+\n)++)'
    + rb'msgstr[ \t]++(?:"([^"\\\n]*+)"\n(?!")|('
    + _STRINGS
    + rb"))"
    + rb"(?!msgstr|msgid_plural)"
)
_STRINGS_ONLY = re.compile(_STRINGS)
_OBSOLETE_BLOCK = re.compile(_BLANK_LINES + _COMMENT_LINES + rb"(?:\#~[^\n]*+\n)++")
_BLANK_TAIL = re.compile(_BLANK_LINES + rb"\Z")
_PIECE = re.compile(rb'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
_MSGSTR_FORM = re.compile(rb"^msgstr(?:\[(\d+)\])?[ \t]+", re.MULTILINE)


def _read_regular(data: bytes, path: Path | str, memo: ReadMemo) -> Catalog:
    if not data.endswith(b"\n"):
        data += b"\n"
    entries: list[Entry] = []
    append = entries.append
    msgids = memo.msgids
    comment_blocks = memo.comments
    comment_lines = memo.comment_lines
    match_common = _COMMON_ENTRY.match
    position = 0
    line = 1  # the line `position` is on
    end = len(data)
    while position < end:
        match = match_common(data, position)
        if match is None:
            position, line = _uncommon(data, position, line, path, memo, entries)
            continue
        comments_raw, msgid_raw, single, strings = match.groups()
        known = msgids.get(msgid_raw)
        if known is None:
            if _STRINGS_ONLY.fullmatch(msgid_raw) is None:
                raise _Irregular
            known = msgids[msgid_raw] = (_text(msgid_raw), msgid_raw.count(b"\n"))
        comments = comment_blocks.get(comments_raw)
        if comments is None:
            comments = comment_blocks[comments_raw] = _comments(comments_raw, comment_lines)
        start = match.start(1)
        # Blank lines before the entry: mostly one, or none.
        gap = start - position
        first_line = line + (gap if gap < 2 else data.count(b"\n", position, start))
        msgstr_line = first_line + comments[7] + known[1]
        if single is not None:
            msgstr = single.decode("utf-8")
            line = msgstr_line + 1
        else:
            line = msgstr_line + strings.count(b"\n")
            # _text inline for a translation over several lines without escapes.
            text = strings[1:-2].replace(b'"\n"', b"")
            msgstr = _text(strings) if b'"' in text or b"\\" in text else text.decode("utf-8")
        position = match.end()
        # Positional, every container given: keyword parsing and default factories cost
        # more than the rest. Field order: see Entry.
        append(
            Entry(
                known[0],
                msgstr,
                None,
                None,
                {},
                [*comments[0]],
                [*comments[1]],
                [*comments[2]],
                [*comments[3]],
                comments[4],
                comments[5],
                comments[6],
                False,
                first_line,
                msgstr_line,
            )
        )
    # Distinct msgids (a set built in C) rule out duplicates; else with_header looks.
    if len(set(map(_MSGID, entries))) == len(entries):
        return with_header(entries, path, duplicates=False)
    return with_header(entries, path)


_MSGID = attrgetter("msgid")


def _uncommon(
    data: bytes, position: int, line: int, path: Path | str, memo: ReadMemo, entries: list[Entry]
) -> tuple[int, int]:
    """Read an entry with a context, plural forms or msgstr[n], or a block of obsolete
    entries, into `entries`; where the next entry starts, and its line."""
    match = _ENTRY.match(data, position)
    if match is None:
        block = _OBSOLETE_BLOCK.match(data, position)
        if block is None:
            if _BLANK_TAIL.match(data, position):
                return len(data), line
            raise _Irregular
        # Obsolete entries are few: the line parser reads them.
        entries.extend(read_entries(block.group(0).decode("utf-8"), path, line))
        return block.end(), line + block.group(0).count(b"\n")
    start = match.start("comments")
    msgstr_start = match.start("msgstr")
    first_line = line + data.count(b"\n", position, start)
    msgstr_line = first_line + data.count(b"\n", start, msgstr_start)
    comments_raw, msgctxt_raw, msgid_raw, plural_raw, msgstr_raw = match.group(
        "comments", "msgctxt", "msgid", "plural", "msgstr"
    )
    comments = memo.comments.get(comments_raw)
    if comments is None:
        comments = memo.comments[comments_raw] = _comments(comments_raw, memo.comment_lines)
    flags, translator, extracted, occurrences, before_ctxt, before_id, before_plural, _ = comments
    entry = Entry(
        _string(msgid_raw, memo),
        "",
        None if msgctxt_raw is None else _string(msgctxt_raw, memo),
        None,
        {},
        list(flags),
        list(translator),
        list(extracted),
        list(occurrences),
        before_ctxt,
        before_id,
        before_plural,
        False,
        first_line,
        msgstr_line,
    )
    forms = _MSGSTR_FORM.split(msgstr_raw)
    # split → [b"", index-or-None, strings, index-or-None, strings, …]
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
    return match.end(), msgstr_line + data.count(b"\n", msgstr_start, match.end())


def _string(raw: bytes, memo: ReadMemo) -> str:
    """_text for texts that repeat from file to file (msgids, contexts), memoised."""
    text = memo.strings.get(raw)
    if text is None:
        text = memo.strings[raw] = _text(raw)
    return text


def _text(raw: bytes) -> str:
    """The text of one field's quoted strings, escapes resolved (piece by piece, as the
    line parser does: `"\\1" "23"` is \\1 then 23, not \\123)."""
    if b"\\" not in raw:
        # Without backslashes the only quotes are the delimiters: `"a"\n"b"\n` → ab.
        if raw.endswith(b'"\n'):
            text = raw[1:-2].replace(b'"\n"', b"")
            if b'"' not in text:
                return text.decode("utf-8")
        return b"".join(_PIECE.findall(raw)).decode("utf-8")
    if raw.count(b"\\") == raw.count(b"\\n"):
        # Every backslash starts a `\n` (a header, a text with line breaks): no other
        # escape to resolve, and no `\\` to tell apart.
        return b"".join(_PIECE.findall(raw)).decode("utf-8").replace("\\n", "\n")
    return "".join(unescape(piece.decode("utf-8")) for piece in _PIECE.findall(raw))


def _comments(raw: bytes, lines: dict[bytes, CommentLine]) -> _Comments:
    """A block of comment lines, read as the line parser reads them; each distinct line is
    read once (`lines`: the memo's)."""
    builder = EntryBuilder(0)
    for line in raw.split(b"\n")[:-1]:
        said = lines.get(line)
        if said is None:
            text = line.decode("utf-8").strip(" \t\r")
            said = lines[line] = comment_line(text, 0, _irregular)
        apply_comment(builder, said, "", 0, _irregular)
    entry = builder.entry
    return (
        tuple(entry.flags),
        tuple(entry.translator_comments),
        tuple(entry.extracted_comments),
        tuple(entry.occurrences),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        raw.count(b"\n"),
    )
