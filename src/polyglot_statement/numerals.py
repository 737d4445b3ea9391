"""Numbers and dates as values, per locale: what the `numbers` check compares.

Digits of every script are read by Unicode (`٣٤`, `۳۴`, `३४`, `３４` are 34). Beyond
digits, this module knows what CLDR (through babel) and a few small tables know:

- Chinese and Japanese numerals (`三十四`, `二〇二二`, `五千`), and the large units written
  after digits in Chinese, Japanese and Korean (`1万`, `3億`, `1만`) or as words in other
  languages (`3 million`, `2 lakh`): each gives another reading of the number before it;
- month names of each locale (babel's CLDR data, format and stand-alone forms) and the
  CJK month written with digits (`12月`, `12월`), so "7 December" and "12月7日" are one date;
- number words of the usual source languages ("one", "three", "hexadecimal"), which a
  translation may rightly write as digits ("1時間", "3つ", "16진수").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from polyglot_statement.languages import UnknownLanguage, locale

# ---------------------------------------------------------------- CJK numerals

_CJK_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CJK_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_LARGE_UNITS = {"万": 10**4, "萬": 10**4, "億": 10**8, "亿": 10**8, "兆": 10**12}
CJK_NUMERAL = re.compile("[〇零一二两兩三四五六七八九十百千万萬億亿兆]+")


def cjk_value(numeral: str) -> int | None:
    """The value of a Chinese or Japanese numeral (`三十四` 34, `二〇二二` 2022), else None."""
    if not numeral or any(
        char not in _CJK_DIGITS and char not in _CJK_SMALL_UNITS and char not in _CJK_LARGE_UNITS
        for char in numeral
    ):
        return None
    if all(char in _CJK_DIGITS for char in numeral):
        if len(numeral) == 1:
            return _CJK_DIGITS[numeral]
        # Digit by digit, as years are written (二〇二二); "一一" in a word is not a number.
        if any(char in "〇零" for char in numeral):
            return int("".join(str(_CJK_DIGITS[char]) for char in numeral))
        return None
    total = section = digit = 0
    for char in numeral:
        if char in _CJK_DIGITS:
            digit = _CJK_DIGITS[char]
        elif char in _CJK_SMALL_UNITS:
            section += (digit or 1) * _CJK_SMALL_UNITS[char]
            digit = 0
        else:
            total += (section + digit or 1) * _CJK_LARGE_UNITS[char]
            section = digit = 0
    return total + section + digit


# ---------------------------------------------------------------- scale words

# A word after a number that multiplies it: "3 million" may be written 300万 or 3 millones.
# Lower case; matched at the start of the word that follows, so plurals and inflected
# forms ("millones", "миллиона", "milliards") need no entry of their own.
_SCALES: tuple[tuple[str, int], ...] = (
    ("万", 10**4),
    ("萬", 10**4),
    ("만", 10**4),
    ("億", 10**8),
    ("亿", 10**8),
    ("억", 10**8),
    ("兆", 10**12),
    ("조", 10**12),
    ("千", 10**3),
    ("천", 10**3),
    ("thousand", 10**3),
    ("million", 10**6),
    ("billion", 10**9),
    ("trillion", 10**12),
    ("lakh", 10**5),
    ("crore", 10**7),
    ("mil millones", 10**9),
    ("mil", 10**3),
    ("millón", 10**6),
    ("millones", 10**6),
    ("milhão", 10**6),
    ("milhões", 10**6),
    ("bilhão", 10**9),
    ("bilhões", 10**9),
    ("mille", 10**3),
    ("milliard", 10**9),
    ("tausend", 10**3),
    ("milliarde", 10**9),
    ("тыс", 10**3),
    ("млн", 10**6),
    ("миллион", 10**6),
    ("млрд", 10**9),
    ("миллиард", 10**9),
    ("ألف", 10**3),
    ("آلاف", 10**3),
    ("مليون", 10**6),
    ("ملايين", 10**6),
    ("مليار", 10**9),
    ("هزار", 10**3),
    ("میلیون", 10**6),
    ("میلیارد", 10**9),
    ("हज़ार", 10**3),
    ("हजार", 10**3),
    ("लाख", 10**5),
    ("करोड़", 10**7),
    ("करोड", 10**7),
)
SCALE_WORD = re.compile(
    r"[ \u00a0\u202f]?("
    + "|".join(re.escape(word) for word, _ in sorted(_SCALES, key=lambda item: -len(item[0])))
    + ")",
    re.IGNORECASE,
)
_SCALE_VALUES = {word: value for word, value in _SCALES}
SCALE_STARTS = frozenset(word[0] for word, _ in _SCALES)  # what may follow a scaled number


def scale_of(word: str) -> int:
    return _SCALE_VALUES[word.lower()]


def scaled(value: str, factor: int) -> str:
    """`value` (a reading: digits with an optional "." decimal part) times `factor`."""
    try:
        product = Decimal(value) * factor
    except InvalidOperation:
        return value
    text = format(product.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@cache
def decimal_mark(language: str) -> str:
    """The decimal mark a locale writes with Latin digits ("." in English, "," in Spanish),
    from CLDR; "" when unknown."""
    try:
        symbols = locale(language).number_symbols
    except UnknownLanguage:
        return ""
    latin = symbols.get("latn", symbols)
    mark = latin.get("decimal", "") if hasattr(latin, "get") else ""
    return mark if mark in ".," else ""


# ---------------------------------------------------------------- grammatical number and days


@cache
def said_by_the_noun(language: str) -> frozenset[int]:
    """Counts a noun's grammatical number says without a numeral, from CLDR's plural rules:
    1 where a locale's category for 1 holds no other count below 10 (a singular: Arabic
    ساعة, Swedish "minut", Russian "минута" for "1 hour"/"1 minute"), 2 likewise where the
    locale has a dual (Arabic, Hebrew שבוע/שבועיים). Chinese and Japanese, French (one
    is 0 and 1) and languages CLDR does not know give none."""
    try:
        plural = locale(language).plural_form
    except UnknownLanguage:
        return frozenset()
    said: set[int] = set()
    for count in (1, 2):
        category = plural(count)
        if category == "other":
            continue  # no grammatical number of its own (Chinese, Japanese)
        if all(plural(other) != category for other in range(10) if other != count):
            said.add(count)
    return frozenset(said)


@cache
def day_name_numbers(language: str) -> re.Pattern[str] | None:
    """A pattern of the locale's day names that are written with digits (Vietnamese T2…T7,
    Thứ 2 for Monday…Saturday), from CLDR; None when it has none. Their digits name a day,
    not a count."""
    try:
        days = locale(language).days
    except UnknownLanguage:
        return None
    names = {
        str(name)
        for context in ("format", "stand-alone")
        for width in ("wide", "abbreviated", "short", "narrow")
        for name in days.get(context, {}).get(width, {}).values()
        # A name that is only digits (Azerbaijani narrow days 1…7) is a number after all.
        if any(char.isdigit() for char in str(name)) and any(char.isalpha() for char in str(name))
    }
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


# ---------------------------------------------------------------- months

# A word: letters with their combining marks (Devanagari's vowel signs are not \w).
_WORD = re.compile(r"(?:[^\W\d_][\u0300-\u036f\u0900-\u0903\u093a-\u094f\u0951-\u0957]*)+")


@cache
def month_names(language: str) -> Mapping[str, int]:
    """Lower-cased month names of a locale (wide and abbreviated, format and stand-alone)
    to the month's number, from CLDR. Names that are digits and a suffix (`12月`) are left
    out: the digits are read as a number and CJK_MONTH reads them as a month."""
    try:
        months = locale(language).months
    except UnknownLanguage:
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in months.get(context, {}).get(width, {}).items():
                cleaned = str(name).strip(".").lower()
                if len(cleaned) >= 3 and not any(char.isdigit() for char in cleaned):
                    names.setdefault(cleaned, int(number))
    return names


def month_name(number: int, language: str) -> str:
    """The month's name in a language ("December"), for messages; its number if unknown."""
    try:
        return str(locale(language).months["format"]["wide"][number])
    except (UnknownLanguage, KeyError):
        return str(number)


