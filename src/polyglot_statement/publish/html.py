"""The HTML edition: markdown-it renders the body, nh3 sanitises it, Jinja2 lays out the page.

The body is rendered by the parser segmentation reads the source with
(markdown_syntax.py), so the page has exactly the blocks translators were offered.

The page template is `edition.html`, looked up first in the workspace's templates folder
(so an organisation can give the pages its own look) and then in the package. Autoescape
is on: every value the template prints is text unless the code marked it as sanitised
HTML (the body).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jinja2
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from polyglot_statement import __version__
from polyglot_statement.config import Settings
from polyglot_statement.errors import PolyglotError
from polyglot_statement.publish.edition import (
    FALLBACK_CLOSE,
    FALLBACK_OPEN,
    Edition,
    local_date,
)
from polyglot_statement.publish.inputs import PACKAGE_TEMPLATES
from polyglot_statement.publish.names import bcp47, native_name, text_direction
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.source import new_parser

EDITION_TEMPLATE = "edition.html"
INDEX_TEMPLATE = "index.html"


class TemplateError(PolyglotError):
    """A page template cannot be read or rendered."""


def markdown_renderer() -> MarkdownIt:
    """One renderer, reused for every edition of a build."""
    renderer = new_parser()
    renderer.add_render_rule("th_open", _table_cell)
    renderer.add_render_rule("td_open", _table_cell)
    return renderer


def _table_cell(
    self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    # An attribute rather than inline style: the sanitiser allows no style attribute.
    token = tokens[index]
    style = token.attrs.get("style")
    if isinstance(style, str) and style.startswith("text-align:"):
        del token.attrs["style"]
        token.attrs["align"] = style.removeprefix("text-align:")
    return self.renderToken(tokens, index, options, env)


def render_body(edition: Edition, renderer: MarkdownIt, source_language: str) -> str:
    """The edition's body as sanitised HTML, fallback segments marked with the source language."""
    html = renderer.render(edition.marked_body)
    if FALLBACK_OPEN in html:
        opening = (
            f'<span class="fallback" lang="{bcp47(source_language)}" '
            f'dir="{text_direction(source_language)}">'
        )
        html = html.replace(FALLBACK_OPEN, opening).replace(FALLBACK_CLOSE, "</span>")
    # Sanitising after the markers became elements lets the parser repair any nesting a
    # sentence-level fallback inside inline markup produced.
    return sanitise(html)


@dataclass(frozen=True, slots=True)
class Link:
    language: str  # bcp47
    name: str  # the language named in itself
    direction: str
    href: str
    current: bool


class Pages:
    """Renders pages from the workspace's templates, or the package's."""

    def __init__(self, settings: Settings):
        self.settings = settings
        workspace = settings.root / settings.templates_dir
        loaders: list[jinja2.BaseLoader] = []
        if workspace.is_dir():
            loaders.append(jinja2.FileSystemLoader(workspace))
        loaders.append(jinja2.FileSystemLoader(PACKAGE_TEMPLATES))
        self.environment = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, name: str, context: dict[str, Any]) -> str:
        try:
            return self.environment.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"template error: {error.message}", error.filename or name, error.lineno
            ) from None
        except jinja2.TemplateError as error:
            path, line = _template_location(error, name)
            raise TemplateError(f"template error: {error}", path, line) from None

    def edition(
        self,
        edition: Edition,
        body_html: str,
        published_languages: Sequence[str],
    ) -> str:
        language = edition.language
        slug = edition.statement.slug
        source = self.settings.source_language
        switcher = [
            Link(
                language=bcp47(other),
                name=native_name(other),
                direction=text_direction(other),
                href=quote(f"../{other}/{slug}.html"),
                current=other == language,
            )
            for other in published_languages
        ]
        fields = edition.fields
        date = edition.metadata.get("date")
        return self.render(
            EDITION_TEMPLATE,
            {
                "lang": bcp47(language),
                "dir": text_direction(language),
                "language_name": native_name(language),
                "source_lang": bcp47(source),
                "source_dir": text_direction(source),
                "title": fields.get("title"),
                "slug": slug,
                "subtitle": fields.get("subtitle"),
                "summary": fields.get("summary"),
                "organisation": fields.get("organisation"),
                "date": local_date(date, language),
                "date_iso": date.isoformat() if isinstance(date, dt.date) else None,
                "body": Markup(body_html),
                "fallback_count": len(edition.fallbacks),
                "switcher": switcher,
                "alternates": [link for link in switcher if not link.current],
                "index_href": "../index.html",
                "generator": f"polyglot-statement {__version__}",
            },
        )


def _template_location(error: Exception, name: str) -> tuple[str, int | None]:
    """The template file and line a rendering error happened at, from the traceback."""
    traceback = error.__traceback__
    location: tuple[str, int | None] = (name, None)
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith(".html"):
            location = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return location
