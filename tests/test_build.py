"""`polyglot build`: editions, verdicts, manifest, determinism, increments, safety."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown as python_markdown
import pytest
from cli_runner import exit_and_output as run

from polyglot_statement.checks import ALL_CHECKS, Severity, find_problems
from polyglot_statement.config import load_settings
from polyglot_statement.po import APPROVED, FUZZY, format_po, read_po
from polyglot_statement.publish.build import BuildReport, build
from polyglot_statement.source.extract import extract

SLUG = "wftu-andean-solidarity-peru"
# A passage shown in English, its label (in the page's language) and its text.
FALLBACK = (
    r'<span class="fallback" lang="en" dir="ltr"><span class="fallback-label" lang="[^"]+" '
    r'dir="[^"]+">[^<]+</span> ([^<]*)</span>'
)
DATA = Path(__file__).parent / "data" / "segment"


# Settings under which --allow-partial publishes whatever share is translated: for tests
# of how untranslated passages are shown, not of the floor.
NO_FLOOR = "[publish]\npartial-min-percent = 0\n"


def translations(records: list[Any]) -> list[Any]:
    """Manifest entries or records of the editions other than the original (English)."""
    return [
        record
        for record in records
        if (record["language"] if isinstance(record, dict) else record.language) != "en"
    ]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def make_workspace(
    root: Path,
    source: str,
    languages: tuple[str, ...] = ("es", "ar"),
    settings: str = "",
    slug: str = "statement",
) -> Path:
    """A workspace with one statement and extracted (empty) catalogues."""
    root.mkdir(parents=True, exist_ok=True)
    codes = ", ".join(f'"{code}"' for code in languages)
    (root / "polyglot.toml").write_text(
        f'source-language = "en"\nlanguages = [{codes}]\n{settings}', encoding="utf-8"
    )
    (root / "source").mkdir(exist_ok=True)
    (root / "source" / f"{slug}.md").write_bytes(source.encode("utf-8"))
    extract(load_settings(root))
    return root


def translate(
    root: Path,
    language: str,
    translator: Callable[[str], str | None],
    slug: str = "statement",
    fuzzy: Callable[[str], bool] = lambda msgid: False,
    ignored: str = "",
) -> None:
    """Fill a catalogue: `translator(msgid)` gives the msgstr (None leaves it empty)."""
    settings = load_settings(root)
    path = settings.catalog_path(language, slug)
    catalog = read_po(path)
    for entry in catalog.active:
        translation = translator(entry.msgid)
        entry.msgstr = translation or ""
        if ignored:
            entry.translator_comments = [f"polyglot: ignore {ignored}"]
        entry.set_fuzzy(bool(translation) and fuzzy(entry.msgid))
    path.write_bytes(format_po(catalog))


def body_of(html: str) -> str:
    return html.split("<body>", 1)[1]


SOURCE = """\
---
title: Solidarity with the workers of Peru
subtitle: An open letter
date: 2022-12-07
organisation: WFTU
---

# The letter

