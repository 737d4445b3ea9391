"""The fault suite: hostile files, kill -9 at many moments, full and read-only disks, modes.

After each fault: every catalogue passes `msgfmt -c`, every approved translation is still
there, dist/ is the old or the new complete build, and the next run converges, leaving
no temp file. Concurrent editors and two commands at once are in test_concurrency.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import pytest
from cli_runner import exit_and_output as run
from processes import alive, children

from polyglot_statement.fsutil import TEMP_SUFFIX
from polyglot_statement.po import APPROVED, parse_po

SLUG = "wftu-andean-solidarity-peru"
needs_msgfmt = pytest.mark.needs("msgfmt")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def leftovers(workspace: Path) -> list[Path]:
    return [
        path
        for path in workspace.rglob("*")
        if path.name.endswith(TEMP_SUFFIX) or path.name.startswith((".dist.building-",))
    ]


@pytest.fixture
def watchdog() -> Iterator[None]:
    """Turns a hang (a FIFO opened for reading) into a failure instead of a stuck suite."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(30)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- hostile files

CATALOGUE_COMMANDS = {
    "extract": ("extract",),
    "check": ("check",),
    "status": ("status",),
    "build": ("build",),
    "translate": ("translate", "--engine", "pseudo", "--lang", "es"),
}


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.po").write_text('msgid "a"\nmsgstr "b"\n', "utf-8")


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "is a named pipe (FIFO), not a regular file"),
    "folder": (_folder, "is a folder, not a file"),
    "dev-zero": (lambda path: path.symlink_to("/dev/zero"), "is a link to /dev/zero, outside"),
    "passwd": (lambda path: path.symlink_to("/etc/passwd"), "is a link to /etc/passwd, outside"),
    "dangling": (
        lambda path: path.symlink_to(path.parent / "gone.po"),
        "is a link to a file that does not exist",
    ),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("command", sorted(CATALOGUE_COMMANDS))
def test_a_hostile_catalogue_gets_the_same_verdict_from_every_command(
    workspace: Path, command: str, kind: str, watchdog: None
) -> None:
    if command == "build":
        assert run(workspace, "build")[0] == 0
    dist = snapshot(workspace / "dist") if command == "build" else {}
    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    catalogue.unlink()
    make, words = HOSTILE[kind]
    make(catalogue)
    code, output = run(workspace, *CATALOGUE_COMMANDS[command])
    assert code == 2, output
    assert re.search(rf"error: \S*{SLUG}\.po: {re.escape(words)}", output), output
    assert "root:" not in output  # nothing of a file outside the workspace is quoted
    if command == "build":
        assert snapshot(workspace / "dist") == dist  # the edition is not unpublished
    assert leftovers(workspace) == []


def test_a_catalogue_over_the_size_limit_is_refused_by_every_command(
    workspace: Path,
) -> None:
    settings = workspace / "pyproject.toml"
    text = settings.read_text("utf-8").replace(
        "[tool.polyglot]\n", '[tool.polyglot]\nmax-file-size = "10 kB"\n'
    )
    settings.write_text(text, "utf-8")
    for arguments in CATALOGUE_COMMANDS.values():
        code, output = run(workspace, *arguments)
        assert code == 2, (arguments, output)
        assert re.search(
            r"\.po: is \d[\d,]* bytes, more than the 10,000 bytes the `max-file-size` setting",
            output,
        ), output


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "passwd"])
@pytest.mark.parametrize("command", ["extract", "status", "build"])
def test_a_hostile_source_is_refused_not_read(
    workspace: Path, command: str, kind: str, watchdog: None
) -> None:
    source = workspace / "source" / "hostile.md"
    make, words = HOSTILE[kind]
    make(source)
    code, output = run(workspace, command)
    assert code == 2, output
    assert f"hostile.md: {words}" in output
    assert "root:" not in output


def test_a_link_inside_the_workspace_is_followed(workspace: Path) -> None:
    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    kept = workspace / "translations-es.po"
    catalogue.rename(kept)
    catalogue.symlink_to(kept)
    for arguments in (("status",), ("check",), ("build",)):
        assert run(workspace, *arguments)[0] in (0, 1), arguments


