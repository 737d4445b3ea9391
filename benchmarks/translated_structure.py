"""Translated structure: do other people's Markdown documents keep their links, images,
footnotes and block structure once machine-drafted, approved and published?

For each corpus, a workspace of its documents goes through the real commands:
`polyglot extract`, `polyglot translate --engine pseudo` (offline), every draft approved
as it is (fuzzy cleared), `polyglot build --format md --format html --allow-partial`.
Then each published edition is compared with its source:

- links, images, footnotes: the page's link targets, image sources and footnote marks,
  and those of the Markdown edition as markdown-it and as Python-Markdown read it, each
  against the source read the same way;
- blocks: the block skeleton (nesting of p, h1–h6, lists, quotes, tables, code, rules)
  of the Markdown edition against the source's, by markdown-it and by Python-Markdown
  (by Python-Markdown only for documents it reads like markdown-it: where it reads the
  source otherwise, no translation can match its reading);
- HTML tags: every tag of the page body, with its attribute names and its link, image,
  id, class and alignment values, against the source page (what build renders from the
  untranslated source); fallback marks around segments shown untranslated are left out
  and counted apart;
- foreign hidden parts: drafts holding a URL, title, reference or footnote label, code
  span or tag that their own source text lacks (a draft borrowing another segment's).

Corpora: `metadata` (the Markdown long descriptions in the installed packages'
METADATA), `package-md` (the Markdown files shipped inside installed packages), and one
per argument: a folder (every *.md and *.markdown below it, e.g. a fetched repository's
docs) or a JSON file of CommonMark spec examples (a list of {"markdown": ...}, as
markdown-it-py's tests/test_cmark_spec/commonmark.json).

A site generator's corpus is named `DIALECT:FOLDER` (`hugo:…/exampleSite/content`,
`jekyll:…/docs`, `mkdocs:…/docs`): its workspace reads that Markdown dialect, and a
second table counts, per corpus:

- generator items in the source and in the Markdown edition: block items (admonition
  keywords, tab markers, definition markers, abbreviation labels, shortcode and Liquid
  tags standing on lines of their own) and inline items (shortcodes, Liquid tags and
  outputs, attribute lists, heading ids, emoji inside a line), each as a multiset: an
  item the edition lacks or adds is "changed" (compared with its blanks collapsed, and
  without the title argument of a tag alone on its line, which the tool offers as prose);
- prose words: words of the source's body outside code (fenced, indented, held by a
  code shortcode), HTML blocks, code spans, link targets, tags and generator items;
  "not offered": those outside every segment's span; "words offered": the words of the
  msgids; "distinct words left English": prose words still unaccented in the edition,
  where the pseudo engine accents every word it was sent (this counts the drafts a check
  rejected too, shown in the source language: "shown untranslated" in the first table).

The workspace of a generator corpus sets `markdown = "DIALECT"` in its polyglot.toml (and
the plain Markdown layout, so that the edition is found in dist/LANG/).

Usage: python benchmarks/translated_structure.py [--work DIR] [--details] [--no-installed]
       [--baseline] [[DIALECT:]FOLDER_OR_JSON ...]
(`--baseline`: the tool reads the generator corpora as CommonMark, as before issue 22.)
Target: 0 in every column but "shown untranslated" (drafts a check rejected; they are
published in the source language, which is safe, and listed with --details), and in the
second table 0 items changed and 0 words left English.
"""

from __future__ import annotations

import argparse
import bisect
import email.parser
import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown
from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from mdit_py_plugins.footnote import footnote_plugin

from polyglot_statement.dialects import Dialect, dialect_named
from polyglot_statement.errors import PolyglotError
from polyglot_statement.po import format_po, read_po
from polyglot_statement.source.frontmatter import split_front_matter
from polyglot_statement.source.markdown_syntax import new_parser
from polyglot_statement.source.segment import segment_document

HERE = Path(__file__).resolve().parent
LANGUAGE = "fr"
# The original edition: the source as the tool publishes it.
SOURCE_EDITION = "en"
BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
     "table", "thead", "tbody", "tr", "th", "td", "hr", "section", "div"}
)  # fmt: skip
KEPT_VALUES = ("href", "src", "id", "class", "align", "start")
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]")
_EXPLICIT_LABEL = re.compile(r"\]\[([^\]]+)\]")


