"""What every check is given and what it must provide, and what a check run finds: the
Unit, the Check base class, its Severity, and the Finding."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from polyglot_statement.glossary import LanguageGlossary
from polyglot_statement.source import NO_DEFINITIONS, LinkDefinitions
from polyglot_statement.source.dialects import COMMONMARK, Dialect


class Severity(StrEnum):
    ERROR = "error"  # blocks publication
    WARNING = "warning"  # shown, never blocks


ERROR = Severity.ERROR
WARNING = Severity.WARNING


@dataclass(frozen=True, slots=True)
class Unit:
    """One source text and one of its translations, with what a check needs about the language."""

    msgid: str
    msgstr: str
    language: str
    source_language: str
    glossary: LanguageGlossary | None = None
    # Median translation/source length ratio of the catalogue the unit is in.
    usual_length_ratio: float | None = None
    # The statement's link definitions, which reference links in both texts resolve against.
    definitions: LinkDefinitions = NO_DEFINITIONS
    # The workspace's Markdown dialect: which generator items the texts may hold.
    dialect: Dialect = COMMONMARK


class Check:
    """A check: an id (used in output and in `# polyglot: ignore <id>`), a severity, one method."""

    check_id: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]

    def problems(self, unit: Unit) -> Iterator[str]:
        """One message per problem found in `unit.msgstr`; nothing when it is fine."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Finding:
    path: Path  # the catalogue, as Settings.catalog_path gives it
    line: int  # the entry's msgstr line: where an editor should put the cursor
    statement: str
    language: str
    check_id: str
    severity: Severity
    message: str
    msgid: str
