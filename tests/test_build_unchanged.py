"""A build that finds nothing changed, answered from the stamp of the last one
(publish/unchanged.py), and the file identities that decide it (issue 27).

The stamp and the digest cache trust a file only when it was last changed two seconds
before they were written ("racily clean"); these tests set that margin to zero, as if
each edit came long after the build before it, which is when a missed change would go
unseen.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from cli_runner import exit_and_output as run
from test_build import SOURCE, make_workspace, snapshot, translate, upper

import polyglot_statement.publish.build_run as build_run
from polyglot_statement.config import load_settings
from polyglot_statement.publish import unchanged
from polyglot_statement.publish.build import build
from polyglot_statement.publish.inputs import DigestCache


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DigestCache, "RACY_NS", 0)
    monkeypatch.setattr(unchanged, "RACY_NS", 0)


@pytest.fixture
def built(tmp_path: Path, settled: None) -> Path:
    """Built twice: the second build found nothing changed and left its stamp."""
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr"))
    translate(root, "es", upper)
    translate(root, "fr", upper)
    settings = load_settings(root)
    assert build(settings).replaced
    assert not build(settings).replaced
    assert (root / ".polyglot" / unchanged.STAMP_FILE).is_file()
    return root


def no_deciding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any build that decides (rather than replays) fail."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build decided again")

    monkeypatch.setattr(build_run.Build, "__init__", refused)


def test_nothing_changed_is_answered_from_the_stamp_with_the_same_words(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (code, decided) = run(built, "build")
    assert code == 0
    before = snapshot(built / "dist")
    no_deciding(monkeypatch)
    (code, replayed) = run(built, "build")
    assert code == 0
    assert replayed == decided
    assert "nothing changed" in replayed
    assert snapshot(built / "dist") == before


def test_an_edit_keeping_size_and_modification_time_is_rebuilt(built: Path) -> None:
    """Same size, modification time set back: the change time still tells, so both the
    stamp and the digest cache see it."""
    settings = load_settings(built)
    path = settings.catalog_path("fr", "statement")
    status = os.stat(path)
    data = path.read_bytes()
    edited = data.replace(b"ECHO THE", b"ECHA THE", 1)
    assert edited != data and len(edited) == len(data)
    path.write_bytes(edited)
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert os.stat(path).st_mtime_ns == status.st_mtime_ns
    assert os.stat(path).st_size == status.st_size
    report = build(settings)
    assert report.replaced
    assert report.rebuilt == {("statement", "fr")}
    assert b"ECHA THE" in (built / "dist" / "fr" / "statement.md").read_bytes()


def test_the_digest_cache_alone_sees_such_an_edit(built: Path) -> None:
    """Without the stamp (removed), the ordinary build decides from the digest cache."""
    (built / ".polyglot" / unchanged.STAMP_FILE).unlink()
    settings = load_settings(built)
    path = settings.catalog_path("es", "statement")
    status = os.stat(path)
    path.write_bytes(path.read_bytes().replace(b"ECHO THE", b"ECHA THE", 1))
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert build(settings).rebuilt == {("statement", "es")}


def test_a_file_removed_from_dist_is_made_again(built: Path) -> None:
    (built / "dist" / "es" / "statement.txt").unlink()
    report = build(load_settings(built))
    assert report.replaced
    assert (built / "dist" / "es" / "statement.txt").is_file()


def test_a_new_statement_a_new_catalogue_and_other_options_decide_again(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(built)
    # Other options: not the stamp's build.
    assert not build(settings, languages=("es",)).replaced
    # A new statement.
    shutil.copy(built / "source" / "statement.md", built / "source" / "second.md")
    report = build(settings)
    assert ("second", "en") in report.rebuilt
    # Then the stamp again (a build that found nothing changed wrote it), and a
    # template of the workspace is an input too.
    assert not build(settings).replaced
    no_deciding(monkeypatch)
    assert not build(settings).replaced
    monkeypatch.undo()
    monkeypatch.setattr(DigestCache, "RACY_NS", 0)
    monkeypatch.setattr(unchanged, "RACY_NS", 0)
    (built / "templates").mkdir()
    page = Path(build_run.__file__).parent.parent / "templates" / "edition.css"
    (built / "templates" / "edition.css").write_text(
        page.read_text("utf-8") + "\nbody { color: #111; }\n", "utf-8"
    )
    assert build(settings).replaced


def test_a_stamp_written_within_the_racy_margin_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the real margin, files changed less than two seconds before the stamp make
    the next build decide again (it finds nothing changed all the same)."""
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    translate(root, "es", upper)
    settings = load_settings(root)
    build(settings)
    assert not build(settings).replaced
    assert unchanged.read_stamp(settings, "any key") is None
    decided: list[bool] = []
    real = build_run.Build.__init__

    def noting(self: build_run.Build, *args: object, **kwargs: object) -> None:
        decided.append(True)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_run.Build, "__init__", noting)
    assert not build(settings).replaced
    assert decided == [True]


