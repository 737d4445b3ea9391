"""What `polyglot init` says: each file and folder it made, and what it is for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from polyglot_statement.workspace import Created


def render_init(created: Sequence[Created], out: TextIO, err: TextIO, languages: bool) -> None:
    """`languages`: whether a target language was given (else a note says how to add one)."""
    width = max(len(str(item.path)) for item in created)
    for item in created:
        out.write(f"created {item.path!s:<{width}}  {item.what}\n")
    out.flush()
    if not languages:
        settings = created[0].path
        err.write(
            f"note: no target language given (--lang CODE): only the original is published "
            f'until {settings} lists some, e.g. languages = ["es", "fr"]\n'
        )
        err.flush()
