"""Pre-filling a catalogue's untranslated entries from the translation memory.

Only untranslated entries: an approved entry is a person's decision and a fuzzy one holds
a person's earlier translation (or a draft) to revise; neither is touched. A pre-filled
entry says where its text came from in a translator comment (`# memory: 86% from
partners.tmx`), which `polyglot status` counts as "memory" and which no later merge
offer inherits. It is fuzzy, with the remembered source as previous msgid so that Poedit
shows what differs, unless it is an exact match and the workspace lets exact matches be
approved (`memory.exact = "approve"`): even a sentence repeated word for word can mean
something else in another statement, hence the default, "review".
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from polyglot_statement.config import ExactPolicy
from polyglot_statement.memory.index import MemoryIndex
from polyglot_statement.memory.match import Matcher, MemoryMatch
from polyglot_statement.po import (
    PROVENANCE_PREFIXES,
    UNTRANSLATED,
    Catalog,
    Entry,
)

REVIEW: ExactPolicy = "review"
APPROVE: ExactPolicy = "approve"


@dataclass(frozen=True, slots=True)
class Prefilled:
    msgid: str
    match: MemoryMatch
    approved: bool


def fillable(entry: Entry) -> bool:
    """An entry the memory may fill: untranslated, singular, with a text."""
    return (
        not entry.obsolete
        and entry.msgid_plural is None
        and bool(entry.msgid)
        and entry.state == UNTRANSLATED
    )


def prefill(
    catalog: Catalog,
    language: str,
    matcher: Matcher,
    statement: str | None = None,
    exact: ExactPolicy = REVIEW,
    tried: AbstractSet[tuple[str | None, str]] = frozenset(),
) -> list[Prefilled]:
    """Fill the catalogue's untranslated entries that the memory has a match for, in
    place; `statement` is the catalogue's own statement, never its own source."""
    filled: list[Prefilled] = []
    for entry in catalog.entries:
        if not fillable(entry) or entry.key in tried:
            continue
        match = matcher.best(entry.msgid, language, exclude=statement)
        if match is None:
            continue
        approved = match.exact and exact == APPROVE
        entry.msgstr = match.translation
        entry.translator_comments = [
            comment
            for comment in entry.translator_comments
            if not comment.startswith(PROVENANCE_PREFIXES)
        ] + [match.comment]
        entry.set_fuzzy(not approved)
        entry.previous_msgctxt = None
        entry.previous_msgid_plural = None
        entry.previous_msgid = None if match.exact else match.source
        filled.append(Prefilled(entry.msgid, match, approved))
    return filled


EXACT = "exact"
FUZZY = "fuzzy"


class Prefiller:
    """The memory as `polyglot extract` and `polyglot translate` use it: called with a
    catalogue, its language and its statement, it pre-fills the catalogue and says how
    many entries it filled (by EXACT and FUZZY).

    The index is opened, brought up to date and read in one snapshot on the first call
    (a run whose catalogues need nothing never opens it), so that every catalogue of a
    run, and every attempt at one a translator's save made the run redo, is filled from
    the same memory.
    """

    def __init__(
        self,
        open_index: Callable[[], MemoryIndex],
        threshold: float,
        exact: ExactPolicy,
        read_only: bool = False,
    ):
        # read_only: opening the index writes nothing (a dry run may use it).
        self.read_only = read_only
        self._open_index = open_index
        self._threshold = threshold
        self._exact = exact
        self._stack = contextlib.ExitStack()
        self._matcher: Matcher | None = None

    def __call__(
        self,
        catalog: Catalog,
        language: str,
        statement: str,
        tried: AbstractSet[tuple[str | None, str]] = frozenset(),
    ) -> dict[str, int]:
        if not any(fillable(entry) and entry.key not in tried for entry in catalog.entries):
            return {}
        if self._matcher is None:
            index = self._stack.enter_context(self._open_index())
            self._stack.enter_context(index.snapshot())
            self._matcher = Matcher(index, self._threshold)
        filled = prefill(catalog, language, self._matcher, statement, self._exact, tried)
        exact = sum(1 for item in filled if item.match.exact)
        return {EXACT: exact, FUZZY: len(filled) - exact}

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> Prefiller:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()
