"""`polyglot build` with the print editions: formats, manifest, increments, bad input."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import program
from test_build import run, snapshot

SLUG = "wftu-andean-solidarity-peru"


def add_settings(workspace: Path, text: str) -> None:
    """`text` in the example's settings: keys into [tool.polyglot] itself (the file ends
    with another table), tables at the end."""
    settings = workspace / "pyproject.toml"
    current = settings.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        current += text
    else:
        current = current.replace("[tool.polyglot]\n", f"[tool.polyglot]\n{text}", 1)
    settings.write_text(current, encoding="utf-8")


def test_pdf_and_docx_are_built_on_request_listed_and_not_rebuilt(workspace: Path) -> None:
    code, output = run(workspace, "build", "--format", "pdf", "--format", "docx")
    assert code == 0, output
    assert f"published es     {SLUG} (pdf, docx; built)" in output
    manifest = json.loads((workspace / "dist" / "manifest.json").read_text(encoding="utf-8"))
    records = {record["language"]: record for record in manifest["editions"]}
    for language in ("es", "fr", "pt"):
        for name in ("pdf", "docx"):
            entry = records[language]["formats"][name]
            data = (workspace / "dist" / entry["path"]).read_bytes()
            assert entry["path"] == f"{language}/{SLUG}.{name}"
            assert entry["sha256"] == hashlib.sha256(data).hexdigest()
            assert entry["size"] == len(data)
    assert (
        data.startswith(b"PK")
        and (workspace / "dist/es" / f"{SLUG}.pdf").read_bytes()[:5] == b"%PDF-"
    )
    before = snapshot(workspace / "dist")
    code, output = run(workspace, "build", "--format", "pdf", "--format", "docx")
    assert code == 0, output
    assert output.rstrip().endswith("nothing changed")
    assert snapshot(workspace / "dist") == before


def test_the_default_build_makes_no_print_edition(workspace: Path) -> None:
    code, output = run(workspace, "build")
    assert code == 0, output
    assert not list((workspace / "dist").rglob("*.pdf"))
    assert not list((workspace / "dist").rglob("*.docx"))


def test_the_settings_formats_list_asks_for_print_editions(workspace: Path) -> None:
    add_settings(workspace, 'formats = ["html", "pdf"]\n')
    code, output = run(workspace, "build", "--lang", "es")
    assert code == 0, output
    assert f"published es     {SLUG} (html, pdf; built)" in output
    assert sorted(path.name for path in (workspace / "dist" / "es").iterdir()) == [
        "index.html",  # the language's front page
        f"{SLUG}.html",
        f"{SLUG}.pdf",
    ]


def test_a_pruning_build_drops_the_print_editions_the_settings_no_longer_ask_for(
    workspace: Path,
) -> None:
    assert run(workspace, "build", "--lang", "es", "--format", "pdf")[0] == 0
    assert (workspace / "dist" / "es" / f"{SLUG}.pdf").is_file()
    code, output = run(workspace, "build", "--lang", "es", "--prune")
    assert code == 0, output
    assert f"removed   es     {SLUG} (pdf): not in this build's formats (html, md, txt)\n" in output
    assert not (workspace / "dist" / "es" / f"{SLUG}.pdf").exists()


def test_a_language_switcher_change_renders_the_page_not_the_pdf(workspace: Path) -> None:
    add_settings(workspace, 'formats = ["html", "pdf"]\n')
    assert run(workspace, "build", "--lang", "es")[0] == 0
    pdf = workspace / "dist" / "es" / f"{SLUG}.pdf"
    page = workspace / "dist" / "es" / f"{SLUG}.html"
    pdf_before, page_before = pdf.stat(), page.read_bytes()
    code, output = run(workspace, "build", "--lang", "es", "--lang", "fr")
    assert code == 0, output
    assert page.read_bytes() != page_before  # the switcher now names French
    assert (pdf.stat().st_ino, pdf.stat().st_mtime_ns) == (
        pdf_before.st_ino,
        pdf_before.st_mtime_ns,
    )


def test_a_missing_font_file_is_refused_and_dist_untouched(workspace: Path) -> None:
    assert run(workspace, "build")[0] == 0
    before = snapshot(workspace / "dist")
    add_settings(workspace, '\n[tool.polyglot.print]\nfonts = ["fonts/Org-Regular.ttf"]\n')
    code, output = run(workspace, "build", "--format", "pdf")
    assert code == 2
    assert "fonts/Org-Regular.ttf: no such font file; the `print.fonts` setting names it" in output
    assert "Traceback" not in output
    assert snapshot(workspace / "dist") == before


def test_an_unreadable_font_file_is_refused_and_dist_untouched(workspace: Path) -> None:
    assert run(workspace, "build")[0] == 0
    before = snapshot(workspace / "dist")
    (workspace / "fonts").mkdir()
    (workspace / "fonts" / "Org.ttf").write_bytes(b"\0\1\0\0")
    (workspace / "fonts" / "Org.ttf").chmod(0)
    add_settings(workspace, '\n[tool.polyglot.print]\nfonts = ["fonts/Org.ttf"]\n')
    command = [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), "build"]
    if os.geteuid() == 0:
        # Root without the capabilities that override file modes: the mode applies.
        command[:0] = [program("setpriv"), "--bounding-set=-dac_override,-dac_read_search"]
    done = subprocess.run([*command, "--format", "pdf"], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "fonts/Org.ttf: cannot be read" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(workspace / "dist") == before


def test_a_font_file_that_is_no_font_is_refused_and_dist_untouched(workspace: Path) -> None:
    assert run(workspace, "build")[0] == 0
    before = snapshot(workspace / "dist")
    (workspace / "fonts").mkdir()
    (workspace / "fonts" / "Org.otf").write_text("<html>not a font</html>", encoding="utf-8")
    add_settings(workspace, '\n[tool.polyglot.print]\nfonts = ["fonts/Org.otf"]\n')
    code, output = run(workspace, "build", "--format", "pdf")
    assert code == 2
    assert "fonts/Org.otf: is not a font file fontTools can read" in output
    assert snapshot(workspace / "dist") == before


def test_a_reference_document_that_is_no_docx_is_refused_and_dist_untouched(
    workspace: Path,
) -> None:
    assert run(workspace, "build")[0] == 0
    before = snapshot(workspace / "dist")
    (workspace / "templates").mkdir(exist_ok=True)
    (workspace / "templates" / "reference.docx").write_bytes(b"%PDF-1.7 a PDF saved as .docx")
    code, output = run(workspace, "build", "--format", "docx")
    assert code == 2
    assert "templates/reference.docx: is not a Word document (.docx)" in output
    assert snapshot(workspace / "dist") == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('formats = ["html", "epub"]\n', "`formats` must list some of html, md, txt, pdf, docx"),
        ('\n[tool.polyglot.print]\npage-size = "A3"\n', "`print.page-size` must be one of A4"),
        ('\n[tool.polyglot.print]\nmargins = "2 cm"\n', "`print.margins` must be one to four"),
    ],
    ids=["format", "page size", "margins"],
)
def test_bad_print_settings_are_refused_with_their_line(
    workspace: Path, text: str, message: str
) -> None:
    add_settings(workspace, text)
    code, output = run(workspace, "build")
    assert code == 2, output
    assert re.search(r"pyproject\.toml:\d+: ", output), output
    assert message in output
