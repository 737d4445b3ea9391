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

A workspace gives or corrects page words for any language in catalogues of its own,
`locales/<lang>/LC_MESSAGES/polyglot-pages.po` (WORKSPACE_DOMAIN), made from the package's
template (`polyglot init` copies it to `locales/templates/polyglot-pages.pot`). A press
office cannot change the installed package, but it owns its workspace: each message a
workspace catalogue translates (and does not mark fuzzy) takes the place of the
package's, and the rule above applies to the two together. A workspace catalogue is the
translators' work and untrusted: it is read as every catalogue is (po/reader.py, errors
with their line), a msgstr may use only its msgid's placeholders (else a page would fail
to render), and the templates escape every message (jinja2's newstyle gettext under
autoescape), so a msgstr never becomes markup.

Numbers are written with the language's CLDR plural rules (through the catalogue's
Plural-Forms) and digits: babel formats with the locale's symbols, and its default
numbering system's digits replace the Latin ones (babel writes Latin digits whatever the
system).
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import Translations

from polyglot_statement.config import PAGE_WORDS_FILE, Settings
from polyglot_statement.errors import CatalogError, shown_path
from polyglot_statement.fsutil import ANYWHERE, InputBounds, read_input
from polyglot_statement.languages import UnknownLanguage, english_name, normalise, plural_forms
from polyglot_statement.po import Catalog, Entry, format_po, merge, parse_po
from polyglot_statement.publish.inputs import PACKAGE_LOCALE
from polyglot_statement.publish.typography import Digits, digits, script

DOMAIN = "polyglot_statement"
LOCALE_DIR = PACKAGE_LOCALE
TEMPLATE_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
# A workspace's page words, next to its statements' catalogues (config/run_languages.py's
# _PAGE_WORDS_DOMAINS keeps them from counting as statement catalogues).
WORKSPACE_DOMAIN = PAGE_WORDS_FILE.removesuffix(".po")
# The language of the messages' ids.
MESSAGES_LANGUAGE = "en"


@dataclass(frozen=True, slots=True, eq=False)  # by identity: one per set of words
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


@dataclass(frozen=True, slots=True)
class WorkspaceWords:
    """Where a workspace keeps its page-word catalogues, and the bounds its files are read
    within (a link out of the workspace is refused, as for every catalogue)."""

    folder: Path  # the workspace's locales/
    bounds: InputBounds = ANYWHERE
    # The words found, by language, for as long as this object lives: one build's pages
    # (the catalogues are inputs of the build, not changed while it runs). Reading them
    # again cost 0.1 ms a page, seconds over a 10,000-edition build.
    found: dict[str, PageText] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, settings: Settings) -> WorkspaceWords:
        return cls(settings.locales_path, settings.bounds)

    def path(self, language: str) -> Path:
        return workspace_catalog_path(self.folder, language)

    def read(self, language: str) -> bytes | None:
        return read_input(self.path(language), CatalogError, self.bounds)


def page_text(language: str, workspace: WorkspaceWords | None = None) -> PageText:
    """The page text for a reader of `language`; with `workspace`, its page-word
    catalogues come before the package's. Remembered by `workspace` (every page of a
    build asks) and by the catalogues' bytes: an edited catalogue is what the next build
    in the same process uses."""
    code = normalise(language)
    if workspace is not None and code in workspace.found:
        return workspace.found[code]
    own = tuple(
        (candidate, workspace.path(candidate), workspace.read(candidate))
        if workspace is not None
        else (candidate, None, None)
        for candidate in _candidates(code)
    )
    words = _page_text(code, own)
    if workspace is not None:
        workspace.found[code] = words
    return words


@cache
def _page_text(code: str, own: tuple[tuple[str, Path | None, bytes | None], ...]) -> PageText:
    reader = Locale.parse(code)
    for candidate, path, data in own:
        catalog = _complete_catalog(candidate, path, data)
        if catalog is not None:
            return PageText(candidate, reader, _compiled(catalog))
    return PageText(MESSAGES_LANGUAGE, reader, gettext.NullTranslations())


def clear_caches() -> None:
    """Forget every catalogue read (for tests that change the package's)."""
    _page_text.cache_clear()
    _package_catalog.cache_clear()
    _template_ids.cache_clear()


@dataclass(frozen=True, slots=True)
class PageWords:
    """Where a language's page words come from, for `status` and the build's warning."""

    language: str
    path: Path  # the workspace catalogue that gives, or would give, them
    package: bool  # the package has a complete catalogue for the language
    workspace: int  # messages the workspace catalogue translates (0 without one)
    total: int  # messages in the template
    complete: bool  # the language's pages have their own words in it (or it is English)


def page_words(language: str, workspace: WorkspaceWords) -> PageWords:
    """The state of `language`'s page words in a workspace (a workspace catalogue that
    fails to read raises CatalogError)."""
    code = normalise(language)
    path = workspace.path(code)
    data = workspace.read(code)
    translated = len(_workspace_messages(data, path)) if data is not None else 0
    english = code.split("_")[0] == MESSAGES_LANGUAGE
    return PageWords(
        language=code,
        path=path,
        package=_complete_catalog(code, None, None) is not None,
        workspace=translated,
        total=len(_template_ids()),
        complete=english or page_text(code, workspace).language != MESSAGES_LANGUAGE,
    )


def page_words_warning(words: PageWords, root: Path) -> str:
    """The warning for a language whose pages have the tool's words in English: the file
    to translate, and what to make it from."""
    template = workspace_template_path(words.path.parent.parent.parent)
    made_from = (
        shown_path(template, root)
        if template.is_file()
        else f"a copy of the package's template, {TEMPLATE_PATH}"
    )
    state = (
        f"it translates {words.workspace} of the {words.total} messages"
        if words.workspace
        else "there is no such file"
    )
    return (
        f"{shown_path(words.path, root)}: the {english_name(words.language)} pages show the "
        f"tool's own words in English (“Published”, “All statements”…): {state}; translate "
        f"the {words.total} messages into it, starting from {made_from}"
    )


