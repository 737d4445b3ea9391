"""The findings cache (checks/cache.py) and status's checks on the catalogue it reads:
every finding is the one `polyglot check` gives, whether computed or remembered."""

from __future__ import annotations

import json
import os
import random
from collections import Counter
from pathlib import Path

import pytest

from polyglot_statement.checks import ALL_CHECKS, CatalogueChecker, Finding, find_problems
from polyglot_statement.checks.cache import FINDINGS_FILE, FindingsCache
from polyglot_statement.config import Settings, load_settings
from polyglot_statement.fsutil import NotOurFile
from polyglot_statement.po import FUZZY, Entry, format_po, read_po
from polyglot_statement.source import statement_definitions
from polyglot_statement.source.extract import extract
from polyglot_statement.status import compute_status

LANGUAGES = ("es", "fr", "ja", "ru")
GLOSSARY = """\
terms:
  - term: trade union
    translations:
      es: [sindicato]
      fr: [syndicat]
      ja: [労働組合]
      ru: [профсоюз]
    forbidden:
      es: [gremio]
  - term: WFTU
    do-not-translate: true
    case-sensitive: true
    translations:
      es: [FSM]
"""
# Segments with what the checks look at: markup, reference links against the
# statement's definitions, numbers and dates, glossary terms, code, HTML, footnotes.
SENTENCES = (
    "The **trade union** of {n} workers met on 7 December 2022.",
    "Read [the report][report] and *the appeal* of the WFTU.",
    "More than {n},000 people joined `#Strike` in {n} cities.",
    "The trade union calls for an increase of {n}% of wages.",
    "See [our site](https://example.org/{n}) and the footnote.[^1]",
    "A plain sentence about the trade union and its members.",
    "Line one of a hard-wrapped paragraph\nwith {n} words on line two.",
    "The WFTU condemns the arrest of {n} union leaders!",
)


def _statement(rng: random.Random, index: int) -> str:
    paragraphs = [f"---\ntitle: Statement {index} of the trade union\n---"]
    for _ in range(8):
        paragraphs.append(rng.choice(SENTENCES).format(n=rng.randint(2, 90)))
    paragraphs.append("- The trade union;\n- " + rng.choice(SENTENCES).format(n=index))
    paragraphs.append("[report]: https://example.org/report\n[^1]: A footnote of 2023.")
    return "\n\n".join(paragraphs) + "\n"


def _translate(rng: random.Random, msgid: str, language: str) -> str:
    """A translation that keeps everything, or one that breaks something on purpose."""
    text = msgid.replace("trade union", {"es": "sindicato", "fr": "syndicat"}.get(language, "tu"))
    roll = rng.random()
    if roll < 0.1:
        return text.replace("**", "", 1)  # markup lost
    if roll < 0.2:
        return text.replace("7", "8", 1) + " <b>x</b>"  # a number changed, HTML added
    if roll < 0.3:
        return text.replace("sindicato", "gremio")  # a forbidden term
    if roll < 0.35:
        return msgid  # identical
    if roll < 0.4:
        return text.rstrip(".!") + "  ."  # punctuation and spaces
    if roll < 0.45:
        return text.replace("[the report][report]", "[el informe][informe]")
    return text


def _workspace(root: Path, seed: int = 27) -> Settings:
    rng = random.Random(seed)
    (root / "source").mkdir(parents=True)
    listed = ", ".join(f'"{language}"' for language in LANGUAGES)
    (root / "polyglot.toml").write_text(
        f'source-language = "en"\nlanguages = [{listed}]\nproject-name = "t"\n', "utf-8"
    )
    (root / "glossary.yml").write_text(GLOSSARY, "utf-8")
    for index in range(6):
        (root / "source" / f"s{index}.md").write_text(_statement(rng, index), "utf-8")
    settings = load_settings(root)
    extract(settings)
    for index in range(6):
        for language in LANGUAGES:
            path = settings.catalog_path(language, f"s{index}")
            catalog = read_po(path)
            for entry in catalog.active:
                if rng.random() < 0.9:
                    entry.msgstr = _translate(rng, entry.msgid, language)
                if rng.random() < 0.1:
                    entry.flags = [FUZZY]
                if rng.random() < 0.05:
                    entry.translator_comments.append("polyglot: ignore numbers markdown")
            # A plural entry: each form is checked against msgid or msgid_plural.
            plural = Entry(msgid="{n} worker was arrested", msgid_plural="{n} workers, 3 days")
            plural.msgstr_plural = {0: "{n} trabajador", 1: "{n} trabajadores, 4 días"}
            catalog.entries.append(plural)
            path.write_bytes(format_po(catalog))
    return settings


def _cached_findings(settings: Settings, cache: FindingsCache) -> list[Finding]:
    checker = CatalogueChecker(settings, cache=cache)
    found: list[Finding] = []
    for index in range(6):
        slug = f"s{index}"
        for language in LANGUAGES:
            path = settings.catalog_path(language, slug)
            found += checker.findings(
                read_po(path), path, slug, language, statement_definitions(settings, slug)
            )
    return found


