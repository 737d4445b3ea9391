"""The `markdown` setting (issue 22): parsed and refused at its line, named by init and
extract, a generator's syntax noticed once, TOML front matter read and written back on
real Hugo pages, and the .md edition laid out as each site generator expects it."""

from __future__ import annotations

import re
import tomllib
from functools import partial
from pathlib import Path

import pytest
import yaml
from cli_runner import exit_and_streams

from polyglot_statement.config import load_settings
from polyglot_statement.dialects import COMMONMARK, dialect_named
from polyglot_statement.po import format_po, read_po
from polyglot_statement.source.dialect_detect import detect_dialect

DATA = Path(__file__).parent / "data" / "dialects"
# Real pages of a Hugo theme's example site (tests/data/dialects/README.md: MIT licence).
BASICS = (DATA / "relearn-basics.md").read_text(encoding="utf-8")
SITEPARAM = (DATA / "relearn-siteparam.md").read_text(encoding="utf-8")


# In the folder, as a user runs it: init's folder is relative to it.
run = partial(exit_and_streams, in_folder=True)


def workspace(root: Path, settings: str, statements: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "polyglot.toml").write_text(
        f'source-language = "en"\nlanguages = ["fr"]\n{settings}', encoding="utf-8"
    )
    (root / "source").mkdir(exist_ok=True)
    for slug, text in statements.items():
        (root / "source" / f"{slug}.md").write_bytes(text.encode("utf-8"))
    return root


def translate_all(root: Path, slug: str, translations: dict[str, str]) -> None:
    """Approve every entry: the given translations, the source text elsewhere."""
    path = load_settings(root).catalog_path("fr", slug)
    catalog = read_po(path)
    for entry in catalog.active:
        entry.msgstr = translations.get(entry.msgid, entry.msgid)
    path.write_bytes(format_po(catalog))


def front_matter_lines(text: str, fence: str) -> list[str]:
    lines = text.splitlines()
    assert lines[0] == fence
    return lines[1 : lines.index(fence, 1)]


# ------------------------------------------------------------------ the setting


def test_the_setting_names_a_dialect_or_lists_extensions(tmp_path: Path) -> None:
    root = workspace(tmp_path / "w", 'markdown = "hugo"\n', {})
    settings = load_settings(root)
    assert settings.markdown == dialect_named("hugo")
    assert settings.markdown_layout == "hugo"  # the generator's layout by default
    root = workspace(tmp_path / "x", 'markdown = ["heading-ids", "emoji"]\n', {})
    settings = load_settings(root)
    assert settings.markdown.name == "custom" and settings.markdown.has("emoji")
    assert settings.markdown_layout == "plain"
    root = workspace(tmp_path / "y", '[publish]\nmarkdown-layout = "hugo-suffix"\n', {})
    settings = load_settings(root)
    assert settings.markdown == COMMONMARK and settings.markdown_layout == "hugo-suffix"


@pytest.mark.parametrize(
    ("setting", "line", "message"),
    [
        ('markdown = "hugo2"\n', 3, "unknown Markdown dialect 'hugo2'; use one of commonmark"),
        ('markdown = ["emoji", "smilies"]\n', 3, "unknown Markdown extension 'smilies'"),
        ("markdown = 3\n", 3, "`markdown` must be a dialect's name"),
        ('[publish]\nmarkdown-layout = "gatsby"\n', 4, "`publish.markdown-layout` must be one"),
    ],
)
def test_a_bad_value_is_refused_at_its_line(
    tmp_path: Path, setting: str, line: int, message: str
) -> None:
    root = workspace(tmp_path / "w", setting, {"a": "Text.\n"})
    code, _, error = run(root, "extract")
    assert code == 2
    assert f"polyglot.toml:{line}: " in error and message in error
    assert "Traceback" not in error
    assert not (root / "locales").exists()  # nothing written


# ------------------------------------------------------------------ init and extract


def test_init_names_the_dialect_it_writes(tmp_path: Path) -> None:
    code, output, error = run(tmp_path, "init", "w", "--lang", "fr")
    assert code == 0, error
    assert output.splitlines()[-1] == "Markdown: commonmark"
    assert load_settings(tmp_path / "w").markdown == COMMONMARK


