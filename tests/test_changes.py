"""`polyglot changes`: the source segments added, changed or removed since each language's
published edition, with old and new text and what is still to review; and the manifest's
`sources` section the build writes for it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from polyglot_statement.cli import main
from polyglot_statement.config import load_settings
from polyglot_statement.publish import read_manifest
from polyglot_statement.status.changes import ChangeKind, compute_changes

SLUG = "wftu-andean-solidarity-peru"
CHANGED_OLD = "The open letter states the following:"
CHANGED_NEW = "The open letter states this:"
REMOVED_PREFIX = "The open letter condemns the repression"
ADDED = "A closing paragraph written after publication."


def polyglot(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(workspace), *args])
    return result.exit_code, result.stdout, result.stderr


def build(workspace: Path, *args: str) -> None:
    code, stdout, stderr = polyglot(workspace, "build", *args)
    assert code == 0, stdout + stderr


def edit_source(workspace: Path) -> str:
    """Change one paragraph, remove one, add one; bring the catalogues up to date. The
    removed paragraph's text."""
    path = workspace / "source" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    removed = next(line for line in text.splitlines() if line.startswith(REMOVED_PREFIX))
    assert CHANGED_OLD in text
    text = text.replace(CHANGED_OLD, CHANGED_NEW).replace(removed + "\n\n", "")
    path.write_text(text.rstrip("\n") + f"\n\n{ADDED}\n", encoding="utf-8")
    code, stdout, stderr = polyglot(workspace, "extract")
    assert code == 0, stdout + stderr
    return removed


def test_nothing_published_yet(workspace: Path) -> None:
    code, stdout, _ = polyglot(workspace, "changes")
    assert code == 0
    assert stdout.startswith("nothing published yet")
    _, stdout, _ = polyglot(workspace, "changes", "--format", "json")
    assert json.loads(stdout)["published"] is False


def test_no_change_after_a_build(workspace: Path) -> None:
    build(workspace)
    _, stdout, _ = polyglot(workspace, "changes")
    assert stdout.splitlines() == [
        f"es  {SLUG}: no change since the published edition",
        f"fr  {SLUG}: no change since the published edition",
        f"pt  {SLUG}: no change since the published edition",
        "ar: no published edition",
        "qu: no published edition",
    ]


def test_changed_added_and_removed_with_old_and_new_text(workspace: Path) -> None:
    build(workspace)
    removed = edit_source(workspace)
    settings = load_settings(workspace)
    report = compute_changes(settings, ["es"])
    (edition,) = report.editions
    assert (edition.statement, edition.language, edition.recorded) == (SLUG, "es", True)
    kinds = {change.kind: change for change in edition.changes}
    assert sorted(kinds) == sorted(ChangeKind)
    changed = kinds[ChangeKind.CHANGED]
    assert (changed.old, changed.new, changed.state) == (CHANGED_OLD, CHANGED_NEW, "needs review")
    added = kinds[ChangeKind.ADDED]
    assert (added.old, added.new, added.state) == (None, ADDED, "untranslated")
    source_lines = (workspace / "source" / f"{SLUG}.md").read_text().splitlines()
    assert source_lines[added.line - 1] == ADDED
    gone = kinds[ChangeKind.REMOVED]
    assert (gone.old, gone.new, gone.state, gone.to_review) == (removed, None, None, False)
    assert edition.to_review == 2


def test_text_format(workspace: Path) -> None:
    build(workspace)
    removed = edit_source(workspace)
    code, stdout, _ = polyglot(workspace, "changes", "es")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == f"es  {SLUG}: 3 changes since the published edition, 2 to review"
    assert f"    - {CHANGED_OLD}" in lines
    assert f"    + {CHANGED_NEW}" in lines
    assert f"    - {removed}" in lines
    assert f"    + {ADDED}" in lines
    assert any(line.startswith("  changed  line ") and "[needs review]" in line for line in lines)
    assert "  removed" in lines
    assert not any(line.startswith(("fr ", "pt ", "ar", "qu")) for line in lines)


