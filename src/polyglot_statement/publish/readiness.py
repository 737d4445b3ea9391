"""When may a language edition be published? One function decides, for build and status.

A language is publishable for a statement when its approved words reach the publication
rule's percentage, every required segment is approved (the title always, front-matter
fields the settings name, and blocks marked `<!-- polyglot: required -->`), and no
check finding of severity "error" stands against it. The same function counts the words
and segments by state that `polyglot status` shows, so the percentage a report prints is
the one the verdict rests on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from polyglot_statement.config import Settings
from polyglot_statement.po import (
    APPROVED,
    MACHINE,
    MEMORY,
    NEEDS_REVIEW,
    OBSOLETE,
    UNTRANSLATED,
    SegmentState,
)
from polyglot_statement.source import FRONT_MATTER, Segment, Statement

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*", re.UNICODE)
_LINK_TARGET = re.compile(r"\]\((?:[^)\]]|\](?!\())*+\)")  # linear on `](](](…`
# Scripts written without spaces between words: each character counts as one word, as
# translation vendors count them for Chinese, Japanese, Thai, Lao, Khmer and Myanmar.
_NO_SPACE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "HANGUL")


# Memoised: status and build judge every language of a statement against the same
# segments, so the same texts are counted once per language otherwise.
@lru_cache(maxsize=100_000)
def word_count(text: str) -> int:
    """Words in a source text, Unicode-aware.

    Runs of letters and digits count as one word (joined by an apostrophe, hyphen or
    full stop, so "d’état", "anti-democratic" and "7.5" are one each); in scripts
    written without spaces every character is a word. Markdown syntax (`**`, link
    targets) is not counted.
    """
    if "](" in text:
        text = _LINK_TARGET.sub("]", text)  # a link's target is not prose
    if text.isascii() or not _FROM_FIRST_SPACELESS.search(text):
        return len(_WORD.findall(text))  # no character of a spaceless script: one per match
    count = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        spaceless = sum(1 for char in word if _is_spaceless(char))
        count += spaceless + (1 if spaceless < len(word) else 0)
    return count


# The first character of a script written without spaces (Thai); below it, none is.
_FIRST_SPACELESS = "\u0e00"
# Written as a negation: the range up to U+10FFFF took 5 ms to compile at start-up.
_FROM_FIRST_SPACELESS = re.compile("[^\x00-\u0dff]")


def _is_spaceless(char: str) -> bool:
    if char < _FIRST_SPACELESS:
        return False
    name = unicodedata.name(char, "")
    return name.startswith(_NO_SPACE_SCRIPTS)


@dataclass(frozen=True, slots=True)
class Tally:
    """A number per segment state (words or segments); obsolete is kept apart from the total."""

    approved: int = 0
    machine: int = 0
    memory: int = 0  # pre-filled from the translation memory, unreviewed
    needs_review: int = 0
    untranslated: int = 0
    obsolete: int = 0

    @property
    def total(self) -> int:
        """Everything a translator has to deal with: the states but obsolete."""
        return self.approved + self.machine + self.memory + self.needs_review + self.untranslated

    def as_tuple(self) -> tuple[int, int, int, int, int, int]:
        return (
            self.approved,
            self.machine,
            self.memory,
            self.needs_review,
            self.untranslated,
            self.obsolete,
        )

    def as_dict(self) -> dict[str, int]:
        # Spelled out: dataclasses.fields() cost a tenth of the JSON report's time.
        return {
            "approved": self.approved,
            "machine": self.machine,
            "memory": self.memory,
            "needs_review": self.needs_review,
            "untranslated": self.untranslated,
            "obsolete": self.obsolete,
            "total": self.total,
        }


# A state's place in a Tally.
_SLOT = {APPROVED: 0, MACHINE: 1, MEMORY: 2, NEEDS_REVIEW: 3, UNTRANSLATED: 4, OBSOLETE: 5}


def percent(part: int, whole: int) -> float:
    """A share in percent; 100 of nothing (an edition without words lacks none)."""
    return 100.0 if whole == 0 else 100.0 * part / whole


@dataclass(frozen=True, slots=True)
class Readiness:
    """The verdict on one edition, and the counts it rests on.

    `words` and `segments` tally the statement's distinct segments (one per catalogue
    entry, as extract writes them) by state; entries of the catalogue for text that is no
    longer in the source are counted as obsolete.
    """

    statement: str
    language: str
    words: Tally
    segments: Tally
    missing_required: tuple[str, ...]  # msgids of required segments not approved
    blocking_findings: int
    min_percent: float
    empty: bool = False  # no title and no body: nothing to publish, whatever the rule
    # The floor of --allow-partial, and whether the title is approved (a partial edition
    # needs it: a page headed in the original language is not an edition of it).
    partial_min_percent: float = 0.0
    title_approved: bool = True

    @property
    def approved_words(self) -> int:
        return self.words.approved

    @property
    def total_words(self) -> int:
        return self.words.total

    @property
    def percent_approved(self) -> float:
        return percent(self.words.approved, self.words.total)

    @property
    def publishable(self) -> bool:
        # Exactly "no reasons", without writing them: status asks it of 10,000 editions.
        return (
            self.percent_approved + 1e-9 >= self.min_percent
            and not self.missing_required
            and not self.blocking_findings
            and not self.empty
        )

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this edition may not be published; empty when it may."""
        reasons: list[str] = []
        if self.empty:
            reasons.append(EMPTY_REASON)
        if self.percent_approved + 1e-9 < self.min_percent:
            reasons.append(
                f"{self.percent_approved:.1f}% of words approved, {self.min_percent:g}% required"
            )
        if self.missing_required:
            shown = ", ".join(_short(msgid) for msgid in self.missing_required[:3])
            more = len(self.missing_required) - 3
            reasons.append(
                f"{len(self.missing_required)} required segment(s) not approved: {shown}"
                + (f" and {more} more" if more > 0 else "")
            )
        if self.blocking_findings:
            reasons.append(f"{self.blocking_findings} check error(s) (see `polyglot check`)")
        return tuple(reasons)

    @property
    def partial_refusals(self) -> tuple[str, ...]:
        """Why not even --allow-partial may publish this edition; empty when it may."""
        refusals: list[str] = []
        if self.empty:
            refusals.append(EMPTY_REASON)
        if self.percent_approved + 1e-9 < self.partial_min_percent:
            refusals.append(
                f"{self.percent_approved:.1f}% of words approved, below the "
                f"{self.partial_min_percent:g}% a partial edition needs "
                "(publish.partial-min-percent)"
            )
        if not self.title_approved:
            refusals.append(UNTRANSLATED_TITLE_REASON)
        return tuple(refusals)


