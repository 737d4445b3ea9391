"""Every error a user can meet, and its exit code, in one place (httpx's `_exceptions.py`
is the model); and how the files they are about are shown.

The family, with the exit code the CLI gives each (`EXIT_CODES`, looked up along the
class's ancestry, so a subclass takes its parent's code unless it is listed):

    PolyglotError                 2  a problem in the workspace the user can fix
    ├── ConfigError               2  the settings
    ├── SourceError               2  a statement (Markdown, front matter)
    ├── CatalogError              2  a gettext catalogue
    ├── GlossaryError             2  glossary.yml
    ├── FontError                 2  a font file the settings name
    ├── UsageError                2  a command-line option names nothing that exists
    ├── TemplateError             2  a page template (publish)
    ├── OutputError               2  an output folder not ours to replace (publish)
    ├── XliffError                2  an XLIFF file to import (exchange)
    ├── TmxError                  2  a TMX memory (memory)
    ├── IntakeError               2  a document `polyglot new` brings in (intake)
    │   └── ConversionError       2  one pandoc could not read
    ├── NotOurFile                2  something where the tool keeps its own files (fsutil)
    ├── FileFault                 3  the system refused a read or write (fsutil)
    ├── ConcurrentEdit            3  someone saved the file meanwhile (fsutil)
    └── MachineTranslationError   3  the engine could not translate (machine)
        ├── RateLimited, QuotaExceeded, AuthorizationFailed
        ├── EngineUnavailable ── NoNetwork
        └── UnsupportedLanguage
    Interrupted (a KeyboardInterrupt)  128 + the signal: 130 for Ctrl-C, 143 for SIGTERM

What the CLI meets outside the family: an OSError the library did not name, a SQLite
error or a MemoryError exit `FileFault`'s code (3); a reader gone from a pipe exits 141
(the CLI's `BROKEN_PIPE_EXIT`, as SIGPIPE would). Exceptions that never leave a package (a PO
string's bad escape, an inline tag that does not match) are defined where they are
raised and turned into one of these before they reach a command.
"""

from __future__ import annotations

import errno
import signal
from pathlib import Path
from typing import overload


class _ExitCode:
    """`error.exit_code` and `ErrorType.exit_code`: read from `EXIT_CODES`, never set on a
    class, so the table is the one place that says it."""

    @overload
    def __get__(self, instance: None, owner: type[BaseException]) -> int: ...
    @overload
    def __get__(self, instance: BaseException, owner: type[BaseException]) -> int: ...
    def __get__(self, instance: BaseException | None, owner: type[BaseException]) -> int:
        return exit_code_for(owner)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) or SIGTERM stopped a command; its exit code is 128 + the signal's
    number (130, 143), as a shell reports a command the signal ended. A KeyboardInterrupt,
    so that no `except Exception` swallows it and every `finally` still runs."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


class PolyglotError(Exception):
    """A problem the user can fix. Carries the file and line it is about, when known."""

    exit_code = _ExitCode()

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = _display(self.path) if self.line is None else f"{_display(self.path)}:{self.line}"
        return f"{where}: {self.message}"


def shown_path(path: Path, base: Path, *, resolve: bool = False) -> str:
    """`path` as people are shown it: from `base` (the workspace root, the current folder)
    when it is inside it, as editors and terminals expect; else as given. With `resolve`,
    both are resolved first (links followed)."""
    try:
        inside = path.resolve().relative_to(base.resolve()) if resolve else path.relative_to(base)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a link loop (Python < 3.13)
        if not resolve:
            return str(path)
        return shown_path(path, base)  # a link that leads nowhere is shown where it is
    return inside.as_posix()


def _display(path: Path) -> str:
    """Paths under the current folder are shown relative to it."""
    try:
        here = Path.cwd()
    except OSError:
        return str(path)
    return shown_path(path, here, resolve=True)


# ---------------------------------------------------------------- the workspace's files


class ConfigError(PolyglotError):
    """The workspace settings are missing or wrong."""


class SourceError(PolyglotError):
    """A source statement (Markdown or its front matter) cannot be read."""


class CatalogError(PolyglotError):
    """A gettext catalogue is malformed."""


class GlossaryError(PolyglotError):
    """glossary.yml is malformed."""


class FontError(PolyglotError):
    """A font file the settings name (`print.fonts`) cannot be used."""


class UsageError(PolyglotError):
    """A command-line option names something that does not exist."""


