"""Gettext catalogues: the model, a fast reader, a writer in gettext's own layout, the merge.

This is the only module that knows the PO format. We read and write it ourselves rather
than through polib or babel because both re-wrap every file differently from gettext
(so `msgcat` or Poedit would make noise in every git diff), babel drops previous msgids
(`#|`), and both are too slow for thousands of catalogues. Line wrapping is gettext's
own (see powrap.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from rapidfuzz import fuzz, process

from polyglot_statement import __version__
from polyglot_statement.errors import CatalogError
from polyglot_statement.fsutil import ANYWHERE, InputBounds, read_input
from polyglot_statement.languages import english_name, plural_count, plural_forms
from polyglot_statement.po.wrap import PAGE_WIDTH, wrap_string

FUZZY = "fuzzy"
# Provenance of machine output lives in a translator comment: msgmerge keeps comments
# but drops flags it does not know.
MACHINE_COMMENT_PREFIX = "machine translation:"
# A translation pre-filled from a translation memory (shared/design.md's segment states).
MEMORY_COMMENT_PREFIX = "memory:"
PROVENANCE_PREFIXES = (MACHINE_COMMENT_PREFIX, MEMORY_COMMENT_PREFIX)
IGNORE_COMMENT_PREFIX = "polyglot: ignore"
# The similarity (rapidfuzz's normalised Indel ratio, 0-100) from which an earlier
# translation is offered, as fuzzy, for a changed segment: one whose text may have come
# from an entry that left the source. Chosen with benchmarks/fuzzy_threshold.py: typo
# fixes, inserted words and negations score above it; rewritten and unrelated sentences
# below.
FUZZY_THRESHOLD = 70.0
# The same for a new segment whose only candidates are texts still in the source at every
# place they were: an added paragraph, not an edited one. Its own translation is better
# drafted afresh unless it nearly repeats one of those texts; benchmarks/fuzzy_threshold.py
# measured unrelated added sentences up to 80 against a statement's other segments.
NEW_SEGMENT_THRESHOLD = 85.0


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
    line: int = 0  # line of the entry's first line in the file it was read from

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
    def provenance(self) -> str | None:
        """The translator comment saying a machine or a memory wrote the msgstr, if any."""
        for comment in self.translator_comments:
            if comment.startswith(PROVENANCE_PREFIXES):
                return comment
        return None

    @property
    def ignored_checks(self) -> frozenset[str]:
        ignored: set[str] = set()
        for comment in self.translator_comments:
            if comment.startswith(IGNORE_COMMENT_PREFIX):
                ignored.update(re.split(r"[\s,]+", comment[len(IGNORE_COMMENT_PREFIX) :].strip()))
        ignored.discard("")
        return frozenset(ignored)

    @property
    def state(self) -> str:
        """The segment state of shared/design.md."""
        if self.obsolete:
            return OBSOLETE
        # `translated` without building the list of forms when there is one: status asks
        # this of every entry of every catalogue.
        if not (self.msgstr if self.msgid_plural is None else self.translated):
            return UNTRANSLATED
        if self.fuzzy:
            return MACHINE if self.machine_provenance is not None else NEEDS_REVIEW
        return APPROVED


APPROVED = "approved"
MACHINE = "machine"
NEEDS_REVIEW = "needs review"
UNTRANSLATED = "untranslated"
OBSOLETE = "obsolete"


@dataclass(slots=True)
class Catalog:
    header_comments: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
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


# ---------------------------------------------------------------- reading

# The escapes gettext's msgfmt accepts. An escape by number stands for a byte; one that is
# not printable ASCII is refused (see _unescape).
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
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(\".*)?$")


class _BadEscape(ValueError):
    """An escape sequence msgfmt would refuse (or one we refuse, see _unescape)."""


def _unescape(text: str) -> str:
    """The text of a quoted string's inside, escapes resolved, as msgfmt resolves them.

    msgfmt refuses any escape but \n \t \r \a \b \f \v \\ \" and octal or hex numbers.
    A number stands for a byte of the file's encoding; in a UTF-8 file any byte above
    127 would be half a character, and a control byte (EOT is gettext's context
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
            raise _BadEscape(
                f"invalid escape sequence `{shown}` (msgfmt rejects it); a backslash "
                "itself is written `\\\\`"
            )
        value = int(octal, 8) if octal is not None else int(hexa, 16)
        if not 32 <= value <= 126:
            raise _BadEscape(
                f"the escape `{match.group(0)}` stands for a byte that is not printable "
                "ASCII; write the character itself"
            )
        return chr(value)

    return _ESCAPE.sub(replace, text)


class _EntryBuilder:
    __slots__ = ("entry", "field", "previous_field", "started")

    def __init__(self, line: int):
        self.entry = Entry(msgid="", line=line)
        self.field: str | None = None  # the keyword whose strings are being read
        self.previous_field: str | None = None
        self.started = False  # a msgid was seen


def read_po(path: Path, bounds: InputBounds = ANYWHERE) -> Catalog:
    """The catalogue at `path`, read as every command reads one (fileio.read_input)."""
    data = read_input(path, CatalogError, bounds)
    if data is None:
        raise CatalogError("no such file", path)
    return parse_po(data, path)


def parse_po(data: bytes, path: Path | str = "<string>") -> Catalog:
    """Parse a PO/POT file; a malformed line raises CatalogError naming it."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad_line = data.count(b"\n", 0, error.start) + 1
        raise CatalogError(
            "not UTF-8; convert the file with `msgconv --to-code=UTF-8`", path, bad_line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    entries: list[Entry] = []
    current: _EntryBuilder | None = None

    def complete() -> bool:
        return current is not None and current.field in ("msgstr", "msgstr[]")

    def fail(number: int, message: str) -> CatalogError:
        return CatalogError(message, path, number)

    # Only \n ends a line: str.splitlines would also split on U+2028 and friends, which
    # a translation may legitimately contain.
    for number, raw_line in enumerate(text.split("\n"), start=1):
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
                current = _EntryBuilder(number)
            elif current.field is not None:
                raise fail(
                    number,
                    "a comment inside an entry, before its msgstr; comments go above the "
                    "entry's msgctxt or msgid",
                )
            _read_comment(current, line, number, fail)
            continue
        if line.startswith('"'):
            if current is None or current.field is None:
                raise fail(number, "a quoted string with no msgid or msgstr before it")
            if obsolete != current.entry.obsolete:
                raise fail(number, _MIXED_OBSOLETE)
            _append(current, _quoted(line, number, fail))
            continue
        match = _KEYWORD.match(line)
        if match is None:
            raise fail(
                number,
                f"unexpected text {line[:40]!r}; "
                "expected a comment, msgid, msgstr or a quoted string",
            )
        keyword, index, quoted = match.groups()
        if quoted is None:
            raise fail(number, f"`{keyword}` needs a quoted string after it")
        value = _quoted(quoted, number, fail)
        if keyword in ("msgctxt", "msgid") and complete():
            entries.append(current.entry)  # type: ignore[union-attr]
            current = None
        if current is None:
            current = _EntryBuilder(number)
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
        elif index is not None:
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
    return _with_header(entries, path)


_MIXED_OBSOLETE = (
    "an entry mixes obsolete `#~` lines with active ones; prefix all of its lines with "
    "`#~`, or none"
)


def _out_of_order(current: _EntryBuilder, keyword: str, index: str | None) -> str | None:
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


def _read_comment(current: _EntryBuilder, line: str, number: int, fail: _Fail) -> None:
    entry = current.entry
    marker = line[1:2]
    if marker == ".":
        entry.extracted_comments.append(line[2:].strip())
    elif marker == ":":
        entry.occurrences.extend(line[2:].split())
    elif marker == ",":
        entry.flags.extend(flag.strip() for flag in line[2:].split(",") if flag.strip())
    elif marker == "|":
        previous = line[2:].strip()
        if previous.startswith('"') and current.previous_field:
            _append_previous(entry, current.previous_field, _quoted(previous, number, fail))
            return
        match = _KEYWORD.match(previous)
        if match is None or match.group(3) is None:
            raise fail(number, f"cannot read previous-message line {line[:40]!r}")
        current.previous_field = match.group(1)
        _append_previous(entry, match.group(1), _quoted(match.group(3), number, fail), reset=True)
    else:
        comment = line[1:]
        entry.translator_comments.append(comment[1:] if comment.startswith(" ") else comment)


_Fail = Callable[[int, str], CatalogError]
_CLOSED_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _quoted(text: str, number: int, fail: _Fail) -> str:
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
        return _unescape(text[1:-1])
    except _BadEscape as error:
        raise fail(number, str(error)) from None


def _append(builder: _EntryBuilder, value: str) -> None:
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


def _with_header(entries: list[Entry], path: Path | str) -> Catalog:
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
            if not colon:
                raise CatalogError(f"header line {line!r} is not `Name: value`", path, header.line)
            catalog.headers.append((name.strip(), value.strip()))
    seen: dict[tuple[str | None, str, bool], int] = {}
    for entry in entries:
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


# ---------------------------------------------------------------- writing


def _occurrence_lines(occurrences: Sequence[str]) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for occurrence in occurrences:
        if len(current) > 2 and len(current) + 1 + len(occurrence) > PAGE_WIDTH:
            lines.append(current)
            current = "#:"
        current += " " + occurrence
    if len(current) > 2:
        lines.append(current)
    return lines


def _comment_lines(comments: Sequence[str]) -> Iterator[str]:
    for comment in comments:
        if "\n" in comment or "\r" in comment:
            yield from re.split(r"\r\n|\r|\n", comment)
        else:
            yield comment


def _entry_lines(entry: Entry) -> list[str]:
    lines: list[str] = []
    # A comment is one line in a PO file: one holding a line break (a title or glossary
    # note over two lines) becomes two comment lines, not a broken file.
    for comment in _comment_lines(entry.translator_comments):
        lines.append(f"# {comment}" if comment else "#")
    for comment in _comment_lines(entry.extracted_comments):
        lines.append(f"#. {comment}" if comment else "#.")
    lines.extend(_occurrence_lines(entry.occurrences))
    # As gettext: an entry with no translation cannot be fuzzy.
    flags = (
        entry.flags
        if entry.translated or any(entry.translations)
        else [f for f in entry.flags if f != FUZZY]
    )
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines.extend(wrap_string("msgctxt", entry.previous_msgctxt, previous_prefix))
    if entry.previous_msgid is not None:
        lines.extend(wrap_string("msgid", entry.previous_msgid, previous_prefix))
    if entry.previous_msgid_plural is not None:
        lines.extend(wrap_string("msgid_plural", entry.previous_msgid_plural, previous_prefix))
    prefix = "#~ " if entry.obsolete else ""
    if entry.msgctxt is not None:
        lines.extend(wrap_string("msgctxt", entry.msgctxt, prefix))
    lines.extend(wrap_string("msgid", entry.msgid, prefix))
    if entry.msgid_plural is not None:
        lines.extend(wrap_string("msgid_plural", entry.msgid_plural, prefix))
        for index in sorted(entry.msgstr_plural):
            lines.extend(wrap_string(f"msgstr[{index}]", entry.msgstr_plural[index], prefix))
    else:
        lines.extend(wrap_string("msgstr", entry.msgstr, prefix))
    return lines


def format_po(catalog: Catalog) -> bytes:
    header = Entry(
        msgid="",
        msgstr="".join(f"{name}: {value}\n" for name, value in catalog.headers),
        translator_comments=catalog.header_comments,
        flags=catalog.header_flags,
    )
    blocks = [_entry_lines(header)]
    blocks.extend(_entry_lines(entry) for entry in catalog.entries if not entry.obsolete)
    # As gettext: an obsolete entry with no translation is dropped.
    blocks.extend(
        _entry_lines(entry)
        for entry in catalog.entries
        if entry.obsolete and any(entry.translations)
    )
    return ("\n\n".join("\n".join(block) for block in blocks) + "\n").encode("utf-8")


# ---------------------------------------------------------------- templates and merging


@dataclass(frozen=True, slots=True)
class TemplateMessage:
    """One entry of a template: a segment's text, what it is, where it occurs."""

    msgid: str
    comments: tuple[str, ...]
    occurrences: tuple[str, ...]


_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
    "X-Generator",
)
PLURAL_FORMS = "Plural-Forms"


