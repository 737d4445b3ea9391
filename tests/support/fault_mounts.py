"""Disk faults for the fault suite, run inside a private mount namespace (`unshare -m`).

    unshare -m python tests/support/fault_mounts.py SCENARIO WORKSPACE

copies WORKSPACE onto a small tmpfs, makes the fault (a full disk, a read-only folder or
mount, a permission), runs polyglot commands in subprocesses and prints what happened
as JSON for tests/test_faults.py to judge. The mounts vanish with the namespace.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

MOUNT = Path("/mnt/polyglot-faults")
TEMP_SUFFIX = ".polyglot-tmp"


def polyglot(workspace: Path, *args: str, unprivileged: bool = False) -> dict[str, Any]:
    """A command's exit code and output; run here (a new process costs more than the
    command), or in a process without the root's power over file modes."""
    if unprivileged:
        command = [
            # Root without the capabilities that override file modes: a permission applies.
            "setpriv",
            "--bounding-set=-dac_override,-dac_read_search,-fowner",
            sys.executable,
            "-m",
            "polyglot_statement",
            "-C",
            str(workspace),
            *args,
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        return {"code": done.returncode, "out": done.stdout, "err": done.stderr}
    from click.testing import CliRunner

    from polyglot_statement.cli import main

    result = CliRunner().invoke(main, ["-C", str(workspace), *args])
    error = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        error += "Traceback: " + repr(result.exception)
    return {"code": result.exit_code, "out": result.stdout, "err": error}


def sh(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (its bytes' hash), leaving out the disposable cache."""
    import hashlib

    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".polyglot" not in path.relative_to(folder).parts
    }


def leftovers(folder: Path) -> list[str]:
    """Temp files and half-built output folders a run left behind."""
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.name.endswith(TEMP_SUFFIX) or path.name.startswith((".dist.building-",))
    )


def on_tmpfs(source: Path, size: str) -> Path:
    MOUNT.mkdir(parents=True, exist_ok=True)
    sh("mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(MOUNT))
    workspace = MOUNT / "ws"
    shutil.copytree(source, workspace)
    return workspace


def fill(workspace: Path, leave: int) -> Path:
    """Fill the file system until `leave` bytes are free."""
    filler = workspace.parent / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    stats = os.statvfs(workspace)
    free = stats.f_bavail * stats.f_frsize
    with filler.open("r+b") as handle:
        handle.truncate(max(0, filler.stat().st_size - (leave - free)))
    return filler


def read_only(folder: Path) -> None:
    sh("mount", "--bind", str(folder), str(folder))
    sh("mount", "-o", "remount,ro,bind", str(folder))


def grow_sources(workspace: Path) -> None:
    """A source edit that makes every catalogue of the statement grow."""
    for source in (workspace / "source").glob("*.md"):
        text = source.read_text("utf-8")
        source.write_text(text + "\nA paragraph added for the fault suite. " * 40 + "\n", "utf-8")


def change_page_template(workspace: Path) -> None:
    """A workspace page template: every edition must be rendered again."""
    from polyglot_statement.publish.inputs import PACKAGE_TEMPLATES

    (workspace / "templates").mkdir(exist_ok=True)
    page = (PACKAGE_TEMPLATES / "edition.html").read_text("utf-8")
    (workspace / "templates" / "edition.html").write_text(page + "<!-- v2 -->\n", "utf-8")


def full_disk_extract(source: Path) -> dict[str, Any]:
    workspace = on_tmpfs(source, "2m")
    grow_sources(workspace)
    before = snapshot(workspace / "locales")
    filler = fill(workspace, 8 * 1024)
    failed = polyglot(workspace, "extract")
    result = {
        "failed": failed,
        "unchanged": snapshot(workspace / "locales") == before,
        "leftovers": leftovers(workspace),
    }
    filler.unlink()
    result["again"] = polyglot(workspace, "extract")
    result["converged"] = polyglot(workspace, "extract")
    result["leftovers_after"] = leftovers(workspace)
    return result


def full_disk_build(source: Path) -> dict[str, Any]:
    workspace = on_tmpfs(source, "4m")
    first = polyglot(workspace, "build")
    before = snapshot(workspace / "dist")
    change_page_template(workspace)
    filler = fill(workspace, 16 * 1024)
    failed = polyglot(workspace, "build")
    result = {
        "first": first,
        "failed": failed,
        "unchanged": snapshot(workspace / "dist") == before,
        "leftovers": leftovers(workspace),
    }
    filler.unlink()
    result["again"] = polyglot(workspace, "build")
    result["changed"] = snapshot(workspace / "dist") != before
    result["converged"] = polyglot(workspace, "build")
    result["leftovers_after"] = leftovers(workspace)
    return result


def read_only_locales(source: Path) -> dict[str, Any]:
    workspace = on_tmpfs(source, "8m")
    grow_sources(workspace)
    before = snapshot(workspace / "locales")
    read_only(workspace / "locales")
    return {
        "extract": polyglot(workspace, "extract"),
        "unchanged": snapshot(workspace / "locales") == before,
        "status": polyglot(workspace, "status"),
        "check": polyglot(workspace, "check"),
        "leftovers": leftovers(workspace),
    }


def read_only_dist(source: Path) -> dict[str, Any]:
    workspace = on_tmpfs(source, "8m")
    first = polyglot(workspace, "build")
    before = snapshot(workspace / "dist")
    read_only(workspace / "dist")
    change_page_template(workspace)
    return {
        "first": first,
        "build": polyglot(workspace, "build"),
        "unchanged": snapshot(workspace / "dist") == before,
        "leftovers": leftovers(workspace),
    }


def read_only_workspace(source: Path) -> dict[str, Any]:
    workspace = on_tmpfs(source, "8m")
    polyglot(workspace, "build")
    before = snapshot(workspace)
    sh("mount", "-o", "remount,ro", str(MOUNT))
    report = workspace.parent / "status.html"
    return {
        "status": polyglot(workspace, "status"),
        "status_report": polyglot(workspace, "status", "-o", str(report)),
        "check": polyglot(workspace, "check"),
        "extract": polyglot(workspace, "extract"),
        "build": polyglot(workspace, "build"),
        "translate": polyglot(workspace, "translate", "--engine", "pseudo", "--lang", "qu"),
        "unchanged": snapshot(workspace) == before,
    }


def permission(source: Path) -> dict[str, Any]:
    workspace = on_tmpfs(source, "8m")
    grow_sources(workspace)
    (workspace / "locales" / "es" / "LC_MESSAGES").chmod(0o555)
    before = snapshot(workspace / "locales")
    result = {
        "extract": polyglot(workspace, "extract", unprivileged=True),
        "unchanged": snapshot(workspace / "locales") == before,
        "leftovers": leftovers(workspace),
    }
    # A source folder it may not list: not an empty workspace (a build would unpublish).
    (workspace / "locales" / "es" / "LC_MESSAGES").chmod(0o755)
    result["first_build"] = polyglot(workspace, "build")
    published = snapshot(workspace / "dist")
    (workspace / "source").chmod(0o311)
    result["build"] = polyglot(workspace, "build", unprivileged=True)
    result["status"] = polyglot(workspace, "status", unprivileged=True)
    result["dist_unchanged"] = snapshot(workspace / "dist") == published
    return result


SCENARIOS: dict[str, Callable[[Path], dict[str, Any]]] = {
    function.__name__: function
    for function in (
        full_disk_extract,
        full_disk_build,
        read_only_locales,
        read_only_dist,
        read_only_workspace,
        permission,
    )
}

if __name__ == "__main__":
    print(json.dumps(SCENARIOS[sys.argv[1]](Path(sys.argv[2]))))
