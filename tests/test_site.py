"""What the example workspace publishes as a site: the original, complete and partial
editions, front pages, metadata, feeds, the sitemap."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from atom import ATOM, assert_valid_atom
from cli_runner import exit_and_streams as run
from lxml import etree

SLUG = "wftu-andean-solidarity-peru"
SITE_URL = "https://statements.example.org/wftu/"
SCHEMA = Path(__file__).parent / "data" / "sitemaps" / "sitemap.xsd"


def dated(workspace: Path, date: str = "2022-12-16", site_url: str | None = SITE_URL) -> Path:
    """The example with a date on its statement (it has none) and, by default, a site address."""
    source = workspace / "source" / f"{SLUG}.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("language: en\n", f"language: en\ndate: {date}\n", 1))
    if site_url:
        pyproject = workspace / "pyproject.toml"
        text = pyproject.read_text(encoding="utf-8")
        pyproject.write_text(
            text.replace("[tool.polyglot]\n", f'[tool.polyglot]\nsite-url = "{site_url}"\n', 1)
        )
    return workspace


def manifest(root: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((root / "dist" / "manifest.json").read_text("utf-8"))
    return data


def page(root: Path, relative: str) -> str:
    return (root / "dist" / relative).read_text(encoding="utf-8")


def hreflang(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_example_publishes_the_original_and_complete_editions(workspace: Path) -> None:
    code, out, err = run(workspace, "build")
    assert code == 0, out + err
    assert re.search(r"published en\s+" + SLUG + r" \(html, md, txt; built\) — original", out)
    for language in ("es", "fr", "pt"):
        assert re.search(rf"published {language}\s+{SLUG} \(html, md, txt; built\)\n", out)
    dist = workspace / "dist"
    source = (workspace / "source" / f"{SLUG}.md").read_bytes()
    assert (dist / "en" / f"{SLUG}.md").read_bytes() == source
    english = page(workspace, f"en/{SLUG}.html")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert "fallback" not in english.split("<main>", 1)[1]
    records = {item["language"]: item for item in manifest(workspace)["editions"]}  # type: ignore[attr-defined]
    assert records["en"]["state"] == "complete" and records["en"]["reasons"] == []
    assert set(records) == {"en", "es", "fr", "pt"}
    # The switcher names the original, and every page links it.
    for language in ("es", "fr", "pt"):
        html = page(workspace, f"{language}/{SLUG}.html")
        assert f'<a href="../en/{SLUG}.html" hreflang="en" lang="en" dir="ltr">English</a>' in html
        assert hreflang(html)["x-default"] == f"../en/{SLUG}.html"
        assert hreflang(html)[language] == f"{SLUG}.html"  # itself


def test_allow_partial_publishes_arabic_labelled_and_refuses_quechua(workspace: Path) -> None:
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0, out + err
    assert re.search(r"published ar\s+" + SLUG + r" .*partial", out)
    quechua = re.search(r"skipped\s+qu\s+" + SLUG + r": (.*)", out)
    assert quechua is not None, out
    assert "below the 25% a partial edition needs" in quechua.group(1)
    assert "the title is not approved" in quechua.group(1)
    records = {item["language"]: item for item in manifest(workspace)["editions"]}  # type: ignore[attr-defined]
    assert records["ar"]["state"] == "partial" and records["ar"]["partial"] is True
    (skipped,) = manifest(workspace)["skipped"]  # type: ignore[misc]
    assert skipped["language"] == "qu"
    arabic = page(workspace, f"ar/{SLUG}.html")
    assert '<meta name="robots" content="noindex">' in arabic
    assert hreflang(arabic) == {}  # a partial edition names no alternates, nor is named
    spanish = page(workspace, f"es/{SLUG}.html")
    assert "ar" not in hreflang(spanish)
    assert '<meta name="robots"' not in spanish
    # Marked as partial in the switcher and on the front pages.
    assert re.search(r">العربية</a> <span class=\"state\">\(parcial\)</span>", spanish)
    front = page(workspace, "es/index.html")
    assert "parcial: 26\u00a0% traducido" in front
    assert '<meta name="robots" content="noindex">' in page(workspace, "ar/index.html")


def test_a_partial_edition_may_be_indexed_when_the_workspace_says_so(workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    floor = "partial-min-percent = 25\n"
    pyproject.write_text(text.replace(floor, floor + "partial-noindex = false\n"))
    code, out, err = run(workspace, "build", "--allow-partial", "--lang", "ar")
    assert code == 0, out + err
    assert '<meta name="robots"' not in page(workspace, f"ar/{SLUG}.html")


def test_metadata_is_absolute_with_a_site_address(workspace: Path) -> None:
    dated(workspace)
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0, out + err
    spanish = page(workspace, f"es/{SLUG}.html")
    assert f'<link rel="canonical" href="{SITE_URL}es/{SLUG}.html">' in spanish
    assert hreflang(spanish) == {
        "en": f"{SITE_URL}en/{SLUG}.html",
        "es": f"{SITE_URL}es/{SLUG}.html",
        "fr": f"{SITE_URL}fr/{SLUG}.html",
        "pt": f"{SITE_URL}pt/{SLUG}.html",
        "x-default": f"{SITE_URL}en/{SLUG}.html",
    }
    assert f'<meta property="og:url" content="{SITE_URL}es/{SLUG}.html">' in spanish
    assert '<meta property="og:locale" content="es_ES">' in spanish
    assert '<meta property="article:published_time" content="2022-12-16">' in spanish
    description = re.search(r'<meta name="description" content="([^"]+)">', spanish)
    assert description is not None and description.group(1).startswith("Hoy, por iniciativa")
    assert '<time datetime="2022-12-16">16 de diciembre de 2022</time>' in spanish
    # Navigation stays relative: the site works wherever it is served from.
    assert f'<a href="../fr/{SLUG}.html"' in spanish


def test_feeds_are_atom_and_announce_complete_editions_only(workspace: Path) -> None:
    dated(workspace)
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0, out + err
    dist = workspace / "dist"
    for language in ("en", "es", "fr", "pt"):
        root = assert_valid_atom((dist / language / "feed.xml").read_bytes())
        (entry,) = root.findall(f"{ATOM}entry")
        link = entry.find(f"{ATOM}link")
        assert link.get("href") == f"{SITE_URL}{language}/{SLUG}.html"
        assert link.get("hreflang") == language
    assert not (dist / "ar" / "feed.xml").exists()
    everything = assert_valid_atom((dist / "feed.xml").read_bytes())
    (entry,) = everything.findall(f"{ATOM}entry")
    assert [link.get("hreflang") for link in entry.findall(f"{ATOM}link")] == [
        "en",
        "es",
        "fr",
        "pt",
    ]
    assert entry.findtext(f"{ATOM}updated") == "2022-12-16T00:00:00+00:00"
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml"' in page(
        workspace, "es/index.html"
    )


def test_sitemap_lists_complete_pages_with_their_alternates(workspace: Path) -> None:
    dated(workspace)
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0, out + err
    data = (workspace / "dist" / "sitemap.xml").read_bytes()
    document = etree.fromstring(data)
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(document)
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
                  "x": "http://www.w3.org/1999/xhtml"}  # fmt: skip
    locations = document.xpath("//s:loc/text()", namespaces=namespaces)
    assert f"{SITE_URL}es/{SLUG}.html" in locations
    assert f"{SITE_URL}index.html" in locations and f"{SITE_URL}es/index.html" in locations
    assert not [url for url in locations if "/ar/" in url]
    (spanish,) = document.xpath(f"//s:url[s:loc='{SITE_URL}es/{SLUG}.html']", namespaces=namespaces)
    links = {
        link.get("hreflang"): link.get("href")
        for link in spanish.findall("x:link", namespaces=namespaces)
    }
    assert links == hreflang(page(workspace, f"es/{SLUG}.html"))


def test_no_sitemap_without_a_site_address(workspace: Path) -> None:
    dated(workspace, site_url=None)
    code, out, err = run(workspace, "build")
    assert code == 0, out + err
    assert not (workspace / "dist" / "sitemap.xml").exists()
    feed = assert_valid_atom((workspace / "dist" / "es" / "feed.xml").read_bytes())
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}id").startswith("urn:uuid:")


def test_a_statement_without_a_date_is_a_warning(workspace: Path) -> None:
    code, out, err = run(workspace, "build")
    assert code == 0, out + err
    assert f"source/{SLUG}.md: no `date` in the front matter" in err
    assert not (workspace / "dist" / "feed.xml").exists()
    dated(workspace)
    code, out, err = run(workspace, "build")
    assert "no `date`" not in err


def test_front_pages_in_every_language(workspace: Path) -> None:
    dated(workspace)
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0, out + err
    root = page(workspace, "index.html")
    assert "<h1>WFTU Andean Sub-Region</h1>" in root
    assert '<html lang="en" dir="ltr">' in root
    assert f'<h2><a href="en/{SLUG}.html">Andean Sub-Region of WFTU Solidarity' in root
    assert "(original)" in root and "(partial: 26% translated)" in root
    arabic = page(workspace, "ar/index.html")
    assert '<html lang="ar" dir="rtl">' in arabic
    assert "بيان تضامن" in arabic and "جزئية: تُرجم 26%" in arabic
    french = page(workspace, "fr/index.html")
    assert '<time datetime="2022-12-16">16 décembre 2022</time>' in french
    assert hreflang(french)["x-default"] == f"{SITE_URL}index.html"


def test_the_site_is_repeatable_byte_for_byte(workspace: Path) -> None:
    dated(workspace)
    assert run(workspace, "build", "--allow-partial")[0] == 0

    def digests() -> dict[str, str]:
        dist = workspace / "dist"
        return {
            path.relative_to(dist).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(dist.rglob("*"))
            if path.is_file()
        }

    first = digests()
    assert {"feed.xml", "sitemap.xml", "index.html", "en/index.html"} <= set(first)
    code, out, _ = run(workspace, "build", "--allow-partial")
    assert code == 0 and "(0 built)" in out and "nothing changed" in out, out
    assert digests() == first
    shutil.rmtree(workspace / "dist")
    shutil.rmtree(workspace / ".polyglot", ignore_errors=True)
    assert run(workspace, "build", "--allow-partial")[0] == 0
    assert digests() == first


@pytest.mark.parametrize("language", ["es", "ar"])
def test_page_words_follow_the_edition(workspace: Path, language: str) -> None:
    assert run(workspace, "build", "--allow-partial")[0] == 0
    html = page(workspace, f"{language}/{SLUG}.html")
    label = {"es": "Esta declaración en otros idiomas", "ar": "هذا البيان بلغات أخرى"}
    assert f'<nav class="languages" aria-label="{label[language]}">' in html


def test_a_date_written_as_a_string_is_the_same_day_everywhere(workspace: Path) -> None:
    # Quoted, with a time: YAML gives a string, which the source check lets through.
    dated(workspace, date='"2022-12-16T09:30"')
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0, out + err
    assert manifest(workspace)["statements"][0]["date"] == "2022-12-16"  # type: ignore[index]
    spanish = page(workspace, f"es/{SLUG}.html")
    assert '<time datetime="2022-12-16">16 de diciembre de 2022</time>' in spanish
    assert '<meta property="article:published_time" content="2022-12-16">' in spanish
    feed = assert_valid_atom((workspace / "dist" / "es" / "feed.xml").read_bytes())
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}updated") == "2022-12-16T00:00:00+00:00"


def test_a_complete_dated_edition_links_the_feed_that_lists_it(workspace: Path) -> None:
    dated(workspace)
    code, out, err = run(workspace, "build", "--allow-partial")
    assert code == 0, out + err
    feed_link = '<link rel="alternate" type="application/atom+xml" href="feed.xml"'
    assert feed_link in page(workspace, f"es/{SLUG}.html")
    assert (workspace / "dist" / "es" / "feed.xml").exists()
    # A partial edition is in no feed, and links none.
    assert "application/atom+xml" not in page(workspace, f"ar/{SLUG}.html")


@pytest.mark.parametrize(
    "body",
    [
        "<p>short</p>\n",
        "<table>" + "<tr><td>cell</td></tr>\n" * 2_000 + "</table>\n<p>after the table</p>\n",
        "<p>" + "a long first paragraph " * 1_000 + "</p>\n<p>second</p>\n",
        "<h2>x</h2>\n<p></p>\n" * 1_000 + "<p>the first with words</p>",
        "<div><p>" + "nested " * 3_000 + "</p></div>\n",
        "<ul><li>item</li></ul>\n" * 3_000,
    ],
    ids=["short", "after-a-long-table", "long-first", "last", "only-nested", "none"],
)
def test_first_paragraph_read_from_beginnings_is_the_whole_bodys(body: str) -> None:
    # The description reads growing beginnings of a body; each must give what reading the
    # whole body gives, including a paragraph cut by a beginning's end.
    from polyglot_statement.publish.metadata import first_paragraph
    from polyglot_statement.publish.text import parse, plain_text

    whole = next(
        (
            text
            for node in parse(body).children
            if not isinstance(node, str) and node.tag == "p"
            if (text := " ".join(plain_text(node, labels=False).split()))
        ),
        "",
    )
    assert first_paragraph(body) == whole
    assert len(body) > 8192 or body == "<p>short</p>\n"
