"""Reading the print editions back as a reader's tools do: poppler, pypdf, fontTools, LibreOffice.

On a developer's machine a missing system tool skips the tests that need it, naming the
Debian package; under CI=true it fails them, so that a CI machine without the packages
(.ci/run installs them) cannot pass by skipping.
"""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from conftest import missing, program
from fontTools.ttLib import TTFont
from pypdf import PdfReader

# Bidirectional controls pdftotext adds around runs of the other direction.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def font_package(family: str) -> str:
    """The Debian package of a font family the tests need."""
    if family.startswith("DejaVu"):
        return "fonts-dejavu-core"
    return "fonts-noto-cjk" if "CJK" in family else "fonts-noto-core"


def installed_font_families() -> set[str]:
    """The font families fontconfig knows (fc-list)."""
    program("fc-list")
    installed = subprocess.run(
        ["fc-list", ":", "family"], capture_output=True, text=True, check=True
    ).stdout
    return {name.strip() for line in installed.splitlines() for name in line.split(",")}


def need_fonts(*families: str) -> None:
    """Skip the running test (fail it under CI=true) unless every family is installed."""
    names = installed_font_families()
    for family in families:
        if family not in names:
            missing(
                f"the font {family!r} is not installed (apt-get install {font_package(family)})"
            )


def pdftotext(pdf: Path, *options: str) -> str:
    program("pdftotext")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def squeezed(text: str) -> str:
    """Text without whitespace and bidirectional controls: line breaks a layout chose,
    and the controls an extractor adds, are not the text's."""
    return "".join(text.translate(_BIDI_CONTROLS).split())


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float


def words(pdf: Path, page: int = 1) -> tuple[tuple[float, float], list[Word]]:
    """The page's size in points and every word on it with its box (pdftotext -bbox)."""
    output = pdftotext(pdf, "-bbox", "-f", str(page), "-l", str(page))
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', output)
    assert size is not None
    found = [
        Word(text, float(x1), float(y1), float(x2), float(y2))
        for x1, y1, x2, y2, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            output,
        )
    ]
    return (float(size.group(1)), float(size.group(2))), found


def embedded_fonts(pdf: Path) -> dict[str, TTFont]:
    """Every font program embedded in the PDF, by its PDF name, read by fontTools."""
    reader = PdfReader(pdf)
    fonts: dict[str, TTFont] = {}
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            key = next(k for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor)
            data = descriptor[key].get_object().get_data()
            fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))
    return fonts


def drawn_characters(pdf: Path) -> dict[str, set[str]]:
    """The characters each embedded font drew, by its PDF name, from its ToUnicode map
    (which a PDF reader searches and copies text by)."""
    reader = PdfReader(pdf)
    drawn: dict[str, set[str]] = {}
    for page in reader.pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            chars = drawn.setdefault(str(font["/BaseFont"]), set())
            for section in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
                for target in re.findall(r"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>", section):
                    chars.update(bytes.fromhex(target).decode("utf-16-be"))
            for section in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
                for low, high, first in re.findall(
                    r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", section
                ):
                    start = ord(bytes.fromhex(first).decode("utf-16-be")[-1])
                    chars.update(chr(start + i) for i in range(int(high, 16) - int(low, 16) + 1))
    return drawn


def installed_font(embedded: TTFont) -> TTFont:
    """The installed font an embedded subset was made from, found by its PostScript name."""
    name = embedded["name"].getDebugName(6)
    program("fc-list")
    found = subprocess.run(
        ["fc-list", f":postscriptname={name}", "--format", "%{file}|%{index}\n"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert found, f"no installed font is named {name}"
    path, index = found[0].split("|")
    return TTFont(path, fontNumber=int(index or 0), lazy=True)


def needs_glyph(char: str) -> bool:
    """Whitespace and invisible format characters (bidi marks, variation selectors) are
    not drawn."""
    return not (
        char.isspace()
        or unicodedata.category(char) in ("Cf", "Cc")
        or 0xFE00 <= ord(char) <= 0xFE0F
    )


def notdef_glyphs(pdf: Path) -> int:
    """How many glyphs the pages draw as .notdef (glyph 0, the "box"): text shown with
    two-byte glyph ids, as WeasyPrint writes it."""
    reader = PdfReader(pdf)
    count = 0
    for page in reader.pages:
        content = page.get_contents()
        assert content is not None
        for hexa in re.findall(rb"<([0-9a-fA-F]+)>", content.get_data()):
            ids = [hexa[i : i + 4] for i in range(0, len(hexa), 4)]
            count += sum(1 for glyph in ids if glyph == b"0000")
    return count


def _strong(word: str) -> str | None:
    """The direction of a word's first strong character, if it has one."""
    for char in word:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def lines_by_position(pdf: Path, box: tuple[float, float, float, float] | None = None) -> list[str]:
    """Every line of every page, its words put in reading order by their positions.

    pdftotext assembles an Arabic line from the glyphs' heights: a vowel sign drawn above a
    letter makes it start a new line, which it may then emit before the rest of the line
    (LibreOffice's PDFs of the same text extract the same way). Here a line is the words
    (pdftotext -bbox, letters in drawing order) that share a line's height, read in the
    line's direction (that of most of its strong characters), each right-to-left word's
    letters reversed into reading order, and runs of words of the other direction kept
    in their own order. `box` (left, top, right, bottom, in points) keeps only the words
    inside it.
    """
    pages = len(PdfReader(pdf).pages)
    lines: list[str] = []
    for page in range(1, pages + 1):
        _, found = words(pdf, page)
        if box is not None:
            left, top, right, bottom = box
            found = [
                w
                for w in found
                if w.x_min >= left - 0.5 and w.x_max <= right + 0.5
                and w.y_min >= top - 0.5 and w.y_max <= bottom + 0.5
            ]  # fmt: skip
        rows: list[list[Word]] = []
        for word in sorted(found, key=lambda w: (w.y_min + w.y_max) / 2):
            middle = (word.y_min + word.y_max) / 2
            if rows and rows[-1][0].y_min <= middle <= rows[-1][0].y_max:
                rows[-1].append(word)
            else:
                rows.append([word])
        for row in rows:
            row = [
                replace(word, text=word.text[::-1]) if _strong(word.text) == "rtl" else word
                for word in row
            ]
            directions = [_strong(word.text) for word in row]
            rtl = directions.count("rtl") > directions.count("ltr")
            ordered = sorted(row, key=lambda w: -w.x_max if rtl else w.x_min)
            # Runs of the other direction read in their own order.
            other = "ltr" if rtl else "rtl"
            result: list[str] = []
            run: list[str] = []
            for word in ordered:
                if _strong(word.text) == other:
                    run.append(word.text)
                    continue
                result.extend(reversed(run))
                run = []
                result.append(word.text)
            result.extend(reversed(run))
            lines.append(" ".join(result))
    return lines
