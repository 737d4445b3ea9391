"""The Word edition (.docx): python-docx, written from the same markdown-it tokens the page
is rendered from, so that a partner can edit the statement as an ordinary document.

Every block gets a real Word style (Title, Subtitle, Heading 1–6, List Bullet/Number with
their levels, Quote, Table Grid), so the partner's own style changes apply everywhere;
footnotes are Word footnotes (a footnotes part python-docx does not make, added here),
which Word and LibreOffice number and place themselves. Links are Word hyperlinks to the
page's targets. Every run says its language (`w:lang`, in the attribute for its script),
right-to-left paragraphs and runs are marked `w:bidi`/`w:rtl`, and passages not yet
translated carry the source language and the character style "Untranslated".

A workspace may supply `templates/reference.docx`: its styles, page setup, headers and
footers (a letterhead, a logo) are kept and its body replaced, as pandoc does with a
reference document. The bytes depend on the inputs alone: zip entries carry a fixed
time, and the core properties' dates are the statement's date, or absent.

reference.py loads the reference document and fixes the zip's times; base.py holds the
document, its styles and the languages' marks; body.py writes blocks and inline runs;
document.py the title block, notice, page setup and properties, and `render_docx`.
"""

from polyglot_statement.publish.docx.base import NOTICE_STYLE, UNTRANSLATED_STYLE
from polyglot_statement.publish.docx.document import render_docx
from polyglot_statement.publish.docx.reference import REFERENCE_DOCUMENT, Reference, load_reference

__all__ = [
    "NOTICE_STYLE",
    "REFERENCE_DOCUMENT",
    "UNTRANSLATED_STYLE",
    "Reference",
    "load_reference",
    "render_docx",
]