def test_init_beside_hugo_pages_takes_their_dialect(tmp_path: Path) -> None:
    (tmp_path / "w" / "source").mkdir(parents=True)
    (tmp_path / "w" / "source" / "basics.md").write_text(BASICS, encoding="utf-8")
    code, output, error = run(tmp_path, "init", "w", "--lang", "fr")
    assert code == 0, error
    assert output.splitlines()[-1] == (
        "Markdown: hugo (attr-lists, definition-lists, emoji, heading-ids, shortcodes, "
        "toml-front-matter), for TOML front matter (+++) at w/source/basics.md:1"
    )
    assert load_settings(tmp_path / "w").markdown == dialect_named("hugo")


def test_extract_names_the_dialect_and_warns_once_naming_the_setting(tmp_path: Path) -> None:
    hugo_page = '# Title\n\nSee {{< ref "other.md" >}} for more.\n\nAnd {{% notice %}}.\n'
    jekyll_page = "Our repository: {{ site.repository }}.\n"
    root = workspace(tmp_path / "w", "", {"a-hugo": hugo_page, "b-jekyll": jekyll_page})
    code, output, error = run(root, "extract")
    assert code == 0, error
    assert output.splitlines()[0] == "Markdown: commonmark"
    warnings = [line for line in error.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: source/a-hugo.md:3: a Hugo shortcode ({{< … >}} or {{% … %}}) is "
        'site-generator syntax that the `markdown` setting ("commonmark") reads as text to '
        'translate; set markdown = "hugo" in polyglot.toml (docs/configuration.md)'
    ]


def test_extract_is_quiet_when_the_setting_reads_the_syntax(tmp_path: Path) -> None:
    root = workspace(tmp_path / "w", 'markdown = "hugo"\n', {"siteparam": SITEPARAM})
    code, output, error = run(root, "extract")
    assert code == 0, error
    assert output.startswith("Markdown: hugo (")
    assert "warning" not in error


def test_a_list_of_extensions_is_told_which_to_add(tmp_path: Path) -> None:
    root = workspace(tmp_path / "w", 'markdown = ["emoji"]\n', {"a": "!!! note\n    Body.\n"})
    _, _, error = run(root, "extract")
    assert 'add "admonitions" to the `markdown` list in polyglot.toml' in error
    assert "source/a.md:1: an admonition (!!! note)" in error


@pytest.mark.parametrize(
    "text",
    [
        "Write `{{< ref >}}` in the page.\n",  # a code span
        "```\n{% raw %}\n{{ site.x }}\n```\n",  # fenced code
        "~~~~\n!!! note\n~~~~\n",
        "Braces {{ }} and {%} alone are nothing.\n",
        "++ not a fence\n+++\n",
    ],
)
def test_syntax_shown_as_code_or_ordinary_braces_are_not_a_dialect(text: str) -> None:
    assert detect_dialect(text, COMMONMARK) is None


@pytest.mark.parametrize(
    ("text", "extension", "line"),
    [
        ("a\n\n{% link a.md %}\n", "liquid", 3),
        ("x\n```\ncode\n```\n{{ page.title }}\n", "liquid", 5),
        ('=== "Tab"\n    Body.\n', "tabs", 1),
        ("\ufeff+++\ntitle = 'x'\n+++\n", "toml-front-matter", 1),
    ],
)
def test_each_sign_is_found_at_its_line(text: str, extension: str, line: int) -> None:
    found = detect_dialect(text, COMMONMARK)
    assert found is not None and (found[0], found[2]) == (extension, line)
    assert detect_dialect(text, dialect_named(["liquid", "tabs", "toml-front-matter"])) is None


def test_detection_takes_linear_time_on_a_hostile_line() -> None:
    # Many openers that never complete: each is looked at once.
    assert detect_dialect("{{ a" * 200_000 + "\n", COMMONMARK) is None
    assert detect_dialect("{{" + " " * 200_000 + "x", COMMONMARK) is None


# ------------------------------------------------------------------ TOML front matter


