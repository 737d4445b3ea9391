"""Precision and recall of glossary matching on real inflected forms and near-misses.

For each language of benchmarks/data/glossary_forms.yml, each term is taken as a
forbidden rendering and matched against each word listed: its inflected forms (which a
check must catch) and near-misses (other words sharing its beginning or Snowball stem,
which it must not). Two ways are measured with the tool's own matcher
(polyglot_statement.glossary.matching.Matcher):

- stems: a word matches when its Snowball stem is the term's (how every rendering was
  matched before issue 21);
- forms: a word matches when it is an inflected form of the term (glossary/forms.py, how
  forbidden renderings are matched now).

Precision = caught forms / everything caught; recall = caught forms / forms. Figures and
the words each way gets wrong go in docs/performance.md.

Usage: python benchmarks/glossary_precision.py [--misses]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

from polyglot_statement.glossary.forms import plural
from polyglot_statement.glossary.matching import Matcher, WordKeys

DATA = Path(__file__).resolve().parent / "data" / "glossary_forms.yml"
PLURALS = Path(__file__).resolve().parent / "data" / "plurals.yml"


def matches(language: str, term: str, word: str, way: str) -> bool:
    keys = WordKeys(language)
    if way == "stems":
        matcher = Matcher(keys, [(term, term, False, False)])
    else:
        matcher = Matcher(keys, [], [(term, term, False)])
    return bool(matcher.find(word))


def measure(
    data: dict[str, list[dict[str, Any]]], way: str
) -> dict[str, tuple[int, int, int, list[str]]]:
    """Per language: (caught forms, forms, near-misses caught, the words got wrong)."""
    result: dict[str, tuple[int, int, int, list[str]]] = {}
    for language, terms in data.items():
        caught = total = false = 0
        wrong: list[str] = []
        for item in terms:
            for form in item["forms"]:
                total += 1
                if matches(language, item["term"], form, way):
                    caught += 1
                else:
                    wrong.append(f"missed {form} ({item['term']})")
            for near in item["near"]:
                if matches(language, item["term"], near, way):
                    false += 1
                    wrong.append(f"caught {near} ({item['term']})")
        result[language] = (caught, total, false, wrong)
    return result


def plurals(data: dict[str, dict[str, str]]) -> dict[str, tuple[int, int, int, list[str]]]:
    """Per language: (right plurals, plurals given, pairs, the wrong ones). A pluraliser
    that gives none leaves the draft to the engine; a wrong one puts a wrong word in it."""
    result: dict[str, tuple[int, int, int, list[str]]] = {}
    for language, pairs in data.items():
        right = given = 0
        wrong: list[str] = []
        for singular, wanted in pairs.items():
            made = plural(singular, language)
            if made is None:
                wrong.append(f"none for {singular}")
                continue
            given += 1
            if made == wanted:
                right += 1
            else:
                wrong.append(f"{singular} → {made}, not {wanted}")
        result[language] = (right, given, len(pairs), wrong)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--misses", action="store_true", help="list the words got wrong")
    arguments = parser.parse_args()
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    print(
        "| language | terms | forms | near-misses | stems: precision | recall "
        "| forms: precision | recall |"
    )
    print("|---|---|---|---|---|---|---|---|")
    results = {way: measure(data, way) for way in ("stems", "forms")}
    for language, terms in data.items():
        near = sum(len(item["near"]) for item in terms)
        cells = [language, str(len(terms)), str(results["stems"][language][1]), str(near)]
        for way in ("stems", "forms"):
            caught, total, false, _ = results[way][language]
            precision = caught / (caught + false) if caught + false else 1.0
            cells += [f"{precision:.1%}", f"{caught / total:.1%}"]
        print("| " + " | ".join(cells) + " |")
    print()
    print("| language | pairs | plurals given | right | wrong |")
    print("|---|---|---|---|---|")
    made = plurals(yaml.safe_load(PLURALS.read_text(encoding="utf-8")))
    for language, (right, given, pairs, _) in made.items():
        print(f"| {language} | {pairs} | {given} | {right} | {given - right} |")
    if arguments.misses:
        for language, (_, _, _, wrong) in made.items():
            if wrong:
                print(f"plurals {language}: " + "; ".join(wrong))
        for way in ("stems", "forms"):
            for language in data:
                wrong = results[way][language][3]
                if wrong:
                    print(f"{way} {language}: " + "; ".join(wrong))


if __name__ == "__main__":
    main()
