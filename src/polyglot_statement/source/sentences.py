"""Sentence splitting for sentence-mode segmentation.

pysbd knows the abbreviations and punctuation of some twenty languages; other languages
fall back to its English rules. A split is kept only where it does not cut through inline
Markdown (a link, emphasis or code span that spans a full stop).
"""

from __future__ import annotations

import itertools
from functools import cache, lru_cache

import pysbd
from markdown_it import MarkdownIt

from polyglot_statement.source.markdown_syntax import new_parser

_PYSBD_LANGUAGES = {
    "en",
    "hi",
    "mr",
    "zh",
    "es",
    "am",
    "ar",
    "hy",
    "bg",
    "ur",
    "ru",
    "pl",
    "fa",
    "nl",
    "da",
    "fr",
    "my",
    "el",
    "it",
    "ja",
    "de",
    "kk",
    "sk",
}


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    base = language.split("_")[0]
    return pysbd.Segmenter(
        language=base if base in _PYSBD_LANGUAGES else "en", clean=False, char_span=True
    )


@lru_cache(maxsize=1)
def _inline() -> MarkdownIt:
    return new_parser()


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence in `text`, surrounding whitespace excluded."""
    cuts: list[int] = []
    for span in _segmenter(language).segment(text):
        if 0 < span.start < len(text):
            cuts.append(span.start)
    bounds = [0]
    for cut in cuts:
        left, right = text[bounds[-1] : cut], text[cut:]
        if _markup_survives_cut(left, right):
            bounds.append(cut)
    bounds.append(len(text))
    spans: list[tuple[int, int]] = []
    for start, end in itertools.pairwise(bounds):
        chunk = text[start:end]
        leading = len(chunk) - len(chunk.lstrip())
        trailing = len(chunk) - len(chunk.rstrip())
        if chunk.strip():
            spans.append((start + leading, end - trailing))
    return spans


def _markup_survives_cut(left: str, right: str) -> bool:
    inline = _inline()
    whole: str = inline.renderInline(left.rstrip() + " " + right.lstrip())
    parts: str = inline.renderInline(left.rstrip()) + " " + inline.renderInline(right.lstrip())
    return whole == parts


def sentence_starts(text: str, language: str) -> list[int]:
    """Where each sentence after the first begins in `text`, by pysbd alone.

    For text that is not Markdown (the XML sent to an engine), where the caller knows
    itself which cuts are safe.
    """
    return [
        span.start
        for span in _segmenter(language).segment(text)
        if span.start < len(text) and text[: span.start].strip()
    ]
