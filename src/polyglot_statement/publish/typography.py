"""What a language needs on paper: its script's fonts and its digits, from CLDR through babel.

A language's script comes from CLDR's likely subtags (`ar` → Arab, `zh_Hant` → Hant,
`sr` → Cyrl), its digits from CLDR's default numbering system (`mr` and `bn` write their
own digits, `ar` writes Latin ones since CLDR 42, `ar_EG` Arabic-Indic ones). The font
families are the open fonts Debian packages (fonts-noto-core, fonts-noto-cjk), each
stack ending with families that cover Latin, so that the Latin words, digits and source
passages of any edition find a glyph too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.core import get_global

from polyglot_statement.languages import normalise

SERIF = "serif"
SANS = "sans-serif"
MONOSPACE = "monospace"

# The families that cover Latin, Greek and Cyrillic, and the generic family last.
_LATIN = {
    SERIF: ("Noto Serif", "DejaVu Serif"),
    SANS: ("Noto Sans", "DejaVu Sans"),
    MONOSPACE: ("Noto Sans Mono", "DejaVu Sans Mono"),
}
# Script (ISO 15924, as CLDR names it) → (serif families, sans-serif families). A script
# whose Noto family has no serif design lists the sans-serif one in both.
_SCRIPT_FAMILIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Naskh for the sans-serif text too: Noto Sans Arabic draws lam-alef as one ligature
    # glyph, whose two letters poppler (and so Evince's and Okular's search and copy)
    # gives back reversed; Naskh draws them as two glyphs.
    "Arab": (("Noto Naskh Arabic",), ("Noto Naskh Arabic", "Noto Sans Arabic")),
    "Hebr": (("Noto Serif Hebrew",), ("Noto Sans Hebrew",)),
    "Deva": (("Noto Serif Devanagari",), ("Noto Sans Devanagari",)),
    "Beng": (("Noto Serif Bengali",), ("Noto Sans Bengali",)),
    "Guru": (("Noto Serif Gurmukhi",), ("Noto Sans Gurmukhi",)),
    "Gujr": (("Noto Serif Gujarati",), ("Noto Sans Gujarati",)),
    "Orya": (("Noto Sans Oriya",), ("Noto Sans Oriya",)),
    "Taml": (("Noto Serif Tamil",), ("Noto Sans Tamil",)),
    "Telu": (("Noto Serif Telugu",), ("Noto Sans Telugu",)),
    "Knda": (("Noto Serif Kannada",), ("Noto Sans Kannada",)),
    "Mlym": (("Noto Serif Malayalam",), ("Noto Sans Malayalam",)),
    "Sinh": (("Noto Serif Sinhala",), ("Noto Sans Sinhala",)),
    "Thai": (("Noto Serif Thai",), ("Noto Sans Thai",)),
    "Laoo": (("Noto Serif Lao",), ("Noto Sans Lao",)),
    "Khmr": (("Noto Serif Khmer",), ("Noto Sans Khmer",)),
    "Mymr": (("Noto Serif Myanmar",), ("Noto Sans Myanmar",)),
    "Ethi": (("Noto Serif Ethiopic",), ("Noto Sans Ethiopic",)),
    "Geor": (("Noto Serif Georgian",), ("Noto Sans Georgian",)),
    "Armn": (("Noto Serif Armenian",), ("Noto Sans Armenian",)),
    "Thaa": (("Noto Sans Thaana",), ("Noto Sans Thaana",)),
    "Tibt": (("Noto Serif Tibetan",), ("Noto Sans Tibetan",)),
    # Han and kana: the region's design of each shared character (a Japanese reader
    # expects the Japanese form of 直), hence one family per writing tradition.
    "Hans": (("Noto Serif CJK SC",), ("Noto Sans CJK SC",)),
    "Hant": (("Noto Serif CJK TC",), ("Noto Sans CJK TC",)),
    "Jpan": (("Noto Serif CJK JP",), ("Noto Sans CJK JP",)),
    "Kore": (("Noto Serif CJK KR",), ("Noto Sans CJK KR",)),
}
_CJK_MONOSPACE = {
    "Hans": "Noto Sans Mono CJK SC",
    "Hant": "Noto Sans Mono CJK TC",
    "Jpan": "Noto Sans Mono CJK JP",
    "Kore": "Noto Sans Mono CJK KR",
}
# Languages written in a style of their script that readers expect over the script's
# default design: Urdu in Nastaliq rather than Naskh.
_LANGUAGE_SERIF = {"ur": ("Noto Nastaliq Urdu",)}

# CLDR numbering system → (the CSS counter style that writes it, its digit zero): the
# decimal systems of living scripts that CSS predefines, then the locales' default
# systems it does not, whose text gets its digits and page numbers Latin ones. A test
# holds this table to every default numbering system in babel's data.
_NUMBERING: dict[str, tuple[str, int]] = {
    "latn": ("decimal", ord("0")),
    "arab": ("arabic-indic", 0x0660),
    "arabext": ("persian", 0x06F0),
    "deva": ("devanagari", 0x0966),
    "beng": ("bengali", 0x09E6),
    "guru": ("gurmukhi", 0x0A66),
    "gujr": ("gujarati", 0x0AE6),
    "orya": ("oriya", 0x0B66),
    "tamldec": ("tamil", 0x0BE6),
    "telu": ("telugu", 0x0C66),
    "knda": ("kannada", 0x0CE6),
    "mlym": ("malayalam", 0x0D66),
    "thai": ("thai", 0x0E50),
    "laoo": ("lao", 0x0ED0),
    "tibt": ("tibetan", 0x0F20),
    "mymr": ("myanmar", 0x1040),
    "khmr": ("khmer", 0x17E0),
    "mong": ("mongolian", 0x1810),
    "adlm": ("decimal", 0x1E950),
    "cakm": ("decimal", 0x11136),
    "hmnp": ("decimal", 0x1E140),
    "mtei": ("decimal", 0xABF0),
    "nkoo": ("decimal", 0x07C0),
    "olck": ("decimal", 0x1C50),
}


# The scripts Word sets as "complex" (w:cs, language in w:bidi) and as East Asian. The
# same scripts have no italic: a slanted face for them is a renderer's invention (a
# "synthesised oblique"). Their typographers set emphasis in bold (the complex ones:
# Arabic, Hebrew, the Indic scripts, Thai…) or with emphasis marks beside the characters
# (the East Asian ones: Chinese, Japanese, Korean).
COMPLEX_SCRIPTS = frozenset(
    {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml",
     "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Khmr", "Mymr", "Tibt", "Ethi"}
)  # fmt: skip
EAST_ASIAN_SCRIPTS = frozenset({"Hans", "Hant", "Jpan", "Kore"})
ITALIC = "italic"
BOLD = "bold"
MARKS = "marks"


@dataclass(frozen=True, slots=True)
class Digits:
    """How a language writes numbers: a CSS counter style, and the same digits for text."""

    counter_style: str
    zero: int

    def write(self, text: str) -> str:
        """`text` with its ASCII digits in this system (unchanged for Latin digits)."""
        if self.zero == ord("0"):
            return text
        return text.translate({ord("0") + value: self.zero + value for value in range(10)})


@cache
def script(language: str) -> str:
    """The ISO 15924 script a language is written in, by CLDR's likely subtags (Latn if unknown)."""
    code = normalise(language)
    locale = Locale.parse(code)
    if locale.script:
        return str(locale.script)
    likely: Mapping[str, str] = get_global("likely_subtags")
    for key in (code, locale.language):
        parts = likely.get(key, "").split("_")
        for part in parts[1:]:
            if len(part) == 4 and part.isalpha():
                return part
    return "Latn"


