"""What `polyglot glossary validate` says about a glossary that reads well."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from polyglot_statement.errors import shown_path
from polyglot_statement.glossary.model import Glossary


def render_validate(
    glossary: Glossary, out: TextIO, err: TextIO, root: Path, languages: Sequence[str]
) -> None:
    """`languages`: the workspace's; renderings in others are neither checked nor exported."""
    out.write(
        f"{shown_path(glossary.path, root)}: {len(glossary.terms)} term(s), "
        f"renderings in {', '.join(glossary.languages) or 'no language'}\n"
    )
    out.flush()
    unused = [code for code in glossary.languages if code not in languages]
    if unused:
        err.write(
            f"note: {', '.join(unused)} not among this workspace's languages; "
            "those renderings are neither checked nor exported\n"
        )
        err.flush()
