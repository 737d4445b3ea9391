"""Each site generator's dialect end to end, through the commands a user runs (issue 22):
`init`, the `markdown` setting, `extract` (what the translator sees), `translate --engine
pseudo` (what the engine is sent), approval, `check`, and `build --format md --format
html` (the Markdown edition for the generator, the HTML edition our own page)."""

from __future__ import annotations

import contextlib
import html
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
import yaml
from click.testing import CliRunner

from polyglot_statement.cli import main
from polyglot_statement.config import load_settings
from polyglot_statement.dialects import dialect_named
from polyglot_statement.machine.base import Target, Translation
from polyglot_statement.machine.pseudo import PseudoEngine
from polyglot_statement.po import format_po, read_po
from polyglot_statement.source.generator import generator_items

DATA = Path(__file__).parent / "data" / "dialects"


@dataclass(frozen=True)
class Case:
    dialect: str
    statement: str
    msgids: list[str]
    edition: str  # the French .md edition's path under dist/
    # (an item of the HTML edition that must be applied, the HTML that shows it)
    applied: tuple[str, ...]


HUGO = """+++
title = "Our demands"
weight = 10
+++

## What we ask {#demands}

We ask {{< param "city" >}} to act, see [the plan]({{< ref "plan.md" >}}) :smile:.

{{< code-toggle file=hugo >}}
[markup]
backend = 'html5s'
{{< /code-toggle >}}

{{% notice tip %}}
Write to your council before **Friday**.
{{% /notice %}}

Council
: The people we elected.

A paragraph with a class.
{.note}
"""

JEKYLL = """---
title: Our demands
---

## What we ask {#demands}

Fork {{ site.repository }} and read [the guide]({% link docs/guide.md %}) first.
{: .note}

{% highlight diff %}
- old
+ new
{% endhighlight %}

{% capture note %}
Write to your council before **Friday**.
{% endcapture %}

*[CBA]: Collective bargaining agreement

We want a CBA for every worker.
"""

MKDOCS = """---
title: Our demands
---

## What we ask { #demands .big }

!!! note "Before you write"

    Write to your council before **Friday** :octicons-comment-16:.

=== "By post"

    Send a letter.

Council
:   The people we elected.

*[CBA]: Collective bargaining agreement

We want a CBA for every worker, see [the button](https://a.org){ .md-button }.
"""

CASES = [
    Case(
        "hugo",
        HUGO,
        [
            "Our demands",
            "What we ask {#demands}",
            'We ask {{< param "city" >}} to act, see [the plan]({{< ref "plan.md" >}}) :smile:.',
            "Write to your council before **Friday**.",
            "Council",
            "The people we elected.",
            "A paragraph with a class. {.note}",
        ],
        "fr/demands.md",
        ('<h2 id="demands">', '<p class="note">'),
    ),
    Case(
        "jekyll",
        JEKYLL,
        [
            "Our demands",
            "What we ask {#demands}",
            "Fork {{ site.repository }} and read [the guide]({% link docs/guide.md %}) "
            "first. {: .note}",
            "Write to your council before **Friday**.",
            "Collective bargaining agreement",
            "We want a CBA for every worker.",
        ],
        "fr/demands.md",
        ('<h2 id="demands">', '<p class="note">'),
    ),
    Case(
        "mkdocs",
        MKDOCS,
        [
            "Our demands",
            "What we ask { #demands .big }",
            "Before you write",
            "Write to your council before **Friday** :octicons-comment-16:.",
            "By post",
            "Send a letter.",
            "Council",
            "The people we elected.",
            "Collective bargaining agreement",
            "We want a CBA for every worker, see [the button](https://a.org){ .md-button }.",
        ],
        "fr/demands.fr.md",
        ('<h2 id="demands" class="big">', 'class="md-button"', '<div class="admonition note">'),
    ),
]