class TemplateError(PolyglotError):
    """A page template cannot be read or rendered."""


class OutputError(PolyglotError):
    """The output folder is not ours to replace."""


class XliffError(PolyglotError):
    """An XLIFF file that cannot be read back into this workspace."""


class TmxError(PolyglotError):
    """A TMX file that cannot be read as a translation memory for this workspace."""


class IntakeError(PolyglotError):
    """A statement to bring in cannot be read: the wrong kind, damaged, too large, unsafe."""


class ConversionError(IntakeError):
    """Pandoc could not read the document."""


# ---------------------------------------------------------------- the system (fsutil)


class FileFault(PolyglotError):
    """The system refused a read or write: disk full, read-only, permission, missing folder."""


class NotOurFile(PolyglotError):
    """Where the tool keeps a file of its own (under .polyglot/, an output named by -o)
    there is something it did not make and must not write through: a link, a device, a
    FIFO, another program's database. Refused, never followed, replaced or wiped."""


class ConcurrentEdit(PolyglotError):
    """The file changed on disk since this run read it; writing would lose that change."""


def fault(error: OSError, path: Path | str | None, doing: str) -> FileFault:
    """A system error as a message a person can act on."""
    advice = {
        errno.ENOSPC: "the disk is full; free some space and run the command again",
        errno.EDQUOT: "the disk quota is used up; free some space and run the command again",
        errno.EROFS: "the file system is read-only; run the command where it can write",
        errno.EACCES: "permission denied; check the owner and mode of the file and its folder",
        errno.EPERM: "operation not permitted; check the owner and mode of the file and its folder",
        errno.ENOENT: "no such file or folder",
        errno.ENOTDIR: "a part of the path is a file, not a folder",
        errno.EISDIR: "this is a folder, not a file",
        errno.EIO: "input/output error; the disk or the network file system failed",
        errno.EBUSY: "it is in use, or a mount point that cannot be replaced",
        errno.EXDEV: "it is on another file system (a mount point?) and cannot be replaced",
        errno.EMFILE: "too many open files; raise the limit (ulimit -n)",
        errno.ENOMEM: "not enough memory",
    }.get(error.errno or 0, error.strerror or str(error))
    return FileFault(f"cannot {doing}: {advice}", path)


# ---------------------------------------------------------------- machine translation


class MachineTranslationError(PolyglotError):
    """The engine could not translate; everything finished before it is kept."""


class RateLimited(MachineTranslationError):
    """Too many requests (HTTP 429), still after the client's own retries."""


class QuotaExceeded(MachineTranslationError):
    """The account's character quota is used up (DeepL's HTTP 456)."""

    def __init__(self, message: str, remaining: int | None = None):
        super().__init__(message)
        self.remaining = remaining


class AuthorizationFailed(MachineTranslationError):
    """No key, or the service refused it (HTTP 403)."""


class EngineUnavailable(MachineTranslationError):
    """Server errors (5xx) or no answer in time, still after retries."""


class NoNetwork(EngineUnavailable):
    """The service cannot be reached at all."""


class UnsupportedLanguage(MachineTranslationError):
    """The engine does not offer this target language; the language is skipped, not an error."""


# ---------------------------------------------------------------- the table

EXIT_CODES: dict[type[BaseException], int] = {
    PolyglotError: 2,  # the user can fix it: the file and line say where
    FileFault: 3,  # the system refused: run again once the disk, the mount, the mode allow
    ConcurrentEdit: 3,  # someone saved meanwhile: run again, nothing was lost
    MachineTranslationError: 3,  # the service failed: run again later, finished work is kept
    OSError: 3,  # a system refusal the library did not name is still FileFault's
    MemoryError: 3,
    KeyboardInterrupt: 128 + signal.SIGINT,  # Interrupted says which signal: 128 + it
}
"""Each error type's exit code. 0 is success, 1 a check that failed (`polyglot check`,
`status --fail-under`), so no error exits 0 or 1."""


def exit_code_for(kind: type[BaseException]) -> int:
    """The exit code of an error type: its own in `EXIT_CODES`, else its nearest
    ancestor's; 1 for anything not in the table (a bug: click reports it so)."""
    return next((EXIT_CODES[base] for base in kind.__mro__ if base in EXIT_CODES), 1)


def exit_code_of(error: BaseException) -> int:
    """The exit code a command ends with when `error` stops it."""
    if isinstance(error, Interrupted):
        return error.exit_code
    return exit_code_for(type(error))
