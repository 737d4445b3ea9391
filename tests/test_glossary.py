"""glossary.yml: refused files point at their line; matching; notes; TBX and CSV export."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
import yaml

from polyglot_statement.config import load_settings
from polyglot_statement.errors import GlossaryError
from polyglot_statement.glossary import (
    Matcher,
    WordKeys,
    glossary_for_settings,
    load_glossary,
    notes_for_settings,
    parse_glossary,
    to_csv,
    to_tbx,
)
from polyglot_statement.glossary.matching import _stemmer_name
from polyglot_statement.workspace import GLOSSARY_TEMPLATE

DATA = Path(__file__).parent / "data" / "glossary"
ROOT = Path(__file__).parent.parent
BAD = sorted(DATA.glob("bad-*.yml"))


@pytest.mark.parametrize("path", BAD, ids=[path.stem for path in BAD])
def test_bad_glossary_is_refused_with_its_line(path: Path) -> None:
    expected = re.match(r"# expect: (\d+): (.*)", path.read_text(encoding="utf-8"))
    assert expected is not None, "a bad-*.yml file starts with `# expect: LINE: message`"
    with pytest.raises(GlossaryError) as caught:
        load_glossary(path)
    error = caught.value
    assert error.exit_code != 0
    assert (error.path, error.line) == (path, int(expected.group(1))), str(error)
    assert expected.group(2) in error.message


def test_template_and_example_glossaries_are_valid() -> None:
    template = parse_glossary(GLOSSARY_TEMPLATE, Path("glossary.yml"))
    assert [term.term for term in template.terms] == ["trade union", "WFTU"]
    example = load_glossary(ROOT / "glossary.yml")
    assert {"es", "fr", "pt", "ar"} <= set(example.languages)
    wftu = next(term for term in example.terms if term.term == "WFTU")
    assert wftu.do_not_translate and wftu.renderings("es") == ("FSM",)
    assert wftu.renderings("qu") == ("WFTU",)  # no exception: kept as written
    assert wftu.line == 8


def test_case_sensitive_terms_may_differ_only_in_case() -> None:
    glossary = load_glossary(DATA / "good-case-sensitive.yml")
    assert [term.term for term in glossary.terms] == ["Congress", "congress"]


def test_empty_file_is_refused() -> None:
    with pytest.raises(GlossaryError, match="empty"):
        parse_glossary("", Path("glossary.yml"))


def test_a_single_rendering_may_be_written_without_brackets() -> None:
    glossary = parse_glossary(
        "terms:\n  - term: Peru\n    translations:\n      es: Perú\n", Path("g.yml")
    )
    assert glossary.terms[0].renderings("es") == ("Perú",)


def _found(language: str, phrases: list[str], text: str, case_sensitive: bool = False) -> list[str]:
    matcher = Matcher(
        WordKeys(language), [(phrase, phrase, case_sensitive, False) for phrase in phrases]
    )
    return [payload for match in matcher.find(text) for payload in match.payloads]


@pytest.mark.parametrize(
    ("language", "phrases", "text", "expected"),
    [
        ("es", ["clase trabajadora"], "las clases trabajadoras", ["clase trabajadora"]),
        ("es", ["clase trabajadora"], "la clase", []),
        ("es", ["clase"], "subclase", []),  # word boundaries, not substrings
        (
            "en",
            ["working class", "class"],
            "the working class and a class",
            ["working class", "class"],
        ),
        ("en", ["class", "working class"], "working classes", ["working class"]),  # longest first
        ("en", ["trade union"], "Trade Unions", ["trade union"]),
        ("fr", ["coup d’État"], "ce coup d'État", ["coup d’État"]),
        ("ar", ["الطبقة العاملة"], "والطبقة العاملة", ["الطبقة العاملة"]),
        ("ar", ["نقابية"], "نقابيًا", []),  # a different word: listed as a variant instead
        ("qu", ["llamk'aq"], "llamk'aqkuna", []),  # no stemmer: word for word
        ("qu", ["llamk'aq"], "Llamk'aq runa", ["llamk'aq"]),
    ],
)
def test_matching(language: str, phrases: list[str], text: str, expected: list[str]) -> None:
    assert _found(language, phrases, text) == expected


def test_case_sensitive_matching() -> None:
    assert _found("en", ["Congress"], "the corrupt Congress", case_sensitive=True) == ["Congress"]
    assert _found("en", ["Congress"], "a congress of unions", case_sensitive=True) == []
    assert _found("en", ["TC"], "the Tc and tc", case_sensitive=True) == []


def has_stemmer(language: str) -> bool:
    return _stemmer_name(language) is not None


def test_stemmers_exist_for_the_example_languages_but_not_quechua() -> None:
    assert all(has_stemmer(code) for code in ("en", "es", "fr", "pt", "ar"))
    assert not has_stemmer("qu")


def test_notes_give_each_term_its_rendering_in_the_file_language() -> None:
    settings = load_settings(ROOT)
    notes = notes_for_settings(settings)
    assert notes is not None
    text = "The working class and the WFTU support President Pedro Castillo."
    assert notes(text, "es") == [
        "glossary: working class → clase trabajadora (not: clase obrera)",
        "glossary: WFTU → FSM (not: FMS)",
        "glossary: Pedro Castillo → Pedro Castillo (do not translate)",
    ]
    assert notes(text, "ar")[2] == "glossary: Pedro Castillo → بيدرو كاستيو"
    assert notes("Nothing to see.", "es") == []


def test_no_glossary_file_means_no_notes(tmp_path: Path) -> None:
    (tmp_path / "polyglot.toml").write_text('languages = ["es"]\n', encoding="utf-8")
    settings = load_settings(tmp_path)
    assert notes_for_settings(settings) is None
    assert glossary_for_settings(settings) is None


def test_csv_export_is_deepl_four_columns() -> None:
    glossary = load_glossary(ROOT / "glossary.yml")
    rows = list(csv.reader(io.StringIO(to_csv(glossary, ["es", "ar"]).decode("utf-8"))))
    assert ["working class", "clase trabajadora", "en", "es"] in rows
    assert ["Pedro Castillo", "Pedro Castillo", "en", "es"] in rows
    assert ["Pedro Castillo", "بيدرو كاستيو", "en", "ar"] in rows
    assert all(len(row) == 4 for row in rows)


def test_tbx_export_is_read_by_translate_toolkit() -> None:
    from translate.storage import tbx  # a test dependency (pyproject's [test]), not a skip

    glossary = load_glossary(ROOT / "glossary.yml")
    data = to_tbx(glossary, ["es", "fr"])
    store = tbx.tbxfile.parsestring(data)
    pairs = {(unit.source, unit.target) for unit in store.units}
    assert ("working class", "clase trabajadora") in pairs
    assert len(store.units) == len(glossary.terms)
    assert b"deprecatedTerm-admn-sts" in data  # forbidden renderings are marked


def test_a_regional_language_falls_back_to_its_base_language() -> None:
    glossary = parse_glossary(
        "terms:\n  - term: trade union\n    translations: {pt: [sindical]}\n"
        "    forbidden: {pt: [gremial], pt_BR: [corporativo]}\n",
        Path("glossary.yml"),
    )
    term = glossary.terms[0]
    assert term.renderings("pt_BR") == ("sindical",)
    assert term.forbidden_in("pt_BR") == ("corporativo",)
    assert term.forbidden_in("pt_PT") == ("gremial",)


# ---------------------------------------------------------------- inflected forms

INFLECTED = parse_glossary(
    """\
