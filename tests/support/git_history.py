"""A workspace with a git history made in the test: several authors and dates, a machine
pre-fill, and Weblate-style commits (the translator as author, Weblate as committer, its
message and trailers), for the activity columns and the contributor report.

The statement's segments and their words (publish.word_count):

    "Note"                             1
    "Solidarity with workers"          3
    "The union supports the strike."   5
    "Wages must rise now."             4
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyglot_statement.cli import main
from polyglot_statement.po import MACHINE_COMMENT_PREFIX, format_po, read_po

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

TITLE, HEADING, UNION, WAGES = (
    "Note",
    "Solidarity with workers",
    "The union supports the strike.",
    "Wages must rise now.",
)
STATEMENT = f"""---
title: {TITLE}
---

# {HEADING}

{UNION}

{WAGES}
"""
COORDINATOR = ("Coordinator", "coord@example.org")
ANA = ("Ana Pérez", "ana@example.org")
BEA = ("Bea Ruiz", "bea@example.org")
CHLOE = ("Chloé Martin", "chloe@example.org")
WEBLATE = ("Weblate", "noreply@weblate.org")


def git(workspace: Path, *args: str, env: dict[str, str] | None = None) -> str:
    environment = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        **(env or {}),
    }
    done = subprocess.run(
        ["git", *args], cwd=workspace, env=environment, capture_output=True, text=True, check=True
    )
    return done.stdout


def commit(
    workspace: Path,
    message: str,
    author: tuple[str, str],
    date: str,
    committer: tuple[str, str] | None = None,
) -> None:
    committer = committer or author
    git(workspace, "add", "-A")
    git(
        workspace,
        "commit",
        "-q",
        "-m",
        message,
        env={
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": committer[0],
            "GIT_COMMITTER_EMAIL": committer[1],
            "GIT_COMMITTER_DATE": date,
        },
    )


def catalogue(workspace: Path, language: str) -> Path:
    return workspace / "locales" / language / "LC_MESSAGES" / "note.po"


def edit(
    workspace: Path,
    language: str,
    changes: dict[str, tuple[str, str]],
    translator: str | None = None,
    revised: str | None = None,
) -> None:
    """Set entries: msgid → (msgstr, state), state "approved", "review" or "machine";
    and the Last-Translator and PO-Revision-Date headers when given."""
    path = catalogue(workspace, language)
    catalog = read_po(path)
    for entry in catalog.entries:
        if entry.msgid in changes:
            text, state = changes[entry.msgid]
            entry.msgstr = text
            entry.set_fuzzy(state in ("review", "machine"))
            entry.translator_comments = (
                [f"{MACHINE_COMMENT_PREFIX} deepl"] if state == "machine" else []
            )
    if translator is not None:
        catalog.set_header("Last-Translator", translator)
    if revised is not None:
        catalog.set_header("PO-Revision-Date", revised)
    path.write_bytes(format_po(catalog))


def weblate_message(language_name: str, slug: str, code: str, co_authors: str = "") -> str:
    message = (
        f"Translated using Weblate ({language_name})\n\n"
        "Currently translated at 100.0% (4 of 4 strings)\n\n"
        f"Translation: unions/{slug}\n"
        f"Translate-URL: https://hosted.weblate.org/projects/unions/{slug}/{code}/\n"
    )
    return message + (f"\n{co_authors}\n" if co_authors else "")


def make_workspace(folder: Path) -> Path:
    """A workspace (es, fr) with one statement, note.md, extracted, not yet in git."""
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(folder), "--lang", "es", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    for example in (folder / "source").glob("*.md"):
        example.unlink()
    (folder / "source" / "note.md").write_text(STATEMENT, encoding="utf-8")
    result = runner.invoke(main, ["-C", str(folder), "extract"])
    assert result.exit_code == 0, result.output
    for stray in (folder / "locales").rglob("first-statement.po*"):
        stray.unlink()
    return folder


def make_history(folder: Path) -> Path:
    """make_workspace, then this history (dates in 2026):

    1. 01-05 Coordinator: the workspace, nothing translated.
    2. 02-10 Ana (es): HEADING approved, UNION needs review (8 words translated).
    3. 02-11 Coordinator (fr): WAGES machine pre-fill (no person's work).
    4. 03-01 Bea via Weblate (es): UNION approved (5 reviewed), WAGES approved
       (4 translated); the header says Bea at 09:00, the commit 10:00.
    5. 03-02 Chloé via Weblate (fr): WAGES approved (4 reviewed), a co-author named.
    """
    workspace = make_workspace(folder)
    git(workspace, "init", "-q", "-b", "main")
    commit(workspace, "Add the note", COORDINATOR, "2026-01-05T09:00:00+00:00")
    edit(workspace, "es", {HEADING: ("Solidaridad con los trabajadores", "approved")})
    edit(workspace, "es", {UNION: ("El sindicato apoya la huelga.", "review")})
    commit(workspace, "es: first draft", ANA, "2026-02-10T18:30:00-05:00")
    edit(workspace, "fr", {WAGES: ("Les salaires doivent augmenter.", "machine")})
    commit(workspace, "fr: machine translation", COORDINATOR, "2026-02-11T08:00:00+01:00")
    edit(
        workspace,
        "es",
        {
            UNION: ("El sindicato apoya la huelga.", "approved"),
            WAGES: ("Los salarios deben subir ya.", "approved"),
        },
        translator=f"{BEA[0]} <{BEA[1]}>",
        revised="2026-03-01 09:00+0100",
    )
    commit(
        workspace,
        weblate_message("Spanish", "note", "es"),
        BEA,
        "2026-03-01T10:00:00+01:00",
        committer=WEBLATE,
    )
    edit(
        workspace,
        "fr",
        {WAGES: ("Les salaires doivent augmenter.", "approved")},
        translator=f"{CHLOE[0]} <{CHLOE[1]}>",
        revised="2026-03-02 11:00+0100",
    )
    commit(
        workspace,
        weblate_message("French", "note", "fr", "Co-authored-by: Dan Roy <dan@example.org>"),
        CHLOE,
        "2026-03-02T11:05:00+01:00",
        committer=WEBLATE,
    )
    return workspace
