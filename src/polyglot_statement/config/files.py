"""Where a workspace's settings are, and their TOML read: polyglot.toml, or
`[tool.polyglot]` in pyproject.toml, found from a folder upward as ruff finds its own.
A file TOML cannot read is refused with the line to look at."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from polyglot_statement.config.model import Settings
from polyglot_statement.config.parse import parse_settings
from polyglot_statement.errors import ConfigError
from polyglot_statement.fsutil import read_input


def find_settings_file(start: Path) -> tuple[Path, dict[str, Any]]:
    """Walk up from `start` to the first polyglot.toml, or pyproject.toml with [tool.polyglot]."""
    start = start.resolve()
    for folder in (start, *start.parents):
        dedicated = folder / "polyglot.toml"
        if dedicated.is_file():
            # polyglot.toml holds the keys at top level, as ruff.toml does.
            return dedicated, _read_toml(dedicated)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            tools = _read_toml(pyproject).get("tool", {})
            table = tools.get("polyglot") if isinstance(tools, dict) else None
            if isinstance(table, dict):
                return pyproject, table
    raise ConfigError(
        f"no workspace settings found in {start} or any folder above it; "
        "run `polyglot init` to make a workspace, or add [tool.polyglot] to pyproject.toml"
    )


def _read_toml(path: Path) -> dict[str, Any]:
    # Without blocking and bounded, as every input (a FIFO or /dev/zero behind a link).
    data = read_input(path, ConfigError) or b""
    try:
        # Notepad on Windows starts a UTF-8 file with a byte-order mark, which tomllib
        # took for "Invalid statement (at line 1, column 1)".
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ConfigError(
            "not UTF-8 text; save the file as UTF-8", path, data.count(b"\n", 0, error.start) + 1
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = int(match.group(1)) if match else None
        raise ConfigError(f"invalid TOML: {error}", path, line) from None
    except ValueError:
        # tomllib reads an integer with int(), which refuses more than 4,300 digits.
        digits = _LONG_NUMBER.search(text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else None
        raise ConfigError(
            "a number has more digits than can be read; write a number of sensible size",
            path,
            line,
        ) from None
    except RecursionError:
        # tomllib reads nested arrays and inline tables by recursion.
        raise ConfigError(
            f"arrays or inline tables nest more than {MAX_TOML_NESTING} deep; "
            "settings need two or three levels",
            path,
            _deep_line(text),
        ) from None


# A run of digits (with TOML's `_` separators) past Python's int-from-text limit.
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4300,}")
MAX_TOML_NESTING = 100


def _deep_line(text: str) -> int | None:
    """The line where brackets first nest past MAX_TOML_NESTING (strings are not told
    apart: this only points the reader at the place)."""
    depth = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_TOML_NESTING:
                return text.count("\n", 0, index) + 1
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def load_settings(start: Path | None = None) -> Settings:
    path, table = find_settings_file(start or Path.cwd())
    return parse_settings(table, path)
