"""`polyglot init`: a new workspace another organisation can start from."""

from __future__ import annotations

from pathlib import Path

from polyglot_statement.errors import ConfigError
from polyglot_statement.fsutil import make_folder, write_text_atomic
from polyglot_statement.languages import UnknownLanguage, normalise

SETTINGS_TEMPLATE = """\
# polyglot-statement workspace settings; every key is described in the
# docs: docs/configuration.md in polyglot-statement's repository.
source-language = "{source}"
languages = [{languages}]

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


def init_workspace(folder: Path, source_language: str, languages: list[str]) -> list[Path]:
    """Create the settings, glossary, folders and .gitignore; refuse to overwrite settings."""
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
    created: list[Path] = []
    files = {
        settings: SETTINGS_TEMPLATE.format(
            source=source, languages=", ".join(f'"{code}"' for code in targets)
        ),
        folder / "glossary.yml": GLOSSARY_TEMPLATE,
        folder / "source" / "first-statement.md": EXAMPLE_STATEMENT,
    }
    gitignore = folder / ".gitignore"
    if not gitignore.exists():
        files[gitignore] = GITIGNORE
    for path, text in files.items():
        write_text_atomic(path, text)
        created.append(path)
    locales = folder / "locales"
    make_folder(locales)
    created.append(locales)
    return created
