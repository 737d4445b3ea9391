"""Checks of spacing and punctuation, which differ by language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from polyglot_statement.checks.base import WARNING, Check, Unit

_DOUBLED_SPACE = re.compile(r"(?<=\S)  +(?=\S)")


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


class Whitespace(Check):
    check_id = "whitespace"
    severity = WARNING
    description = "Leading or trailing whitespace differs from the source, or spaces are doubled."

    def problems(self, unit: Unit) -> Iterator[str]:
        source, translation = _leading(unit.msgid), _leading(unit.msgstr)
        if source != translation:
            yield f"leading whitespace {translation!r} differs from the source's {source!r}"
        source, translation = _trailing(unit.msgid), _trailing(unit.msgstr)
        if source != translation:
            yield f"trailing whitespace {translation!r} differs from the source's {source!r}"
        if (
            "  " in unit.msgstr
            and _DOUBLED_SPACE.search(unit.msgstr)
            and not _DOUBLED_SPACE.search(unit.msgid)
        ):
            yield "doubled space"


# What may follow the last punctuation mark: closing quotes, brackets (full-width ones
# too), emphasis markers.
_CLOSERS = "\"'”’»)]*_）」』】》〉〕］｝＂＇›"
# A text that ends in a code span ends in code, whatever mark the code ends with (`?`).
_ENDS_IN_CODE = re.compile(r"`[^`]*`$")
# The marks that end a sentence, or a text, in each script, by what they mean. Greek's
# question mark is the semicolon (and its semicolon the raised dot), so ";" is a question
# in Greek and a semicolon elsewhere.
_STOP, _QUESTION_END, _EXCLAMATION, _COLON, _SEMICOLON, _ELLIPSIS = (
    "stop",
    "question",
    "exclamation",
    "colon",
    "semicolon",
    "ellipsis",
)
# Beyond the common ones, the full stops, questions and exclamations Unicode lists as
# Sentence_Terminal for scripts GNOME and others are translated into: Ol Chiki (Santali)
# ᱾ ᱿, Mongolian ᠉, Canadian syllabics ᙮, Lisu ꓿, Vai ꘎ ꘏, Bamum ꛳, Balinese ᭚ ᭛,
# Meetei Mayek ꫰ ꫱ ꯫, Lepcha ᰻ ᰼, Limbu ᥄ ᥅, N'Ko ߹.
_MEANING = {
    **dict.fromkeys(".。．｡।॥۔։።။។།᠃܂᱾᱿᠉᙮꓿꘎꛳꛷᭚᭛꫰꯫᰻᰼", _STOP),
    **dict.fromkeys("?？؟፧⸮᥅꘏", _QUESTION_END),
    **dict.fromkeys("!！᥄߹꫱", _EXCLAMATION),
    # Armenian's colon is the mijaket, typed as the one-dot leader ․ (U+2024), and its
    # ellipsis three of them; GNOME's translators write the ratio sign ∶ for a colon.
    **dict.fromkeys(":：፥፦\u2024\u2236", _COLON),
    **dict.fromkeys(";；؛፤\u0387", _SEMICOLON),
    **dict.fromkeys("…⋯", _ELLIPSIS),
}
_GREEK_MEANING = _MEANING | {";": _QUESTION_END, "\u037e": _QUESTION_END, "·": _SEMICOLON}
# The question mark a language writes where it is not "?", and the others it accepts.
_QUESTION = {"ar": "؟", "fa": "؟", "ur": "؟", "ps": "؟", "sd": "؟", "ug": "؟", "ckb": "؟"}
_QUESTION |= {"zh": "？", "ja": "？", "el": ";"}
# Burmese asks with a particle (လား) and ends the question with its full stop ။.
_ALSO_QUESTION = {"ja": "?", "el": "\u037e", "am": "፧", "ti": "፧", "my": "။"}
# Thai and Lao end sentences with a space, not a mark; Armenian puts its question and
# exclamation marks (՞ ՜) on the stressed word and ends the sentence with ։.
_NO_END_MARK = frozenset({"th", "lo"})
_MARKED_ON_THE_WORD = {"hy": {_QUESTION_END: "՞", _EXCLAMATION: "՜"}}
# French typography: a (narrow) no-break space, or a plain space, before ; : ! ?
_FRENCH_TIGHT = re.compile(r"(?<=[\w»\)\]*_’”])([;:!?])(?![\w/])")
# Each try starts where the one before it cannot have read past (a scheme at the start of
# its run, `](` and `[^` not inside a body), so a hostile line costs linear time.
_URLISH = re.compile(
    r"(?<![a-z0-9+.-])[0-9+.-]*+[a-z][a-z0-9+.-]*+://[^\s)\]]++"
    r"|\]\((?:[^)\]]|\](?!\())*+\)|`[^`]*+`|\[\^[^\[\]]*+\]"
)
_IMAGE_BANG = re.compile(r"!(?=\[)")
# Marks that are not a question or an exclamation: an operator (!=), a quoted character
# ('!'), a mark named at the start of a segment ("! (exclamación)").
_NOT_SPANISH_MARKS = re.compile(
    r"!=|(['\"‘“«])[^'\"’”»\s]{0,3}[?!][^'\"’”»\s]{0,3}['\"’”»]|^[?!]\s"
)
_FRENCH_MARKS = re.compile(r"[;:!?]")  # without one, _FRENCH_TIGHT cannot match
# A keyword list of a desktop file, where ";" separates: "Agenda;Évènement;Rappel;".
_KEYWORDS = re.compile(r"[^;\s][^;]*;(?:[^;\s][^;]*;)+")
# A quoted text and a run of letters with a mark inside ("add.py?category=1"), which a
# translation copies from the source: English, or a name, not Spanish.
_QUOTED = re.compile(r"\"[^\"]+\"|“[^“”]+”|'[^'\s][^']*'|\S*\w[?!][\w=&]\S*")
# A mark between spaces is named, not used: Spanish sets ? and ! against the word.
_LONE_MARK = re.compile(r"(?<=\s)[?!](?=\s)")
_LAST_WORD = re.compile(r"\S+$")
_FIRST_WORD = re.compile(r"\s+(\S+)")
# A mark named, not used: alone between emphasis markers or quotes ("un *:*", « : »).
_MENTIONED_MARK = re.compile(r"([*_'\"‘“«`])[\s\u00a0\u202f]?[;:!?][\s\u00a0\u202f]?(?:\1|[’”»])")
# A remark in brackets that is the whole text: "(Contributed by Mark Dickinson.)" is
# "（由 Mark Dickinson 贡献）" in Chinese and Japanese, where a bracketed note takes no 。.
_WHOLE_REMARK = re.compile(r"\s*[(（][^()（）]*[)）]\s*")
_CJK = frozenset({"zh", "ja", "ko"})
# A Japanese question asked with the particle か may end with 。 (…でしょうか。).
_JAPANESE_KA = re.compile(r"か[。．]\s*$")


# Footnote references after the end mark ("…completely.[^1]"), and a dash that sets a
# translator's note apart ("…下さい。) --- (--- 訳注: … ---)").
_TRAILING_FOOTNOTES = re.compile(r"(?:\s*\[\^[^\[\]\s]+\])+\s*$")
_TRAILING_DASH = re.compile(r"\s*(?:-{2,}|—|–)\s*$")
_OPENING, _CLOSING = "(（", ")）"
# How many remarks in brackets may follow the sentence's mark: "…。) (--- note ---)".
_REMARKS = 3


def _remark_start(text: str) -> int:
    """Where the bracketed remark that ends `text` opens (brackets inside it balanced),
    or -1."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in _CLOSING:
            depth += 1
        elif char in _OPENING:
            depth -= 1
            if depth == 0:
                return index
    return -1


