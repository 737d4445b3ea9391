"""What git knows about a workspace's catalogues, read with as few git processes as can be.

`polyglot status` asks who changed each catalogue last (`last_changes`: one `git log` for
the whole workspace, parsed once) and which catalogues differ from HEAD
(`modified_paths`); `polyglot report` walks the commits of a window with the blobs each
one changed (`catalogue_commits`), whose contents come from one `git cat-file --batch`
(`blobs`). Without git, outside a work tree or in a shallow clone, `repository()`
is None and callers fall back on the catalogue headers: never an error.

Paths are posix, relative to the workspace root (git's `--relative`), as status shows them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import threading
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "NO_BLOB",
    "Author",
    "CatalogueCommit",
    "Change",
    "FileChange",
    "Repository",
    "blobs",
    "catalogue_commits",
    "last_changes",
    "modified_paths",
    "repository",
    "tracked_paths",
]

# The object name git gives a file that does not exist on one side of a change.
NO_BLOB = "0" * 40
# Separates commits in our log formats (a byte no name or date holds).
_COMMIT = "\x01"


@dataclass(frozen=True, slots=True)
class Repository:
    """A git work tree the workspace is in (its root may be a subfolder of it)."""

    root: Path  # the workspace root, where git runs
    git: str  # the git program
    head: str  # the commit checked out: a history is the same as long as it is


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Change:
    """The last commit that touched a file: its author and author date (ISO 8601)."""

    author: Author
    date: str


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    # Our parsing needs git's own words and no pager; a user's config may not change them.
    environment.update(LC_ALL="C", GIT_PAGER="cat", GIT_OPTIONAL_LOCKS="0")
    return environment


def _run(
    git: str, root: Path, arguments: Sequence[str], stdin: bytes | None = None
) -> bytes | None:
    """git's output, or None when it fails: history is extra information, never a fault."""
    try:
        done = subprocess.run(
            [git, "-c", "core.quotepath=off", *arguments],
            cwd=root,
            input=stdin,
            capture_output=True,
            env=_environment(),
            check=False,
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def repository(root: Path) -> Repository | None:
    """The work tree `root` is in, or None: no git, not a work tree, a shallow clone
    (whose oldest commit would claim every line it did not write), or no commit yet."""
    git = shutil.which("git")
    if git is None:
        return None
    answer = _run(
        git, root, ["rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "HEAD"]
    )
    if answer is None or answer.split()[:2] != [b"true", b"false"] or len(answer.split()) != 3:
        return None
    return Repository(root, git, answer.split()[2].decode())


def _pathspecs(folders: Iterable[str]) -> list[str]:
    # Literal pathspecs: a folder named `*` is not a pattern.
    return ["--", *(f":(literal){folder}" for folder in sorted(set(folders)))]


def _commits(output: bytes) -> Iterable[tuple[list[str], list[str]]]:
    """(header fields, the NUL-separated rest) of each commit of a `-z` log whose format
    starts with %x01 and separates its fields with %x00."""
    for chunk in output.decode("utf-8", "surrogateescape").split(_COMMIT)[1:]:
        # The header ends where the file list begins: at "\0\n" (-z puts one there).
        head, _, body = chunk.partition("\0\n")
        yield head.split("\0"), [item for item in body.split("\0") if item]


def last_changes(repo: Repository, folders: Iterable[str]) -> dict[str, Change]:
    """The last commit to touch each file under `folders` (posix, from the root), from
    one `git log` of all of them."""
    output = _run(
        repo.git,
        repo.root,
        [
            "log",
            "-z",
            "--no-renames",
            "--name-only",
            "--relative",
            "--format=%x01%an%x00%ae%x00%aI",
            *_pathspecs(folders),
        ],
    )
    changes: dict[str, Change] = {}
    if output is None:
        return changes
    for fields, paths in _commits(output):
        if len(fields) < 3:
            continue
        change = Change(Author(fields[0], fields[1]), fields[2])
        for path in paths:
            changes.setdefault(path, change)  # newest first: the first one seen is the last
    return changes


def modified_paths(repo: Repository, folders: Iterable[str]) -> set[str] | None:
    """Files under `folders` that differ from HEAD (staged or not); None when there is no
    HEAD to compare with."""
    output = _run(
        repo.git,
        repo.root,
        ["diff", "HEAD", "-z", "--no-renames", "--name-only", "--relative", *_pathspecs(folders)],
    )
    if output is None:
        return None
    return {path for path in output.decode("utf-8", "surrogateescape").split("\0") if path}


def tracked_paths(repo: Repository, folders: Iterable[str]) -> set[str]:
    """The files under `folders` that git tracks."""
    output = _run(repo.git, repo.root, ["ls-files", "-z", *_pathspecs(folders)])
    if output is None:
        return set()
    return {path for path in output.decode("utf-8", "surrogateescape").split("\0") if path}


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str
    old: str  # blob names; NO_BLOB when the file did not exist on that side
    new: str


@dataclass(frozen=True, slots=True)
class CatalogueCommit:
    sha: str
    author: Author
    date: str  # author date, ISO 8601
    co_authors: tuple[str, ...]  # Co-authored-by trailers, as written
    files: tuple[FileChange, ...]


def catalogue_commits(
    repo: Repository, folders: Iterable[str], since: str | None = None
) -> list[CatalogueCommit] | None:
    """The commits that changed files under `folders`, newest first, each with the blobs
    before and after (first parent of a merge only: the merged commits are listed too);
    None when git fails.

    `since` (ISO date) limits the walk by committer date, which is never before the
    author date of a commit, so no commit authored since then is left out.

    git is asked for every commit, without pathspecs, and the files are chosen here:
    matching 20 pathspecs against every tree of a year of history cost git three times
    as much as listing every change. That gives the same commits as `git log -- <folders>`
    in a history without merges; where the walk meets a merge, whose history git
    simplifies by the pathspecs (a side branch whose changes the merge dropped is left
    out), git is asked again with them.
    """
    folders = sorted(set(folders))
    output = _run(repo.git, repo.root, _log_arguments(since))
    if output is None:
        return None
    commits = _parse_commits(output)
    if commits is None:
        output = _run(repo.git, repo.root, [*_log_arguments(since), *_pathspecs(folders)])
        return None if output is None else _parse_commits(output, merges=True)
    # A file under a folder: the folder itself, or a path below it, as a pathspec says.
    within = tuple(f"{folder}/" for folder in folders)
    chosen = []
    for commit in commits:
        files = tuple(
            change
            for change in commit.files
            if change.path.startswith(within) or change.path in folders
        )
        if files:
            chosen.append(
                CatalogueCommit(commit.sha, commit.author, commit.date, commit.co_authors, files)
            )
    return chosen


def _log_arguments(since: str | None) -> list[str]:
    arguments = [
        "log",
        "-z",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--relative",
        "--format=%x01%H%x00%P%x00%an%x00%ae%x00%aI%x00"
        "%(trailers:key=Co-authored-by,valueonly,separator=%x1f)",
    ]
    if since:
        arguments.append(f"--since={since}")
    return arguments


def _parse_commits(output: bytes, merges: bool = False) -> list[CatalogueCommit] | None:
    """The commits of a log in _log_arguments' format; None when one is a merge, unless
    `merges` allows them."""
    commits: list[CatalogueCommit] = []
    for fields, body in _commits(output):
        if len(fields) < 5:
            continue
        if not merges and " " in fields[1]:
            return None  # two parents or more
        files = []
        # --raw -z: ":<mode> <mode> <old> <new> <status>" then the path, for each file.
        for meta, path in zip(body[0::2], body[1::2], strict=False):
            parts = meta.split()
            if len(parts) >= 4 and meta.startswith(":"):
                files.append(FileChange(path, parts[2], parts[3]))
        trailers = fields[5] if len(fields) > 5 else ""
        co_authors = tuple(item.strip() for item in trailers.split("\x1f") if item.strip())
        author = Author(fields[2], fields[3])
        commits.append(CatalogueCommit(fields[0], author, fields[4], co_authors, tuple(files)))
    return commits


def blobs(repo: Repository, names: Iterable[str]) -> Generator[tuple[str, bytes | None]]:
    """Each blob of `names` (once, in the order given) and its content, None when git
    does not have it, streamed from one `git cat-file --batch` as git reads them.

    The order matters: git keeps a version as a delta from a newer one, so names given
    newest first (as `git log` lists them) are read about ten times faster than sorted.
    Streamed, git reads the next blobs while the caller reads this one, and a history's
    worth of catalogues (500 MB for a year of 10,000) is never in memory at once.
    """
    wanted = [name for name in dict.fromkeys(names) if name != NO_BLOB]
    if not wanted:
        return
    try:
        process = subprocess.Popen(
            # --buffer: git writes its answers a pipeful at a time, not one by one.
            [repo.git, "cat-file", "--batch", "--buffer"],
            cwd=repo.root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
        )
    except OSError:
        for name in wanted:
            yield name, None
        return
    assert process.stdin is not None and process.stdout is not None
    requests, answers = process.stdin, process.stdout
    with contextlib.suppress(AttributeError, OSError):
        # A pipe of 1 MB, not 64 kB (Linux): git and polyglot wake each other up less
        # often (0.1 s of system time less over 500 MB of blobs).
        fcntl.fcntl(answers.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)

    def ask() -> None:
        # From a thread: git answers as it reads, and a pipe holds only so much of
        # either side, so asking for everything before reading would block both.
        with contextlib.suppress(OSError):
            requests.write("".join(f"{name}\n" for name in wanted).encode())
            requests.close()

    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    try:
        for name in wanted:
            # Each answer: "<name> <type> <size>\n<content>\n", or "<name> missing\n".
            header = answers.readline().split()
            if len(header) != 3:
                if not header:  # git stopped: what is left is not to be had
                    break
                yield name, None
                continue
            content = answers.read(int(header[2]))
            if len(content) != int(header[2]) or answers.read(1) != b"\n":
                break  # git stopped half-way: better nothing than half a catalogue
            yield name, content
    finally:
        process.kill()  # the caller may stop early; git must not wait on a full pipe
        answers.close()
        asking.join()
        process.wait()
