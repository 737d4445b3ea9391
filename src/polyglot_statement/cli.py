"""The `polyglot` command: parse options, make one library call, apply the command's exit
policy, render the result (docs/architecture.md, "The shape of a command").

The workflow commands are here; those that trade with other tools (glossary, memory,
XLIFF) are in cli_exchange.py, and what all of them share (the error boundary, settings,
options, the progress channel) in cli_support.py.

Each command imports its library package when it runs: importing them all here would
make every command, and `polyglot --help`, load every other command's dependencies
(0.37 s instead of 0.08 s, measured).
"""

from __future__ import annotations

import gc
import io
import os
import sys
from pathlib import Path
from typing import Literal

import click

from polyglot_statement import __version__
from polyglot_statement.cli_exchange import export_command, glossary, import_command, memory
from polyglot_statement.cli_support import (
    _Group,
    _interrupted_exit_code,
    _lang_option,
    _memory_option,
    _note_if_no_language,
    _prefiller,
    _settings,
    _statement_option,
    _terminal,
)
from polyglot_statement.config import EDITION_FORMATS
from polyglot_statement.errors import UsageError
from polyglot_statement.fsutil import refuse_folder_led_out, write_output


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


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option(
    "--source-language", default="en", show_default=True, help="Language of the statements."
)
@click.option(
    "--lang", "languages", multiple=True, metavar="CODE", help="A target language (repeatable)."
)
def init(folder: Path, source_language: str, languages: tuple[str, ...]) -> None:
    """Make a new workspace in FOLDER: settings, an example glossary and statement,
    locales/ and a .gitignore. Each --lang is a language to translate into; without one,
    only the original is published until `languages` lists some in polyglot.toml. The
    words the tool puts on pages get a template, and a catalogue to translate for each
    --lang the tool has none for (locales/<lang>/LC_MESSAGES/polyglot-pages.po).

    Example: polyglot init statements --lang es --lang fr --lang ar
    """
    from polyglot_statement.workspace import init_workspace
    from polyglot_statement.workspace_render import render_init

    done = init_workspace(folder, source_language, list(languages))
    render_init(done, sys.stdout, sys.stderr, bool(languages))


@main.command()
@_lang_option
@_statement_option
@_memory_option
@click.pass_context
def extract(
    ctx: click.Context,
    languages: tuple[str, ...],
    statements: tuple[str, ...],
    use_memory: bool | None,
) -> None:
    """Split statements into segments and update the catalogues.

    Writes locales/templates/<slug>.pot and creates or updates
    locales/<lang>/LC_MESSAGES/<slug>.po. Translations are never lost: changed segments
    keep their old translation as fuzzy, removed ones become obsolete (#~), and a
    catalogue a translator saves meanwhile is merged again from their save. Front-matter
    values readers see are text as written (`title: 2024` is "2024"); a list where the
    page shows text, a non-date `date`, a repeated key or a YAML alias is refused by line.

    Untranslated entries are pre-filled from the translation memory (every approved
    translation of the workspace and the TMX files in memory/): an exact match gets its
    translation, a close one (score 80 or more) the closest translation with the
    remembered source as previous msgid; both fuzzy (exact ones approved with
    `memory.exact = "approve"`) and with a `# memory: 100% from <origin>` comment.
    Approved and fuzzy entries are never touched.

    Waits, saying for whom, while another command holds the workspace lock. Exit 2 for
    bad input, 3 when the system refuses (disk full, read-only, permission).

    Example: polyglot extract --lang es --statement wftu-andean-solidarity-peru
    """
    from polyglot_statement.source.extract import extract as run_extract
    from polyglot_statement.source.render import render_extract

    settings = _settings(ctx)
    with _prefiller(settings, use_memory) as prefill:
        report = run_extract(settings, languages, statements, on_event=_terminal(), prefill=prefill)
    render_extract(report, sys.stdout, sys.stderr, settings)


@main.command()
@_lang_option
@_statement_option
@click.option(
    "--check",
    "check_ids",
    multiple=True,
    metavar="ID",
    help="Only this check (repeatable); see --list-checks.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one `path:line: severity check: message` line per finding.",
)
@click.option("--list-checks", is_flag=True, help="List the checks and exit.")
@click.pass_context
def check(
    ctx: click.Context,
    languages: tuple[str, ...],
    statements: tuple[str, ...],
    check_ids: tuple[str, ...],
    output_format: Literal["text", "json"],
    list_checks: bool,
) -> None:
    """Check approved and fuzzy translations: glossary, Markdown, numbers, links, punctuation.

    Exits 1 when an error is found (errors block publication, warnings do not), 0
    otherwise. Reference links (`[text][label]`, `[text][]`, `[text]`) are resolved
    against the statement's link definitions, as on the page. Silence one check on one
    entry with a translator comment in the .po file: `# polyglot: ignore <check>`.

    Example: polyglot check --lang es --check glossary --format json
    """
    from polyglot_statement.checks import find_problems
    from polyglot_statement.checks.policy import check_exit
    from polyglot_statement.checks.render import render_check, render_check_list

    if list_checks:
        render_check_list(sys.stdout)
        return
    settings = _settings(ctx)
    _note_if_no_language(settings)
    findings = find_problems(settings, languages, statements, check_ids)
    render_check(findings, sys.stdout, settings.root, output_format)
    ctx.exit(check_exit(findings))


