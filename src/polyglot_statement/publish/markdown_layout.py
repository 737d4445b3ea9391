"""The .md edition as a site generator takes it: its file name and its front matter.

A workspace that publishes through Hugo, MkDocs or Jekyll copies the .md editions into
the site, which finds a page's language and its translations its own way
(docs/publishers.md): Hugo by the content folder or a `.<lang>.md` suffix, with
`translationKey` joining pages whose paths differ; mkdocs-static-i18n by the suffix;
Jekyll (jekyll-polyglot and the hand-made `lang`/`ref` convention) by front matter.
The `publish.markdown-layout` setting names the layout; `plain` changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from polyglot_statement.config import MarkdownLayout
from polyglot_statement.dialects import Dialect
from polyglot_statement.publish.names import bcp47
from polyglot_statement.source import split_front_matter
from polyglot_statement.source.frontmatter import TOML, front_matter_string

__all__ = ["SUFFIXED", "fit_front_matter", "layout_language", "markdown_file"]

# Layouts that name the file `<slug>.<lang>.md` (the translation by file name).
SUFFIXED: frozenset[str] = frozenset({"hugo-suffix", "mkdocs"})
# The keys each layout writes: the page's language (rewritten in every edition), and
# the key every edition of a statement shares (kept when the source sets it already).
_LANGUAGE_KEYS: dict[str, tuple[str, ...]] = {"jekyll": ("lang",)}
_SHARED_KEYS: dict[str, tuple[str, ...]] = {
    "hugo": ("translationKey",),
    "hugo-suffix": ("translationKey",),
    # jekyll-polyglot joins editions by `page_id`; sites without it by `ref`.
    "jekyll": ("ref", "page_id"),
}
_FIRST_LINE_END = re.compile(r"\r\n|\r|\n")


def layout_language(language: str) -> str:
    """The language as the generators' settings name it: BCP 47 in lower case (`pt-br`,
    `zh-hant`), as Hugo's language keys are written."""
    return bcp47(language).lower()


def markdown_file(layout: MarkdownLayout, language: str, slug: str) -> str:
    """The .md edition's path from the output folder."""
    if layout in SUFFIXED:
        return f"{language}/{slug}.{layout_language(language)}.md"
    return f"{language}/{slug}.md"


def fit_front_matter(
    markdown: str, layout: MarkdownLayout, language: str, slug: str, dialect: Dialect
) -> str:
    """The edition's Markdown with the keys its layout needs in the front matter: the
    language rewritten where the source has it, shared keys added where it has none,
    every other byte as it was."""
    wanted = [(key, layout_language(language), True) for key in _LANGUAGE_KEYS.get(layout, ())]
    wanted += [(key, slug, False) for key in _SHARED_KEYS.get(layout, ())]
    if not wanted:
        return markdown
    front = split_front_matter(markdown, Path("<edition>"), dialect=dialect)
    places = {field.key: field for field in front.fields}
    replaced: list[tuple[int, int, str]] = []
    added: list[tuple[str, str]] = []
    for key, value, rewrite in wanted:
        if key not in front.data:
            added.append((key, value))
        elif rewrite and key in places and places[key].value != value:
            field = places[key]
            replaced.append((field.start, field.end, front_matter_string(value, front.format)))
    for start, end, written in sorted(replaced, reverse=True):
        markdown = markdown[:start] + written + markdown[end:]
    if not added:
        return markdown
    newline = match.group() if (match := _FIRST_LINE_END.search(markdown)) else "\n"
    start = 1 if markdown.startswith("\ufeff") else 0
    if front.body_start == 0:  # no front matter: one is made, in YAML
        lines = "".join(
            f"{key}: {front_matter_string(value, 'yaml')}{newline}" for key, value in added
        )
        return f"{markdown[:start]}---{newline}{lines}---{newline}{markdown[start:]}"
    # After the opening fence: in TOML, a key after a `[table]` header would be the table's.
    opening = _FIRST_LINE_END.search(markdown, start)
    assert opening is not None  # front matter has a closing fence on a later line
    separator = " = " if front.format == TOML else ": "
    lines = "".join(
        f"{key}{separator}{front_matter_string(value, front.format)}{newline}"
        for key, value in added
    )
    return markdown[: opening.end()] + lines + markdown[opening.end() :]
