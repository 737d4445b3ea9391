"""Reference links and the document's link definitions, so a translated link still resolves.

A reference link finds its target through a label: `[text][label]` (full), or the text
itself in `[text][]` (collapsed) and `[text]` (shortcut). The definition
(`[label]: target`) may be anywhere in the document, so a segment's text alone does not
say where its links go. Once a translator translates the text of a collapsed or
shortcut reference, its label is gone: the page would show `[site web de Node.js][]` as
text. A translation is therefore given back the source's label,
`[site web de Node.js][Node.js website]`: the references of the translation that match
no definition are paired, in order, with the source's references it lacks, when there
are as many of each. Where that order decides between different targets, the check
warns (a translator who moved the links must write the labels); where the numbers
differ, nothing is guessed and the check reports an error naming the labels to use.

markdown-it itself finds the references (a parse in which every label resolves records
each one), so what counts as a reference here is exactly what the renderer links.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.image import image as _image_rule
from markdown_it.rules_inline.link import link as _link_rule

from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.source.markdown_syntax import new_parser

__all__ = [
    "NO_DEFINITIONS",
    "LinkDefinitions",
    "ReferenceLink",
    "keep_references",
    "paired_by_order",
    "reference_labels",
    "reference_links",
    "unresolved_references",
]


class LinkDefinitions:
    """A document's link definitions: normalised label → target (markdown-it's env form)."""

    __slots__ = ("_hash", "env")

    def __init__(self, env: Mapping[str, Mapping[str, Any]] | None = None):
        self.env: dict[str, dict[str, Any]] = {
            label: {"href": value.get("href", ""), "title": value.get("title", "")}
            for label, value in (env or {}).items()
        }
        self._hash = hash(tuple(sorted((label, v["href"]) for label, v in self.env.items())))

    def __bool__(self) -> bool:
        return bool(self.env)

    def __contains__(self, label: object) -> bool:
        return label in self.env

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinkDefinitions) and self.env == other.env

    def __hash__(self) -> int:
        return self._hash

    def target(self, label: str) -> str:
        return str(self.env[label]["href"])

    def __repr__(self) -> str:
        return f"LinkDefinitions({sorted(self.env)!r})"


NO_DEFINITIONS = LinkDefinitions()


@dataclass(frozen=True, slots=True)
class ReferenceLink:
    """A link or image written as a reference, with its place in the text."""

    start: int  # the opening `[` (or the `!` of an image)
    end: int  # just after the last `]`
    text_end: int  # the `]` that closes the link text
    label: str  # normalised, as definitions are looked up
    written_label: str  # as written: the explicit label, or the text of a collapsed/shortcut one
    explicit: bool  # `[text][label]`; otherwise collapsed or shortcut


class _EveryLabel(dict[str, Any]):
    """markdown-it's reference table answering every label, and noting which were asked."""

    def __init__(self) -> None:
        super().__init__()
        # One slot per link or image rule running: a link's text is parsed inside its
        # rule, after its own label was looked up, and may hold an image with its own.
        self.asked: list[str | None] = []

    def get(self, label: str, default: Any = None) -> Any:
        if label.startswith("^"):
            return default  # a footnote reference, which the footnote rule reads next
        if self.asked:
            self.asked[-1] = label
        return {"href": "", "title": ""}


def _recording(rule: Any) -> Any:
    def recorded(state: StateInline, silent: bool) -> bool:
        table = state.env.get("references")
        if not isinstance(table, _EveryLabel) or silent or state.src[state.pos] not in "[!":
            return bool(rule(state, silent))
        start = state.pos
        table.asked.append(None)
        try:
            found = bool(rule(state, silent))
        finally:
            label = table.asked.pop()
        if found and label is not None:
            state.env["found"].append((start, state.pos, label))
        return found

    return recorded


@lru_cache(maxsize=4)
def _finder(dialect: Dialect = COMMONMARK) -> MarkdownIt:
    parser = new_parser(dialect=dialect)
    parser.inline.ruler.at("link", _recording(_link_rule))
    parser.inline.ruler.at("image", _recording(_image_rule))
    return parser


@lru_cache(maxsize=4096)
def reference_links(text: str, *, dialect: Dialect = COMMONMARK) -> tuple[ReferenceLink, ...]:
    """Every place markdown-it would read as a reference link if its label were defined."""
    if "[" not in text or "]" not in text:
        return ()
    env: dict[str, Any] = {"references": _EveryLabel(), "found": []}
    _finder(dialect).parseInline(text, env)
    links: list[ReferenceLink] = []
    for start, end, label in env["found"]:
        links.append(_describe(text, start, end, label))
    return tuple(sorted(links, key=lambda link: link.start))


