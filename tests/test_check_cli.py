"""`polyglot check` on copies of the example workspace: clean, with planted errors, bad input."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from cli_runner import exit_and_streams, polyglot
from golden import Golden

from polyglot_statement.checks import ERROR, Finding, find_problems
from polyglot_statement.config import load_settings
from polyglot_statement.errors import CatalogError
from polyglot_statement.po import format_po, read_po

SLUG = "wftu-andean-solidarity-peru"
GOLDEN = Path(__file__).parent / "data" / "check" / "example-planted.expect.txt"


def run(workspace: Path, *args: str) -> tuple[int, str, str]:
    return exit_and_streams(workspace, "check", *args)


def edit(
    workspace: Path, language: str, starts: str, old: str, new: str, comment: str | None = None
) -> None:
    """Replace `old` by `new` in the translation of the entry whose msgid starts with `starts`."""
    path = workspace / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = read_po(path)
    entry = next(entry for entry in catalog.active if entry.msgid.startswith(starts))
    assert old in entry.msgstr, (old, entry.msgstr)
    entry.msgstr = entry.msgstr.replace(old, new, 1)
    if comment is not None:
        entry.translator_comments.append(comment)
    path.write_bytes(format_po(catalog))


def plant(workspace: Path) -> None:
    edit(workspace, "es", "Andean Sub-Region of WFTU", "clase trabajadora", "clase obrera")
    edit(workspace, "es", "We express our repudiation", "Pedro Castillo", "Pedro Castilla")
    edit(workspace, "es", "President Pedro Castillo, at", "(104)", "(140)")
    edit(workspace, "fr", "The open letter states", "\u00a0:", ":")
    edit(workspace, "fr", "Today, at the initiative", "coup d’État", "putsch")
    edit(workspace, "pt", "WFTU Andean Sub-Region", "FSM", "WFTU")
    # Silenced by its translator: reported nowhere.
    edit(
        workspace,
        "pt",
        "Andean Sub-Region of WFTU",
        "classe trabalhadora",
        "classe operária",
        comment="polyglot: ignore glossary forbidden-term",
    )
    # A fuzzy Arabic entry is checked too.
    edit(workspace, "ar", "In the Republic of Peru", "34", "43")


def test_example_workspace_has_no_finding(workspace: Path) -> None:
    code, output, errors = run(workspace)
    # Normal output, on stdout like every command's; stderr is for diagnostics.
    assert (code, output, errors) == (0, "no problems found\n", ""), errors


def test_planted_errors_match_the_golden_file(workspace: Path, golden: Golden) -> None:
    plant(workspace)
    code, output, _ = run(workspace)
    assert code == 1
    golden.assert_matches(GOLDEN, output)


def test_reported_line_is_the_msgstr_line(workspace: Path) -> None:
    plant(workspace)
    _, output, _ = run(workspace)
    *findings, summary = output.splitlines()
    assert summary == "6 error(s), 1 warning(s)"
    for line in findings:
        path, number, _ = line.split(":", 2)
        text = (workspace / path).read_text(encoding="utf-8").splitlines()[int(number) - 1]
        assert text.startswith("msgstr"), line


def test_ignore_comment_silences_only_the_named_check(workspace: Path) -> None:
    edit(workspace, "es", "In the Republic of Peru", "34", "43", "polyglot: ignore numbers")
    edit(workspace, "es", "Andean Sub-Region of WFTU", "FSM", "FMS", "polyglot: ignore numbers")
    _, output, _ = run(workspace, "--lang", "es")
    assert "numbers" not in output
    assert "forbidden-term: “FMS”" in output


def test_json_output_and_filters(workspace: Path) -> None:
    plant(workspace)
    code, output, _ = run(workspace, "--format", "json", "--lang", "es", "--check", "numbers")
    assert code == 1
    document = json.loads(output)
    assert document["errors"] == 1 and document["warnings"] == 0
    (finding,) = document["findings"]
    assert finding["path"] == f"locales/es/LC_MESSAGES/{SLUG}.po"
    assert finding["check"] == "numbers" and finding["language"] == "es"
    assert finding["statement"] == SLUG
    assert finding["msgid"].startswith("President Pedro Castillo, at")
    code, output, _ = run(workspace, "--lang", "fr", "--check", "punctuation")
    assert code == 0  # warnings never fail the command
    assert output.count("warning punctuation") == 1
    code, output, _ = run(workspace, "--statement", SLUG, "--lang", "pt")
    assert code == 1 and output.count("\n") == 2 and output.endswith("\n1 error(s), 0 warning(s)\n")


def blocking_counts(findings: Iterable[Finding]) -> dict[tuple[str, str], int]:
    """(statement, language) → number of error findings (the ones that block publication)."""
    counts: Counter[tuple[str, str]] = Counter()
    for finding in findings:
        if finding.severity == ERROR:
            counts[(finding.statement, finding.language)] += 1
    return dict(counts)


def test_build_and_status_get_the_same_counts(workspace: Path) -> None:
    plant(workspace)
    settings = load_settings(workspace)
    counts = blocking_counts(find_problems(settings))
    assert counts == {(SLUG, "es"): 3, (SLUG, "fr"): 1, (SLUG, "pt"): 1, (SLUG, "ar"): 1}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--check", "spelling"), "unknown check 'spelling'"),
        (("--lang", "xx"), "unknown language code 'xx'"),
        (("--lang", "de"), "'de' is not a target language"),
        (("--statement", "nope"), "no statement 'nope'"),
        (("--format", "xml"), "Invalid value for '--format'"),
    ],
)
def test_bad_input_exits_2(workspace: Path, args: tuple[str, ...], message: str) -> None:
    code, _, errors = run(workspace, *args)
    assert code == 2
    assert message in errors


def test_bad_glossary_exits_2_with_its_line(workspace: Path) -> None:
    glossary = workspace / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  - term: WFTU\n", encoding="utf-8")
    lines = glossary.read_text(encoding="utf-8").count("\n")
    code, _, errors = run(workspace)
    assert code == 2
    assert f"glossary.yml:{lines}: duplicate term 'WFTU' (first at line 8)" in errors


def test_malformed_catalogue_exits_2_with_its_line(workspace: Path) -> None:
    path = workspace / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    path.write_text(path.read_text(encoding="utf-8") + 'msgid "x"\nmsgstr "unclosed\n', "utf-8")
    code, _, errors = run(workspace)
    assert code == 2
    assert f"{SLUG}.po:" in errors and "Traceback" not in errors


def test_list_checks_and_glossary_commands(workspace: Path) -> None:
    code, output, _ = run(workspace, "--list-checks")
    assert code == 0 and "do-not-translate" in output
    result = polyglot(workspace, "glossary", "validate")
    assert result.exit_code == 0 and "14 term(s)" in result.stdout
    result = polyglot(workspace, "glossary", "export", "--format", "csv", "--lang", "es")
    assert result.exit_code == 0 and "working class,clase trabajadora,en,es\n" in result.stdout
    target = workspace / "out.tbx"
    result = polyglot(workspace, "glossary", "export", "--format", "tbx", "-o", str(target))
    assert result.exit_code == 0 and target.read_bytes().startswith(b"<?xml")
    (workspace / "glossary.yml").unlink()
    result = polyglot(workspace, "glossary", "validate")
    assert result.exit_code == 2 and "no glossary file" in result.stderr


def test_parallel_run_gives_the_sequential_result(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import polyglot_statement.checks.run as checks

    plant(workspace)
    settings = load_settings(workspace)
    monkeypatch.setenv("POLYGLOT_JOBS", "1")
    sequential = find_problems(settings)
    # Each catalogue checked notes the process that checked it (forked workers inherit
    # the patch; a file is what they share with this process).
    checkers = tmp_path / "checkers"
    real = checks.read_checked

    def noting(*args: Any, **kwargs: Any) -> Any:
        with checkers.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(checks, "read_checked", noting)
    monkeypatch.setenv("POLYGLOT_JOBS", "2")
    assert find_problems(settings) == sequential
    pids = checkers.read_text(encoding="utf-8").split()
    assert len(pids) == 5 and str(os.getpid()) not in pids  # all checked in workers
    path = workspace / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    path.write_text(path.read_text(encoding="utf-8") + 'msgid "x"\n', "utf-8")
    with pytest.raises(CatalogError) as caught:
        find_problems(settings)
    assert caught.value.path == path and caught.value.line is not None


def test_counted_problems_are_the_found_ones(workspace: Path) -> None:
    # status counts findings as they come instead of keeping them (memory, issue 20).
    from collections import Counter

    from polyglot_statement.checks import count_problems

    plant(workspace)
    settings = load_settings(workspace)
    found = Counter((finding.language, finding.severity) for finding in find_problems(settings))
    assert found and count_problems(settings) == found
    assert count_problems(settings, ["fr"]) == Counter(
        {key: count for key, count in found.items() if key[0] == "fr"}
    )
