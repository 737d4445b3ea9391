"""Characters XML cannot hold, in a statement or a translation, reach no XML output.

A vertical tab pasted from a word processor, a stray control character or a U+FFFE in a
catalogue used to stop the Word edition, the feeds, the TMX export and the XLIFF export
with lxml's traceback. Each of them must still be written, parse back, and say the same
words without the invisible character.
"""

from __future__ import annotations

from pathlib import Path

import docx
from cli_runner import polyglot as run
from lxml import etree, html
from memory_workspace import fill
from translate.storage import tmx, xliff

from polyglot_statement.config import load_settings
from polyglot_statement.xmlchars import XML_INVALID, xml_text

STATEMENT = """\
---
title: "Dockers\\vof Lisbon\\uFFFE"
date: 2024-05-07
---

The dockers\x01 of Lisbon are on strike.
"""
SPANISH = {
    "Dockers\vof Lisbon\ufffe": "Estibadores\x02 de Lisboa\ufffe",
    "The dockers\x01 of Lisbon are on strike.": (
        "Los estibadores\x1f de Lisboa\ufffe están en huelga."
    ),
}


def workspace(root: Path) -> Path:
    (root / "source").mkdir()
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["es"]\norganisation = "Dock\\u0007ers"\n',
        encoding="utf-8",
    )
    (root / "source" / "strike.md").write_text(STATEMENT, encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    fill(load_settings(root), "strike", "es", SPANISH)
    return root


def test_xml_text_drops_only_what_xml_cannot_hold() -> None:
    assert xml_text("a\tb\nc\r\x00\x0b\x1f\ud800\ufffe\uffff\u202ed") == "a\tb\nc\r\u202ed"
    text = "no change: é ‮ 𝄞"
    assert xml_text(text) is text


def test_word_editions_and_feeds_are_written_and_read_back(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    result = run(root, "build", "--format", "docx", "--format", "html")
    assert result.exit_code == 0, result.output
    for language, title in (("en", "Dockersof Lisbon"), ("es", "Estibadores de Lisboa")):
        document = docx.Document(str(root / "dist" / language / "strike.docx"))
        assert document.core_properties.title == title
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        assert "strike" in text or "huelga" in text
        assert not XML_INVALID.search(text)
    # A translation's U+FFFE is dropped before any renderer sees it, as its controls are.
    page = (root / "dist" / "es" / "strike.html").read_text(encoding="utf-8")
    assert "Estibadores de Lisboa" in page and "\ufffe" not in page
    for feed in (root / "dist" / "feed.xml", root / "dist" / "es" / "feed.xml"):
        parsed = etree.parse(str(feed))
        assert (
            parsed.findtext("{http://www.w3.org/2005/Atom}author/{http://www.w3.org/2005/Atom}name")
            == "Dockers"
        )
        titles = parsed.findall(".//{http://www.w3.org/2005/Atom}title")
        assert titles and all(not XML_INVALID.search(t.text or "") for t in titles)


def test_tmx_and_xliff_exports_parse_back_and_import_as_unchanged(tmp_path: Path) -> None:
    root = workspace(tmp_path)
    memory = tmp_path / "memory.tmx"
    assert run(root, "memory", "export", "--format", "tmx", "-o", str(memory)).exit_code == 0
    units = tmx.tmxfile.parsefile(str(memory)).units
    assert sorted(unit.source for unit in units) == [
        "Dockersof Lisbon",
        "The dockers of Lisbon are on strike.",
    ]
    folder = tmp_path / "xliff"
    assert (
        run(root, "export", "--format", "xliff", "--lang", "es", "-o", str(folder)).exit_code == 0
    )
    exported = folder / "strike.es.xlf"
    targets = [unit.target for unit in xliff.xlifffile.parsefile(str(exported)).units]
    assert "Los estibadores de Lisboa están en huelga." in targets
    catalogue = root / "locales" / "es" / "LC_MESSAGES" / "strike.po"
    before = catalogue.read_bytes()
    result = run(root, "import", str(exported))
    assert result.exit_code == 0 and "0 imported, 2 unchanged" in result.output
    assert catalogue.read_bytes() == before


HOSTILE_TITLE = "</title><script>alert(1)</script> \"'><img src=x onerror=alert(2)> ]]> &amp;"
HOSTILE_SUMMARY = "javascript:alert(3) ]]> <svg onload=alert(4)> \u202eevil"


def test_hostile_front_matter_comes_back_as_the_same_text_from_every_page_and_feed(
    tmp_path: Path,
) -> None:
    """Markup in a title, summary or organisation name is shown, never obeyed: parsed back,
    each page's title, meta tags, front page and feed entry hold exactly the text written."""
    root = tmp_path
    (root / "source").mkdir()
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["es"]\nsite-url = "https://example.org/p/"\n'
        'organisation = "O\'Brien & <Sons> ]]>"\n',
        encoding="utf-8",
    )
    title = HOSTILE_TITLE.replace("\\", "\\\\").replace('"', '\\"')
    summary = HOSTILE_SUMMARY.replace('"', '\\"').replace("\u202e", "\\u202E")
    (root / "source" / "s.md").write_text(
        f'---\ntitle: "{title}"\nsummary: "{summary}"\ndate: 2024-05-07\n---\n\nBody.\n',
        encoding="utf-8",
    )
    assert run(root, "build").exit_code == 0
    page = html.parse(str(root / "dist" / "en" / "s.html"))
    assert page.findtext(".//title") == HOSTILE_TITLE
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.iter("meta")}
    assert meta["og:title"] == meta["twitter:title"] == HOSTILE_TITLE
    assert meta["description"] == meta["og:description"] == HOSTILE_SUMMARY
    assert meta["og:site_name"] == "O'Brien & <Sons> ]]>"
    assert not page.xpath("//script | //img | //svg | //*[@onerror or @onload]")
    front = html.parse(str(root / "dist" / "index.html"))
    assert HOSTILE_TITLE in front.xpath("string(//main)")
    assert not front.xpath("//script | //img | //svg | //*[@onerror or @onload]")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = etree.parse(str(root / "dist" / "en" / "feed.xml"))
    assert feed.findtext(f"{atom}entry/{atom}title") == HOSTILE_TITLE
    assert feed.findtext(f"{atom}entry/{atom}summary") == HOSTILE_SUMMARY
    assert feed.findtext(f"{atom}author/{atom}name") == "O'Brien & <Sons> ]]>"
    etree.parse(str(root / "dist" / "sitemap.xml"))  # well-formed
