"""A small workspace whose statements repeat and edit each other's sentences, for the
memory and exchange tests."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.po import MACHINE_COMMENT_PREFIX, format_po, read_po
from polyglot_statement.source.extract import extract

FIRST = """\
---
title: Solidarity with the dockers of Lisbon
---

The dockers of Lisbon have been on strike since 7 May.

We call on all affiliates to send **messages of solidarity** to the
[union](https://example.org/union) and to use `#DockersStrike`.

An injury to one is an injury to all.

More than 1,500 workers joined the march on Monday.
"""

# Spanish and French translations of FIRST, by source text.
FIRST_ES = {
    "Solidarity with the dockers of Lisbon": "Solidaridad con los estibadores de Lisboa",
    "The dockers of Lisbon have been on strike since 7 May.": (
        "Los estibadores de Lisboa están en huelga desde el 7 de mayo."
    ),
    "We call on all affiliates to send **messages of solidarity** to the "
    "[union](https://example.org/union) and to use `#DockersStrike`.": (
        "Pedimos a todas las afiliadas que envíen **mensajes de solidaridad** al "
        "[sindicato](https://example.org/union) y que usen `#DockersStrike`."
    ),
    "An injury to one is an injury to all.": (
        "Una agresión contra uno es una agresión contra todos."
    ),
    "More than 1,500 workers joined the march on Monday.": (
        "Más de 1.500 trabajadores se sumaron a la marcha el lunes."
    ),
}
FIRST_FR = {
    "Solidarity with the dockers of Lisbon": "Solidarité avec les dockers de Lisbonne",
    "An injury to one is an injury to all.": "Une attaque contre l’un est une attaque contre tous.",
}


def write_workspace(root: Path, languages: tuple[str, ...] = ("es", "fr")) -> Settings:
    (root / "source").mkdir(parents=True)
    listed = ", ".join(f'"{code}"' for code in languages)
    (root / "polyglot.toml").write_text(
        f'source-language = "en"\nlanguages = [{listed}]\n', encoding="utf-8"
    )
    (root / "source" / "first.md").write_text(FIRST, encoding="utf-8")
    settings = load_settings(root)
    extract(settings)
    return settings


def fill(
    settings: Settings,
    slug: str,
    language: str,
    translations: Mapping[str, str],
    *,
    fuzzy: bool = False,
    machine: bool = False,
) -> None:
    """Give entries of a catalogue these translations (approved unless fuzzy)."""
    path = settings.catalog_path(language, slug)
    catalog = read_po(path)
    for entry in catalog.active:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            entry.set_fuzzy(fuzzy or machine)
            if machine:
                entry.translator_comments.append(f"{MACHINE_COMMENT_PREFIX} deepl ES")
    path.write_bytes(format_po(catalog))


def add_statement(settings: Settings, slug: str, text: str) -> None:
    (settings.source_path / f"{slug}.md").write_text(text, encoding="utf-8")


def translated_workspace(root: Path) -> Settings:
    settings = write_workspace(root)
    fill(settings, "first", "es", FIRST_ES)
    fill(settings, "first", "fr", FIRST_FR)
    return settings
