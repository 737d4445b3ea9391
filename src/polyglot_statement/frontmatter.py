"""Split a statement into YAML front matter and Markdown body, keeping every offset.

PyYAML's composer gives each value its start and end mark, so a field's text can be
replaced in place and an error can name its line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from polyglot_statement.errors import SourceError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FENCE = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ScalarField:
    """One string value of the front matter, with its place in the whole document."""

    key: str
    value: str
    start: int
    end: int
    line: int
    style: str | None


@dataclass(frozen=True, slots=True)
class FrontMatter:
    data: dict[str, Any] = field(default_factory=dict)
    fields: tuple[ScalarField, ...] = ()
    body_start: int = 0  # offset of the first character after the closing fence


def split_front_matter(text: str, path: Path) -> FrontMatter:
    # Editors on Windows may save a byte-order mark; it stays in the text (a rebuilt
    # document keeps every byte) but must not hide the opening fence.
    opening = _FENCE.match(text, 1 if text.startswith("\ufeff") else 0)
    if opening is None:
        return FrontMatter()
    content_start = opening.end()
    closing = _CLOSING.search(text, content_start)
    if closing is None:
        raise SourceError(
            "front matter opened by the `---` on line 1 is never closed; add a `---` line "
            "after it (to start the text with a horizontal rule, write `***` instead)",
            path,
            1,
        )
    content = text[content_start : closing.start()]
    first_line = 2  # the opening fence is line 1
    # One pass of libyaml (when PyYAML has it) both composes the nodes, whose marks give
    # each value's place, and constructs the plain data.
    loader = _Loader(content)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and (mark is None or mark.index >= len(content.rstrip())):
            mark = error.context_mark  # "unclosed [" is reported at the end; point at its start
        line = first_line + mark.line if mark is not None else 1
        raise SourceError(f"invalid YAML in front matter: {error.problem}", path, line) from None
    except yaml.YAMLError as error:
        raise SourceError(f"invalid YAML in front matter: {error}", path, 1) from None
    finally:
        loader.dispose()
    if node is None:
        data = {}
    elif not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise SourceError(
            "front matter (opened by the `---` on line 1) must be a mapping of keys to values, "
            "e.g. `title: ...` (to start the text with a horizontal rule, write `***` instead)",
            path,
            first_line + node.start_mark.line,
        )
    fields: list[ScalarField] = []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            values = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for item in values:
                if not isinstance(item, yaml.ScalarNode) or item.tag != "tag:yaml.org,2002:str":
                    continue
                start, end = item.start_mark.index, item.end_mark.index
                if item.style in ("|", ">"):
                    # A block scalar's span runs to the next key; leave its line breaks be.
                    end = start + len(content[start:end].rstrip("\r\n"))
                fields.append(
                    ScalarField(
                        key=key,
                        value=item.value.strip(),
                        start=content_start + start,
                        end=content_start + end,
                        line=first_line + item.start_mark.line,
                        style=item.style,
                    )
                )
    return FrontMatter(data=data, fields=tuple(fields), body_start=closing.end())


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar; JSON's string syntax is a subset of it."""
    return json.dumps(value, ensure_ascii=False)