# ---------------------------------------------------------------- corpora


def installed_long_descriptions() -> Iterator[tuple[str, str]]:
    for distribution in importlib.metadata.distributions():
        metadata = distribution.read_text("METADATA")
        if not metadata:
            continue
        message = email.parser.Parser().parsestr(metadata)
        if "markdown" not in (message.get("Description-Content-Type") or "").lower():
            continue
        body = message.get_payload()
        text = body if isinstance(body, str) and body.strip() else message.get("Description")
        if text and text.strip():
            yield str(message.get("Name") or distribution.metadata["Name"]), text


def installed_markdown_files() -> Iterator[tuple[str, str]]:
    for distribution in importlib.metadata.distributions():
        for file in distribution.files or ():
            if file.suffix.lower() in (".md", ".markdown") and ".dist-info" not in str(file):
                path = Path(str(distribution.locate_file(file)))
                if path.is_file():
                    yield f"{distribution.metadata['Name']}/{file}", path.read_text("utf-8")


def folder_documents(folder: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() in (".md", ".markdown") and path.is_file():
            try:
                yield path.relative_to(folder).as_posix(), path.read_text("utf-8")
            except UnicodeDecodeError:
                continue


def spec_examples(path: Path) -> Iterator[tuple[str, str]]:
    for example in json.loads(path.read_text("utf-8")):
        number = example.get("example", "")
        yield (
            f"example-{number:04d}" if isinstance(number, int) else str(number),
            example["markdown"],
        )


def corpora(
    arguments: list[str], installed: bool
) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """(name, dialect, documents) of each corpus."""
    if installed:
        yield "metadata", "commonmark", _unique(installed_long_descriptions())
        yield "package-md", "commonmark", _unique(installed_markdown_files())
    for argument in arguments:
        dialect, _, folder = argument.rpartition(":") if ":" in argument else ("", "", argument)
        path = Path(folder)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", path.stem if path.is_file() else path.name)
        if name in ("docs", "doc", "src", "tests", "content", "en", "content.en"):
            name = f"{path.resolve().parent.name}-{name}"
        if path.is_dir():
            yield name, dialect or "commonmark", _unique(folder_documents(path))
        else:
            yield name, dialect or "commonmark", _unique(spec_examples(path))


def _unique(documents: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    kept = []
    for name, text in documents:
        if text not in seen:
            seen.add(text)
            kept.append((name, text))
    return kept


# ---------------------------------------------------------------- readings


class _Tags(HTMLParser):
    """Tags of an HTML fragment (fallback marks unwrapped), and its links, images and notes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.blocks: list[str] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.footnotes = 0
        self.fallbacks = 0
        self.spans: list[bool] = []
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "span":
            # A passage shown in the original, and its label: the page's, not the document's.
            classes = set((values.get("class") or "").split())
            self.spans.append(bool(classes & {"fallback", "fallback-label"}))
            if "fallback" in classes:
                self.fallbacks += 1
            if self.spans[-1]:
                return
        kept = [f"{name}={values[name]}" for name in KEPT_VALUES if values.get(name) is not None]
        others = sorted(name for name in values if name not in KEPT_VALUES)
        self.tags.append(" ".join([tag, *kept, *others]))
        if tag in BLOCK_TAGS:
            self.blocks.append("  " * self.depth + tag)
            if tag != "hr":
                self.depth += 1
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag == "img":
            self.images.append(str(values.get("src")))
        classes = (values.get("class") or "").split()
        if (
            "footnote-ref" in classes
            or "footnote-item" in classes
            or (tag == "li" and (values.get("id") or "").startswith("fn:"))
        ):
            self.footnotes += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in BLOCK_TAGS and tag != "hr":
            self.depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.spans and self.spans.pop():
            return
        self.tags.append("/" + tag)
        if tag in BLOCK_TAGS and tag != "hr":
            self.depth -= 1


def read_html(html: str) -> _Tags:
    reader = _Tags()
    reader.feed(html)
    reader.close()
    return reader


def body_of(text: str) -> str:
    return text[split_front_matter(text, Path("x.md")).body_start :]


def page_body(page: str) -> str:
    body = page.split("</header>\n", 1)[1].rsplit("</main>", 1)[0]
    return re.sub(r'<(p|div) class="notice"[^>]*>.*?</\1>\n', "", body, count=1, flags=re.DOTALL)


# Readers of the Markdown editions, as other tools would read them (only the modules every
# version of polyglot has are imported, so the script also measures older versions).
_MARKDOWN_IT = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
_PYTHON_MARKDOWN = markdown.Markdown(extensions=["fenced_code", "tables", "footnotes"])


def python_markdown(text: str) -> str:
    return str(_PYTHON_MARKDOWN.reset().convert(text))


def link_definitions(text: str) -> dict[str, object]:
    env: dict[str, dict[str, object]] = {}
    _MARKDOWN_IT.parse(body_of(text), env)
    return env.get("references", {})


def hidden_parts(text: str, definitions: dict[str, object]) -> Counter[str]:
    """What a draft must take from its own source and nowhere else, as markdown-it reads
    it: link and image targets and titles, code, inline HTML, footnote and reference
    labels."""
    parts: Counter[str] = Counter()
    pending = list(_MARKDOWN_IT.parseInline(text, {"references": definitions}))
    while pending:
        token = pending.pop()
        if token.type in ("link_open", "image"):
            for name in ("href", "src", "title"):
                if token.attrGet(name):
                    parts[f"{name} {token.attrGet(name)}"] += 1
        elif token.type == "code_inline":
            parts[f"code {token.content}"] += 1
        elif token.type == "html_inline":
            parts[f"html {token.content}"] += 1
        pending.extend(token.children or [])
    # A label matters by what it points to, and the targets are counted above: the
    # source's collapsed `[Markdown][]` drafted as `[Márkdøwn][markdown]` borrows nothing.
    # A label that resolves to no definition is kept, as the draft's own invention.
    parts.update(
        f"label {label.lower()}"
        for label in _EXPLICIT_LABEL.findall(text)
        if normalizeReference(label) not in definitions
    )
    parts.update(f"footnote {label}" for label in _FOOTNOTE_LABEL.findall(text))
    return parts


# ---------------------------------------------------------------- one corpus


@dataclass
class Result:
    corpus: str
    files: int = 0
    refused: list[str] = field(default_factory=list)
    segments: int = 0
    drafts: int = 0
    published: int = 0
    differ: dict[str, list[str]] = field(default_factory=dict)
    parsers_disagree: int = 0
    foreign_drafts: list[str] = field(default_factory=list)
    fallbacks: int = 0
    seconds: float = 0.0
    dialect: str = "commonmark"
    # Generator corpora: items in the source, items changed, prose words, left English.
    block_items: int = 0
    block_items_changed: list[str] = field(default_factory=list)
    inline_items: int = 0
    inline_items_changed: list[str] = field(default_factory=list)
    prose_words: int = 0
    words_offered: int = 0
    left_english: list[str] = field(default_factory=list)
    unoffered: list[str] = field(default_factory=list)

    def add(self, column: str, detail: str) -> None:
        self.differ.setdefault(column, []).append(detail)


COLUMNS = ("links", "images", "footnotes", "blocks (markdown-it)", "blocks (Python-Markdown)",
           "HTML tags")  # fmt: skip


def polyglot(workspace: Path, *arguments: str) -> str:
    command = [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *arguments]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


def run_corpus(
    name: str,
    documents: list[tuple[str, str]],
    work: Path,
    dialect: str = "commonmark",
    baseline: bool = False,
) -> Result:
    """`baseline`: the tool reads the corpus as CommonMark (as before issue 22), while
    items and prose are still counted by the dialect's reading."""
    started = time.perf_counter()
    result = Result(name, dialect=dialect)
    reading = dialect_named(dialect)
    tool = "commonmark" if baseline else dialect
    workspace = work / name
    shutil.rmtree(workspace, ignore_errors=True)
    (workspace / "source").mkdir(parents=True)
    # The `markdown` setting makes every command read the dialect; the Markdown edition
    # stays in dist/LANG/ (the plain layout) where the comparison looks for it.
    (workspace / "polyglot.toml").write_text(
        f'source-language = "{SOURCE_EDITION}"\nlanguages = ["{LANGUAGE}"]\n'
        f'markdown = "{tool}"\n\n[publish]\nmarkdown-layout = "plain"\n',
        encoding="utf-8",
    )
    sources: dict[str, tuple[str, str]] = {}
    definitions: dict[str, dict[str, object]] = {}
    for origin, text in documents:
        slug = re.sub(r"[^a-z0-9]+", "-", origin.lower()).strip("-")[:80] or "doc"
        while slug in sources:
            slug += "-x"
        try:
            document = segment_document(text, f"{slug}.md", dialect=dialect_named(tool))
        except PolyglotError as error:
            result.refused.append(f"{origin}: {error.message}")
            continue
        sources[slug] = (origin, text)
        definitions[slug] = link_definitions(text)
        result.segments += len(document.segments)
        if dialect != "commonmark":
            result.words_offered += sum(len(words(s.msgid)) for s in document.segments)
        (workspace / "source" / f"{slug}.md").write_bytes(text.encode("utf-8"))
    result.files = len(sources)
    polyglot(workspace, "extract")
    polyglot(workspace, "translate", "--engine", "pseudo", "--lang", LANGUAGE)
    for path in sorted((workspace / "locales" / LANGUAGE / "LC_MESSAGES").glob("*.po")):
        catalog = read_po(path)
        for entry in catalog.active:
            if entry.fuzzy and entry.msgstr and entry.machine_provenance is not None:
                result.drafts += 1
                own = definitions[path.stem]
                foreign = hidden_parts(entry.msgstr, own) - hidden_parts(entry.msgid, own)
                if foreign:
                    result.foreign_drafts.append(
                        f"{path.stem}: {entry.msgid[:60]!r} has {sorted(foreign)}"
                    )
            entry.set_fuzzy(False)
        path.write_bytes(format_po(catalog))
    polyglot(workspace, "build", "--format", "md", "--format", "html", "--allow-partial")
    for slug, (origin, text) in sources.items():
        page_path = workspace / "dist" / LANGUAGE / f"{slug}.html"
        if not page_path.exists():
            continue
        result.published += 1
        compare(result, origin, text, page_path)
        if dialect != "commonmark":
            count_generator_items(result, origin, text, page_path, reading, dialect_named(tool))
    result.seconds = time.perf_counter() - started
    return result


def compare(result: Result, origin: str, text: str, page_path: Path) -> None:
    translated = page_path.with_suffix(".md").read_text("utf-8")
    source_body, translated_body = body_of(text), body_of(translated)
    source_path = page_path.parent.parent / SOURCE_EDITION / page_path.name
    source_page = read_html(page_body(source_path.read_text("utf-8")))
    page = read_html(page_body(page_path.read_text("utf-8")))
    result.fallbacks += page.fallbacks
    readings = {
        "page": (source_page, page),
        "markdown-it": (
            read_html(_MARKDOWN_IT.render(source_body)),
            read_html(_MARKDOWN_IT.render(translated_body)),
        ),
        "Python-Markdown": (
            read_html(python_markdown(source_body)),
            read_html(python_markdown(translated_body)),
        ),
    }
    source_it = readings["markdown-it"][0]
    source_pm = readings["Python-Markdown"][0]
    # Python-Markdown's reading of the translation is held to its reading of the source
    # only where that is markdown-it's: elsewhere the translation cannot match both.
    disagree = False
    for column in ("links", "images", "footnotes", "blocks"):
        changed = []
        for reading, (before, after) in readings.items():
            if reading == "page" and column == "blocks":
                continue
            if reading == "Python-Markdown" and getattr(source_pm, column) != getattr(
                source_it, column
            ):
                disagree = True
                continue
            if getattr(before, column) != getattr(after, column):
                changed.append(reading)
        if column == "blocks":
            for reading in changed:
                result.add(f"blocks ({reading})", origin)
        elif changed:
            result.add(column, f"{origin} ({', '.join(changed)})")
    result.parsers_disagree += disagree
    if source_page.tags != page.tags:
        result.add("HTML tags", origin)


# ---------------------------------------------------------------- generator corpora

# A site generator's syntax, as items: block items start a line, inline items sit in one.
_BLOCK_ITEMS = re.compile(
    r"^[ \t]*(?:(?:!!!|\?\?\?\+?)[ \t]*[\w-]+|===[!+]?(?=[ \t]+\")|\*\[[^\]\n]+\]:"
    r"|:(?=[ \t])|\{\{[<%].*?[>%]\}\}[ \t]*$|\{%.*?%\}[ \t]*$)",
    re.MULTILINE,
)
_INLINE_ITEMS = re.compile(
    r"\{\{[<%][^\n]*?(?:\n[^\n]*?)*?[>%]\}\}|\{%.*?%\}|\{\{.*?\}\}"  # shortcodes, Liquid
    r"|\{:?[ \t]*[.#][^}\n]*\}|\{:[^}\n]*\}"  # attribute lists, heading ids
    r"|(?<![\w:]):[a-z0-9+_-]+:(?![\w:])"  # emoji
)
# A shortcode's title, which the tool offers as prose (`title="…"`, else the last quoted
# positional argument with a letter): an item whose title was translated is unchanged.
_NAMED_TITLE = re.compile(r'((?<![\w-])title[ \t]*=[ \t]*)"[^"\\\n]*"')
_QUOTED = re.compile(r'(?:^|(?<=[ \t]))"[^"\\\n]*"(?=[ \t]|$)')


def item_key(match: re.Match[str]) -> str:
    """The item as compared: blanks collapsed (a shortcode spread over lines may come back
    on one), and the title argument of a shortcode alone on its line (the tag line of a
    block, whose title the tool offers) left out."""
    item = " ".join(match.group().split())
    text = match.string
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if not item.startswith(("{{<", "{{%")) or line.strip() != match.group().strip():
        return item
    inside = item[3:-3]
    if _NAMED_TITLE.search(inside):
        inside = _NAMED_TITLE.sub(r'\1"…"', inside, count=1)
    else:
        quoted = [m for m in _QUOTED.finditer(inside) if re.search(r"[^\W\d_]", m.group())]
        if quoted:
            last = quoted[-1]
            inside = f'{inside[: last.start()]}"…"{inside[last.end() :]}'
    return item[:3] + inside + item[-3:]


_CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\([^)\n]*\)|\]\[[^\]\n]*\]|<[^<>\n]+>|https?://\S+")
_DEFINITION_LINE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:.*$", re.MULTILINE)
# Words the pseudo engine would have accented: two ASCII letters or more, one of them
# among those it accents (it leaves f, m, p, q, v, x as they are).
_WORD = re.compile(r"(?<![^\W\d_])[A-Za-z][A-Za-z'’]*[A-Za-z](?![^\W\d_])")
_ACCENTED_LETTERS = frozenset("AaBbCcDdEeGgHhIiJjKkLlNnOoRrSsTtUuWwYyZz")
_NOT_PROSE = frozenset(
    {"fence", "code_block", "html_block", "generator_code", "generator_tag", "front_matter"}
)


