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

And the inline items (source/generator.py):

- a heading id or attribute list that ends a heading or paragraph (`## Setup {#setup}`,
  `{: .note}` on the paragraph's last line): its `#id` becomes the element's `id`, its
  `.class`es its `class`; any other key (`key=value`, `onclick="…"`) is left out, and
  the list itself is not shown;
- an attribute list right after a link, image or code span (`[Go](x){ .button }`): the
  same, on that element; anywhere else: not shown;
- an emoji shortcode (`:smile:`): not shown (the page has no emoji set to draw it with);
- a Liquid output or tag, a Hugo shortcode inside text: not shown, as only the generator
  can evaluate it; in a link's target, the link is left out and its text kept; in an
  image's source, the image is left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from polyglot_statement.dialects import Dialect
from polyglot_statement.source.generator import generator_items, masked, placeholder

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
    if any(dialect.has(name) for name in _INLINE_EXTENSIONS):
        renderer.core.ruler.before("inline", "generator_items_masked", _masking(dialect))
        renderer.core.ruler.after("inline", "generator_items", _items)
    if dialect.has("abbreviations"):
        renderer.add_render_rule("abbreviation_open", _nothing)
        renderer.add_render_rule("abbreviation_close", _nothing)
        renderer.core.ruler.after("inline", "abbreviations", _abbreviations)


_INLINE_EXTENSIONS = ("liquid", "shortcodes", "attr-lists", "heading-ids", "emoji")
_ITEMS_KEY = "generator_items"
_PLACEHOLDER = re.compile(r"zzgen[0-9a-f]{12}zz")
# What an attribute list may set on the page: an id and classes, nothing else (no
# handler, no style: the list is the translator's text as much as the author's).
_ID = re.compile(r"(?<![\w-])#([A-Za-z][\w:-]*)")
_CLASS = re.compile(r"(?<![\w-])\.([A-Za-z_-][\w-]*)")
# The elements an attribute list written right after them belongs to.
_ATTACHED = frozenset({"link_close", "image", "code_inline"})


def _masking(dialect: Dialect) -> Callable[[StateCore], None]:
    """Each item of an inline text becomes a placeholder markdown-it reads as a word (and
    keeps as a link's target), so that `[text]({{< ref x >}})` is still a link."""

    def mask(state: StateCore) -> None:
        found: dict[str, str] = state.env.setdefault(_ITEMS_KEY, {})
        for token in state.tokens:
            if token.type == "inline" and generator_items(token.content, dialect):

                def stand_in(item: str) -> str:
                    found[placeholder(item)] = item
                    return placeholder(item)

                token.content = masked(token.content, dialect, stand_in)

    return mask


def _items(state: StateCore) -> None:
    found: dict[str, str] = state.env.get(_ITEMS_KEY, {})
    if not found:
        return
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.children:
            continue
        block = tokens[index - 1] if index and tokens[index - 1].nesting == 1 else None
        token.children = _shown(token.children, found, block)


def _shown(children: list[Token], found: dict[str, str], block: Token | None) -> list[Token]:
    # The last text's trailing attribute list belongs to the block (heading, paragraph).
    last_text = max((i for i, child in enumerate(children) if child.type == "text"), default=-1)
    result: list[Token] = []
    dropped_links = 0
    for position, child in enumerate(children):
        if child.type in ("link_open", "image") and _PLACEHOLDER.search(
            str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
        ):
            if child.type == "link_open":
                dropped_links += 1  # the link is left out, its text kept
            continue
        if child.type == "link_close" and dropped_links:
            dropped_links -= 1
            continue
        if child.type == "image" and child.children:
            # Its alt text is made from its children: an item there is left out too.
            child.children = _shown(child.children, found, None)
        if child.type != "text" or not _PLACEHOLDER.search(child.content):
            result.append(child)
            continue
        content = child.content
        if position == last_text and block is not None:
            ending = re.search(r"[ \t]*(zzgen[0-9a-f]{12}zz)[ \t]*$", content)
            # Written right after a link, image or code span, it is theirs (below): the
            # last of Just the Docs' buttons, `[Link](…){: .btn .btn-green }`.
            against_span = (
                ending is not None
                and ending.start() == 0
                and not content[0].isspace()
                and bool(result)
                and _attached_to(result) is not None
            )
            if ending and not against_span and _is_attribute_list(found.get(ending.group(1), "")):
                _set_attributes(block, found[ending.group(1)])
                content = content[: ending.start()]
        leading = re.match(r"zzgen[0-9a-f]{12}zz", content)
        if leading and result and _is_attribute_list(found.get(leading.group(), "")):
            target = _attached_to(result)
            if target is not None:
                _set_attributes(target, found[leading.group()])
        # Whatever else is an item is shown as nothing: the generator evaluates it.
        content = _HIDDEN.sub(lambda match: _hidden(match, found), content)
        if content:
            child.content = content
            result.append(child)
    if len(result) == len(children):
        return result
    # What was left out may leave two spaces where it stood (`A ![x](…) here`).
    for before, after in pairwise(result):
        if before.type == after.type == "text" and before.content.endswith(" "):
            after.content = after.content.lstrip(" ")
    return [child for child in result if child.type != "text" or child.content]


# An item between words takes one of the spaces around it along: `we ask {{< x >}} to`
# reads `we ask to`, `Friday :smile:.` reads `Friday.`.
_HIDDEN = re.compile(
    r"(?:(?<=\S)[ \t](?=zzgen[0-9a-f]{12}zz(?:[ \t]|[.,;:!?)]|$)))?zzgen[0-9a-f]{12}zz"
)


def _hidden(match: re.Match[str], found: dict[str, str]) -> str:
    placeholder_text = match.group().lstrip(" \t")
    return "" if placeholder_text in found else match.group()


def _attached_to(result: list[Token]) -> Token | None:
    """The element an attribute list written against it belongs to (kramdown's span IAL,
    attr_list's inline lists): the link, image or code span just before it."""
    previous = result[-1]
    if previous.type not in _ATTACHED:
        return None
    if previous.type != "link_close":
        return previous
    depth = 0
    for token in reversed(result):
        if token.type == "link_close":
            depth += 1
        elif token.type == "link_open":
            depth -= 1
            if depth == 0:
                return token
    return None


def _is_attribute_list(item: str) -> bool:
    return item.startswith("{") and not item.startswith(("{{", "{%"))


def _set_attributes(token: Token, item: str) -> None:
    # Quoted values are left out first, so `title=".x #y"` sets neither.
    bare = re.sub(r"\"[^\"]*\"|'[^']*'", " ", item.strip("{}:"))
    if found_id := _ID.search(bare):
        token.attrs["id"] = found_id.group(1)
    classes = _CLASS.findall(bare)
    if classes:
        earlier = str(token.attrs.get("class", ""))
        token.attrs["class"] = " ".join(dict.fromkeys([*earlier.split(), *classes]))


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