def _managed_headers(project: str, language: str | None) -> dict[str, str]:
    headers = {
        "Project-Id-Version": project,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"polyglot-statement {__version__}",
    }
    headers["Language"] = language or ""
    if language is not None:
        headers[PLURAL_FORMS] = plural_forms(language)
    return headers


def _apply_headers(catalog: Catalog, managed: dict[str, str]) -> None:
    if not catalog.headers:
        # A new file: every field gettext's `msgfmt -c` asks for; no dates, so that an
        # unchanged re-run writes the same bytes. Poedit fills them in when it saves.
        for name in _HEADER_ORDER:
            if name in managed:
                catalog.headers.append((name, managed[name]))
            elif name in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
                catalog.headers.append((name, ""))
        return
    for name, value in managed.items():
        catalog.set_header(name, value)
    # Fields that gettext decodes to find the charset must exist even in foreign files.


def make_template(project: str, title: str, messages: Iterable[TemplateMessage]) -> Catalog:
    catalog = Catalog(header_comments=[f"Template for translations of “{title}”."])
    _apply_headers(catalog, _managed_headers(project, None))
    catalog.entries = [
        Entry(
            msgid=message.msgid,
            extracted_comments=list(message.comments),
            occurrences=list(message.occurrences),
        )
        for message in messages
    ]
    return catalog


