"""XLIFF 1.2 documents for CAT tools, written and read with translate-toolkit's `xlifffile`.

One document per statement and language: a `<file>` whose `original` is the statement's
path and whose `target-language` is the catalogue's, a `<trans-unit>` per entry. A unit's
id is a hash of its source text, so a unit whose source changed since the export no
longer finds an entry; its source is also compared with the entry's, tag by tag.

States: approved → `approved="yes"`, `state="final"`; fuzzy → `needs-review-translation`
(with `state-qualifier` `leveraged-mt` for a machine draft, `leveraged-tm` for a memory
pre-fill); untranslated → an empty target, `state="new"`. Notes carry what the catalogue's
`#.` lines tell a translator (the kind of segment, the glossary's renderings), the
translator comments (`from="translator"`), where a draft came from (`from="polyglot"`:
"draft from machine translation: …", "draft from memory: …"), and a fuzzy entry's
previous source text.

Coming back, a target is approved when its state says a person confirmed it (`translated`,
`signed-off`, `final`, or `approved="yes"` with no state) and `approved` does not say
"no"; fuzzy otherwise (`new`, `needs-…`, `approved="no"`, or nothing said).

OpenXLIFF's PO filter (and so Swordfish) keeps each .po string as the file holds it,
escapes and line wraps included: such a <file> is read as OpenXLIFF's merge reads it.
So does Okapi's, with codes for printf's `%s` and the like (okapi.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from io import BytesIO
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

from lxml import etree
from translate.storage import xliff

from polyglot_statement import __version__
from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import XliffError
from polyglot_statement.exchange.okapi import is_okapi_po
from polyglot_statement.inline import (
    Conversion,
    InlineError,
    Part,
    markdown_parts,
    plain_parts,
    renumbered,
    target_ids,
    write_xliff,
    xliff_parts,
)
from polyglot_statement.languages import UnknownLanguage, bcp47, normalise, workspace_language
from polyglot_statement.po import APPROVED, MACHINE, MEMORY, PROVENANCE_PREFIXES, Catalog, Entry
from polyglot_statement.po.parser import BadEscape, unescape
from polyglot_statement.source import GLOSSARY_PREFIX, is_plain_text
from polyglot_statement.xmlchars import syntax_error, xml_text

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
DATATYPE = "x-markdown"


class _Unit(xliff.xliffunit):
    namespace = NAMESPACE


class _Document(xliff.xlifffile[_Unit]):
    UnitClass = _Unit
    namespace = NAMESPACE


def unit_id(entry: Entry) -> str:
    """A trans-unit's id: its source text's, so that an edited source finds no entry."""
    key = (entry.msgctxt or "") + "\x04" + entry.msgid
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def exportable(entry: Entry) -> bool:
    return not entry.obsolete and entry.msgid_plural is None and bool(entry.msgid)


@dataclass(frozen=True, slots=True)
class Segment:
    """An entry's source and translation as XLIFF parts, ids the source's piece numbers."""

    conversion: Conversion
    source: list[Part]
    target: list[Part]
    plain: bool = False  # a front-matter value: text, never Markdown


def segment(entry: Entry, dialect: Dialect = COMMONMARK) -> Segment:
    """The entry's parts; `dialect`'s generator items are placeholders."""
    if is_plain_text(entry):
        conversion, source = plain_parts(entry.msgid)
        return Segment(conversion, source, plain_parts(entry.msgstr)[1], plain=True)
    conversion, source = markdown_parts(entry.msgid, dialect)
    target: list[Part] = []
    if entry.msgstr:
        translated, parts = markdown_parts(entry.msgstr, dialect)
        target = renumbered(parts, target_ids(conversion, translated))
    return Segment(conversion, source, target)


# ---------------------------------------------------------------- writing


UNITS_PER_PART = 1_000
"""Units built as one tree at a time: a catalogue of 10⁶ entries as one tree of
translate-toolkit units took 4.3 GB; in parts, the tree of one part and the bytes."""


def write_document(
    catalog: Catalog,
    original: str,
    source_language: str,
    language: str,
    glossary_notes: Any = None,
    dialect: Dialect = COMMONMARK,
) -> tuple[bytes, dict[str, int]]:
    """The XLIFF document for one catalogue, and how many units of each state it holds.

    `glossary_notes(msgid, language)` gives the glossary's lines for an entry (the
    current glossary's, as extract would write them); None to take the catalogue's."""
    counts: dict[str, int] = {}
    chunks = document_chunks(
        catalog.entries,
        original,
        source_language,
        language,
        glossary_notes,
        counts,
        dialect=dialect,
    )
    return b"".join(chunks), counts


def document_chunks(
    entries: Iterable[Entry],
    original: str,
    source_language: str,
    language: str,
    glossary_notes: Any,
    counts: dict[str, int],
    *,
    dialect: Dialect = COMMONMARK,
) -> Iterator[bytes]:
    """write_document's bytes for a catalogue's `entries` (its header left out), a part at
    a time, for writing to a file as they come; `counts` holds how many units of each
    state the document has once the last chunk is taken. The entries are taken a part at
    a time too: from po.iter_po, a catalogue is never held whole.

    A large catalogue is written UNITS_PER_PART units at a time, each part a document of
    its own whose units are cut out of its bytes: the indentation of a unit depends only
    on its depth, so the parts joined are byte for byte the document made as one tree.
    Only one part is held at a time (the whole document of 10⁵ entries was 55 MB, held
    twice while it was joined).
    """
    counts.update(approved=0, fuzzy=0, untranslated=0)
    exported = filter(exportable, entries)
    # A unit's text holds no `<` unescaped: the first `<trans-unit` and the last
    # `</trans-unit>` of a part are its first unit's start and its last unit's end.
    opening, closing = b"<trans-unit", b"</trans-unit>"
    between = tail = b""
    batch = list(islice(exported, UNITS_PER_PART))
    first = True
    while first or batch:
        document = _document(original, source_language, language)
        for entry in batch:
            _add_unit(document, entry, language, glossary_notes, counts, dialect)
        part = bytes(document)
        del document
        # The next part's entries read before this part is given: a document of one part
        # is given whole.
        batch = list(islice(exported, UNITS_PER_PART))
        if first and not batch:
            yield part
            return
        if first:
            first = False
            # What stands before a unit (after <body> or after the unit before it): a new
            # line and the indentation of its depth; the part's end closes the document.
            units_start = part.index(opening)
            between = part[part.rindex(b">", 0, units_start) + 1 : units_start]
            units_end = part.rindex(closing) + len(closing)
            tail = part[units_end:]
            yield part[:units_end]
        else:
            yield between
            yield part[part.index(opening) : part.rindex(closing) + len(closing)]
    yield tail


def _document(original: str, source_language: str, language: str) -> _Document:
    """An XLIFF document with its <file> and <header>, and no unit yet."""
    skeleton = (
        f'<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="{NAMESPACE}">'
        f"<file><header/><body/></file></xliff>"
    ).encode()
    document = _Document(BytesIO(skeleton))
    file = document.document.getroot()[0]
    file.set("original", original)
    file.set("source-language", bcp47(source_language))
    file.set("target-language", bcp47(language))
    file.set("datatype", DATATYPE)
    etree.SubElement(
        file[0],
        f"{{{NAMESPACE}}}tool",
        {
            "tool-id": "polyglot-statement",
            "tool-name": "polyglot-statement",
            "tool-version": __version__,
        },
    )
    return document


def _add_unit(
    document: _Document,
    entry: Entry,
    language: str,
    glossary_notes: Any,
    counts: dict[str, int],
    dialect: Dialect = COMMONMARK,
) -> None:
    parts = segment(entry, dialect)
    unit = _Unit("")
    document.addunit(unit)
    unit.setid(unit_id(entry))
    write_xliff(unit.source_dom, parts.source, NAMESPACE)
    unit.settarget("")
    target = unit.target_dom
    write_xliff(target, parts.target, NAMESPACE)
    state = entry.state
    if state == APPROVED:
        unit.markapproved(True)
        target.set("state", "final")
        counts["approved"] += 1
    elif entry.msgstr:
        target.set("state", "needs-review-translation")
        if state == MACHINE:
            target.set("state-qualifier", "leveraged-mt")
        elif state == MEMORY:
            target.set("state-qualifier", "leveraged-tm")
        counts["fuzzy"] += 1
    else:
        target.set("state", "new")
        counts["untranslated"] += 1
    if entry.occurrences:
        contexts: list[tuple[str, str]] = []
        for occurrence in entry.occurrences[:1]:
            file_name, _, line = occurrence.rpartition(":")
            contexts.append(("sourcefile", xml_text(file_name or occurrence)))
            if line.isdigit():
                contexts.append(("linenumber", line))
        # Unnamed: the schema wants a context-group's name unique in its <file>, and
        # purpose="location" is what CAT tools look for.
        group = etree.SubElement(
            unit.xmlelement, f"{{{NAMESPACE}}}context-group", purpose="location"
        )
        for context_type, value in contexts:
            context = etree.SubElement(
                group, f"{{{NAMESPACE}}}context", {"context-type": context_type}
            )
            context.text = value
    kinds = [c for c in entry.extracted_comments if not c.startswith(GLOSSARY_PREFIX)]
    glossary = (
        glossary_notes(entry.msgid, language)
        if glossary_notes is not None
        else [c for c in entry.extracted_comments if c.startswith(GLOSSARY_PREFIX)]
    )
    for note in [*kinds, *glossary]:
        unit.addnote(xml_text(note), origin="polyglot")
    for comment in entry.translator_comments:
        if comment.startswith(PROVENANCE_PREFIXES):
            # Written by this tool about the draft, not by a translator: a CAT tool
            # shows who wrote a note, and a reviewer must see where the text is from.
            unit.addnote(xml_text(f"draft from {comment}"), origin="polyglot")
        else:
            unit.addnote(xml_text(comment), origin="translator")
    if entry.fuzzy and entry.previous_msgid is not None:
        previous = xml_text(entry.previous_msgid)
        unit.addnote(f"previous source text: {previous}", origin="polyglot")


# ---------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class IncomingUnit:
    id: str
    line: int  # the trans-unit's
    target_line: int  # the target's (the unit's when it has none)
    source: list[Part]
    target: list[Part] | None
    approved: bool
    context: str | None = None  # a gettext msgctxt the producer carried over, if any
    okapi: str | None = None  # Okapi's PO filter's unit (okapi.py): its resname


@dataclass(slots=True)
class IncomingFile:
    """One <file> of an XLIFF document: a statement's catalogue in one language."""

    path: Path
    line: int
    statement: str
    language: str
    units: list[IncomingUnit] = field(default_factory=list)


