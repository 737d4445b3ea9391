"""Who translated and reviewed how much, per language, in a window of days — as data.

From git history where the catalogues have one: each commit that changed a catalogue is
compared entry by entry with the catalogue before it (both read with the project's PO
reader from the blobs git keeps; one `git log`, one `git cat-file`), and credited to the
commit's author (Weblate commits as the translator):

- translated: an entry with no translation before (or none at all) that has one now, by a
  person (approved or needs review; a machine or memory pre-fill is not a person's work);
- reviewed: an entry that was machine, memory or needs review and is approved now.

Words are those of the source text (msgid), as status counts them. A commit belongs to
the window by its author date, read on the author's own calendar.

From headers otherwise (no git, not a work tree, a shallow clone, or a catalogue never
committed): a catalogue whose `PO-Revision-Date` falls in the window credits its
`Last-Translator` with every entry translated by a person in it — coarse, as a header
names only the last person. Reviews cannot be told from headers and are not counted.

Limits (docs/coordinators.md): a squashed commit counts once, for its author; the
co-authors a commit names (Co-authored-by) are listed, not credited; changes not yet
committed are not counted in a work tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.config import Settings
from polyglot_statement.contributors.blocks import States, states
from polyglot_statement.contributors.cache import CreditCache
from polyglot_statement.contributors.crediting import credit_changes
from polyglot_statement.errors import CatalogError, UsageError, shown_path
from polyglot_statement.fsutil import read_input
from polyglot_statement.gitlog import (
    CatalogueCommit,
    Repository,
    catalogue_commits,
    repository,
    tracked_paths,
)
from polyglot_statement.po import ReadMemo, SegmentState, parse_po
from polyglot_statement.publish import word_count
from polyglot_statement.status.activity import Witness, header_date, header_translator

__all__ = ["Contribution", "ContributorReport", "contributor_report", "parse_day"]

# Filled by a person; a machine's or the memory's pre-fill is not.
_BY_A_PERSON = frozenset({SegmentState.APPROVED, SegmentState.NEEDS_REVIEW})
_TO_REVIEW = frozenset({SegmentState.MACHINE, SegmentState.MEMORY, SegmentState.NEEDS_REVIEW})


def parse_day(option: str, text: str) -> dt.date:
    """A YYYY-MM-DD option's value; a UsageError (exit 2) naming the option otherwise."""
    try:
        # Only the full form: fromisoformat also takes "20260301" and "2026-W09-1".
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise UsageError(f"{option}: not a date (YYYY-MM-DD)")


@dataclass(frozen=True, slots=True)
class Contribution:
    """One translator's work in one language over the window."""

    translator: str
    email: str | None
    language: str
    translated_words: int
    translated_segments: int
    reviewed_words: int
    reviewed_segments: int
    commits: int  # 0 for what headers say
    witness: Witness


@dataclass(frozen=True, slots=True)
class ContributorReport:
    since: dt.date
    until: dt.date  # both included
    git: bool  # whether git history was read
    contributions: tuple[Contribution, ...]  # by language, then most words first
    header_catalogues: tuple[str, ...]  # counted from their headers (posix, from the root)
    co_authored: tuple[str, ...]  # commits (short names) that name co-authors
    unreadable: tuple[str, ...]  # "<commit>:<path>": refused by the PO reader, or not given by git


@dataclass(slots=True)
class _Tally:
    translated_words: int = 0
    translated_segments: int = 0
    reviewed_words: int = 0
    reviewed_segments: int = 0
    commits: int = 0


def _credit(
    tally: _Tally, before: States, after: States, words: dict[str, int] | None = None
) -> None:
    words = {} if words is None else words
    for key, state in after.items():
        old_state = before.get(key, SegmentState.UNTRANSLATED)
        if old_state == SegmentState.UNTRANSLATED and state in _BY_A_PERSON:
            counted = words.get(key[1])
            if counted is None:
                counted = words[key[1]] = word_count(key[1])
            tally.translated_words += counted
            tally.translated_segments += 1
        elif old_state in _TO_REVIEW and state == SegmentState.APPROVED:
            counted = words.get(key[1])
            if counted is None:
                counted = words[key[1]] = word_count(key[1])
            tally.reviewed_words += counted
            tally.reviewed_segments += 1


def _folders(settings: Settings) -> dict[str, str]:
    """Each language's catalogue folder (posix, from the root) → the language."""
    return {
        shown_path(settings.catalog_path(language, "_").parent, settings.root): language
        for language in settings.languages
    }


def _in_window(date: str, since: dt.date, until: dt.date) -> bool:
    # The author's own calendar day: the first ten characters of an ISO 8601 date.
    return since.isoformat() <= date[:10] <= until.isoformat()


