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

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.config import Settings
from polyglot_statement.contributors.cache import Credit, CreditCache
from polyglot_statement.errors import CatalogError, UsageError, shown_path
from polyglot_statement.fsutil import read_input
from polyglot_statement.gitlog import (
    CatalogueCommit,
    Repository,
    catalogue_commits,
    read_blobs,
    repository,
    tracked_paths,
)
from polyglot_statement.po import Catalog, ReadMemo, SegmentState, parse_po
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
    unreadable: tuple[str, ...]  # "<commit>:<path>" versions the PO reader refused


@dataclass(slots=True)
class _Tally:
    translated_words: int = 0
    translated_segments: int = 0
    reviewed_words: int = 0
    reviewed_segments: int = 0
    commits: int = 0


# (msgctxt, msgid) → state, for the active entries of (part of) a catalogue.
_States = dict[tuple[str | None, str], SegmentState]


def _states(catalog: Catalog) -> _States:
    return {
        entry.key: entry.state for entry in catalog.entries if not entry.obsolete and entry.msgid
    }


def _blocks(data: bytes) -> list[bytes] | None:
    """A catalogue's blank-line-separated blocks, one entry each in the layout every
    editor writes; None when a block holds no entry (a comment set apart from its entry
    by a blank line), for the caller to read the file whole."""
    blocks = data.replace(b"\r\n", b"\n").split(b"\n\n")
    if any(b"msgid" not in block and block.strip() for block in blocks):
        return None
    return blocks


class BlockStates:
    """The states of the entries of each block of text read so far: a history repeats
    most blocks (an entry nobody touched, the same untranslated entry in every language),
    and each distinct one is read once, with the project's PO reader. Public as the seam
    a test counts the blocks read through."""

    def __init__(self) -> None:
        self.known: dict[bytes, _States] = {}
        self.memo = ReadMemo()

    def of(self, blocks: Iterable[bytes]) -> _States:
        chosen = list(blocks)
        missing = [block for block in dict.fromkeys(chosen) if block not in self.known]
        if missing:
            # Read together, as one catalogue: an entry's first line says its block.
            catalog = parse_po(b"\n\n".join(missing) + b"\n", "", self.memo)
            starts, line = [], 1
            for block in missing:
                starts.append(line)
                line += block.count(b"\n") + 2
                self.known[block] = {}
            for entry in catalog.entries:
                if not entry.obsolete and entry.msgid:
                    block = missing[bisect.bisect_right(starts, entry.line) - 1]
                    self.known[block][entry.key] = entry.state
        states: _States = {}
        for block in chosen:
            states.update(self.known[block])
        return states

    def compare(self, old: bytes, new: bytes) -> tuple[_States, _States] | None:
        """The states before and after of the entries whose text differs (an entry
        written the same way in both has the same state: it cannot count); None when a
        version does not read."""
        before = _blocks(old) if old else []
        after = _blocks(new) if new else []
        try:
            if before is None or after is None:
                return (
                    _states(parse_po(old, "", self.memo)) if old else {},
                    _states(parse_po(new, "", self.memo)) if new else {},
                )
            kept = set(before) & set(after)
            return (
                self.of(block for block in before if block not in kept),
                self.of(block for block in after if block not in kept),
            )
        except CatalogError:
            return None

    def credit(self, old: bytes, new: bytes) -> Credit:
        """What a change from `old` to `new` credits its author."""
        compared = self.compare(old, new)
        if compared is None:
            return None
        tally = _Tally()
        _credit(tally, *compared)
        return (
            tally.translated_words,
            tally.translated_segments,
            tally.reviewed_words,
            tally.reviewed_segments,
        )


def _credit(tally: _Tally, before: _States, after: _States) -> None:
    for key, state in after.items():
        old_state = before.get(key, SegmentState.UNTRANSLATED)
        if old_state == SegmentState.UNTRANSLATED and state in _BY_A_PERSON:
            tally.translated_words += word_count(key[1])
            tally.translated_segments += 1
        elif old_state in _TO_REVIEW and state == SegmentState.APPROVED:
            tally.reviewed_words += word_count(key[1])
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
    commits = [
        commit
        # git reads a bare date as that day at the current time of day, and a commit's
        # author day may begin up to 14 hours before UTC's: a day earlier, at midnight.
        for commit in catalogue_commits(repo, folders, f"{since - dt.timedelta(days=1)}T00:00Z")
        if _in_window(commit.date, since, until)
    ]
    wanted = [
        change
        for commit in commits
        for change in commit.files
        if change.path.endswith(".po") and change.path.rpartition("/")[0] in folders
    ]
    cache = CreditCache(cache_folder)
    blobs = read_blobs(
        repo,
        (
            name
            for change in wanted
            if (change.old, change.new) not in cache
            for name in (change.old, change.new)
        ),
    )
    reader = BlockStates()
    for commit in commits:
        languages: set[str] = set()
        for change in commit.files:
            language = folders.get(change.path.rpartition("/")[0])
            if language is None or not change.path.endswith(".po"):
                continue
            pair = (change.old, change.new)
            if pair in cache:
                credit = cache.get(pair)
            else:
                credit = reader.credit(blobs.get(change.old, b""), blobs.get(change.new, b""))
                cache.put(pair, credit)
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
            for (_, msgid), state in _states(catalog).items():
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