EMPTY_REASON = "the statement is empty (no title and no text): nothing to publish"
UNTRANSLATED_TITLE_REASON = "the title is not approved: a partial edition needs a translated title"


def _short(text: str, limit: int = 40) -> str:
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"


_TITLE = f"{FRONT_MATTER}: title"


def _required(segment: Segment, fields: Collection[str]) -> bool:
    if segment.required or segment.kind == _TITLE:
        return True
    return segment.kind.startswith(FRONT_MATTER) and segment.kind.split(": ", 1)[1] in fields


@dataclass(frozen=True, slots=True)
class SegmentUnits:
    """What readiness() judges the editions of a statement by, under one set of required
    front-matter fields: the same for every language with that rule."""

    words: Mapping[str, int]  # each distinct segment text, in source order: its words
    required: tuple[str, ...]  # the texts that must be approved, in source order
    titles: frozenset[str]  # the title's texts
    empty: bool  # no title and no body: nothing to publish, whatever the rule


def segment_units(statement: Statement, required_fields: Collection[str]) -> SegmentUnits:
    """The statement's distinct segment texts and which of them are required (the title,
    the front-matter fields named, marked blocks)."""
    required: dict[str, bool] = {}
    for segment in statement.document.segments:
        required[segment.msgid] = required.get(segment.msgid, False) or _required(
            segment, required_fields
        )
    segments = statement.document.segments
    title = statement.metadata.get("title")
    return SegmentUnits(
        words={msgid: word_count(msgid) for msgid in required},
        required=tuple(msgid for msgid, needed in required.items() if needed),
        titles=frozenset(segment.msgid for segment in segments if segment.kind == _TITLE),
        empty=(title is None or not str(title).strip())
        and not any(
            segment.kind == _TITLE or not segment.kind.startswith(FRONT_MATTER)
            for segment in segments
        ),
    )


class _Judged(Protocol):
    """What readiness() reads of an entry: a po.Entry, or status's lighter reading of one."""

    @property
    def msgid(self) -> str: ...
    @property
    def msgctxt(self) -> str | None: ...
    @property
    def obsolete(self) -> bool: ...
    @property
    def state(self) -> SegmentState: ...


class Judged(Protocol):
    """A catalogue as readiness() reads it: a po.Catalog, or status's LightCatalogue."""

    @property
    def entries(self) -> Sequence[_Judged]: ...


def readiness(
    settings: Settings,
    statement: Statement,
    language: str,
    catalog: Judged | None,
    blocking_findings: int = 0,
    units: SegmentUnits | None = None,
) -> Readiness:
    """The publication verdict for one statement in one language (`catalog` None when
    there is no catalogue; `units` segment_units for the language's publication rule, when
    the caller judges many languages).

    The one place words, segments and the verdict are counted, for `polyglot build` and
    `polyglot status` alike. The units are the statement's distinct segments, in the
    source as it is now: a text that occurs twice (a title repeated as a heading) is one
    catalogue entry, translated once, and counts once, as in Poedit or `msgfmt
    --statistics`; a segment the catalogue lacks (extract has not run since the source
    changed) is untranslated. A segment's translation is the catalogue's entry with its
    text and no msgctxt, as `polyglot build` publishes it.
    """
    rule = settings.publish_rule(language)
    if units is None:
        units = segment_units(statement, rule.required_segments)
    words_of = units.words
    words = [0] * len(_SLOT)
    segments = [0] * len(_SLOT)
    entries = catalog.entries if catalog is not None else ()
    current = {
        entry.msgid: entry.state
        for entry in entries
        if entry.msgid in words_of and entry.msgctxt is None and not entry.obsolete
    }
    if len(current) < len(entries):  # entries for texts the source no longer has
        obsolete = _SLOT[OBSOLETE]
        for entry in entries:
            msgid = entry.msgid
            if current.get(msgid) is None or entry.msgctxt is not None or entry.obsolete:
                words[obsolete] += word_count(msgid)
                segments[obsolete] += 1
    for msgid, count in words_of.items():
        slot = _SLOT[current.get(msgid, UNTRANSLATED)]
        words[slot] += count
        segments[slot] += 1
    missing = tuple(msgid for msgid in units.required if current.get(msgid) != APPROVED)
    return Readiness(
        statement=statement.slug,
        language=language,
        words=Tally(*words),
        segments=Tally(*segments),
        missing_required=missing,
        blocking_findings=blocking_findings,
        min_percent=rule.min_percent,
        empty=units.empty,
        partial_min_percent=rule.partial_min_percent,
        title_approved=units.titles.isdisjoint(missing),
    )
