"""What the rest of the translation would cost: `translate --dry-run`'s estimate per
language (characters to send, already in the cache, filled by the memory) and its amount
at the settings' price per million characters; languages the engine cannot take flagged.

A pure function of the run's report (events.TranslateReport); render_cost writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from polyglot_statement.machine.deepl_languages import TABLE_DATE
from polyglot_statement.machine.events import TranslateReport

__all__ = ["CostEstimate", "LanguageCost", "estimate_cost", "render_cost"]


@dataclass(frozen=True, slots=True)
class LanguageCost:
    language: str
    code: str  # the engine's code; "" when it cannot translate the language
    to_send: int  # billable characters this run would send
    cached: int  # characters of the texts already in the cache (free)
    memory: int  # characters of the entries the memory would fill (never sent)
    amount: float | None  # to_send at the price; None without a price
    unsupported: str = ""  # why the engine cannot translate it


@dataclass(frozen=True, slots=True)
class CostEstimate:
    engine: str
    bills: bool
    offline: bool
    price_per_million: float | None
    currency: str
    languages: tuple[LanguageCost, ...]

    @property
    def to_send(self) -> int:
        return sum(item.to_send for item in self.languages)

    @property
    def amount(self) -> float | None:
        if self.price_per_million is None:
            return None
        return self.to_send * self.price_per_million / 1_000_000


def estimate_cost(report: TranslateReport) -> CostEstimate:
    price = report.price_per_million if report.engine_bills else None

    def amount(characters: int) -> float | None:
        return None if price is None else characters * price / 1_000_000

    items = [
        LanguageCost(
            plan.language,
            plan.code,
            plan.characters,
            plan.cached_characters,
            plan.memory_characters,
            amount(plan.characters),
        )
        for plan in report.plans
    ]
    items += [
        LanguageCost(skipped.language, "", 0, 0, 0, None, skipped.reason)
        for skipped in report.skipped
    ]
    return CostEstimate(
        report.engine,
        report.engine_bills,
        report.offline,
        price,
        report.currency,
        tuple(items),
    )


def _money(value: float | None, currency: str) -> str:
    return "" if value is None else f"{value:,.2f} {currency}"


def render_cost(estimate: CostEstimate, out: TextIO) -> None:
    """A table: language, code, characters to send, in the cache, filled by the memory,
    amount; then the total and where the figures come from."""
    if estimate.offline:
        out.write(
            f"offline estimate: no DeepL key, nothing sent; DeepL's languages from the "
            f"table kept with polyglot ({TABLE_DATE})\n"
        )
    headings = ["", "code", "to send", "in cache", "memory"]
    priced = estimate.price_per_million is not None
    if priced:
        headings.append("amount")
    rows = []
    for item in estimate.languages:
        if item.unsupported:
            rows.append([item.language, "–", f"cannot translate: {item.unsupported}"])
            continue
        cells = [
            item.language,
            item.code or "–",
            f"{item.to_send:,}",
            f"{item.cached:,}",
            f"{item.memory:,}",
        ]
        if priced:
            cells.append(_money(item.amount, estimate.currency))
        rows.append(cells)
    total = ["total", "", f"{estimate.to_send:,}"]
    total += [f"{sum(item.cached for item in estimate.languages):,}"]
    total += [f"{sum(item.memory for item in estimate.languages):,}"]
    if priced:
        total.append(_money(estimate.amount, estimate.currency))
    table = [headings, *(row for row in rows if len(row) == len(headings)), total]
    widths = [max(len(row[column]) for row in table) for column in range(len(headings))]

    def line(cells: list[str]) -> str:
        if len(cells) != len(headings):  # a flagged language: its reason runs on
            return f"{cells[0].ljust(widths[0])}  {cells[1].rjust(widths[1])}  {cells[2]}"
        return "  ".join(
            cell.ljust(widths[column]) if column == 0 else cell.rjust(widths[column])
            for column, cell in enumerate(cells)
        ).rstrip()

    out.write("characters:\n")
    for row in (headings, *rows, total):
        out.write(line(row) + "\n")
    if priced:
        out.write(
            f"amount at {estimate.price_per_million:,.2f} {estimate.currency} per million "
            "characters sent (machine.price-per-million)\n"
        )
    elif estimate.bills:
        out.write("set machine.price-per-million in the settings for an amount\n")