# A month name stands next to a number (so that "May" the verb or "march" the walk is not
# a month): at most a few marks and one short word ("de", "of", "г.") between.
_DIGIT = re.compile(r"\d")
_NUMBER_AFTER = re.compile(r"[\W_]{0,3}(?:\w{1,3}[\W_]{1,3})?\d")
_NUMBER_BEFORE = re.compile(r"\d(?:[\W_]{1,3}(?:\w{1,3}[\W_]{1,3})?)$")


# A month written with digits in Chinese, Japanese and Korean: 12月, 12월, 十二月.
CJK_MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})[ \u00a0]?[月월]")


_DIGITS = re.compile(r"\d+")
# How far from a number a month name next to it can start or end ("de diciembre de").
_MONTH_REACH = 16


@lru_cache(maxsize=16384)  # a source text is checked once per language
def months(text: str, language: str, beside_numbers: bool = True) -> tuple[int, ...]:
    """The months a text names, by name in its language or as a CJK month, in order.
    With `beside_numbers`, only names next to a number count ("7 May", not "you may"):
    only the words around numbers are looked at, which is most of the time few."""
    found: dict[int, int] = {}
    names = month_names(language)
    if names and not beside_numbers:
        for match in _WORD.finditer(text):
            month = names.get(match.group().lower())
            if month is not None:
                found[match.start()] = month
    elif names and not names.keys().isdisjoint(_WORD.findall(text.lower())):
        for number in _DIGITS.finditer(text):
            offset = max(0, number.start() - _MONTH_REACH)
            window = text[offset : number.end() + _MONTH_REACH]
            for match in _WORD.finditer(window):
                start, end = offset + match.start(), offset + match.end()
                if (
                    start in found
                    or (start == offset and offset and text[offset - 1].isalpha())
                    or (end < len(text) and match.end() == len(window) and text[end].isalpha())
                ):
                    continue  # seen, or cut off from a longer word
                month = names.get(match.group().lower())
                if month is not None and (
                    _NUMBER_AFTER.match(text, end)
                    or _NUMBER_BEFORE.search(text[max(0, start - 9) : start])
                ):
                    found[start] = month
    if "月" in text or "월" in text:
        for match in CJK_MONTH.finditer(text):
            digits = match.group(1)
            value = int(digits) if digits.isdigit() else cjk_value(digits)
            if value is not None and 1 <= value <= 12:
                found[match.start()] = value
    return tuple(month for _, month in sorted(found.items()))


