"""Processes seen through /proc (Linux): a command's workers, and whether one still lives;
and a command run with a terminal (a pseudo-terminal) as its output."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path


def children(pid: int) -> set[int]:
    """The process's children now (none once it is gone)."""
    found: set[int] = set()
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found.update(int(child) for child in (task / "children").read_text().split())
    except OSError:
        pass
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent to reap it counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def in_a_terminal(workspace: Path, args: list[str], environment: dict[str, str]) -> str:
    """What `polyglot -C workspace ARGS` prints with a pseudo-terminal as its stdout, in
    the environment less NO_COLOR, plus `environment`."""
    primary, secondary = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    env.update(environment)
    process = subprocess.Popen(
        [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *args],
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(primary)
    return b"".join(chunks).decode("utf-8")
