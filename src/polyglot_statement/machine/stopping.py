"""When a `polyglot translate` run stops: the --max-characters budget, and Ctrl-C or
SIGTERM, which wait for the billed request in flight."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

from polyglot_statement.errors import Interrupted
from polyglot_statement.machine.base import StopRequested, Supervision


class Budget:
    """--max-characters: the longest run of texts, in sending order, it still allows."""

    def __init__(self, limit: int | None):
        self.left = limit
        self.reached = False

    def cap(self, planned: list[list[str]]) -> tuple[list[list[str]], int]:
        """The batches this run sends, and the characters the budget leaves for later."""
        if self.left is None:
            return planned, 0
        allowed: list[list[str]] = []
        for index, batch in enumerate(planned):
            head: list[str] = []
            for text in batch:
                if self.reached or len(text) > self.left:
                    self.reached = True
                    break
                head.append(text)
                self.left -= len(text)
            if head:
                allowed.append(head)
            if self.reached:
                rest = batch[len(head) :] + [
                    text for later in planned[index + 1 :] for text in later
                ]
                return allowed, sum(len(text) for text in rest)
        return allowed, 0


# ---------------------------------------------------------------- signals


class Signals:
    """Ctrl-C (SIGINT) and SIGTERM during a run.

    While a request is in flight, the first signal only asks the engine to stop: the
    answer is billed, so the run waits for it (up to the request's timeout), saves it,
    and then stops. Anywhere else, and at a second signal, the run stops at once
    (Interrupted). Never while the cache or a catalogue is being written: a signal that
    comes then takes effect when that is done.
    """

    def __init__(self, supervision: Supervision, on_stopping: Callable[[int], None]):
        self._supervision = supervision
        self._on_stopping = on_stopping
        self._previous: dict[int, object] = {}
        self._deferring = 0
        self._pending: list[int] = []
        self._in_flight = 0
        self.signum: int | None = None  # the first signal, once one has come

    def __enter__(self) -> Signals:
        # Handlers can only be set from the main thread; elsewhere the defaults stay. A
        # signal the caller ignores (nohup, a background job) stays ignored.
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                if signal.getsignal(signum) is not signal.SIG_IGN:
                    self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exception: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._deferring:
            self._pending.append(signum)
            return
        self._act(signum)

    def _act(self, signum: int) -> None:
        if self._in_flight and self.signum is None:
            self.signum = signum
            self._supervision.stopping = True
            self._on_stopping(signum)
            return
        raise Interrupted(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        """A block a signal does not cut short: it takes effect when the block ends."""
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1
        while not self._deferring and self._pending:
            self._act(self._pending.pop(0))

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        """A request whose answer is billed: the first signal waits for it."""
        self._in_flight += 1
        try:
            yield
        except StopRequested:
            raise Interrupted(self.signum or signal.SIGINT) from None
        finally:
            self._in_flight -= 1

    def stop_if_asked(self) -> None:
        """Stop here if a signal asked to, once what was in flight is saved."""
        if self.signum is not None:
            raise Interrupted(self.signum)
