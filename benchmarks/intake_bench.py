"""How much of a page's main text `polyglot new` keeps, and how much of what it keeps is
site chrome, against a reference of each page's main text made by hand.

    python benchmarks/intake_bench.py [--heldout | --heldout2 | --development] [--only NAME…]
        [--show NAME]

The corpus (benchmarks/intake_pages.py lists it): 29 saved pages of statements, press
releases, news and blog articles of organisations, from the test sets of two extractors
(mozilla/readability's test/test-pages/*/source.html and adbar/trafilatura's
tests/cache/*.html, Apache-2.0; fetched snapshots under /work/.mirror, not committed),
and the example's seed page (tests/data/intake/seed/, a text copy of the page).

The references (benchmarks/data/intake/reference/<name>.txt) were made without looking
at what `new` or trafilatura keep: each page was rendered to plain text whole
(`python benchmarks/intake_pages.py NAME`: every visible word in page order, one block a
line, by lxml), read, and the lines a reader would call the statement were chosen by
hand: its title and its body (standfirst, subheadings, lists, quotes, tables, figure
captions and notes the author wrote). Left out as chrome: menus, bylines, dates, tags
and categories, share and "print" buttons, "Read more"/"Related" teasers inside the
article, photo galleries and video captions, author boxes, newsletter and comment
forms, comments, footers, cookie notices, and tables of contents.

Measured per file, on word tokens (letters and digits, case folded), by aligning the
reference's tokens with the tokens of what `new` writes (the title in the front matter
and the body's text as markdown-it renders it) with difflib's matching blocks (an LCS-like
alignment, so a word counts once and in order):

- reference words, and how many of them `new` kept (≥ 98% is the target);
- `new`'s words, and how many match no reference word: chrome left (≤ 1% of `new`'s
  words is the target);
- the time of `new_statement(..., dry_run=True)`.

Nothing is written. `--show NAME` prints the words kept and lost of one page.

`--heldout`, `--development`: pages of scrapinghub/article-extraction-benchmark instead
(intake_pages.py says which and how they were chosen), measured against its ground
truth with the headline chosen by hand (`--heldout2`: a second held-out set, set aside
before the third round of rules and measured once after it); the words of chrome that
are a caption the page marks are counted apart, as that ground truth leaves captions out.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from intake_pages import (
    DEVELOPMENT,
    HELDOUT,
    HELDOUT2,
    MIRROR,
    PAGES,
    ROOT,
    Page,
    page_bytes,
    reference_text,
)

from polyglot_statement.config import load_settings
from polyglot_statement.errors import PolyglotError
from polyglot_statement.intake import new_statement
from polyglot_statement.intake.result import NewStatement

_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    reference: int  # words of the reference
    kept: int  # of them, found in what `new` wrote
    ours: int  # words `new` wrote (title and body)
    chrome: int  # of them, not in the reference
    captions: int  # of those, words of a caption the page shows under a picture or video
    seconds: float
    refused: str | None  # `new`'s error, when it refused the page


def statement_text(result: NewStatement) -> str:
    """The title and the body's words of a statement `new` wrote, as its page shows them:
    markdown-it's tokens of the body, text and the numbers of ordered lists (link targets
    and markup are not words)."""
    from markdown_it import MarkdownIt

    title = next((found.value for found in result.found if found.name == "title"), "")
    words = [title]
    for token in MarkdownIt("commonmark").enable("table").parse(result.body):
        if token.type == "list_item_open" and token.info:
            words.append(token.info)  # an ordered item's number, as the page shows it
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                words.append(child.content)
        if token.type in ("code_block", "fence"):
            words.append(token.content)
    return "\n".join(words)


def measure(page: Page, mirror: Path) -> tuple[Measure, list[str], list[str]]:
    reference = tokens(reference_text(page, mirror))
    data = page_bytes(page, mirror)
    settings = load_settings(ROOT)
    with tempfile.TemporaryDirectory(prefix="intake-bench-") as folder:
        path = Path(folder, f"{page.name}.{'txt' if not page.repo else 'html'}")
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            result = new_statement(settings, path, slug="bench", dry_run=True)
            ours = tokens(statement_text(result))
            refused = None
        except PolyglotError as error:
            ours, refused = [], str(error)
        seconds = time.perf_counter() - started
    matcher = SequenceMatcher(None, reference, ours, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    shown = page_captions(data) if page.repo else []
    captions = sum(
        j2 - j1
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes()
        if tag in ("insert", "replace")
        and any(f" {' '.join(ours[j1:j2])} " in caption for caption in shown)
    )
    return (
        Measure(
            page.name,
            len(reference),
            kept,
            len(ours),
            len(ours) - kept,
            captions,
            seconds,
            refused,
        ),
        reference,
        ours,
    )


_CAPTIONS = (
    "//figure|//figcaption|//*[contains(@class, 'caption') or contains(@class, 'Caption')"
    " or contains(@itemprop, 'caption')]"
)


def page_captions(data: bytes) -> list[str]:
    """The words of the page's captions (<figcaption>, a class or itemprop "caption"),
    each as " word word … ": article-extraction-benchmark's ground truth leaves captions
    out, which this project's references keep (a reader sees them under the picture),
    so what is counted as chrome on its pages says how much of it is captions."""
    import lxml.html

    from polyglot_statement.intake.webpage import decode_page

    document = lxml.html.document_fromstring(decode_page(data))
    return [
        f" {' '.join(tokens(element.text_content()))} " for element in document.xpath(_CAPTIONS)
    ]


def show(reference: list[str], ours: list[str]) -> None:
    """The differences of one page: `-` words lost, `+` chrome left."""
    matcher = SequenceMatcher(None, reference, ours, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            print(f"- {' '.join(reference[i1:i2])}")
        if tag in ("insert", "replace"):
            print(f"+ {' '.join(ours[j1:j2])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", default=None, help="page names")
    parser.add_argument("--show", default=None, help="print one page's lost and extra words")
    parser.add_argument(
        "--mirror",
        type=Path,
        default=MIRROR,
        help="where the fetched repositories lie (<owner>+<name>/repo)",
    )
    parser.add_argument(
        "--heldout",
        action="store_true",
        help="the held-out pages (article-extraction-benchmark's) instead of the 30",
    )
    parser.add_argument(
        "--heldout2",
        action="store_true",
        help="the second held-out set (25 other pages of the same benchmark)",
    )
    parser.add_argument(
        "--development",
        action="store_true",
        help="the development pages of the same benchmark instead of the 30",
    )
    options = parser.parse_args()
    corpus = (
        HELDOUT
        if options.heldout
        else HELDOUT2
        if options.heldout2
        else DEVELOPMENT
        if options.development
        else PAGES
    )
    pages = [page for page in corpus if options.only is None or page.name in options.only]
    if options.show:
        page = next(page for page in corpus if page.name == options.show)
        _measure, reference, ours = measure(page, options.mirror)
        show(reference, ours)
        return 0
    print(
        f"{'page':22} {'ref words':>9} {'kept':>6} {'kept %':>7} {'ours':>6} "
        f"{'chrome':>6} {'chrome %':>8} {'caption':>7} {'ms':>6}"
    )
    measures = []
    for page in pages:
        result, _reference, _ours = measure(page, options.mirror)
        measures.append(result)
        note = f"  refused: {result.refused}" if result.refused else ""
        print(
            f"{result.name[:22]:22} {result.reference:9} {result.kept:6} "
            f"{100 * result.kept / result.reference:6.1f}% {result.ours:6} "
            f"{result.chrome:6} {100 * result.chrome / max(1, result.ours):7.1f}% "
            f"{result.captions:7} {1000 * result.seconds:6.0f}{note}"
        )
    reference = sum(m.reference for m in measures)
    kept = sum(m.kept for m in measures)
    ours = sum(m.ours for m in measures)
    chrome = sum(m.chrome for m in measures)
    captions = sum(m.captions for m in measures)
    print(
        f"\n{len(measures)} pages: main text kept {100 * kept / reference:.1f}% of {reference} "
        f"reference words (target ≥ 98%); chrome left {100 * chrome / max(1, ours):.1f}% of "
        f"{ours} words written (target ≤ 1%), of which captions "
        f"{100 * captions / max(1, ours):.1f}% (chrome besides captions "
        f"{100 * (chrome - captions) / max(1, ours):.1f}%); pages ≥ 98% kept: "
        f"{sum(m.kept >= 0.98 * m.reference for m in measures)}; pages ≤ 1% chrome: "
        f"{sum(m.chrome <= 0.01 * m.ours for m in measures)}; refused: "
        f"{sum(m.refused is not None for m in measures)}; mean "
        f"{1000 * sum(m.seconds for m in measures) / max(1, len(measures)):.0f} ms a page"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
