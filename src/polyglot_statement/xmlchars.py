"""Text that an XML 1.0 document can hold: the characters it cannot, and text without them.

A catalogue or a statement may carry characters that XML forbids even as references: C0
controls other than tab, line feed and carriage return (a vertical tab pasted from a word
processor, a stray NUL), the non-characters U+FFFE and U+FFFF, and surrogate code points
(which a PO escape or a broken editor can leave unpaired). lxml refuses to write them, so
one of them in a title would stop a Word edition, a feed, a TMX or an XLIFF export with a
traceback. Every writer of XML passes text through `xml_text` instead: the character has
no visible form, so leaving it out changes nothing a reader sees.
"""

from __future__ import annotations

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def syntax_error(message: str, line: int | None) -> tuple[str, int]:
    """An XML parser's complaint as one line of an error message, and a line to show.

    libxml2 splits some of its messages over two lines (a raw NUL), counts an empty file's
    line as 0, and advises an option (XML_PARSE_HUGE) that the user cannot pass."""
    said = " ".join(message.replace(", use XML_PARSE_HUGE option", "").split())
    return (
        f"not well-formed XML: {said}; the file is damaged or is not XML: export it again "
        "from the program that made it",
        max(line or 1, 1),
    )


def xml_text(text: str) -> str:
    """`text` without the characters an XML 1.0 document cannot hold."""
    return XML_INVALID.sub("", text) if XML_INVALID.search(text) else text
