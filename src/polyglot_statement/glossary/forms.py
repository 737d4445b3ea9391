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
