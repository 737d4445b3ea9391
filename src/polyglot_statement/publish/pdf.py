"""The PDF edition: the HTML edition laid out on pages by WeasyPrint (CSS Paged Media).

The page is the web edition's own HTML, with two stylesheets after its own: the print
stylesheet (`print.css`, the workspace's or the package's) and the rules the settings
and the edition's language decide (page size and margins, the font stack of the
language's script with the organisation's fonts first, the page-number wording and
digits). So the PDF says exactly what the page says, and whatever improves the page
improves the PDF.

WeasyPrint shapes every script with HarfBuzz (through Pango), lays out right-to-left
paragraphs by the Unicode bidirectional algorithm, embeds and subsets every font it
uses, and writes a tagged PDF/UA-1 file whose language and title come from the page.
Its output depends on nothing but its input: no clock, no random identifier (the file
identifier is derived here from the inputs), so an unchanged edition is the same bytes.

Rendering reads no network resource: only `file:` URLs inside the workspace (its
images) and the organisation's font files, and `data:` URLs, are fetched.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from urllib.request import url2pathname

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from polyglot_statement.config import Settings
from polyglot_statement.errors import PolyglotError
from polyglot_statement.publish.edition import Edition
from polyglot_statement.publish.page_text import WorkspaceWords
from polyglot_statement.publish.print_style import PrintInputs, language_rules
from polyglot_statement.source import statement_date

_WORKSPACE_PATH = "/polyglot-workspace/"
WORKSPACE_URL = f"file://{_WORKSPACE_PATH}"
PDF_VARIANT = "pdf/ua-1"
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)

# WeasyPrint reports what it could not load or parse through logging; a build has its
# own way of reporting (the asset checks warn about missing images), and a stray
# warning on stderr from a library would read as the tool's.
logging.getLogger("weasyprint").addHandler(logging.NullHandler())
logging.getLogger("weasyprint").propagate = False


class _LocalFiles(URLFetcher):  # type: ignore[misc]
    """Fetches `data:` URLs, the workspace's files and the organisation's font files.

    The page's relative addresses are resolved against WORKSPACE_URL, a stand-in for the
    workspace folder: WeasyPrint names an image in the PDF after its address, and the
    PDF must not depend on where the workspace lies.
    """

    def __init__(self, root: Path, files: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = root.resolve()
        self.files = frozenset(path.resolve() for path in files)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith(WORKSPACE_URL):
            path = (self.root / url2pathname(urlsplit(url).path[len(_WORKSPACE_PATH) :])).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError(f"{url} is outside the workspace")
            url = path.as_uri()
        elif url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path not in self.files:
                raise ValueError(f"{path} is not a file of the workspace's")
        return super().fetch(url, headers)


def render_pdf(
    settings: Settings,
    inputs: PrintInputs,
    edition: Edition,
    page_html: str,
    workspace: WorkspaceWords | None = None,
) -> bytes:
    """The PDF edition of `edition`, laid out from its HTML page `page_html`."""
    rules = language_rules(settings, edition.language, inputs.fonts, workspace)
    styles = f"<style>\n{inputs.stylesheet}\n</style>\n<style>\n{rules}\n</style>\n"
    match = _HEAD_END.search(page_html)
    document_html = (
        page_html[: match.start()] + styles + page_html[match.start() :]
        if match
        else styles + page_html
    )
    source = edition.statement.path.resolve()
    # The statement's images are served from the workspace, or from the statement's own
    # folder when `source-dir` names one elsewhere (taken relative to the workspace, its
    # path was a traceback).
    home = settings.root.resolve()
    if not source.is_relative_to(home):
        home = source.parent
    fetcher = _LocalFiles(home, tuple(font.path for font in inputs.fonts))
    base = WORKSPACE_URL + quote(source.relative_to(home).as_posix())
    try:
        document = HTML(string=document_html, base_url=base, url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT
        )
    except (ValueError, TypeError, AssertionError) as error:
        # WeasyPrint refuses a stylesheet it cannot lay out at all (not a bad rule: those
        # it skips, as browsers do).
        raise PolyglotError(f"cannot lay out the PDF edition: {error}", source) from None
    metadata = document.metadata
    organisation = edition.fields.get("organisation")
    if organisation is not None:
        metadata.authors = [organisation.text]
    # The creation date is the statement's (never the clock's): the same inputs, the same bytes.
    created = statement_date(edition.metadata.get("date"))
    if created is not None:
        metadata.created = metadata.modified = f"{created.isoformat()}T00:00:00Z"
    metadata.generator = None  # the tool's version is in the manifest, not in every file
    identifier = hashlib.sha256(
        "\0".join((document_html, *(font.sha256 for font in inputs.fonts))).encode("utf-8")
    ).digest()[:16]
    data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)
    assert isinstance(data, bytes)
    return data
