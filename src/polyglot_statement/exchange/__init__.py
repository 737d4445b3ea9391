"""XLIFF 1.2 for CAT tools: `polyglot export --format xliff` and `polyglot import`.

transfer.py exports and imports (a document per statement and language), xliff.py reads
and writes the documents with translate-toolkit, inline.py carries inline Markdown as
XLIFF/TMX inline elements, apply.py decides what an incoming unit may change.
"""

from polyglot_statement.errors import XliffError
from polyglot_statement.exchange.apply import (
    APPROVED_KEPT,
    EMPTY,
    IMPORTED,
    NOT_FOUND,
    SOURCE_CHANGED,
    TAGS_DIFFER,
    UNCHANGED,
)
from polyglot_statement.exchange.transfer import (
    CatalogueImport,
    ExportedDocument,
    XliffExport,
    XliffImport,
    document_name,
    export_xliff,
    import_xliff,
)

__all__ = [
    "APPROVED_KEPT",
    "EMPTY",
    "IMPORTED",
    "NOT_FOUND",
    "SOURCE_CHANGED",
    "TAGS_DIFFER",
    "UNCHANGED",
    "CatalogueImport",
    "ExportedDocument",
    "XliffError",
    "XliffExport",
    "XliffImport",
    "document_name",
    "export_xliff",
    "import_xliff",
]