# ---------------------------------------------------------------- number words


# Words a source text writes where a translation may write digits: 1時間 for "one hour",
# 3つのステップ for "three steps", 16진수 for "hexadecimal". Only the languages statements
# are usually written in; a word missing here costs a false finding, never a missed one.
def _counting(words: str, start: int = 0) -> dict[str, int]:
    """{word: value} for words that count up from `start`, separated by spaces."""
    return {word: value for value, word in enumerate(words.split(" "), start)}


_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": _counting(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen"
    )
    | {word: 10 * value for word, value in _counting("twenty thirty forty fifty", 2).items()}
    | {word: 10 * value for word, value in _counting("sixty seventy eighty ninety", 6).items()}
    | _counting("first second third fourth fifth sixth seventh eighth ninth tenth", 1)
    | {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12}
    | {
        "once": 1,
        "single": 1,
        "twice": 2,
        "double": 2,
        "doubling": 2,
        "both": 2,
        "pair": 2,
        "half": 2,
    }
    # An article or "per" is often 1 in a translation ("a week" 1 週間, "per second" 1秒あたり).
    | {"a": 1, "an": 1, "per": 1, "each": 1, "every": 1, "pairs": 2, "couple": 2}
    | {"tenths": 10, "hundredths": 100, "thousandths": 1000, "halves": 2, "thirds": 3}
    | {"square": 2, "squared": 2, "quadratic": 2, "cube": 3, "cubed": 3, "cubic": 3}
    | {"triple": 3, "quarter": 4, "percent": 100, "nonzero": 0, "zeros": 0, "zeroes": 0}
    | {"ones": 1, "twos": 2, "tens": 10, "hundreds": 100, "thousands": 1000}
    # Bases, which Chinese, Japanese and Korean write with digits: 2進, 16진수.
    | {"binary": 2, "octal": 8, "decimal": 10, "hexadecimal": 16, "hex": 16}
    | {"hexdigit": 16, "hexdigits": 16, "hexversion": 16}
    # Words a translation says with a digit: 2乗と3乗, 1オペランド命令, 4분위 수, 4 倍, 0으로.
    | {"squares": 2, "cubes": 3, "unary": 1, "quartile": 4, "quartiles": 4, "zeroed": 0}
    | {"twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10},
    "es": _counting("cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce")
    | {"un": 1, "una": 1, "primer": 1, "primero": 1, "primera": 1, "cien": 100, "mil": 1000}
    | {"segundo": 2, "segunda": 2, "tercer": 3, "tercero": 3, "tercera": 3}
    | {"doble": 2, "tripleta": 3, "cuádruple": 4, "cientos": 100}
    | {"binario": 2, "binaria": 2, "octal": 8, "decimal": 10, "hexadecimal": 16},
    "fr": _counting("zéro un deux trois quatre cinq six sept huit neuf dix onze douze")
    | {"une": 1, "premier": 1, "première": 1, "cent": 100, "centaine": 100, "mille": 1000}
    | {"second": 2, "deuxième": 2, "troisième": 3}
    | {"couple": 2, "couples": 2, "paire": 2, "paires": 2, "triplet": 3, "triplets": 3}
    | {"quadruplet": 4, "quadruplets": 4, "quintuplet": 5, "quintuplets": 5}
    | {"aucun": 0, "aucune": 0, "double": 2, "binaire": 2, "binaires": 2, "octal": 8}
    | {"décimal": 10, "décimale": 10, "décimaux": 10, "hexadécimal": 16, "hexadécimale": 16},
    "pl": _counting("zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć")
    | {"jedna": 1, "jedno": 1, "dwie": 2, "dwóch": 2, "trzech": 3, "czterech": 4, "pięciu": 5}
    | {"dwójkowy": 2, "dwójkowym": 2, "ósemkowy": 8, "dziesiętny": 10, "dziesiętnym": 10}
    | {"szesnastkowy": 16, "szesnastkowym": 16, "szesnastkowej": 16, "szesnastkowego": 16},
    "pt": _counting("zero um dois três quatro cinco seis sete oito nove dez onze doze")
    | {"uma": 1, "duas": 2, "primeiro": 1, "primeira": 1, "cem": 100, "mil": 1000}
    | {"segundo": 2, "segunda": 2, "terceiro": 3, "terceira": 3},
    "de": _counting("null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf")
    | {"ein": 1, "eine": 1, "einen": 1, "erste": 1, "hundert": 100, "tausend": 1000},
    # Languages a statement is often translated into, whose translations may write a
    # number of the source as a word ("خمس دقائق" for "5 minutes").
    "ar": _counting("واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة", 1)
    | _counting("واحدة اثنتان ثلاث أربع خمس ست سبع ثمان تسع عشر", 1)
    | {"اثنين": 2, "اثنتين": 2, "يومان": 2, "يومين": 2, "ساعتان": 2, "ساعتين": 2}
    | {"دقيقتان": 2, "دقيقتين": 2, "أسبوعان": 2, "أسبوعين": 2, "شهران": 2, "شهرين": 2}
    | {word: 10 * value for word, value in _counting("عشرون ثلاثون أربعون خمسون ستون", 2).items()}
    | {word: 10 * value for word, value in _counting("عشرين ثلاثين أربعين خمسين ستين", 2).items()},
    "it": _counting("zero uno due tre quattro cinque sei sette otto nove dieci")
    | {"un": 1, "una": 1, "primo": 1, "prima": 1, "cento": 100, "mille": 1000},
    "ca": _counting("zero u dos tres quatre cinc sis set vuit nou deu")
    | {"un": 1, "una": 1, "dues": 2, "primer": 1, "primera": 1, "cent": 100, "mil": 1000},
    "he": _counting("אחת שתיים שלוש ארבע חמש שש שבע שמונה תשע עשר", 1)
    | _counting("אחד שניים שלושה ארבעה חמישה שישה שבעה שמונה תשעה עשרה", 1)
    # Hebrew and Arabic say two of a thing with one word, the dual: two days, two hours.
    | {"שתי": 2, "שני": 2, "יומיים": 2, "שעתיים": 2, "שבועיים": 2, "חודשיים": 2},
    "hi": _counting("शून्य एक दो तीन चार पाँच छह सात आठ नौ दस") | {"पांच": 5, "छः": 6},
    "ru": _counting("ноль один два три четыре пять шесть семь восемь девять десять")
    | {"одна": 1, "одно": 1, "одну": 1, "две": 2, "первый": 1, "первая": 1}
    # Russian declines its numbers: "в течение семи дней", "двух минут".
    | {"одного": 1, "одной": 1, "двух": 2, "трёх": 3, "трех": 3, "четырёх": 4, "четырех": 4}
    | _counting("пяти шести семи восьми девяти десяти", 5),
    "uk": _counting("нуль один два три чотири пʼять шість сім вісім девʼять десять")
    | {"одна": 1, "одне": 1, "одну": 1, "дві": 2, "двох": 2, "трьох": 3, "п'ять": 5}
    | {"дев'ять": 9, "пʼяти": 5, "п'яти": 5, "семи": 7, "десяти": 10},
    "ko": _counting("하나 둘 셋 넷 다섯 여섯 일곱 여덟 아홉 열", 1)
    | _counting("한 두 세 네", 1)
    | {"하루": 1, "이틀": 2},
}


