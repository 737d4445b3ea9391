"""The `polyglot` commands that trade with other tools: the glossary (validate, TBX and
CSV export), the translation memory (concordance, TMX export and import) and XLIFF
export and import. cli.py adds them to the `polyglot` group; each keeps the one shape
(options, one library call, policy, render) the commands there have.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import click

from polyglot_statement.cli_support import (
    _glossary_or_fail,
    _lang_option,
    _output_file_option,
    _settings,
    _statement_option,
    _terminal,
)
from polyglot_statement.config import select_languages
from polyglot_statement.fsutil import refuse_folder_led_out, write_output

if TYPE_CHECKING:
    from polyglot_statement.glossary import GlossaryFormat


@click.group()
def glossary() -> None:
    """Validate glossary.yml or export it for other tools (TBX, CSV).

    glossary.yml lists each source term with its renderings per language, forbidden
    renderings, and whether it is a name or acronym not to translate.
    """


@glossary.command("validate")
@click.pass_context
def glossary_validate(ctx: click.Context) -> None:
    """Read glossary.yml and report the first problem as `glossary.yml:LINE: what`.

    Example: polyglot glossary validate
    """
    from polyglot_statement.glossary.render import render_validate

    settings = _settings(ctx)
    loaded = _glossary_or_fail(settings)
    render_validate(loaded, sys.stdout, sys.stderr, settings.root, settings.languages)


@glossary.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["tbx", "csv"]),
    required=True,
    help="tbx for Weblate, OmegaT, Poedit; csv for DeepL or a spreadsheet.",
)
@_lang_option
@_output_file_option
@click.pass_context
def glossary_export(
    ctx: click.Context,
    output_format: GlossaryFormat,
    languages: tuple[str, ...],
    output: Path | None,
) -> None:
    """Export glossary.yml as TBX or as DeepL's CSV (source,target,source_lang,target_lang).

    Example: polyglot glossary export --format tbx -o glossary.tbx
    """
    from polyglot_statement.glossary import export_glossary

    settings = _settings(ctx)
    loaded = _glossary_or_fail(settings)
    data = export_glossary(loaded, output_format, select_languages(settings, languages))
    if output is None:
        click.echo(data, nl=False)
    else:
        refuse_folder_led_out(output, settings.root)
        write_output(output, data)
        click.echo(f"wrote {output}")


# ---------------------------------------------------------------- memory, XLIFF


@click.group()
def memory() -> None:
    """The translation memory: concordance, TMX export and import.

    The memory is every approved translation of every statement, in every language, and
    the TMX files in the workspace's memory/ folder; its index is kept in .polyglot/.
    """


@memory.command("search")
@click.argument("text")
@_lang_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Source texts shown."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.pass_context
def memory_search(
    ctx: click.Context,
    text: str,
    languages: tuple[str, ...],
    limit: int,
    output_format: Literal["text", "json"],
) -> None:
    """How a word or phrase was translated before (concordance).

    Lists each remembered source text containing TEXT (inflected forms too; case,
    accents, apostrophes and dashes ignored), or whose translation contains it, with
    its translations, their state and the statements or TMX files holding them;
    glossary terms are marked with their required renderings.

    Example: polyglot memory search "trade union" --lang es
    """
    from polyglot_statement.memory import search_memory
    from polyglot_statement.memory.render import (
        render_concordance_json,
        render_concordance_text,
    )

    settings = _settings(ctx)
    result = search_memory(settings, text, languages, limit)
    out = sys.stdout
    if output_format == "json":
        render_concordance_json(result, out)
    else:
        render_concordance_text(result, out, colour=out.isatty())


@memory.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["tmx"]),
    default="tmx",
    show_default=True,
    help="TMX 1.4b, which every CAT tool and Weblate import.",
)
@_lang_option
@_output_file_option
@click.pass_context
def memory_export(
    ctx: click.Context, output_format: str, languages: tuple[str, ...], output: Path | None
) -> None:
    """Export the memory's approved translations as TMX.

    One <tu> per source text with a <tuv> per language; inline Markdown as TMX inline
    codes, which CAT tools protect and the memory reads back exactly.

    Example: polyglot memory export --format tmx -o statements.tmx
    """
    from polyglot_statement.memory import export_workspace_memory
    from polyglot_statement.memory.render import render_memory_export

    settings = _settings(ctx)
    result = export_workspace_memory(settings, languages)
    if output is None:
        sys.stdout.buffer.write(result.data)
    else:
        refuse_folder_led_out(output, settings.root)
        write_output(output, result.data)
        render_memory_export(result, sys.stdout, output)


@memory.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a different file of that name in memory/.")
@click.pass_context
def memory_import(ctx: click.Context, file: Path, replace: bool) -> None:
    """Check a TMX file and copy it into the workspace's memory/ folder.

    Malformed XML, another source language, unknown language codes or no translation into
    the workspace's languages: `path:line: what is wrong`, exit 2, nothing copied.

    Example: polyglot memory import partners.tmx
    """
    from polyglot_statement.memory.render import render_memory_import
    from polyglot_statement.memory.transfer import import_memory

    settings = _settings(ctx)
    result = import_memory(settings, file, replace, on_event=_terminal())
    render_memory_import(result, sys.stdout)


@click.command("export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["xliff"]),
    default="xliff",
    show_default=True,
    help="XLIFF 1.2, which Trados, memoQ, Phrase and OmegaT open.",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    required=True,
    metavar="CODE",
    help="The language to export (repeatable).",
)
@_statement_option
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The folder to write <slug>.<lang>.xlf into.",
)
@click.pass_context
def export_command(
    ctx: click.Context,
    output_format: str,
    languages: tuple[str, ...],
    statements: tuple[str, ...],
    output: Path,
) -> None:
    """Export catalogues as XLIFF 1.2 for CAT tools, one file per statement and language.

    Approved entries are state="final" and approved="yes", fuzzy ones
    needs-review-translation, untranslated ones new; notes carry the segment kind, the
    glossary's renderings and the translator comments; inline Markdown becomes tags.

    Example: polyglot export --format xliff --lang de -o to-translator/
    """
    from polyglot_statement.exchange import export_xliff
    from polyglot_statement.exchange.render import render_export

    settings = _settings(ctx)
    result = export_xliff(settings, languages, statements, output)
    render_export(result, sys.stdout)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Also replace approved translations.")
@click.pass_context
def import_command(ctx: click.Context, files: tuple[Path, ...], overwrite: bool) -> None:
    """Bring translations back from XLIFF 1.2 or 2.x files a CAT tool saved.

    Files exported here, or made from the .po files by another tool (po2xliff, Okapi,
    OpenXLIFF, Weblate). Only into entries whose source is unchanged; an approved entry
    is kept unless --overwrite. Targets marked translated, signed-off or final are
    approved, others fuzzy, and so is any with approved="no"; a target that only repeats
    its source, unconfirmed (a tool's "copy source"), is no translation. Text comes in as
    text (escaped where Markdown would read it); a target whose tags are not its
    source's is not imported.
    Checks run on what comes in, reported at the XLIFF line. A malformed file or one for
    an unknown statement or language: `path:line: what is wrong`, exit 2, nothing
    written. Exit 1 when a unit could not be imported or a check found an error.

    Example: polyglot import to-translator/wftu-andean-solidarity-peru.de.xlf
    """
    from polyglot_statement.exchange import import_xliff
    from polyglot_statement.exchange.policy import import_exit
    from polyglot_statement.exchange.render import render_import

    settings = _settings(ctx)
    result = import_xliff(settings, files, overwrite, on_event=_terminal())
    render_import(result, sys.stdout, settings.root)
    ctx.exit(import_exit(result))
