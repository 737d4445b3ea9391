"""TMX 1.4 translation memories, written and read with lxml: written as one tree, read a
unit at a time with iterparse.

translate-toolkit's tmxfile loads a whole document as a tree (a 43 MB legacy memory of
300,000 units took 760 MB), so reading streams instead, each <tu> let go once read, with
the parser's protections for untrusted XML (no entity expansion, no network, libxml2's
depth limit).

A TMX file from another tool (Trados, memoQ, OmegaT, Phrase, Weblate, an older memory
of the organisation) is read unit by unit: the source-language text and each
translation into a workspace language. Languages are matched as CAT tools match them: a
TMX `es-ES` feeds a workspace's `es` (and `pt-BR` its `pt_BR`), a workspace's `pt_BR`
takes only `pt-BR`. Inline codes of other tools (RTF, HTML, …) are left out of the text,
bold and italic kept as Markdown; the Markdown of a memory this tool wrote (datatype
`markdown`) is its native codes, read back exactly. A translation's text is text: what
Markdown would read as markup in it (`*`, `&copy;`, `<b>`, a link typed as text) is
escaped, so a memory can never put markup into an edition that its source lacks.

Anything wrong with the file is `path:line: what` (TmxError, exit 2), so that a file is
copied into memory/ only once it reads cleanly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Protocol

from lxml import etree

from polyglot_statement import __version__
from polyglot_statement.errors import TmxError
from polyglot_statement.inline import (
    InlineError,
    Part,
    foreign_markdown,
    markdown_parts,
    native_markdown,
    own_markdown,
    plain_parts,
    tmx_parts,
    untagged_markdown,
    write_tmx,
)
from polyglot_statement.languages import UnknownLanguage, bcp47, normalise, workspace_language
from polyglot_statement.source import crowded_segment
from polyglot_statement.xmlchars import syntax_error, xml_text

MARKDOWN_DATATYPE = "markdown"
PLAIN_DATATYPE = "plaintext"  # a <tu> of plain text (a title) in a memory of Markdown
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_OUR_DATATYPES = frozenset({"markdown", "x-markdown"})


class Readable(Protocol):
    """What the reader needs of an open file: its bytes, a chunk at a time."""

    def read(self, size: int = -1, /) -> bytes: ...


@dataclass(frozen=True, slots=True)
class TmxUnit:
    source: str
    language: str  # the workspace language it translates into
    translation: str
    line: int


@dataclass(slots=True)
class TmxReading:
    units: list[TmxUnit] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # TMX code → workspace code
    ignored_languages: set[str] = field(default_factory=set)  # codes no workspace language takes
    without_source: int = 0  # units with no text in the source language
    total: int = 0  # <tu> elements
    usable: int = 0  # translations into the workspace's languages (units, when kept)
    header_line: int | None = None  # where the <header> is: what a whole-file refusal names


def read_tmx(data: bytes, path: Path, source_language: str, languages: Sequence[str]) -> TmxReading:
    """The units of a TMX file that translate from the workspace's source language into
    one of its languages; TmxError naming the line for anything malformed."""
    reading = TmxReading()
    reading.units.extend(tmx_units(data, path, source_language, languages, reading))
    return reading


def tmx_units(
    data: bytes | Readable,
    path: Path,
    source_language: str,
    languages: Sequence[str],
    reading: TmxReading | None = None,
    *,
    chunk_size: int = 1 << 16,
) -> Iterator[TmxUnit]:
    """The units of a TMX file as `read_tmx` finds them, one <tu> at a time: a legacy
    memory of hundreds of thousands of units is never held whole, as a tree or as units
    (`reading` gets the counts). TmxError, with the line, when the reading reaches
    anything malformed. The parser is fed `chunk_size` bytes at a time by this function,
    not by lxml's own reading, so how far it has read is ours to say."""
    if reading is None:
        reading = TmxReading()
    events = _Events(data, chunk_size)
    root: Any = None
    datatype: str | None = None  # the header's, once it is read
    depth = 0  # open <tu> elements: one inside another is cleared with its outer one
    try:
        for event, element in events:
            if root is None:
                root = _check_root(element.getroottree().getroot(), path)
            if element.tag == "header":
                if event == "end" and element.getparent() is root:
                    datatype = _header(element, source_language, path)
                    reading.header_line = element.sourceline
                continue
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if datatype is None:
                raise _no_header(root, path)
            yield from _unit(element, datatype, path, source_language, languages, reading)
            if depth == 0:
                # What has been read is let go: the tree stays the size of one unit.
                element.clear(keep_tail=True)
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        said, line = syntax_error(error.msg, error.lineno)
        raise TmxError(said, path, line) from None
    if root is None:
        root = _check_root(events.root, path)
    if datatype is None:
        raise _no_header(root, path)


