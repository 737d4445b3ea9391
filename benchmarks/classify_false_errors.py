"""A verdict for every finding of check_false_errors.py: true (the human translation
really differs from its source) or false (the check is wrong), each with its class.

Run check_false_errors.py first: it writes benchmarks/work/check_false_errors/
findings.json. This script gives each finding a verdict, by a rule that can be stated and
checked by reading (below, `_RULES`), or, where no rule covers it, by the verdict of a
person who read it (benchmarks/results/check_false_errors_read.tsv: check, where, class,
note; a class starting "T-" is true, "F-" false). A finding that neither covers is
"unread" and counted apart. It writes the full list as benchmarks/results/
check_false_errors.tsv and prints the counts per check and class.

A finding is one entry; it is true when any of its messages is true.

Usage: python benchmarks/classify_false_errors.py [--findings PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
FINDINGS = HERE / "work" / "check_false_errors" / "findings.json"
READ = HERE / "results" / "check_false_errors_read.tsv"
OUT = HERE / "results" / "check_false_errors.tsv"

_CLOSERS = "\"'”’»)]*_）」』】》〉〕］｝＂＇›"
_CODE = re.compile(r"`[^`]*`")
_ABBREVIATED_END = re.compile(r"\b(?:e\.g|i\.e|etc|vs|cf|approx)\.[\s\"'”’»)\]*_]*$", re.IGNORECASE)
_NOTE = re.compile(r"訳注|译注|译者|역주")
_FRENCH_TIGHT = re.compile(r"(?<=[\w»\)\]*_’”])([;:!?])(?![\w/])")
_SPANISH_PROSE = re.compile(r"(?<=[^\W\d_])[!?](?=[\s\"'”’»)\]*_.,;:]|$)")
_CJK_QUESTION = re.compile(r"[\u3040-\u30ff\u3400-\u9fff][\s*_]*\?")

Finding = tuple[str, str, str, str, str, str, list[str]]
Rule = tuple[str, str, Callable[[Finding, str], bool]]


def _last_char(text: str) -> str:
    stripped = re.sub(r"(?:\s*\[\^[^\[\]\s]+\])+\s*$", "", text).rstrip().rstrip(_CLOSERS).rstrip()
    return stripped[-1] if stripped else ""


def _dropped_end(finding: Finding, message: str) -> bool:
    """The translation ends in a letter, digit or combining mark where the source ends with
    a mark that is not an abbreviation's, and no translator's note follows."""
    _, _, _, _, source, translation, _ = finding
    if not message.startswith("ends without punctuation"):
        return False
    last = _last_char(translation)
    return (
        bool(last)
        and unicodedata.category(last)[0] in "LNM"
        and not _ABBREVIATED_END.search(source)
        and not _NOTE.search(translation)
    )


def _ends_in_code(finding: Finding, message: str) -> bool:
    """The translation ends with a code span (in brackets or not) where the source ends
    with a mark after it."""
    _, _, _, _, _, translation, _ = finding
    return (
        message.startswith("ends without punctuation")
        and _last_char(translation) == "`"
        and not _NOTE.search(translation)
    )


def _comma_end(finding: Finding, message: str) -> bool:
    """The translation ends with a comma where the source ends with a full stop, a colon
    or a semicolon: the translator ran the sentence on."""
    translation = finding[5]
    return message.startswith("ends without punctuation") and _last_char(translation) in ",、，"


def _french_prose(finding: Finding, message: str) -> bool:
    """French spacing, and the first tight mark the check sees follows a French word and
    is not in a phrase copied from the source."""
    _, _, _, _, source, translation, _ = finding
    if "French puts" not in message:
        return False
    text = _CODE.sub(" ", translation)
    match = _FRENCH_TIGHT.search(text)
    if match is None:
        return False
    before = re.search(r"(\S+)$", text[: match.start()])
    after = re.match(r"\s*(\S*)", text[match.end() :])
    phrase = f"{before.group(1) if before else ''}{match.group(1)}"
    following = after.group(1) if after else ""
    copied = f"{phrase} {following}".strip() in source or (
        following == "" and source.rstrip().endswith(phrase)
    )
    keywords = ";" in text and re.fullmatch(r"(?:[^;\s][^;]*;)+", text.strip()) is not None
    return not copied and not keywords and text[match.end() : match.end() + 1] != ":"


def _spanish_prose(finding: Finding, message: str) -> bool:
    """A missing ¡ or ¿, and the translation has a ! or ? right after a word, outside code
    and not in a phrase copied from the source."""
    _, _, _, _, source, translation, _ = finding
    if "without the opening" not in message:
        return False
    text = _CODE.sub(" ", translation)
    for match in _SPANISH_PROSE.finditer(text):
        word = re.search(r"(\S+)$", text[: match.end()])
        if word is not None and word.group(1) not in source:
            return True
    return False


def _half_width_question(finding: Finding, message: str) -> bool:
    """Chinese or Japanese text followed by a half-width "?" where the language has "？"."""
    return message.startswith("a question ends") and bool(_CJK_QUESTION.search(finding[5]))


def _note_numbers(finding: Finding, message: str) -> bool:
    """A number the translation adds inside a translator's note."""
    translation = finding[5]
    note = _NOTE.search(translation)
    return (
        message.endswith("is not in the source")
        and note is not None
        and message.split()[1] in translation[note.start() :]
    )


