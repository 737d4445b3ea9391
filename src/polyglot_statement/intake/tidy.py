"""A converted document's tree made into what a statement holds: clean Markdown structure,
nothing a reader would not see, nothing a build would publish as markup.

Works on pandoc's document tree (JSON), the same for every kind of input. What it removes
it counts, by reason, so the report can say what was dropped and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

Node = dict[str, Any]

_BLOCKS = frozenset(
    [
        "Plain",
        "Para",
        "LineBlock",
        "CodeBlock",
        "RawBlock",
        "BlockQuote",
        "OrderedList",
        "BulletList",
        "DefinitionList",
        "Header",
        "HorizontalRule",
        "Table",
        "Figure",
        "Div",
    ]
)
_INLINES = frozenset(
    [
        "Str",
        "Emph",
        "Underline",
        "Strong",
        "Strikeout",
        "Superscript",
        "Subscript",
        "SmallCaps",
        "Quoted",
        "Cite",
        "Code",
        "Space",
        "SoftBreak",
        "LineBreak",
        "Math",
        "RawInline",
        "Link",
        "Image",
        "Note",
        "Span",
    ]
)
_EMPTY_ATTR: list[Any] = ["", [], []]
# Links a published page may carry; anything else (javascript:, data:, vbscript:, file:)
# is dropped and its text kept.
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", ""})
# Formatting CommonMark has no syntax for: the text stays, the formatting is reported.
_UNSUPPORTED = {
    "Strikeout": "strikethrough",
    "Superscript": "superscript",
    "Subscript": "subscript",
}
# A paragraph an author numbered by hand ("1.", "2)", "a.") or bulleted by hand.
_MANUAL_NUMBER = re.compile(r"^(\d{1,3})[.)]$")
_MANUAL_BULLETS = frozenset({"•", "◦", "▪", "‣", "·", "-", "–", "*"})


@dataclass
class Tidying:
    """What the tidying removed or changed, and the callbacks it needs."""

    # An image's new target (relative to the statement) from pandoc's, or None to drop it.
    image_target: Callable[[str], str | None] = lambda target: target
    # Whether a block's plain text is site chrome (menus, credits…): web input only.
    is_chrome: Callable[[str], str | None] = lambda text: None
    # Whether a paragraph of two or more links and no other words is a menu: on a web
    # page it is (a statement's own link comes with words around it, or alone).
    link_rows_are_menus: bool = False
    # Whether a block's plain text only announces links to other articles ("Read more:",
    # "Related stories"): the blocks of nothing but links after it go with it. Web only.
    is_teaser_lead: Callable[[str], bool] = lambda text: False
    # Whether two line breaks in a row end a paragraph: pages written as text between
    # <br><br> (Blogger, old CMSs) have no <p>. Web only: in a document, an empty line
    # made with two breaks stays the author's.
    blank_lines_part_paragraphs: bool = False
    # Whether an image that is not brought in leaves its alt text (given) in the body. In
    # a document it stands where the author put a picture; on a web page the image is on
    # the site (a photo, a logo, a slider's frames) and its alt text, which a reader of
    # the page never sees, would become a paragraph of the statement, unless the page
    # shows it as the picture's caption (trafilatura keeps the alt text, not the caption).
    keeps_alt: Callable[[str], bool] = lambda alt: True
    # How many words at a paragraph's end are a picture's credit ("(Image: GETTY)" after a
    # caption): web only.
    credit_words: Callable[[str], int] = lambda text: 0
    dropped: Counter[str] = field(default_factory=Counter)
    images_without_alt: list[str] = field(default_factory=list)


def plain_text(value: Any) -> str:
    """The words of a tree, block or inline list, as a reader sees them."""
    out: list[str] = []

    def visit(item: Any) -> None:
        if isinstance(item, list):
            for child in item:
                visit(child)
        elif isinstance(item, dict):
            kind = item.get("t")
            if kind == "Str":
                out.append(item["c"])
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif kind in ("Code", "Math"):
                out.append(item["c"][1])
            elif kind in ("Link", "Image"):
                visit(item["c"][1])
            elif kind in _BLOCKS:
                out.append(" ")
                visit(item.get("c"))
                out.append(" ")
            elif kind not in ("RawInline", "RawBlock"):
                visit(item.get("c"))

    visit(value)
    return " ".join("".join(out).split())


def words(value: Any) -> int:
    return len(plain_text(value).split())


def tidy_blocks(blocks: list[Node], tidying: Tidying) -> list[Node]:
    """The blocks cleaned: wrappers unwrapped, raw markup and empty paragraphs dropped,
    manual numbering made a list, chrome dropped."""
    out: list[Node] = []
    after_lead = False
    for block in blocks:
        tidied = _tidy_block(block, tidying)
        if after_lead and tidied and all(_links_away(item) for item in tidied):
            tidying.dropped["“read also” teasers"] += 1
            continue
        after_lead = not tidied and _teaser_lead(block, tidying)
        out.extend(tidied)
    return _separate_lists(_manual_lists(out))


def _teaser_lead(block: Node, tidying: Tidying) -> bool:
    if block["t"] not in ("Para", "Plain", "Header"):
        return False
    return tidying.is_teaser_lead(
        plain_text(block["c"][2] if block["t"] == "Header" else block["c"])
    )


def _links_away(block: Node) -> bool:
    """After a "Read more" line: a paragraph of links, or a list each of whose items
    links to another article ("YouTubers must unionize, [no matter what Google says]")."""
    if block["t"] in ("BulletList", "OrderedList"):
        items = block["c"] if block["t"] == "BulletList" else block["c"][1]
        return all(_has_link(item) for item in items)
    return only_links(block)


def _has_link(value: Any) -> bool:
    if isinstance(value, dict):
        return value.get("t") == "Link" or _has_link(value.get("c"))
    return isinstance(value, list) and any(_has_link(item) for item in value)


def only_links(block: Node) -> bool:
    """A paragraph of links and nothing else, or a list of such items."""
    if block["t"] in ("BulletList", "OrderedList"):
        items = block["c"] if block["t"] == "BulletList" else block["c"][1]
        return all(only_links(inner) for item in items for inner in item)
    if block["t"] not in ("Para", "Plain"):
        return False
    inlines = block["c"]
    links = [item for item in inlines if item["t"] == "Link"]
    others = [item for item in inlines if item["t"] not in ("Link", "Space", "SoftBreak")]
    return bool(links) and not plain_text(others).strip(" |·•/-–—,")


def _separate_lists(blocks: list[Node]) -> list[Node]:
    """Two lists one after the other stay two in Markdown only if their markers differ
    (pandoc would put an `&nbsp;` paragraph between them, which a translator would get
    as a segment): an ordered list follows another with `)` instead of `.`; two bullet
    lists are one (Markdown's writer has one bullet), which a reader hardly tells apart."""
    out: list[Node] = []
    for block in blocks:
        before = out[-1] if out else None
        if before is not None and before["t"] == block["t"] == "BulletList":
            out[-1] = {"t": "BulletList", "c": [*before["c"], *block["c"]]}
        elif before is not None and before["t"] == block["t"] == "OrderedList":
            start, style, _delimiter = block["c"][0]
            other = "OneParen" if before["c"][0][2]["t"] != "OneParen" else "Period"
            out.append({"t": "OrderedList", "c": [[start, style, {"t": other}], block["c"][1]]})
        else:
            out.append(block)
    return out


def _tidy_block(block: Node, tidying: Tidying) -> list[Node]:
    kind = block["t"]
    content: Any = block.get("c")
    if kind == "RawBlock":
        tidying.dropped["raw markup (HTML, a field code)"] += 1
        return []
    if kind == "Div":
        return tidy_blocks(content[1], tidying)
    if kind == "Figure":
        caption = content[1][1]
        return tidy_blocks([*content[2], *caption], tidying)
    if kind in ("Para", "Plain") and tidying.blank_lines_part_paragraphs:
        parts = _parts_between_blank_lines(content)
        if len(parts) > 1:
            return [item for part in parts for item in _tidy_block({"t": kind, "c": part}, tidying)]
    if kind in ("Para", "Plain", "Header"):
        inlines = _tidy_inlines(content[2] if kind == "Header" else content, tidying)
        if not plain_text(inlines) and not _has_image(inlines):
            tidying.dropped["empty paragraphs"] += 1
            return []
        chrome = tidying.is_chrome(plain_text(inlines))
        if chrome is None and tidying.link_rows_are_menus and _links_only(inlines):
            chrome = "menus (a row of links and nothing else)"
        if chrome is None and tidying.link_rows_are_menus and _shouted_link(inlines):
            chrome = "“read also” teasers"
        if chrome is not None:
            tidying.dropped[chrome] += 1
            return []
        if kind == "Header":
            return [{"t": "Header", "c": [content[0], _EMPTY_ATTR, inlines]}]
        return [{"t": kind, "c": _without_credit(inlines, tidying)}]
    if kind == "CodeBlock":
        return [{"t": kind, "c": [_EMPTY_ATTR, content[1]]}]
    if kind == "BlockQuote":
        inner = tidy_blocks(content, tidying)
        return [{"t": kind, "c": inner}] if inner else []
    if kind == "BulletList":
        items = [tidy_blocks(item, tidying) for item in content]
        items = [item for item in items if item]
        return [{"t": kind, "c": items}] if items else []
    if kind == "OrderedList":
        items = [tidy_blocks(item, tidying) for item in content[1]]
        items = [item for item in items if item]
        return [{"t": kind, "c": [content[0], items]}] if items else []
    if kind == "DefinitionList" and tidying.is_chrome(plain_text([block])):
        # "Фото: личный архив …" as a term and its definition, an article information
        # list ("Date 19.01.2020", "Author …"): a line of chrome in a list's markup.
        tidying.dropped[tidying.is_chrome(plain_text([block])) or ""] += 1
        return []
    if kind == "Table" and tidying.link_rows_are_menus and _links_only_table(block):
        # A table of nothing but links to other pages (a "related news" widget laid out
        # in a table, a cell each): a menu, not a table of data.
        tidying.dropped["menus (a row of links and nothing else)"] += 1
        return []
    if kind == "LineBlock":
        lines = [_tidy_inlines(line, tidying) for line in content]
        return [{"t": kind, "c": lines}]
    return [_walk(block, tidying)]


def _walk(value: Any, tidying: Tidying) -> Any:
    """Any other node (tables, definition lists): its inline and block lists tidied."""
    if isinstance(value, list):
        if value and all(isinstance(item, dict) and item.get("t") in _INLINES for item in value):
            return _tidy_inlines(value, tidying)
        if value and all(isinstance(item, dict) and item.get("t") in _BLOCKS for item in value):
            return tidy_blocks(value, tidying)
        return [_walk(item, tidying) for item in value]
    if isinstance(value, dict) and "c" in value:
        return {**value, "c": _walk(value["c"], tidying)}
    return value


def _links_only(inlines: list[Node]) -> bool:
    links = [item for item in inlines if item["t"] == "Link"]
    others = [item for item in inlines if item["t"] not in ("Link", "Space", "SoftBreak")]
    return len(links) >= 2 and not any(plain_text([item]).strip(" |·•/-–") for item in others)


def _without_credit(inlines: list[Node], tidying: Tidying) -> list[Node]:
    """A caption's inlines without the picture's credit at their end, when the credit is
    plain words (pandoc's Str and spaces), else as they are."""
    count = tidying.credit_words(plain_text(inlines))
    if not count:
        return inlines
    end = len(inlines)
    while end > 0 and count > 0:
        item = inlines[end - 1]
        if item["t"] == "Str":
            count -= len(item["c"].split()) or 1
        elif item["t"] not in _SPACES:
            return inlines
        end -= 1
    if count != 0:
        return inlines
    tidying.dropped["picture credits"] += 1
    return _trim(inlines[:end])


def _shouted_link(inlines: list[Node]) -> bool:
    """A paragraph that is one link in capitals, between the article's paragraphs: the
    headline of another article ("SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'"),
    as news sites put them inside the text. An author's link comes with words around it,
    and a statement does not shout its own links."""
    parts = [item for item in inlines if item["t"] not in ("Space", "SoftBreak")]
    if len(parts) != 1 or parts[0]["t"] not in ("Link", "Strong"):
        return False
    link = parts[0] if parts[0]["t"] == "Link" else _only_link(parts[0]["c"])
    if link is None:
        return False
    text = plain_text(link["c"][1])
    letters = [char for char in text if char.isalpha()]
    return len(text.split()) >= 3 and bool(letters) and all(char.isupper() for char in letters)


def _only_link(inlines: list[Node]) -> Node | None:
    parts = [item for item in inlines if item["t"] not in ("Space", "SoftBreak")]
    return parts[0] if len(parts) == 1 and parts[0]["t"] == "Link" else None


def _links_only_table(table: Node) -> bool:
    """Whether every word of a table is a link's."""
    linked: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("t") == "Link":
                linked.append(plain_text(value["c"][1]))
                return
            visit(value.get("c"))
        elif isinstance(value, list):
            for item in value:
                visit(item)

    visit(table.get("c"))
    text = plain_text([table])
    return bool(text) and len(" ".join(linked).split()) == len(text.split())


def _parts_between_blank_lines(inlines: list[Node]) -> list[list[Node]]:
    """A paragraph's inlines cut where two or more line breaks follow each other (spaces
    between them aside)."""
    parts: list[list[Node]] = [[]]
    breaks = 0
    pending: list[Node] = []
    for item in inlines:
        if item["t"] == "LineBreak":
            breaks += 1
            pending.append(item)
        elif item["t"] in ("Space", "SoftBreak") or _blank(item):
            pending.append(item)
        else:
            if breaks >= 2:
                parts.append([])
            else:
                parts[-1].extend(pending)
            pending, breaks = [], 0
            parts[-1].append(item)
    return [part for part in parts if part]


def _blank(item: Node) -> bool:
    return item["t"] == "Str" and not item["c"].strip()


def _has_image(inlines: list[Node]) -> bool:
    return any(item["t"] == "Image" for item in inlines)


def _tidy_inlines(inlines: list[Node], tidying: Tidying) -> list[Node]:
    out: list[Node] = []
    for item in inlines:
        kind = item["t"]
        content: Any = item.get("c")
        if kind == "RawInline":
            tidying.dropped["raw markup (HTML, a field code)"] += 1
        elif kind == "Span":
            out.extend(_tidy_inlines(content[1], tidying))
        elif kind in ("Underline", "SmallCaps"):
            out.extend(_tidy_inlines(content, tidying))
        elif kind in _UNSUPPORTED:
            tidying.dropped[f"{_UNSUPPORTED[kind]} (Markdown has none; the text is kept)"] += 1
            out.extend(_tidy_inlines(content, tidying))
        elif kind == "Cite":
            out.extend(_tidy_inlines(content[1], tidying))
        elif kind == "Link":
            text = _tidy_inlines(content[1], tidying)
            url = content[2][0].strip()
            if _unsafe(url):
                tidying.dropped["links to scripts or local files (the text is kept)"] += 1
                out.extend(text)
            elif not plain_text(text) and not _has_image(text):
                # A link around an image that was not brought in (a logo, an avatar):
                # nothing is left to click.
                pass
            elif url.startswith("#"):
                # A bookmark inside the document (a table of contents, a cross-reference):
                # its target has no anchor in the statement.
                out.extend(text)
            else:
                out.append({"t": "Link", "c": [_EMPTY_ATTR, text, [url, content[2][1]]]})
        elif kind == "Image":
            out.extend(_image(content, tidying))
        elif kind == "Note":
            out.append({"t": "Note", "c": tidy_blocks(content, tidying)})
        elif kind in ("Emph", "Strong"):
            inner = _tidy_inlines(content, tidying)
            if plain_text(inner):
                out.append({"t": kind, "c": inner})
            else:
                out.extend(inner)
        elif kind == "Quoted":
            out.append({"t": kind, "c": [content[0], _tidy_inlines(content[1], tidying)]})
        elif kind == "Code":
            out.append({"t": kind, "c": [_EMPTY_ATTR, content[1]]})
        else:
            out.append(item)
    return _trim(_spacing(out))


_SPACES = ("Space", "SoftBreak", "LineBreak")


def _spacing(inlines: list[Node]) -> list[Node]:
    """No-break spaces a page puts beside a space for spacing ("available! &nbsp;
    Python", which pandoc reads as a space and "\xa0Python"): the space is enough. A
    no-break space between two words ("10\xa0000", "«\xa0texte") is kept."""
    out: list[Node] = []
    for index, item in enumerate(inlines):
        if item["t"] == "Str" and "\xa0" in item["c"]:
            text = item["c"]
            if not out or out[-1]["t"] in _SPACES:
                text = text.lstrip("\xa0")
            if index + 1 == len(inlines) or inlines[index + 1]["t"] in _SPACES:
                text = text.rstrip("\xa0")
            if not text:
                if out and out[-1]["t"] not in _SPACES:
                    out.append({"t": "Space"})
                continue
            item = {"t": "Str", "c": text}
        if item["t"] in _SPACES and out and out[-1]["t"] == "Space":
            out[-1] = item if item["t"] != "Space" else out[-1]
            continue
        out.append(item)
    return out


def _trim(inlines: list[Node]) -> list[Node]:
    """No space or line break at a paragraph's ends (Word leaves them; Markdown would
    read a trailing hard break as text)."""
    start, end = 0, len(inlines)
    while start < end and inlines[start]["t"] in ("Space", "SoftBreak", "LineBreak"):
        start += 1
    while end > start and inlines[end - 1]["t"] in ("Space", "SoftBreak", "LineBreak"):
        end -= 1
    return inlines[start:end]


def _unsafe(url: str) -> bool:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return True
    return scheme not in _SAFE_SCHEMES or url.lower().startswith("//")


def _image(content: list[Any], tidying: Tidying) -> list[Node]:
    alt = _tidy_inlines(content[1], tidying)
    target = tidying.image_target(content[2][0])
    if target is None and not tidying.keeps_alt(plain_text(alt)):
        tidying.dropped[
            "images on the site, not saved with the page, and their alt text (save the page "
            "complete, with its images, to bring them in)"
        ] += 1
        return []
    if target is None:
        tidying.dropped[
            "images linked rather than inside the document, or on another site (their alt "
            "text is kept; save the image beside the document and add it by hand)"
        ] += 1
        return alt
    if not plain_text(alt):
        tidying.images_without_alt.append(target)
    return [{"t": "Image", "c": [_EMPTY_ATTR, alt, [target, content[2][1]]]}]


def _manual_lists(blocks: list[Node]) -> list[Node]:
    """Runs of two or more paragraphs numbered or bulleted by hand, as Markdown lists."""
    out: list[Node] = []
    index = 0
    while index < len(blocks):
        run = _manual_run(blocks, index)
        if len(run) < 2:
            out.append(blocks[index])
            index += 1
            continue
        first, bullet = run[0]
        items = [[{"t": "Para", "c": _trim(blocks[index + n]["c"][1:])}] for n in range(len(run))]
        if bullet:
            out.append({"t": "BulletList", "c": items})
        else:
            style = [first, {"t": "Decimal"}, {"t": "Period"}]
            out.append({"t": "OrderedList", "c": [style, items]})
        index += len(run)
    return out


def _manual_run(blocks: list[Node], start: int) -> list[tuple[int, bool]]:
    """(number, is a bullet) of each hand-numbered paragraph from `start` on, while the
    numbers follow each other (or the bullets stay the same)."""
    run: list[tuple[int, bool]] = []
    marker = None
    for block in blocks[start:]:
        if block["t"] != "Para" or len(block["c"]) < 3 or block["c"][0]["t"] != "Str":
            break
        if block["c"][1]["t"] != "Space":
            break
        text = block["c"][0]["c"]
        number = _MANUAL_NUMBER.match(text)
        if number is not None and (marker is None or marker == "number"):
            value = int(number[1])
            if run and value != run[-1][0] + 1:
                break
            marker = "number"
            run.append((value, False))
        elif text in _MANUAL_BULLETS and (marker is None or marker == text):
            marker = text
            run.append((0, True))
        else:
            break
    return run
