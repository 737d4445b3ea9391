"""A deadline as settings or front matter write it: a day (due by its end, UTC), a
moment, or (settings only) an offset from the statement's `date`."""

from __future__ import annotations

import datetime as dt
import re

# status/deadlines.py uses them.
DeadlineValue = dt.date | dt.datetime | dt.timedelta


_OFFSET = re.compile(r"\s*(\d{1,4})\s*(weeks?|w|days?|d|hours?|h)\s*", re.IGNORECASE)
_OFFSET_UNITS = {"w": dt.timedelta(weeks=1), "d": dt.timedelta(days=1), "h": dt.timedelta(hours=1)}


def deadline_value(value: object, offset_allowed: bool) -> DeadlineValue | None:
    """A deadline as TOML or YAML gives it: a date or date-time (as such or as text in ISO
    form: 2026-12-08, 2026-12-08 18:00, 2026-12-08T18:00+01:00) or, where allowed, an
    offset ("2 days", "36 hours", "1 week"); None for anything else."""
    if isinstance(value, dt.date):  # a datetime is a date too
        return value
    if not isinstance(value, str):
        return None
    written = value.strip()
    if offset_allowed and (match := _OFFSET.fullmatch(written)):
        return int(match.group(1)) * _OFFSET_UNITS[match.group(2)[0].lower()]
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(written)
        except ValueError:
            continue
    return None