def merge(
    template: Catalog, old: Catalog | None, language: str, project: str, title: str
) -> Catalog:
    """The catalogue for `language` after the template changed; no translation is lost.

    Unchanged segments keep their translation and state; a changed segment gets the most
    similar earlier translation as fuzzy, with the earlier msgid as previous msgid (see
    _Offers); entries whose text left the source become obsolete, and come back if the
    text does. The catalogue keeps its own Plural-Forms while `msgfmt -c` accepts it for
    its entries; a new one takes CLDR's.
    """
    existing_plural_forms = old.header(PLURAL_FORMS) if old is not None and old.headers else None
    if old is None:
        old = Catalog(header_comments=[f"{english_name(language)} translation of “{title}”."])
    result = Catalog(
        header_comments=list(old.header_comments),
        headers=list(old.headers),
        header_flags=[flag for flag in old.header_flags if flag != FUZZY],
    )
    managed = _managed_headers(project, language)

    by_key: dict[tuple[str | None, str], Entry] = {}
    for entry in old.entries:
        # An active entry wins over an obsolete one with the same text.
        if entry.key not in by_key or not entry.obsolete:
            by_key[entry.key] = entry
    template_keys = {entry.key for entry in template.entries}
    offers = _Offers(by_key.values(), template)

    merged: list[Entry] = []
    for message in template.entries:
        earlier = by_key.get(message.key)
        if earlier is not None:
            entry = _carry_over(earlier, message)
        else:
            entry = Entry(
                msgid=message.msgid,
                extracted_comments=list(message.extracted_comments),
                occurrences=list(message.occurrences),
            )
            source = offers.best(message.msgid)
            if source is not None:
                entry.msgstr = source.msgstr
                # Provenance belongs to the text it describes, and a check silenced for
                # the old text must look at the new one: neither comes along.
                entry.translator_comments = [
                    comment
                    for comment in source.translator_comments
                    if not comment.startswith((*PROVENANCE_PREFIXES, IGNORE_COMMENT_PREFIX))
                ]
                entry.previous_msgid = source.msgid
                entry.flags = [FUZZY]
        merged.append(entry)

    obsolete: list[Entry] = []
    for entry in old.entries:
        if entry.key in template_keys or by_key.get(entry.key) is not entry:
            continue
        if not entry.translated and not entry.translator_comments:
            continue  # nothing a person wrote would be lost
        obsolete.append(_as_obsolete(entry))
    result.entries = merged + obsolete
    managed[PLURAL_FORMS] = _plural_forms(result, existing_plural_forms, managed[PLURAL_FORMS])
    _apply_headers(result, managed)
    return result


