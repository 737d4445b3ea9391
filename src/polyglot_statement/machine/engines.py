"""Machine translation: engines behind one protocol (base.py), markup, and a cache."""

from __future__ import annotations

from typing import Any

from polyglot_statement.config import Settings
from polyglot_statement.errors import ConfigError
from polyglot_statement.machine.base import Engine

ENGINES = ("deepl", "pseudo")


def create_engine(settings: Settings, name: str | None = None, **options: Any) -> Engine:
    """The engine `name`, or the one the settings choose; options go to its constructor."""
    chosen = name or settings.machine.engine
    if chosen == "pseudo":
        from polyglot_statement.machine.pseudo import PseudoEngine

        return PseudoEngine()
    if chosen == "deepl":
        # Imported only when used: the pseudo engine works without the deepl package.
        from polyglot_statement.machine.deepl import DeepLEngine

        return DeepLEngine(settings, **options)
    raise ConfigError(
        f"unknown machine-translation engine {chosen!r}; known: {', '.join(ENGINES)}",
        settings.settings_file if name is None else None,
    )
