"""Reading a catalogue a piece at a time (po.iter_po, issue 20): the same entries as
parse_po and the line parser, whatever the size of the pieces, and the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_catalog_verdicts import SEEDS, corrupted

from polyglot_statement.errors import CatalogError
from polyglot_statement.po import Entry, iter_po, parse_po, reader
from polyglot_statement.po.parser import file_entries, parse_lines

DATA = Path(__file__).parent / "data"
# The PO test corpus: the shipped catalogues, the varied one, and those of the test data
# (scripts written right to left and in CJK, foreign tools' layouts).
CORPUS = sorted({*SEEDS, *DATA.glob("**/*.po"), *DATA.glob("**/*.pot")})


def _whole(data: bytes) -> list[Entry]:
    """parse_po's catalogue as iter_po gives it: the header as the first entry."""
    header = file_entries(data)[:1]  # the line parser's header entry, when there is one
    catalog = parse_po(data)
    if header and header[0].msgid == "" and header[0].msgctxt is None:
        return [header[0], *catalog.entries]
    return catalog.entries


@pytest.mark.parametrize("piece", [1, 200, 1 << 20])
def test_streamed_entries_are_parse_pos_on_the_po_corpus(
    piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(CORPUS) > 20
    monkeypatch.setattr(reader, "PIECE", piece)
    for path in CORPUS:
        data = path.read_bytes()
        streamed = list(iter_po(data, path))
        assert streamed == _whole(data), path
        assert streamed == file_entries(data, path), path  # lines included


@pytest.mark.parametrize("seed", range(2))
def test_streamed_corrupted_catalogues_get_the_line_parsers_verdict(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small pieces: a corruption often falls after entries already yielded.
    monkeypatch.setattr(reader, "PIECE", 150)
    refused = 0
    for data in corrupted(150, seed):
        try:
            expected: object = parse_lines(data, "x.po")
        except CatalogError as error:
            expected = (error.message, error.line)
        try:
            entries = list(iter_po(data, "x.po"))
            got: object = parse_po(data, "x.po")
            assert entries == _whole(data)
        except CatalogError as error:
            got = (error.message, error.line)
        assert got == expected, data
        refused += isinstance(expected, tuple)
    assert refused > 20


def test_a_string_after_a_blank_line_at_a_pieces_end_continues_the_entry_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # msgfmt reads a string after a blank line as the field before it continuing: the
    # last entry of a piece is held until the next piece has been read.
    monkeypatch.setattr(reader, "PIECE", 10)
    data = (
        b'msgid ""\nmsgstr "Language: fr\\n"\n\n'
        b'msgid "a"\nmsgstr "b"\n\n"c"\n\nmsgid "d"\nmsgstr "e"\n'
    )
    entries = list(iter_po(data))
    assert [(entry.msgid, entry.msgstr, entry.line) for entry in entries[1:]] == [
        ("a", "bc", 4),
        ("d", "e", 9),
    ]
    assert entries == file_entries(data)


def test_a_duplicate_raises_when_the_stream_comes_to_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "PIECE", 10)
    data = b"".join(f'msgid "{n}"\nmsgstr "x"\n\n'.encode() for n in (1, 2, 3, 2, 4))
    seen: list[str] = []
    with pytest.raises(CatalogError) as raised:
        for entry in iter_po(data, "x.po"):
            seen.append(entry.msgid)
    assert seen == ["1", "2", "3"]
    assert (raised.value.line, "duplicate message definition (first at line 4)") == (
        10,
        raised.value.message.split(";")[0],
    )
