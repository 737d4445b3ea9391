"""Front matter written the many ways YAML allows: extracted as text or refused by line.

The values a page shows (title, subtitle, summary, organisation) are text as their reader
sees it, whatever YAML makes of them (`2024`, `yes`, a date, a folded block); `date` is
a date; what cannot be shown is refused with `path:line`, by every command alike. No
file the tool writes fails `msgfmt -c`, whatever the title holds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from test_build import run

from polyglot_statement.errors import SourceError
from polyglot_statement.po import TemplateMessage, format_po, make_template
from polyglot_statement.source.frontmatter import split_front_matter
from polyglot_statement.source.segment import rebuild, segment_document


def _workspace(root: Path, front_matter: str) -> Path:
    root.mkdir(parents=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["es"]\n', encoding="utf-8"
    )
    (root / "source").mkdir()
    (root / "source" / "statement.md").write_text(
        f"---\n{front_matter}\n---\n\nThe body.\n", encoding="utf-8"
    )
    return root


def _msgfmt(path: Path) -> None:
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


@pytest.mark.parametrize(
    ("front_matter", "title"),
    [
        ("title: >\n  A folded\n  title", "A folded title"),
        ("title: |\n  Line one\n  Line two", "Line one\nLine two"),
        ("title: A plain\n  title over two lines", "A plain title over two lines"),
        ("title: 2024", "2024"),
        ("title: 2024-05-01", "2024-05-01"),
        ("title: yes", "yes"),
        ("title: 0x1F", "0x1F"),
        ("title: 1.50", "1.50"),
        ('title: "Quoted: with a colon"', "Quoted: with a colon"),
    ],
)
def test_a_title_is_extracted_as_its_reader_sees_it(
    tmp_path: Path, front_matter: str, title: str
) -> None:
    root = _workspace(tmp_path / "ws", front_matter)
    code, output = run(root, "extract")
    assert code == 0, output
    template = root / "locales" / "templates" / "statement.pot"
    catalogue = root / "locales" / "es" / "LC_MESSAGES" / "statement.po"
    for path in (template, catalogue):
        _msgfmt(path)  # the header comment names the title: it must not break the file
    document = segment_document((root / "source" / "statement.md").read_text(encoding="utf-8"))
    (field,) = [s for s in document.segments if s.kind == "front matter: title"]
    assert field.msgid == title
    assert document.metadata["title"] == title
    # Translated, the value is a YAML string whatever it was.
    rebuilt = rebuild(document, lambda s: "Título: «2025»" if s is field else None)
    assert split_front_matter(rebuilt, Path("x.md")).data["title"] == "Título: «2025»"
    # The original's page shows it; never the slug. (Untranslated, the title keeps the
    # Spanish edition out even with --allow-partial.)
    code, output = run(root, "build", "--allow-partial", "--format", "html")
    assert code == 0, output
    assert "skipped   es" in output and "the title is not approved" in output
    page = (root / "dist" / "en" / "statement.html").read_text(encoding="utf-8")
    shown = " ".join(title.split())
    assert " ".join(page.split("<title>", 1)[1].split("</title>", 1)[0].split()) == shown


def test_header_comments_with_line_breaks_stay_comments(tmp_path: Path) -> None:
    template = make_template(
        "project",
        "Line one\nLine two\r\nLine three",
        [TemplateMessage("Text", ("a note\nover two lines",), ("source/x.md:1",))],
    )
    written = format_po(template)
    assert b"# Template for translations of \xe2\x80\x9cLine one\n# Line two\n# Line three" in (
        written
    )
    assert b"#. a note\n#. over two lines\n" in written
    path = tmp_path / "x.pot"
    path.write_bytes(written)
    _msgfmt(path)


REFUSED = {
    "empty title": ("title:", 2, "`title` is empty"),
    "title as a list": ("title: [a, b]", 2, "`title` must be text, not a list"),
    "subtitle as a mapping": ("title: T\nsubtitle:\n  a: b", 4, "`subtitle` must be text"),
    "duplicate title": ("title: A\ndate: 2024-05-01\ntitle: B", 4, "`title` appears twice"),
    "duplicate nested key": ("title: T\nauthor:\n  name: A\n  name: B", 5, "`name` appears"),
    "date as a list": ("title: T\ndate: [1, 2]", 3, "`date` must be a date"),
    "date as a number": ("title: T\ndate: 2024", 3, "`date` must be a date"),
    "date as free text": ("title: T\ndate: Spring 2023", 3, "not Spring 2023"),
    "alias": ("base: &b Text\ntitle: *b", 3, "alias `*b`"),
    "alias bomb": (
        "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 10))
        + "title: T\ndate: *a9",
        3,
        "alias `*a0`",
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_what_cannot_be_shown_is_refused_by_line_by_every_command(
    tmp_path: Path, name: str
) -> None:
    front_matter, line, message = REFUSED[name]
    root = _workspace(tmp_path / "ws", front_matter)
    with pytest.raises(SourceError) as raised:
        segment_document((root / "source" / "statement.md").read_text(encoding="utf-8"))
    assert raised.value.line == line
    assert message in raised.value.message
    for command in (["extract"], ["check"], ["status"], ["build", "--allow-partial"]):
        code, output = run(root, *command)
        assert code == 2, (command, output)
        assert f"statement.md:{line}: " in output and message in output, (command, output)
    assert not (root / "locales").exists() and not (root / "dist").exists()


def test_accepted_dates_and_absent_values(tmp_path: Path) -> None:
    for front_matter in (
        "title: T\ndate: 2024-05-01",
        "title: T\ndate: 2024-05-01T10:30:00",
        "title: T\ndate: '2024-05-01'",
        "title: T\ndate:",
        "title: T\nsubtitle:\nsummary: ~",
    ):
        data = split_front_matter(f"---\n{front_matter}\n---\n", Path("x.md")).data
        assert data["title"] == "T"
        assert "subtitle" not in data and "summary" not in data


def test_anchors_without_aliases_and_other_keys_are_left_alone() -> None:
    data = split_front_matter(
        "---\ntitle: &t T\ntags: [1, yes]\ndraft: true\n---\n", Path("x.md")
    ).data
    assert data == {"title": "T", "tags": [1, True], "draft": True}
