"""Deadlines in `polyglot status`: where they come from (front matter, settings, an offset
from `date`), how urgent each is at POLYGLOT_NOW, in every format, the CI gate, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyglot_statement.cli import main
from polyglot_statement.config import load_settings
from polyglot_statement.errors import UsageError
from polyglot_statement.status.compute import compute_status
from polyglot_statement.status.deadlines import Urgency, current_time, edition_deadline

SLUG = "wftu-andean-solidarity-peru"
NOW = "2026-12-07T09:00:00Z"
UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def front_matter(workspace: Path, *lines: str) -> int:
    """Add lines to the statement's front matter; the line number of the first."""
    path = workspace / "source" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("language: en\n")
    path.write_text(head + "language: en\n" + "".join(f"{line}\n" for line in lines) + rest)
    return head.count("\n") + 2


def deadlines_table(workspace: Path, *lines: str) -> None:
    with (workspace / "pyproject.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[tool.polyglot.deadlines]\n" + "".join(f"{line}\n" for line in lines))


def run(workspace: Path, *args: str, now: str = NOW) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["-C", str(workspace), "status", *args], env={"POLYGLOT_NOW": now}
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def dated(workspace: Path) -> Path:
    """es, fr, pt are publishable, ar a quarter done, qu not started. The statement is due
    on 8 December (the end of it); ar at 10:00 on the 7th; qu on the 6th (past)."""
    front_matter(workspace, "date: 2026-12-01", "deadline: 2026-12-08")
    deadlines_table(workspace, 'ar = "2026-12-07 10:00"', "qu = 2026-12-06")
    return workspace


# ---------------------------------------------------------------- the rules


def _deadline(workspace: Path, language: str, now: str, done: bool = False) -> Urgency:
    settings = load_settings(workspace)
    found = edition_deadline(settings, SLUG, language, ("2026-12-08", None), done, at(now))
    assert found is not None
    return found.urgency


@pytest.mark.parametrize(
    ("now", "urgency"),
    [
        ("2026-12-07T23:00:00Z", Urgency.LATER),  # due in 25 h
        ("2026-12-08T01:00:00Z", Urgency.DUE_SOON),  # due in 23 h
        ("2026-12-09T00:00:00Z", Urgency.DUE_SOON),  # due this very second, not late yet
        ("2026-12-09T00:01:00Z", Urgency.OVERDUE),  # late by a minute
    ],
)
def test_boundaries_of_a_day_deadline(workspace: Path, now: str, urgency: Urgency) -> None:
    # A day is due by its end: 2026-12-08 falls at midnight UTC after it.
    assert _deadline(workspace, "es", now) == urgency


def test_a_publishable_edition_is_done_even_when_late(workspace: Path) -> None:
    assert _deadline(workspace, "es", "2027-01-01T00:00:00Z", done=True) == Urgency.DONE


def test_the_earliest_deadline_that_applies_wins(workspace: Path) -> None:
    deadlines_table(workspace, 'default = "2 days"', 'ar = "36 hours"', "fr = 2026-12-20")
    settings = load_settings(workspace)
    now = at(NOW)
    front = ("2026-12-08", "2026-12-01")

    def due(language: str) -> tuple[str, str]:
        found = edition_deadline(settings, SLUG, language, front, False, now)
        assert found is not None
        return found.written, found.origin

    # date + 2 days (a day: due by its end) is before the statement's own deadline
    assert due("es") == ("2026-12-03", "date + 2 days")
    # an offset in hours is a moment: 36 h after the start of the date
    assert due("ar") == ("2026-12-02 12:00 UTC", "date + 36 hours")
    # the language's own date is later than the statement's: the statement's holds
    assert due("fr") == ("2026-12-08", "statement")


def test_no_deadline_anywhere_means_none(workspace: Path) -> None:
    settings = load_settings(workspace)
    assert edition_deadline(settings, SLUG, "es", (None, "2026-12-01"), False, at(NOW)) is None
    # an offset needs a date to count from
    deadlines_table(workspace, 'default = "2 days"')
    settings = load_settings(workspace)
    assert edition_deadline(settings, SLUG, "es", (None, None), False, at(NOW)) is None


