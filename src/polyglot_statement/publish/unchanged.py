"""A build that finds nothing changed, answered from file identities alone (issue 27).

A build that found nothing to do (every edition's fingerprint and files as the last build
left them, dist/ not touched) writes a stamp: the identity of every file and folder its
decision read, and what its report said. The next build with the same options and the
same settings replays that report when every one of those identities is unchanged,
without fingerprinting, deciding or comparing anything per edition.

What the stamp holds, and why that is enough:

- the key: the tool's version and its own source files (size, times), the settings (every
  value, whatever file or variable set it), the options (formats, languages, statements,
  allow-partial, prune) and the common digest (settings file, glossary, templates, page
  words, fonts: computed again each time, as every build does);
- every input the decision looked at, with device, inode, size, modification time **and
  change time**: each statement (and the list of them), each catalogue where one is or
  could be (an absent one recorded as absent), each local file a page uses. An edit that
  keeps the size and sets the modification time back still changes the change time, which
  no one can set back; a file changed within two seconds of the stamp ("racily clean",
  as in git) makes the stamp unusable;
- the previous dist/: its manifest's identity and that of every folder whose listing the
  decision read (a file added or removed there changes its folder's times).

A stamp is written only by a build that found nothing changed, so the report it holds is
the one the same build gives again. A build that changed something decides once more, at
once and in the same process, against the dist/ it made (Build.settle: it writes nothing
there, and stops at the first thing it would change), and that decision leaves the
stamp: the first build after it is answered from the stamp too. dist/ was written just
before that stamp, too close for its times to tell a later change, so a folder of it or
its manifest changed within the racy margin is trusted when what the decision read of it
(the folder's listing, the manifest's bytes) has the digest the stamp recorded.

A build with warnings about local files writes no stamp (a missing image that appears
must be copied), nor one that reaches a local file through a symbolic link (set to
another file, it changes no identity recorded here). Any doubt (no stamp, an unreadable
one, one identity different) means an ordinary build, which decides everything again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from polyglot_statement import __version__
from polyglot_statement.config import Settings
from polyglot_statement.errors import PolyglotError
from polyglot_statement.fsutil import FileFault, read_own_file, write_atomic
from polyglot_statement.publish.inputs import InputIdentity, input_identity
from polyglot_statement.publish.manifest import MANIFEST_NAME, Manifest
from polyglot_statement.publish.page_text import PageWords
from polyglot_statement.publish.report import BuildReport, Withdrawal

STAMP_FILE = "build-unchanged.json"  # in the cache folder
STAMP_VERSION = 2
RACY_NS = 2_000_000_000  # as DigestCache.RACY_NS
PACKAGE = Path(__file__).resolve().parent.parent


def build_key(settings: Settings, options: Sequence[object], common: str) -> str:
    """What the replayed report depends on besides the files: version, code, settings,
    options and the common digest."""
    digest = hashlib.sha256(f"{__version__}\n{common}\n".encode())
    digest.update(json.dumps(list(options), default=_plain, sort_keys=True).encode())
    try:
        values: object = dataclasses.asdict(settings)
    except TypeError:  # a value asdict cannot copy: its repr still tells settings apart
        values = repr(settings)
    digest.update(json.dumps(values, default=_plain, sort_keys=True).encode())
    # The tool's own source files: a changed checkout decides again (cheap: one stat each).
    for folder, _, names in sorted(os.walk(PACKAGE)):
        for name in sorted(names):
            if name.endswith(".py"):
                status = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{input_identity(status)}\n".encode())
    return digest.hexdigest()


def _plain(value: object) -> object:
    if isinstance(value, (set, frozenset)):
        return sorted(str(item) for item in value)
    return str(value)


def identity(path: str) -> InputIdentity | None:
    """Any file's or folder's identity (not through a link); None when there is none."""
    try:
        return input_identity(os.lstat(path))
    except OSError:
        return None


def read_stamp(settings: Settings, key: str) -> dict[str, Any] | None:
    """The report the last build that found nothing changed gave, when not one identity it
    recorded has changed since and the key is the same; None otherwise."""
    try:
        data = json.loads(read_own_file(settings.cache_path / STAMP_FILE) or b"null")
        if not isinstance(data, dict) or data.get("version") != STAMP_VERSION:
            return None
        if data["key"] != key:
            return None
        settled_before = int(data["written_ns"]) - RACY_NS
        contents = data["contents"]
        for path, known in data["files"].items():
            now = identity(path)
            if now is None or known is None:
                if now is not known:
                    return None
                continue
            if list(now) != known:
                return None
            if now[-1] >= settled_before and contents.get(path) != content_digest(path):
                # Changed too close to the stamp for its times to tell (a build that
                # changed dist/ stamps right after): what the decision read of it (a
                # folder's listing, the manifest's bytes) must be as it was.
                return None
        report = data["report"]
        return report if isinstance(report, dict) else None
    except (OSError, FileFault, ValueError, KeyError, TypeError, AttributeError):
        return None  # (AttributeError: a part that is not the mapping a stamp holds)


def write_stamp(
    settings: Settings,
    key: str,
    inputs: Mapping[str, InputIdentity | None],
    output: Path,
    folders: Iterable[str],
    report: Mapping[str, Any],
) -> None:
    """Remember that a build with this key found nothing changed (a cache: failure is no
    error). `inputs` are the identities the decision read, taken before reading; `folders`
    the folders of the previous output whose listings it read."""
    files: dict[str, InputIdentity | None] = dict(inputs)
    contents: dict[str, str | None] = {}
    for folder in (*folders, MANIFEST_NAME):
        path = str(output / folder) if folder else str(output)
        files[path] = identity(path)
        contents[path] = content_digest(path)
    data = {
        "version": STAMP_VERSION,
        "key": key,
        "written_ns": time.time_ns(),
        "files": {path: None if known is None else list(known) for path, known in files.items()},
        "contents": contents,
        "report": dict(report),
    }
    with contextlib.suppress(FileFault):
        write_atomic(
            settings.cache_path / STAMP_FILE,
            json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8"),
            sync_directory=False,
        )


def content_digest(path: str) -> str | None:
    """What a build reads of a folder of dist/ (its listing) or of its manifest (the
    bytes), as a digest; None when there is no such folder or file."""
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            listed = "\n".join(sorted(os.listdir(path)))
            return hashlib.sha256(listed.encode("utf-8", "surrogateescape")).hexdigest()
        data = read_own_file(Path(path))
    except (OSError, PolyglotError):
        return None
    return None if data is None else hashlib.sha256(data).hexdigest()


def said_of(report: BuildReport) -> dict[str, Any]:
    """What a report says besides its manifest, as JSON (its manifest is dist/'s)."""
    return {
        "carried": sorted(list(key) for key in report.carried),
        "stale": [[*key, list(reasons)] for key, reasons in report.stale.items()],
        "undated": [str(path) for path in report.undated],
        "allow_partial": report.allow_partial,
        "withdrawn": [dataclasses.asdict(withdrawal) for withdrawal in report.withdrawn],
        "pruned": report.pruned,
        "english_words": [
            {**dataclasses.asdict(words), "path": str(words.path)} for words in report.english_words
        ],
    }


def report_from(said: Mapping[str, Any], output: Path, manifest: Manifest) -> BuildReport:
    """The report said_of() wrote, with the manifest read from dist/: nothing rebuilt."""
    return BuildReport(
        output,
        manifest,
        frozenset(),
        replaced=False,
        carried=frozenset((str(slug), str(language)) for slug, language in said["carried"]),
        stale={
            (str(slug), str(language)): tuple(str(reason) for reason in reasons)
            for slug, language, reasons in said["stale"]
        },
        undated=tuple(Path(path) for path in said["undated"]),
        allow_partial=bool(said["allow_partial"]),
        withdrawn=tuple(
            Withdrawal(**{**item, "formats": tuple(item["formats"])}) for item in said["withdrawn"]
        ),
        pruned=bool(said["pruned"]),
        english_words=tuple(
            PageWords(**{**item, "path": Path(item["path"])}) for item in said["english_words"]
        ),
    )
