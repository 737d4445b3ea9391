"""The site generators' blocks (issue 22): what a translator is offered, what is published.

For each construct and each dialect that has it: the msgids (the generator's syntax is
never in one, the prose always is, titles, terms and definitions are segments of their
own), the Markdown edition (the generator's syntax byte for byte around the translated
text; an identity translation gives the source back) and the HTML edition.
Real files from the generators' and themes' own docs are in tests/data/dialects/blocks/
(README.md there names their origin and licence).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from polyglot_statement.dialects import COMMONMARK, Dialect, dialect_named
from polyglot_statement.publish.html import markdown_renderer
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.source.generator_blocks import holds_code
from polyglot_statement.source.segment import Document, Segment, rebuild, segment_document

DATA = Path(__file__).parent / "data" / "dialects" / "blocks"
HUGO, JEKYLL, MKDOCS = (dialect_named(name) for name in ("hugo", "jekyll", "mkdocs"))


def read(name: str) -> str:
    return (DATA / name).read_text("utf-8")


def offered(text: str, dialect: Dialect) -> list[tuple[str, str]]:
    return [(s.kind, s.msgid) for s in segment_document(text, dialect=dialect).segments]


def msgids(text: str, dialect: Dialect) -> list[str]:
    return [msgid for _, msgid in offered(text, dialect)]


def bracketed(segment: Segment) -> str:
    """A pseudo translation that shows where each segment went."""
    return f"[[{segment.msgid}]]"


def published_md(
    text: str, dialect: Dialect, translate: Callable[[Segment], str] = bracketed
) -> tuple[Document, str]:
    document = segment_document(text, dialect=dialect)
    return document, rebuild(document, translate)


def published_html(text: str, dialect: Dialect) -> str:
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return sanitise(markdown_renderer(dialect=dialect).render(body))


def assert_round_trips(text: str, dialect: Dialect) -> None:
    """Identity gives the source back; a translation keeps every segment's kind."""
    document, same = published_md(text, dialect, lambda segment: segment.msgid)
    assert same == text
    _, translated = published_md(text, dialect)
    again = segment_document(translated, dialect=dialect)
    assert [s.kind for s in again.segments] == [s.kind for s in document.segments]
    assert [s.msgid for s in again.segments] == [f"[[{s.msgid}]]" for s in document.segments]


# ---------------------------------------------------------------- paired shortcodes

CODE_TOGGLE = """\
Configure the backend:

{{< code-toggle file=hugo >}}
[markup.asciidocExt]
backend = 'html5s'
extensions = ['asciidoctor-html5s']
{{< /code-toggle >}}

Then build.
"""


def test_a_code_shortcode_is_copied_and_never_offered_hugo() -> None:
    assert offered(CODE_TOGGLE, HUGO) == [
        ("paragraph", "Configure the backend:"),
        ("paragraph", "Then build."),
    ]
    _, translated = published_md(CODE_TOGGLE, HUGO)
    assert "{{< code-toggle file=hugo >}}\n[markup.asciidocExt]\nbackend = 'html5s'\n" in (
        translated
    )
    html = published_html(CODE_TOGGLE, HUGO)
    assert "<pre dir=\"ltr\"><code>[markup.asciidocExt]\nbackend = 'html5s'" in html
    assert "code-toggle" not in html
    assert_round_trips(CODE_TOGGLE, HUGO)


def test_commonmark_still_reads_a_shortcode_as_a_paragraph() -> None:
    # The dialect is what changes the reading: without it, nothing changes.
    assert msgids(CODE_TOGGLE, COMMONMARK)[1].startswith("{{< code-toggle file=hugo >}} [")


def test_docsy_tabpanes_of_configuration_are_copied_hugo() -> None:
    text = read("docsy-print.md")
    ids = msgids(text, HUGO)
    assert not [msgid for msgid in ids if "disable_toc = true" in msgid or "{{<" in msgid]
    assert "Print Support" in ids
    assert any(msgid.startswith("To disable showing the table of contents") for msgid in ids)
    html = published_html(text, HUGO)
    assert "disable_toc = true" in html and "tabpane" not in html
    assert_round_trips(text, HUGO)


