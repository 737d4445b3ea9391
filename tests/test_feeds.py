"""Atom feeds and the sitemap, as files: valid, repeatable, and what they announce."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from atom import ATOM, assert_valid_atom
from lxml import etree

from polyglot_statement.publish.feeds import FeedItem, atom_feed
from polyglot_statement.publish.metadata import Alternate, Site
from polyglot_statement.publish.sitemap import SitemapPage, sitemap_xml

SCHEMA = Path(__file__).parent / "data" / "sitemaps" / "sitemap.xsd"
SITE = Site("https://example.org/statements/")

ITEMS = [
    FeedItem(
        slug="strike",
        language="es",
        title="Huelga & <solidaridad>",
        summary="Resumen con “comillas”.",
        date=dt.date(2023, 5, 1),
        path="es/strike.html",
    ),
    FeedItem(
        slug="peru",
        language="es",
        title="Declaración",
        summary="",
        date=dt.date(2022, 12, 7),
        path="es/peru.html",
    ),
]


def test_language_feed_is_atom_with_the_entries_in_order() -> None:
    data = atom_feed(
        SITE, language="es", title="WFTU (español)", author="WFTU", items=ITEMS,
        home="es/index.html",
    )  # fmt: skip
    root = assert_valid_atom(data)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"
    assert root.findtext(f"{ATOM}updated") == "2023-05-01T00:00:00+00:00"
    entries = root.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        "Huelga & <solidaridad>",
        "Declaración",
    ]
    assert entries[0].findtext(f"{ATOM}id") == "https://example.org/statements/es/strike.html"
    (link,) = entries[0].findall(f"{ATOM}link")
    # feedgen 1.0.0 alone would write the href only (lkiesow/python-feedgen#135).
    assert dict(link.attrib) == {
        "href": "https://example.org/statements/es/strike.html",
        "rel": "alternate",
        "type": "text/html",
        "hreflang": "es",
    }
    assert entries[1].find(f"{ATOM}summary") is None
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://example.org/statements/es/feed.xml"
    assert b"<title>Huelga &amp; &lt;solidaridad&gt;</title>" in data


def test_feed_bytes_are_repeatable_and_relative_without_a_site_address() -> None:
    first = atom_feed(
        Site(None), language="es", title="T", author="WFTU", items=ITEMS, home="es/index.html"
    )
    again = atom_feed(
        Site(None), language="es", title="T", author="WFTU", items=ITEMS, home="es/index.html"
    )
    assert first == again
    root = assert_valid_atom(first)
    entry = root.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
    # Relative to the feed (dist/es/feed.xml), as RFC 4287 resolves it.
    assert entry.find(f"{ATOM}link").get("href") == "strike.html"


def test_all_languages_feed_links_every_translation() -> None:
    item = FeedItem(
        slug="strike",
        language="en",
        title="Strike",
        summary="",
        date=dt.date(2023, 5, 1),
        path="en/strike.html",
        translations=(("es", "es/strike.html"), ("pt_BR", "pt_BR/strike.html")),
    )
    root = assert_valid_atom(
        atom_feed(SITE, language=None, title="WFTU", author="WFTU", items=[item], home="index.html")
    )
    links = root.find(f"{ATOM}entry").findall(f"{ATOM}link")
    assert [(link.get("hreflang"), link.get("href")) for link in links] == [
        ("en", "https://example.org/statements/en/strike.html"),
        ("es", "https://example.org/statements/es/strike.html"),
        ("pt-BR", "https://example.org/statements/pt_BR/strike.html"),
    ]


def test_sitemap_follows_the_protocol_with_alternates() -> None:
    alternates = (
        Alternate("en", SITE.address("en/a.html", "")),
        Alternate("es", SITE.address("es/a.html", "")),
        Alternate("x-default", SITE.address("en/a.html", "")),
    )
    data = sitemap_xml(
        SITE,
        [SitemapPage("en/a.html", alternates), SitemapPage("es/a.html", alternates)],
    )
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.fromstring(data)
    schema.assertValid(document)
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<urlset")
    locs = document.findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url/"
                            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")  # fmt: skip
    assert [loc.text for loc in locs] == [
        "https://example.org/statements/en/a.html",
        "https://example.org/statements/es/a.html",
    ]


def test_the_schema_refuses_what_the_protocol_refuses() -> None:
    # The test's schema is only evidence if it can fail.
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    relative = sitemap_xml(SITE, [SitemapPage("a.html", ())]).replace(
        b"https://example.org/statements/a.html", b"a.html"
    )
    assert not schema.validate(etree.fromstring(relative))
    bad_language = sitemap_xml(
        SITE, [SitemapPage("a.html", (Alternate("not a tag", "https://example.org/a"),))]
    )
    assert not schema.validate(etree.fromstring(bad_language))


def test_sitemap_needs_a_site_address() -> None:
    with pytest.raises(ValueError, match="site-url"):
        sitemap_xml(Site(None), [])
