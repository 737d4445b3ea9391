"""What every check is given and what it must provide: the Unit and the Check base class."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from polyglot_statement.source.references import NO_DEFINITIONS, LinkDefinitions

if TYPE_CHECKING:
    from polyglot_statement.glossary.model import LanguageGlossary

ERROR = "error"  # blocks publication
WARNING = "warning"  # shown, never blocks


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


class Check:
    """A check: an id (used in output and in `# polyglot: ignore <id>`), a severity, one method."""

    check_id: ClassVar[str]
    severity: ClassVar[str]
    description: ClassVar[str]

    def problems(self, unit: Unit) -> Iterator[str]:
        """One message per problem found in `unit.msgstr`; nothing when it is fine."""
        raise NotImplementedError