def _from_git(
    repo: Repository,
    folders: Mapping[str, str],
    since: dt.date,
    until: dt.date,
    tallies: dict[tuple[str, str | None, str, Witness], _Tally],
    unreadable: list[str],
    cache_folder: Path | None,
) -> list[CatalogueCommit]:
    cache = CreditCache(cache_folder)
    # git reads a bare date as that day at the current time of day, and a commit's
    # author day may begin up to 14 hours before UTC's: a day earlier, at midnight.
    start = f"{since - dt.timedelta(days=1)}T00:00Z"
    walked = cache.log(repo.head, start, sorted(folders))
    if walked is None:
        walked = catalogue_commits(repo, folders, start)
        if walked is not None:
            cache.put_log(repo.head, start, sorted(folders), walked)
    commits = [commit for commit in walked or () if _in_window(commit.date, since, until)]
    wanted = [
        change
        for commit in commits
        for change in commit.files
        if change.path.endswith(".po") and change.path.rpartition("/")[0] in folders
    ]
    pairs = [(change.old, change.new) for change in wanted]
    for pair, credited in credit_changes(
        repo, [pair for pair in pairs if pair not in cache]
    ).items():
        cache.put(pair, credited)
    for commit in commits:
        languages: set[str] = set()
        for change in commit.files:
            language = folders.get(change.path.rpartition("/")[0])
            if language is None or not change.path.endswith(".po"):
                continue
            pair = (change.old, change.new)
            credit = cache.get(pair) if pair in cache else None
            if credit is None:
                unreadable.append(f"{commit.sha[:10]}:{change.path}")
                continue
            key = (commit.author.name, commit.author.email or None, language, Witness.GIT)
            tally = tallies.setdefault(key, _Tally())
            tally.translated_words += credit[0]
            tally.translated_segments += credit[1]
            tally.reviewed_words += credit[2]
            tally.reviewed_segments += credit[3]
            languages.add(language)
        for language in languages:
            key = (commit.author.name, commit.author.email or None, language, Witness.GIT)
            tallies[key].commits += 1
    cache.save()
    return commits


def _from_headers(
    settings: Settings,
    folders: Mapping[str, str],
    skip: set[str],
    since: dt.date,
    until: dt.date,
    tallies: dict[tuple[str, str | None, str, Witness], _Tally],
) -> list[str]:
    counted: list[str] = []
    memo = ReadMemo()
    for folder, language in sorted(folders.items()):
        path = settings.root / folder
        if not path.is_dir():
            continue
        for catalogue in sorted(path.glob("*.po")):
            relative = f"{folder}/{catalogue.name}"
            if relative in skip or not catalogue.is_file():
                continue
            data = read_input(catalogue, CatalogError, settings.bounds)
            if data is None:
                continue
            catalog = parse_po(data, catalogue, memo)
            person = header_translator(catalog.header("Last-Translator"))
            date = header_date(catalog.header("PO-Revision-Date"))
            if person is None or date is None or not _in_window(date, since, until):
                continue
            tally = tallies.setdefault((person[0], person[1], language, Witness.HEADER), _Tally())
            for (_, msgid), state in states(catalog).items():
                if state in _BY_A_PERSON:
                    tally.translated_words += word_count(msgid)
                    tally.translated_segments += 1
            counted.append(relative)
    return counted


def contributor_report(
    settings: Settings, since: dt.date, until: dt.date | None = None, *, use_cache: bool = True
) -> ContributorReport:
    """The work of each translator in each language from `since` to `until` (today by
    default), both days included, by the module's rules. What each change credits is
    remembered in .polyglot/report.json (cache.py) unless `use_cache` is False."""
    cache_folder = settings.cache_path if use_cache else None
    until = until or dt.datetime.now(dt.UTC).date()
    if until < since:
        raise UsageError(f"--until {until.isoformat()} is before --since {since.isoformat()}")
    folders = _folders(settings)
    tallies: dict[tuple[str, str | None, str, Witness], _Tally] = {}
    unreadable: list[str] = []
    repo = repository(Path(settings.root))
    commits: list[CatalogueCommit] = []
    tracked: set[str] = set()
    if repo is not None and folders:  # no language: no catalogue to ask git about
        commits = _from_git(repo, folders, since, until, tallies, unreadable, cache_folder)
        tracked = tracked_paths(repo, folders)
    header_catalogues = _from_headers(settings, folders, tracked, since, until, tallies)
    contributions = [
        Contribution(name, email, language, **_counts(tally), witness=witness)
        for (name, email, language, witness), tally in tallies.items()
        if tally.translated_segments or tally.reviewed_segments or tally.commits
    ]
    contributions.sort(
        key=lambda item: (
            item.language,
            -(item.translated_words + item.reviewed_words),
            item.translator,
            item.email or "",
            item.witness,
        )
    )
    return ContributorReport(
        since=since,
        until=until,
        git=repo is not None,
        contributions=tuple(contributions),
        header_catalogues=tuple(header_catalogues),
        co_authored=tuple(commit.sha[:10] for commit in commits if commit.co_authors),
        unreadable=tuple(unreadable),
    )


def _counts(tally: _Tally) -> dict[str, int]:
    return {
        "translated_words": tally.translated_words,
        "translated_segments": tally.translated_segments,
        "reviewed_words": tally.reviewed_words,
        "reviewed_segments": tally.reviewed_segments,
        "commits": tally.commits,
    }
