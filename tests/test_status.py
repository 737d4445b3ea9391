"""`polyglot status`: counts by state, verdicts, formats, the cache, and agreement with gettext."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import exit_and_streams, polyglot
from golden import Golden
from processes import in_a_terminal
from status_catalogues import make_catalogue

from polyglot_statement.config import load_settings
from polyglot_statement.errors import CatalogError
from polyglot_statement.po import (
    APPROVED,
    MACHINE,
    MEMORY,
    NEEDS_REVIEW,
    UNTRANSLATED,
    Catalog,
    ReadMemo,
    format_po,
    parse_po,
)
from polyglot_statement.po.parser import parse_lines
from polyglot_statement.po.reader import _read_regular
from polyglot_statement.publish.readiness import Readiness, Tally, readiness, word_count
from polyglot_statement.source.statement import load_statements
from polyglot_statement.status import compute as status_module
from polyglot_statement.status import render as status_render
from polyglot_statement.status import worker as status_worker
from polyglot_statement.status.compute import compute_status

SLUG = "wftu-andean-solidarity-peru"
GOLDEN = Path(__file__).parent / "data" / "status"
MAKE_CORPUS = Path(__file__).parent.parent / "benchmarks" / "make_corpus.py"
needs_msgfmt = pytest.mark.needs("msgfmt")


def run(workspace: Path, *args: str) -> tuple[int, str, str]:
    return exit_and_streams(workspace, "status", *args)


def light(data: bytes) -> Catalog:
    """What the fast path promises: exactly the line parser's catalogue, lines included."""
    return parse_lines(data)


def counted(data: bytes) -> Catalog:
    return parse_po(data)


def fast_path(data: bytes) -> None:
    """Read `data` by the fast path alone: it raises rather than hand a file to the line
    parser, so a regular layout is known to take it."""
    _read_regular(data, "<string>", ReadMemo())


def msgcat(tmp_path: Path, text: str) -> str:
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    subprocess.run(["msgcat", "-o", str(tmp_path / "out.po"), str(source)], check=True)
    return (tmp_path / "out.po").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the reader's fast path


@pytest.mark.parametrize("seed", range(40))
def test_counting_reader_agrees_with_parse_po(seed: int) -> None:
    text = make_catalogue(random.Random(seed))
    data = text.encode("utf-8")
    fast_path(data)  # a regular layout: the fast path reads it, no fallback
    assert counted(data) == light(data)


@pytest.mark.parametrize(
    "variant",
    ["crlf", "bom", "no final newline", "indented", "no space after keyword", "unicode breaks"],
)
def test_irregular_layouts_read_as_parse_po_reads_them(variant: str) -> None:
    text = make_catalogue(random.Random(7))
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "bom":
        text = "\ufeff" + text
    elif variant == "no final newline":
        text = text.rstrip("\n")
    elif variant == "indented":
        text = text.replace('\nmsgstr "', '\n  msgstr "')
    elif variant == "no space after keyword":
        text = text.replace('\nmsgid "', '\nmsgid"')
    else:
        text = text.replace("workers", "work\u2028ers\x0b\x85")
    data = text.encode("utf-8")
    assert counted(data) == light(data)


@needs_msgfmt
@pytest.mark.parametrize("seed", range(6))
def test_counting_reader_agrees_on_msgcat_rewritten_catalogues(seed: int, tmp_path: Path) -> None:
    text = msgcat(tmp_path, make_catalogue(random.Random(100 + seed), entries=60))
    data = text.encode("utf-8")
    fast_path(data)
    assert counted(data) == light(data)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('msgid "a"\nmsgstr "b"\nnonsense here\n', 3),
        ('msgid "a"\nmsgstr "unterminated\n', 2),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "c"\n"d"e"\nmsgstr "f"\n', 5),  # in a msgid
        ('msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n', 4),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n', 3),
    ],
)
def test_malformed_catalogue_is_reported_as_parse_po_reports_it(text: str, line: int) -> None:
    with pytest.raises(CatalogError) as expected:
        parse_lines(text.encode(), "x.po")
    with pytest.raises(CatalogError) as got:
        parse_po(text.encode(), "x.po")
    assert (str(got.value), got.value.line) == (str(expected.value), expected.value.line)
    assert got.value.line == line


