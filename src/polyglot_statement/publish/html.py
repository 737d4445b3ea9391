"""The HTML edition: markdown-it renders the body, nh3 sanitises it, Jinja2 lays out the page.

The body is rendered by the parser segmentation reads the source with
(markdown_syntax.py), so the page has exactly the blocks translators were offered.

The page template is `edition.html`, looked up first in the workspace's templates folder
(so an organisation can give the pages its own look) and then in the package. Autoescape
is on: every value the template prints is text unless the code marked it as sanitised
HTML (the body). The words the tool adds are its own gettext messages (page_text.py).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup, escape

from polyglot_statement import __version__
from polyglot_statement.config import Settings
from polyglot_statement.dialects import COMMONMARK, Dialect
from polyglot_statement.errors import TemplateError
from polyglot_statement.fsutil import InputBounds, read_utf8
from polyglot_statement.publish.edition import (
    FALLBACK_CLOSE,
    FALLBACK_OPEN,
    Edition,
    Field,
    local_date,
)
from polyglot_statement.publish.feeds import feed_path
from polyglot_statement.publish.generator_html import use_generator_rendering
from polyglot_statement.publish.inputs import PACKAGE_TEMPLATES
from polyglot_statement.publish.metadata import (
    Sibling,
    Site,
    alternates,
    description,
    edition_path,
    og_locale,
)
from polyglot_statement.publish.names import bcp47, native_name, text_direction
from polyglot_statement.publish.page_text import PageText, WorkspaceWords, page_text
from polyglot_statement.publish.sanitize import sanitise
from polyglot_statement.publish.text import FALLBACK_LABEL
from polyglot_statement.source import new_parser, statement_date
from polyglot_statement.source.inline_reading import fresh_inline_children
from polyglot_statement.source.runs import block_runs

EDITION_TEMPLATE = "edition.html"
INDEX_TEMPLATE = "index.html"


# A web or mail address written out in the text (the parser links only <…> autolinks).
# It may not end on punctuation: "see https://x.org/a." ends the sentence, not the address.
ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'’”،؛。，；：！？]"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
# ADDRESS's two branches apart. Run as one pattern, the mail branch is tried at every
# character of a long word and reads it to its end each time: 1 MB of `a` ending in `@b`
# took minutes. `find_addresses` runs them so that no character is read twice.
_WEB_ADDRESS = re.compile(ADDRESS.pattern.split("|[A-Za-z0-9", 1)[0])
_MAIL_DOMAIN = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_MAIL_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-")


def may_hold_address(text: str) -> bool:
    """Whether ADDRESS could match in `text`: nearly every text cannot, and is spared
    running the regular expression."""
    return "://" in text or "www." in text or "@" in text


def find_addresses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each match of ADDRESS in `text`, as `ADDRESS.finditer` finds them,
    in linear time.

    A mail address is found from its `@`: the domain after it by a pattern that stops at
    the next `@`, the name before it by walking back over the characters a name may hold,
    no further than where the previous address ended. Where a web address starts inside a
    mail address's name, the earlier start wins, as in the one pattern."""
    found: list[tuple[int, int]] = []
    end = 0  # where the previous address ended: the next one starts no earlier
    web = _WEB_ADDRESS.search(text) if "://" in text or "www." in text else None
    mail = _MAIL_DOMAIN.search(text) if "@" in text else None
    while web is not None or mail is not None:
        mail_start = -1
        if mail is not None:
            mail_start = mail.start()
            while mail_start > end and text[mail_start - 1] in _MAIL_LOCAL:
                mail_start -= 1
            if mail_start == mail.start():  # no name before the `@`
                mail = _MAIL_DOMAIN.search(text, mail.end())
                continue
        if web is not None and (mail is None or web.start() <= mail_start):
            found.append(web.span())
            end = web.end()
        else:
            assert mail is not None
            found.append((mail_start, mail.end()))
            end = mail.end()
        if web is not None and web.start() < end:
            web = _WEB_ADDRESS.search(text, end)
        while mail is not None and mail.start() < end:
            mail = _MAIL_DOMAIN.search(text, max(end, mail.start() + 1))
    return found


