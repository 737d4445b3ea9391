"""Hostile text costs linear time, and extract writes nothing the limits would refuse.

Each input below is the issue's reproduction at a size where the quadratic reading took
minutes (measured before the fix, in comments) and the linear one takes well under a
second. No test measures time: a regression shows as a suite that does not finish.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import polyglot

from polyglot_statement.checks import content, markup, translation, typography
from polyglot_statement.inline import conversion_parts
from polyglot_statement.memory.similarity import features
from polyglot_statement.source import code_spans, segment_document
from polyglot_statement.source.segment import TABLE_CELL

# The package exports functions of the same names as some of these modules.
segment = importlib.import_module("polyglot_statement.source.segment")
docx = importlib.import_module("polyglot_statement.publish.docx.base")
readiness = importlib.import_module("polyglot_statement.publish.readiness")
text = importlib.import_module("polyglot_statement.publish.text")
untrusted = importlib.import_module("polyglot_statement.publish.untrusted")


def test_angle_brackets_in_a_translation() -> None:
    # `<[^>\s]+>` read from each `<` to the end: 1.2 s at 20 kB, about 4 min at 300 kB.
    hostile = "<a" * 150_000
    assert translation.prose_length(hostile) == len(hostile)
    assert translation.prose_length(hostile + "<b>") == len(hostile)
    assert translation.prose_length("](a" * 100_000 + "](b) c") == 300_002


def test_long_word_in_a_memory_segment() -> None:
    # The e-mail branch read from each letter to the word's end: 0.5 s at 10 kB,
    # about 7 min at 300 kB (a 300 kB title made extract run past 300 s).
    word = "a" * 300_000
    assert features(word).urls == ()
    assert features(word + "@example.org").urls == (word + "@example.org",)
    assert features("x " + word + "@b.org").masked == "x \u2301"


def test_long_word_in_a_checked_translation() -> None:
    word = "a" * 300_000
    assert content.addresses(word + " " + word) == content.addresses("")
    assert content.addresses(word + "@b.org") == {word + "@b.org": 1}


def test_table_row_of_many_columns_is_split_once() -> None:
    # Each cell split the whole row again: 10 s for 1,000 columns, minutes for 6,000.
    columns = 6_000
    text = "|" + " c |" * columns + "\n|" + "---|" * columns + "\n|" + " d |" * columns + "\n"
    cells = [s for s in segment_document(text).segments if s.kind == TABLE_CELL]
    assert [s.msgid for s in cells] == ["c"] * columns + ["d"] * columns
    assert text[cells[-1].start : cells[-1].end] == "d"


def test_unclosed_backtick_runs_of_every_length() -> None:
    # Each unclosed run searched the rest of the text for its closing run: 100 s at 1 MB.
    hostile = "".join("`" * length + "a" for length in range(1, 1_200))  # 720 kB
    assert code_spans(hostile) == [(hostile, False)]
    closed = hostile + "`" * 1_199
    spans = code_spans(closed)
    assert [is_code for _, is_code in spans] == [False, True]
    assert [token for token, _ in content.numbers(hostile + " 12")] == ["12"]


def test_heading_with_a_long_run_of_spaces() -> None:
    # The closing-sequence pattern read the run from each space: 20 s for 20,000 spaces.
    heading = "a" + " " * 300_000 + "b"
    document = segment_document(f"# {heading} ##\n\nnext  \nline\n")
    assert [s.msgid for s in document.segments] == [heading, "next  \nline"]


def test_paragraph_line_with_a_long_run_of_spaces() -> None:
    # The hard-break pattern did the same on every line of a paragraph: 8 s at 20 kB.
    line = "a" + " " * 300_000 + "b"
    document = segment_document(f"{line}\nc\n")
    assert [s.msgid for s in document.segments] == [line + " c"]


@pytest.mark.parametrize(
    ("pattern", "hostile", "found"),
    [
        # (each: the old pattern's time at 20 kB; 15× the size below makes it 225× that)
        (segment._DEFINITION_LIKE, "[" * 300_000 + "[a]:", ["[a]:"]),  # 27 s
        (markup._FOOTNOTE_REFERENCE, "[^" * 150_000 + "[^a]", ["[^a]"]),  # 3.9 s
        (docx._TAG, "<" * 300_000 + "<b>", ["<b>"]),  # 0.8 s
        (readiness._LINK_TARGET, "](" * 150_000 + "](x)", ["](x)"]),  # 0.7 s
        (content._LINK_DESTINATION, "](" * 150_000 + "](x)", ["](x)"]),  # 0.6 s at 4 kB
        (typography._URLISH, "a" * 300_000 + "://x", ["a" * 300_000 + "://x"]),
        (typography._URLISH, "](" * 150_000 + "](x)", ["](x)"]),
        (typography._URLISH, "[^" * 150_000 + "[^1]", ["[^1]"]),
        (text._TOKEN, "<!--" * 75_000, []),  # 3.1 s
        # Indian grouping scanned the rest of the run from every group: 25 s at 100 kB.
        (content._NUMBER, "1" + ",11" * 100_000 + ",1111", ["1", *["11"] * 99_999, "11,1111"]),
    ],
)
def test_pattern_reads_hostile_text_once(
    pattern: re.Pattern[str], hostile: str, found: list[str]
) -> None:
    assert [
        match.group() for match in pattern.finditer(hostile) if match.group().strip("<!-")
    ] == found


def test_images_with_no_closing_parenthesis_in_a_translation() -> None:
    # Each `![a](x ` read to the end looking for a `)`: 1.8 s at 20 kB.
    hostile = "![a](x " * 50_000
    assert untrusted.neutralise("source", hostile) == untrusted.neutralise("source", hostile)
    assert "evil.example" not in untrusted.neutralise(
        "![a](i.png)", hostile + "![b](https://evil.example/t.png)"
    )


def test_every_check_on_hostile_translations() -> None:
    from polyglot_statement.checks import ALL_CHECKS, Unit

    shapes: list[Callable[[int], str]] = [
        lambda n: "a" * n,
        lambda n: "<a" * (n // 2),
        lambda n: "[a" * (n // 2),
        lambda n: "*a" * (n // 2),
        lambda n: "](" * (n // 2),
        lambda n: "a  " * (n // 3),
        lambda n: "a;" * (n // 2),
    ]
    for shape in shapes:
        unit = Unit("A source text of some words.", shape(20_000), "fr", "en")
        for check in ALL_CHECKS:
            found = list(check.problems(unit))
            assert all(isinstance(problem, str) and problem.strip() for problem in found)


def test_extract_refuses_a_catalogue_over_the_limit(tmp_path: Path) -> None:
    # A statement under max-file-size makes catalogues over it, which every later command
    # refused: extract must refuse them first, naming the statement, writing nothing.
    root = tmp_path / "ws"
    (root / "source").mkdir(parents=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\nmax-file-size = "20 kB"\n', encoding="utf-8"
    )
    statement = "".join(f"Paragraph number {n} of the statement.\n\n" for n in range(400))
    assert 10_000 < len(statement) < 20_000
    (root / "source" / "big.md").write_text(statement, encoding="utf-8")
    result = polyglot(root, "extract")
    assert result.exit_code == 2
    assert "source/big.md: its catalogue locales/" in result.stderr
    assert "exceeds max-file-size (20,000 bytes); split the statement or raise max-file-size" in (
        result.stderr
    )
    assert "Traceback" not in result.output
    assert not (root / "locales").exists() or not any((root / "locales").rglob("*.po*"))


@pytest.mark.parametrize("units_per_part", [1, 3, 5, 16])
def test_xliff_written_in_parts_is_the_same_document(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, units_per_part: int
) -> None:
    # A large catalogue's document is built a part at a time (memory); its bytes must be
    # those of the document built as one tree.
    from polyglot_statement.exchange import xliff
    from polyglot_statement.po import read_po

    catalogues = sorted(workspace.glob("locales/*/LC_MESSAGES/*.po"))
    assert catalogues
    for path in catalogues:
        catalog = read_po(path)
        catalog.entries[0].translator_comments.append("a <note> & more")
        catalog.entries[1].set_fuzzy(True)
        whole = xliff.write_document(catalog, "source/s.md", "en", path.parts[-3])
        monkeypatch.setattr(xliff, "UNITS_PER_PART", units_per_part)
        assert xliff.write_document(catalog, "source/s.md", "en", path.parts[-3]) == whole
        monkeypatch.undo()


@pytest.mark.parametrize(
    "hostile",
    [
        "[a" * 100_000,  # each `[` looked for its `]` to the end: 27 s for 8,000
        "*a" * 100_000,  # each closer scanned back over every delimiter: 102 s for 40,000
        "<!--a" * 40_000,
        "<?a" * 60_000,
        "".join("`" * length + "a" for length in range(1, 600)),
        "a" + " " * 300_000 + "b",  # a hard break tried from every space: 6.6 s for 80,000
    ],
)
def test_machine_markup_reads_hostile_text_once(hostile: str) -> None:
    # The machine pass, the memory's scoring and XLIFF export read every text with it.
    from polyglot_statement.inline import to_xml

    conversion = to_xml(hostile)
    assert "".join(str(part) for part in conversion_parts(conversion) if isinstance(part, str))


def test_a_memory_segment_crowded_with_markup_is_compared_as_plain_text() -> None:
    # Reading its Markdown would cost seconds on every indexing (issue 20).
    from polyglot_statement.source import MAX_SEGMENT_MARKUP

    crowded = "[a" * (MAX_SEGMENT_MARKUP + 1)
    found = features(crowded)
    assert found.markup == () and found.masked == crowded
    assert features("[a](https://x.org) *b*").markup == ("link", "italic")
