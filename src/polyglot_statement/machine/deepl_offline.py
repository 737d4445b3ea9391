"""DeepL without a key or a network, for `translate --dry-run`: the engine's own rules for
codes, glossaries and request sizes, with its languages from deepl_languages.py. It can
plan a run and say what it would cost; it cannot send anything."""

from __future__ import annotations

from collections.abc import Sequence

from polyglot_statement.config import Settings
from polyglot_statement.errors import EngineUnavailable
from polyglot_statement.machine.base import (
    EngineGlossary,
    Target,
    Translation,
    Usage,
)
from polyglot_statement.machine.deepl import DeepLEngine, formality_of
from polyglot_statement.machine.deepl_languages import TARGETS, glossary_pairs

__all__ = ["OfflineDeepL"]


class OfflineDeepL(DeepLEngine):
    offline = True

    def __init__(self, settings: Settings):  # no key, no client: nothing to connect
        machine = settings.machine
        self.formality, self._formality = formality_of(settings)  # as the engine refuses
        self._key_variable = machine.auth_key_env
        self._key = ""
        self.server_url = None
        self._language_map = dict(machine.language_map)
        self._project = settings.project_name
        self._client = None
        self._targets = dict(TARGETS)
        self._pairs = glossary_pairs()
        self._existing = None
        self._glossary_ids = {}

    def prepare(self, source_language: str, target: Target, glossary: EngineGlossary) -> None:
        raise EngineUnavailable("an estimate sends nothing; set the DeepL key to translate")

    def translate(
        self, texts: Sequence[str], source_language: str, target: Target
    ) -> list[Translation]:
        raise EngineUnavailable("an estimate sends nothing; set the DeepL key to translate")

    def usage(self) -> Usage | None:
        return None  # the account is DeepL's to tell

    def close(self) -> None:
        pass
