"""dist/manifest.json: what the last build published, skipped, and from which inputs.

It is both the publisher's inventory (every file with its sha256, the local images and
other files each edition uses, words approved, segments that fell back to the source)
and the build's memory: an edition whose inputs' fingerprint is unchanged is taken from
the previous dist/ as it is, and a language whose fingerprint is unchanged keeps its
verdict without its catalogue being read again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from polyglot_statement.fsutil import read_bytes_or_none
from polyglot_statement.publish.readiness import percent

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 2


@dataclass(frozen=True, slots=True)
class FileRecord:
    path: str  # posix, relative to the output folder
    sha256: str
    size: int
    # The inputs' fingerprint the file was made from, when it is not its edition's: a
    # build narrowed by --format keeps the other formats' files as they were.
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class FallbackRecord:
    line: int
    kind: str
    state: str
    msgid: str


@dataclass(frozen=True, slots=True)
class EditionRecord:
    """One statement in one language: published (with files) or skipped (with reasons)."""

    statement: str
    language: str
    fingerprint: str  # sha256 over every input the edition and its verdict depend on
    published: bool
    words: int
    approved_words: int
    reasons: tuple[str, ...] = ()  # why it is not ready (kept when published with --allow-partial)
    # Why not even --allow-partial publishes it (readiness.Readiness.partial_refusals).
    refusals: tuple[str, ...] = ()
    title: str = ""
    # In the edition's language, for the front pages and feeds: the summary when it is
    # translated, and the page's description (the summary, else the first paragraph).
    summary: str = ""
    description: str = ""
    formats: dict[str, FileRecord] = field(default_factory=dict)
    # Local files its pages use (relative images, downloads), copied next to them.
    assets: tuple[FileRecord, ...] = ()
    alternates: tuple[str, ...] = ()  # the other published languages its page links to
    partial_alternates: tuple[str, ...] = ()  # those of them that are partial
    fallback_count: int = 0
    # Left empty by read_manifest unless asked for (they can be most of a large manifest).
    fallback_segments: tuple[FallbackRecord, ...] = ()
    # The record's line as read from the manifest: written back verbatim when unchanged.
    raw: str | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.statement, self.language)

    @property
    def percent_approved(self) -> float:
        return percent(self.approved_words, self.words)

    @property
    def partial(self) -> bool:
        """Published with passages in the original language (--allow-partial)."""
        return self.published and bool(self.reasons)


@dataclass(frozen=True, slots=True)
class StatementRecord:
    slug: str
    source: str  # posix path from the workspace root
    sha256: str
    title: str
    date: str | None = None  # the front matter's date: YYYY-MM-DD, or free text as written


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """The source segments a statement's published editions were made from (one record per
    version of the source still published), for `polyglot changes`."""

    statement: str
    sha256: str  # of the source file
    languages: tuple[str, ...]  # the editions in dist/ made from this version
    segments: tuple[str, ...]  # its msgids, in document order


@dataclass(slots=True)
class Manifest:
    generator: str
    source_language: str
    statements: list[StatementRecord] = field(default_factory=list)
    editions: list[EditionRecord] = field(default_factory=list)  # published and skipped
    # Editions an earlier build published that this one could not make from the current
    # text (not ready even as a partial edition, or their statement or language left the
    # workspace): their files stay in dist/ as that build made them, but no front page,
    # feed, sitemap or switcher lists them, until a build with --prune removes them.
    kept: list[EditionRecord] = field(default_factory=list)
    # What the front pages, feeds and sitemap were made from: one digest for them all
    # (equal: every one is as it was), and each one's own.
    site_digest: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    # What the published editions were translated from (publish/published_sources.py).
    sources: list[SourceRecord] = field(default_factory=list)

    @property
    def published(self) -> list[EditionRecord]:
        return [record for record in self.editions if record.published]

    @property
    def skipped(self) -> list[EditionRecord]:
        return [record for record in self.editions if not record.published]


def manifest_bytes(manifest: Manifest) -> bytes:
    """Deterministic JSON, one statement or edition per line: no dates, UTF-8.

    One line per record keeps the file readable and diffable, lets the build copy an
    unchanged record's line as it is, and lets the reader skip the fallback segments.
    """

    def section(lines: list[str]) -> str:
        return "[\n" + ",\n".join(f"    {line}" for line in lines) + "\n  ]" if lines else "[]"

    statements = [
        _line(
            {"slug": s.slug, "source": s.source, "sha256": s.sha256, "title": s.title}
            | ({"date": s.date} if s.date is not None else {})
        )
        for s in manifest.statements
    ]
    published = [record.raw or _line(_edition_json(record)) for record in manifest.published]
    skipped = [record.raw or _line(_edition_json(record)) for record in manifest.skipped]
    kept = [record.raw or _line(_edition_json(record)) for record in manifest.kept]
    sources = [
        _line(
            {
                # Not "statement" first: a reader that finds editions by their line's
                # start (`{"statement": `) must not take these for editions.
                "sha256": record.sha256,
                "statement": record.statement,
                "languages": list(record.languages),
                "segments": list(record.segments),
            }
        )
        for record in manifest.sources
    ]
    text = (
        "{\n"
        f'  "manifest_version": {MANIFEST_VERSION},\n'
        f'  "generator": {_line(manifest.generator)},\n'
        f'  "source_language": {_line(manifest.source_language)},\n'
        f'  "site_digest": {_line(manifest.site_digest)},\n'
        f'  "pages": {_line(dict(sorted(manifest.pages.items())))},\n'
        f'  "statements": {section(statements)},\n'
        f'  "editions": {section(published)},\n'
        f'  "skipped": {section(skipped)}'
        # Only when there is one: the manifest of a workspace that never kept an edition
        # stays byte for byte what earlier versions wrote.
        + (f',\n  "kept": {section(kept)}' if kept else "")
        # Last and only when there are some, as "kept": readers before it ignore it.
        + (f',\n  "sources": {section(sources)}' if sources else "")
        + "\n}\n"
    )
    return text.encode("utf-8")


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


_FALLBACKS_KEY = ', "fallback_segments": '


def _edition_json(record: EditionRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "statement": record.statement,
        "language": record.language,
    }
    if record.published:
        data["title"] = record.title
        data["summary"] = record.summary
        data["description"] = record.description
        data["formats"] = {name: _file_json(file) for name, file in record.formats.items()}
        if record.assets:
            data["assets"] = [_file_json(file) for file in record.assets]
    data["words"] = record.words
    data["approved_words"] = record.approved_words
    data["percent_approved"] = round(record.percent_approved, 2)
    data["reasons"] = list(record.reasons)
    if record.refusals:
        data["refusals"] = list(record.refusals)
    data["fingerprint"] = record.fingerprint
    if record.published:
        data["partial"] = record.partial
        data["state"] = "partial" if record.partial else "complete"
        data["alternates"] = list(record.alternates)
        data["partial_alternates"] = list(record.partial_alternates)
        data["fallback_count"] = len(record.fallback_segments)
        # Last, so that a reader can stop before it (see read_manifest).
        data["fallback_segments"] = [
            {"line": f.line, "kind": f.kind, "state": f.state, "msgid": f.msgid}
            for f in record.fallback_segments
        ]
    return data


def _file_json(file: FileRecord) -> dict[str, Any]:
    data: dict[str, Any] = {"path": file.path, "sha256": file.sha256, "size": file.size}
    if file.fingerprint is not None:
        data["fingerprint"] = file.fingerprint
    return data


def read_manifest(path: Path, fallbacks: bool = False, sources: bool = False) -> Manifest | None:
    """The previous build's manifest; None when there is none or it is not one we can use.

    Fallback segments are read only when `fallbacks` is true; otherwise each record
    has its `fallback_count` and an empty `fallback_segments`. The published sources'
    segments (`sources`) only when `sources` is true. The manifest is our own
    output, so anything unexpected in it only means a full build.
    """
    data = read_bytes_or_none(path)  # never blocks on a FIFO, never reads /dev/zero
    if data is None:
        return None
    try:
        return _parse(data.decode("utf-8"), fallbacks, sources)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _parse(text: str, fallbacks: bool, sources: bool = False) -> Manifest | None:
    lines = text.split("\n")
    if len(lines) < 9 or not lines[1].startswith('  "manifest_version": '):
        return None
    header = json.loads("{" + ",".join(line.strip().rstrip(",") for line in lines[1:6]) + "}")
    if header.get("manifest_version") != MANIFEST_VERSION:
        return None
    manifest = Manifest(
        generator=str(header["generator"]),
        source_language=str(header["source_language"]),
        site_digest=str(header["site_digest"]),
        pages={str(path): str(digest) for path, digest in header["pages"].items()},
    )
    section = ""
    for line in lines[6:]:
        if line.startswith('  "'):
            section = line[3 : line.index('"', 3)]
            continue
        if not line.startswith("    {"):
            continue
        raw = line[4:].removesuffix(",")
        if section == "statements":
            item = json.loads(raw)
            date = item.get("date")
            manifest.statements.append(
                StatementRecord(
                    item["slug"],
                    item["source"],
                    item["sha256"],
                    item["title"],
                    None if date is None else str(date),
                )
            )
        elif section in ("editions", "skipped", "kept"):
            head, cut, _ = raw.partition(_FALLBACKS_KEY)
            # json.dumps escapes every quote inside a value, so the key cannot occur in one.
            item = json.loads(raw if fallbacks or not cut else head + "}")
            record = _edition_record(item, section != "skipped", raw)
            (manifest.kept if section == "kept" else manifest.editions).append(record)
        elif section == "sources" and sources:
            item = json.loads(raw)
            manifest.sources.append(
                SourceRecord(
                    str(item["statement"]),
                    str(item["sha256"]),
                    tuple(str(code) for code in item["languages"]),
                    tuple(str(msgid) for msgid in item["segments"]),
                )
            )
    return manifest


def with_fallbacks(record: EditionRecord) -> EditionRecord:
    """The record with its fallback segments read from its manifest line, if they were not."""
    if record.fallback_segments or not record.fallback_count or record.raw is None:
        return record
    return _edition_record(json.loads(record.raw), record.published, record.raw)


def _edition_record(item: dict[str, Any], published: bool, raw: str) -> EditionRecord:
    return EditionRecord(
        statement=str(item["statement"]),
        language=str(item["language"]),
        fingerprint=str(item["fingerprint"]),
        published=published,
        words=int(item["words"]),
        approved_words=int(item["approved_words"]),
        reasons=tuple(str(reason) for reason in item["reasons"]),
        refusals=tuple(str(reason) for reason in item.get("refusals", ())),
        title=str(item.get("title", "")),
        summary=str(item.get("summary", "")),
        description=str(item.get("description", "")),
        formats={
            str(name): FileRecord(
                str(file["path"]),
                str(file["sha256"]),
                int(file["size"]),
                str(file["fingerprint"]) if "fingerprint" in file else None,
            )
            for name, file in item.get("formats", {}).items()
        },
        assets=tuple(
            FileRecord(str(file["path"]), str(file["sha256"]), int(file["size"]))
            for file in item.get("assets", ())
        ),
        alternates=tuple(str(code) for code in item.get("alternates", ())),
        partial_alternates=tuple(str(code) for code in item.get("partial_alternates", ())),
        fallback_count=int(item.get("fallback_count", 0)),
        fallback_segments=tuple(
            FallbackRecord(int(f["line"]), str(f["kind"]), str(f["state"]), str(f["msgid"]))
            for f in item.get("fallback_segments", ())
        ),
        raw=raw,
    )
