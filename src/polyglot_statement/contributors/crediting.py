"""What the changes a report has not credited before credit: each version of a catalogue
read once (versions.py), as git streams the blobs, in the order of the history (newest
first: see gitlog.blobs), and kept only until the last change that needs it is credited.

In one process, with one `git cat-file`: asked for the blobs of a part of the history
(a group of statements, for workers on other cores), git loses what its delta cache
holds from blob to blob, and read the year of docs/performance.md with five times the
CPU time (9.4 s instead of 1.7 s) — more than the second core would save.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from polyglot_statement.contributors.versions import NOTHING, Credit, Version, Versions, credit
from polyglot_statement.gitlog import NO_BLOB, Repository, blobs

__all__ = ["credit_changes"]

Change = tuple[str, str]  # (old blob, new blob)


def credit_changes(repo: Repository, changes: Sequence[Change]) -> dict[Change, Credit | None]:
    """The credit of each change (old blob, new blob), newest first; None for a change
    with a version the PO reader refuses. A change whose blobs git did not give (it
    stopped, or does not have one) is left out: not credited, not to be remembered."""
    pending = list(dict.fromkeys(changes))
    needed = Counter(name for change in pending for name in change)
    stream = blobs(repo, (name for old, new in pending for name in (new, old)))
    reader = Versions()
    read: dict[str, Version | None] = {NO_BLOB: NOTHING}  # None: refused
    missing: set[str] = set()  # blobs git does not have: their changes are not credited
    credited: dict[Change, Credit | None] = {}
    try:
        for old, new in pending:
            while old not in read or new not in read:
                name, content = next(stream, (None, None))
                if name is None:
                    # git stopped: what it never gave is not credited, and not
                    # remembered, so the report says so (unreadable) and the next asks again.
                    return credited
                if content is None:
                    missing.add(name)
                read[name] = None if content is None else reader.read(content)
            before, after = read[old], read[new]
            if before is not None and after is not None:
                credited[old, new] = credit(before, after, reader.words)
            elif old not in missing and new not in missing:
                credited[old, new] = None  # a version the PO reader refuses
            for name in (old, new):
                needed[name] -= 1
                if not needed[name] and name != NO_BLOB:
                    del read[name]
        return credited
    finally:
        stream.close()
