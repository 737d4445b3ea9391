"""Render a StatusReport: terminal table, JSON, CSV, Markdown, self-contained HTML.

Each renderer takes the report and returns text; nothing here computes a number the
report does not hold. The JSON layout is documented in the README and kept stable.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from polyglot_statement import __version__
from polyglot_statement.languages import english_name
from polyglot_statement.publish.readiness import Tally
from polyglot_statement.status.compute import (
    NO_CHECKS,
    EditionStatus,
    LanguageStatus,
    StatusReport,
)

FORMATS = ("table", "json", "csv", "markdown", "html")
# Order of the states in every bar and table, and their labels.
STATE_LABELS = (
    ("approved", "approved"),
    ("machine", "machine"),
    ("needs_review", "needs review"),
    ("untranslated", "untranslated"),
)
_ANSI = {
    "approved": "\x1b[32m",  # green
    "machine": "\x1b[36m",  # cyan
    "needs_review": "\x1b[33m",  # yellow
    "untranslated": "\x1b[90m",  # grey
    "bad": "\x1b[31m",
    "good": "\x1b[32m",
    "bold": "\x1b[1m",
}
_RESET = "\x1b[0m"
# Without colour each state gets its own character, so a piped bar still says something.
_PLAIN_BAR = {"approved": "#", "machine": "m", "needs_review": "?", "untranslated": "."}
_HTML_COLOURS = {
    "approved": "#2e7d32",
    "machine": "#0277bd",
    "needs_review": "#f9a825",
    "untranslated": "#cfd8dc",
}


def render(report: StatusReport, fmt: str, by: str = "language", colour: bool = False) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report, by)
    if fmt == "markdown":
        return render_markdown(report, by)
    if fmt == "html":
        return render_html(report, by)
    return render_table(report, by, colour)


# ---------------------------------------------------------------- shared pieces


def _name(language: str) -> str:
    try:
        return english_name(language)
    except Exception:  # an unusual code in a foreign workspace still gets a row
        return language


def _count(value: int | None) -> str:
    return "–" if value is None else str(value)


def _rows(report: StatusReport, by: str) -> list[tuple[str, str, LanguageStatus | EditionStatus]]:
    """(group, label, item): languages, or each statement's editions under its slug."""
    if by == "statement":
        return [
            (slug, edition.language, edition)
            for slug, editions in report.by_statement()
            for edition in editions
        ]
    return [("", language.language, language) for language in report.languages]


def _status_of(item: LanguageStatus | EditionStatus) -> dict[str, Any]:
    return {
        "words": item.words.as_dict(),
        "segments": item.segments.as_dict(),
        "percent_approved": round(item.percent_approved, 2),
        "errors": item.errors,
        "warnings": item.warnings,
        "publishable": item.publishable,
    }


def checks_note(report: StatusReport) -> str | None:
    """What a "–" in the errors and warnings columns means in this report, if any shows."""
    if report.checks == NO_CHECKS:
        return "Checks not run (--checks none): errors and warnings unknown (–)."
    unchecked = any(
        edition.errors is None for language in report.languages for edition in language.editions
    )
    if not unchecked:
        return None
    return (
        "Checked: editions that are publishable but for check errors; – = not checked "
        "(--checks all checks every edition)."
    )


# ---------------------------------------------------------------- JSON


def report_data(report: StatusReport) -> dict[str, Any]:
    """The report as plain data: the stable JSON layout documented in the README."""
    return {
        "generator": f"polyglot-statement {__version__}",
        "source_language": report.source_language,
        "checks": report.checks,
        "statements": list(report.statements),
        "languages": [
            {
                "language": language.language,
                "name": _name(language.language),
                **_status_of(language),
                "statements": [
                    {
                        "statement": edition.statement,
                        "language": edition.language,
                        "catalogue": edition.catalogue,
                        "catalogue_exists": edition.catalogue_exists,
                        "checked": edition.errors is not None,
                        **_status_of(edition),
                        "reasons": list(edition.reasons),
                    }
                    for edition in language.editions
                ],
            }
            for language in report.languages
        ],
        "stale_editions": None
        if report.stale_editions is None
        else [
            {"statement": stale.statement, "language": stale.language, "reason": stale.reason}
            for stale in report.stale_editions
        ],
    }


def render_json(report: StatusReport) -> str:
    return _indented(report_data(report)) + "\n"


