"""Local files a statement's page uses (relative images, downloads): which, and where they go.

A statement at `source/<slug>.md` that shows `![…](images/strike.jpg)` means
`source/images/strike.jpg`; its editions live in `dist/<lang>/`, so the file is copied to
`dist/<lang>/images/strike.jpg` and the reference works unchanged in every edition (the
Markdown edition included, which stays byte for byte the source's where nothing is
translated). Only what the source itself references is copied: a translation is
untrusted and cannot make the build copy a file.

The references are read from the page the source renders to (markdown-it, as the HTML
edition is made), so what is copied is what a reader's browser asks for: `<img src>` and
`<a href>`, from Markdown or from HTML in the source. A reference is copied only when it
is a path relative to the statement that stays inside the workspace and lands inside the
output folder, on no file the build writes itself; anything else that is not a URL
(`file:`, a path from the site's root, one that leaves the workspace, a missing file) is a
warning naming the source's line, and is never copied.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import shown_path
from polyglot_statement.source import new_parser

# Where a local reference may start, in Markdown (`](target`, `[label]: target`) or HTML
# (`src=target`, `href=target`): a source with none is not rendered again (most
# statements only link to web addresses). A target with a scheme, a host, a root path or
# only a fragment does not count (a `file:` URL or a path from the site's root does: it
# is warned about). Simple patterns, checked in Python after a match: one alternation
# with lookbehinds cost a build with nothing to do a tenth more.
_TARGET = r"""(?!(?![fF][iI][lL][eE]:)[a-zA-Z][a-zA-Z0-9+.\-]*:|//|#|\?|\s|\)|["'>])"""
_LINK_TARGET = re.compile(r"\](?:\(\s*<?|:[ \t]*<?)" + _TARGET)
_ATTRIBUTE = re.compile(r"""=[ \t]*["']?""" + _TARGET)
_ATTRIBUTE_NAME = re.compile(r"(?:src|href)[ \t]*\Z", re.IGNORECASE)
_FILE_AUTOLINK = re.compile(r"<file:", re.IGNORECASE)
_REFERENCING = {"img": "src", "a": "href"}


@dataclass(frozen=True, slots=True)
class Asset:
    """A file of the workspace that the statement's editions use."""

    source: Path  # the file, resolved, inside the workspace
    relative: str  # its path from an edition's folder, posix, normalised ("images/strike.jpg")


@dataclass(frozen=True, slots=True)
class AssetProblem:
    """A reference that is not copied, and why (a warning: the build goes on)."""

    path: Path  # the statement
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class StatementAssets:
    assets: tuple[Asset, ...] = ()
    problems: tuple[AssetProblem, ...] = ()
    # Some file reached through a symbolic link below the statement's folder: the link may
    # be set to another file while every file keeps its identity (publish/unchanged.py).
    linked: bool = False


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _REFERENCING.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)

    handle_startendtag = handle_starttag


def may_have_assets(text: str) -> bool:
    """Whether a statement may reference a local file (false for most: no need to parse)."""
    for match in _LINK_TARGET.finditer(text):
        if text[match.start() + 1] == "(":
            return True
        # `[label]: target` defines a link, `[^label]: text` a footnote.
        opening = text.rfind("[", 0, match.start())
        if opening >= 0 and text[opening + 1 : opening + 2] != "^":
            return True
    if _FILE_AUTOLINK.search(text):
        return True
    return any(
        _ATTRIBUTE_NAME.search(text, max(0, match.start() - 12), match.start())
        for match in _ATTRIBUTE.finditer(text)
    )


def find_assets(
    text: str,
    body_start: int,
    source: Path,
    root: Path,
    excluded: Collection[Path],
    reserved: Collection[str],
    *,
    dialect: Dialect = COMMONMARK,
) -> StatementAssets:
    """The local files the statement `text` (read from `source`) uses, and the references
    that cannot be copied. Call it only when may_have_assets(text): it renders the text.

    `root` is the workspace; files under `excluded` folders (the output, the cache) are
    never copied; `reserved` are the output paths, relative to an edition's folder, that
    the build writes itself (`<slug>.html`, `../index.html`, …; a name ending in `/` is a
    folder of the build's own, `../<lang>/`).
    """
    folders = tuple(name for name in reserved if name.endswith("/"))
    parser = _References()
    parser.feed(_scanner(dialect).render(text[body_start:]))
    parser.close()
    workspace = root.resolve()
    folder = source.parent
    assets: dict[str, Asset] = {}
    problems: list[AssetProblem] = []
    seen: set[str] = set()
    for url in parser.urls:
        if url in seen:
            continue
        seen.add(url)
        line = _line_of(text, body_start, url)

        def problem(message: str, line: int = line) -> None:
            problems.append(AssetProblem(source, line, message))

        parts = urlsplit(url.strip())
        if parts.scheme or parts.netloc:
            if parts.scheme.lower() == "file":
                problem(f"{url} is a file on this computer, not published; not copied to dist/")
            continue  # a web address (or mailto:, tel:, data:)
        path = unquote(parts.path)
        if not path:
            continue  # `#section` or `?query`: this very page
        if path.startswith("/"):
            problem(
                f"{url} starts at the site's root, so it is not copied to dist/; write it "
                "relative to the statement (e.g. images/photo.jpg) to publish the file"
            )
            continue
        relative = posixpath.normpath(path)
        if relative in reserved:
            continue  # another edition or page of this build: it will be there
        if relative.startswith(folders):
            problem(f"{url} would land among another language's editions; not copied to dist/")
            continue
        # realpath, not resolve(): a link loop is then a file that is not there, where
        # resolve() raises (Python < 3.13).
        target = Path(os.path.realpath(folder / path))
        if not target.is_relative_to(workspace) or any(
            target.is_relative_to(other) for other in excluded
        ):
            problem(f"{url} points outside the workspace's sources; not copied to dist/")
            continue
        if posixpath.normpath(f"x/{relative}").startswith("../"):
            problem(f"{url} would land outside the output folder; not copied to dist/")
            continue
        if not target.is_file():
            shown = shown_path(Path(posixpath.normpath(folder / path)), root)
            what = "is not a file" if target.exists() else "does not exist"
            problem(f"{url}: {shown} {what}; the editions will show a broken link or image")
            continue
        assets.setdefault(relative, Asset(target, relative))
    unlinked = Path(os.path.realpath(folder))
    linked = any(
        asset.source != Path(os.path.normpath(unlinked / asset.relative))
        for asset in assets.values()
    )
    return StatementAssets(
        tuple(assets[key] for key in sorted(assets)), tuple(problems), linked=linked
    )


def _line_of(text: str, body_start: int, url: str) -> int:
    """The line where the source writes `url`: first as a link or image destination, an
    HTML attribute or a definition (a bare search found `g` in any earlier word)."""
    written = re.compile(
        r"(?:\]\(\s*<?|\]:[ \t]*<?|=\s*[\"']?|<)" + re.escape(url) + r"(?=[\s)>\"']|$)"
    )
    match = written.search(text, body_start)
    at = match.start() if match is not None else text.find(url, body_start)
    if at < 0:
        at = body_start  # written differently (escaped): the body's first line
    return text.count("\n", 0, at) + 1


class _EveryLinkParser(MarkdownIt):
    """The renderer's reading, except that every link counts: the page shows a `file:` or
    `javascript:` link as text, and the author should hear why rather than see it."""

    def validateLink(self, url: str) -> bool:
        return True


@lru_cache(maxsize=4)
def _scanner(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    return new_parser(_EveryLinkParser, dialect=dialect)
