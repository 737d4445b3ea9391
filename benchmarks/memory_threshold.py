"""The measurement behind memory.MEMORY_THRESHOLD.

`polyglot extract` pre-fills an untranslated entry with the translation of the closest
text in the workspace's translation memory when its score (memory/similarity.py: masked
text, penalties for numbers, addresses and markup) reaches MEMORY_THRESHOLD. Always as
fuzzy, with the remembered text as previous msgid.

1. Labelled pairs (benchmarks/fuzzy_threshold.py's: typo fixes, punctuation, inserted
   words, "not" inserted or removed, numbers changed must be offered; rewritten, unrelated
   and a short text inside a long one must not), scored with the memory's scorer next to
   plain `fuzz.ratio`.
2. Numbers: every pair that differs only in a number scores below 100 (never "exact").
3. The pool a memory really is: every distinct segment of N generated statements (the
   corpus generator's, with its stock sentences), and, as new statements, M more. For each
   of their segments not in the memory word for word, the best match in the whole memory:
   "same frame" when a sentence of it differs from the new one only in the generator's
   slots (a stock sentence with other facts: a fair start, not required), "unrelated"
   otherwise (must not be offered). Then segments edited from memory texts as
   fuzzy_threshold.py edits them: the best match should be the text they came from.

Usage: python benchmarks/memory_threshold.py [--memory 500] [--new 40]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzzy_threshold
import make_corpus

from polyglot_statement.memory import MEMORY_THRESHOLD
from polyglot_statement.memory.similarity import features, score, scored
from polyglot_statement.source import segment_document

THRESHOLDS = (60, 65, 70, 75, 80, 85, 90, 95)
FIELDS = ("title", "subtitle", "summary", "organisation")


def labelled() -> None:
    pairs = list(fuzzy_threshold.labelled_pairs())
    categories = list(dict.fromkeys(pair.category for pair in pairs))
    print(f"1. {len(pairs)} labelled pairs: score min / median / max")
    print(f"{'category':16} {'n':>4}  {'fuzz.ratio':>17}  {'memory score':>17}")
    scores = {id(pair): score(pair.new, pair.old) for pair in pairs}
    for category in categories:
        group = [pair for pair in pairs if pair.category == category]
        cells = []
        for values in (
            [fuzz.ratio(pair.old, pair.new) for pair in group],
            [scores[id(pair)] for pair in group],
        ):
            cells.append(f"{min(values):5.0f}/{statistics.median(values):5.0f}/{max(values):5.0f}")
        print(f"{category:16} {len(group):4}  {cells[0]:>17}  {cells[1]:>17}")
    print(f"\n{'threshold':>9} {'recall (must)':>13} {'must-not offered':>17} {'optional':>10}")
    must = [pair for pair in pairs if pair.wanted is True]
    must_not = [pair for pair in pairs if pair.wanted is False]
    optional = [pair for pair in pairs if pair.wanted is None]
    for threshold in THRESHOLDS:
        hit = sum(scores[id(pair)] >= threshold for pair in must)
        wrong = sum(scores[id(pair)] >= threshold for pair in must_not)
        maybe = sum(scores[id(pair)] >= threshold for pair in optional)
        marker = "  ← MEMORY_THRESHOLD" if threshold == MEMORY_THRESHOLD else ""
        print(
            f"{threshold:9} {hit / len(must):12.1%} {wrong:8}/{len(must_not):<8} "
            f"{maybe:4}/{len(optional):<5}{marker}"
        )
    for pair in pairs:
        value = scores[id(pair)]
        if (pair.wanted is True and value < MEMORY_THRESHOLD) or (
            pair.wanted is False and value >= MEMORY_THRESHOLD
        ):
            verdict = "missed" if pair.wanted else "offered"
            print(f"  {verdict} {pair.category} ({value:.0f}): {pair.old!r} → {pair.new!r}")

    numbers = [pair for pair in pairs if pair.category == "number changed"]
    exact = [pair for pair in numbers if scores[id(pair)] >= 100]
    print(
        f"\n2. numbers: {len(numbers)} pairs differing in a number; scored 100: {len(exact)}; "
        f"highest {max(scores[id(pair)] for pair in numbers):.1f}"
    )


def frames(text: str) -> frozenset[str]:
    """fuzzy_threshold.frames, also with the first letter lowercased: the generator starts
    sentences (an image's alt text) with a capitalised slot ("Port workers marching …")."""
    return fuzzy_threshold.frames(text) | fuzzy_threshold.frames(text[:1].lower() + text[1:])


def segments(index: int) -> list[str]:
    _, text = make_corpus.make_statement(index)
    found = segment_document(text, front_matter_fields=FIELDS).segments
    return list(dict.fromkeys(segment.msgid for segment in found))


def pools(memory_size: int, new_statements: int) -> None:
    started = time.perf_counter()
    memory: dict[str, None] = {}
    for index in range(memory_size):
        memory.update(dict.fromkeys(segments(index)))
    texts = list(memory)
    masked = [features(text).masked for text in texts]
    print(
        f"\n3. memory of {memory_size} generated statements: {len(texts):,} distinct segments "
        f"(features in {time.perf_counter() - started:.1f} s)"
    )

    def best(text: str) -> tuple[float, str]:
        wanted = features(text)
        candidates = process.extract(
            wanted.masked, masked, scorer=fuzz.ratio, limit=10, score_cutoff=40
        )
        scored_candidates = [
            (scored(wanted, features(texts[c[2]])), texts[c[2]]) for c in candidates
        ]
        return max(scored_candidates, default=(0.0, ""))

    exact = 0
    same_frame: list[float] = []
    unrelated: list[tuple[float, str, str]] = []
    for index in range(memory_size, memory_size + new_statements):
        for text in segments(index):
            if text in memory:
                exact += 1
                continue
            value, found = best(text)
            if found and frames(found) & frames(text):
                same_frame.append(value)
            else:
                unrelated.append((value, found, text))
    total = exact + len(same_frame) + len(unrelated)
    print(
        f"   {new_statements} new statements, {total:,} distinct segments: {exact} in the "
        f"memory word for word; best match of the others is the same frame for "
        f"{len(same_frame)}, unrelated for {len(unrelated)}"
    )

    rng = random.Random(fuzzy_threshold.SEED)
    edited: list[tuple[str, str, str]] = []
    for category, edit in fuzzy_threshold.EDITS.items():
        for text in rng.sample(texts, 60):
            changed = edit(text, rng)
            if changed is not None and changed != text and changed not in memory:
                edited.append((category, text, changed))
    right: list[float] = []
    right_must: list[float] = []  # the edits fuzzy_threshold.py says must be offered
    other: list[tuple[float, str, str, str]] = []
    for category, origin, changed in edited:
        value, found = best(changed)
        if found == origin:
            right.append(value)
            if category in fuzzy_threshold.MUST_OFFER:
                right_must.append(value)
        else:
            other.append((value, category, origin, changed))
    print(
        f"   {len(edited)} segments edited from memory texts: best match is the origin for "
        f"{len(right)}, another text for {len(other)}"
    )
    print(
        f"{'threshold':>9} {'same frame offered':>19} {'unrelated offered':>18} "
        f"{'edited: origin offered':>23} {'small edits only':>17}"
    )
    for threshold in THRESHOLDS:
        marker = "  ← MEMORY_THRESHOLD" if threshold == MEMORY_THRESHOLD else ""
        print(
            f"{threshold:9} {sum(v >= threshold for v in same_frame):8}/{len(same_frame):<10} "
            f"{sum(v >= threshold for v, _, _ in unrelated):8}/{len(unrelated):<9} "
            f"{sum(v >= threshold for v in right):12}/{len(right):<10} "
            f"{sum(v >= threshold for v in right_must):8}/{len(right_must):<8}{marker}"
        )
    for value, found, text in sorted(unrelated, reverse=True)[:3]:
        print(f"   unrelated ({value:.1f}): {found!r} → {text!r}")
    missed = sorted(item for item in right if item < MEMORY_THRESHOLD)
    if missed:
        print(f"   edited segments whose origin scores under the threshold: {missed[:10]}")
    for value, category, origin, changed in sorted(other, reverse=True)[:5]:
        print(f"   another text won ({category}, {value:.1f}): {origin!r} → {changed!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", type=int, default=500, help="Statements in the memory.")
    parser.add_argument("--new", type=int, default=40, help="New statements matched against it.")
    arguments = parser.parse_args()
    labelled()
    pools(arguments.memory, arguments.new)


if __name__ == "__main__":
    main()
