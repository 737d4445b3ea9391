"""The settings' tables and the values with rules of their own, each read and checked:
[publish] and its per-language rules, [machine], [memory], [print], [deadlines], the
formats, the Markdown dialect and layout, the largest file read."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from polyglot_statement.config.deadlines import DeadlineValue, deadline_value
from polyglot_statement.config.model import (
    DEFAULT_FORMATS,
    DEFAULT_MARGINS,
    EDITION_FORMATS,
    EXACT_POLICIES,
    MARKDOWN_LAYOUTS,
    PAGE_SIZES,
    DeadlineSettings,
    EditionFormat,
    MachineSettings,
    MarkdownLayout,
    MemorySettings,
    PrintSettings,
    PublishRule,
)
from polyglot_statement.config.reader import SettingsReader
from polyglot_statement.dialects import Dialect, dialect_named
from polyglot_statement.fsutil import DEFAULT_MAX_FILE_SIZE, unusable_name

# The keys of a publication rule: [publish] and each [publish.languages.<code>].
_RULE_KEYS = ("min-percent", "required-segments", "partial-min-percent")
# The layout a dialect's site generator expects when `publish.markdown-layout` is not set.
_DEFAULT_LAYOUT: dict[str, MarkdownLayout] = {
    "hugo": "hugo",
    "mkdocs": "mkdocs",
    "jekyll": "jekyll",
}
# One to four CSS lengths, as the `margin` shorthand takes them.
_MARGINS = re.compile(r"\s*(?:\d+(?:\.\d+)?(?:mm|cm|in|pt)\s*){1,4}")


def publish_table(reader: SettingsReader, table: Mapping[str, Any]) -> Mapping[str, Any]:
    """`[publish]`, refusing a key it does not have."""
    return reader.section(
        table,
        "publish",
        (
            *_RULE_KEYS,
            *("partial-noindex", "languages", "formats", "allow-partial", "markdown-layout"),
        ),
    )


def publish_overrides(
    reader: SettingsReader,
    publish_table: Mapping[str, Any],
    publish: PublishRule,
    source_language: str,
    languages: Sequence[str],
) -> dict[str, PublishRule]:
    """`[publish.languages.<code>]`: a language's own rule, over `[publish]`'s."""
    overrides: dict[str, PublishRule] = {}
    for code, sub in publish_table.get("languages", {}).items():
        if not isinstance(sub, dict):
            raise reader.fail(f"`publish.languages.{code}` must be a table", code)
        reader.only_known(sub, _RULE_KEYS, f"publish.languages.{code}")
        language = reader.language(code, "publish.languages")
        if language == source_language:
            raise reader.fail(
                f"`publish.languages.{code}` is a rule for the source language, whose "
                "original is always published; remove the table",
                f"languages.{code}",
            )
        if language not in languages:
            raise reader.fail(
                f"`publish.languages.{code}` is a rule for a language `languages` does not "
                f"list (it lists {', '.join(languages) or 'none'}); fix the code, or remove "
                "the table",
                f"languages.{code}",
            )
        overrides[language] = reader.rule(sub, publish, f"publish.languages.{code}")
    return overrides


def machine_settings(
    reader: SettingsReader,
    table: Mapping[str, Any],
    source_language: str,
    languages: Sequence[str],
) -> MachineSettings:
    """`[machine]`; the key itself is only ever read from the environment."""
    machine_table = reader.section(
        table,
        "machine",
        (
            "engine",
            "auth-key-env",
            "server-url",
            "formality",
            "language-map",
            "price-per-million",
            "currency",
        ),
    )
    language_map = machine_table.get("language-map", {})
    if not isinstance(language_map, dict) or not all(
        isinstance(value, str) for value in language_map.values()
    ):
        raise reader.fail("`machine.language-map` must map codes to strings", "language-map")
    server_url = machine_table.get("server-url")
    if server_url is not None and not isinstance(server_url, str):
        raise reader.fail("`machine.server-url` must be a string", "server-url")
    return MachineSettings(
        engine=reader.string(machine_table, "engine", "deepl"),
        auth_key_env=reader.string(machine_table, "auth-key-env", "DEEPL_AUTH_KEY"),
        server_url=server_url,
        formality=reader.string(machine_table, "formality", "default"),
        language_map=_language_map(reader, language_map, source_language, languages),
        price_per_million=_price(reader, machine_table),
        currency=reader.string(machine_table, "currency", "EUR"),
    )


def _language_map(
    reader: SettingsReader, table: Mapping[str, str], source_language: str, languages: Sequence[str]
) -> dict[str, str]:
    """`machine.language-map`, refusing entries that cannot be right: each would send
    text to the engine for nothing, or publish a draft in the wrong language."""
    source_base = source_language.split("_")[0]
    mapped: dict[str, str] = {}
    for code, target in table.items():
        language = reader.language(code, "machine.language-map")
        where = f"`machine.language-map` maps {code!r} to {target!r}"
        # The entry's line: the one naming both (an empty target names nothing to find).
        line = (code, target) if target else (code, "language-map")
        if language == source_language:
            raise reader.fail(
                f"{where}, but {code!r} is the source language, which is never translated; "
                "remove the entry",
                *line,
            )
        if language in mapped:
            raise reader.fail(
                f"`machine.language-map` maps {language!r} twice; keep one entry", *line
            )
        if language not in languages:
            # Ignored, the entry would leave the language it was meant for (pt_PT for a
            # `pt` entry) on the engine's default, without a word: a misspelt setting.
            raise reader.fail(
                f"{where}, but `languages` does not list {code!r} "
                f"(it lists {', '.join(languages) or 'none'}); fix the code, or remove the entry",
                *line,
            )
        target_base = target.strip().replace("_", "-").split("-")[0].lower()
        if not target_base.isalpha():
            raise reader.fail(
                f'{where}, which is not an engine language code such as "PT-PT" or "EN-GB"',
                *line,
            )
        # A regional variant of the source language (en_GB from en) is a translation; any
        # other language mapped to the source language's code would be billed for a
        # copy of the source (Swahili drafts in English).
        if target_base == source_base and language.split("_")[0] != source_base:
            raise reader.fail(
                f"{where}, the source language ({source_language}): the engine would bill "
                f"a translation into the language it translates from; map {code!r} to the "
                "engine's code for that language, or remove the entry",
                *line,
            )
        mapped[language] = target
    return mapped


def _price(reader: SettingsReader, table: Mapping[str, Any]) -> float | None:
    value = table.get("price-per-million")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value < math.inf:
        raise reader.fail(
            f"`machine.price-per-million` must be a number of at least 0 (the price of a "
            f"million characters, e.g. 20.0), not {value!r}",
            "price-per-million",
        )
    return float(value)


def memory_settings(reader: SettingsReader, table: Mapping[str, Any]) -> MemorySettings:
    memory_table = reader.section(table, "memory", ("prefill", "exact"))
    prefill = memory_table.get("prefill", True)
    if not isinstance(prefill, bool):
        raise reader.fail("`memory.prefill` must be true or false", "prefill")
    exact = reader.string(memory_table, "exact", "review")
    policy = next((known for known in EXACT_POLICIES if known == exact), None)
    if policy is None:
        raise reader.fail(f'`memory.exact` must be "review" or "approve", not {exact!r}', "exact")
    return MemorySettings(prefill=prefill, exact=policy)


def markdown_dialect(reader: SettingsReader, table: Mapping[str, Any]) -> Dialect:
    """`markdown`: a dialect's name, or a list of extensions (dialects.py)."""
    value = table.get("markdown", "commonmark")
    if not isinstance(value, str) and not (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    ):
        raise reader.fail(
            '`markdown` must be a dialect\'s name, e.g. markdown = "hugo", or a list of '
            'extensions, e.g. markdown = ["heading-ids", "emoji"]',
            "markdown",
        )
    try:
        return dialect_named(value)
    except ValueError as error:
        raise reader.fail(f"`markdown`: {error}", "markdown") from None


