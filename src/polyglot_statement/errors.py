"""One error family for everything a user can get wrong; the CLI turns it into exit codes."""

from __future__ import annotations

from pathlib import Path


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


def _display(path: Path) -> str:
    """Paths under the current folder are shown relative to it, as editors expect."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


class ConfigError(PolyglotError):
    """The workspace settings are missing or wrong."""


class SourceError(PolyglotError):
    """A source statement (Markdown or its front matter) cannot be read."""


class CatalogError(PolyglotError):
    """A gettext catalogue is malformed."""


class GlossaryError(PolyglotError):
    """glossary.yml is malformed."""


class UsageError(PolyglotError):
    """A command-line option names something that does not exist."""
