"""The memory through the command line, on the example workspace's real statement: a
follow-up letter repeats most of its paragraphs and edits two (a death toll, a verb)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from cli_runner import polyglot as run
from processes import in_a_terminal

from polyglot_statement.config import load_settings
from polyglot_statement.po import (
    APPROVED,
    MEMORY,
    UNTRANSLATED,
    Catalog,
    Entry,
    format_po,
    read_po,
)

SLUG = "wftu-andean-solidarity-peru"
FOLLOW_UP = "second-letter-peru"
NEW_PARAGRAPH = "The federation will report on the delegation's visit to Lima next week."


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def write_follow_up(workspace: Path) -> None:
    """Every paragraph of the statement after its introduction, two of them edited, and a
    new one; a new title."""
    text = (workspace / "source" / f"{SLUG}.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2].split("\n\n")[2:]
    edited = (
        "\n\n".join(body)
        .replace("34 deaths", "48 deaths")
        .replace("is massacring a people", "is killing a people")
    )
    assert edited.count("48 deaths") == 1 and edited.count("is killing") == 1
    (workspace / "source" / f"{FOLLOW_UP}.md").write_text(
        '---\ntitle: "WFTU Andean Sub-Region: a second letter on Peru"\n---\n\n'
        + edited.rstrip()
        + f"\n\n{NEW_PARAGRAPH}\n",
        encoding="utf-8",
    )


def catalogue(workspace: Path, language: str, slug: str = FOLLOW_UP) -> Catalog:
    return read_po(load_settings(workspace).catalog_path(language, slug))


def entry_with(catalog: Catalog, fragment: str) -> Entry:
    (found,) = [entry for entry in catalog.active if fragment in entry.msgid]
    return found


@pytest.fixture
def follow_up(workspace: Path) -> Path:
    write_follow_up(workspace)
    return workspace


def test_extract_prefills_exact_and_close_matches_with_their_origin(follow_up: Path) -> None:
    result = run(follow_up, "extract", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert f"wrote locales/es/LC_MESSAGES/{FOLLOW_UP}.po (memory: " in result.output
    assert "memory pre-filled" in result.output
    spanish = catalogue(follow_up, "es")
    original = catalogue(follow_up, "es", SLUG)

    exact = entry_with(spanish, "The open letter states the following:")
    assert exact.msgstr == entry_with(original, "The open letter states the following:").msgstr
    assert exact.fuzzy and exact.state == MEMORY
    assert f"memory: 100% from {SLUG}" in exact.translator_comments
    assert exact.previous_msgid is None

    close = entry_with(spanish, "48 deaths")
    remembered = entry_with(original, "34 deaths")
    assert close.msgstr == remembered.msgstr  # the reviewer changes the number
    assert close.fuzzy and close.previous_msgid == remembered.msgid
    (comment,) = close.translator_comments
    match = re.fullmatch(rf"memory: (\d+)% from {SLUG}", comment)
    assert match is not None and 80 <= int(match.group(1)) < 100

    assert entry_with(spanish, NEW_PARAGRAPH).state == UNTRANSLATED
    assert spanish.find(NEW_PARAGRAPH) is not None


def test_a_second_extract_changes_no_byte(follow_up: Path) -> None:
    assert run(follow_up, "extract").exit_code == 0
    before = snapshot(follow_up / "locales")
    result = run(follow_up, "extract")
    assert result.exit_code == 0, result.output
    assert "memory pre-filled" not in result.output
    assert snapshot(follow_up / "locales") == before


def test_the_memory_never_overwrites_a_translation(follow_up: Path) -> None:
    assert run(follow_up, "extract", "--no-memory", "--lang", "es").exit_code == 0
    path = load_settings(follow_up).catalog_path("es", FOLLOW_UP)
    spanish = read_po(path)
    approved = entry_with(spanish, "The open letter states the following:")
    approved.msgstr = "Así dice la carta:"
    fuzzy = entry_with(spanish, "Dear Ambassadors")
    fuzzy.msgstr = "Señores embajadores"
    fuzzy.set_fuzzy(True)
    path.write_bytes(format_po(spanish))
    # translate asks the memory for every untranslated entry before it sends anything.
    result = run(follow_up, "translate", "--engine", "pseudo", "--lang", "es")
    assert result.exit_code == 0 and "es: memory pre-filled" in result.output
    after = read_po(path)
    assert entry_with(after, "The open letter states").msgstr == "Así dice la carta:"
    assert entry_with(after, "The open letter states").state == APPROVED
    kept = entry_with(after, "Dear Ambassadors")
    assert kept.msgstr == "Señores embajadores" and not kept.translator_comments
    assert entry_with(after, "48 deaths").state == MEMORY


def test_extract_asks_the_memory_only_for_what_its_merge_brings_in(follow_up: Path) -> None:
    assert run(follow_up, "extract", "--no-memory", "--lang", "es").exit_code == 0
    result = run(follow_up, "extract", "--lang", "es")
    assert result.exit_code == 0 and "memory pre-filled" not in result.output
    source = follow_up / "source" / f"{FOLLOW_UP}.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\nAn open letter to the President of Peru.\n\n"
        "Dear Ambassadors of the Republic of Peru.\n",
        encoding="utf-8",
    )
    result = run(follow_up, "extract", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "(memory: 0 exact, 0 close)" not in result.output
    spanish = catalogue(follow_up, "es")
    assert entry_with(spanish, "The open letter states").state == UNTRANSLATED  # tried before
    assert entry_with(spanish, "An open letter to the President").state == UNTRANSLATED


def test_no_memory_leaves_entries_untranslated(follow_up: Path) -> None:
    result = run(follow_up, "extract", "--no-memory", "--lang", "es")
    assert result.exit_code == 0 and "memory" not in result.output
    assert all(entry.state == UNTRANSLATED for entry in catalogue(follow_up, "es").active)


def test_exact_matches_approved_when_the_settings_say_so(follow_up: Path) -> None:
    settings_file = follow_up / "pyproject.toml"
    settings_file.write_text(
        settings_file.read_text(encoding="utf-8") + '\n[tool.polyglot.memory]\nexact = "approve"\n',
        encoding="utf-8",
    )
    assert run(follow_up, "extract", "--lang", "es").exit_code == 0
    spanish = catalogue(follow_up, "es")
    exact = entry_with(spanish, "The open letter states the following:")
    assert exact.state == APPROVED and exact.translator_comments == [f"memory: 100% from {SLUG}"]
    assert entry_with(spanish, "48 deaths").state == MEMORY  # close matches never


def test_a_bad_memory_setting_is_reported_by_line(follow_up: Path) -> None:
    settings_file = follow_up / "pyproject.toml"
    text = settings_file.read_text(encoding="utf-8") + '\n[tool.polyglot.memory]\nexact = "yes"\n'
    settings_file.write_text(text, encoding="utf-8")
    before = snapshot(follow_up / "locales")
    result = run(follow_up, "extract")
    assert result.exit_code == 2
    line = text.splitlines().index('exact = "yes"') + 1
    assert f"pyproject.toml:{line}: `memory.exact` must be" in result.output
    assert snapshot(follow_up / "locales") == before


def test_status_counts_memory_apart_in_every_format(follow_up: Path, tmp_path: Path) -> None:
    assert run(follow_up, "extract", "--lang", "es").exit_code == 0
    spanish = catalogue(follow_up, "es")
    memory_segments = sum(1 for entry in spanish.active if entry.state == MEMORY)
    assert memory_segments >= 10
    args = ("status", "--lang", "es", "--statement", FOLLOW_UP, "--checks", "none")

    data = json.loads(run(follow_up, *args, "--format", "json").output)
    (language,) = data["languages"]
    assert language["segments"]["memory"] == memory_segments
    assert language["segments"]["needs_review"] == 0
    words = language["words"]["memory"]
    assert words > 0

    rows = list(csv.DictReader(io.StringIO(run(follow_up, *args, "--format", "csv").output)))
    assert rows[0]["segments_memory"] == str(memory_segments)
    assert rows[0]["words_memory"] == str(words)

    table = run(follow_up, *args).output
    assert "memory" in table.splitlines()[0] and "~ memory" in table
    assert re.search(rf"^es\s+\S+\s+0\s+0\.0\s+0\s+{words}\s", table, re.MULTILINE), table

    markdown = run(follow_up, *args, "--format", "markdown").output
    assert "| memory |" in markdown and f"| {words} |" in markdown

    page = tmp_path / "status.html"
    assert run(follow_up, *args, "--format", "html", "-o", str(page)).exit_code == 0
    assert "<th>memory</th>" in page.read_text(encoding="utf-8")
    assert f"<td>{words}</td>" in page.read_text(encoding="utf-8")


def test_translate_sends_nothing_the_memory_has(follow_up: Path) -> None:
    assert run(follow_up, "extract", "--no-memory", "--lang", "pt").exit_code == 0
    untranslated = len(catalogue(follow_up, "pt").active)
    dry = run(follow_up, "translate", "--engine", "pseudo", "--lang", "pt", "--dry-run")
    assert f"{untranslated} entries" in dry.output  # the dry run leaves the memory out
    assert not (follow_up / ".polyglot" / "memory.sqlite3").exists()

    result = run(follow_up, "translate", "--engine", "pseudo", "--lang", "pt")
    assert result.exit_code == 0, result.output
    filled = re.search(r"pt: memory pre-filled (\d+) entries \((\d+) exact", result.output)
    assert filled is not None, result.output
    remembered = int(filled.group(1))
    assert remembered >= 10 and f"{untranslated - remembered} entries filled" in result.output
    portuguese = catalogue(follow_up, "pt")
    for entry in portuguese.active:
        provenance = entry.provenance or ""
        if entry.msgid == NEW_PARAGRAPH or entry.msgid.startswith("WFTU Andean"):
            assert provenance.startswith("machine translation: pseudo")
        else:
            assert provenance.startswith("memory: "), entry.msgid
    again = run(follow_up, "translate", "--engine", "pseudo", "--lang", "pt")
    assert "pt: nothing to translate" in again.output


def test_concordance_on_the_command_line(follow_up: Path) -> None:
    result = run(follow_up, "memory", "search", "trade union", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "glossary: trade union → es: sindical, sindicato" in result.output
    assert f"({SLUG})" in result.output
    data = json.loads(
        run(follow_up, "memory", "search", "huelga", "--lang", "es", "--format", "json").output
    )
    assert data["query"] == "huelga" and data["languages"] == ["es"]


def test_concordance_colours_a_terminal_unless_no_color(follow_up: Path) -> None:
    search = ["memory", "search", "trade union", "--lang", "es"]
    coloured = in_a_terminal(follow_up, search, {})
    assert "\x1b[1m" in coloured and "\x1b[4m" in coloured  # the phrase, the term
    plain = in_a_terminal(follow_up, search, {"NO_COLOR": "1"})
    assert "\x1b[" not in plain and "glossary: trade union" in plain


def test_tmx_export_then_import_into_another_workspace_prefills_from_it(
    follow_up: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "wftu.tmx"
    result = run(follow_up, "memory", "export", "--format", "tmx", "-o", str(exported))
    assert result.exit_code == 0, result.output
    assert '<tmx version="1.4">' in exported.read_text(encoding="utf-8")
    stdout = run(follow_up, "memory", "export", "--lang", "es")
    assert stdout.stdout_bytes != exported.read_bytes() and b'xml:lang="fr"' not in (
        stdout.stdout_bytes
    )

    # The follow-up in a workspace of its own: only the TMX file remembers the letter.
    other = tmp_path / "other"
    (other / "source").mkdir(parents=True)
    (other / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["es"]\n', encoding="utf-8"
    )
    (other / "source" / f"{FOLLOW_UP}.md").write_bytes(
        (follow_up / "source" / f"{FOLLOW_UP}.md").read_bytes()
    )
    result = run(other, "memory", "import", str(exported))
    assert result.exit_code == 0, result.output
    assert (other / "memory" / "wftu.tmx").read_bytes() == exported.read_bytes()
    assert run(other, "extract").exit_code == 0
    spanish = read_po(other / "locales" / "es" / "LC_MESSAGES" / f"{FOLLOW_UP}.po")
    exact = entry_with(spanish, "The open letter states the following:")
    assert exact.translator_comments == ["memory: 100% from wftu.tmx"]


def test_a_bad_tmx_file_is_refused_by_line_and_nothing_copied(
    follow_up: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "partners.tmx"
    bad.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="en"/>\n<body>\n'
        '<tu><tuv xml:lang="en"><seg>a</seg></tuv>\n<tuv xml:lang="es"><seg>b</seg></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    result = run(follow_up, "memory", "import", str(bad))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(bad))}:6: not well-formed XML", result.output)
    assert not (follow_up / "memory").exists()


def test_xliff_export_and_import_round_trip_and_bad_files(follow_up: Path, tmp_path: Path) -> None:
    assert run(follow_up, "extract", "--lang", "es").exit_code == 0
    out = tmp_path / "xliff"
    result = run(follow_up, "export", "--format", "xliff", "--lang", "es", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = out / f"{FOLLOW_UP}.es.xlf"
    text = document.read_text(encoding="utf-8")
    assert 'state-qualifier="leveraged-tm"' in text and 'state="new"' in text
    before = snapshot(follow_up / "locales")
    result = run(follow_up, "import", *map(str, sorted(out.glob("*.xlf"))))
    assert result.exit_code == 0, result.output
    assert snapshot(follow_up / "locales") == before

    # As a CAT tool saves it: the new paragraph (the last unit) translated, one
    # pre-fill signed off.
    head, _, tail = text.rpartition('state="new"/>')
    text = (head + 'state="translated">Un texto nuevo.</target>' + tail).replace(
        'state="needs-review-translation" state-qualifier="leveraged-tm">La carta abierta',
        'state="signed-off">La carta abierta',
    )
    document.write_text(text, encoding="utf-8")
    truncated = tmp_path / "truncated.xlf"
    truncated.write_text(text[: len(text) // 2], encoding="utf-8")
    result = run(follow_up, "import", str(document), str(truncated))
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(truncated))}:\d+: not well-formed XML", result.output)
    assert snapshot(follow_up / "locales") == before

    result = run(follow_up, "import", str(document))
    assert result.exit_code == 0, result.output
    spanish = catalogue(follow_up, "es")
    assert entry_with(spanish, "The open letter states").state == APPROVED
    new = entry_with(spanish, NEW_PARAGRAPH)
    assert new.msgstr == "Un texto nuevo." and new.state == APPROVED
