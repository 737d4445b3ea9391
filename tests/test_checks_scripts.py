"""`numbers` and `punctuation` in every script: a correct translation passes, a real change
is caught. (source, translation, language, found?) — the source is English unless a case
says otherwise."""

from __future__ import annotations

import pytest

from polyglot_statement import numerals
from polyglot_statement.checks import Unit
from polyglot_statement.checks.content import Numbers
from polyglot_statement.checks.typography import Punctuation

NUMBERS: list[tuple[str, str, str, bool]] = [
    # dates: a month named in the source, digits in the translation
    ("The congress opens on 7 October.", "大会于10月7日开幕。", "zh_Hans", False),
    ("The congress opens on 7 October.", "大会于11月7日开幕。", "zh_Hans", True),
    ("The congress opens on 7 October.", "大会于10月8日开幕。", "zh_Hans", True),
    ("The strike began on 3 June.", "ストライキは6月3日に始まった。", "ja", False),
    ("The strike began on 3 June.", "ストライキは7月3日に始まった。", "ja", True),
    ("The law was passed in March 2024.", "该法律于2024年3月通过。", "zh_Hans", False),
    ("The law was passed in March 2024.", "该法律于2023年3月通过。", "zh_Hans", True),
    ("The law was passed in March 2024.", "법은 2024년 3월에 통과되었다.", "ko", False),
    ("On 7 December 2022.", "2022年12月7日。", "zh_Hans", False),
    ("On 7 December 2022.", "二〇二二年十二月七日。", "zh_Hans", False),
    ("On 7 December 2022.", "El 7 de diciembre de 2022.", "es", False),
    ("On 7 December 2022.", "El 7 de noviembre de 2022.", "es", True),
    ("On December 7, 2022.", "El 7 de diciembre de 2022.", "es", False),
    ("On 7 December 2022.", "في ٧ ديسمبر ٢٠٢٢.", "ar", False),
    ("On 7 December 2022.", "في ٧ نوفمبر ٢٠٢٢.", "ar", True),
    ("On 7 December 2022.", "7 декабря 2022 г.", "ru", False),
    ("On 7 December 2022.", "7 ноября 2022 г.", "ru", True),
    ("On 7 December 2022.", "७ दिसंबर २०२२ को।", "hi", False),
    ("On 7 January 2022.", "७ जनवरी २०२२ को।", "hi", False),
    ("On 7 January 2022.", "७ फ़रवरी २०२२ को।", "hi", True),
    ("November", "11月", "ja", False),
    # number words of the source, digits in the translation
    ("The meeting lasted one hour.", "会議は1時間続いた。", "ja", False),
    ("The meeting lasted one hour.", "会議は2時間続いた。", "ja", True),
    ("Its three demands were met.", "その3つの要求は満たされた。", "ja", False),
    ("Its three demands were met.", "その4つの要求は満たされた。", "ja", True),
    ("Write it in hexadecimal.", "16진수로 쓰십시오.", "ko", False),
    ("A week is 7 days.", "1 週間は 7 日です。", "ja", False),
    ("Use it more than once.", "2回以上使います。", "ja", False),
    ("Fortyfive minutes", "45 分鐘", "zh_Hant", False),
    ("It defaults to -1 here.", "Il vaut `-1` par défaut ici.", "fr", False),
    ("It defaults to -1 here.", "Il vaut `-2` par défaut ici.", "fr", True),
    ("Fortyfive minutes", "46 分鐘", "zh_Hant", True),
    ("The 1st is busy importing the 2nd.", "El primero importa el segundo.", "es", False),
    ("A week is 7 days.", "1 週間は 8 日です。", "ja", True),
    ("It got 101 votes.", "1 票を得た。", "ja", True),
    # the same number in other digits and numerals
    ("34 workers were arrested.", "٣٤ عاملا اعتقلوا.", "ar", False),
    ("34 workers were arrested.", "٤٣ عاملا اعتقلوا.", "ar", True),
    ("34 workers were arrested.", "۳۴ کارگر بازداشت شدند.", "fa", False),
    ("34 workers were arrested.", "۴۳ کارگر بازداشت شدند.", "fa", True),
    ("34 workers were arrested.", "३४ मज़दूर गिरफ़्तार किए गए।", "hi", False),
    ("34 workers were arrested.", "४३ मज़दूर गिरफ़्तार किए गए।", "hi", True),
    ("34 workers were arrested.", "３４人の労働者が逮捕された。", "ja", False),
    ("34 workers were arrested.", "三十四名工人被捕。", "zh_Hans", False),
    ("34 workers were arrested.", "34人の労働者が逮捕された。", "ja", False),
    ("34 workers were arrested.", "43人の労働者が逮捕された。", "ja", True),
    ("5 minutes", "خمس دقائق", "ar", False),
    ("5 minutes", "ست دقائق", "ar", True),
    ("2 days", "يومان", "ar", False),
    ("10 minutes", "עשר דקות", "he", False),
    ("2 days", "יומיים", "he", False),
    ("5 minutes", "4 דקות", "he", True),
    ("Wait 1 second.", "Attendez une seconde.", "fr", False),
    # large numbers: 万 and 億, scale words, Indian grouping
    ("10,000 people marched.", "1万人がデモ行進した。", "ja", False),
    ("10,000 people marched.", "10万人がデモ行進した。", "ja", True),
    ("10,000 people marched.", "1만 명이 행진했다.", "ko", False),
    ("20,000 people marched.", "兩萬人遊行。", "zh_Hant", False),
    ("20,000 people marched.", "2萬人遊行。", "zh_Hant", False),
    ("20,000 people marched.", "3萬人遊行。", "zh_Hant", True),
    ("3 million members.", "300万会员。", "zh_Hans", False),
    ("3 million members.", "30万会员。", "zh_Hans", True),
    ("3 million members.", "3 millones de afiliados.", "es", False),
    ("300 million yen.", "3億円。", "ja", False),
    ("100,000 workers.", "1,00,000 मज़दूर।", "hi", False),
    ("100,000 workers.", "10,00,000 मज़दूर।", "hi", True),
    ("1,000.5 tonnes", "1.000,5 toneladas", "es", False),
    ("1,000.5 tonnes", "1 000,5 tonnes", "fr", False),
    ("1,000.5 tonnes", "1 005 tonnes", "fr", True),
]


