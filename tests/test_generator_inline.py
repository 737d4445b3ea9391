"""Inline generator items (Liquid, Hugo shortcodes, attribute lists, heading ids, emoji
shortcodes) are never text: a translator sees them as they are and may move them, the
machine engine never receives them, `check` errors when one is changed, and the editions
publish them unchanged. Also inline HTML attributes, and the false errors of issue 22."""

from __future__ import annotations

import dataclasses
import html
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from polyglot_statement.checks import find_problems
from polyglot_statement.config import Settings, load_settings
from polyglot_statement.dialects import COMMONMARK, Dialect, dialect_named
from polyglot_statement.inline import map_text, markdown_parts
from polyglot_statement.machine.base import Target, Translation
from polyglot_statement.machine.pseudo import PseudoEngine
from polyglot_statement.machine.translate import translate
from polyglot_statement.po import format_po, read_po
from polyglot_statement.publish.assets import find_assets
from polyglot_statement.publish.build import build
from polyglot_statement.publish.html import markdown_renderer
from polyglot_statement.source.extract import extract
from polyglot_statement.source.generator import item_counts, trailing_item

DATA = Path(__file__).parent / "data" / "dialects"

# (dialect, a paragraph of the source, the generator items in it)
CONSTRUCTS: list[tuple[str, str, list[str]]] = [
    *[
        (dialect, "Fork {{ site.repository }} on the website.", ["{{ site.repository }}"])
        for dialect in ("jekyll", "mkdocs")
    ],
    *[
        (dialect, "Read [the guide]({% link docs/guide.md %}) first.", ["{% link docs/guide.md %}"])
        for dialect in ("jekyll", "mkdocs")
    ],
    ("jekyll", "Written {% include date.html %} by the team.", ["{% include date.html %}"]),
    ("hugo", 'Read {{< ref "install.md" >}} before you start.', ['{{< ref "install.md" >}}']),
    ("hugo", "The colour is {{% param colour %}} on every page.", ["{{% param colour %}}"]),
    (
        "hugo",
        '[The guide]({{< relref "guide.md" >}}) explains it.',
        ['{{< relref "guide.md" >}}'],
    ),
    *[
        (dialect, "Important for every reader.\n{: .note .info}", ["{: .note .info}"])
        for dialect in ("hugo", "jekyll", "mkdocs")
    ],
    *[
        (dialect, "Click [the button](https://a.org){ #start .btn } now.", ["{ #start .btn }"])
        for dialect in ("hugo", "jekyll", "mkdocs")
    ],
    *[
        (dialect, "## Setting up the site {#setup}", ["{#setup}"])
        for dialect in ("hugo", "jekyll", "mkdocs")
    ],
    # Docsy's blog/2026/0.14.0.md (a level-3 heading there): an id with dots.
    (
        "hugo",
        "## Actions: required and optional {#0.14.2-actions}",
        ["{#0.14.2-actions}"],
    ),
    *[
        (dialect, "Leave a comment :octicons-comment-16: and smile :smile: today.", None)
        for dialect in ("hugo", "mkdocs")
    ],
]
CONSTRUCTS = [
    (dialect, text, items if items is not None else [":octicons-comment-16:", ":smile:"])
    for dialect, text, items in CONSTRUCTS
]
IDS = [f"{dialect}-{index}" for index, (dialect, _, _) in enumerate(CONSTRUCTS)]


