"""Workspace discovery and settings: `[tool.polyglot]` in pyproject.toml, or polyglot.toml.

Settings are found from the current directory upward, as ruff finds its own; the first
file that holds polyglot settings wins and its folder is the workspace root.

Callers import from the package. model.py holds Settings and its parts; files.py finds
the settings file and reads its TOML; reader.py reads typed values out of a table,
pointing errors at their line; parse.py makes Settings of the table, with sections.py's
parser for each table and value with rules of its own; deadlines.py reads a deadline as
settings and front matter write it; run_languages.py says which languages a run chose.
"""

from polyglot_statement.config.deadlines import DeadlineValue, deadline_value
from polyglot_statement.config.files import MAX_TOML_NESTING, find_settings_file, load_settings
from polyglot_statement.config.model import (
    DEFAULT_FORMATS,
    DEFAULT_FRONT_MATTER_FIELDS,
    DEFAULT_MARGINS,
    EDITION_FORMATS,
    EXACT_POLICIES,
    MARKDOWN_LAYOUTS,
    MAX_FONT_SIZE,
    PAGE_SIZES,
    SEGMENTATION_MODES,
    DeadlineSettings,
    EditionFormat,
    ExactPolicy,
    MachineSettings,
    MarkdownLayout,
    MemorySettings,
    PrintSettings,
    PublishRule,
    Segmentation,
    Settings,
)
from polyglot_statement.config.parse import KNOWN_KEYS, parse_settings
from polyglot_statement.config.run_languages import (
    PAGE_WORDS_FILE,
    no_language_note,
    select_languages,
    undeclared_languages,
    undeclared_warning,
)

__all__ = [
    "DEFAULT_FORMATS",
    "DEFAULT_FRONT_MATTER_FIELDS",
    "DEFAULT_MARGINS",
    "EDITION_FORMATS",
    "EXACT_POLICIES",
    "KNOWN_KEYS",
    "MARKDOWN_LAYOUTS",
    "MAX_FONT_SIZE",
    "MAX_TOML_NESTING",
    "PAGE_SIZES",
    "PAGE_WORDS_FILE",
    "SEGMENTATION_MODES",
    "DeadlineSettings",
    "DeadlineValue",
    "EditionFormat",
    "ExactPolicy",
    "MachineSettings",
    "MarkdownLayout",
    "MemorySettings",
    "PrintSettings",
    "PublishRule",
    "Segmentation",
    "Settings",
    "deadline_value",
    "find_settings_file",
    "load_settings",
    "no_language_note",
    "parse_settings",
    "select_languages",
    "undeclared_languages",
    "undeclared_warning",
]
