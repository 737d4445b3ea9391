"""Many files written all or nothing: each staged beside its target, then all renamed."""

from __future__ import annotations

from pathlib import Path

from polyglot_statement.errors import ConcurrentEdit, NotOurFile
from polyglot_statement.fsutil.atomic import (
    commit_staged,
    fsync_directory,
    refuse_unreplaceable,
    stage_file,
    write_path,
)
from polyglot_statement.fsutil.guarded import commit_if_current
from polyglot_statement.fsutil.reading import ANYWHERE, InputBounds, holds
from polyglot_statement.fsutil.versions import FileVersion, at_target, is_current


class Staging:
    """Write many files all-or-nothing: stage each beside its target, then rename them all.

    A run that fails part-way (a malformed catalogue found late, Ctrl-C) removes what it
    staged and leaves every target as it was; each rename is atomic, so even an
    interrupted commit leaves only whole files. Before renaming over a file the run read,
    the commit checks nobody saved it meanwhile (`FileVersion`), and never renames over a
    save. A file that is a link is written where it leads (`write_path`), within the
    bounds it was read within, or `bounds` for a file the run did not read.
    """

    def __init__(self, bounds: InputBounds = ANYWHERE) -> None:
        self.bounds = bounds
        # (temp file, where it goes, the version read there, the path the caller named)
        self._staged: list[tuple[Path, Path, FileVersion | None, Path]] = []
        self.unchanged: list[Path] = []
        self.committed: list[Path] = []

    def stage(self, path: Path, data: bytes, read: FileVersion | None = None) -> bool:
        """Stage `data` for `path`; False (and nothing staged) when the file already holds it.

        `read` is the version of `path` this run based `data` on: the commit refuses to
        replace a file that is no longer that version.
        """
        bounds = self.bounds if read is None else read.bounds
        target = write_path(path, bounds)
        # A new file's folder too (`locales/qu` or `source/<slug>` committed as a link to
        # /etc): it was made and written there before anything judged where it was.
        folder = bounds.folder_outside(target.parent)
        if folder is not None:
            raise NotOurFile(
                f"its folder is a link to {folder}, outside the workspace; the tool writes only "
                "inside it: remove the link, or name the folder in the settings",
                path,
            )
        # A FIFO or a folder where a file goes (a template extract rewrites) is refused,
        # as write_atomic refuses it, never replaced by the rename.
        refuse_unreplaceable(target)
        if holds(target, data):
            self.unchanged.append(path)
            return False
        expected = None if read is None else at_target(read, target)
        self._staged.append((stage_file(target, data), target, expected, path))
        return True

    @property
    def written(self) -> list[Path]:
        """The files committed, then those staged to be."""
        return [*self.committed, *(path for _, _, _, path in self._staged)]

    def conflicts(self) -> list[Path]:
        """Targets saved by someone else since this run read them."""
        return [
            path for _, _, read, path in self._staged if read is not None and not is_current(read)
        ]

    def commit(self) -> None:
        """Rename every staged file into place; when one target changed since it was read,
        raise ConcurrentEdit having written nothing (or, if the save came during the
        renames, nothing more than the files before it)."""
        changed = self.conflicts()
        if changed:
            self.abort()
            raise ConcurrentEdit(
                "the file was changed by someone else while this command ran; nothing was "
                "written, run the command again",
                changed[0],
            )
        late = self.commit_current()
        if late:
            raise ConcurrentEdit(
                "the file was changed by someone else while this command ran; it was left "
                "as they saved it, run the command again",
                late[0],
            )

    def commit_current(self) -> list[Path]:
        """Rename every staged file whose target is still the version read; the targets
        that changed meanwhile, left as they are and no longer staged."""
        folders: set[Path] = set()
        changed: list[Path] = []
        staged, self._staged = self._staged, []
        try:
            while staged:
                temporary, target, read, path = staged[0]
                if read is None:
                    commit_staged(temporary, target)
                elif not commit_if_current(temporary, read):
                    changed.append(path)
                    staged.pop(0)
                    continue
                staged.pop(0)
                self.committed.append(path)
                folders.add(target.parent)
        finally:
            for temporary, _, _, _ in staged:  # a failure part-way: the rest stays as it was
                temporary.unlink(missing_ok=True)
            for folder in sorted(folders):
                fsync_directory(folder)
        return changed

    def abort(self) -> None:
        for temporary, _, _, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        # Committed when the block ended normally; else (the error goes on up) abandoned.
        if kind is None:
            self.commit()
        else:
            self.abort()
