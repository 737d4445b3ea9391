"""Which engine a run uses: the settings' or the command line's choice, by name."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from polyglot_statement.config import Settings
from polyglot_statement.errors import ConfigError
from polyglot_statement.machine.base import Engine
from polyglot_statement.machine.pseudo import PseudoEngine

ENGINES = ("deepl", "pseudo")


def create_engine(
    settings: Settings, name: str | None = None, dry_run: bool = False, **options: Any
) -> Engine:
    """The engine `name`, or the one the settings choose; options go to its constructor.

    A dry run without a DeepL key gets DeepL's offline stand-in: it says which languages
    DeepL takes and what would be sent, and sends nothing."""
    chosen = name or settings.machine.engine
    if chosen == "deepl" and dry_run and not _has_key(settings, options.get("environ")):
        from polyglot_statement.machine.deepl_offline import OfflineDeepL

        return OfflineDeepL(settings)
    if chosen == "pseudo":
        return PseudoEngine()
    if chosen == "deepl":
        # Imported when chosen: the deepl client and its HTTP stack take 0.08 s to load,
        # which `translate --engine pseudo` and the tests that use it need not pay.
        from polyglot_statement.machine.deepl import DeepLEngine

        return DeepLEngine(settings, **options)
    raise ConfigError(
        f"unknown machine-translation engine {chosen!r}; known: {', '.join(ENGINES)}",
        settings.settings_file if name is None else None,
    )


def _has_key(settings: Settings, environ: Mapping[str, str] | None) -> bool:
    variables = os.environ if environ is None else environ
    return bool(variables.get(settings.machine.auth_key_env, "").strip())
