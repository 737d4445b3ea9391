"""Deadlines: when each edition is due, and how urgent it is at a given moment.

An edition (a statement in a language) is due at the earliest of the deadlines that apply
to it: the statement's own (`deadline:` in its front matter) and its language's in the
settings (`[deadlines]`, the language's entry, else `default`), where a setting may be an
offset from the statement's `date` ("2 days"). A day is due by its end (midnight UTC
after it); a date-time without an offset is UTC. An edition that is publishable is done,
whatever its deadline.

"Now" is a parameter everywhere here; commands take it from POLYGLOT_NOW when set (an ISO
date-time, or seconds since 1970 as SOURCE_DATE_EPOCH writes them), so that tests and
documentation examples give the same output on any day.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from polyglot_statement.config import DeadlineValue, Settings, deadline_value
from polyglot_statement.errors import UsageError

__all__ = [
    "DUE_SOON",
    "NOW_VARIABLE",
    "Deadline",
    "Urgency",
    "current_time",
    "edition_deadline",
    "most_urgent",
    "remaining_text",
    "stored",
]

NOW_VARIABLE = "POLYGLOT_NOW"
# An edition due within this time is flagged as due soon.
DUE_SOON = dt.timedelta(days=1)


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due-soon"  # due within DUE_SOON
    LATER = "later"
    DONE = "done"  # publishable: nothing left to do for the deadline


# Most urgent first: the order of the dashboard.
URGENCY_ORDER = {urgency: rank for rank, urgency in enumerate(Urgency)}


@dataclass(frozen=True, slots=True)
class Deadline:
    """When one edition is due and how that stands at the report's moment."""

    statement: str
    language: str
    due: dt.datetime  # the moment, in UTC
    written: str  # as the settings or front matter say it: "2026-12-08", "2026-12-08 18:00 UTC"
    origin: str  # "statement", "deadlines.es", "date + 2 days"
    urgency: Urgency
    seconds_left: int  # until `due`; negative when overdue

    @property
    def sort_key(self) -> tuple[int, dt.datetime, str, str]:
        return (URGENCY_ORDER[self.urgency], self.due, self.language, self.statement)


def current_time(environ: Mapping[str, str] = os.environ) -> dt.datetime:
    """Now, in UTC: POLYGLOT_NOW when it is set, else the clock."""
    written = environ.get(NOW_VARIABLE, "").strip()
    if not written:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if written.isdigit():
        return dt.datetime.fromtimestamp(int(written), dt.UTC)
    value = deadline_value(written, offset_allowed=False)
    if not isinstance(value, dt.date):
        raise UsageError(
            f"{NOW_VARIABLE}={written!r} is not a date-time; write it as 2026-12-07T09:00Z "
            "or as seconds since 1970"
        )
    return _start(value) if not isinstance(value, dt.datetime) else _utc(value)


def stored(value: object) -> str | None:
    """A front matter `date` or `deadline` as text to keep in the status cache."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.strip() if isinstance(value, str) and value.strip() else None


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _due(value: dt.date | dt.datetime) -> tuple[dt.datetime, str]:
    """The moment a deadline falls, and how to show it."""
    if isinstance(value, dt.datetime):
        moment = _utc(value)
        return moment, moment.strftime("%Y-%m-%d %H:%M UTC")
    return _start(value) + dt.timedelta(days=1), value.isoformat()


def _offset_text(offset: dt.timedelta) -> str:
    hours = int(offset.total_seconds()) // 3600
    if hours % 24:
        return f"{hours} hour{'s' * (hours != 1)}"
    return f"{hours // 24} day{'s' * (hours != 24)}"


def _from_settings(
    value: DeadlineValue, key: str, date: dt.date | None
) -> tuple[dt.date | dt.datetime, str] | None:
    if not isinstance(value, dt.timedelta):
        return value, key
    if date is None:
        return None  # an offset from a date the statement does not give
    origin = f"date + {_offset_text(value)}"
    if value % dt.timedelta(days=1):
        return _start(date) + value, origin
    return date + value, origin  # whole days: a day, due by its end


def edition_deadline(
    settings: Settings,
    statement: str,
    language: str,
    front_matter: tuple[str | None, str | None],
    done: bool,
    now: dt.datetime,
) -> Deadline | None:
    """The edition's deadline at `now`; None when nothing gives it one.

    `front_matter` is the statement's (deadline, date) as stored(); both were checked
    when the statement was read.
    """
    written_deadline, written_date = front_matter
    candidates: list[tuple[dt.date | dt.datetime, str]] = []
    own = deadline_value(written_deadline, offset_allowed=False) if written_deadline else None
    if isinstance(own, dt.date):
        candidates.append((own, "statement"))
    date_value = deadline_value(written_date, offset_allowed=False) if written_date else None
    date = date_value.date() if isinstance(date_value, dt.datetime) else date_value
    setting = settings.deadlines.languages.get(language)
    key = f"deadlines.{language}"
    if setting is None:
        setting, key = settings.deadlines.default, "deadlines.default"
    if setting is not None:
        found = _from_settings(setting, key, date if isinstance(date, dt.date) else None)
        if found is not None:
            candidates.append(found)
    if not candidates:
        return None
    due, written, origin = min((*_due(value), origin) for value, origin in candidates)
    left = due - now
    if done:
        urgency = Urgency.DONE
    elif left < dt.timedelta(0):
        urgency = Urgency.OVERDUE
    elif left <= DUE_SOON:
        urgency = Urgency.DUE_SOON
    else:
        urgency = Urgency.LATER
    return Deadline(
        statement=statement,
        language=language,
        due=due,
        written=written,
        origin=origin,
        urgency=urgency,
        seconds_left=int(left.total_seconds()),
    )


def most_urgent(deadlines: Iterable[Deadline | None]) -> Deadline | None:
    """The deadline to act on first among some editions' (a language's)."""
    known = [deadline for deadline in deadlines if deadline is not None]
    return min(known, key=lambda deadline: deadline.sort_key) if known else None


def _span(seconds: int) -> str:
    minutes = max(1, abs(seconds) // 60) if seconds else 0
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h"
    return f"{hours // 24} d"


def remaining_text(deadline: Deadline) -> str:
    """ "overdue by 3 h", "due in 23 h", "due in 4 d", "done"."""
    if deadline.urgency == Urgency.DONE:
        return "done"
    if deadline.urgency == Urgency.OVERDUE:
        return f"overdue by {_span(deadline.seconds_left)}"
    return f"due in {_span(deadline.seconds_left)}"
