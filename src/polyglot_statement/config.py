"""Workspace discovery and settings: `[tool.polyglot]` in pyproject.toml, or polyglot.toml.

Settings are found from the current directory upward, as ruff finds its own; the first
file that holds polyglot settings wins and its folder is the workspace root.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from polyglot_statement.dialects import Dialect, dialect_named
from polyglot_statement.errors import ConfigError, UsageError
from polyglot_statement.fsutil import DEFAULT_MAX_FILE_SIZE, InputBounds, unusable_name
from polyglot_statement.languages import UnknownLanguage, normalise

Segmentation = Literal["paragraph", "sentence"]
SEGMENTATION_MODES: tuple[Segmentation, ...] = ("paragraph", "sentence")
# The editions `polyglot build` can make, in the order it lists them; a build makes the
# settings' `formats` (by default the first three: print and Word cost far more).
EditionFormat = Literal["html", "md", "txt", "pdf", "docx"]
EDITION_FORMATS: tuple[EditionFormat, ...] = ("html", "md", "txt", "pdf", "docx")
DEFAULT_FORMATS: tuple[EditionFormat, ...] = ("html", "md", "txt")
DEFAULT_FRONT_MATTER_FIELDS = ("title", "subtitle", "summary")
# What an exact memory match becomes: fuzzy for a reviewer, or approved at once.
ExactPolicy = Literal["review", "approve"]
EXACT_POLICIES: tuple[ExactPolicy, ...] = ("review", "approve")
# Where the .md edition goes and what its front matter adds, so that it drops into a site
# generator's content (docs/publishers.md): `plain` is dist/<lang>/<slug>.md as it was.
MarkdownLayout = Literal["plain", "hugo", "hugo-suffix", "mkdocs", "jekyll"]
MARKDOWN_LAYOUTS: tuple[MarkdownLayout, ...] = ("plain", "hugo", "hugo-suffix", "mkdocs", "jekyll")
# The layout a dialect's site generator expects when `publish.markdown-layout` is not set.
_DEFAULT_LAYOUT: dict[str, MarkdownLayout] = {
    "hugo": "hugo",
    "mkdocs": "mkdocs",
    "jekyll": "jekyll",
}


def _dialect(value: str | list[str] = "commonmark") -> Dialect:
    return dialect_named(value)


@dataclass(frozen=True, slots=True)
class PublishRule:
    """When a language edition may be published."""

    min_percent: float = 100.0
    required_segments: tuple[str, ...] = ()
    # The floor under --allow-partial: a language with fewer approved words than this is
    # not published at all (nor one whose title is not approved, whatever the share).
    partial_min_percent: float = 50.0


@dataclass(frozen=True, slots=True)
class MachineSettings:
    """Machine-translation settings; the key itself is only ever read from the environment."""

    engine: str = "deepl"
    auth_key_env: str = "DEEPL_AUTH_KEY"
    server_url: str | None = None
    formality: str = "default"
    language_map: Mapping[str, str] = field(default_factory=dict)
    # What `translate --dry-run` prices the characters at (`price-per-million`, `currency`).
    price_per_million: float | None = None
    currency: str = "EUR"


PAGE_SIZES = ("A4", "Letter", "A5", "Legal")
# The largest font file `print.fonts` may name: a CJK family's one face (Noto Sans CJK is
# about 20 MB) fits.
MAX_FONT_SIZE = 64_000_000
DEFAULT_MARGINS = "22mm 20mm"
# One to four CSS lengths, as the `margin` shorthand takes them.
_MARGINS = re.compile(r"\s*(?:\d+(?:\.\d+)?(?:mm|cm|in|pt)\s*){1,4}")


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """The PDF and Word editions' page: `[tool.polyglot.print]`."""

    page_size: str = "A4"
    margins: str = DEFAULT_MARGINS  # the CSS `margin` shorthand: top, right, bottom, left
    fonts: tuple[Path, ...] = ()  # an organisation's own font files, relative to the root


@dataclass(frozen=True, slots=True)
class MemorySettings:
    """How extract and translate use the translation memory (docs/memory.md)."""

    prefill: bool = True
    exact: ExactPolicy = "review"


