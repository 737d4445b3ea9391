"""What turns a composed edition into the bytes of its files, in every format a build asks for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from polyglot_statement.config import EDITION_FORMATS, EditionFormat, Settings
from polyglot_statement.publish.edition import Edition
from polyglot_statement.publish.html import Pages, markdown_renderer, render_body
from polyglot_statement.publish.index import INDEX_NAME
from polyglot_statement.publish.markdown_layout import fit_front_matter
from polyglot_statement.publish.metadata import Sibling, description
from polyglot_statement.publish.print_style import print_inputs
from polyglot_statement.publish.text import parse, render_text

if TYPE_CHECKING:
    from polyglot_statement.publish.docx import Reference

FORMATS = EDITION_FORMATS


class EditionRenderer:
    """What turns a composed edition into the bytes of its files: the page templates, a
    Markdown renderer made on first use (a build with nothing to render needs none), and
    what the print editions share when the build makes them (the print stylesheet and the
    organisation's fonts, the Word reference document), read and checked here, before
    anything is written: a bad font or template fails the build with dist/ untouched.
    """

    def __init__(self, settings: Settings, formats: tuple[EditionFormat, ...] = FORMATS):
        self.settings = settings
        self.formats = formats
        self.pages = Pages(settings)
        self.source_language = settings.source_language
        self._markdown: MarkdownIt | None = None
        self.printing = print_inputs(settings) if "pdf" in formats else None
        self.reference: Reference | None = None
        if "docx" in formats:
            from polyglot_statement.publish.docx import load_reference  # see load()

            self.reference = load_reference(settings)
        self._pdf: Callable[[Edition, str], bytes] | None = None
        self._docx: Callable[[Edition, MarkdownIt], bytes] | None = None

    def load(self) -> None:
        """Import the renderers of the build's print formats: called before the workers
        fork, so that they inherit them rather than each import them again.

        Imported here, not at the top: WeasyPrint takes 0.8 s to import and python-docx
        with the Word module 0.08 s, which neither a build of html, md and txt nor one
        with nothing to render (any formats) should pay.
        """
        if "pdf" in self.formats and self._pdf is None:
            from polyglot_statement.publish.pdf import render_pdf

            assert self.printing is not None
            self._pdf = partial(
                render_pdf, self.settings, self.printing, workspace=self.pages.workspace_words
            )
        if "docx" in self.formats and self._docx is None:
            from polyglot_statement.publish.docx import render_docx

            assert self.reference is not None
            self._docx = partial(
                render_docx, self.settings, self.reference, workspace=self.pages.workspace_words
            )

    @property
    def markdown(self) -> MarkdownIt:
        if self._markdown is None:
            self._markdown = markdown_renderer(dialect=self.settings.markdown)
        return self._markdown

    def pdf(self, edition: Edition, body: str) -> bytes:
        self.load()
        assert self._pdf is not None, "the build did not ask for pdf"
        # The page without a language switcher: the PDF depends on the edition alone.
        return self._pdf(edition, self.pages.edition(edition, body, [edition.language]))

    def docx(self, edition: Edition) -> bytes:
        self.load()
        assert self._docx is not None, "the build did not ask for docx"
        return self._docx(edition, self.markdown)


@dataclass(frozen=True, slots=True)
class RenderedEdition:
    files: dict[str, bytes]  # by format
    description: str  # what the page says it is about (the summary, else its first paragraph)


def render_files(
    renderer: EditionRenderer,
    edition: Edition,
    siblings: Sequence[Sibling],
    formats: tuple[EditionFormat, ...],
) -> RenderedEdition:
    """The bytes of each requested format of one edition; `siblings`: the statement's
    editions with a page (this one among them)."""
    files: dict[str, bytes] = {}
    workspace = renderer.pages.workspace_words
    body = render_body(edition, renderer.markdown, renderer.source_language, workspace)
    summary = edition.fields.get("summary")
    # The text edition reads the body's HTML: the page's description is read from the same
    # reading (a body of 1 MB took a second a reading).
    parsed = parse(body) if "txt" in formats else None
    shown = description(summary.text if summary and not summary.fallback else None, body, parsed)
    if "html" in formats:
        page = renderer.pages.edition(
            edition, body, [sibling.language for sibling in siblings], siblings,
            front_page=f"{edition.language}/{INDEX_NAME}", shown_description=shown,
        )  # fmt: skip
        files["html"] = page.encode("utf-8")
    if "md" in formats:
        settings = renderer.settings
        markdown = fit_front_matter(
            edition.markdown,
            settings.markdown_layout,
            edition.language,
            edition.statement.slug,
            settings.markdown,
        )
        files["md"] = markdown.encode("utf-8")
    if "txt" in formats:
        files["txt"] = render_text(
            edition, body, renderer.source_language, workspace, parsed
        ).encode("utf-8")
    if "pdf" in formats:
        files["pdf"] = renderer.pdf(edition, body)
    if "docx" in formats:
        files["docx"] = renderer.docx(edition)
    return RenderedEdition(files, shown)