We **condemn** the repression. Read [the letter](https://example.org/letter).

- free the prisoners
- respect the vote

> We echo the demands of the people.
"""


def upper(msgid: str) -> str:
    return f"[{msgid.upper()}]" if "](" not in msgid else msgid.replace("We", "NOSOTROS")


# ---------------------------------------------------------------- the example workspace


def test_example_workspace_publishes_es_fr_pt_and_says_why_not_ar_qu(workspace: Path) -> None:
    code, output = run(workspace, "build")
    assert code == 0, output
    for language in ("es", "fr", "pt"):
        assert f"published {language}" in output
        for suffix in ("html", "md", "txt"):
            assert (workspace / "dist" / language / f"{SLUG}.{suffix}").is_file()
    assert re.search(r"skipped\s+ar\s+.*% of words approved, 100% required", output)
    assert re.search(r"skipped\s+qu\s+.*0\.0% of words approved.*required segment", output)
    assert not (workspace / "dist" / "ar").exists()
    assert not (workspace / "dist" / "qu").exists()
    index = (workspace / "dist" / "index.html").read_text(encoding="utf-8")
    for name in ("español", "français", "português"):
        assert name in index
    assert "العربية" not in index


def test_example_html_edition(workspace: Path) -> None:
    run(workspace, "build")
    html = (workspace / "dist" / "es" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="es" dir="ltr">')
    assert "<title>Declaración de solidaridad" in html
    assert '<link rel="alternate" hreflang="fr" href="../fr/' in html
    assert '<link rel="alternate" hreflang="pt" href="../pt/' in html
    assert '<a href="../fr/wftu-andean-solidarity-peru.html" hreflang="fr"' in html
    assert 'aria-current="page">español</span>' in html
    assert "<style>" in html and "@media print" in html
    # Nothing is fetched from anywhere: no external stylesheet, script, font or image.
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert "<script" not in html and "@import" not in html and "url(" not in html
    # Only approved text: the English source does not appear in the Spanish page.
    assert "Today, at the initiative" not in html
    assert "<blockquote>" in html


def test_allow_partial_publishes_arabic_with_fallbacks_marked(workspace: Path) -> None:
    code, output = run(workspace, "build", "--allow-partial", "--lang", "ar")
    assert code == 0, output
    assert re.search(r"published ar .*partial: \d+ segment\(s\) in English", output)
    html = (workspace / "dist" / "ar" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    fallbacks = re.findall(FALLBACK, html)
    manifest = json.loads((workspace / "dist" / "manifest.json").read_text(encoding="utf-8"))
    (edition,) = translations(manifest["editions"])
    assert edition["partial"] is True and edition["reasons"]
    listed = edition["fallback_segments"]
    assert len(listed) == len(fallbacks) > 0
    assert [item["msgid"] for item in listed] == fallbacks
    assert {item["state"] for item in listed} <= {"machine", "needs review", "untranslated"}
    # The Markdown edition keeps the source text for those segments, unmarked.
    markdown = (workspace / "dist" / "ar" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert fallbacks[0] in markdown and "polyglot-fallback" not in markdown
    # Unchanged the second time, and still reported as partial.
    code, again = run(workspace, "build", "--allow-partial", "--lang", "ar")
    assert code == 0 and "unchanged" in again
    assert f"partial: {len(fallbacks)} segment(s) in English" in again


# ---------------------------------------------------------------- editions


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path / "ws", SOURCE)
    translate(root, "es", upper)
    return root


def test_markdown_edition_is_the_translated_source(small: Path) -> None:
    build(load_settings(small))
    text = (small / "dist" / "es" / "statement.md").read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "[SOLIDARITY WITH THE WORKERS OF PERU]"\n')
    assert "date: 2022-12-07\n" in text
    assert "# [THE LETTER]\n" in text
    assert "- [FREE THE PRISONERS]\n- [RESPECT THE VOTE]\n" in text
    assert "> [WE ECHO THE DEMANDS OF THE PEOPLE.]\n" in text
    assert (
        "NOSOTROS **condemn** the repression. Read [the letter](https://example.org/letter)."
        in text
    )


def test_html_edition_front_matter_and_localised_date(small: Path) -> None:
    translate(small, "ar", upper)
    build(load_settings(small))
    es = (small / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert "<h1>[SOLIDARITY WITH THE WORKERS OF PERU]</h1>" in es
    assert '<p class="subtitle">[AN OPEN LETTER]</p>' in es
    assert '<time datetime="2022-12-07">7 de diciembre de 2022</time>' in es
    assert "<h1>[THE LETTER]</h1>" in es
    assert '<a href="https://example.org/letter">the letter</a>' in es
    ar = (small / "dist" / "ar" / "statement.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in ar
    assert "٧ ديسمبر ٢٠٢٢" in ar or "7 ديسمبر 2022" in ar
    assert 'hreflang="es"' in ar and ">español</a>" in ar
    assert ">العربية</a>" in es


def test_text_edition_wraps_and_writes_links_out(small: Path) -> None:
    build(load_settings(small))
    text = (small / "dist" / "es" / "statement.txt").read_text(encoding="utf-8")
    assert text.startswith("WFTU\n\n[SOLIDARITY WITH THE WORKERS OF PERU]\n====")
    assert "7 de diciembre de 2022" in text
    assert re.search(r"the\s+letter\s+<https://example.org/letter>", text)
    assert "- [FREE THE PRISONERS]\n- [RESPECT THE VOTE]" in text
    assert "> [WE ECHO THE DEMANDS OF THE PEOPLE.]" in text
    assert "<strong>" not in text and "**" not in text
    assert all(len(line) <= 72 for line in text.splitlines())


def test_long_paragraphs_wrap_at_72(tmp_path: Path) -> None:
    words = " ".join(f"word{number}" for number in range(200))
    root = make_workspace(tmp_path / "ws", f"# Title\n\n{words}\n", languages=("es",))
    translate(root, "es", lambda msgid: msgid.replace("word", "palabra"))
    build(load_settings(root))
    lines = (root / "dist" / "es" / "statement.txt").read_text(encoding="utf-8").splitlines()
    assert max(len(line) for line in lines) <= 72
    assert sum(1 for line in lines if line.startswith("palabra")) > 10


@pytest.mark.parametrize("case", sorted(path.name for path in DATA.glob("*.md")))
def test_identity_round_trip_through_the_cli(tmp_path: Path, case: str) -> None:
    """Every msgstr equal to its msgid, approved: the .md edition is the source, byte for byte."""
    source = (DATA / case).read_bytes()
    root = make_workspace(tmp_path / "ws", source.decode("utf-8"), languages=("es",))
    translate(root, "es", lambda msgid: msgid)
    code, output = run(root, "build", "--format", "md")
    assert code == 0, output
    assert "published es" in output, output
    assert (root / "dist" / "es" / "statement.md").read_bytes() == source


def test_identical_translations_are_a_warning_that_does_not_block(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    settings = load_settings(root)
    path = settings.catalog_path("es", "statement")
    catalog = read_po(path)
    for entry in catalog.active:
        entry.msgstr = entry.msgid  # no ignore comment
    path.write_bytes(format_po(catalog))
    code, output = run(root, "build")
    assert code == 0, output
    assert "published es" in output, output
    assert not re.search(r"skipped\s+es", output), output


# ---------------------------------------------------------------- verdicts


def test_skipped_languages_say_why(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr", "ar"))
    translate(root, "es", upper)
    # French: everything but one list item; Arabic: everything but the title.
    translate(root, "fr", lambda msgid: None if msgid == "respect the vote" else upper(msgid))
    translate(root, "ar", lambda msgid: upper(msgid), fuzzy=lambda msgid: "Solidarity" in msgid)
    report = build(load_settings(root))
    assert [record.language for record in report.published] == ["en", "es"]
    reasons = {record.language: record.reasons for record in report.skipped}
    assert re.fullmatch(r"\d+\.\d% of words approved, 100% required", reasons["fr"][0])
    assert any("required segment(s) not approved" in reason for reason in reasons["ar"])
    assert any("Solidarity with the workers" in reason for reason in reasons["ar"])


def test_publication_rule_per_language(tmp_path: Path) -> None:
    rule = "[publish]\nmin-percent = 100\n[publish.languages.fr]\nmin-percent = 80\n"
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr"), settings=rule)
    for language in ("es", "fr"):
        translate(
            root, language, lambda msgid: None if msgid == "respect the vote" else upper(msgid)
        )
    report = build(load_settings(root))
    assert [record.language for record in report.published] == ["en", "fr"]
    (fr,) = translations(report.published)
    assert [fallback.msgid for fallback in fr.fallback_segments] == ["respect the vote"]
    html = (root / "dist" / "fr" / "statement.html").read_text(encoding="utf-8")
    assert re.findall(f"<li>{FALLBACK}</li>", html) == ["respect the vote"]


def test_missing_catalogue_is_explained(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    (root / "locales" / "es" / "LC_MESSAGES" / "statement.po").unlink()
    report = build(load_settings(root))
    (skipped,) = report.skipped
    assert "no catalogue locales/es/LC_MESSAGES/statement.po" in skipped.reasons[0]


def test_fallback_front_matter_is_marked_in_the_page(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("ar",))
    translate(root, "ar", lambda msgid: None if msgid == "An open letter" else upper(msgid))
    build(load_settings(root), allow_partial=True)
    html = (root / "dist" / "ar" / "statement.html").read_text(encoding="utf-8")
    subtitle = re.search(f'<p class="subtitle">{FALLBACK}</p>', html)
    assert subtitle is not None and subtitle.group(1) == "An open letter"
    # The label is in the reader's language and direction.
    label = '<span class="fallback-label" lang="ar" dir="rtl">لم يُترجم بعد (الإنجليزية)</span>'
    assert label in html


# ---------------------------------------------------------------- manifest


def test_manifest_lists_files_words_and_fingerprints(small: Path) -> None:
    report = build(load_settings(small))
    manifest = json.loads((small / "dist" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source_language"] == "en"
    assert [s["slug"] for s in manifest["statements"]] == ["statement"]
    (es,) = translations(manifest["editions"])
    assert es["language"] == "es" and es["statement"] == "statement"
    assert es["title"] == "[SOLIDARITY WITH THE WORKERS OF PERU]"
    assert set(es["formats"]) == {"html", "md", "txt"}
    for file in es["formats"].values():
        data = (small / "dist" / file["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == file["sha256"]
        assert len(data) == file["size"]
    assert es["approved_words"] == es["words"] > 20 and es["percent_approved"] == 100.0
    assert es["fallback_segments"] == [] and es["partial"] is False
    assert re.fullmatch(r"[0-9a-f]{64}", es["fingerprint"])
    (ar,) = manifest["skipped"]
    assert ar["language"] == "ar" and ar["approved_words"] == 0 and ar["reasons"]
    assert [record.language for record in report.published] == ["en", "es"]


def test_fingerprint_covers_every_input(small: Path) -> None:
    settings = load_settings(small)

    def fingerprint() -> str:
        build(settings)
        data = json.loads((small / "dist" / "manifest.json").read_text(encoding="utf-8"))
        return str(translations(data["editions"])[0]["fingerprint"])

    seen = {fingerprint()}
    (small / "glossary.yml").write_text("terms: []\n", encoding="utf-8")
    seen.add(fingerprint())
    (small / "templates").mkdir()
    shutil.copy(
        Path(__file__).parent.parent / "src/polyglot_statement/templates/edition.html",
        small / "templates" / "edition.html",
    )
    seen.add(fingerprint())
    with (small / "polyglot.toml").open("a", encoding="utf-8") as handle:
        handle.write("# a comment\n")
    seen.add(fingerprint())
    source = small / "source" / "statement.md"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.add(fingerprint())
    translate(small, "es", lambda msgid: upper(msgid) + "!")
    seen.add(fingerprint())
    assert len(seen) == 6


# ---------------------------------------------------------------- repeatability


def test_second_build_changes_no_byte(small: Path) -> None:
    settings = load_settings(small)
    first = build(settings)
    assert first.replaced and first.rebuilt == {("statement", "en"), ("statement", "es")}
    before = snapshot(small / "dist")
    second = build(settings)
    assert not second.replaced and not second.rebuilt
    assert snapshot(small / "dist") == before
    # A cold build elsewhere from the same inputs gives the same bytes.
    shutil.rmtree(small / "dist")
    build(settings)
    assert {k: v[0] for k, v in snapshot(small / "dist").items()} == {
        k: v[0] for k, v in before.items()
    }


def test_one_changed_catalogue_rebuilds_one_edition(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr", "pt"))
    for language in ("es", "fr", "pt"):
        translate(root, language, upper)
    settings = load_settings(root)
    build(settings)
    before = snapshot(root / "dist")
    translate(root, "fr", lambda msgid: upper(msgid).replace("[", "[¡"))
    report = build(settings)
    assert report.rebuilt == {("statement", "fr")}
    after = snapshot(root / "dist")
    changed = {name for name in after if after[name] != before.get(name)}
    # The French title changed: so do the French front page and feed, nothing else.
    assert changed == {
        "fr/statement.html",
        "fr/statement.md",
        "fr/statement.txt",
        "fr/index.html",
        "fr/feed.xml",
        "manifest.json",
    }


def test_newly_published_language_updates_its_siblings_switchers(small: Path) -> None:
    settings = load_settings(small)
    build(settings)
    translate(small, "ar", upper)
    report = build(settings)
    assert report.rebuilt == {("statement", "en"), ("statement", "es"), ("statement", "ar")}
    es = (small / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert 'hreflang="ar"' in es


def test_first_narrowed_build_makes_only_what_was_asked(small: Path) -> None:
    translate(small, "ar", upper)
    code, output = run(small, "build", "--lang", "ar", "--format", "txt")
    assert code == 0, output
    files = sorted(p.relative_to(small / "dist").as_posix() for p in (small / "dist").rglob("*.*"))
    # The original goes with its statement, in the formats asked for.
    assert files == [
        "ar/index.html",
        "ar/statement.txt",
        "en/index.html",
        "en/statement.txt",
        "index.html",
        "manifest.json",
    ]
    code, output = run(small, "build", "--format", "epub")
    assert code == 2 and "epub" in output


# ---------------------------------------------------------------- narrowed builds


def alternates(html_path: Path) -> list[str]:
    """The other languages a page's <link rel="alternate" hreflang> tags point to."""
    html = html_path.read_text(encoding="utf-8")
    own = re.search(r'<html lang="([^"]+)"', html)
    return [
        code
        for code in re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html)
        if code != "x-default" and (own is None or code != own.group(1))
    ]


