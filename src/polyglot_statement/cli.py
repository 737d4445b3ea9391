"""The `polyglot` command: parse options, make one library call, render the result.

Each command imports its library package when it runs: importing them all here would
make every command, and `polyglot --help`, load every other command's dependencies
(0.37 s instead of 0.08 s, measured).
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import click

from polyglot_statement import __version__
from polyglot_statement.config import (
    EDITION_FORMATS,
    Settings,
    load_settings,
    no_language_note,
    select_languages,
    undeclared_warning,
)
from polyglot_statement.errors import (
    GlossaryError,
    Interrupted,
    PolyglotError,
    UsageError,
    shown_path,
)
from polyglot_statement.fsutil import FileFault, LockHolder, fault, write_output
from polyglot_statement.languages import english_name

if TYPE_CHECKING:
    from polyglot_statement.glossary import Glossary, GlossaryFormat
    from polyglot_statement.machine import Event


# The status a shell reports for a command that SIGPIPE ended (128 + 13).
BROKEN_PIPE_EXIT = 141


class _Group(click.Group):
    """Turns every PolyglotError into `path:line: message` on stderr and its exit code.

    A system refusal the library did not name (it names every one it expects) is still a
    message and exit 3, never a traceback: a full disk is not a bug.
    """

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3  # only for its error type; loading it costs 6 ms

        try:
            with _terminated_as_interrupted():
                return super().invoke(ctx)
        except KeyboardInterrupt as error:
            # Not click's "Aborted!" and exit 1, which says a check failed: the shell's
            # 128 + signal. Every `finally` has run: temp files and staging folders are
            # gone, and what was written is whole (every write is atomic).
            click.echo("interrupted: no file is left half-written; run the command again", err=True)
            ctx.exit(_interrupted_exit_code(error))
        except PolyglotError as error:
            click.echo(f"error: {error}", err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError as error:
            if not _stdout_closed():
                _system_refusal(ctx, error)
            # The reader has gone (`polyglot … | head -1`): end quietly, as the tools that
            # SIGPIPE kills do. Standard output goes to /dev/null first, or Python's own
            # flush at exit would fail on the closed pipe once more.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
            ctx.exit(BROKEN_PIPE_EXIT)
        except OSError as error:
            _system_refusal(ctx, error)
        except sqlite3.Error as error:
            click.echo(f"error: the cache database failed: {error}", err=True)
            ctx.exit(FileFault.exit_code)
        except MemoryError:
            click.echo("error: not enough memory to complete the command", err=True)
            ctx.exit(FileFault.exit_code)


@contextlib.contextmanager
def _terminated_as_interrupted() -> Iterator[None]:
    """SIGTERM stops a command as Ctrl-C does: through its `finally` blocks, exit 143.

    (Its default would end the process at once, leaving temp files for the next run.) Put
    back afterwards: the CLI also runs inside tests. A SIGTERM the caller ignores stays
    ignored; handlers can only be set from the main thread.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    ):
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise Interrupted(signum)

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupted_exit_code(error: KeyboardInterrupt) -> int:
    """128 + the signal that stopped the command: SIGTERM's (Interrupted), else Ctrl-C's."""
    return error.exit_code if isinstance(error, Interrupted) else 128 + signal.SIGINT


def _system_refusal(ctx: click.Context, error: OSError) -> NoReturn:
    where = Path(error.filename) if isinstance(error.filename, str) else None
    click.echo(f"error: {fault(error, where, 'complete the command')}", err=True)
    ctx.exit(FileFault.exit_code)