def _end_mark(text: str, meanings: dict[str, str] = _MEANING, remarks: int = _REMARKS) -> str:
    """The last punctuation mark, looking through closing quotes, emphasis and footnote
    references; "" if none.

    Closing remarks in brackets may follow the sentence's mark: "…类型。（由 Victor
    Stinner 贡献。）", "…类型。（由 Victor Stinner 贡献）" and "…出来ません。(--- 訳注:
    … (PEP 3129) 。---)" all end the sentence.
    """
    if "[^" in text:
        text = _TRAILING_FOOTNOTES.sub("", text)
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    in_code = stripped.endswith("`") and _ENDS_IN_CODE.search(stripped) is not None
    if stripped and stripped[-1] in meanings and not in_code:
        return stripped[-1]
    text = text.rstrip()
    if remarks and text.endswith(tuple(_CLOSING)):
        start = _remark_start(text)
        if start > 0:
            before = _TRAILING_DASH.sub("", text[:start]).strip()
            if len(before) > 1:  # "? (question mark)" names a mark; it ends nothing
                return _end_mark(before, meanings, remarks - 1)
    return ""


# A source of this many words or more is a sentence, even without an end mark: a
# translation that ends it with one makes a style choice, not a mistake. Shorter ones are
# headings, labels and list items, where an added full stop is out of place.
_SENTENCE_WORDS = 8
# Chinese and Japanese end every sentence with 。, and a verb phrase ("Install debug
# binaries", インストールする) is one: from three words, 。 is the translator's choice.
_CJK_SENTENCE_WORDS = 3
_WORDS = re.compile(r"\w+")
# An English abbreviation that ends the source ("…, etc.", "e.g." before an example):
# its full stop is the abbreviation's, and a translation says it with a word (など, 例如).
_ABBREVIATED_END = re.compile(r"(?<!\w)(?:etc|e\.g|i\.e|cf|vs|eg)\.[\s)\]*_\"'”’]*$", re.IGNORECASE)
# A full stop after a word of one to three letters ends an abbreviation (de., f.h., Dl.):
# a label translated as one is not a label given a full stop.
_ABBREVIATION = re.compile(r"(?<!\w)\w{1,3}\.$")
# A label that ends with a short word ("Col", "Ln", "1 h", "Zoom In Alt") is translated
# with an abbreviation of up to five letters: "Столб.", "Lerr.", "1 godz.", "(alt.)".
_SHORT_LAST_WORD = re.compile(r"(?<!\w)\w{1,3}\W*$")
# Alphabets only (five Hangul syllables or kanji are a word: "반환합니다."), and cut after
# a consonant, as abbreviations are: "Войти." for "Log in" is a word given a full stop.
_ABBREVIATED_LAST_WORD = re.compile(
    r"(?<!\w)[A-Za-z\u00c0-\u024f\u0370-\u04ff]{0,4}"
    r"[^\W\daeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿаеёиоуыэюяієїαεηιουωάέήίόύώ]\.[)\]）]?$",
    re.IGNORECASE,
)