def manifest_lines(root: Path) -> dict[tuple[str, str], str]:
    """Each edition's line of dist/manifest.json, published or skipped, by (statement, lang)."""
    lines: dict[tuple[str, str], str] = {}
    for line in (root / "dist" / "manifest.json").read_text(encoding="utf-8").splitlines():
        if line.startswith('    {"statement": '):
            item = json.loads(line.strip().rstrip(","))
            lines[(item["statement"], item["language"])] = line.strip().rstrip(",")
    return lines


def inodes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_ino
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def three(tmp_path: Path) -> Path:
    return translated_three(tmp_path)


def translated_three(tmp_path: Path) -> Path:
    """A workspace with Spanish, French and Portuguese translated and approved."""
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr", "pt"))
    for language in ("es", "fr", "pt"):
        translate(root, language, upper)
    return root


def test_build_narrowed_by_language_keeps_the_other_editions(three: Path) -> None:
    settings = load_settings(three)
    build(settings)
    dist = three / "dist"
    before, before_inodes, before_lines = snapshot(dist), inodes(dist), manifest_lines(three)
    translate(three, "fr", lambda msgid: upper(msgid).replace("[", "[¡"))
    # Spanish changed too, but is not selected: its edition stays as it was published.
    translate(three, "es", lambda msgid: upper(msgid) + " (NUEVO)")
    code, output = run(three, "build", "--lang", "fr")
    assert code == 0, output
    assert re.search(r"published es .*not selected, kept\)", output), output
    assert re.search(r"published fr .*; built\)", output), output
    assert "4 edition(s) published (1 built, 2 kept), 0 skipped" in output
    after, after_inodes = snapshot(dist), inodes(dist)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {
        "fr/statement.html",
        "fr/statement.md",
        "fr/statement.txt",
        "fr/index.html",  # the French title changed
        "fr/feed.xml",
        "manifest.json",
    }
    assert set(after) == set(before)
    for language in ("es", "pt"):
        for suffix in ("html", "md", "txt"):
            name = f"{language}/statement.{suffix}"
            assert after_inodes[name] == before_inodes[name]  # hard-linked, not rewritten
    assert "(NUEVO)" not in (dist / "es" / "statement.md").read_text(encoding="utf-8")
    lines = manifest_lines(three)
    assert lines[("statement", "es")] == before_lines[("statement", "es")]
    assert lines[("statement", "pt")] == before_lines[("statement", "pt")]
    assert lines[("statement", "fr")] != before_lines[("statement", "fr")]
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert all(name in index for name in ("español", "français", "português"))
    assert alternates(dist / "fr" / "statement.html") == ["en", "es", "pt"]
    assert alternates(dist / "es" / "statement.html") == ["en", "fr", "pt"]
    assert alternates(dist / "pt" / "statement.html") == ["en", "es", "fr"]
    # The same narrowed build again changes no byte; a full build then catches Spanish up.
    assert not build(settings, languages=("fr",)).replaced
    assert snapshot(dist) == after
    assert build(settings).rebuilt == {("statement", "es")}
    assert "(NUEVO)" in (dist / "es" / "statement.md").read_text(encoding="utf-8")


