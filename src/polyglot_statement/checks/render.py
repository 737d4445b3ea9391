"""Findings rendered for people (one `path:line: severity check: message` line each) or as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from polyglot_statement.checks.base import ERROR, WARNING, Finding
from polyglot_statement.errors import shown_path


def render_text(findings: Sequence[Finding], root: Path, stream: TextIO) -> None:
    # The gcc/ruff layout, so editors and CI annotate the .po line.
    for finding in findings:
        stream.write(
            f"{shown_path(finding.path, root)}:{finding.line}: "
            f"{finding.severity} {finding.check_id}: {finding.message}\n"
        )


def render_json(findings: Sequence[Finding], root: Path, stream: TextIO) -> None:
    document = {
        "errors": sum(finding.severity == ERROR for finding in findings),
        "warnings": sum(finding.severity == WARNING for finding in findings),
        "findings": [
            {
                "path": shown_path(finding.path, root),
                "line": finding.line,
                "statement": finding.statement,
                "language": finding.language,
                "check": finding.check_id,
                "severity": finding.severity,
                "message": finding.message,
                "msgid": finding.msgid,
            }
            for finding in findings
        ],
    }
    json.dump(document, stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def summary(findings: Sequence[Finding]) -> str:
    errors = sum(finding.severity == ERROR for finding in findings)
    warnings = len(findings) - errors
    if not findings:
        return "no problems found"
    return f"{errors} error(s), {warnings} warning(s)"


def render_check(
    findings: Sequence[Finding], out: TextIO, root: Path, output_format: str = "text"
) -> None:
    """`polyglot check`'s report: JSON, or a line per finding and the summary."""
    if output_format == "json":
        render_json(findings, root, out)
    else:
        render_text(findings, root, out)
        out.write(summary(findings) + "\n")
    out.flush()


def render_check_list(out: TextIO) -> None:
    """`polyglot check --list-checks`: each check's id, severity and what it finds."""
    from polyglot_statement.checks.run import ALL_CHECKS

    for item in ALL_CHECKS:
        out.write(f"{item.check_id:<18} {item.severity:<8} {item.description}\n")
    out.flush()
