"""The words the tool itself adds to a printed edition, in the edition's language.

They are gettext messages of this package (domain `polyglot_statement`), extracted by
babel (`babel.cfg`) into `locale/polyglot_statement.pot` and translated in
`locale/<lang>/LC_MESSAGES/polyglot_statement.po`, the way the tool asks its users to
translate. The .po files are compiled in memory when first needed, so the package ships
no binary file that could fall out of step with its source.
"""

from __future__ import annotations

import gettext
import io
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from polyglot_statement.languages import normalise
from polyglot_statement.publish.inputs import PACKAGE_LOCALE

DOMAIN = "polyglot_statement"
# Where a language has no catalogue, the page footer is written without words: numbers
# in the reader's digits read better than English in a Quechua or Hindi document.
NEUTRAL_PAGE_OF_PAGES = "%(page)s / %(pages)s"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The package's catalogue for a language (or its base language); a NullTranslations,
    which gives every message back as it is, when there is none."""
    code = normalise(language)
    for candidate in dict.fromkeys((code, code.split("_")[0])):
        path = PACKAGE_LOCALE / candidate / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=candidate, domain=DOMAIN)
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
    return gettext.NullTranslations()


def page_of_pages(language: str) -> str:
    """The printed page's footer, with `%(page)s` and `%(pages)s` where the numbers go:
    its translation, else (in a language other than English) the numbers alone."""
    message = "Page %(page)s of %(pages)s"
    # Translators: the footer of every printed page: the page's number and
    # the number of pages. Keep both placeholders; the numbers are written in
    # the edition's own digits.
    label = translations(language).gettext("Page %(page)s of %(pages)s")
    if label == message and normalise(language).split("_")[0] != "en":
        return NEUTRAL_PAGE_OF_PAGES
    return label
