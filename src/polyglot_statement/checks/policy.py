"""When `polyglot check` fails: an error blocks publication, a warning does not."""

from __future__ import annotations

from collections.abc import Sequence

from polyglot_statement.checks.base import ERROR, Finding


def check_exit(findings: Sequence[Finding]) -> int:
    return 1 if any(finding.severity == ERROR for finding in findings) else 0
