"""`polyglot new`: statements brought in from documents nobody here wrote (the test suites
of mammoth, python-docx, pandoc and trafilatura; tests/data/intake/README.md lists them
with their licences), from the example's seed page, and from a Word file made for this
test with every construct; and the bad input it must refuse with exit 2, writing nothing.

Expected Markdown: tests/data/intake/<file>.expect.md (pytest --update-golden rewrites).
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from cli_runner import polyglot
from click.testing import CliRunner
from golden import Golden

from polyglot_statement.cli import main
from polyglot_statement.config import load_settings
from polyglot_statement.intake import IntakeError, new_statement
from polyglot_statement.intake.render import render_new

DATA = Path(__file__).parent / "data" / "intake"
# The example statement's web page as it was copied (the project's ../shared/seed/).
SEED = DATA / "seed"
DOCUMENTS = sorted(
    path for path in DATA.iterdir() if path.suffix in (".docx", ".odt", ".html", ".txt")
)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".polyglot" not in path.parts
    }


@pytest.mark.parametrize("document", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_document_becomes_expected_markdown(
    workspace: Path, golden: Golden, document: Path
) -> None:
    settings = load_settings(workspace)
    result = new_statement(settings, document, slug="case", dry_run=True)
    golden.assert_matches(document.with_name(document.name + ".expect.md"), result.markdown)


def test_output_passes_extract_and_check(workspace: Path) -> None:
    runner = CliRunner()
    for document in DOCUMENTS:
        slug = re.sub(r"[^a-z0-9]+", "-", document.name.lower()).strip("-")
        done = runner.invoke(main, ["-C", str(workspace), "new", str(document), "--slug", slug])
        assert done.exit_code == 0, done.output
    done = runner.invoke(main, ["-C", str(workspace), "extract"])
    assert done.exit_code == 0, done.output
    done = runner.invoke(main, ["-C", str(workspace), "check"])
    assert done.exit_code == 0, done.output


def _paragraphs(markdown: str) -> list[str]:
    body = markdown.split("\n---\n", 1)[1]
    lines = [re.sub(r"^> ?", "", line) for line in body.splitlines()]
    return [" ".join(block.split()) for block in "\n".join(lines).split("\n\n") if block.strip()]


def test_seed_page_matches_the_example_statement(workspace: Path) -> None:
    seed = next(SEED.glob("*.txt"))
    settings = load_settings(workspace)
    result = new_statement(settings, seed, slug="seed", dry_run=True)
    example = (workspace / "source" / "wftu-andean-solidarity-peru.md").read_text("utf-8")
    # The example quotes the open letter as a block quote; a text copy cannot say so:
    # the paragraphs' words are compared.
    assert _paragraphs(result.markdown) == _paragraphs(example)
    title = result.found[0]
    assert (title.name, title.value) == (
        "title",
        "Andean Sub-Region of WFTU Solidarity Stement with the People and Working Class of Peru",
    )
    assert any("'Stement'" in note for note in result.notes)
    assert "date" in result.missing  # the page has none: none is invented
    reasons = {dropped.reason for dropped in result.dropped}
    assert reasons == {"skip links", "theme credits"}
    assert "Enter" not in result.body and "Compete Themes" not in result.body


def test_own_word_statement_every_construct(workspace: Path) -> None:
    settings = load_settings(workspace)
    result = new_statement(settings, DATA / "own-statement.docx")
    assert result.slug == "nurses-strike-for-safe-staffing"
    body = result.body
    assert "## Our demands" in body and "### Figures" in body
    assert "**National Hospital Union**" in body and "*indefinite*" in body
    assert "1.  Safe staffing ratios" in body
    assert "    - One nurse for four patients" in body  # nested in the numbered item
    # Word's manual numbering, a list of its own (its markers keep it from the one before)
    assert "2.  Wages that keep pace with prices.\n\n1)  Numbered by hand, first." in body
    assert "| Intensive care |" in body
    assert "[full report](https://example.org/report)" in body
    assert "National Hospital Union\\\nAvenida Grau 123\\\nLima" in body
    assert "[^1]: Decided by the general assembly of 30 April 2024." in body
    assert "![The union's red flag](nurses-strike-for-safe-staffing/image1.png)" in body
    assert {(f.name, f.value) for f in result.found} >= {
        ("title", "Nurses Strike for Safe Staffing"),
        ("date", "2024-05-03"),
    }
    assert any("1 comment" in note for note in result.notes)
    # LibreOffice linked the HTML page's picture instead of holding it: said, not hidden.
    assert any("image file:///tmp/own/flag.png is linked" in note for note in result.notes)
    assert "Check the name" not in body
    image = workspace / "source" / "nurses-strike-for-safe-staffing" / "image1.png"
    assert image.read_bytes().startswith(b"\x89PNG")
    out = io.StringIO()
    render_new(result, out, workspace)
    assert "wrote source/nurses-strike-for-safe-staffing.md" in out.getvalue()
    assert "image source/nurses-strike-for-safe-staffing/image1.png" in out.getvalue()
    again = new_statement(settings, DATA / "own-statement.docx", update=True)
    assert not again.changed  # re-running changes no byte


def test_tracked_changes_accepted(workspace: Path) -> None:
    settings = load_settings(workspace)
    inserted = new_statement(
        settings, DATA / "pandoc-track_changes_insertion.docx", "a", True, True
    )
    deleted = new_statement(settings, DATA / "pandoc-track_changes_deletion.docx", "b", True, True)
    # Pandoc's --track-changes=reject reads "This is a text with insertions." and "This
    # is a text with an excessively modified deletion.": accepted, they read as Word shows.
    assert inserted.body == "This is a text with two exciting insertions.\n"
    assert deleted.body == "This is a text with a deletion.\n"
    assert any("tracked change" in note for note in inserted.notes)


def test_update_needs_the_flag_and_keeps_the_front_matter(workspace: Path) -> None:
    runner = CliRunner()
    page = workspace / "page.txt"
    page.write_text("A title\n\nFirst paragraph.\n", encoding="utf-8")
    args = ["-C", str(workspace), "new", str(page), "--slug", "fresh"]
    assert runner.invoke(main, args).exit_code == 0
    target = workspace / "source" / "fresh.md"
    target.write_text(target.read_text("utf-8").replace("A title", "A better title"), "utf-8")
    before = _files(workspace)
    page.write_text("A title\n\nFirst paragraph, edited.\n", encoding="utf-8")
    refused = runner.invoke(main, args)
    assert refused.exit_code == 2
    assert "exists already; run again with --update" in refused.output
    assert _files(workspace) == {**before, "page.txt": page.read_bytes()}
    done = runner.invoke(main, [*args, "--update"])
    assert done.exit_code == 0, done.output
    text = target.read_text("utf-8")
    assert 'title: "A better title"' in text and text.endswith("First paragraph, edited.\n")
    assert "title: kept 'A better title'; the document gives 'A title'" in done.output


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


BAD = {
    "encrypted.docx": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "password-protected (encrypted)",
    ),
    "truncated.docx": (
        (DATA / "mammoth-tables.docx").read_bytes()[:3000],
        "is not a readable Word document",
    ),
    "bomb.docx": (
        _zip({"word/document.xml": b"<w:document/>", "word/media/zeros.bin": bytes(60_000_000)}),
        "unpacks to more than",
    ),
    "not-word.docx": (_zip({"hello.txt": b"hello"}), "is not a Word document"),
    "picture.txt": ((DATA / "own-statement.docx").read_bytes(), "not text"),
    "binary.txt": (b"\x7fELF\x02\x01\x01\x00" + bytes(64), "is a binary file"),
    "latin1.txt": ("Déclaration\n".encode("latin-1"), "is not UTF-8 text"),
    "menu.html": (
        b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
        "has no main text",
    ),
    "empty.txt": (b"  \n", "is empty"),
    "statement.pdf": (b"%PDF-1.7\n", "cannot bring in a .pdf"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_exit_2_nothing_written(workspace: Path, tmp_path: Path, name: str) -> None:
    data, message = BAD[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    before = _files(workspace)
    done = polyglot(workspace, "new", str(bad))
    assert done.exit_code == 2, done.output
    assert re.search(rf"{re.escape(name)}(:\d+)?: ", done.output), done.output
    assert message in done.output, done.output
    assert "Traceback" not in done.output
    assert _files(workspace) == before


def test_file_over_max_file_size(workspace: Path, tmp_path: Path) -> None:
    settings = dataclasses.replace(load_settings(workspace), max_file_size=1000)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000, encoding="utf-8")
    before = _files(workspace)
    with pytest.raises(IntakeError, match="more than the 1,000 bytes the `max-file-size`"):
        new_statement(settings, big)
    assert _files(workspace) == before


def test_untrusted_html_stays_text(workspace: Path) -> None:
    page = (
        "<html><head><title>Solidarity</title></head><body><article>"
        "<h1>Solidarity</h1>"
        "<p onclick='steal()'>We stand with the dock workers of the port, whose strike "
        "enters its third week. <a href='javascript:alert(1)'>Sign the letter</a> and "
        "<a href='https://example.org/letter'>read it</a>.</p>"
        "<script>alert('x')</script><p>&lt;script&gt;alert(2)&lt;/script&gt; is what the "
        "attackers typed into the form, and it must stay text in every edition.</p>"
        "<p>Share this</p></article></body></html>"
    )
    done = polyglot(workspace, "new", "-", "--slug", "page", input=page)
    assert done.exit_code == 0, done.output
    text = (workspace / "source" / "page.md").read_text("utf-8")
    assert "javascript:" not in text and "onclick" not in text and "alert('x')" not in text
    assert "Sign the letter" in text and "[read it](https://example.org/letter)" in text
    assert "\\<script\\>alert(2)\\</script\\>" in text or "&lt;script" in text
    assert "Share this" not in text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('Press "Enter" to skip to content', "skip links"),
        ("Mission News Theme by Compete Themes.", "theme credits"),
        ("Proudly powered by WordPress", "theme credits"),
        ("Posted in Statements, Solidarity", "“Posted in” lines"),
        ("Share this: Facebook Twitter WhatsApp", "share buttons"),
        ("This website uses cookies to improve your experience. Accept", "cookie banners"),
        ("Leave a Reply", "comment forms"),
        ("Your email address will not be published. Required fields are marked *", "comment forms"),
        ("Lea también: Impiden ingreso a Nicaragua a reportero", "“read also” teasers"),
        # A statement's own sentences, however close to chrome they come:
        ("See also the report of the ILO on the strike.", None),
        ("The workers went home after the assembly.", None),
        ("The employer uses cookies and cameras to watch the workers.", None),
        ("We share this struggle with the dock workers of Callao.", None),
    ],
)
def test_chrome_lines(line: str, reason: str | None) -> None:
    from polyglot_statement.intake.chrome import chrome_reason

    assert chrome_reason(line) == reason


def test_saved_page_matches_the_example_with_its_quote(workspace: Path) -> None:
    """The example as a WordPress page with the Mission News theme around it (the theme
    the seed's chrome names): the article's paragraphs and its block quote come out as
    the example has them, and nothing of the theme."""
    settings = load_settings(workspace)
    result = new_statement(settings, DATA / "wordpress-mission-news.html", "page", dry_run=True)
    example = (workspace / "source" / "wftu-andean-solidarity-peru.md").read_text("utf-8")
    assert result.body == example.split("\n---\n", 1)[1].lstrip("\n")
    assert (result.found[0].name, result.found[0].found_in) == ("title", "the document's title")
    assert result.found[0].value.startswith("Andean Sub-Region of WFTU Solidarity Stement")
    assert any("'Stement'" in note for note in result.notes)
    reasons = {dropped.reason for dropped in result.dropped}
    assert {"share buttons", "“Posted in” lines"} <= reasons
    for chrome in ("Share this", "Published in", "Leave a Reply", "Compete", "cookies", "Home"):
        assert chrome not in result.markdown


def test_update_from_a_new_version_of_the_page_is_an_edit(workspace: Path, tmp_path: Path) -> None:
    """The organisation corrects a sentence on its page; `new --update` brings the page in
    again and `extract` offers the Spanish translator the change as an edit: fuzzy, with
    the previous text, the translation kept."""
    page = (DATA / "wordpress-mission-news.html").read_text("utf-8")
    edited = tmp_path / "page.html"
    edited.write_text(page.replace("states the following:", "says the following:"), "utf-8")
    runner = CliRunner()
    slug = "wftu-andean-solidarity-peru"
    args = ["-C", str(workspace), "new", str(edited), "--slug", slug, "--update"]
    done = runner.invoke(main, args)
    assert done.exit_code == 0, done.output
    assert done.output.startswith(f"updated source/{slug}.md")
    source = (workspace / "source" / f"{slug}.md").read_text("utf-8")
    assert source.startswith("---\ntitle: Andean Sub-Region of WFTU Solidarity Statement")
    assert "The open letter says the following:" in source
    assert runner.invoke(main, ["-C", str(workspace), "extract"]).exit_code == 0
    catalogue = (workspace / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po").read_text("utf-8")
    assert (
        '#, fuzzy\n#| msgid "The open letter states the following:"\n'
        'msgid "The open letter says the following:"\n'
        'msgstr "La carta abierta señala lo siguiente:"'
    ) in catalogue
