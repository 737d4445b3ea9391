"""One error family for everything a user can get wrong (the CLI turns it into exit codes),
and how the files they are about are shown."""

from __future__ import annotations

from pathlib import Path


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

    exit_code = 2

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