def test_json_format(workspace: Path) -> None:
    build(workspace)
    edit_source(workspace)
    _, stdout, _ = polyglot(workspace, "changes", "es", "fr", "--format", "json")
    data = json.loads(stdout)
    assert data["published"] is True
    assert [item["language"] for item in data["languages"]] == ["es", "fr"]
    es = data["languages"][0]
    assert es["to_review"] == 2
    (edition,) = es["editions"]
    assert edition["statement"] == SLUG and edition["recorded"] is True
    changed = next(change for change in edition["changes"] if change["kind"] == "changed")
    assert changed == {
        "kind": "changed",
        "line": changed["line"],
        "old": CHANGED_OLD,
        "new": CHANGED_NEW,
        "state": "needs review",
        "to_review": True,
    }
    assert isinstance(changed["line"], int)


def test_an_approved_change_is_no_longer_to_review(workspace: Path) -> None:
    build(workspace)
    edit_source(workspace)
    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    text = catalogue.read_text(encoding="utf-8")
    # Approve the changed segment the gettext way: drop its fuzzy flag and previous msgid.
    head, found, tail = text.partition(f'msgid "{CHANGED_NEW}"')
    assert found
    block_start = head.rfind("\n\n") + 2
    block = "\n".join(
        line
        for line in head[block_start:].splitlines()
        if line != "#, fuzzy" and not line.startswith("#|")
    )
    catalogue.write_text(head[:block_start] + block + "\n" + found + tail, encoding="utf-8")
    report = compute_changes(load_settings(workspace), ["es"])
    changed = next(c for c in report.editions[0].changes if c.kind == ChangeKind.CHANGED)
    assert (changed.state, changed.to_review) == ("approved", False)
    assert report.editions[0].to_review == 1  # the added one


def test_an_edition_carried_over_keeps_the_source_it_was_made_from(workspace: Path) -> None:
    build(workspace)
    edit_source(workspace)
    build(workspace, "--lang", "ar")  # es, fr, pt are carried over as they were
    manifest = read_manifest(workspace / "dist" / "manifest.json", sources=True)
    assert manifest is not None
    (record,) = manifest.sources
    assert record.languages == ("es", "fr", "pt")
    assert record.sha256 != manifest.statements[0].sha256  # the source before the edit
    assert CHANGED_OLD in record.segments and CHANGED_NEW not in record.segments
    report = compute_changes(load_settings(workspace))
    assert [len(edition.changes) for edition in report.editions] == [3, 3, 3]


def test_a_manifest_from_before_the_sources_section(workspace: Path) -> None:
    build(workspace)
    path = workspace / "dist" / "manifest.json"
    text = path.read_text(encoding="utf-8")
    start = text.index(',\n  "sources": [')
    path.write_text(text[:start] + "\n}\n", encoding="utf-8")
    _, stdout, _ = polyglot(workspace, "changes", "es")
    assert stdout == (
        f"es  {SLUG}: published before builds recorded their source; changes are listed "
        "from the next build on\n"
    )
    build(workspace)  # nothing changed: the editions are reused, and now recorded
    _, stdout, _ = polyglot(workspace, "changes", "es")
    assert stdout == f"es  {SLUG}: no change since the published edition\n"


def test_the_sources_section_is_deterministic_and_ignored_by_default(workspace: Path) -> None:
    build(workspace)
    path = workspace / "dist" / "manifest.json"
    first = path.read_bytes()
    build(workspace)
    assert path.read_bytes() == first
    plain = read_manifest(path)
    assert plain is not None and plain.sources == [] and len(plain.published) == 4
    full = read_manifest(path, sources=True)
    assert full is not None
    (record,) = full.sources
    assert record.statement == SLUG and record.languages == ("es", "fr", "pt")
    assert CHANGED_OLD in record.segments
    assert record.sha256 == full.statements[0].sha256


def test_a_statement_filter(workspace: Path) -> None:
    build(workspace)
    code, _, stderr = polyglot(workspace, "changes", "--statement", "no-such-statement")
    assert code == 2, stderr