_CONFIRMED = frozenset({"translated", "signed-off", "final"})


def _approved(unit: Any, target: Any) -> bool:
    """Whether a target comes in approved: XLIFF's `approved` and `state` read together,
    the stricter winning (the table is in docs/memory.md). `approved="no"` is a tool
    saying no one approved it, whatever the state (po2xliff writes a fuzzy entry so, and
    Okapi and Weblate an unreviewed one); a `new` or `needs-…` state is work to do even
    where `approved="yes"` was left over; with neither said, nobody confirmed it."""
    state = target.get("state") if target is not None else None
    approved = unit.xmlelement.get("approved")
    if approved == "no":
        return False
    if state in _CONFIRMED:
        return True
    if state is not None and not state.startswith("x-"):
        return False  # new, needs-translation, needs-review-…
    return bool(approved == "yes")


def read_document(
    data: bytes,
    path: Path,
    statements: Sequence[str],
    source_language: str,
    languages: Sequence[str],
) -> list[IncomingFile]:
    """The files of an XLIFF 1.x document; XliffError naming the line for what cannot be
    read back: malformed XML, another format, an unknown statement or language."""
    document = _parse(data, path)
    root = document.document.getroot()
    files: list[IncomingFile] = []
    by_element: dict[Any, IncomingFile] = {}
    literal: set[Any] = set()  # the <file>s of OpenXLIFF's PO filter
    for file in root.iterchildren(f"{{{document.namespace}}}file"):
        incoming = _file(file, path, statements, source_language, languages)
        files.append(incoming)
        by_element[file] = incoming
        if _po_literal(file):
            literal.add(file)
    if not files:
        raise XliffError("no <file> element: nothing to import", path, root.sourceline)
    for unit in document.units:
        element = unit.xmlelement
        file = next(element.iterancestors(f"{{{document.namespace}}}file"), None)
        owner = by_element.get(file)
        if owner is None:
            raise XliffError("a <trans-unit> outside any <file>", path, element.sourceline)
        if not _header(element):
            read = _unit(unit, path, po_literal=file in literal)
            if is_okapi_po(file):  # its texts are read against the catalogue (okapi.py)
                read = replace(read, okapi=element.get("resname") or "")
            owner.units.append(read)
    return files


