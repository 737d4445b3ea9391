"""What a new user meets first (issue 19): a fresh workspace before its first extract,
settings that cannot be right, and output that says exactly what happened."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from cli_runner import exit_and_output

# In the folder, as a user runs it: paths given (init's folder, -o) are relative to it.
run = partial(exit_and_output, in_folder=True)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A workspace just made by `polyglot init`, before any extract."""
    code, output = run(tmp_path, "init", "w", "--lang", "es")
    assert code == 0, output
    return tmp_path / "w"


def test_check_before_the_first_extract_finds_nothing_to_check(fresh: Path) -> None:
    # It used to divide the (empty) list of catalogues into chunks of size 0.
    assert run(fresh, "check") == (0, "no problems found\n")
    assert run(fresh, "check", "--format", "json")[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("status", "--format", "json"),
        ("status", "--by", "statement", "--checks", "all"),
        ("build",),
        ("build", "--allow-partial"),
        ("translate", "--engine", "pseudo"),
        ("translate", "--engine", "pseudo", "--dry-run"),
        ("memory", "export"),
        ("memory", "search", "statement"),
        ("glossary", "validate"),
        ("glossary", "export", "--format", "tbx"),
    ],
    ids=" ".join,
)
def test_every_command_works_before_the_first_extract(fresh: Path, args: tuple[str, ...]) -> None:
    code, output = run(fresh, *args)
    assert code == 0, output


def test_export_before_the_first_extract_says_to_extract(fresh: Path) -> None:
    code, output = run(fresh, "export", "--lang", "es", "-o", "x")
    assert code == 2
    assert "run `polyglot extract` first" in output and "Traceback" not in output


# ------------------------------------------------------------------ settings refused


def _settings(folder: Path, machine: str) -> None:
    (folder / "polyglot.toml").write_text(
        f'source-language = "en"\nlanguages = ["es", "sw", "pt_BR"]\n\n[machine]\n{machine}',
        encoding="utf-8",
    )
    (folder / "source").mkdir()


@pytest.mark.parametrize(
    ("machine", "line", "message"),
    [
        (
            'language-map = { sw = "EN-GB" }\n',
            5,
            "maps 'sw' to 'EN-GB', the source language (en): the engine would bill a "
            "translation into the language it translates from",
        ),
        (
            '[machine.language-map]\nes = "ES"\nsw = "en-us"\n',
            7,
            "maps 'sw' to 'en-us', the source language (en)",
        ),
        (
            'language-map = { en = "EN-GB" }\n',
            5,
            "maps 'en' to 'EN-GB', but 'en' is the source language, which is never translated",
        ),
        (
            '[machine.language-map]\npt-BR = "PT-BR"\npt_BR = "PT-PT"\n',
            7,
            "maps 'pt_BR' twice",
        ),
        (
            'language-map = { sw = "" }\n',
            5,
            "maps 'sw' to '', which is not an engine language code",
        ),
        (
            # The workspace translates into pt_BR: a `pt` entry would be ignored.
            'language-map = { pt = "PT-PT" }\n',
            5,
            "maps 'pt' to 'PT-PT', but `languages` does not list 'pt' (it lists es, sw, pt_BR)",
        ),
    ],
)
def test_a_language_map_that_cannot_be_right_is_refused_by_line(
    tmp_path: Path, machine: str, line: int, message: str
) -> None:
    _settings(tmp_path, machine)
    code, output = run(tmp_path, "translate", "--engine", "pseudo", "--dry-run")
    assert code == 2
    assert f"polyglot.toml:{line}: `machine.language-map` {message}" in output
    assert "Traceback" not in output


def test_a_regional_variant_of_the_source_language_may_be_mapped(tmp_path: Path) -> None:
    # en → en_GB is a translation (spelling, vocabulary), not a copy.
    (tmp_path / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["en_GB", "sw"]\n\n'
        '[machine]\nlanguage-map = { en_GB = "EN-GB", sw = "SW" }\n',
        encoding="utf-8",
    )
    (tmp_path / "source").mkdir()
    assert run(tmp_path, "extract")[0] == 0


def test_a_publication_rule_for_the_source_language_is_refused(tmp_path: Path) -> None:
    (tmp_path / "polyglot.toml").write_text(
        'languages = ["es"]\n\n[publish.languages.en]\nmin-percent = 90\n', encoding="utf-8"
    )
    (tmp_path / "source").mkdir()
    code, output = run(tmp_path, "build")
    assert code == 2
    assert "polyglot.toml:3: `publish.languages.en` is a rule for the source language" in output