@main.command()
@click.option(
    "--engine",
    type=click.Choice(["deepl", "pseudo"]),
    default=None,
    help="Engine for this run (default: `machine.engine` in the settings).",
)
@_lang_option
@_statement_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Only say what would be sent and billed (within --max-characters); "
    "create or change no file.",
)
@click.option(
    "--max-characters",
    type=click.IntRange(min=0),
    default=None,
    metavar="N",
    help="Stop before more than N characters have been sent for translation.",
)
@_memory_option
@click.pass_context
def translate(
    ctx: click.Context,
    engine: str | None,
    languages: tuple[str, ...],
    statements: tuple[str, ...],
    dry_run: bool,
    max_characters: int | None,
    use_memory: bool | None,
) -> None:
    """Fill untranslated entries with machine drafts (fuzzy, marked as machine output).

    Each distinct text is sent once per language and cached in .polyglot/ as soon as it
    is paid for, so a re-run costs nothing. Catalogues are written once per language (and
    when the run stops); one a translator saved meanwhile is read again, never reverted.
    The DeepL key is read from the environment variable DEEPL_AUTH_KEY (or the one
    `machine.auth-key-env` names), never from a file. The first Ctrl-C or SIGTERM sends
    nothing more, waits for the request in flight (it is billed) and keeps its answer;
    a second stops at once. Retries after 429, 5xx or a timeout are told on stderr, and
    a timed-out request is retried with a longer wait. Exit codes: 2 bad input, 3 engine
    or file fault, 130 Ctrl-C, 143 SIGTERM.

    The translation memory pre-fills first, as in extract, and those entries are written
    before anything is sent: a text the memory has is never sent.

    --dry-run writes nothing and, without a DeepL key, sends nothing either: it gives per
    language the characters to send, those already in the cache and those the memory
    would fill (from its index as the last run left it), an amount at the settings'
    `machine.price-per-million`, and the languages DeepL cannot take (from a table kept
    with polyglot when there is no key; from DeepL itself with one).

    Example: polyglot translate --lang fr --dry-run
    """
    from polyglot_statement.machine.render import TranslateProgress, render_translate
    from polyglot_statement.machine.translate import translate as run_translate

    settings = _settings(ctx)
    progress = TranslateProgress(sys.stdout, sys.stderr, bars=sys.stdout.isatty())
    try:
        with _prefiller(settings, use_memory, estimate=dry_run) as prefill:
            report = run_translate(
                settings,
                languages,
                statements,
                engine_name=engine,
                dry_run=dry_run,
                max_characters=max_characters,
                on_event=progress,
                prefill=prefill,
            )
    except KeyboardInterrupt as error:
        progress.close()
        click.echo("interrupted: every finished batch is saved; run again to resume", err=True)
        ctx.exit(_interrupted_exit_code(error))
    finally:
        progress.close()
    render_translate(report, sys.stdout, sys.stderr, settings.root, max_characters)