def workspace(root: Path, body: str, dialect: Dialect, name: str = "statement") -> Settings:
    root.mkdir(parents=True, exist_ok=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    (root / "source").mkdir(exist_ok=True)
    (root / "source" / f"{name}.md").write_text(body, encoding="utf-8")
    settings = dataclasses.replace(load_settings(root), markdown=dialect)
    extract(settings)
    return settings


class RecordingEngine(PseudoEngine):
    """The pseudo engine, remembering every text it was sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def translate(
        self, texts: Sequence[str], source_language: str, target: Target
    ) -> list[Translation]:
        self.sent.extend(texts)
        return super().translate(texts, source_language, target)


def approve_drafts(settings: Settings, slug: str = "statement") -> None:
    path = settings.catalog_path("fr", slug)
    catalog = read_po(path)
    for entry in catalog.active:
        if entry.msgstr:
            entry.set_fuzzy(False)
            entry.translator_comments = []
    path.write_bytes(format_po(catalog))


def set_translation(settings: Settings, msgid: str, msgstr: str) -> int:
    """Approve `msgstr` for `msgid`; the line of its msgstr in the catalogue."""
    path = settings.catalog_path("fr", "statement")
    catalog = read_po(path)
    for entry in catalog.active:
        if entry.msgid == msgid:
            entry.msgstr = msgstr
            entry.set_fuzzy(False)
    path.write_bytes(format_po(catalog))
    (entry,) = [entry for entry in read_po(path).active if entry.msgid == msgid]
    return entry.msgstr_line


def msgids(settings: Settings, slug: str = "statement") -> list[str]:
    return [entry.msgid for entry in read_po(settings.catalog_path("fr", slug)).active]


def edition(settings: Settings, suffix: str, slug: str = "statement") -> str:
    return (settings.output_path / "fr" / f"{slug}.{suffix}").read_text(encoding="utf-8")


def html_text(item: str) -> str:
    """How markdown-it writes an item that is text on the page."""
    for char, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        item = item.replace(char, escaped)
    return item


@pytest.mark.parametrize(("dialect_name", "paragraph", "items"), CONSTRUCTS, ids=IDS)
def test_an_item_is_shown_kept_from_the_engine_and_published_unchanged(
    tmp_path: Path, dialect_name: str, paragraph: str, items: list[str]
) -> None:
    dialect = dialect_named(dialect_name)
    body = f"---\ntitle: The site\n---\n\n{paragraph}\n"
    settings = workspace(tmp_path / "ws", body, dialect)
    # The translator sees the item as the source writes it, in the text around it.
    (text,) = [msgid for msgid in msgids(settings) if msgid != "The site"]
    assert text == paragraph.replace("\n", " ").removeprefix("## ")
    assert sorted(item_counts(text, dialect).elements()) == sorted(items)
    # The engine never receives it: each is an empty ignored tag.
    engine = RecordingEngine()
    translate(settings, engine=engine)
    sent = "\n".join(engine.sent)
    assert sent and not any(item in sent or html_text(item) in sent for item in items)
    approve_drafts(settings)
    (draft,) = [
        entry.msgstr
        for entry in read_po(settings.catalog_path("fr", "statement")).active
        if entry.msgid == text
    ]
    assert draft != text and item_counts(draft, dialect) == item_counts(text, dialect)
    # A draft approved as it is passes check and is published with the item unchanged.
    assert not [f for f in find_problems(settings) if f.check_id in ("generator", "markdown")]
    build(settings, formats=["md", "html"])
    markdown = edition(settings, "md")
    assert draft.split("\n")[0].split("⟦")[1][:3] in markdown  # the translation is there
    page = html.unescape(edition(settings, "html"))
    for item in items:
        assert markdown.count(item) == paragraph.count(item)
        # The HTML edition is our own page: an item is applied or left out, never words
        # (publish/generator_html.py).
        assert item not in page


@pytest.mark.parametrize(("dialect_name", "paragraph", "items"), CONSTRUCTS, ids=IDS)
def test_a_changed_or_lost_item_is_an_error_at_its_line_and_not_published(
    tmp_path: Path, dialect_name: str, paragraph: str, items: list[str]
) -> None:
    dialect = dialect_named(dialect_name)
    settings = workspace(tmp_path / "ws", f"{paragraph}\n", dialect)
    (text,) = msgids(settings)
    item = items[0]
    # The translator "translated" the item (accents in an anchor, a word in a Liquid tag).
    changed = item.replace("comment", "commentaire").replace("start", "debut")
    if not item.startswith(":"):  # an emoji name is ASCII
        changed = changed.replace("e", "é").replace("o", "ö")
    assert changed != item
    line = set_translation(settings, text, "Traduit : " + text.replace(item, changed))
    found = [f for f in find_problems(settings) if f.check_id == "generator"]
    assert [(f.line, f.severity) for f in found] == [(line, "error")] * 2, [
        f.message for f in found
    ]
    assert f"{item} of the source is missing or changed" in found[0].message
    assert f"{changed} is not in the source" in found[1].message
    build(settings, formats=["md"])
    assert not (settings.output_path / "fr" / "statement.md").exists()
    manifest = json.loads((settings.output_path / "manifest.json").read_text(encoding="utf-8"))
    (skipped,) = manifest["skipped"]
    assert skipped["language"] == "fr" and "check error(s)" in skipped["reasons"][0]
    # Moved, the item is fine, unless it is a heading id or a block's attribute list,
    # which the generator reads only at the end.
    moved = f"{item} Traduit : {text.replace(item, '')}"
    line = set_translation(settings, text, moved)
    found = [f for f in find_problems(settings) if f.check_id == "generator"]
    if trailing_item(text, dialect) == item:
        assert [(f.line, f.severity) for f in found] == [(line, "error")]
        assert f"{item} must end the text" in found[0].message
    else:
        assert not found


@pytest.mark.parametrize(("dialect_name", "paragraph", "items"), CONSTRUCTS[:8], ids=IDS[:8])
def test_commonmark_reads_the_same_text_as_before(
    tmp_path: Path, dialect_name: str, paragraph: str, items: list[str]
) -> None:
    """Without the setting nothing changes: the same msgid, no generator check."""
    settings = workspace(tmp_path / "ws", f"{paragraph}\n", COMMONMARK)
    (text,) = msgids(settings)
    set_translation(settings, text, text.replace(items[0], "{{ autre }}"))
    assert not [f for f in find_problems(settings) if f.check_id == "generator"]
    assert markdown_parts(text)[0].xml != markdown_parts(text, dialect_named(dialect_name))[0].xml


@pytest.mark.parametrize("dialect_name", ["hugo", "jekyll", "mkdocs"])
def test_a_block_of_items_only_is_no_segment(tmp_path: Path, dialect_name: str) -> None:
    dialect = dialect_named(dialect_name)
    lines = {
        "hugo": '{{< youtube "w7Ft2ymGmfc" >}}',
        "jekyll": "{% include footer.html %}",
        "mkdocs": "{: .no_toc }",
    }
    body = f"The text.\n\n{lines[dialect_name]}\n\nMore text.\n"
    settings = workspace(tmp_path / "ws", body, dialect)
    assert msgids(settings) == ["The text.", "More text."]
    translate(settings, engine=PseudoEngine())
    approve_drafts(settings)
    build(settings, formats=["md"])
    assert f"\n\n{lines[dialect_name]}\n\n" in edition(settings, "md")


@pytest.mark.parametrize("dialect_name", ["hugo", "jekyll", "mkdocs"])
def test_xliff_shows_an_item_as_a_placeholder(dialect_name: str) -> None:
    dialect = dialect_named(dialect_name)
    text = "Set the id {#setup} here."
    _, parts = markdown_parts(text, dialect)
    assert [type(part).__name__ for part in parts] == ["str", "Placeholder", "str"]
    (placeholder,) = [part for part in parts if not isinstance(part, str)]
    assert (placeholder.native, placeholder.type) == ("{#setup}", "x-generator")  # type: ignore[union-attr]


# ---------------------------------------------------------------- real documents

REAL = [
    ("jekyll", "jekyll-just-the-docs-buttons.md"),
    ("jekyll", "jekyll-just-the-docs-labels.md"),
    ("jekyll", "jekyll-just-the-docs-index-test.md"),
    ("jekyll", "jekyll-just-the-docs-external.md"),
    ("hugo", "hugo-book-buttons.md"),
    ("hugo", "hugo-docsy-docs-index.md"),
    ("hugo", "hugo-docsy-netlify.md"),
    ("mkdocs", "mkdocs-pymdown-extensions-contributing.md"),
]


@pytest.mark.parametrize(("dialect_name", "name"), REAL, ids=[name for _, name in REAL])
def test_real_documents_keep_every_item_through_a_machine_pass(
    tmp_path: Path, dialect_name: str, name: str
) -> None:
    dialect = dialect_named(dialect_name)
    source = (DATA / name).read_text(encoding="utf-8")
    settings = workspace(tmp_path / "ws", source, dialect, "doc")
    expected = item_counts(source, dialect)
    assert expected, "the document has generator items"
    offered = msgids(settings, "doc")
    assert not any(item_counts(msgid, dialect) and not msgid.strip("{}: .") for msgid in offered)
    engine = RecordingEngine()
    translate(settings, engine=engine)
    # An item is never text to translate (in a code span, the engine sees it as context
    # inside an ignored tag, as all code).
    translatable: list[str] = []
    for xml in engine.sent:
        map_text(xml, lambda text: translatable.append(text) or text)
    sent = "\n".join(translatable)
    assert sent
    for item in expected:
        assert item not in sent and html_text(item) not in sent, item
    approve_drafts(settings, "doc")
    errors = [f for f in find_problems(settings) if f.check_id in ("generator", "markdown", "urls")]
    assert errors == []
    build(settings, formats=["md", "html"])
    published = edition(settings, "md", "doc")
    assert item_counts(published, dialect) == expected
    manifest = json.loads((settings.output_path / "manifest.json").read_text(encoding="utf-8"))
    assert {record["language"] for record in manifest["editions"]} == {"en", "fr"}


# ---------------------------------------------------------------- inline HTML


def test_a_translated_alt_of_inline_html_is_published_as_html(tmp_path: Path) -> None:
    paragraph = 'Our logo <img src="logo.png" alt="The union logo"> is new.'
    settings = workspace(tmp_path / "ws", f"{paragraph}\n", COMMONMARK)
    translated = 'Notre logo <img src="logo.png" alt="Le logo du syndicat"> est neuf.'
    set_translation(settings, paragraph, translated)
    assert not [f for f in find_problems(settings) if f.severity == "error"]
    build(settings, formats=["md", "html"])
    assert translated in edition(settings, "md")
    page = edition(settings, "html")
    assert 'alt="Le logo du syndicat"' in page and "&lt;img" not in page


def test_a_changed_tag_is_an_error_as_the_build_would_show_it_as_text(tmp_path: Path) -> None:
    paragraph = 'Our logo <img src="logo.png" alt="The union logo"> is new.'
    settings = workspace(tmp_path / "ws", f"{paragraph}\n", COMMONMARK)
    translated = 'Notre logo <img src="autre.png" alt="Le logo"> est neuf.'
    line = set_translation(settings, paragraph, translated)
    (finding,) = [f for f in find_problems(settings) if f.check_id == "html"]
    assert finding.line == line and '<img src="autre.png" alt="Le logo">' in finding.message


# ---------------------------------------------------------------- false errors, lines


def test_a_shortcut_reference_with_a_number_is_no_error(tmp_path: Path) -> None:
    body = "Read [What MkDocs 2.0 means].\n\n[What MkDocs 2.0 means]: https://example.org/2\n"
    settings = workspace(tmp_path / "ws", body, dialect_named("mkdocs"))
    (text,) = msgids(settings)
    set_translation(settings, text, "Lisez [Ce que MkDocs 2.0 signifie][What MkDocs 2.0 means].")
    assert [f.message for f in find_problems(settings) if f.severity == "error"] == []


def test_a_closing_backtick_ends_a_url(tmp_path: Path) -> None:
    text = "Set `baseURL = https://example.org/` first."
    settings = workspace(tmp_path / "ws", f"{text}\n", COMMONMARK)
    set_translation(settings, text, "`baseURL = https://example.org/`を最初に設定します。")
    assert [f.message for f in find_problems(settings) if f.severity == "error"] == []


def test_a_missing_link_target_is_reported_at_its_own_line(tmp_path: Path) -> None:
    text = "# Title\n\nOne.\n\nThe government agreed.\n\n[x](g)\n"
    source = tmp_path / "source" / "s.md"
    source.parent.mkdir(parents=True)
    source.write_text(text, encoding="utf-8")
    (problem,) = find_assets(text, 0, source, tmp_path, (), ()).problems
    assert problem.line == 7 and problem.message.startswith("g: ")


@pytest.mark.parametrize(
    ("dialect_name", "item"),
    [
        ("jekyll", "{{ site.repository }}"),
        ("hugo", '{{< ref "install.md" >}}'),
        ("mkdocs", ":smile:"),
    ],
)
def test_an_xliff_round_trip_keeps_the_item_a_tag(
    tmp_path: Path, dialect_name: str, item: str
) -> None:
    from polyglot_statement.exchange.transfer import export_xliff, import_xliff

    paragraph = f"Fork {item} on the website."
    settings = workspace(tmp_path / "ws", f"{paragraph}\n", dialect_named(dialect_name))
    folder = tmp_path / "out"
    export_xliff(settings, ["fr"], [], folder)
    (document,) = folder.glob("*.xlf")
    text = document.read_text(encoding="utf-8")
    assert f'ctype="x-generator">{html.escape(item, quote=False)}</ph>' in text
    # A CAT tool's translation: the words translated, the tag moved to the front.
    source = text[text.index("<source>") + len("<source>") : text.index("</source>")]
    tag = source[source.index("<ph") : source.index("</ph>") + len("</ph>")]
    target = f"{tag} Forkez sur le site."
    text = text.replace("<target/>", f'<target state="translated">{target}</target>')
    text = text.replace('<target state="new"/>', f'<target state="translated">{target}</target>')
    document.write_text(text, encoding="utf-8")
    import_xliff(settings, [document], overwrite=True)
    (entry,) = read_po(settings.catalog_path("fr", "statement")).active
    assert entry.msgstr == f"{item} Forkez sur le site."
    assert not [f for f in find_problems(settings) if f.check_id == "generator"]


# Just the Docs' docs/ui-components/buttons.md: three buttons in one paragraph.
BUTTONS = """\
[Link button](https://just-the-docs.com){: .btn .btn-purple }
[Link button](https://just-the-docs.com){: .btn .btn-blue }
[Link button](https://just-the-docs.com){: .btn .btn-green }
"""


@pytest.mark.parametrize("joined", [False, True])
def test_an_attribute_list_against_the_last_link_is_the_links_not_the_paragraphs(
    joined: bool,
) -> None:
    # Source and translation (one line, as a draft comes back) publish the same tags.
    text = BUTTONS.replace("\n", " ").strip() + "\n" if joined else BUTTONS
    page = markdown_renderer(dialect=dialect_named("jekyll")).render(text)
    assert page.startswith("<p><a href")
    for colour in ("purple", "blue", "green"):
        assert f'<a href="https://just-the-docs.com" class="btn btn-{colour}">' in page
