"""The package layers of docs/architecture.md hold: import-linter checks the contracts in
pyproject.toml ([tool.importlinter]), and refuses an import that runs back up."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, program


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the package under `root`/src, with `root`'s pyproject.toml."""
    environment = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run(
        [program("lint-imports"), "--no-cache"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.needs("lint-imports")
def test_the_layers_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.needs("lint-imports")
def test_an_import_running_back_up_is_refused(tmp_path: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        ROOT / "src" / "polyglot_statement",
        tmp_path / "src" / "polyglot_statement",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "templates"),
    )
    model = tmp_path / "src" / "polyglot_statement" / "po" / "model.py"
    model.write_text(model.read_text() + "\nfrom polyglot_statement import publish\n")
    engines = tmp_path / "src" / "polyglot_statement" / "machine" / "engines.py"
    engines.write_text(engines.read_text() + "\nimport deepl\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "polyglot_statement.po is not allowed to import polyglot_statement.publish" in (
        result.stdout
    )
    assert "polyglot_statement.machine.engines -> deepl" in result.stdout