@main.command()
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(list(EDITION_FORMATS)),
    help="Only this format (repeatable); by default the settings' `publish.formats` "
    "(html, md and txt unless they say otherwise).",
)
@_lang_option
@_statement_option
@click.option(
    "--allow-partial/--no-allow-partial",
    default=None,
    help="Publish languages below the publication rule too (by default: the settings' "
    "`publish.allow-partial`, else not); untranslated passages appear in the source "
    "language, marked as such, and are listed in the manifest.",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Remove what earlier builds published and this build would not (formats not "
    "asked for, partial editions not allowed, editions no longer ready, languages and "
    "statements no longer in the workspace); without it they are kept, and said so.",
)
@click.pass_context
def build(
    ctx: click.Context,
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    statements: tuple[str, ...],
    allow_partial: bool | None,
    prune: bool,
) -> None:
    """Publish every language edition that is ready into dist/.

    Writes dist/<lang>/<slug>.html, .md and .txt (and .pdf and .docx when the settings'
    `publish.formats` or --format ask for them) from approved translations only (and the
    original, dist/<source-lang>/<slug>.*), the front pages dist/index.html and
    dist/<lang>/index.html, Atom feeds (dist/feed.xml, dist/<lang>/feed.xml; dated
    statements only, warned about otherwise), dist/sitemap.xml when site-url is set, and
    dist/manifest.json, and says which languages were skipped and why. --allow-partial
    publishes languages below the rule, each untranslated passage labelled in the
    reader's language, the page marked noindex; not below publish.partial-min-percent
    (50 by default) nor with the title untranslated. The PDF is the page laid out by
    WeasyPrint on A4 or Letter (`[print]` settings: page-size, margins, fonts;
    templates/print.css), the .docx a Word document with real styles
    (templates/reference.docx gives it the organisation's); a font file or template that
    cannot be used is exit 2 with dist/ untouched.
    Nothing an earlier build published disappears unasked: an edition or format this
    build would not publish (not in its formats, partial without --allow-partial, no
    longer ready, its language or statement gone) is kept, still published when it can be
    made from the current text (partial if need be), else left as it was and listed
    nowhere; a `kept` line says so, and --prune removes them (`removed` lines).
    Only editions whose inputs changed are rebuilt; dist/ is replaced as a whole, so a
    failed build leaves the previous one in place. --lang, --statement and --format
    choose what is rebuilt: the last build's other editions and formats stay in dist/ as
    they were (a page whose language switcher must change is rendered again). Local files
    a statement uses (images/photo.jpg, relative to the statement) are copied next to its
    editions; a missing one is a warning. An empty statement is not published. Pages are
    rendered by markdown-it, the parser extract splits the statements with; a reference
    link whose text was translated keeps the source's label. Waits, saying for whom,
    while another command holds the workspace lock; POLYGLOT_JOBS=N sets the number of
    worker processes. Exit 2 for bad input, 3 when the system refuses.

    Example: polyglot build --lang es --lang fr --format html --format pdf
    """
    from polyglot_statement.publish.build import build as run_build
    from polyglot_statement.publish.render import render_build

    settings = _settings(ctx)
    report = run_build(
        settings, formats, languages, statements, allow_partial, on_event=_terminal(), prune=prune
    )
    render_build(report, sys.stdout, sys.stderr, settings.root, settings.source_language)


@main.command()
@click.option(
    "--by",
    type=click.Choice(["language", "statement"]),
    default="language",
    show_default=True,
    help="One row per language, or per statement and language.",
)
@_lang_option
@_statement_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv", "markdown", "html"]),
    default=None,
    help="Report format [default: from -o's suffix, else table].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the report to this file (atomically) instead of the terminal.",
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PERCENT",
    help="Exit 1 when a language has fewer approved words than PERCENT (for CI). Words "
    "only: required segments and check errors are --fail-unless-publishable's.",
)
@click.option(
    "--fail-unless-publishable",
    is_flag=True,
    help="Exit 1 when a chosen language is not publishable, for any of build's reasons "
    "(approved words, required segments, check errors).",
)
@click.option(
    "--fail-if-overdue",
    is_flag=True,
    help="Exit 1 when a chosen edition is past its deadline and not publishable "
    "(deadlines: front matter `deadline:`, settings `[deadlines]`).",
)
@click.option(
    "--checks",
    type=click.Choice(["auto", "all", "none"]),
    default="auto",
    show_default=True,
    help="Run `polyglot check` on the editions whose verdict it can change (auto), on "
    "every edition (all), or not at all (none: errors and warnings unknown).",
)
@click.option(
    "--activity/--no-activity",
    default=True,
    show_default=True,
    help="Show who changed each catalogue last, and when: from git in a work tree, else "
    "from the Last-Translator and PO-Revision-Date headers.",
)
@click.pass_context
def status(
    ctx: click.Context,
    by: str,
    languages: tuple[str, ...],
    statements: tuple[str, ...],
    output_format: str | None,
    output: Path | None,
    fail_under: float | None,
    fail_unless_publishable: bool,
    fail_if_overdue: bool,
    checks: str,
    activity: bool,
) -> None:
    """Words and segments per language by state, check findings, what can be published.

    States: approved, machine (unreviewed MT output), memory (pre-filled from the
    translation memory, unreviewed), needs review (any other fuzzy entry), untranslated;
    obsolete entries are counted apart. Words are counted on the source text. Results are
    cached per catalogue in .polyglot/status.json; a changed file is always read again.
    Settings that list no target language get a note saying so. With deadlines (front
    matter `deadline:`, settings `[deadlines]`) a deadline column says what is overdue or
    due within a day, judged at POLYGLOT_NOW when set (else now); the HTML page puts the
    most urgent first.

    Example: polyglot status --by statement --lang ar --format html -o status.html

    In CI: polyglot status --lang es --fail-unless-publishable
    """
    from polyglot_statement.status import (
        SUFFIXES,
        CheckMode,
        StatusFormat,
        compute_status,
        render_status,
    )
    from polyglot_statement.status.policy import status_exit

    # What is loaded now lives until the command ends: the collector need not scan it
    # again and again while a warm run makes 10,000 results (a tenth of its time).
    gc.freeze()
    if fail_unless_publishable and checks == CheckMode.NONE:
        raise UsageError(
            "--fail-unless-publishable needs the checks' verdict; use --checks auto or all"
        )
    settings = _settings(ctx)
    _note_if_no_language(settings)
    report = compute_status(settings, languages, statements, checks=checks, activity=activity)
    if output_format is not None:
        fmt = StatusFormat(output_format)
    else:
        fmt = (
            SUFFIXES.get(output.suffix.lower(), StatusFormat.TABLE)
            if output
            else StatusFormat.TABLE
        )
    if output is not None:
        text = io.StringIO()
        render_status(report, text, fmt, by)
        refuse_folder_led_out(output, settings.root)
        write_output(output, text.getvalue().encode("utf-8"))
        click.echo(f"wrote {output}")
    else:
        # Colour only for a person at a terminal, and never when NO_COLOR is set.
        colour = (
            fmt == StatusFormat.TABLE and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        )
        render_status(report, sys.stdout, fmt, by, colour=colour)
    ctx.exit(status_exit(report, sys.stderr, fail_under, fail_unless_publishable, fail_if_overdue))