_encode_string = json.encoder.encode_basestring  # the C encoder when there is one
_CONTAINERS = (dict, list, tuple)


@lru_cache(maxsize=16)
def _flat_encoder(inner: str) -> Callable[[Any], str]:
    """Encode a container of scalars with one item a line at this depth, in C if possible."""
    separators = ("," + inner, ": ")
    make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
    if make is None:
        return json.JSONEncoder(ensure_ascii=False, separators=separators).encode
    # What JSONEncoder.encode sets up on every call, set up once.
    encode = make(None, None, _encode_string, None, *reversed(separators), False, False, True)
    return lambda value: "".join(encode(value, 0))


def _flat(value: Any, inner: str, newline: str) -> str:
    flat = _flat_encoder(inner)(value)
    return flat[0] + inner + flat[1:-1] + newline + flat[-1]


def _indented(value: Any, newline: str = "\n") -> str:
    """json.dumps(value, ensure_ascii=False, indent=2): the same text, several times faster.

    The standard library writes indented JSON in pure Python (its C encoder only works
    without indent), which took a third of a second for a 500 × 20 workspace. Here the C
    encoder writes every container that holds no container, with the line break and
    indent of its depth as item separator. Handles what report_data holds: dicts with
    string keys, lists, strings, numbers, bools, None.
    """
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = newline + "  "
        if not any(isinstance(item, _CONTAINERS) for item in value.values()):
            return _flat(value, inner, newline)
        parts = (f"{_encode_string(key)}: {_indented(item, inner)}" for key, item in value.items())
        return "{" + inner + ("," + inner).join(parts) + newline + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = newline + "  "
        if not any(isinstance(item, _CONTAINERS) for item in value):
            return _flat(value, inner, newline)
        items = (_indented(item, inner) for item in value)
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return float.__repr__(value) if math.isfinite(value) else json.dumps(value)
    raise TypeError(f"not JSON data: {value!r}")


# ---------------------------------------------------------------- CSV

CSV_STATES = ("approved", "machine", "needs_review", "untranslated", "obsolete", "total")