@pytest.mark.parametrize(
    "entry",
    [
        'msgid "a"\nmsgstr ""\n""\n',  # empty over two lines
        'msgid "a"\nmsgstr ""\n"" \n"x"\n',  # empty strings, then one that is not
        'msgid "a"\nmsgstr "x"\nmsgstr[1] "y"\n',
        'msgid "a"\nmsgstr ""\n"\\""\n',  # an escaped quote only
        'msgid "a"\nmsgstr "" \t\n"x"\n',  # blanks after the closing quote
        'msgid "a"\nmsgstr[0] "x"\n',  # msgstr[0] without msgid_plural: msgstr is empty
        'msgid "a"\nmsgstr ""\nmsgstr[0] "x"\n',
        '#, fuzzy\nmsgid "a"\nmsgstr "x"\n',
        '#,\u00a0fuzzy\u00a0, c-format\nmsgid "a"\nmsgstr "x"\n',  # str.strip strips NBSP
        '#, fuzzy\n#machine translation: deepl\nmsgid "a"\nmsgstr "x"\n',
        '#, fuzzy\n#  machine translation: deepl\nmsgid "a"\nmsgstr "x"\n',  # two spaces
        '#, fuzzy\n#. machine translation: deepl\nmsgid "a"\nmsgstr "x"\n',  # not a translator's
        '# machine translation: deepl\nmsgid "a"\nmsgstr "x"\n',  # not fuzzy: approved
        'msgctxt "c"\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr ""\n',
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] ""\n',
        '#~ msgid "gone"\n#~ msgstr "x"\n\nmsgid ""\nmsgstr "y"\n',  # no header then
        'msgid "a"\nmsgstr "\n"b"\n',  # a lone quote, then a string: refused
        'msgid "a"\nmsgstr "\n',
        'msgid "a"\nmsgstr "x"\n"\n',
        'msgid "a"\nmsgstr "b""c"\n',
        'msgid "a"\nmsgstr "b"\n\n"c"\n',  # a string after a blank line continues it
        '#. c\n"x"\nmsgid "a"\nmsgstr "b"\n',
        'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n',  # no blank line between
        '#| "q"\nmsgid "a"\nmsgstr "b"\n',  # a previous string with no keyword
        '#| msgid "p"\n#, fuzzy\nmsgid "a"\nmsgstr "b"\n',  # a flag after a previous msgid
        '#, fuzzy\n#| msgctxt "c"\n#| msgid "p"\n#| "q"\nmsgid "a"\nmsgstr "b"\n',
        '#| msgid "p"\n#| msgstr "x"\n#| "y"\nmsgid "a"\nmsgstr "b"\n',  # no previous msgstr
        '#, fuzzy\n#| msgid "p"\n#| msgid_plural "ps"\nmsgid "a"\nmsgstr "b"\n',
        'msgid "a"\nmsgstr ""\n"x"\n"y"\n',
        'msgid "a"\nmsgstr "x"\n"y" \n',  # a blank after the last quote
    ],
)
def test_state_reader_edge_cases(entry: str) -> None:
    data = ('msgid ""\nmsgstr "Language: xx\\n"\n\n' + entry).encode("utf-8")
    assert _outcome(counted, data) == _outcome(light, data)
    data = entry.encode("utf-8")  # and without a header
    assert _outcome(counted, data) == _outcome(light, data)


def _outcome(reader: Callable[[bytes], object], data: bytes) -> object:
    """What a reader gives, or the error it raises (some of these entries are refused)."""
    try:
        return reader(data)
    except CatalogError as error:
        return (error.message, error.line)


def test_not_utf8_is_refused_with_its_line() -> None:
    data = 'msgid "a"\nmsgstr "caf\xe9"\n'.encode("latin-1")
    with pytest.raises(CatalogError) as got:
        parse_po(data, "x.po")
    assert got.value.line == 2 and "UTF-8" in str(got.value)