def test_build_narrowed_by_statement_keeps_the_other_statements(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr"))
    (root / "source" / "second.md").write_text(SOURCE.replace("Peru", "Chile"), encoding="utf-8")
    extract(load_settings(root))
    for slug in ("statement", "second"):
        for language in ("es", "fr"):
            translate(root, language, upper, slug=slug)
    settings = load_settings(root)
    build(settings)
    dist = root / "dist"
    before = snapshot(dist)
    for slug in ("statement", "second"):
        translate(root, "es", lambda msgid: upper(msgid) + "!", slug=slug)
    report = build(settings, statements=("second",))
    assert report.rebuilt == {("second", "es")}
    assert report.carried == {("statement", "en"), ("statement", "es"), ("statement", "fr")}
    after = snapshot(dist)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {
        "es/second.html",
        "es/second.md",
        "es/second.txt",
        "es/index.html",  # the Spanish title of "second" changed
        "es/feed.xml",
        "manifest.json",
    }
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert [item["slug"] for item in manifest["statements"]] == ["second", "statement"]
    assert {(item["statement"], item["language"]) for item in manifest["editions"]} == {
        (slug, language) for slug in ("statement", "second") for language in ("en", "es", "fr")
    }
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert "es/statement.html" in index and "es/second.html" in index


def test_build_narrowed_by_format_keeps_the_other_formats(small: Path) -> None:
    settings = load_settings(small)
    build(settings)
    dist = small / "dist"
    before = snapshot(dist)
    old = translations(
        json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["editions"]
    )[0]
    translate(small, "es", lambda msgid: upper(msgid) + " (NUEVO)")
    code, output = run(small, "build", "--format", "html")
    assert code == 0, output
    assert "published es     statement (html, md, txt; built)" in output
    after = snapshot(dist)
    assert "(NUEVO)" in (dist / "es" / "statement.html").read_text(encoding="utf-8")
    for suffix in ("md", "txt"):  # as they were: bytes and modification time
        assert after[f"es/statement.{suffix}"] == before[f"es/statement.{suffix}"]
    es = translations(json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["editions"])[
        0
    ]
    assert es["fingerprint"] != old["fingerprint"]
    # The kept files say which inputs they were made from, so no build takes them as current.
    assert "fingerprint" not in es["formats"]["html"]
    assert es["formats"]["md"] == {**old["formats"]["md"], "fingerprint": old["fingerprint"]}
    assert es["formats"]["txt"]["fingerprint"] == old["fingerprint"]
    assert not build(settings, formats=("html",)).replaced
    assert build(settings).rebuilt == {("statement", "es")}
    assert "(NUEVO)" in (dist / "es" / "statement.md").read_text(encoding="utf-8")
    es = translations(json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["editions"])[
        0
    ]
    assert all("fingerprint" not in file for file in es["formats"].values())


@pytest.mark.parametrize("parallel", [False, True])
def test_narrowed_build_that_publishes_a_language_updates_its_siblings_switchers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    if parallel:
        monkeypatch.setenv("POLYGLOT_JOBS", "2")
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr", "pt"))
    translate(root, "es", upper)
    translate(root, "fr", upper)
    settings = load_settings(root)
    assert [record.language for record in build(settings).skipped] == ["pt"]
    dist = root / "dist"
    before = snapshot(dist)
    translate(root, "pt", upper)
    code, output = run(root, "build", "--lang", "pt")
    assert code == 0, output
    assert re.search(r"published es .*not selected; page rebuilt for its language switcher", output)
    assert "4 edition(s) published (4 built), 0 skipped" in output
    for language, others in (
        ("en", ["es", "fr", "pt"]),
        ("es", ["en", "fr", "pt"]),
        ("fr", ["en", "es", "pt"]),
        ("pt", ["en", "es", "fr"]),
    ):
        assert alternates(dist / language / "statement.html") == others
    after = snapshot(dist)
    for language in ("es", "fr"):  # only the page depends on the sibling languages
        for suffix in ("md", "txt"):
            assert (
                after[f"{language}/statement.{suffix}"] == before[f"{language}/statement.{suffix}"]
            )
    # Exactly what a full build from scratch makes.
    shutil.rmtree(dist)
    build(settings)
    assert {name: data for name, (data, _) in snapshot(dist).items()} == {
        name: data for name, (data, _) in after.items()
    }


def test_page_less_edition_is_not_in_the_switchers(small: Path) -> None:
    settings = load_settings(small)
    build(settings)
    before = snapshot(small / "dist")
    translate(small, "ar", upper)
    report = build(settings, languages=("ar",), formats=("md",))
    assert report.rebuilt == {("statement", "ar")}
    assert report.carried == {("statement", "es")}  # the original was selected, unchanged
    after = snapshot(small / "dist")
    assert "ar/statement.md" in after and "ar/statement.html" not in after
    # No link to a page that does not exist: the Spanish page is left as it was.
    assert after["es/statement.html"] == before["es/statement.html"]
    assert alternates(small / "dist" / "es" / "statement.html") == ["en"]
    index = (small / "dist" / "index.html").read_text(encoding="utf-8")
    assert 'href="ar/statement.md"' in index


def test_narrowed_build_prunes_a_selected_language_no_longer_ready(three: Path) -> None:
    settings = load_settings(three)
    build(settings)
    translate(three, "fr", upper, fuzzy=lambda msgid: msgid == "respect the vote")
    code, output = run(three, "build", "--lang", "fr", "--prune")
    assert code == 0, output
    assert re.search(
        r"removed   fr     statement \(html, md, txt\): not ready \(.*% of words approved, "
        r"100% required\), and this build does not allow partial editions",
        output,
    ), output
    assert "skipped   fr" not in output  # its `removed` line says why
    assert not (three / "dist" / "fr").exists()
    assert alternates(three / "dist" / "es" / "statement.html") == ["en", "pt"]
    assert alternates(three / "dist" / "pt" / "statement.html") == ["en", "es"]
    lines = manifest_lines(three)
    assert '"reasons": []' in lines[("statement", "es")]
    assert '"formats"' not in lines[("statement", "fr")]


def test_carried_edition_no_longer_ready_is_left_as_it_was_and_said_so(small: Path) -> None:
    settings = load_settings(small)
    build(settings)
    before = snapshot(small / "dist")
    translate(small, "es", upper, fuzzy=lambda msgid: msgid == "respect the vote")
    translate(small, "ar", upper)
    code, output = run(small, "build", "--lang", "ar")
    assert code == 0, output
    assert re.search(r"stale\s+es\s+statement: kept as it was, .*switcher.*% of words", output)
    after = snapshot(small / "dist")
    for suffix in ("html", "md", "txt"):
        assert after[f"es/statement.{suffix}"] == before[f"es/statement.{suffix}"]
    assert alternates(small / "dist" / "ar" / "statement.html") == ["en", "es"]
    assert alternates(small / "dist" / "es" / "statement.html") == ["en"]


def test_narrowed_build_prunes_a_language_no_longer_in_the_workspace(three: Path) -> None:
    build(load_settings(three))
    toml = three / "polyglot.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(', "pt"]', "]"), encoding="utf-8")
    report = build(load_settings(three), languages=("fr",), prune=True)
    assert [(item.language, item.reason) for item in report.withdrawn] == [
        ("pt", "`pt` is no longer in `languages`")
    ]
    assert not (three / "dist" / "pt").exists()
    assert {record.language for record in report.published} == {"en", "es", "fr"}
    assert alternates(three / "dist" / "es" / "statement.html") == ["en", "fr"]