def render_csv(report: StatusReport, by: str = "language") -> str:
    """One row per language, or per statement and language with `by="statement"`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    head = ["statement"] if by == "statement" else []
    writer.writerow(
        [
            *head,
            "language",
            *(f"words_{state}" for state in CSV_STATES),
            *(f"segments_{state}" for state in CSV_STATES),
            "percent_approved",
            "errors",
            "warnings",
            "publishable",
        ]
    )
    for group, label, item in _rows(report, by):
        words, segments = item.words.as_dict(), item.segments.as_dict()
        writer.writerow(
            [
                *([group] if by == "statement" else []),
                label,
                *(words[state] for state in CSV_STATES),
                *(segments[state] for state in CSV_STATES),
                f"{item.percent_approved:.2f}",
                "" if item.errors is None else item.errors,
                "" if item.warnings is None else item.warnings,
                "yes" if item.publishable else "no",
            ]
        )
    return out.getvalue()


# ---------------------------------------------------------------- Markdown


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(report: StatusReport, by: str = "language") -> str:
    lines = ["# Translation status", ""]
    header = (
        "| language | approved | machine | needs review | untranslated | words | "
        "% approved | errors | warnings | publishable |"
    )
    rule = "|---|--:|--:|--:|--:|--:|--:|--:|--:|:-:|"

    def row(label: str, item: LanguageStatus | EditionStatus) -> str:
        words = item.words
        return (
            f"| {_md_cell(label)} | {words.approved} | {words.machine} | {words.needs_review} | "
            f"{words.untranslated} | {words.total} | {item.percent_approved:.1f}% | "
            f"{_count(item.errors)} | {_count(item.warnings)} | "
            f"{'yes' if item.publishable else 'no'} |"
        )

    if by == "statement":
        for slug, editions in report.by_statement():
            lines += [f"## {_md_cell(slug)}", "", header, rule]
            lines += [row(edition.language, edition) for edition in editions]
            lines.append("")
    else:
        lines += [header, rule]
        lines += [
            row(f"{language.language} ({_name(language.language)})", language)
            for language in report.languages
        ]
        lines.append("")
    lines.append("Words are counted on the source text; obsolete entries are not counted.")
    note = checks_note(report)
    if note:
        lines.append(note)
    lines += _markdown_reasons(report)
    lines += _markdown_stale(report)
    return "\n".join(lines) + "\n"


# Beyond this many held editions a list of reasons is no longer read; JSON has them all.
MAX_REASONS = 50


def _held(report: StatusReport) -> list[EditionStatus]:
    return [
        edition for language in report.languages for edition in language.editions if edition.reasons
    ]


def _markdown_reasons(report: StatusReport) -> list[str]:
    held = _held(report)
    if not held:
        return []
    lines = ["", "## Not publishable yet", ""]
    if len(held) > MAX_REASONS:
        return [*lines, f"{len(held)} editions; `--format json` gives the reasons of each."]
    for edition in held:
        lines.append(
            f"- {_md_cell(edition.statement)} ({edition.language}): "
            + "; ".join(_md_cell(reason) for reason in edition.reasons)
        )
    return lines


def _markdown_stale(report: StatusReport) -> list[str]:
    if not report.stale_editions:
        return []
    lines = ["", "## Stale published editions", ""]
    for stale in report.stale_editions:
        lines.append(f"- {_md_cell(stale.statement)} ({stale.language}): {_md_cell(stale.reason)}")
    return lines


# ---------------------------------------------------------------- terminal table

BAR_WIDTH = 24


def _bar(words: Tally, width: int, colour: bool) -> str:
    total = words.total
    if total == 0:
        return " " * width
    values = [getattr(words, state) for state, _ in STATE_LABELS]
    # Largest remainders, so the bar is always exactly `width` wide.
    exact = [value * width / total for value in values]
    cells = [int(value) for value in exact]
    order = sorted(range(len(values)), key=lambda index: exact[index] - cells[index], reverse=True)
    for index in order[: width - sum(cells)]:
        cells[index] += 1
    parts = []
    for (state, _), count in zip(STATE_LABELS, cells, strict=True):
        if count:
            parts.append(
                f"{_ANSI[state]}{'█' * count}{_RESET}" if colour else _PLAIN_BAR[state] * count
            )
    return "".join(parts)


def render_table(report: StatusReport, by: str = "language", colour: bool = False) -> str:
    """Aligned columns with a bar of words by state; ANSI colour only when `colour`."""

    def paint(text: str, style: str) -> str:
        return f"{_ANSI[style]}{text}{_RESET}" if colour and text.strip() else text

    headings = ["", "approved", "%", "machine", "review", "untransl.", "errors", "warnings"]
    rows: list[tuple[str, list[str], LanguageStatus | EditionStatus]] = []
    for group, label, item in _rows(report, by):
        words = item.words
        cells = [
            label,
            str(words.approved),
            f"{item.percent_approved:.1f}",
            str(words.machine),
            str(words.needs_review),
            str(words.untranslated),
            _count(item.errors),
            _count(item.warnings),
        ]
        rows.append((group, cells, item))
    every = [headings, *(cells for _, cells, _ in rows)]
    widths = [max(len(cells[column]) for cells in every) for column in range(8)]

    def line(cells: Sequence[str], bar: str, styles: Sequence[str | None] = ()) -> list[str]:
        # Padding first, colour after: escape codes take no room on screen.
        parts = [cells[0].ljust(widths[0]), bar]
        for column in range(1, 8):
            text = cells[column].rjust(widths[column])
            style = styles[column] if column < len(styles) else None
            parts.append(paint(text, style) if style else text)
        return parts

    lines = ["  ".join(line(headings, " " * BAR_WIDTH)).rstrip()]
    if colour:
        lines[0] = paint(lines[0], "bold")
    current = None
    for group, cells, item in rows:
        if group and group != current:
            lines.append(paint(group, "bold"))
            current = group
        styles: list[str | None] = [None] * 8
        if item.errors:
            styles[6] = "bad"
        verdict = (
            paint("publishable", "good") if item.publishable else paint("not publishable", "bad")
        )
        parts = line(cells, _bar(item.words, BAR_WIDTH, colour), styles)
        lines.append("  ".join([*parts, verdict]))
    legend = (
        "  ".join(f"{_ANSI[state]}█{_RESET} {label}" for state, label in STATE_LABELS)
        if colour
        else "  ".join(f"{_PLAIN_BAR[state]} {label}" for state, label in STATE_LABELS)
    )
    lines += ["", f"words by state: {legend}"]
    note = checks_note(report)
    if note:
        lines.append(note)
    if report.stale_editions:
        lines += ["", paint("stale published editions (run `polyglot build`):", "bold")]
        lines += [
            f"  {stale.language}  {stale.statement}: {stale.reason}"
            for stale in report.stale_editions
        ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 64rem;
       padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: .3rem .45rem; border-bottom: 1px solid #e0e0e0; text-align: right; }
th { font-size: .85rem; vertical-align: bottom; }
td { white-space: nowrap; }
th:first-child, td:first-child, th:nth-child(2), td.bar { text-align: left; }
td:first-child { white-space: normal; min-width: 7rem; }
td.bar { width: 30%; min-width: 6rem; }
.track { display: flex; height: .9rem; border-radius: 3px; overflow: hidden; background: #eceff1; }
.track span { display: block; height: 100%; }
.yes { color: #2e7d32; font-weight: 600; } .no { color: #c62828; font-weight: 600; }
.legend span { display: inline-block; width: .8rem; height: .8rem; margin: 0 .3rem 0 1rem;
               vertical-align: middle; }
.reasons { color: #555; font-size: .9rem; }
"""