# ---------------------------------------------------------------- agreement with msgfmt

_STATISTICS = re.compile(
    r"(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?"
)


def msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    result = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    match = _STATISTICS.search(result.stderr)
    assert match is not None, result.stderr
    translated, fuzzy, untranslated = (int(group or 0) for group in match.groups())
    return translated, fuzzy, untranslated


def our_statistics(path: Path) -> tuple[int, int, int]:
    states = [entry.state for entry in parse_po(path.read_bytes()).entries]
    return (
        states.count(APPROVED),
        states.count(MACHINE) + states.count(NEEDS_REVIEW),
        states.count(UNTRANSLATED),
    )


@needs_msgfmt
@pytest.mark.parametrize("seed", range(12))
def test_entry_counts_agree_with_msgfmt(seed: int, tmp_path: Path) -> None:
    path = tmp_path / "foreign.po"
    path.write_text(make_catalogue(random.Random(seed), entries=50), encoding="utf-8")
    assert our_statistics(path) == msgfmt_statistics(path)
    rewritten = tmp_path / "rewritten.po"
    rewritten.write_text(msgcat(tmp_path, path.read_text(encoding="utf-8")), encoding="utf-8")
    assert our_statistics(rewritten) == msgfmt_statistics(rewritten)


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus made as the benchmark's is (benchmarks/make_corpus.py), small: 6 × 4."""
    out = tmp_path_factory.mktemp("corpus")
    size = ["--statements", "6", "--languages", "4", "--processes", "1"]
    subprocess.run(
        [sys.executable, str(MAKE_CORPUS), *size, "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@needs_msgfmt
def test_entry_counts_agree_with_msgfmt_on_a_corpus_made_as_the_benchmark_is(
    small_corpus: Path,
) -> None:
    files = sorted((small_corpus / "locales").glob("*/LC_MESSAGES/*.po"))
    assert len(files) == 24
    for path in files:
        assert our_statistics(path) == msgfmt_statistics(path), path
        data = path.read_bytes()
        fast_path(data)
        assert counted(data) == light(data), path


def test_one_memo_per_statement_reads_each_language_as_the_line_parser_does(
    small_corpus: Path, workspace: Path
) -> None:
    """Status reads a statement's languages with one memo: what one language's entries
    left in it (heads, comment blocks, previous messages) must not leak into another's."""
    for root in (small_corpus, workspace):
        for template in sorted((root / "locales" / "templates").glob("*.pot")):
            memo = ReadMemo()
            paths = [template, *sorted(root.glob(f"locales/*/LC_MESSAGES/{template.stem}.po"))]
            assert len(paths) > 2
            for path in paths:
                data = path.read_bytes()
                assert parse_po(data, path, memo) == light(data), path


def test_example_catalogues_take_the_fast_path(workspace: Path) -> None:
    for path in sorted((workspace / "locales").glob("*/LC_MESSAGES/*.po")):
        fast_path(path.read_bytes())
        assert counted(path.read_bytes()) == light(path.read_bytes())


# ---------------------------------------------------------------- the report


def test_counts_words_of_the_source_text_by_state(workspace: Path) -> None:
    settings = load_settings(workspace)
    report = compute_status(settings, checks="none")
    for language in report.languages:
        catalog = parse_po(settings.catalog_path(language.language, SLUG).read_bytes())
        expected = {state: 0 for state in (APPROVED, MACHINE, NEEDS_REVIEW, UNTRANSLATED)}
        segments = dict(expected)
        for entry in catalog.entries:
            expected[entry.state] += word_count(entry.msgid)
            segments[entry.state] += 1
        words = language.words
        assert (words.approved, words.machine, words.needs_review, words.untranslated) == (
            expected[APPROVED],
            expected[MACHINE],
            expected[NEEDS_REVIEW],
            expected[UNTRANSLATED],
        )
        assert language.segments.total == sum(segments.values())
    by_code = {language.language: language for language in report.languages}
    assert by_code["es"].percent_approved == 100.0 and by_code["qu"].percent_approved == 0.0
    assert 0 < by_code["ar"].percent_approved < 100


def test_publishable_is_the_readiness_verdict(workspace: Path) -> None:
    settings = load_settings(workspace)
    report = compute_status(settings, checks="none")
    (statement,) = load_statements(settings)
    for language in report.languages:
        catalog = parse_po(settings.catalog_path(language.language, SLUG).read_bytes())
        verdict = readiness(settings, statement, language.language, catalog)
        (edition,) = language.editions
        assert edition.publishable == verdict.publishable
        assert edition.reasons == verdict.reasons
    assert [language.publishable for language in report.languages] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_errors_and_warnings_are_those_of_polyglot_check(workspace: Path) -> None:
    from polyglot_statement.checks import ERROR, find_problems

    settings = load_settings(workspace)
    # A planted error in an approved Spanish entry: a number that changed.
    path = settings.catalog_path("es", SLUG)
    catalog = parse_po(path.read_bytes())
    entry = next(entry for entry in catalog.entries if "2022" in entry.msgstr)
    entry.msgstr = entry.msgstr.replace("2022", "2023")
    path.write_bytes(format_po(catalog))
    findings = find_problems(settings)
    report = compute_status(settings, checks="all")
    for language in report.languages:
        mine = [finding for finding in findings if finding.language == language.language]
        assert language.errors == sum(1 for f in mine if f.severity == ERROR)
        assert language.warnings == sum(1 for f in mine if f.severity != ERROR)
    spanish = report.languages[0]
    assert spanish.errors and not spanish.publishable
    assert any("check error" in reason for reason in spanish.editions[0].reasons)
    # auto: the Spanish edition is publishable but for checks, so it is checked; Quechua
    # is not publishable anyway, so it is not (without the cache, which knows from "all").
    fresh = compute_status(settings, use_cache=False)
    auto = {item.language: item for item in fresh.languages}
    assert auto["es"].errors == spanish.errors and not auto["es"].publishable
    assert auto["qu"].errors is None and not auto["qu"].publishable
    # none: nothing checked, and the verdict counts no check error.
    none = {item.language: item for item in compute_status(settings, checks="none").languages}
    assert none["es"].errors is None and none["es"].publishable


def test_a_foreign_catalogue_is_counted_with_obsolete_apart(workspace: Path) -> None:
    """The statement's segments by their state in the catalogue; everything else the file
    holds (contexts, plurals and other texts a foreign tool wrote, `#~` entries) apart, as
    obsolete: extract would make it obsolete, and no edition publishes it."""
    settings = load_settings(workspace)
    path = settings.catalog_path("fr", SLUG)
    french = parse_po(path.read_bytes())
    rng = random.Random(3)
    for entry in french.entries:  # every state among the statement's own segments
        roll = rng.random()
        if roll < 0.2:
            entry.msgstr = ""
        elif roll < 0.4:
            entry.set_fuzzy(True)
        elif roll < 0.5:
            entry.set_fuzzy(True)
            entry.translator_comments.append("machine translation: deepl FR")
        elif roll < 0.6:
            entry.set_fuzzy(True)
            entry.translator_comments.append("memory: 86% from partners.tmx")
    foreign = parse_po(make_catalogue(random.Random(3), entries=60).encode("utf-8"))
    french.entries += foreign.entries
    path.write_bytes(format_po(french))
    ours = {entry.msgid: entry.state for entry in french.entries[: -len(foreign.entries)]}
    (report,) = compute_status(settings, languages=["fr"], checks="none").languages
    for state, name in (
        (APPROVED, "approved"),
        (MACHINE, "machine"),
        (MEMORY, "memory"),
        (NEEDS_REVIEW, "needs_review"),
        (UNTRANSLATED, "untranslated"),
    ):
        msgids = [msgid for msgid, its in ours.items() if its == state]
        assert msgids, state
        assert getattr(report.segments, name) == len(msgids), state
        assert getattr(report.words, name) == sum(map(word_count, msgids)), state
    written = [e for e in foreign.entries if not e.obsolete or any(e.translations)]
    assert report.segments.obsolete == len(written)
    assert report.words.obsolete == sum(word_count(e.msgid) for e in written)
    assert report.segments.total == len(ours)


def test_missing_catalogue_counts_the_template_as_untranslated(workspace: Path) -> None:
    settings = load_settings(workspace)
    settings.catalog_path("qu", SLUG).unlink()
    (quechua,) = compute_status(settings, languages=["qu"], checks="none").languages
    template = parse_po(settings.template_path(SLUG).read_bytes())
    assert quechua.segments.untranslated == len(template.entries)
    assert not quechua.editions[0].catalogue_exists
    assert not quechua.publishable


# ---------------------------------------------------------------- formats


@pytest.mark.parametrize(
    ("fmt", "by", "name"),
    [
        ("json", "language", "example.json"),
        ("markdown", "language", "example.md"),
        ("csv", "language", "example.csv"),
        ("csv", "statement", "example-by-statement.csv"),
        ("markdown", "statement", "example-by-statement.md"),
    ],
)
def test_golden_reports(workspace: Path, golden: Golden, fmt: str, by: str, name: str) -> None:
    # Checks off: the expected files must not change when someone adds a check.
    code, output, _ = run(workspace, "--format", fmt, "--by", by, "--checks", "none")
    assert code == 0
    golden.assert_matches(GOLDEN / name, output)


def test_json_has_the_documented_keys(workspace: Path) -> None:
    code, output, _ = run(workspace, "--format", "json")
    assert code == 0
    data = json.loads(output)
    states = {"approved", "machine", "memory", "needs_review", "untranslated", "obsolete", "total"}
    keys = {"language", "words", "segments", "percent_approved", "errors", "warnings"}
    for language in data["languages"]:
        assert keys | {"publishable", "statements"} <= set(language)
        assert set(language["words"]) == states == set(language["segments"])
        for edition in language["statements"]:
            assert keys | {"statement", "publishable", "reasons"} <= set(edition)


def test_publishable_is_having_no_reasons() -> None:
    for words, approved, missing, blocking, minimum in itertools.product(
        (0, 3, 1000), (0, 1, 3, 999, 1000), ((), ("Title",)), (0, 2), (0.0, 33.3, 99.9, 100.0)
    ):
        if approved > words:
            continue
        tally = Tally(approved=approved, untranslated=words - approved)
        verdict = Readiness("s", "xx", tally, tally, missing, blocking, minimum)
        assert verdict.publishable == (not verdict.reasons), verdict


def test_json_report_is_json_dumps_with_indent(workspace: Path) -> None:
    report = compute_status(load_settings(workspace), checks="all")
    data = status_render.report_data(report)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert status_render.render_json(report) == text


def test_html_report_is_self_contained(workspace: Path, tmp_path: Path) -> None:
    target = tmp_path / "report" / "status.html"
    code, out, err = run(workspace, "--by", "statement", "-o", str(target))
    assert code == 0 and out == f"wrote {target}\n" and not err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert not re.search(r"<(?:script|link|img|iframe|object)\b|@import|url\(", page, re.I)
    assert page.count('class="track"') == 10  # a bar per language, and per statement
    assert SLUG in page and "Arabic" in page


def test_output_format_follows_the_file_suffix(workspace: Path, tmp_path: Path) -> None:
    for suffix, start in ((".json", "{"), (".csv", "language,"), (".md", "# Translation")):
        target = tmp_path / f"status{suffix}"
        assert run(workspace, "-o", str(target))[0] == 0
        assert target.read_text(encoding="utf-8").startswith(start)


def test_filters_and_by_statement(workspace: Path) -> None:
    code, output, _ = run(workspace, "--by", "statement", "--lang", "ar", "--statement", SLUG)
    assert code == 0
    rows = [line for line in output.splitlines() if line.startswith("ar ")]
    assert len(rows) == 1 and "not publishable" in rows[0]
    assert SLUG in output and "\nes " not in output
    code, _, err = run(workspace, "--statement", "no-such-statement")
    assert code == 2 and "no statement 'no-such-statement'" in err
    code, _, err = run(workspace, "--lang", "de")
    assert code == 2 and "not a target language" in err


def test_fail_under_exit_codes(workspace: Path) -> None:
    code, _, err = run(workspace, "--fail-under", "50")
    assert code == 1 and "ar 26" in err and "qu 0.0%" in err
    assert run(workspace, "--fail-under", "0")[0] == 0
    assert run(workspace, "--fail-under", "100", "--lang", "es", "--lang", "fr")[0] == 0
    assert run(workspace, "--fail-under", "100", "--lang", "es", "--lang", "ar")[0] == 1
    assert run(workspace, "--fail-under", "101")[0] == 2  # not a percentage


def test_fail_under_counts_words_and_fail_unless_publishable_is_builds_verdict(
    workspace: Path,
) -> None:
    settings = load_settings(workspace)
    path = settings.catalog_path("es", SLUG)
    catalog = parse_po(path.read_bytes())
    entry = next(entry for entry in catalog.entries if "2022" in entry.msgstr)
    entry.msgstr = entry.msgstr.replace("2022", "2023")  # a check error, every word approved
    path.write_bytes(format_po(catalog))
    # --fail-under is about words only, as documented.
    assert run(workspace, "--lang", "es", "--fail-under", "100")[0] == 0
    code, out, err = run(workspace, "--lang", "es", "--fail-unless-publishable")
    assert code == 1 and "not publishable" in out
    assert f"not publishable: es {SLUG}: 1 check error(s) (see `polyglot check`)" in err
    assert run(workspace, "--lang", "fr", "--fail-unless-publishable")[0] == 0
    code, _, err = run(workspace, "--lang", "qu", "--fail-unless-publishable")
    assert code == 1 and "required segment(s) not approved" in err
    code, _, err = run(workspace, "--fail-unless-publishable", "--checks", "none")
    assert code == 2 and "--checks auto or all" in err
    # The same verdict as build's.
    result = polyglot(workspace, "build", "--lang", "es")
    assert result.exit_code == 0 and "skipped   es" in result.stdout
    manifest = json.loads((workspace / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert [item["language"] for item in manifest["skipped"]] == ["es"]


def _in_a_terminal(workspace: Path, environment: dict[str, str]) -> str:
    """`polyglot status` with a pseudo-terminal as its stdout."""
    return in_a_terminal(workspace, ["status"], environment)


def test_colour_in_a_terminal_and_not_with_no_color_or_a_pipe(workspace: Path) -> None:
    coloured = _in_a_terminal(workspace, {})
    assert "\x1b[32m" in coloured and "█" in coloured
    plain = _in_a_terminal(workspace, {"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "#####" in plain
    code, piped, _ = run(workspace)
    assert code == 0 and "\x1b[" not in piped and "#####" in piped


# ---------------------------------------------------------------- the cache


def test_warm_run_reads_no_catalogue_and_a_changed_file_is_read_again(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(workspace)
    first = compute_status(settings, checks="none")
    assert (settings.cache_path / status_module.CACHE_FILE).is_file()
    read: list[str] = []
    original = status_worker.read_light

    def spy(data: bytes, path: object = "<string>", memo: ReadMemo | None = None) -> object:
        read.append(str(path))
        return original(data, path, memo)  # type: ignore[arg-type]

    monkeypatch.setattr(status_worker, "read_light", spy)
    assert compute_status(settings, checks="none") == first
    assert read == []
    # Approve the Arabic entries that need review: same file, new content.
    path = settings.catalog_path("ar", SLUG)
    path.write_text(path.read_text(encoding="utf-8").replace("#, fuzzy\n", ""), encoding="utf-8")
    again = compute_status(settings, checks="none")
    assert read == [str(path)]
    before = {item.language: item for item in first.languages}["ar"]
    after = {item.language: item for item in again.languages}["ar"]
    assert after.segments.approved == before.segments.approved + before.segments.needs_review
    assert after.segments.needs_review == 0


def test_same_size_and_time_but_another_file_is_read_again(workspace: Path) -> None:
    settings = load_settings(workspace)
    path = settings.catalog_path("es", SLUG)
    first = compute_status(settings, languages=["es"], checks="none").languages[0]
    data = path.read_bytes()
    stat = path.stat()
    # The same length, the same modification time: only the inode tells (an editor's
    # save-by-rename). One approved entry becomes untranslated.
    old_entry = 'msgid "WFTU Andean Sub-Region"\nmsgstr "Subregión andina de la FSM"\n'.encode()
    new_entry = b'msgid "WFTU Andean Sub-Region"\nmsgstr ""\n'
    assert old_entry in data
    changed = data.replace(old_entry, new_entry) + b" " * (len(old_entry) - len(new_entry))
    replacement = path.with_suffix(".new")
    replacement.write_bytes(changed)
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    replacement.replace(path)
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    second = compute_status(settings, languages=["es"], checks="none").languages[0]
    assert second.segments.untranslated == first.segments.untranslated + 1


def test_changed_settings_recompute_verdicts(workspace: Path) -> None:
    settings = load_settings(workspace)
    assert not compute_status(settings, languages=["ar"]).languages[0].publishable
    pyproject = workspace / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert "[tool.polyglot.publish]\n" in text
    pyproject.write_text(
        text.replace("[tool.polyglot.publish]\n", "[tool.polyglot.publish]\nmin-percent = 0\n"),
        encoding="utf-8",
    )
    settings = load_settings(workspace)
    (arabic,) = compute_status(settings, languages=["ar"]).languages
    assert arabic.editions[0].readiness.min_percent == 0
    assert not any("% of words approved" in reason for reason in arabic.editions[0].reasons)


def test_a_damaged_cache_is_ignored(workspace: Path) -> None:
    settings = load_settings(workspace)
    first = compute_status(settings, checks="none")
    (settings.cache_path / status_module.CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert compute_status(settings, checks="none") == first


# ---------------------------------------------------------------- stale editions


def test_stale_editions_after_a_catalogue_or_source_changes(workspace: Path) -> None:
    assert compute_status(load_settings(workspace)).stale_editions is None
    build = polyglot(workspace, "build")
    assert build.exit_code == 0, build.output
    settings = load_settings(workspace)
    assert compute_status(settings).stale_editions == ()
    path = settings.catalog_path("fr", SLUG)
    path.write_text(path.read_text(encoding="utf-8") + "\n# a translator's note\n", "utf-8")
    stale = compute_status(settings).stale_editions
    assert stale is not None and [(item.language, item.statement) for item in stale] == [
        ("fr", SLUG)
    ]
    assert "catalogue" in stale[0].reason
    source = settings.source_path / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", "utf-8")
    stale = compute_status(settings).stale_editions
    assert stale is not None and {item.language for item in stale} == {"es", "fr", "pt"}
    assert all(item.reason == "the source statement changed" for item in stale)
    code, output, _ = run(workspace)
    assert code == 0 and "stale published editions" in output


def test_a_malformed_catalogue_is_reported_with_its_line_from_a_worker(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(workspace)
    source = settings.source_path / f"{SLUG}.md"
    for number in range(3):  # more statements, so that worker processes do the reading
        shutil.copy(source, settings.source_path / f"copy-{number}.md")
    path = settings.catalog_path("ar", SLUG)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(20, "this is not gettext\n")
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(status_worker, "PARALLEL_FROM", 1)
    with pytest.raises(CatalogError) as raised:
        compute_status(settings, checks="none", jobs=2)
    assert raised.value.path == path and raised.value.line == 21
    code, _, err = run(workspace, "--checks", "none")
    assert code == 2 and f"{path}:21: unexpected text" in err


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The workers' d’état, anti-democratic, 7.5 per cent", 7),
        ("**Solidarity** with [the people](https://example.org/a-b) of Peru", 6),
        ("工会 workers 労働組合", 7),  # every character of Chinese and Japanese is a word
        ("ภาษาไทย", 7),  # Thai too, although it is below the CJK blocks
        ("نقابة العمال", 2),
    ],
)
def test_word_count_rule_documented_in_the_readme(text: str, words: int) -> None:
    assert word_count(text) == words
