"""Expected-output (golden) files: compared with what the code makes now, or rewritten
from it under `pytest --update-golden` (the `golden` fixture of conftest.py).

A missing expected file fails the test rather than being written quietly: a new case's
expected output is made with --update-golden and read before it is committed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

UPDATE_OPTION = "--update-golden"


@dataclass(frozen=True, slots=True)
class Golden:
    update: bool  # rewrite the expected files instead of comparing with them

    def assert_matches(self, expected: Path, actual: str | bytes) -> None:
        """`actual` must be what `expected` holds (text is read with universal newlines,
        bytes byte for byte); under --update-golden `expected` becomes `actual`."""
        if self.update:
            expected.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(actual, str):
                expected.write_text(actual, encoding="utf-8")
            else:
                expected.write_bytes(actual)
        if not expected.exists():
            pytest.fail(
                f"{expected} does not exist: run pytest {UPDATE_OPTION}, then read the file "
                "it writes before committing it",
                pytrace=False,
            )
        if isinstance(actual, str):
            assert actual == expected.read_text(encoding="utf-8"), (
                f"{expected} differs ({UPDATE_OPTION} rewrites it after a deliberate change)"
            )
        else:
            assert actual == expected.read_bytes(), (
                f"{expected} differs ({UPDATE_OPTION} rewrites it after a deliberate change)"
            )
