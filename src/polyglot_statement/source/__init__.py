"""Source statements: Markdown with YAML front matter, segmented for translation, and the
`polyglot extract` command that turns them into templates and catalogues.

statement.py finds and reads the workspace's statements; frontmatter.py splits off the
YAML front matter; segment.py cuts the body into segments (document.py) with their exact
source spans, which locate.py finds in each block's lines; rebuild.py rebuilds a document
from translated segments; markdown_syntax.py is the one reading of Markdown every command
shares; dialects.py names the site generators' syntax and generator.py finds its inline
items; inline_html.py compares a translation's HTML tags
with the source's; references.py keeps reference links resolving in a translation;
sentences.py splits paragraphs into sentences; extract.py is the command (import
`extract` from it: exported here, the function would hide the module).
"""

from polyglot_statement.source.document import (
    BLOCK_QUOTE,
    FOOTNOTE,
    FRONT_MATTER,
    IMAGE_ALT,
    LIST_ITEM,
    PARAGRAPH,
    TABLE_CELL,
    Document,
    Segment,
)
from polyglot_statement.source.frontmatter import (
    DATE_FIELD,
    DEADLINE_FIELD,
    PAGE_FIELDS,
    FrontMatter,
    split_front_matter,
    statement_date,
)
from polyglot_statement.source.inline_scan import code_spans
from polyglot_statement.source.kinds import GLOSSARY_PREFIX, is_plain_text
from polyglot_statement.source.markdown_syntax import (
    MARKUP_CHARACTERS,
    MARKUP_CHARACTERS_SHOWN,
    MAX_NESTING,
    MAX_SEGMENT_LINES,
    MAX_SEGMENT_MARKUP,
    MAX_STATEMENT_MARKUP,
    crowded_segment,
    inline_depth,
    markup_count,
    new_parser,
    text_lines,
)
from polyglot_statement.source.rebuild import rebuild
from polyglot_statement.source.references import (
    NO_DEFINITIONS,
    LinkDefinitions,
    keep_references,
    paired_by_order,
    reference_labels,
    reference_links,
    unresolved_references,
)
from polyglot_statement.source.segment import link_definitions, segment_document
from polyglot_statement.source.sentences import sentence_starts, split_sentences
from polyglot_statement.source.statement import (
    Statement,
    load_statements,
    read_statement,
    select_statement_paths,
    select_statement_slugs,
    statement_definitions,
    statement_paths,
)

__all__ = [
    "BLOCK_QUOTE",
    "DATE_FIELD",
    "DEADLINE_FIELD",
    "FOOTNOTE",
    "FRONT_MATTER",
    "GLOSSARY_PREFIX",
    "IMAGE_ALT",
    "LIST_ITEM",
    "MARKUP_CHARACTERS",
    "MARKUP_CHARACTERS_SHOWN",
    "MAX_NESTING",
    "MAX_SEGMENT_LINES",
    "MAX_SEGMENT_MARKUP",
    "MAX_STATEMENT_MARKUP",
    "NO_DEFINITIONS",
    "PAGE_FIELDS",
    "PARAGRAPH",
    "TABLE_CELL",
    "Document",
    "FrontMatter",
    "LinkDefinitions",
    "Segment",
    "Statement",
    "code_spans",
    "crowded_segment",
    "inline_depth",
    "is_plain_text",
    "keep_references",
    "link_definitions",
    "load_statements",
    "markup_count",
    "new_parser",
    "paired_by_order",
    "read_statement",
    "rebuild",
    "reference_labels",
    "reference_links",
    "segment_document",
    "select_statement_paths",
    "select_statement_slugs",
    "sentence_starts",
    "split_front_matter",
    "split_sentences",
    "statement_date",
    "statement_definitions",
    "statement_paths",
    "text_lines",
    "unresolved_references",
]