def _copy(finding: Finding, message: str) -> bool:
    """The translation is the source, unchanged: code, a mark or an English title."""
    return finding[5].strip() == finding[4].strip()


def _abbreviation_end(finding: Finding, message: str) -> bool:
    """The source's last "." ends an abbreviation (etc., e.g.) that the translation says
    with a word of its own (など, 等, 例如)."""
    return message.startswith("ends without punctuation") and bool(
        _ABBREVIATED_END.search(finding[4])
    )


def _footnote(finding: Finding, message: str) -> bool:
    """A footnote reference [#]_ stands after the end mark in one text, before it in the
    other."""
    return "[#]_" in finding[4] and "[#]_" in finding[5] and message.startswith("ends with")


def _note_after_end(finding: Finding, message: str) -> bool:
    """The translation ends with a translator's note in brackets, after the sentence's own
    end mark: "…出来ません。(--- 訳注: … ---)"."""
    translation = finding[5].rstrip()
    note = _NOTE.search(translation)
    if not message.startswith("ends without punctuation") or note is None:
        return False
    if not translation.endswith((")", "）")):
        return False
    opening = translation.rfind("(", 0, note.start())
    before = translation[:opening].rstrip().rstrip(_CLOSERS).rstrip()
    return opening > 0 and before[-1:] in ".。!?！？"


def _quoted_title(finding: Finding, message: str) -> bool:
    """The mark belongs to a quoted title that ends the translation ("… ?\"", „…?”)."""
    text = finding[5].rstrip()
    return message.startswith("ends with") and re.search(r"[?？.]\s*[\"”“»]$", text) is not None


_RULES: list[Rule] = [
    ("F-copy", "the translation is the source unchanged (code, a mark, a title)", _copy),
    (
        "F-abbreviation",
        "the source's last '.' ends an abbreviation (etc., e.g.)",
        _abbreviation_end,
    ),
    ("F-footnote", "a footnote reference [#]_ after the end mark hides it", _footnote),
    (
        "F-note-after-end",
        "the sentence's mark is there, before a translator's note",
        _note_after_end,
    ),
    ("F-quoted-title", "the mark ends a quoted title, not the translation", _quoted_title),
    (
        "T-dropped-end",
        "ends in a letter, digit or mark: the source's end mark is left out",
        _dropped_end,
    ),
    (
        "T-code-end",
        "ends with a code span: the source's end mark after it is left out",
        _ends_in_code,
    ),
    ("T-comma-end", "ends with a comma: the source's end mark became a comma", _comma_end),
    ("T-french-space", "French prose without the space before ; : ! ?", _french_prose),
    ("T-spanish-opening", "a Spanish exclamation or question without ¡ or ¿", _spanish_prose),
    ("T-half-width", "a Chinese question ends with the half-width ?", _half_width_question),
    ("T-note", "translator's note (訳注, 译者) adds the numbers", _note_numbers),
]


def classify(
    findings: list[Finding], read: dict[tuple[str, str], tuple[str, str]]
) -> list[list[str]]:
    rows = []
    for finding in findings:
        _, check, where, language, source, translation, messages = finding
        verdict = read.get((check, where))
        if verdict is None:
            # True when a rule shows any one message true.
            verdict = next(
                (
                    (name, note)
                    for name, note, rule in _RULES
                    for message in messages
                    if rule(finding, message)
                ),
                ("unread", ""),
            )
        rows.append(
            [
                check,
                where,
                language,
                "true"
                if verdict[0].startswith("T-")
                else "false"
                if verdict[0].startswith("F-")
                else "unread",
                verdict[0],
                verdict[1],
                "; ".join(messages),
                _excerpt(source),
                _excerpt(translation),
            ]
        )
    return rows


