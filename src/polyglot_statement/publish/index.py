"""dist/index.html: every statement of the build with links to its published editions."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from polyglot_statement import __version__
from polyglot_statement.publish.html import INDEX_TEMPLATE, Link, Pages
from polyglot_statement.publish.manifest import Manifest
from polyglot_statement.publish.names import bcp47, native_name, text_direction


@dataclass(frozen=True, slots=True)
class IndexEntry:
    slug: str
    title: str
    editions: tuple[Link, ...]


def render_index(pages: Pages, manifest: Manifest) -> str:
    by_statement: dict[str, list[Link]] = {}
    for record in manifest.published:
        html = record.formats.get("html")
        first = html or next(iter(record.formats.values()), None)
        if first is None:
            continue
        by_statement.setdefault(record.statement, []).append(
            Link(
                language=bcp47(record.language),
                name=native_name(record.language),
                direction=text_direction(record.language),
                href=quote(first.path),
                current=False,
            )
        )
    source = manifest.source_language
    entries = [
        IndexEntry(statement.slug, statement.title, tuple(by_statement.get(statement.slug, ())))
        for statement in manifest.statements
    ]
    return pages.render(
        INDEX_TEMPLATE,
        {
            "lang": bcp47(source),
            "dir": text_direction(source),
            "title": pages.settings.project_name,
            "statements": entries,
            "generator": f"polyglot-statement {__version__}",
        },
    )