# A deadline as settings or front matter write it: a day (due by its end, UTC), a moment,
# or (settings only) an offset from the statement's `date`. status/deadlines.py uses them.
DeadlineValue = dt.date | dt.datetime | dt.timedelta


@dataclass(frozen=True, slots=True)
class DeadlineSettings:
    """`[deadlines]`: `default` (an offset from a statement's `date`) and one per language."""

    default: DeadlineValue | None = None
    languages: Mapping[str, DeadlineValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path
    settings_file: Path
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    source_dir: Path = Path("source")
    locales_dir: Path = Path("locales")
    output_dir: Path = Path("dist")
    glossary_file: Path = Path("glossary.yml")
    templates_dir: Path = Path("templates")
    cache_dir: Path = Path(".polyglot")
    segmentation: Segmentation = "paragraph"
    front_matter_fields: tuple[str, ...] = DEFAULT_FRONT_MATTER_FIELDS
    project_name: str = "polyglot-statement"
    # The publisher named on the front pages, in feeds and in printed pages' headers.
    organisation: str = ""
    # Where dist/ is served ("https://example.org/statements/", ending in "/"): metadata
    # (canonical, hreflang, Open Graph, feeds, the sitemap) is absolute when it is set.
    site_url: str | None = None
    publish: PublishRule = PublishRule()
    # Whether a partial edition asks search engines not to index it (robots noindex).
    partial_noindex: bool = True
    publish_overrides: Mapping[str, PublishRule] = field(default_factory=dict)
    machine: MachineSettings = MachineSettings()
    memory: MemorySettings = MemorySettings()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; a larger catalogue or source is refused
    # What a build makes when --format is not given (`publish.formats`, or `formats`).
    formats: tuple[EditionFormat, ...] = DEFAULT_FORMATS
    # Whether a build publishes partial editions when neither --allow-partial nor
    # --no-allow-partial is given (`publish.allow-partial`).
    allow_partial: bool = False
    print: PrintSettings = PrintSettings()
    # The Markdown dialect the statements are written in (`markdown`): every reader of a
    # statement (segmentation, checks, editions) reads its generator syntax the same way.
    markdown: Dialect = field(default_factory=_dialect)
    markdown_layout: MarkdownLayout = "plain"  # `publish.markdown-layout`
    deadlines: DeadlineSettings = DeadlineSettings()

    @property
    def bounds(self) -> InputBounds:
        """What the commands accept to read as a catalogue, source or glossary: a regular
        file inside the workspace (or a folder the settings name) under max-file-size."""
        return InputBounds.inside(
            (
                self.root,
                self.source_path,
                self.locales_path,
                self.glossary_path.parent,
                self.root / self.templates_dir,
            ),
            self.max_file_size,
        )

    @property
    def temp_folders(self) -> tuple[Path, ...]:
        """Where a writing command may leave temp files if killed (it removes them at start)."""
        return (self.locales_path, self.source_path, self.cache_path)

    # Paths relative to the root, resolved.
    @property
    def source_path(self) -> Path:
        return self.root / self.source_dir

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def output_path(self) -> Path:
        return self.root / self.output_dir

    @property
    def glossary_path(self) -> Path:
        return self.root / self.glossary_file

    @property
    def cache_path(self) -> Path:
        return self.root / self.cache_dir

    # One Path made from all the parts: a join per part cost twice as much, and a build or
    # status asks for 10,000 of these.
    def template_path(self, slug: str) -> Path:
        return Path(self.root, self.locales_dir, "templates", f"{slug}.pot")

    def catalog_path(self, language: str, slug: str) -> Path:
        return Path(self.root, self.locales_dir, language, "LC_MESSAGES", f"{slug}.po")

    def publish_rule(self, language: str) -> PublishRule:
        return self.publish_overrides.get(language, self.publish)

    @property
    def publisher(self) -> str:
        """The name the pages give their publisher: `organisation`, else `project-name`."""
        return self.organisation or self.project_name


def find_settings_file(start: Path) -> tuple[Path, dict[str, Any]]:
    """Walk up from `start` to the first polyglot.toml, or pyproject.toml with [tool.polyglot]."""
    start = start.resolve()
    for folder in (start, *start.parents):
        dedicated = folder / "polyglot.toml"
        if dedicated.is_file():
            # polyglot.toml holds the keys at top level, as ruff.toml does.
            return dedicated, _read_toml(dedicated)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tools = _read_toml(pyproject).get("tool", {})
            table = tools.get("polyglot") if isinstance(tools, dict) else None
            if isinstance(table, dict):
                return pyproject, table
    raise ConfigError(
        f"no workspace settings found in {start} or any folder above it; "
        "run `polyglot init` to make a workspace, or add [tool.polyglot] to pyproject.toml"
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"not UTF-8 text ({error.reason})", path) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = int(match.group(1)) if match else None
        raise ConfigError(f"invalid TOML: {error}", path, line) from None
    except ValueError:
        # tomllib reads an integer with int(), which refuses more than 4,300 digits.
        digits = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else None
        raise ConfigError(
            "a number has more digits than can be read; write a number of sensible size",
            path,
            line,
        ) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables by recursion.
        raise ConfigError(
            f"arrays or inline tables nest more than {MAX_TOML_NESTING} deep; "
            "settings need two or three levels",
            path,
            _deep_line(text),
        ) from None


# A run of digits (with TOML's `_` separators) past Python's int-from-text limit.
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4300,}")
MAX_TOML_NESTING = 100


