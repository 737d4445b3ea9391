"""A workspace's own page words (publish/page_text.py): `locales/<lang>/LC_MESSAGES/
polyglot-pages.po` adds a language or corrects the package's words; an edition without
page words is named once per build; init scaffolds the catalogue; a msgstr stays text."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import exit_and_streams as run
from click.testing import CliRunner
from test_build import SOURCE, make_workspace, translate, upper

from polyglot_statement.cli import main
from polyglot_statement.config import load_settings
from polyglot_statement.po import format_po, parse_po, read_po

HINDI = {
    "Published %(time)s": "प्रकाशित %(time)s",
    "All statements": "सभी वक्तव्य",
    "original": "मूल",
}


def page_words(root: Path, language: str) -> Path:
    return root / "locales" / language / "LC_MESSAGES" / "polyglot-pages.po"


def init_page_words(root: Path, language: str) -> Path:
    """What `polyglot init --lang <language>` writes, made in an existing workspace."""
    from polyglot_statement.publish.page_text import new_workspace_catalog

    path = page_words(root, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new_workspace_catalog(language))
    return path


def fill(path: Path, words: dict[str, str], rest: str | None = "हिं ") -> None:
    """Translate a page-words catalogue: `words`, and every other message as `rest` +
    its msgid (None: left empty)."""
    catalog = read_po(path)
    for entry in catalog.active:
        if entry.msgid_plural is not None:
            for index in entry.msgstr_plural:
                entry.msgstr_plural[index] = f"{rest}{entry.msgid_plural}" if rest else ""
        elif entry.msgid in words:
            entry.msgstr = words[entry.msgid]
        elif rest is not None:
            entry.msgstr = f"{rest}{entry.msgid}"
    path.write_bytes(format_po(catalog))


@pytest.fixture
def hindi(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "hi"))
    translate(root, "es", upper)
    translate(root, "hi", upper)
    return root


def test_a_language_without_page_words_is_named_once_per_build(hindi: Path) -> None:
    code, out, err = run(hindi, "build")
    assert code == 0, out + err
    warnings = [line for line in err.splitlines() if "polyglot-pages.po" in line]
    assert warnings == [
        "warning: locales/hi/LC_MESSAGES/polyglot-pages.po: the Hindi pages show the tool's "
        "own words in English (“Published”, “All statements”…): there is no such file; "
        "translate the 19 messages into it, starting from a copy of the package's "
        "template, "
        + str(
            Path(__file__).parent.parent
            / "src"
            / "polyglot_statement"
            / "locale"
            / "polyglot_statement.pot"
        )
    ], err
    page = (hindi / "dist" / "hi" / "statement.html").read_text(encoding="utf-8")
    # English words, and marked as English for screen readers.
    assert re.search(r'<p class="date" lang="en"[^>]*>Published ', page), page
    # A language the package has words for gives no warning.
    assert "locales/es/" not in err


def test_workspace_page_words_add_a_language(hindi: Path) -> None:
    fill(init_page_words(hindi, "hi"), HINDI)
    code, out, err = run(hindi, "build")
    assert code == 0, out + err
    assert "polyglot-pages.po" not in err
    page = (hindi / "dist" / "hi" / "statement.html").read_text(encoding="utf-8")
    assert "प्रकाशित " in page and "सभी वक्तव्य" in page and "(मूल)" in page
    assert "Published" not in page and "All statements" not in page
    # The date and numbers are babel's, in Hindi.
    assert "7 दिसंबर 2022" in page
    front = (hindi / "dist" / "hi" / "index.html").read_text(encoding="utf-8")
    assert "हिं Editions:" in front


def test_an_incomplete_workspace_catalogue_leaves_the_words_english(hindi: Path) -> None:
    path = init_page_words(hindi, "hi")
    fill(path, HINDI, rest=None)  # 3 of 19
    code, _out, err = run(hindi, "build")
    assert code == 0
    assert "it translates 3 of the 19 messages" in err
    page = (hindi / "dist" / "hi" / "statement.html").read_text(encoding="utf-8")
    assert "सभी वक्तव्य" not in page  # never two languages in the page's own words


def test_workspace_words_override_the_packages(hindi: Path) -> None:
    path = page_words(hindi, "es")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: es\\n"\n\n'
        'msgid "All statements"\nmsgstr "Todos los comunicados"\n',
        encoding="utf-8",
    )
    code, out, err = run(hindi, "build")
    assert code == 0, out + err
    page = (hindi / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert "Todos los comunicados" in page
    assert "Publicada el" in page  # the package's words for the rest
    # An edit to the workspace's words is an input of every page of the language.
    path.write_text(
        path.read_text(encoding="utf-8").replace("Todos los comunicados", "Comunicados"),
        encoding="utf-8",
    )
    code, out, err = run(hindi, "build")
    assert code == 0
    page = (hindi / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert "Comunicados" in page and "Todos los comunicados" not in page


def test_a_page_word_never_becomes_markup(hindi: Path) -> None:
    fill(
        init_page_words(hindi, "hi"),
        {"All statements": "<script>alert(1)</script>", "original": '"><img src=x onerror=1>'},
    )
    code, out, err = run(hindi, "build", "--format", "html", "--format", "txt")
    assert code == 0, out + err
    page = (hindi / "dist" / "hi" / "statement.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_placeholder_the_message_lacks_is_refused_with_its_line(hindi: Path) -> None:
    path = init_page_words(hindi, "hi")
    fill(path, {"Published %(time)s": "प्रकाशित %(date)s"})
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if text == 'msgstr "प्रकाशित %(date)s"'
    )
    code, out, err = run(hindi, "build")
    assert code == 2
    assert f"locales/hi/LC_MESSAGES/polyglot-pages.po:{line}: the translation uses %(date)s" in (
        out + err
    )
    assert "Traceback" not in out + err
    assert not (hindi / "dist").exists()


def test_init_scaffolds_page_words_for_a_language_the_package_lacks(tmp_path: Path) -> None:
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(main, ["init", "w", "--lang", "hi", "--lang", "es"])
    assert result.exit_code == 0, result.output
    root = tmp_path / "w"
    assert "w/locales/hi/LC_MESSAGES/polyglot-pages.po" in result.output
    assert not page_words(root, "es").exists()  # the package has Spanish words
    template = root / "locales" / "templates" / "polyglot-pages.pot"
    catalog = parse_po(page_words(root, "hi").read_bytes())
    assert catalog.header("Language") == "hi"
    assert catalog.header("Plural-Forms") == "nplurals=2; plural=(n > 1);"
    assert {entry.msgid for entry in catalog.active} == {
        entry.msgid for entry in parse_po(template.read_bytes()).active
    }
    assert not any(entry.translated for entry in catalog.active)
    plural = next(entry for entry in catalog.active if entry.msgid_plural)
    assert sorted(plural.msgstr_plural) == [0, 1]
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(page_words(root, "hi"))], check=True)
    # The scaffold is not a statement catalogue: it makes no language by itself, and the
    # translation memory leaves it out.
    settings = load_settings(root)
    from polyglot_statement.config import undeclared_languages
    from polyglot_statement.memory.files import memory_files

    assert undeclared_languages(settings) == []
    assert all(file.path.name != "polyglot-pages.po" for file in memory_files(settings))


def test_a_statement_cannot_take_the_page_words_name(hindi: Path) -> None:
    (hindi / "source" / "polyglot-pages.md").write_text("# Hello\n", encoding="utf-8")
    code, out, err = run(hindi, "extract")
    assert code == 2
    assert "source/polyglot-pages.md: this name is kept for the catalogues" in out + err


def test_status_counts_page_words(hindi: Path) -> None:
    fill(init_page_words(hindi, "hi"), HINDI, rest=None)
    code, out, err = run(hindi, "status", "--format", "json")
    assert code == 0, out + err
    data = json.loads(out)
    words = {item["language"]: item for item in data["page_words"]}
    assert words["hi"] == {
        "language": "hi",
        "catalogue": "locales/hi/LC_MESSAGES/polyglot-pages.po",
        "translated": 3,
        "total": 19,
        "package": False,
        "complete": False,
    }
    assert words["es"]["package"] is True and words["es"]["complete"] is True
    code, out, err = run(hindi, "status")
    assert "page words" in out
