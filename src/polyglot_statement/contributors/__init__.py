"""`polyglot report`: words and segments translated and reviewed per translator and
language over a window of days, from git history, or from catalogue headers without it.

compute.py makes the report (a ContributorReport); render.py writes it as text, CSV,
JSON or Markdown. Its rules and limits are in docs/coordinators.md.
"""

from polyglot_statement.contributors.compute import (
    Contribution,
    ContributorReport,
    contributor_report,
    parse_day,
)
from polyglot_statement.contributors.render import REPORT_FORMATS

__all__ = [
    "REPORT_FORMATS",
    "Contribution",
    "ContributorReport",
    "contributor_report",
    "parse_day",
]
