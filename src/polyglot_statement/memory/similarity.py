"""How close a remembered source text is to a new one, as the best CAT tools score it.

Trados and memoQ score a match on the text with its placeables masked, then take points
off where numbers, addresses or tags differ; Weblate compares raw strings, and its users
report suggestions whose only difference is a number ranked as perfect. Here:

- the text is read as the machine pass reads Markdown (inline/parts.py): markup
  delimiters and link targets leave the text, a code span keeps its visible code;
- numbers become `0` and web addresses one mark, so "On 7 May, 1,500 workers" and
  "On 9 June, 300 workers" differ only where the words do; accents and typographic
  variants (’ and ', – and -) are folded (memory/folding.py);
- the score is rapidfuzz's `fuzz.ratio` of the masked texts, less NUMBER_PENALTY for
  each number that differs, URL_PENALTY for each address and MARKUP_PENALTY for each
  piece of markup;
- only identical texts score 100: a match whose numbers (or anything else) differ is
  never exact, whatever the masked score.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from polyglot_statement.inline import Open, Placeholder, conversion_parts, to_xml
from polyglot_statement.memory.folding import fold
from polyglot_statement.source import MAX_SEGMENT_MARKUP, markup_count

NUMBER_PENALTY = 3.0
URL_PENALTY = 3.0
MARKUP_PENALTY = 1.0

# A number as the numbers check reads one: digits with separators inside (1,500 · 7.5 ·
# 1 500 with a no-break space), Arabic-Indic and other decimal digits included.
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
# An address starts where its run of address characters starts: without the look-behind
# every letter of a long word would start a try that reads to the word's end (quadratic).
_URL = re.compile(
    r"(?:https?://|www\.|mailto:)[^\s<>()\[\]]++|[\w.+-](?<![\w.+-][\w.+-])[\w.+-]*+@[\w-]+\.[\w.-]+"
)
NUMBER_MARK = "0"
URL_MARK = "\u2301"  # ⌁: one character for a whole address


@dataclass(frozen=True, slots=True)
class Features:
    """What scoring needs of a text: the masked text, and what masking took out."""

    masked: str
    numbers: tuple[str, ...]  # digits only, in text order
    urls: tuple[str, ...]
    markup: tuple[str, ...]  # one name per piece: bold, italic, link, or the opaque source

    def encode(self) -> str:
        """One string to store (fields joined by a separator no text contains)."""
        return "\x1f".join(
            (
                self.masked,
                "\x1e".join(self.numbers),
                "\x1e".join(self.urls),
                "\x1e".join(self.markup),
            )
        )

    @classmethod
    def decode(cls, value: str) -> Features:
        masked, numbers, urls, markup = value.split("\x1f")

        def items(field: str) -> tuple[str, ...]:
            return tuple(field.split("\x1e")) if field else ()

        return cls(masked, items(numbers), items(urls), items(markup))


@lru_cache(maxsize=4096)
def features(text: str) -> Features:
    """The features of a segment's Markdown."""
    visible: list[str] = []
    markup: list[str] = []
    urls: list[str] = []
    # A segment crowded with markup characters (a partner's TMX may hold anything) is
    # compared as plain text: reading its Markdown would cost seconds per segment
    # (source/markdown_syntax.py's crowded_markup says why), on every indexing.
    crowded = markup_count(text) > MAX_SEGMENT_MARKUP
    conversion = to_xml("" if crowded else text)
    if crowded:
        visible.append(text)
    for part in conversion_parts(conversion):
        if isinstance(part, str):
            visible.append(part)
        elif isinstance(part, Open):
            markup.append(part.type)
            if part.type == "link":
                closing = conversion.pieces[int(part.id)].closing
                if closing.startswith("]("):
                    urls.append(closing[2:-1].split(" ", 1)[0])
        elif isinstance(part, Placeholder):
            markup.append(part.native)
            visible.append(part.visible)
    plain = "".join(visible)
    urls.extend(_URL.findall(plain))
    without_urls = _URL.sub(URL_MARK, plain)
    numbers = tuple(re.sub(r"\D", "", number) for number in _NUMBER.findall(without_urls))
    # Folded: an accent or a typographic apostrophe or dash is no difference of wording
    # ("workers' rights" finds "workers’ rights"); the texts differ, so the score is 99.
    # Case is kept: a capital says where in a sentence the text stood.
    masked = fold(_NUMBER.sub(NUMBER_MARK, without_urls), lower=False)
    return Features(masked, numbers, tuple(urls), tuple(markup))


def _differences(first: tuple[str, ...], second: tuple[str, ...]) -> int:
    """How many items must change to make one multiset the other."""
    if first == second:
        return 0
    one, two = Counter(first), Counter(second)
    return max(sum((one - two).values()), sum((two - one).values()))


def penalty(first: Features, second: Features) -> float:
    return (
        NUMBER_PENALTY * _differences(first.numbers, second.numbers)
        + URL_PENALTY * _differences(first.urls, second.urls)
        + MARKUP_PENALTY * _differences(first.markup, second.markup)
    )


def score(new: str, remembered: str) -> float:
    """The match score (0-100) of a remembered source for a new one; 100 only when equal."""
    if new == remembered:
        return 100.0
    return scored(features(new), features(remembered))


def scored(new: Features, remembered: Features) -> float:
    """`score` for texts known to differ, from their features."""
    raw = fuzz.ratio(new.masked, remembered.masked)
    return max(0.0, min(99.0, raw - penalty(new, remembered)))
