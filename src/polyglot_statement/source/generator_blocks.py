"""Block rules for the site generators' syntax that no markdown-it plugin reads.

Admonitions (`!!!`, `???`) and definition lists come from mdit-py-plugins (`admon`,
`deflist`); this module adds the rest, each as a markdown-it block rule whose tokens
segmentation and the HTML edition both read:

- content tabs, `=== "Tab"` with a body indented by four spaces (pymdownx.tabbed):
  `tab_open` (its title an inline token of its own), the body's blocks, `tab_close`;
- abbreviation definitions, `*[HTML]: Hyper Text Markup Language` (Python-Markdown's
  abbr, kramdown): `abbreviation_open`, the expansion as an inline token,
  `abbreviation_close`; the `*[HTML]:` part is syntax, the expansion is offered;
- paired Hugo shortcodes (`{{< name >}}…{{< /name >}}`, `{{% name %}}…{{% /name %}}`)
  and Liquid block tags (`{% name %}…{% endname %}`) whose opening and closing tags stand
  on lines of their own. One that holds code (see `holds_code`) is one `generator_code`
  token, copied as it is and never offered; one that holds prose is
  `generator_block_open`, the body's blocks, `generator_block_close`: its prose is
  offered, its tag lines are kept;
- a line that is only a generator tag (`{% else %}`, `{{< youtube x >}}`,
  `{% include a.html %}`) where a block starts: a `generator_tag` token, copied.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock

__all__ = [
    "CODE_SHORTCODES",
    "holds_code",
    "is_tag_line",
    "use_abbreviations",
    "use_generator_blocks",
    "use_tabs",
]

# ---------------------------------------------------------------- content tabs

# `===` opens a tab, `===!` starts a new tab group, `===+` selects it (pymdownx.tabbed).
_TAB = re.compile(r'(===[!+]?)[ \t]+"(.*)"[ \t]*')
_BODY_INDENT = 4


def _tab(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    maximum = state.eMarks[start_line]
    if not state.src.startswith("===", start):
        return False
    match = _TAB.fullmatch(state.src, start, maximum)
    if match is None:
        return False
    if silent:
        return True
    old_parent, old_line_max, old_indent = state.parentType, state.lineMax, state.blkIndent
    indent = state.sCount[start_line] + _BODY_INDENT
    next_line = _indented_body_end(state, start_line, end_line, indent)
    state.parentType = "tab"
    state.blkIndent = indent
    state.lineMax = next_line
    token = state.push("tab_open", "div", 1)
    token.markup = match.group(1)
    token.info = match.group(2)
    token.map = [start_line, next_line]
    token.attrs = {"class": "tabbed"}
    title = state.push("tab_title_open", "p", 1)
    title.attrs = {"class": "tabbed-label"}
    title.map = [start_line, start_line + 1]
    inline = state.push("inline", "", 0)
    inline.content = match.group(2)
    inline.map = [start_line, start_line + 1]
    inline.children = []
    state.push("tab_title_close", "p", -1)
    state.md.block.tokenize(state, start_line + 1, next_line)
    state.push("tab_close", "div", -1).markup = match.group(1)
    state.parentType, state.lineMax, state.blkIndent = old_parent, old_line_max, old_indent
    state.line = next_line
    return True


def _indented_body_end(state: StateBlock, start_line: int, end_line: int, indent: int) -> int:
    """The line after a body indented by `indent` columns: it ends at the first line
    indented less that is not blank (blank lines inside it are its own)."""
    next_line = start_line + 1
    last_content = start_line
    while next_line < end_line:
        blank = state.bMarks[next_line] + state.tShift[next_line] >= state.eMarks[next_line]
        if not blank:
            if state.sCount[next_line] < indent:
                break
            last_content = next_line
        next_line += 1
    return last_content + 1


def use_tabs(parser: MarkdownIt) -> None:
    parser.block.ruler.before(
        "fence", "tab", _tab, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )


# ---------------------------------------------------------------- abbreviations

_ABBREVIATION = re.compile(r"\*\[([^\]\n]+)\]:[ \t]*(.*)")


def _abbreviation(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("*[", start):
        return False
    match = _ABBREVIATION.fullmatch(state.src, start, state.eMarks[start_line])
    if match is None:
        return False
    if silent:
        return True
    token = state.push("abbreviation_open", "abbr", 1)
    token.info = match.group(1)
    token.map = [start_line, start_line + 1]
    inline = state.push("inline", "", 0)
    inline.content = match.group(2).strip()
    inline.map = [start_line, start_line + 1]
    inline.children = []
    state.push("abbreviation_close", "abbr", -1)
    state.line = start_line + 1
    return True


def use_abbreviations(parser: MarkdownIt) -> None:
    parser.block.ruler.before(
        "list", "abbreviation", _abbreviation, {"alt": ["paragraph", "reference"]}
    )


# ---------------------------------------------------------------- paired tags

# The shortcodes whose body is code (or data) in Hugo and the common themes' docs (Hugo's
# own, Docsy, hugo-book, Hextra), and the Liquid tags whose body is not text for readers.
CODE_SHORTCODES = frozenset(
    {
        "highlight", "code", "code-toggle", "codeblock", "code-block", "codenew",
        "output", "chroma", "mermaid", "katex", "math", "diagram", "graphviz", "plantuml",
        "raw", "comment", "readfile", "datatable", "asciinema", "gist", "jsfiddle",
    }
)  # fmt: skip
# Arguments that name a language or a file make any shortcode a code holder.
_CODE_ARGUMENT = re.compile(r"\b(?:lang|language|file|filename|syntax)\s*=")
# Lines that read as code or configuration rather than prose, for `holds_code`.
_CODE_LINE = re.compile(
    r"[ \t]*(?:"
    r"[{}\]<;]|//|\$ |```|~~~"  # brackets, tags, comments, prompts, fences
    r"|\[[\w.\- \"']+\][ \t]*$"  # a TOML table
    r"|(?:[a-z_][\w.\-]*|\"[\w.\-]+\")[ \t]*(?:=|:(?:[ \t]|$))"  # key = value, key: value
    r"|.*(?:[;{}]|=>)[ \t]*$"  # ends like a statement
    r"|- [a-z_][\w.\-]*:"  # a YAML list item of a mapping
    r")"
)


# Two words in a row (letters first, any script): what a line of prose has.
_TWO_WORDS = re.compile(r"[^\W\d_][\w'’-]*[ \t]+[^\W\d_][\w'’-]*")
_FENCE_LINE = re.compile(r"[ \t]*(?:`{3,}|~{3,})")


def holds_code(name: str, arguments: str, body: str) -> bool:
    """Whether a paired shortcode or Liquid block holds code: copied as it is, never
    offered. It does when its name is a known code holder (CODE_SHORTCODES), when an
    argument names a language or a file (`lang=`, `file=`…), or when no line of its body
    outside fenced code reads as prose. A line reads as prose when it holds two words in a
    row and does not read as code or configuration (`key = value`, lower-case
    `key: value`, `[table]`, brackets, tags, `//` comments, `$ ` prompts, a line ending in
    `;`, `{`, `}` or `=>`). A prose body has its paragraphs, lists and headings offered,
    its tag lines kept."""
    if name.lower() in CODE_SHORTCODES or _CODE_ARGUMENT.search(arguments):
        return True
    fenced = False
    for line in body.splitlines():
        if _FENCE_LINE.match(line):
            fenced = not fenced
        elif not fenced and _TWO_WORDS.search(line) and not _CODE_LINE.match(line):
            return False
    return True


# An opening or closing tag alone on its line: a Hugo shortcode ({{< x >}}, {{% x %}})
# or a Liquid tag ({% x %}, with the `-` that trims whitespace).
_SHORTCODE_LINE = re.compile(
    r"[ \t]*\{\{([<%])-?[ \t]*(/?)[ \t]*([\w./-]+)(.*?)[ \t]*-?[>%]\}\}[ \t]*"
)
# A closing shortcode followed by HTML tags only (Docsy's `{{< /card >}} <br>`): it still
# closes its block; the line is copied as it is.
_SHORTCODE_CLOSING_WITH_HTML = re.compile(
    r"[ \t]*\{\{([<%])-?[ \t]*(/)[ \t]*([\w./-]+)[ \t]*-?[>%]\}\}(?:[ \t]*<[^<>\n]+>)+[ \t]*"
)
_LIQUID_LINE = re.compile(r"[ \t]*\{%-?[ \t]*(\w+)(.*?)-?%\}[ \t]*")
# Liquid tags that open a block closed by `end<name>`.
_LIQUID_PAIRED = frozenset(
    {"raw", "comment", "highlight", "capture", "if", "unless", "for", "case", "tablerow",
     "with", "block", "filter", "macro", "call", "set", "javascript", "schema"}
)  # fmt: skip


def is_tag_line(line: str, *, shortcodes: bool, liquid: bool) -> bool:
    """Whether `line` is a tag alone on its line, which the block rule reads as a block
    (a tag line, or the opening of a paired block) rather than as text of a paragraph."""
    stripped = line.lstrip(" \t")
    if stripped.startswith("{%"):
        return liquid and _LIQUID_LINE.fullmatch(line) is not None
    return shortcodes and stripped.startswith("{{") and _SHORTCODE_LINE.fullmatch(line) is not None


@lru_cache(maxsize=8)
def _tag_lines(source: str, liquid: bool) -> dict[tuple[str, bool], list[int]]:
    """Where each tag alone on a line opens or closes, by (name, closing): read once per
    source, so finding a closing tag is a bisection, not a scan of the rest of the text
    (which made a document of many unpaired shortcodes quadratic)."""
    found: dict[tuple[str, bool], list[int]] = {}
    pattern = _LIQUID_LINE if liquid else _SHORTCODE_LINE
    mark = "{%" if liquid else "{{"
    offset = 0
    for line in source.split("\n"):
        if mark in line:
            match = pattern.fullmatch(line)
            if match is None and not liquid:
                match = _SHORTCODE_CLOSING_WITH_HTML.fullmatch(line)
            if match is not None:
                if liquid:
                    name = match.group(1)
                    closing = name.startswith("end") and name not in _LIQUID_PAIRED
                    key = (name[3:] if closing else name, closing)
                else:
                    key = (match.group(3), bool(match.group(2)))
                found.setdefault(key, []).append(offset)
        offset += len(line) + 1
    return found


def _closing_line(
    state: StateBlock, start_line: int, end_line: int, name: str, liquid: bool
) -> int | None:
    """The line of the tag that closes the one on `start_line`, before `end_line`; tags of
    the same name in between nest."""
    lines = _tag_lines(state.src, liquid)
    closings = lines.get((name, True), [])
    openings = lines.get((name, False), [])
    after = state.eMarks[start_line]
    limit = state.bMarks[end_line] if end_line < len(state.bMarks) else len(state.src)
    index = bisect.bisect_right(closings, after)
    while index < len(closings) and closings[index] < limit:
        closing = closings[index]
        nested = bisect.bisect_left(openings, closing) - bisect.bisect_right(openings, after)
        if nested <= index - bisect.bisect_right(closings, after):
            return _line_at(state, closing, start_line, end_line)
        index += 1
    return None


def _line_at(state: StateBlock, offset: int, start_line: int, end_line: int) -> int | None:
    """The line whose content holds `offset` (a tag found in the raw source)."""
    line = bisect.bisect_right(state.bMarks, offset, start_line, end_line) - 1
    if line <= start_line or state.eMarks[line] < offset:
        return None
    return line


# A shortcode's quoted arguments: `title="Warning"` or a positional `"Title"` (a
# backslash-escaped quote inside is left to the generator: such a title is not offered).
_NAMED_TITLE = re.compile(r'(?<![\w-])title[ \t]*=[ \t]*"([^"\\\n]*)"')
_QUOTED_POSITIONAL = re.compile(r'(?:^|(?<=[ \t]))"([^"\\\n]*)"(?=[ \t]|$)')


def _title_argument(arguments: str) -> str | None:
    """The prose title among a prose shortcode's arguments (`{{% alert title="Warning"
    %}}`, `{{< details "Title" >}}`, `{{% notice tip "Title" %}}`): `title=`, else the
    last quoted positional argument; None when it has none with a letter in it."""
    arguments = arguments.rstrip(" \t-")
    named = _NAMED_TITLE.search(arguments)
    if named is not None:
        title = named.group(1)
    else:
        positional = _QUOTED_POSITIONAL.findall(arguments)
        title = positional[-1] if positional else ""
    return title.strip() if any(char.isalpha() for char in title) else None


# The most lines one shortcode tag may spread over (Docsy's cards take six).
_SPREAD_LINES = 30


def _spread_tag(state: StateBlock, start_line: int, end_line: int) -> tuple[int, str] | None:
    """(its last line, the tag on one line) of a shortcode opened on `start_line` and
    closed at the end of a later line, its arguments one a line (Docsy's `{{< card` /
    `  header="…"` / `>}}`); None when a blank line or other text comes first, or when
    it runs past _SPREAD_LINES lines (so that no line is read more than that many times)."""
    start = state.bMarks[start_line] + state.tShift[start_line]
    first = state.src[start : state.eMarks[start_line]]
    closer = {"{{<": ">}}", "{{%": "%}}"}.get(first[:3])
    if closer is None or closer in first:
        return None
    parts = [first]
    for line in range(start_line + 1, min(end_line, start_line + _SPREAD_LINES)):
        text = state.src[state.bMarks[line] : state.eMarks[line]].strip()
        if not text:
            return None
        parts.append(text)
        if closer in text:
            return (line, " ".join(parts)) if text.endswith(closer) else None
    return None


def _generator_block(
    state: StateBlock, start_line: int, end_line: int, silent: bool, shortcodes: bool, liquid: bool
) -> bool:
    if state.is_code_block(start_line):
        return False
    start = state.bMarks[start_line] + state.tShift[start_line]
    maximum = state.eMarks[start_line]
    if not state.src.startswith(("{{", "{%"), start):
        return False
    line = state.src[start:maximum]
    tag_end = start_line  # the tag's last line: a shortcode may spread over several
    # Only where a block starts: a tag spread over lines does not end a paragraph.
    if (
        not silent
        and shortcodes
        and not line.startswith("{%")
        and _SHORTCODE_LINE.fullmatch(line) is None
    ):
        spread = _spread_tag(state, start_line, end_line)
        if spread is not None:
            tag_end, line = spread
    if line.startswith("{%"):
        if not liquid:
            return False
        match = _LIQUID_LINE.fullmatch(line)
        if match is None:
            return False
        name, arguments = match.group(1), match.group(2)
        closing = (
            None
            if name.startswith("end")
            else _closing_line(state, start_line, end_line, name, liquid=True)
        )
    else:
        if not shortcodes:
            return False
        match = _SHORTCODE_LINE.fullmatch(line)
        if match is None:
            return False
        name, arguments = match.group(3), match.group(4)
        self_closing = arguments.rstrip().endswith("/")
        closing = (
            None
            if match.group(2) or self_closing
            else _closing_line(state, tag_end, end_line, name, liquid=False)
        )
    if silent:
        return True
    if closing is None:
        # A tag alone on its line, unpaired: `{{< youtube x >}}`, `{% include a.html %}`.
        token = state.push("generator_tag", "", 0)
        token.content = state.src[state.bMarks[start_line] : state.eMarks[tag_end]]
        token.map = [start_line, tag_end + 1]
        state.line = tag_end + 1
        return True
    body_start = state.bMarks[tag_end + 1] if tag_end + 1 < closing else 0
    body = state.src[body_start : state.bMarks[closing]] if body_start else ""
    if holds_code(name, arguments, body):
        token = state.push("generator_code", "code", 0)
        token.info = f"{name} {arguments.strip()}".strip()
        token.content = body
        token.map = [start_line, closing + 1]
        state.line = closing + 1
        return True
    old_line_max = state.lineMax
    token = state.push("generator_block_open", "div", 1)
    token.info = name
    token.map = [start_line, closing + 1]
    token.attrs = {"class": f"generator-block {name}"}
    title = _title_argument(arguments) if not line.startswith("{%") else None
    if title is not None:
        # The title is prose, offered as a segment of its own; the tag around it is kept.
        title_line = next(
            (
                number
                for number in range(start_line, tag_end + 1)
                if title in state.src[state.bMarks[number] : state.eMarks[number]]
            ),
            start_line,
        )
        opening = state.push("generator_title_open", "p", 1)
        opening.attrs = {"class": "generator-block-title"}
        opening.map = [title_line, title_line + 1]
        inline = state.push("inline", "", 0)
        inline.content = title
        inline.map = [title_line, title_line + 1]
        inline.children = []
        state.push("generator_title_close", "p", -1)
    state.lineMax = closing
    state.md.block.tokenize(state, tag_end + 1, closing)
    state.lineMax = old_line_max
    state.push("generator_block_close", "div", -1)
    state.line = closing + 1
    return True


def use_generator_blocks(parser: MarkdownIt, *, shortcodes: bool, liquid: bool) -> None:
    """Paired shortcodes (`shortcodes`) and Liquid block tags (`liquid`), and tag lines."""

    def rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        return _generator_block(state, start_line, end_line, silent, shortcodes, liquid)

    parser.block.ruler.before(
        "fence",
        "generator_block",
        rule,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )


# ---------------------------------------------------------------- definition lists

# A line that starts another block, so it is no term (heading, quote, list item, fence,
# HTML, table row).
_NOT_A_TERM = re.compile(r"[ \t]*(?:#|>|[-+*][ \t]|\d{1,9}[.)][ \t]|`{3}|~{3}|<|\|)")
_DEFINITION_MARKER = re.compile(r"[ \t]{0,3}[:~][ \t]+\S")


