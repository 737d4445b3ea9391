"""Which Jinja environment lays out the pages (publish/html.py, Pages).

A workspace's own templates are code a pull request can change: they run sandboxed. The
package's templates are the tool's code: with no templates folder in the workspace they
run in a plain environment, which skips the sandbox's check of every attribute and call
(about a tenth of a cold build's CPU) and lays out the same bytes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2.sandbox import SandboxedEnvironment
from test_build import snapshot

from polyglot_statement.config import load_settings
from polyglot_statement.errors import TemplateError
from polyglot_statement.publish.build import build
from polyglot_statement.publish.html import EDITION_TEMPLATE, Pages


def test_the_packages_templates_alone_run_unsandboxed(workspace: Path) -> None:
    settings = load_settings(workspace)
    assert not (workspace / "templates").exists()
    assert not isinstance(Pages(settings).environment, SandboxedEnvironment)
    (workspace / "templates").mkdir()
    assert isinstance(Pages(load_settings(workspace)).environment, SandboxedEnvironment)


def test_a_workspace_template_is_sandboxed(workspace: Path) -> None:
    (workspace / "templates").mkdir()
    (workspace / "templates" / EDITION_TEMPLATE).write_text(
        "{{ ''.__class__.__mro__ }}", encoding="utf-8"
    )
    pages = Pages(load_settings(workspace))
    with pytest.raises(TemplateError):
        pages.render(EDITION_TEMPLATE, {})


def test_both_environments_lay_out_the_same_pages(workspace: Path, tmp_path: Path) -> None:
    build(load_settings(workspace))
    plain = snapshot(workspace / "dist")
    shutil.rmtree(workspace / "dist")
    shutil.rmtree(workspace / ".polyglot")
    (workspace / "templates").mkdir()  # empty: the package's templates, sandboxed
    build(load_settings(workspace))
    sandboxed = snapshot(workspace / "dist")
    assert {name: data for name, (data, _) in sandboxed.items()} == {
        name: data for name, (data, _) in plain.items()
    }
    assert any(name.endswith(".html") for name in plain)