class RecordingEngine(PseudoEngine):
    """The pseudo engine, remembering every text it was sent."""

    sent: ClassVar[list[str]] = []

    def translate(
        self, texts: Sequence[str], source_language: str, target: Target
    ) -> list[Translation]:
        RecordingEngine.sent.extend(texts)
        return super().translate(texts, source_language, target)


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    with contextlib.chdir(folder):
        result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def new_workspace(tmp_path: Path, dialect: str, statement: str) -> Path:
    code, _, error = run(tmp_path, "init", "w", "--lang", "fr")
    assert code == 0, error
    root = tmp_path / "w"
    settings = root / "polyglot.toml"
    text = settings.read_text(encoding="utf-8")
    assert 'markdown = "commonmark"' in text
    settings.write_text(
        text.replace('markdown = "commonmark"', f'markdown = "{dialect}"'), encoding="utf-8"
    )
    for example in (root / "source").iterdir():
        example.unlink()
    (root / "source" / "demands.md").write_text(statement, encoding="utf-8")
    return root


def catalogue(root: Path, slug: str = "demands") -> Path:
    return load_settings(root).catalog_path("fr", slug)


def approve(root: Path, changes: dict[str, str] | None = None, slug: str = "demands") -> None:
    """Approve every draft as it is, or with the given msgid → msgstr changes."""
    path = catalogue(root, slug)
    catalog = read_po(path)
    for entry in catalog.active:
        entry.msgstr = (changes or {}).get(entry.msgid, entry.msgstr) or entry.msgid
        entry.set_fuzzy(False)
        entry.translator_comments = []
    path.write_bytes(format_po(catalog))


def items_of(text: str, dialect: str) -> list[str]:
    return [text[start:end] for start, end in generator_items(text, dialect_named(dialect))]


def body_lines(text: str) -> list[str]:
    """The lines of a Markdown page after its front matter."""
    lines = text.splitlines()
    fence = lines[0]
    if fence not in ("---", "+++"):
        return lines
    return lines[lines.index(fence, 1) + 1 :]


@pytest.mark.parametrize("case", CASES, ids=[case.dialect for case in CASES])
def test_a_generator_statement_end_to_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case
) -> None:
    root = new_workspace(tmp_path, case.dialect, case.statement)
    code, out, error = run(root, "extract")
    assert code == 0, error
    assert f"Markdown: {case.dialect} (" in out
    assert "site-generator syntax" not in error  # the setting reads it: no hint
    msgids = [entry.msgid for entry in read_po(catalogue(root)).active]
    assert msgids == case.msgids

    RecordingEngine.sent = []
    monkeypatch.setattr("polyglot_statement.machine.engines.PseudoEngine", RecordingEngine)
    code, _, error = run(root, "translate", "--engine", "pseudo")
    assert code == 0, error
    sent = "\n".join(RecordingEngine.sent)
    assert len(RecordingEngine.sent) == len(case.msgids)
    for msgid in case.msgids:
        for item in items_of(msgid, case.dialect):
            assert item not in sent, (item, sent)

    approve(root)
    code, out, error = run(root, "check")
    assert code == 0, out + error
    assert "0 error(s)" in out + error

    code, _, error = run(root, "build", "--format", "md", "--format", "html")
    assert code == 0, error
    edition = (root / "dist" / case.edition).read_text(encoding="utf-8")
    source_body = body_lines(case.statement)
    edition_body = body_lines(edition)
    # Every item of the source, byte-identical, on the line of the same block.
    assert items_of("\n".join(edition_body), case.dialect) == items_of(
        "\n".join(source_body), case.dialect
    )
    assert len(edition_body) == len(source_body)
    for source_line, edition_line in zip(source_body, edition_body, strict=True):
        assert items_of(edition_line, case.dialect) == items_of(source_line, case.dialect)
        # Heading ids and attribute lists still end their line.
        if source_line.rstrip().endswith("}") and not source_line.rstrip().endswith("}}"):
            assert edition_line.rstrip().endswith(source_line.rstrip().split()[-1])
    # The layout and front matter key of the generator.
    front = edition.split(edition.splitlines()[0] + "\n")[1]
    if case.dialect == "hugo":
        data = tomllib.loads(front)
        assert data["translationKey"] == "demands" and data["weight"] == 10
    elif case.dialect == "jekyll":
        data = yaml.safe_load(front)
        assert data["lang"] == "fr" and data["ref"] == "demands"
    else:
        assert (root / "dist" / "en" / "demands.en.md").exists()

    page = (root / "dist" / "fr" / "demands.html").read_text(encoding="utf-8")
    main_part = page[page.index("<main") : page.index("</main>")]
    for applied in case.applied:
        assert applied in main_part, main_part
    # No item is shown as words on our own page, and no link leads to one.
    for item in {item for msgid in case.msgids for item in items_of(msgid, case.dialect)}:
        assert html.escape(item, quote=False) not in main_part, item
        assert item not in main_part
    assert "{{" not in main_part and "{%" not in main_part and "zzgen" not in main_part
    assert not re.search(r'href="[^"]*[{%]', main_part)