def _abbreviated(source: str, translation: str) -> bool:
    """The translation's final full stop ends an abbreviation, not a sentence."""
    translation = translation.rstrip()
    return _ABBREVIATION.search(translation) is not None or (
        _SHORT_LAST_WORD.search(source.rstrip()) is not None
        and _ABBREVIATED_LAST_WORD.search(translation) is not None
    )


def _without_copied(text: str, source: str) -> str:
    """`text` without the quoted texts and marked names it copies from `source`, and
    without marks named between spaces."""
    text = _LONE_MARK.sub(" ", text)
    return _QUOTED.sub(lambda match: " " if match.group() in source else match.group(), text)


def _copied_phrase(text: str, match: re.Match[str], source: str) -> bool:
    """The word before the mark, the mark and the word after it stand so in the source:
    a title or a message quoted in English ("Twister: A 623-dimensionally…")."""
    before = _LAST_WORD.search(text, 0, match.start())
    after = _FIRST_WORD.match(text, match.end())
    if before is None or after is None:
        return False
    return f"{before.group()}{match.group(1)} {after.group(1)}" in source


def _base(language: str) -> str:
    return language.split("_")[0]


class Punctuation(Check):
    check_id = "punctuation"
    severity = WARNING
    description = (
        "End punctuation does not match the source in the language's way (¿…? and ¡…! in "
        "Spanish, ؟ in Arabic, 。！？ in Chinese and Japanese, । in Hindi, ; for a question "
        "in Greek, none needed in Thai), or French lacks the space before ; : ! ?"
    )

    def problems(self, unit: Unit) -> Iterator[str]:
        if unit.msgstr.strip() == unit.msgid.strip():
            return  # copied unchanged (code, a mark, a name): no punctuation of its own
        language = _base(unit.language)
        source_meanings = _GREEK_MEANING if _base(unit.source_language) == "el" else _MEANING
        meanings = _GREEK_MEANING if language == "el" else _MEANING
        source_end = _end_mark(unit.msgid, source_meanings)
        end = _end_mark(unit.msgstr, meanings)
        source_meaning = source_meanings.get(source_end, "")
        meaning = meanings.get(end, "")
        question = _QUESTION.get(language, "?")
        on_the_word = _MARKED_ON_THE_WORD.get(language, {})
        sentence_words = _CJK_SENTENCE_WORDS if language in ("zh", "ja") else _SENTENCE_WORDS
        if source_meaning in on_the_word and on_the_word[source_meaning] in unit.msgstr:
            pass  # Armenian: the question is marked on its word
        elif source_end and not end:
            if language in _CJK and _WHOLE_REMARK.fullmatch(unit.msgstr):
                pass  # a note in brackets, written without its full stop
            elif source_end == "." and _ABBREVIATED_END.search(unit.msgid):
                pass  # "etc." ended the source: the translation's word for it needs no stop
            elif language not in _NO_END_MARK:
                yield f"ends without punctuation where the source ends with “{source_end}”"
        elif (
            end
            and not source_end
            and meaning not in (_COLON, _SEMICOLON)
            and (meaning != _STOP or len(_WORDS.findall(unit.msgid)) < sentence_words)
            and not (end == "." and _abbreviated(unit.msgid, unit.msgstr))
        ):
            yield f"ends with “{end}” where the source has no end punctuation"
        elif (
            (source_meaning == _QUESTION_END or meaning == _QUESTION_END)
            and end not in (question, _ALSO_QUESTION.get(language))
            and not (language == "ja" and _JAPANESE_KA.search(unit.msgstr))
        ):
            yield f"a question ends with “{question}” in this language, not “{end}”"
        if language in ("es", "gl", "ast") and ("?" in unit.msgstr or "!" in unit.msgstr):
            text = _without_copied(unit.msgstr, unit.msgid)
            text = _NOT_SPANISH_MARKS.sub(" ", _IMAGE_BANG.sub("", _URLISH.sub(" ", text)))
            for opening, closing in (("¿", "?"), ("¡", "!")):
                if text.count(closing) > text.count(opening):
                    yield f"“{closing}” without the opening “{opening}”"
        if (
            language == "fr"
            and _FRENCH_MARKS.search(unit.msgstr)
            and not _KEYWORDS.fullmatch(unit.msgstr.strip())
        ):
            text = _MENTIONED_MARK.sub(" ", _URLISH.sub(" ", unit.msgstr))
            for match in _FRENCH_TIGHT.finditer(text):
                following = text[match.end() : match.end() + 2]
                if match.group(1) == ":" and following[:1].isdigit():
                    continue  # a time, 10:30
                if following[:1] == ":" and following[1:].isalpha():
                    continue  # a scope in code, ttk::button
                if _copied_phrase(text, match, unit.msgid):
                    continue  # English quoted from the source: "Part One: Mechanisms"
                yield f"no space before “{match.group(1)}” (French puts a no-break space there)"
                break
