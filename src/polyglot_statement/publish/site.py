"""The files of dist/ that span statements: front pages, Atom feeds and the sitemap.

They are made from the manifest alone (titles, summaries, dates and states of the
published editions), once every edition is decided: dist/index.html and
dist/<lang>/index.html for each language with an edition, dist/<lang>/feed.xml and
dist/feed.xml for the dated statements' complete editions, dist/sitemap.xml when the
workspace sets `site-url`.

Each file has a fingerprint of what it shows; the build keeps a file whose fingerprint
is unchanged, and when the digest of everything they show is unchanged it does not even
compute them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from polyglot_statement.publish.feeds import FeedItem, atom_feed, feed_path
from polyglot_statement.publish.html import Pages
from polyglot_statement.publish.index import (
    ListedStatement,
    Listing,
    front_page_path,
    newest_first,
    render_front_page,
)
from polyglot_statement.publish.manifest import EditionRecord, Manifest
from polyglot_statement.publish.metadata import Alternate, Site
from polyglot_statement.publish.names import bcp47, native_name
from polyglot_statement.publish.sitemap import SITEMAP_NAME, SitemapPage, sitemap_xml

ROOT_INDEX = front_page_path(None)


@dataclass(frozen=True, slots=True)
class SiteOutput:
    path: str  # from dist/
    fingerprint: str  # of what it shows
    make: Callable[[], bytes]


def site_digest(manifest: Manifest, common: str) -> str:
    """A digest of everything the front pages, feeds and sitemap show."""
    digest = hashlib.sha256(common.encode("ascii"))
    for statement in manifest.statements:
        digest.update(json.dumps([statement.slug, statement.date]).encode())
    for record in manifest.published:
        digest.update(json.dumps(_shown(record), ensure_ascii=False).encode())
    return digest.hexdigest()


def _shown(record: EditionRecord) -> list[object]:
    return [
        record.statement,
        record.language,
        record.title,
        record.summary,
        record.description,
        record.partial,
        round(record.percent_approved, 1),
        [file.path for file in record.formats.values()],
    ]


def parse_date(value: str | None) -> dt.date | None:
    """A manifest's date (YYYY-MM-DD, as build wrote it)."""
    try:
        return None if value is None else dt.date.fromisoformat(value)
    except ValueError:
        return None  # a manifest another version wrote: the statement is shown undated


def site_outputs(pages: Pages, manifest: Manifest, common: str) -> list[SiteOutput]:
    settings = pages.settings
    site = pages.site
    source = manifest.source_language
    dates = {statement.slug: parse_date(statement.date) for statement in manifest.statements}
    by_statement: dict[str, list[EditionRecord]] = {}
    for record in manifest.published:
        if record.formats:
            by_statement.setdefault(record.statement, []).append(record)
    order = {code: index for index, code in enumerate((source, *settings.languages))}
    listed = newest_first(
        [
            ListedStatement(
                statement.slug,
                dates[statement.slug],
                tuple(
                    _listing(record, source)
                    for record in sorted(
                        by_statement[statement.slug],
                        key=lambda record: order.get(record.language, len(order)),
                    )
                ),
            )
            for statement in manifest.statements
            if statement.slug in by_statement
        ]
    )
    languages = sorted(
        {listing.language for statement in listed for listing in statement.editions},
        key=lambda code: order.get(code, len(order)),
    )
    complete = [
        code
        for code in languages
        if any(
            _page(listing) and not listing.partial and listing.language == code
            for statement in listed
            for listing in statement.editions
        )
    ]

    feeds: dict[str | None, list[FeedItem]] = {
        code: _language_feed(listed, code) for code in complete
    }
    feeds[None] = _all_feed(listed)
    feeds = {code: items for code, items in feeds.items() if items}
    with_sitemap = site.absolute and bool(listed)

    def front_alternates(folder: str) -> tuple[Alternate, ...]:
        links = [
            Alternate(bcp47(code), site.address(front_page_path(code), folder)) for code in complete
        ]
        return (*links, Alternate("x-default", site.address(ROOT_INDEX, folder)))

    outputs: list[SiteOutput] = []
    shown = json.dumps(
        [
            [statement.slug, str(statement.date), [list(_key(item)) for item in statement.editions]]
            for statement in listed
        ],
        ensure_ascii=False,
    )
    for code in (None, *languages):
        folder = code or ""
        indexable = code is None or code in complete
        hreflang = front_alternates(folder) if indexable and complete else ()
        outputs.append(
            SiteOutput(
                front_page_path(code),
                _fingerprint(
                    common, "front", code, languages, hreflang, code in feeds, with_sitemap, shown
                ),
                partial(
                    _encoded,
                    render_front_page,
                    pages,
                    listed,
                    code,
                    languages,
                    feed=code in feeds,
                    sitemap=with_sitemap,
                    hreflang=hreflang,
                    noindex=not indexable,
                ),
            )
        )
    for code, items in feeds.items():
        title = (
            settings.publisher if code is None else f"{settings.publisher} ({native_name(code)})"
        )
        outputs.append(
            SiteOutput(
                feed_path(code),
                _fingerprint(
                    common, "feed", code, title, [list(_feed_key(item)) for item in items]
                ),
                partial(
                    atom_feed,
                    site,
                    language=code,
                    title=title,
                    author=settings.publisher,
                    items=items,
                    home=front_page_path(code),
                ),
            )
        )
    if with_sitemap:
        sitemap_pages = _sitemap_pages(listed, site, source)
        sitemap_pages += [
            SitemapPage(front_page_path(code), front_alternates("")) for code in (None, *complete)
        ]
        outputs.append(
            SiteOutput(
                SITEMAP_NAME,
                _fingerprint(
                    common,
                    "sitemap",
                    [
                        [page.path, [[a.hreflang, a.href] for a in page.alternates]]
                        for page in sitemap_pages
                    ],
                ),
                partial(sitemap_xml, site, sitemap_pages),
            )
        )
    return outputs


