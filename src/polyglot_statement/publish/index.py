"""The front pages: dist/index.html and dist/<lang>/index.html.

Each lists the statements newest first (undated ones last), with title, date and summary
in the page's language and every published edition with its state: the original,
complete, or partial with the share translated. dist/index.html is in the original
language and lists everything (it is the x-default of the front pages); a language's
front page shows a statement without an edition in that language in the original,
saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from polyglot_statement import __version__
from polyglot_statement.publish.edition import local_date
from polyglot_statement.publish.feeds import feed_path
from polyglot_statement.publish.html import INDEX_TEMPLATE, Link, Pages, twitter_card
from polyglot_statement.publish.metadata import Alternate, og_locale
from polyglot_statement.publish.names import bcp47, native_name, text_direction
from polyglot_statement.publish.page_text import PageText, page_text

INDEX_NAME = "index.html"


@dataclass(frozen=True, slots=True)
class Listing:
    """One published edition, as the front pages list it."""

    language: str
    path: str  # its page (or its first file, when it has no page), from dist/
    title: str  # in its language
    summary: str = ""  # in its language; empty when there is none or it is not translated
    partial: bool = False
    percent: float = 100.0
    original: bool = False
    description: str = ""  # the page's description (the summary, else its first paragraph)


@dataclass(frozen=True, slots=True)
class ListedStatement:
    slug: str
    date: dt.date | None  # the front matter's date
    editions: tuple[Listing, ...]


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    lang: str
    dir: str


@dataclass(frozen=True, slots=True)
class EditionLink:
    language: str
    name: str
    direction: str
    href: str
    state: str  # in the page's words


@dataclass(frozen=True, slots=True)
class Entry:
    title: Text
    href: str
    date: str | None
    date_iso: str | None
    summary: Text | None
    available: bool  # an edition in the page's language exists
    language_name: str  # of the language it is shown in, in the page's words
    editions: tuple[EditionLink, ...]


def front_page_path(language: str | None) -> str:
    return f"{language}/{INDEX_NAME}" if language else INDEX_NAME


def newest_first(statements: Sequence[ListedStatement]) -> list[ListedStatement]:
    """Dated statements newest first, then the undated by slug."""

    def key(statement: ListedStatement) -> tuple[int, int, str]:
        if statement.date is None:
            return (1, 0, statement.slug)
        return (0, -statement.date.toordinal(), statement.slug)

    return sorted(statements, key=key)


def render_front_page(
    pages: Pages,
    statements: Sequence[ListedStatement],
    language: str | None,
    languages: Sequence[str],
    feed: bool = False,
    sitemap: bool = False,
    hreflang: Sequence[Alternate] = (),
    noindex: bool = False,
) -> str:
    """dist/index.html (`language` None) or dist/<language>/index.html.

    `languages`: those with a front page, for the switcher; `feed`/`sitemap`: whether
    the page's feed and dist/sitemap.xml exist, to link to them.
    """
    settings = pages.settings
    source = settings.source_language
    shown = language or source
    folder = language or ""
    site = pages.site
    words = page_text(shown, pages.workspace_words)
    states: dict[tuple[bool, bool, int], str] = {}

    def state(edition: Listing) -> str:
        # As shown: whole percents (PageText.percent), so a few hundred states at most.
        key = (edition.original, edition.partial, int(edition.percent))
        if key not in states:
            states[key] = _state(edition, words)
        return states[key]

    entries: list[Entry] = []
    for statement in newest_first(statements):
        editions = statement.editions
        own = next((e for e in editions if e.language == shown), None)
        original = next((e for e in editions if e.original), None)
        listed = own or original or (editions[0] if editions else None)
        if listed is None:
            continue
        summary = listed.summary or (original.summary if own is None and original else "")
        summary_language = listed.language if listed.summary else source
        date_iso = None if statement.date is None else statement.date.isoformat()
        entries.append(
            Entry(
                title=_text(listed.title, listed.language),
                href=site.link(listed.path, folder),
                date=local_date(statement.date, shown),
                date_iso=date_iso,
                summary=_text(summary, summary_language) if summary else None,
                available=own is not None,
                language_name=words.language_name(listed.language),
                editions=tuple(
                    EditionLink(
                        language=bcp47(edition.language),
                        name=native_name(edition.language),
                        direction=text_direction(edition.language),
                        href=site.link(edition.path, folder),
                        state=state(edition),
                    )
                    for edition in editions
                ),
            )
        )
    front_pages = [
        Link(
            language=bcp47(other),
            name=native_name(other),
            direction=text_direction(other),
            href=site.link(front_page_path(other), folder),
            current=other == language,
        )
        for other in languages
    ]
    path = front_page_path(language)
    description = words.gettext(
        "Statements, newest first, and the languages they are published in."
    )
    return pages.render(
        INDEX_TEMPLATE,
        {
            "lang": bcp47(shown),
            "dir": text_direction(shown),
            "ui_lang": bcp47(words.language),
            "ui_dir": text_direction(words.language),
            "publisher": settings.publisher,
            "page_title": settings.publisher,
            # The publisher's name is written in the original language.
            "publisher_lang": bcp47(source),
            "publisher_dir": text_direction(source),
            "description": description,
            "robots": "noindex" if noindex and settings.partial_noindex else None,
            "canonical": site.address(path, folder),
            "hreflang": hreflang,
            "open_graph": [
                ("og:type", "website"),
                ("og:title", settings.publisher),
                ("og:description", description),
                ("og:locale", og_locale(shown)),
                ("og:site_name", settings.publisher),
                *((("og:url", site.address(path, folder)),) if site.absolute else ()),
            ],
            "twitter": twitter_card(settings.publisher, description),
            "front_pages": front_pages,
            "statements": entries,
            "feed_href": site.link(feed_path(language), folder) if feed else None,
            "feed_title": settings.publisher,
            "sitemap_href": site.link("sitemap.xml", folder) if sitemap else None,
            "generator": f"polyglot-statement {__version__}",
        },
        shown,
    )


def _text(text: str, language: str) -> Text:
    return Text(text, bcp47(language), text_direction(language))


def _state(edition: Listing, words: PageText) -> str:
    if edition.original:
        # Translators: an edition's state on the front page: the text as written.
        return words.gettext("original")
    if edition.partial:
        # Translators: an edition with passages not yet translated; "share" is a
        # percentage with its sign ("26 %").
        return words.gettext("partial: %(share)s translated") % {
            "share": words.percent(edition.percent)
        }
    # Translators: an edition with every passage translated.
    return words.gettext("complete")