def use_several_terms(parser: MarkdownIt) -> None:
    """Several terms for one definition (`Term1` / `Term2` / `: definition`), as PHP
    Markdown Extra, kramdown, Python-Markdown and Hugo's goldmark read them; the deflist
    plugin reads one term only, and the lines before became one paragraph with the `:`.
    Each term but the last is a `dt` of its own, then the plugin reads the rest."""
    deflist = next(rule.fn for rule in parser.block.ruler.__rules__ if rule.name == "deflist")

    def several_terms(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if silent or state.is_code_block(start_line):
            return False
        last = start_line
        # The terms: lines of text up to the one before a definition marker.
        while True:
            following = last + 1
            if following >= end_line or state.isEmpty(following):
                return False
            line = state.src[state.bMarks[following] : state.eMarks[following]]
            if _DEFINITION_MARKER.match(line):
                break
            if _NOT_A_TERM.match(line) or state.is_code_block(following):
                return False
            last = following
        if last == start_line:
            return False  # one term: the plugin's
        first_token = len(state.tokens)
        opening = state.push("dl_open", "dl", 1)
        for term_line in range(start_line, last):
            state.push("dt_open", "dt", 1).map = [term_line, term_line]
            inline = state.push("inline", "", 0)
            inline.content = state.src[
                state.bMarks[term_line] + state.tShift[term_line] : state.eMarks[term_line]
            ].strip()
            inline.map = [term_line, term_line]
            inline.children = []
            state.push("dt_close", "dt", -1)
        plugin_tokens = len(state.tokens)
        if not deflist(state, last, end_line, False):
            del state.tokens[first_token:]
            state.level -= 1
            return False
        # The plugin opened a list of its own: its items join ours.
        del state.tokens[plugin_tokens]
        for token in state.tokens[plugin_tokens:]:
            token.level -= 1
        state.level -= 1
        opening.map = [start_line, state.line]
        return True

    parser.block.ruler.before("deflist", "several_terms", several_terms, {"alt": []})
