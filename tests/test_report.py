"""`polyglot report`: words and segments translated and reviewed per translator and
language, from git history (each commit's catalogue before and after) or from headers."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from git_history import (
    ANA,
    BEA,
    CHLOE,
    COORDINATOR,
    HEADING,
    UNION,
    WAGES,
    WEBLATE,
    catalogue,
    commit,
    edit,
    git,
    make_history,
    make_workspace,
    needs_git,
)
from status_catalogues import make_catalogue

from polyglot_statement import gitlog
from polyglot_statement.cli import main
from polyglot_statement.contributors import blocks, compute, crediting, versions
from polyglot_statement.errors import CatalogError
from polyglot_statement.po import (
    MACHINE_COMMENT_PREFIX,
    MEMORY_COMMENT_PREFIX,
    format_po,
    parse_po,
)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_history(tmp_path_factory.mktemp("report") / "ws")


def report(workspace: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["-C", str(workspace), "report", *args])
    return result.exit_code, result.stdout, result.stderr


def rows(workspace: Path, *args: str) -> list[tuple[object, ...]]:
    code, output, _ = report(workspace, "--format", "json", *args)
    assert code == 0, output
    return [
        (
            item["language"],
            item["translator"],
            item["translated_words"],
            item["translated_segments"],
            item["reviewed_words"],
            item["reviewed_segments"],
            item["commits"],
            item["from"],
        )
        for item in json.loads(output)["contributions"]
    ]


@needs_git
def test_february_ana_translated_and_a_machine_prefill_is_nobodys_work(history: Path) -> None:
    assert rows(history, "--since", "2026-02-01", "--until", "2026-02-28") == [
        ("es", ANA[0], 8, 2, 0, 0, 1, "git"),
        ("fr", COORDINATOR[0], 0, 0, 0, 0, 1, "git"),
    ]


@needs_git
def test_march_weblate_commits_credit_their_authors(history: Path) -> None:
    assert rows(history, "--since", "2026-03-01", "--until", "2026-03-31") == [
        ("es", BEA[0], 4, 1, 5, 1, 1, "git"),
        ("fr", CHLOE[0], 0, 0, 4, 1, 1, "git"),
    ]


@needs_git
def test_the_window_is_the_authors_calendar_day(history: Path) -> None:
    # Ana committed on 2026-02-10 at 18:30 in UTC−5 (23:30 UTC): her day, not UTC's.
    assert rows(history, "--since", "2026-02-10", "--until", "2026-02-10") == [
        ("es", ANA[0], 8, 2, 0, 0, 1, "git")
    ]
    assert rows(history, "--since", "2026-01-06", "--until", "2026-02-09") == []


@needs_git
def test_json_lists_co_authored_commits_and_the_window(history: Path) -> None:
    code, output, _ = report(
        history, "--since", "2026-01-01", "--until", "2026-12-31", "--format", "json"
    )
    assert code == 0
    data = json.loads(output)
    assert (data["since"], data["until"], data["git"]) == ("2026-01-01", "2026-12-31", True)
    assert len(data["co_authored_commits"]) == 1
    assert data["header_catalogues"] == [] and data["unreadable"] == []
    assert {item["email"] for item in data["contributions"]} == {
        ANA[1],
        BEA[1],
        CHLOE[1],
        COORDINATOR[1],
    }


@needs_git
def test_csv_markdown_and_text_carry_the_same_counts(history: Path) -> None:
    window = ("--since", "2026-03-01", "--until", "2026-03-31")
    code, output, _ = report(history, *window, "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(output)))
    assert [
        (row["language"], row["translator"], row["email"], row["translated_words"],
         row["translated_segments"], row["reviewed_words"], row["reviewed_segments"],
         row["commits"], row["from"])
        for row in table
    ] == [
        ("es", BEA[0], BEA[1], "4", "1", "5", "1", "1", "git"),
        ("fr", CHLOE[0], CHLOE[1], "0", "0", "4", "1", "1", "git"),
    ]  # fmt: skip
    code, output, _ = report(history, *window, "--format", "markdown")
    assert "# Contributors, 2026-03-01 to 2026-03-31" in output
    assert f"| es | {BEA[0]} | 4 | 1 | 5 | 1 | 1 | git |" in output
    assert f"| fr | {CHLOE[0]} | 0 | 0 | 4 | 1 | 1 | git |" in output
    assert "Commits naming co-authors (Co-authored-by): 1;" in output
    code, output, _ = report(history, *window)
    lines = output.splitlines()
    assert lines[0] == "contributors 2026-03-01 to 2026-03-31"
    assert lines[4].split() == ["es", "Bea", "Ruiz", "4", "1", "5", "1", "1"]
    assert lines[5].split() == ["fr", "Chloé", "Martin", "0", "0", "4", "1", "1"]


@needs_git
def test_a_squashed_commit_counts_once_for_its_author(tmp_path: Path) -> None:
    workspace = make_workspace(tmp_path / "ws")
    git(workspace, "init", "-q")
    commit(workspace, "Add", COORDINATOR, "2026-01-05T09:00:00+00:00")
    # Ana translated HEADING, Bea UNION: squashed into one commit by Bea.
    edit(workspace, "es", {HEADING: ("Solidaridad", "approved"), UNION: ("Apoyo.", "approved")})
    commit(
        workspace, "Squashed\n\nCo-authored-by: Ana <ana@example.org>", BEA, "2026-01-09T09:00:00Z"
    )
    assert rows(workspace, "--since", "2026-01-06") == [("es", BEA[0], 8, 2, 0, 0, 1, "git")]


def test_without_git_the_headers_credit_the_whole_catalogue(history: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(history, copy, ignore=shutil.ignore_patterns(".git"))
    # es: HEADING, UNION, WAGES approved (3 + 5 + 4 words) — Bea's header, 2026-03-01.
    # fr: WAGES approved (4 words) — Chloé's header, 2026-03-02.
    assert rows(copy, "--since", "2026-03-01", "--until", "2026-03-01") == [
        ("es", BEA[0], 12, 3, 0, 0, 0, "header")
    ]
    code, output, _ = report(copy, "--since", "2026-03-01", "--until", "2026-03-02")
    assert code == 0
    assert "No git history" in output and "no review: 2 catalogue(s)." in output
    assert rows(copy, "--since", "2026-04-01") == []


@needs_git
def test_an_uncommitted_catalogue_in_a_work_tree_is_counted_from_its_header(
    history: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(history, workspace)
    (workspace / "source" / "extra.md").write_text(f"# {WAGES}\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["-C", str(workspace), "extract"]).exit_code == 0
    extra = workspace / "locales" / "es" / "LC_MESSAGES" / "extra.po"
    text = extra.read_text(encoding="utf-8")
    # extract pre-filled it from the memory (fuzzy): Ana approves it.
    assert text.endswith(
        '#, fuzzy\nmsgid "Wages must rise now."\nmsgstr "Los salarios deben subir ya."\n'
    )
    text = text.replace("#, fuzzy\nmsgid", "msgid")
    text = text.replace('"Last-Translator: \\n"', f'"Last-Translator: {ANA[0]} <{ANA[1]}>\\n"')
    text = text.replace('"PO-Revision-Date: \\n"', '"PO-Revision-Date: 2026-04-04 10:00+0000\\n"')
    extra.write_text(text, encoding="utf-8")
    assert rows(workspace, "--since", "2026-04-01") == [("es", ANA[0], 4, 1, 0, 0, 0, "header")]


@pytest.mark.parametrize("value", ["2026-13-01", "yesterday", "20260301", "2026-3-1", ""])
def test_a_bad_date_is_exit_2_naming_the_option(history: Path, value: str) -> None:
    code, _, errors = report(history, "--since", value)
    assert code == 2
    assert errors == "error: --since: not a date (YYYY-MM-DD)\n"
    code, _, errors = report(history, "--since", "2026-01-01", "--until", value)
    assert (code, errors) == (2, "error: --until: not a date (YYYY-MM-DD)\n")


def test_until_before_since_is_refused(history: Path) -> None:
    code, _, errors = report(history, "--since", "2026-03-01", "--until", "2026-02-01")
    assert code == 2
    assert errors == "error: --until 2026-02-01 is before --since 2026-03-01\n"


def _credited(before: blocks.States, after: blocks.States) -> tuple[int, ...]:
    tally = compute._Tally()
    compute._credit(tally, before, after)
    return (
        tally.translated_words,
        tally.translated_segments,
        tally.reviewed_words,
        tally.reviewed_segments,
    )


def _read_fast(old: bytes, new: bytes, reader: versions.Versions | None = None) -> object:
    """A change's credit as the report reads it: each version's filled entries."""
    reader = reader or versions.Versions()
    before, after = reader.read(old), reader.read(new)
    if before is None or after is None:
        return None
    return versions.credit(before, after, reader.words)


def _read_whole(old: bytes, new: bytes) -> object:
    """The same, reading both versions whole with the PO reader."""
    try:
        return _credited(blocks.states(parse_po(old)), blocks.states(parse_po(new)))
    except CatalogError:
        return None


def _odd_layout(rng: random.Random, data: bytes) -> bytes:
    """The catalogue in layouts the PO reader takes but gettext does not write: a
    comment set apart from its entry, two entries in one block, blank lines, trailing
    blanks, a msgstr that starts with an empty string, an escape, CRLF, no last line end."""
    # Read as LF (a CRLF version would get blanks after its CR: a carriage return alone).
    blocks_ = data.decode().replace("\r\n", "\n").split("\n\n")
    for number, block in enumerate(blocks_):
        if number == 0 or block.startswith("#~") or rng.random() > 0.3:
            continue
        lines = block.split("\n")
        change = rng.randrange(6)
        if change == 0 and lines[0].startswith("#"):
            lines[0] += "\n"  # a comment set apart by a blank line
        elif change == 1:
            lines[-1] += "   "  # blanks after the last string
        elif change == 2:
            lines = [
                line.replace('msgstr "', 'msgstr ""\n"', 1) if line.startswith('msgstr "') else line
                for line in lines
            ]
        elif change == 3:
            lines = [
                line.replace('msgstr "', 'msgstr "\\"', 1) if line.startswith('msgstr "') else line
                for line in lines
            ]
        elif change == 4:
            lines[-1] += "\n\n"  # more blank lines
        blocks_[number] = "\n".join(lines)
    # Two entries in one block: a blank line taken out.
    for _ in range(rng.randint(0, 2) if len(blocks_) > 2 else 0):
        at = rng.randrange(1, len(blocks_))
        if at + 1 < len(blocks_) and not blocks_[at + 1].startswith("#~"):
            blocks_[at : at + 2] = [blocks_[at] + "\n" + blocks_[at + 1]]
    text = "\n\n".join(blocks_)
    if rng.random() < 0.2:
        text = text.rstrip("\n")
    if rng.random() < 0.2:
        text = text.replace("\n", "\r\n")
    return text.encode()


@pytest.mark.parametrize("seed", range(24))
def test_reading_filled_entries_only_credits_as_reading_whole_catalogues(seed: int) -> None:
    """The report reads each version once, for its filled entries only, most of them by
    their head alone: it must credit exactly what reading both versions whole credits,
    on catalogues in gettext's layout, in a foreign one, and in odd ones."""
    rng = random.Random(seed)
    original = make_catalogue(rng).encode()
    catalog = parse_po(original)
    old = original if seed % 3 == 0 else format_po(catalog)  # a foreign layout, or ours
    for entry in catalog.entries:
        if entry.msgid and not entry.obsolete and entry.msgid_plural is None and rng.random() < 0.4:
            entry.msgstr = rng.choice(["", "traduction", entry.msgstr or "autre"])
            entry.set_fuzzy(rng.random() < 0.3)
            if entry.fuzzy and rng.random() < 0.3:
                entry.translator_comments = [f"{MEMORY_COMMENT_PREFIX} tm"]
    new = format_po(catalog)
    if seed % 2:
        old, new = _odd_layout(rng, old), _odd_layout(rng, new)
    whole = _read_whole(old, new)
    assert whole is not None and sum(whole) > 0  # type: ignore[arg-type]
    reader = versions.Versions()
    assert _read_fast(old, new, reader) == whole
    # Again, with every head known from the first time: the same answer.
    assert _read_fast(old, new, reader) == whole
    assert _read_fast(new, old, reader) == _read_whole(new, old)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A comment set apart from its entry: the version is read whole.
        (
            b'msgid ""\nmsgstr ""\n\nmsgid "a b"\nmsgstr ""\n',
            b'#, fuzzy\n\nmsgid "a b"\nmsgstr "y"\n',
        ),
        # Two entries in one block, the first filled, the last empty.
        (
            b'msgid "a b"\nmsgstr ""\n',
            b'msgid "a b"\nmsgstr "x"\nmsgid "c"\nmsgstr ""\n\nmsgid "d"\nmsgstr ""\n',
        ),
        # A filled entry after an obsolete one, in one block.
        (b'msgid "a b"\nmsgstr ""\n', b'#~ msgid "o"\n#~ msgstr "p"\nmsgid "a b"\nmsgstr "x"\n'),
        # A previous msgid, a context, plural forms, a memory pre-fill approved.
        (
            b'#, fuzzy\n#| msgid "a"\nmsgid "a b"\nmsgstr "x"\n\nmsgctxt "k"\nmsgid "c d e"\n'
            b'msgstr "y"\n\n# memory: tm\n#, fuzzy\nmsgid "f"\nmsgstr "z"\n',
            b'#| msgid "a"\nmsgid "a b"\nmsgstr "x"\n\nmsgctxt "k"\nmsgid "c d e"\nmsgstr "y"\n\n'
            b'msgid "f"\nmsgstr "z"\n\n'
            b'msgid "g"\nmsgid_plural "gs"\nmsgstr[0] "h"\nmsgstr[1] "i"\n',
        ),
        # Versions the PO reader refuses: a bad escape, a key twice, not UTF-8.
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "\\q"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x"\n\nmsgid "a b"\nmsgstr "y"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "\xe9"\n'),
        # Lines ended by a carriage return alone (old Mac OS), or twice before a CRLF.
        (b'msgid "a b"\nmsgstr ""\n', b'# c\rmsgid "a b"\rmsgstr "x"\r'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\r\r\nmsgstr "x"\r\r\n'),
        # msgstr layouts the first pass (strings joined where a line's quote meets the
        # next line's) must take or leave as the reader would: blanks between strings,
        # a second string on a line, text after a quote, an escaped quote, a string
        # made of a line break, two blanks after msgstr, a tab, 40 lines, empty lines.
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x" \n"y"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x"\n"y"  \n\nmsgid "c"\nmsgstr ""\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x""y"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x"y\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x\\"y"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x"\n"\n"y"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr  "x"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr\t"x"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr ""' + b'\n"x"' * 40 + b"\n"),
        (b'msgid "a b"\nmsgstr "x"\n', b'msgid "a b"\nmsgstr ""\n""\n""\n\nmsgid "c"\nmsgstr "y"'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr "x"\nmsgstr "y"\n'),
        # A continued previous msgid without its first line, a stray string.
        (b'msgid "a b"\nmsgstr ""\n', b'#| "a"\nmsgid "a b"\nmsgstr "x"\n'),
        (b'msgid "a b"\nmsgstr ""\n', b'msgid "a b"\nmsgstr ""\n\n"x"\n'),
    ],
)
def test_odd_and_refused_versions_credit_as_reading_them_whole(old: bytes, new: bytes) -> None:
    assert _read_fast(old, new) == _read_whole(old, new)
    # Followed by another entry: the last block of a version ends with its line end and
    # is read another way than the blocks before it.
    then = b'\n\n#. more\nmsgid "e f"\nmsgstr "g"\n'
    assert _read_fast(old + then, new + then) == _read_whole(old + then, new + then)


