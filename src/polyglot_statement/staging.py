"""Write many files all-or-nothing: stage each beside its target, then rename them all.

A run that fails part-way (a malformed catalogue found late, Ctrl-C) removes what it
staged and leaves every target as it was; each rename is atomic, so even an interrupted
commit leaves only whole files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType

from polyglot_statement.fileio import read_bytes_or_none


class Staging:
    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []
        self.unchanged: list[Path] = []

    def stage(self, path: Path, data: bytes) -> bool:
        """Stage `data` for `path`; False (and nothing staged) when the file already holds it."""
        if read_bytes_or_none(path) == data:
            self.unchanged.append(path)
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        self._staged.append((Path(name), path))
        return True

    @property
    def written(self) -> list[Path]:
        return [target for _, target in self._staged]

    def commit(self) -> None:
        for temporary, target in self._staged:
            os.replace(temporary, target)

    def abort(self) -> None:
        for temporary, _ in self._staged:
            temporary.unlink(missing_ok=True)
        self._staged.clear()

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()
