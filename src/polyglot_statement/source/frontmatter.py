"""Split a statement into its front matter (YAML, or Hugo's TOML) and Markdown body,
keeping every offset.

PyYAML's composer gives each value its start and end mark, so a field's text can be
replaced in place and an error can name its line. TOML front matter (between `+++`
lines, with the `toml-front-matter` extension) is read by tomllib, which gives no
places: toml_fields.py finds the top-level strings' spans itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from polyglot_statement.config import deadline_value
from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import SourceError
from polyglot_statement.source.toml_fields import toml_values

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, whose values that Python cannot make are YAML errors at their
    line: a typo such as `date: 2024-02-30` resolves as a timestamp and `datetime` refuses
    it, a 5,000-digit number is past Python's limit on converting digits to int."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, _unreadable(node, error), node.start_mark
            ) from None


def _unreadable(node: yaml.Node, error: Exception) -> str:
    written = str(node.value) if isinstance(node, yaml.ScalarNode) else ""
    shown = f"`{written}`" if len(written) <= 40 else f"a value of {len(written):,} characters"
    # Python's own words, without its advice to change the interpreter's limits.
    reason = str(error).split(";")[0].split(": value has")[0]
    if node.tag == "tag:yaml.org,2002:timestamp":
        why = f" ({reason})" if len(reason) <= 60 else ""
        return (
            f"{shown} is not a real date or time{why}; correct it (YYYY-MM-DD), "
            "or put it in quotes to keep it as text"
        )
    if node.tag == "tag:yaml.org,2002:int":
        return (
            f"{shown} is a number too long to read ({reason}); put it in quotes to keep it as text"
        )
    return f"{shown} cannot be read ({reason}); put it in quotes to keep it as text"


_FENCE = re.compile(r"---[ \t]*(?:\r\n|\r|\n)")
# At a line's start: after any line break, a carriage return alone (old Mac OS) too, which
# `^` does not know: such a statement's front matter was "never closed".
_CLOSING = re.compile(r"(?<![^\r\n])(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_NULL = "tag:yaml.org,2002:null"
_TOML_FENCE = re.compile(r"\+\+\+[ \t]*(?:\r\n|\r|\n)")
_TOML_CLOSING = re.compile(r"(?<![^\r\n])\+\+\+[ \t]*(?:\r\n|\r|\n|$)", re.MULTILINE)
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)|\(at end of document\)")
YAML = "yaml"
TOML = "toml"
# The values a page shows (the template's variables): text, one value each.
PAGE_FIELDS = ("title", "subtitle", "summary", "organisation")
DATE_FIELD = "date"
DEADLINE_FIELD = "deadline"  # when the translations are due (status/deadlines.py)


@dataclass(frozen=True, slots=True)
class ScalarField:
    """One scalar value of the front matter as text, with its place in the whole document."""

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
    format: str = YAML  # the syntax its values are written back in: YAML or TOML


def split_front_matter(text: str, path: Path, *, dialect: Dialect = COMMONMARK) -> FrontMatter:
    # Editors on Windows may save a byte-order mark; it stays in the text (a rebuilt
    # document keeps every byte) but must not hide the opening fence.
    start = 1 if text.startswith("\ufeff") else 0
    if dialect.has("toml-front-matter") and (toml := _TOML_FENCE.match(text, start)):
        return _toml_front_matter(text, toml.end(), path)
    opening = _FENCE.match(text, start)
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
    if "*" in content:
        _refuse_aliases(content, path, first_line)
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
        return FrontMatter(body_start=closing.end())
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise SourceError(
            "front matter (opened by the `---` on line 1) must be a mapping of keys to values, "
            "e.g. `title: ...` (to start the text with a horizontal rule, write `***` instead)",
            path,
            first_line + node.start_mark.line,
        )
    _refuse_duplicate_keys(node, path, first_line)
    fields: list[ScalarField] = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = first_line + value_node.start_mark.line
        if key == DATE_FIELD:
            _check_date(data.get(key), value_node, path, line)
        if key == DEADLINE_FIELD:
            _check_deadline(data.get(key), value_node, path, line)
        if key in PAGE_FIELDS:
            shown = _page_text(key, value_node, path, line)
            if shown is None:
                data.pop(key, None)  # `subtitle:` with no value: no subtitle
                continue
            data[key] = shown  # what the page shows: the text as written, never repr()
        values = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for item in values:
            if not isinstance(item, yaml.ScalarNode) or item.tag == _NULL:
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


def _toml_front_matter(text: str, content_start: int, path: Path) -> FrontMatter:
    """Hugo's TOML front matter: values read by tomllib, top-level strings' spans found
    by toml_fields.py (the values an edition rewrites, written back as TOML strings)."""
    closing = _TOML_CLOSING.search(text, content_start)
    if closing is None:
        raise SourceError(
            "TOML front matter opened by the `+++` on line 1 is never closed; add a `+++` "
            "line after it",
            path,
            1,
        )
    content = text[content_start : closing.start()]
    first_line = 2
    try:
        data = tomllib.loads(content)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = _TOML_LINE.search(message)
        line = first_line - 1 + int(where.group(1)) if where and where.group(1) else None
        if line is None:
            line = first_line + content.count("\n")
        reason = _TOML_LINE.sub("", message).strip()
        raise SourceError(f"invalid TOML in front matter: {reason}", path, line) from None
    except (ValueError, RecursionError):
        # tomllib's int() refuses more than 4,300 digits; nesting is read by recursion.
        raise SourceError(
            "TOML front matter holds a number too long or arrays nested too deep to read; "
            "write the value out plainly",
            path,
            1,
        ) from None
    values = {value.key: value for value in toml_values(content)}
    fields: list[ScalarField] = []
    for key, value in list(data.items()):
        place = values.get(key)
        line = first_line + (place.line - 1 if place is not None else 0)
        if key == DATE_FIELD:
            _check_date(value, None, path, line)
        if key in PAGE_FIELDS:
            shown = _toml_page_text(key, value, path, line)
            if shown is None:
                data.pop(key, None)
                continue
            data[key] = shown
        if place is None:
            continue  # not a top-level string, or one written as a dotted key
        for item in place.strings:
            fields.append(
                ScalarField(
                    key=key,
                    value=item.value.strip(),
                    start=content_start + item.start,
                    end=content_start + item.end,
                    line=first_line + item.line - 1,
                    style="toml",
                )
            )
    return FrontMatter(data=data, fields=tuple(fields), body_start=closing.end(), format=TOML)


def _toml_page_text(key: str, value: object, path: Path, line: int) -> str | None:
    """A TOML value the page shows, as text (`title = 2024` is "2024")."""
    if isinstance(value, list | dict):
        shape = "a list" if isinstance(value, list) else "a table"
        raise SourceError(
            f"front matter `{key}` must be text, not {shape}; write it on one line, "
            f'e.g. `{key} = "..."`',
            path,
            line,
        )
    text = ("true" if value else "false") if isinstance(value, bool) else str(value).strip()
    if text:
        return text
    if key == "title":
        raise _empty_title(path, line)
    return None


def _empty_title(path: Path, line: int) -> SourceError:
    return SourceError(
        "front matter `title` is empty; write the statement's title, or remove the line "
        "(the page is then titled by the file name)",
        path,
        line,
    )


def _refuse_aliases(content: str, path: Path, first_line: int) -> None:
    """A YAML alias repeats a value without writing it out; nested ones expand to gigabytes
    from a few lines (a "billion laughs"), so front matter may not use them at all."""
    try:
        for event in yaml.parse(content, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise SourceError(
                    f"front matter uses the YAML alias `*{event.anchor}`; aliases are not "
                    "allowed here: write the value out",
                    path,
                    first_line + (event.start_mark.line if event.start_mark else 0),
                )
    except yaml.YAMLError:
        return  # composing reports it, with its line


def _refuse_duplicate_keys(root: yaml.MappingNode, path: Path, first_line: int) -> None:
    # YAML says keys are unique, PyYAML keeps the last silently: a second `title:` would
    # replace the first without anyone noticing. (No aliases: the nodes form a tree.)
    pending: list[yaml.Node] = [root]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, value_node in node.value:
                key = (
                    (key_node.tag, key_node.value)
                    if isinstance(key_node, yaml.ScalarNode)
                    else None
                )
                line = first_line + key_node.start_mark.line
                if key is not None and key in seen:
                    raise SourceError(
                        f"the key `{key_node.value}` appears twice in the front matter "
                        f"(lines {seen[key]} and {line}); keep one",
                        path,
                        line,
                    )
                if key is not None:
                    seen[key] = line
                pending.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)


def _page_text(key: str, node: yaml.Node, path: Path, line: int) -> str | None:
    """A value the page shows, as its reader sees it: the scalar's text as written in the
    source (`2024-05-01`, `yes`, `0x1F`), not Python's rendering of what YAML made of it."""
    if not isinstance(node, yaml.ScalarNode):
        shape = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        raise SourceError(
            f"front matter `{key}` must be text, not {shape}; write it on one line, "
            f"e.g. `{key}: ...`",
            path,
            line,
        )
    text = "" if node.tag == _NULL else str(node.value).strip()
    if text:
        return text
    if key == "title":
        raise _empty_title(path, line)
    return None