class _Offers:
    """Which earlier translation a segment that has none of its own is offered, as fuzzy.

    Candidates are earlier translations a person wrote or approved. An unreviewed machine
    or memory draft is not offered: its text was drafted for another source, `polyglot
    translate` drafts the new one instead, and the offer may not carry the draft's
    provenance comment (shared/design.md), so it would pass for a person's work.

    A changed segment came from a text that left the source, or from a text that is in the
    source at fewer places than before (one of two identical paragraphs was edited): those
    are offered from FUZZY_THRESHOLD. The other texts are still everywhere they were, so
    a segment resembling one of them was added, not edited; it is offered that text's
    translation only from NEW_SEGMENT_THRESHOLD (a near repeat), and otherwise stays
    untranslated for a translator or `polyglot translate`. On equal scores, texts that
    left the source come first, then the earlier entry.
    """

    def __init__(self, earlier: Iterable[Entry], template: Catalog):
        self.earlier = earlier
        self.template = template
        self.pools: tuple[list[Entry], list[str], list[Entry], list[str]] | None = None

    def _pools(self) -> tuple[list[Entry], list[str], list[Entry], list[str]]:
        """Made on the first segment without a translation: most merges have none."""
        if self.pools is None:
            places = {entry.key: len(entry.occurrences) for entry in self.template.entries}
            left: list[Entry] = []
            fewer: list[Entry] = []
            others: list[Entry] = []
            for entry in self.earlier:
                # Singular entries only, so "translated" is a non-empty msgstr.
                if (
                    entry.msgid_plural is not None
                    or not entry.msgstr
                    or (FUZZY in entry.flags and entry.provenance is not None)
                ):
                    continue
                now = places.get(entry.key)
                if now is None:
                    left.append(entry)
                elif len(entry.occurrences) > now:
                    fewer.append(entry)
                else:
                    others.append(entry)
            origins = left + fewer
            self.pools = (
                origins,
                [entry.msgid for entry in origins],
                others,
                [entry.msgid for entry in others],
            )
        return self.pools

    def best(self, msgid: str) -> Entry | None:
        origins, origin_ids, others, other_ids = self._pools()
        origin = (
            process.extractOne(msgid, origin_ids, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
            if origin_ids
            else None
        )
        # Another text wins only with a higher score: ask for no less.
        cutoff = max(NEW_SEGMENT_THRESHOLD, origin[1] if origin is not None else 0.0)
        other = (
            process.extractOne(msgid, other_ids, scorer=fuzz.ratio, score_cutoff=cutoff)
            if other_ids
            else None
        )
        if other is not None and (origin is None or other[1] > origin[1]):
            return others[other[2]]
        return origins[origin[2]] if origin is not None else None


def _plural_forms(catalog: Catalog, existing: str | None, cldr: str) -> str:
    """The Plural-Forms to write: the catalogue's own while `msgfmt -c` accepts it for the
    entries, else CLDR's; every active plural entry is then given exactly that many forms.

    A header msgfmt refuses (unparsable, or a rule that yields a form it does not have) is
    replaced by CLDR's. A valid header that some entries do not fit (the file already
    failed `msgfmt -c`) is kept if it fits at least as many entries as CLDR's would: the
    translators chose it. Entries that fit neither get the forms the header asks for (see
    _fit_forms).
    """
    plural = [entry for entry in catalog.active if entry.msgid_plural is not None]

    def fitting(value: str | None) -> int:
        count = None if value is None else plural_count(value)
        if count is None:
            return -1
        return sum(1 for entry in plural if sorted(entry.msgstr_plural) == list(range(count)))

    own = fitting(existing)
    chosen = existing if existing is not None and own >= 0 and own >= fitting(cldr) else cldr
    count = plural_count(chosen)
    assert count is not None, chosen  # CLDR's rules are valid
    for entry in plural:
        _fit_forms(entry, count)
    return chosen


def _fit_forms(entry: Entry, count: int) -> None:
    """Give a plural entry exactly `count` forms without losing a word of it.

    Missing forms are added empty (the entry is then untranslated, its other forms kept);
    forms beyond `count` are kept in a translator comment, and the entry is marked fuzzy
    so that a reviewer sees what changed.
    """
    forms = entry.translations
    if sorted(entry.msgstr_plural) == list(range(count)):
        return
    kept = forms[:count] + [""] * (count - len(forms))
    entry.msgstr_plural = dict(enumerate(kept))
    extra = [form for form in forms[count:] if form]
    if extra:
        shown = " ".join(json.dumps(form, ensure_ascii=False) for form in extra)
        entry.translator_comments.append(
            f"polyglot: forms beyond Plural-Forms' nplurals={count}, kept here: {shown}"
        )
        entry.set_fuzzy(True)


def _carry_over(earlier: Entry, message: Entry) -> Entry:
    entry = Entry(
        msgid=earlier.msgid,
        msgstr=earlier.msgstr,
        msgctxt=earlier.msgctxt,
        msgid_plural=earlier.msgid_plural,
        msgstr_plural=dict(earlier.msgstr_plural),
        flags=list(earlier.flags),
        translator_comments=list(earlier.translator_comments),
        extracted_comments=list(message.extracted_comments),
        occurrences=list(message.occurrences),
    )
    if entry.fuzzy:
        entry.previous_msgctxt = earlier.previous_msgctxt
        entry.previous_msgid = earlier.previous_msgid
        entry.previous_msgid_plural = earlier.previous_msgid_plural
    return entry


def _as_obsolete(entry: Entry) -> Entry:
    return Entry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        flags=list(entry.flags),
        translator_comments=list(entry.translator_comments),
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=True,
    )


