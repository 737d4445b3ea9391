"""When `polyglot import` fails: a unit that could not come in, or a check error in what did."""

from __future__ import annotations

from polyglot_statement.checks import ERROR
from polyglot_statement.exchange.transfer import XliffImport


def import_exit(result: XliffImport) -> int:
    if result.not_imported or any(finding.severity == ERROR for finding in result.findings):
        return 1
    return 0
