"""Which languages a run works on: those the settings list, or those the command line
chose of them; and the catalogues on disk in a language the settings do not list."""

from __future__ import annotations

from collections.abc import Sequence

from polyglot_statement.config.model import Settings
from polyglot_statement.config.reader import SettingsReader
from polyglot_statement.errors import UsageError
from polyglot_statement.languages import UnknownLanguage, normalise


def select_languages(settings: Settings, only: Sequence[str] = ()) -> tuple[str, ...]:
    """The workspace's target languages, or those named in `only` (any spelling babel accepts)."""
    if not only:
        return settings.languages
    chosen: list[str] = []
    for code in only:
        try:
            normalised = normalise(code)
        except UnknownLanguage:
            raise UsageError(f"unknown language code {code!r}") from None
        if normalised not in settings.languages:
            raise UsageError(
                f"{code!r} is not a target language of this workspace "
                f"({', '.join(settings.languages)}); "
                f"add it to `languages` in {settings.settings_file.name}"
            )
        chosen.append(normalised)
    return tuple(dict.fromkeys(chosen))


# A workspace's page words (publish/page_text.py's WORKSPACE_DOMAIN; the package's own
# domain, which earlier versions read here, too): a workspace may give them in a language
# it does not publish, so such a catalogue alone makes no language.
PAGE_WORDS_FILE = "polyglot-pages.po"
_PAGE_WORDS_DOMAINS = ("polyglot-pages", "polyglot_statement")


def undeclared_languages(settings: Settings) -> list[str]:
    """Languages with statement catalogues on disk (`locales/de/LC_MESSAGES/*.po`, as
    Weblate's "Add new translation" or a translator creates them) that the settings do
    not list: every command leaves them out, so they are named (`undeclared_warning`)."""
    try:
        folders = sorted(settings.locales_path.iterdir())
    except OSError:
        return []
    found: list[str] = []
    for folder in folders:
        messages = folder / "LC_MESSAGES"
        if not messages.is_dir() or folder.name == "templates":
            continue
        try:
            code = normalise(folder.name)
        except UnknownLanguage:
            continue
        if code in settings.languages or code == settings.source_language:
            continue
        if any(path.stem not in _PAGE_WORDS_DOMAINS for path in messages.glob("*.po")):
            found.append(code)
    return found


def no_language_note(settings: Settings) -> str | None:
    """What a report on translations says when the settings list no target language (as
    `init` without `--lang` leaves them): an empty table or "no problems found" alone
    would read as all done. None when some language is listed."""
    if settings.languages:
        return None
    return (
        f"{settings.settings_file.name}: `languages` lists no target language, so there is "
        'nothing to translate or check yet; add some, e.g. languages = ["es", "fr"]'
    )


def undeclared_warning(settings: Settings) -> str | None:
    """One warning for the languages on disk the settings do not list, with the line to
    write instead of the settings' `languages` line; None when there are none."""
    missing = undeclared_languages(settings)
    if not missing:
        return None
    where = settings.settings_file.name
    # The file was read as UTF-8 when the settings were loaded.
    number = SettingsReader(settings.settings_file).setting_line("languages")
    if number is not None:
        where = f"{where}:{number}"
    wanted = ", ".join(f'"{code}"' for code in (*settings.languages, *missing))
    folders = ", ".join(f"{settings.locales_dir.as_posix()}/{code}" for code in missing)
    one = len(missing) == 1
    return (
        f"{where}: {folders} {'holds' if one else 'hold'} catalogues, but "
        f"{', '.join(missing)} {'is' if one else 'are'} not in `languages`, so every "
        f"command leaves {'it' if one else 'them'} out; to include "
        f"{'it' if one else 'them'}, write: languages = [{wanted}]"
    )
