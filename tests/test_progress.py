"""The one progress channel: every command words a wait and a retry the same way."""

from __future__ import annotations

import io

from polyglot_statement.fsutil import LockHolder
from polyglot_statement.machine.events import BatchDone, LanguageDone
from polyglot_statement.machine.render import TranslateProgress
from polyglot_statement.progress import Retry, Retrying, Terminal, WaitingForLock


def _terminal(kind: type[Terminal] = Terminal) -> tuple[Terminal, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return kind(out, err), out, err


def test_a_wait_names_the_holder_on_standard_error() -> None:
    terminal, out, err = _terminal()
    terminal(WaitingForLock(LockHolder("build", 4242)))
    terminal(WaitingForLock(None))
    assert out.getvalue() == ""
    assert (
        err.getvalue() == "waiting for build (pid 4242)…\nwaiting for another polyglot command…\n"
    )


def test_translate_words_a_wait_as_every_command_does() -> None:
    shared, _, shared_err = _terminal()
    translate, _, translate_err = _terminal(TranslateProgress)
    for terminal in (shared, translate):
        terminal(WaitingForLock(LockHolder("extract", 7)))
    assert translate_err.getvalue() == shared_err.getvalue() == "waiting for extract (pid 7)…\n"


def test_a_retry_says_when_why_and_how_many_are_left() -> None:
    terminal, _, err = _terminal(TranslateProgress)
    terminal(Retrying("es", Retry(2.0, "429 Too Many Requests", 1, 5)))
    terminal(Retrying("", Retry(0.5, "no answer within 10 s", 2, 5, patience=20.0)))
    assert err.getvalue() == (
        "es: retrying in 2.0 s (429 Too Many Requests): retry 1 of 5\n"
        "retrying in 0.5 s (no answer within 10 s): retry 2 of 5, waiting up to 20 s for "
        "the answer\n"
    )


def test_without_a_terminal_progress_is_told_in_lines() -> None:
    terminal, out, _ = _terminal(TranslateProgress)
    assert not terminal.start_bar("es", 100)
    terminal(BatchDone("es", 1, 2, 3, 1_234, 1_234))
    terminal(LanguageDone("es", 3, 1))
    assert out.getvalue() == (
        "es: request 1/2 done: 3 texts, 1,234 characters\n"
        "es: 3 entries filled, 1 with markup to check\n"
    )