def test_remembered_findings_are_the_computed_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _workspace(tmp_path / "ws")
    monkeypatch.setenv("POLYGLOT_JOBS", "1")
    expected = find_problems(settings)
    kinds = Counter(finding.check_id for finding in expected)
    # The corpus exercises the checks the cache must reproduce.
    for check_id in ("markdown", "html", "numbers", "glossary", "identical", "punctuation"):
        assert kinds[check_id] > 0, kinds
    assert any("trabajadores" in f.msgid or "worker" in f.msgid for f in expected)

    cache = FindingsCache(settings)
    assert _cached_findings(settings, cache) == expected  # computed, and stored
    cache.save(complete=True)
    assert (settings.cache_path / FINDINGS_FILE).is_file()

    # Remembered: a check that would fail if it ran shows none of them runs.
    def broken(self: object, unit: object) -> None:
        raise AssertionError("checked again")

    for check in ALL_CHECKS:
        monkeypatch.setattr(type(check), "problems", broken)
    assert _cached_findings(settings, FindingsCache(settings)) == expected
    monkeypatch.undo()

    # An edited translation is checked again; the rest is still remembered.
    path = settings.catalog_path("fr", "s2")
    catalog = read_po(path)
    entry = next(entry for entry in catalog.active if entry.msgstr and "." in entry.msgstr)
    entry.msgstr = entry.msgstr.replace(".", " <script>", 1)
    path.write_bytes(format_po(catalog))
    monkeypatch.setenv("POLYGLOT_JOBS", "1")
    assert _cached_findings(settings, FindingsCache(settings)) == find_problems(settings)


def test_status_counts_every_finding_of_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _workspace(tmp_path / "ws")
    monkeypatch.setenv("POLYGLOT_JOBS", "1")
    found = find_problems(settings)
    expected = {
        (slug, language): (0, 0) for slug in [f"s{i}" for i in range(6)] for language in LANGUAGES
    }
    for finding in found:
        errors, warnings = expected[(finding.statement, finding.language)]
        if finding.severity == "error":
            expected[(finding.statement, finding.language)] = (errors + 1, warnings)
        else:
            expected[(finding.statement, finding.language)] = (errors, warnings + 1)
    status_file = settings.cache_path / "status.json"
    # Cold, then with the status cache gone but the findings remembered, on one core
    # and on two: the same counts.
    for jobs in (1, 2, 2, 1):
        status_file.unlink(missing_ok=True)
        report = compute_status(settings, checks="all", jobs=jobs)
        counted = {
            (edition.statement, edition.language): (edition.errors, edition.warnings)
            for language in report.languages
            for edition in language.editions
        }
        assert counted == expected
    # A new glossary is a new context: nothing remembered is used.
    glossary = settings.glossary_path
    glossary.write_text(glossary.read_text("utf-8").replace("gremio", "asociación"), "utf-8")
    assert FindingsCache(settings).records == {}


def test_a_foreign_or_damaged_findings_file(tmp_path: Path) -> None:
    settings = _workspace(tmp_path / "ws")
    path = settings.cache_path / FINDINGS_FILE
    path.parent.mkdir(exist_ok=True)
    path.write_text("{not json", "utf-8")
    compute_status(settings, checks="all", jobs=1)
    data = json.loads(path.read_text("utf-8"))  # rebuilt
    assert data["catalogues"]
    # Records that do not fit are a miss, not a wrong answer.
    for key in data["catalogues"]:
        data["catalogues"][key] = [[999, "markdown", "invented"]]
    path.write_text(json.dumps(data), "utf-8")
    (settings.cache_path / "status.json").unlink()
    report = compute_status(settings, checks="all", jobs=1)
    assert all(
        edition.errors is not None and edition.errors < 999
        for language in report.languages
        for edition in language.editions
    )
    # A link at its place is refused and left as it is.
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("{}", "utf-8")
    path.unlink()
    os.symlink(elsewhere, path)
    (settings.cache_path / "status.json").unlink()
    with pytest.raises(NotOurFile):
        compute_status(settings, checks="all", jobs=1)
    assert path.is_symlink() and elsewhere.read_text("utf-8") == "{}"


@pytest.mark.parametrize("memo_size", [3, 20_000])
def test_units_shared_between_catalogues_give_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memo_size: int
) -> None:
    """Units met again (in another catalogue, language or statement) are answered from the
    run's memo, but for the length check, which depends on the catalogue."""
    import polyglot_statement.checks.run as run

    settings = _workspace(tmp_path / "ws")
    monkeypatch.setenv("POLYGLOT_JOBS", "1")
    monkeypatch.setattr(run, "UNIT_MEMO_SIZE", 0)
    plain = find_problems(settings)
    monkeypatch.setattr(run, "UNIT_MEMO_SIZE", memo_size)
    monkeypatch.setattr(run, "UNIT_MEMO", {})
    asked = Counter[str]()
    real = run.unit_problems

    def counting(unit: object, checks: object, context: object = None) -> object:
        asked["units"] += 1
        return real(unit, checks, context)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "unit_problems", counting)
    assert find_problems(settings) == plain
    assert find_problems(settings) == plain  # the memo full of this workspace's units
    assert len(run.UNIT_MEMO) <= memo_size
    if memo_size > asked["units"]:
        # Units met again within a run were answered from the memo (each run loads its
        # glossary anew, and a unit's glossary is part of its key).
        assert 0 < len(run.UNIT_MEMO) < asked["units"]