def test_now_comes_from_polyglot_now() -> None:
    assert current_time({"POLYGLOT_NOW": "2026-12-07T09:00Z"}) == at("2026-12-07T09:00:00Z")
    assert current_time({"POLYGLOT_NOW": "2026-12-07T10:00+01:00"}) == at("2026-12-07T09:00Z")
    assert current_time({"POLYGLOT_NOW": "1796634000"}) == at("2026-12-07T09:00:00Z")
    with pytest.raises(UsageError, match="POLYGLOT_NOW='tomorrow' is not a date-time"):
        current_time({"POLYGLOT_NOW": "tomorrow"})


# ---------------------------------------------------------------- every format


def test_table(dated: Path) -> None:
    code, stdout, _ = run(dated)
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0].split()[-1] == "deadline"
    row = {line.split()[0]: line for line in lines[1:6]}
    assert "2026-12-06, overdue by 9 h" in row["qu"]
    assert "2026-12-07 10:00 UTC, due in 1 h" in row["ar"]
    assert "2026-12-08, done" in row["es"]
    assert "deadlines as of 2026-12-07 09:00 UTC; due soon = within a day" in stdout
    assert f"  qu  {SLUG}: due 2026-12-06, overdue by 9 h (deadlines.qu)" in stdout


def test_overdue_by_a_minute(dated: Path) -> None:
    _, stdout, _ = run(dated, now="2026-12-07T00:01:00Z")
    assert "2026-12-06, overdue by 1 min" in stdout


def test_json(dated: Path) -> None:
    _, stdout, _ = run(dated, "--format", "json")
    data = json.loads(stdout)
    assert data["now"] == "2026-12-07T09:00:00+00:00"
    languages = {item["language"]: item for item in data["languages"]}
    assert languages["qu"]["deadline"] == {
        "statement": SLUG,
        "due": "2026-12-07T00:00:00+00:00",
        "written": "2026-12-06",
        "origin": "deadlines.qu",
        "status": "overdue",
        "seconds_left": -9 * 3600,
    }
    assert languages["ar"]["statements"][0]["deadline"]["status"] == "due-soon"
    assert languages["ar"]["statements"][0]["deadline"]["seconds_left"] == 3600
    assert languages["es"]["deadline"]["status"] == "done"
    assert languages["es"]["deadline"]["origin"] == "statement"


def test_csv(dated: Path) -> None:
    _, stdout, _ = run(dated, "--format", "csv", "--by", "statement")
    rows = {row["language"]: row for row in csv.DictReader(io.StringIO(stdout))}
    assert rows["qu"]["deadline"] == "2026-12-06"
    assert rows["qu"]["due"] == "2026-12-07T00:00:00+00:00"
    assert rows["qu"]["deadline_status"] == "overdue"
    assert rows["ar"]["deadline_status"] == "due-soon"
    assert rows["es"]["deadline_status"] == "done"
    assert rows["es"]["statement"] == SLUG


def test_markdown(dated: Path) -> None:
    _, stdout, _ = run(dated, "--format", "markdown")
    header = next(line for line in stdout.splitlines() if line.startswith("| language"))
    assert header.endswith("| publishable | deadline |")
    qu = next(line for line in stdout.splitlines() if line.startswith("| qu "))
    assert qu.endswith("| no | 2026-12-06, overdue by 9 h |")
    assert "## Overdue" in stdout
    assert f"- qu  {SLUG}: due 2026-12-06, overdue by 9 h (deadlines.qu)" in stdout


def test_html_dashboard_is_sorted_by_urgency(dated: Path) -> None:
    _, stdout, _ = run(dated, "--format", "html")
    languages = stdout.split("<h2>Languages</h2>")[1].split("</table>")[0]
    order = re.findall(r"<td>(\w+) — ", languages)
    assert order == ["qu", "ar", "es", "fr", "pt"]  # overdue, due soon, then done
    assert '<tr class="overdue"><td>qu — ' in languages
    assert '<tr class="due-soon"><td>ar — ' in languages
    assert '<th class="deadline">deadline</th>' in languages
    assert "2026-12-06, overdue by 9 h" in languages
    assert "<h2>Overdue</h2>" in stdout
    assert '<time datetime="2026-12-07T09:00:00+00:00">' in stdout  # the report's moment


