"""Each check, one table of passing and failing cases: (source, translation, language)."""

from __future__ import annotations

from pathlib import Path

import pytest

from polyglot_statement.checks import ALL_CHECKS, ERROR, WARNING, Check, Unit
from polyglot_statement.dialects import COMMONMARK, dialect_named
from polyglot_statement.glossary import parse_glossary
from polyglot_statement.source.segment import segment_document

GLOSSARY = parse_glossary(
    """\
terms:
  - term: working class
    translations: {es: [clase trabajadora], fr: [classe ouvrière], ar: [الطبقة العاملة]}
    forbidden: {es: [clase obrera]}
  - term: trade union
    translations: {es: [sindicato, sindical]}
    forbidden: {es: [gremio]}
  - term: WFTU
    do-not-translate: true
    case-sensitive: true
    translations: {es: [FSM]}
  - term: Pedro Castillo
    do-not-translate: true
    translations: {ar: [بيدرو كاستيو]}
""",
    Path("glossary.yml"),
)

BY_ID = {check.check_id: check for check in ALL_CHECKS}
# The statement's link definitions, which reference links in the cases resolve against.
DEFINITIONS = segment_document("[faq]: https://example.org/faq\n[spec]: /spec\n").definitions

# (check id, source, translation, language, found?)
CASES: list[tuple[str, str, str, str, bool]] = [
    # glossary: required renderings, tolerant of inflection on both sides
    ("glossary", "The working class of Peru.", "La clase trabajadora del Perú.", "es", False),
    ("glossary", "The working classes unite.", "Las clases trabajadoras se unen.", "es", False),
    ("glossary", "The working class of Peru.", "El proletariado del Perú.", "es", True),
    ("glossary", "Trade unions of WFTU.", "Los sindicatos de la FSM.", "es", False),
    ("glossary", "Trade unions of WFTU.", "Los sindicatos de la WFTU.", "es", True),
    ("glossary", "The working class.", "La classe ouvrière.", "fr", False),
    ("glossary", "The working class.", "La classe laborieuse.", "fr", True),
    ("glossary", "Workers and the working class.", "العمال والطبقة العاملة.", "ar", False),
    ("glossary", "The working class.", "Llamk'aq runakuna.", "qu", False),  # no rendering
    # forbidden renderings
    ("forbidden-term", "The working class.", "La clase obrera.", "es", True),
    ("forbidden-term", "The working class.", "Las clases obreras.", "es", True),
    ("forbidden-term", "The working class.", "La clase trabajadora.", "es", False),
    ("forbidden-term", "A trade union.", "Un gremio.", "es", True),
    ("forbidden-term", "A guild.", "Un gremio.", "es", False),  # term not in the source
    # do-not-translate: kept exactly, unless the language has an exception
    ("do-not-translate", "President Pedro Castillo.", "El presidente Pedro Castillo.", "es", False),
    ("do-not-translate", "President Pedro Castillo.", "El presidente Pedro Castilla.", "es", True),
    ("do-not-translate", "President Pedro Castillo.", "Le président Pierre Castillo.", "fr", True),
    ("do-not-translate", "President Pedro Castillo.", "الرئيس بيدرو كاستيو.", "ar", False),
    ("do-not-translate", "The WFTU says.", "La FSM dice.", "es", False),  # exception: glossary
    ("do-not-translate", "The WFTU says.", "La WFTU dit.", "fr", False),
    ("do-not-translate", "The WFTU says.", "La Wftu dit.", "fr", True),
    # Markdown structure: counts, not just sets
    ("markdown", "A **bold** claim.", "Una afirmación **audaz**.", "es", False),
    ("markdown", "A **bold** claim.", "Una afirmación audaz.", "es", True),
    ("markdown", "A *new* and *old* way.", "Una forma *nueva* y vieja.", "es", True),
    ("markdown", "Run `polyglot check` now.", "Ejecute `polyglot check` ahora.", "es", False),
    ("markdown", "Run `polyglot check` now.", "Ejecute `polyglot revisar` ahora.", "es", True),
    (
        "markdown",
        "See [the letter](https://a.org/x).",
        "Vea [la carta](https://a.org/x).",
        "es",
        False,
    ),
    (
        "markdown",
        "See [the letter](https://a.org/x).",
        "Vea [la carta](https://a.org/y).",
        "es",
        True,
    ),
    ("markdown", "See [the letter](https://a.org/x).", "Vea la carta.", "es", True),
    ("markdown", "![Logo](logo.png) here", "![Logotipo](logo.png) aquí", "es", False),
    ("markdown", "![Logo](logo.png) here", "![Logotipo](logo.jpg) aquí", "es", True),
    ("markdown", "First line  \nsecond line", "Primera línea  \nsegunda línea", "es", False),
    ("markdown", "First line  \nsecond line", "Primera línea segunda línea", "es", True),
    ("markdown", "Fact.[^1]", "Hecho.[^1]", "es", False),
    ("markdown", "Fact.[^1]", "Hecho.", "es", True),
    # raw HTML or script the source lacks
    ("html", "A <b>bold</b> move.", "Un <b>audaz</b> paso.", "es", False),
    ("html", "A bold move.", "Un paso <b>audaz</b>.", "es", True),
    ("html", "A bold move.", "Un paso<script>alert(1)</script>.", "es", True),
    ("html", "See [this](https://a.org).", "Vea [esto](javascript:alert(1)).", "es", True),
    ("html", "Use 3 < 4 and 5 > 2.", "Use 3 < 4 y 5 > 2.", "es", False),
    # URLs and e-mail addresses
    ("urls", "Write to info@wftu.org.", "Escriba a info@wftu.org.", "es", False),
    ("urls", "Write to info@wftu.org.", "Escriba a info@fsm.org.", "es", True),
    (
        "urls",
        "See https://www.wftucentral.org/news.",
        "Vea https://www.wftucentral.org/news.",
        "es",
        False,
    ),
    (
        "urls",
        "See https://www.wftucentral.org/news.",
        "Vea https://wftucentral.org/news.",
        "es",
        True,
    ),
    (
        "urls",
        "See https://en.wikipedia.org/wiki/Peru_(country).",
        "Vea https://en.wikipedia.org/wiki/Peru_(country).",
        "es",
        False,
    ),
    ("urls", "The letter.", "La carta (https://evil.example).", "es", True),
    # numbers, with each locale's separators and digits
    ("numbers", "It got 101 of 104 votes.", "Obtuvo 101 de 104 votos.", "es", False),
    ("numbers", "It got 101 of 104 votes.", "Obtuvo 110 de 104 votos.", "es", True),
    ("numbers", "It got 101 of 104 votes.", "Obtuvo los votos.", "es", True),
    ("numbers", "On 7 December 2022.", "El 7 de diciembre de 2022.", "es", False),
    ("numbers", "On 7 December 2022.", "في ٧ ديسمبر ٢٠٢٢.", "ar", False),
    ("numbers", "On 7 December 2022.", "في ٧ ديسمبر ٢٠٢١.", "ar", True),
    ("numbers", "About 1,500 people.", "Unas 1.500 personas.", "es", False),
    ("numbers", "About 1,500 people.", "Environ 1 500 personnes.", "fr", False),
    ("numbers", "About 1,500 people.", "Environ 1\u202f500 personnes.", "fr", False),
    ("numbers", "About 1,500 people.", "Environ 15 000 personnes.", "fr", True),
    ("numbers", "A rate of 2.5 percent.", "Una tasa del 2,5 por ciento.", "es", False),
    ("numbers", "A rate of 2.5 percent.", "Una tasa del 25 por ciento.", "es", True),
    ("numbers", "A rate of 2.5 percent.", "بمعدل ٢٫٥ بالمئة.", "ar", False),
    ("numbers", "See https://a.org/2022 now.", "Vea https://a.org/2022 ya.", "es", False),
    # a long segment left identical to the source
    (
        "identical",
        "We demand the release of President Castillo.",
        "We demand the release of President Castillo.",
        "es",
        True,
    ),
    (
        "identical",
        "We demand the release of President Castillo.",
        "Exigimos la libertad del presidente Castillo.",
        "es",
        False,
    ),
    ("identical", "Pedro Castillo", "Pedro Castillo", "es", False),
    ("identical", "WFTU Andean Sub-Region", "WFTU Andean Sub-Region", "es", False),
    # reference links resolve against the statement's definitions
    ("markdown", "See the [FAQ].", "Vea las [preguntas].", "es", False),
    ("markdown", "See the [FAQ][].", "Vea las [preguntas][FAQ].", "es", False),
    ("markdown", "See the [FAQ].", "Vea las preguntas.", "es", True),
    ("markdown", "See the [FAQ][faq].", "Vea las [preguntas][pf].", "es", True),
    ("markdown", "See the [FAQ] and [spec].", "Vea [PF].", "es", True),
    ("reference-order", "See [FAQ] and [spec].", "Vea [PF] y [especificación].", "es", True),
    ("reference-order", "See [FAQ] and [spec].", "Vea [PF][faq] y [esp][spec].", "es", False),
    ("reference-order", "See [FAQ] and [FAQ].", "Vea [PF] y [pf].", "es", False),
    # whitespace
    ("whitespace", "Peru.", "Perú.", "es", False),
    ("whitespace", "Peru.", " Perú.", "es", True),
    ("whitespace", "Peru.", "Perú. ", "es", True),
    ("whitespace", "The letter states.", "La carta  señala.", "es", True),
    ("whitespace", "First line  \nsecond", "Primera línea  \nsegunda", "es", False),
    # punctuation by language
    ("punctuation", "Who decides?", "¿Quién decide?", "es", False),
    ("punctuation", "Who decides?", "Quién decide?", "es", True),
    ("punctuation", "Enough!", "¡Basta!", "es", False),
    ("punctuation", "Enough!", "Basta!", "es", True),
    ("punctuation", "Who decides?", "من يقرر؟", "ar", False),
    ("punctuation", "Who decides?", "من يقرر?", "ar", True),
    ("punctuation", "Who decides?", "¿Quién decide.", "es", True),
    ("punctuation", "Who decides?", "谁决定？", "zh_Hans", False),
    ("punctuation", "Who decides?", "谁决定?", "zh_Hans", True),
    ("punctuation", "Who decides?", "Qui décide ?", "fr", False),
    ("punctuation", "Who decides?", "Qui décide\u202f?", "fr", False),
    ("punctuation", "Who decides?", "Qui décide?", "fr", True),
    ("punctuation", "It states the following:", "Elle indique ce qui suit :", "fr", False),
    ("punctuation", "It states the following:", "Elle indique ce qui suit:", "fr", True),
    ("punctuation", "At 10:30 see https://a.org.", "À 10:30 voir https://a.org.", "fr", False),
    ("punctuation", "We demand his release.", "Exigimos su liberación", "es", True),
    ("punctuation", "Peru", "Perú.", "es", True),
    ("punctuation", "We demand *his release.*", "Exigimos *su liberación.*", "es", False),
    # length far off the catalogue's usual ratio
    (
        "length",
        "We express our repudiation of this anti-democratic manoeuvre.",
        "Expresamos nuestro repudio a esta maniobra antidemocrática.",
        "es",
        False,
    ),
    (
        "length",
        "We express our repudiation of this anti-democratic manoeuvre.",
        "Repudio.",
        "es",
        True,
    ),
    (
        "length",
        "We express our repudiation of this anti-democratic manoeuvre.",
        "Expresamos nuestro repudio a esta maniobra antidemocrática. " * 3,
        "es",
        True,
    ),
    # generator items (read with the mkdocs dialect, see test_check): moved, never changed
    ("generator", "See {{ site.url }} :smile:", "Voir :smile: {{ site.url }}", "fr", False),
    ("generator", "See {{ site.url }}.", "Voir {{ site.adresse }}.", "fr", True),
    ("generator", "## Setup {#setup}", "## Installation", "fr", True),
    # a translated alt of inline HTML is published; another attribute changed is not
    (
        "html",
        'A <img src="a.png" alt="logo">.',
        'Un <img src="a.png" alt="logotipo">.',
        "es",
        False,
    ),
    ("html", 'A <img src="a.png" alt="logo">.', 'Un <img src="b.png" alt="logotipo">.', "es", True),
    # a shortcut reference's label is no second number; a backtick ends no URL
    (
        "numbers",
        "[What MkDocs 2.0 means]",
        "[Was MkDocs 2.0 bedeutet][What MkDocs 2.0 means]",
        "de",
        False,
    ),
    (
        "urls",
        "Set `baseURL = https://example.org/`.",
        "`baseURL = https://example.org/`を設定",
        "ja",
        False,
    ),
]


