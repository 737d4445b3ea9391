"""The tool's own words on pages: its catalogues, their completeness, plurals and digits."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel import Locale, localedata
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from polyglot_statement.languages import plural_forms
from polyglot_statement.publish import page_text as page_text_module
from polyglot_statement.publish.page_text import (
    LOCALE_DIR,
    available_languages,
    catalog_path,
    page_text,
)
from polyglot_statement.publish.typography import digits

ROOT = Path(__file__).parent.parent
# The most common statement languages, and those of the example workspace (Quechua's is
# drafted from MediaWiki's Quechua words and awaits a speaker's review).
REQUIRED = ("ar", "de", "es", "fr", "it", "ja", "nl", "pt", "qu", "ru", "zh", "zh_Hant")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _catalog(language: str):  # type: ignore[no-untyped-def]
    return read_po(io.BytesIO(catalog_path(language).read_bytes()), locale=language)


def _template():  # type: ignore[no-untyped-def]
    return read_po(io.BytesIO((LOCALE_DIR / "polyglot_statement.pot").read_bytes()))


def test_the_required_languages_have_catalogues() -> None:
    assert set(REQUIRED) <= set(available_languages())


def test_the_template_holds_what_babel_extracts_now() -> None:
    # The workflow: `pybabel extract -F babel.cfg …` (README); a template or a Python
    # message changed without extracting again fails here.
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    extracted = {
        message
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT), method_map, options_map, keywords={"_": None, "gettext": None,
            "ngettext": (1, 2), "pgettext": ((1, "c"), 2)},
        )
    }  # fmt: skip
    template = {message.id for message in _template() if message.id}
    assert template == extracted


@pytest.mark.parametrize("language", available_languages())
def test_every_catalogue_is_complete_valid_and_current(language: str) -> None:
    path = catalog_path(language)
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    catalog = _catalog(language)
    assert catalog.plural_forms == plural_forms(language)
    ids = {message.id for message in catalog if message.id}
    assert ids == {message.id for message in _template() if message.id}
    assert not catalog.obsolete
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        allowed = {name for text in source for name in PLACEHOLDER.findall(text)}
        for text in strings:
            assert text, message.id
            # The templates print the words as markup (jinja2's newstyle gettext).
            assert "<" not in text and "&" not in text, text
            assert set(PLACEHOLDER.findall(text)) <= allowed, text
            assert "%" not in PLACEHOLDER.sub("", text), text


def test_a_catalogue_is_used_only_when_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, folder)
    path = folder / "es" / "LC_MESSAGES" / "polyglot_statement.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('msgid "Sitemap"\n', '#, fuzzy\nmsgid "Sitemap"\n'), encoding="utf-8"
    )
    monkeypatch.setattr(page_text_module, "LOCALE_DIR", folder)
    page_text_module.clear_caches()
    try:
        words = page_text("es")
        assert words.language == "en"
        assert words.gettext("Sitemap") == "Sitemap"
        assert words.language_name("en") == "English"
        # Numbers, though, are still the reader's.
        assert words.number(12345.5) == "12.345,5"
    finally:
        page_text_module.clear_caches()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("es", "es"), ("pt_BR", "pt"), ("zh", "zh"), ("zh_CN", "zh"), ("zh_Hans_SG", "zh"),
        ("zh_TW", "zh_Hant"), ("zh_Hant_HK", "zh_Hant"), ("qu_PE", "qu"), ("en_GB", "en"),
        ("sr_Latn", "en"),
    ],
)  # fmt: skip
def test_fallback_keeps_the_script(code: str, words: str) -> None:
    assert page_text(code).language == words


def test_arabic_has_six_plural_forms_and_russian_three() -> None:
    arabic = page_text("ar")
    singular = "%(number)s passage of this edition is not translated yet. It is shown in "
    singular += "the original language, %(language)s, and labelled."
    plural = singular.replace("passage of", "passages of").replace("is not", "are not")
    plural = plural.replace("It is", "They are")
    forms = {count: arabic.ngettext(singular, plural, count) for count in (0, 1, 2, 3, 11, 100)}
    assert len(set(forms.values())) == 6
    assert forms[2].startswith("مقطعان")
    russian = page_text("ru")
    assert [russian.ngettext(singular, plural, n).split()[1] for n in (1, 3, 5, 21)] == [
        "фрагмент",
        "фрагмента",
        "фрагментов",
        "фрагмент",
    ]


def test_numbers_use_the_languages_digits() -> None:
    assert page_text("ar_EG").number(1234) == "١٬٢٣٤"
    assert page_text("fa").number(26) == "۲۶"
    assert page_text("ar").number(8) == "8"  # CLDR: Latin digits for Arabic by default
    assert page_text("fr").percent(26.3) == "26\u00a0%"
    assert page_text("de").number(1234) == "1.234"
    assert page_text("bn").number(7) == "৭"
    assert page_text("es").percent(99.7) == "99\u00a0%"  # never rounded up to complete


def test_every_default_numbering_system_has_its_digits() -> None:
    systems = set()
    for identifier in localedata.locale_identifiers():
        systems.add(str(Locale.parse(identifier).default_numbering_system))
    systems.discard("latn")
    for system in systems:
        locale = next(
            Locale.parse(identifier)
            for identifier in localedata.locale_identifiers()
            if Locale.parse(identifier).default_numbering_system == system
        )
        converted = digits(str(locale)).write("0123456789")
        assert converted != "0123456789", system
        assert [int(char) for char in converted] == list(range(10)), system


def test_language_names_in_the_readers_words() -> None:
    assert page_text("es").language_name("en") == "inglés"
    assert page_text("ar").language_name("en") == "الإنجليزية"
    assert page_text("qu").language_name("en") == "Ingles Simi"  # CLDR's
    assert page_text("sr_Latn").language_name("en") == "English"  # no catalogue: English
