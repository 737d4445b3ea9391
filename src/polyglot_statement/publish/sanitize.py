"""The last gate before a page is written: an allow-list HTML sanitiser (nh3, Rust's ammonia).

Whatever the Markdown renderer produced, only these tags and attributes reach a reader,
links only to http(s)/mailto/tel or relative targets, no comments, no style, no script.
The list covers what markdown-it's CommonMark, tables and footnotes emit, plus the common
structural tags an organisation may put in its source's HTML blocks.
"""

from __future__ import annotations

from functools import cache

import nh3

from polyglot_statement.publish.untrusted import SAFE_SCHEMES

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "article", "aside", "b", "blockquote", "br", "caption", "cite", "code",
        "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
        "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "time", "tr", "u", "ul", "var",
    }
)  # fmt: skip
# Removed with everything inside them, rather than unwrapped into visible text.
REMOVED_WITH_CONTENT = frozenset(
    {
        "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
        "textarea", "select", "title", "frame", "frameset", "applet", "noembed", "xmp",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"lang", "dir", "title", "id", "class"}),
    "a": frozenset({"href", "hreflang"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "reversed"}),
    "td": frozenset({"align", "colspan", "rowspan"}),
    "th": frozenset({"align", "colspan", "rowspan", "scope"}),
    "col": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        strip_comments=True,
        # No rel added: the pages are static and open no new windows.
        link_rel=None,
    )


def sanitise(fragment: str) -> str:
    """An HTML fragment with everything outside the allow-list removed."""
    return str(_cleaner().clean(fragment))
