"""Markdown checks: the translation keeps the source's inline structure and adds no HTML."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common import normalize_url
from markdown_it.token import Token

from polyglot_statement.checks.base import ERROR, WARNING, Check, Unit
from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.source import (
    MARKUP_CHARACTERS_SHOWN,
    MAX_NESTING,
    MAX_SEGMENT_LINES,
    MAX_SEGMENT_MARKUP,
    NO_DEFINITIONS,
    LinkDefinitions,
    inline_depth,
    keep_references,
    markup_count,
    new_parser,
    paired_by_order,
    reference_labels,
    text_lines,
    unresolved_references,
)
from polyglot_statement.source.generator import (
    item_counts,
    masked,
    placeholder,
    trailing_item,
)
from polyglot_statement.source.inline_html import (
    TRANSLATABLE_ATTRIBUTES,
    html_tags,
    tag_shape,
    tags_licensed,
)
from polyglot_statement.source.inline_reading import inline_mode_children

# Text with none of these characters has no inline Markdown; most segments are like that,
# and skipping the parser for them is what keeps checking 10,000 catalogues fast.
_MARKUP_CHARACTER = re.compile(r"[*_`\[\]<>\\\n&]")
# Searched for apart, and only in text with a colon: a case-insensitive alternation keeps
# the regex engine from skipping ahead to candidate characters, five times slower.
_SCHEME_WORD = re.compile(r"script:|data:", re.IGNORECASE)
_TAG_NAME = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)|<!--")
# markdown-it refuses these link targets (the link stays text), so they are looked for in
# the raw text.
_DANGEROUS_SCHEME = re.compile(r"\b(?:(?:javascript|vbscript):|data:[\w.+-]+/)", re.IGNORECASE)
# Footnote references only parse when their definition is in the same text, which a
# segment never has.
# No `[` in a label: `[^[^[^…` would otherwise read to the end from each `[^`.
_FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\[\]\s]++\]")


@dataclass(frozen=True, slots=True)
class InlineStructure:
    counts: Counter[str]  # emphasis, strong, code span, link, image, line break, footnote
    link_targets: Counter[str]
    image_sources: Counter[str]
    code_spans: Counter[str]
    html_tags: Counter[str]  # tag names of inline HTML ("script", "a", "!--")


_EMPTY = InlineStructure(Counter(), Counter(), Counter(), Counter(), Counter())

_COUNTED = {
    "em_open": "emphasis",
    "strong_open": "strong",
    "code_inline": "code span",
    "link_open": "link",
    "image": "image",
    "hardbreak": "line break",
}
_FOOTNOTE = "footnote reference"


class _LinkRememberingParser(MarkdownIt):
    """The same link targets come back in every language, and normalising one
    (percent-encoding, punycode) costs more than parsing the text around it."""

    def normalizeLink(self, url: str) -> str:
        return _normalized_link(url)


@lru_cache(maxsize=16384)
def _normalized_link(url: str) -> str:
    return normalize_url.normalizeLink(url)


@lru_cache(maxsize=4)
def checks_parser(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    """The inline parser the checks read texts with (a test turns its shortcuts off)."""
    # The same Markdown dialect segment.py splits the source with.
    # All of its rules, as the renderer's parser has them: dropping the two that only join
    # text tokens saved a tenth of a checks' parse, but a parser with other rules shares no
    # reading with the nesting check and the renderer (inline_reading), and a build then
    # parsed a crowded paragraph twice.
    return new_parser(_LinkRememberingParser, dialect=dialect)


def inline_structure(
    text: str, definitions: LinkDefinitions = NO_DEFINITIONS, *, dialect: Dialect = COMMONMARK
) -> InlineStructure:
    """What a text's inline Markdown links, shows and marks; its reference links resolve
    against `definitions` (the statement's), as they do on the page.

    Generator items (source/generator.py) are read as one word each, as the generator
    replaces them before Markdown is read: `[x]({% link a.md %})` is a link."""
    if dialect.extensions:
        items: dict[str, str] = {}

        def stand_in(item: str) -> str:
            items[placeholder(item)] = item
            return placeholder(item)

        plain = masked(text, dialect, stand_in)
        if items:
            return _restored(_inline_structure(plain, definitions, COMMONMARK), items)
    elif not may_have_markup(text):
        return _EMPTY  # most texts: known before the cache is asked (hashing its key)
    # One cache key whether `definitions` was given or not: lru_cache keys `f(x)` and
    # `f(x, NO_DEFINITIONS)` apart, and the html check read each translation a second time.
    return _inline_structure(text, definitions, dialect)


def may_have_markup(text: str) -> bool:
    """Whether `text` holds a markup character or a scheme word; without, it is _EMPTY
    and is not parsed (public: a test shows the findings are the same if it is)."""
    return _MARKUP_CHARACTER.search(text) is not None or (
        ":" in text and _SCHEME_WORD.search(text) is not None
    )


@lru_cache(maxsize=16384)  # as checks.content.addresses'
def _inline_structure(text: str, definitions: LinkDefinitions, dialect: Dialect) -> InlineStructure:
    if not may_have_markup(text):
        return _EMPTY
    structure = InlineStructure(Counter(), Counter(), Counter(), Counter(), Counter())
    env = {"references": definitions.env} if definitions and "[" in text else {}
    # Without `[`, the reading the nesting check and the renderer share (inline_reading).
    children = inline_mode_children(checks_parser(dialect), text)
    if children is not None:
        _walk(children, structure)
    else:
        for block in checks_parser(dialect).parseInline(text, env):
            _walk(block.children or [], structure)
    if "[^" in text:
        structure.counts[_FOOTNOTE] = len(_FOOTNOTE_REFERENCE.findall(text))
    return structure


def _restored(structure: InlineStructure, items: dict[str, str]) -> InlineStructure:
    """The structure with each item's stand-in written back as the item."""
    if structure is _EMPTY:
        return _EMPTY

    def back(counts: Counter[str]) -> Counter[str]:
        restored: Counter[str] = Counter()
        for key, count in counts.items():
            for stand_in, item in items.items():
                key = key.replace(stand_in, item)
            restored[key] += count
        return restored

    return InlineStructure(
        structure.counts,
        back(structure.link_targets),
        back(structure.image_sources),
        back(structure.code_spans),
        structure.html_tags,
    )


def _walk(tokens: list[Token], structure: InlineStructure) -> None:
    for token in tokens:
        kind = _COUNTED.get(token.type)
        if kind is not None:
            structure.counts[kind] += 1
        if token.type == "link_open":
            structure.link_targets[str(token.attrGet("href") or "")] += 1
        elif token.type == "image":
            structure.image_sources[str(token.attrGet("src") or "")] += 1
        elif token.type == "code_inline":
            structure.code_spans[token.content] += 1
        elif token.type == "html_inline":
            match = _TAG_NAME.match(token.content)
            if match is not None:
                structure.html_tags[(match.group(1) or "!--").lower()] += 1
        if token.children:
            _walk(token.children, structure)


def crowded(unit: Unit) -> int:
    """How many markup characters the translation holds when it holds more than markdown-it
    may read in it (markdown_syntax.crowded_markup says why): more than MAX_SEGMENT_MARKUP
    and more than twice its source's; 0 otherwise. Such a translation is not parsed."""
    if len(unit.msgstr) <= MAX_SEGMENT_MARKUP:
        return 0  # (no need to count: the usual case)
    count = markup_count(unit.msgstr)
    if count <= MAX_SEGMENT_MARKUP or count <= 2 * markup_count(unit.msgid):
        return 0
    return count


def too_long(unit: Unit) -> int:
    """How many lines holding text the translation has when it has more than
    MAX_SEGMENT_LINES and more than twice its source's; 0 otherwise. markdown-it's block
    rules cost 10-40 µs a line (markdown_syntax.crowded_lines says why): such a
    translation is not parsed, and build leaves it out."""
    if unit.msgstr.count("\n") + unit.msgstr.count("\r") < MAX_SEGMENT_LINES:
        return 0
    count = text_lines(unit.msgstr)
    if count <= MAX_SEGMENT_LINES or count <= 2 * text_lines(unit.msgid):
        return 0
    return count


def _surplus(translation: Counter[str], source: Counter[str]) -> list[str]:
    return sorted((translation - source).elements())


class MarkdownStructure(Check):
    check_id = "markdown"
    severity = ERROR
    description = (
        "Emphasis, strong, code spans, links and their targets, images, line breaks or "
        "footnote references differ in number or target from the source (reference "
        "links resolved against the statement's link definitions), or nest deeper than "
        "a page can be built."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        if count := crowded(unit):
            yield (
                f"the translation holds {count:,} Markdown markup characters "
                f"({MARKUP_CHARACTERS_SHOWN}); at "
                f"most {MAX_SEGMENT_MARKUP:,} (or twice the source's) can be read in one "
                "segment: write it with about as many as the source"
            )
            return
        if count := too_long(unit):
            yield (
                f"the translation has {count:,} lines holding text; at most "
                f"{MAX_SEGMENT_LINES:,} (or twice the source's) can be read in one segment: "
                "write it with about as many lines as the source"
            )
            return
        definitions = unit.definitions
        msgstr = unit.msgstr
        if definitions and "[" in msgstr:
            # Checked as it will be published: segment.rebuild gives a collapsed or
            # shortcut reference whose text changed the source's label where it can.
            msgstr = keep_references(unit.msgid, msgstr, definitions, dialect=unit.dialect)
        source = inline_structure(unit.msgid, definitions, dialect=unit.dialect)
        translation = inline_structure(msgstr, definitions, dialect=unit.dialect)
        # (Text without markup characters, most of it, cannot nest: _EMPTY says so. A
        # translation equal to its source nests as the source does, and every command that
        # reads the statement refuses a source nested too deep: it is not parsed again.)
        if (
            translation is not _EMPTY
            and msgstr != unit.msgid
            and (depth := inline_depth(msgstr, dialect=unit.dialect)) > MAX_NESTING
        ):
            # Even with the source's counts: the page is walked by recursion (markup.py in
            # source/), so build could not publish it, and check says so first.
            yield (
                f"markup nests {depth} levels deep (emphasis, links or HTML inside each "
                f"other); at most {MAX_NESTING} can be published: simplify it"
            )
            return
        if source is translation or source == translation:
            return  # the usual case: the structure kept as it was (or none at all)
        unresolved: list[str] = []
        labels = (
            reference_labels(unit.msgid, definitions, dialect=unit.dialect) if definitions else []
        )
        if labels and (
            source.link_targets != translation.link_targets
            or source.image_sources != translation.image_sources
        ):
            unresolved = unresolved_references(
                unit.msgid, msgstr, definitions, dialect=unit.dialect
            )
            written = ", ".join(f"[{label}]" for label in labels)
            for reference in unresolved:
                yield (
                    f"{reference} matches no link definition of the document; write the "
                    f"link as [text][label] with the source's label ({written})"
                )
        # What an unresolved reference explains (a link or image fewer, its target
        # missing) is not said twice.
        explained = {"link", "image"} if unresolved else set()
        for kind in (*_COUNTED.values(), _FOOTNOTE):
            wanted, found = source.counts[kind], translation.counts[kind]
            if wanted != found and not (kind in explained and found < wanted):
                yield f"{found} {kind}(s) where the source has {wanted}"
        if not unresolved:
            for target in _surplus(source.link_targets, translation.link_targets):
                yield f"link target {target} of the source is missing"
        for target in _surplus(translation.link_targets, source.link_targets):
            yield f"link target {target} is not in the source"
        if not unresolved:
            for target in _surplus(source.image_sources, translation.image_sources):
                yield f"image {target} of the source is missing"
        for target in _surplus(translation.image_sources, source.image_sources):
            yield f"image {target} is not in the source"
        if source.counts["code span"] == translation.counts["code span"]:
            for code in _surplus(source.code_spans, translation.code_spans):
                yield f"code span `{code}` was changed; code is not translated"


def _changed_tags(msgid: str, msgstr: str) -> str:
    """The translation's first tag that is none of the source's, or a word for the rest."""
    source = {tag_shape(tag) for tag in html_tags(msgid)}
    for tag in html_tags(msgstr):
        if tag_shape(tag) not in source:
            return tag
    return "of this text (a `<` that starts no tag of the source, or the nesting)"


class GeneratorItems(Check):
    check_id = "generator"
    severity = ERROR
    description = (
        "A site generator's item of the source (Liquid {{ … }} or {% … %}, a Hugo "
        "shortcode, an attribute list, a heading id, an emoji shortcode) is missing or "
        "changed, or the translation has one the source lacks, or a heading id or "
        "attribute list that ends the source no longer ends the translation. Only in a "
        "workspace whose `markdown` setting names a generator's dialect."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        if not unit.dialect.extensions:
            return
        source = item_counts(unit.msgid, unit.dialect)
        translation = item_counts(unit.msgstr, unit.dialect)
        if source == translation:
            ending = trailing_item(unit.msgid, unit.dialect)
            if ending is not None and trailing_item(unit.msgstr, unit.dialect) != ending:
                yield (
                    f"{ending} must end the text, as in the source: the site generator "
                    "reads a heading id or attribute list only at the end of its heading "
                    "or block, and shows it as words elsewhere: move it to the end"
                )
            return
        for item in _surplus(source, translation):
            yield (
                f"{item} of the source is missing or changed; the site generator reads it: "
                "copy it exactly as the source writes it (it may move)"
            )
        for item in _surplus(translation, source):
            yield f"{item} is not in the source; the site generator would read it: remove it"


class ReferenceOrder(Check):
    check_id = "reference-order"
    severity = WARNING
    description = (
        "Reference links whose text was translated were given the source's labels by "
        "their order, and lead to different pages: right unless the links were moved."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        if not unit.definitions or "[" not in unit.msgstr:
            return
        paired = paired_by_order(unit.msgid, unit.msgstr, unit.definitions, dialect=unit.dialect)
        if paired:
            yield (
                f"published as {', '.join(paired)} (labels taken in the source's order); "
                "if the translation moved these links, write each as [text][label]"
            )


class RawHtml(Check):
    check_id = "html"
    severity = ERROR
    description = (
        "The translation has raw HTML, script or a script link that the source lacks, or "
        "changes a tag of the source other than in its alt, title or aria-label (the page "
        "would show the tags as text)."
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        if crowded(unit) or too_long(unit):
            return  # not parsed: MarkdownStructure reports it, and build leaves it out
        translation = inline_structure(unit.msgstr, dialect=unit.dialect)
        if translation is _EMPTY:
            return
        if translation.html_tags:
            source = inline_structure(unit.msgid, dialect=unit.dialect)
            surplus = dict.fromkeys(_surplus(translation.html_tags, source.html_tags))
            for tag in surplus:
                shown = "an HTML comment" if tag == "!--" else f"<{tag}>"
                yield f"{shown} is not in the source"
            if not surplus and source.html_tags and not tags_licensed(unit.msgid, unit.msgstr):
                # The build would show every tag of this text as text (publish/untrusted.py).
                changed = _changed_tags(unit.msgid, unit.msgstr)
                yield (
                    f"the HTML {changed} differs from the source's; copy each tag as the "
                    "source writes it, in the same nesting (only the values of "
                    f"{', '.join(TRANSLATABLE_ATTRIBUTES)} may be translated), or the page "
                    "shows it as text"
                )
        # (Every scheme ends with a colon: without one, the regex need not scan the text.)
        scripts = len(_DANGEROUS_SCHEME.findall(unit.msgstr)) if ":" in unit.msgstr else 0
        if scripts and scripts > len(_DANGEROUS_SCHEME.findall(unit.msgid)):
            yield "a javascript:, vbscript: or data: link is not in the source"
