"""What every machine-translation engine offers, and the errors it may raise.

An engine translates batches of XML text (see inline/convert.py) from the source language into
one target; vendor quirks (language codes, glossaries, HTTP faults) stay in the engine's
own module, and only the errors below leave it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

from polyglot_statement.progress import Retry

# The machine-translation errors (MachineTranslationError and its family) are defined with
# every other error, and its exit code, in `errors`.


class StopRequested(Exception):
    """The run asked the engine to send nothing more, and it had no answer to give:
    the request was refused or unanswered, and retrying it is a new request. Not a
    PolyglotError: the caller turns it into the interruption that asked for it."""


# ---------------------------------------------------------------- values


def _ignore_retry(retry: Retry) -> None:
    pass


@dataclass(slots=True)
class Supervision:
    """What a run and its engine tell each other while requests are sent.

    The engine tells of each retry before waiting for it, and says how long the request
    in flight may still take (`patience`, None when none is in flight). The run sets
    `stopping` (from a signal handler: a plain flag, no lock) to say: send nothing more.
    The engine then still waits for the answer to the request in flight, which is
    billed, but neither retries nor starts another.
    """

    on_retry: Callable[[Retry], None] = _ignore_retry
    stopping: bool = False
    patience: float | None = None


@dataclass(frozen=True, slots=True)
class TermRendering:
    """A glossary term and the rendering a translation into one language must use."""

    source: str
    target: str
    case_sensitive: bool = False


@dataclass(frozen=True)
class EngineGlossary:
    """The glossary as one engine call sees it: required renderings and words kept as is."""

    source_language: str
    language: str
    renderings: tuple[TermRendering, ...] = ()
    kept: tuple[tuple[str, bool], ...] = ()  # (term, case_sensitive), sent in ignored tags

    @cached_property
    def version(self) -> str | None:
        """A short content hash; None when the glossary says nothing about this language.

        It names the engine-side glossary and is part of the cache key, so a changed
        term gives new drafts and an unchanged glossary is never uploaded twice.
        """
        if not self.renderings and not self.kept:
            return None
        content = json.dumps(
            [
                self.source_language,
                self.language,
                sorted([r.source, r.target, r.case_sensitive] for r in self.renderings),
                sorted([term, case] for term, case in self.kept),
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Target:
    """A target language as the engine will be asked for it."""

    language: str  # the workspace's code (pt_BR)
    code: str  # the engine's code (PT-BR)
    glossary_version: str | None  # the glossary the engine applies, if any


@dataclass(frozen=True, slots=True)
class Translation:
    text: str
    billed_characters: int


@dataclass(frozen=True, slots=True)
class Usage:
    character_count: int
    character_limit: int | None  # None: no limit

    @property
    def remaining(self) -> int | None:
        if self.character_limit is None:
            return None
        return max(self.character_limit - self.character_count, 0)


class Engine(Protocol):
    """One machine-translation service."""

    name: str
    formality: str  # part of the cache key
    bills: bool  # whether characters sent cost money (what --dry-run may call billed)
    max_batch_texts: int
    max_batch_bytes: int

    def request_size(self, text: str) -> int:
        """Bytes `text` adds to a request, to keep batches under max_batch_bytes."""
        ...

    def target(self, source_language: str, language: str, glossary: EngineGlossary) -> Target:
        """Look the language up (raise UnsupportedLanguage) and say which glossary applies."""
        ...

    def prepare(self, source_language: str, target: Target, glossary: EngineGlossary) -> None:
        """Make the engine-side glossary ready (create or reuse it) before translating."""
        ...

    def translate(
        self, texts: Sequence[str], source_language: str, target: Target
    ) -> list[Translation]:
        """Translate XML texts, in order; an empty sequence sends nothing."""
        ...

    def usage(self) -> Usage | None:
        """The account's use this billing period; None when the engine does not bill."""
        ...

    def supervise(self, supervision: Supervision) -> None:
        """Report retries to, and take stop requests from, `supervision` from now on.
        A request refused or unanswered once `supervision.stopping` is set raises
        StopRequested instead of being retried."""
        ...

    def close(self) -> None: ...