def _encoded(render: Callable[..., str], *args: object, **kwargs: object) -> bytes:
    return render(*args, **kwargs).encode("utf-8")


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


def _listing(record: EditionRecord, source: str) -> Listing:
    html = record.formats.get("html")
    first = html or next(iter(record.formats.values()))
    return Listing(
        language=record.language,
        path=first.path,
        title=record.title or record.statement,
        summary=record.summary,
        partial=record.partial,
        percent=record.percent_approved,
        original=record.language == source,
        description=record.description,
    )


def _key(listing: Listing) -> tuple[object, ...]:
    return (
        listing.language,
        listing.path,
        listing.title,
        listing.summary,
        listing.partial,
        round(listing.percent, 1),
        listing.original,
    )


def _feed_key(item: FeedItem) -> tuple[object, ...]:
    return (
        item.slug,
        item.language,
        item.title,
        item.summary,
        str(item.date),
        item.path,
        item.translations,
    )


def _page(listing: Listing) -> bool:
    return listing.path.endswith(".html")


def _language_feed(listed: Sequence[ListedStatement], language: str) -> list[FeedItem]:
    items: list[FeedItem] = []
    for statement in listed:
        if statement.date is None:
            continue
        for listing in statement.editions:
            if listing.language == language and _page(listing) and not listing.partial:
                items.append(_feed_item(statement, listing, statement.date))
    return items


def _all_feed(listed: Sequence[ListedStatement]) -> list[FeedItem]:
    items: list[FeedItem] = []
    for statement in listed:
        original = next(
            (listing for listing in statement.editions if listing.original and _page(listing)),
            None,
        )
        if original is None or statement.date is None:
            continue
        translations = tuple(
            (listing.language, listing.path)
            for listing in statement.editions
            if not listing.original and not listing.partial and _page(listing)
        )
        items.append(_feed_item(statement, original, statement.date, translations))
    return items


def _feed_item(
    statement: ListedStatement,
    listing: Listing,
    date: dt.date,
    translations: tuple[tuple[str, str], ...] = (),
) -> FeedItem:
    """A feed's entry for one edition's page."""
    return FeedItem(
        slug=statement.slug,
        language=listing.language,
        title=listing.title,
        summary=listing.summary or listing.description,
        date=date,
        path=listing.path,
        translations=translations,
    )


def _sitemap_pages(listed: Sequence[ListedStatement], site: Site, source: str) -> list[SitemapPage]:
    pages: list[SitemapPage] = []
    for statement in listed:
        complete = [
            listing for listing in statement.editions if _page(listing) and not listing.partial
        ]
        alternates = [
            Alternate(bcp47(listing.language), site.address(listing.path, ""))
            for listing in complete
        ]
        original = next((listing for listing in complete if listing.language == source), None)
        if original is not None:
            alternates.append(Alternate("x-default", site.address(original.path, "")))
        pages.extend(SitemapPage(listing.path, tuple(alternates)) for listing in complete)
    return pages
