"""Published editions: `polyglot build` turns approved translations into dist/.

readiness.py decides whether an edition may be published (for build and status alike);
inputs.py fingerprints what an edition is made from; manifest.py records what a build
published. build.py is the command (import `build` from it: exported here, the function
would hide the module; it also keeps this face light, for `polyglot status`, which needs
only the three modules above): it plans (build_plan.py), decides each statement's
editions (build_decide.py), makes their files (build_edition.py), composes each edition
(edition.py), keeps translations from injecting markup (untrusted.py, sanitize.py),
renders (html.py, text.py, index.py), copies the local files a statement uses
(assets.py) and swaps the new output folder in (swap.py).
"""

from polyglot_statement.publish.inputs import (
    ABSENT,
    PACKAGE_TEMPLATES,
    DigestCache,
    InputIdentity,
    common_digest,
    edition_fingerprint,
    file_digest,
    input_identity,
    regular_identity,
)
from polyglot_statement.publish.manifest import (
    MANIFEST_NAME,
    EditionRecord,
    FallbackRecord,
    FileRecord,
    Manifest,
    SourceRecord,
    StatementRecord,
    read_manifest,
)
from polyglot_statement.publish.readiness import (
    EMPTY_REASON,
    Readiness,
    SegmentUnits,
    Tally,
    percent,
    readiness,
    segment_units,
    word_count,
)

__all__ = [
    "ABSENT",
    "EMPTY_REASON",
    "MANIFEST_NAME",
    "PACKAGE_TEMPLATES",
    "DigestCache",
    "EditionRecord",
    "FallbackRecord",
    "FileRecord",
    "InputIdentity",
    "Manifest",
    "Readiness",
    "SegmentUnits",
    "SourceRecord",
    "StatementRecord",
    "Tally",
    "common_digest",
    "edition_fingerprint",
    "file_digest",
    "input_identity",
    "percent",
    "read_manifest",
    "readiness",
    "regular_identity",
    "segment_units",
    "word_count",
]