@pytest.mark.parametrize("case", CASES, ids=[case.dialect for case in CASES])
def test_a_changed_item_is_an_error_at_its_line_and_not_published(
    tmp_path: Path, case: Case
) -> None:
    root = new_workspace(tmp_path, case.dialect, case.statement)
    assert run(root, "extract")[0] == 0
    msgid = case.msgids[1]  # the heading, with its id
    (item,) = items_of(msgid, case.dialect)
    changed = item.replace("demands", "revendications")
    approve(root, {msgid: "Ce que nous demandons " + changed})
    line = next(e.msgstr_line for e in read_po(catalogue(root)).active if e.msgid == msgid)
    code, out, error = run(root, "check")
    assert code != 0
    findings = [text for text in (out + error).splitlines() if "error generator" in text]
    assert findings and all(f"demands.po:{line}: error generator" in f for f in findings)
    assert any(f"{item} of the source is missing or changed" in f for f in findings)
    run(root, "build", "--format", "md", "--format", "html")
    assert not (root / "dist" / case.edition).exists()
    assert not (root / "dist" / "fr" / "demands.html").exists()


@pytest.mark.parametrize("dialect", ["hugo", "jekyll", "mkdocs"])
def test_a_trailing_id_moved_into_the_heading_is_an_error_and_drafts_keep_it_last(
    tmp_path: Path, dialect: str
) -> None:
    root = new_workspace(tmp_path, dialect, "## What we ask {#demands}\n\nWe ask.\n{: .note}\n")
    assert run(root, "extract")[0] == 0
    # The machine pass puts the id back where the generator reads it.
    assert run(root, "translate", "--engine", "pseudo")[0] == 0
    drafts = {e.msgid: e.msgstr for e in read_po(catalogue(root)).active}
    assert drafts["What we ask {#demands}"].endswith("⟧ {#demands}")
    assert drafts["We ask. {: .note}"].endswith("⟧ {: .note}")
    approve(root)
    assert run(root, "check")[0] == 0
    assert run(root, "build", "--format", "md")[0] == 0
    edition = next((root / "dist" / "fr").glob("demands*.md")).read_text(encoding="utf-8")
    assert re.search(r"^## ⟦.*⟧ \{#demands\}$", edition, re.MULTILINE)
    assert re.search(r"⟧\n\{: \.note\}\n", edition)  # the block's list keeps its line
    # A translator who moves them into the text gets an error at the entry's line.
    approve(
        root,
        {
            "What we ask {#demands}": "Ce {#demands} que nous demandons",
            "We ask. {: .note}": "{: .note} Nous demandons.",
        },
    )
    entries = {e.msgid: e.msgstr_line for e in read_po(catalogue(root)).active}
    code, out, error = run(root, "check")
    assert code != 0
    for msgid, item in (
        ("What we ask {#demands}", "{#demands}"),
        ("We ask. {: .note}", "{: .note}"),
    ):
        assert (
            f"demands.po:{entries[msgid]}: error generator: {item} must end the text" in out + error
        )


def test_an_injected_attribute_list_adds_no_handler(tmp_path: Path) -> None:
    root = new_workspace(tmp_path, "jekyll", "Read this first.\n{: .note}\n")
    assert run(root, "extract")[0] == 0
    approve(root, {"Read this first. {: .note}": 'Lisez ceci. {: .note onclick="x" #a}'})
    # The check refuses the changed list; the HTML edition never gives it a handler.
    assert run(root, "check")[0] != 0
    from polyglot_statement.publish.html import markdown_renderer, sanitise

    renderer = markdown_renderer(dialect=dialect_named("jekyll"))
    shown = sanitise(renderer.render('Lisez ceci.\n{: .note onclick="x" style="color:red" #a}\n'))
    assert shown == '<p id="a" class="note">Lisez ceci.\n</p>\n'


