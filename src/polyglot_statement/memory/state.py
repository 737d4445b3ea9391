"""The segment state of an entry the memory pre-filled ("memory, unreviewed")."""

from __future__ import annotations

from polyglot_statement.catalog import FUZZY, MACHINE, MEMORY_COMMENT_PREFIX, Entry

MEMORY = "memory"


def entry_state(entry: Entry) -> str:
    """The segment state, with entries the memory pre-filled told apart from needs review."""
    state = entry.state
    if state != MACHINE and FUZZY in entry.flags:
        provenance = entry.provenance
        if provenance is not None and provenance.startswith(MEMORY_COMMENT_PREFIX):
            return MEMORY
    return state