def markdown_layout(
    reader: SettingsReader, publish_table: Mapping[str, Any], dialect: Dialect
) -> MarkdownLayout:
    default = _DEFAULT_LAYOUT.get(dialect.name, "plain")
    value = reader.string(publish_table, "markdown-layout", default)
    layout = next((known for known in MARKDOWN_LAYOUTS if known == value), None)
    if layout is None:
        raise reader.fail(
            f"`publish.markdown-layout` must be one of {', '.join(MARKDOWN_LAYOUTS)}, "
            f"not {value!r}",
            "markdown-layout",
        )
    return layout


def edition_formats(
    reader: SettingsReader, table: Mapping[str, Any], publish_table: Mapping[str, Any]
) -> tuple[EditionFormat, ...]:
    """`publish.formats`, or the top-level `formats` that came first (one of them only)."""
    name, where = "formats", table
    if "formats" in publish_table:
        if "formats" in table:
            raise reader.fail(
                "`formats` and `publish.formats` are both set; keep `publish.formats` only",
                "formats",
            )
        name, where = "publish.formats", publish_table
    formats = where.get("formats", list(DEFAULT_FORMATS))
    if not isinstance(formats, list) or not all(isinstance(item, str) for item in formats):
        raise reader.fail(
            f'`{name}` must be a list of strings, e.g. {name} = ["html", "pdf"]', "formats"
        )
    unknown = [item for item in formats if item not in EDITION_FORMATS]
    if unknown or not formats:
        raise reader.fail(
            f"`{name}` must list some of {', '.join(EDITION_FORMATS)}"
            + (f", not {unknown[0]!r}" if unknown else ""),
            "formats",
        )
    return tuple(name for name in EDITION_FORMATS if name in formats)


