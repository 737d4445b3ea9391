"""Gettext catalogues: the only package that knows the PO format.

model.py holds the entry and catalogue types and the segment states; reader.py reads a
file (a fast path for gettext's regular layout, parser.py's line parser for the rest, one
result); writer.py writes gettext's own layout, wrapped as gettext wraps (wrap.py);
merge.py makes templates and brings a catalogue up to date with one, losing nothing.
"""

from polyglot_statement.po.light import LightEntry
from polyglot_statement.po.merge import (
    FUZZY_THRESHOLD,
    NEW_SEGMENT_THRESHOLD,
    PLURAL_FORMS,
    TemplateMessage,
    make_template,
    merge,
)
from polyglot_statement.po.model import (
    APPROVED,
    FUZZY,
    IGNORE_COMMENT_PREFIX,
    MACHINE,
    MACHINE_COMMENT_PREFIX,
    MEMORY,
    MEMORY_COMMENT_PREFIX,
    NEEDS_REVIEW,
    OBSOLETE,
    PROVENANCE_PREFIXES,
    UNTRANSLATED,
    Catalog,
    Entry,
    Prefill,
    SegmentState,
)
from polyglot_statement.po.reader import ReadMemo, iter_po, parse_po, read_po
from polyglot_statement.po.writer import format_po

__all__ = [
    "APPROVED",
    "FUZZY",
    "FUZZY_THRESHOLD",
    "IGNORE_COMMENT_PREFIX",
    "MACHINE",
    "MACHINE_COMMENT_PREFIX",
    "MEMORY",
    "MEMORY_COMMENT_PREFIX",
    "NEEDS_REVIEW",
    "NEW_SEGMENT_THRESHOLD",
    "OBSOLETE",
    "PLURAL_FORMS",
    "PROVENANCE_PREFIXES",
    "UNTRANSLATED",
    "Catalog",
    "Entry",
    "LightEntry",
    "Prefill",
    "ReadMemo",
    "SegmentState",
    "TemplateMessage",
    "format_po",
    "iter_po",
    "make_template",
    "merge",
    "parse_po",
    "read_po",
]