def test_toml_front_matter_of_real_hugo_pages_round_trips(tmp_path: Path) -> None:
    root = workspace(
        tmp_path / "w",
        'markdown = "hugo"\nfront-matter-fields = ["title", "description"]\n',
        {"basics": BASICS, "siteparam": SITEPARAM},
    )
    code, _, error = run(root, "extract")
    assert code == 0, error
    template = read_po(root / "locales" / "templates" / "basics.pot")
    msgids = [entry.msgid for entry in template.active]
    assert msgids[:1] == ["Basics"]  # the title, from the TOML front matter
    assert not any("chapter = true" in msgid or "+++" in msgid for msgid in msgids)
    comments = {entry.msgid: entry.extracted_comments for entry in template.active}
    assert any("front matter: title" in comment for comment in comments["Basics"])
    siteparam = [entry.msgid for entry in read_po(root / "locales/templates/siteparam.pot").active]
    assert siteparam[:2] == ["Get value of site params", "SiteParam"]

    translate_all(root, "basics", {"Basics": 'Les "bases"\\'})
    translate_all(root, "siteparam", {"Get value of site params": "Lire un paramètre du site"})
    code, _, error = run(root, "build", "--format", "md")
    assert code == 0, error
    edition = (root / "dist" / "fr" / "basics.md").read_text(encoding="utf-8")
    data = tomllib.loads("\n".join(front_matter_lines(edition, "+++")))
    assert data["title"] == 'Les "bases"\\'
    assert (data["chapter"], data["pre"], data["weight"]) == (True, "<b>1. </b>", 5)
    assert data["translationKey"] == "basics"  # the hugo layout joins the editions
    source_lines = front_matter_lines(BASICS, "+++")
    edition_lines = front_matter_lines(edition, "+++")
    assert edition_lines == [
        'translationKey = "basics"',
        *(
            'title = "Les \\"bases\\"\\\\"' if line.startswith("title") else line
            for line in source_lines
        ),
    ]
    # The body as approved: the heading shares the title's msgid.
    body = BASICS.split("+++", 2)[2].replace("# Basics", '# Les "bases"\\')
    assert edition.split("+++", 2)[2] == body
    other = (root / "dist" / "fr" / "siteparam.md").read_text(encoding="utf-8")
    assert 'description = "Lire un paramètre du site"\ntitle = "SiteParam"\n' in other


@pytest.mark.parametrize(
    ("front_matter", "line", "message"),
    [
        ('title = "x"\ndate = 2024-02-30\n', 3, "invalid TOML in front matter"),
        ('title = "a"\ntitle = "b"\n', 3, "invalid TOML in front matter"),
        ("title = [1, 2]\n", 2, "`title` must be text, not a list"),
        ('date = "someday"\n', 2, "`date` must be a date written YYYY-MM-DD"),
    ],
)
def test_bad_toml_front_matter_is_refused_at_its_line(
    tmp_path: Path, front_matter: str, line: int, message: str
) -> None:
    root = workspace(
        tmp_path / "w", 'markdown = "hugo"\n', {"a": f"+++\n{front_matter}+++\n\nText.\n"}
    )
    code, _, error = run(root, "extract")
    assert code == 2
    assert f"source/a.md:{line}: " in error and message in error
    assert "Traceback" not in error


def test_an_unclosed_toml_front_matter_is_refused(tmp_path: Path) -> None:
    root = workspace(tmp_path / "w", 'markdown = "hugo"\n', {"a": '+++\ntitle = "x"\n\nText.\n'})
    code, _, error = run(root, "extract")
    assert code == 2 and "source/a.md:1: TOML front matter opened by the `+++`" in error


def test_without_the_extension_plus_fences_are_text(tmp_path: Path) -> None:
    root = workspace(tmp_path / "w", "", {"a": '+++\ntitle = "x"\n+++\n\nText.\n'})
    code, _, error = run(root, "extract")
    assert code == 0
    assert "TOML front matter (+++) is site-generator syntax" in error
    assert 'set markdown = "hugo"' in error


# ------------------------------------------------------------------ keys readers don't see


MKDOCS_BLOG_POST = """\
---
title: Release notes
date:
  created: 2024-01-31
  updated: 2024-02-02
authors:
  - team
categories: [News, Releases]
draft: false
---

The new release is out.
"""