YEAR_AS_JSON = ("--since", "2026-01-01", "--until", "2026-12-31", "--format", "json")


def _forgetting_copy(history: Path, tmp_path: Path) -> Path:
    """A copy of the history's workspace whose report remembers nothing yet."""
    workspace = tmp_path / "ws"
    shutil.copytree(history, workspace)
    (workspace / ".polyglot" / "report.json").unlink(missing_ok=True)
    return workspace


@needs_git
def test_a_second_report_reads_no_catalogue_again_and_says_the_same(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = _forgetting_copy(history, tmp_path)
    window = YEAR_AS_JSON
    first = report(workspace, *window)
    read: list[bytes] = []
    real = versions.Versions.read

    def spy(self: versions.Versions, data: bytes) -> versions.Version | None:
        read.append(data)
        return real(self, data)

    monkeypatch.setattr(versions.Versions, "read", spy)
    assert report(workspace, *window) == first and read == []
    # A new commit: only its change is read, its two versions once each.
    before = catalogue(workspace, "fr").read_bytes()
    edit(workspace, "fr", {HEADING: ("Solidarité", "approved")})
    commit(workspace, "fr: heading", CHLOE, "2026-04-01T10:00:00+02:00")
    assert rows(workspace, "--since", "2026-04-01") == [("fr", CHLOE[0], 3, 1, 0, 0, 1, "git")]
    assert sorted(read) == sorted([before, catalogue(workspace, "fr").read_bytes()])


@needs_git
def test_blobs_git_never_gave_are_reported_unreadable_and_not_remembered(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = _forgetting_copy(history, tmp_path)
    window = YEAR_AS_JSON
    real = crediting.blobs

    def stopping_early(repo: object, names: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
        given = real(repo, names)  # type: ignore[arg-type]
        yield next(given)  # then git "stops": nothing more comes
        given.close()

    monkeypatch.setattr(crediting, "blobs", stopping_early)
    code, cut_short, _ = report(workspace, *window)
    assert code == 0, cut_short
    assert json.loads(cut_short)["unreadable"]  # said, not credited as empty files
    monkeypatch.setattr(crediting, "blobs", real)
    (workspace / ".polyglot" / "report.json").unlink(missing_ok=True)
    whole = report(workspace, *window)
    (workspace / ".polyglot" / "report.json").unlink(missing_ok=True)
    monkeypatch.setattr(crediting, "blobs", stopping_early)
    report(workspace, *window)  # remembers only what it could read
    monkeypatch.setattr(crediting, "blobs", real)
    assert report(workspace, *window) == whole  # nothing wrong was remembered


def _mutated(rng: random.Random, data: bytes) -> bytes:
    """The catalogue with some entries translated, emptied, marked for review, approved,
    or pre-filled by a machine or the memory, written in our layout, sometimes CRLF."""
    catalog = parse_po(data)
    for entry in catalog.entries:
        if entry.obsolete or not entry.msgid or rng.random() > 0.35:
            continue
        text = rng.choice(["", "traduction", 'une "citation"', "ligne\\nsuivante", "autre"])
        if entry.msgid_plural is not None:
            entry.msgstr_plural = {index: text for index in entry.msgstr_plural}
        else:
            entry.msgstr = text
        entry.set_fuzzy(rng.random() < 0.4)
        prefix = rng.choice(["", "", MACHINE_COMMENT_PREFIX, MEMORY_COMMENT_PREFIX])
        entry.translator_comments = [f"{prefix} deepl"] if prefix else []
    written = format_po(catalog)
    return written.replace(b"\n", b"\r\n") if rng.random() < 0.15 else written


def _by_whole_catalogues(
    workspace: Path, unreadable: list[str] | None = None
) -> list[tuple[object, ...]]:
    """The report's counts the slow way: every version of every catalogue read whole;
    a change with a version the PO reader refuses goes to `unreadable`, newest first."""
    tallies: dict[tuple[str, str], compute._Tally] = {}
    refused: list[str] = []
    for line in git(workspace, "log", "--reverse", "--format=%H %an").splitlines():
        sha, author = line.split(" ", 1)
        raw = git(workspace, "diff-tree", "--root", "--no-commit-id", "-r", "--raw", sha)
        languages = set()
        for change in raw.splitlines():
            meta, path = change.split("\t")
            old, new = meta.split()[2:4]
            if not path.endswith(".po"):
                continue
            versions = [
                git_bytes(workspace, "cat-file", "blob", name) if set(name) != {"0"} else b""
                for name in (old, new)
            ]
            language = path.split("/")[1]
            try:
                read = [blocks.states(parse_po(data)) for data in versions]
            except CatalogError:
                refused.append(f"{sha[:10]}:{path}")
                continue
            tally = tallies.setdefault((language, author), compute._Tally())
            compute._credit(tally, *read)
            languages.add(language)
        for language in languages:
            tallies[(language, author)].commits += 1
        if unreadable is not None:
            unreadable[:0] = sorted(change for change in refused if change.startswith(sha[:10]))
    return sorted(
        (
            language,
            author,
            tally.translated_words,
            tally.translated_segments,
            tally.reviewed_words,
            tally.reviewed_segments,
            tally.commits,
            "git",
        )
        for (language, author), tally in tallies.items()
        if tally.translated_segments or tally.reviewed_segments or tally.commits
    )


def git_bytes(workspace: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=workspace, capture_output=True, check=True).stdout


@needs_git
@pytest.mark.parametrize("seed", range(3))
def test_the_report_credits_what_reading_every_version_whole_credits(
    tmp_path: Path, seed: int
) -> None:
    """The report reads each version once, for its filled entries, most by their head
    alone, from git's blobs streamed newest first: on a generated history of two
    statements' catalogues with every feature of a catalogue (plurals, contexts, obsolete
    entries, escapes, machine and memory pre-fills, CRLF, odd layouts), it must count
    exactly what reading both versions of every change whole counts."""
    rng = random.Random(seed)
    workspace = make_workspace(tmp_path / "ws")
    paths = [
        folder / name
        for folder in (catalogue(workspace, language).parent for language in ("es", "fr"))
        for name in ("note.po", "letter.po")
    ]
    for path in paths:
        path.write_text(make_catalogue(rng), encoding="utf-8")
    git(workspace, "init", "-q")
    commit(workspace, "catalogues", COORDINATOR, "2026-01-05T09:00:00+00:00")
    for day in range(1, 15):
        author = rng.choice([ANA, BEA, CHLOE])
        for path in rng.sample(paths, rng.randint(1, 3)):
            changed = _mutated(rng, path.read_bytes())
            path.write_bytes(_odd_layout(rng, changed) if rng.random() < 0.3 else changed)
        commit(workspace, f"day {day}", author, f"2026-02-{day:02d}T10:00:00+00:00")
    expected = _by_whole_catalogues(workspace)
    assert sum(int(row[3]) + int(row[5]) for row in expected) > 20  # the test counts much
    assert sorted(rows(workspace, "--since", "2026-01-01", "--until", "2026-12-31")) == expected


@needs_git
@pytest.mark.parametrize("seed", range(2))
def test_renames_squashes_weblate_and_refused_versions_credit_as_reading_them_whole(
    tmp_path: Path, seed: int
) -> None:
    """The same on a history with what a real one holds besides: Weblate's commits (the
    translator as author), squashed commits changing several catalogues and languages
    at once, catalogues renamed (a statement's slug changed) and deleted, CRLF and odd
    layouts, and versions the PO reader refuses (reported unreadable, not credited)."""
    rng = random.Random(100 + seed)
    workspace = make_workspace(tmp_path / "ws")
    folders = [catalogue(workspace, language).parent for language in ("es", "fr")]
    names = ["note.po", "letter.po", "appeal.po"]
    for folder in folders:
        for name in names:
            (folder / name).write_text(make_catalogue(rng), encoding="utf-8")
    git(workspace, "init", "-q")
    commit(workspace, "catalogues", COORDINATOR, "2026-01-05T09:00:00+00:00")
    for day in range(1, 19):
        author = rng.choice([ANA, BEA, CHLOE])
        paths = sorted(path for folder in folders for path in folder.glob("*.po"))
        step = day % 6
        if step == 0 and len(paths) > 2:  # a statement renamed: its catalogues move
            stem = rng.choice(paths).stem
            for folder in folders:
                if (folder / f"{stem}.po").exists():
                    git(workspace, "mv", f"{folder / stem}.po", f"{folder / stem}-{day}.po")
            changed = [path for path in paths if path.stem != stem][:1]
        elif step == 3:  # squashed: a week's work in both languages in one commit
            changed = rng.sample(paths, min(len(paths), 4))
        else:
            changed = rng.sample(paths, 1)
        for path in changed:
            # From the version before, mended where it was refused.
            data = _mutated(rng, path.read_bytes().replace(b'"\\q', b'"'))
            if rng.random() < 0.25:
                data = _odd_layout(rng, data)
            if day in (5, 11) and path == changed[0]:  # refused: a bad escape
                data = data.replace(b'msgstr "', b'msgstr "\\q', 1)
            path.write_bytes(data)
        if day == 17:
            changed[0].unlink()  # a catalogue deleted
        if step in (1, 4):
            language = "Spanish" if "/es/" in changed[0].as_posix() else "French"
            message = f"Translated using Weblate ({language})\n\nCurrently translated."
            commit(workspace, message, author, f"2026-02-{day:02d}T10:00:00+00:00", WEBLATE)
        else:
            commit(workspace, f"day {day}", author, f"2026-02-{day:02d}T10:00:00+00:00")
    unreadable: list[str] = []
    expected = _by_whole_catalogues(workspace, unreadable)
    assert sum(int(row[3]) + int(row[5]) for row in expected) > 20  # the test counts much
    code, output, _ = report(workspace, *YEAR_AS_JSON)
    assert code == 0, output
    assert sorted(rows(workspace, *YEAR_AS_JSON[:4])) == expected
    assert unreadable  # the history holds refused versions
    assert json.loads(output)["unreadable"] == unreadable


@needs_git
def test_a_report_on_the_same_head_asks_git_for_no_log(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = _forgetting_copy(history, tmp_path)
    window = YEAR_AS_JSON
    first = report(workspace, *window)
    walks: list[str] = []
    real = compute.catalogue_commits

    def spy(repo: gitlog.Repository, *args: object) -> list[gitlog.CatalogueCommit] | None:
        walks.append(repo.head)
        return real(repo, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(compute, "catalogue_commits", spy)
    assert report(workspace, *window) == first and walks == []
    # Another window walks from another day: git is asked again.
    report(workspace, "--since", "2026-03-01", "--format", "json")
    assert len(walks) == 1
    # A new commit is a new HEAD: git is asked again, once.
    edit(workspace, "fr", {HEADING: ("Solidarité", "approved")})
    commit(workspace, "fr: heading", CHLOE, "2026-04-01T10:00:00+02:00")
    chloe = ("fr", CHLOE[0], 3, 1, 4, 1, 2, "git")
    assert chloe in rows(workspace, "--since", "2026-01-01")
    assert chloe in rows(workspace, "--since", "2026-01-01")
    assert len(walks) == 2


@needs_git
def test_a_side_branch_whose_change_a_merge_dropped_is_not_credited(tmp_path: Path) -> None:
    """As `git log -- <catalogue folders>` says: where a merge kept one side's catalogues,
    git follows only that side. (Without merges the report asks git without pathspecs.)"""
    workspace = make_workspace(tmp_path / "ws")
    git(workspace, "init", "-q", "-b", "main")
    commit(workspace, "Add the note", COORDINATOR, "2026-01-05T09:00:00+00:00")
    git(workspace, "checkout", "-q", "-b", "dropped")
    edit(workspace, "es", {HEADING: ("Solidaridad", "approved")})
    commit(workspace, "es: heading", BEA, "2026-01-10T09:00:00+00:00")
    git(workspace, "checkout", "-q", "main")
    edit(workspace, "fr", {WAGES: ("Les salaires doivent augmenter.", "approved")})
    commit(workspace, "fr: wages", CHLOE, "2026-01-11T09:00:00+00:00")
    merged = {
        "GIT_AUTHOR_NAME": COORDINATOR[0],
        "GIT_AUTHOR_EMAIL": COORDINATOR[1],
        "GIT_COMMITTER_NAME": COORDINATOR[0],
        "GIT_COMMITTER_EMAIL": COORDINATOR[1],
        "GIT_AUTHOR_DATE": "2026-01-12T09:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-01-12T09:00:00+00:00",
    }
    git(workspace, "merge", "-q", "-s", "ours", "--no-edit", "dropped", env=merged)
    git(workspace, "checkout", "-q", "-b", "kept")
    edit(workspace, "es", {UNION: ("El sindicato apoya la huelga.", "approved")})
    commit(workspace, "es: union", ANA, "2026-01-13T09:00:00+00:00")
    git(workspace, "checkout", "-q", "main")
    merged.update(
        GIT_AUTHOR_DATE="2026-01-14T09:00:00+00:00", GIT_COMMITTER_DATE="2026-01-14T09:00:00+00:00"
    )
    git(workspace, "merge", "-q", "--no-ff", "--no-edit", "kept", env=merged)
    assert rows(workspace, "--since", "2026-01-01") == [
        ("es", ANA[0], 5, 1, 0, 0, 1, "git"),
        ("es", COORDINATOR[0], 0, 0, 0, 0, 1, "git"),
        ("fr", CHLOE[0], 4, 1, 0, 0, 1, "git"),
        ("fr", COORDINATOR[0], 0, 0, 0, 0, 1, "git"),
    ]


@needs_git
def test_a_workspace_in_a_subfolder_credits_its_own_catalogues_only(tmp_path: Path) -> None:
    """git is asked without pathspecs: commits and catalogues outside the workspace's
    folder must still count for nothing, nor be listed."""
    repository = tmp_path / "repo"
    repository.mkdir()
    workspace = make_workspace(repository / "statements")
    git(repository, "init", "-q")
    commit(repository, "Add", COORDINATOR, "2026-01-05T09:00:00+00:00")
    website = repository / "website" / "locales" / "es" / "LC_MESSAGES"
    website.mkdir(parents=True)
    (website / "note.po").write_bytes(catalogue(workspace, "es").read_bytes())
    commit(repository, "Website", BEA, "2026-01-06T09:00:00+00:00")
    edit(workspace, "es", {HEADING: ("Solidaridad", "approved")})
    (website / "note.po").write_bytes(catalogue(workspace, "es").read_bytes())
    commit(
        repository,
        "es: heading\n\nCo-authored-by: Dan <dan@example.org>",
        ANA,
        "2026-01-07T09:00:00+00:00",
    )
    (website / "note.po").write_bytes(b"")
    commit(
        repository,
        "Website only\n\nCo-authored-by: Eve <eve@example.org>",
        BEA,
        "2026-01-08T09:00:00+00:00",
    )
    code, output, _ = report(workspace, "--since", "2026-01-01", "--format", "json")
    assert code == 0
    assert len(json.loads(output)["co_authored_commits"]) == 1
    assert rows(workspace, "--since", "2026-01-01") == [
        ("es", ANA[0], 3, 1, 0, 0, 1, "git"),
        ("es", COORDINATOR[0], 0, 0, 0, 0, 1, "git"),
        ("fr", COORDINATOR[0], 0, 0, 0, 0, 1, "git"),
    ]