def _deep_line(text: str) -> int | None:
    """The line where brackets first nest past MAX_TOML_NESTING (strings are not told
    apart: this only points the reader at the place)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_TOML_NESTING:
                return text.count("\n", 0, index) + 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def load_settings(start: Path | None = None) -> Settings:
    path, table = find_settings_file(start or Path.cwd())
    return parse_settings(table, path)


class _Reader:
    """Reads typed values out of a TOML table, pointing errors at the settings file line."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            self.lines = []

    def setting_line(self, key: str) -> int | None:
        """The first line that sets a key of that name (`key = ...`), or None."""
        setting = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, text in enumerate(self.lines, start=1):
            if setting.match(text):
                return number
        return None

    def line_of(self, *needles: str) -> int | None:
        # The line that sets a key of that name first: `glossary` is also in a comment.
        if (number := self.setting_line(needles[0])) is not None:
            return number
        for number, text in enumerate(self.lines, start=1):
            if all(needle in text for needle in needles):
                return number
        return None

    def fail(self, message: str, *needles: str) -> ConfigError:
        return ConfigError(message, self.path, self.line_of(*needles) if needles else None)

    def only_known(self, table: Mapping[str, Any], known: Iterable[str], where: str) -> None:
        """Refuse a key the table `where` does not have: a misspelt setting (`min-percnt`)
        would otherwise be ignored without a word, and the default used instead."""
        names = sorted(known)
        unknown = sorted(set(table) - set(names))
        if unknown:
            name = f"{where}.{unknown[0]}" if where else unknown[0]
            raise self.fail(
                f"unknown setting `{name}`; known settings"
                + (f" in [{where}]" if where else "")
                + f" are: {', '.join(names)}",
                unknown[0],
            )

    def string(self, table: Mapping[str, Any], key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise self.fail(f"`{key}` must be a string, not {type(value).__name__}", key)
        return value

    def workspace_path(self, table: Mapping[str, Any], key: str, default: str) -> Path:
        """A file or folder of the workspace; its name is written into catalogues and
        pages, and the system refuses a NUL in it."""
        value = self.string(table, key, default)
        problem = unusable_name(value)
        if problem is not None or not value:
            raise self.fail(f"`{key}`: {problem or 'is empty'}", key)
        return Path(value)

    def strings(
        self, table: Mapping[str, Any], key: str, default: tuple[str, ...]
    ) -> tuple[str, ...]:
        value = table.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f'`{key}` must be a list of strings, e.g. {key} = ["es", "fr"]', key)
        return tuple(value)

    def language(self, code: str, key: str) -> str:
        try:
            return normalise(code)
        except UnknownLanguage:
            raise self.fail(
                f"unknown language code {code!r} in `{key}`; use a CLDR code such as "
                '"es", "pt_BR" or "zh_Hant"',
                code,
            ) from None

    def percent(self, table: Mapping[str, Any], key: str, default: float, where: str) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise self.fail(f"`{where}.{key}` must be a number from 0 to 100", key)
        return float(value)

    def rule(self, table: Mapping[str, Any], base: PublishRule, where: str) -> PublishRule:
        return PublishRule(
            min_percent=self.percent(table, "min-percent", base.min_percent, where),
            required_segments=self.strings(table, "required-segments", base.required_segments),
            partial_min_percent=self.percent(
                table, "partial-min-percent", base.partial_min_percent, where
            ),
        )

    def boolean(self, table: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"`{where}{key}` must be true or false", key)
        return value

    def site_url(self, table: Mapping[str, Any]) -> str | None:
        value = table.get("site-url")
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail("`site-url` must be a string", "site-url")
        parts = urllib.parse.urlsplit(value.strip())
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or parts.query
            or parts.fragment
        ):
            raise self.fail(
                f"`site-url` must be the absolute http(s) address dist/ is served from, "
                f'such as "https://example.org/statements/", not {value!r}',
                "site-url",
            )
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


