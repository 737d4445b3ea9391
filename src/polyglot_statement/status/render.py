"""Render a StatusReport: terminal table, JSON, CSV, Markdown, self-contained HTML.

render_status is the one entry the CLI calls: it writes the report in the format asked for
to a stream. Each format family has its module (render_table.py, render_data.py for JSON
and CSV, render_markdown.py, render_html.py), over the pieces they share
(render_parts.py); nothing computes a number the report does not hold. The JSON layout is
documented in docs/formats.md and kept stable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TextIO

# Each format's renderer is exported from here too, as it always was (`as`: a re-export).
from polyglot_statement.status.render_data import render_csv as render_csv
from polyglot_statement.status.render_data import render_json as render_json
from polyglot_statement.status.render_data import report_data as report_data
from polyglot_statement.status.render_html import render_html as render_html
from polyglot_statement.status.render_markdown import render_markdown as render_markdown
from polyglot_statement.status.render_parts import Grouping as Grouping
from polyglot_statement.status.render_table import render_table as render_table
from polyglot_statement.status.report import StatusReport


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"
    HTML = "html"


# The format `-o`'s suffix asks for.
SUFFIXES = {
    ".json": StatusFormat.JSON,
    ".csv": StatusFormat.CSV,
    ".md": StatusFormat.MARKDOWN,
    ".html": StatusFormat.HTML,
}


def render_status(
    report: StatusReport,
    out: TextIO,
    fmt: StatusFormat | str,
    by: Grouping | str = Grouping.LANGUAGE,
    colour: bool = False,
) -> None:
    """The report in `fmt`, one row per language or per edition (`by`), written to `out`;
    `colour` (a terminal's table only) draws the bars in ANSI colours."""
    by = Grouping(by)
    fmt = StatusFormat(fmt)
    if fmt == StatusFormat.JSON:
        text = render_json(report)
    elif fmt == StatusFormat.CSV:
        text = render_csv(report, by)
    elif fmt == StatusFormat.MARKDOWN:
        text = render_markdown(report, by)
    elif fmt == StatusFormat.HTML:
        text = render_html(report, by)
    else:
        text = render_table(report, by, colour)
    out.write(text)
    out.flush()
