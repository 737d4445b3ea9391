"""Reading XLIFF 2.0 and 2.1 documents (OpenXLIFF, Okapi and others write them) into the
same incoming files and units as XLIFF 1.2, so that import matches them the same way.

Only reading: the tool exports XLIFF 1.2. A unit's segments (and the ignorable whitespace
between them) are joined into one source and one target, as a unit is one entry of ours.
A unit is approved when every segment's `state` is `reviewed` or `final`; `translated`
is a draft, `initial` or no state nothing confirmed (docs/memory.md has the table).
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

from lxml import etree

from polyglot_statement.errors import XliffError
from polyglot_statement.exchange.xliff import (
    IncomingFile,
    IncomingUnit,
    _slug,
    check_source_language,
    known_statement,
    literal_unit,
    target_language,
)
from polyglot_statement.inline import (
    Close,
    InlineError,
    Open,
    Part,
    Placeholder,
    merge_text,
)
from polyglot_statement.xmlchars import syntax_error

NAMESPACES = frozenset(
    {"urn:oasis:names:tc:xliff:document:2.0", "urn:oasis:names:tc:xliff:document:2.1"}
)
_APPROVED_STATES = frozenset({"reviewed", "final"})


def is_xliff2(data: bytes) -> bool:
    """Whether a document is XLIFF 2.x, by its root's namespace in the first bytes (the
    full parse, with its refusals, is read_document's)."""
    head = data[:4096]
    for encoding in ("utf-8", "utf-16"):
        try:
            text = head.decode(encoding, errors="ignore")
        except LookupError:  # pragma: no cover - both codecs always exist
            continue
        if any(namespace in text for namespace in NAMESPACES):
            return True
    return False


def read_document(
    data: bytes,
    path: Path,
    statements: Sequence[str],
    source_language: str,
    languages: Sequence[str],
) -> list[IncomingFile]:
    """The files of an XLIFF 2.x document; XliffError naming the line for what cannot be
    read back, as for XLIFF 1.2."""
    root = _parse(data, path)
    check_source_language(
        "srcLang", root.get("srcLang") or "", source_language, path, root.sourceline
    )
    files: list[IncomingFile] = []
    namespace = etree.QName(root).namespace
    for file in root.iterchildren(f"{{{namespace}}}file"):
        incoming = _file(file, root, path, statements, languages)
        translate = file.get("translate", "yes") != "no"
        po_literal = _po_literal(file)
        for unit in file.iter(f"{{{namespace}}}unit"):
            read = _unit(unit, namespace, path, translate)
            if po_literal:
                read = literal_unit(read, path)
            if not _header(read):
                incoming.units.append(read)
        files.append(incoming)
    if not files:
        raise XliffError("no <file> element: nothing to import", path, root.sourceline)
    return files


def _parse(data: bytes, path: Path) -> Any:
    # No entity is expanded, no DTD or network resource loaded: a hostile document is
    # refused below, not read.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.parse(BytesIO(data), parser)
    except etree.XMLSyntaxError as error:
        said, line = syntax_error(error.msg, error.lineno)
        raise XliffError(said, path, line) from None
    if tree.docinfo.internalDTD is not None:
        raise XliffError("a DOCTYPE has no place in XLIFF 2; remove it", path, 1)
    root = tree.getroot()
    if etree.QName(root).localname != "xliff" or etree.QName(root).namespace not in NAMESPACES:
        raise XliffError("not an XLIFF 2 file (its root element is not <xliff>)", path, 1)
    return root


def _file(
    file: Any, root: Any, path: Path, statements: Sequence[str], languages: Sequence[str]
) -> IncomingFile:
    line = file.sourceline or 0
    original = file.get("original") or ""
    slug = _slug(original)
    if slug not in statements:
        # A tool that names the file after its job keeps the document's name in a unit's.
        names = (_slug(unit.get("name") or "") for unit in file.iter("{*}unit"))
        slug = next((name for name in names if name in statements), slug)
    if slug not in statements and not original:
        raise XliffError(
            'the XLIFF 2 <file> has no `original`: add original="<statement>.po" (or the '
            "statement's source/<statement>.md) to say which statement it is for",
            path,
            line,
        )
    known_statement(slug, original, statements, path, line)
    code = root.get("trgLang") or ""
    if not code:
        raise XliffError(
            'the <xliff> has no trgLang: add trgLang="…" with the language of its targets',
            path,
            root.sourceline,
        )
    language = target_language("trgLang", code, languages, path, root.sourceline)
    return IncomingFile(path, line, slug, language)


