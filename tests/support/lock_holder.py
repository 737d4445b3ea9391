"""A separate process holding the workspace lock, as another command would (the lock is
re-entrant within one process, so a thread cannot stand in for it)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path


def hold_lock(cache_folder: Path, command: str, ready: Path) -> subprocess.Popen[bytes]:
    """Started and holding the lock on return; it lets go when its stdin is closed."""
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from polyglot_statement.fsutil import workspace_lock
        with workspace_lock(Path({str(cache_folder)!r}), {command!r}):
            Path({str(ready)!r}).write_text("held")
            sys.stdin.read()
        """
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert holder.poll() is None, "the lock holder died"
        assert time.monotonic() < deadline, "the lock holder never took the lock"
        time.sleep(0.02)
    return holder


def release(holder: subprocess.Popen[bytes]) -> None:
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(30)
