"""What `polyglot translate` says: its events as they come, then its report."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TextIO

from polyglot_statement.errors import shown_path
from polyglot_statement.machine import events
from polyglot_statement.machine.cost import estimate_cost, render_cost
from polyglot_statement.progress import Event, Terminal


class TranslateProgress(Terminal):
    """Translate's events on the progress channel: a line per language plan, a bar per
    language on a terminal (a line per request elsewhere); waits and retries as every
    command words them."""

    def __call__(self, event: Event) -> None:
        if isinstance(event, events.Stopping):
            again = "Ctrl-C" if event.signum == signal.SIGINT else signal.Signals(event.signum).name
            self.warn(
                (
                    f"stopping: waiting up to {event.patience:g} s for the answer to the "
                    "request in flight, which is billed"
                    if event.patience is not None
                    else "stopping: sending no more requests"
                )
                + f"; {again} again stops at once"
            )
        elif isinstance(event, events.MemoryFilled):
            self.say(
                f"{event.language}: memory "
                + ("would pre-fill" if event.dry_run else "pre-filled")
                + f" {event.exact + event.fuzzy} entries "
                f"({event.exact} exact, {event.fuzzy} close) in {event.catalogues} catalogue(s)"
            )
        elif isinstance(event, events.LanguageSkipped):
            self.say(f"{event.language}: skipped: {event.reason}")
        elif isinstance(event, events.LanguagePlan):
            self._plan(event)
        elif isinstance(event, events.BatchDone):
            if not self.advance(event.characters):
                self.say(
                    f"{event.language}: request {event.number}/{event.of} done: "
                    f"{event.segments} texts, {event.characters:,} characters"
                )
        elif isinstance(event, events.LanguageDone):
            self.close()
            problems = (
                f", {event.markup_problems} with markup to check" if event.markup_problems else ""
            )
            self.say(f"{event.language}: {event.filled} entries filled{problems}")
        else:
            super().__call__(event)

    def _plan(self, event: events.LanguagePlan) -> None:
        if not event.segments:
            self.say(f"{event.language}: nothing to translate")
            return
        glossary = f"glossary {event.glossary_version}" if event.glossary_version else "no glossary"
        self.say(
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
        if event.requests:
            self.start_bar(event.language, event.characters)


def render_translate(
    report: events.TranslateReport, out: TextIO, err: TextIO, root: Path, max_characters: int | None
) -> None:
    """The run's summary on `out`; a catalogue not made yet on `err`."""
    for path in dict.fromkeys(report.missing_catalogs):
        err.write(f"warning: {shown_path(path, root)} does not exist; run `polyglot extract`\n")
    err.flush()
    if report.dry_run:
        render_cost(estimate_cost(report), out)
        total = sum(plan.characters for plan in report.plans)
        out.write(
            f"{total:,} characters would be billed in all\n"
            if report.engine_bills
            else f"{total:,} characters would be sent in all ({report.engine}: nothing billed)\n"
        )
        if report.budget_reached:
            out.write(
                f"the run would stop there: the next text would pass --max-characters "
                f"{max_characters:,}\n"
            )
        if report.usage is not None:
            remaining = report.usage.remaining
            out.write(
                f"account: {report.usage.character_count:,} characters used this period, "
                + (f"{remaining:,} remaining" if remaining is not None else "no limit")
                + "\n"
            )
        out.flush()
        return
    out.write(
        f"{report.filled} entries filled with {report.engine} drafts: {report.requests} "
        f"request(s), {report.billed_characters:,} characters billed\n"
    )
    if report.markup_problems:
        out.write(f"{report.markup_problems} draft(s) lost some markup; their comment says so\n")
    if report.budget_reached:
        out.write(
            f"stopped: the next text would pass --max-characters {max_characters:,}; "
            "run again with a larger budget to continue\n"
        )
    out.flush()
