"""Shared fixtures: a temporary copy of the example workspace."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the example workspace (settings, source, locales, glossary) in tmp_path."""
    target = tmp_path / "ws"
    target.mkdir()
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for name in ("source", "locales", "templates"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    if (ROOT / "glossary.yml").exists():
        shutil.copy(ROOT / "glossary.yml", target / "glossary.yml")
    return target