def _po_literal(file: Any) -> bool:
    """Whether a <file> is OpenXLIFF's conversion of a .po file, whose texts are the .po's
    string literals as they stand: escapes kept (`\\n`, `\\"`), and each of the .po's
    line wraps a new line (its merge writes a target back between quotes as it is)."""
    if file.get("datatype") != "po":
        return False
    tools = [file.get("tool-id"), *(tool.get("tool-id") for tool in file.iter("{*}tool"))]
    return "OpenXLIFF" in tools


def _literal_text(text: str, path: Path, line: int) -> str:
    """A .po string literal's text, as OpenXLIFF's merge would make it: the line wraps
    joined, the escapes resolved (a quote typed bare is taken as typed)."""
    try:
        return unescape(text.replace("\n", ""))
    except BadEscape as error:
        raise XliffError(
            f"{error}; OpenXLIFF keeps the .po's escapes in its texts",
            path,
            line,
        ) from None


_HEADER_RESTYPE = "x-gettext-domain-header"


def _header(element: Any) -> bool:
    """Whether a unit is a PO file's header, which a converter from .po (translate-toolkit's
    po2xliff, Okapi, Weblate) writes as a unit of its own: it is no segment to import."""
    if element.get("restype") == _HEADER_RESTYPE:
        return True
    source = next(element.iterchildren("{*}source"), None)
    text = "".join(source.itertext()) if source is not None else ""
    return text.startswith(("Project-Id-Version:", "Content-Type: text/plain"))


