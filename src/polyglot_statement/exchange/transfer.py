"""`polyglot export --format xliff` and `polyglot import`.

`export_xliff` writes one document per statement and language; `import_xliff` brings
translations back into the catalogues (exchange/apply.py decides unit by unit), checks
what came in as `polyglot check` would, and writes each changed catalogue atomically
under the workspace lock, merging again from a translator's save made meanwhile.
"""

from __future__ import annotations

import dataclasses
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from polyglot_statement.checks import ALL_CHECKS, Finding, catalog_findings
from polyglot_statement.config import Settings, select_languages
from polyglot_statement.errors import CatalogError, UsageError, XliffError, shown_path
from polyglot_statement.exchange import xliff2
from polyglot_statement.exchange.apply import (
    IMPORTED,
    NOT_IMPORTED,
    Outcome,
    apply_units,
)
from polyglot_statement.exchange.xliff import (
    IncomingFile,
    document_chunks,
    read_document,
)
from polyglot_statement.fsutil import (
    ConcurrentEdit,
    FileVersion,
    InputBounds,
    Staging,
    commit_staged,
    fsync_directory,
    read_input,
    read_version,
    refuse_folder_led_out,
    refuse_unreplaceable,
    stage_chunks,
    workspace_lock,
)
from polyglot_statement.glossary import Glossary, glossary_for_settings
from polyglot_statement.languages import bcp47
from polyglot_statement.po import Catalog, format_po, iter_po, parse_po
from polyglot_statement.progress import Listener, ignore, lock_waiter
from polyglot_statement.source import (
    select_statement_paths,
    statement_definitions,
    statement_paths,
)

MAX_ATTEMPTS = 10
"""How many times import redoes a catalogue saved by someone while it ran."""


# ---------------------------------------------------------------- export


@dataclass(frozen=True, slots=True)
class ExportedDocument:
    path: Path
    statement: str
    language: str
    approved: int
    fuzzy: int
    untranslated: int
    written: bool  # False: the file already held exactly this


@dataclass(frozen=True, slots=True)
class XliffExport:
    documents: tuple[ExportedDocument, ...] = ()


def document_name(slug: str, language: str) -> str:
    return f"{slug}.{bcp47(language)}.xlf"


def export_xliff(
    settings: Settings, languages: Sequence[str], statements: Sequence[str], folder: Path
) -> XliffExport:
    """One XLIFF 1.2 document per chosen statement and language, written into `folder`.

    Reads only; each document is written atomically (an unchanged one is left as it is).
    A missing catalogue is a UsageError: run `polyglot extract` first.
    """
    chosen = select_languages(settings, languages)
    paths = select_statement_paths(settings, statements)
    glossary = glossary_for_settings(settings)
    notes = glossary.notes if glossary is not None else None
    # Each document goes to a temp file beside its target as it is converted, a part at a
    # time as its entries are read (po.iter_po), so no catalogue is held whole; the renames
    # come after the last one.
    staged: list[tuple[Path | None, ExportedDocument]] = []
    try:
        for path in paths:
            slug = path.stem
            original = shown_path(path, settings.root, resolve=True)
            for language in chosen:
                catalogue = settings.catalog_path(language, slug)
                data = read_input(catalogue, CatalogError, settings.bounds)
                if data is None:
                    shown = shown_path(catalogue, settings.root, resolve=True)
                    raise UsageError(
                        f"no catalogue for {language} of {slug!r} ({shown}); "
                        "run `polyglot extract` first"
                    )
                target = folder / document_name(slug, language)
                refuse_folder_led_out(target, settings.root)
                counts: dict[str, int] = {}
                chunks = _begun(
                    document_chunks(
                        # The header has no msgid, as no exported entry: it is left out.
                        iter_po(data, catalogue),
                        original,
                        settings.source_language,
                        language,
                        notes,
                        counts,
                        dialect=settings.markdown,
                    )
                )
                temp = _stage_output(target, chunks)
                del data
                document = ExportedDocument(
                    target,
                    slug,
                    language,
                    counts["approved"],
                    counts["fuzzy"],
                    counts["untranslated"],
                    temp is not None,
                )
                staged.append((temp, document))
        for temp, document in staged:
            if temp is not None:
                commit_staged(temp, document.path)
        for folder_written in sorted({document.path.parent for _, document in staged}):
            fsync_directory(folder_written)
    finally:
        for temp, _ in staged:
            if temp is not None:
                temp.unlink(missing_ok=True)  # gone already when committed
    return XliffExport(tuple(document for _, document in staged))