class _Events:
    """A push parser fed in chunks of our size, its events read after each chunk: the
    units come out as the bytes arrive, whatever lxml's own read size is."""

    def __init__(self, data: bytes | Readable, chunk_size: int) -> None:
        # Untrusted XML: entities left unresolved (an entity reference in a segment is
        # then refused by line, so no billion laughs and no external entity), nothing
        # fetched, and libxml2's limits on depth and text size kept (no huge_tree).
        self._parser = etree.XMLPullParser(
            events=("start", "end"),
            tag=("tu", "header"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        self._read = BytesIO(data).read if isinstance(data, bytes) else data.read
        self._chunk_size = chunk_size
        self.root: Any = None

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        while chunk := self._read(self._chunk_size):
            self._parser.feed(chunk)
            yield from self._parser.read_events()
        self.root = self._parser.close()
        yield from self._parser.read_events()


def _check_root(root: Any, path: Path) -> Any:
    if root.tag != "tmx":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise TmxError(
            f"not a TMX file: its root element is <{name}>, not <tmx>", path, root.sourceline
        )
    version = root.get("version", "")
    if not version.startswith("1."):
        raise TmxError(
            f"TMX version {version or '(none)'} is not supported; this tool reads TMX 1.1 to 1.4",
            path,
            root.sourceline,
        )
    return root


def _no_header(root: Any, path: Path) -> TmxError:
    return TmxError(
        "no <header>; a TMX file starts with one, giving srclang", path, root.sourceline
    )


def _header(header: Any, source_language: str, path: Path) -> str:
    """The header's datatype, once its srclang is found to be the workspace's."""
    declared = header.get("srclang", "")
    if not declared:
        raise TmxError(
            "the <header> has no srclang (the memory's source language)", path, header.sourceline
        )
    if declared.lower() != "*all*":
        _check_source(declared, source_language, path, header.sourceline)
    return (header.get("datatype") or "").lower()


def _unit(
    element: Any,
    datatype: str,
    path: Path,
    source_language: str,
    languages: Sequence[str],
    reading: TmxReading,
) -> Iterator[TmxUnit]:
    reading.total += 1
    source: str | None = None
    source_parts: list[Part] = []
    source_rank = len(_SOURCE_RANKS)
    translations: list[tuple[str, list[Part], int]] = []
    own = (element.get("datatype") or datatype).lower() in _OUR_DATATYPES
    for variant in element.iterchildren("tuv"):
        code = variant.get(XML_LANG) or variant.get("lang")  # TMX 1.1 wrote `lang`
        if not code:
            raise TmxError("a <tuv> without xml:lang", path, variant.sourceline)
        try:
            normalised = normalise(code)
            is_source = normalised.split("_")[0] == source_language.split("_")[0]
            language = workspace_language(code, languages)
        except UnknownLanguage:
            raise TmxError(
                f"unknown language code {code!r}; use a BCP 47 code such as es or pt-BR",
                path,
                variant.sourceline,
            ) from None
        segment = variant.find("seg")
        if segment is None:
            raise TmxError("a <tuv> without <seg>", path, variant.sourceline)
        try:
            parts = tmx_parts(segment)
        except InlineError as error:
            raise TmxError(str(error), path, error.line) from None
        if language is not None:
            # A workspace language, even one of the source's (an en-GB edition of en-US).
            reading.languages[code] = language
            translations.append((language, parts, variant.sourceline or 0))
        elif is_source:
            rank = _source_rank(normalised, source_language)
            if rank < source_rank:
                text = native_markdown(parts) if own else foreign_markdown(parts)
                source, source_parts, source_rank = text, parts, rank
        else:
            reading.ignored_languages.add(code)
    if not source:
        reading.without_source += 1
        return
    for language, parts, line in translations:
        # Text is text: what the segment holds reaches a catalogue as it reads, escaped
        # where Markdown would make markup of it; markup only from codes the source has.
        text = _translation(parts, source, source_parts, own)
        if text.strip():
            reading.usable += 1
            yield TmxUnit(source, language, text, line)


def _translation(parts: list[Part], source: str, source_parts: list[Part], own: bool) -> str:
    if crowded_segment(source) or crowded_segment(native_markdown(parts)):
        # Reading so much markup as Markdown would cost seconds on every indexing (issue 20);
        # no real segment holds it. Its text is kept as text.
        return foreign_markdown(parts, as_typed=True)
    if own:
        found = own_markdown(parts, source_parts)
        if found is not None:
            return found
    elif all(isinstance(part, str) for part in (*parts, *source_parts)):
        # Markdown as text on both sides (po2tmx, Weblate): markup the source has.
        found = untagged_markdown(source, native_markdown(parts))
        if found is not None:
            return found
    return foreign_markdown(parts, as_typed=True)


# Which source variant of a unit is read when it has several (`en` and `en-US`): the
# workspace's own, else the plain language, else the first other region.
_SOURCE_RANKS = ("same", "plain", "other region")


def _source_rank(normalised: str, source_language: str) -> int:
    if normalised == source_language:
        return 0
    return 1 if "_" not in normalised else 2


def _check_source(code: str, source_language: str, path: Path, line: int | None) -> None:
    try:
        base = normalise(code).split("_")[0]
    except UnknownLanguage:
        raise TmxError(f"unknown source language code {code!r} in srclang", path, line) from None
    if base != source_language.split("_")[0]:
        raise TmxError(
            f"the memory translates from {code}, but this workspace's statements are in "
            f"{source_language}: it cannot match them",
            path,
            line,
        )


@dataclass(frozen=True, slots=True)
class TmxEntry:
    """One unit to write: a source text and its translation per language."""

    source: str
    translations: Mapping[str, str]  # workspace language → translation
    origins: Mapping[str, str] = field(default_factory=dict)  # language → where it came from
    plain: bool = False  # a front-matter value: text, as the XLIFF export gives it


def write_tmx_file(entries: Iterable[TmxEntry], source_language: str, segtype: str) -> bytes:
    """A TMX 1.4 document, one <tu> per entry with a <tuv> per language, its Markdown in
    bpt/ept/ph native codes; the same entries always give the same bytes."""
    source_code = bcp47(source_language)
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        # In the order memories written before (through translate-toolkit) have them:
        # re-exporting an unchanged memory changes no byte.
        creationtool="polyglot-statement",
        creationtoolversion=__version__,
        segtype=segtype,
        **{"o-tmf": "gettext PO"},
        adminlang="en",
        srclang=source_code,
        datatype=MARKDOWN_DATATYPE,
    )
    body = etree.SubElement(root, "body")
    for entry in entries:
        tu = etree.SubElement(body, "tu")
        if entry.plain:
            tu.set("datatype", PLAIN_DATATYPE)
        source = etree.SubElement(tu, "tuv", {XML_LANG: source_code})
        _fill(etree.SubElement(source, "seg"), entry.source, entry.plain)
        for language in sorted(entry.translations):
            variant = etree.SubElement(tu, "tuv", {XML_LANG: bcp47(language)})
            origin = entry.origins.get(language)
            if origin:
                prop = etree.SubElement(variant, "prop", type="x-polyglot-origin")
                prop.text = xml_text(origin)
            _fill(etree.SubElement(variant, "seg"), entry.translations[language], entry.plain)
    _indent(root, 0)
    return _PROLOGUE + bytes(etree.tostring(root, encoding="utf-8"))


_PROLOGUE = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
# What holds text: indenting inside one would put whitespace into its text.
_LEAVES = frozenset({"seg", "prop", "note"})


def _indent(element: Any, level: int) -> None:
    """Two spaces a level, each element on a line of its own, leaves left as they are."""
    if element.tag in _LEAVES or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    element[-1].tail = "\n" + "  " * level


def _fill(segment: Any, text: str, plain: bool) -> None:
    _, parts = plain_parts(text) if plain else markdown_parts(text)
    write_tmx(segment, parts)