def test_a_mapping_date_and_other_keys_are_copied_as_they_are(tmp_path: Path) -> None:
    root = workspace(tmp_path / "w", 'markdown = "mkdocs"\n', {"post": MKDOCS_BLOG_POST})
    code, _, error = run(root, "extract")
    assert code == 0, error
    translate_all(root, "post", {"Release notes": "Notes de version"})
    code, _, error = run(root, "build", "--format", "md", "--format", "html")
    assert code == 0, error
    edition = (root / "dist" / "fr" / "post.fr.md").read_text(encoding="utf-8")
    assert edition == MKDOCS_BLOG_POST.replace("Release notes", '"Notes de version"')
    page = (root / "dist" / "fr" / "post.html").read_text(encoding="utf-8")
    assert "2024" in page  # the created day is the page's date


# ------------------------------------------------------------------ editions per generator


YAML_PAGE = "---\ntitle: Hello\nlang: en\n---\n\nSome text.\n"


@pytest.mark.parametrize(
    ("settings", "files", "added"),
    [
        ('markdown = "hugo"\n', ("en/page.md", "fr/page.md"), {"translationKey": "page"}),
        (
            '[publish]\nmarkdown-layout = "hugo-suffix"\n',
            ("en/page.en.md", "fr/page.fr.md"),
            {"translationKey": "page"},
        ),
        ('markdown = "mkdocs"\n', ("en/page.en.md", "fr/page.fr.md"), {}),
        ('markdown = "jekyll"\n', ("en/page.md", "fr/page.md"), {"ref": "page", "page_id": "page"}),
        ("", ("en/page.md", "fr/page.md"), {}),
    ],
)
def test_the_md_edition_fits_the_generator(
    tmp_path: Path, settings: str, files: tuple[str, str], added: dict[str, str]
) -> None:
    root = workspace(tmp_path / "w", settings, {"page": YAML_PAGE})
    assert run(root, "extract")[0] == 0
    translate_all(root, "page", {"Hello": "Bonjour", "Some text.": "Du texte."})
    code, _, error = run(root, "build", "--format", "md")
    assert code == 0, error
    made = sorted(
        path.relative_to(root / "dist").as_posix() for path in (root / "dist").rglob("*.md")
    )
    assert made == sorted(files)
    for name, language in zip(files, ("en", "fr"), strict=True):
        text = (root / "dist" / name).read_text(encoding="utf-8")
        data = yaml.safe_load(text.split("---\n")[1])
        expected_lang = language if "jekyll" in settings else "en"
        assert data == {
            **added,
            "title": "Hello" if language == "en" else "Bonjour",
            "lang": expected_lang,
        }
        if not added:
            # Nothing to add: the original edition is the source byte for byte.
            assert language == "fr" or text == YAML_PAGE


def test_keys_are_added_to_toml_front_matter_before_its_tables(tmp_path: Path) -> None:
    page = '+++\ntitle = "Hello"\n[params]\nicon = "x"\n+++\n\nText.\n'
    root = workspace(tmp_path / "w", 'markdown = "hugo"\n', {"page": page})
    assert run(root, "extract")[0] == 0
    translate_all(root, "page", {"Hello": "Bonjour"})
    assert run(root, "build", "--format", "md")[0] == 0
    edition = (root / "dist" / "fr" / "page.md").read_text(encoding="utf-8")
    data = tomllib.loads("\n".join(front_matter_lines(edition, "+++")))
    assert data == {"translationKey": "page", "title": "Bonjour", "params": {"icon": "x"}}


def test_a_page_without_front_matter_gets_one_for_the_keys(tmp_path: Path) -> None:
    root = workspace(tmp_path / "w", 'markdown = "jekyll"\n', {"page": "Some text.\r\n"})
    assert run(root, "extract")[0] == 0
    translate_all(root, "page", {"Some text.": "Du texte."})
    assert run(root, "build", "--format", "md")[0] == 0
    edition = (root / "dist" / "fr" / "page.md").read_bytes().decode("utf-8")
    assert edition == '---\r\nlang: "fr"\r\nref: "page"\r\npage_id: "page"\r\n---\r\nDu texte.\r\n'
    assert re.search(r"\r\n---\r\n", edition)