def test_an_invalid_escape_gets_the_same_verdict_from_every_command(workspace: Path) -> None:
    assert run(workspace, "build")[0] == 0
    dist = snapshot(workspace / "dist")
    catalogue = workspace / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    text = catalogue.read_text("utf-8")
    text = text.replace('msgstr "Subregión andina de la FSM"', 'msgstr "Subregión \\q andina"')
    catalogue.write_text(text, "utf-8")
    line = text[: text.index("\\q")].count("\n") + 1
    for arguments in CATALOGUE_COMMANDS.values():
        code, output = run(workspace, *arguments)
        assert code == 2, (arguments, output)
        assert f"{SLUG}.po:{line}: invalid escape sequence `\\q`" in output, output
    assert snapshot(workspace / "dist") == dist


# ---------------------------------------------------------------- kill -9


def _approved(workspace: Path) -> dict[Path, set[str]]:
    """Each catalogue's approved translations."""
    return {
        path: {
            entry.msgstr for entry in parse_po(path.read_bytes()).entries if entry.state == APPROVED
        }
        for path in sorted(workspace.glob("locales/*/LC_MESSAGES/*.po"))
    }


def _assert_sound(workspace: Path, approved: dict[Path, set[str]]) -> None:
    """Every catalogue valid for msgfmt and still holding every approved translation."""
    for path, translations in approved.items():
        subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)
        entries = parse_po(path.read_bytes()).entries
        assert translations <= {entry.msgstr for entry in entries}, path


def _bigger(workspace: Path, copies: int) -> Path:
    """The example workspace with `copies` more statements and their catalogues."""
    source = workspace / "source" / f"{SLUG}.md"
    for number in range(copies):
        slug = f"statement-{number:02d}"
        shutil.copy(source, workspace / "source" / f"{slug}.md")
        for catalogue in workspace.glob(f"locales/*/LC_MESSAGES/{SLUG}.po"):
            shutil.copy(catalogue, catalogue.with_name(f"{slug}.po"))
    assert run(workspace, "extract")[0] == 0
    return workspace