@cache
def families(language: str, generic: str) -> tuple[str, ...]:
    """The font families for a language's text in one generic style, best first.

    `generic` is SERIF, SANS or MONOSPACE; the generic name itself ends the list.
    """
    written = script(language)
    serif, sans = _SCRIPT_FAMILIES.get(written, ((), ()))
    if generic == MONOSPACE:
        own: tuple[str, ...] = (_CJK_MONOSPACE[written],) if written in _CJK_MONOSPACE else sans
    elif generic == SANS:
        own = sans
    else:
        own = _LANGUAGE_SERIF.get(Locale.parse(normalise(language)).language, serif) + sans
    return (*own, *_LATIN[generic], generic)


@cache
def digits(language: str) -> Digits:
    """The digits of a language's default numbering system (Latin ones for a system
    not in the table)."""
    system = str(Locale.parse(normalise(language)).default_numbering_system)
    style, zero = _NUMBERING.get(system, _NUMBERING["latn"])
    return Digits(style, zero)


@cache
def emphasis(language: str) -> str:
    """How a language's text marks emphasis: ITALIC, BOLD or MARKS (dots beside the
    characters), by its script's typography."""
    written = script(language)
    if written in EAST_ASIAN_SCRIPTS:
        return MARKS
    return BOLD if written in COMPLEX_SCRIPTS else ITALIC