_TENS = frozenset(range(20, 100, 10))


def _joined(word: str, table: Mapping[str, int]) -> int | None:
    """The value of a tens word and a unit word written as one ("fortyfive"), else None."""
    for split in range(4, len(word) - 2):
        tens, unit = table.get(word[:split]), table.get(word[split:])
        if tens in _TENS and unit is not None and 0 < unit < 10:
            return tens + unit
    return None


# "more than one" is "2 or more" in Japanese and Korean (2つ以上, 2개 이상).
_COMPARISONS = frozenset({"than", "que", "als"})


# Number words inside the words of languages that write a word and its particles as one
# (ゼロ始まり, 이진법으로): the base words of Korean (이진 binary, 십진 decimal) and the
# Japanese zero.
_INNER_WORDS = {
    "ja": (re.compile("ゼロ"), {"ゼロ": 0}),
    "ko": (
        re.compile(r"(?<![^\W\d_])(?:십육|십|팔|이)진"),
        {"십육진": 16, "십진": 10, "팔진": 8, "이진": 2},
    ),
}
# A part of a work numbered in Roman numerals: "Part II" is その 2, 2부.
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_ROMAN_PART = re.compile(
    r"\b(?:Part|Chapter|Volume|Book|Appendix)\s+(II|III|IV|V|VI|VII|VIII|IX|X)\b"
)


