"""TOML front matter (Hugo's `+++`): strings found where tomllib read them, written back
as TOML that tomllib reads as the same text."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyglot_statement.dialects import COMMONMARK, dialect_named
from polyglot_statement.errors import SourceError
from polyglot_statement.source.frontmatter import TOML, split_front_matter, toml_string
from polyglot_statement.source.segment import rebuild, segment_document
from polyglot_statement.source.toml_fields import toml_values

HUGO = dialect_named("hugo")

FRONT = '''\
# a comment
title = "Basic \\"quoted\\""
'subtitle' = 'literal \\n kept'
"summary" = """
Two lines
of summary"""
tags = [ "one", # first
  'two' ]
mixed = ["a", 1]
weight = 5
inline = { a = "not ours", b = [1, 2] }
date = 2024-05-01
site.note = """
[not a table]"""
late = "after a dotted key"
[params]
title = "a table's"
'''


def test_top_level_strings_are_found_with_their_values_and_lines() -> None:
    data = tomllib.loads(FRONT)
    found = {value.key: value for value in toml_values(FRONT)}
    assert set(found) == {k for k in data if k not in ("params", "site")}
    assert found["late"].strings[0].value == "after a dotted key"
    for key in ("title", "subtitle", "summary"):
        (string,) = found[key].strings
        assert string.value == data[key]
        assert tomllib.loads(f"v = {FRONT[string.start : string.end]}")["v"] == data[key]
    assert [string.value for string in found["tags"].strings] == ["one", "two"]
    assert [string.line for string in found["tags"].strings] == [7, 8]
    assert found["summary"].line == 4
    assert found["mixed"].strings == () and found["inline"].strings == ()
    assert found["weight"].strings == () and found["date"].strings == ()


@given(st.text())
def test_a_written_string_reads_back_as_the_same_text(text: str) -> None:
    assert tomllib.loads(f"v = {toml_string(text)}")["v"] == text


def test_the_front_matter_is_read_only_with_the_extension() -> None:
    text = '+++\ntitle = "T"\n+++\n\nBody.\n'
    front = split_front_matter(text, Path("a.md"), dialect=HUGO)
    assert front.format == TOML and front.data == {"title": "T"}
    assert text[front.body_start :] == "\nBody.\n"
    assert split_front_matter(text, Path("a.md"), dialect=COMMONMARK).body_start == 0


def test_identity_rebuild_is_byte_identical_and_a_translation_stays_toml() -> None:
    text = "\ufeff+++\r\n" + FRONT.replace("\n", "\r\n") + "+++\r\n\r\nBody.\r\n"
    fields = ("title", "subtitle", "summary", "tags")
    document = segment_document(text, "a.md", front_matter_fields=fields, dialect=HUGO)
    assert rebuild(document, lambda segment: segment.msgid) == text
    translated = rebuild(document, lambda segment: f"«{segment.msgid}»\t\x7f")
    content = translated.split("+++\r\n")[1]
    data = tomllib.loads(content)
    assert data["title"] == '«Basic "quoted"»\t\x7f'
    assert data["summary"] == "«Two lines\nof summary»\t\x7f"
    assert data["tags"] == ["«one»\t\x7f", "«two»\t\x7f"]
    assert data["params"] == {"title": "a table's"} and data["weight"] == 5


@pytest.mark.parametrize(
    ("front", "line"),
    [('title = "x"\nweight = \n', 3), ('a = "x"\n\nb = [1,\n', 5), ("x = 1\nx = 2\n", 3)],
)
def test_invalid_toml_names_its_line(front: str, line: int) -> None:
    with pytest.raises(SourceError) as caught:
        split_front_matter(f"+++\n{front}+++\nBody\n", Path("a.md"), dialect=HUGO)
    assert caught.value.line == line
    assert "invalid TOML in front matter" in str(caught.value)


def test_a_mapping_date_is_kept_and_its_created_day_read() -> None:
    text = "---\ndate:\n  created: 2024-01-31\n  updated: 2024-02-02\n---\n"
    front = split_front_matter(text, Path("a.md"))
    assert front.data["date"]["updated"].isoformat() == "2024-02-02"
    toml = "+++\n[date]\ncreated = 2024-01-31\n+++\n"
    assert split_front_matter(toml, Path("a.md"), dialect=HUGO).data["date"]["created"]