def test_a_local_file_reached_through_a_link_that_now_points_elsewhere_is_copied_again(
    tmp_path: Path, settled: None
) -> None:
    """The stamp knows the file a link led to, not the link: a link set to another file
    (of the same size, or not) is a change the stamp cannot see, so no stamp is left."""
    root = make_workspace(
        tmp_path / "ws", SOURCE + "\n![A march](images/photo.png)\n", languages=("es",)
    )
    shared = root / "shared"
    shared.mkdir()
    (shared / "old.png").write_bytes(b"old picture")
    (shared / "new.png").write_bytes(b"new picture")
    (root / "source" / "images").mkdir()
    (root / "source" / "images" / "photo.png").symlink_to(shared / "old.png")
    translate(root, "es", upper)
    settings = load_settings(root)
    assert build(settings).replaced
    assert not build(settings).replaced
    link = root / "source" / "images" / "photo.png"
    link.unlink()
    link.symlink_to(shared / "new.png")
    build(settings)
    assert (root / "dist" / "es" / "images" / "photo.png").read_bytes() == b"new picture"


# ---------------------------------------------------------------- after a changing build


def test_the_first_build_after_a_changing_one_is_answered_from_the_stamp(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that changed dist/ decides once more against it (Build.settle) and leaves
    the stamp: the next build, with nothing changed, replays it, saying what a deciding
    build says."""
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es", "fr"))
    translate(root, "es", upper)
    (code, output) = run(root, "build")
    assert code == 0 and "nothing changed" not in output
    assert (root / ".polyglot" / unchanged.STAMP_FILE).is_file()
    before = snapshot(root / "dist")
    with monkeypatch.context() as patched:
        no_deciding(patched)
        (code, replayed) = run(root, "build")
    assert code == 0
    assert "nothing changed" in replayed
    assert snapshot(root / "dist") == before
    (root / ".polyglot" / unchanged.STAMP_FILE).unlink()
    (code, decided) = run(root, "build")
    assert (code, decided) == (0, replayed)


def test_settling_changes_nothing_and_stops_at_a_change(tmp_path: Path, settled: None) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    translate(root, "es", upper)
    settings = load_settings(root)
    assert build(settings).replaced
    stamp = root / ".polyglot" / unchanged.STAMP_FILE
    stamp.unlink()
    translate(root, "es", lambda msgid: upper(msgid).replace("[", "[¡"))
    before = snapshot(root / "dist")
    folders = sorted(path.name for path in root.iterdir())
    settling = build_run.Build(
        settings,
        settings.output_path,
        settings.formats,
        settings.allow_partial,
        [settings.source_path / "statement.md"],
        [settings.source_path / "statement.md"],
    )
    assert not settling.settle(("es",), "key")
    assert snapshot(root / "dist") == before
    assert sorted(path.name for path in root.iterdir()) == folders  # no half-made dist/
    assert not stamp.exists()
    assert build(settings).replaced  # the edit is published by the next build


def test_dist_changed_within_the_racy_margin_is_trusted_by_what_was_read_of_it(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of dist/ or the manifest whose times are too close to the stamp's to tell
    is trusted only while its listing or bytes have the digest the stamp recorded."""
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    translate(root, "es", upper)
    settings = load_settings(root)
    build(settings)
    output = settings.output_path
    unchanged.write_stamp(settings, "key", {}, output, ["", "es"], {"said": "this"})
    monkeypatch.setattr(unchanged, "RACY_NS", 10**19)  # everything is racy
    assert unchanged.read_stamp(settings, "key") == {"said": "this"}
    # Changes whose times the stamp cannot tell from its own: the same identities.
    files = json.loads((settings.cache_path / unchanged.STAMP_FILE).read_bytes())["files"]
    real = unchanged.identity
    monkeypatch.setattr(
        unchanged, "identity", lambda path: tuple(files[path]) if path in files else real(path)
    )
    (output / "es" / "added.html").write_text("x", encoding="utf-8")
    assert unchanged.read_stamp(settings, "key") is None
    (output / "es" / "added.html").unlink()
    assert unchanged.read_stamp(settings, "key") == {"said": "this"}
    manifest = output / "manifest.json"
    manifest.write_bytes(manifest.read_bytes().replace(b"{", b"{ ", 1))
    assert unchanged.read_stamp(settings, "key") is None


@pytest.mark.parametrize("part", ["contents", "files"])
def test_a_damaged_stamp_means_an_ordinary_build(
    built: Path, part: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stamp is a cache: one whose parts are not what a stamp holds (edited by hand, or
    by another version of the tool) is no stamp, never a traceback."""
    monkeypatch.setattr(unchanged, "RACY_NS", 10**19)  # its contents are read
    stamp = built / ".polyglot" / unchanged.STAMP_FILE
    data = json.loads(stamp.read_bytes())
    data[part] = list(data[part])
    stamp.write_text(json.dumps(data), encoding="utf-8")
    settings = load_settings(built)
    assert unchanged.read_stamp(settings, data["key"]) is None
    assert not build(settings).replaced
