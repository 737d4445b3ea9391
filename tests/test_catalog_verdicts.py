"""One verdict per catalogue: the reader and its fast path agree, and agree with `msgfmt -c`
but for the documented differences (README, "Catalogue verdicts").

po.parse_po reads the regular layout with a fast path and anything else with the line
parser (po.parser.parse_lines). Random corruptions of real catalogues must get the same
acceptance, the same catalogue (lines included) and the same error line from both.
"""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest
from conftest import available

from polyglot_statement.errors import CatalogError
from polyglot_statement.po import Catalog, parse_po
from polyglot_statement.po.parser import parse_lines

ROOT = Path(__file__).parent.parent
SEEDS = sorted(
    [
        *ROOT.glob("locales/*/LC_MESSAGES/*.po"),
        *ROOT.glob("locales/templates/*.pot"),
        Path(__file__).parent / "data" / "catalog" / "varied.po",
    ]
)
needs_msgfmt = pytest.mark.needs("msgfmt")

# What a corruption inserts: the characters and words the PO syntax turns on.
INSERTS = (
    b'"', b"\\", b"\n", b"#", b" ", b"\t", b"\r", b"~", b"|", b"[", b"]", b"0", b"x",
    b"msgid ", b"msgstr ", b"#~ ", b"#| ", b"#, fuzzy\n", b'msgctxt "c"\n', b"\xff",
    b"\\q", b"\\x4", b"\\'", b"\\0", b"\\777", b'msgstr[1] "a"\n', b'msgid_plural "p"\n',
    b"\xe2\x80\xa8", b"\x00", b"\n\n",
)  # fmt: skip


def corrupt(data: bytes, rng: random.Random) -> bytes:
    """One random corruption: a character dropped or inserted, a line doubled, dropped or
    swapped with the next, the file cut short, or an escape put into a string."""
    lines = data.split(b"\n")
    kind = rng.randrange(7)
    if kind == 0 and data:
        at = rng.randrange(len(data))
        return data[:at] + data[at + 1 :]
    if kind == 1:
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice(INSERTS) + data[at:]
    if kind == 2:
        at = rng.randrange(len(lines))
        return b"\n".join([*lines[: at + 1], lines[at], *lines[at + 1 :]])
    if kind == 3:
        at = rng.randrange(len(lines))
        return b"\n".join(lines[:at] + lines[at + 1 :])
    if kind == 4 and len(lines) > 1:
        at = rng.randrange(len(lines) - 1)
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
        return b"\n".join(lines)
    if kind == 5:
        return data[: rng.randrange(len(data) + 1)]
    quotes = [at for at, byte in enumerate(data) if byte == ord('"')] or [-1]
    at = rng.choice(quotes) + 1
    return data[:at] + b"\\" + bytes([rng.randrange(33, 127)]) + data[at:]


def corrupted(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    originals = [path.read_bytes() for path in SEEDS]
    samples = []
    for _ in range(count):
        data = rng.choice(originals)
        for _ in range(rng.randrange(1, 3)):
            data = corrupt(data, rng)
        samples.append(data)
    return samples


Verdict = tuple[str, object]


def _entries(data: bytes, reader: str) -> Verdict:
    """A reader's verdict: the catalogue it read, or its error's message and line. Readers:
    "parse" is the line parser (the reference), "fast" parse_po with its fast path."""
    try:
        catalog: Catalog = (parse_lines if reader == "parse" else parse_po)(data, "x.po")
    except CatalogError as error:
        return ("error", (error.message, error.line))
    return ("ok", catalog)


def test_the_seeds_are_accepted_by_every_reader_and_by_msgfmt() -> None:
    for path in SEEDS:
        data = path.read_bytes()
        assert _entries(data, "parse")[0] == "ok", path
        if available("msgfmt"):
            subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)


@pytest.mark.parametrize("seed", range(4))
def test_every_reader_gives_the_same_verdict_on_a_corrupted_catalogue(seed: int) -> None:
    refused = 0
    for data in corrupted(150, seed):
        parsed = _entries(data, "parse")
        assert _entries(data, "fast") == parsed, data
        refused += parsed[0] == "error"
    assert 30 < refused < 140  # the corruptions exercise both verdicts


