"""One inline reading of a text, shared by every reader in the process (issues 20, 27).

A build read the same paragraph's inline Markdown several times: the statement's
nesting check, the `markdown` check on the translation, and one rendering per edition.
For a paragraph crowded with `*` (100,000 of them, as a 1 MB statement may hold) each
reading took a second or more. `inline_children` reads a text once and remembers its
tokens; the nesting check and the checks read them as they are, and the renderer takes
fresh copies (its core and render rules change tokens in place).

Only a text without `[` is remembered: links, images and footnotes are the only inline
rules that read or write the parse's environment (the link definitions, the footnote
list), so without `[` the tokens depend on the text and the parser's rules alone. The
key holds the parser's inline rules and the options they read, so parsers with other
rules never share a reading. (A parser class may override normalizeLink or validateLink
only with the same results, as checks/markup.py's memoising parser does.)

`plain_children` is the reading of a text holding no character any inline rule starts
at: one text token, as markdown-it makes it, without running the parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableMapping, Sequence
from functools import partial
from typing import Any
from weakref import WeakKeyDictionary

from markdown_it import MarkdownIt
from markdown_it.token import Token

# Characters an inline rule of ours starts at or needs (escape, backticks, emphasis,
# strikethrough, `[` of links, images and footnotes, autolink, HTML, entity): a text with
# none of them is text and line breaks (plain_children). `\r` too: markdown-it's
# normalize rule turns it into a newline, which the inline rules never see.
_RULE_START = re.compile(r"[\r\\`*_~\[<&]")
# The inline rules a text without any of those characters reads as one text token (the
# text rule, and rules that start only at one of them). A parser with any other rule (a
# linkify rule reads `:`) never takes the short way.
PLAIN_RULES = frozenset(
    {
        "text",
        "newline",
        "escape",
        "backticks",
        "strikethrough",
        "emphasis",
        "link",
        "image",
        "footnote_inline",
        "footnote_ref",
        "autolink",
        "html_inline",
        "entity",
    }
)

# Remembered readings: bounded by their number and the length of the texts, cleared when
# full (each holds its tokens, about twenty times the text's size at most).
MEMO_ENTRIES = 4096
MEMO_CHARACTERS = 4_000_000
_memo: dict[tuple[Any, str], list[Token]] = {}
_memo_characters = 0

# Every inline parse made through this module (for tests that count readings).
Parsed = Callable[[str], None]
_listeners: list[Parsed] = []


def _rules_key(parser: MarkdownIt) -> tuple[Any, ...]:
    """What the reading of a text without `[` depends on besides the text."""
    rules = parser.inline.ruler.getRules("")
    after = parser.inline.ruler2.getRules("")
    options = parser.options
    settings = (options.get("html"), options.get("linkify"), options.get("maxNesting"))
    known = _keys.get(parser)
    # The rulers give the same list objects until their rules change (held here, so that
    # a new list is never taken for an old one).
    if known is not None and known[0] is rules and known[1] is after and known[2] == settings:
        return known[3]
    key = (
        tuple(map(_rule_identity, rules)),
        tuple(map(_rule_identity, after)),
        *settings,
    )
    _keys[parser] = (rules, after, settings, key)
    return key


_keys: WeakKeyDictionary[MarkdownIt, tuple[Any, Any, tuple[Any, ...], tuple[Any, ...]]] = (
    WeakKeyDictionary()
)


def _rule_identity(rule: Any) -> Any:
    """A rule, as equal in every parser that has it: the footnote plugin gives each parser
    a partial of its own of the same function and options."""
    if isinstance(rule, partial):
        return (rule.func, rule.args, tuple(sorted(rule.keywords.items())))
    return rule


def is_plain(parser: MarkdownIt, text: str) -> bool:
    """Whether `text` reads as one text token with this parser's inline rules."""
    if _RULE_START.search(text) is not None:
        return False
    key = _rules_key(parser)
    known = _plain_parsers.get(key)
    if known is None:
        rules = parser.inline.ruler.get_active_rules()
        known = set(rules).issubset(PLAIN_RULES) and not parser.options.get("linkify")
        _plain_parsers[key] = known
    return known


_plain_parsers: dict[tuple[Any, ...], bool] = {}


