"""`polyglot check`: quality checks over catalogues, for check, build and status alike.

base.py says what a check is (Check, Unit, Severity) and what a run finds (Finding); one
small class per check in content.py, markup.py, terms.py, translation.py and
typography.py; run.py lists them all (ALL_CHECKS) and runs them; render.py writes the
findings for people or as JSON.
"""

from polyglot_statement.checks.base import ERROR, WARNING, Check, Finding, Severity, Unit
from polyglot_statement.checks.render import render_json, render_text, summary
from polyglot_statement.checks.run import (
    ALL_CHECKS,
    CHECKED_STATES,
    CatalogueChecker,
    catalog_findings,
    count_problems,
    find_problems,
    iter_catalog_findings,
    select_checks,
)

__all__ = [
    "ALL_CHECKS",
    "CHECKED_STATES",
    "ERROR",
    "WARNING",
    "CatalogueChecker",
    "Check",
    "Finding",
    "Severity",
    "Unit",
    "catalog_findings",
    "count_problems",
    "find_problems",
    "iter_catalog_findings",
    "render_json",
    "render_text",
    "select_checks",
    "summary",
]