def test_interrupted_build_leaves_the_last_good_dist(
    small: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(small)
    translate(small, "ar", upper)
    build(settings)
    before = snapshot(small / "dist")
    translate(small, "es", lambda msgid: "changed " + upper(msgid))
    translate(small, "ar", lambda msgid: "changed " + upper(msgid))

    # Editions are rendered by build_edition.py, through the name it imported.
    import polyglot_statement.publish.build_edition as build_module
    from polyglot_statement.publish.build import build as build_package

    real = build_module.render_files
    calls: list[str] = []

    def failing(*args: object, **kwargs: object) -> dict[str, bytes]:
        calls.append("call")
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the build
        return real(*args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(build_module, "render_files", failing)
    with pytest.raises(KeyboardInterrupt):
        build_package(settings)
    assert snapshot(small / "dist") == before
    assert sorted(p.name for p in small.iterdir() if p.name.startswith(".dist")) == []
    monkeypatch.setattr(build_module, "render_files", real)
    report: BuildReport = build_package(settings)
    assert report.rebuilt == {("statement", "es"), ("statement", "ar")}


def test_swap_recovers_a_dist_left_aside_by_a_killed_run(small: Path) -> None:
    settings = load_settings(small)
    build(settings)
    before = snapshot(small / "dist")
    # A run killed between its two renames (systems without an atomic exchange).
    (small / "dist").rename(small / ".dist.previous-abc")
    (small / ".dist.building-xyz").mkdir()
    report = build(settings)
    assert not report.replaced
    assert snapshot(small / "dist") == before
    assert not list(small.glob(".dist.*"))


def test_refuses_to_replace_a_folder_it_did_not_make(small: Path) -> None:
    (small / "dist").mkdir()
    (small / "dist" / "precious.txt").write_text("mine", encoding="utf-8")
    code, output = run(small, "build")
    assert code == 2
    assert "holds no manifest.json" in output and "precious" not in output
    assert (small / "dist" / "precious.txt").read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------- templates


def test_workspace_template_override(small: Path) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "edition.html").write_text(
        '<html lang="{{ lang }}"><h1>{{ title.text }}</h1>{{ body }}'
        "<footer>{{ organisation.text }} — ours</footer></html>\n",
        encoding="utf-8",
    )
    build(load_settings(small))
    html = (small / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert html.startswith('<html lang="es"><h1>[SOLIDARITY WITH THE WORKERS OF PERU]</h1>')
    assert "<footer>WFTU — ours</footer>" in html
    assert "<strong>condemn</strong>" in html


def test_broken_template_is_reported_with_its_line(small: Path) -> None:
    (small / "templates").mkdir()
    (small / "templates" / "edition.html").write_text(
        "<html>\n<p>{{ title.text }}</p>\n{% if %}\n</html>\n", encoding="utf-8"
    )
    code, output = run(small, "build")
    assert code == 2
    assert re.search(r"error: .*templates/edition.html:3: template error", output), output
    assert "Traceback" not in output
    assert not (small / "dist").exists()


def test_template_cannot_break_escaping(small: Path) -> None:
    translate(
        small,
        "es",
        lambda msgid: '"><script>alert(1)</script>' if "Solidarity" in msgid else upper(msgid),
        ignored="identical html numbers",  # the checks would rightly keep it out otherwise
    )
    build(load_settings(small), allow_partial=True)
    html = (small / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert "<title>&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html


# ---------------------------------------------------------------- untrusted translations


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_harmless(html: str) -> None:
    """No element or attribute a browser would run, load or submit."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in {
            "script", "iframe", "style", "svg", "form", "input", "meta", "object", "embed",
            "link", "base",
        }, (tag, html)  # fmt: skip
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            if name in ("href", "src", "action", "formaction"):
                scheme = re.sub(r"[\x00-\x20]", "", value or "").lower()
                assert not scheme.startswith(("javascript:", "data:", "vbscript:")), html
                assert "evil.example" not in scheme or tag == "a", html
        if tag == "img":
            assert attrs.get("src") != "x", html


EVERY_CHECK = " ".join(check.check_id for check in ALL_CHECKS)

HOSTILE = [
    "<script>alert('x')</script>",
    "texto <img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>texto",
    "<b>sin cerrar",
    "<div",
    "<svg onload=alert(1)>",
    "<!-- comentario --><p onclick=alert(1)>x</p>",
    "<javascript:alert(1)>",
    '<a href="https://evil.example" onmouseover="alert(1)">x</a>',
    "`<script>` en código es texto",
    "\x02wzxhzdk:0\x03 marcador",
    "[ref]: javascript:alert(1)",
    "<form action=https://evil.example><input name=x></form>",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "texto ![píxel](https://evil.example/pixel.gif) de seguimiento",
    '<a href="https://example.org/letter"><img src="https://evil.example/x.png"></a>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_translations_cannot_inject_markup(tmp_path: Path, hostile: str) -> None:
    source = SOURCE + '\n<div class="note">Trusted <em>source</em> HTML.</div>\n'
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    # Every check silenced: what is tested here is the publishing side's own defence.
    translate(
        root,
        "es",
        lambda msgid: hostile if msgid.startswith("We **condemn**") else upper(msgid),
        ignored=EVERY_CHECK,
    )
    report = build(load_settings(root))
    assert [record.language for record in report.published] == ["en", "es"]
    assert report.published[0].fallback_segments == ()
    html = body_of((root / "dist" / "es" / "statement.html").read_text(encoding="utf-8"))
    assert_harmless(html)
    assert "<!--" not in html and "\x02" not in html
    # The organisation's own HTML block survives, and so does the rest of the page.
    assert '<div class="note">Trusted <em>source</em> HTML.</div>' in html
    assert "<h1>[THE LETTER]</h1>" in html and "<li>[FREE THE PRISONERS]</li>" in html
    # A broken tag in one segment cannot swallow the ones after it.
    assert "<blockquote>\n<p>[WE ECHO THE DEMANDS OF THE PEOPLE.]</p>\n</blockquote>" in html
    # The Markdown edition is safe even for a renderer that does not sanitise.
    markdown = (root / "dist" / "es" / "statement.md").read_text(encoding="utf-8")
    body = markdown.split("\n---\n", 1)[1].replace('<div class="note">', "<div>")
    assert_harmless(python_markdown.markdown(body, extensions=["tables", "footnotes"]))


def test_markup_the_source_has_may_be_kept(tmp_path: Path) -> None:
    source = (
        '# Title\n\nThe <abbr title="World Federation of Trade Unions">WFTU</abbr> says<br>no.\n'
    )
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    translate(
        root,
        "es",
        lambda msgid: (
            msgid.replace("The", "La").replace("says", "dice") if "abbr" in msgid else "Título"
        ),
    )
    build(load_settings(root))
    html = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert (
        '<p>La <abbr title="World Federation of Trade Unions">WFTU</abbr> dice<br>no.</p>' in html
    )


def test_reordered_source_tags_are_kept_but_unbalanced_ones_escaped(tmp_path: Path) -> None:
    source = "# Title\n\nOne <em>two</em> <strong>three</strong>.\n"
    root = make_workspace(tmp_path / "ws", source, languages=("es", "fr"))
    translate(
        root,
        "es",
        lambda m: "<strong>tres</strong> uno <em>dos</em>." if "One" in m else "T",
        ignored=EVERY_CHECK,
    )
    translate(
        root,
        "fr",
        lambda m: "Un <em>deux <strong>trois</em></strong>." if "One" in m else "T",
        ignored=EVERY_CHECK,
    )
    build(load_settings(root))
    es = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert "<p><strong>tres</strong> uno <em>dos</em>.</p>" in es
    fr = (root / "dist" / "fr" / "statement.html").read_text(encoding="utf-8")
    assert "<p>Un &lt;em&gt;deux &lt;strong&gt;trois&lt;/em&gt;&lt;/strong&gt;.</p>" in fr


def test_approved_only_machine_and_review_states_are_not_published(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    translate(root, "es", upper, fuzzy=lambda msgid: msgid == "respect the vote")
    settings = load_settings(root)
    catalog = read_po(settings.catalog_path("es", "statement"))
    states = {entry.msgid: entry.state for entry in catalog.active}
    assert states["respect the vote"] != APPROVED and FUZZY
    build(settings, allow_partial=True)
    markdown = (root / "dist" / "es" / "statement.md").read_text(encoding="utf-8")
    assert "- respect the vote\n" in markdown and "[RESPECT THE VOTE]" not in markdown


def test_parallel_build_gives_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr", "ar"))
    (root / "source" / "second.md").write_text(SOURCE.replace("Peru", "Chile"), encoding="utf-8")
    extract(load_settings(root))
    for slug in ("statement", "second"):
        for language in ("es", "fr", "ar"):
            translate(root, language, upper, slug=slug)
    settings = load_settings(root)
    monkeypatch.setenv("POLYGLOT_JOBS", "1")
    build(settings)
    inline = {name: data for name, (data, _) in snapshot(root / "dist").items()}
    shutil.rmtree(root / "dist")
    # Each edition rendered notes the process that rendered it (forked workers inherit
    # the patch; a file is what they share with this process).
    import polyglot_statement.publish.build_edition as build_module

    renderers = tmp_path / "renderers"
    real = build_module.render_files

    def noting(*args: Any, **kwargs: Any) -> Any:
        with renderers.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "render_files", noting)
    monkeypatch.setenv("POLYGLOT_JOBS", "2")
    report = build(settings)
    assert len(report.rebuilt) == 8  # 2 statements × (the original, es, fr, ar)
    assert {name: data for name, (data, _) in snapshot(root / "dist").items()} == inline
    assert not list(root.glob(".dist.*"))
    pids = renderers.read_text(encoding="utf-8").split()
    assert len(pids) == 8 and str(os.getpid()) not in pids  # all rendered in workers


def test_parallel_build_reports_a_user_error_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr"))
    translate(root, "es", upper)
    path = root / "locales" / "fr" / "LC_MESSAGES" / "statement.po"
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    monkeypatch.setenv("POLYGLOT_JOBS", "2")
    code, output = run(root, "build")
    assert code == 2, output
    assert re.search(r"error: .*statement\.po:\d+: ", output), output
    assert not (root / "dist").exists() and not list(root.glob(".dist.*"))


def test_reused_partial_edition_keeps_its_fallbacks_in_the_manifest(small: Path) -> None:
    settings = load_settings(small)
    translate(small, "ar", lambda msgid: None if msgid == "respect the vote" else upper(msgid))
    build(settings, allow_partial=True)
    report = build(settings, formats=("html", "md"), allow_partial=True)
    assert report.rebuilt == set()  # the html and md files are taken as they were
    manifest = json.loads((small / "dist" / "manifest.json").read_text(encoding="utf-8"))
    ar = next(item for item in manifest["editions"] if item["language"] == "ar")
    assert set(ar["formats"]) == {"html", "md", "txt"}  # txt: kept, not selected
    assert [item["msgid"] for item in ar["fallback_segments"]] == ["respect the vote"]
    assert ar["fallback_count"] == 1 and ar["partial"] is True


def test_an_edit_within_the_same_second_is_seen(small: Path) -> None:
    """Same size, same mtime as the cached digest: still read again while it is racy."""
    import os

    settings = load_settings(small)
    build(settings)
    path = settings.catalog_path("es", "statement")
    stat = path.stat()
    data = path.read_bytes()
    edited = data.replace(b"[THE LETTER]", b"[LA  CARTA!]")
    assert len(edited) == len(data) and edited != data
    path.write_bytes(edited)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    report = build(settings)
    assert report.rebuilt == {("statement", "es")}
    assert "LA  CARTA!" in (small / "dist" / "es" / "statement.md").read_text(encoding="utf-8")


def test_the_build_counts_the_error_findings_polyglot_check_gives(tmp_path: Path) -> None:
    """The build runs only the checks that can block (publish/checker.py): its count of
    errors is `polyglot check`'s, whatever warnings the catalogue has too."""
    source = SOURCE.replace("- free the prisoners", "- free the 34 prisoners")
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    wrong = "[LIBERAD A LOS 43 PRESOS]"  # the number changed: an error finding
    # Every other translation identical to its source: a warning each.
    translate(root, "es", lambda msgid: wrong if "34" in msgid else msgid)
    settings = load_settings(root)
    findings = find_problems(settings)
    errors = [finding for finding in findings if finding.severity == Severity.ERROR]
    assert errors and len(errors) < len(findings), findings
    (skipped,) = build(settings).skipped
    assert f"{len(errors)} check error(s) (see `polyglot check`)" in skipped.reasons


def test_check_errors_block_and_allow_partial_leaves_those_segments_out(tmp_path: Path) -> None:
    source = SOURCE.replace("- free the prisoners", "- free the 34 prisoners")
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    wrong = "[LIBERAD A LOS 43 PRESOS]"  # the number changed: an error finding
    translate(root, "es", lambda msgid: wrong if "34" in msgid else upper(msgid))
    settings = load_settings(root)
    report = build(settings)
    (skipped,) = report.skipped
    assert any("check error" in reason for reason in skipped.reasons), skipped.reasons
    report = build(settings, allow_partial=True)
    (published,) = translations(report.published)
    assert [(f.msgid, f.state) for f in published.fallback_segments] == [
        ("free the 34 prisoners", "check error")
    ]
    html = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert "43" not in html
    assert "free the 34 prisoners" in re.findall(FALLBACK, html)
    # A later build that re-renders the edition (its switcher changes) still leaves it out.
    with (root / "polyglot.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    build(settings, allow_partial=True, formats=("md",))
    markdown = (root / "dist" / "es" / "statement.md").read_text(encoding="utf-8")
    assert "- free the 34 prisoners\n" in markdown and "43" not in markdown


def test_unknown_statement_or_language_is_a_usage_error(small: Path) -> None:
    code, output = run(small, "build", "--statement", "nope")
    assert code == 2 and "no statement 'nope'" in output
    code, output = run(small, "build", "--lang", "de")
    assert code == 2 and "not a target language" in output
    assert not (small / "dist").exists()


def test_text_edition_of_tables_code_and_footnotes(tmp_path: Path) -> None:
    source = (
        "# Title\n\nA claim[^1] with `code`.\n\n| Year | Deaths |\n|---|---|\n| 2022 | 34 |\n\n"
        "```\nkeep   this\n```\n\n1. first\n2. second\n\n[^1]: The source of it.\n"
    )
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    translate(root, "es", lambda msgid: msgid, ignored=EVERY_CHECK)
    build(load_settings(root), formats=("txt",))
    text = (root / "dist" / "es" / "statement.txt").read_text(encoding="utf-8")
    assert "Title\n=====" in text
    assert "A claim[1] with code." in text
    assert "Year | Deaths\n2022 | 34" in text
    assert "    keep   this" in text
    assert "1. first\n2. second" in text
    assert "* * *\n\n1. The source of it." in text


def test_markdown_edition_says_its_own_language(workspace: Path) -> None:
    code, output = run(workspace, "build", "--allow-partial", "--lang", "es", "--lang", "ar")
    assert code == 0, output
    for language in ("es", "ar"):
        text = (workspace / "dist" / language / f"{SLUG}.md").read_text(encoding="utf-8")
        front_matter = text.split("\n---\n", 1)[0]
        assert f'\nlanguage: "{language}"' in front_matter
        assert "language: en" not in front_matter
    spanish = (workspace / "dist" / "es" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert spanish.startswith('---\ntitle: "Declaración de solidaridad')


def test_text_edition_marks_untranslated_passages(workspace: Path) -> None:
    code, output = run(workspace, "build", "--allow-partial", "--lang", "ar")
    assert code == 0, output
    text = (workspace / "dist" / "ar" / f"{SLUG}.txt").read_text(encoding="utf-8")
    manifest = json.loads((workspace / "dist" / "manifest.json").read_text(encoding="utf-8"))
    (edition,) = translations(manifest["editions"])
    marked = re.findall(r"\[لم يُترجم بعد \(الإنجليزية\)\] (\w+)", text)
    assert len(marked) == edition["fallback_count"] > 0
    assert marked[0] == "In"
