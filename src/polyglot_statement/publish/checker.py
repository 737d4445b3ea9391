"""The checks' blocking findings on a catalogue the build has already read."""

from __future__ import annotations

from pathlib import Path

from polyglot_statement.checks import ALL_CHECKS, Severity, iter_catalog_findings
from polyglot_statement.config import Settings
from polyglot_statement.glossary import Glossary, LanguageGlossary, glossary_for_settings
from polyglot_statement.po import Catalog
from polyglot_statement.source import Statement

# The build counts error findings only: a check whose findings are warnings cannot change
# a verdict, so it is not run (a fifth of the checks' time on a cold build).
BLOCKING_CHECKS = tuple(check for check in ALL_CHECKS if check.severity == Severity.ERROR)


class Checker:
    """`polyglot check`'s error findings (the blocking ones) on a catalogue already read.

    The build runs the checks on the catalogue it reads to decide an edition, rather than
    in a pass of their own that would read every catalogue a second time. The glossary is
    loaded once, before any worker forks (a broken glossary fails the build before any
    edition is decided, and the workers inherit it); its matchers are built once per
    language in each process, as the checks' own workers do.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.loaded = False
        self.glossary: Glossary | None = None
        self.matchers: dict[str, LanguageGlossary | None] = {}

    def load(self) -> None:
        if not self.loaded:
            self.glossary = glossary_for_settings(self.settings)
            self.loaded = True

    def errors(
        self, catalog: Catalog, path: Path, statement: Statement, language: str
    ) -> list[str]:
        """The msgid of each error finding in the catalogue (read from `path`)."""
        self.load()
        if language not in self.matchers:
            glossary = self.glossary
            self.matchers[language] = (
                glossary.for_language(language) if glossary is not None else None
            )
        # One at a time, only the errors kept: a large catalogue's warnings (an identical
        # translation is one) were as many as its entries, held as a list.
        findings = iter_catalog_findings(
            catalog,
            path,
            statement.slug,
            language,
            self.settings.source_language,
            BLOCKING_CHECKS,
            self.matchers[language],
            statement.document.definitions,
            dialect=self.settings.markdown,
        )
        return [finding.msgid for finding in findings]
