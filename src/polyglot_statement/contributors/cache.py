"""report.json: what each change of a catalogue credited, and the last log read,
remembered between runs.

A change is named by its two blobs (git's names of the catalogue before and after), so
what it credits never changes: a history once read is not read again, only its new
commits. The credit depends on the report's rules and the word count too, hence on this
program's version, which is the cache's key. The log (the commits that changed
catalogues, with their blobs) is that of one HEAD, walked from one date, for one set of
folders: a report run again on the same HEAD does not ask git for it again. The file is
disposable: a missing or damaged one is an empty cache.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from polyglot_statement import __version__
from polyglot_statement.fsutil import FileFault, read_own_file, write_atomic
from polyglot_statement.gitlog import Author, CatalogueCommit, FileChange

CACHE_FILE = "report.json"
CACHE_FORMAT = 2

# What one change credits: words and segments translated, then reviewed; None when a
# version does not read.
Credit = tuple[int, int, int, int] | None


class CreditCache:
    def __init__(self, folder: Path | None):
        self.path = folder / CACHE_FILE if folder is not None else None
        self.key: list[Any] = [CACHE_FORMAT, __version__]
        self.credits: dict[str, list[int] | None] = {}
        self.walk: dict[str, Any] = {}  # the log's HEAD, date and folders, and its commits
        self.changed = False
        if self.path is None:
            return
        try:
            data = json.loads(read_own_file(self.path) or b"{}")
        except (ValueError, FileFault):
            return  # missing, damaged or unreadable: the cache is disposable
        if isinstance(data, dict) and data.get("key") == self.key:
            credits = data.get("credits")
            self.credits = credits if isinstance(credits, dict) else {}
            walk = data.get("log")
            self.walk = walk if isinstance(walk, dict) else {}

    def __contains__(self, change: tuple[str, str]) -> bool:
        return f"{change[0]}:{change[1]}" in self.credits

    def get(self, change: tuple[str, str]) -> Credit:
        value = self.credits[f"{change[0]}:{change[1]}"]
        if isinstance(value, list) and len(value) == 4:
            return (int(value[0]), int(value[1]), int(value[2]), int(value[3]))
        return None

    def put(self, change: tuple[str, str], credit: Credit) -> None:
        self.credits[f"{change[0]}:{change[1]}"] = None if credit is None else list(credit)
        self.changed = True

    def log(self, head: str, since: str, folders: list[str]) -> list[CatalogueCommit] | None:
        """The log remembered for this HEAD, date and folders, if it is."""
        if self.walk.get("of") != [head, since, folders]:
            return None
        try:
            return [
                CatalogueCommit(
                    sha,
                    Author(name, email),
                    date,
                    tuple(co_authors),
                    tuple(FileChange(path, old, new) for path, old, new in files),
                )
                for sha, name, email, date, co_authors, files in self.walk["commits"]
            ]
        except (KeyError, TypeError, ValueError):
            return None  # damaged: asked of git again

    def put_log(
        self, head: str, since: str, folders: list[str], commits: list[CatalogueCommit]
    ) -> None:
        self.walk = {
            "of": [head, since, folders],
            "commits": [
                [
                    commit.sha,
                    commit.author.name,
                    commit.author.email,
                    commit.date,
                    list(commit.co_authors),
                    [[change.path, change.old, change.new] for change in commit.files],
                ]
                for commit in commits
            ],
        }
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        data = {"key": self.key, "credits": self.credits, "log": self.walk}
        # A read-only workspace still gets its report, only slower next time.
        with contextlib.suppress(FileFault):
            write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode())