def _describe(text: str, start: int, end: int, label: str) -> ReferenceLink:
    if text.endswith("][]", 0, end):
        text_end = end - 3  # collapsed: `[text][]`
        written = text[start + 1 + (text[start] == "!") : text_end]
        return ReferenceLink(start, end, text_end, label, written, False)
    opening = start + 1 + (text[start] == "!")
    # A full reference ends with `][label]`; its label normalises to the one looked up.
    bracket = text.rfind("[", opening, end - 1)
    while bracket > opening:
        if text[bracket - 1] == "]" and normalizeReference(text[bracket + 1 : end - 1]) == label:
            return ReferenceLink(start, end, bracket - 1, label, text[bracket + 1 : end - 1], True)
        bracket = text.rfind("[", opening, bracket)
    return ReferenceLink(start, end, end - 1, label, text[opening : end - 1], False)


def keep_references(
    msgid: str, translation: str, definitions: LinkDefinitions, *, dialect: Dialect = COMMONMARK
) -> str:
    """The translation with each collapsed or shortcut reference whose text changed
    written `[new text][source label]` (see the module's docstring for the pairing)."""
    pairs = _pairs(msgid, translation, definitions, dialect)
    if not pairs:
        return translation
    pieces: list[str] = []
    position = 0
    for orphan, source in pairs:
        pieces.append(translation[position : orphan.text_end + 1])
        pieces.append(f"[{source.written_label}]")
        position = orphan.end
    pieces.append(translation[position:])
    return "".join(pieces)


def unresolved_references(
    msgid: str, text: str, definitions: LinkDefinitions, *, dialect: Dialect = COMMONMARK
) -> list[str]:
    """The references of `text`, as written, that match no definition of the document."""
    if not definitions or "[" not in text:
        return []
    found = _unresolved(msgid, text, definitions, dialect)
    return [text[link.start : link.end] for link in found]


def reference_labels(
    msgid: str, definitions: LinkDefinitions, *, dialect: Dialect = COMMONMARK
) -> list[str]:
    """The labels, as written, of the source's references that resolve."""
    return list(
        dict.fromkeys(
            link.written_label
            for link in reference_links(msgid, dialect=dialect)
            if link.label in definitions
        )
    )


def _unresolved(
    msgid: str, text: str, definitions: LinkDefinitions, dialect: Dialect
) -> list[ReferenceLink]:
    """References of `text` that match no definition, leaving out the brackets the source
    has as plain text too (`[sic]`)."""
    literal = Counter(
        link.label
        for link in reference_links(msgid, dialect=dialect)
        if link.label not in definitions
    )
    unresolved: list[ReferenceLink] = []
    for link in reference_links(text, dialect=dialect):
        if link.label in definitions:
            continue
        if literal[link.label] > 0:
            literal[link.label] -= 1
            continue
        unresolved.append(link)
    return unresolved


def _pairs(
    msgid: str, translation: str, definitions: LinkDefinitions, dialect: Dialect
) -> list[tuple[ReferenceLink, ReferenceLink]]:
    """(reference of the translation, source reference it stands for), in text order."""
    if not definitions or translation == msgid or "[" not in translation:
        return []
    unresolved = _unresolved(msgid, translation, definitions, dialect)
    orphans = [link for link in unresolved if not link.explicit]
    if not orphans:
        return []
    kept = Counter(
        link.label
        for link in reference_links(translation, dialect=dialect)
        if link.label in definitions
    )
    lost: list[ReferenceLink] = []
    for link in reference_links(msgid, dialect=dialect):
        if link.label not in definitions:
            continue
        if kept[link.label] > 0:
            kept[link.label] -= 1
        else:
            lost.append(link)
    if len(orphans) != len(lost):
        return []  # a link dropped or brackets added: no pairing; the check reports it
    return list(zip(orphans, lost, strict=True))


def paired_by_order(
    msgid: str, translation: str, definitions: LinkDefinitions, *, dialect: Dialect = COMMONMARK
) -> list[str]:
    """`[text][label]` for each reference keep_references labels by its position alone:
    their texts changed and they point to different targets, so a translation that
    reordered them would swap the targets."""
    pairs = _pairs(msgid, translation, definitions, dialect)
    if len({definitions.target(source.label) for _, source in pairs}) < 2:
        return []
    return [
        f"{translation[orphan.start : orphan.text_end + 1]}[{source.written_label}]"
        for orphan, source in pairs
    ]
