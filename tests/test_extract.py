"""`polyglot init` and `polyglot extract` through the command line, on real files."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import exit_and_output as run
from cli_runner import run_process

from polyglot_statement.po import read_po

SLUG = "wftu-andean-solidarity-peru"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the workspace but the disposable cache (which holds the lock)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".polyglot" not in path.relative_to(folder).parts
    }


def test_unchanged_example_workspace_changes_no_byte(workspace: Path) -> None:
    before = snapshot(workspace)
    code, output = run(workspace, "extract")
    assert code == 0, output
    assert "0 file(s) written, 6 unchanged" in output
    assert snapshot(workspace) == before


def test_init_makes_a_workspace_that_extracts(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    code, output = run(tmp_path, "init", str(folder), "--lang", "es", "--lang", "pt-BR")
    assert code == 0, output
    for name in ("polyglot.toml", "glossary.yml", ".gitignore", "source/first-statement.md"):
        assert (folder / name).is_file(), name
    code, output = run(folder, "extract")
    assert code == 0, output
    assert (folder / "locales/pt_BR/LC_MESSAGES/first-statement.po").is_file()
    assert (
        read_po(folder / "locales/pt_BR/LC_MESSAGES/first-statement.po").header("Language")
        == "pt_BR"
    )
    code, output = run(tmp_path, "init", str(folder))
    assert code == 2 and "already exists" in output


def test_settings_are_found_from_a_subfolder(workspace: Path) -> None:
    code, output = run(workspace / "source", "extract", "--lang", "es")
    assert code == 0, output


def test_source_edit_keeps_every_translation(workspace: Path) -> None:
    source = workspace / "source" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    edited = text.replace(
        "The open letter states the following:", "The open letter does not state the following:"
    ).replace("> Ambassadors of the Republic of Peru.\n>\n", "")
    source.write_text(edited + "\nA new closing paragraph.\n", encoding="utf-8")
    po = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    comment_target = read_po(po)
    assert run(workspace, "extract")[0] == 0
    catalog = read_po(po)
    changed = catalog.find("The open letter does not state the following:")
    assert changed is not None and changed.fuzzy and changed.msgstr
    assert changed.previous_msgid == "The open letter states the following:"
    obsolete = [entry.msgid for entry in catalog.obsolete]
    assert "Ambassadors of the Republic of Peru." in obsolete
    new = catalog.find("A new closing paragraph.")
    assert new is not None and new.msgstr == ""
    translated_before = {e.msgstr for e in comment_target.entries if e.msgstr}
    translated_after = {e.msgstr for e in catalog.entries if e.msgstr}
    assert translated_before <= translated_after  # nothing lost
    before = snapshot(workspace)
    assert "0 file(s) written" in run(workspace, "extract")[1]
    assert snapshot(workspace) == before


def test_translator_comments_survive_an_extract(workspace: Path) -> None:
    po = workspace / "locales" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"
    text = po.read_text(encoding="utf-8").replace(
        "#. block quote\n", "# Relu par Claire\n#. block quote\n", 1
    )
    po.write_text(text, encoding="utf-8")
    assert run(workspace, "extract", "--lang", "fr")[0] == 0
    assert "# Relu par Claire\n" in po.read_text(encoding="utf-8")


@pytest.mark.needs("msgcat")
def test_catalogue_rewritten_by_gettext_merges_without_loss(workspace: Path) -> None:
    po = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    original = po.read_bytes()
    subprocess.run(["msgcat", "--no-wrap", "--sort-output", "-o", str(po), str(po)], check=True)
    assert po.read_bytes() != original
    assert run(workspace, "extract", "--lang", "es")[0] == 0
    assert po.read_bytes() == original
    for path in workspace.glob("locales/**/*.po"):
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)


def test_narrowing_by_language_and_statement(workspace: Path) -> None:
    shutil.rmtree(workspace / "locales")
    code, output = run(workspace, "extract", "--lang", "pt", "--statement", SLUG)
    assert code == 0, output
    assert sorted(p.parent.parent.name for p in workspace.glob("locales/*/LC_MESSAGES/*.po")) == [
        "pt"
    ]
    code, output = run(workspace, "extract", "--lang", "de")
    assert code == 2 and "'de' is not a target language" in output
    code, output = run(workspace, "extract", "--statement", "nope")
    assert code == 2 and "no statement 'nope'" in output


def test_malformed_catalogue_is_reported_and_nothing_is_written(workspace: Path) -> None:
    source = workspace / "source" / f"{SLUG}.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    broken = workspace / "locales" / "pt" / "LC_MESSAGES" / f"{SLUG}.po"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[20] = 'msgstr "unterminated\n'
    broken.write_text("".join(lines), encoding="utf-8")
    before = snapshot(workspace)
    code, output = run(workspace, "extract")
    assert code == 2
    assert f"locales/pt/LC_MESSAGES/{SLUG}.po:21: " in output
    assert "Traceback" not in output
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("---\ntitle: [unclosed\n---\n\nBody\n", 2, "invalid YAML"),
        ("---\n- a list\n---\n\nBody\n", 2, "must be a mapping"),
        ("---\ntitle: never closed\n\nBody\n", 1, "never closed"),
    ],
)
def test_bad_front_matter_names_file_and_line(
    workspace: Path, content: str, line: int, fragment: str
) -> None:
    (workspace / "source" / "bad.md").write_text(content, encoding="utf-8")
    before = snapshot(workspace)
    code, output = run(workspace, "extract")
    assert code == 2
    assert f"source/bad.md:{line}: " in output and fragment in output
    assert snapshot(workspace) == before


def test_unknown_language_in_settings_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "polyglot.toml").write_text(
        'source-language = "en"\n\nlanguages = ["es", "xx-YY"]\n', encoding="utf-8"
    )
    (tmp_path / "source").mkdir()
    code, output = run(tmp_path, "extract")
    assert code == 2
    assert "polyglot.toml:3: unknown language code 'xx-YY'" in output


@pytest.mark.parametrize(
    ("table", "line", "named"),
    [
        ("optimise = true\n", 3, "`optimise`"),
        ("[publish]\nmin-percnt = 90\n", 4, "`publish.min-percnt`"),
        ("[publish.languages.es]\nrequired = []\n", 4, "`publish.languages.es.required`"),
        ('[machine]\nengin = "pseudo"\n', 4, "`machine.engin`"),
        ("[memory]\nexact-match = true\n", 4, "`memory.exact-match`"),
        ('[print]\npage = "A5"\n', 4, "`print.page`"),
    ],
)
def test_a_misspelt_setting_in_any_table_is_refused_by_line(
    tmp_path: Path, table: str, line: int, named: str
) -> None:
    # Ignored, a misspelt key would leave its default in force without a word.
    (tmp_path / "polyglot.toml").write_text('languages = ["es"]\n\n' + table, encoding="utf-8")
    (tmp_path / "source").mkdir()
    code, output = run(tmp_path, "extract")
    assert code == 2
    assert f"polyglot.toml:{line}: unknown setting {named}; known settings" in output
    assert not (tmp_path / "locales").exists()


def test_language_spellings_are_normalised(tmp_path: Path) -> None:
    (tmp_path / "polyglot.toml").write_text('languages = ["pt-BR", "zh_hant"]\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "s.md").write_text("Hello.\n", encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    assert {p.parent.parent.name for p in tmp_path.glob("locales/*/LC_MESSAGES/s.po")} == {
        "pt_BR",
        "zh_Hant",
    }


def test_invalid_toml_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "polyglot.toml").write_text(
        'languages = ["es"\nsegmentation = 1\n', encoding="utf-8"
    )
    code, output = run(tmp_path, "extract")
    assert code == 2 and "polyglot.toml:" in output and "invalid TOML" in output


def test_no_workspace_is_a_clear_error(tmp_path: Path) -> None:
    code, output = run(tmp_path, "extract")
    assert code == 2 and "polyglot init" in output


def test_sentence_mode_round_trips(tmp_path: Path) -> None:
    (tmp_path / "polyglot.toml").write_text(
        'languages = ["es"]\nsegmentation = "sentence"\n', encoding="utf-8"
    )
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "s.md").write_text("One. Two sentences here.\n", encoding="utf-8")
    assert run(tmp_path, "extract")[0] == 0
    catalog = read_po(tmp_path / "locales/es/LC_MESSAGES/s.po")
    assert [entry.msgid for entry in catalog.entries] == ["One.", "Two sentences here."]


def test_module_entry_point(workspace: Path) -> None:
    result = run_process(["-C", str(workspace), "extract", "--lang", "es"], text=True)
    assert result.returncode == 0, result.stderr
    assert "unchanged" in result.stdout
