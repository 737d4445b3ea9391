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
from polyglot_statement.source import (
    MAX_NESTING,
    NO_DEFINITIONS,
    LinkDefinitions,
    inline_depth,
    keep_references,
    new_parser,
    paired_by_order,
    reference_labels,
    unresolved_references,
)

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


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # The same Markdown dialect segment.py splits the source with.
    return new_parser(_LinkRememberingParser)


def inline_structure(text: str, definitions: LinkDefinitions = NO_DEFINITIONS) -> InlineStructure:
    """What a text's inline Markdown links, shows and marks; its reference links resolve
    against `definitions` (the statement's), as they do on the page."""
    # Always both arguments: lru_cache keys `f(text)` and `f(text, NO_DEFINITIONS)`
    # apart, and the markdown and html checks would parse each translation twice.
    return _inline_structure(text, definitions)


@lru_cache(maxsize=65536)
def _inline_structure(text: str, definitions: LinkDefinitions) -> InlineStructure:
    if not (_MARKUP_CHARACTER.search(text) or (":" in text and _SCHEME_WORD.search(text))):
        return _EMPTY
    structure = InlineStructure(Counter(), Counter(), Counter(), Counter(), Counter())
    env = {"references": definitions.env} if definitions and "[" in text else {}
    for block in _parser().parseInline(text, env):
        _walk(block.children or [], structure)
    if "[^" in text:
        structure.counts[_FOOTNOTE] = len(_FOOTNOTE_REFERENCE.findall(text))
    return structure


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
        definitions = unit.definitions
        msgstr = unit.msgstr
        if definitions and "[" in msgstr:
            # Checked as it will be published: segment.rebuild gives a collapsed or
            # shortcut reference whose text changed the source's label where it can.
            msgstr = keep_references(unit.msgid, msgstr, definitions)
        source = inline_structure(unit.msgid, definitions)
        translation = inline_structure(msgstr, definitions)
        # (Text without markup characters, most of it, cannot nest: _EMPTY says so.)
        if translation is not _EMPTY and (depth := inline_depth(msgstr)) > MAX_NESTING:
            # Even with the source's counts: the page is walked by recursion (markup.py in
            # source/), so build could not publish it, and check says so first.
            yield (
                f"markup nests {depth} levels deep (emphasis, links or HTML inside each "
                f"other); at most {MAX_NESTING} can be published: simplify it"
            )
            return
        if source == translation:
            return  # the usual case: the structure kept as it was (or none at all)
        unresolved: list[str] = []
        labels = reference_labels(unit.msgid, definitions) if definitions else []
        if labels and (
            source.link_targets != translation.link_targets
            or source.image_sources != translation.image_sources
        ):
            unresolved = unresolved_references(unit.msgid, msgstr, definitions)
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
        paired = paired_by_order(unit.msgid, unit.msgstr, unit.definitions)
        if paired:
            yield (
                f"published as {', '.join(paired)} (labels taken in the source's order); "
                "if the translation moved these links, write each as [text][label]"
            )


class RawHtml(Check):
    check_id = "html"
    severity = ERROR
    description = "The translation has raw HTML, script or a script link that the source lacks."

    def problems(self, unit: Unit) -> Iterator[str]:
        translation = inline_structure(unit.msgstr)
        if translation is _EMPTY:
            return
        if translation.html_tags:
            source = inline_structure(unit.msgid)
            for tag in dict.fromkeys(_surplus(translation.html_tags, source.html_tags)):
                shown = "an HTML comment" if tag == "!--" else f"<{tag}>"
                yield f"{shown} is not in the source"
        scripts = len(_DANGEROUS_SCHEME.findall(unit.msgstr))
        if scripts and scripts > len(_DANGEROUS_SCHEME.findall(unit.msgid)):
            yield "a javascript:, vbscript: or data: link is not in the source"
