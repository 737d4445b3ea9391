"""The official schemas of the exchange formats, loaded from tests/data/schemas without
the network: XLIFF 1.2 (strict and transitional, with the W3C's xml.xsd), TMX 1.4b and
TBX (MARTIF core, DXFcdV04). Sources and licences: tests/data/schemas/README.md."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
XML_XSD_LOCATIONS = (
    "http://www.w3.org/2001/xml.xsd",
    "http://www.w3.org/2009/01/xml.xsd",
)


class _Local(etree.Resolver):
    """xml.xsd from the checked-in copy; anything else the schemas name is refused."""

    def resolve(self, system_url: str | None, public_id: str | None, context: Any) -> Any:
        if system_url in XML_XSD_LOCATIONS:
            return self.resolve_filename(str(SCHEMAS / "xml.xsd"), context)
        if system_url is not None and Path(system_url).parent == SCHEMAS:
            return None  # a checked-in file: read as usual
        raise LookupError(f"a schema asked for {system_url!r}, which is not checked in")


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_Local())
    return parser


@cache
def xliff_schema(kind: str) -> etree.XMLSchema:
    """kind: "strict" or "transitional"."""
    path = SCHEMAS / f"xliff-core-1.2-{kind}.xsd"
    return etree.XMLSchema(etree.parse(str(path), _parser()))


@cache
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "tmx14.dtd"))


@cache
def tbx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMAS / "TBXcdv04.dtd"))


def errors(validator: etree.XMLSchema | etree.DTD, data: bytes) -> list[str]:
    """What the validator finds wrong in `data`, `line: message` each; [] when valid."""
    document = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    if validator.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in validator.error_log]
