"""What a web page puts inside its article around the statement's own text, told by
its place rather than its wording: above the title heading, a kicker, breadcrumbs, a
category list or a banner; under it, the byline and the date; at either end, the author's
box (a link to the author's page, with a line about them); at the end, cards of other
articles (a linked heading and a date each) and headings left with nothing under them.

Works on pandoc's tree of a page's main text, after tidy.py, for web pages only: in a
document every paragraph is its author's.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from polyglot_statement.intake.fields import date_spans
from polyglot_statement.intake.tidy import only_links, plain_text

Node = dict[str, Any]

# How far into the body the title heading is looked for, and how many words the blocks
# above it may hold together: a kicker, breadcrumbs or a banner are a line or two.
_TITLE_WITHIN = 6
_ABOVE_TITLE_WORDS = 40
# Under the title, the blocks a byline or a date may be, and a byline's length.
_BYLINE_WITHIN = 3
_BYLINE_WORDS = 25
# The words of a byline besides names, dates and times (several languages).
_BYLINE_WORDS_ALLOWED = frozenset(
    re.findall(
        r"\S+",
        """by von par por di de del da van on at am pm um uhr à a le el il the and und et y e
        posted published updated last modified written veröffentlicht aktualisiert erstellt
        geschrieben publié mis jour publicado actualizado escrito pubblicato aggiornato
        min read minutes lesezeit lecture lectura st nd rd th""",
    )
)
_STAMPED = re.compile(r"(?i)(last\s+)?(updated|posted|published|modified)\b:?\s+\S")
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")

REASON_ABOVE = "kickers, breadcrumbs and banners above the title"
REASON_BYLINE = "bylines and dates"
REASON_AUTHOR = "author boxes"
REASON_CARDS = "cards of other articles (a linked title and a date each)"
REASON_EMPTY_SECTION = "headings left with no text under them (the rest was chrome)"
# A link to an author's page, as blogs and news sites name it.
_AUTHOR_PAGE = re.compile(
    r"/(authors?|bio|people|profiles?|staff|contributors?|autor(en)?|auteurs?|autores?)/", re.I
)
# An author box's length: a name and a sentence or two about them.
_AUTHOR_BOX_WORDS = 60


def title_heading(blocks: list[Node], title: str) -> int | None:
    """Where the page's title heading is among the first blocks: a heading whose text is
    the title or part of it (the page's <title> adds the site's name)."""
    wanted = _comparable(title)
    for index, block in enumerate(blocks[:_TITLE_WITHIN]):
        if block["t"] == "Header":
            text = _comparable(plain_text(block["c"][2]))
            if text and (text == wanted or (len(text.split()) >= 2 and text in wanted)):
                return index
    return None


def above_title(blocks: list[Node], index: int) -> bool:
    """Whether the blocks above the title heading are short enough to be its kicker,
    breadcrumbs or a banner rather than a part of the text."""
    return sum(len(plain_text(block).split()) for block in blocks[:index]) <= _ABOVE_TITLE_WORDS


def is_byline(block: Node) -> bool:
    """A short paragraph of names, dates and times: "Tuesday 15 October 2019 by Bradley M.
    Kuhn", "April 28, 2019 at 6:01 am Updated April 29, 2019", "mercredi 11 septembre
    2019". A sentence that mentions a date has lower-case words besides them."""
    if block["t"] not in ("Para", "Plain"):
        return False
    text = plain_text(block["c"])
    spans = date_spans(text)
    words = text.split()
    if not words or len(words) > _BYLINE_WORDS:
        return False
    rest = text
    for start, end in reversed(spans):
        rest = rest[:start] + " " + rest[end:]
    rest = _TIME.sub(" ", rest)
    left = [
        word
        for word in re.findall(r"[^\W\d_]+", rest)
        if word.casefold() not in _BYLINE_WORDS_ALLOWED
    ]
    named = all(word[0].isupper() for word in left)
    starts_by = bool(re.match(r"(?i)(by|von|par|por|di)\s+[^\W\d_]", text)) and len(words) <= 8
    # "Updated Nov 19, 6:55 AM; Posted Nov 19, 6:51 AM": a date without its year, which
    # date_spans does not take for one, after the word that says what it dates.
    stamped = bool(_STAMPED.match(text)) and bool(_TIME.search(text) or re.search(r"\d", text))
    return named and (bool(spans) or starts_by or stamped)