# ---------------------------------------------------------------- the counting reader
#
# `polyglot status` reads every catalogue of a workspace (10,000 in the benchmark corpus),
# where parse_po's line-by-line loop is too slow. This reader matches a whole entry with
# one compiled regex and keeps only what decides a state: msgctxt, msgid, msgid_plural,
# msgstr(s), flags, translator comments, obsolete. It accepts only the regular layout that
# gettext tools and editors write; anything else (odd indentation, CR line endings, a BOM,
# a line it does not understand) is handed to parse_po, so the two readers never disagree
# and a malformed file is reported exactly as parse_po reports it.

_Q = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"[ \t]*\n'  # one quoted string and its line end
_COMMENTS = r"(?:\#(?:[^~\n][^\n]*)?\n)*"  # any comment line but obsolete ones
_ENTRY = re.compile(
    r"(?:[ \t]*\n)*"
    r"(?P<comments>" + _COMMENTS + r")"
    r"(?:msgctxt[ \t]+(?P<msgctxt>" + _Q + r"(?:" + _Q + r")*))?"
    r"msgid[ \t]+(?P<msgid>" + _Q + r"(?:" + _Q + r")*)"
    r"(?:msgid_plural[ \t]+(?P<plural>" + _Q + r"(?:" + _Q + r")*))?"
    r"(?P<msgstr>(?:msgstr(?:\[\d+\])?[ \t]+" + _Q + r"(?:" + _Q + r")*)+)"
)
_OBSOLETE_BLOCK = re.compile(r"(?:[ \t]*\n)*" + _COMMENTS + r"(?:\#~[^\n]*\n)+")
_BLANK_TAIL = re.compile(r"(?:[ \t]*\n)*\Z")
_PIECE = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
_MSGSTR_FORM = re.compile(r"^msgstr(?:\[(\d+)\])?[ \t]+", re.MULTILINE)
_FLAG_LINE = re.compile(r"^#,([^\n]*)", re.MULTILINE)
_TRANSLATOR_LINE = re.compile(r"^#(?![.:,|])([^\n]*)", re.MULTILINE)


class _Irregular(Exception):
    """The file is not in the regular layout; parse_po reads it instead."""


def read_for_counting(
    data: bytes, path: Path | str = "<string>", memo: dict[str, str] | None = None
) -> Catalog:
    """The catalogue with just what decides each entry's state, read fast.

    Entries carry msgctxt, msgid, msgid_plural, msgstr(s), flags, translator comments and
    obsolete (not references, extracted comments or previous msgids), so `Entry.state`,
    `machine_provenance` and `ignored_checks` answer as after parse_po. Pass the same
    `memo` for many files: msgids repeat in every language of a statement.
    """
    if memo is None:
        memo = {}
    try:
        return _read_regular(data.decode("utf-8"), memo)
    except (_Irregular, _BadEscape, UnicodeDecodeError):
        catalog = parse_po(data, path)
        for entry in catalog.entries:
            entry.occurrences, entry.extracted_comments = [], []
            entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
            entry.line = 0
        return catalog


