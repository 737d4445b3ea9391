"""The front matter a new statement gets: only what the document itself says.

Title: the document's title (Word's Title paragraph or properties, the page's title),
else its first heading, else, for plain text, a first line that reads as a title.
Date: the document's metadata or the page's publication date, else a line that is only a
date (a dateline); never a date met in a sentence. Organisation: the settings, else the
site's name. Summary: the page's description. What is not found is left out and reported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from polyglot_statement.intake.tidy import plain_text

FIELDS = ("title", "date", "organisation", "summary")

# Where each field comes from, as the report says it.
DOCUMENT_TITLE = "the document's title"
FIRST_HEADING = "the first heading"
FIRST_LINE = "the first line"
METADATA_DATE = "the document's metadata"
DATELINE = "a line that is a date"
SETTINGS = "the settings"
SITE_NAME = "the site's name"
DESCRIPTION = "the page's description"

_TITLE_LONGEST = 200
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "enero", "janvier", "janeiro"),
            ("february", "feb", "febrero", "février", "fevereiro"),
            ("march", "mar", "marzo", "mars", "março"),
            ("april", "apr", "abril", "avril"),
            ("may", "mayo", "mai", "maio"),
            ("june", "jun", "junio", "juin", "junho"),
            ("july", "jul", "julio", "juillet", "julho"),
            ("august", "aug", "agosto", "août"),
            ("september", "sep", "sept", "septiembre", "septembre", "setembro"),
            ("october", "oct", "octubre", "octobre", "outubro"),
            ("november", "nov", "noviembre", "novembre", "novembro"),
            ("december", "dec", "diciembre", "décembre", "dezembro"),
        ),
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(
    r"(?:[^\W\d]+,?\s+)?(\d{1,2})(?:st|nd|rd|th|º|er)?\.?\s+(?:de\s+)?([^\W\d]+)\.?,?\s+(?:de\s+)?(\d{4})"
)
_MONTH_DAY_YEAR = re.compile(
    r"(?:[^\W\d]+,?\s+)?([^\W\d]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A dateline may start with a place: "Lima, 7 December 2022".
_PLACE = re.compile(r"^[^\W\d][\w .'-]{0,40},\s*")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    value: str
    found_in: str


def iso_date(text: str) -> str | None:
    """YYYY-MM-DD from a line that is only a date (a place may come first), else None."""
    line = " ".join(text.split()).strip(" .")
    line = _PLACE.sub("", line) if not _ISO.fullmatch(line) else line
    day: int | None = None
    month: int | None = None
    year: int | None = None
    if match := _ISO.fullmatch(line):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DAY_MONTH_YEAR.fullmatch(line):
        day, month, year = int(match[1]), _MONTHS.get(match[2].lower()), int(match[3])
    elif match := _MONTH_DAY_YEAR.fullmatch(line):
        month, day, year = _MONTHS.get(match[1].lower()), int(match[2]), int(match[3])
    if day is None or month is None or year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# A date in figures as pages write it under a headline: 22.05.2014, 5/22/2014.
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})\b")


def date_spans(text: str) -> list[tuple[int, int]]:
    """Where the line mentions a date (weekday included), for telling a byline from a
    sentence: "Tuesday 15 October 2019 by …", "April 28, 2019 at 6:01 am", "22.05.2014"."""
    spans = [match.span() for match in (*_ISO.finditer(text), *_NUMERIC_DATE.finditer(text))]
    for pattern, month_group in ((_DAY_MONTH_YEAR, 2), (_MONTH_DAY_YEAR, 1)):
        for match in pattern.finditer(text):
            if match[month_group].lower() in _MONTHS:
                spans.append(match.span())
    return sorted(spans)


# What sites put between an article's title and their name in <title>.
_TITLE_PARTS = re.compile(r"\s+[|–—·•-]\s+|\s*[|]\s*")


def page_title(title: str | None, site: str | None) -> str | None:
    """A page's <title> without the site's name and a date beside it ("Berlin confronts
    Germany's colonial past | DW | 19.01.2020"): the parts that are neither."""
    if not title:
        return title
    parts = title_parts(title)
    site_name = " ".join((site or "").casefold().split())
    kept = [
        part
        for part in parts
        if " ".join(part.casefold().split()) != site_name and not _only_date(part)
    ]
    return " - ".join(kept) if kept and len(kept) < len(parts) else title


def title_parts(title: str) -> list[str]:
    """A page title's parts between separators: "Obama admits … - BBC News"."""
    return _TITLE_PARTS.split(title)


def _only_date(text: str) -> bool:
    spans = date_spans(text)
    return bool(spans) and not text[: spans[0][0]].strip() and not text[spans[-1][1] :].strip()


def metadata_date(value: str | None) -> str | None:
    """A date from metadata (ISO, with or without a time), as YYYY-MM-DD."""
    if not value:
        return None
    match = _ISO.match(value.strip())
    if match is None:
        return iso_date(value)
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def reads_as_title(block: dict[str, Any]) -> bool:
    """A plain-text first paragraph that is a title: one short line, no full stop."""
    if block["t"] != "Para" or any(item["t"] == "LineBreak" for item in block["c"]):
        return False
    text = plain_text(block["c"])
    return 0 < len(text) <= _TITLE_LONGEST and not text.endswith((".", ":", ";", ",", "!", "?"))