# Real entries of catalogues translated by people (benchmarks/check_false_errors.py), one
# per class of false finding fixed, each with a real change beside it that stays an error.
HUMAN_NUMBERS: list[tuple[str, str, str, bool]] = [
    # gnome-calendar ar.po, he.po, sv.po (gnome-clocks): a singular or a dual says the count
    ("1 Week", "أسبوع", "ar", False),
    ("1 Week", "شهر", "ar", False),  # a wrong noun is not the numbers check's business
    ("1 Week", "3 أسابيع", "ar", True),
    ("1 minute", "En minut", "sv", False),
    ("2 weeks", "שבועיים", "he", False),
    ("3 Days", "יום", "he", True),  # only 1 and 2 have a grammatical number of their own
    ("1 minute", "1分", "ja", False),
    ("1 Week", "週", "ja", True),  # Japanese has no singular: the count must be there
    # gnome-clocks vi.po: CLDR's short weekdays are T2…T7
    ("M", "T2", "vi", False),
    ("M", "T2 8", "vi", True),
    # gnome-weather az.po (unseen corpus): CLDR's narrow Azerbaijani days are bare digits
    ("Forecasts up to 7 days.", "7 günə qədər proqnozlar.", "az", False),
    ("Forecasts up to 7 days.", "8 günə qədər proqnozlar.", "az", True),
    # python-docs-ja errno.po, functions.po: a number of the source said again
    ("Level 3 reset", "レベル 3 でリセットしました (Level 3 reset)", "ja", False),
    ("Level 3 reset", "レベル 4 でリセットしました (Level 3 reset)", "ja", True),
    (
        "If you want to convert an integer number to an uppercase or lower hexadecimal "
        "string with prefix or not, you can use either of the following ways:",
        "整数を大文字の 16 進文字列や小文字の 16 進文字列に変換するには、次の方法があります:",
        "ja",
        False,
    ),
    ("3 or 4 days", "3 日または 3 日", "ja", True),  # 4 is still missing
    # python-docs-es faq/library.po, python-docs-ko faq/programming.po: ordinals as words
    (
        "The same problem exists for 3rd party extensions.",
        "El mismo problema existe para extensiones de terceros.",
        "es",
        False,
    ),
    (
        "They fail when the 2nd module wants a name.",
        "二つ目のモジュールが名前を確保しようとして",
        "ja",
        False,
    ),
    ("They fail when the 2nd module wants a name.", "3番目のモジュールが名前を", "ja", True),
    ("They fail when 2 modules want a name.", "モジュールが名前を", "ja", True),
    # python-docs-ja asyncio-sync.po, stdtypes.po: a translator counts what the source lists
    (
        "In essence, a Condition object combines the functionality of an `Event` and a `Lock`.",
        "本質的に、 Condition オブジェクトは `Event` と a `Lock` の2つのクラスの"
        "機能を組み合わせたものです。",
        "ja",
        False,
    ),
    ("There are three ways to do it.", "方法は2つあります。", "ja", True),
    ("There are 3 ways to do it.", "方法は2つあります。", "ja", True),
    ("There are ways to do it.", "方法は12つあります。", "ja", True),
    # python-docs-es whatsnew/3.7.po: an ISO date's month named by CLDR's month names
    (
        "OpenSSL 1.0.1 has reached end of lifetime on 2016-12-31.",
        "OpenSSL 1.0.1 llegó al final de su vida útil el 31 de diciembre de 2016.",
        "es",
        False,
    ),
    ("Supported until 2016-12-31.", "Compatible hasta el 31 de noviembre de 2016.", "es", True),
    # python-docs-ja turtle.po: a pair written with a space after its comma
    (
        "Move turtle to the origin -- coordinates (0,0).",
        "タートルを原点 -- 座標 (0, 0) -- に移動します。",
        "ja",
        False,
    ),
    ("Move turtle to the origin -- coordinates (0,0).", "座標 (0, 1) に移動します。", "ja", True),
    # python-docs-ja sqlite3.po: a count of one with a counter is the article Japanese lacks
    (
        "It is set for `SELECT` statements without any matching rows as well.",
        "この属性は `SELECT` 文にマッチする行(row)が1つもなかった場合でもセットされます。",
        "ja",
        False,
    ),
    ("It is set for statements without matching rows.", "行が11つもなかった場合。", "ja", True),
]


