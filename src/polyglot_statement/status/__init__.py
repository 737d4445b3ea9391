"""`polyglot status`: what is translated, approved and publishable, for coordinators.

compute.py makes the report (a StatusReport, report.py) from the catalogues, with build's
verdicts and check's findings, which worker.py gathers one statement per task; cache.py
remembers each catalogue's part between runs; stale.py finds the published editions whose
inputs changed; render.py writes the report as a table, JSON, CSV, Markdown or an HTML page
(templates/status.html), with a module per format family (render_*.py).
"""

from polyglot_statement.status.compute import (
    CheckMode,
    EditionStatus,
    LanguageStatus,
    StaleEdition,
    StatusReport,
    compute_status,
)
from polyglot_statement.status.render import (
    SUFFIXES,
    Grouping,
    StatusFormat,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_status,
    render_table,
    report_data,
)

__all__ = [
    "SUFFIXES",
    "CheckMode",
    "EditionStatus",
    "Grouping",
    "LanguageStatus",
    "StaleEdition",
    "StatusFormat",
    "StatusReport",
    "compute_status",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "render_status",
    "render_table",
    "report_data",
]
