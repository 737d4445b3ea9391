"""The words the tool itself puts on a page, in the reader's language.

The notice of a partial edition, the label on a passage left in the original, the
switcher's name, the front page's headings: these are gettext messages of this package
(domain `polyglot_statement`), extracted by babel (`babel.cfg`) from the templates and
the code into `locale/polyglot_statement.pot` and translated in
`locale/<lang>/LC_MESSAGES/polyglot_statement.po`, as the tool asks its users to
translate their statements.

The .po files are the only form kept, in git and in the package: a process compiles the
catalogue of a language in memory with babel the first time a page needs it (a few
milliseconds for a few dozen messages), so there is no binary .mo to rebuild, commit or
forget, and an edited .po is what the next build uses.

A catalogue is used only when every message in it is translated and none is fuzzy, the
rule the tool applies to editions by default: a page never mixes two languages in its own
words, and the language of those words is `PageText.language` (English, the messages'
own language, for a language without a complete catalogue), which the templates write
in `lang` wherever it differs from the edition's.

Numbers are written with the language's CLDR plural rules (through the catalogue's
Plural-Forms) and digits: babel formats with the locale's symbols, and its default
numbering system's digits replace the Latin ones (babel writes Latin digits whatever the
system).
"""

from __future__ import annotations

import gettext
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

from polyglot_statement.languages import UnknownLanguage, normalise

DOMAIN = "polyglot_statement"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# The language of the messages' ids.
MESSAGES_LANGUAGE = "en"

# CLDR numbering systems that locales use by default, and the Unicode name of their zero:
# the ten digits follow it. A test holds this list to every default babel's data names.
_DIGIT_ZERO = {
    "adlm": "ADLAM DIGIT ZERO",
    "arab": "ARABIC-INDIC DIGIT ZERO",
    "arabext": "EXTENDED ARABIC-INDIC DIGIT ZERO",
    "beng": "BENGALI DIGIT ZERO",
    "cakm": "CHAKMA DIGIT ZERO",
    "deva": "DEVANAGARI DIGIT ZERO",
    "hmnp": "NYIAKENG PUACHUE HMONG DIGIT ZERO",
    "mtei": "MEETEI MAYEK DIGIT ZERO",
    "mymr": "MYANMAR DIGIT ZERO",
    "nkoo": "NKO DIGIT ZERO",
    "olck": "OL CHIKI DIGIT ZERO",
    "tibt": "TIBETAN DIGIT ZERO",
}
# CSS counter styles for the same systems, for page numbers in print.
_COUNTER_STYLE = {
    "arab": "arabic-indic",
    "arabext": "persian",
    "beng": "bengali",
    "deva": "devanagari",
    "mymr": "myanmar",
    "tibt": "tibetan",
}


@dataclass(frozen=True, slots=True)
class PageText:
    """The tool's own words for pages in one language."""

    language: str  # the language the words are in: the reader's, or English
    locale: Locale  # the reader's language, for numbers, dates and language names
    translations: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, count: int) -> str:
        return self.translations.npgettext(context, singular, plural, count)

    def number(self, value: float) -> str:
        """A number written the reader's way: 1,234 · 1 234 · ١٬٢٣٤."""
        return native_digits(
            str(format_decimal(value, locale=self.locale, numbering_system="default")),
            self.locale,
        )

    def percent(self, value: float) -> str:
        """A percentage (`value` from 0 to 100) written the reader's way, whole: 26 % · ٪٢٦."""
        share = int(value) / 100  # floored: 99.6 % translated is not "100 %"
        return native_digits(
            str(format_percent(share, locale=self.locale, numbering_system="default")),
            self.locale,
        )

    def language_name(self, code: str) -> str:
        """A language named in the words' language: "inglés" on a Spanish page."""
        try:
            named = Locale.parse(normalise(code))
        except (UnknownLanguage, ValueError):
            return code
        return str(named.get_display_name(self.language) or code)

    def untranslated(self, source_language: str) -> str:
        """The label before a passage shown in the original language."""
        # Translators: a short label before each passage shown in the original language;
        # "language" is its name in yours ("English", "inglés").
        return self.gettext("Not yet translated (%(language)s)") % {
            "language": self.language_name(source_language)
        }

    @property
    def counter_style(self) -> str:
        """The CSS counter style that writes the reader's digits (page numbers in print)."""
        return _COUNTER_STYLE.get(str(self.locale.default_numbering_system), "decimal")


def native_digits(text: str, locale: Locale) -> str:
    """`text` with its Latin digits written in the locale's default numbering system."""
    name = _DIGIT_ZERO.get(str(locale.default_numbering_system))
    if name is None:
        return text
    zero = ord(unicodedata.lookup(name))
    return text.translate({ord("0") + digit: zero + digit for digit in range(10)})


@cache
def page_text(language: str) -> PageText:
    """The page text for a reader of `language` (remembered: every page of a build asks)."""
    code = normalise(language)
    reader = Locale.parse(code)
    for candidate in _candidates(code):
        catalog = _complete_catalog(candidate)
        if catalog is not None:
            return PageText(candidate, reader, _compiled(catalog))
    return PageText(MESSAGES_LANGUAGE, reader, gettext.NullTranslations())


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def available_languages() -> tuple[str, ...]:
    """The languages the package has a catalogue for, complete or not."""
    return tuple(sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po")))


def _candidates(code: str) -> list[str]:
    """`pt_BR` → pt_BR, pt; `zh_Hant_TW` → zh_Hant_TW, zh_Hant (never `zh`, which is
    written in Simplified characters): a fallback keeps the script of the reader's language."""
    if code.split("_")[0] == MESSAGES_LANGUAGE:
        return []  # the messages are English already
    script = _script(code)
    parts = code.split("_")
    shorter = ["_".join(parts[:length]) for length in range(len(parts), 0, -1)]
    return [candidate for candidate in shorter if _script(candidate) == script]


def _script(code: str) -> str | None:
    locale = Locale.parse(code)
    if locale.script:
        return str(locale.script)
    likely = get_global("likely_subtags").get(locale.language)
    if likely is None:
        return None
    parts = str(likely).split("_")
    return parts[1] if len(parts) > 2 else None


def _complete_catalog(language: str) -> BabelCatalog | None:
    path = catalog_path(language)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    catalog = read_po(io.BytesIO(data), locale=language, domain=DOMAIN)
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            return None
    return catalog


def _compiled(catalog: BabelCatalog) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