# The keys of a publication rule: [publish] and each [publish.languages.<code>].
_RULE_KEYS = ("min-percent", "required-segments", "partial-min-percent")

KNOWN_KEYS = {
    "deadlines",
    "source-language",
    "languages",
    "source-dir",
    "locales-dir",
    "output-dir",
    "glossary",
    "templates-dir",
    "cache-dir",
    "segmentation",
    "front-matter-fields",
    "project-name",
    "organisation",
    "site-url",
    "publish",
    "machine",
    "memory",
    "max-file-size",
    "formats",
    "print",
    "markdown",
}


def parse_settings(table: Mapping[str, Any], path: Path) -> Settings:
    reader = _Reader(path)
    reader.only_known(table, KNOWN_KEYS, "")
    source_language = reader.language(
        reader.string(table, "source-language", "en"), "source-language"
    )
    languages: list[str] = []
    for code in reader.strings(table, "languages", ()):
        normalised = reader.language(code, "languages")
        if normalised == source_language:
            raise reader.fail(f"`languages` lists the source language {code!r}", code)
        if normalised in languages:
            raise reader.fail(f"`languages` lists {code!r} twice", code)
        languages.append(normalised)
    segmentation = reader.string(table, "segmentation", "paragraph")
    mode = next((known for known in SEGMENTATION_MODES if known == segmentation), None)
    if mode is None:
        raise reader.fail(
            f"`segmentation` must be one of {', '.join(SEGMENTATION_MODES)}, not {segmentation!r}",
            "segmentation",
        )

    publish_table = table.get("publish", {})
    if not isinstance(publish_table, dict):
        raise reader.fail("`publish` must be a table", "publish")
    reader.only_known(
        publish_table,
        (
            *_RULE_KEYS,
            *("partial-noindex", "languages", "formats", "allow-partial", "markdown-layout"),
        ),
        "publish",
    )
    publish = reader.rule(publish_table, PublishRule(), "publish")
    partial_noindex = reader.boolean(publish_table, "partial-noindex", True, "publish.")
    allow_partial = reader.boolean(publish_table, "allow-partial", False, "publish.")
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

    machine_table = table.get("machine", {})
    if not isinstance(machine_table, dict):
        raise reader.fail("`machine` must be a table", "machine")
    reader.only_known(
        machine_table,
        (
            "engine",
            "auth-key-env",
            "server-url",
            "formality",
            "language-map",
            "price-per-million",
            "currency",
        ),
        "machine",
    )
    language_map = machine_table.get("language-map", {})
    if not isinstance(language_map, dict) or not all(
        isinstance(value, str) for value in language_map.values()
    ):
        raise reader.fail("`machine.language-map` must map codes to strings", "language-map")
    server_url = machine_table.get("server-url")
    if server_url is not None and not isinstance(server_url, str):
        raise reader.fail("`machine.server-url` must be a string", "server-url")
    machine = MachineSettings(
        engine=reader.string(machine_table, "engine", "deepl"),
        auth_key_env=reader.string(machine_table, "auth-key-env", "DEEPL_AUTH_KEY"),
        server_url=server_url,
        formality=reader.string(machine_table, "formality", "default"),
        language_map=_language_map(reader, language_map, source_language, languages),
        price_per_million=_price(reader, machine_table),
        currency=reader.string(machine_table, "currency", "EUR"),
    )

    markdown = _markdown(reader, table)
    return Settings(
        root=path.parent,
        memory=_memory(reader, table),
        settings_file=path,
        source_language=source_language,
        languages=tuple(languages),
        source_dir=reader.workspace_path(table, "source-dir", "source"),
        locales_dir=reader.workspace_path(table, "locales-dir", "locales"),
        output_dir=reader.workspace_path(table, "output-dir", "dist"),
        glossary_file=reader.workspace_path(table, "glossary", "glossary.yml"),
        templates_dir=reader.workspace_path(table, "templates-dir", "templates"),
        cache_dir=reader.workspace_path(table, "cache-dir", ".polyglot"),
        segmentation=mode,
        front_matter_fields=reader.strings(
            table, "front-matter-fields", DEFAULT_FRONT_MATTER_FIELDS
        ),
        project_name=reader.string(table, "project-name", "polyglot-statement"),
        organisation=reader.string(table, "organisation", "").strip(),
        site_url=reader.site_url(table),
        publish=publish,
        partial_noindex=partial_noindex,
        publish_overrides=overrides,
        machine=machine,
        max_file_size=_size(reader, table),
        formats=_formats(reader, table, publish_table),
        allow_partial=allow_partial,
        print=_print(reader, table),
        markdown=markdown,
        markdown_layout=_layout(reader, publish_table, markdown),
        deadlines=_deadlines(reader, table, source_language, languages),
    )


