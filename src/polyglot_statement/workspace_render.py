"""What `polyglot init` says: each file and folder it made, what it is for, and the
Markdown dialect the workspace reads."""

from __future__ import annotations

from typing import TextIO

from polyglot_statement.source.dialect_detect import mixed_warning
from polyglot_statement.workspace import Initialised


def render_init(done: Initialised, out: TextIO, err: TextIO, languages: bool) -> None:
    """`languages`: whether a target language was given (else a note says how to add one)."""
    created = done.created
    width = max(len(str(item.path)) for item in created)
    for item in created:
        out.write(f"created {item.path!s:<{width}}  {item.what}\n")
    seen = ""
    if done.hint is not None:
        seen = f", for {done.hint.what} at {done.hint.path}:{done.hint.line}"
    out.write(f"Markdown: {done.markdown.describe()}{seen}\n")
    out.flush()
    if done.hint is not None and done.other is not None:
        shown = str(done.other.path)
        err.write(f"warning: {mixed_warning(done.hint, done.other, done.markdown, shown)}\n")
        err.flush()
    if not languages:
        settings = created[0].path
        err.write(
            f"note: no target language given (--lang CODE): only the original is published "
            f'until {settings} lists some, e.g. languages = ["es", "fr"]\n'
        )
        err.flush()