def test_without_deadlines_nothing_changes(workspace: Path) -> None:
    for fmt in ("table", "csv", "markdown"):
        _, stdout, _ = run(workspace, "--format", fmt)
        assert "deadline" not in stdout.lower(), fmt
    _, stdout, _ = run(workspace, "--format", "html")
    assert '<th class="deadline">' not in stdout
    assert "Overdue" not in stdout
    _, stdout, _ = run(workspace, "--format", "json")
    data = json.loads(stdout)
    assert "now" not in data
    assert all(language["deadline"] is None for language in data["languages"])


def test_the_same_moment_gives_the_same_bytes(dated: Path) -> None:
    for fmt in ("table", "json", "csv", "markdown", "html"):
        assert run(dated, "--format", fmt)[1] == run(dated, "--format", fmt)[1], fmt


def test_a_changed_deadline_is_seen_through_the_cache(dated: Path) -> None:
    settings = load_settings(dated)
    first = compute_status(settings, ["es"], now=at(NOW)).languages[0].deadline
    assert first is not None and first.written == "2026-12-08"
    path = dated / "source" / f"{SLUG}.md"
    path.write_text(path.read_text().replace("deadline: 2026-12-08", "deadline: 2026-12-10"))
    second = compute_status(settings, ["es"], now=at(NOW)).languages[0].deadline
    assert second is not None and second.written == "2026-12-10"


# ---------------------------------------------------------------- the gate


def test_fail_if_overdue(dated: Path) -> None:
    code, _, stderr = run(dated, "--fail-if-overdue")
    assert code == 1
    assert stderr == f"overdue: qu  {SLUG}: due 2026-12-06, overdue by 9 h (deadlines.qu)\n"


def test_fail_if_overdue_passes_before_the_deadline(dated: Path) -> None:
    code, _, stderr = run(dated, "--fail-if-overdue", now="2026-12-06T23:59:00Z")
    assert (code, stderr) == (0, "")


def test_fail_if_overdue_looks_at_the_chosen_languages_only(dated: Path) -> None:
    code, _, _ = run(dated, "--fail-if-overdue", "--lang", "ar", "--lang", "es")
    assert code == 0


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("value", ["tomorrow", "2026-13-45", "[2026-12-08]", "08/12/2026"])
def test_a_deadline_that_is_not_a_date_is_refused_at_its_line(workspace: Path, value: str) -> None:
    line = front_matter(workspace, f"deadline: {value}")
    code, stdout, stderr = run(workspace)
    assert code == 2
    assert stderr.startswith("error: ")
    assert f"/source/{SLUG}.md:{line}: " in stderr
    assert "not a" in stderr and "YYYY-MM-DD" in stderr
    assert "Traceback" not in stdout + stderr


def test_extract_refuses_the_same_deadline(workspace: Path) -> None:
    line = front_matter(workspace, "deadline: soon")
    result = CliRunner().invoke(main, ["-C", str(workspace), "extract"])
    assert result.exit_code == 2
    assert f"source/{SLUG}.md:{line}: deadline: soon is not a date (YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('es = "soon"', "`deadlines.es` = 'soon' is not a date"),
        ("es = 12", "`deadlines.es` = 12 is not a date"),
        ('de = "2 days"', "`deadlines.de` is for a language `languages` does not list"),
        ('default = "fortnight"', "`deadlines.default` = 'fortnight' is not a date"),
    ],
)
def test_a_bad_deadline_setting_is_refused_at_its_line(
    workspace: Path, setting: str, message: str
) -> None:
    deadlines_table(workspace, setting)
    code, _, stderr = run(workspace)
    assert code == 2
    lines = (workspace / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    number = lines.index(setting) + 1
    assert f"pyproject.toml:{number}: {message}" in stderr


def test_a_bad_now_is_refused(dated: Path) -> None:
    code, _, stderr = run(dated, now="next monday")
    assert code == 2
    assert "POLYGLOT_NOW='next monday' is not a date-time" in stderr
