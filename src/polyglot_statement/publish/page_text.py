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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

from polyglot_statement.languages import UnknownLanguage, normalise
from polyglot_statement.publish.inputs import PACKAGE_LOCALE
from polyglot_statement.publish.typography import Digits, digits, script

DOMAIN = "polyglot_statement"
LOCALE_DIR = PACKAGE_LOCALE
# The language of the messages' ids.
MESSAGES_LANGUAGE = "en"


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
        return self.digits.write(
            str(format_decimal(value, locale=self.locale, numbering_system="default"))
        )

    def percent(self, value: float) -> str:
        """A percentage (`value` from 0 to 100) written the reader's way, whole: 26 % · ٪٢٦."""
        share = int(value) / 100  # floored: 99.6 % translated is not "100 %"
        return self.digits.write(
            str(format_percent(share, locale=self.locale, numbering_system="default"))
        )

    def language_name(self, code: str) -> str:
        """A language named in the words' language: "inglés" on a Spanish page."""
        try:
            named = Locale.parse(normalise(code))
        except (UnknownLanguage, ValueError):
            return code
        return str(named.get_display_name(self.language) or code)

    def page_of_pages(self) -> str:
        """A printed page's footer, with `%(page)s` and `%(pages)s` where the numbers go;
        without a catalogue in the reader's language, the numbers alone: in the reader's
        digits they read better than English in a Quechua or Hindi document."""
        if self.language == MESSAGES_LANGUAGE and self.locale.language != MESSAGES_LANGUAGE:
            return "%(page)s / %(pages)s"
        # Translators: the footer of every printed page: the page's number and
        # the number of pages. Keep both placeholders; the numbers are written in
        # the edition's own digits.
        return self.gettext("Page %(page)s of %(pages)s")

    def untranslated(self, source_language: str) -> str:
        """The label before a passage shown in the original language."""
        # Translators: a short label before each passage shown in the original language;
        # "language" is its name in yours ("English", "inglés").
        return self.gettext("Not yet translated (%(language)s)") % {
            "language": self.language_name(source_language)
        }

    def partial_notice(self, count: int, source_language: str) -> str:
        """The notice atop a partial edition, as text (the Word edition's; the page writes
        the same messages with its markup in edition.html)."""
        passages = self.ngettext(
            "%(number)s passage of this edition is not translated yet. It is shown in "
            "the original language, %(language)s, and labelled.",
            "%(number)s passages of this edition are not translated yet. They are "
            "shown in the original language, %(language)s, and labelled.",
            count,
        ) % {"number": self.number(count), "language": self.language_name(source_language)}
        return self.gettext("Partial edition.") + " " + passages

    @property
    def digits(self) -> Digits:
        """The reader's digits (babel writes Latin ones whatever the numbering system)."""
        return digits(str(self.locale))

    @property
    def counter_style(self) -> str:
        """The CSS counter style that writes the reader's digits (page numbers in print)."""
        return self.digits.counter_style


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
    written = script(code)
    parts = code.split("_")
    shorter = ["_".join(parts[:length]) for length in range(len(parts), 0, -1)]
    return [candidate for candidate in shorter if script(candidate) == written]


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
