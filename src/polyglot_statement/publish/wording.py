"""The words the tool itself adds to an edition, in the edition's language.

They are gettext messages of this package (domain `polyglot-statement`, catalogues in
`polyglot_statement/locale/<lang>/LC_MESSAGES/`), translated the way the tool asks its
users to translate. The .po files are compiled in memory when first needed, so the
package ships no binary file that could fall out of step with its source.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from polyglot_statement.languages import normalise

DOMAIN = "polyglot-statement"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
PAGE_OF_PAGES = "Page %(page)s of %(pages)s"
# Where a language has no catalogue, the page footer is written without words: numbers
# in the reader's digits read better than English in a Quechua or Hindi document.
_NEUTRAL = {PAGE_OF_PAGES: "%(page)s / %(pages)s"}


@cache
def translations(language: str) -> gettext.NullTranslations | None:
    """The package's catalogue for a language (or its base language), if it has one."""
    code = normalise(language)
    for candidate in dict.fromkeys((code, code.split("_")[0])):
        path = LOCALE_DIR / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=candidate, domain=DOMAIN)
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
    return None


def wording(message: str, language: str) -> str:
    """`message` in the language: its translation, else a neutral form, else English."""
    catalog = translations(language)
    if catalog is not None:
        translated = catalog.gettext(message)
        if translated != message:
            return translated
    if normalise(language).split("_")[0] == "en":
        return message
    return _NEUTRAL.get(message, message)
