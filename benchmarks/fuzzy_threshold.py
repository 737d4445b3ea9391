"""The measurement behind catalog.FUZZY_THRESHOLD.

When a segment's source text changes, extract offers the most similar earlier translation
as fuzzy (never approved) if the similarity reaches FUZZY_THRESHOLD. This script scores
labelled (old, new) pairs made by realistic edits and prints, per kind of edit, the score
range of several rapidfuzz scorers, then the precision and recall of "offer the old
translation" at candidate thresholds.

Wanted: every small edit is offered (a typo fixed, punctuation, an inserted word, a
number changed, "not" inserted or removed — negation is offered as fuzzy so the reviewer
sees the old translation next to the change); a rewritten sentence or an unrelated one
of similar length is not. Appended clauses and reordered clauses are useful to offer but
not required.

Then paragraphs added to a statement (not edited from anything) against the statement's
other segments, which are still in the source: the pool catalog.NEW_SEGMENT_THRESHOLD is
for. Such a paragraph need not be offered anything, and must not be offered an unrelated
one's translation.

Then, when benchmarks/corpus exists, the merge's own decision with real candidate pools
(every old translation that left the statement's template), on the corpus edited as
bench_extract.py edits it.

Usage: python benchmarks/fuzzy_threshold.py [--scorer ratio] [--corpus DIR] [--every 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The corpus vocabulary: the sentences extract merges in practice.
import make_corpus

from polyglot_statement.po import FUZZY_THRESHOLD, NEW_SEGMENT_THRESHOLD

SEED = 7
Scorer = Callable[[str, str], float]
SCORERS: dict[str, Scorer] = {
    "ratio": fuzz.ratio,
    "partial_ratio": fuzz.partial_ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "WRatio": fuzz.WRatio,
}
THRESHOLDS = (50, 55, 60, 65, 70, 75, 80, 85, 90)
ADDED_THRESHOLDS = (60, 65, 70, 75, 80, 85, 90, 95)

# Small edits that must be offered, useful ones that may be, and those that must not be.
MUST_OFFER = (
    "typo fix",
    "punctuation",
    "inserted word",
    "not inserted",
    "not removed",
    "number changed",
)
# "same frame": one stock sentence with other facts ("We will continue to organise until X
# is won" → "… until Y is won"); the old translation is a fair start but not required.
MAY_OFFER = ("clause appended", "reordered", "same frame")
MUST_NOT = ("rewritten", "unrelated", "short in long")

# Sentences from real statements (the WFTU text in source/ and similar press releases).
REAL_SENTENCES = (
    "We hereby come to express our concern about the political crisis in Peru, a situation "
    "that will worsen as of 7 December 2022.",
    "There have been dozens of raids on trade union organisations, political parties and "
    "private homes of workers.",
    "We echo the demands of the people and the working class of Peru, who are demanding the "
    "resignation of Dina Boluarte and the national congress.",
    "We express our repudiation of this anti-democratic, coup-plotting and unconstitutional "
    "manoeuvre and demand the release of President Pedro Castillo.",
    "The new authorities, not respecting the right to asylum, expelled the Mexican ambassador.",
    "The open letter states the following:",
    "Dear Ambassadors of the Republic of Peru.",
    "The dockworkers will stop work for 24 hours on Friday in every port of the country.",
    "The strike is supported by 92% of the members who took part in the ballot.",
    "Management has refused to meet the union since the dispute began in March.",
    "We demand the immediate reinstatement of the 14 dismissed shop stewards.",
    "The federation will hold its congress in Athens from 6 to 8 April.",
    "Health workers have not received their salaries for three months.",
    "The union is ready to negotiate, but it will not accept any cut in pensions.",
    "Solidarity messages can be sent to the address below.",
)
SHORT_SEGMENTS = (
    "Our demands", "Background", "Next steps", "Solidarity actions", "The facts",
    "Workers affected", "Change since last year", "Call to action", "What happened",
    "International response", "The struggle continues.", "Solidarity is our strength.",
    "An injury to one is an injury to all.", "Equal pay for equal work;",
    "Respect for the right to strike;", "An end to precarious contracts;",
    "5,550 miners in Athens", "455 health workers in Kenya",
)  # fmt: skip

# Rewritten: the same message in other words. Written by hand; no rule makes these.
REWRITTEN = (
    ("We condemn the arrest of union leaders in Peru.",
     "The detention of Peruvian trade union leaders is unacceptable to us."),
    ("The government must withdraw the labour reform.",
     "This reform of labour law has to be scrapped by the authorities."),
    ("More than 3,000 workers joined the general strike on Monday.",
     "On Monday the general strike was backed by over 3,000 people at work."),
    ("We call on all affiliates to send messages of solidarity.",
     "Every affiliated organisation is asked to express its support in writing."),
    ("The federation supports the teachers' indefinite strike.",
     "Teachers on open-ended strike have the backing of our federation."),
    ("Health workers have not received their salaries for three months.",
     "For a quarter of a year, hospital staff have gone unpaid."),
    ("The union is ready to negotiate, but it will not accept any cut in pensions.",
     "Talks are possible; pension cuts are a red line for the union."),
    ("Management has refused to meet the union since the dispute began in March.",
     "Since March the employer has declined every request for a meeting."),
    ("The strike is supported by 92% of the members who took part in the ballot.",
     "Of the members who voted, 92% backed industrial action."),
    ("Solidarity messages can be sent to the address below.",
     "Please write to us at the address given at the end."),
    ("Dear Ambassadors of the Republic of Peru.",
     "To the diplomatic representatives of Peru:"),
    ("The open letter states the following:",
     "This is the text of the open letter:"),
    ("Our demands", "What we want"),
    ("Background", "How we got here"),
    ("Next steps", "What comes now"),
    ("The facts", "What we know"),
    ("Workers affected", "People concerned"),
    ("Call to action", "Join us"),
    ("Solidarity actions", "Ways to support"),
    ("An injury to one is an injury to all.", "Harm done to one worker is harm done to us all."),
    ("The struggle continues.", "We fight on."),
    ("Equal pay for equal work;", "The same wage for the same job;"),
    ("We will continue to organise until the minimum wage is raised.",
     "Until the lowest legal wage goes up, our organising does not stop."),
    ("The police attacked the peaceful demonstration with tear gas.",
     "Tear gas was fired by officers at protesters who were doing no harm."),
    ("The executive committee expresses its outrage at the killing of trade unionists in Colombia.",
     "The murders of union members in Colombia have shocked and angered our executive."),
    ("According to the union, 74% of textile workers earn less than the legal minimum.",
     "Three in four garment workers are paid below the statutory minimum, the union says."),
)  # fmt: skip
INSERTED_WORDS = ("also", "again", "now", "strongly", "all", "still", "today", "new", "urgently")
_WORD = re.compile(r"(?<![^\s])[A-Za-z]{2,}(?![^\s,.;:])")
_AUXILIARY = re.compile(r"\b(is|are|will|must|have|has|can|was|were|does|do)\b")
_NUMBER = re.compile(r"\d[\d,]*")


@dataclass(frozen=True, slots=True)
class Pair:
    category: str
    old: str
    new: str

    @property
    def wanted(self) -> bool | None:
        """True: must be offered; False: must not; None: either is acceptable."""
        if self.category in MUST_OFFER:
            return True
        if self.category in MUST_NOT:
            return False
        return None

    @property
    def short(self) -> bool:
        return len(self.old) < 40


# ---------------------------------------------------------------- edits


def typo_fix(text: str, rng: random.Random) -> str | None:
    """The old text had a typo (a letter doubled, dropped or swapped); the new one is right."""
    words = [word for word in _WORD.finditer(text) if len(word.group()) >= 4]
    if not words:
        return None
    word = rng.choice(words)
    position = word.start() + rng.randrange(1, len(word.group()) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:position] + text[position] + text[position:]
    if kind == 1:
        return text[:position] + text[position + 1 :]
    return text[:position] + text[position + 1] + text[position] + text[position + 2 :]


def punctuation(text: str, rng: random.Random) -> str | None:
    choices = []
    if ", " in text:
        choices.append(text.replace(", ", " ", 1))
    if text.endswith((".", ";", ":")):
        choices.append(text[:-1] + rng.choice(("!", ";", ".")) if text[-1] != "." else text[:-1])
    else:
        choices.append(text + ".")
    words = list(_WORD.finditer(text))
    if len(words) > 3:
        word = words[len(words) // 2]
        choices.append(text[: word.end()] + "," + text[word.end() :])
    return rng.choice(choices)


def inserted_word(text: str, rng: random.Random) -> str | None:
    words = list(_WORD.finditer(text))
    if not words:
        return None
    word = rng.choice(words)
    return text[: word.start()] + rng.choice(INSERTED_WORDS) + " " + text[word.start() :]


def not_inserted(text: str, rng: random.Random) -> str | None:
    auxiliary = _AUXILIARY.search(text)
    if auxiliary is not None:
        return text[: auxiliary.end()] + " not" + text[auxiliary.end() :]
    words = list(_WORD.finditer(text))
    if not words:
        return None
    word = rng.choice(words[1:] or words)
    return text[: word.start()] + "not " + text[word.start() :]


def number_changed(text: str, rng: random.Random) -> str | None:
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return None
    number = rng.choice(numbers)
    digits = number.group().replace(",", "")
    value = int(digits)
    changed = str(value + rng.choice((1, 2, 10, 100, -1)) if value > 100 else value + 1)
    return text[: number.start()] + changed + text[number.end() :]


def clause_appended(text: str, rng: random.Random) -> str | None:
    clause = rng.choice(make_corpus.CONSEQUENCES)
    stripped = text.rstrip(".;:!")
    return f"{stripped}, {clause}{text[len(stripped) :] or '.'}"


def reordered(text: str, rng: random.Random) -> str | None:
    """Two clauses swapped around their comma, or two sentences swapped."""
    sentences = re.split(r"(?<=\.) ", text)
    if len(sentences) >= 2:
        index = rng.randrange(len(sentences) - 1)
        sentences[index], sentences[index + 1] = sentences[index + 1], sentences[index]
        return " ".join(sentences)
    if ", " not in text:
        return None
    head, _, tail = text.partition(", ")
    end = tail[-1] if tail[-1] in ".;:!" else ""
    tail = tail.rstrip(".;:!")
    return f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}{end}"


# Edits that undo something: the old text had the typo, or the "not".
REVERSED = ("typo fix", "not removed")
EDITS: dict[str, Callable[[str, random.Random], str | None]] = {
    "typo fix": typo_fix,
    "punctuation": punctuation,
    "inserted word": inserted_word,
    "not inserted": not_inserted,
    "not removed": not_inserted,  # paired the other way round
    "number changed": number_changed,
    "clause appended": clause_appended,
    "reordered": reordered,
}


def base_texts(rng: random.Random) -> list[str]:
    corpus_rng = random.Random(SEED)
    # One sentence, or a paragraph of two or three, as the corpus's segments are.
    generated = [make_corpus._sentence(corpus_rng) for _ in range(120)]
    paragraphs = [make_corpus._paragraph(corpus_rng, (2, 3)).replace("\n", " ") for _ in range(40)]
    return [*REAL_SENTENCES, *SHORT_SEGMENTS, *generated, *paragraphs]


_SLOTS = re.compile(
    "|".join(
        re.escape(phrase)
        for phrase in sorted(
            {
                *make_corpus.ORGANISATIONS, *make_corpus.WORKERS, *make_corpus.PLACES,
                *make_corpus.CONDEMN, *make_corpus.SUPPORT, *make_corpus.GRIEVANCES,
                *make_corpus.STRUGGLES, *make_corpus.CONSEQUENCES, *make_corpus.DEMANDS,
                *make_corpus.VERBS, *make_corpus.VERBS_THIRD_PERSON, *make_corpus.ADVERBS,
                *make_corpus.MONTHS, *make_corpus.HASHTAGS,
                "organise", "mobilise", "campaign", "struggle",
            },
            key=len,
            reverse=True,
        )
    )
    + r"|\d[\d,]*|\*+|[`\[\]]|\(https?://[^)]*\)"
)  # fmt: skip


def frames(text: str) -> frozenset[str]:
    """The corpus templates a text's sentences came from (their slots blanked; a slot with
    its emphasis markers is one slot)."""
    return frozenset(
        re.sub("§+", "§", _SLOTS.sub("§", sentence)) for sentence in re.split(r"(?<=\.) ", text)
    )


def labelled_pairs() -> Iterator[Pair]:
    rng = random.Random(SEED)
    texts = base_texts(rng)
    for category, edit in EDITS.items():
        for text in texts:
            edited = edit(text, rng)
            if edited is None or edited == text:
                continue
            if category in REVERSED:
                yield Pair(category, edited, text)  # the old text had the typo / the "not"
            else:
                yield Pair(category, text, edited)
    for old, new in REWRITTEN:
        yield Pair("rewritten", old, new)
    # A heading or list item against a longer text that contains its words: offering the
    # two-word translation for the paragraph would be wrong. Both directions: a merge
    # compares each new segment with every old one, of any length.
    long_texts = [text for text in texts if len(text) > 80]
    for short in SHORT_SEGMENTS:
        long_text = rng.choice(long_texts)
        words = long_text.split(" ")
        at = rng.randrange(1, len(words))
        containing = " ".join([*words[:at], short.rstrip(".;").lower(), *words[at:]])
        pair = (short, containing) if rng.random() < 0.5 else (containing, short)
        yield Pair("short in long", *pair)
    # Another text of similar length (within 20%), from the same vocabulary: the same frame
    # with other facts when a sentence differs from one of the other's only in the
    # corpus's slots, unrelated otherwise.
    for index, text in enumerate(texts):
        others = [
            other
            for other in texts[index + 1 :] + texts[:index]
            if other != text and abs(len(other) - len(text)) <= 0.2 * len(text)
        ]
        if others:
            other = rng.choice(others)
            same_frame = bool(frames(other) & frames(text))
            yield Pair("same frame" if same_frame else "unrelated", text, other)


# ---------------------------------------------------------------- report


def report(pairs: list[Pair], chosen: str) -> None:
    categories = list(dict.fromkeys(pair.category for pair in pairs))
    print(f"{len(pairs)} labelled pairs; score ranges min / median / max")
    names = list(SCORERS)
    print(f"{'category':16} {'n':>4}  " + "  ".join(f"{name:>17}" for name in names))
    for category in categories:
        group = [pair for pair in pairs if pair.category == category]
        cells = []
        for name in names:
            scores = [SCORERS[name](pair.old, pair.new) for pair in group]
            cells.append(f"{min(scores):5.0f}/{statistics.median(scores):5.0f}/{max(scores):5.0f}")
        print(f"{category:16} {len(group):4}  " + "  ".join(f"{cell:>17}" for cell in cells))

    for name in names:
        scorer = SCORERS[name]
        scored = [(pair, scorer(pair.old, pair.new)) for pair in pairs]
        print(f"\n{name}: offer the old translation when score >= threshold")
        print(
            f"{'threshold':>9} {'precision':>9} {'recall':>7} "
            f"{'small edits missed':>18} {'short ones':>10} {'optional offered':>16} "
            f"{'must-not offered':>20}"
        )
        for threshold in THRESHOLDS:
            offered = [(pair, score >= threshold) for pair, score in scored]
            true_positive = sum(1 for pair, hit in offered if hit and pair.wanted is True)
            false_positive = sum(1 for pair, hit in offered if hit and pair.wanted is False)
            must = [(pair, hit) for pair, hit in offered if pair.wanted is True]
            missed = [pair for pair, hit in must if not hit]
            optional = [hit for pair, hit in offered if pair.wanted is None]
            precision = true_positive / max(1, true_positive + false_positive)
            recall = true_positive / max(1, len(must))
            marker = (
                "  ← catalog.FUZZY_THRESHOLD"
                if (name == chosen and threshold == FUZZY_THRESHOLD)
                else ""
            )
            print(
                f"{threshold:9} {precision:9.1%} {recall:7.1%} {len(missed):18} "
                f"{sum(1 for pair in missed if pair.short):10} "
                f"{sum(optional):7}/{len(optional):<8} "
                f"{false_positive:16}/{sum(1 for pair in pairs if pair.wanted is False):<4}"
                f"{marker}"
            )

    scorer = SCORERS[chosen]
    print(f"\nwith {chosen} at {FUZZY_THRESHOLD:g}:")
    for pair in pairs:
        score = scorer(pair.old, pair.new)
        wrong = (pair.wanted is True and score < FUZZY_THRESHOLD) or (
            pair.wanted is False and score >= FUZZY_THRESHOLD
        )
        if wrong:
            verdict = "missed" if pair.wanted else "offered"
            print(f"  {verdict} {pair.category} ({score:.0f}): {pair.old!r} → {pair.new!r}")


# ---------------------------------------------------------------- added paragraphs


def added_segments(statements: int, per_statement: int) -> None:
    """Paragraphs, sentences, list items and headings added to generated statements.

    Each is drawn from the corpus's own generator (so it shares the statement's
    vocabulary and stock frames: a worst case) and scored against every segment of the
    statement it is added to, which is what merge compares it with; the source is enough,
    as every segment but the untranslated ones has a translation to offer. The best match
    is "same frame" when a sentence of it differs from the added one only in the corpus's
    slots (other facts in a stock sentence), "unrelated" otherwise.
    """
    from rapidfuzz import process

    from polyglot_statement.source.segment import segment_document

    rng = random.Random(SEED)
    fields = ("title", "subtitle", "summary", "organisation")
    same_frame: list[float] = []
    unrelated: list[tuple[float, str, str]] = []
    repeats = 0
    for index in range(statements):
        _, text = make_corpus.make_statement(index)
        segments = segment_document(text, front_matter_fields=fields).segments
        pool = list(dict.fromkeys(segment.msgid for segment in segments))
        for _ in range(per_statement):
            kind = rng.randrange(4)
            if kind == 0:
                added = make_corpus._sentence(rng)
            elif kind == 1:
                added = make_corpus._paragraph(rng).replace("\n", " ")
            elif kind == 2:
                added = make_corpus._item(rng)
            else:
                added = rng.choice(make_corpus.HEADINGS)
            if added in pool:
                repeats += 1  # the same text: it shares the existing entry
                continue
            best, score, _ = process.extractOne(added, pool, scorer=fuzz.ratio)
            if frames(best) & frames(added):
                same_frame.append(score)
            else:
                unrelated.append((score, best, added))
    print(
        f"\nadded segments: {len(same_frame) + len(unrelated)} added to {statements} generated "
        f"statements (and {repeats} exact repeats), best fuzz.ratio against the statement's "
        "other segments"
    )
    print(f"{'threshold':>9} {'same frame offered':>19} {'unrelated offered':>18}")
    for threshold in ADDED_THRESHOLDS:
        marker = "  ← catalog.NEW_SEGMENT_THRESHOLD" if threshold == NEW_SEGMENT_THRESHOLD else ""
        same = sum(score >= threshold for score in same_frame)
        other = sum(score >= threshold for score, _, _ in unrelated)
        print(f"{threshold:9} {same:8}/{len(same_frame):<10} {other:8}/{len(unrelated):<9}{marker}")
    top = max(unrelated, default=None)
    if top is not None:
        print(f"  highest unrelated ({top[0]:.1f}): {top[1]!r} → {top[2]!r}")


# ---------------------------------------------------------------- real candidate pools


def corpus_pools(corpus: Path, every: int) -> None:
    """The merge's own decision on the benchmark corpus, edited as bench_extract.py edits it.

    A merge compares each new segment with every old translated segment that left the
    template, and offers the best one: the maximum over a pool scores higher than a pair.
    The true origin of each new segment is known (the segment it was edited from), so an
    offer is right when it is that origin and wrong otherwise.
    """
    from bench_extract import edited_text
    from rapidfuzz import process

    from polyglot_statement.config import load_settings
    from polyglot_statement.po import read_po
    from polyglot_statement.source.segment import segment_document

    settings = load_settings(corpus)
    right: list[float] = []
    other_frame: list[float] = []
    same_frame: list[float] = []
    sources = sorted(settings.source_path.glob("*.md"))[::every]
    for source in sources:
        old_text = source.read_text(encoding="utf-8")
        new_text, _, _ = edited_text(old_text, source.name)
        fields = settings.front_matter_fields
        old_ids = [s.msgid for s in segment_document(old_text, front_matter_fields=fields).segments]
        new_ids = [s.msgid for s in segment_document(new_text, front_matter_fields=fields).segments]
        origin = {new: old for old, new in zip(old_ids, new_ids, strict=True) if old != new}
        for language in settings.languages:
            catalog = read_po(settings.catalog_path(language, source.stem))
            leftovers = [
                entry.msgid
                for entry in catalog.entries
                if entry.msgid not in set(new_ids) and entry.translated
            ]
            for msgid in dict.fromkeys(new_ids):
                if msgid in old_ids or not leftovers:
                    continue
                best, score, _ = process.extractOne(msgid, leftovers, scorer=fuzz.ratio)
                if best == origin.get(msgid):
                    right.append(score)
                # The frame of the text before the edit: the edit itself is no slot.
                elif frames(best) & frames(origin.get(msgid, msgid)):
                    same_frame.append(score)
                else:
                    other_frame.append(score)
    print(
        f"\nreal pools: {len(sources)} corpus statements × {len(settings.languages)} languages, "
        "10% of segments edited; best old translation by fuzz.ratio for each new segment"
    )
    print(
        f"  its true origin: {len(right)}; another text, same frame: {len(same_frame)}; "
        f"another text, unrelated: {len(other_frame)}"
    )
    print(f"{'threshold':>9} {'origin offered':>15} {'same frame':>11} {'unrelated':>10}")
    for threshold in THRESHOLDS:
        marker = "  ← catalog.FUZZY_THRESHOLD" if threshold == FUZZY_THRESHOLD else ""
        print(
            f"{threshold:9} {sum(score >= threshold for score in right):15} "
            f"{sum(score >= threshold for score in same_frame):11} "
            f"{sum(score >= threshold for score in other_frame):10}{marker}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scorer", choices=list(SCORERS), default="ratio")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(__file__).resolve().parent / "corpus",
        help="Also measure real candidate pools on this corpus (made by make_corpus.py).",
    )
    parser.add_argument(
        "--every", type=int, default=5, help="Use every Nth statement of the corpus."
    )
    parser.add_argument(
        "--added-statements",
        type=int,
        default=500,
        help="Generated statements to add paragraphs to (6 each).",
    )
    arguments = parser.parse_args()
    report(list(labelled_pairs()), arguments.scorer)
    added_segments(arguments.added_statements, 6)
    if (arguments.corpus / "polyglot.toml").is_file():
        corpus_pools(arguments.corpus, arguments.every)


if __name__ == "__main__":
    main()
