"""The settings as values: Settings and its parts, with the vocabularies and defaults
they take (what `[tool.polyglot]` or polyglot.toml may say is read in parse.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from polyglot_statement.config.deadlines import DeadlineValue
from polyglot_statement.dialects import Dialect, dialect_named
from polyglot_statement.fsutil import DEFAULT_MAX_FILE_SIZE, InputBounds

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

    def _named(self, folder: Path) -> Path:
        """A folder of the settings as a place to read and write: where the settings name
        it, but never where a link inside the workspace leads out of it (a pull request
        can commit `templates` or `locales/templates` as a link to /etc): a folder
        elsewhere is used when the settings name it there."""
        named = Path(os.path.normpath(self.root / folder))
        return self.root if named.is_relative_to(self.root) else named

    @property
    def bounds(self) -> InputBounds:
        """What the commands accept to read as a catalogue, source or glossary: a regular
        file inside the workspace (or a folder the settings name) under max-file-size."""
        return InputBounds.inside(
            (
                self.root,
                self._named(self.source_dir),
                self._named(self.locales_dir),
                self._named(self.glossary_file.parent),
                self._named(self.templates_dir),
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
