"""Language codes: validation and normalisation through babel's CLDR data."""

from __future__ import annotations

import gettext
import re
from collections.abc import Sequence
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.plural import to_gettext


class UnknownLanguage(ValueError):
    """Raised with the code as given when CLDR does not know it."""


@cache
def normalise(code: str) -> str:
    """`pt-BR`, `pt_br` and `pt_BR` all become `pt_BR`; an unknown code raises UnknownLanguage."""
    cleaned = code.strip().replace("-", "_")
    if not cleaned:
        raise UnknownLanguage(code)
    try:
        return str(Locale.parse(cleaned))
    except (UnknownLocaleError, ValueError, TypeError):
        # Locale.parse is case-sensitive about the territory; retry in canonical case.
        parts = cleaned.split("_")
        fixed = [parts[0].lower()] + [
            part.upper() if len(part) == 2 else part.title() for part in parts[1:]
        ]
        try:
            return str(Locale.parse("_".join(fixed)))
        except (UnknownLocaleError, ValueError, TypeError):
            raise UnknownLanguage(code) from None


@cache
def locale(code: str) -> Locale:
    return Locale.parse(normalise(code))


def text_direction(code: str) -> str:
    """`rtl` or `ltr`, from CLDR."""
    return str(locale(code).text_direction)


def native_name(code: str) -> str:
    """The language named in itself: español, français, العربية."""
    loc = locale(code)
    return str(loc.get_display_name(loc) or code)


def english_name(code: str) -> str:
    return str(locale(code).get_display_name("en") or code)


def bcp47(code: str) -> str:
    """`pt_BR` → `pt-BR`, for HTML `lang` attributes."""
    return normalise(code).replace("_", "-")


@cache
def plural_forms(code: str) -> str:
    """The gettext Plural-Forms header.

    babel's curated table follows gettext's conventions (two forms for Spanish); for
    languages it lacks we convert CLDR's rule, so Quechua gets one form rather than the
    two-form default babel would guess.
    """
    # Imported here: babel.messages loads its catalogue and date modules (about a sixth
    # of the command line's start-up), and most commands never write a header.
    from babel.messages.plurals import PLURALS

    normalised = normalise(code)
    base = normalised.split("_")[0]
    for key in (normalised, base):
        if key in PLURALS:
            count, expression = PLURALS[key]
            return f"nplurals={count}; plural={expression};"
    return to_gettext(locale(code).plural_form).strip().rstrip(";") + ";"


# gettext looks for these exact spellings (no space before "="), and so does `msgfmt -c`.
_NPLURALS = re.compile(r"nplurals=[ \t]*(\d+)")
_PLURAL = re.compile(r"(?<![a-z])plural=([^;]*)")
# `msgfmt -c` evaluates the expression for these n and refuses a value out of range.
_CHECKED_N = range(1001)


@cache
def plural_count(value: str) -> int | None:
    """The number of forms of a Plural-Forms header value that `msgfmt -c` accepts, else None.

    Accepted: `nplurals=N` with N ≥ 1 and a `plural=` C expression (parsed by the standard
    library's gettext, as Python itself reads .mo files) whose value for every n from 0 to
    1000 is at least 0 and below N, without a division by zero: what msgfmt checks.
    """
    count = _NPLURALS.search(value)
    expression = _PLURAL.search(value)
    if count is None or expression is None:
        return None
    forms = int(count.group(1))
    if forms < 1:
        return None
    try:
        rule = gettext.c2py(expression.group(1).strip())
        if all(0 <= rule(n) < forms for n in _CHECKED_N):
            return forms
    except (ValueError, ArithmeticError, RecursionError):
        pass  # not C, or a division by zero: msgfmt refuses it as well
    return None


def workspace_language(code: str, languages: Sequence[str]) -> str | None:
    """The workspace language a TMX or XLIFF language code stands for, if any."""
    normalised = normalise(code)  # UnknownLanguage for a code CLDR does not know
    if normalised in languages:
        return normalised
    base = normalised.split("_")[0]
    return base if base in languages else None