def _start(workspace: Path, *arguments: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


def _kill_when(process: subprocess.Popen[str], moment: Callable[[], bool]) -> tuple[bool, set[int]]:
    """SIGKILL the process at `moment`: whether it was still running then, and the
    children it had."""
    deadline = time.monotonic() + 60
    while process.poll() is None and not moment():
        assert time.monotonic() < deadline
        time.sleep(0.001)
    workers = children(process.pid)
    process.send_signal(signal.SIGKILL)
    landed = process.wait() == -signal.SIGKILL
    return landed, workers


def _assert_gone(pids: set[int]) -> None:
    deadline = time.monotonic() + 10
    try:
        while any(alive(pid) for pid in pids):
            assert time.monotonic() < deadline, "a worker outlived its killed parent"
            time.sleep(0.01)
    finally:
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def _changed_since(paths: dict[Path, int]) -> int:
    changed = 0
    for path, inode in paths.items():
        with contextlib.suppress(FileNotFoundError):
            changed += path.stat().st_ino != inode
    return changed


@needs_msgfmt
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_extract_killed_at_many_moments_loses_nothing_and_converges(workspace: Path) -> None:
    _bigger(workspace, 4)
    approved = _approved(workspace)
    catalogues = sorted(workspace.glob("locales/*/LC_MESSAGES/*.po"))
    moments: list[tuple[str, Callable[[dict[Path, int]], bool]]] = [
        ("at start", lambda inodes: True),
        ("while staging", lambda inodes: any(workspace.glob(f"locales/**/*{TEMP_SUFFIX}"))),
        ("after the first rename", lambda inodes: _changed_since(inodes) >= 1),
        ("half way through", lambda inodes: _changed_since(inodes) >= len(inodes) // 2),
    ]
    landed = 0
    for trial, (name, moment) in enumerate(moments):
        for source in workspace.glob("source/*.md"):  # every catalogue must be rewritten
            source.write_text(source.read_text("utf-8") + f"\nAdded in trial {trial}.\n", "utf-8")
        inodes = {path: path.stat().st_ino for path in catalogues}
        process = _start(workspace, "extract")
        landed += _kill_when(process, partial(moment, inodes))[0]
        _assert_sound(workspace, approved)
        code, output = run(workspace, "extract")
        assert code == 0, (name, output)
        assert "0 file(s) written" in run(workspace, "extract")[1], name
        assert leftovers(workspace) == [], name
    _assert_sound(workspace, approved)
    assert landed >= 3  # the kills came while extract ran, not after it


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_build_killed_at_many_moments_leaves_a_whole_dist_and_no_worker(
    workspace: Path,
) -> None:
    _bigger(workspace, 4)
    assert run(workspace, "build")[0] == 0
    template = workspace / "templates" / "edition.html"
    template.parent.mkdir(exist_ok=True)
    from polyglot_statement.publish.inputs import PACKAGE_TEMPLATES

    page = (PACKAGE_TEMPLATES / "edition.html").read_text("utf-8")

    def building() -> list[Path]:
        return list(workspace.glob(".dist.building-*"))

    moments: list[tuple[str, Callable[[int], bool]]] = [
        ("at start", lambda pid: True),
        ("with workers running", lambda pid: len(children(pid)) >= 2),
        ("while rendering", lambda pid: any(folder.glob("*/*.html") for folder in building())),
        ("before the swap", lambda pid: any((f / "manifest.json").exists() for f in building())),
    ]
    landed = 0
    for trial, (name, moment) in enumerate(moments):
        old = snapshot(workspace / "dist")
        template.write_text(page + f"<!-- trial {trial} -->\n", "utf-8")  # every page changes
        process = _start(workspace, "build", POLYGLOT_JOBS="2")
        killed_while_running, workers = _kill_when(process, partial(moment, process.pid))
        landed += killed_while_running
        _assert_gone(workers)
        killed = snapshot(workspace / "dist")
        code, output = run(workspace, "build")  # must not wait for a lock: nobody holds it
        assert code == 0 and "waiting" not in output, (name, output)
        new = snapshot(workspace / "dist")
        assert killed in (old, new), name
        assert leftovers(workspace) == [], name
    assert landed >= 3  # the kills came while the build ran, not after it


# ---------------------------------------------------------------- full and read-only disks

MOUNTS = Path(__file__).parent / "support" / "fault_mounts.py"


def _in_namespace(scenario: str, workspace: Path) -> dict[str, dict[str, object]]:
    """Run a disk-fault scenario in a private mount namespace; skip where none can be made
    (not root, no unshare), except in CI, where the suite must run them."""
    problem = None
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        problem = "needs root on Linux"
    elif shutil.which("unshare") is None:
        problem = "needs unshare (util-linux)"
    elif subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        problem = "unshare -m is not allowed here"
    if problem is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"disk-fault tests {problem}; CI must run them")
        pytest.skip(problem)
    done = subprocess.run(
        ["unshare", "-m", sys.executable, str(MOUNTS), scenario, str(workspace)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, dict[str, object]] = json.loads(done.stdout)
    for step in result.values():
        if isinstance(step, dict):
            assert "Traceback" not in str(step["err"]), step["err"]
    return result


def test_a_full_disk_during_extract_writes_nothing_and_the_next_run_converges(
    workspace: Path,
) -> None:
    result = _in_namespace("full_disk_extract", workspace)
    failed = result["failed"]
    assert failed["code"] == 3 and "the disk is full" in str(failed["err"])
    assert result["unchanged"] and result["leftovers"] == []
    assert result["again"]["code"] == 0
    assert "0 file(s) written" in str(result["converged"]["out"])
    assert result["leftovers_after"] == []


def test_a_full_disk_during_build_keeps_the_old_dist(workspace: Path) -> None:
    result = _in_namespace("full_disk_build", workspace)
    assert result["first"]["code"] == 0
    failed = result["failed"]
    assert failed["code"] == 3 and "the disk is full" in str(failed["err"])
    assert result["unchanged"] and result["leftovers"] == []
    assert result["again"]["code"] == 0 and result["changed"]
    assert "nothing changed" in str(result["converged"]["out"])
    assert result["leftovers_after"] == []


def test_a_read_only_locales_folder_is_a_clear_fault(workspace: Path) -> None:
    result = _in_namespace("read_only_locales", workspace)
    assert result["extract"]["code"] == 3
    assert "the file system is read-only" in str(result["extract"]["err"])
    assert result["unchanged"] and result["leftovers"] == []
    assert result["status"]["code"] == 0 and result["check"]["code"] == 0


def test_a_read_only_mount_of_dist_is_a_clear_fault(workspace: Path) -> None:
    result = _in_namespace("read_only_dist", workspace)
    assert result["first"]["code"] == 0
    assert result["build"]["code"] == 3
    assert "dist: cannot put the new output folder in place" in str(result["build"]["err"])
    assert result["unchanged"] and result["leftovers"] == []


def test_a_read_only_workspace_still_reports_and_refuses_to_write_clearly(
    workspace: Path,
) -> None:
    result = _in_namespace("read_only_workspace", workspace)
    assert result["status"]["code"] == 0 and result["check"]["code"] == 0
    for step in ("status_report", "extract", "build", "translate"):
        assert result[step]["code"] == 3, (step, result[step])
        assert "read-only" in str(result[step]["err"]), step
    assert result["unchanged"]


def test_a_permission_problem_is_a_clear_fault(workspace: Path) -> None:
    result = _in_namespace("permission", workspace)
    assert result["extract"]["code"] == 3
    assert "permission denied" in str(result["extract"]["err"])
    assert result["unchanged"] and result["leftovers"] == []
    assert result["first_build"]["code"] == 0
    for step in ("build", "status"):
        assert result[step]["code"] == 3, (step, result[step])
        assert "source: cannot list the statements: permission denied" in str(result[step]["err"])
    assert result["dist_unchanged"]


# ---------------------------------------------------------------- modes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_027() -> Iterator[None]:
    previous = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(previous)


def test_new_files_get_the_umask_mode_and_existing_ones_keep_theirs(
    tmp_path: Path, umask_027: None
) -> None:
    folder = tmp_path / "new"
    assert run(tmp_path, "init", str(folder), "--lang", "es", "--lang", "fr")[0] == 0
    for name in ("polyglot.toml", "glossary.yml", ".gitignore", "source/first-statement.md"):
        assert _mode(folder / name) == 0o640, name
    assert _mode(folder / "locales") == 0o750

    assert run(folder, "extract")[0] == 0
    es = folder / "locales/es/LC_MESSAGES/first-statement.po"
    fr = folder / "locales/fr/LC_MESSAGES/first-statement.po"
    assert _mode(es) == 0o640 and _mode(folder / "locales/templates/first-statement.pot") == 0o640
    fr.chmod(0o604)
    source = folder / "source/first-statement.md"
    source.write_text(source.read_text("utf-8") + "\nOne more paragraph.\n", "utf-8")
    assert run(folder, "extract")[0] == 0
    assert "One more paragraph." in fr.read_text("utf-8") and _mode(fr) == 0o604

    assert run(folder, "translate", "--engine", "pseudo", "--lang", "fr")[0] == 0
    assert _mode(fr) == 0o604

    # The original is published whatever the translations say.
    assert run(folder, "build", "--allow-partial")[0] == 0
    dist = folder / "dist"
    assert _mode(dist) == 0o750 and _mode(dist / "en") == 0o750
    assert _mode(dist / "en" / "first-statement.html") == 0o640
    dist.chmod(0o705)
    (dist / "en").chmod(0o705)
    (dist / "en" / "first-statement.html").chmod(0o604)
    source.write_text(source.read_text("utf-8") + "\nAnd another.\n", "utf-8")
    assert run(folder, "extract")[0] == 0
    assert run(folder, "build", "--allow-partial")[0] == 0
    assert "And another." in (dist / "en" / "first-statement.html").read_text("utf-8")
    assert _mode(dist) == 0o705 and _mode(dist / "en") == 0o705
    assert _mode(dist / "en" / "first-statement.html") == 0o604

    report = tmp_path / "status.html"
    assert run(folder, "status", "-o", str(report))[0] == 0
    assert _mode(report) == 0o640
    report.chmod(0o604)
    assert run(folder, "status", "-o", str(report))[0] == 0
    assert _mode(report) == 0o604
    exported = tmp_path / "glossary.tbx"
    assert run(folder, "glossary", "export", "--format", "tbx", "-o", str(exported))[0] == 0
    assert _mode(exported) == 0o640


def test_a_fifo_in_place_of_the_tools_own_files_does_not_hang(
    workspace: Path, watchdog: None
) -> None:
    assert run(workspace, "build")[0] == 0
    for name in ("status.json", "build-inputs.json"):
        path = workspace / ".polyglot" / name
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    (workspace / "dist" / "manifest.json").unlink()
    os.mkfifo(workspace / "dist" / "manifest.json")
    # Not ours (issue 20): refused, never read, replaced or written through.
    code, output = run(workspace, "status")
    assert code == 2 and ".polyglot/status.json: is a named pipe (FIFO), not a regular" in output
    code, output = run(workspace, "build")
    assert code == 2 and "holds no manifest.json" in output  # a build did not make it
    shutil.rmtree(workspace / "dist")
    code, output = run(workspace, "build")
    assert code == 2 and ".polyglot/build-inputs.json: is a named pipe (FIFO)" in output
    for name in ("status.json", "build-inputs.json"):
        assert stat.S_ISFIFO(os.lstat(workspace / ".polyglot" / name).st_mode)
        (workspace / ".polyglot" / name).unlink()
    assert run(workspace, "status")[0] == 0
    assert run(workspace, "build")[0] == 0
