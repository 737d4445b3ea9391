"""What the checks, readiness and the findings cache read of an entry, without its comments,
references and their lists (three to four times its texts): status holds a catalogue's
entries as these, and check holds the entries it checks as these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from polyglot_statement.po.model import Entry, SegmentState

__all__ = ["LightEntry"]

_NO_FORMS: tuple[str, ...] = ()
_NONE_IGNORED: frozenset[str] = frozenset()


class LightEntry(NamedTuple):
    """What readiness() and the checks (with the findings cache's key) read of an entry."""

    msgid: str
    msgstr: str
    msgid_plural: str | None
    forms: tuple[str, ...]  # a plural entry's translations; () for the others
    msgstr_line: int
    ignored_checks: frozenset[str]  # the `# polyglot: ignore` names of its comments
    msgctxt: str | None
    obsolete: bool
    state: SegmentState

    @classmethod
    def of(cls, entry: Entry) -> LightEntry:
        plural = entry.msgid_plural is not None
        return cls(
            entry.msgid,
            entry.msgstr,
            entry.msgid_plural,
            (*entry.translations,) if plural else _NO_FORMS,
            entry.msgstr_line,
            entry.ignored_checks if entry.translator_comments else _NONE_IGNORED,
            entry.msgctxt,
            entry.obsolete,
            entry.state,
        )

    @property
    def translations(self) -> Sequence[str]:
        """As Entry.translations: the msgstr alone, unless the entry is plural."""
        return self.forms if self.msgid_plural is not None else (self.msgstr,)

    @property
    def translator_comments(self) -> frozenset[str]:
        """Truthy when a comment silences a check: what the findings cache's key asks of
        an entry's comments before it reads ignored_checks (which says the rest)."""
        return self.ignored_checks