@pytest.mark.parametrize(
    ("dialect", "name"),
    [
        ("hugo", "hugo-docsy-netlify.md"),
        ("hugo", "hugo-book-buttons.md"),
        ("hugo", "relearn-siteparam.md"),
        ("hugo", "blocks/hugo-book-hints.md"),
        ("jekyll", "jekyll-just-the-docs-buttons.md"),
        ("jekyll", "jekyll-just-the-docs-labels.md"),
        ("mkdocs", "mkdocs-pymdown-extensions-contributing.md"),
        ("mkdocs", "blocks/static-i18n-translating-content.md"),
    ],
)
def test_a_real_page_end_to_end(tmp_path: Path, dialect: str, name: str) -> None:
    """Pages of real sites (tests/data/dialects/README.md): every item of the source is in
    the .md edition, in order, after a pseudo pass approved as is, and `check` is clean."""
    statement = (DATA / name).read_text(encoding="utf-8")
    root = new_workspace(tmp_path, dialect, statement)
    assert run(root, "extract")[0] == 0
    assert run(root, "translate", "--engine", "pseudo")[0] == 0
    approve(root)
    code, out, error = run(root, "check")
    assert code == 0, out + error
    assert run(root, "build", "--format", "md", "--format", "html")[0] == 0
    (edition,) = (root / "dist" / "fr").glob("demands*.md")
    text = edition.read_text(encoding="utf-8")
    assert items_of("\n".join(body_lines(text)), dialect) == items_of(
        "\n".join(body_lines(statement)), dialect
    )
    page = (root / "dist" / "fr" / "demands.html").read_text(encoding="utf-8")
    assert "zzgen" not in page and not re.search(r'href="[^"]*\{[{%]', page)


SHORTCODE_TITLES = """{{% alert title="Warning" color="warning" %}}
Do not **forget** it.
{{% /alert %}}

{{< details "Read more" >}}
The hidden text is here.
{{< /details >}}

{{% notice tip "Good to know" %}}
Tips are good.
{{% /notice %}}

{{< hint info >}}
No title here at all.
{{< /hint >}}
"""


def test_a_prose_shortcodes_title_is_offered_and_written_back_quoted(tmp_path: Path) -> None:
    root = new_workspace(tmp_path, "hugo", SHORTCODE_TITLES)
    assert run(root, "extract")[0] == 0
    msgids = [entry.msgid for entry in read_po(catalogue(root)).active]
    assert msgids == [
        "Warning",
        "Do not **forget** it.",
        "Read more",
        "The hidden text is here.",
        "Good to know",
        "Tips are good.",
        "No title here at all.",
    ]
    approve(
        root,
        {
            "Warning": 'Attention, "danger"',
            "Read more": "En savoir plus",
            "Good to know": "Bon à savoir",
        },
    )
    code, out, error = run(root, "check")
    assert code == 0, out + error
    assert run(root, "build", "--format", "md", "--format", "html")[0] == 0
    edition = (root / "dist" / "fr" / "demands.md").read_text(encoding="utf-8")
    lines = edition.splitlines()
    # Other arguments kept, the title quoted as Hugo reads it.
    assert '{{% alert title="Attention, \\"danger\\"" color="warning" %}}' in lines
    assert '{{< details "En savoir plus" >}}' in lines
    assert '{{% notice tip "Bon à savoir" %}}' in lines
    assert "{{< hint info >}}" in lines
    page = (root / "dist" / "fr" / "demands.html").read_text(encoding="utf-8")
    assert '<p class="generator-block-title">En savoir plus</p>' in page
    assert '<p class="generator-block-title">Bon à savoir</p>' in page


def test_a_translated_line_that_is_only_a_tag_opens_no_block(tmp_path: Path) -> None:
    root = new_workspace(tmp_path, "hugo", 'We ask {{< param "city" >}} to act today.\n')
    assert run(root, "extract")[0] == 0
    (msgid,) = [entry.msgid for entry in read_po(catalogue(root)).active]
    # The translator put the item on a line of its own (and a paired opener first).
    approve(root, {msgid: 'Nous demandons\n{{< param "city" >}}\nd’agir.'})
    assert run(root, "check")[0] == 0
    assert run(root, "build", "--format", "md")[0] == 0
    edition = (root / "dist" / "fr" / "demands.md").read_text(encoding="utf-8")
    assert 'Nous demandons {{< param "city" >}}\nd’agir.\n' in edition
    assert not any(line.startswith("{{") for line in edition.splitlines())


