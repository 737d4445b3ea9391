"""Local files a statement uses are published with its editions; empty statements are not."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from cli_runner import exit_and_streams as run
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_statement.config import load_settings
from polyglot_statement.po import format_po, read_po
from polyglot_statement.publish.assets import find_assets, may_have_assets
from polyglot_statement.publish.readiness import EMPTY_REASON
from polyglot_statement.source.extract import extract
from polyglot_statement.status.compute import compute_status

SOURCE = """\
---
title: Dockers strike in Santos
date: 2023-05-02
---

The strike began on Monday.

![Dockers at the gate](images/strike.jpg)

Read [the full report](files/report%202023.pdf) or [the summary](#summary), see
[the union's site](https://example.org/union) and [our other statement](other.md).

<p><img src="images/logo.png" alt="logo"></p>
"""
OTHER = "---\ntitle: Another statement\ndate: 2023-05-03\n---\n\nA second text.\n"
FILES = {
    "source/images/strike.jpg": b"\xff\xd8\xff\xe0 a strike photo",
    "source/files/report 2023.pdf": b"%PDF-1.4 the report",
    "source/images/logo.png": b"\x89PNG logo",
}


def approve_all(root: Path, language: str, slug: str = "statement") -> None:
    path = load_settings(root).catalog_path(language, slug)
    catalog = read_po(path)
    for entry in catalog.active:
        entry.msgstr = entry.msgid
    path.write_bytes(format_po(catalog))


def make(root: Path, source: str = SOURCE, files: dict[str, bytes] | None = None) -> Path:
    root.mkdir(parents=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["es", "fr"]\n', encoding="utf-8"
    )
    for name, data in {**FILES, **(files or {})}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / "source" / "statement.md").write_text(source, encoding="utf-8")
    (root / "source" / "other.md").write_text(OTHER, encoding="utf-8")
    extract(load_settings(root))
    for language in ("es", "fr"):
        for slug in ("statement", "other"):
            approve_all(root, language, slug)
    return root


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def local_targets(page: Path) -> list[Path]:
    """Every file a page refers to by a relative path, resolved as a browser would."""
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    targets = []
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        targets.append((page.parent / unquote(parts.path)).resolve())
    return targets


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_every_edition_gets_the_files_its_page_uses(tmp_path: Path) -> None:
    root = make(tmp_path / "ws")
    code, _, err = run(root, "build")
    assert code == 0 and err == ""
    dist = root / "dist"
    for language in ("en", "es", "fr"):
        for name, data in FILES.items():
            copy = dist / language / name.removeprefix("source/")
            assert copy.read_bytes() == data
        for page in (dist / language / "statement.html", dist / language / "other.html"):
            for target in local_targets(page):
                assert target.is_file(), (page, target)
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    spanish = next(
        item
        for item in manifest["editions"]
        if item["language"] == "es" and item["statement"] == "statement"
    )
    assert [asset["path"] for asset in spanish["assets"]] == [
        "es/files/report 2023.pdf",
        "es/images/logo.png",
        "es/images/strike.jpg",
    ]
    for asset in spanish["assets"]:
        assert (dist / asset["path"]).stat().st_size == asset["size"]
    # Nothing else was copied: not the other statement's source, not a web address.
    assert sorted(p.name for p in (dist / "es").rglob("*") if p.is_file()) == sorted(
        ["statement.html", "statement.md", "statement.txt", "other.html", "other.md", "other.txt",
         "strike.jpg", "logo.png", "report 2023.pdf", "index.html", "feed.xml"]
    )  # fmt: skip


def test_a_rebuild_changes_nothing_and_an_edited_image_is_copied_again(tmp_path: Path) -> None:
    root = make(tmp_path / "ws")
    assert run(root, "build")[0] == 0
    before = snapshot(root / "dist")
    code, out, _ = run(root, "build")
    assert code == 0 and "nothing changed" in out
    assert snapshot(root / "dist") == before
    (root / "source/images/strike.jpg").write_bytes(b"another photo")
    code, out, _ = run(root, "build")
    assert code == 0 and "nothing changed" not in out
    after = snapshot(root / "dist")
    assert after["es/images/strike.jpg"][0] == b"another photo"
    assert after["fr/images/strike.jpg"][0] == b"another photo"
    # Everything else is the very same file.
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {
        "en/images/strike.jpg",
        "es/images/strike.jpg",
        "fr/images/strike.jpg",
        "manifest.json",
    }
    # A reference removed from the source: its file leaves dist/.
    text = (root / "source/statement.md").read_text(encoding="utf-8")
    (root / "source/statement.md").write_text(
        text.replace('<p><img src="images/logo.png" alt="logo"></p>\n', ""), encoding="utf-8"
    )
    assert run(root, "build", "--allow-partial")[0] == 0
    assert not (root / "dist/es/images/logo.png").exists()
    assert (root / "dist/es/images/strike.jpg").is_file()


def test_a_narrowed_build_keeps_the_other_languages_files(tmp_path: Path) -> None:
    root = make(tmp_path / "ws")
    assert run(root, "build")[0] == 0
    spanish = snapshot(root / "dist" / "es")
    assert run(root, "build", "--lang", "fr")[0] == 0
    assert snapshot(root / "dist" / "es") == spanish


def test_missing_files_and_paths_outside_the_workspace_are_warnings(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"not for publication")
    source = SOURCE + (
        "\n![gone](images/missing.jpg)\n\n![up](../../secret.txt) ![root](/etc/passwd)\n\n"
        "![file](file:///etc/passwd) ![linked](images/link.jpg) ![web](https://example.org/a.jpg)"
        "\n\n[folder](images/) ![clash](../fr/images/strike.jpg)\n"
    )
    root = make(tmp_path / "ws", source)
    os.symlink(outside, root / "source/images/link.jpg")
    code, out, err = run(root, "build")
    assert code == 0 and "published es" in out
    warnings = err.splitlines()
    line = source.count("\n", 0, source.index("images/missing.jpg")) + 1
    assert (
        f"warning: source/statement.md:{line}: images/missing.jpg: source/images/missing.jpg "
        "does not exist; the editions will show a broken link or image"
    ) in warnings
    expected = (
        "../../secret.txt points outside the workspace",
        "/etc/passwd starts at the site's root",
        "file:///etc/passwd is a file on this computer",
        "images/link.jpg points outside the workspace",
        "images/: source/images is not a file",
        "../fr/images/strike.jpg would land among another language's editions",
    )
    for fragment in expected:
        assert any(fragment in warning for warning in warnings), fragment
    assert len(warnings) == len(expected) + 1
    published = {p.relative_to(root / "dist").as_posix() for p in (root / "dist").rglob("*")}
    assert not any("secret" in name or "passwd" in name or "link.jpg" in name for name in published)
    assert not (tmp_path / "ws" / "secret.txt").exists() and not (root.parent / "dist").exists()


@pytest.mark.parametrize(
    "source",
    ["---\norganisation: WFTU\n---\n", "", "---\ndate: 2026-05-01\n---\n\n<!-- nothing yet -->\n"],
    ids=["front matter only", "no text at all", "no title and a comment"],
)
def test_an_empty_statement_is_not_published(tmp_path: Path, source: str) -> None:
    root = make(tmp_path / "ws", source)
    for args in (("build",), ("build", "--allow-partial")):
        code, out, _ = run(root, *args)
        assert code == 0
        assert f"skipped   es     statement: {EMPTY_REASON}" in out
        assert "published es     other" in out
        assert not (root / "dist" / "es" / "statement.html").exists()
    (spanish, _) = compute_status(load_settings(root), statements=["statement"]).languages
    assert not spanish.publishable and spanish.editions[0].reasons[0] == EMPTY_REASON


def test_a_statement_with_only_a_title_is_published(tmp_path: Path) -> None:
    root = make(tmp_path / "ws", "---\ntitle: A date to remember\n---\n")
    code, out, _ = run(root, "build")
    assert code == 0 and "published es     statement" in out


_URLS = st.sampled_from(
    [
        "images/a.jpg", "./a.png", "../source/images/a.jpg", "a%20b.pdf", "/etc/passwd",
        "file:///etc/passwd", "FILE:/x", "https://example.org/a.jpg", "//cdn.example/a.png",
        "#top", "?q=1", "mailto:a@example.org", "missing/x.png", "images/", "other.md",
        "../../outside.txt", "data:image/png;base64,AAAA",
    ]
)  # fmt: skip
_SHAPES = st.sampled_from(
    [
        "![alt]({url})", "[text]({url})", "[text][ref]\n\n[ref]: {url}",
        "![alt][ref]\n\n[ref]: {url}", '<img src="{url}">', "<a href='{url}'>x</a>",
        "<p><IMG SRC={url}></p>", "[^1]: {url}\n\nx[^1]", "<{url}>", "`![code]({url})`",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_SHAPES, _URLS), min_size=1, max_size=3))
def test_the_quick_scan_never_hides_a_reference(references: list[tuple[str, str]]) -> None:
    """A statement the build does not render for its assets has none and no warning."""
    root = Path(__file__).parent.parent  # a workspace with source/, read only
    text = "---\ntitle: T\n---\n\n" + "\n\n".join(
        shape.format(url=url) for shape, url in references
    )
    found = find_assets(text, text.index("\n\n") + 2, root / "source" / "s.md", root, (), ())
    if found.assets or found.problems:
        assert may_have_assets(text), (text, found)
