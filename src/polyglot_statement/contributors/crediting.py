"""What the changes a report has not credited before credit: each version of a catalogue
read once (versions.py), as git streams the blobs, in the order of the history (newest
first: see gitlog.blobs), and kept only until the last change that needs it is credited.

A year of 10,000 catalogues is 30,000 versions; past PARALLEL_FROM changes they are read
on every core, the changes grouped by statement (whose catalogues, in every language,
share their heads) and each group streamed by its own `git cat-file`.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from functools import partial

from polyglot_statement.contributors.versions import NOTHING, Credit, Version, Versions, credit
from polyglot_statement.gitlog import NO_BLOB, Repository, blobs
from polyglot_statement.parallel import map_in_workers, worker_count

__all__ = ["PARALLEL_FROM", "credit_changes"]

PARALLEL_FROM = 4000  # changes: below, starting workers costs more than it saves
_GROUPS_PER_WORKER = 4  # so that no worker waits long for the last one

Change = tuple[str, str]  # (old blob, new blob)


def credit_changes(
    repo: Repository, changes: Sequence[tuple[str, Change]]
) -> dict[Change, Credit | None]:
    """The credit of each change (path, (old blob, new blob)), newest first; None for a
    change with a version the PO reader refuses. A change whose blobs git did not give
    (it stopped, or does not have one) is left out: not credited, not to be remembered."""
    workers = worker_count(len(changes), PARALLEL_FROM)
    if workers < 2:
        return _credit(repo, [change for _, change in changes])
    groups: dict[int, list[Change]] = {}
    for path, change in changes:
        statement = path.rpartition("/")[2].encode()
        group = zlib.crc32(statement) % (workers * _GROUPS_PER_WORKER)
        groups.setdefault(group, []).append(change)
    credited: dict[Change, Credit | None] = {}
    for part in map_in_workers(partial(_credit, repo), list(groups.values()), workers, 1):
        credited.update(part)
    return credited


def _credit(repo: Repository, changes: list[Change]) -> dict[Change, Credit | None]:
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