def _read_regular(text: str, memo: dict[str, str]) -> Catalog:
    if not text.endswith("\n"):
        text += "\n"
    entries: list[Entry] = []
    position = 0
    end = len(text)
    match_entry = _ENTRY.match
    while position < end:
        match = match_entry(text, position)
        if match is None:
            block = _OBSOLETE_BLOCK.match(text, position)
            if block is None:
                if _BLANK_TAIL.match(text, position):
                    break
                raise _Irregular
            # Obsolete entries are few; the reference parser reads them exactly.
            try:
                entries.extend(parse_po(block.group(0).encode("utf-8")).entries)
            except CatalogError:
                raise _Irregular from None
            position = block.end()
            continue
        position = match.end()
        comments, msgctxt_raw, msgid_raw, plural_raw, msgstr_raw = match.groups()
        msgid = memo.get(msgid_raw)
        if msgid is None:
            msgid = memo[msgid_raw] = _text(msgid_raw)
        # The common case inline (one msgstr, no context, no plural, no escapes): this loop
        # runs 600k times for a 500 × 20 workspace, and every call counts.
        if (
            msgctxt_raw is None
            and plural_raw is None
            and msgstr_raw.startswith('msgstr "')
            and msgstr_raw.endswith('"\n')
            and "\\" not in msgstr_raw
            and "\nmsgstr" not in msgstr_raw
        ):
            msgstr = msgstr_raw[8:-2].replace('"\n"', "")
            if '"' in msgstr:  # blanks after a closing quote
                msgstr = _text(msgstr_raw[7:])
            # Positional, every container given: keyword parsing and default factories
            # cost more than the rest. Field order: see Entry.
            entry = Entry(msgid, msgstr, None, None, {}, [], [], [], [])
        else:
            entry = _entry(msgid, msgctxt_raw, plural_raw, msgstr_raw, memo)
        if comments:
            if "#," in comments:
                for flags in _FLAG_LINE.findall(comments):
                    entry.flags.extend(flag.strip() for flag in flags.split(",") if flag.strip())
            for raw in _TRANSLATOR_LINE.findall(comments):
                # As parse_po: the line stripped, then one space after `#` dropped.
                comment = raw.rstrip(" \t\r")
                entry.translator_comments.append(
                    comment[1:] if comment.startswith(" ") else comment
                )
        entries.append(entry)
    for entry in entries:
        if entry.msgid_plural is not None and not entry.msgstr_plural:
            raise _Irregular
    try:
        return _with_header(entries, "<string>")
    except CatalogError:
        raise _Irregular from None  # parse_po reports it with the right line


def _text(raw: str) -> str:
    """The text of one field's quoted strings, escapes resolved."""
    if "\\" in raw:
        # Piece by piece, as parse_po: `"\1" "23"` is \1 then 23, not \123.
        return "".join(_unescape(piece) for piece in _PIECE.findall(raw))
    if raw.endswith('"\n'):
        # Without backslashes the only quotes are the delimiters: `"a"\n"b"\n` → ab.
        text = raw[1:-2].replace('"\n"', "")
        if '"' not in text:
            return text
    return "".join(_PIECE.findall(raw))


def _string(raw: str, memo: dict[str, str]) -> str:
    """_text for texts that repeat from file to file (msgids), memoised."""
    text = memo.get(raw)
    if text is None:
        text = memo[raw] = _text(raw)
    return text


def _entry(
    msgid: str,
    msgctxt_raw: str | None,
    plural_raw: str | None,
    msgstr_raw: str,
    memo: dict[str, str],
) -> Entry:
    """An entry with a context, plural forms, escapes or several msgstr lines."""
    entry = Entry(
        msgid,
        "",
        None if msgctxt_raw is None else _string(msgctxt_raw, memo),
        None,
        {},
        [],
        [],
        [],
        [],
    )
    if plural_raw is None and msgstr_raw.startswith("msgstr ") and "\nmsgstr" not in msgstr_raw:
        entry.msgstr = _text(msgstr_raw[7:].lstrip(" \t"))
        return entry
    forms = _MSGSTR_FORM.split(msgstr_raw)
    # split → ["", index-or-None, strings, index-or-None, strings, …]
    indices = forms[1::2]
    if plural_raw is None:
        if indices != [None]:
            raise _Irregular  # msgstr twice, or msgstr[n] without msgid_plural: parse_po's error
        entry.msgstr = _text(forms[2])
        return entry
    entry.msgid_plural = _string(plural_raw, memo)
    if None in indices or [int(index) for index in indices] != list(range(len(indices))):
        raise _Irregular  # a plain msgstr, or forms out of order: parse_po's error
    for number, strings in enumerate(forms[2::2]):
        entry.msgstr_plural[number] = _text(strings)
    return entry


