"""The boxes a site puts inside and around an article that a reader does not read as its
text, told by the page's own markup before any extractor sees the page: what the page
hides (the `hidden` attribute, `aria-hidden`, `display: none`, screen-reader-only
labels such as BBC's "Media caption"), and boxes whose class or id names them:
advertisements, promotions and calls to action, newsletter, subscription and donation
boxes, related-article lists and cards of other articles, share bars, cookie banners,
video players and galleries with their captions, pictures' credits, authors' boxes,
reprint buttons, and the blocks of a dateline or a byline. And the reverse: a post the
article quotes (an embedded tweet), which extractors drop for its name, loses the name.

Each class here was found on several unrelated sites (benchmarks/intake_bench.py's
pages and its development set; docs/performance.md lists them). A box is never the
article: an element that holds the page's <h1>, <main> or the text a page marks as the
article's body is kept whatever its name (and a hidden one, any <article>), a named box
is short, and holds no quotation; a table's rows and cells are named for their data.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

# Class and id words, after splitting on separators and camelCase ("relatedContent",
# "GoogleDfpAd-adCaption", "contact-cta-container"), that name a box, by the report's
# reason. Matched as whole words or runs of words, never inside a word ("header",
# "shadow", "download" hold no "ad").
_BOX_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(rf"(^| )({pattern})( |$)"))
    for reason, pattern in (
        (
            "hidden elements",
            r"sr only|screen reader text|screen reader only|visually hidden|visuallyhidden|"
            r"off screen|offscreen|element invisible|a11y hidden|assistive text",
        ),
        (
            "advertisements",
            r"ad|ads|advert|adverts|advertisement|adsense|dfp|adslot|adunit|sponsored|"
            r"outbrain|taboola|interstitial",
        ),
        (
            "promotions, newsletter, subscription and donation boxes",
            r"promo|promos|promotion|cta|newsletter|newsletters|subscribe|subscription|"
            r"signup|sign up|donate|donation|donations",
        ),
        (
            "related-article lists",
            r"related|recommended|recirc|recirculation|more stories|most popular|"
            r"most read|trending|also read|further reading",
        ),
        ("share buttons", r"share|sharing|sharebar|share bar|social share|social"),
        # WordPress's GDPR plugins, OneTrust's "onetrust-consent-sdk", Cookiebot's
        # "CybotCookiebotDialog".
        ("cookie banners", r"cookie|cookies|cookiebot|cookie notice|consent|gdpr|onetrust"),
        (
            "video players and galleries",
            # Not "player" alone: a sports table's rows are named so.
            r"video player|media player|video|videos|gallery|slideshow|carousel|jwplayer|"
            r"brightcove",
        ),
        ("reprint and correction buttons", r"btn|button|buttons"),
        # The author's box after a post: "post-author", "author-bio", Forbes' "sig-file".
        (
            "author boxes",
            r"(post|entry|about|about the) author|author (bio|box|info|details|profile|"
            r"description|card|content|about)|sig file",
        ),
        # "Ashraf Shazly/Agence France-Presse — Getty Images" under a picture.
        ("picture credits", r"credit|credits|photo credit|image credit"),
    )
)
# Cards and teasers: boxes named so that are links to other articles (their text is
# mostly a link's), not a box of facts inside the article.
_CARDS = re.compile(r"(^| )(card|cards|teaser|teasers)( |$)")
_CARD_REASON = "cards of other articles (a linked title and a date each)"
_LINKED_SHARE = 0.8
# A named box is a few lines: longer, the name is the site's layout, not a box in it.
_LONGEST_BOX = 200
# What holds the article whatever its name says (WordPress's <article class="... category-
# video"> and themes' <div class="content paywall">).
_ARTICLE = (
    ".//h1|.//article|.//main|.//*[@role='main']"
    "|.//*[@itemprop='articleBody' or @property='articleBody']"
)
# A named box is short, so an <article> inside it is a teaser (related stories are a
# list of them), not the page's article.
_THE_ARTICLE = (
    ".//h1|.//main|.//*[@role='main']|.//*[@itemprop='articleBody' or @property='articleBody']"
)
_HIDDEN = "hidden elements"
# A name that says the element is the article's text, whatever else it says (a slideshow
# article's "gallery-title-wrap article-content top-video").
_ARTICLE_CONTENT = re.compile(
    r"(^| )(article|entry|post|story) (content|body|text)( |$)|(^| )article body( |$)"
)
# A block named for the date or the byline under a title (Reuters' "ArticleHeader_date",
# WordPress's "entry-date", "posted-on", "byline"): a line or two, never inline (a date
# the text mentions may be a <span class="date"> in a sentence).
_DATELINE = re.compile(
    r"(^| )(date|dates|dateline|timestamp|byline|bylines|posted on|published|pubdate|"
    r"entry date|post date|article date)( |$)"
)
_DATELINE_REASON = "bylines and dates"
_LONGEST_DATELINE = 30
_BLOCKS = frozenset({"div", "p", "section", "header", "footer", "ul", "ol", "li", "dl", "time"})
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def name_words(element: Any) -> str:
    """An element's class and id as lower-case words: "relatedContent sharing-bar" gives
    "related content sharing bar"."""
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return " ".join(re.split(r"[\s_\-]+", _CAMEL.sub(" ", names).lower())).strip()


def box_reason(element: Any) -> str | None:
    """Why an element is a box that is not the article's text, or None."""
    if not isinstance(element.tag, str) or element.tag in ("html", "body", "head"):
        return None
    reason: str | None = _HIDDEN
    if not _hidden(element):
        if element.tag in _TABLE_PARTS:
            return None  # a table's rows and cells are named for their data
        words = name_words(element)
        reason = next((name for name, pattern in _BOX_WORDS if pattern.search(words)), None)

        if reason is None and _CARDS.search(words) and _mostly_linked(element):
            reason = _CARD_REASON
        if reason is None and _is_dateline(element, words):
            reason = _DATELINE_REASON
        if reason is None or _ARTICLE_CONTENT.search(words):
            return None  # "article-content top-video": the article, whatever else it says
        if len(element.text_content().split()) > _LONGEST_BOX:
            return None
        if element.xpath(".//blockquote"):
            # An embedded post quoted in the text (a tweet in <div class="social-media-
            # embed"> or a "video-container"), not a box beside it.
            return None
    if _is_article(element) or element.xpath(_ARTICLE if reason == _HIDDEN else _THE_ARTICLE):
        return None
    return reason