def _html_bar(words: Tally) -> str:
    total = words.total
    spans = []
    for state, label in STATE_LABELS:
        value = getattr(words, state)
        if total and value:
            spans.append(
                f'<span style="width:{100 * value / total:.2f}%;background:{_HTML_COLOURS[state]}"'
                f' title="{label}: {value} words"></span>'
            )
    return f'<div class="track">{"".join(spans)}</div>'


def _html_rows(items: Sequence[tuple[str, LanguageStatus | EditionStatus]]) -> list[str]:
    rows = [
        "<table>",
        "<thead><tr><th></th><th>words by state</th><th>approved</th><th>%</th><th>machine</th>"
        "<th>needs review</th><th>untranslated</th><th>errors</th><th>warnings</th>"
        "<th>publishable</th></tr></thead>",
        "<tbody>",
    ]
    for label, item in items:
        words = item.words
        verdict = (
            '<span class="yes">yes</span>' if item.publishable else '<span class="no">no</span>'
        )
        rows.append(
            f'<tr><td>{html.escape(label)}</td><td class="bar">{_html_bar(words)}</td>'
            f"<td>{words.approved}</td><td>{item.percent_approved:.1f}</td>"
            f"<td>{words.machine}</td><td>{words.needs_review}</td><td>{words.untranslated}</td>"
            f"<td>{_count(item.errors)}</td><td>{_count(item.warnings)}</td><td>{verdict}</td></tr>"
        )
    rows += ["</tbody>", "</table>"]
    return rows


def render_html(report: StatusReport, by: str = "language") -> str:
    """One page with no external resource (inline CSS, no scripts, no images, no fonts)."""
    body = ["<h1>Translation status</h1>"]
    legend = "".join(
        f'<span style="background:{_HTML_COLOURS[state]}"></span>{label}'
        for state, label in STATE_LABELS
    )
    body.append(f'<p class="legend">Words by state (counted on the source text):{legend}</p>')
    body.append("<h2>Languages</h2>")
    body += _html_rows(
        [
            (f"{language.language} — {_name(language.language)}", language)
            for language in report.languages
        ]
    )
    for slug, editions in (
        report.by_statement() if by == "statement" or len(report.statements) > 1 else ()
    ):
        body.append(f"<h2>{html.escape(slug)}</h2>")
        body += _html_rows([(edition.language, edition) for edition in editions])
    held = _held(report)
    if len(held) > MAX_REASONS:
        body.append(f"<h2>Not publishable yet</h2><p>{len(held)} editions.</p>")
    elif held:
        body.append('<h2>Not publishable yet</h2><ul class="reasons">')
        body += [
            f"<li>{html.escape(edition.statement)} ({html.escape(edition.language)}): "
            f"{html.escape('; '.join(edition.reasons))}</li>"
            for edition in held
        ]
        body.append("</ul>")
    if report.stale_editions:
        body.append("<h2>Stale published editions</h2><ul>")
        body += [
            f"<li>{html.escape(stale.statement)} ({html.escape(stale.language)}): "
            f"{html.escape(stale.reason)}</li>"
            for stale in report.stale_editions
        ]
        body.append("</ul>")
    note = checks_note(report)
    if note:
        body.append(f"<p>{html.escape(note)}</p>")
    body.append(f"<p><small>polyglot-statement {html.escape(__version__)}</small></p>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Translation status</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