terms:
  - term: refugee
    translations:
      es: [persona refugiada]
      ru: [беженец]
      de: [Geflüchtete]
    forbidden:
      es: [refugiados]
      fr: [clandestins]
      pt: [ilegais]
      ru: [нелегал]
      de: [Flüchtlinge]
      qu: [ayqiq]
""",
    Path("glossary.yml"),
)


@pytest.mark.parametrize(
    ("language", "translation", "found"),
    [
        # The case: "se refugian" (they take shelter) is not "refugiados".
        ("es", "Las personas refugiadas se refugian en la escuela.", None),
        ("es", "Los refugiados se refugian en la escuela.", "refugiados"),
        ("es", "Las refugiadas llegaron.", "refugiadas"),
        ("es", "Las personas refugiadas llegaron al refugio.", None),
        ("fr", "Ils vivaient clandestinement.", None),
        ("fr", "Une travailleuse clandestine.", "clandestine"),
        ("pt", "Entraram ilegalmente.", None),
        ("pt", "Um trabalhador ilegal.", "ilegal"),
        # Russian: the vowel of -ец drops (беженцы), and нелегалы has no stem of нелегал.
        ("ru", "Беженцы — не нелегалы.", "нелегалы"),
        ("ru", "Беженцам помогают, они жили нелегально.", None),
        ("de", "Die Flüchtlinge kamen.", "Flüchtlinge"),
        ("de", "Die Geflüchteten flüchteten.", None),
        # A language with no paradigms keeps stems (here none: word for word).
        ("qu", "ayqiq", "ayqiq"),
    ],
)
def test_a_forbidden_term_is_caught_in_its_forms_only(
    language: str, translation: str, found: str | None
) -> None:
    problems = INFLECTED.for_language(language).problems("The refugees came.", translation)
    forbidden = [problem.found for problem in problems if problem.kind == "forbidden"]
    assert forbidden == ([found] if found else [])


def test_an_accepted_rendering_is_found_in_its_forms_too() -> None:
    # "беженцам" shares no Snowball stem with "беженец".
    ru = INFLECTED.for_language("ru")
    assert ru.problems("The refugees came.", "Беженцам помогают.") == []
    es = INFLECTED.for_language("es")
    assert [p.kind for p in es.problems("The refugees came.", "Llegaron.")] == ["missing"]


def test_forms_benchmark_figures_hold() -> None:
    """The figures docs/performance.md reports (benchmarks/glossary_precision.py)."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import glossary_precision as bench
    finally:
        sys.path.pop(0)
    data = yaml.safe_load(bench.DATA.read_text(encoding="utf-8"))
    results = bench.measure(data, "forms")
    for language in ("es", "fr", "pt", "ru"):
        caught, total, false, wrong = results[language]
        assert (caught, false) == (total, 0), wrong
    caught, total, false, _ = results["de"]
    assert caught == total and false == 5