@pytest.mark.parametrize(
    ("check_id", "source", "translation", "language", "found"),
    CASES,
    ids=[f"{case[0]}-{index}" for index, case in enumerate(CASES)],
)
def test_check(check_id: str, source: str, translation: str, language: str, found: bool) -> None:
    unit = Unit(
        msgid=source,
        msgstr=translation,
        language=language,
        source_language="en",
        glossary=GLOSSARY.for_language(language),
        usual_length_ratio=1.1,
        definitions=DEFINITIONS,
        dialect=dialect_named("mkdocs") if check_id == "generator" else COMMONMARK,
    )
    messages = list(BY_ID[check_id].problems(unit))
    assert bool(messages) == found, messages


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[check.check_id for check in ALL_CHECKS])
def test_every_check_has_failing_and_passing_cases(check: Check) -> None:
    outcomes = {found for check_id, *_, found in CASES if check_id == check.check_id}
    assert outcomes == {True, False}


@pytest.mark.parametrize("check", ALL_CHECKS, ids=[check.check_id for check in ALL_CHECKS])
def test_check_is_described(check: Check) -> None:
    assert check.severity in (ERROR, WARNING)
    assert len(check.description) > 20
    assert check.check_id.replace("-", "").isalpha()


def test_check_ids_are_unique() -> None:
    ids = [check.check_id for check in ALL_CHECKS]
    assert len(ids) == len(set(ids))


def test_without_a_glossary_glossary_checks_find_nothing() -> None:
    unit = Unit("The working class.", "El proletariado.", "es", "en", glossary=None)
    assert [list(check.problems(unit)) for check in ALL_CHECKS if check.check_id == "glossary"] == [
        []
    ]