def plain_children(text: str) -> list[Token]:
    """The inline children markdown-it makes of a text that `is_plain`: its text, and a
    line break at each newline, as markdown-it's newline rule makes them (two spaces or
    more before it: a hard break, the spaces dropped; else a soft break, one space before
    it dropped; the next line's leading spaces and tabs skipped)."""
    if "\n" not in text:
        return [Token("text", "", 0, content=text)] if text else []
    children: list[Token] = []
    lines = text.split("\n")
    last = len(lines) - 1
    for number, line in enumerate(lines):
        if number:
            line = line.lstrip(" \t")
        kind = "softbreak"
        if number < last and line.endswith(" "):
            if line.endswith("  "):
                line, kind = line.rstrip(" "), "hardbreak"
            else:
                line = line[:-1]
        if line:
            children.append(Token("text", "", 0, content=line))
        if number < last:
            children.append(Token(kind, "br", 0))
    return children


def inline_children(
    parser: MarkdownIt, text: str, env: dict[str, Any] | None = None
) -> list[Token]:
    """The inline tokens of `text` (what `parser.inline.parse` makes), read once per
    process for a text without `[` (`env` is then not read: no rule reads it). The tokens
    are shared: read them, do not change them (`fresh_inline_children` gives copies)."""
    if "[" in text:
        return _parse(parser, text, {} if env is None else env)
    key = (_rules_key(parser), text)
    children = _memo.get(key)
    if children is None:
        children = _parse(parser, text, {})
        _remember(key, children)
    return children


def inline_mode_children(parser: MarkdownIt, text: str) -> list[Token] | None:
    """What `parser.parseInline(text)` puts in its inline token's children (before its
    text_join rule, which joins text tokens and nothing else), read once per process;
    None for a text with `[`, which the caller reads itself (the footnote rules add
    blocks after the inline token, and the reading fills the environment)."""
    if "[" in text:
        return None
    # parseInline's normalize rule first: CR LF and CR are line breaks, NUL a U+FFFD.
    return inline_children(parser, _NULL.sub("\ufffd", _NEWLINES.sub("\n", text)))


_NEWLINES = re.compile(r"\r\n?")
_NULL = re.compile(r"\0")


def fresh_inline_children(
    parser: MarkdownIt, text: str, env: MutableMapping[str, Any], remember: bool = False
) -> list[Token]:
    """The inline tokens of `text`, the caller's own to change: one text token for plain
    text, copies of a remembered reading, else a reading of its own, remembered only if
    `remember` (a text the caller expects to read again; a text with `[` never is: it
    reads and fills `env`, link definitions and footnotes)."""
    if "[" in text:
        return _parse(parser, text, env)
    if is_plain(parser, text):
        return plain_children(text)
    key = (_rules_key(parser), text)
    remembered = _memo.get(key)
    if remembered is None:
        if not remember:
            return _parse(parser, text, env)  # the last reader: not remembered
        # (No rule reads or fills `env` for a text without `[`: an empty one reads alike.)
        remembered = _parse(parser, text, {})
        _remember(key, remembered)
    return _copied(remembered)


def _parse(parser: MarkdownIt, text: str, env: MutableMapping[str, Any]) -> list[Token]:
    for listener in _listeners:
        listener(text)
    children: list[Token] = []
    parser.inline.parse(text, parser, env, children)
    return children


def _remember(key: tuple[Any, str], children: list[Token]) -> None:
    global _memo_characters
    size = len(key[1])
    if size > MEMO_CHARACTERS:
        return
    if len(_memo) >= MEMO_ENTRIES or _memo_characters + size > MEMO_CHARACTERS:
        _memo.clear()
        _memo_characters = 0
    _memo[key] = children
    _memo_characters += size


def _copied(tokens: Sequence[Token]) -> list[Token]:
    return [
        Token(
            token.type,
            token.tag,
            token.nesting,
            dict(token.attrs),
            None if token.map is None else list(token.map),
            token.level,
            None if token.children is None else _copied(token.children),
            token.content,
            token.markup,
            token.info,
            dict(token.meta),
            token.block,
            token.hidden,
        )
        for token in tokens
    ]


def listen(listener: Parsed) -> Callable[[], None]:
    """Hear every inline parse made here (the text parsed); returns what stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener)


def forget() -> None:
    """Drop every remembered reading."""
    global _memo_characters
    _memo.clear()
    _memo_characters = 0
