"""The one channel for what a command says while it runs: waits, retries, progress bars.

A library function that may wait for the workspace lock, retry a request or advance
through long work takes `on_event: Listener` and tells it `Event`s; it never prints. The
CLI hands it a `Terminal`, which words each of them once, for every command ("waiting
for build (pid 4242)…" is written here and nowhere else). A command with events of its
own (translate's plans and batches) subclasses `Event` and `Terminal` in its package's
render.py, so those go through the same channel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from polyglot_statement.fsutil import LockHolder


@dataclass(frozen=True, slots=True)
class Event:
    """Something a running command tells; a command's own events subclass it."""


Listener = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The listener of a run nobody watches (library callers, tests)."""


@dataclass(frozen=True, slots=True)
class WaitingForLock(Event):
    """Another command holds the workspace lock; this run waits for it."""

    holder: LockHolder | None


def lock_waiter(on_event: Listener) -> Callable[[LockHolder | None], None]:
    """What `fsutil.workspace_lock` calls before it waits: the event on this channel."""
    return lambda holder: on_event(WaitingForLock(holder))


@dataclass(frozen=True, slots=True)
class Retry:
    """A request is sent again: a refusal (429, 5xx) or no answer in time."""

    delay: float  # seconds before it is
    reason: str  # "429 Too Many Requests", "no answer within 10 s"
    number: int  # 1-based
    of: int  # retries allowed
    patience: float | None = None  # after a timeout: how long the retry waits for its answer


@dataclass(frozen=True, slots=True)
class Retrying(Event):
    """A request is sent again (the engine's refusal or no answer in time)."""

    language: str  # "" when the request is not one language's (the account's usage)
    retry: Retry


def waiting_line(holder: LockHolder | None) -> str:
    who = f"{holder.command} (pid {holder.pid})" if holder else "another polyglot command"
    return f"waiting for {who}…"


def retrying_line(event: Retrying) -> str:
    retry = event.retry
    return (
        (f"{event.language}: " if event.language else "")
        + f"retrying in {retry.delay:.1f} s ({retry.reason}): retry {retry.number} of {retry.of}"
        + (
            f", waiting up to {retry.patience:g} s for the answer"
            if retry.patience is not None
            else ""
        )
    )


class Terminal:
    """Tells a person what a run does: waits and retries on `err`, a command's lines on
    `out`, a progress bar where `bars` (a terminal) asks for one.

    Each line is flushed as it is told: a person waits on it, and `out` and `err` keep
    their order when both go to the same place.
    """

    def __init__(self, out: TextIO, err: TextIO, bars: bool = False):
        self.out = out
        self.err = err
        self.bars = bars
        self.bar: Any = None

    def __call__(self, event: Event) -> None:
        if isinstance(event, WaitingForLock):
            self.warn(waiting_line(event.holder))
        elif isinstance(event, Retrying):
            self.warn(retrying_line(event))

    def say(self, line: str) -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def warn(self, line: str) -> None:
        self.out.flush()
        self.err.write(line + "\n")
        self.err.flush()

    def start_bar(self, label: str, length: int) -> bool:
        """Show a bar of `length` steps on a terminal; False (no bar) elsewhere."""
        if not self.bars:
            return False
        import click  # only on a terminal

        self.bar = click.progressbar(length=length, label=label, show_pos=True)
        self.bar.__enter__()
        return True

    def advance(self, steps: int) -> bool:
        """Move the bar on; False when there is none (the caller says it in a line)."""
        if self.bar is None:
            return False
        self.bar.update(steps)
        return True

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
