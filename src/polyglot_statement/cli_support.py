"""What every `polyglot` command shares: the group that turns every error into a message
and its exit code, the workspace's settings, the shared options and the progress channel.

cli.py and cli_exchange.py declare the commands with these; the leading underscores say
the names are the CLI's wiring, not a library API.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

import click

from polyglot_statement.config import Settings, load_settings, no_language_note, undeclared_warning
from polyglot_statement.errors import GlossaryError, Interrupted, PolyglotError
from polyglot_statement.fsutil import FileFault, fault
from polyglot_statement.progress import Terminal

if TYPE_CHECKING:
    from polyglot_statement.glossary import Glossary


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


def _terminal() -> Terminal:
    """The progress channel of a command run from the CLI: waits for the workspace lock
    and retries on standard error, as every command words them."""
    return Terminal(sys.stdout, sys.stderr)


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


_memory_option = click.option(
    "--memory/--no-memory",
    "use_memory",
    default=None,
    help="Pre-fill untranslated entries from the translation memory (default: the "
    "`memory.prefill` setting, on unless set false).",
)


def _prefiller(
    settings: Settings, use_memory: bool | None, estimate: bool = False
) -> contextlib.AbstractContextManager[Any]:
    """The memory's pre-fill hook, or None when the run or the settings leave it out;
    for an `estimate` (a dry run), one that reads the memory and writes nothing."""
    if not (settings.memory.prefill if use_memory is None else use_memory):
        return contextlib.nullcontext(None)
    if estimate:
        from polyglot_statement.memory import estimating_prefiller

        found = estimating_prefiller(settings)
        return contextlib.nullcontext(None) if found is None else found
    from polyglot_statement.memory import prefiller

    return prefiller(settings)