# Where converters from .po files put a msgctxt (Okapi's and translate-toolkit's, OpenXLIFF's).
_CONTEXT_TYPES = frozenset({"x-po-msgctxt", "x-gettext-msgctxt", "x-msgctxt"})


def _context(element: Any) -> str | None:
    # The unit's own context groups: an <alt-trans> (a match offered) has its own.
    for group in element.iterchildren("{*}context-group"):
        for context in group.iterchildren("{*}context"):
            if context.get("context-type") in _CONTEXT_TYPES:
                return "".join(context.itertext())
    return None


def _parse(data: bytes, path: Path) -> Any:
    try:
        document = _Document(BytesIO(data))
    except etree.XMLSyntaxError as error:
        said, line = syntax_error(error.msg, error.lineno)
        raise XliffError(said, path, line) from None
    except ValueError as error:
        if "XLIFF 2" in str(error):
            raise XliffError(
                "this is XLIFF 2; export XLIFF 1.2 from your tool (Trados, memoQ, Phrase and "
                "OmegaT all can)",
                path,
            ) from None
        raise XliffError(f"cannot be read as XLIFF: {error}", path) from None
    except (AssertionError, StopIteration, TypeError):
        raise XliffError("not an XLIFF 1.2 file (its root element is not <xliff>)", path) from None
    root = document.document.getroot()
    if etree.QName(root).localname != "xliff":
        raise XliffError(
            f"not an XLIFF file: its root element is <{etree.QName(root).localname}>",
            path,
            root.sourceline,
        )
    return document


def _file(
    file: Any, path: Path, statements: Sequence[str], source_language: str, languages: Sequence[str]
) -> IncomingFile:
    line = file.sourceline or 0
    original = file.get("original") or ""
    slug = _statement(original, file, statements)
    known_statement(slug, original, statements, path, line)
    check_source_language(
        "source-language", file.get("source-language") or "", source_language, path, line
    )
    code = file.get("target-language") or _target_language(file)
    if not code:
        raise XliffError(
            'the <file> has no target-language: add target-language="…" with the '
            "language of its targets",
            path,
            line,
        )
    language = target_language("target-language", code, languages, path, line)
    return IncomingFile(path, line, slug, language)


def known_statement(
    slug: str, original: str, statements: Sequence[str], path: Path, line: int | None
) -> None:
    """XliffError unless a file's statement (`slug`, from `original`) is the workspace's."""
    if slug not in statements:
        raise XliffError(
            f"the file is for {original!r}, which is no statement of this workspace "
            f"(known: {', '.join(statements) or 'none'}); was it exported from another one?",
            path,
            line,
        )


