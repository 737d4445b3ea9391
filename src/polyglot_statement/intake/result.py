"""What `polyglot new` found and did: the value every caller (the CLI, tests, the
benchmark) reads, and the report renders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.intake.fields import Field
from polyglot_statement.intake.inputs import Kind


@dataclass(frozen=True, slots=True)
class Dropped:
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class NewStatement:
    source: str  # the input as the user named it
    kind: Kind
    slug: str
    path: Path  # source/<slug>.md
    markdown: str  # the whole file: front matter and body
    body: str
    found: tuple[Field, ...]  # front matter filled from the document
    missing: tuple[str, ...]  # fields to add by hand
    blocks_in: int
    words_in: int
    blocks_kept: int
    words_kept: int
    dropped: tuple[Dropped, ...]
    images: tuple[Path, ...]  # written (or to be written) under source/<slug>/
    notes: tuple[str, ...]  # what a person should look at: a typo, an image without alt…
    existed: bool  # the slug had a source (updated with --update)
    changed: bool  # the file differs from what is there
    dry_run: bool
