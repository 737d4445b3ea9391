"""What a page says about itself: addresses, description, alternates, social cards.

Navigation (the switcher, the front pages' links) is always relative, so dist/ works
wherever it is served or opened from. Metadata addresses (canonical, hreflang, Open Graph,
feeds, the sitemap) are absolute when the workspace sets `site-url`, and relative
otherwise, as HTML allows everywhere but in `og:url` (left out without a site address).

Partial editions are not translations to a search engine: their pages carry
`robots: noindex` (unless the workspace turns that off) and no other page names them as
an hreflang alternate; their own page names none either (hreflang must be reciprocal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import quote

from babel import Locale
from babel.core import get_global

from polyglot_statement.publish.names import bcp47
from polyglot_statement.publish.text import Node, parse, plain_text

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Sibling:
    """One published edition of a statement, as other pages see it."""

    language: str
    partial: bool = False
    percent: float | None = None  # words approved, when known
    original: bool = False
    has_page: bool = True  # an HTML page (a narrowed build may publish only other formats)


@dataclass(frozen=True, slots=True)
class Alternate:
    hreflang: str  # a BCP 47 tag, or "x-default"
    href: str


class Site:
    """Addresses of dist/ files (posix paths from dist/, such as "es/slug.html")."""

    def __init__(self, site_url: str | None):
        self.site_url = site_url  # ends in "/" (config/reader.py)

    def link(self, target: str, folder: str) -> str:
        """A relative link from a page in `folder` ("" for dist/ itself) to `target`."""
        return _link(target, folder)

    def address(self, target: str, folder: str) -> str:
        """The address metadata gives `target`: absolute with a site URL, else relative."""
        if self.site_url is None:
            return self.link(target, folder)
        return self.site_url + quote(target)

    @property
    def absolute(self) -> bool:
        return self.site_url is not None


@lru_cache(maxsize=65_536)  # the same few thousand links, from every page of a build
def _link(target: str, folder: str) -> str:
    # Paths from dist/ without "." or "..": the way up is one "../" per folder level.
    if not folder:
        relative = target
    elif target.startswith(folder + "/"):
        relative = target[len(folder) + 1 :]
    else:
        relative = "../" * (folder.count("/") + 1) + target
    return quote(relative)


def edition_path(language: str, slug: str, extension: str = "html") -> str:
    return f"{language}/{slug}.{extension}"


def alternates(
    site: Site, slug: str, siblings: Sequence[Sibling], folder: str
) -> tuple[Alternate, ...]:
    """hreflang links for a complete edition's page: every complete edition with a page,
    itself included, and x-default for the original."""
    links = [
        Alternate(
            bcp47(sibling.language), site.address(edition_path(sibling.language, slug), folder)
        )
        for sibling in siblings
        if sibling.has_page and not sibling.partial
    ]
    original = next((s for s in siblings if s.original and s.has_page), None)
    if original is not None:
        links.append(
            Alternate("x-default", site.address(edition_path(original.language, slug), folder))
        )
    return tuple(links)


def description(summary: str | None, body_html: str, body: Node | None = None) -> str:
    """`<meta name="description">`: the summary, else the body's first paragraph, shortened
    to what a search engine shows, at a word. `body`: the body already parsed (text.parse
    of `body_html`), when the caller has it (the text edition parses it too)."""
    text = " ".join((summary or "").split())
    if not text:
        text = first_paragraph(body_html) if body is None else _first_paragraph(body.children)
    return shorten(text, DESCRIPTION_LENGTH)


def first_paragraph(body_html: str) -> str:
    """The text of the body's first top-level paragraph with words in it.

    Read from growing beginnings of the body, not the whole of it: a page is described
    twice per edition, and parsing a 1 MB body each time was seconds. In a beginning, the
    top-level elements before its last are whole and are those of the whole body (the
    parser closes an element only at its end tag), so only the last may be cut short."""
    size = 8192
    while True:
        whole = size >= len(body_html)
        children = parse(body_html if whole else body_html[:size]).children
        text = _first_paragraph(children if whole else children[:-1])
        if text or whole:
            return text
        size *= 4


def _first_paragraph(children: Sequence[Node | str]) -> str:
    """The text of the first paragraph with words in it among these top-level nodes."""
    for node in children:
        if not isinstance(node, str) and node.tag == "p":
            text = " ".join(plain_text(node, labels=False).split())
            if text:
                return text
    return ""


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return (text[:cut] if cut > limit // 2 else text[: limit - 1]).rstrip(" ,;:.-–—") + "…"


@cache
def og_locale(language: str) -> str:
    """Open Graph's locale form, language_TERRITORY: "es" → "es_ES", "ar" → "ar_EG" (CLDR's
    likely territory)."""
    locale = Locale.parse(language)
    territory = locale.territory
    if territory is None:
        likely = str(get_global("likely_subtags").get(locale.language, ""))
        territory = likely.split("_")[-1] if likely.count("_") else None
    return f"{locale.language}_{territory}" if territory else str(locale.language)