@pytest.mark.parametrize(("source", "translation", "language", "found"), HUMAN_NUMBERS)
def test_numbers_on_human_translations(
    source: str, translation: str, language: str, found: bool
) -> None:
    messages = list(Numbers().problems(Unit(source, translation, language, "en")))
    assert bool(messages) == found, messages


@pytest.mark.parametrize(("source", "translation", "language", "found"), NUMBERS)
def test_numbers(source: str, translation: str, language: str, found: bool) -> None:
    messages = list(Numbers().problems(Unit(source, translation, language, "en")))
    assert bool(messages) == found, messages


def test_a_changed_month_is_named_in_both_languages() -> None:
    unit = Unit("On 7 December 2022.", "El 7 de noviembre de 2022.", "es", "en")
    assert list(Numbers().problems(unit)) == ["month December of the source became noviembre"]


def test_a_changed_cjk_month_is_one_finding() -> None:
    unit = Unit("The congress opens on 7 October.", "大会于11月7日开幕。", "zh_Hans", "en")
    assert list(Numbers().problems(unit)) == ["month October of the source became 十一月"]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("三十四", 34), ("二〇二二", 2022), ("五千", 5000), ("一万二千", 12000), ("三億", 3 * 10**8)],
)
def test_cjk_numerals(numeral: str, value: int) -> None:
    assert numerals.cjk_value(numeral) == value


def test_words_that_only_contain_numerals_are_not_numbers() -> None:
    assert numerals.cjk_value("一一") is None  # two characters of a word, not 11


def test_month_names_need_a_number_beside_them() -> None:
    assert numerals.months("You may vote on 1 May.", "en") == (5,)
    assert numerals.months("You may vote.", "en") == ()


