"""Who changed each catalogue last, and when: the activity columns of `polyglot status`.

Two witnesses, and one rule to choose between them, per catalogue:

- git: the author and author date of the last commit that touched the file. Weblate
  commits as the translator (author) on behalf of itself (committer), so the author is
  the person. Used when the file has history and the working copy equals HEAD.
- the catalogue's headers: `Last-Translator` and `PO-Revision-Date`, which editors
  (Poedit, Weblate, Lokalize) set on saving. Used otherwise: no git, not a work tree, a
  shallow clone, a file never committed, or one changed since its last commit (an edit
  not yet committed is newer than any commit).

What the `git log` said is remembered in .polyglot/activity.json for the commit checked
out (a history does not change while HEAD does not): a warm run asks git only which
files differ from HEAD.

A header left as gettext's placeholder (`FULL NAME <EMAIL@ADDRESS>`,
`YEAR-MO-DA HO:MI+ZONE`) says nothing. A language's activity is its editions' latest.
git runs twice for the whole workspace (one `git log`, one `git diff`), whatever the
number of catalogues (gitlog.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from polyglot_statement.fsutil import FileFault, read_own_file, write_atomic
from polyglot_statement.gitlog import (
    Author,
    Change,
    Repository,
    last_changes,
    modified_paths,
    repository,
)

CACHE_FILE = "activity.json"
CACHE_FORMAT = 1

__all__ = [
    "Activities",
    "Activity",
    "EditionFacts",
    "Witness",
    "header_date",
    "header_translator",
    "workspace_activity",
]


class Witness(StrEnum):
    """Where an activity was read."""

    GIT = "git"
    HEADER = "header"


@dataclass(frozen=True, slots=True)
class Activity:
    """The last change of a catalogue (or a language's latest): who, when, read where."""

    translator: str | None  # a name; None when nobody is named
    email: str | None
    date: str | None  # ISO 8601 with its offset; None when undated
    witness: Witness

    @property
    def day(self) -> str:
        """The date of the change as the author's calendar had it, or "" when undated."""
        return self.date[:10] if self.date else ""

    def moment(self) -> dt.datetime | None:
        return dt.datetime.fromisoformat(self.date) if self.date else None


@dataclass(frozen=True, slots=True)
class EditionFacts:
    """What status knows of one edition that its activity is read from."""

    statement: str
    language: str
    catalogue: str  # posix, from the workspace root
    exists: bool
    translator: str | None  # the raw headers, as the catalogue holds them
    revised: str | None


@dataclass(frozen=True, slots=True)
class Activities:
    """The activity of each edition ((statement, language) → Activity) and language."""

    editions: Mapping[tuple[str, str], Activity]
    languages: Mapping[str, Activity]
    git: bool  # whether git history was read

    def of_edition(self, statement: str, language: str) -> Activity | None:
        return self.editions.get((statement, language))

    def of_language(self, language: str) -> Activity | None:
        return self.languages.get(language)


_NAME_EMAIL = re.compile(r"^\s*(?P<name>.*?)\s*(?:<(?P<email>[^<>]*)>)?\s*$")
_PLACEHOLDER_NAME = "FULL NAME"
_PLACEHOLDER_EMAIL = "EMAIL@ADDRESS"
# gettext's layout: "2026-03-01 10:00+0100", sometimes with seconds or a space before
# the offset; no offset is read as UTC.
_REVISION = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?"
    r"\s*(?:([+-])(\d{2}):?(\d{2})|Z)?\s*$"
)


def header_translator(value: str | None) -> tuple[str, str | None] | None:
    """(name, email) of a `Last-Translator` header; None for gettext's placeholder or
    an empty one."""
    if not value:
        return None
    match = _NAME_EMAIL.match(value)
    if match is None:
        return None
    name, email = match.group("name"), match.group("email")
    if name == _PLACEHOLDER_NAME or email == _PLACEHOLDER_EMAIL:
        return None
    if not name and not email:
        return None
    return (name or email or "", email or None)