# ---------------------------------------------------------------- the state reader
#
# `polyglot status` needs of each entry only its msgid (for its words), its msgctxt and its
# state, and building 600k Entry objects for the benchmark corpus cost more than reading
# the files. This reader matches the same regular layout as read_for_counting, on the
# bytes (a bytes regex is a third faster than one on the decoded text), decodes only the
# msgids (once per statement: the memo is keyed by the raw bytes) and takes the state
# from the raw msgstr and comments; one regex reads the common entry and says whether
# its msgstr is empty. Contexts, plurals and obsolete entries go to the text reader's
# code, anything irregular to parse_po, so it never disagrees with parse_po either.

# _ENTRY on bytes, every repetition possessive: none ever needs to give back what it
# matched (what follows each cannot start as it ends), and not recording the points to
# backtrack to makes the match a tenth faster.
_Q_BYTES = rb'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"[ \t]*+\n'
_STRINGS_BYTES = _Q_BYTES + rb"(?:" + _Q_BYTES + rb")*+"
_ENTRY_BYTES = re.compile(
    rb"(?:[ \t]*+\n)*+"
    rb"(?P<comments>(?:\#(?:[^~\n][^\n]*+)?\n)*+)"
    rb"(?:msgctxt[ \t]++(?P<msgctxt>" + _STRINGS_BYTES + rb"))?"
    rb"msgid[ \t]++(?P<msgid>" + _STRINGS_BYTES + rb")"
    rb"(?:msgid_plural[ \t]++(?P<plural>" + _STRINGS_BYTES + rb"))?"
    rb"(?P<msgstr>(?:msgstr(?:\[\d++\])?[ \t]++" + _STRINGS_BYTES + rb")++)"
)
_OBSOLETE_BLOCK_BYTES = re.compile(_OBSOLETE_BLOCK.pattern.encode())
_BLANK_TAIL_BYTES = re.compile(_BLANK_TAIL.pattern.encode())
_FLAG_LINE_BYTES = re.compile(rb"^#,([^\n]*)", re.MULTILINE)
# The common entry: no msgctxt, no plural, one `msgstr`. Group 3 holds the msgstr's
# strings when each is "" (its text is empty). The msgid's lines are only taken as lines
# that start with a quote: scanning them strictly cost a quarter of the time, and a msgid
# is checked with _MSGID_BYTES when first seen (the memo holds only checked ones; they
# repeat in every language), so an entry matched here is one _ENTRY_BYTES matches.
_COMMON_ENTRY_BYTES = re.compile(
    rb"(?:[ \t]*+\n)*+"
    rb"((?:\#(?:[^~\n].*+)?\n)*+)"
    rb'msgid[ \t]++((?:".*+\n)++)'
    rb'msgstr[ \t]++(?:((?:""[ \t]*+\n)++)(?!")|' + _STRINGS_BYTES + rb")"
    rb"(?!msgstr|msgid_plural)"
)
_MSGID_BYTES = re.compile(_STRINGS_BYTES)
# A translator comment (parse_po drops one space after `#`) starting with the prefix;
# `#.`, `#:`, `#,` and `#|` lines cannot match.
_MACHINE_LINE_BYTES = re.compile(
    rb"^# ?" + re.escape(MACHINE_COMMENT_PREFIX.encode()), re.MULTILINE
)
_FUZZY_LINE = b"#, fuzzy\n"  # the usual flag line: no need to split it
_FUZZY_LATER_LINE = b"\n" + _FUZZY_LINE

EntryState = tuple[str | None, str, str]  # msgctxt, msgid, state


def read_states(
    data: bytes, path: Path | str = "<string>", memo: dict[bytes, str] | None = None
) -> list[EntryState]:
    """(msgctxt, msgid, state) of every entry but the header, in file order, read fast.

    Exactly `[(e.msgctxt, e.msgid, e.state) for e in parse_po(data, path).entries]`, and a
    malformed file raises parse_po's CatalogError. Pass the same `memo` for the catalogues
    of one statement: their msgids are the same.
    """
    if memo is None:
        memo = {}
    try:
        data.decode("utf-8")  # parse_po refuses what is not UTF-8; only msgids are decoded
        return _states_regular(data, memo)
    except (_Irregular, _BadEscape, UnicodeDecodeError):
        return [(entry.msgctxt, entry.msgid, entry.state) for entry in parse_po(data, path).entries]