PUNCTUATION: list[tuple[str, str, str, bool]] = [
    # Devanagari and Gurmukhi end with the danda
    ("The strike continues.", "हड़ताल जारी है।", "hi", False),
    ("The strike continues.", "हड़ताल जारी है", "hi", True),
    ("The strike continues", "हड़ताल जारी है।", "hi", True),
    ("The strike continues.", "ਹੜਤਾਲ ਜਾਰੀ ਹੈ।", "pa", False),
    # Arabic script: ؟ ، ؛
    ("Who decides?", "من يقرر؟", "ar", False),
    ("Who decides?", "من يقرر.", "ar", True),
    ("Who decides?", "چه کسی تصمیم می‌گیرد؟", "fa", False),
    ("We demand the following;", "نطالب بما يلي؛", "ar", False),
    ("The strike continues.", "ہڑتال جاری ہے۔", "ur", False),
    # Armenian ։ and its question mark on the word; Ethiopic ።
    ("The strike continues.", "Գործադուլը շարունակվում է։", "hy", False),
    ("The strike continues.", "Գործադուլը շարունակվում է", "hy", True),
    ("Who decides?", "Ո՞վ է որոշում։", "hy", False),
    ("The strike continues.", "አድማው ቀጥሏል።", "am", False),
    ("The strike continues.", "አድማው ቀጥሏል", "am", True),
    ("Who decides?", "ማን ይወስናል?", "am", False),
    ("Modify multiple events?", "အစီအစဉ်များအား ပြင်ဆင်မလား။", "my", False),
    # Real entries (benchmarks/check_false_errors.py), one per false class fixed:
    # gnome-clocks sat.po, Santali ends with the Ol Chiki full stop ᱾
    (
        "Allows world clocks to be displayed for your time zone.",
        "ᱚᱠᱛᱚ ᱴᱚᱴᱷᱟ ᱞᱟᱹᱜᱤᱫ ᱡᱮᱜᱮᱫ ᱨᱮᱭᱟᱜ ᱜᱷᱩᱲᱤ ᱠᱚ ᱩᱫᱩᱜ ᱥᱚᱫᱚᱨ ᱨᱮᱭᱟᱜ ᱪᱷᱟᱹᱲ ᱮᱢ ᱢᱮ ᱾",
        "sat",
        False,
    ),
    ("Allows world clocks to be displayed.", "ᱚᱠᱛᱚ ᱴᱚᱴᱷᱟ ᱞᱟᱹᱜᱤᱫ", "sat", True),
    # python-docs-zh-cn whatsnew/3.2.po: a bracketed note takes no 。 in Chinese
    ("(Contributed by Mark Dickinson.)", "（由 Mark Dickinson 贡献）", "zh_Hans", False),
    ("Contributed by Mark Dickinson.", "由 Mark Dickinson 贡献", "zh_Hans", True),
    ("(Contributed by Mark Dickinson.)", "(Contribuido por Mark Dickinson)", "es", True),
    # python-docs-fr xml.dom.po: a colon named, not used, needs no space before it
    (
        "The attribute name. In a namespace-using document it may include a colon.",
        "Dans un document utilisant des *namespaces*, il pourra inclure un *:*.",
        "fr",
        False,
    ),
    ("The attribute name: a string.", "Le nom de l'attribut: une chaîne.", "fr", True),
    # xfce thunar hy_AM.po (unseen corpus): the Armenian colon ․
    ("Description:", "Նկարագիր․", "hy", False),
    ("Description:", "Նկարագիր", "hy", True),
    # Thai and Lao need no full stop
    ("The strike continues.", "การนัดหยุดงานยังคงดำเนินต่อไป", "th", False),
    # Chinese and Japanese full-width marks
    ("The strike continues.", "罢工仍在继续。", "zh_Hans", False),
    ("The strike continues.", "罢工仍在继续", "zh_Hans", True),
    ("We demand the following:", "我们要求如下：", "zh_Hans", False),
    ("Enough!", "够了！", "zh_Hans", False),
    ("Who decides?", "誰が決めるのか？", "ja", False),
    # a question asked with the particle か ends with 。 in formal Japanese (JTF style
    # guide); without か or ？ the question is lost
    ("Who decides?", "誰が決めるのか。", "ja", False),
    ("Who decides?", "誰が決める。", "ja", True),
    (
        "Added a function. (Contributed by Victor Stinner.)",
        "加入了一个函数。（由 Victor Stinner 贡献）",
        "zh_Hans",
        False,
    ),
    ("It ends here.", "到此结束（见上文）", "zh_Hans", True),
    ("? (question mark)", "? (问号)", "zh_Hans", False),
    ("`?`", "`?`", "zh_Hans", False),  # code, not a question
    ("Define '==' and '!=' here.", "Define '==' y '!=' aquí.", "es", False),
    ("It must not be trusted!", "¡No debe ser confiable!", "es", False),
    ("It must not be trusted!", "No debe ser confiable!", "es", True),
    ("Install debug binaries", "デバッグバイナリをインストールする。", "ja", False),
    ("Peru", "秘鲁。", "zh_Hans", True),
    # an abbreviation is not an added full stop
    ("AM", "de.", "hu", False),
    ("Monday", "Dl.", "ca", False),
    # Greek asks with ";"
    ("Who decides?", "Ποιος αποφασίζει;", "el", False),
    ("Who decides?", "Ποιος αποφασίζει\u037e", "el", False),
    ("Who decides?", "Ποιος αποφασίζει?", "el", True),
    # Spanish and French as before
    ("Who decides?", "¿Quién decide?", "es", False),
    ("Who decides?", "Quién decide?", "es", True),
    ("Who decides?", "Qui décide\u00a0?", "fr", False),
    ("Who decides?", "Qui décide\u202f?", "fr", False),
    ("Who decides?", "Qui décide?", "fr", True),
    # an added full stop: out of place on a label, the translator's choice on a sentence
    ("Peru", "Perú.", "es", True),
    (
        "the workers of every sector who joined the strike on Monday",
        "los trabajadores de todos los sectores que se sumaron a la huelga el lunes.",
        "es",
        False,
    ),
]


@pytest.mark.parametrize(("source", "translation", "language", "found"), PUNCTUATION)
def test_punctuation(source: str, translation: str, language: str, found: bool) -> None:
    messages = list(Punctuation().problems(Unit(source, translation, language, "en")))
    assert bool(messages) == found, messages