# Docsy's content/en/_index.md and docs/content/shortcodes/index.md: opening tags with
# their arguments one a line (the card's `>}}` would otherwise open a block quote).
SPREAD_TAGS = """\
{{% blocks/cover
  title="Welcome to Docsy!"
  height="full td-below-navbar"
%}}

<!-- prettier-ignore -->
{{% param description %}}
{.display-6}

<div class="td-cta-buttons my-5">
  <a {{% _param btn-lg primary %}} href="docs/get-started/">
    Get started
  </a>
</div>

{{% /blocks/cover %}}

{{< card
  header="**Imagine**"
  title="Artist and songwriter: John Lennon"
  subtitle="Co-writer: Yoko Ono"
  footer="![SignatureJohnLennon](card-pane/john-lennon-signature.png)"
>}}

Imagine there's no heaven, It's easy if you try<br/>
No hell below us, above us only sky<br/>
Imagine all the people living for today…

{{< /card >}}
"""


def test_a_tag_spread_over_lines_opens_its_block_and_offers_its_title_hugo() -> None:
    assert offered(SPREAD_TAGS, HUGO) == [
        ("shortcode title", "Welcome to Docsy!"),
        ("shortcode title", "Artist and songwriter: John Lennon"),
        (
            "paragraph",
            "Imagine there's no heaven, It's easy if you try<br/> No hell below us, above us"
            " only sky<br/> Imagine all the people living for today…",
        ),
    ]
    _, translated = published_md(SPREAD_TAGS, HUGO)
    assert '  title="[[Welcome to Docsy!]]"\n  height="full td-below-navbar"\n%}}' in translated
    assert '  footer="![SignatureJohnLennon](card-pane/john-lennon-signature.png)"\n>}}\n' in (
        translated
    )
    html = published_html(SPREAD_TAGS, HUGO)
    assert "<blockquote>" not in html and "header=" not in html
    assert "Artist and songwriter: John Lennon" in html
    assert_round_trips(SPREAD_TAGS, HUGO)


# Docsy's docs/content/diagrams-and-formulae/index.md: a card of code, closed by a tag
# with a `<br>` after it.
CODE_CARD = """\
Add this partial:

{{< card code=true header="layouts/_markup/render-passthrough.html" lang="go-html-template" >}}

{{ partial "scripts/math.html" . }}

{{< /card >}} <br>

Then build.
"""


def test_a_closing_tag_followed_by_html_closes_its_block_hugo() -> None:
    assert msgids(CODE_CARD, HUGO) == ["Add this partial:", "Then build."]
    _, translated = published_md(CODE_CARD, HUGO)
    assert '\n{{ partial "scripts/math.html" . }}\n\n{{< /card >}} <br>\n' in translated
    assert_round_trips(CODE_CARD, HUGO)


HIGHLIGHT = """\
Compare:

{% highlight diff %}
- old line
+ new line
{% endhighlight %}

{% raw %}
Show {{ page.title }} as it is.
{% endraw %}
"""


def test_a_liquid_highlight_or_raw_block_is_copied_jekyll() -> None:
    assert offered(HIGHLIGHT, JEKYLL) == [("paragraph", "Compare:")]
    html = published_html(HIGHLIGHT, JEKYLL)
    assert '<code class="language-diff">- old line\n+ new line\n</code>' in html
    assert "<li>" not in html
    assert_round_trips(HIGHLIGHT, JEKYLL)
    # Without Liquid, the diff's lines were "list items".
    assert ("list item", "old line") in offered(HIGHLIGHT, COMMONMARK)


def test_just_the_docs_highlight_blocks_are_copied_jekyll() -> None:
    text = read("just-the-docs-line-numbers.md")
    kinds_and_ids = offered(text, JEKYLL)
    assert not [msgid for _, msgid in kinds_and_ids if "{% highlight" in msgid]
    assert not [msgid for _, msgid in kinds_and_ids if "compress_html" in msgid]
    html = published_html(text, JEKYLL)
    assert '<code class="language-yaml">compress_html:\n  ignore:' in html
    assert_round_trips(text, JEKYLL)