def without_above_title(blocks: list[Node], title: str | None, dropped: Counter[str]) -> list[Node]:
    """The body from the title heading on, when what is above it is short."""
    index = title_heading(blocks, title) if title else None
    if not index or not above_title(blocks, index):
        return blocks
    dropped[REASON_ABOVE] += index
    return blocks[index:]


def without_bylines(blocks: list[Node], dropped: Counter[str]) -> list[Node]:
    """The body without the bylines and dates among its first blocks (the title gone),
    and the author's box among its first or last ones."""
    out: list[Node] = []
    for position, block in enumerate(blocks):
        at_end = position >= len(blocks) - _BYLINE_WITHIN
        if position < _BYLINE_WITHIN and is_byline(block):
            dropped[REASON_BYLINE] += 1
        elif (position < _BYLINE_WITHIN or at_end) and is_author_box(block):
            dropped[REASON_AUTHOR] += 1
        else:
            out.append(block)
    return out


def without_trailing_headings(blocks: list[Node], dropped: Counter[str]) -> list[Node]:
    """The body without the headings at its end: "Channel Ars Technica", "Related", whose
    section held only what was dropped as chrome."""
    end = len(blocks)
    while end > 0 and blocks[end - 1]["t"] == "Header":
        end -= 1
    if end < len(blocks):
        dropped[REASON_EMPTY_SECTION] += len(blocks) - end
    return blocks[:end]


def without_teaser_cards(blocks: list[Node], dropped: Counter[str]) -> list[Node]:
    """The body without the cards of other articles at its end, which a "Related
    stories" widget leaves once its title went as chrome: two or more headings that are
    only a link, with dates or links between them."""
    end, cards = len(blocks), 0
    while end > 0:
        block = blocks[end - 1]
        if block["t"] == "Header" and only_links({"t": "Para", "c": block["c"][2]}):
            cards += 1
        elif not (is_byline(block) or only_links(block)):
            break
        end -= 1
    if cards < 2:
        return blocks
    dropped[REASON_CARDS] += len(blocks) - end
    return blocks[:end]


# A list of other articles after the text: three or more items, each one link with a
# headline (a few words) to a page, among the body's last blocks, in a body long enough
# that it is not a page of links.
_LINK_LIST_WITHIN = 3
_LINK_LIST_ITEMS = 3
_HEADLINE_WORDS = 3
_SHORTEST_BODY = 6
_FILE = re.compile(r"(?i)\.(pdf|docx?|odt|xlsx?|ods|pptx?|zip|csv|txt)([?#].*)?$|^mailto:")
REASON_LINK_LIST = "lists of other articles after the text"


def without_link_lists_at_end(blocks: list[Node], dropped: Counter[str]) -> list[Node]:
    """The body without a list of links to other articles among its last blocks ("15
    Amazing Images of Stars", "11 Fascinating Facts About Our Milky Way Galaxy", …): a
    "related" widget whose title went as chrome. A list of documents (PDFs, Word files)
    or addresses is the statement's own."""
    if len(blocks) < _SHORTEST_BODY:
        return blocks
    start = len(blocks) - _LINK_LIST_WITHIN
    out = [block for index, block in enumerate(blocks) if index < start or not _is_link_list(block)]
    dropped[REASON_LINK_LIST] += len(blocks) - len(out)
    return out


def _is_link_list(block: Node) -> bool:
    if block["t"] not in ("BulletList", "OrderedList"):
        return False
    items = block["c"] if block["t"] == "BulletList" else block["c"][1]
    return len(items) >= _LINK_LIST_ITEMS and all(_headline_link(item) for item in items)


def _headline_link(item: list[Node]) -> bool:
    if len(item) != 1 or item[0]["t"] not in ("Para", "Plain") or not only_links(item[0]):
        return False
    links = [inline for inline in item[0]["c"] if inline["t"] == "Link"]
    return (
        len(links) == 1
        and len(plain_text(links[0]["c"][1]).split()) >= _HEADLINE_WORDS
        and not _FILE.search(links[0]["c"][2][0])
    )


def is_author_box(block: Node) -> bool:
    """A short paragraph that starts with a link to the author's page: "[Dan Goodin]
    (/author/dan-goodin) Dan is the Security Editor at Ars Technica…"."""
    if block["t"] not in ("Para", "Plain"):
        return False
    inlines = [item for item in block["c"] if item["t"] not in ("Space", "SoftBreak")]
    if not inlines or inlines[0]["t"] != "Link":
        return False
    return (
        bool(_AUTHOR_PAGE.search(inlines[0]["c"][2][0]))
        and len(plain_text(block["c"]).split()) <= _AUTHOR_BOX_WORDS
    )


def _comparable(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))