@main.command()
@click.argument("languages", nargs=-1, metavar="[LANG]...")
@_statement_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: per edition, each change with its old (-) and new (+) source text.",
)
@click.pass_context
def changes(
    ctx: click.Context,
    languages: tuple[str, ...],
    statements: tuple[str, ...],
    output_format: str,
) -> None:
    """Source segments added, changed or removed since each language's published edition.

    Compares the source as it is now with the source each edition in dist/ was made from
    (the build records it in dist/manifest.json), and gives each new text's state in the
    language's catalogue: those not approved are still to review. Without LANG, every
    language. Editions published before builds recorded their source are listed as such.

    Example: polyglot changes es --format json
    """
    from polyglot_statement.status.changes import compute_changes
    from polyglot_statement.status.changes_render import render_changes

    settings = _settings(ctx)
    report = compute_changes(settings, languages, statements)
    render_changes(report, sys.stdout, output_format)


@main.command("new")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--slug", default=None, help="The statement's name (default: from its title).")
@click.option("--update", is_flag=True, help="Replace the text of an existing statement.")
@click.option("--dry-run", is_flag=True, help="Report what would be written; write nothing.")
@click.pass_context
def new_command(
    ctx: click.Context, file: Path, slug: str | None, update: bool, dry_run: bool
) -> None:
    """Bring in a statement from .docx, .odt, .html (a saved page, or - for standard
    input) or .txt, as source/<slug>.md with its images under source/<slug>/.

    Site chrome (menus, credits, share buttons) is left out; comments are dropped and
    tracked changes accepted. The front matter gets what the document says (title,
    date, organisation, summary); what it does not say is reported, never invented.
    Bad input: `path: what is wrong`, exit 2, nothing written.

    Example: polyglot new ~/Downloads/statement.docx --slug strike-2024-05
    """
    from polyglot_statement.intake import new_statement
    from polyglot_statement.intake.policy import new_exit
    from polyglot_statement.intake.render import render_new

    settings = _settings(ctx)
    stdin = sys.stdin.buffer if str(file) == "-" else None
    result = new_statement(settings, file, slug, update, dry_run, stdin=stdin, on_event=_terminal())
    render_new(result, sys.stdout, settings.root)
    ctx.exit(new_exit(result))


@main.command()
@click.option("--since", "since", required=True, metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option(
    "--until", "until", metavar="DATE", help="Last day, included (YYYY-MM-DD; default today)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: aligned columns; csv, json: for tools; markdown: for an issue or a wiki.",
)
@click.pass_context
def report(ctx: click.Context, since: str, until: str | None, output_format: str) -> None:
    """Words and segments translated and reviewed per translator and language, from DATE.

    From git history when the workspace is in a work tree (each commit credited to its
    author, as Weblate commits), else from the Last-Translator and PO-Revision-Date
    headers (coarse: a whole catalogue for its last translator). A squashed commit
    counts once. See docs/coordinators.md.

    Example: polyglot report --since 2026-11-01 --until 2026-11-30 --format csv
    """
    from polyglot_statement import contributors
    from polyglot_statement.contributors import render

    first = contributors.parse_day("--since", since)
    last = contributors.parse_day("--until", until) if until is not None else None
    result = contributors.contributor_report(_settings(ctx), first, last)
    render.report(result, sys.stdout, output_format)


# The commands that trade with other tools (glossary, memory, XLIFF) are in cli_exchange.py.
for command in (glossary, memory, export_command, import_command):
    main.add_command(command)