def test_a_prose_shortcode_offers_its_prose_and_keeps_its_tags_hugo() -> None:
    text = read("hugo-book-hints.md")
    ids = msgids(text, HUGO)
    assert "**Info**  \nUse for supplementary information that helps the reader." in ids
    assert not [msgid for msgid in ids if "{{%" in msgid and "/*" not in msgid]
    _, translated = published_md(text, HUGO)
    assert (
        "{{% hint info %}}\n[[**Info**  \nUse for supplementary information that helps the"
        " reader.]]\n{{% /hint %}}"
    ) in translated
    html = published_html(text, HUGO)
    assert '<div class="generator-block hint">\n<p><strong>Info</strong><br>' in html
    assert "{{%" not in html.split("<h2>Example</h2>")[1]
    assert_round_trips(text, HUGO)


CAPTURE = """\
{% capture note %}
Remember to **save** your work.
{% endcapture %}

{% if site.beta %}
This feature is in beta.
{% else %}
This feature is stable.
{% endif %}
"""


def test_a_liquid_capture_or_condition_offers_its_prose_jekyll() -> None:
    assert offered(CAPTURE, JEKYLL) == [
        ("paragraph", "Remember to **save** your work."),
        ("paragraph", "This feature is in beta."),
        ("paragraph", "This feature is stable."),
    ]
    _, translated = published_md(CAPTURE, JEKYLL)
    assert translated.startswith(
        "{% capture note %}\n[[Remember to **save** your work.]]\n{% endcapture %}\n"
    )
    assert "{% else %}\n[[This feature is stable.]]\n{% endif %}\n" in translated
    assert '<div class="generator-block capture">' in published_html(CAPTURE, JEKYLL)
    assert_round_trips(CAPTURE, JEKYLL)


@pytest.mark.parametrize(
    ("name", "arguments", "body", "code"),
    [
        ("highlight", " go", "Any words at all here.\n", True),  # a known code holder
        ("tab", ' header="hugo.toml" lang="toml"', "Any words here.\n", True),  # lang=
        ("tab", " toml", "+++\n…\ndisable_toc = true\n…\n+++\n", True),  # configuration
        ("tab", " json", '{\n  "params": {\n    "print": true\n  }\n}\n', True),
        ("tab", ' "macOS"', "```shell\nbrew install hugo\n```\n", True),  # fenced only
        ("notice", " info", "Some prose here.\n", False),
        ("details", ' "Title"', "Hugo Book requires Hugo {x} or later.\n", False),
        ("hint", "", "key: value\nNote: a sentence follows.\n", False),  # capitalised
    ],
)
def test_what_holds_code(name: str, arguments: str, body: str, code: bool) -> None:
    assert holds_code(name, arguments, body) is code


def test_an_unclosed_or_single_shortcode_line_is_kept_out_of_msgids_hugo() -> None:
    text = "Intro.\n\n{{< youtube w7Ft2ymGmfc >}}\n\n{{< notice >}}\nNever closed.\n"
    # A tag line without its closing tag is kept too; the prose after it is offered.
    assert msgids(text, HUGO) == ["Intro.", "Never closed."]
    assert "youtube" not in published_html(text, HUGO)
    assert_round_trips(text, HUGO)


# ---------------------------------------------------------------- admonitions

ADMONITIONS = """\
# Setup

!!! note "Before you start"
    Install the **tools** first.

    Then read on.

!!! warning
    An untitled warning.

??? tip "Collapsed tip"
    Hidden until opened.

???+ example
    Shown open.
"""


def test_admonition_bodies_are_prose_and_titles_segments_mkdocs() -> None:
    assert offered(ADMONITIONS, MKDOCS) == [
        ("heading 1", "Setup"),
        ("admonition title", "Before you start"),
        ("admonition", "Install the **tools** first."),
        ("admonition", "Then read on."),
        ("admonition", "An untitled warning."),
        ("admonition title", "Collapsed tip"),
        ("admonition", "Hidden until opened."),
        ("admonition", "Shown open."),
    ]
    _, translated = published_md(ADMONITIONS, MKDOCS)
    assert '!!! note "[[Before you start]]"\n    [[Install the **tools** first.]]\n' in translated
    assert "!!! warning\n    [[An untitled warning.]]\n" in translated
    assert '??? tip "[[Collapsed tip]]"\n' in translated
    html = published_html(ADMONITIONS, MKDOCS)
    assert (
        '<div class="admonition note">\n<p class="admonition-title">Before you start</p>\n'
        "<p>Install the <strong>tools</strong> first.</p>"
    ) in html
    assert '<div class="admonition tip is-collapsible collapsible-closed">' in html
    assert_round_trips(ADMONITIONS, MKDOCS)