def check_source_language(
    attribute: str, code: str, source_language: str, path: Path, line: int | None
) -> None:
    """XliffError unless a file's source language (`attribute`'s value) is the statements'."""
    try:
        same_source = normalise(code).split("_")[0] == source_language.split("_")[0]
    except UnknownLanguage:
        same_source = False
    if not same_source:
        raise XliffError(
            f"{attribute} is {code!r}, but the statements are in {source_language}",
            path,
            line,
        )


def target_language(
    attribute: str, code: str, languages: Sequence[str], path: Path, line: int | None
) -> str:
    """The workspace language a file's target language (`attribute`'s value) names."""
    try:
        language = workspace_language(code, languages)
    except UnknownLanguage:
        raise XliffError(f"unknown {attribute} {code!r}", path, line) from None
    if language is None:
        raise XliffError(
            f"{attribute} {code!r} is not a language of this workspace "
            f"({', '.join(languages) or 'none'})",
            path,
            line,
        )
    return language


def _target_language(file: Any) -> str:
    """The language of a <file> that does not name it (optional in XLIFF 1.1; Weblate's
    .poxliff omits it): the `Language:` of the PO header unit a converter from .po keeps,
    else the xml:lang its targets carry (OmegaT's, Okapi's); "" when neither says."""
    for unit in file.iter("{*}trans-unit"):
        if _header(unit):
            target = next(unit.iterchildren("{*}target"), None)
            for line in "".join(target.itertext() if target is not None else ()).splitlines():
                name, _, value = line.partition(":")
                if name.strip() == "Language" and value.strip():
                    return value.strip()
    codes = {target.get(_XML_LANG) for target in file.iter("{*}target")} - {None, ""}
    return codes.pop() if len(codes) == 1 else ""


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _slug(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name.split(".", 1)[0]


def _statement(original: str, file: Any, statements: Sequence[str]) -> str:
    """The statement a <file> is for: named by its `original` (ours: source/<slug>.md; a
    converter's: the .po file, <slug>.po), else by where its units say their source is
    (the `#:` lines a converter from .po keeps as sourcefile contexts, when the .po went
    through another name on the way: csv2po's output, a download from Weblate), else by
    a group's or unit's `resname`."""
    slug = _slug(original)
    if slug in statements:
        return slug
    for context in file.iter("{*}context"):
        if context.get("context-type") == "sourcefile":
            found = _slug("".join(context.itertext()))
            if found in statements:
                return found
    # A tool that names the file after its own job keeps the document's name as the
    # resname of a group (or of its units).
    for element in file.iter("{*}group", "{*}trans-unit"):
        found = _slug(element.get("resname") or "")
        if found in statements:
            return found
    return slug


def _unit(unit: Any, path: Path, *, po_literal: bool = False) -> IncomingUnit:
    element = unit.xmlelement
    line = element.sourceline or 0
    source = unit.source_dom
    if source is None:
        raise XliffError("a <trans-unit> without <source>", path, line)
    target = unit.target_dom
    try:
        source_parts = xliff_parts(source)
        # translate="no": the unit is not for translation, whatever its target repeats.
        translatable = element.get("translate") != "no"
        target_parts = xliff_parts(target) if target is not None and translatable else None
    except InlineError as error:
        raise XliffError(str(error), path, error.line) from None
    incoming = IncomingUnit(
        id=element.get("id") or "",
        line=line,
        target_line=(target.sourceline if target is not None else None) or line,
        source=source_parts,
        target=target_parts,
        approved=_approved(unit, target),
        context=_context(element),
    )
    return literal_unit(incoming, path) if po_literal else incoming


def literal_unit(unit: IncomingUnit, path: Path) -> IncomingUnit:
    """A unit of OpenXLIFF's conversion of a .po file, its texts and msgctxt as the .po
    holds them (see _po_literal), with the texts they stand for."""

    def parts(found: list[Part], line: int) -> list[Part]:
        return [_literal_text(it, path, line) if isinstance(it, str) else it for it in found]

    return replace(
        unit,
        source=parts(unit.source, unit.line),
        target=None if unit.target is None else parts(unit.target, unit.target_line),
        context=None if unit.context is None else _literal_text(unit.context, path, unit.line),
    )
