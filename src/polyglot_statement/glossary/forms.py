"""Whether a word is an inflected form of a glossary word: its number, gender or case.

A forbidden rendering must be caught in its plural and feminine ("refugiadas" for
"refugiados"), but a Snowball stem is too coarse for that: "se refugian" (they take
shelter), "refugio" (a shelter) and "ilegalmente" share a stem with "refugiados" and
"ilegales", and Russian "беженец"/"беженцы" do not share one at all. So a forbidden word
matches the words that differ from it only by the endings of one paradigm of nouns and
adjectives of its language: "refugiad" + o/a/os/as, "бежен" + ец/ца/цы/цев…, never a
verb's or an adverb's ending. benchmarks/glossary_precision.py measures the precision
and recall of this against the stems on real inflected forms and near-misses
(docs/performance.md).

A language without paradigms here has no entry in PARADIGMS: matching.py falls back to
stems for it, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

# Per language, sets of endings that alternate within one paradigm. "" is the bare form.
# Two words are forms of each other when one base takes two endings of the same set.
_ES = (
    ("o", "a", "os", "as"),  # refugiado, refugiada, refugiados, refugiadas
    ("", "s"),  # persona, personas
    ("", "es"),  # ilegal, ilegales
    ("e", "es"),  # inmigrante, inmigrantes
    ("z", "ces"),  # capataz, capataces
    ("ión", "iones"),  # nación, naciones
    ("ón", "ona", "ones", "onas"),  # peón, peona
    ("or", "ora", "ores", "oras"),  # trabajador, trabajadora
)
_PT = (
    ("o", "a", "os", "as"),
    ("", "s"),
    ("", "es"),  # trabalhador, trabalhadores
    ("e", "es"),
    ("or", "ora", "ores", "oras"),
    ("ão", "ã", "ões", "ães", "ãos", "ãs"),  # cidadão, cidadã, cidadãos
    ("ão", "oa", "ões", "oas"),  # patrão, patroa, patrões
    ("l", "is"),  # ilegal, ilegais
    ("m", "ns"),  # homem, homens
)
_FR = (
    ("", "e", "s", "es"),  # réfugié, réfugiée, réfugiés, réfugiées
    ("", "x"),
    ("al", "ale", "aux", "ales"),  # illégal, illégaux
    ("eau", "elle", "eaux", "elles"),
    ("eux", "euse", "euses"),  # dangereux
    ("if", "ive", "ifs", "ives"),  # clandestin is regular; actif, active
    ("ien", "ienne", "iens", "iennes"),
    ("on", "onne", "ons", "onnes"),
    ("el", "elle", "els", "elles"),
    ("er", "ère", "ers", "ères"),  # étranger, étrangère
    ("eur", "euse", "eurs", "euses"),  # travailleur, travailleuse
    ("teur", "trice", "teurs", "trices"),
)
_IT = (
    ("o", "a", "i", "e"),  # rifugiato, rifugiata, rifugiati, rifugiate
    ("e", "i"),  # immigrante, immigranti
    ("co", "ca", "chi", "che"),
    ("go", "ga", "ghi", "ghe"),
    ("io", "ia", "i", "ie"),
    ("tore", "trice", "tori", "trici"),
)
# German nouns and adjectives: plural and case endings, and -in/-innen for women.
_DE = (("", "e", "en", "n", "er", "ern", "es", "s", "em", "in", "innen", "ens"),)
# Russian nouns and adjectives: the endings of the six cases in both numbers, and the
# suffixes -ец/-ок/-ек whose vowel drops in every other form (беженец, беженцы).
_RU_NOUN = (
    "", "а", "я", "о", "е", "ь", "й", "у", "ю", "ом", "ем", "ём", "ой", "ей", "ою", "ею",
    "ы", "и", "ов", "ев", "ёв", "ам", "ям", "ами", "ями", "ах", "ях", "ию", "ия", "ие",
    "ии", "ий", "ием", "ью", "ья", "ьи", "ье", "ьев", "ьям", "ьями", "ьях",
)  # fmt: skip
_RU_ADJECTIVE = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему",
    "ым", "им", "ую", "юю", "ых", "их", "ыми", "ими", "ою", "ею",
)  # fmt: skip


def _fleeting(consonant: str) -> tuple[str, ...]:
    """беженец → беженца, беженцы…: the vowel of -ец/-ок/-ек drops before an ending."""
    vowel = "е" if consonant == "ц" else "о"
    endings = ("а", "у", "ом", "ем", "е", "ы", "и", "ов", "ев", "ам", "ами", "ах")
    return (f"{vowel}{consonant}", *(consonant + ending for ending in endings))


_RU = (_RU_NOUN, _RU_ADJECTIVE, _fleeting("ц"), _fleeting("к"), ("ек", "ка", "ки", "ков"))

PARADIGMS: dict[str, tuple[tuple[str, ...], ...]] = {
    "es": _ES,
    "pt": _PT,
    "fr": _FR,
    "it": _IT,
    "de": _DE,
    "ru": _RU,
}

# A base shorter than this is too little of the word to say two words are one.
MIN_BASE = 3


@cache
def _endings(language: str) -> tuple[tuple[str, frozenset[int]], ...]:
    """Every ending of the language, longest first, with the paradigms it is in."""
    found: dict[str, set[int]] = {}
    for index, paradigm in enumerate(PARADIGMS[language]):
        for ending in paradigm:
            found.setdefault(ending, set()).add(index)
    return tuple(
        (ending, frozenset(found[ending])) for ending in sorted(found, key=lambda e: -len(e))
    )


def has_paradigms(language: str) -> bool:
    return language.split("_")[0] in PARADIGMS


def splits(word: str, language: str) -> list[tuple[str, frozenset[int]]]:
    """The (base, paradigms) a folded word can be cut into: base + an ending."""
    result: list[tuple[str, frozenset[int]]] = []
    for ending, paradigms in _endings(language.split("_")[0]):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_BASE:
            result.append((word[: len(word) - len(ending)], paradigms))
    return result


def bases(word: str, language: str) -> frozenset[str]:
    """The bases a folded word may have (what an index of forbidden words is keyed by)."""
    return frozenset(base for base, _ in splits(word, language))


def is_form_of(word: str, term: str, language: str) -> bool:
    """Whether folded `word` is an inflected form of folded `term`: the same base with two
    endings of one paradigm ("refugiadas" of "refugiados", not "refugian")."""
    if word == term:
        return True
    theirs = dict[str, frozenset[int]]()
    for base, paradigms in splits(term, language):
        theirs[base] = theirs.get(base, frozenset()) | paradigms
    for base, paradigms in splits(word, language):
        if paradigms & theirs.get(base, frozenset()):
            return True
    return False


# ---------------------------------------------------------------- plurals for drafts

# Words after which a Romance noun phrase's complement begins ("sindicato de
# trabajadores"): the words from there on keep their number.
_COMPLEMENT = {
    "es": frozenset({"de", "del", "a", "al", "en", "para", "por", "con", "sin", "y"}),
    "pt": frozenset(
        {"de", "do", "da", "dos", "das", "a", "em", "no", "na", "para", "por", "com", "e"}
    ),
    "fr": frozenset({"de", "du", "des", "d", "à", "au", "aux", "en", "pour", "par", "avec", "et"}),
    "it": frozenset({"di", "del", "della", "dei", "a", "al", "in", "per", "con", "e"}),
}  # fmt: skip


def _plural_word(word: str, language: str) -> str | None:
    """A Romance noun or adjective in the plural, by the regular rules; None when the word
    is one those rules cannot be trusted with (already plural, or irregular)."""
    lower = word.casefold()
    vowels = "aeiouáéíóú"
    if language == "es":
        if lower.endswith(("s", "x")):
            return None  # "crisis", "análisis": the same, or already plural
        if lower.endswith("z"):
            return word[:-1] + "ces"
        for stressed, plain in (("ión", "iones"), ("ón", "ones"), ("án", "anes"), ("én", "enes")):
            if lower.endswith(stressed):
                return word[: -len(stressed)] + plain
        return word + ("s" if lower[-1] in vowels else "es")
    if language == "pt":
        if lower.endswith("s"):
            return None
        if lower.endswith("ão"):
            return word[:-2] + "ões"  # the commonest plural of -ão; others are listed
        if lower.endswith(("al", "el", "ol", "ul")):
            return word[:-1] + "is"
        if lower.endswith("m"):
            return word[:-1] + "ns"
        if lower.endswith(("r", "z")):
            return word + "es"
        return word + "s"
    if language == "fr":
        if lower.endswith(("s", "x", "z")):
            return word
        if lower.endswith("al"):
            return word[:-2] + "aux"
        if lower.endswith(("eau", "eu")):
            return word + "x"
        return word + "s"
    if language == "it":
        if lower.endswith(("co", "go", "ca", "ga")):
            return None  # amici or antichi, the sound decides
        if lower.endswith("io"):
            return word[:-1]  # monetario → monetari
        if lower[-1] == "o" or lower[-1] == "e":
            return word[:-1] + "i"
        if lower[-1] == "a":
            return word[:-1] + "e"
        return word  # "città", "sport": invariable
    return None


def plural(phrase: str, language: str) -> str | None:
    """The plural of a glossary rendering ("transferencia monetaria" → "transferencias
    monetarias"): each word before a complement in the plural; None for a language
    without rules here (German, Russian…), or a word the rules cannot be trusted with."""
    code = language.split("_")[0]
    if code == "en":
        return english_plural(phrase)
    if code not in _COMPLEMENT:
        return None
    words = phrase.split(" ")
    result: list[str] = []
    for index, word in enumerate(words):
        if word.casefold() in _COMPLEMENT[code]:
            result.extend(words[index:])
            break
        made = _plural_word(word, code)
        if made is None:
            return None
        result.append(made)
    return " ".join(result)


def english_plural(phrase: str) -> str | None:
    """An English term in the plural: its head noun (the last word, or the word before
    "of") by the regular rules; None when it already ends in a single -s."""
    words = phrase.split(" ")
    head = words.index("of") - 1 if "of" in words[1:] else len(words) - 1
    word = words[head]
    lower = word.casefold()
    if not lower.isalpha() or (lower.endswith("s") and not lower.endswith("ss")):
        return None  # already plural, or a word such as "news"
    if lower.endswith(("ss", "x", "z", "ch", "sh")):
        made = word + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        made = word[:-1] + "ies"
    else:
        made = word + "s"
    return " ".join([*words[:head], made, *words[head + 1 :]])


# How a plural ends, per language, to tell a listed plural from a listed feminine.
_PLURAL_ENDINGS = {
    "es": ("s",), "pt": ("s",), "fr": ("s", "x"), "it": ("i", "e"),
    "de": ("e", "en", "n", "er", "s"), "ru": ("ы", "и", "а", "я"),
}  # fmt: skip


def listed_plural(rendering: str, variants: Sequence[str], language: str) -> str | None:
    """The variant of a glossary rendering that is its plural: the same number of words,
    each a form of the rendering's word (forms.py), its head word ending as the
    language's plurals do and differing from the rendering's. None when none is."""
    code = language.split("_")[0]
    if code not in PARADIGMS:
        return None
    words = rendering.casefold().split(" ")
    for variant in variants:
        theirs = variant.casefold().split(" ")
        if len(theirs) != len(words) or theirs == words:
            continue
        if theirs[0] == words[0] or not theirs[0].endswith(_PLURAL_ENDINGS[code]):
            continue
        if all(is_form_of(mine, wanted, code) for mine, wanted in zip(theirs, words, strict=True)):
            return variant
    return None
