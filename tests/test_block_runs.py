"""A long body read a run of top-level blocks at a time (source/runs.py) must give the
segments and the page a whole reading gives. Cut small here so that ordinary documents
are cut: the repository's own Markdown, the fixtures other projects wrote, and bodies
generated from the blocks that could join across a cut."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest

from polyglot_statement.dialects import COMMONMARK
from polyglot_statement.publish import html as publish_html
from polyglot_statement.publish.html import markdown_renderer
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.source import segment as source_segment
from polyglot_statement.source.runs import block_runs
from polyglot_statement.source.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = [
    "A paragraph with *emphasis*\nand a second line.",
    "Another paragraph `with code`.",
    "# A heading",
    "Setext heading\n==============",
    "- an item\n\n  its second paragraph\n- another",
    "1. first\n2. second\n\n   continued",
    "3. a list starting at three",
    "> a quote\ncontinued lazily\n\n> another quote",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\ncode\n\nwith a blank line\n```",
    "~~~~ text\nfenced ``` inside\n\nStill code\n~~~~",
    "    indented code\n\n    after a blank",
    "Words\n---",
    "***",
    "Text ending a paragraph  \nafter a hard break.",
]


def _documents() -> list[tuple[str, str]]:
    found = [
        (str(path.relative_to(ROOT)), path.read_text(encoding="utf-8"))
        for folder in ("docs", "tests/data")
        for path in sorted((ROOT / folder).rglob("*.md"))
    ]
    chance = random.Random(2612)
    for number in range(150):
        blocks = [chance.choice(BLOCKS) for _ in range(chance.randint(2, 30))]
        found.append((f"generated-{number}", "\n\n".join(blocks) + "\n"))
    return found


DOCUMENTS = _documents()


def _cut_small(monkeypatch: pytest.MonkeyPatch) -> None:
    small = functools.partial(block_runs, size=1)
    monkeypatch.setattr(source_segment, "block_runs", small)
    monkeypatch.setattr(publish_html, "block_runs", small)


def test_the_documents_are_really_cut() -> None:
    cut = [name for name, text in DOCUMENTS if len(block_runs(text, COMMONMARK, 1)) > 1]
    assert len(cut) >= 100, cut


@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_segments_read_in_runs_are_the_whole_readings(
    name: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        whole = segment_document(text, name)
    except Exception as refused:  # a fixture the reader refuses must be refused the same
        _cut_small(monkeypatch)
        with pytest.raises(type(refused)):
            segment_document(text, name)
        return
    _cut_small(monkeypatch)
    assert segment_document(text, name) == whole


@pytest.mark.parametrize(("name", "text"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_a_body_rendered_in_runs_is_the_whole_page(name: str, text: str) -> None:
    renderer = markdown_renderer()
    body = text.split("\n---\n", 1)[-1] if text.startswith("---\n") else text
    whole = sanitise(renderer.render(body))
    runs = [offset for offset, _ in block_runs(body, COMMONMARK, 1)]
    ends = [*runs[1:], len(body)]
    parts = "".join(
        sanitise(renderer.render(body[start:end])) for start, end in zip(runs, ends, strict=True)
    )
    assert parts == whole


# A fence indented one to three columns may be a list item's: the item (and its fence)
# ends at the next line at the first column, and a fence at the first column after it
# opens a new fence, not closes the item's. Blank line and letter inside it: no cut.
FENCE_IN_AN_ITEM = [
    "- item\n\n  ```\n  code\n\nPara one.\n\n```\ncode\n\nInside fence.\n```\n\nAfter.\n",
    "1. x\n\n   ~~~\n   c\n\nFoo\n\n~~~\nz\n\nBar\n~~~\n\nEnd.\n",
    # Only spaces and tabs may follow a closing fence: a no-break space keeps it open.
    "```\ncode\n```\u00a0\n\nInside.\n```\n\nAfter.\n",
]


@pytest.mark.parametrize("text", FENCE_IN_AN_ITEM)
def test_a_fence_in_a_list_item_is_not_taken_for_a_top_level_one(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = segment_document(text, "item.md")
    _cut_small(monkeypatch)
    assert segment_document(text, "item.md") == whole
    renderer = markdown_renderer()
    runs = [offset for offset, _ in block_runs(text, COMMONMARK, 1)]
    ends = [*runs[1:], len(text)]
    parts = "".join(
        sanitise(renderer.render(text[start:end])) for start, end in zip(runs, ends, strict=True)
    )
    assert parts == sanitise(renderer.render(text))
