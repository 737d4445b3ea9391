"""What a `polyglot translate` run tells as it goes (events on the progress channel) and
what it returns (TranslateReport)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.machine.base import Usage
from polyglot_statement.progress import Event


@dataclass(frozen=True, slots=True)
class LanguagePlan(Event):
    """What a language needs, before anything is sent."""

    language: str
    code: str  # the engine's code for it
    glossary_version: str | None
    entries: int  # untranslated entries to fill (after the memory's)
    segments: int  # distinct texts among them
    cached: int  # distinct texts the cache already holds
    characters: int  # billable characters this run sends (within --max-characters)
    requests: int  # requests this run sends
    left_for_later: int = 0  # billable characters --max-characters leaves unsent
    cached_characters: int = 0  # of the distinct texts the cache already holds
    memory_characters: int = 0  # of the entries the translation memory filled (never sent)


@dataclass(frozen=True, slots=True)
class MemoryFilled(Event):
    """Entries of one language the translation memory pre-filled before anything is sent."""

    language: str
    exact: int
    fuzzy: int
    catalogues: int
    dry_run: bool = False  # would fill: nothing is written


@dataclass(frozen=True, slots=True)
class LanguageSkipped(Event):
    language: str
    reason: str


@dataclass(frozen=True, slots=True)
class BatchDone(Event):
    language: str
    number: int  # 1-based
    of: int
    segments: int
    characters: int
    billed_characters: int


@dataclass(frozen=True, slots=True)
class LanguageDone(Event):
    language: str
    filled: int
    markup_problems: int


@dataclass(frozen=True, slots=True)
class Stopping(Event):
    """Ctrl-C or SIGTERM came while a request was in flight: the run waits for its
    answer (billed), up to `patience` seconds, saves it, then stops."""

    signum: int
    patience: float | None  # None: no request was waiting for its answer any more


@dataclass(frozen=True, slots=True)
class TranslateReport:
    engine: str
    dry_run: bool
    engine_bills: bool = True  # False for the offline engine: nothing sent is billed
    plans: tuple[LanguagePlan, ...] = ()
    skipped: tuple[LanguageSkipped, ...] = ()
    missing_catalogs: tuple[Path, ...] = ()
    requests: int = 0
    sent_characters: int = 0
    billed_characters: int = 0
    filled: int = 0
    memory_filled: int = 0  # entries the translation memory pre-filled (never sent)
    markup_problems: int = 0
    written: tuple[Path, ...] = ()
    usage: Usage | None = None  # the account, for --dry-run
    budget_reached: bool = False
    # A dry run without the engine (no key, no network): its languages from a table kept
    # with the engine (machine/deepl_languages.py).
    offline: bool = False
    price_per_million: float | None = None  # the settings' `machine.price-per-million`
    currency: str = "EUR"


@dataclass(slots=True)
class Tally:
    """What a run adds up as it goes; `TranslateReport` is what it returns."""

    engine: str
    dry_run: bool
    engine_bills: bool = True
    plans: list[LanguagePlan] = field(default_factory=list)
    skipped: list[LanguageSkipped] = field(default_factory=list)
    missing_catalogs: list[Path] = field(default_factory=list)
    requests: int = 0
    sent_characters: int = 0
    billed_characters: int = 0
    filled: int = 0
    memory_filled: int = 0
    markup_problems: int = 0
    written: list[Path] = field(default_factory=list)
    usage: Usage | None = None
    budget_reached: bool = False
    offline: bool = False
    price_per_million: float | None = None
    currency: str = "EUR"

    def report(self) -> TranslateReport:
        return TranslateReport(
            self.engine,
            self.dry_run,
            self.engine_bills,
            tuple(self.plans),
            tuple(self.skipped),
            tuple(self.missing_catalogs),
            self.requests,
            self.sent_characters,
            self.billed_characters,
            self.filled,
            self.memory_filled,
            self.markup_problems,
            tuple(self.written),
            self.usage,
            self.budget_reached,
            self.offline,
            self.price_per_million,
            self.currency,
        )
