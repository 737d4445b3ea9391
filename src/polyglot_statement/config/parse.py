"""parse_settings: a settings table made Settings, key by key in a fixed order, so that
of several mistakes the same one is always named first."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from polyglot_statement.config.model import (
    DEFAULT_FRONT_MATTER_FIELDS,
    SEGMENTATION_MODES,
    PublishRule,
    Settings,
)
from polyglot_statement.config.reader import SettingsReader
from polyglot_statement.config.sections import (
    deadline_settings,
    edition_formats,
    machine_settings,
    markdown_dialect,
    markdown_layout,
    max_file_size,
    memory_settings,
    print_settings,
    publish_overrides,
    publish_table,
)

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
    reader = SettingsReader(path)
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

    publish_section = publish_table(reader, table)
    publish = reader.rule(publish_section, PublishRule(), "publish")
    partial_noindex = reader.boolean(publish_section, "partial-noindex", True, "publish.")
    allow_partial = reader.boolean(publish_section, "allow-partial", False, "publish.")
    overrides = publish_overrides(reader, publish_section, publish, source_language, languages)
    machine = machine_settings(reader, table, source_language, languages)
    markdown = markdown_dialect(reader, table)
    settings = Settings(
        root=path.parent,
        memory=memory_settings(reader, table),
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
        max_file_size=max_file_size(reader, table),
        formats=edition_formats(reader, table, publish_section),
        allow_partial=allow_partial,
        print=print_settings(reader, table),
        markdown=markdown,
        markdown_layout=markdown_layout(reader, publish_section, markdown),
        deadlines=deadline_settings(reader, table, source_language, languages),
    )
    _refuse_output_over_inputs(reader, settings)
    return settings


def _refuse_output_over_inputs(reader: SettingsReader, settings: Settings) -> None:
    """A build replaces its output folder whole: one that is, or holds, the workspace or
    a folder of its inputs (`output-dir = "source"`, `"."`, `".."`) would have them deleted
    by the next build once a manifest.json lay there."""
    output = os.path.realpath(settings.output_path)
    inputs = {
        "the workspace": settings.root,
        "source-dir": settings.source_path,
        "locales-dir": settings.locales_path,
        "templates-dir": settings.root / settings.templates_dir,
        "cache-dir": settings.cache_path,
        "the memory folder": settings.root / "memory",  # memory.files.MEMORY_FOLDER
        "the glossary": settings.glossary_path,
        "the settings file": settings.settings_file,
    }
    for name, path in inputs.items():
        real = os.path.realpath(path)
        if real == output or real.startswith(output.rstrip("/") + "/"):
            raise reader.fail(
                f"`output-dir` {str(settings.output_dir)!r} holds {name}, which each build "
                "would delete when it replaces the output folder; choose a folder of its "
                'own (output-dir = "dist")',
                "output-dir",
            )
