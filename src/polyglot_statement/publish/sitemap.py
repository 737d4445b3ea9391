"""dist/sitemap.xml: every page a search engine should index, with its language alternates.

The sitemaps.org protocol with Google's `xhtml:link rel="alternate" hreflang` extension:
one `<url>` per page, and under it every language version of that page, itself included,
plus `x-default` (the original, or dist/index.html for the front pages). Partial
editions are neither listed nor named as alternates: they are not translations (and are
marked noindex). The protocol wants absolute addresses, so the file is written only when
the workspace sets `site-url`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from polyglot_statement.publish.metadata import Alternate, Site

SITEMAP_NAME = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
# The protocol's limits for one file (a sitemap index would be needed beyond them).
MAX_URLS = 50_000
MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SitemapPage:
    path: str  # from dist/
    alternates: tuple[Alternate, ...]  # addresses from dist/ (Site.address(…, ""))


class SitemapTooLarge(ValueError):
    """More pages than one sitemap file may list."""


def sitemap_xml(site: Site, pages: Sequence[SitemapPage]) -> bytes:
    if not site.absolute:
        raise ValueError("a sitemap needs absolute addresses: set site-url")
    if len(pages) > MAX_URLS:
        raise SitemapTooLarge(f"{len(pages)} pages; one sitemap lists at most {MAX_URLS}")
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for page in pages:
        url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = site.address(page.path, "")
        for alternate in page.alternates:
            etree.SubElement(
                url,
                f"{{{XHTML_NS}}}link",
                rel="alternate",
                hreflang=alternate.hreflang,
                href=alternate.href,
            )
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    if len(data) > MAX_BYTES:
        raise SitemapTooLarge(f"{len(data)} bytes; one sitemap holds at most {MAX_BYTES}")
    return data
