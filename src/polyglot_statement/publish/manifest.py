"""dist/manifest.json: what the last build published, skipped, and from which inputs.

It is both the publisher's inventory (every file with its sha256, words approved,
segments that fell back to the source) and the build's memory: an edition whose inputs'
fingerprint is unchanged is taken from the previous dist/ as it is, and a language whose
fingerprint is unchanged keeps its verdict without its catalogue being read again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1


@dataclass(frozen=True, slots=True)
class FileRecord:
    path: str  # posix, relative to the output folder
    sha256: str
    size: int


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
    title: str = ""
    formats: dict[str, FileRecord] = field(default_factory=dict)
    alternates: tuple[str, ...] = ()  # the other published languages its page links to
    fallback_segments: tuple[FallbackRecord, ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.statement, self.language)

    @property
    def percent_approved(self) -> float:
        return 100.0 if self.words == 0 else 100.0 * self.approved_words / self.words


@dataclass(frozen=True, slots=True)
class StatementRecord:
    slug: str
    source: str  # posix path from the workspace root
    sha256: str
    title: str


@dataclass(slots=True)
class Manifest:
    generator: str
    source_language: str
    statements: list[StatementRecord] = field(default_factory=list)
    editions: list[EditionRecord] = field(default_factory=list)  # published and skipped

    @property
    def published(self) -> list[EditionRecord]:
        return [record for record in self.editions if record.published]

    @property
    def skipped(self) -> list[EditionRecord]:
        return [record for record in self.editions if not record.published]


def manifest_bytes(manifest: Manifest) -> bytes:
    """Deterministic JSON: fixed key order, no dates, UTF-8, one trailing newline."""
    data = {
        "manifest_version": MANIFEST_VERSION,
        "generator": manifest.generator,
        "source_language": manifest.source_language,
        "statements": [
            {"slug": s.slug, "source": s.source, "sha256": s.sha256, "title": s.title}
            for s in manifest.statements
        ],
        "editions": [_edition_json(record) for record in manifest.published],
        "skipped": [_edition_json(record) for record in manifest.skipped],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _edition_json(record: EditionRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "statement": record.statement,
        "language": record.language,
    }
    if record.published:
        data["title"] = record.title
        data["formats"] = {
            name: {"path": file.path, "sha256": file.sha256, "size": file.size}
            for name, file in record.formats.items()
        }
    data["words"] = record.words
    data["approved_words"] = record.approved_words
    data["percent_approved"] = round(record.percent_approved, 2)
    data["reasons"] = list(record.reasons)
    if record.published:
        data["partial"] = bool(record.reasons)
        data["alternates"] = list(record.alternates)
        data["fallback_segments"] = [
            {"line": f.line, "kind": f.kind, "state": f.state, "msgid": f.msgid}
            for f in record.fallback_segments
        ]
    data["fingerprint"] = record.fingerprint
    return data


def read_manifest(path: Path) -> Manifest | None:
    """The previous build's manifest; None when there is none or it is not one we can use.

    The manifest is our own output, so anything unexpected in it only means a full build.
    """
    try:
        data = json.loads(path.read_bytes())
        if data.get("manifest_version") != MANIFEST_VERSION:
            return None
        return Manifest(
            generator=str(data["generator"]),
            source_language=str(data["source_language"]),
            statements=[
                StatementRecord(s["slug"], s["source"], s["sha256"], s["title"])
                for s in data["statements"]
            ],
            editions=[_edition_record(item, published=True) for item in data["editions"]]
            + [_edition_record(item, published=False) for item in data["skipped"]],
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _edition_record(item: dict[str, Any], published: bool) -> EditionRecord:
    return EditionRecord(
        statement=str(item["statement"]),
        language=str(item["language"]),
        fingerprint=str(item["fingerprint"]),
        published=published,
        words=int(item["words"]),
        approved_words=int(item["approved_words"]),
        reasons=tuple(str(reason) for reason in item["reasons"]),
        title=str(item.get("title", "")),
        formats={
            str(name): FileRecord(str(file["path"]), str(file["sha256"]), int(file["size"]))
            for name, file in item.get("formats", {}).items()
        },
        alternates=tuple(str(code) for code in item.get("alternates", ())),
        fallback_segments=tuple(
            FallbackRecord(int(f["line"]), str(f["kind"]), str(f["state"]), str(f["msgid"]))
            for f in item.get("fallback_segments", ())
        ),
    )
