"""Atom feeds: dist/<lang>/feed.xml (the statements published in one language) and
dist/feed.xml (every statement, in the original, with a link to each translation).

Written by feedgen, byte for byte the same from the same input: every time in a feed is
a statement's own date (an undated statement is in no feed: Atom requires a time, and
the build's clock would change the file at every run), the generator is named without
a date, and entries keep the order given (newest first).

A feed announces translations, so partial editions are left out of it, as they are out
of the sitemap. Entry ids are the editions' addresses when the workspace sets `site-url`,
else `urn:uuid:` names derived from the publisher, language and statement, which stay
the same from build to build.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from polyglot_statement import __version__
from polyglot_statement.publish.metadata import Site
from polyglot_statement.publish.names import bcp47
from polyglot_statement.xmlchars import xml_text

FEED_NAME = "feed.xml"
ATOM_TYPE = "application/atom+xml"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One statement in a feed."""

    slug: str
    language: str
    title: str
    summary: str
    date: dt.date
    path: str  # its page, from dist/
    # For the all-languages feed: (language, page) of each complete translation.
    translations: tuple[tuple[str, str], ...] = ()


def feed_path(language: str | None) -> str:
    return f"{language}/{FEED_NAME}" if language else FEED_NAME


class _Links(BaseEntryExtension):  # type: ignore[misc]
    """Writes an entry's links with their attributes.

    feedgen 1.0.0 writes only the `href` of an entry's links and drops `rel`, `type` and
    `hreflang` (lkiesow/python-feedgen#135); this extension sets them again on the
    elements feedgen made, in order, through its extension interface.
    """

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry: Any) -> Any:
        # feedgen builds its elements without a namespace (the feed's default one).
        elements = entry.findall("link")
        for element, link in zip(elements, self.links, strict=True):
            for name, value in link.items():
                element.set(name, value)
        return entry


def atom_feed(
    site: Site,
    *,
    language: str | None,
    title: str,
    author: str,
    items: Sequence[FeedItem],
    home: str,
) -> bytes:
    """A feed of `items` (newest first, each with a date), for dist/`feed_path(language)`.

    `language`: the feed's language (None for the all-languages feed, which is in the
    original's); `home`: the front page it belongs to, from dist/.
    """
    path = feed_path(language)
    folder = language or ""
    feed = FeedGenerator()
    feed.register_extension("polyglot", BaseExtension, _Links, atom=True, rss=False)
    feed.id(_identifier(site, path, author))
    feed.title(xml_text(title))
    feed.author({"name": xml_text(author)})
    feed.link(href=site.address(home, folder), rel="alternate", type="text/html")
    feed.link(href=site.address(path, folder), rel="self", type=ATOM_TYPE)
    feed.generator("polyglot-statement", __version__)
    if items:
        feed.language(bcp47(items[0].language if language is None else language))
        feed.updated(_time(max(item.date for item in items)))
    else:
        # Atom requires a time; a feed with nothing in it has changed at no time.
        feed.updated(_time(dt.date(1970, 1, 1)))
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(_identifier(site, item.path, author))
        entry.title(xml_text(item.title))
        entry.updated(_time(item.date))
        entry.published(_time(item.date))
        if item.summary:
            entry.summary(xml_text(item.summary))
        links = [
            {
                "href": site.address(item.path, folder),
                "rel": "alternate",
                "type": "text/html",
                "hreflang": bcp47(item.language),
            },
            *(
                {
                    "href": site.address(page, folder),
                    "rel": "alternate",
                    "type": "text/html",
                    "hreflang": bcp47(code),
                }
                for code, page in item.translations
            ),
        ]
        for link in links:
            entry.link(**link)
        entry.polyglot.links = links
    data: bytes = feed.atom_str(pretty=True)
    return data


def _time(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def _identifier(site: Site, path: str, publisher: str) -> str:
    if site.absolute:
        return site.address(path, "")
    return uuid.uuid5(uuid.NAMESPACE_URL, f"polyglot-statement:{publisher}:{path}").urn