def _blank(match: re.Match[str]) -> str:
    # Same length, so that an offset in the blanked text is one in the source.
    return re.sub(r"[^\n]", " ", match.group())


def word_offsets(text: str) -> list[tuple[int, str]]:
    """(offset, word) of the words of `text` outside code spans, link targets, tags and
    generator items."""
    for pattern in (_CODE_SPAN, _LINK_TARGET, _INLINE_ITEMS, _BLOCK_ITEMS, _DEFINITION_LINE):
        text = pattern.sub(_blank, text)
    return [
        (match.start(), match.group())
        for match in _WORD.finditer(text)
        if _ACCENTED_LETTERS.intersection(match.group())
    ]


def words(text: str) -> list[str]:
    return [word for _, word in word_offsets(text)]


def prose(text: str, reading: Dialect) -> str:
    """The text with its front matter and the body's code, HTML blocks and generator code
    (the dialect's reading finds them) blanked: what is left must be offered."""
    body_start = len(text) - len(body_of(text))
    lines = text[body_start:].split("\n")
    env: dict[str, dict[str, dict[str, object]]] = {}
    blanked = [
        token.map
        for token in new_parser(dialect=reading).parse(text[body_start:], env)
        if token.type in _NOT_PROSE and token.map
    ]
    # Link reference definitions: a label and a target, no prose (markdown-it makes no
    # token of them, but says where each is).
    blanked += [d["map"] for d in env.get("references", {}).values() if d.get("map")]
    for first, last in blanked:  # type: ignore[misc]
        for index in range(first, min(last, len(lines))):
            lines[index] = " " * len(lines[index])
    return " " * body_start + "\n".join(lines)