def statement_date(value: object) -> dt.date | None:
    """The front matter's `date` as a calendar day: YAML's date or datetime, or the same
    written as a quoted string; the `created` day of a mapping (MkDocs-Material's blog
    writes `date: {created: …, updated: …}`); None for no date (or one _check_date
    refuses)."""
    if isinstance(value, dict):
        value = value.get("created")
    if isinstance(value, str):
        written = value.strip()
        try:
            return dt.date.fromisoformat(written)
        except ValueError:
            try:
                value = dt.datetime.fromisoformat(written)
            except ValueError:
                return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _check_date(value: object, node: yaml.Node | None, path: Path, line: int) -> None:
    # A mapping is another generator's (a blog's created and updated days): copied as it
    # is, its `created` day shown when it has one.
    if value is None or isinstance(value, dict) or statement_date(value) is not None:
        return
    scalar = isinstance(node, yaml.ScalarNode) or (node is None and not isinstance(value, list))
    shown = value if scalar else "a list"
    raise SourceError(
        f"front matter `date` must be a date written YYYY-MM-DD (e.g. 2024-05-01), not {shown}",
        path,
        line,
    )


def _check_deadline(value: object, node: yaml.Node, path: Path, line: int) -> None:
    if value is None or deadline_value(value, offset_allowed=False) is not None:
        return
    shown = value if isinstance(node, yaml.ScalarNode) else "a list or mapping"
    raise SourceError(
        f"deadline: {shown} is not a date (YYYY-MM-DD, or YYYY-MM-DD HH:MM for a time "
        "of day, UTC unless it says +HH:MM); correct it, or remove the line",
        path,
        line,
    )


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar; JSON's string syntax is a subset of it."""
    return json.dumps(value, ensure_ascii=False)


# What a TOML basic string may not hold as it is: the quote, the backslash and the
# control characters other than tab (TOML 1.0, "String").
_TOML_ESCAPE = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: str) -> str:
    """A TOML basic string (one line; a line break is written `\\n`)."""
    escaped = _TOML_ESCAPE.sub(
        lambda match: _TOML_ESCAPES.get(match.group(), f"\\u{ord(match.group()):04X}"), value
    )
    return f'"{escaped}"'


def front_matter_string(value: str, syntax: str) -> str:
    """A value written back into front matter of that syntax (YAML or TOML)."""
    return toml_string(value) if syntax == TOML else yaml_string(value)
