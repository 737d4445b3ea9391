"""Memory against input size (issue 20): `check` and the XLIFF export hold no catalogue
whole, so their peak stays a small multiple of the catalogue they read.

Peaks are measured with tracemalloc (the Python heap, not the process's RSS), on a second
run over the same workspace, so the checks' text memos, full already, do not count:
what is left is what a run holds for its catalogue: 4.3 and 4.1 times the file for check
and export (the file's bytes, and check's findings and the texts it checks), 8.0 and 7.8
times before iter_po, when both held the catalogue's entries too.
benchmarks/memory_peaks.py gives the peak RSS of whole commands at 10⁵ entries.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_runner import polyglot

from polyglot_statement.checks import find_problems
from polyglot_statement.config import load_settings
from polyglot_statement.exchange import export_xliff, xliff
from polyglot_statement.po import Entry, format_po, read_po, reader

ENTRIES = 4_000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace whose French catalogue holds ENTRIES entries as extract writes them,
    each approved as its source text (so each has one `identical` finding, as in the
    benchmark). Its statement is one paragraph: what a run holds for the statement (its
    Markdown parsed for its link definitions) is not what is measured here."""
    root = tmp_path_factory.mktemp("large")
    (root / "source").mkdir()
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    (root / "source" / "large.md").write_text("A paragraph.\n", encoding="utf-8")
    assert polyglot(root, "extract").exit_code == 0
    path = load_settings(root).catalog_path("fr", "large")
    catalog = read_po(path)
    catalog.entries = [
        Entry(
            text,
            text,
            extracted_comments=["paragraph"],
            occurrences=[f"source/large.md:{2 * number + 1}"],
        )
        for number in range(ENTRIES)
        if (text := f"Paragraph {number} says what the union asks of the ministry this week.")
    ]
    path.write_bytes(format_po(catalog))
    return root


@pytest.fixture(autouse=True)
def small_fixed_costs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's bounded costs made small, as they are small beside a large catalogue:
    the read memo (10,000 texts of each kind, a catalogue of this size whole) and the
    piece of the file decoded at once (1 MB, more than this catalogue)."""
    monkeypatch.setattr(reader, "MEMO_ENTRIES", 100)
    monkeypatch.setattr(reader, "PIECE", 1 << 16)


def _peak(run: Callable[[], object]) -> int:
    """The Python heap's peak while `run` runs, over what was held before it."""
    run()  # the checks' memos filled, so that they do not count
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        run()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def _catalogue_size(root: Path) -> int:
    return load_settings(root).catalog_path("fr", "large").stat().st_size


def test_check_holds_what_it_reports_not_the_catalogue(large: Path) -> None:
    settings = load_settings(large)
    findings: list[object] = []

    def check() -> None:
        findings[:] = find_problems(settings)

    peak = _peak(check)
    assert len(findings) == ENTRIES
    assert peak < 5.5 * _catalogue_size(large), peak / _catalogue_size(large)


def test_xliff_export_holds_no_catalogue(
    large: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parts of 100 units (the same bytes: test_exchange.py): the tree of one part is what
    # the export holds besides the file's bytes, a fixed cost that is not measured here.
    monkeypatch.setattr(xliff, "UNITS_PER_PART", 100)
    settings = load_settings(large)
    peak = _peak(lambda: export_xliff(settings, ["fr"], (), tmp_path / "out"))
    assert peak < 5.5 * _catalogue_size(large), peak / _catalogue_size(large)
