"""Typed values read out of a settings table, each error pointing at the line of the
settings file that sets the key."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from polyglot_statement.config.model import PublishRule
from polyglot_statement.errors import ConfigError
from polyglot_statement.fsutil import unusable_name
from polyglot_statement.languages import UnknownLanguage, normalise


class SettingsReader:
    """Reads typed values out of a TOML table, pointing errors at the settings file line."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            self.lines = []

    def setting_line(self, key: str) -> int | None:
        """The first line that sets a key of that name (`key = ...`), or None."""
        setting = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, text in enumerate(self.lines, start=1):
            if setting.match(text):
                return number
        return None

    def line_of(self, *needles: str) -> int | None:
        # The line that sets a key of that name first: `glossary` is also in a comment.
        if (number := self.setting_line(needles[0])) is not None:
            return number
        for number, text in enumerate(self.lines, start=1):
            if all(needle in text for needle in needles):
                return number
        return None

    def fail(self, message: str, *needles: str) -> ConfigError:
        return ConfigError(message, self.path, self.line_of(*needles) if needles else None)

    def only_known(self, table: Mapping[str, Any], known: Iterable[str], where: str) -> None:
        """Refuse a key the table `where` does not have: a misspelt setting (`min-percnt`)
        would otherwise be ignored without a word, and the default used instead."""
        names = sorted(known)
        unknown = sorted(set(table) - set(names))
        if unknown:
            name = f"{where}.{unknown[0]}" if where else unknown[0]
            raise self.fail(
                f"unknown setting `{name}`; known settings"
                + (f" in [{where}]" if where else "")
                + f" are: {', '.join(names)}",
                unknown[0],
            )

    def section(
        self, table: Mapping[str, Any], key: str, known: Iterable[str] | None = None
    ) -> Mapping[str, Any]:
        """The table `key` (empty when it is not set), refusing any other value, and with
        `known`, a key the table does not have."""
        value = table.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(f"`{key}` must be a table", key)
        if known is not None:
            self.only_known(value, known, key)
        return value

    def string(self, table: Mapping[str, Any], key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise self.fail(f"`{key}` must be a string, not {type(value).__name__}", key)
        return value

    def workspace_path(self, table: Mapping[str, Any], key: str, default: str) -> Path:
        """A file or folder of the workspace; its name is written into catalogues and
        pages, and the system refuses a NUL in it."""
        value = self.string(table, key, default)
        problem = unusable_name(value)
        if problem is not None or not value:
            raise self.fail(f"`{key}`: {problem or 'is empty'}", key)
        return Path(value)

    def strings(
        self, table: Mapping[str, Any], key: str, default: tuple[str, ...]
    ) -> tuple[str, ...]:
        value = table.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(f'`{key}` must be a list of strings, e.g. {key} = ["es", "fr"]', key)
        return tuple(value)

    def language(self, code: str, key: str) -> str:
        try:
            return normalise(code)
        except UnknownLanguage:
            raise self.fail(
                f"unknown language code {code!r} in `{key}`; use a CLDR code such as "
                '"es", "pt_BR" or "zh_Hant"',
                code,
            ) from None

    def percent(self, table: Mapping[str, Any], key: str, default: float, where: str) -> float:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise self.fail(f"`{where}.{key}` must be a number from 0 to 100", key)
        return float(value)

    def rule(self, table: Mapping[str, Any], base: PublishRule, where: str) -> PublishRule:
        return PublishRule(
            min_percent=self.percent(table, "min-percent", base.min_percent, where),
            required_segments=self.strings(table, "required-segments", base.required_segments),
            partial_min_percent=self.percent(
                table, "partial-min-percent", base.partial_min_percent, where
            ),
        )

    def boolean(self, table: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(f"`{where}{key}` must be true or false", key)
        return value

    def site_url(self, table: Mapping[str, Any]) -> str | None:
        value = table.get("site-url")
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail("`site-url` must be a string", "site-url")
        parts = urllib.parse.urlsplit(value.strip())
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or parts.query
            or parts.fragment
        ):
            raise self.fail(
                f"`site-url` must be the absolute http(s) address dist/ is served from, "
                f'such as "https://example.org/statements/", not {value!r}',
                "site-url",
            )
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))
