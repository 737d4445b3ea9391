"""`polyglot init`: a new workspace another organisation can start from."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.dialects import COMMONMARK, Dialect, dialect_named
from polyglot_statement.errors import ConfigError, PolyglotError, SourceError
from polyglot_statement.fsutil import make_folder, read_utf8, write_atomic, write_text_atomic
from polyglot_statement.languages import UnknownLanguage, english_name, normalise
from polyglot_statement.publish.page_text import (
    MESSAGES_LANGUAGE,
    new_workspace_catalog,
    page_text,
    template_text,
    workspace_catalog_path,
    workspace_template_path,
)
from polyglot_statement.source.dialect_detect import DialectHint, dialect_hint, other_generator

SETTINGS_TEMPLATE = """\
# polyglot-statement workspace settings; every key is described in the
# docs: docs/configuration.md in polyglot-statement's repository.
source-language = "{source}"
languages = [{languages}]
markdown = "{markdown}"{markdown_note}

# segmentation = "paragraph"        # or "sentence"
# front-matter-fields = ["title", "subtitle", "summary"]

[publish]
min-percent = 100                   # approved words needed to publish a language
# [publish.languages.ar]
# min-percent = 90

[machine]
engine = "deepl"                    # or "pseudo" for an offline demo
auth-key-env = "DEEPL_AUTH_KEY"     # the key is read from this variable, never stored
"""

GLOSSARY_TEMPLATE = """\
# Terminology of this workspace: shown to translators, sent to machine translation,
# enforced by `polyglot check`. The format: docs/glossary.md in polyglot-statement's repository.
terms:
  - term: trade union
    note: The organisation of workers, not a guild.
    translations:
      es: [sindicato]
      fr: [syndicat]
  - term: WFTU
    do-not-translate: true
    note: World Federation of Trade Unions; its acronym differs in some languages.
    translations:
      es: [FSM]
      fr: [FSM]
"""

EXAMPLE_STATEMENT = """\
---
title: Our first statement
---

Write the statement here, in Markdown. Each paragraph, heading and list item becomes
one entry for translators.
"""

GITIGNORE = """\
.polyglot/
dist/
*.polyglot-tmp
"""


@dataclass(frozen=True, slots=True)
class Created:
    """A file or folder `polyglot init` made, and what it is for (init lists them)."""

    path: Path
    what: str


@dataclass(frozen=True, slots=True)
class Initialised:
    """What `polyglot init` made, and the Markdown dialect its settings name."""

    created: tuple[Created, ...]
    markdown: Dialect
    # Where statements already in source/ showed the dialect chosen (None: the default).
    hint: DialectHint | None
    # Where another statement showed another generator's syntax (a mixed folder).
    other: DialectHint | None = None


def init_workspace(folder: Path, source_language: str, languages: list[str]) -> Initialised:
    """Create the settings, glossary, folders and .gitignore; refuse to overwrite settings,
    and refuse target languages the settings themselves would refuse. Statements already
    in source/ that use a site generator's syntax give the settings that dialect."""
    settings = folder / "polyglot.toml"
    if settings.exists() or (folder / "glossary.yml").exists():
        raise ConfigError(
            "a workspace already exists here; edit its settings instead of running init again",
            settings,
        )
    try:
        source = normalise(source_language)
        targets = [normalise(code) for code in languages]
    except UnknownLanguage as error:
        raise ConfigError(f"unknown language code {error.args[0]!r}") from None
    for code, target in zip(languages, targets, strict=True):
        # The same refusals as the settings file's `languages`: a workspace init writes
        # must be one every other command accepts.
        if target == source:
            raise ConfigError(f"--lang {code} is the source language; give target languages only")
        if targets.count(target) > 1:
            raise ConfigError(f"--lang {code} is given twice")
    named = ", ".join(targets) if targets else "none yet"
    hint = dialect_hint(_existing_statements(folder / "source"), COMMONMARK)
    markdown = dialect_named(hint.suggested) if hint is not None else COMMONMARK
    other = (
        other_generator(_existing_statements(folder / "source"), COMMONMARK, hint.suggested)
        if hint is not None
        else None
    )
    note = "" if hint is not None else _MARKDOWN_NOTE
    files = {
        settings: (
            SETTINGS_TEMPLATE.format(
                source=source,
                languages=", ".join(f'"{code}"' for code in targets),
                markdown=markdown.name,
                markdown_note=note,
            ),
            f"settings: source language {source}, target languages {named}",
        ),
        folder / "glossary.yml": (GLOSSARY_TEMPLATE, "an example glossary of two terms"),
        folder / "source" / "first-statement.md": (
            EXAMPLE_STATEMENT,
            "a first statement, to replace with yours",
        ),
    }
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        files[gitignore] = (GITIGNORE, "keeps the cache and dist/ out of git")
    created: list[Created] = []
    for path, (text, what) in files.items():
        write_text_atomic(path, text)
        created.append(Created(path, what))
    locales = folder / "locales"
    make_folder(locales)
    created.append(Created(locales, "the catalogues, which `polyglot extract` writes"))
    created.extend(_page_words(locales, targets))
    return Initialised(tuple(created), markdown, hint, other)


# After the default `markdown` line of a new workspace's settings.
_MARKDOWN_NOTE = '             # or "hugo", "jekyll", "mkdocs": the site generator\'s syntax'


def _existing_statements(folder: Path) -> Iterator[tuple[Path, str]]:
    """The statements a folder already holds (init may be run beside a site's pages),
    in name order; one that cannot be read is left for extract to report."""
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".md"))
    except OSError:
        return
    for name in names:
        try:
            yield folder / name, read_utf8(folder / name, SourceError)
        except PolyglotError:
            continue


def _page_words(locales: Path, targets: list[str]) -> list[Created]:
    """The template of the page's own words, and a catalogue of them to translate for
    each target language the package has no words for (docs/publishers.md)."""
    template = workspace_template_path(locales)
    write_text_atomic(template, template_text())
    made = [Created(template, "the page's own words (“Published”, “All statements”…)")]
    for code in targets:
        if page_text(code).language != MESSAGES_LANGUAGE or code.split("_")[0] == "en":
            continue  # the package has them; a catalogue here would only override them
        path = workspace_catalog_path(locales, code)
        write_atomic(path, new_workspace_catalog(code))  # makes the folders it needs
        made.append(Created(path, f"the page's own words in {english_name(code)}, to translate"))
    return made