def _hidden(element: Any) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden", "").strip().lower() == "true"
        or bool(_HIDDEN_STYLE.search(element.get("style", "")))
        or "hidden" in element.get("class", "").split()
    )


def _is_dateline(element: Any, words: str) -> bool:
    return (
        element.tag in _BLOCKS
        and bool(_DATELINE.search(words))
        and len(element.text_content().split()) <= _LONGEST_DATELINE
    )


def _mostly_linked(element: Any) -> bool:
    words = len(element.text_content().split())
    if element.tag == "a":
        return True
    linked = sum(len(link.text_content().split()) for link in element.iter("a"))
    return words > 0 and linked >= _LINKED_SHARE * words


def _is_article(element: Any) -> bool:
    return (
        element.tag in ("article", "main", "h1")
        or element.get("role") == "main"
        or ("articleBody" in (element.get("itemprop"), element.get("property")))
    )


def without_boxes(document: Any) -> Counter[str]:
    """Drops the boxes from a parsed page (lxml), outermost first; returns how many went,
    by reason."""
    dropped: Counter[str] = Counter()
    boxes: list[Any] = []
    body = document.find("body")
    iterator = (body if body is not None else document).iter()
    for element in iterator:
        reason = box_reason(element)
        if reason is not None:
            boxes.append(element)
            dropped[reason] += 1
            _skip_inside(iterator, element)
    for element in boxes:
        element.drop_tree()
    return dropped


def _skip_inside(iterator: Any, box: Any) -> None:
    """Moves a document-order iterator past the elements inside `box`."""
    inside = sum(1 for _ in box.iterdescendants())
    for _ in range(inside):
        next(iterator, None)


# The class of a post a page embeds and quotes (X/Twitter, Instagram, TikTok, Facebook,
# Bluesky, Mastodon): its text is a quotation, which extractors drop for its name.
_EMBEDDED_POST = re.compile(
    r"tweet|twitter|instagram|tiktok|facebook|fb|bluesky|mastodon|social|embed", re.IGNORECASE
)


def unmark_embedded_posts(document: Any) -> int:
    """Takes the names off the posts a page quotes (<blockquote class="twitter-tweet">) and
    off the wrappers around each that hold nothing else, so that they are read as the
    quotations they are; returns how many."""
    count = 0
    for quote in document.xpath("//blockquote[@class]"):
        if not _EMBEDDED_POST.search(quote.get("class", "")):
            continue
        text = " ".join(quote.text_content().split())
        element = quote
        while element is not None and element.tag not in ("body", "html"):
            if " ".join(element.text_content().split()) != text:
                break
            for name in ("class", "id"):
                element.attrib.pop(name, None)
            element = element.getparent()
        count += 1
    return count