def _begun(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """`chunks` with its first chunk made: a catalogue that cannot be read (its first piece
    is read by then, the whole of a catalogue under 1 MB) fails before a folder or a temp
    file is made for its document."""
    return chain((next(chunks),), chunks)


def _stage_output(target: Path, chunks: Iterable[bytes]) -> Path | None:
    """The temp file beside `target` that holds `chunks`; None (and no temp file) when the
    target already holds exactly those bytes. As `write_atomic` does: a link at `target` is
    replaced, a FIFO, a device or a folder there is refused."""
    refuse_unreplaceable(target)
    temp = stage_chunks(target, chunks)
    if _same_content(temp, target):
        temp.unlink()
        return None
    return temp


def _same_content(first: Path, second: Path, block: int = 1 << 20) -> bool:
    """Whether two files hold the same bytes, read a block at a time (False when the second
    is not a regular file)."""
    try:
        if not stat.S_ISREG(os.stat(second).st_mode):
            return False
        if os.stat(first).st_size != os.stat(second).st_size:
            return False
        with first.open("rb") as one, second.open("rb") as other:
            while True:
                piece = one.read(block)
                if piece != other.read(block):
                    return False
                if not piece:
                    return True
    except OSError:
        return False


# ---------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class CatalogueImport:
    """What one <file> of an XLIFF document did to its catalogue."""

    source: Path  # the XLIFF file
    catalogue: Path
    statement: str
    language: str
    outcomes: tuple[Outcome, ...] = ()

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def not_imported(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status in NOT_IMPORTED]


@dataclass(frozen=True, slots=True)
class XliffImport:
    imports: tuple[CatalogueImport, ...] = ()
    findings: tuple[Finding, ...] = ()  # at the XLIFF target's line
    written: tuple[Path, ...] = ()

    @property
    def not_imported(self) -> list[Outcome]:
        return [outcome for item in self.imports for outcome in item.not_imported]


def read_xliff_files(settings: Settings, files: Sequence[Path]) -> list[IncomingFile]:
    """Every <file> of the given documents, checked against the workspace (XliffError)."""
    slugs = [path.stem for path in statement_paths(settings)]
    bounds = InputBounds((), settings.max_file_size)
    incoming: list[IncomingFile] = []
    for path in files:
        data = read_input(path, XliffError, bounds)
        if data is None:
            raise XliffError("no such file", path)
        read = xliff2.read_document if xliff2.is_xliff2(data) else read_document
        incoming.extend(read(data, path, slugs, settings.source_language, settings.languages))
    return incoming


def import_xliff(
    settings: Settings,
    files: Sequence[Path],
    overwrite: bool = False,
    on_event: Listener = ignore,
) -> XliffImport:
    """Bring the translations of XLIFF documents into their catalogues.

    Every document is read and checked before anything is written; a malformed one, or
    one for an unknown statement or language, raises XliffError and nothing is written.
    """
    incoming = read_xliff_files(settings, files)
    glossary = glossary_for_settings(settings)
    by_catalogue: dict[Path, list[IncomingFile]] = {}
    for item in incoming:
        by_catalogue.setdefault(settings.catalog_path(item.language, item.statement), []).append(
            item
        )
    with workspace_lock(
        settings.cache_path, "import", lock_waiter(on_event), clean=settings.temp_folders
    ):
        results: dict[Path, tuple[list[CatalogueImport], list[Finding]]] = {}
        staging = Staging(settings.bounds)
        try:
            for catalogue, items in by_catalogue.items():
                data, version, results[catalogue] = _import_one(
                    settings, catalogue, items, overwrite, glossary
                )
                staging.stage(catalogue, data, version)
            changed = staging.commit_current()
            for _ in range(1, MAX_ATTEMPTS):
                if not changed:
                    break
                for catalogue in changed:
                    data, version, results[catalogue] = _import_one(
                        settings, catalogue, by_catalogue[catalogue], overwrite, glossary
                    )
                    staging.stage(catalogue, data, version)
                changed = staging.commit_current()
        except BaseException:
            staging.abort()
            raise
        if changed:
            raise ConcurrentEdit(
                f"saved again each of the {MAX_ATTEMPTS} times import read it; it was left as "
                "saved: import the file again when nobody is saving it",
                changed[0],
            )
    return XliffImport(
        imports=tuple(item for catalogue in by_catalogue for item in results[catalogue][0]),
        findings=tuple(found for catalogue in by_catalogue for found in results[catalogue][1]),
        written=tuple(staging.committed),
    )


def _import_one(
    settings: Settings,
    catalogue: Path,
    items: list[IncomingFile],
    overwrite: bool,
    glossary: Glossary | None,
) -> tuple[bytes, FileVersion, tuple[list[CatalogueImport], list[Finding]]]:
    """The catalogue's new bytes, the version they are based on, and what happened."""
    data, version = read_version(catalogue, CatalogError, settings.bounds)
    if data is None:
        first = items[0]
        raise XliffError(
            f"there is no catalogue for {first.language} of {first.statement!r} yet; run "
            "`polyglot extract` first",
            first.path,
            first.line,
        )
    catalog = parse_po(data, catalogue)
    imports: list[CatalogueImport] = []
    for item in items:
        outcomes = apply_units(catalog, item.units, overwrite, dialect=settings.markdown)
        imports.append(
            CatalogueImport(item.path, catalogue, item.statement, item.language, tuple(outcomes))
        )
    new = format_po(catalog)
    findings = _findings(settings, catalogue, catalog, new, imports, glossary)
    return new, version, (imports, findings)


def _findings(
    settings: Settings,
    catalogue: Path,
    catalog: Catalog,
    data: bytes,
    imports: list[CatalogueImport],
    glossary: Glossary | None,
) -> list[Finding]:
    """The checks' findings on the imported entries, each at its unit's target line."""
    lines: dict[str, tuple[Path, int]] = {}
    for item in imports:
        for outcome in item.outcomes:
            if outcome.status == IMPORTED and outcome.msgid is not None:
                lines[outcome.msgid] = (item.source, outcome.unit.target_line)
    if not lines:
        return []
    first = imports[0]
    language_glossary = glossary.for_language(first.language) if glossary is not None else None
    found = catalog_findings(
        catalog,
        catalogue,
        first.statement,
        first.language,
        settings.source_language,
        ALL_CHECKS,
        language_glossary,
        statement_definitions(settings, first.statement),
        dialect=settings.markdown,
    )
    return [
        dataclasses.replace(finding, path=lines[finding.msgid][0], line=lines[finding.msgid][1])
        for finding in found
        if finding.msgid in lines
    ]