_METADATA = "urn:oasis:names:tc:xliff:metadata:2.0"


def _po_literal(file: Any) -> bool:
    """Whether a <file> is OpenXLIFF's conversion of a .po file (its metadata module names
    the datatype and the tool), whose texts are the .po's literals (see exchange/xliff.py)."""
    meta = {
        element.get("type"): (element.text or "").strip()
        for group in file.iterchildren(f"{{{_METADATA}}}metadata")
        for element in group.iter(f"{{{_METADATA}}}meta")
    }
    return meta.get("datatype") == "po" and meta.get("tool-id") == "OpenXLIFF"


def _unit(unit: Any, namespace: str, path: Path, translate: bool) -> IncomingUnit:
    line = unit.sourceline or 0
    translate = unit.get("translate", "yes" if translate else "no") != "no"
    source: list[Part] = []
    target: list[Part] = []
    has_target = False
    approved = True
    target_line = 0
    segments = 0
    try:
        for child in unit.iterchildren(f"{{{namespace}}}segment", f"{{{namespace}}}ignorable"):
            source_element = child.find(f"{{{namespace}}}source")
            if source_element is None:
                raise XliffError(
                    f"a <{etree.QName(child).localname}> without <source>", path, child.sourceline
                )
            target_element = child.find(f"{{{namespace}}}target")
            source.extend(_parts(source_element))
            if target_element is not None:
                has_target = True
                target_line = target_line or target_element.sourceline or 0
                target.extend(_parts(target_element))
            elif etree.QName(child).localname == "ignorable":
                target.extend(_parts(source_element))  # whitespace between segments
            if etree.QName(child).localname == "segment":
                segments += 1
                approved = approved and child.get("state") in _APPROVED_STATES
    except InlineError as error:
        raise XliffError(str(error), path, error.line) from None
    if not segments:
        raise XliffError("a <unit> without <segment>", path, line)
    return IncomingUnit(
        id=unit.get("id") or "",
        line=line,
        target_line=target_line or line,
        source=merge_text(source),
        target=merge_text(target) if has_target and translate else None,
        approved=approved and has_target,
    )


def _header(unit: IncomingUnit) -> bool:
    """Whether a unit is a PO file's header, which a converter from .po may keep as a unit:
    it is no segment to import (as in XLIFF 1.2)."""
    first = unit.source[0] if unit.source else ""
    return isinstance(first, str) and first.startswith(
        ("Project-Id-Version:", "Content-Type: text/plain")
    )


def _parts(element: Any) -> list[Part]:
    """The parts of an XLIFF 2 <source> or <target>: text, and its inline codes."""
    parts: list[Part] = []
    if element.text:
        parts.append(element.text)
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            pass
        else:
            name = etree.QName(child).localname
            identifier = child.get("id", "")
            if name == "pc":
                parts.append(Open(identifier, type=child.get("type", "")))
                parts.extend(_parts(child))
                parts.append(Close(identifier))
            elif name == "ph":
                parts.append(Placeholder(identifier, type=child.get("type", "")))
            elif name == "sc":
                parts.append(Open(identifier, type=child.get("type", "")))
            elif name == "ec":
                parts.append(Close(child.get("startRef") or identifier))
            elif name == "mrk":
                parts.extend(_parts(child))  # annotations: their text is text
            elif name in ("sm", "em"):
                pass  # the ends of an annotation: no text
            elif name == "cp":
                parts.append(_code_point(child))
            else:
                raise InlineError(
                    f"<{name}> inside <{etree.QName(element).localname}>; XLIFF 2 allows only "
                    "cp, ph, pc, sc, ec, mrk, sm and em there",
                    child.sourceline,
                )
        if child.tail:
            parts.append(child.tail)
    return parts


def _code_point(element: Any) -> str:
    """The character a <cp hex="…"/> stands for (one XML cannot carry as text)."""
    written = element.get("hex", "")
    try:
        return chr(int(written, 16))
    except ValueError:
        raise InlineError(
            f'<cp hex="{written}"> is no Unicode code point; write it as hexadecimal digits',
            element.sourceline,
        ) from None