def test_without_admonitions_the_body_is_code_as_before() -> None:
    assert ("paragraph", 'Before you start" Install the **tools** first.') not in offered(
        ADMONITIONS, HUGO
    )
    assert "Then read on." not in msgids(ADMONITIONS, HUGO)  # an indented code block


def test_a_real_admonition_and_tabs_mkdocs() -> None:
    text = read("static-i18n-translating-content.md")
    kinds_and_ids = offered(text, MKDOCS)
    tip = [msgid for kind, msgid in kinds_and_ids if kind == "admonition"]
    assert len(tip) == 1 and tip[0].startswith("You may find useful to inform users")
    assert [msgid for kind, msgid in kinds_and_ids if kind == "tab title"] == [
        "admonitions",
        "details",
        "details (open)",
    ]
    assert [msgid for kind, msgid in kinds_and_ids if kind == "content tab"] == ["From:", "to:"] * 3
    # The examples inside the tabs are fenced code: never offered.
    assert not [msgid for _, msgid in kinds_and_ids if "Bonjour" in msgid or "!!!" in msgid]
    html = published_html(text, MKDOCS)
    assert '<div class="tabbed">\n<p class="tabbed-label">details (open)</p>' in html
    assert_round_trips(text, MKDOCS)


# ---------------------------------------------------------------- content tabs

TABS = """\
=== "C"
    Compile it with `cc`.

=== "Python"
    Run it:

    ```python
    print("hi")
    ```
"""


def test_tab_titles_and_bodies_are_segments_mkdocs() -> None:
    assert offered(TABS, MKDOCS) == [
        ("tab title", "C"),
        ("content tab", "Compile it with `cc`."),
        ("tab title", "Python"),
        ("content tab", "Run it:"),
    ]
    _, translated = published_md(TABS, MKDOCS)
    assert translated.startswith('=== "[[C]]"\n    [[Compile it with `cc`.]]\n\n=== "[[Python]]"')
    assert '    ```python\n    print("hi")\n    ```\n' in translated
    assert_round_trips(TABS, MKDOCS)


# ---------------------------------------------------------------- definition lists

DEFINITIONS = """\
Parameters:

`cast`
: Path to the `.cast` file.
  A local or remote file.

Speed
: How fast it plays.

: Also the replay rate.
"""


@pytest.mark.parametrize("dialect", [HUGO, JEKYLL, MKDOCS], ids=lambda d: d.name)
def test_terms_and_definitions_are_segments_of_their_own(dialect: Dialect) -> None:
    assert offered(DEFINITIONS, dialect) == [
        ("paragraph", "Parameters:"),
        ("definition term", "`cast`"),
        ("definition", "Path to the `.cast` file. A local or remote file."),
        ("definition term", "Speed"),
        ("definition", "How fast it plays."),
        ("definition", "Also the replay rate."),
    ]
    _, translated = published_md(DEFINITIONS, dialect)
    assert "[[`cast`]]\n: [[Path to the `.cast` file. A local or remote file.]]\n" in translated
    assert "\n: [[Also the replay rate.]]\n" in translated
    html = published_html(DEFINITIONS, dialect)
    assert '<dl>\n<dt><code dir="ltr">cast</code></dt>\n<dd>\n<p>Path to the' in html
    assert_round_trips(DEFINITIONS, dialect)


def test_commonmark_keeps_term_and_definition_in_one_paragraph() -> None:
    assert ("paragraph", "Speed : How fast it plays.") in offered(DEFINITIONS, COMMONMARK)


def test_a_real_definition_list_hugo() -> None:
    text = read("hugo-book-details.md")
    kinds_and_ids = offered(text, HUGO)
    assert ("definition term", "`open` (or second positional argument)") in kinds_and_ids
    assert ("definition", "Start expanded. Default: collapsed.") in kinds_and_ids
    assert ("paragraph", "Hugo Book requires Hugo {x} or later.") in kinds_and_ids
    assert_round_trips(text, HUGO)


