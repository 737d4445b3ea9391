"""What we export validates against the formats' official schemas (checked in under
tests/data/schemas, loaded without the network): XLIFF 1.2 strict and transitional,
TMX 1.4b, TBX (MARTIF core)."""

from __future__ import annotations

from pathlib import Path

import pytest
from memory_workspace import translated_workspace
from schemas import errors, tbx_dtd, tmx_dtd, xliff_schema

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.exchange import export_xliff
from polyglot_statement.glossary import glossary_for_settings, to_tbx
from polyglot_statement.memory import open_memory
from polyglot_statement.memory.transfer import export_memory


@pytest.mark.parametrize("kind", ["strict", "transitional"])
def test_exported_xliff_validates_against_the_oasis_schema(workspace: Path, kind: str) -> None:
    settings = load_settings(workspace)
    exported = export_xliff(settings, (), (), workspace / "xliff")
    assert len(exported.documents) == 5
    for document in exported.documents:
        data = document.path.read_bytes()
        # Several units with a location each: the case the schema's uniqueness rule is about.
        assert data.count(b"<context-group") > 1
        assert errors(xliff_schema(kind), data) == [], document.path.name


def test_the_schemas_are_strict_enough_to_fail(workspace: Path) -> None:
    """A validator that accepts anything proves nothing: two units with one context-group
    name, as exports had, are refused."""
    settings = load_settings(workspace)
    document = export_xliff(settings, ["es"], (), workspace / "xliff").documents[0]
    data = document.path.read_bytes().replace(b"<context-group ", b'<context-group name="x" ')
    assert data.count(b'name="x"') > 1
    found = errors(xliff_schema("strict"), data)
    assert found and "context-group" in " ".join(found)


def test_exported_tmx_validates_against_the_tmx_1_4_dtd(tmp_path: Path) -> None:
    settings: Settings = translated_workspace(tmp_path / "ws")
    with open_memory(settings) as index:
        exported = export_memory(settings, index)
    assert exported.translations > 0
    assert errors(tmx_dtd(), exported.data) == []


def test_exported_tbx_validates_against_the_martif_core_dtd(workspace: Path) -> None:
    glossary = glossary_for_settings(load_settings(workspace))
    assert glossary is not None and glossary.terms
    assert errors(tbx_dtd(), to_tbx(glossary)) == []