def header_date(value: str | None) -> str | None:
    """A `PO-Revision-Date` as ISO 8601 with its offset; None when it is not a date."""
    if not value:
        return None
    match = _REVISION.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, off_hours, off_minutes = match.groups()
    offset = dt.timedelta(hours=int(off_hours or 0), minutes=int(off_minutes or 0))
    try:
        moment = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            tzinfo=dt.timezone(-offset if sign == "-" else offset),
        )
    except ValueError:
        return None  # "2026-02-30": not a day
    return moment.isoformat()


def _from_header(facts: EditionFacts) -> Activity | None:
    person = header_translator(facts.translator)
    date = header_date(facts.revised)
    if person is None and date is None:
        return None
    name, email = person if person is not None else (None, None)
    return Activity(name, email, date, Witness.HEADER)


def _from_git(change: Change) -> Activity:
    return Activity(change.author.name, change.author.email or None, change.date, Witness.GIT)


def _latest(activities: Iterable[Activity]) -> Activity | None:
    """The latest dated activity (the first of equal ones), else the first undated one."""
    best: Activity | None = None
    best_moment: dt.datetime | None = None
    for activity in activities:
        moment = activity.moment()
        if best is None or (moment is not None and (best_moment is None or moment > best_moment)):
            best, best_moment = activity, moment
    return best


def _history(repo: Repository, folders: set[str], cache: Path | None) -> dict[str, Change]:
    """last_changes, from the cache when it was made for this HEAD and these folders."""
    key = [CACHE_FORMAT, repo.head, sorted(folders)]
    if cache is not None:
        try:
            data = json.loads(read_own_file(cache) or b"{}")
            if isinstance(data, dict) and data.get("key") == key:
                return {
                    path: Change(Author(name, email), date)
                    for path, (name, email, date) in data["changes"].items()
                }
        except (ValueError, TypeError, KeyError, FileFault):
            pass  # missing or damaged: the cache is disposable
    changes = last_changes(repo, folders)
    if cache is not None:
        data = {
            "key": key,
            "changes": {
                path: [change.author.name, change.author.email, change.date]
                for path, change in changes.items()
            },
        }
        # A read-only workspace still gets its report, only slower next time.
        with contextlib.suppress(FileFault):
            write_atomic(cache, json.dumps(data, ensure_ascii=False).encode())
    return changes


def workspace_activity(
    root: Path, editions: Iterable[EditionFacts], cache_folder: Path | None = None
) -> Activities:
    """The activity of every edition, and each language's latest, by the module's rule;
    git's answer is remembered in `cache_folder` (none: asked every time)."""
    chosen = list(editions)
    history: dict[str, Change] = {}
    modified: set[str] = set()
    repo = repository(root)
    if repo is not None:
        folders = {facts.catalogue.rpartition("/")[0] or "." for facts in chosen if facts.exists}
        if folders:
            changed = modified_paths(repo, folders)
            if changed is not None:  # no HEAD: no history either
                modified = changed
                cache = cache_folder / CACHE_FILE if cache_folder is not None else None
                history = _history(repo, folders, cache)
    by_edition: dict[tuple[str, str], Activity] = {}
    for facts in chosen:
        if not facts.exists:
            continue  # nobody has worked on a catalogue that does not exist
        change = history.get(facts.catalogue)
        if change is not None and facts.catalogue not in modified:
            activity: Activity | None = _from_git(change)
        else:
            activity = _from_header(facts)
        if activity is not None:
            by_edition[(facts.statement, facts.language)] = activity
    grouped: dict[str, list[Activity]] = {}
    for (_, language), activity in by_edition.items():
        grouped.setdefault(language, []).append(activity)
    by_language = {
        language: latest
        for language, activities in grouped.items()
        if (latest := _latest(activities)) is not None
    }
    return Activities(by_edition, by_language, repo is not None)