# What each class of the readers' verdicts means (their notes say it per finding).
CLASSES = {
    "T-add": "the translation adds a number: an example, an explanation, text of an older source",
    "T-change": "a number of the source changed (a typo, an older source, a wrong value)",
    "T-drop": "a number of the source left out, mostly with the words around it",
    "T-note": "a translator's note or credit adds numbers (versions, PEPs, changesets)",
    "F-idiom": "the number said by an idiom or paraphrase (half an hour, 10,000-foot overview)",
    "F-implied": "a digit for what the source implies (hexdigits 16進数, Year with century 4桁)",
    "F-notation": "the same value written another way (00.00, 16/08/1988, 1/2)",
    "F-plural": "a gettext plural form writes its own count (statements have none)",
    "F-repeat": "a repeated number said once, then with a pronoun (the second 3-tuple)",
    "F-shown": "an N-tuple said 'tuple' with its N members written out beside it",
    "F-split": "the words moved into the neighbouring entry by the translator",
    "F-word": "a number word no table here knows (sju, cientos, 사흘, 单字符, aucun ou un)",
}


def summary(rows: list[list[str]], listing: str) -> str:
    """Markdown: per check, the findings by verdict and class, and every false one."""
    lines = [
        "# Findings of `numbers` and `punctuation` on human translations, with verdicts",
        "",
        f"Written by benchmarks/classify_false_errors.py. Every finding, true and false, with "
        f"its class and why: [{listing}]({listing}). A finding is true when the translation "
        "really differs from its source (a number changed, missing or added; the source's end "
        "mark dropped, changed or added); false when the check is wrong.",
    ]
    for check in sorted({row[0] for row in rows}):
        mine = [row for row in rows if row[0] == check]
        verdicts = Counter(row[3] for row in mine)
        lines += [
            "",
            f"## {check}: {len(mine)} findings, "
            + ", ".join(f"{count} {verdict}" for verdict, count in sorted(verdicts.items())),
            "",
            "| verdict | class | findings | why |",
            "|---|---|---|---|",
        ]
        classes = Counter((row[3], row[4]) for row in mine)
        why = {row[4]: row[5] for row in mine}
        for (verdict, name), count in sorted(classes.items()):
            text = CLASSES.get(name, why[name]) if check == "numbers" else why[name]
            lines.append(f"| {verdict} | {name} | {count} | {text} |")
        lines += ["", f"### Every false {check} finding", ""]
        for row in mine:
            if row[3] == "false":
                lines.append(
                    f"- `{row[1]}` [{row[2]}] {row[4]}: {row[5]}. "
                    f"Source: {_quoted(row[7])} Translation: {_quoted(row[8])}"
                )
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return "“" + text.replace("|", "\\|").replace("`", "'") + "”"


def _excerpt(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else f"{flat[: width // 3]} … {flat[-2 * width // 3 :]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=Path, default=FINDINGS)
    parser.add_argument("--read", type=Path, default=READ)
    parser.add_argument("--out", type=Path, default=OUT)
    options = parser.parse_args()
    raw = json.loads(options.findings.read_text(encoding="utf-8"))
    findings: list[Finding] = [
        (project, check, where, language, source, translation, messages)
        for project, check, where, language, source, translation, *messages in raw
    ]
    read: dict[tuple[str, str], tuple[str, str]] = {}
    for line in options.read.read_text(encoding="utf-8").splitlines()[1:]:
        check, where, name, note = line.split("\t")
        read[(check, where)] = (name, note)
    rows = classify(findings, read)
    header = [
        "check",
        "where",
        "language",
        "verdict",
        "class",
        "why",
        "messages",
        "source",
        "translation",
    ]
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(
        "\n".join("\t".join(cell.replace("\t", " ") for cell in row) for row in [header, *rows])
        + "\n",
        encoding="utf-8",
    )
    options.out.with_suffix(".md").write_text(summary(rows, options.out.name), encoding="utf-8")
    counts = Counter((row[0], row[3], row[4]) for row in rows)
    for check in sorted({row[0] for row in rows}):
        verdicts = Counter(row[3] for row in rows if row[0] == check)
        print(f"{check}: {dict(sorted(verdicts.items()))}")
        for (name_check, verdict, name), count in sorted(counts.items()):
            if name_check == check:
                print(f"  {verdict:<6} {name:<22} {count}")
    print(f"every finding with its verdict: {options.out}")


if __name__ == "__main__":
    main()