# ---------------------------------------------------------------- abbreviations

ABBREVIATIONS = """\
The HTML specification and HTML5 differ.

*[HTML]: Hyper Text Markup Language
*[HTML5]: the fifth HTML
"""


@pytest.mark.parametrize("dialect", [JEKYLL, MKDOCS], ids=lambda d: d.name)
def test_an_abbreviation_offers_its_expansion_only(dialect: Dialect) -> None:
    assert offered(ABBREVIATIONS, dialect) == [
        ("paragraph", "The HTML specification and HTML5 differ."),
        ("abbreviation", "Hyper Text Markup Language"),
        ("abbreviation", "the fifth HTML"),
    ]
    _, translated = published_md(ABBREVIATIONS, dialect)
    assert "*[HTML]: [[Hyper Text Markup Language]]\n*[HTML5]: [[the fifth HTML]]\n" in (translated)
    html = published_html(translated, dialect)
    assert html == (
        '<p>[[The <abbr title="[[Hyper Text Markup Language]]">HTML</abbr> specification and '
        '<abbr title="[[the fifth HTML]]">HTML5</abbr> differ.]]</p>\n'
    )
    assert_round_trips(ABBREVIATIONS, dialect)


def test_an_expansion_is_text_in_the_page() -> None:
    # Untrusted text stays text: a translated expansion is an attribute value, escaped.
    text = 'HTML.\n\n*[HTML]: a "quoted" <b>bold</b> expansion\n'
    html = published_html(text, MKDOCS)
    assert '<abbr title="a &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; expansion">' in html


# ---------------------------------------------------------------- every data file


@pytest.mark.parametrize(
    ("name", "dialect"),
    [
        ("docsy-print.md", HUGO),
        ("hugo-book-details.md", HUGO),
        ("hugo-book-hints.md", HUGO),
        ("just-the-docs-line-numbers.md", JEKYLL),
        ("static-i18n-translating-content.md", MKDOCS),
    ],
)
def test_real_files_round_trip(name: str, dialect: Dialect) -> None:
    text = read(name)
    assert not segment_document(text, dialect=dialect).skipped_lines
    assert_round_trips(text, dialect)


# ---------------------------------------------------------------- translations stay text


@pytest.mark.parametrize(
    ("dialect", "line", "written"),
    [
        (MKDOCS, "!!! danger", "&#33;!! danger"),
        (MKDOCS, '=== "Tab"', '&#61;== "Tab"'),
        (MKDOCS, "*[X]: y", "&#42;[X]: y"),
        (HUGO, ": a definition", "&#58; a definition"),
        (COMMONMARK, ": a definition", ": a definition"),  # no such block there
    ],
    ids=["admonition", "tab", "abbreviation", "definition", "commonmark"],
)
def test_a_translated_line_opens_no_generator_block(
    dialect: Dialect, line: str, written: str
) -> None:
    text = "A paragraph\nof two lines.\n"
    _, translated = published_md(text, dialect, lambda segment: f"Un paragraphe\n{line}")
    assert translated == f"Un paragraphe\n{written}\n"
    again = segment_document(translated, dialect=dialect)
    assert [s.kind for s in again.segments] == ["paragraph"]


SEVERAL_TERMS = """\
Term1
Term2
: First description of Term1 and Term2,
  possibly more than one line

: Second description of Term1 and Term2,
"""


@pytest.mark.parametrize("dialect", [HUGO, JEKYLL, MKDOCS], ids=lambda d: d.name)
def test_several_terms_share_their_definitions(dialect: Dialect) -> None:
    # kramdown's own example (Just the Docs' index-test.md): two terms, two definitions.
    assert offered(SEVERAL_TERMS, dialect) == [
        ("definition term", "Term1"),
        ("definition term", "Term2"),
        ("definition", "First description of Term1 and Term2, possibly more than one line"),
        ("definition", "Second description of Term1 and Term2,"),
    ]
    html = published_html(SEVERAL_TERMS, dialect)
    assert html.startswith("<dl>\n<dt>Term1</dt>\n<dt>Term2</dt>\n<dd>\n<p>First")
    assert_round_trips(SEVERAL_TERMS, dialect)
