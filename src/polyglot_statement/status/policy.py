"""When `polyglot status` fails a CI job: a language below --fail-under, one that
--fail-unless-publishable finds not publishable, an edition --fail-if-overdue finds late."""

from __future__ import annotations

from typing import TextIO

from polyglot_statement.status.deadline_render import overdue_lines
from polyglot_statement.status.report import StatusReport


def status_exit(
    report: StatusReport,
    err: TextIO,
    fail_under: float | None = None,
    fail_unless_publishable: bool = False,
    fail_if_overdue: bool = False,
) -> int:
    """1 when a rule the run asked for is not met, each reason said on `err`; else 0.

    --fail-under is checked first and alone decides when it fails (as a CI log shows one
    reason to act on first).
    """
    if fail_under is not None:
        below = report.below(fail_under)
        if below:
            listed = ", ".join(f"{item.language} {item.percent_approved:.1f}%" for item in below)
            err.write(f"below {fail_under:g}% approved: {listed}\n")
            err.flush()
            return 1
    if fail_unless_publishable:
        held = [item for item in report.languages if not item.publishable]
        for item in held:
            if not item.editions:
                err.write(f"not publishable: {item.language}: no statement chosen\n")
            for edition in item.editions:
                if edition.reasons:
                    reasons = "; ".join(edition.reasons)
                    err.write(f"not publishable: {item.language} {edition.statement}: {reasons}\n")
        err.flush()
        if held:
            return 1
    if fail_if_overdue:
        overdue = overdue_lines(report)
        for line in overdue:
            err.write(f"overdue: {line}\n")
        err.flush()
        if overdue:
            return 1
    return 0