def _stdout_closed() -> bool:
    """Whether standard output is a pipe nobody reads any more (poll reports an error on
    the writing end once the reading end is closed)."""
    import select  # only when a pipe broke

    try:
        descriptor = sys.stdout.fileno()
        poller = select.poll()
        poller.register(descriptor, select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False


def _waiting(holder: LockHolder | None) -> None:
    """The message a command prints when another holds the workspace lock."""
    who = f"{holder.command} (pid {holder.pid})" if holder else "another polyglot command"
    click.echo(f"waiting for {who}…", err=True)


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
    settings = load_settings(start if start is not None else Path.cwd())
    undeclared = undeclared_warning(settings)
    if undeclared is not None:
        click.echo(f"warning: {undeclared}", err=True)
    return settings


def _note_if_no_language(settings: Settings) -> None:
    note = no_language_note(settings)
    if note is not None:
        click.echo(f"note: {note}", err=True)


def _glossary_or_fail(settings: Settings) -> Glossary:
    from polyglot_statement.glossary import glossary_for_settings

    loaded = glossary_for_settings(settings)
    if loaded is None:
        raise GlossaryError(
            "no glossary file; create it (the format: docs/glossary.md)", settings.glossary_path
        )
    return loaded


_lang_option = click.option(
    "--lang", "languages", multiple=True, metavar="CODE", help="Only this language (repeatable)."
)
_output_file_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
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
    """Make a new workspace in FOLDER: settings, an example glossary and statement,
    locales/ and a .gitignore. Each --lang is a language to translate into; without one,
    only the original is published until `languages` lists some in polyglot.toml. The
    words the tool puts on pages get a template, and a catalogue to translate for each
    --lang the tool has none for (locales/<lang>/LC_MESSAGES/polyglot-pages.po).

    Example: polyglot init statements --lang es --lang fr --lang ar
    """
    from polyglot_statement.workspace import init_workspace

    created = init_workspace(folder, source_language, list(languages))
    width = max(len(str(item.path)) for item in created)
    for item in created:
        click.echo(f"created {item.path!s:<{width}}  {item.what}")
    if not languages:
        settings = created[0].path
        click.echo(
            f"note: no target language given (--lang CODE): only the original is published "
            f'until {settings} lists some, e.g. languages = ["es", "fr"]',
            err=True,
        )


_memory_option = click.option(
    "--memory/--no-memory",
    "use_memory",
    default=None,
    help="Pre-fill untranslated entries from the translation memory (default: the "
    "`memory.prefill` setting, on unless set false).",
)


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

    settings = _settings(ctx)
    with _prefiller(settings, use_memory) as prefill:
        report = run_extract(settings, languages, statements, on_wait=_waiting, prefill=prefill)
    for path, line in report.unlocated_blocks:
        click.echo(
            f"warning: {path}:{line}: block not segmented (its text could not be located)", err=True
        )
    for path in report.written:
        counts = report.prefilled.get(path)
        filled = f" (memory: {_filled(counts)})" if counts else ""
        click.echo(f"wrote {shown_path(path, settings.root)}{filled}")
    click.echo(f"{len(report.written)} file(s) written, {report.unchanged} unchanged")
    if report.prefilled:
        exact, close = report.prefilled_total("exact"), report.prefilled_total("fuzzy")
        click.echo(
            f"memory pre-filled {exact + close} entries ({exact} exact, {close} close) "
            f"in {len(report.prefilled)} catalogue(s); review them in your editor"
        )


def _filled(counts: Mapping[str, int]) -> str:
    return f"{counts.get('exact', 0)} exact, {counts.get('fuzzy', 0)} close"


def _prefiller(
    settings: Settings, use_memory: bool | None
) -> contextlib.AbstractContextManager[Any]:
    """The memory's pre-fill hook, or None when the run or the settings leave it out."""
    if not (settings.memory.prefill if use_memory is None else use_memory):
        return contextlib.nullcontext(None)
    from polyglot_statement.memory import prefiller

    return prefiller(settings)


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
    from polyglot_statement.checks import (
        ALL_CHECKS,
        ERROR,
        find_problems,
        render_json,
        render_text,
        summary,
    )

    if list_checks:
        for item in ALL_CHECKS:
            click.echo(f"{item.check_id:<18} {item.severity:<8} {item.description}")
        return
    settings = _settings(ctx)
    _note_if_no_language(settings)
    findings = find_problems(settings, languages, statements, check_ids)
    stream = io.StringIO()
    if output_format == "json":
        render_json(findings, settings.root, stream)
    else:
        render_text(findings, settings.root, stream)
    click.echo(stream.getvalue(), nl=False)
    if output_format == "text":
        click.echo(summary(findings))
    if any(finding.severity == ERROR for finding in findings):
        ctx.exit(1)


@main.group()
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
    settings = _settings(ctx)
    loaded = _glossary_or_fail(settings)
    click.echo(
        f"{shown_path(loaded.path, settings.root)}: {len(loaded.terms)} term(s), "
        f"renderings in {', '.join(loaded.languages) or 'no language'}"
    )
    unused = [code for code in loaded.languages if code not in settings.languages]
    if unused:
        click.echo(
            f"note: {', '.join(unused)} not among this workspace's languages; "
            "those renderings are neither checked nor exported",
            err=True,
        )


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
        write_output(output, data)
        click.echo(f"wrote {output}")


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
    before anything is sent: a text the memory has is never sent (--dry-run leaves the
    memory out, so its estimate counts those texts too).

    Example: polyglot translate --lang fr --dry-run
    """
    from polyglot_statement.machine.translate import translate as run_translate

    settings = _settings(ctx)
    progress = _TranslateProgress(sys.stdout.isatty())
    try:
        with _prefiller(settings, False if dry_run else use_memory) as prefill:
            report = run_translate(
                settings,
                languages,
                statements,
                engine_name=engine,
                dry_run=dry_run,
                max_characters=max_characters,
                on_event=progress.event,
                prefill=prefill,
            )
    except KeyboardInterrupt as error:
        progress.close()
        click.echo("interrupted: every finished batch is saved; run again to resume", err=True)
        ctx.exit(_interrupted_exit_code(error))
    finally:
        progress.close()
    for path in dict.fromkeys(report.missing_catalogs):
        click.echo(
            f"warning: {shown_path(path, settings.root)} does not exist; run `polyglot extract`",
            err=True,
        )
    if dry_run:
        total = sum(plan.characters for plan in report.plans)
        click.echo(
            f"{total:,} characters would be billed in all"
            if report.engine_bills
            else f"{total:,} characters would be sent in all ({report.engine}: nothing billed)"
        )
        if report.budget_reached:
            click.echo(
                f"the run would stop there: the next text would pass --max-characters "
                f"{max_characters:,}"
            )
        if report.usage is not None:
            remaining = report.usage.remaining
            click.echo(
                f"account: {report.usage.character_count:,} characters used this period, "
                + (f"{remaining:,} remaining" if remaining is not None else "no limit")
            )
        return
    click.echo(
        f"{report.filled} entries filled with {report.engine} drafts: {report.requests} "
        f"request(s), {report.billed_characters:,} characters billed"
    )
    if report.markup_problems:
        click.echo(
            f"{report.markup_problems} draft(s) lost some markup; their comment says so",
        )
    if report.budget_reached:
        click.echo(
            f"stopped: the next text would pass --max-characters {max_characters:,}; "
            "run again with a larger budget to continue"
        )


class _TranslateProgress:
    """A progress bar per language on a terminal; plain lines otherwise."""

    def __init__(self, terminal: bool):
        self.terminal = terminal
        self.bar: Any = None

    def event(self, event: Event) -> None:
        from polyglot_statement.machine import (
            BatchDone,
            LanguageDone,
            LanguagePlan,
            LanguageSkipped,
            MemoryFilled,
            Retrying,
            Stopping,
            WaitingForLock,
        )

        if isinstance(event, WaitingForLock):
            holder = event.holder
            who = f"{holder.command} (pid {holder.pid})" if holder else "another polyglot command"
            click.echo(f"waiting for {who} to finish…", err=True)
        elif isinstance(event, Retrying):
            retry = event.retry
            click.echo(
                (f"{event.language}: " if event.language else "")
                + f"retrying in {retry.delay:.1f} s ({retry.reason}): retry {retry.number} "
                f"of {retry.of}"
                + (
                    f", waiting up to {retry.patience:g} s for the answer"
                    if retry.patience is not None
                    else ""
                ),
                err=True,
            )
        elif isinstance(event, Stopping):
            again = "Ctrl-C" if event.signum == signal.SIGINT else signal.Signals(event.signum).name
            click.echo(
                (
                    f"stopping: waiting up to {event.patience:g} s for the answer to the "
                    "request in flight, which is billed"
                    if event.patience is not None
                    else "stopping: sending no more requests"
                )
                + f"; {again} again stops at once",
                err=True,
            )
        elif isinstance(event, MemoryFilled):
            click.echo(
                f"{event.language}: memory pre-filled {event.exact + event.fuzzy} entries "
                f"({event.exact} exact, {event.fuzzy} close) in {event.catalogues} catalogue(s)"
            )
        elif isinstance(event, LanguageSkipped):
            click.echo(f"{event.language}: skipped: {event.reason}")
        elif isinstance(event, LanguagePlan):
            if not event.segments:
                click.echo(f"{event.language}: nothing to translate")
                return
            glossary = (
                f"glossary {event.glossary_version}" if event.glossary_version else ("no glossary")
            )
            click.echo(
                f"{event.language} → {event.code} ({glossary}): {event.entries} entries, "
                f"{event.segments} distinct texts, {event.cached} from the cache, "
                f"{event.segments - event.cached} to send: {event.characters:,} characters "
                f"in {event.requests} request(s)"
                + (
                    f"; {event.left_for_later:,} more left for later by --max-characters"
                    if event.left_for_later
                    else ""
                )
            )
            if self.terminal and event.requests:
                self.bar = click.progressbar(
                    length=event.characters, label=f"{event.language}", show_pos=True
                )
                self.bar.__enter__()
        elif isinstance(event, BatchDone):
            if self.bar is not None:
                self.bar.update(event.characters)
            else:
                click.echo(
                    f"{event.language}: request {event.number}/{event.of} done: "
                    f"{event.segments} texts, {event.characters:,} characters"
                )
        elif isinstance(event, LanguageDone):
            self.close()
            problems = (
                f", {event.markup_problems} with markup to check" if (event.markup_problems) else ""
            )
            click.echo(f"{event.language}: {event.filled} entries filled{problems}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


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
    from polyglot_statement.publish.page_text import page_words_warning

    settings = _settings(ctx)
    report = run_build(
        settings, formats, languages, statements, allow_partial, on_wait=_waiting, prune=prune
    )
    for problem in report.warnings:
        click.echo(
            f"warning: {shown_path(problem.path, settings.root)}:{problem.line}: {problem.message}",
            err=True,
        )
    for words in report.english_words:
        click.echo(f"warning: {page_words_warning(words, settings.root)}", err=True)
    for path in report.undated:
        click.echo(
            f"warning: {shown_path(path, settings.root)}: no `date` in the front matter; its "
            "pages show no date and no feed lists it (add e.g. `date: 2024-05-01`)",
            err=True,
        )
    source = english_name(settings.source_language)
    for record in report.published:
        rendered = "built" if record.key in report.rebuilt else "unchanged"
        if record.key in report.carried:
            rendered = (
                "not selected; page rebuilt for its language switcher"
                if record.key in report.rebuilt
                else "not selected, kept"
            )
        line = (
            f"published {record.language:<6} {record.statement} "
            f"({', '.join(record.formats)}; {rendered})"
        )
        if record.language == settings.source_language:
            line += " — original"
        elif record.reasons:
            line += f" — partial: {record.fallback_count} segment(s) in {source}; " + "; ".join(
                record.reasons
            )
        click.echo(line)
    # A skipped edition outside the selection was not looked at: its reasons are old news.
    # One an earlier build published has a `kept` or `removed` line instead.
    withdrawn = {(item.statement, item.language) for item in report.withdrawn if item.edition}
    skipped = [
        record
        for record in report.skipped
        if record.key not in report.carried and record.key not in withdrawn
    ]
    for record in skipped:
        # Under --allow-partial, what keeps an edition out is what even that does not allow.
        reasons = record.refusals if report.allow_partial and record.refusals else record.reasons
        click.echo(f"skipped   {record.language:<6} {record.statement}: {'; '.join(reasons)}")
    for (statement, language), reasons in sorted(report.stale.items()):
        click.echo(
            f"stale     {language:<6} {statement}: kept as it was, but its language switcher "
            f"is out of date; it is no longer ready: {'; '.join(reasons)}"
        )
    for item in report.withdrawn:
        files = f" ({', '.join(item.formats)})" if item.formats else ""
        line = f"{item.language:<6} {item.statement}{files}: {item.reason}"
        if report.pruned:
            click.echo(f"removed   {line}")
            continue
        them = "it" if item.edition else "them"
        if not item.listed:
            how = "left in dist/ as an earlier build made it, listed nowhere"
        else:  # a whole edition still listed is one kept as a partial edition
            how = "still published as a partial edition" if item.edition else "still published"
        click.echo(f"kept      {line}; {how}; --prune removes {them}")
    output = shown_path(report.output, settings.root)
    kept = sum(
        1
        for record in report.published
        if record.key in report.carried and record.key not in report.rebuilt
    )
    click.echo(
        f"{output}/: {len(report.published)} edition(s) published "
        f"({len(report.rebuilt)} built{f', {kept} kept' if kept else ''}), "
        f"{len(skipped)} skipped"
        + (
            f"; {len(report.withdrawn)} {'removed' if report.pruned else 'kept without --prune'}"
            if report.withdrawn
            else ""
        )
        + ("" if report.replaced else "; nothing changed")
    )


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
    "--checks",
    type=click.Choice(["auto", "all", "none"]),
    default="auto",
    show_default=True,
    help="Run `polyglot check` on the editions whose verdict it can change (auto), on "
    "every edition (all), or not at all (none: errors and warnings unknown).",
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
    checks: str,
) -> None:
    """Words and segments per language by state, check findings, what can be published.

    States: approved, machine (unreviewed MT output), memory (pre-filled from the
    translation memory, unreviewed), needs review (any other fuzzy entry), untranslated;
    obsolete entries are counted apart. Words are counted on the source text. Results are
    cached per catalogue in .polyglot/status.json; a changed file is always read again.
    Settings that list no target language get a note saying so.

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

    # What is loaded now lives until the command ends: the collector need not scan it
    # again and again while a warm run makes 10,000 results (a tenth of its time).
    gc.freeze()
    if fail_unless_publishable and checks == CheckMode.NONE:
        raise UsageError(
            "--fail-unless-publishable needs the checks' verdict; use --checks auto or all"
        )
    settings = _settings(ctx)
    _note_if_no_language(settings)
    report = compute_status(settings, languages, statements, checks=checks)
    if output_format is not None:
        fmt = StatusFormat(output_format)
    else:
        fmt = (
            SUFFIXES.get(output.suffix.lower(), StatusFormat.TABLE)
            if output
            else StatusFormat.TABLE
        )
    if output is not None:
        write_output(output, render_status(report, fmt, by).encode("utf-8"))
        click.echo(f"wrote {output}")
    else:
        # Colour only for a person at a terminal, and never when NO_COLOR is set.
        colour = (
            fmt == StatusFormat.TABLE and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        )
        click.echo(render_status(report, fmt, by, colour=colour), nl=False, color=colour)
    if fail_under is not None:
        below = report.below(fail_under)
        if below:
            listed = ", ".join(f"{item.language} {item.percent_approved:.1f}%" for item in below)
            click.echo(f"below {fail_under:g}% approved: {listed}", err=True)
            ctx.exit(1)
    if fail_unless_publishable:
        held = [item for item in report.languages if not item.publishable]
        for item in held:
            if not item.editions:
                click.echo(f"not publishable: {item.language}: no statement chosen", err=True)
            for edition in item.editions:
                if edition.reasons:
                    reasons = "; ".join(edition.reasons)
                    click.echo(
                        f"not publishable: {item.language} {edition.statement}: {reasons}",
                        err=True,
                    )
        if held:
            ctx.exit(1)


# ---------------------------------------------------------------- memory, XLIFF


@main.group()
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
    from polyglot_statement.glossary import glossary_for_settings
    from polyglot_statement.memory import open_memory
    from polyglot_statement.memory.concordance import search
    from polyglot_statement.memory.render import (
        render_concordance_json,
        render_concordance_text,
    )

    settings = _settings(ctx)
    chosen = select_languages(settings, languages)
    glossary = glossary_for_settings(settings)
    with open_memory(settings) as index:
        result = search(index, text, settings.source_language, chosen, glossary, limit)
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
    from polyglot_statement.memory import open_memory
    from polyglot_statement.memory.render import export_summary
    from polyglot_statement.memory.transfer import export_memory

    settings = _settings(ctx)
    with open_memory(settings) as index:
        result = export_memory(settings, index, languages)
    if output is None:
        sys.stdout.buffer.write(result.data)
    else:
        write_output(output, result.data)
        click.echo(f"wrote {output}: {export_summary(result)}")


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
    from polyglot_statement.memory.render import import_summary
    from polyglot_statement.memory.transfer import import_memory

    settings = _settings(ctx)
    result = import_memory(settings, file, replace, on_wait=_waiting)
    click.echo(import_summary(result))


@main.command("export")
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


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--overwrite", is_flag=True, help="Also replace approved translations.")
@click.pass_context
def import_command(ctx: click.Context, files: tuple[Path, ...], overwrite: bool) -> None:
    """Bring translations back from XLIFF files a CAT tool saved.

    Only into entries whose source is unchanged; an approved entry is kept unless
    --overwrite. Targets marked translated, signed-off or final are approved, others
    fuzzy, and so is any with approved="no". Text comes in as text (escaped where
    Markdown would read it); a target whose tags are not its source's is not imported.
    Checks run on what comes in, reported at the XLIFF line. A malformed file or one for
    an unknown statement or language: `path:line: what is wrong`, exit 2, nothing
    written. Exit 1 when a unit could not be imported or a check found an error.

    Example: polyglot import to-translator/wftu-andean-solidarity-peru.de.xlf
    """
    from polyglot_statement.checks import ERROR
    from polyglot_statement.exchange import import_xliff
    from polyglot_statement.exchange.render import render_import

    settings = _settings(ctx)
    result = import_xliff(settings, files, overwrite, on_wait=_waiting)
    render_import(result, settings.root, sys.stdout)
    if result.not_imported or any(f.severity == ERROR for f in result.findings):
        ctx.exit(1)


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
    result = new_statement(settings, file, slug, update, dry_run, stdin=stdin, on_wait=_waiting)
    render_new(result, sys.stdout, settings.root)
    ctx.exit(new_exit(result))
