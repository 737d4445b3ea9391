"""What `polyglot new` prints: the file written, blocks and words kept, what was dropped
and why, the images, the front matter found, and what to add or check by hand."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from polyglot_statement.errors import shown_path
from polyglot_statement.intake.result import NewStatement


def render_new(result: NewStatement, out: TextIO, root: Path | None = None) -> None:
    """`root`: paths are shown from it (the workspace), else as they are."""
    where = result.path.as_posix() if root is None else shown_path(result.path, root)
    if result.dry_run:
        verb = "would update" if result.existed else "would write"
    elif not result.changed:
        verb = "unchanged"
    else:
        verb = "updated" if result.existed else "wrote"
    out.write(f"{verb} {where} from {result.source} ({result.kind})\n")
    out.write(f"kept {result.blocks_kept} blocks, {result.words_kept} of {result.words_in} words\n")
    for dropped in result.dropped:
        out.write(f"dropped {dropped.count} × {dropped.reason}\n")
    for image in result.images:
        shown = image.as_posix() if root is None else shown_path(image, root)
        out.write(f"image {shown}\n")
    for found in result.found:
        out.write(f"{found.name}: {found.value} (from {found.found_in})\n")
    for name in result.missing:
        out.write(f"{name}: not found in the document; add `{name}:` to the front matter by hand\n")
    for note in result.notes:
        out.write(f"note: {note}\n")