# Where `msgfmt -c` and polyglot disagree, by design; the README lists the same.
# polyglot refuses, msgfmt accepts:
STRICTER = (
    r"not UTF-8",  # msgfmt copies invalid bytes through
    r"stands for a byte that is not printable ASCII",  # \0, \7, \777, \x80…
    r"a string must be one pair of double quotes",  # several strings on one line
)
# msgfmt -c refuses, polyglot accepts: header and format checks, not syntax.
LOOSER = (
    r"PO file header missing or invalid",
    r"header field",
    r"[Cc]harset",
    r"nplurals",
    r"plural expression",
    r"plural form translations",
    r"do not both (begin|end) with '\\n'",
)


@needs_msgfmt
def test_verdicts_agree_with_msgfmt_but_for_the_documented_differences(tmp_path: Path) -> None:
    agreed = 0
    samples = corrupted(160, 100)
    for data in samples:
        ours = _entries(data, "parse")
        path = tmp_path / "x.po"
        path.write_bytes(data)
        msgfmt = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        if (ours[0] == "ok") == (msgfmt.returncode == 0):
            agreed += 1
        elif ours[0] == "error":
            message = ours[1][0]  # type: ignore[index]
            assert any(re.search(pattern, message) for pattern in STRICTER), (message, data)
        else:
            assert any(re.search(pattern, msgfmt.stderr) for pattern in LOOSER), (
                msgfmt.stderr,
                data,
            )
    assert agreed > 0.85 * len(samples)


@pytest.mark.parametrize(
    ("entry", "line", "words"),
    [
        ('msgid "a"\nmsgstr "x\\qy"\n', 2, "invalid escape sequence `\\q`"),
        ('msgid "a\\\'"\nmsgstr ""\n', 1, "invalid escape sequence `\\'`"),
        ('msgid "a"\nmsgstr "\\x263A"\n', 2, "not printable ASCII"),
        ('msgid "a"\nmsgstr "\\1"\n', 2, "not printable ASCII"),
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', 3, "a second msgstr"),
        ('msgid "a"\n# note\nmsgstr "b"\n', 2, "a comment inside an entry"),
        ('msgctxt "x"\nmsgctxt "y"\nmsgid "a"\nmsgstr ""\n', 2, "a second msgctxt"),
        ('#~ msgid "a"\nmsgstr "b"\n', 2, "mixes obsolete"),
        ('msgid "a"\nmsgstr[0] "b"\n', 2, "without msgid_plural"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[1] "c"\n', 3, "msgstr[0] should come"),
        ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[0] "d"\n', 4, "should come"),
        ('msgid "a"\nmsgstr "b"\nmsgid_plural "c"\n', 3, "msgid_plural after msgstr"),
        ('msgid "a"\nmsgstr "b"\n\nmsgctxt "c"\n', 4, "msgctxt with no msgid"),
    ],
)
def test_what_msgfmt_refuses_every_reader_refuses_at_its_line(
    entry: str, line: int, words: str, tmp_path: Path
) -> None:
    data = entry.encode("utf-8")
    for reader in ("parse", "fast"):
        verdict = _entries(data, reader)
        assert verdict[0] == "error", reader
        message, at = verdict[1]  # type: ignore[misc]
        assert words in message and at == line, (reader, message, at)
    if available("msgfmt"):
        (tmp_path / "x.po").write_bytes(data)
        refused = subprocess.run(
            ["msgfmt", "-o", "/dev/null", str(tmp_path / "x.po")], capture_output=True
        )
        # A byte escape is the one place polyglot is stricter (documented above).
        assert (refused.returncode != 0) != ("not printable ASCII" in words)


def test_a_blank_line_inside_an_entry_continues_it_as_in_msgfmt() -> None:
    data = b'msgid "a"\nmsgstr "b"\n\n"c"\n\nmsgid "d"\nmsgstr ""\n'
    catalog = parse_po(data)
    assert [(entry.msgid, entry.msgstr) for entry in catalog.entries] == [("a", "bc"), ("d", "")]
    assert _entries(data, "fast") == _entries(data, "parse")


def test_escapes_msgfmt_accepts_are_read_as_it_reads_them() -> None:
    data = b'msgid "a"\nmsgstr "\\x41\\102\\n\\t\\"\\\\\\a"\n'
    entry = parse_po(data).entries[0]
    assert entry.msgstr == 'AB\n\t"\\\a'
    assert _entries(data, "fast") == _entries(data, "parse")
