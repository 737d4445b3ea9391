"""The reference document a workspace may supply (templates/reference.docx), and the
zip written so that its bytes depend on the inputs alone."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import docx

from polyglot_statement.config import Settings
from polyglot_statement.errors import TemplateError
from polyglot_statement.fsutil import megabytes, read_input

REFERENCE_DOCUMENT = "reference.docx"
# A zip entry's time: the earliest a zip can say. The file's bytes must not depend on when
# it was made.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Reference:
    """The workspace's reference document (or the package's default one, when None)."""

    data: bytes | None = None


def load_reference(settings: Settings) -> Reference:
    """templates/reference.docx from the workspace, checked to be a Word document."""
    path = settings.root / settings.templates_dir / REFERENCE_DOCUMENT
    data = read_input(path, TemplateError, settings.bounds)
    if data is None:
        return Reference()
    unpacked = _unpacked_size(data)
    if unpacked is not None and unpacked > settings.max_file_size:
        # A zip bomb (or a document with huge embedded files): python-docx would inflate
        # it all in memory. Declared sizes bound what zipfile will inflate, so they suffice.
        raise TemplateError(
            f"unpacks to {megabytes(unpacked)}, more than the {megabytes(settings.max_file_size)} "
            "the `max-file-size` setting allows; save a smaller reference document (styles, "
            "letterhead and logo)",
            path,
        )
    try:
        docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many types for a file that is no .docx
        reason = str(error) or type(error).__name__
        raise TemplateError(
            f"is not a Word document (.docx) python-docx can open: {reason}; save the "
            "reference document from Word or LibreOffice as .docx",
            path,
        ) from None
    return Reference(data)


def _unpacked_size(data: bytes) -> int | None:
    """The sum of a zip archive's declared sizes; None when it is no zip (python-docx then
    says why it cannot open it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None


def _fixed_times(data: bytes) -> bytes:
    """The .docx with every zip entry dated `_ZIP_TIME`: the same inputs, the same bytes."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(item.filename))
    return output.getvalue()