def count_generator_items(
    result: Result, origin: str, text: str, page_path: Path, reading: Dialect, tool: Dialect
) -> None:
    translated = page_path.with_suffix(".md").read_text("utf-8")
    source_body, translated_body = body_of(text), body_of(translated)
    for pattern, changed, total in (
        (_BLOCK_ITEMS, result.block_items_changed, "block_items"),
        (_INLINE_ITEMS, result.inline_items_changed, "inline_items"),
    ):
        before = Counter(item_key(match) for match in pattern.finditer(source_body))
        after = Counter(item_key(match) for match in pattern.finditer(translated_body))
        setattr(result, total, getattr(result, total) + sum(before.values()))
        for item in sorted((before - after) | (after - before)):
            changed.append(f"{origin}: {item}")
    spans = sorted(
        (segment.start, segment.end)
        for segment in segment_document(text, origin, dialect=tool).segments
    )
    starts = [start for start, _ in spans]
    source_words = word_offsets(prose(text, reading))
    result.prose_words += len(source_words)
    for offset, word in source_words:
        index = bisect.bisect_right(starts, offset) - 1
        if index < 0 or not spans[index][0] <= offset < spans[index][1]:
            result.unoffered.append(f"{origin}: {word} (offset {offset})")
    left = set(words(prose(translated, reading))) & {word for _, word in source_words}
    result.left_english.extend(f"{origin}: {word}" for word in sorted(left))


