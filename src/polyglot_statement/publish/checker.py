"""The checks' blocking findings on a catalogue the build has already read."""

from __future__ import annotations

from pathlib import Path

from polyglot_statement.checks import (
    ALL_CHECKS,
    CatalogueChecker,
    Severity,
    iter_catalog_findings,
)
from polyglot_statement.config import Settings
from polyglot_statement.po import Catalog
from polyglot_statement.source import Statement

# The build counts error findings only: a check whose findings are warnings cannot change
# a verdict, so it is not run (a fifth of the checks' time on a cold build).
BLOCKING_CHECKS = tuple(check for check in ALL_CHECKS if check.severity == Severity.ERROR)


class Checker(CatalogueChecker):
    """`polyglot check`'s error findings (the blocking ones) on a catalogue already read.

    The build runs the checks on the catalogue it reads to decide an edition, rather than
    in a pass of their own that would read every catalogue a second time; the glossary
    and its matchers are the CatalogueChecker's, as status's checks have them.
    """

    def __init__(self, settings: Settings):
        super().__init__(settings, BLOCKING_CHECKS)

    def errors(
        self, catalog: Catalog, path: Path, statement: Statement, language: str
    ) -> list[str]:
        """The msgid of each error finding in the catalogue (read from `path`)."""
        # One at a time, only the errors kept: a large catalogue's warnings (an identical
        # translation is one) were as many as its entries, held as a list.
        findings = iter_catalog_findings(
            catalog,
            path,
            statement.slug,
            language,
            self.settings.source_language,
            self.checks,
            self.matcher(language),
            statement.document.definitions,
            dialect=self.settings.markdown,
        )
        return [finding.msgid for finding in findings]
