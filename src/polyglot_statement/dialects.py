"""The Markdown dialects a workspace may be written in: CommonMark and the site generators'.

Organisations publish through Hugo, Jekyll or MkDocs, whose syntax (shortcodes, Liquid,
attribute lists, admonitions…) is not text: it must never be offered to a translator or
sent to a machine engine as words. A dialect is a named set of extensions; the `markdown`
setting names one, or lists extensions. Every reader takes the workspace's `Dialect`
(`source.markdown_syntax.new_parser(dialect=…)`), so segmentation, the checks and the
editions read a statement the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["COMMONMARK", "DIALECTS", "EXTENSIONS", "Dialect", "dialect_named"]

# What each extension means (docs/statements.md lists them for users).
EXTENSIONS: dict[str, str] = {
    "liquid": "Liquid/Jinja outputs and tags: {{ site.x }}, {% link a.md %}, {% raw %}…",
    "shortcodes": 'Hugo shortcodes: {{< ref "x.md" >}}, {{% notice %}}…{{% /notice %}}',
    "attr-lists": "attribute lists: {: .note } (kramdown IAL, attr_list), { #id .class }",
    "heading-ids": "heading ids: ## Setup {#setup}",
    "emoji": "emoji shortcodes: :smile:, :octicons-comment-16:",
    "admonitions": 'admonitions: !!! note "Title", ??? and ???+ with an indented body',
    "tabs": 'content tabs: === "Tab" with an indented body',
    "definition-lists": "definition lists: a term, then ': definition'",
    "abbreviations": "abbreviation definitions: *[HTML]: Hyper Text Markup Language",
    "toml-front-matter": "TOML front matter between +++ lines",
}

_HUGO = (
    *("shortcodes", "heading-ids", "attr-lists", "definition-lists", "emoji"),
    "toml-front-matter",
)
_JEKYLL = ("liquid", "attr-lists", "heading-ids", "definition-lists", "abbreviations")
_MKDOCS = (
    *("attr-lists", "heading-ids", "admonitions", "tabs", "definition-lists"),
    *("abbreviations", "emoji", "liquid"),  # mkdocs-macros reads Jinja
)

DIALECTS: dict[str, frozenset[str]] = {
    "commonmark": frozenset(),
    "hugo": frozenset(_HUGO),
    "jekyll": frozenset(_JEKYLL),
    "mkdocs": frozenset(_MKDOCS),
}


@dataclass(frozen=True)
class Dialect:
    """A named set of extensions; `name` is the setting's word, or "custom" for a list."""

    name: str
    extensions: frozenset[str]

    def has(self, extension: str) -> bool:
        assert extension in EXTENSIONS, extension  # a typo here would switch a reading off
        return extension in self.extensions

    def describe(self) -> str:
        """How init and extract name it: "hugo (shortcodes, heading-ids, …)"."""
        if not self.extensions:
            return self.name
        return f"{self.name} ({', '.join(sorted(self.extensions))})"


COMMONMARK = Dialect("commonmark", frozenset())


def dialect_named(value: str | Iterable[str]) -> Dialect:
    """The dialect a setting names: a dialect's name or a list of extensions.

    Raises ValueError with a sentence naming what is allowed; the settings loader adds
    the path and line."""
    if isinstance(value, str):
        if value not in DIALECTS:
            raise ValueError(
                f"unknown Markdown dialect {value!r}; use one of {', '.join(DIALECTS)}, "
                f"or a list of extensions ({', '.join(EXTENSIONS)})"
            )
        return Dialect(value, DIALECTS[value])
    extensions = tuple(value)
    unknown = [name for name in extensions if name not in EXTENSIONS]
    if unknown:
        raise ValueError(
            f"unknown Markdown extension {unknown[0]!r}; use any of {', '.join(EXTENSIONS)}"
        )
    chosen = frozenset(extensions)
    for name, known in DIALECTS.items():
        if known == chosen:
            return Dialect(name, chosen)
    return Dialect("custom", chosen)
