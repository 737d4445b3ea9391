"""The checks' shortcuts (issue 27) find what the checks find without them.

Checking the publishable editions was most of a first `polyglot status`: the checks skip
work they can show changes nothing (the inline parse of a text without a markup
character, the parser's rules that only join text, a character-by-character scan). Each
shortcut is turned off here and every finding compared, on a corpus made as the
benchmark's is (benchmarks/make_corpus.py) whose translations are then broken on purpose
in every way the checks look for (benchmarks/compare_findings.py's mutations).
benchmarks/compare_findings.py compares two versions of the code the same way.
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from polyglot_statement.checks import Finding, find_problems
from polyglot_statement.checks import markup as markup_checks
from polyglot_statement.config import load_settings
from polyglot_statement.source import inline_scan, new_parser
from polyglot_statement.source.inline_scan import backtick_run_end

BENCHMARKS = Path(__file__).parent.parent / "benchmarks"


def _benchmark(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def broken_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 statements × 4 languages, the first language fully approved, as a press office
    has them (--publishable, --mix, polib's wrapping), then broken on purpose."""
    made = tmp_path_factory.mktemp("corpus")
    options = ["--statements", "4", "--languages", "4", "--processes", "1"]
    options += ["--publishable", "1", "--mix", "70,10,0,20", "--wrap", "polib"]
    subprocess.run(
        [sys.executable, str(BENCHMARKS / "make_corpus.py"), *options, "--out", str(made)],
        check=True,
        capture_output=True,
    )
    compare = _benchmark("compare_findings")
    return Path(compare.mutated_copy(made, tmp_path_factory.mktemp("broken") / "ws", 4))


def _findings(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    monkeypatch.setenv("POLYGLOT_JOBS", "1")
    # Nothing remembered from another run: each side computes every finding.
    markup_checks._inline_structure.cache_clear()
    from polyglot_statement.checks import content, run

    content.numbers.cache_clear()
    monkeypatch.setattr(run, "UNIT_MEMO", {})
    return find_problems(load_settings(root))


def _stepping_code_spans(text: str) -> list[tuple[str, bool]]:
    """inline_scan.code_spans as it was written first: one step per character."""
    pieces: list[tuple[str, bool]] = []
    position = plain_start = 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == "<" and (tag := inline_scan._TAG_OR_AUTOLINK.match(text, position)):
            position = tag.end()
            continue
        if char != "`":
            position += 1
            continue
        end = inline_scan.code_span_end(text, position)
        if end is None:
            position = backtick_run_end(text, position)
            continue
        pieces.append((text[plain_start:position], False))
        pieces.append((text[position:end], True))
        position = plain_start = end
    pieces.append((text[plain_start:], False))
    return [(piece, is_code) for piece, is_code in pieces if piece]


def test_every_finding_is_the_same_without_the_shortcuts(
    broken_corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = _findings(broken_corpus, monkeypatch)
    kinds = Counter(finding.check_id for finding in fast)
    # The corpus gives every check that reads Markdown, numbers or text something to find.
    for check_id in ("markdown", "html", "numbers", "urls", "glossary", "punctuation", "length"):
        assert kinds[check_id] > 0, kinds

    with monkeypatch.context() as slow:
        # Every text parsed, even one without a markup character; with every rule of the
        # parser; code spans found one character at a time.
        slow.setattr(markup_checks, "may_have_markup", lambda text: True)
        slow.setattr(markup_checks, "checks_parser", _full_parser)
        original = inline_scan.code_spans
        for module in list(sys.modules.values()):
            if getattr(module, "code_spans", None) is original:
                slow.setattr(module, "code_spans", _stepping_code_spans)
        slow_findings = _findings(broken_corpus, slow)
    assert slow_findings == fast


_FULL_PARSERS: dict[object, object] = {}


def _full_parser(dialect: object = markup_checks.COMMONMARK) -> object:
    """The checks' parser with every rule new_parser gives it."""
    if dialect not in _FULL_PARSERS:
        _FULL_PARSERS[dialect] = new_parser(
            markup_checks._LinkRememberingParser,
            dialect=dialect,  # type: ignore[arg-type]
        )
    return _FULL_PARSERS[dialect]


@pytest.mark.parametrize("seed", range(4))
def test_code_spans_jumping_ahead_cuts_as_stepping_does(seed: int) -> None:
    rng = random.Random(seed)
    pieces = ["`", "``", "\\", "\\`", "<", ">", "a", " ", 'b="`"', "<a>", "</b>", "é", "\n"]
    pieces += ["<https://a.org/`x>", "[", "]", "<!-- ` -->", "```"]
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(24)))
        assert inline_scan.code_spans(text) == _stepping_code_spans(text), text
