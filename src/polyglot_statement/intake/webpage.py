"""A web page's main text and what the page says about itself, by trafilatura.

trafilatura finds the article among the theme's menus, sidebars, share buttons and
comment forms, and reads the page's metadata: title, site name, description, and the
publication date from the page's markup (htmldate), never guessed from the running text.
Its output is reduced to an allow-list of tags by nh3 before anything else reads it:
scripts, styles, event handlers and `javascript:` links never get further.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nh3

from polyglot_statement.errors import IntakeError
from polyglot_statement.intake.boxes import unmark_embedded_posts, without_boxes

# What a statement's body can be made of; everything else is dropped, with its text kept
# (or, for the first set, with its content).
_TAGS = frozenset(
    [
        "p",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "a",
        "ul",
        "ol",
        "li",
        "blockquote",
        "q",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "img",
        "figure",
        "figcaption",
        "hr",
        "pre",
        "code",
        "sup",
        "sub",
        "del",
        "ins",
        "dl",
        "dt",
        "dd",
    ]
)
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}}
_REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe"})


@dataclass(frozen=True, slots=True)
class Page:
    """A page's main text as safe HTML, and its metadata (None: the page does not say)."""

    html: str
    # What was left out of the page, by reason: (reason, count), for the report.
    dropped: tuple[tuple[str, int], ...]
    title: str | None
    date: str | None  # YYYY-MM-DD
    site_name: str | None
    description: str | None
    # The page's captions (<figcaption>, class "caption"), words only, case folded, when
    # the main text is trafilatura's (which keeps an image's alt text, not its caption).
    captions: tuple[str, ...] = ()

    def shows_as_caption(self, alt: str) -> bool:
        """Whether an image's alt text is what the page shows under the picture."""
        text = _comparable(alt)
        return len(text.split()) >= 2 and any(
            text in caption or caption in text for caption in self.captions
        )


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(_TAGS),
        clean_content_tags=set(_REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
        link_rel=None,
    )


def safe_html(fragment: str) -> str:
    return str(_cleaner().clean(fragment))


