"""Exit policies decided from a command's result alone (<package>/policy.py); status's
(--fail-under, --fail-unless-publishable) is exercised through the CLI in test_status.py."""

from __future__ import annotations

from pathlib import Path

from polyglot_statement.checks import ERROR, WARNING, Finding, Severity
from polyglot_statement.checks.policy import check_exit


def _finding(severity: Severity) -> Finding:
    return Finding(Path("es.po"), 3, "s", "es", "glossary", severity, "a message", "msgid")


def test_check_fails_on_an_error_only() -> None:
    assert check_exit([]) == 0
    assert check_exit([_finding(WARNING)]) == 0
    assert check_exit([_finding(WARNING), _finding(ERROR)]) == 1
