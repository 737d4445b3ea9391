"""`polyglot new`: a statement from a Word, OpenDocument, HTML or text file, as
source/<slug>.md with its images under source/<slug>/, and what was kept and dropped.

Every kind of input becomes pandoc's document tree (office files by pandoc, pages by
trafilatura then pandoc, text directly), is tidied the same way (tidy.py), gets its front
matter from what the document says (fields.py), and is written as pandoc's CommonMark
with tables and footnotes, the reading source/markdown_syntax.py has.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from polyglot_statement.config import Settings
from polyglot_statement.errors import IntakeError
from polyglot_statement.fsutil import (
    Staging,
    read_version,
    workspace_lock,
)
from polyglot_statement.intake import convert, fields
from polyglot_statement.intake.chrome import chrome_reason, page_chrome_reason, teaser_lead
from polyglot_statement.intake.fields import Field
from polyglot_statement.intake.inputs import STDIN, Incoming, read_incoming
from polyglot_statement.intake.notices import trailing_credit
from polyglot_statement.intake.pageparts import (
    without_above_title,
    without_bylines,
    without_link_lists_at_end,
    without_teaser_cards,
    without_trailing_headings,
)
from polyglot_statement.intake.plaintext import text_blocks
from polyglot_statement.intake.result import Dropped, NewStatement
from polyglot_statement.intake.spelling import unknown_words
from polyglot_statement.intake.tidy import Tidying, plain_text, tidy_blocks, words
from polyglot_statement.intake.webpage import decode_page, read_page
from polyglot_statement.progress import Listener, ignore, lock_waiter
from polyglot_statement.source.frontmatter import split_front_matter, yaml_string
from polyglot_statement.source.statement import slug_problem

Node = dict[str, Any]

# The paragraph pandoc puts between two lists; tidy.py gave them different markers, which
# is enough for Markdown to keep them apart.
_ADJACENT_LIST = re.compile(r"\n\n&nbsp;\n\n(?=\d+[.)] )")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?")
# Counted in the package's XML parts, for the report (pandoc drops comments and accepts
# changes itself): a comment's element, a change's element, each once.
_COMMENTS = {
    "docx": re.compile(rb"<w:comment[\s>]"),
    "odt": re.compile(rb"<office:annotation[\s>]"),
}
_CHANGES = {
    "docx": re.compile(rb"<w:(?:ins|del|moveFrom|moveTo)[\s>]"),
    "odt": re.compile(rb"<text:changed-region[\s>]"),
}


def new_statement(
    settings: Settings,
    source: Path,
    slug: str | None = None,
    update: bool = False,
    dry_run: bool = False,
    *,
    stdin: BinaryIO | None = None,
    on_event: Listener = ignore,
) -> NewStatement:
    incoming = read_incoming(source, settings.max_file_size, stdin)
    with tempfile.TemporaryDirectory(prefix="polyglot-intake-") as scratch:
        return _new(settings, incoming, slug, update, dry_run, Path(scratch), on_event)


def _new(
    settings: Settings,
    incoming: Incoming,
    slug: str | None,
    update: bool,
    dry_run: bool,
    scratch: Path,
    on_event: Listener,
) -> NewStatement:
    path = incoming.path
    notes: list[str] = []
    known: dict[str, str | None] = {}

    chrome: Callable[[str], str | None] = _no_chrome
    keeps_alt: Callable[[str], bool] = _any_alt

    if incoming.kind in ("docx", "odt"):
        tree = convert.office_tree(incoming.data, incoming.kind, scratch / "media", path)
        blocks: list[Node] = tree["blocks"]
        meta = tree.get("meta", {})
        known["title"] = _meta_text(meta.get("title"))
        known["date"] = fields.metadata_date(_meta_text(meta.get("date")))
        known["summary"] = _meta_text(meta.get("abstract"))
        words_in = words(blocks) + _meta_words(meta)
        comments = _count(incoming, _COMMENTS)
        if comments:
            notes.append(
                f"{comments} comment{'s' if comments != 1 else ''} in the document dropped "
                "(comments are the reviewers', not the statement's)"
            )
        for linked in _linked_images(incoming):
            notes.append(
                f"image {linked} is linked, not inside the document, and was not brought in; "
                "insert it into the document (not as a link) or add it by hand"
            )
        changes = _count(incoming, _CHANGES)
        if changes:
            notes.append(f"{changes} tracked change{'s' if changes != 1 else ''} accepted")
    elif incoming.kind == "html":
        text = decode_page(incoming.data)
        page = read_page(text, path)
        blocks = convert.html_tree(page.html, path)["blocks"]
        known["title"] = fields.page_title(page.title, page.site_name)
        known["date"] = fields.metadata_date(page.date)
        known["site"] = page.site_name
        known["summary"] = page.description
        words_in = _page_words(text)
        chrome = page_chrome_reason
        keeps_alt = page.shows_as_caption
    else:
        text = incoming.data.decode("utf-8-sig")
        blocks = text_blocks(text)
        words_in = len(text.split())
        chrome = chrome_reason
    blocks_in = len(blocks)

    images: dict[str, bytes] = {}
    web = incoming.kind == "html"
    teasers = teaser_lead if web else _no_teasers
    tidying = Tidying(
        is_chrome=chrome,
        link_rows_are_menus=web,
        keeps_alt=keeps_alt,
        is_teaser_lead=teasers,
        blank_lines_part_paragraphs=web,
        credit_words=trailing_credit if web else _no_credit,
    )
    # The slug is needed for image targets, and the title for the slug: a first pass
    # without images settles the title.
    draft = tidy_blocks(
        blocks,
        dataclasses.replace(
            tidying, image_target=lambda target: None, dropped=Counter(), images_without_alt=[]
        ),
    )
    if web:
        draft = without_above_title(draft, known.get("title"), Counter())
    title, title_from, title_block = _title(known.get("title"), draft, incoming.kind)
    slug = _slug(slug, title, incoming)
    tidying.image_target = _image_targets(incoming, scratch, slug, images, settings)
    body_blocks = tidy_blocks(blocks, tidying)
    if web:
        body_blocks = without_above_title(body_blocks, known.get("title"), tidying.dropped)
    if title_block is not None:
        body_blocks = _without_title(body_blocks, title_block)
    date, date_from, body_blocks = _date(known.get("date"), body_blocks)
    if web:
        body_blocks = without_bylines(body_blocks, tidying.dropped)
        body_blocks = without_trailing_headings(body_blocks, tidying.dropped)
        body_blocks = without_teaser_cards(body_blocks, tidying.dropped)
        body_blocks = without_link_lists_at_end(body_blocks, tidying.dropped)

    found: list[Field] = []
    if title is not None:
        found.append(Field("title", title, title_from))
    if date is not None:
        found.append(Field("date", date, date_from))
    organisation = settings.organisation or known.get("site")
    if organisation:
        by = fields.SETTINGS if settings.organisation else fields.SITE_NAME
        found.append(Field("organisation", organisation, by))
    summary = known.get("summary")
    if summary and summary.endswith(("...", "…")):
        # A description cut short by the site (Open Graph excerpts are): not a summary.
        notes.append(f"summary: the page's description is cut short ({summary[-40:]!r}); not used")
    elif summary:
        found.append(Field("summary", summary, fields.DESCRIPTION))
    missing = tuple(name for name in fields.FIELDS if name not in {f.name for f in found})

    body_text = plain_text(body_blocks)
    if not body_text and not images:
        raise IntakeError(
            "has no main text once the page's menus and credits are set aside; check it is "
            "the statement itself (not an index page or a cover), then bring it in again",
            path,
        )
    if title is not None:
        for word in unknown_words(title, body_text, settings.source_language):
            notes.append(
                f"title: {word!r} is in no {settings.source_language} dictionary and not in "
                "the text; check its spelling in the front matter"
            )
    for image in tidying.images_without_alt:
        notes.append(f"image {image} has no alt text; describe it in the brackets of ![…]")

    tree = {"pandoc-api-version": convert.api_version(), "meta": {}, "blocks": body_blocks}
    body = _ADJACENT_LIST.sub("\n\n", convert.tree_markdown(tree, path)).strip("\n") + "\n"
    statement_file = settings.source_path / f"{slug}.md"
    old, version = read_version(statement_file, IntakeError, settings.bounds)
    existed = version.exists
    if existed and not update:
        raise IntakeError(
            f"the statement {slug!r} exists already; run again with --update to replace its "
            "text with this document's (extract then offers the changes to translators as "
            "edits), or choose another --slug",
            statement_file,
        )
    if existed:
        assert old is not None
        markdown = _updated(old, body, statement_file, found, notes)
    else:
        markdown = _front_matter(found, settings.source_language) + "\n" + body
    image_paths = tuple(settings.source_path / name for name in sorted(images))
    changed = old != markdown.encode("utf-8") or any(
        not _holds(settings.source_path / name, data) for name, data in images.items()
    )
    if not dry_run and changed:
        lock = workspace_lock(
            settings.cache_path, "new", lock_waiter(on_event), clean=settings.temp_folders
        )
        with lock, Staging(settings.bounds) as staging:
            for name in sorted(images):
                staging.stage(settings.source_path / name, images[name])
            staging.stage(statement_file, markdown.encode("utf-8"), version)
    if incoming.kind == "html":
        tidying.dropped.update(dict(page.dropped))
    dropped = sorted(tidying.dropped.items(), key=lambda item: (-item[1], item[0]))
    return NewStatement(
        source="-" if incoming.path == STDIN else str(incoming.path),
        kind=incoming.kind,
        slug=slug,
        path=statement_file,
        markdown=markdown,
        body=body,
        found=tuple(found),
        missing=missing,
        blocks_in=blocks_in,
        words_in=words_in,
        blocks_kept=len(body_blocks),
        words_kept=words(body_blocks) + (len(title.split()) if title else 0),
        dropped=tuple(Dropped(reason, count) for reason, count in dropped),
        images=image_paths,
        notes=tuple(notes),
        existed=existed,
        changed=changed,
        dry_run=dry_run,
    )


def _no_chrome(text: str) -> str | None:
    return None  # a document's every paragraph is its author's


def _no_teasers(text: str) -> bool:
    return False


def _no_credit(text: str) -> int:
    return 0


def _any_alt(alt: str) -> bool:
    return True  # a document's alt text stands where its author put a picture


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _count(incoming: Incoming, patterns: dict[str, re.Pattern[bytes]]) -> int:
    pattern = patterns[incoming.kind]
    return sum(
        len(pattern.findall(part)) for name, part in incoming.parts.items() if name.endswith(".xml")
    )


_LINKED_IMAGE = re.compile(
    rb"<Relationship\b[^>]*\bType=\"[^\"]*/image\"[^>]*\bTarget=\"([^\"]*)\"[^>]*"
    rb"\bTargetMode=\"External\""
)


def _linked_images(incoming: Incoming) -> list[str]:
    """Pictures a Word document links to rather than holds (LibreOffice keeps an HTML
    page's images so): pandoc leaves them out without a word."""
    found: list[str] = []
    for name, part in sorted(incoming.parts.items()):
        if incoming.kind == "docx" and name.endswith(".rels"):
            found.extend(m.decode("utf-8", "replace") for m in _LINKED_IMAGE.findall(part))
    return found


def _meta_text(value: Any) -> str | None:
    if value is None:
        return None
    if value.get("t") in ("MetaInlines", "MetaBlocks"):
        text = plain_text(value["c"])
    elif value.get("t") == "MetaString":
        text = " ".join(str(value["c"]).split())
    else:
        return None
    return text or None


def _meta_words(meta: dict[str, Any]) -> int:
    return sum(len((_meta_text(meta.get(key)) or "").split()) for key in ("title", "subtitle"))


def _page_words(html: str) -> int:
    """The words a reader of the whole page sees: its body's text, scripts and styles aside."""
    import lxml.html

    try:
        document = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return 0
    for element in document.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    for image in document.xpath("//img[@alt]"):
        image.tail = f" {image.get('alt')} {image.tail or ''}"  # alt text is main text too
    body = document.find("body")
    return len((body if body is not None else document).text_content().split())


def _title(known: str | None, blocks: list[Node], kind: str) -> tuple[str | None, str, str | None]:
    """The title, where it was found, and the body block's text to remove as the title."""
    first = blocks[0] if blocks else None
    first_text = plain_text(first["c"][2] if first and first["t"] == "Header" else []) or None
    if known:
        # A page or document repeating its title as its first heading: once is enough.
        same = first_text is not None and _comparable(first_text) in _comparable(known)
        if same and kind == "html" and first_text is not None and first_text != known:
            parts = {_comparable(part) for part in fields.title_parts(known)}
            if _comparable(first_text) in parts:
                # The heading the page shows; its <title> adds the site's name to it.
                return first_text, fields.FIRST_HEADING, first_text
        return known, fields.DOCUMENT_TITLE, first_text if same else None
    if first_text is not None:
        return first_text, fields.FIRST_HEADING, first_text
    if kind == "txt" and first is not None and len(blocks) > 1 and fields.reads_as_title(first):
        text = plain_text(first["c"])
        return text, fields.FIRST_LINE, text
    return None, "", None


def _comparable(text: str) -> str:
    """A title's words, for comparing a page's <title> with its heading: the two often
    differ in quotes and dashes ("'The Medium…' | Inexhibit" above "‘The Medium…’")."""
    words = " ".join(re.findall(r"[^\W_]+", text.casefold()))
    return f" {words} "


def _without_title(blocks: list[Node], title: str) -> list[Node]:
    if blocks and blocks[0]["t"] in ("Header", "Para"):
        content = blocks[0]["c"][2] if blocks[0]["t"] == "Header" else blocks[0]["c"]
        if plain_text(content) == title:
            return blocks[1:]
    return blocks


def _date(known: str | None, blocks: list[Node]) -> tuple[str | None, str, list[Node]]:
    """The date from metadata, else from a dateline among the first or last three blocks
    (then moved from the body to the front matter)."""
    if known:
        return known, fields.METADATA_DATE, blocks
    candidates = [*range(min(3, len(blocks))), *range(max(3, len(blocks) - 3), len(blocks))]
    for index in candidates:
        block = blocks[index]
        if block["t"] != "Para":
            continue
        date = fields.iso_date(plain_text(block["c"]))
        if date is not None:
            return date, fields.DATELINE, [*blocks[:index], *blocks[index + 1 :]]
    return None, "", blocks


def _slug_for(given: str | None, title: str | None, incoming: Incoming) -> str:
    if given is not None:
        if not _SLUG.fullmatch(given):
            raise IntakeError(
                f"--slug {given!r} cannot name a statement; use lower-case letters, digits "
                "and hyphens (e.g. --slug strike-2024-05)",
                incoming.path,
            )
        return given
    base = title or ("statement" if incoming.path == STDIN else incoming.path.stem)
    ascii_text = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    words_of = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words_of:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    if not slug:
        raise IntakeError(
            "gives no name for the statement; choose one with --slug (e.g. --slug strike-2024-05)",
            incoming.path,
        )
    return slug


def _slug(given: str | None, title: str | None, incoming: Incoming) -> str:
    slug = _slug_for(given, title, incoming)
    # A name every later command would refuse (`index`) is refused before it is written.
    problem = slug_problem(slug)
    if problem is not None:
        raise IntakeError(f"{problem} (choose another with --slug)", incoming.path)
    return slug


def _image_targets(
    incoming: Incoming,
    scratch: Path,
    slug: str,
    images: dict[str, bytes],
    settings: Settings,
) -> Callable[[str], str | None]:
    """Where each image goes: source/<slug>/<name>, referenced from the statement as
    <slug>/<name>. Office images are those pandoc unpacked; a page's are the files saved
    beside it (a browser's "Page_files/"); an image on another site is not fetched."""
    media = (scratch / "media").resolve()
    page_folder = None if incoming.path == STDIN else incoming.path.parent.resolve()

    def target(url: str) -> str | None:
        data: bytes | None = None
        name = Path(url).name
        if incoming.kind in ("docx", "odt"):
            found = Path(url).resolve()
            if found.is_relative_to(media) and found.is_file():
                data = found.read_bytes()
        elif page_folder is not None and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
            local = (page_folder / url.split("?")[0].split("#")[0]).resolve()
            if local.is_relative_to(page_folder) and local.is_file():
                data = (
                    local.read_bytes() if local.stat().st_size <= settings.max_file_size else None
                )
        if data is None:
            return None
        name = re.sub(r"[^A-Za-z0-9._-]", "-", name).lstrip(".-") or "image"
        relative = f"{slug}/{name}"
        while relative in images and images[relative] != data:
            relative = f"{slug}/{_next_name(Path(relative).name)}"
        images[relative] = data
        return relative

    return target


def _next_name(name: str) -> str:
    stem, dot, suffix = name.partition(".")
    match = re.fullmatch(r"(.*)-(\d+)", stem)
    stem = f"{match[1]}-{int(match[2]) + 1}" if match else f"{stem}-2"
    return f"{stem}{dot}{suffix}"


def _front_matter(found: list[Field], language: str) -> str:
    lines = ["---"]
    for item in found:
        value = item.value if item.name == "date" else yaml_string(item.value)
        lines.append(f"{item.name}: {value}")
    lines.append(f"language: {language}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _updated(old: bytes, body: str, target: Path, found: list[Field], notes: list[str]) -> str:
    """The existing statement with its body replaced: its front matter is kept as it is (a
    person may have corrected it), and where the document now says otherwise, a note."""
    text = old.decode("utf-8")
    front = split_front_matter(text, target)
    for item in found:
        current = front.data.get(item.name)
        if current is None:
            notes.append(f"{item.name}: the document gives {item.value!r}; add it by hand")
        elif str(current) != item.value:
            notes.append(f"{item.name}: kept {str(current)!r}; the document gives {item.value!r}")
    head = text[: front.body_start]
    return (head.rstrip("\n") + "\n\n" if head else "") + body