def _states_regular(data: bytes, memo: dict[bytes, str]) -> list[EntryState]:
    if not data.endswith(b"\n"):
        data += b"\n"
    states: list[EntryState] = []
    position = _skip_header(data)
    end = len(data)
    match_common = _COMMON_ENTRY_BYTES.match
    search_machine = _MACHINE_LINE_BYTES.search
    while position < end:
        match = match_common(data, position)
        if match is None:
            position = _uncommon_entry(data, position, memo, states)
            continue
        position = match.end()
        comments, msgid_raw, empty = match.groups()
        msgid = memo.get(msgid_raw)
        if msgid is None:
            if _MSGID_BYTES.fullmatch(msgid_raw) is None:
                raise _Irregular
            msgid = memo[msgid_raw] = _text(msgid_raw.decode("utf-8"))
        if empty is None and b"\\" in data[match.end(2) : position]:
            _text(data[match.end(2) : position].decode("utf-8"))  # _BadEscape as parse_po
        if empty is not None:
            state = UNTRANSLATED
        elif b"#," in comments and (
            comments.startswith(_FUZZY_LINE) or _FUZZY_LATER_LINE in comments or _fuzzy(comments)
        ):
            state = MACHINE if search_machine(comments) else NEEDS_REVIEW
        else:
            state = APPROVED
        states.append((None, msgid, state))
    # Distinct msgids (a set built in C) rule out duplicates; else the exact key decides.
    if len(set(map(itemgetter(1), states))) != len(states):
        seen = {(msgctxt, msgid, state == OBSOLETE) for msgctxt, msgid, state in states}
        if len(seen) != len(states):
            raise _Irregular  # a duplicate: parse_po reports it with its line
    return states


def _skip_header(data: bytes) -> int:
    """Where the entries after the header start (0 without one); _Irregular for a bad one."""
    match = _ENTRY_BYTES.match(data)
    if match is None:
        return 0  # an obsolete entry first, or something _uncommon_entry will judge
    _, msgctxt_raw, msgid_raw, plural_raw, msgstr_raw = match.groups()
    if msgctxt_raw is not None or _text(msgid_raw.decode("utf-8")) != "":
        return 0
    _check_header(plural_raw, msgstr_raw)
    return match.end()


def _uncommon_entry(
    data: bytes, position: int, memo: dict[bytes, str], states: list[EntryState]
) -> int:
    """Read an entry with a context, plural forms or msgstr[n], or obsolete entries, into
    `states`; where the next entry starts."""
    match = _ENTRY_BYTES.match(data, position)
    if match is None:
        block = _OBSOLETE_BLOCK_BYTES.match(data, position)
        if block is None:
            if _BLANK_TAIL_BYTES.match(data, position):
                return len(data)
            raise _Irregular
        try:
            obsolete = parse_po(block.group(0)).entries
        except CatalogError:
            raise _Irregular from None
        states.extend((entry.msgctxt, entry.msgid, entry.state) for entry in obsolete)
        return block.end()
    comments, msgctxt_raw, msgid_raw, plural_raw, msgstr_raw = match.groups()
    msgid = memo.get(msgid_raw)
    if msgid is None:
        msgid = memo[msgid_raw] = _text(msgid_raw.decode("utf-8"))
    # The text reader's code decides.
    entry = _entry(
        msgid,
        None if msgctxt_raw is None else msgctxt_raw.decode("utf-8"),
        None if plural_raw is None else plural_raw.decode("utf-8"),
        msgstr_raw.decode("utf-8"),
        {},
    )
    if entry.msgid_plural is not None and not entry.msgstr_plural:
        raise _Irregular
    if comments:
        _comments_into(entry, comments.decode("utf-8"))
    states.append((entry.msgctxt, msgid, entry.state))
    return match.end()


def _fuzzy(comments: bytes) -> bool:
    for line in _FLAG_LINE_BYTES.findall(comments):
        # Decoded, so that the flags are stripped of exactly what parse_po strips.
        if any(flag.strip() == FUZZY for flag in line.decode("utf-8").split(",")):
            return True
    return False


def _comments_into(entry: Entry, comments: str) -> None:
    """Flags and translator comments, as _read_regular reads them."""
    if "#," in comments:
        for flags in _FLAG_LINE.findall(comments):
            entry.flags.extend(flag.strip() for flag in flags.split(",") if flag.strip())
    for raw in _TRANSLATOR_LINE.findall(comments):
        comment = raw.rstrip(" \t\r")
        entry.translator_comments.append(comment[1:] if comment.startswith(" ") else comment)


def _check_header(plural_raw: bytes | None, msgstr_raw: bytes) -> None:
    """Raise _Irregular for a header _with_header would refuse (a line without a colon)."""
    if plural_raw is not None or not msgstr_raw.startswith(b"msgstr ") or b"\nmsgstr" in msgstr_raw:
        # Never written so; the text reader's code decides.
        plural = None if plural_raw is None else plural_raw.decode("utf-8")
        header = _entry("", None, plural, msgstr_raw.decode("utf-8"), {})
        if header.msgid_plural is not None and not header.msgstr_plural:
            raise _Irregular
        try:
            _with_header([header], "<string>")
        except CatalogError:
            raise _Irregular from None
        return
    raw = msgstr_raw[7:].decode("utf-8")
    if raw.count("\\") == raw.count("\\n"):
        # Every backslash starts a `\n` (the usual header): no other escape to resolve.
        text = "".join(_PIECE.findall(raw)).replace("\\n", "\n")
    else:
        text = _text(raw)
    for line in text.split("\n"):
        if line.strip() and ":" not in line:
            raise _Irregular  # parse_po reports it with the right line
