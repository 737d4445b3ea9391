"""glossary.yml's YAML, read into PyYAML's nodes by libyaml, without recursion.

PyYAML's own composer reads about 0.5 MB a second in pure Python and composes nested
collections by recursion; a termbase extract of 50,000 terms (16 MB) took it 35 s. Here
libyaml (PyYAML's C parser, in its wheels) produces the events, and a loop with a stack
builds the same nodes PyYAML's SafeLoader would (the same tags, line marks and shared
aliased nodes), so the glossary's validation reads them as before. Nesting past
MAX_NESTING and aliases that repeat more values than the file holds are refused as they
are met. A file libyaml refuses is read again by PyYAML's Python parser, only to report
the error in the words and at the line it always has.

While nodes are made the cyclic garbage collector is paused: every node survives, so its
collections found nothing, and were most of the C composer's time (11 s of 13).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from polyglot_statement.errors import GlossaryError

MAX_NESTING = 100
# Values an alias may bring in again, over those written in the file: enough for any
# glossary that shares notes or lists by `&name`/`*name`, never a "billion laughs".
ALIAS_ALLOWANCE = 100_000


def compose(text: str, path: Path) -> Node | None:
    """The document's root node, as `yaml.compose(text, SafeLoader)` gives it; None for an
    empty file. Anything wrong raises GlossaryError with its line."""
    try:
        try:
            loader: Any = yaml.CSafeLoader(text)
            try:
                return _compose_events(loader, path)
            finally:
                loader.dispose()
        except ComposerError:
            raise
        except yaml.YAMLError:
            # libyaml refused the text: PyYAML's Python parser says what and where, in the
            # words and at the line it always has (or reads what libyaml would not).
            loader = yaml.SafeLoader(text)
            try:
                return _compose_events(loader, path)
            finally:
                loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise GlossaryError(
            f"not valid YAML: {error.problem or error.context}",
            path,
            mark.line + 1 if mark is not None else None,
        ) from None
    except yaml.YAMLError as error:
        raise GlossaryError(f"not valid YAML: {error}", path) from None


def _compose_events(loader: Any, path: Path) -> Node | None:
    """PyYAML's Composer.compose_document as a loop: nodes from events, tags resolved by
    the SafeLoader's rules (they have no path resolvers, so a node's tag depends only on
    its own value and style)."""
    root: Node | None = None
    documents = 0
    first_document: Any = None
    anchors: dict[str, Node] = {}
    weights: dict[int, int] = {}  # id(anchored node) → values under it, aliases expanded
    repeated = 0  # values brought in again by aliases
    # Open collections: the node, its weight so far, (mappings) a pending key, and whether
    # it is a sequence.
    stack: list[list[Any]] = []

    def attach(node: Node, weight: int) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        top = stack[-1]
        top[1] += weight
        if top[3]:
            top[0].value.append(node)
        elif top[2] is None:
            top[2] = node
        else:
            top[0].value.append((top[2], node))
            top[2] = None

    resolve = loader.resolve
    get_event = loader.get_event
    written = 0
    while True:
        event = get_event()
        written += 1
        kind_of = type(event)  # PyYAML's and libyaml's events are the same classes
        start: Any = event.start_mark  # libyaml's marks are of another class than PyYAML's
        if kind_of is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(ScalarNode, event.value, event.implicit)
            node: Node = ScalarNode(
                tag, event.value, start, event.end_mark, style=event.style or None
            )
            if event.anchor is None:
                # attach(node, 1), inline: most events are the scalars of a sequence.
                if stack:
                    top = stack[-1]
                    top[1] += 1
                    if top[3]:
                        top[0].value.append(node)
                    elif top[2] is None:
                        top[2] = node
                    else:
                        top[0].value.append((top[2], node))
                        top[2] = None
                else:
                    root = node
                continue
            _anchor(anchors, event, node)
            weights[id(node)] = 1
            attach(node, 1)
        elif kind_of is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", start)
            target = anchors[event.anchor]
            weight = weights.get(id(target), 1)  # an open collection: its own ancestor
            repeated += weight
            if repeated > ALIAS_ALLOWANCE + written:
                raise GlossaryError(
                    f"aliases (*{event.anchor}) repeat more than {ALIAS_ALLOWANCE:,} values; "
                    "write the glossary out without them",
                    path,
                    start.line + 1,
                )
            attach(target, weight)
        elif kind_of is yaml.SequenceStartEvent or kind_of is yaml.MappingStartEvent:
            if len(stack) >= MAX_NESTING:
                raise GlossaryError(
                    f"lists or mappings nest more than {MAX_NESTING} deep; "
                    "a glossary needs four levels",
                    path,
                    start.line + 1,
                )
            kind = SequenceNode if kind_of is yaml.SequenceStartEvent else MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(kind, None, event.implicit)
            node = kind(tag, [], start, None, flow_style=event.flow_style)
            _anchor(anchors, event, node)
            if event.anchor is not None:
                weights[id(node)] = 1  # until it ends: an alias inside it is a cycle
            stack.append([node, 1, None, kind is SequenceNode])
        elif kind_of is yaml.SequenceEndEvent or kind_of is yaml.MappingEndEvent:
            node, weight, _, _ = stack.pop()
            node.end_mark = event.end_mark
            if id(node) in weights:  # anchored: what an alias of it brings in
                weights[id(node)] = weight
            attach(node, weight)
        elif kind_of is yaml.DocumentStartEvent:
            documents += 1
            if documents == 1:
                first_document = start
            else:
                raise ComposerError(
                    "expected a single document in the stream",
                    first_document,
                    "but found another document",
                    start,
                )
        elif kind_of is yaml.DocumentEndEvent:
            anchors = {}
        elif kind_of is yaml.StreamEndEvent:
            return root


def _anchor(anchors: dict[str, Node], event: Any, node: Node) -> None:
    anchor = event.anchor
    if anchor is None:
        return
    if anchor in anchors:
        raise ComposerError(
            f"found duplicate anchor {anchor!r}; first occurrence",
            anchors[anchor].start_mark,
            "second occurrence",
            event.start_mark,
        )
    anchors[anchor] = node
