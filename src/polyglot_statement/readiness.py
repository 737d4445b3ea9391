"""When may a language edition be published? One function decides, for build and status.

A language is publishable for a statement when its approved words reach the publication
rule's percentage, every required segment is approved (the title always, front-matter
fields the settings name, and blocks marked `<!-- polyglot: required -->`), and no
check finding of severity "error" stands against it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from polyglot_statement.catalog import APPROVED, Catalog
from polyglot_statement.config import Settings
from polyglot_statement.segment import FRONT_MATTER, Segment
from polyglot_statement.statement import Statement

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*", re.UNICODE)
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
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's target is not prose
    if not text or max(text) < _FIRST_SPACELESS:
        return len(_WORD.findall(text))  # no character of a spaceless script: one per match
    count = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        spaceless = sum(1 for char in word if _is_spaceless(char))
        count += spaceless + (1 if spaceless < len(word) else 0)
    return count


# The first character of a script written without spaces (Thai); below it, none is.
_FIRST_SPACELESS = "\u0e00"


def _is_spaceless(char: str) -> bool:
    if char < _FIRST_SPACELESS:
        return False
    name = unicodedata.name(char, "")
    return name.startswith(_NO_SPACE_SCRIPTS)


@dataclass(frozen=True, slots=True)
class Readiness:
    statement: str
    language: str
    words: int
    approved_words: int
    missing_required: tuple[str, ...]  # msgids of required segments not approved
    blocking_findings: int
    min_percent: float

    @property
    def percent_approved(self) -> float:
        return 100.0 if self.words == 0 else 100.0 * self.approved_words / self.words

    @property
    def publishable(self) -> bool:
        # Exactly "no reasons", without writing them: status asks it of 10,000 editions.
        return (
            self.percent_approved + 1e-9 >= self.min_percent
            and not self.missing_required
            and not self.blocking_findings
        )

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this edition may not be published; empty when it may."""
        reasons: list[str] = []
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


def _short(text: str, limit: int = 40) -> str:
    return f"“{text}”" if len(text) <= limit else f"“{text[: limit - 1]}…”"


_TITLE = f"{FRONT_MATTER}: title"


def _required(segment: Segment, fields: Collection[str]) -> bool:
    if segment.required or segment.kind == _TITLE:
        return True
    return segment.kind.startswith(FRONT_MATTER) and segment.kind.split(": ", 1)[1] in fields


def readiness(
    settings: Settings,
    statement: Statement,
    language: str,
    catalog: Catalog | None,
    blocking_findings: int = 0,
) -> Readiness:
    """The publication verdict for one statement in one language."""
    approved: set[str] | None = None
    if catalog is not None:
        entries = {
            entry.msgid: entry
            for entry in catalog.entries
            if not entry.obsolete and entry.msgctxt is None
        }
        approved = {msgid for msgid, entry in entries.items() if entry.state == APPROVED}
    return readiness_of_approved(settings, statement, language, approved, blocking_findings)


def readiness_of_approved(
    settings: Settings,
    statement: Statement,
    language: str,
    approved: Collection[str] | None,
    blocking_findings: int = 0,
) -> Readiness:
    """readiness() from the msgids the catalogue has approved (without msgctxt, not
    obsolete); None when there is no catalogue. `polyglot status` reads only states."""
    approved = approved or ()
    required_fields = settings.publish_rule(language).required_segments
    words = approved_words = 0
    missing: list[str] = []
    for segment in statement.document.segments:
        count = word_count(segment.msgid)
        words += count
        if segment.msgid in approved:
            approved_words += count
        elif _required(segment, required_fields) and segment.msgid not in missing:
            missing.append(segment.msgid)
    return Readiness(
        statement=statement.slug,
        language=language,
        words=words,
        approved_words=approved_words,
        missing_required=tuple(missing),
        blocking_findings=blocking_findings,
        min_percent=settings.publish_rule(language).min_percent,
    )
