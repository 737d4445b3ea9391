"""Issue 20, hostile and unlucky writes: no lost save, nothing written through a link.

Each test is the issue's minimal reproduction. A translator's save is landed in the very
instant after one of the tool's renames through `fsutil.atomic.after_rename`, the documented
seam for it: no sleeping, no timing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_runner import polyglot as run
from memory_workspace import FIRST_ES, translated_workspace
from test_memory_cli import FOLLOW_UP, NEW_PARAGRAPH, write_follow_up

from polyglot_statement import fsutil
from polyglot_statement.config import load_settings
from polyglot_statement.fsutil import (
    ConcurrentEdit,
    NotOurFile,
    is_current,
    read_version,
    replace_if_unchanged,
    workspace_lock,
    write_output,
)
from polyglot_statement.owndb import APPLICATION_ID
from polyglot_statement.po import APPROVED, Catalog, format_po, read_po

SLUG = "wftu-andean-solidarity-peru"
MINE = "Texto que el traductor aprobó."
DATA = Path(__file__).parent / "data"


def approve(path: Path, index: int, text: str) -> None:
    """Save as Poedit does: the whole catalogue to a temp file, renamed over the old one."""
    catalog = read_po(path)
    entry = catalog.active[index]
    entry.msgstr = text
    entry.set_fuzzy(False)
    temp = path.with_name(f".{path.name}.poedit~")
    temp.write_bytes(format_po(catalog))
    os.replace(temp, path)


def state_of(path: Path, index: int) -> tuple[str, str]:
    entry = read_po(path).active[index]
    return entry.state, entry.msgstr


class SaveAfterRename:
    """Installed as fsutil.atomic.after_rename: the first time the tool renames `trigger` (any
    file when None) into place, the translator saves `catalogue` at once."""

    def __init__(self, catalogue: Path, index: int, trigger: Path | None) -> None:
        self.catalogue = catalogue
        self.index = index
        self.trigger = trigger
        self.saved_after: Path | None = None

    def __call__(self, path: Path) -> None:
        if self.saved_after is None and (self.trigger is None or path == self.trigger):
            self.saved_after = path
            approve(self.catalogue, self.index, MINE)


@pytest.fixture
def save_after_rename(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[Path, int, Path | None], SaveAfterRename]]:
    def arm(catalogue: Path, index: int, trigger: Path | None) -> SaveAfterRename:
        hook = SaveAfterRename(catalogue, index, trigger)
        monkeypatch.setattr(fsutil.atomic, "after_rename", hook)
        return hook

    yield arm


# ---------------------------------------------------------------- no lost update


def test_the_version_written_is_the_file_written_not_a_save_after_it(
    tmp_path: Path, save_after_rename: Callable[[Path, int, Path | None], SaveAfterRename]
) -> None:
    path = tmp_path / "es.po"
    path.write_bytes(b'msgid ""\nmsgstr ""\n')
    _data, version = read_version(path)
    theirs = b"their save, landed just after our rename"

    def save(renamed: Path) -> None:
        fsutil.atomic.after_rename = None
        temp = path.with_name("editor~")
        temp.write_bytes(theirs)
        os.replace(temp, renamed)

    fsutil.atomic.after_rename = save
    try:
        ours = replace_if_unchanged(version, b"ours")
    finally:
        fsutil.atomic.after_rename = None
    assert not is_current(ours)  # the save is not taken for what we wrote
    with pytest.raises(ConcurrentEdit):
        replace_if_unchanged(ours, b"ours, again")
    assert path.read_bytes() == theirs
    assert is_current(replace_if_unchanged(read_version(path)[1], b"later"))


def test_translate_memory_prefill_keeps_a_save_landed_after_its_write(
    workspace: Path, save_after_rename: Callable[[Path, int, Path | None], SaveAfterRename]
) -> None:
    """The issue's lost update: translate's pre-fill wrote the catalogue, a translator
    saved in the instant after the rename, and the machine drafts written later replaced
    their approved text."""
    write_follow_up(workspace)
    assert run(workspace, "extract", "--no-memory", "--lang", "pt").exit_code == 0
    path = load_settings(workspace).catalog_path("pt", FOLLOW_UP)
    catalog = read_po(path)
    # The entry the memory cannot fill: the machine drafts it, unless the translator did.
    index = next(i for i, entry in enumerate(catalog.active) if entry.msgid == NEW_PARAGRAPH)
    hook = save_after_rename(path, index, path)
    result = run(workspace, "translate", "--engine", "pseudo", "--lang", "pt")
    assert result.exit_code == 0, result.output
    assert "memory pre-filled" in result.output  # the pre-fill wrote, then the translator
    assert hook.saved_after == path
    assert state_of(path, index) == (APPROVED, MINE)
    # Every other untranslated entry still got its memory or machine draft.
    assert all(entry.msgstr for entry in read_po(path).active)


def _qu(workspace: Path) -> Path:
    return load_settings(workspace).catalog_path("qu", SLUG)


def _xliff_with_one_translation(workspace: Path) -> Path:
    assert run(workspace, "export", "--lang", "qu", "-o", str(workspace / "out")).exit_code == 0
    document = workspace / "out" / f"{SLUG}.qu.xlf"
    text = document.read_text("utf-8")
    document.write_text(
        text.replace('<target state="new"/>', '<target state="translated">Imported</target>', 1),
        "utf-8",
    )
    return document


def _new_sentence(workspace: Path) -> None:
    source = workspace / "source" / f"{SLUG}.md"
    source.write_text(source.read_text("utf-8") + "\nA sentence added today.\n", "utf-8")


# What each writing command needs before it runs, and its arguments.
WRITERS: dict[str, tuple[Callable[[Path], object], Callable[[Path], tuple[str, ...]]]] = {
    "extract": (_new_sentence, lambda ws: ("extract",)),
    "translate": (lambda ws: None, lambda ws: ("translate", "--engine", "pseudo", "--lang", "qu")),
    "import": (
        _xliff_with_one_translation,
        lambda ws: ("import", str(ws / "out" / f"{SLUG}.qu.xlf")),
    ),
    "memory import": (
        lambda ws: None,
        lambda ws: ("memory", "import", str(DATA / "memory" / "omegat.tmx")),
    ),
    "build": (lambda ws: None, lambda ws: ("build", "--allow-partial")),
    "status": (lambda ws: None, lambda ws: ("status",)),
}


# A save right after the catalogue's own rename (by the commands that write catalogues),
# and after the first rename of any file (a template, a cache, memory/, dist/'s inputs).
CASES = [
    *((command, "the catalogue") for command in ("extract", "translate", "import")),
    *((command, "any file") for command in WRITERS),
]


@pytest.mark.parametrize(("command", "trigger"), CASES)
def test_a_save_landed_after_any_rename_survives_every_writer(
    workspace: Path,
    save_after_rename: Callable[[Path, int, Path | None], SaveAfterRename],
    command: str,
    trigger: str,
) -> None:
    prepare, arguments = WRITERS[command]
    prepare(workspace)
    path = _qu(workspace)
    hook = save_after_rename(path, 1, path if trigger == "the catalogue" else None)
    result = run(workspace, *arguments(workspace))
    # import's one imported text fails a check (exit 1), and is written all the same.
    assert result.exit_code == (1 if command == "import" else 0), result.output
    assert hook.saved_after is not None  # the save did land after one of its renames
    assert state_of(path, 1) == (APPROVED, MINE)


# ---------------------------------------------------------------- the tool's own files


def test_a_link_at_the_lock_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    workspace = translated_workspace(tmp_path / "ws").root
    victim = tmp_path / "passwd"
    victim.write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    lock = workspace / ".polyglot" / "lock"
    lock.parent.mkdir(exist_ok=True)
    lock.unlink(missing_ok=True)
    lock.symlink_to(victim)
    for arguments in (("extract",), ("build",), ("translate", "--engine", "pseudo")):
        result = run(workspace, *arguments)
        assert result.exit_code == 2, result.output
        assert ".polyglot/lock: is a link, not a regular file" in result.output
        assert "Traceback" not in result.output
    assert victim.read_text("utf-8") == "root:x:0:0:root:/root:/bin/bash\n"
    assert lock.is_symlink()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_special_file_at_the_lock_is_refused(tmp_path: Path, kind: str) -> None:
    lock = tmp_path / "c" / "lock"
    lock.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(lock)
    else:
        lock.mkdir()
    with (
        pytest.raises(NotOurFile, match="not a regular file"),
        workspace_lock(tmp_path / "c", "extract"),
    ):
        pass


def _someone_elses_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE accounts (name TEXT, balance INTEGER)")
        connection.execute("INSERT INTO accounts VALUES ('ana', 100)")
        connection.execute("PRAGMA user_version = 7")
    connection.close()


def _accounts(path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT * FROM accounts").fetchall()
    connection.close()
    return rows


@pytest.mark.parametrize("as_link", [True, False], ids=["link", "in-place"])
@pytest.mark.parametrize(
    ("name", "arguments"),
    [
        ("memory.sqlite3", ("memory", "search", "strike")),
        ("machine-translations.sqlite3", ("translate", "--engine", "pseudo")),
        ("machine-translations.sqlite3", ("translate", "--engine", "pseudo", "--dry-run")),
    ],
)
def test_a_database_that_is_not_ours_is_refused_never_wiped(
    tmp_path: Path, name: str, arguments: tuple[str, ...], as_link: bool
) -> None:
    workspace = translated_workspace(tmp_path / "ws").root
    other = tmp_path / "app.db" if as_link else workspace / ".polyglot" / name
    other.parent.mkdir(exist_ok=True)
    _someone_elses_database(other)
    if as_link:
        (workspace / ".polyglot" / name).symlink_to(other)
    result = run(workspace, *arguments)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert f".polyglot/{name}: " in result.output
    assert _accounts(other) == [("ana", 100)]


def test_our_databases_carry_the_application_id_and_older_ones_are_adopted(
    workspace: Path,
) -> None:
    assert run(workspace, "translate", "--engine", "pseudo", "--lang", "qu").exit_code == 0
    for name in ("memory.sqlite3", "machine-translations.sqlite3"):
        path = workspace / ".polyglot" / name
        assert path.is_file()
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
            connection.execute("PRAGMA application_id = 0")  # as made before it was set
        connection.close()
    _qu(workspace).unlink()  # its drafts come back from the cache, which was kept
    assert run(workspace, "extract", "--lang", "qu", "--no-memory").exit_code == 0
    again = run(workspace, "translate", "--engine", "pseudo", "--lang", "qu", "--no-memory")
    assert again.exit_code == 0, again.output
    assert "0 characters billed" in again.output and "0 request(s)" in again.output


@pytest.mark.parametrize("name", ["status.json", "build-inputs.json", "build-unchanged.json"])
def test_a_link_at_a_cache_file_is_refused(tmp_path: Path, name: str) -> None:
    workspace = translated_workspace(tmp_path / "ws").root
    victim = tmp_path / "victim.json"
    victim.write_text("{}", "utf-8")
    (workspace / ".polyglot").mkdir(exist_ok=True)
    (workspace / ".polyglot" / name).symlink_to(victim)
    result = run(workspace, "status" if name == "status.json" else "build")
    assert result.exit_code == 2, result.output
    assert f".polyglot/{name}: is a link, not a regular file" in result.output
    assert victim.read_text("utf-8") == "{}"


# ---------------------------------------------------------------- -o


OUTPUTS = {
    "status": ("status",),
    "glossary export": ("glossary", "export", "--format", "csv"),
    "memory export": ("memory", "export"),
}


@pytest.mark.parametrize("command", list(OUTPUTS))
def test_output_to_a_character_device_writes_into_it(
    workspace: Path, tmp_path: Path, command: str
) -> None:
    """`-o /dev/null` writes into the device: it is not replaced by a file (as root it
    would have been)."""
    before = os.stat("/dev/null")
    result = run(workspace, *OUTPUTS[command], "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


@pytest.mark.parametrize("command", list(OUTPUTS))
def test_output_to_a_fifo_writes_through_it(workspace: Path, tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # The reader is this process: opened without waiting, read after the command ends
    # (its output fits in the pipe's buffer).
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run(workspace, *OUTPUTS[command], "-o", str(fifo))
        assert result.exit_code == 0, result.output
        received = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert received
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("command", list(OUTPUTS))
def test_output_through_a_link_to_a_file_is_refused(
    workspace: Path, tmp_path: Path, command: str
) -> None:
    victim = tmp_path / "passwd"
    victim.write_text("root:x:0:0\n", "utf-8")
    link = workspace / "report.out"
    link.symlink_to(victim)
    result = run(workspace, *OUTPUTS[command], "-o", str(link))
    assert result.exit_code == 2, result.output
    assert "is a link to" in result.output and "Traceback" not in result.output
    assert victim.read_text("utf-8") == "root:x:0:0\n"
    assert link.is_symlink()


def test_output_through_a_link_to_a_device_writes_into_it(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to("/dev/null")
    write_output(link, b"report")
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_a_folder_or_socket_is_refused(tmp_path: Path) -> None:
    import socket

    with pytest.raises(NotOurFile, match="is a folder"):
        write_output(tmp_path, b"report")
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(NotOurFile, match="is a socket"):
            write_output(path, b"report")


# ---------------------------------------------------------------- catalogue links


def test_a_catalogue_linked_inside_the_workspace_is_written_through(tmp_path: Path) -> None:
    settings = translated_workspace(tmp_path / "ws")
    shared = settings.root / "shared" / "first.es.po"
    shared.parent.mkdir()
    path = settings.catalog_path("es", "first")
    os.replace(path, shared)
    path.symlink_to(os.path.relpath(shared, path.parent))
    (settings.source_path / "first.md").write_text(
        (settings.source_path / "first.md").read_text("utf-8") + "\nA new sentence.\n", "utf-8"
    )
    result = run(settings.root, "extract")
    assert result.exit_code == 0, result.output
    assert path.is_symlink()  # still shared
    assert "A new sentence." in shared.read_text("utf-8")
    # The link's catalogue is translate's too.
    result = run(settings.root, "translate", "--engine", "pseudo", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert path.is_symlink()
    catalog: Catalog = read_po(shared)
    assert all(entry.msgstr for entry in catalog.active)
    assert {FIRST_ES[e.msgid] for e in catalog.active if e.msgid in FIRST_ES} <= {
        e.msgstr for e in catalog.active
    }


def test_a_catalogue_linked_outside_the_workspace_is_refused(tmp_path: Path) -> None:
    settings = translated_workspace(tmp_path / "ws")
    outside = tmp_path / "elsewhere.po"
    path = settings.catalog_path("es", "first")
    os.replace(path, outside)
    path.symlink_to(outside)
    before = outside.read_bytes()
    (settings.source_path / "first.md").write_text(
        (settings.source_path / "first.md").read_text("utf-8") + "\nA new sentence.\n", "utf-8"
    )
    result = run(settings.root, "extract")
    assert result.exit_code == 2, result.output
    assert "outside the workspace" in result.output
    assert outside.read_bytes() == before and path.is_symlink()


def test_a_template_linked_outside_the_workspace_is_refused_not_written(
    tmp_path: Path,
) -> None:
    settings = translated_workspace(tmp_path / "ws")
    outside = tmp_path / "elsewhere.pot"
    outside.write_bytes(b"# not ours\n")
    template = settings.template_path("first")
    template.unlink()
    template.symlink_to(outside)
    result = run(settings.root, "extract")
    assert result.exit_code == 2, result.output
    assert "outside the workspace" in result.output
    assert outside.read_bytes() == b"# not ours\n"


# ---------------------------------------------------------------- page templates


def test_a_page_template_linked_to_etc_passwd_is_not_published(tmp_path: Path) -> None:
    settings = translated_workspace(tmp_path / "ws")
    templates = settings.root / "templates"
    templates.mkdir()
    (templates / "edition.html").symlink_to("/etc/passwd")
    result = run(settings.root, "build", "--allow-partial")
    assert result.exit_code == 2, result.output
    assert "templates/edition.html: is a link to /etc/passwd, outside the workspace" in (
        result.output
    )
    assert not (settings.root / "dist").exists()


def test_a_page_template_cannot_run_commands(tmp_path: Path) -> None:
    settings = translated_workspace(tmp_path / "ws")
    templates = settings.root / "templates"
    templates.mkdir()
    marker = tmp_path / "pwned"
    (templates / "edition.html").write_text(
        "{{ self.__init__.__globals__.__builtins__.__import__('os')"
        f".system('touch {marker}') }}}}\n",
        "utf-8",
    )
    result = run(settings.root, "build", "--allow-partial")
    assert result.exit_code == 2, result.output
    assert "templates/edition.html" in result.output and "Traceback" not in result.output
    assert not marker.exists()


def test_an_export_never_replaces_a_fifo_with_a_file(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fifo = out / f"{SLUG}.qu.xlf"
    os.mkfifo(fifo)
    result = run(workspace, "export", "--lang", "qu", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "is a named pipe (FIFO); the tool replaces only regular files" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_memory_import_writes_through_a_link_inside_the_workspace(workspace: Path) -> None:
    shared = workspace / "shared" / "partner.tmx"
    shared.parent.mkdir()
    (workspace / "memory").mkdir()
    link = workspace / "memory" / "omegat.tmx"
    link.symlink_to(os.path.relpath(shared, link.parent))
    result = run(workspace, "memory", "import", str(DATA / "memory" / "omegat.tmx"))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert shared.read_bytes() == (DATA / "memory" / "omegat.tmx").read_bytes()


def test_a_link_beside_a_database_is_refused(tmp_path: Path) -> None:
    """SQLite writes its journal beside the database: a link there would be written through."""
    workspace = translated_workspace(tmp_path / "ws").root
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep me")
    (workspace / ".polyglot").mkdir(exist_ok=True)
    (workspace / ".polyglot" / "memory.sqlite3-wal").symlink_to(victim)
    result = run(workspace, "memory", "search", "strike")
    assert result.exit_code == 2, result.output
    assert ".polyglot/memory.sqlite3-wal: is a link, not a regular file" in result.output
    assert victim.read_bytes() == b"keep me"


def test_a_cache_folder_that_is_a_link_is_refused(tmp_path: Path) -> None:
    workspace = translated_workspace(tmp_path / "ws").root
    elsewhere = tmp_path / "etc"
    elsewhere.mkdir()
    (elsewhere / "lock").write_text("keep me", "utf-8")
    cache = workspace / ".polyglot"
    shutil.rmtree(cache, ignore_errors=True)
    cache.symlink_to(elsewhere)
    for arguments in (("extract",), ("status",), ("memory", "search", "strike")):
        result = run(workspace, *arguments)
        assert result.exit_code == 2, result.output
        assert ".polyglot: is a link to" in result.output
    assert sorted(os.listdir(elsewhere)) == ["lock"]
    assert (elsewhere / "lock").read_text("utf-8") == "keep me"
