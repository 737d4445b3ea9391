"""What the PDF edition is laid out with, besides the page: the print stylesheet
(`print.css`, the workspace's or the package's), the organisation's font files, and the
CSS rules the settings and the edition's language decide (page size and margins, the
font stack of the language's script, the page-number wording and digits).

Kept apart from pdf.py so that a build checks its print inputs (and refuses a bad font
or stylesheet) before it writes anything, without loading the layout engine when
nothing is to be printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from polyglot_statement.config import Settings
from polyglot_statement.errors import TemplateError
from polyglot_statement.fsutil import ANYWHERE, read_utf8
from polyglot_statement.publish.fonts import (
    FontFile,
    css_string,
    font_face_rules,
    read_font_files,
)
from polyglot_statement.publish.inputs import PACKAGE_TEMPLATES
from polyglot_statement.publish.page_text import WorkspaceWords, page_text
from polyglot_statement.publish.text import FALLBACK_LABEL
from polyglot_statement.publish.typography import MONOSPACE, SANS, SERIF, digits, families

PRINT_STYLESHEET = "print.css"
_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


class PrintTemplateError(TemplateError):
    """The print stylesheet cannot be used."""


@dataclass(frozen=True, slots=True)
class PrintInputs:
    """What every PDF of a build shares: the print stylesheet and the organisation's fonts."""

    stylesheet: str
    fonts: tuple[FontFile, ...]


def print_inputs(settings: Settings) -> PrintInputs:
    """The print stylesheet and the organisation's fonts, read and checked once per build,
    before anything is written (a bad font file is the user's to fix: FontError)."""
    fonts = read_font_files(tuple(settings.root / path for path in settings.print.fonts))
    return PrintInputs(print_stylesheet(settings), fonts)


def print_stylesheet(settings: Settings) -> str:
    """The workspace's templates/print.css, else the package's."""
    own = settings.root / settings.templates_dir / PRINT_STYLESHEET
    path = own if own.is_file() else PACKAGE_TEMPLATES / PRINT_STYLESHEET
    text = read_utf8(path, PrintTemplateError, settings.bounds if path == own else ANYWHERE)
    if re.search(r"</style", text, re.IGNORECASE):
        raise PrintTemplateError("a stylesheet cannot contain `</style`", path)
    return text


def language_rules(
    settings: Settings,
    language: str,
    fonts: tuple[FontFile, ...],
    workspace: WorkspaceWords | None = None,
) -> str:
    """The CSS the settings and the edition's language decide; it comes after print.css
    (the page words from `workspace`, a build's, which remembers them across editions)."""
    source = settings.source_language
    own = tuple(dict.fromkeys(font.family for font in fonts))

    def stack(generic: str) -> str:
        # The edition's script first, then the source language's (passages not yet
        # translated are shown in it), then Latin and the generic family.
        names = dict.fromkeys((*own, *families(language, generic), *families(source, generic)))
        names.pop(generic)
        return ", ".join([*(css_string(name) for name in names), generic])

    page = digits(language)
    label = page_text(language, workspace or WorkspaceWords.of(settings)).page_of_pages()
    before, between, after = _label_parts(label)
    page_settings = settings.print
    return "\n".join(
        (
            font_face_rules(fonts),
            f"@counter-style edition-digits {{ system: extends {page.counter_style}; }}",
            ":root { "
            f"--page-before: {css_string(before)}; "
            f"--page-between: {css_string(between)}; "
            f"--page-after: {css_string(after)}; }}",
            f"@page {{ size: {page_settings.page_size}; margin: {page_settings.margins}; "
            f"font-family: {stack(SANS)}; }}",
            f"html {{ font-family: {stack(SERIF)}; }}",
            # The elements the page sets in its sans-serif face (edition.css).
            f":is(header .organisation, .notice, nav, .site, .{FALLBACK_LABEL}, footer) "
            f"{{ font-family: {stack(SANS)}; }}",
            f":is(pre, code, kbd, samp) {{ font-family: {stack(MONOSPACE)}; }}",
        )
    )


def _label_parts(label: str) -> tuple[str, str, str]:
    """The page label's words before the page number, between it and the page count, and
    after: `Page %(page)s of %(pages)s` → ("Page ", " of ", "")."""
    pieces = _PLACEHOLDER.split(label)
    # split with one group: text, name, text, name, text
    if len(pieces) != 5 or pieces[1] != "page" or pieces[3] != "pages":
        return ("", " / ", "")  # a translation that lost or swapped its placeholders
    return (pieces[0], pieces[2], pieces[4])