def test_init_beside_hugo_and_jekyll_pages_warns_once_and_says_how_to_read_both(
    tmp_path: Path,
) -> None:
    source = tmp_path / "w" / "source"
    source.mkdir(parents=True)
    (source / "a.md").write_text('# A\n\nSee {{< ref "x.md" >}}.\n', encoding="utf-8")
    (source / "b.md").write_text("Fork {{ site.repository }} now.\n", encoding="utf-8")
    code, out, error = run(tmp_path, "init", "w", "--lang", "fr")
    assert code == 0, error
    assert out.splitlines()[-1].startswith("Markdown: hugo (")
    both = (
        'markdown = ["abbreviations", "attr-lists", "definition-lists", "emoji", '
        '"heading-ids", "liquid", "shortcodes", "toml-front-matter"]'
    )
    assert [line for line in error.splitlines() if line.startswith("warning:")] == [
        "warning: w/source/b.md:1: a Liquid output ({{ … }}) is jekyll's syntax, but "
        "w/source/a.md:3 has hugo's (a Hugo shortcode ({{< … >}} or {{% … %}})); "
        'markdown = "hugo" was written, which offers a Liquid output ({{ … }}) as text to '
        f"translate: to read both, set {both} in polyglot.toml (docs/configuration.md)"
    ]
    root = tmp_path / "w"
    # extract says the same once, and the list it names reads both pages' syntax.
    code, _, error = run(root, "extract")
    warnings = [line for line in error.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and both in warnings[0], warnings
    settings = root / "polyglot.toml"
    text = re.sub(r"^markdown = .*$", both, settings.read_text(encoding="utf-8"), flags=re.M)
    settings.write_text(text, encoding="utf-8")
    code, out, error = run(root, "extract")
    assert code == 0 and "warning:" not in error, error
    assert out.splitlines()[0].startswith("Markdown: custom (")
    msgids = [e.msgid for e in read_po(load_settings(root).catalog_path("fr", "b")).active]
    assert msgids == ["Fork {{ site.repository }} now."]
    assert items_of(msgids[0], "jekyll") == ["{{ site.repository }}"]


@pytest.mark.parametrize(
    ("dialect", "markdown", "expected"),
    [
        ("hugo", "## Setup {#setup}\n", '<h2 id="setup">Setup</h2>\n'),
        ("mkdocs", "## Setup { #setup .big }\n", '<h2 id="setup" class="big">Setup</h2>\n'),
        ("jekyll", "Important.\n{: .note .info}\n", '<p class="note info">Important.\n</p>\n'),
        (
            "mkdocs",
            "Press [Go](go.md){ .md-button } now.\n",
            '<p>Press <a href="go.md" class="md-button">Go</a> now.</p>\n',
        ),
        ("mkdocs", "Write :octicons-comment-16: to us :smile:.\n", "<p>Write to us.</p>\n"),
        ("hugo", 'We ask {{< param "city" >}} to act.\n', "<p>We ask to act.</p>\n"),
        ("jekyll", "Fork {{ site.repository }} today.\n", "<p>Fork today.</p>\n"),
        (
            "hugo",
            'See [the plan]({{< ref "plan.md" >}}) first.\n',
            "<p>See the plan first.</p>\n",
        ),
        ("jekyll", "A ![logo]({{ site.url }}/logo.png) here.\n", "<p>A here.</p>\n"),
        (
            "mkdocs",
            "![Our :smile: logo](logo.png)\n",
            '<p><img src="logo.png" alt="Our logo"></p>\n',
        ),
        # Code is the author's: shown as written.
        ("hugo", "Write `{#id}` and `{{< x >}}`.\n", "<code"),
    ],
)
def test_the_html_edition_applies_or_leaves_out_each_item(
    dialect: str, markdown: str, expected: str
) -> None:
    from polyglot_statement.publish.html import markdown_renderer, sanitise

    shown = sanitise(markdown_renderer(dialect=dialect_named(dialect)).render(markdown))
    if expected == "<code":
        assert '<code dir="ltr">{#id}</code>' in shown
        assert '<code dir="ltr">{{&lt; x &gt;}}</code>' in shown
    else:
        assert shown == expected
