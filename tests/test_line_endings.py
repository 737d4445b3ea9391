"""A translation rebuilt into a CRLF document uses CRLF throughout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_blocks import block_skeleton, python_markdown_html
from test_build import make_workspace, translate

from polyglot_statement.config import load_settings
from polyglot_statement.publish.build import build
from polyglot_statement.source.markdown_syntax import new_parser
from polyglot_statement.source.segment import rebuild, segment_document

SOURCE = (
    "---\r\ntitle: Line endings\r\n---\r\n\r\n"
    "- First item  \r\n  with a hard break\r\n- Second item\r\n\r\n"
    "> A quote over\r\n> two lines.\r\n\r\n"
    "A paragraph\\\r\nwith a backslash break.\r\n\r\n"
    "1. Numbered\r\n\r\n    > nested quote\r\n"
)
TRANSLATIONS = {
    "First item  \nwith a hard break": "Primer punto  \ncon un salto forzado",
    "Second item": "Segundo punto\nen dos líneas",
    "A quote over two lines.": "Una cita\nen\r\ndos líneas.",
    "A paragraph\\\nwith a backslash break.": "Un párrafo\\\ncon salto.",
    "nested quote": "cita\nanidada",
}


def _bare_line_feeds(text: str) -> list[str]:
    return [text[max(0, m.start() - 15) : m.start()] for m in re.finditer(r"(?<!\r)\n", text)]


def test_rebuilt_crlf_document_has_no_bare_line_feed() -> None:
    document = segment_document(SOURCE)
    rebuilt = rebuild(document, lambda segment: TRANSLATIONS.get(segment.msgid))
    assert _bare_line_feeds(rebuilt) == []
    assert "- Primer punto  \r\n  con un salto forzado\r\n" in rebuilt
    assert "> Una cita\r\n> en\r\n> dos líneas.\r\n" in rebuilt
    assert "    > cita\r\n    > anidada\r\n" in rebuilt
    # Same structure as the source in both parsers.
    for render in (new_parser().render, python_markdown_html):
        assert block_skeleton(render(rebuilt)) == block_skeleton(render(SOURCE))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_the_last_line_without_a_line_ending_takes_the_one_before(newline: str) -> None:
    text = f"> one{newline}> two"
    rebuilt = rebuild(segment_document(text), lambda segment: "uno\ndos")
    assert rebuilt == f"> uno{newline}> dos"


def test_markdown_edition_of_a_crlf_statement_is_crlf(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    translate(root, "es", lambda msgid: TRANSLATIONS.get(msgid, f"[{msgid}]"))
    build(load_settings(root), formats=("md",))
    edition = (root / "dist" / "es" / "statement.md").read_bytes().decode("utf-8")
    assert _bare_line_feeds(edition) == []
    assert "Primer punto" in edition