# Code and addresses are left to right in any language. In a right-to-left page they
# must be isolated, or the bidirectional algorithm moves their trailing punctuation to
# the other end (`;let s = …` for `let s = …;`). The attribute does it in browsers and
# WeasyPrint alike (edition.css says the same for code the source writes in HTML).
LEFT_TO_RIGHT = "ltr"
ADDRESS_CLASS = "address"


def markdown_renderer(*, dialect: Dialect = COMMONMARK) -> MarkdownIt:
    """One renderer, reused for every edition of a build, reading the workspace's dialect."""
    renderer = new_parser(dialect=dialect)
    renderer.core.ruler.at("inline", _inline)
    use_generator_rendering(renderer, dialect)
    renderer.add_render_rule("th_open", _table_cell)
    renderer.add_render_rule("td_open", _table_cell)
    renderer.add_render_rule("code_inline", _left_to_right("code_inline"))
    renderer.add_render_rule("code_block", _left_to_right("code_block"))
    renderer.add_render_rule("fence", _left_to_right("fence"))
    renderer.add_render_rule("link_open", _link_open)
    renderer.add_render_rule("text", _text)
    return renderer


def _inline(state: StateCore) -> None:
    """markdown-it's core `inline` rule, reading each text once per process: plain text is
    one text token without a parse, and a text the checks or the nesting check read
    already is not read again (source/inline_reading.py)."""
    md = state.md
    for token in state.tokens:
        if token.type == "inline":
            # A passage shown in the original is the same text, markers and all, in every
            # partial edition that lacks it (the label goes in after rendering): on the
            # benchmark corpus 6,300 readings of 1,136 texts, now one reading each.
            content = token.content
            children = fresh_inline_children(
                md, content, state.env, remember=content.startswith(FALLBACK_OPEN)
            )
            if token.children:
                token.children.extend(children)
            else:
                token.children = children


def _left_to_right(kind: str) -> Callable[..., str]:
    def rule(
        self: RendererHTML,
        tokens: Sequence[Token],
        index: int,
        options: OptionsDict,
        env: EnvType,
    ) -> str:
        tokens[index].attrs["dir"] = LEFT_TO_RIGHT
        # markdown-it's own rules put a token's attributes on <code> (and, for a block,
        # wrap it in a bare <pre>): the <pre> gets the direction too.
        html: str = getattr(RendererHTML, kind)(self, tokens, index, options, env)
        return html.replace("<pre><code", f'<pre dir="{LEFT_TO_RIGHT}"><code', 1)

    return rule