def decode_page(data: bytes) -> str:
    """A page's text: UTF-8 unless the page declares otherwise (charset-normalizer, a
    dependency of trafilatura, reads what browsers save in other encodings)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", "replace")


# Inside an article, what a theme adds around the text: by element, role, or a class or
# id that names it (the names WordPress, Drupal and most themes use).
_CHROME_ELEMENTS = "nav|aside|form|footer|button|select|input|textarea|label|iframe|svg"
_CHROME_NAMES = re.compile(
    r"(^|[\s_-])(share|sharing|social|sharedaddy|jp-relatedposts|related|comments?|respond|"
    r"reply|meta|entry-meta|post-meta|byline|tags?|categor(y|ies)|cat-links|tags-links|"
    r"cookie|consent|gdpr|newsletter|subscribe|sidebar|widget|breadcrumbs?|nav|navigation|menu|"
    r"skip|skip-link|screen-reader-text|sr-only|visually-hidden|pagination|post-navigation|"
    r"author-box|advert|ads?|sponsor|promo|banner|popup|modal|print)($|[\s_-])",
    re.IGNORECASE,
)
_SITE_PARTS = "//nav|//header|//footer|//aside|//form|//*[@role='navigation']"
_ARTICLE_BODY = (
    "//*[@itemprop='articleBody' or @property='articleBody']"
    "|//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"
)
# What the report says of the page around a marked article.
_SITE_AROUND = "the site around the article (header, menus, sidebars, footer)"


# The report's reason for a part of an article dropped, from the name that gave it away.
_REASONS = (
    (re.compile(r"shar|social", re.I), "share buttons"),
    (
        re.compile(r"comment|respond|reply|form|textarea|input|button|label|select", re.I),
        "comment forms",
    ),
    (re.compile(r"cookie|consent|gdpr", re.I), "cookie banners"),
    (re.compile(r"meta|byline|tag|categor|cat-links", re.I), "“Posted in” lines"),
    (re.compile(r"skip|screen-reader|sr-only|visually-hidden", re.I), "skip links"),
)


def _reason(names: str) -> str:
    for pattern, reason in _REASONS:
        if pattern.search(names):
            return reason
    return "menus, sidebars and related links"


def main_element(
    text: str, *, site_page: bool | None = None
) -> tuple[str, tuple[tuple[str, int], ...]] | None:
    """The page's article as HTML when the page marks it (one <article> or <main>), or the
    whole body when the page is a document rather than a site page (no navigation,
    header, footer, aside or form: a Google Docs or LibreOffice export); else None.

    Kept whole, as pandoc reads it: trafilatura's own output loses headings and list
    numbering (docs/performance.md has the measurement)."""
    import lxml.html

    try:
        document = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return None
    for element in document.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    articles = document.xpath("//article")
    # The article's text as the page marks it by microformat, when <article> does not
    # say which one it is (none, or one per teaser): schema.org's articleBody, hAtom's
    # entry-content (WordPress, Blogger and most themes write both). It says more than
    # <main>, which often holds the sidebar's teasers too.
    body_text = document.xpath(_ARTICLE_BODY)
    mains = [] if articles else document.xpath("//main|//*[@role='main']")
    whole = False
    if len(articles) == 1:
        root = articles[0]
    elif len(body_text) == 1:
        root = body_text[0]
    elif len(mains) == 1:
        root = mains[0]
    elif (
        not articles
        and not mains
        and not (document.xpath(_SITE_PARTS) if site_page is None else site_page)
    ):
        body = document.find("body")
        root = body if body is not None else document
        whole = True
    else:
        return None
    dropped: Counter[str] = Counter()
    chrome: list[Any] = []
    for element in root.iter():
        if element is root or any(parent in chrome for parent in element.iterancestors()):
            continue
        names = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
        if re.fullmatch(_CHROME_ELEMENTS, str(element.tag)) or _CHROME_NAMES.search(names):
            dropped[_reason(f"{element.tag} {names}")] += 1
            chrome.append(element)
    for element in chrome:
        element.drop_tree()
    html = lxml.html.tostring(root, encoding="unicode")
    if not " ".join(lxml.html.fromstring(html).text_content().split()):
        return None
    if not whole:
        dropped[_SITE_AROUND] += 1
    return html, tuple(sorted(dropped.items()))


def read_page(text: str, path: Path, *, extractor: str = "auto") -> Page:
    """`extractor`: "auto" (the page's marked article, else trafilatura), "trafilatura"
    (always; the benchmark compares the two)."""
    import trafilatura

    original = text
    text, for_trafilatura, boxes, site_page = _without_boxes(text)
    marked = main_element(text, site_page=site_page) if extractor == "auto" else None
    found = trafilatura.extract(
        for_trafilatura,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_formatting=True,
        include_links=True,
        favor_recall=True,
    )
    if marked is not None and found:
        marked_words, found_words = _words(marked[0]), _words(found)
        if marked_words < _SMALLER * found_words:
            # The one <article> is a teaser or a box, not the text trafilatura found.
            marked = None
        elif _SITE_AROUND not in dict(marked[1]) and found_words < _SMALLER * marked_words:
            # A body read whole is a site page after all when most of its words are, by
            # trafilatura's measure, not the text: a table layout without <nav>, <header>
            # or <footer> (menus and teasers in cells), not a document's export.
            marked = None
    dropped = marked[1] if marked is not None else (("the page around its main text", 1),)
    dropped = tuple(sorted((Counter(dict(dropped)) + boxes).items()))
    main = marked[0] if marked is not None else found
    if main is None or not main.strip():
        raise IntakeError(
            "has no main text that could be told from the page around it (menus, "
            "sidebars); save the article page itself, or copy its text into a .txt file",
            path,
        )
    metadata = trafilatura.extract_metadata(original, extensive=False)
    description = _clean(metadata.description)
    return Page(
        html=without_layout_tables(safe_html(main)),
        dropped=dropped,
        title=_clean(metadata.title),
        date=_clean(metadata.date),
        site_name=_clean(metadata.sitename),
        description=description,
        # pandoc keeps a marked article's captions; trafilatura, the captions it took for
        # paragraphs, and the alt text of a picture whose caption it left out.
        captions=_captions(text, found or "") if marked is None else (),
    )


# A table cell holding blocks or a long text is a page laid out in a table (old sites,
# and trafilatura keeps their layout tables), not a table of data: pandoc writes such a
# table as "[TABLE]", losing the article in it.
_CELL_BLOCKS = "p|ul|ol|table|h1|h2|h3|h4|h5|h6|blockquote|pre|figure|dl"
_LONG_CELL = 80


def without_layout_tables(html: str) -> str:
    """The main text with its layout tables replaced by their cells' content, in order."""
    import lxml.html

    if "<table" not in html:
        return html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return html
    changed = False
    # Innermost first, so that an outer table sees its inner ones already unwrapped.
    for table in reversed(root.xpath(".//table")):
        cells = table.xpath(".//td|.//th")
        if not any(_is_layout_cell(cell) for cell in cells):
            continue
        replacement = lxml.html.Element("div")
        for cell in cells:
            if cell.getparent() is None or any(
                ancestor.tag == "table" and ancestor is not table
                for ancestor in cell.iterancestors()
            ):
                continue
            block = lxml.html.Element("div")
            block.text = cell.text
            for child in list(cell):
                block.append(child)
            if not any(child.tag in _CELL_BLOCKS.split("|") for child in block):
                paragraph = lxml.html.Element("p")
                paragraph.text, block.text = block.text, None
                for child in list(block):
                    paragraph.append(child)
                block.append(paragraph)
            replacement.append(block)
        replacement.tail = table.tail
        table.getparent().replace(table, replacement)
        changed = True
    if not changed:
        return html
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    return safe_html((root.text or "") + inner)


def _is_layout_cell(cell: Any) -> bool:
    return bool(cell.xpath(" | ".join(f"./{tag}" for tag in _CELL_BLOCKS.split("|")))) or (
        len(cell.text_content().split()) > _LONG_CELL
    )


def _without_boxes(text: str) -> tuple[str, str, Counter[str], bool | None]:
    """The page without what it hides and the boxes its markup names (boxes.py); the same
    with its <figcaption>s as paragraphs, for trafilatura, which leaves a figure's caption
    out (The New York Times' and Correctiv's pictures lost theirs) where a reader sees it
    under the picture; what went, by reason; and whether the page has a site's parts
    (menus, header, footer, asides, forms: main_element reads a body without them whole,
    as a document's export), told before the boxes go."""
    import lxml.html

    try:
        document = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return text, text, Counter(), None
    site_page = bool(document.xpath(_SITE_PARTS))
    quoted = unmark_embedded_posts(document)
    dropped = without_boxes(document)
    if dropped or quoted:
        text = str(lxml.html.tostring(document, encoding="unicode"))
    captions = document.xpath("//figcaption")
    for caption in captions:
        caption.tag = "p"
    for_trafilatura = str(lxml.html.tostring(document, encoding="unicode")) if captions else text
    return text, for_trafilatura, dropped, site_page


_CAPTIONS = "//figcaption|//*[contains(concat(' ', normalize-space(@class), ' '), ' caption')]"


def _captions(text: str, kept: str) -> tuple[str, ...]:
    """The page's captions that are not in the text trafilatura kept."""
    import lxml.html

    try:
        document = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return ()
    found = {_comparable(element.text_content()) for element in document.xpath(_CAPTIONS)}
    kept_text = _comparable(lxml.html.fromstring(kept).text_content()) if kept.strip() else ""
    return tuple(
        sorted(
            caption for caption in found if len(caption.split()) >= 2 and caption not in kept_text
        )
    )


def _comparable(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


# A marked article with fewer words than this share of trafilatura's main text is not
# the page's article, nor is a whole body of which trafilatura keeps less than this share
# (benchmarks/intake_corpus.py and intake_bench.py measured it).
_SMALLER = 0.6


def _words(html: str) -> int:
    import lxml.html

    try:
        return len(lxml.html.fromstring(html).text_content().split())
    except (ValueError, lxml.etree.ParserError):
        return 0


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None
