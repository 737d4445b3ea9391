"""`polyglot status`'s activity: the last translator and date per language and edition,
from git (one log for the workspace) or the catalogue headers, in every format."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from git_history import (
    ANA,
    BEA,
    CHLOE,
    HEADING,
    catalogue,
    commit,
    edit,
    git,
    make_history,
    make_workspace,
    needs_git,
)

from polyglot_statement import gitlog
from polyglot_statement.cli import main
from polyglot_statement.status.activity import header_date, header_translator

pytestmark = needs_git


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_history(tmp_path_factory.mktemp("activity") / "ws")


def status(workspace: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["-C", str(workspace), "status", "--checks", "none", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def last_changes(workspace: Path, *args: str) -> dict[str, object]:
    data = json.loads(status(workspace, "--format", "json", *args))
    found: dict[str, object] = {}
    for language in data["languages"]:
        found[language["language"]] = language["last_change"]
        for edition in language["statements"]:
            found[f"{edition['language']}/{edition['statement']}"] = edition["last_change"]
    return found


def test_json_names_the_commit_author_and_date_not_weblate(history: Path) -> None:
    found = last_changes(history)
    bea = {
        "translator": BEA[0],
        "email": BEA[1],
        "date": "2026-03-01T10:00:00+01:00",
        "from": "git",
    }
    chloe = {
        "translator": CHLOE[0],
        "email": CHLOE[1],
        "date": "2026-03-02T11:05:00+01:00",
        "from": "git",
    }
    assert found == {"es": bea, "es/note": bea, "fr": chloe, "fr/note": chloe}


def test_csv_carries_translator_date_and_witness(history: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(status(history, "--format", "csv", "--by", "statement")))
    )
    assert [
        (row["statement"], row["language"], row["last_translator"], row["last_change"])
        for row in rows
    ] == [
        ("note", "es", BEA[0], "2026-03-01T10:00:00+01:00"),
        ("note", "fr", CHLOE[0], "2026-03-02T11:05:00+01:00"),
    ]
    assert {row["last_change_from"] for row in rows} == {"git"}


def test_table_and_markdown_show_the_day_and_the_name(history: Path) -> None:
    table = status(history)
    assert table.splitlines()[0].split()[-3:] == ["last", "change", "by"]
    es = next(line for line in table.splitlines() if line.startswith("es "))
    assert "2026-03-01" in es and BEA[0] in es
    markdown = status(history, "--format", "markdown", "--by", "statement")
    assert "| last change | by |" in markdown
    fr = next(line for line in markdown.splitlines() if line.startswith("| fr |"))
    assert fr.endswith(f"| 2026-03-02 | {CHLOE[0]} |")


def test_html_dashboard_has_the_columns(history: Path, tmp_path: Path) -> None:
    page = tmp_path / "status.html"
    status(history, "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert '<th>last change</th><th class="by">by</th>' in html
    assert f'<td>2026-03-01</td><td class="by">{BEA[0]}</td>' in html


def test_no_activity_leaves_the_columns_out(history: Path) -> None:
    assert "last change" not in status(history, "--no-activity")
    data = json.loads(status(history, "--no-activity", "--format", "json"))
    assert data["languages"][0]["last_change"] is None


def test_an_uncommitted_edit_is_read_from_the_header(tmp_path: Path) -> None:
    workspace = make_history(tmp_path / "ws")
    edit(
        workspace,
        "es",
        {HEADING: ("Solidaridad obrera", "approved")},
        translator="Eve Noor <eve@example.org>",
        revised="2026-04-01 10:00+0200",
    )
    found = last_changes(workspace)
    assert found["es/note"] == {
        "translator": "Eve Noor",
        "email": "eve@example.org",
        "date": "2026-04-01T10:00:00+02:00",
        "from": "header",
    }
    assert found["es"] == found["es/note"]
    assert found["fr"]["from"] == "git"  # type: ignore[index]
    # Committed, git speaks again: Ana committed Eve's edit.
    commit(workspace, "es: Eve's edit", ANA, "2026-04-02T12:00:00+00:00")
    assert last_changes(workspace)["es"] == {
        "translator": ANA[0],
        "email": ANA[1],
        "date": "2026-04-02T12:00:00+00:00",
        "from": "git",
    }


def test_without_git_the_headers_answer_and_placeholders_say_nothing(
    history: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(history, copy, ignore=shutil.ignore_patterns(".git"))
    found = last_changes(copy)
    # Bea's header says 09:00 (the commit 10:00); Chloé's 11:00.
    assert found["es"] == {
        "translator": BEA[0],
        "email": BEA[1],
        "date": "2026-03-01T09:00:00+01:00",
        "from": "header",
    }
    assert found["fr/note"]["date"] == "2026-03-02T11:00:00+01:00"  # type: ignore[index]
    fresh = make_workspace(tmp_path / "fresh")  # empty headers, no git
    assert set(last_changes(fresh).values()) == {None}
    # Nothing known: the table has no columns of dashes; CSV keeps its layout, empty.
    assert "last change" not in status(fresh)
    assert status(fresh, "--format", "csv").splitlines()[1].endswith(",no,,,")


def test_a_shallow_clone_reads_headers_without_error(history: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", history.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    assert git(clone, "rev-parse", "--is-shallow-repository").strip() == "true"
    found = last_changes(clone)
    assert found["es"]["from"] == "header"  # type: ignore[index]
    assert found["es"]["translator"] == BEA[0]  # type: ignore[index]


def test_a_workspace_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repository = tmp_path / "repo"
    repository.mkdir()
    workspace = make_workspace(repository / "statements")
    git(repository, "init", "-q")
    commit(repository, "Add", ANA, "2026-05-05T05:05:05+00:00")
    assert last_changes(workspace)["fr"]["translator"] == ANA[0]  # type: ignore[index]


def test_git_runs_a_fixed_number_of_times_whatever_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = make_workspace(tmp_path / "ws")
    for number in range(12):
        (workspace / "source" / f"more-{number}.md").write_text(f"# More {number}\n")
    assert CliRunner().invoke(main, ["-C", str(workspace), "extract"]).exit_code == 0
    git(workspace, "init", "-q")
    commit(workspace, "Add", ANA, "2026-05-05T05:05:05+00:00")
    calls: list[list[str]] = []
    real = subprocess.run

    def counted(command: list[str], **options: object) -> object:
        calls.append(command)
        return real(command, **options)  # type: ignore[call-overload]

    monkeypatch.setattr(gitlog.subprocess, "run", counted)
    found = last_changes(workspace)
    assert len(found) == 2 * 13 + 2 and all(value is not None for value in found.values())
    verbs = [command[3] for command in calls]  # git -c core.quotepath=off <verb>
    assert verbs == ["rev-parse", "diff", "log"]
    # Warm, the log is remembered for this HEAD; a new commit asks again.
    calls.clear()
    assert last_changes(workspace) == found
    assert [command[3] for command in calls] == ["rev-parse", "diff"]
    edit(workspace, "es", {HEADING: ("Solidaridad", "approved")})
    commit(workspace, "Change", BEA, "2026-05-06T05:05:05+00:00")
    calls.clear()
    assert last_changes(workspace)["es"]["translator"] == BEA[0]  # type: ignore[index]
    assert [command[3] for command in calls] == ["rev-parse", "diff", "log"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ana Pérez <ana@example.org>", ("Ana Pérez", "ana@example.org")),
        ("Ana Pérez", ("Ana Pérez", None)),
        ("<ana@example.org>", ("ana@example.org", "ana@example.org")),
        ("FULL NAME <EMAIL@ADDRESS>", None),
        ("", None),
        (None, None),
    ],
)
def test_last_translator_header(value: str | None, expected: object) -> None:
    assert header_translator(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01 09:00+0100", "2026-03-01T09:00:00+01:00"),
        ("2026-03-01 09:00:30-0430", "2026-03-01T09:00:30-04:30"),
        ("2026-03-01 09:00", "2026-03-01T09:00:00+00:00"),
        ("YEAR-MO-DA HO:MI+ZONE", None),
        ("2026-02-30 09:00+0000", None),
        ("", None),
    ],
)
def test_revision_date_header(value: str, expected: str | None) -> None:
    assert header_date(value) == expected


def test_a_translator_name_stays_text_in_every_format(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    edit(
        workspace,
        "es",
        {},
        translator="<b>Mallory</b>\x1b[31m | x",
        revised="2026-06-01 10:00+0000",
    )
    page = tmp_path / "status.html"
    status(workspace, "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "<b>Mallory" not in html and "&lt;b&gt;Mallory" in html
    assert "\x1b" not in status(workspace)
    markdown = status(workspace, "--format", "markdown")
    es = next(line for line in markdown.splitlines() if line.startswith("| es"))
    assert es.endswith("\\| x |")
    assert catalogue(workspace, "es").is_file()