def _markdown(reader: _Reader, table: Mapping[str, Any]) -> Dialect:
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
        return _dialect(value)
    except ValueError as error:
        raise reader.fail(f"`markdown`: {error}", "markdown") from None


def _layout(reader: _Reader, publish_table: Mapping[str, Any], dialect: Dialect) -> MarkdownLayout:
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


def _language_map(
    reader: _Reader, table: Mapping[str, str], source_language: str, languages: Sequence[str]
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


def _formats(
    reader: _Reader, table: Mapping[str, Any], publish_table: Mapping[str, Any]
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


def _print(reader: _Reader, table: Mapping[str, Any]) -> PrintSettings:
    section = table.get("print", {})
    if not isinstance(section, dict):
        raise reader.fail("`print` must be a table", "print")
    reader.only_known(section, ("page-size", "margins", "fonts"), "print")
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


def _size(reader: _Reader, table: Mapping[str, Any]) -> int:
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


def select_languages(settings: Settings, only: Sequence[str] = ()) -> tuple[str, ...]:
    """The workspace's target languages, or those named in `only` (any spelling babel accepts)."""
    if not only:
        return settings.languages
    chosen: list[str] = []
    for code in only:
        try:
            normalised = normalise(code)
        except UnknownLanguage:
            raise UsageError(f"unknown language code {code!r}") from None
        if normalised not in settings.languages:
            raise UsageError(
                f"{code!r} is not a target language of this workspace "
                f"({', '.join(settings.languages)}); "
                f"add it to `languages` in {settings.settings_file.name}"
            )
        chosen.append(normalised)
    return tuple(dict.fromkeys(chosen))


# A workspace's page words (publish/page_text.py's WORKSPACE_DOMAIN; the package's own
# domain, which earlier versions read here, too): a workspace may give them in a language
# it does not publish, so such a catalogue alone makes no language.
PAGE_WORDS_FILE = "polyglot-pages.po"
_PAGE_WORDS_DOMAINS = ("polyglot-pages", "polyglot_statement")


def undeclared_languages(settings: Settings) -> list[str]:
    """Languages with statement catalogues on disk (`locales/de/LC_MESSAGES/*.po`, as
    Weblate's "Add new translation" or a translator creates them) that the settings do
    not list: every command leaves them out, so they are named (`undeclared_warning`)."""
    try:
        folders = sorted(settings.locales_path.iterdir())
    except OSError:
        return []
    found: list[str] = []
    for folder in folders:
        messages = folder / "LC_MESSAGES"
        if not messages.is_dir() or folder.name == "templates":
            continue
        try:
            code = normalise(folder.name)
        except UnknownLanguage:
            continue
        if code in settings.languages or code == settings.source_language:
            continue
        if any(path.stem not in _PAGE_WORDS_DOMAINS for path in messages.glob("*.po")):
            found.append(code)
    return found


def no_language_note(settings: Settings) -> str | None:
    """What a report on translations says when the settings list no target language (as
    `init` without `--lang` leaves them): an empty table or "no problems found" alone
    would read as all done. None when some language is listed."""
    if settings.languages:
        return None
    return (
        f"{settings.settings_file.name}: `languages` lists no target language, so there is "
        'nothing to translate or check yet; add some, e.g. languages = ["es", "fr"]'
    )


def undeclared_warning(settings: Settings) -> str | None:
    """One warning for the languages on disk the settings do not list, with the line to
    write instead of the settings' `languages` line; None when there are none."""
    missing = undeclared_languages(settings)
    if not missing:
        return None
    where = settings.settings_file.name
    # The file was read as UTF-8 when the settings were loaded.
    number = _Reader(settings.settings_file).setting_line("languages")
    if number is not None:
        where = f"{where}:{number}"
    wanted = ", ".join(f'"{code}"' for code in (*settings.languages, *missing))
    folders = ", ".join(f"{settings.locales_dir.as_posix()}/{code}" for code in missing)
    one = len(missing) == 1
    return (
        f"{where}: {folders} {'holds' if one else 'hold'} catalogues, but "
        f"{', '.join(missing)} {'is' if one else 'are'} not in `languages`, so every "
        f"command leaves {'it' if one else 'them'} out; to include "
        f"{'it' if one else 'them'}, write: languages = [{wanted}]"
    )


def _memory(reader: _Reader, table: Mapping[str, Any]) -> MemorySettings:
    memory_table = table.get("memory", {})
    if not isinstance(memory_table, dict):
        raise reader.fail("`memory` must be a table", "memory")
    reader.only_known(memory_table, ("prefill", "exact"), "memory")
    prefill = memory_table.get("prefill", True)
    if not isinstance(prefill, bool):
        raise reader.fail("`memory.prefill` must be true or false", "prefill")
    exact = reader.string(memory_table, "exact", "review")
    policy = next((known for known in EXACT_POLICIES if known == exact), None)
    if policy is None:
        raise reader.fail(f'`memory.exact` must be "review" or "approve", not {exact!r}', "exact")
    return MemorySettings(prefill=prefill, exact=policy)


def _price(reader: _Reader, table: Mapping[str, Any]) -> float | None:
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


_OFFSET = re.compile(r"\s*(\d{1,4})\s*(weeks?|w|days?|d|hours?|h)\s*", re.IGNORECASE)
_OFFSET_UNITS = {"w": dt.timedelta(weeks=1), "d": dt.timedelta(days=1), "h": dt.timedelta(hours=1)}


def deadline_value(value: object, offset_allowed: bool) -> DeadlineValue | None:
    """A deadline as TOML or YAML gives it: a date or date-time (as such or as text in ISO
    form: 2026-12-08, 2026-12-08 18:00, 2026-12-08T18:00+01:00) or, where allowed, an
    offset ("2 days", "36 hours", "1 week"); None for anything else."""
    if isinstance(value, dt.date):  # a datetime is a date too
        return value
    if not isinstance(value, str):
        return None
    written = value.strip()
    if offset_allowed and (match := _OFFSET.fullmatch(written)):
        return int(match.group(1)) * _OFFSET_UNITS[match.group(2)[0].lower()]
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(written)
        except ValueError:
            continue
    return None


def _deadlines(
    reader: _Reader, table: Mapping[str, Any], source_language: str, languages: Sequence[str]
) -> DeadlineSettings:
    deadline_table = table.get("deadlines", {})
    if not isinstance(deadline_table, dict):
        raise reader.fail("`deadlines` must be a table", "deadlines")
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
