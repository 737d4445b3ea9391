"""What a statement arrives as, read safely: its kind, its bytes, and whether it can be trusted
to be what its name says.

A file sent by a press office is untrusted: a `.docx` may be a zip bomb, a password-protected
(encrypted) document or a truncated download; a `.txt` may be a binary file. Every refusal
names the file, says what is wrong and how to fix it, before anything is converted.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from polyglot_statement.errors import IntakeError
from polyglot_statement.fsutil import InputBounds, megabytes, read_input

Kind = Literal["docx", "odt", "html", "txt"]

KINDS: dict[str, Kind] = {
    ".docx": "docx",
    ".odt": "odt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "txt",
    ".text": "txt",
}

STDIN = Path("-")

# An OLE compound file: what Word and LibreOffice write when a .docx is encrypted with a
# password (the zip is inside, encrypted), and what old .doc files are.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
# The part every document of the kind has; without it, the file is not one.
_MAIN_PART: dict[str, str] = {"docx": "word/document.xml", "odt": "content.xml"}


@dataclass(frozen=True, slots=True)
class Incoming:
    """A statement's bytes as they came, and what kind of document they are."""

    path: Path  # as given; `-` for standard input
    kind: Kind
    data: bytes
    # Every part of an office package, unpacked within the size limit (empty otherwise).
    parts: dict[str, bytes]

    @property
    def name(self) -> str:
        return "standard input" if self.path == STDIN else self.path.name


def kind_of(path: Path) -> Kind:
    if path == STDIN:
        return "html"
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise IntakeError(
            f"cannot bring in a {path.suffix or 'file without an extension'}; save the "
            "statement as .docx, .odt, .html (a page saved from the browser) or .txt",
            path,
        )
    return kind


def read_incoming(path: Path, max_size: int, stdin: BinaryIO | None = None) -> Incoming:
    """The statement at `path` (or standard input for `-`), checked for its kind."""
    kind = kind_of(path)
    if path == STDIN:
        assert stdin is not None
        data = stdin.read(max_size + 1)
        if len(data) > max_size:
            raise IntakeError(
                f"is more than the {megabytes(max_size)} the `max-file-size` setting "
                "allows; save a smaller page, or raise the setting if it is genuine",
                "standard input",
            )
    else:
        # A statement may come from anywhere (Downloads, a mail attachment): not bounded to
        # the workspace, only to regular files under the size limit.
        read = read_input(path, IntakeError, InputBounds((), max_size))
        if read is None:
            raise IntakeError("no such file; check the name", path)
        data = read
    if not data.strip():
        raise IntakeError("is empty; there is no statement to bring in", path)
    if kind in ("docx", "odt"):
        return Incoming(path, kind, data, unpack(path, kind, data, max_size))
    _refuse_binary(path, kind, data)
    return Incoming(path, kind, data, {})


def _refuse_binary(path: Path, kind: Kind, data: bytes) -> None:
    """A text or HTML name on a file that is not text: an office file, an image, a program."""
    what = "a web page" if kind == "html" else "text"
    head = data[:8192]
    looks_like = (
        "a password-protected or old-style Word document"
        if data.startswith(_OLE_MAGIC)
        else "an office document or another zip archive"
        if data.startswith(_ZIP_MAGIC)
        else "a PDF"
        if data.startswith(b"%PDF")
        else None
    )
    if looks_like is None and b"\x00" in head and not _utf16(head):
        looks_like = "a binary file"
    if looks_like is not None:
        raise IntakeError(
            f"is {looks_like}, not {what}; open it in its program and save it as .docx, "
            ".odt, .html or .txt under the right name",
            path,
        )
    if kind == "txt":
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as problem:
            line = data.count(b"\n", 0, problem.start) + 1
            raise IntakeError(
                "is not UTF-8 text; save it as UTF-8 (in most editors: Save as, encoding UTF-8)",
                path,
                line,
            ) from None


def _utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def unpack(path: Path, kind: Kind, data: bytes, max_size: int) -> dict[str, bytes]:
    """Every part of an office package, refused when it is not one, is encrypted, damaged,
    or unpacks to more than `max_size` bytes in all (a zip bomb): the limit is counted on
    the bytes really unpacked, not on what the archive's directory claims."""
    label = "Word document" if kind == "docx" else "OpenDocument text"
    if data.startswith(_OLE_MAGIC):
        raise IntakeError(
            f"is a password-protected (encrypted) or old-style {label}; open it, remove the "
            f"password (or save it as .{kind} again) and bring in the saved copy",
            path,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise IntakeError(
            f"is not a readable {label} (damaged, or not a .{kind} under that name); open "
            f"it in Word or LibreOffice and save it again as .{kind}",
            path,
        ) from None
    parts: dict[str, bytes] = {}
    total = 0
    with archive:
        for info in archive.infolist():
            if info.flag_bits & 0x1:
                raise IntakeError(
                    f"is encrypted; remove its password and save it again as .{kind}", path
                )
            if info.is_dir():
                continue
            try:
                with archive.open(info) as member:
                    chunks = []
                    while chunk := member.read(1 << 16):
                        total += len(chunk)
                        if total > max_size:
                            raise IntakeError(
                                f"unpacks to more than the {megabytes(max_size)} the "
                                "`max-file-size` setting allows (a zip bomb, or a document "
                                "of huge images); make the images smaller, or raise the "
                                "setting if the file is genuine",
                                path,
                            )
                        chunks.append(chunk)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
                raise IntakeError(
                    f"is damaged ({info.filename} cannot be unpacked); open it in Word or "
                    f"LibreOffice and save it again as .{kind}",
                    path,
                ) from None
            except NotImplementedError:
                raise IntakeError(
                    f"uses a compression this tool does not read; save it again as .{kind}",
                    path,
                ) from None
            parts[info.filename] = b"".join(chunks)
    if kind == "odt" and b"encryption-data" in parts.get("META-INF/manifest.xml", b""):
        # OpenDocument encrypts each part and says so in its manifest.
        raise IntakeError(
            f"is a password-protected {label}; open it, remove the password (File ▸ "
            "Properties ▸ Security) and bring in the saved copy",
            path,
        )
    if _MAIN_PART[kind] not in parts:
        raise IntakeError(
            f"is not a {label} (it has no {_MAIN_PART[kind]}); open it in its program and "
            f"save it as .{kind}",
            path,
        )
    return parts
