"""Language names and directions, remembered: every page of a build asks for the same few."""

from __future__ import annotations

from functools import cache

from polyglot_statement import languages


@cache
def native_name(code: str) -> str:
    return languages.native_name(code)


@cache
def text_direction(code: str) -> str:
    return languages.text_direction(code)


@cache
def bcp47(code: str) -> str:
    return languages.bcp47(code)