def print_settings(reader: SettingsReader, table: Mapping[str, Any]) -> PrintSettings:
    section = reader.section(table, "print", ("page-size", "margins", "fonts"))
    size = reader.string(section, "page-size", "A4")
    sizes = {name.lower(): name for name in PAGE_SIZES}
    if size.lower() not in sizes:
        raise reader.fail(
            f"`print.page-size` must be one of {', '.join(PAGE_SIZES)}, not {size!r}", "page-size"
        )
    margins = reader.string(section, "margins", DEFAULT_MARGINS)
    if not _MARGINS.fullmatch(margins):
        raise reader.fail(
            "`print.margins` must be one to four lengths in mm, cm, in or pt, as CSS's margin "
            f'takes them (e.g. "20mm" or "25mm 20mm"), not {margins!r}',
            "margins",
        )
    fonts = reader.strings(section, "fonts", ())
    for font in fonts:
        if problem := unusable_name(font):
            raise reader.fail(f"`print.fonts`: {problem}", "fonts")
    return PrintSettings(
        page_size=sizes[size.lower()],
        margins=" ".join(margins.split()),
        fonts=tuple(Path(font) for font in fonts),
    )


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(|b|kb|mb|gb)\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "kb": 1_000, "mb": 1_000_000, "gb": 1_000_000_000}


def max_file_size(reader: SettingsReader, table: Mapping[str, Any]) -> int:
    """`max-file-size`: bytes as a number, or a string such as "50 MB"."""
    value = table.get("max-file-size", DEFAULT_MAX_FILE_SIZE)
    if isinstance(value, str) and (match := _SIZE.fullmatch(value)):
        value = float(match.group(1)) * _UNITS[match.group(2).lower()]
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)  # 1e400 is infinity to TOML, and nan is no size
        or value < 1
    ):
        raise reader.fail(
            '`max-file-size` must be a size in bytes or a string such as "50 MB"',
            "max-file-size",
        )
    return int(value)


def deadline_settings(
    reader: SettingsReader, table: Mapping[str, Any], source_language: str, languages: Sequence[str]
) -> DeadlineSettings:
    deadline_table = reader.section(table, "deadlines")
    values: dict[str, DeadlineValue] = {}
    for key, written in deadline_table.items():
        value = deadline_value(written, offset_allowed=True)
        if value is None:
            raise reader.fail(
                f"`deadlines.{key}` = {written!r} is not a date (YYYY-MM-DD, or "
                'YYYY-MM-DD HH:MM) nor an offset from the statement\'s date ("2 days")',
                key,
            )
        if key == "default":
            values[key] = value
            continue
        language = reader.language(key, "deadlines")
        if language == source_language or language not in languages:
            raise reader.fail(
                f"`deadlines.{key}` is for a language `languages` does not list "
                f"(it lists {', '.join(languages) or 'none'}); fix the code, or remove the line",
                key,
            )
        values[language] = value
    default = values.pop("default", None)
    return DeadlineSettings(default=default, languages=values)