def test_a_publication_rule_for_a_language_not_translated_is_refused(tmp_path: Path) -> None:
    # A misspelt code would leave the language it was meant for on the default rule.
    (tmp_path / "polyglot.toml").write_text(
        'languages = ["es", "pt_BR"]\n\n[publish.languages.pt]\nmin-percent = 90\n',
        encoding="utf-8",
    )
    (tmp_path / "source").mkdir()
    code, output = run(tmp_path, "build")
    assert code == 2
    assert (
        "polyglot.toml:3: `publish.languages.pt` is a rule for a language `languages` does not "
        "list (it lists es, pt_BR)"
    ) in output


# ------------------------------------------------------------------ init


def test_init_says_what_it_writes(tmp_path: Path) -> None:
    code, output = run(tmp_path, "init", "w", "--lang", "es", "--lang", "fr")
    assert code == 0
    lines = output.splitlines()
    assert lines[0].split() == [
        "created",
        "w/polyglot.toml",
        *["settings:", "source", "language", "en,", "target", "languages", "es,", "fr"],
    ]
    assert lines[-1] == "Markdown: commonmark"  # the dialect the settings name
    created = [line.split()[1] for line in lines[:-1]]
    assert created == [
        "w/polyglot.toml",
        "w/glossary.yml",
        "w/source/first-statement.md",
        "w/.gitignore",
        "w/locales",
        # es and fr have the package's page words: no catalogue of their own to translate.
        "w/locales/templates/polyglot-pages.pot",
    ]
    assert all((tmp_path / path).exists() for path in created)
    assert "note:" not in output


def test_init_without_a_language_explains_lang(tmp_path: Path) -> None:
    code, output = run(tmp_path, "init", "w")
    assert code == 0
    assert "target languages none yet" in output
    assert (
        "note: no target language given (--lang CODE): only the original is published until "
        'w/polyglot.toml lists some, e.g. languages = ["es", "fr"]'
    ) in output
    assert "languages = []" in (tmp_path / "w" / "polyglot.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["status", "check"])
def test_a_report_with_no_target_language_says_so(tmp_path: Path, command: str) -> None:
    """An empty status table, or "no problems found" alone, would read as all done."""
    assert run(tmp_path, "init", "w")[0] == 0
    code, output = run(tmp_path / "w", command)
    assert code == 0, output
    assert (
        "note: polyglot.toml: `languages` lists no target language, so there is nothing to "
        'translate or check yet; add some, e.g. languages = ["es", "fr"]\n'
    ) in output
    code, output = run(tmp_path / "w", "init", "--help")  # the note is for reports only
    assert "note:" not in output


@pytest.mark.parametrize(
    ("langs", "message"),
    [
        (("--lang", "en"), "--lang en is the source language; give target languages only"),
        (("--lang", "es", "--lang", "es"), "--lang es is given twice"),
    ],
)
def test_init_refuses_languages_its_settings_would_refuse(
    tmp_path: Path, langs: tuple[str, ...], message: str
) -> None:
    code, output = run(tmp_path, "init", "w", *langs)
    assert code == 2 and message in output
    assert not (tmp_path / "w").exists()


# ------------------------------------------------------------------ truthful output


def test_a_pseudo_dry_run_says_nothing_would_be_billed(workspace: Path) -> None:
    code, output = run(workspace, "translate", "--engine", "pseudo", "--dry-run")
    assert code == 0
    assert (
        output.splitlines()[-1] == "5,026 characters would be sent in all (pseudo: nothing billed)"
    )
    assert "would be billed" not in output


def test_status_help_names_every_state() -> None:
    code, output = run(Path("."), "status", "--help")
    assert code == 0
    states = " ".join(output.split()).split("States: ")[1].split(". ")[0]
    for state in ("approved", "machine", "memory", "needs review", "untranslated", "obsolete"):
        assert state in states, state


def test_memory_export_names_only_languages_with_something_approved(workspace: Path) -> None:
    code, output = run(workspace, "memory", "export", "-o", "m.tmx")
    assert code == 0
    # Quechua has no approved entry: it is not among the languages exported.
    assert output == (
        "wrote m.tmx: 56 translation(s) of 16 source text(s) into es, fr, pt, ar, "
        "in 16 unit(s); nothing approved in qu\n"
    )


def test_import_counts_units_whose_target_is_empty(workspace: Path) -> None:
    assert run(workspace, "export", "--lang", "ar", "--lang", "qu", "-o", "x")[0] == 0
    code, output = run(
        workspace,
        "import",
        "x/wftu-andean-solidarity-peru.ar.xlf",
        "x/wftu-andean-solidarity-peru.qu.xlf",
    )
    assert code == 0
    assert (
        "ar wftu-andean-solidarity-peru: 0 imported, 12 unchanged, 4 with an empty target" in output
    )
    assert (
        "qu wftu-andean-solidarity-peru: 0 imported, 0 unchanged, 16 with an empty target" in output
    )
