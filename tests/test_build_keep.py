"""`polyglot build` never drops what an earlier build published unasked: `kept` and
`--prune`; `publish.formats` and `publish.allow-partial`; a workspace with no target
language publishes its original."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_build import (
    SOURCE,
    alternates,
    make_workspace,
    run,
    snapshot,
    translate,
    translated_three,
    upper,
)

from polyglot_statement.config import load_settings
from polyglot_statement.publish.build import build

SLUG = "wftu-andean-solidarity-peru"
FORMATS = ("html", "md", "txt", "pdf", "docx")


def manifest(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "dist" / "manifest.json").read_text(encoding="utf-8"))
    return data


def keys(records: list[dict[str, Any]]) -> set[tuple[object, object]]:
    return {(record["statement"], record["language"]) for record in records}


def files(root: Path) -> set[str]:
    return {
        path.relative_to(root / "dist").as_posix()
        for path in (root / "dist").rglob("*")
        if path.is_file()
    }


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """Spanish, French and Portuguese translated and approved."""
    return translated_three(tmp_path)


# ---------------------------------------------------------------- the night before


def test_a_plain_build_after_a_partial_print_build_keeps_everything_and_says_so(
    workspace: Path,
) -> None:
    code, output = run(workspace, "build", "--allow-partial", "--format", "pdf", "--format", "docx")
    assert code == 0, output
    code, output = run(workspace, "build")
    assert code == 0, output
    lines = output.splitlines()
    for language in ("en", "es", "fr", "pt", "ar"):
        assert (
            f"kept      {language:<6} {SLUG} (pdf, docx): not in this build's formats "
            "(html, md, txt); still published; --prune removes them"
        ) in lines
        for name in FORMATS:
            assert f"{language}/{SLUG}.{name}" in files(workspace)
    assert (
        f"kept      ar     {SLUG} (html, md, txt, pdf, docx): not ready, and this build does "
        "not allow partial editions; still published as a partial edition; --prune removes it"
    ) in lines
    assert re.search(
        rf"^published ar +{SLUG} \(html, md, txt, pdf, docx; built\) — partial", output, re.M
    )
    assert "skipped   ar" not in output
    assert lines[-1] == "dist/: 5 edition(s) published (5 built), 1 skipped; 6 kept without --prune"
    # Still listed, since made from the current text: the manifest, the front page.
    editions = {record["language"]: record for record in manifest(workspace)["editions"]}
    assert set(editions) == {"en", "es", "fr", "pt", "ar"}
    assert list(editions["es"]["formats"]) == list(FORMATS)
    assert all("fingerprint" not in file for file in editions["es"]["formats"].values())
    assert f"ar/{SLUG}.html" in (workspace / "dist" / "index.html").read_text(encoding="utf-8")

    # Unchanged input: the same lines, and no byte changes.
    before = snapshot(workspace / "dist")
    code, again = run(workspace, "build")
    assert code == 0, again
    assert again.splitlines()[-1].endswith("; 6 kept without --prune; nothing changed")
    assert snapshot(workspace / "dist") == before

    # --prune removes them, each with its line.
    code, output = run(workspace, "build", "--prune")
    assert code == 0, output
    lines = output.splitlines()
    for language in ("en", "es", "fr", "pt"):
        assert (
            f"removed   {language:<6} {SLUG} (pdf, docx): not in this build's formats "
            "(html, md, txt)"
        ) in lines
    assert (
        f"removed   ar     {SLUG} (html, md, txt, pdf, docx): not ready (26.3% of words "
        "approved, 100% required), and this build does not allow partial editions"
    ) in lines
    assert lines[-1] == "dist/: 4 edition(s) published (4 built), 1 skipped; 5 removed"
    assert not [name for name in files(workspace) if name.endswith((".pdf", ".docx"))]
    assert not (workspace / "dist" / "ar").exists()
    assert "ar" not in {record["language"] for record in manifest(workspace)["editions"]}
    assert f"ar/{SLUG}" not in (workspace / "dist" / "index.html").read_text(encoding="utf-8")

    # Nothing left to prune: an ordinary build again.
    code, output = run(workspace, "build")
    assert code == 0, output
    assert "kept " not in output and "removed " not in output
    assert f"skipped   ar     {SLUG}: 26.3% of words approved, 100% required" in output


def test_the_kept_print_files_are_made_again_when_their_text_changed(three: Path) -> None:
    assert run(three, "build", "--format", "html", "--format", "docx")[0] == 0
    docx = three / "dist" / "es" / "statement.docx"
    old = docx.read_bytes()
    translate(three, "es", lambda msgid: upper(msgid) + " (NUEVO)")
    code, output = run(three, "build")
    assert code == 0, output
    assert "published es     statement (html, md, txt, docx; built)" in output
    assert "kept      es     statement (docx): not in this build's formats" in output
    assert docx.read_bytes() != old  # never a Word file of yesterday's text beside today's page
    record = next(r for r in manifest(three)["editions"] if r["language"] == "es")
    assert "fingerprint" not in record["formats"]["docx"]


# ---------------------------------------------------------------- editions no longer ready


def test_an_edition_no_longer_ready_stays_published_as_a_partial_one(three: Path) -> None:
    build(load_settings(three))
    translate(three, "fr", upper, fuzzy=lambda msgid: msgid == "respect the vote")
    code, output = run(three, "build")
    assert code == 0, output
    assert re.search(
        r"^published fr +statement \(html, md, txt; built\) — partial: 1 segment\(s\) in English",
        output,
        re.M,
    )
    assert (
        "kept      fr     statement (html, md, txt): not ready, and this build does not allow "
        "partial editions; still published as a partial edition; --prune removes it"
    ) in output
    page = (three / "dist" / "fr" / "statement.html").read_text(encoding="utf-8")
    assert 'class="fallback"' in page and "respect the vote" in page  # today's text
    assert alternates(three / "dist" / "es" / "statement.html") == [
        "en",
        "pt",
    ]  # partial: no hreflang


def test_an_edition_that_cannot_be_made_again_is_left_as_it_was_and_listed_nowhere(
    three: Path,
) -> None:
    build(load_settings(three))
    dist = three / "dist"
    before = snapshot(dist)
    title = "Solidarity with the workers of Peru"
    translate(three, "fr", upper, fuzzy=lambda msgid: msgid == title)  # not even partial
    code, output = run(three, "build")
    assert code == 0, output
    assert (
        "kept      fr     statement (html, md, txt): no longer ready, not even as a partial "
        "edition: the title is not approved: a partial edition needs a translated title; "
        "left in dist/ as an earlier build made it, listed nowhere; --prune removes it"
    ) in output
    assert "skipped   fr" not in output
    assert output.splitlines()[-1] == (
        "dist/: 3 edition(s) published (3 built), 0 skipped; 1 kept without --prune"
    )
    after = snapshot(dist)
    for name in ("html", "md", "txt"):  # as they were: bytes and modification time
        assert after[f"fr/statement.{name}"] == before[f"fr/statement.{name}"]
    data = manifest(three)
    assert ("statement", "fr") not in keys(data["editions"])
    assert keys(data["kept"]) == {("statement", "fr")}
    assert ("statement", "fr") in keys(data["skipped"])  # with today's verdict
    # Listed nowhere: the front pages, the feeds, the other pages' switchers.
    for listing in ("index.html", "feed.xml", "en/index.html", "es/feed.xml"):
        assert "fr/statement" not in (dist / listing).read_text(encoding="utf-8"), listing
    assert alternates(dist / "es" / "statement.html") == ["en", "pt"]

    # Approved again: published and listed again, nothing kept.
    translate(three, "fr", upper)
    code, output = run(three, "build")
    assert code == 0, output
    assert "published fr     statement (html, md, txt; built)" in output
    assert "kept" not in output
    assert "kept" not in manifest(three)
    assert alternates(dist / "es" / "statement.html") == ["en", "fr", "pt"]


def test_prune_removes_an_edition_that_cannot_be_made_again(three: Path) -> None:
    build(load_settings(three))
    title = "Solidarity with the workers of Peru"
    translate(three, "fr", upper, fuzzy=lambda msgid: msgid == title)
    assert run(three, "build")[0] == 0
    code, output = run(three, "build", "--prune")
    assert code == 0, output
    assert (
        "removed   fr     statement (html, md, txt): no longer ready, not even as a partial "
        "edition: the title is not approved: a partial edition needs a translated title\n"
    ) in output
    assert not (three / "dist" / "fr").exists()
    assert "kept" not in manifest(three)


# ---------------------------------------------------------------- what left the workspace


def test_a_language_or_statement_that_left_the_workspace_is_kept_until_pruned(
    three: Path,
) -> None:
    (three / "source" / "second.md").write_text(SOURCE, encoding="utf-8")
    code, output = run(three, "extract")
    assert code == 0, output
    translate(three, "es", upper, slug="second")
    build(load_settings(three))
    dist = three / "dist"
    before = snapshot(dist)
    toml = three / "polyglot.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(', "pt"]', "]"), encoding="utf-8")
    (three / "source" / "second.md").unlink()
    code, output = run(three, "build")
    assert code == 0, output
    tail = "left in dist/ as an earlier build made it, listed nowhere; --prune removes it"
    for line in (
        f"kept      pt     statement (html, md, txt): `pt` is no longer in `languages`; {tail}",
        f"kept      en     second (html, md, txt): source/second.md no longer exists; {tail}",
        f"kept      es     second (html, md, txt): source/second.md no longer exists; {tail}",
    ):
        assert line in output.splitlines(), output
    after = snapshot(dist)
    for name in ("pt/statement.html", "en/second.md", "es/second.txt"):
        assert after[name] == before[name]
    assert keys(manifest(three)["kept"]) == {
        ("statement", "pt"),
        ("second", "en"),
        ("second", "es"),
    }
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert "second.html" not in index and "pt/statement.html" not in index
    assert alternates(dist / "es" / "statement.html") == ["en", "fr"]

    code, output = run(three, "build", "--prune")
    assert code == 0, output
    assert (
        "removed   pt     statement (html, md, txt): `pt` is no longer in `languages`\n" in output
    )
    assert "removed   es     second (html, md, txt): source/second.md no longer exists\n" in output
    assert not (dist / "pt").exists()
    assert not [name for name in files(three) if "second" in name]


# ---------------------------------------------------------------- settings


def test_the_settings_say_which_formats_and_whether_partial_editions(workspace: Path) -> None:
    settings = workspace / "pyproject.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace(
            "[tool.polyglot.publish]\n",
            '[tool.polyglot.publish]\nformats = ["html", "docx"]\nallow-partial = true\n',
        ),
        encoding="utf-8",
    )
    code, output = run(workspace, "build")
    assert code == 0, output
    assert f"published es     {SLUG} (html, docx; built)" in output
    assert re.search(rf"^published ar +{SLUG} \(html, docx; built\) — partial", output, re.M)
    assert "kept" not in output


def test_the_command_line_overrides_the_settings(tmp_path: Path) -> None:
    root = make_workspace(
        tmp_path / "ws",
        SOURCE,
        languages=("es", "ar"),
        settings=(
            '[publish]\nformats = ["html", "txt"]\nallow-partial = true\npartial-min-percent = 0\n'
        ),
    )
    translate(root, "es", upper)
    translate(root, "ar", lambda msgid: upper(msgid) if "Solidarity" in msgid else None)
    code, output = run(root, "build", "--no-allow-partial", "--format", "md")
    assert code == 0, output
    assert "published es     statement (md; built)" in output
    assert "skipped   ar     statement: " in output
    report = build(load_settings(root))  # the settings again
    assert {record.language for record in report.published} == {"en", "es", "ar"}


@pytest.mark.parametrize(
    ("settings", "line", "message"),
    [
        (
            '[publish]\nformats = ["html", "epub"]\n',
            4,
            "`publish.formats` must list some of html, md, txt, pdf, docx, not 'epub'",
        ),
        ('[publish]\nformats = "pdf"\n', 4, "`publish.formats` must be a list of strings"),
        ("[publish]\nformats = []\n", 4, "`publish.formats` must list some of html"),
        (
            '[publish]\nmin-percent = 90\nallow-partial = "yes"\n',
            5,
            "`publish.allow-partial` must be true or false",
        ),
        (
            'formats = ["html"]\n[publish]\nformats = ["pdf"]\n',
            3,
            "`formats` and `publish.formats` are both set; keep `publish.formats` only",
        ),
    ],
)
def test_bad_publish_settings_are_refused_with_their_line(
    tmp_path: Path, settings: str, line: int, message: str
) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "polyglot.toml").write_text(
        f'source-language = "en"\nlanguages = ["es"]\n{settings}', encoding="utf-8"
    )
    code, output = run(root, "build")
    assert code == 2, output
    assert f"polyglot.toml:{line}: {message}" in output, output
    assert "Traceback" not in output
    assert not (root / "dist").exists()


# ---------------------------------------------------------------- no target language


def test_a_workspace_with_no_target_language_publishes_its_original(tmp_path: Path) -> None:
    code, output = run(tmp_path, "init", str(tmp_path / "ws"))
    assert code == 0, output
    root = tmp_path / "ws"
    assert "languages = []" in (root / "polyglot.toml").read_text(encoding="utf-8")
    assert run(root, "extract")[0] == 0
    code, output = run(root, "build")
    assert code == 0, output
    slug = next((root / "source").glob("*.md")).stem
    assert f"published en     {slug} (html, md, txt; built) — original" in output
    assert output.splitlines()[-1] == "dist/: 1 edition(s) published (1 built), 0 skipped"
    assert (root / "dist" / "en" / f"{slug}.txt").is_file()
    assert f"en/{slug}.html" in (root / "dist" / "index.html").read_text(encoding="utf-8")
    assert keys(manifest(root)["editions"]) == {(slug, "en")}


def test_kept_and_removed_editions_are_the_same_with_worker_processes(
    three: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLYGLOT_JOBS", "2")
    (three / "source" / "second.md").write_text(SOURCE, encoding="utf-8")
    assert run(three, "extract")[0] == 0
    for language in ("es", "fr", "pt"):
        translate(three, language, upper, slug="second")
    assert run(three, "build")[0] == 0
    title = "Solidarity with the workers of Peru"
    translate(three, "fr", upper, fuzzy=lambda msgid: msgid == "respect the vote")
    translate(three, "fr", upper, slug="second", fuzzy=lambda msgid: msgid == title)
    code, output = run(three, "build")
    assert code == 0, output
    assert re.search(
        r"^kept      fr     statement .*still published as a partial edition", output, re.M
    )
    assert re.search(
        r"^kept      fr     second .*listed nowhere; --prune removes it$", output, re.M
    )
    assert keys(manifest(three)["kept"]) == {("second", "fr")}
    code, output = run(three, "build", "--prune")
    assert code == 0, output
    assert re.search(r"^removed   fr     statement \(html, md, txt\): not ready", output, re.M)
    assert re.search(r"^removed   fr     second \(html, md, txt\): no longer ready", output, re.M)
    assert not (three / "dist" / "fr").exists()
