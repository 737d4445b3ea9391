"""Each machine draft keeps its own segment's hidden parts, references and size limits.

Texts whose XML form is equal share one request and one cache row; each draft is rebuilt
from its own source (URLs, titles, anchors, images, footnote labels, inline HTML, code,
reference labels). Checked against the fake DeepL server end to end, and as a property
over generated segments with an independent reader of the Markdown (markdown-it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest
from cli_runner import polyglot
from fake_deepl import FakeDeepL, fake_deepl_fixture  # noqa: F401
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from test_translate import KEY, engine_for, make_workspace

from polyglot_statement.config import Settings
from polyglot_statement.errors import SourceError
from polyglot_statement.inline import References, keep_pattern
from polyglot_statement.machine.pseudo import PseudoEngine
from polyglot_statement.machine.translate import Collection, translate
from polyglot_statement.po import MACHINE, Catalog, Entry, read_po


@pytest.fixture(autouse=True)
def _client_patience() -> Iterator[None]:
    saved = (deepl.http_client.min_connection_timeout, deepl.http_client.max_network_retries)
    yield
    deepl.http_client.min_connection_timeout, deepl.http_client.max_network_retries = saved


# ---------------------------------------------------------------- an independent reader

_READER = MarkdownIt("commonmark").use(footnote_plugin)


def _walk(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found.extend(_walk(token.children or []))
    return found


def hidden_parts(text: str, definitions: str = "") -> Counter[str]:
    """What a reader cannot see in a segment but the page depends on, as markdown-it reads it."""
    environment: dict[str, object] = {}
    _READER.parse(definitions, environment)
    # Inline only: a segment is a block's content (`<span>…` opening one is not an HTML block).
    tokens = _READER.parseInline(text, environment)
    parts: Counter[str] = Counter()
    for token in _walk(tokens):
        if token.type == "link_open":
            parts[f"link {token.attrs.get('href')} {token.attrs.get('title')}"] += 1
        elif token.type == "image":
            alt = "".join(child.content for child in token.children or [])
            parts[f"image {token.attrs.get('src')} {token.attrs.get('title')} {alt}"] += 1
        elif token.type == "code_inline":
            parts[f"code {token.markup}{token.content}{token.markup}"] += 1
        elif token.type == "html_inline":
            parts[f"html {token.content}"] += 1
        elif token.type == "footnote_ref":
            parts[f"footnote {token.meta['label']}"] += 1
    return parts


# ---------------------------------------------------------------- end to end

# Pairs of segments with one XML form and different hidden parts.
PAIRS = [
    ("Read [the report](https://example.org/one).", "Read [the report](https://example.org/two)."),
    ('<a id="install"></a>Setup', '<a id="usage"></a>Setup'),
    ("The first claim[^a] stands.", "The first claim[^b] stands."),
    ("See [the page](/uri) again.", 'See [the page](/uri "title") again.'),
    ("Our logo ![logo](a.png) is red.", 'Our logo ![logo](b.png "Logo") is red.'),
    ("Run `make` now.", "Run ``make`` now."),
    ("First line  \nsecond line.", "First line\\\nsecond line."),
    ("Ask [the office][one] today.", "Ask [the office][two] today."),
]
DEFINITIONS = "[one]: https://example.org/office-one\n[two]: https://example.org/office-two"
FOOTNOTES = "[^a]: Note a.\n\n[^b]: Note b."


def _pair_workspace(root: Path) -> Settings:
    first = [left for left, _ in PAIRS] + [FOOTNOTES, DEFINITIONS]
    second = [right for _, right in PAIRS] + [FOOTNOTES, DEFINITIONS]
    return make_workspace(root, {"first": first, "second": second}, languages=("es",))


def test_shared_xml_is_sent_once_and_each_draft_keeps_its_own_parts(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = _pair_workspace(tmp_path / "ws")
    report = translate(settings, engine=engine_for(fake_deepl, settings))

    sent = [text for batch in fake_deepl.translated_texts for text in batch]
    assert len(sent) == len(set(sent))  # each XML form once
    for left, right in PAIRS:
        for slug, source in (("first", left), ("second", right)):
            entry = read_po(settings.catalog_path("es", slug)).find(source)
            assert entry is not None, source
            # The fake only puts "[ES] " before the first words: without it, the draft is
            # its own source byte for byte, every hidden part included.
            assert entry.msgstr.count("[ES] ") == 1
            assert entry.msgstr.replace("[ES] ", "") == source, slug
            assert entry.state == MACHINE
    shared = {json.dumps(text) for text in sent}
    assert fake_deepl.billed_characters == sum(len(json.loads(text)) for text in shared)
    assert report.billed_characters == fake_deepl.billed_characters
    assert not any("example.org" in text or "a.png" in text for text in sent)


def test_the_issue_reproduction_with_the_pseudo_engine(tmp_path: Path) -> None:
    settings = _pair_workspace(tmp_path / "ws")
    result = polyglot(settings.root, "translate", "--engine", "pseudo")
    assert result.exit_code == 0, result.output
    for left, right in PAIRS:
        for slug, source in (("first", left), ("second", right)):
            catalog = read_po(settings.catalog_path("es", slug))
            entry = catalog.find(source)
            assert entry is not None
            definitions = f"{FOOTNOTES}\n\n{DEFINITIONS}"
            assert hidden_parts(entry.msgstr, definitions) == hidden_parts(source, definitions)
    second = read_po(settings.catalog_path("es", "second")).find(PAIRS[0][1])
    assert second is not None and "(https://example.org/two)" in second.msgstr


# ---------------------------------------------------------------- reference links


REFERENCES = [
    "See the [Node.js website][] for details.",
    "Read [the spec] before you start.",
    "Compare [the old text][spec] with [sic] and [^n].",
    "A logo: ![logo] and ![logo][] here.",
]
REFERENCE_DEFINITIONS = (
    "[node.js website]: https://nodejs.org\n"
    '[The  Spec]: https://example.org/spec "The spec"\n'
    "[logo]: logo.png\n\n[^n]: A note."
)


@pytest.mark.parametrize("engine", ["pseudo", "deepl"])
def test_reference_links_keep_resolving_and_their_labels_stay_here(
    fake_deepl: FakeDeepL, tmp_path: Path, engine: str
) -> None:
    glossary = (
        "terms:\n  - term: website\n    translations:\n      es: [sitio web]\n"
        "  - term: spec\n    translations:\n      es: [especificación]\n"
    )
    settings = make_workspace(
        tmp_path / "ws",
        {"refs": [*REFERENCES, REFERENCE_DEFINITIONS]},
        languages=("es",),
        glossary=glossary,
    )
    if engine == "pseudo":
        translate(settings, engine=PseudoEngine())
    else:
        translate(settings, engine=engine_for(fake_deepl, settings))
        sent = " ".join(text for batch in fake_deepl.translated_texts for text in batch)
        assert "nodejs.org" not in sent and "logo.png" not in sent and "[spec]" not in sent
    catalog = read_po(settings.catalog_path("es", "refs"))
    for source in REFERENCES:
        entry = catalog.find(source)
        assert entry is not None and entry.state == MACHINE, source
        assert entry.msgstr != source  # the glossary or the pseudo engine changed words
        before = hidden_parts(source, REFERENCE_DEFINITIONS)
        assert hidden_parts(entry.msgstr, REFERENCE_DEFINITIONS) == before, entry.msgstr
        assert "markup did not come back" not in entry.translator_comments[-1]
    spec = catalog.find(REFERENCES[1])
    assert spec is not None and "especificación][the spec]" in spec.msgstr
    # [sic] is not defined: plain text, translated as text, no label added.
    compare = catalog.find(REFERENCES[2])
    assert compare is not None and "[sic][" not in compare.msgstr


# ---------------------------------------------------------------- request size


def _sentences(count: int, width: int = 90) -> str:
    words = ["solidarity", "union", "workers", "strike", "wages", "rights", "assembly"]
    out = []
    for index in range(count):
        body = " ".join(words[(index + n) % len(words)] for n in range(width // 8))
        out.append(f"Sentence {index} of the **{words[index % 7]}** says {body} today.")
    return " ".join(out)


def test_a_text_over_one_request_is_sent_in_parts_and_rejoined(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    paragraph = _sentences(1400)
    assert len(paragraph.encode()) > 145_000
    settings = make_workspace(tmp_path / "ws", {"big": [paragraph]}, languages=("es",))

    report = translate(settings, engine=engine_for(fake_deepl, settings))

    assert set(status for _, path, status in fake_deepl.responses if path == "/v2/translate") == {
        200
    }
    assert max(fake_deepl.translate_body_sizes) <= 128 * 1024
    assert all(len(batch) <= 50 for batch in fake_deepl.translated_texts)
    parts = [text for batch in fake_deepl.translated_texts for text in batch]
    big = [text for text in parts if len(text) > 1000]
    assert len(big) >= 2  # the paragraph went in parts
    entry = read_po(settings.catalog_path("es", "big")).find(paragraph)
    assert entry is not None and entry.state == MACHINE
    # Each part came back with the fake's marker before it; without them, the source.
    assert entry.msgstr.count("[ES] ") == len(big)
    assert entry.msgstr.replace("[ES] ", "") == paragraph
    assert "markup did not come back" not in entry.translator_comments[-1]
    assert report.billed_characters == sum(len(text) for text in parts)

    # A re-run finds every part in the cache.
    fake_deepl.reset_counters()
    assert translate(settings, engine=engine_for(fake_deepl, settings)).filled == 0
    assert fake_deepl.translate_requests == 0


def test_a_text_without_sentence_boundaries_is_refused_before_anything_is_sent(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    endless = " ".join(["solidarity"] * 14_000)  # 150 KB, no sentence ends
    settings = make_workspace(
        tmp_path / "ws", {"endless": ["A short paragraph.", endless]}, languages=("es",)
    )
    with pytest.raises(SourceError) as raised:
        translate(settings, engine=engine_for(fake_deepl, settings))
    assert "no sentence boundary" in str(raised.value) and "nothing was sent" in str(raised.value)
    assert str(raised.value).startswith("source/endless.md:") or "endless.md:" in str(raised.value)
    assert raised.value.line == 7  # the paragraph's line in the source
    assert not [request for request in fake_deepl.requests if request.path == "/v2/translate"]

    result = polyglot(
        settings.root, "translate", env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url}
    )
    assert result.exit_code == 2 and "no sentence boundary" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- the property

_TOKENS = [
    "union",
    "workers",
    "the",
    "report",
    "Read",
    "[the report](/one)",
    "[the report](/two)",
    '[the report](/two "Two")',
    "![logo](a.png)",
    '![logo](b.png "Logo")',
    "`make`",
    "``make``",
    '<a id="usage"></a>',
    '<a id="install"></a>',
    '<span class="x">',
    "</span>",
    "[^a]",
    "[^b]",
    "[text][one]",
    "[text][two]",
    "[one][]",
    "[two]",
    "[three]",
    "*em*",
    "**strong**",
    "WFTU",
    "wftu",
    "<https://a.org>",
    "\\*",
    "line  \nbreak",
    "line\\\nbreak",
]
_SEGMENT = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=8).map(" ".join)
# Which reference labels each statement defines: the same text can be a link in one
# statement and plain brackets in another.
_DEFINED = {"a": ("one", "two"), "b": ("one",), "c": ()}


def _definitions(slug: str) -> str:
    lines = [f"[{label}]: /target-{label}" for label in _DEFINED[slug]]
    return "\n".join([*lines, "", "[^a]: Note a.", "", "[^b]: Note b."])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(_DEFINED)), _SEGMENT), min_size=2, max_size=12))
def test_a_draft_never_holds_a_hidden_part_its_source_lacks(
    segments: list[tuple[str, str]],
) -> None:
    def references(slug: str) -> References:
        defined = {label.casefold() for label in _DEFINED[slug]}
        return lambda label: label.casefold() in defined

    collection = Collection(keep_pattern([("WFTU", False)]), references)
    by_slug: dict[str, list[str]] = {}
    for slug, text in segments:
        by_slug.setdefault(slug, []).append(text)
    for slug, texts in by_slug.items():
        catalog = Catalog(entries=[Entry(msgid=text) for text in dict.fromkeys(texts)])
        collection.add(Path(f"{slug}.po"), slug, catalog)
    translated = {
        text: PseudoEngine.pseudo(text)
        for form in collection.forms.values()
        for text, _ in form.parts
    }
    drafts = collection.drafts(translated)
    for path, wanted in collection.wanted.items():
        definitions = _definitions(path.stem)
        for msgid, key in wanted.items():
            draft = drafts[key]
            source_parts = hidden_parts(msgid, definitions)
            draft_parts = hidden_parts(draft.text, definitions)
            assert not draft_parts - source_parts, (msgid, draft.text)
            if draft.intact:
                assert draft_parts == source_parts, (msgid, draft.text)
