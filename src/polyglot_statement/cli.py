"""The `polyglot` command: parse options, make one library call, render the result."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from polyglot_statement import __version__
from polyglot_statement.config import Settings, load_settings
from polyglot_statement.errors import PolyglotError


class _Group(click.Group):
    """Turns every PolyglotError into `path:line: message` on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PolyglotError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="polyglot")
@click.option(
    "-C",
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run as if started in this folder (the workspace is found from there upward).",
)
@click.pass_context
def main(ctx: click.Context, directory: Path | None) -> None:
    """Publish one statement in many languages.

    Statements are Markdown files in source/; translators work in gettext catalogues
    under locales/; approved translations become language editions in dist/.
    """
    ctx.obj = directory


def _settings(ctx: click.Context) -> Settings:
    start = ctx.find_root().obj
    return load_settings(start if start is not None else Path.cwd())


_lang_option = click.option(
    "--lang", "languages", multiple=True, metavar="CODE", help="Only this language (repeatable)."
)
_statement_option = click.option(
    "--statement",
    "statements",
    multiple=True,
    metavar="SLUG",
    help="Only this statement, by file name without .md (repeatable).",
)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--source-language", default="en", show_default=True, help="Language of the statements."
)
@click.option(
    "--lang", "languages", multiple=True, metavar="CODE", help="A target language (repeatable)."
)
def init(folder: Path, source_language: str, languages: tuple[str, ...]) -> None:
    """Make a new workspace in FOLDER.

    Example: polyglot init statements --lang es --lang fr --lang ar
    """
    from polyglot_statement.workspace import init_workspace

    created = init_workspace(folder, source_language, list(languages))
    for path in created:
        click.echo(f"created {path}")


@main.command()
@_lang_option
@_statement_option
@click.pass_context
def extract(ctx: click.Context, languages: tuple[str, ...], statements: tuple[str, ...]) -> None:
    """Split statements into segments and update the catalogues.

    Writes locales/templates/<slug>.pot and creates or updates
    locales/<lang>/LC_MESSAGES/<slug>.po. Translations are never lost: changed segments
    keep their old translation as fuzzy, removed ones become obsolete (#~).

    Example: polyglot extract --lang es --statement wftu-andean-solidarity-peru
    """
    from polyglot_statement.extract import extract as run_extract

    settings = _settings(ctx)
    report = run_extract(settings, languages, statements, notes_for=_glossary_notes(settings))
    for path, line in report.unlocated_blocks:
        click.echo(
            f"warning: {path}:{line}: block not segmented (its text could not be located)", err=True
        )
    for path in report.written:
        click.echo(f"wrote {_relative(path, settings)}")
    click.echo(f"{len(report.written)} file(s) written, {report.unchanged} unchanged")


def _glossary_notes(settings: Settings) -> Any:
    """The glossary's per-entry notes for translators, once the glossary module exists."""
    try:
        from polyglot_statement import glossary
    except ImportError:
        return None
    notes = getattr(glossary, "notes_for_settings", None)
    return notes(settings) if notes is not None else None


def _relative(path: Path, settings: Settings) -> str:
    try:
        return path.relative_to(settings.root).as_posix()
    except ValueError:
        return str(path)


def run() -> None:  # pragma: no cover - console entry point wrapper
    sys.exit(main())
