"""The reference reader of the PO format: line by line, as msgfmt reads, every error
with its line. reader.py's fast path for the regular layout shares its pieces (strings
and escapes, comment lines, the header) and hands it everything else."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from polyglot_statement.errors import CatalogError
from polyglot_statement.po.model import Catalog, Entry

# The escapes gettext's msgfmt accepts. An escape by number stands for a byte; one that is
# not printable ASCII is refused (see unescape).
_ESCAPE = re.compile(r"\\(?:([ntrabfv\\\"])|([0-7]{1,3})|x([0-9a-fA-F]+)|(.|$))", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\\": "\\",
    '"': '"',
}
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(\".*)?$")
_CLOSED_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')

Fail = Callable[[int, str], CatalogError]


class BadEscape(ValueError):
    """An escape sequence msgfmt would refuse (or one we refuse, see unescape)."""


def unescape(text: str) -> str:
    """The text of a quoted string's inside, escapes resolved, as msgfmt resolves them.

    msgfmt refuses any escape but \\n \\t \\r \\a \\b \\f \\v \\\\ \\" and octal or hex
    numbers. A number stands for a byte of the file's encoding; in a UTF-8 file any byte
    above 127 would be half a character, and a control byte (EOT is gettext's context
    separator) breaks the compiled catalogue, so only printable ASCII (32-126) may be
    written by number. Stricter than msgfmt there, by design: such escapes only come
    from a damaged file or a wrong tool.
    """
    if "\\" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        simple, octal, hexa, other = match.groups()
        if simple is not None:
            return _SIMPLE_ESCAPES[simple]
        if other is not None:
            shown = match.group(0) if other else "\\ at the end of the string"
            raise BadEscape(
                f"invalid escape sequence `{shown}` (msgfmt rejects it); a backslash "
                "itself is written `\\\\`"
            )
        value = int(octal, 8) if octal is not None else int(hexa, 16)
        if not 32 <= value <= 126:
            raise BadEscape(
                f"the escape `{match.group(0)}` stands for a byte that is not printable "
                "ASCII; write the character itself"
            )
        return chr(value)

    return _ESCAPE.sub(replace, text)


def quoted(text: str, number: int, fail: Fail) -> str:
    """The text of one quoted string (`"..."`, surrounding blanks allowed) on line `number`."""
    text = text.strip()
    inner = text[1:-1]
    if len(text) >= 2 and text[0] == text[-1] == '"' and "\\" not in inner and '"' not in inner:
        return inner  # the common case, without a regex
    if not _CLOSED_STRING.fullmatch(text):
        raise fail(
            number,
            f"a string must be one pair of double quotes, with inner quotes escaped: {text[:40]}",
        )
    try:
        return unescape(text[1:-1])
    except BadEscape as error:
        raise fail(number, str(error)) from None


class EntryBuilder:
    """An entry while its lines are read."""

    __slots__ = ("entry", "field", "previous_field", "started")

    def __init__(self, line: int):
        self.entry = Entry(msgid="", line=line)
        self.field: str | None = None  # the keyword whose strings are being read
        self.previous_field: str | None = None  # the same for `#|` lines
        self.started = False  # a msgid was seen


def read_comment(current: EntryBuilder, line: str, number: int, fail: Fail) -> None:
    """One comment line (stripped, `#~` taken off) into the entry it belongs to."""
    apply_comment(current, comment_line(line, number, fail), line, number, fail)


# What a comment line says: its kind (the character after `#`: " " a translator comment,
# "." an extracted comment, ":" occurrences, "," flags, "|" a previous-message keyword,
# '"' a string continuing the previous message), its text, and its items (occurrences,
# flags, or the previous-message keyword).
CommentLine = tuple[str, str, tuple[str, ...]]


def comment_line(line: str, number: int, fail: Fail) -> CommentLine:
    """What one comment line (stripped, `#~` taken off) says, whatever entry it is in."""
    marker = line[1:2]
    if marker == ".":
        return (".", line[2:].strip(), ())
    if marker == ":":
        return (":", "", tuple(line[2:].split()))
    if marker == ",":
        return (",", "", tuple(flag.strip() for flag in line[2:].split(",") if flag.strip()))
    if marker == "|":
        previous = line[2:].strip()
        if previous.startswith('"'):
            return ('"', previous, ())  # read where it is known to continue a message
        match = KEYWORD.match(previous)
        if match is None or match.group(3) is None:
            raise fail(number, f"cannot read previous-message line {line[:40]!r}")
        return ("|", quoted(match.group(3), number, fail), (match.group(1),))
    comment = line[1:]
    return (" ", comment[1:] if comment.startswith(" ") else comment, ())


def apply_comment(
    current: EntryBuilder, said: CommentLine, line: str, number: int, fail: Fail
) -> None:
    """Add what a comment line says to the entry it belongs to."""
    entry = current.entry
    kind, text, items = said
    if kind == ".":
        entry.extracted_comments.append(text)
    elif kind == ":":
        entry.occurrences.extend(items)
    elif kind == ",":
        entry.flags.extend(items)
    elif kind == " ":
        entry.translator_comments.append(text)
    elif kind == "|":
        current.previous_field = items[0]
        _append_previous(entry, items[0], text, reset=True)
    elif current.previous_field:
        _append_previous(entry, current.previous_field, quoted(text, number, fail))
    else:
        raise fail(number, f"cannot read previous-message line {line[:40]!r}")


def _append_previous(entry: Entry, keyword: str, value: str, reset: bool = False) -> None:
    attribute = {
        "msgctxt": "previous_msgctxt",
        "msgid": "previous_msgid",
        "msgid_plural": "previous_msgid_plural",
    }.get(keyword)
    if attribute is None:
        return
    current = None if reset else getattr(entry, attribute)
    setattr(entry, attribute, (current or "") + value)


def with_header(entries: list[Entry], path: Path | str, duplicates: bool = True) -> Catalog:
    """The catalogue of these entries, the first taken as the header when it is one;
    CatalogError for (unless the caller knows there is none) a duplicate entry. A header
    line that is not `Name: value` is kept as it is, as msgfmt keeps it (a GNOME catalogue
    carries a stray `com>>`)."""
    catalog = Catalog()
    if (
        entries
        and entries[0].msgid == ""
        and entries[0].msgctxt is None
        and not entries[0].obsolete
    ):
        header = entries.pop(0)
        catalog.header_comments = header.translator_comments
        catalog.header_flags = header.flags
        for line in header.msgstr.split("\n"):
            if not line.strip():
                continue
            name, colon, value = line.partition(":")
            catalog.headers.append((name.strip(), value.strip() if colon else None))
    seen: dict[tuple[str | None, str, bool], int] = {}
    for entry in entries if duplicates else ():
        key = (entry.msgctxt, entry.msgid, entry.obsolete)
        if key in seen:
            raise CatalogError(
                f"duplicate message definition (first at line {seen[key]}); "
                "merge them with `msguniq`",
                path,
                entry.line,
            )
        seen[key] = entry.line
    catalog.entries = entries
    return catalog


_MIXED_OBSOLETE = (
    "an entry mixes obsolete `#~` lines with active ones; prefix all of its lines with "
    "`#~`, or none"
)


LONE_CR = re.compile("\r(?!\n)")
_LONE_CR_BYTE = re.compile(rb"\r(?!\n)")


def has_lone_cr(data: bytes) -> bool:
    """Whether a carriage return stands alone (not before a line feed): the line parser
    (file_entries) decides whether it ends a line, which is refused, or is a character."""
    return b"\r" in data and _LONE_CR_BYTE.search(data) is not None


def parse_lines(data: bytes, path: Path | str = "<string>") -> Catalog:
    """Parse a PO/POT file line by line; a malformed line raises CatalogError naming it."""
    return with_header(file_entries(data, path), path)


def file_entries(data: bytes, path: Path | str = "<string>") -> list[Entry]:
    """The entries of a PO/POT file (the header among them), read line by line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = data.count(b"\n", 0, error.start) + 1
        raise CatalogError(
            "not UTF-8; convert the file with `msgconv --to-code=UTF-8`", path, bad_line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    lone = _line_ending_cr(text)
    if lone is not None:
        # Read as gettext reads it, a file saved with old Mac OS line endings is one
        # comment line: no entry, and extract would have rewritten it empty.
        raise CatalogError(
            "a carriage return alone ends a line here (old Mac OS line endings), which gettext "
            "does not take for a line break; save the file with LF line endings",
            path,
            text.count("\n", 0, lone) + 1,
        )
    return read_entries(text, path)


def _line_ending_cr(text: str) -> int | None:
    """Where a carriage return alone stands outside a quoted string, or None. Inside a
    string msgfmt reads it as the character (msgcat writes it `\\r`): a translation may
    hold one, and the catalogue is read as before."""
    line_start = scanned = -1
    quoted = escaped = False
    for lone in LONE_CR.finditer(text):
        position = lone.start()
        # A new line when a line break lies between: each character is read once.
        same_line = line_start >= 0 and text.find("\n", scanned, position) < 0
        start = line_start if same_line else text.rfind("\n", 0, position) + 1
        if start != line_start:
            line_start, scanned, quoted, escaped = start, start, False, False
            stripped = text[start:position].lstrip()
            if stripped.startswith("#") and not stripped.startswith(("#~", "#|")):
                if _BLANK_TO_END.match(text, position + 1) is None:
                    return position  # in a comment
                continue
        for char in text[scanned:position]:
            if escaped:
                escaped = False
            elif quoted and char == "\\":
                escaped = True
            elif char == '"':
                quoted = not quoted
        scanned = position
        if not quoted and _BLANK_TO_END.match(text, position + 1) is None:
            return position
    return None


# A carriage return with nothing but blanks after it on its line (`\r\r\n`, a CRLF file
# converted twice, or one cut after its last CR) ends no line that holds anything: msgfmt
# reads it as a blank, and so does the reader.
_BLANK_TO_END = re.compile(r"[ \t\r]*(?:\n|\Z)")


def read_entries(text: str, path: Path | str, first_line: int = 1) -> list[Entry]:
    """The entries of `text` (the header among them), its first line numbered `first_line`."""
    entries: list[Entry] = []
    current: EntryBuilder | None = None

    def complete() -> bool:
        return current is not None and current.field in ("msgstr", "msgstr[]")

    def fail(number: int, message: str) -> CatalogError:
        return CatalogError(message, path, number)

    # Only \n ends a line: str.splitlines would also split on U+2028 and friends, which
    # a translation may legitimately contain.
    for number, raw_line in enumerate(text.split("\n"), start=first_line):
        line = raw_line.strip(" \t\r")
        if not line:
            # As in msgfmt, a blank line does not end an entry: a string after it
            # continues the field before it. A comment or the next msgid ends it.
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
            if line.startswith("|"):
                line = "#" + line  # `#~| msgid` is the previous msgid of an obsolete entry
            elif not line:
                continue
        if line.startswith("#"):
            if complete():
                entries.append(current.entry)  # type: ignore[union-attr]
                current = None
            if current is None:
                current = EntryBuilder(number)
            elif current.field is not None:
                raise fail(
                    number,
                    "a comment inside an entry, before its msgstr; comments go above the "
                    "entry's msgctxt or msgid",
                )
            read_comment(current, line, number, fail)
            continue
        if line.startswith('"'):
            if current is None or current.field is None:
                raise fail(number, "a quoted string with no msgid or msgstr before it")
            if obsolete != current.entry.obsolete:
                raise fail(number, _MIXED_OBSOLETE)
            _append(current, quoted(line, number, fail))
            continue
        match = KEYWORD.match(line)
        if match is None:
            raise fail(
                number,
                f"unexpected text {line[:40]!r}; "
                "expected a comment, msgid, msgstr or a quoted string",
            )
        keyword, index, string = match.groups()
        if string is None:
            raise fail(number, f"`{keyword}` needs a quoted string after it")
        value = quoted(string, number, fail)
        if keyword in ("msgctxt", "msgid") and complete():
            entries.append(current.entry)  # type: ignore[union-attr]
            current = None
        if current is None:
            current = EntryBuilder(number)
        entry = current.entry
        if current.field is None:
            entry.obsolete = obsolete
        elif obsolete != entry.obsolete:
            raise fail(number, _MIXED_OBSOLETE)
        problem = _out_of_order(current, keyword, index)
        if problem is not None:
            raise fail(number, problem)
        if keyword == "msgctxt":
            entry.msgctxt = value
        elif keyword == "msgid":
            entry.msgid = value
            current.started = True
        elif keyword == "msgid_plural":
            entry.msgid_plural = value
        else:
            if not entry.msgstr_line:
                entry.msgstr_line = number
            if index is not None:
                entry.msgstr_plural[int(index)] = value
                keyword = "msgstr[]"
            else:
                entry.msgstr = value
        current.field = keyword
    if current is not None and current.field is not None:
        if not current.started:
            raise fail(current.entry.line, "msgctxt with no msgid after it")
        if not complete():
            raise fail(current.entry.line, "the last entry has no msgstr")
        entries.append(current.entry)
    for entry in entries:
        if entry.msgid_plural is not None and not entry.msgstr_plural:
            raise fail(entry.line, "a plural entry needs msgstr[0], msgstr[1], …")
    return entries


def _out_of_order(current: EntryBuilder, keyword: str, index: str | None) -> str | None:
    """What is wrong with `keyword` coming next in the entry, as msgfmt would refuse it:
    [msgctxt] msgid [msgid_plural] then msgstr, or msgstr[0], msgstr[1], … in order."""
    entry = current.entry
    field = current.field
    if keyword == "msgctxt":
        if current.started:
            return "msgctxt after msgid; msgctxt comes first in an entry"
        if field is not None:
            return "a second msgctxt in one entry"
        return None
    if keyword == "msgid":
        return "a second msgid in one entry; is a msgstr missing?" if current.started else None
    if not current.started:
        return f'{keyword} before msgid; each entry needs `msgid "..."` first'
    if keyword == "msgid_plural":
        if field == "msgid_plural":
            return "a second msgid_plural in one entry"
        return None if field == "msgid" else "msgid_plural after msgstr; it comes right after msgid"
    if index is None:
        if field in ("msgstr", "msgstr[]"):
            return "a second msgstr in one entry"
        if entry.msgid_plural is not None:
            return "a plural entry has msgstr[0], msgstr[1], … rather than msgstr"
        return None
    if entry.msgid_plural is None:
        return f"msgstr[{index}] in an entry without msgid_plural; a singular entry has msgstr"
    if field == "msgstr":
        return "a second msgstr in one entry"
    expected = len(entry.msgstr_plural)
    if int(index) != expected:
        return (
            f"msgstr[{index}] where msgstr[{expected}] should come; plural forms are "
            "numbered 0, 1, 2… in order"
        )
    return None


def _append(builder: EntryBuilder, value: str) -> None:
    entry = builder.entry
    if builder.field == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif builder.field == "msgid":
        entry.msgid += value
    elif builder.field == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    elif builder.field == "msgstr[]":
        entry.msgstr_plural[len(entry.msgstr_plural) - 1] += value  # numbered from 0
    else:
        entry.msgstr += value
