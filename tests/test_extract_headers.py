"""Headers other tools set are kept by extract; only what polyglot owns is rewritten."""

from __future__ import annotations

from pathlib import Path

from polyglot_statement.config import load_settings
from polyglot_statement.po import format_po, parse_po
from polyglot_statement.source.extract import extract

SLUG = "wftu-andean-solidarity-peru"


def test_a_poedit_or_weblate_save_keeps_its_headers_through_extract(workspace: Path) -> None:
    settings = load_settings(workspace)
    path = settings.catalog_path("es", SLUG)
    catalog = parse_po(path.read_bytes())
    catalog.set_header("X-Generator", "Weblate 5.13")
    catalog.set_header("Last-Translator", "Ana Pérez <ana@example.org>")
    catalog.set_header("Language-Team", "Spanish <https://hosted.weblate.org/>")
    catalog.set_header("PO-Revision-Date", "2026-12-01 10:00+0000")
    path.write_bytes(format_po(catalog))
    saved = path.read_bytes()
    extract(settings)
    assert path.read_bytes() == saved  # nothing else changed: not a byte
    # A source edit rewrites the catalogue; the tools' headers stay, ours are ours.
    source = settings.source_path / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    extract(settings)
    merged = parse_po(path.read_bytes())
    assert merged.find("A new closing line.") is not None
    assert merged.header("X-Generator") == "Weblate 5.13"
    assert merged.header("Last-Translator") == "Ana Pérez <ana@example.org>"
    assert merged.header("Language-Team") == "Spanish <https://hosted.weblate.org/>"
    assert merged.header("PO-Revision-Date") == "2026-12-01 10:00+0000"
    assert merged.header("Language") == "es"
    assert merged.header("Content-Type") == "text/plain; charset=UTF-8"


def test_a_new_catalogue_or_one_without_a_generator_gets_ours(workspace: Path) -> None:
    settings = load_settings(workspace)
    path = settings.catalog_path("es", SLUG)
    catalog = parse_po(path.read_bytes())
    catalog.headers = [(name, value) for name, value in catalog.headers if name != "X-Generator"]
    path.write_bytes(format_po(catalog))
    source = settings.source_path / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing line.\n", "utf-8")
    extract(settings)
    assert (parse_po(path.read_bytes()).header("X-Generator") or "").startswith(
        "polyglot-statement "
    )
