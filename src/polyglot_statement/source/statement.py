"""Source statements: find them in the workspace, read them, segment them."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from polyglot_statement.config import Settings
from polyglot_statement.errors import SourceError, UsageError, shown_path
from polyglot_statement.fsutil import InputBounds, fault, read_utf8, unusable_name
from polyglot_statement.source.document import Document
from polyglot_statement.source.references import LinkDefinitions
from polyglot_statement.source.segment import link_definitions, segment_document


@dataclass(frozen=True, slots=True)
class Statement:
    slug: str
    path: Path
    relative_path: str  # posix path from the workspace root, as written in `#:` lines
    document: Document
    metadata: dict[str, Any]

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def title(self) -> str:
        """The title on one line (it also names the statement in catalogue headers)."""
        title = " ".join(str(self.metadata.get("title") or "").split())
        return title or self.slug


# The one statement name no workspace may use.
PAGE_WORDS_STATEMENT = "polyglot-pages.md"

# Each language's front page is dist/<lang>/index.html: a statement of that name had its
# edition written over by the front page (compared folded: a web host on macOS or Windows
# takes Index.html for index.html).
_FRONT_PAGE_SLUG = "index"

# Every file a statement's name gives (`.<slug>.<lang>.xlf.<pid>.<random>.polyglot-tmp`,
# the longest, while it is written) must fit the 255 bytes most file systems allow.
MAX_SLUG_BYTES = 200


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a statement, or None."""
    if slug.casefold() == _FRONT_PAGE_SLUG:
        return (
            "a statement may not be named `index`: each language's front page is "
            "dist/<lang>/index.html and would be written over its edition; rename it"
        )
    if len(slug.encode()) > MAX_SLUG_BYTES:
        return (
            f"the statement's name is {len(slug.encode())} bytes long; the files made from it "
            f"(catalogues, editions, their temp files) need it at most {MAX_SLUG_BYTES}: "
            "rename it shorter"
        )
    return None


def _same_on_other_systems(paths: Sequence[Path]) -> None:
    """Two statements whose names differ only by letter case or Unicode normalisation
    (`café.md` composed and decomposed) are one file on macOS and Windows, and their
    catalogues and editions would be written over each other there: refused."""
    seen: dict[str, Path] = {}
    for path in paths:
        folded = unicodedata.normalize("NFC", path.name).casefold()
        first = seen.setdefault(folded, path)
        if first is not path:
            raise SourceError(
                f"its name differs from {first.name!r} only by letter case or Unicode "
                "normalisation; on macOS and Windows they are one file, and their "
                "catalogues and editions would overwrite each other: rename one",
                path,
            )


def statement_paths(settings: Settings) -> list[Path]:
    folder = settings.source_path
    if not folder.is_dir():
        raise SourceError(
            "the source folder does not exist; create it and put statements (*.md) in it",
            folder,
        )
    try:
        # Not glob(): it takes a folder it may not read for an empty one, and a build
        # would then unpublish every statement.
        names = os.listdir(folder)
    except OSError as error:
        raise fault(error, folder, "list the statements") from None
    if PAGE_WORDS_STATEMENT in names:
        # Its catalogues would be the page words' (publish/page_text.py), and extract
        # would write over them.
        raise SourceError(
            "this name is kept for the catalogues of the page's own words "
            "(locales/<lang>/LC_MESSAGES/polyglot-pages.po); rename the statement",
            folder / PAGE_WORDS_STATEMENT,
        )
    names = sorted(name for name in names if name.endswith(".md"))
    for name in names:
        problem = unusable_name(name)
        if problem is not None:
            raise SourceError(problem, folder)
        problem = slug_problem(name[: -len(".md")])
        if problem is not None:
            raise SourceError(problem, folder / name)
    paths = [folder / name for name in names]
    _same_on_other_systems(paths)
    return paths


def read_statement(settings: Settings, path: Path, bounds: InputBounds | None = None) -> Statement:
    """The statement at `path`, segmented (`bounds`: the run's, else the settings')."""
    text = read_utf8(path, SourceError, settings.bounds if bounds is None else bounds)
    sentence_language = settings.source_language if settings.segmentation == "sentence" else None
    document = segment_document(
        text,
        path,
        front_matter_fields=settings.front_matter_fields,
        sentence_language=sentence_language,
        dialect=settings.markdown,
    )
    return Statement(
        slug=path.stem,
        path=path,
        relative_path=shown_path(path, settings.root, resolve=True),
        document=document,
        metadata=document.metadata,
    )


def statement_definitions(settings: Settings, slug: str) -> LinkDefinitions:
    """The link definitions of a statement, for checking its catalogues' reference links."""
    path = settings.source_path / f"{slug}.md"
    text = read_utf8(path, SourceError, settings.bounds)  # (its max-file-size)
    return link_definitions(text, path, dialect=settings.markdown)


def select_statement_paths(settings: Settings, only: Sequence[str] = ()) -> list[Path]:
    """The workspace's statement files, or those whose slug is in `only`, in workspace order."""
    paths = statement_paths(settings)
    if not only:
        return paths
    known = {path.stem: path for path in paths}
    missing = [slug for slug in only if slug not in known]
    if missing:
        raise UsageError(
            f"no statement {missing[0]!r} in {settings.source_dir}/; "
            f"known: {', '.join(sorted(known)) or 'none'}"
        )
    wanted = set(only)
    return [path for path in paths if path.stem in wanted]


def select_statement_slugs(settings: Settings, only: Sequence[str] = ()) -> list[str]:
    return [path.stem for path in select_statement_paths(settings, only)]


def load_statements(settings: Settings, only: Sequence[str] = ()) -> list[Statement]:
    """Every statement of the workspace, or those whose slug is in `only`."""
    return [read_statement(settings, path) for path in select_statement_paths(settings, only)]
