"""Notice a site generator's syntax in statements the `markdown` setting does not read so.

A Hugo or MkDocs site's pages, extracted as CommonMark, offer their shortcodes and
admonition keywords to translators as words: the setting is the fix, and the person who
runs `init` or `extract` should hear which value to set. The look is quick and
deliberately narrow (the openers only a generator writes, outside code), in linear time:
one regex pass per line, and no guess where a page shows the syntax as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.dialects import Dialect, dialect_named

__all__ = [
    "DialectHint",
    "detect_dialect",
    "dialect_hint",
    "hint_warning",
    "mixed_warning",
    "other_generator",
]

# Each opener, the extension that reads it, and how a person would name it.
_SIGNS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"\{\{[<%]"), "shortcodes", "a Hugo shortcode ({{< … >}} or {{% … %}})"),
    # `{%` not preceded by `{` (that is `{{%`, a shortcode), then a tag name.
    (re.compile(r"(?<!\{)\{%-?[ \t]*[a-z_]"), "liquid", "a Liquid tag ({% … %})"),
    (re.compile(r"\{\{-?[ \t]+[A-Za-z_][\w.]*[ \t|}-]"), "liquid", "a Liquid output ({{ … }})"),
    (re.compile(r"^ {0,3}(?:!!!|\?\?\?\+?)[ \t]+[a-z]"), "admonitions", "an admonition (!!! note)"),
    (re.compile(r'^ {0,3}===\+?[ \t]+"'), "tabs", 'a content tab (=== "Tab")'),
)
_TOML_FENCE = re.compile(r"\ufeff?\+\+\+[ \t]*(?:\r\n|\r|\n)")
_CODE_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# The dialect to suggest for an extension: its generator's (Liquid is Jekyll's, though
# mkdocs-macros reads it too).
_SUGGESTED = {
    "shortcodes": "hugo",
    "toml-front-matter": "hugo",
    "liquid": "jekyll",
    "admonitions": "mkdocs",
    "tabs": "mkdocs",
}


@dataclass(frozen=True, slots=True)
class DialectHint:
    """Where a generator's syntax that the setting does not read was first seen."""

    extension: str  # the extension that would read it ("shortcodes")
    what: str  # how a person names it
    path: Path
    line: int

    @property
    def suggested(self) -> str:
        return _SUGGESTED[self.extension]


def detect_dialect(text: str, dialect: Dialect) -> tuple[str, str, int] | None:
    """(extension, what it is, 1-based line) of the first generator sign in `text` that
    `dialect` does not read, outside fenced code and code spans; None when there is none."""
    if not dialect.has("toml-front-matter") and _TOML_FENCE.match(text):
        return "toml-front-matter", "TOML front matter (+++)", 1
    signs = [sign for sign in _SIGNS if not dialect.has(sign[1])]
    if not signs:
        return None
    fence: str | None = None
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        opening = _CODE_FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        for pattern, extension, what in signs:
            found = pattern.search(line)
            if found and line.count("`", 0, found.start()) % 2 == 0:
                return extension, what, number
    return None


def dialect_hint(statements: Iterable[tuple[Path, str]], dialect: Dialect) -> DialectHint | None:
    """The first place, in the order given, where a statement uses syntax `dialect` does
    not read; None when none does (one warning is enough to send a person to the setting)."""
    for path, text in statements:
        found = detect_dialect(text, dialect)
        if found is not None:
            extension, what, line = found
            return DialectHint(extension, what, path, line)
    return None


def other_generator(
    statements: Iterable[tuple[Path, str]], dialect: Dialect, chosen: str
) -> DialectHint | None:
    """The first place where a statement uses another generator's syntax than `chosen`'s
    (a folder of Hugo pages with a Jekyll page among them): None when every sign `dialect`
    does not read points to `chosen`."""
    for path, text in statements:
        found = detect_dialect(text, dialect_named(chosen))
        if found is not None and _SUGGESTED[found[0]] != chosen:
            extension, what, line = found
            return DialectHint(extension, what, path, line)
    return None


def mixed_warning(first: DialectHint, other: DialectHint, chosen: Dialect, shown: str) -> str:
    """The one warning for a folder whose statements use two generators' syntax."""
    both = sorted(chosen.extensions | dialect_named(other.suggested).extensions)
    listed = ", ".join(f'"{name}"' for name in both)
    return (
        f"{shown}:{other.line}: {other.what} is {other.suggested}'s syntax, but "
        f"{first.path}:{first.line} has {first.suggested}'s ({first.what}); "
        f'markdown = "{chosen.name}" was written, which offers {other.what} as text to '
        f"translate: to read both, set markdown = [{listed}] in polyglot.toml "
        "(docs/configuration.md)"
    )


def hint_warning(hint: DialectHint, dialect: Dialect, settings_file: Path, shown: str) -> str:
    """The one warning: where, what, the setting and the value to set (`shown`: the
    statement's path as the command shows paths)."""
    settings_name = settings_file.name
    if settings_name == "pyproject.toml":
        settings_name = "[tool.polyglot] of pyproject.toml"
    if dialect.name == "custom":
        fix = f'add "{hint.extension}" to the `markdown` list in {settings_name}'
    elif dialect.extensions and hint.suggested != dialect.name:
        # A workspace of two generators' pages: naming the other dialect would lose the
        # syntax of the first; a list of extensions reads both.
        both = sorted(dialect.extensions | dialect_named(hint.suggested).extensions)
        listed = ", ".join(f'"{name}"' for name in both)
        fix = (
            f"this workspace's statements use two generators' syntax: to read both, set "
            f"markdown = [{listed}] in {settings_name}"
        )
    else:
        fix = f'set markdown = "{hint.suggested}" in {settings_name}'
    return (
        f"{shown}:{hint.line}: {hint.what} is site-generator syntax that the `markdown` "
        f'setting ("{dialect.name}") reads as text to translate; {fix} (docs/configuration.md)'
    )
