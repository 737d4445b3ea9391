"""Write a catalogue in gettext's own layout, so that `msgcat` over our files changes no byte.

Line wrapping is gettext's (wrap.py); entries, comments and flags come in the order
gettext writes them; an obsolete entry with no translation is dropped, as gettext does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from polyglot_statement.po.model import FUZZY, Catalog, Entry
from polyglot_statement.po.wrap import PAGE_WIDTH, wrap_string


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
        msgstr="".join(
            f"{name}\n" if value is None else f"{name}: {value}\n"
            for name, value in catalog.headers
        ),
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