# ---------------------------------------------------------------- report


def report(results: list[Result], details: bool) -> None:
    header = ["corpus", "files", "refused", "segments", "drafts", *COLUMNS,
              "foreign hidden parts", "shown untranslated"]  # fmt: skip
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for result in results:
        cells = [
            result.corpus,
            str(result.files),
            str(len(result.refused)),
            f"{result.segments:,}",
            f"{result.drafts:,}",
            *(str(len(result.differ.get(column, []))) for column in COLUMNS),
            str(len(result.foreign_drafts)),
            str(result.fallbacks),
        ]
        print("| " + " | ".join(cells) + " |")
    print()
    generators = [result for result in results if result.dialect != "commonmark"]
    if generators:
        header = ["corpus", "dialect", "block items", "changed", "inline items", "changed",
                  "prose words", "not offered", "words offered",
                  "distinct words left English"]  # fmt: skip
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for result in generators:
            cells = [
                result.corpus,
                result.dialect,
                f"{result.block_items:,}",
                str(len(result.block_items_changed)),
                f"{result.inline_items:,}",
                str(len(result.inline_items_changed)),
                f"{result.prose_words:,}",
                str(len(result.unoffered)),
                f"{result.words_offered:,}",
                str(len(result.left_english)),
            ]
            print("| " + " | ".join(cells) + " |")
        print()
    for result in results:
        print(
            f"{result.corpus}: {result.published} of {result.files} files published, "
            f"{result.parsers_disagree} read otherwise by Python-Markdown than by markdown-it "
            f"(their Python-Markdown readings left out), {result.seconds:.1f} s"
        )
        if details:
            for column, items in result.differ.items():
                for item in items:
                    print(f"  {column}: {item}")
            for item in result.foreign_drafts:
                print(f"  foreign hidden part: {item}")
            for item in result.refused:
                print(f"  refused: {item}")
            for item in result.block_items_changed:
                print(f"  block item changed: {item}")
            for item in result.inline_items_changed:
                print(f"  inline item changed: {item}")
            for item in result.unoffered:
                print(f"  not offered: {item}")
            for item in result.left_english:
                print(f"  left English: {item}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", help="folders of Markdown or spec JSON files")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "translated_structure")
    parser.add_argument("--details", action="store_true", help="list what differs, by file")
    parser.add_argument("--no-installed", action="store_true", help="skip installed packages")
    parser.add_argument(
        "--baseline", action="store_true", help="the tool reads DIALECT: corpora as CommonMark"
    )
    options = parser.parse_args()
    results = []
    for name, dialect, documents in corpora(options.corpora, not options.no_installed):
        print(f"{name}: {len(documents)} documents", file=sys.stderr, flush=True)
        results.append(run_corpus(name, documents, options.work, dialect, options.baseline))
    report(results, options.details)


if __name__ == "__main__":
    main()
