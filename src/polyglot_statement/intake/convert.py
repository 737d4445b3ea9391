"""The one door to pandoc (shipped by pypandoc-binary): office documents and HTML to its
document tree (JSON), and a tree back to Markdown.

Pandoc runs in its sandbox (`--sandbox`: its readers touch no file or network but the
input), under a time limit, so a hostile document can neither fetch a URL nor hang a run.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from polyglot_statement.errors import ConversionError

PANDOC_SECONDS = 120
# GitHub-flavoured Markdown without raw HTML: CommonMark, pipe tables and footnotes are
# what source/markdown_syntax.py reads; raw HTML would be markup a translator never sees.
MARKDOWN = "gfm-raw_html"

Tree = dict[str, Any]


@cache
def pandoc_path() -> str:
    import pypandoc  # imported late: it looks for its binary when imported

    return str(pypandoc.get_pandoc_path())


def _run(arguments: list[str], data: bytes, path: Path) -> bytes:
    try:
        done = subprocess.run(
            [pandoc_path(), "--sandbox", *arguments],
            input=data,
            capture_output=True,
            timeout=PANDOC_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ConversionError(
            f"took pandoc more than {PANDOC_SECONDS} s to read; open it in its program, save "
            "it again, and bring in the saved copy",
            path,
        ) from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionError(
            f"cannot be read ({reason[-1] if reason else 'pandoc failed'}); open it in its "
            "program, save it again, and bring in the saved copy",
            path,
        )
    return done.stdout


def office_tree(data: bytes, kind: str, media: Path, path: Path) -> Tree:
    """The tree of a .docx or .odt, tracked changes accepted, its images written under
    `media` (named as inside the document, so a re-run names them alike)."""
    with tempfile.TemporaryDirectory(prefix="polyglot-intake-") as folder:
        document = Path(folder, f"statement.{kind}")
        document.write_bytes(data)
        out = _run(
            [
                "--from",
                kind,
                "--to",
                "json",
                "--track-changes=accept",
                f"--extract-media={media}",
                str(document),
            ],
            b"",
            path,
        )
    tree: Tree = json.loads(out)
    return tree


def html_tree(html: str, path: Path) -> Tree:
    """The tree of an HTML fragment (already sanitised and reduced to its main text)."""
    out = _run(["--from", "html", "--to", "json"], html.encode("utf-8"), path)
    tree: Tree = json.loads(out)
    return tree


@cache
def api_version() -> list[int]:
    """The tree format this pandoc reads, for trees made here (plain text)."""
    version: list[int] = json.loads(_run(["--from", "html", "--to", "json"], b"", Path("-")))[
        "pandoc-api-version"
    ]
    return version


def tree_markdown(tree: Tree, path: Path) -> str:
    out = _run(
        ["--from", "json", "--to", MARKDOWN, "--wrap=none"],
        json.dumps(tree).encode("utf-8"),
        path,
    )
    return out.decode("utf-8")
