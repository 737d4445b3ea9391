"""Make a translation safe to put into a Markdown document before anything renders it.

Translations are untrusted input: anyone who can edit a catalogue (a volunteer, a Weblate
account, a machine engine) must not be able to put markup or script into a published
page. Raw HTML is the organisation's own content only where the SOURCE segment has it:
a translation may repeat the source segment's tags (reordered, properly nested, the values
of alt, title and aria-label translated: source/inline_html.py) but any
other `<` becomes `&lt;`, which every Markdown renderer shows as a literal "<". Link
targets with a scheme other than http(s)/mailto/tel that the source does not have are
replaced by "#", and an image the source does not show becomes its alt text. The
rendered HTML is sanitised with an allow-list afterwards anyway (sanitize.py); this step
keeps the .md and .txt editions clean too, and keeps a broken tag in one segment from
swallowing the rest of the page.
"""

from __future__ import annotations

import html
import re

from polyglot_statement.source import code_spans
from polyglot_statement.source.inline_html import MARKUP_START, tags_licensed

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Characters that have a meaning to programs rather than to a reader: C0 controls (which
# renderers use as placeholders; markdown-it hides table pipes as NUL), and the code points
# XML cannot hold (surrogates, U+FFFE, U+FFFF), which would stop the Word edition.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Bidi controls that open a scope, each with the character that closes it: embeddings and
# overrides (LRE, RLE, LRO, RLO) end with PDF, isolates (LRI, RLI, FSI) with PDI.
_POP_EMBEDDING = "\u202c"
_POP_ISOLATE = "\u2069"
_BIDI_OPENS = {
    **dict.fromkeys("\u202a\u202b\u202d\u202e", _POP_EMBEDDING),
    **dict.fromkeys("\u2066\u2067\u2068", _POP_ISOLATE),
}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# An inline image: `![alt](target "title")`, alt without brackets, target without spaces.
_INLINE_IMAGE = re.compile(r"!\[([^\[\]]*)\]\(\s*<?([^\s)>]*)>?(?:\s+[^)]*)?\)")
# An inline link or image target: `](target` up to the first space or `)`.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^\s)>]*)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# A line that would define a link reference (`[label]: target`) for the whole document.
_REFERENCE_DEFINITION = re.compile(r"^([ \t]*)\[([^\]\n]+)\]:", re.MULTILINE)


def neutralise(msgid: str, msgstr: str, markdown: bool = True) -> str:
    """The translation as it may be published; unchanged when it adds nothing unsafe.

    `markdown=False` is for plain-text values (front matter): they are escaped where
    they are shown, so only the control characters go.
    """
    if msgstr == msgid:
        return msgstr  # the source's own text is the organisation's content
    text = _closed_bidi(_CONTROL.sub("", msgstr))
    if not markdown:
        return text
    if "<" in text and not tags_licensed(msgid, text):
        text = _escape_markup(text)
    if "![" in text:
        # An image ends with a `)`: none can end past the last one. Without the cut, every
        # `![a](x ` of a text with no `)` after it read to the end (quadratic).
        last = text.rfind(")") + 1
        images = _INLINE_IMAGE.sub(lambda match: _known_image(match, msgid), text[:last])
        text = images + text[last:]
    if "](" in text:
        text = _LINK_TARGET.sub(lambda match: _safe_target(match, msgid), text)
    if "]:" in text:
        text = _REFERENCE_DEFINITION.sub(lambda match: _no_definition(match, msgid), text)
    return text


def _closed_bidi(text: str) -> str:
    """The translation with every bidi embedding, override and isolate it opens closed at
    its end: an unclosed U+202E would otherwise reverse, on screen, the next segments of
    its paragraph, which someone else wrote (the "Trojan Source" trick)."""
    if not _BIDI.search(text):
        return text
    stack: list[str] = []
    for character in text:
        if character in _BIDI_OPENS:
            stack.append(_BIDI_OPENS[character])
        elif character in (_POP_EMBEDDING, _POP_ISOLATE):
            if character == _POP_ISOLATE:
                # A PDI closes its isolate and every embedding opened inside it (and, with
                # no isolate open, nothing).
                if _POP_ISOLATE in stack:
                    while stack.pop() != _POP_ISOLATE:
                        pass
            elif stack and stack[-1] == _POP_EMBEDDING:
                stack.pop()
    return text + "".join(reversed(stack))


def _escape_markup(text: str) -> str:
    return "".join(
        piece if is_code else MARKUP_START.sub("&lt;", piece) for piece, is_code in code_spans(text)
    )


def _known_image(match: re.Match[str], msgid: str) -> str:
    """An image the source segment does not show becomes its alt text: a page makes no
    request the organisation did not put in it (a tracking pixel, another site's image)."""
    if match.group(2) in msgid:
        return match.group(0)
    return match.group(1)


def _safe_target(match: re.Match[str], msgid: str) -> str:
    target = match.group(1)
    if target in msgid:
        return match.group(0)
    # Browsers ignore entities, whitespace and controls when they read a scheme.
    decoded = re.sub(r"[\x00-\x20]", "", html.unescape(target))
    scheme = _SCHEME.match(decoded)
    if scheme is None or scheme.group(1).lower() in SAFE_SCHEMES:
        return match.group(0)
    start, end = match.span(1)
    offset = match.start()
    whole = match.group(0)
    return whole[: start - offset] + "#" + whole[end - offset :]


def _no_definition(match: re.Match[str], msgid: str) -> str:
    if match.group(0) in msgid:
        return match.group(0)
    return rf"{match.group(1)}\[{match.group(2)}]:"  # escaped, it is plain text
