"""How the HTML edition shows the site generators' blocks (source/generator_blocks.py).

The Markdown edition gives the generator its own syntax back, byte for byte around the
translated text; the HTML edition is the tool's own page, so it renders each block the
way the generators' default themes do, with elements the sanitiser keeps:

- admonitions: `<div class="admonition note">` with `<p class="admonition-title">`
  (MkDocs' markup; `???` adds the classes `is-collapsible`, shown open here);
- content tabs: one `<div class="tabbed">` per tab, its title a `<p class="tabbed-label">`
  (all tabs shown one after another: a page without scripts has no tab switcher);
- definition lists: `<dl>`, `<dt>`, `<dd>`;
- abbreviation definitions: not shown; each whole-word use of the abbreviation in the
  page becomes `<abbr title="expansion">` (Python-Markdown's abbr, kramdown);
- a shortcode or Liquid block holding code: its body in `<pre><code>` (the language of
  `{% highlight go %}` or `lang=go` as the class `language-go`), the tag lines left out;
  one holding prose: `<div class="generator-block NAME">` around its blocks;
- a tag alone on its line (`{{< youtube x >}}`, `{% include a.html %}`): nothing, as
  only the generator knows what it produces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from polyglot_statement.dialects import Dialect

__all__ = ["use_generator_rendering"]

LEFT_TO_RIGHT = "ltr"
_FENCE = re.compile(r"[ \t]*(?:`{3,}|~{3,})(.*)")
_LANGUAGE_ARGUMENT = re.compile(r"\b(?:lang|language|syntax)\s*=\s*\"?([\w+#.-]+)")
_HIGHLIGHT = re.compile(r"highlight\s+\"?([\w+#.-]+)")


def use_generator_rendering(renderer: MarkdownIt, dialect: Dialect) -> None:
    """Render rules for the blocks the dialect's parser reads."""
    if dialect.has("shortcodes") or dialect.has("liquid"):
        renderer.add_render_rule("generator_code", _generator_code)
        renderer.add_render_rule("generator_tag", _nothing)
    if dialect.has("abbreviations"):
        renderer.add_render_rule("abbreviation_open", _nothing)
        renderer.add_render_rule("abbreviation_close", _nothing)
        renderer.core.ruler.after("inline", "abbreviations", _abbreviations)


def _nothing(
    self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    return ""


def _generator_code(
    self: RendererHTML, tokens: Sequence[Token], index: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[index]
    lines = token.content.splitlines()
    language = ""
    if named := _LANGUAGE_ARGUMENT.search(token.info) or _HIGHLIGHT.match(token.info):
        language = named.group(1)
    # A body that is one fenced block (`{% raw %}` around ```liquid … ```) shows its code.
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) >= 2 and (opening := _FENCE.fullmatch(lines[0])) and _FENCE.fullmatch(lines[-1]):
        language = language or opening.group(1).strip().split(" ")[0]
        lines = lines[1:-1]
    code_class = f' class="language-{escapeHtml(language)}"' if language else ""
    body = escapeHtml("\n".join(lines) + "\n" if lines else "")
    return f'<pre dir="{LEFT_TO_RIGHT}"><code{code_class}>{body}</code></pre>\n'


def _abbreviations(state: StateCore) -> None:
    """Hide the definitions; wrap each whole-word use of an abbreviation in `<abbr>`."""
    tokens = state.tokens
    expansions: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.type == "abbreviation_open" and index + 1 < len(tokens):
            definition = tokens[index + 1]
            expansions[token.info] = definition.content
            definition.children = []
    if not expansions:
        return
    # Longest first, so that `HTML5` is not read as `HTML` followed by `5`.
    names = sorted(expansions, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, names)) + r")(?!\w)")
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _wrapped(token.children, pattern, expansions)


def _wrapped(
    children: list[Token], pattern: re.Pattern[str], expansions: dict[str, str]
) -> list[Token]:
    result: list[Token] = []
    for child in children:
        if child.type != "text" or not pattern.search(child.content):
            result.append(child)
            continue
        position = 0
        for match in pattern.finditer(child.content):
            if match.start() > position:
                result.append(_text(child, child.content[position : match.start()]))
            opening = Token("abbr_open", "abbr", 1)
            opening.attrs = {"title": expansions[match.group(1)]}
            result.extend([opening, _text(child, match.group(1)), Token("abbr_close", "abbr", -1)])
            position = match.end()
        if position < len(child.content):
            result.append(_text(child, child.content[position:]))
    return result


def _text(model: Token, content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    token.level = model.level
    return token