def _link_open(
    self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    if shows_its_address(tokens, index):
        tokens[index].attrs["dir"] = LEFT_TO_RIGHT
    return self.renderToken(tokens, index, options, env)


def shows_its_address(tokens: Sequence[Token], index: int) -> bool:
    """Whether the link at `index` reads as its own address (`<https://…>`, `<a@b.org>`,
    `[https://…](https://…)`): an address, not words, between its tags."""
    token = tokens[index]
    if token.markup in ("autolink", "linkify"):
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is None or following.type != "text":
        return False
    href = str(token.attrs.get("href", ""))
    return following.content.strip() in (href, href.removeprefix("mailto:"))


def _text(
    self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    html = escapeHtml(tokens[index].content)
    if not may_hold_address(html):
        return html
    if index and tokens[index - 1].type == "link_open" and shows_its_address(tokens, index - 1):
        return html  # the link itself is isolated
    pieces: list[str] = []
    start = 0
    for address_start, address_end in find_addresses(html):
        pieces.append(html[start:address_start])
        pieces.append(
            f'<span class="{ADDRESS_CLASS}" dir="{LEFT_TO_RIGHT}">'
            f"{html[address_start:address_end]}</span>"
        )
        start = address_end
    pieces.append(html[start:])
    return "".join(pieces)


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


def render_body(
    edition: Edition,
    renderer: MarkdownIt,
    source_language: str,
    workspace: WorkspaceWords | None = None,
) -> str:
    """The edition's body as sanitised HTML, fallback segments marked with the source
    language and labelled in the reader's (with the workspace's page words, if given)."""
    body = edition.marked_body
    opening = (
        f'<span class="fallback" lang="{bcp47(source_language)}" '
        f'dir="{text_direction(source_language)}">'
        + fallback_label(edition.language, source_language, workspace)
        if FALLBACK_OPEN in body
        else ""
    )
    # A long body is rendered a run of top-level blocks at a time (source/runs.py), when it
    # holds no HTML of its own: then each run's HTML is whole elements, which sanitise the
    # same apart, and only one run's tokens are held, not the whole document's.
    masked = body.replace(FALLBACK_OPEN, _MASK_OPEN).replace(FALLBACK_CLOSE, _MASK_CLOSE)
    runs = (
        [0]
        if "<" in masked
        else [o for o, _ in block_runs(masked, edition.statement.document.dialect)]
    )
    ends = [*runs[1:], len(body)]
    return "".join(
        _render_run(renderer, body[start:end], opening)
        for start, end in zip(runs, ends, strict=True)
    )


# The fallback markers as text of their length: where they are the body's only `<`.
_MASK_OPEN, _MASK_CLOSE = "x" * len(FALLBACK_OPEN), "x" * len(FALLBACK_CLOSE)


def _render_run(renderer: MarkdownIt, markdown: str, opening: str) -> str:
    html = renderer.render(markdown)
    if FALLBACK_OPEN in html:
        html = html.replace(FALLBACK_OPEN, opening).replace(FALLBACK_CLOSE, "</span>")
    # Sanitising after the markers became elements lets the parser repair any nesting a
    # sentence-level fallback inside inline markup produced.
    return sanitise(html)


def fallback_label(
    language: str, source_language: str, workspace: WorkspaceWords | None = None
) -> str:
    """The label before a passage shown in the original language, in the reader's words:
    what a screen reader reads before it switches to the passage's language, and what
    a printed page keeps (a tint alone says nothing to either)."""
    return _fallback_label(page_text(language, workspace), source_language)


@cache
def _fallback_label(words: PageText, source_language: str) -> str:
    label = words.untranslated(source_language)
    code = bcp47(words.language)
    return (
        f'<span class="{FALLBACK_LABEL}" lang="{code}" dir="{text_direction(words.language)}">'
        f"{escape(label)}</span> "
    )


@dataclass(frozen=True, slots=True)
class Link:
    language: str  # bcp47
    name: str  # the language named in itself
    direction: str
    href: str
    current: bool
    partial: bool = False
    original: bool = False


def css_string(value: object) -> Markup:
    """A CSS string literal of any text: every character but letters, digits and spaces
    escaped, so that nothing a value holds can end the string or the <style> element."""
    escaped = "".join(
        char if char.isascii() and (char.isalnum() or char == " ") else f"\\{ord(char):06x}"
        for char in str(value)
    )
    return Markup(f'"{escaped}"')


class WorkspaceTemplates(jinja2.BaseLoader):
    """The workspace's page templates, read as every workspace file is (fsutil.read_input):
    a regular file inside the workspace under max-file-size. A template that is a link to
    /etc/passwd, or to anything outside, is a TemplateError, never a page."""

    def __init__(self, folder: Path, bounds: InputBounds):
        self.folder = folder
        self.bounds = bounds

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # split_template_path refuses "..": a name cannot climb out of the folder.
        path = self.folder.joinpath(*split_template_path(template))
        text = read_utf8(path, TemplateError, self.bounds) if os.path.lexists(path) else None
        if text is None:
            raise jinja2.TemplateNotFound(template)
        return text, str(path), lambda: True  # read once per build (auto_reload is off)


class Pages:
    """Renders pages from the workspace's templates, or the package's, with the tool's
    own words in each page's language (jinja2's i18n extension, page_text.py)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.site = Site(settings.site_url)
        workspace = settings.root / settings.templates_dir
        loaders: list[jinja2.BaseLoader] = []
        if workspace.is_dir():
            loaders.append(WorkspaceTemplates(workspace, settings.bounds))
        loaders.append(jinja2.FileSystemLoader(PACKAGE_TEMPLATES))
        # Sandboxed when the workspace has templates: a template is code, and a pull
        # request can change one. Templates are still trusted (docs/publishers.md): the
        # sandbox stops one from running commands or reading files at build time, not from
        # writing a misleading page. Without a templates folder every template is the
        # package's own, code like the rest of the tool, and the sandbox's check of every
        # attribute and call (a tenth of a cold build's CPU) would guard nothing.
        kind = SandboxedEnvironment if len(loaders) > 1 else jinja2.Environment
        self.environment = kind(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            # The templates do not change while a build runs: no stat() per page.
            auto_reload=False,
        )
        # A {% trans %} block's id is its text with whitespace collapsed, as babel.cfg
        # extracts it.
        self.environment.policies["ext.i18n.trimmed"] = True
        self.environment.filters["css_string"] = css_string
        self.words: PageText | None = None
        self.workspace_words = WorkspaceWords.of(settings)

    def render(self, name: str, context: dict[str, Any], language: str | None = None) -> str:
        """A page; its own words in `language` (else the source language)."""
        words = page_text(language or self.settings.source_language, self.workspace_words)
        if words is not self.words:
            # jinja2's newstyle gettext marks a translation safe (Markup) before it puts
            # the (escaped) variables in: a msgstr would be markup. Page words are a
            # translator's text, in a workspace catalogue too, so they are escaped first.
            self.environment.install_gettext_callables(  # type: ignore[attr-defined]
                lambda message: escape(words.gettext(message)),
                lambda singular, plural, count: escape(words.ngettext(singular, plural, count)),
                newstyle=True,
                pgettext=lambda context, message: escape(words.pgettext(context, message)),
                npgettext=lambda context, singular, plural, count: escape(
                    words.npgettext(context, singular, plural, count)
                ),
            )
            self.words = words
        try:
            return self.environment.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"template error: {error.message}", error.filename or name, error.lineno
            ) from None
        except jinja2.TemplateError as error:
            path, line = _template_location(error, name)
            raise TemplateError(f"template error: {error}", path, line) from None
        except UnicodeDecodeError:
            # The loader reads the file: which one (an included template?) it does not say.
            raise TemplateError(
                f"a template {name} uses is not UTF-8 text; save it as UTF-8",
                self.settings.root / self.settings.templates_dir,
            ) from None
        except (
            ArithmeticError,
            AttributeError,
            LookupError,
            RecursionError,
            TypeError,
            ValueError,
        ) as error:
            # What a template's own expression raised (`{{ 1/0 }}`, a template that
            # includes itself): jinja2 points the traceback at the template's line.
            path, line = _template_location(error, name)
            raise TemplateError(
                f"template error: {type(error).__name__}: {error}", path, line
            ) from None

    def edition(
        self,
        edition: Edition,
        body_html: str,
        published_languages: Sequence[str],
        siblings: Sequence[Sibling] | None = None,
        front_page: str = "index.html",
        shown_description: str | None = None,
    ) -> str:
        """One edition's page. `siblings`: the statement's published editions (by default
        every one of `published_languages`, complete); `front_page`: the front page to
        link to, from dist/; `shown_description`: the page's description when the caller
        has it already (metadata.description of the same edition and body). A complete,
        dated edition links its language's feed, which lists it (site.py): whether a feed
        exists never depends on another statement."""
        language = edition.language
        slug = edition.statement.slug
        source = self.settings.source_language
        if siblings is None:
            siblings = [Sibling(other, original=other == source) for other in published_languages]
        me = next(
            (sibling for sibling in siblings if sibling.language == language),
            Sibling(language, partial=bool(edition.fallbacks), original=language == source),
        )
        partial = me.partial or bool(edition.fallbacks)
        folder = language
        site = self.site
        words = page_text(language, self.workspace_words)
        switcher = [
            Link(
                language=bcp47(sibling.language),
                name=native_name(sibling.language),
                direction=text_direction(sibling.language),
                href=site.link(edition_path(sibling.language, slug), folder),
                current=sibling.language == language,
                partial=sibling.partial,
                original=sibling.original,
            )
            for sibling in siblings
            if sibling.has_page or sibling.language == language
        ]
        fields = edition.fields
        date = edition.metadata.get("date")
        title = fields.get("title")
        summary = fields.get("summary")
        day = statement_date(date)
        shown_date = local_date(day, language)
        date_iso = None if day is None else day.isoformat()
        page_description = (
            shown_description
            if shown_description is not None
            else description(
                summary.text if summary is not None and not summary.fallback else None, body_html
            )
        )
        page_title = title.text if title else slug
        canonical = site.address(edition_path(language, slug), folder)
        hreflang = () if partial else alternates(site, slug, siblings, folder)
        open_graph = [
            ("og:type", "article"),
            ("og:title", page_title),
            ("og:description", page_description),
            ("og:locale", og_locale(language)),
            *(
                ("og:locale:alternate", og_locale(sibling.language))
                for sibling in siblings
                if sibling.language != language and not sibling.partial and sibling.has_page
            ),
            ("og:site_name", self.settings.publisher),
        ]
        if site.absolute:
            open_graph.append(("og:url", canonical))
        if date_iso:
            open_graph.append(("article:published_time", date_iso))
        return self.render(
            EDITION_TEMPLATE,
            {
                "lang": bcp47(language),
                "dir": text_direction(language),
                "language_name": native_name(language),
                "ui_lang": bcp47(words.language),
                "ui_dir": text_direction(words.language),
                "source_lang": bcp47(source),
                "source_dir": text_direction(source),
                "source_name": words.language_name(source),
                "fallback_label": Markup(fallback_label(language, source, self.workspace_words)),
                "title": title,
                "page_title": page_title,
                "slug": slug,
                "subtitle": fields.get("subtitle"),
                "summary": summary,
                "organisation": _organisation(fields.get("organisation"), self.settings),
                "publisher": self.settings.publisher,
                "date": shown_date,
                "date_iso": date_iso,
                "body": Markup(body_html),
                "fallback_count": len(edition.fallbacks),
                "fallback_number": words.number(len(edition.fallbacks)),
                "translated_share": None if me.percent is None else words.percent(me.percent),
                "partial": partial,
                "robots": "noindex" if partial and self.settings.partial_noindex else None,
                "description": page_description,
                "canonical": canonical,
                "hreflang": hreflang,
                "open_graph": open_graph,
                "twitter": twitter_card(page_title, page_description),
                "switcher": switcher,
                "alternates": [link for link in switcher if not link.current],
                "index_href": site.link(front_page, folder),
                "feed_href": None
                if partial or day is None
                else site.link(feed_path(language), folder),
                "feed_title": f"{self.settings.publisher} ({native_name(language)})",
                "counter_style": words.counter_style,
                "generator": f"polyglot-statement {__version__}",
            },
            language,
        )


def twitter_card(title: str, description: str) -> list[tuple[str, str]]:
    """A page's Twitter (X) card: the summary card, which needs no image."""
    return [
        ("twitter:card", "summary"),
        ("twitter:title", title),
        ("twitter:description", description),
    ]


def _organisation(field: Field | None, settings: Settings) -> Field | None:
    """The statement's own organisation line, unless the site's name already says it."""
    if field is None or (not field.fallback and field.text == settings.organisation):
        return None
    return field


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
