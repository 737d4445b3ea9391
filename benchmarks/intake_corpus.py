"""How much of a page's main text `polyglot new` keeps, and how much site chrome it
leaves, on pages nobody here chose: trafilatura's evaluation set (tests/eval/*.html with
tests/evaldata.json, whose "with" snippets are text a reader calls the article and whose
"without" snippets are menus, footers, comments, made by hand by trafilatura's
maintainers), and the example's seed page against the hand-typed example statement.

    python benchmarks/intake_corpus.py --trafilatura PATH-TO-A-TRAFILATURA-CHECKOUT [--limit N]

Per file: the page's words, the words kept, the share of the reference's main-text words
kept, the chrome words left, and the time; for the two extractors `new` can use: "auto"
(the page's marked <article>/<main>, else trafilatura) and trafilatura alone. Prints a
table and the totals; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from polyglot_statement.intake import convert
from polyglot_statement.intake.chrome import chrome_reason
from polyglot_statement.intake.inputs import IntakeError
from polyglot_statement.intake.plaintext import text_blocks
from polyglot_statement.intake.tidy import Tidying, plain_text, tidy_blocks
from polyglot_statement.intake.webpage import decode_page, read_page

ROOT = Path(__file__).resolve().parents[1]
EXTRACTORS = ("auto", "trafilatura")


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[\u00a0\u200b]", " ", text).split()).casefold()


def kept_text(page: str, path: Path, extractor: str) -> str:
    """The statement's words as `new` keeps them from a page (chrome and markup aside)."""
    found = read_page(page, path, extractor=extractor)
    blocks = convert.html_tree(found.html, path)["blocks"]
    tidying = Tidying(is_chrome=chrome_reason, link_rows_are_menus=True)
    return plain_text(tidy_blocks(blocks, tidying))


def _share(snippets: list[str], text: str) -> tuple[int, int]:
    """(words of the snippets found in `text`, words of all snippets)."""
    found = total = 0
    for snippet in snippets:
        count = len(snippet.split())
        total += count
        if _normal(snippet) in text:
            found += count
    return found, total


def trafilatura_pages(checkout: Path, limit: int) -> Iterator[tuple[Path, list[str], list[str]]]:
    data = json.loads((checkout / "tests" / "evaldata.json").read_text("utf-8"))
    pages = sorted(data.values(), key=lambda entry: entry["file"])
    taken = 0
    for entry in pages:
        path = checkout / "tests" / "eval" / entry["file"]
        if not path.is_file() or not entry.get("with"):
            continue
        yield path, entry["with"], entry.get("without", [])
        taken += 1
        if taken >= limit:
            return


def seed_case() -> tuple[Path, list[str], list[str]] | None:
    seeds = sorted((ROOT / "tests" / "data" / "intake" / "seed").glob("*.txt"))
    if not seeds:
        return None
    example = (ROOT / "source" / "wftu-andean-solidarity-peru.md").read_text("utf-8")
    body = example.split("\n---\n", 1)[1]
    main = [re.sub(r"^> ?", "", line) for line in body.splitlines()]
    reference = [" ".join(p.split()) for p in "\n".join(main).split("\n\n") if p.strip()]
    lines = [line.strip() for line in seeds[0].read_text("utf-8").splitlines() if line.strip()]
    normal_reference = {_normal(p) for p in reference}
    title = "Andean Sub-Region of WFTU Solidarity Stement with the People and Working Class of Peru"
    chrome = [line for line in lines if _normal(line) not in normal_reference and line != title]
    return seeds[0], reference, chrome


def seed_text(path: Path) -> str:
    blocks = text_blocks(path.read_text("utf-8"))
    tidied = tidy_blocks(blocks, Tidying(is_chrome=chrome_reason))
    return plain_text(tidied[1:])  # the first line is the title (fields.reads_as_title)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trafilatura", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=150)
    options = parser.parse_args()
    totals = {
        name: [0, 0, 0, 0, 0.0, 0] for name in EXTRACTORS
    }  # kept, main, left, chrome, s, no-text
    print(
        f"{'file':44} {'extractor':11} {'words in':>8} {'kept':>6} {'main %':>7} "
        f"{'chrome':>7} {'ms':>6}"
    )
    cases = list(trafilatura_pages(options.trafilatura, options.limit))
    for path, main_snippets, chrome_snippets in cases:
        page = decode_page(path.read_bytes())
        words_in = len(page.split())
        for name in EXTRACTORS:
            started = time.perf_counter()
            try:
                text = _normal(kept_text(page, path, name))
            except IntakeError:
                text = ""
                totals[name][5] += 1
            seconds = time.perf_counter() - started
            kept, main_total = _share(main_snippets, text)
            left, chrome_total = _share(chrome_snippets, text)
            row = totals[name]
            row[0] += kept
            row[1] += main_total
            row[2] += left
            row[3] += chrome_total
            row[4] += seconds
            share = 100 * kept / main_total if main_total else 100.0
            print(
                f"{path.name[:44]:44} {name:11} {words_in:8} {len(text.split()):6} "
                f"{share:6.1f}% {left:3}/{chrome_total:<3} {seconds * 1000:6.0f}"
            )
    seed = seed_case()
    if seed is not None:
        path, reference, chrome = seed
        started = time.perf_counter()
        text = _normal(seed_text(path))
        seconds = time.perf_counter() - started
        kept, main_total = _share(reference, text)
        left, chrome_total = _share(chrome, text)
        print(
            f"{'seed page (.txt)':44} {'txt':11} {len(path.read_text().split()):8} "
            f"{len(text.split()):6} {100 * kept / main_total:6.1f}% {left:3}/{chrome_total:<3} "
            f"{seconds * 1000:6.0f}"
        )
    print(f"\n{len(cases)} pages of trafilatura's evaluation set")
    for name, (kept, main_total, left, chrome_total, seconds, empty) in totals.items():
        print(
            f"{name:11} main text kept {100 * kept / main_total:5.1f}% of {main_total} reference "
            f"words; chrome left {100 * left / chrome_total:5.1f}% of {chrome_total}; "
            f"{empty} pages refused as without main text; "
            f"mean {1000 * seconds / max(1, len(cases)):.0f} ms a page"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