def number_words(text: str, language: str) -> list[int]:
    """Values of the number words in `text` (none for a language without a table).
    Compounds count as their parts and their sum ("twenty-one" gives 20, 1 and 21)."""
    base = language.split("_")[0]
    inner = _INNER_WORDS.get(base)
    values: list[int] = []
    if inner is not None:
        pattern, inner_values = inner
        values.extend(inner_values[match.group()] for match in pattern.finditer(text))
    if base == "en":
        values.extend(_ROMAN[match.group(1).lower()] for match in _ROMAN_PART.finditer(text))
    table = _NUMBER_WORDS.get(base)
    if not table:
        return values
    previous: int | None = None
    previous_word = ""
    for word in _WORD.findall(text.lower()):
        value = table.get(word)
        if value is None and len(word) > 6:
            value = _joined(word, table)  # "fortyfive", as GNOME Clocks writes it
        comparison = previous_word in _COMPARISONS
        previous_word = word
        if value is None:
            previous = None
            continue
        values.append(value)
        if comparison:
            values.extend((value + 1, value - 1))  # "more than one" is 2 つ以上
        if previous is not None and previous >= 20 and previous % 10 == 0 and value < 10:
            values.append(previous + value)  # twenty-one
        elif previous is not None and 0 < previous < 100 and value in (100, 1000, 10**6, 10**9):
            values.append(previous * value)  # three hundred, two million
        previous = value
    return values