def new_workspace_catalog(language: str) -> bytes:
    """A workspace's catalogue of page words for `language`, nothing translated: the
    package template's messages with their translator notes and placeholders' flags,
    Language and CLDR's Plural-Forms in the header, as `pybabel init` or `msginit` would
    make it. What CLDR knows (language and month names, digits, plural rules) is not in
    it: the build asks babel for those, in every language."""
    code = normalise(language)
    template = parse_po(TEMPLATE_PATH.read_bytes(), TEMPLATE_PATH)
    catalog = merge(template, None, code, "polyglot-statement page words", "the page's own words")
    counted = re.search(r"nplurals\s*=\s*(\d+)", plural_forms(code))
    forms = int(counted.group(1)) if counted else 2
    by_key = {entry.key: entry for entry in template.entries}
    for entry in catalog.entries:
        source = by_key[entry.key]
        entry.flags = list(source.flags)
        entry.msgctxt = source.msgctxt
        if source.msgid_plural is not None:
            entry.msgid_plural = source.msgid_plural
            entry.msgstr_plural = dict.fromkeys(range(forms), "")
    return format_po(catalog)


def workspace_template_path(locales: Path) -> Path:
    return locales / "templates" / f"{WORKSPACE_DOMAIN}.pot"


def workspace_catalog_path(locales: Path, language: str) -> Path:
    return locales / language / "LC_MESSAGES" / f"{WORKSPACE_DOMAIN}.po"


def template_text() -> str:
    """The package's template of page words, for a workspace's `locales/templates/`."""
    return TEMPLATE_PATH.read_text(encoding="utf-8")


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


_Key = tuple[str | None, str | tuple[str, ...]]


def _babel_key(message: Message) -> _Key:
    identifier = message.id
    return (message.context, identifier if isinstance(identifier, str) else tuple(identifier))


@cache
def _template_ids() -> frozenset[_Key]:
    """The messages every page-word catalogue must translate: the package template's."""
    template = read_po(io.BytesIO(TEMPLATE_PATH.read_bytes()), domain=DOMAIN)
    return frozenset(_babel_key(message) for message in template if message.id)


@cache
def _package_catalog(language: str) -> BabelCatalog | None:
    try:
        data = catalog_path(language).read_bytes()
    except FileNotFoundError:
        return None
    return read_po(io.BytesIO(data), locale=language, domain=DOMAIN)


def _complete_catalog(
    language: str, path: Path | None, workspace: bytes | None
) -> BabelCatalog | None:
    """The package's catalogue of `language` with the workspace's translations in place of
    its own, if together they translate every message of the template (none fuzzy)."""
    try:
        catalog = BabelCatalog(locale=language, domain=DOMAIN)
    except ValueError:  # a language CLDR does not know: babel has no plural rules for it
        return None
    translations: dict[_Key, str | tuple[str, ...]] = {}
    package = _package_catalog(language)
    if package is not None:
        for message in package:
            strings = (message.string,) if isinstance(message.string, str) else message.string
            if message.id and not message.fuzzy and strings and all(strings):
                translations[_babel_key(message)] = (
                    strings[0] if isinstance(message.string, str) else tuple(strings)
                )
    if workspace is not None and path is not None:
        translations.update(_workspace_messages(workspace, path))
    wanted = _template_ids()
    if not wanted <= translations.keys():
        return None
    for context, message_id in sorted(wanted, key=repr):
        catalog.add(message_id, translations[(context, message_id)], context=context)
    return catalog


# A placeholder of python-format, or a doubled percent sign.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def _workspace_messages(data: bytes, path: Path) -> dict[_Key, str | tuple[str, ...]]:
    """The approved translations of a workspace catalogue (translated, not fuzzy), each
    checked: a msgstr with a placeholder its msgid lacks, or a lone `%`, would fail the
    page's rendering, so it is refused with its line."""
    catalog: Catalog = parse_po(data, path)
    wanted = _template_ids()
    found: dict[_Key, str | tuple[str, ...]] = {}
    for entry in catalog.entries:
        if entry.obsolete or not entry.msgid or entry.fuzzy:
            continue
        key: _Key = (
            entry.msgctxt,
            (entry.msgid, entry.msgid_plural) if entry.msgid_plural is not None else entry.msgid,
        )
        if key not in wanted:
            continue  # a message the package no longer has: nothing asks for it
        if entry.msgid_plural is not None:
            forms = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            if not forms or not all(forms):
                continue
            _check_placeholders(entry, forms, path)
            found[key] = forms
        elif entry.msgstr:
            _check_placeholders(entry, (entry.msgstr,), path)
            found[key] = entry.msgstr
    return found


def _check_placeholders(entry: Entry, forms: tuple[str, ...], path: Path) -> None:
    allowed = set(_PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
    for form in forms:
        names = set(_PLACEHOLDER.findall(form))
        stray = _PLACEHOLDER.sub("", form).count("%")
        unknown = sorted(names - allowed - {""})
        if unknown or stray:
            what = f"%({unknown[0]})s" if unknown else "a lone %"
            raise CatalogError(
                f"the translation uses {what}, which the message does not give; use only "
                f"{', '.join(f'%({name})s' for name in sorted(allowed - {''})) or 'no placeholder'}"
                " (write %% for a percent sign)",
                path,
                entry.msgstr_line or entry.line or None,
            )


def _compiled(catalog: BabelCatalog) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
