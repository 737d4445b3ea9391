"""Time of status, check, build and translate --dry-run with a big glossary.yml.

Real organisations load termbase extracts (IATE, UN Term) of tens of thousands of terms.
This writes a copy of the example workspace (this repository) whose glossary.yml holds
the example's own terms and then one of these shapes:

- termbase: N realistic terms (`--terms`, 50,000 by default): one to three words in
  English, rendered word by word in Spanish, French, Portuguese, Italian and German (and
  Arabic for one in ten), a plural variant for a third, forbidden renderings for a
  quarter, a note for a fifth, acronyms kept as written for one in fifty;
- short: as many one-word terms with one rendering as fit in `--size` bytes;
- long: terms of 100 words (the most a term may have), each with a rendering as long;
- variants: one term with as many Spanish variants and French forbidden forms as fit;
- languages: terms rendered into every language babel knows, as many as fit.

Each command runs in a fresh process (`polyglot -C WORKSPACE ...`); the script prints
wall time, CPU time, peak RSS and exit code, as benchmarks/hostile_inputs.py does. With
`--profile COMMAND` it runs that command once under cProfile in this process instead and
prints the 25 costliest functions (cumulative and own time).

Usage: python benchmarks/glossary_scale.py [--shape NAME ...] [--terms N] [--size BYTES]
       python benchmarks/glossary_scale.py --shape termbase --profile status
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work" / "glossary_scale"
sys.path.insert(0, str(HERE))

from hostile_inputs import timed  # noqa: E402

LANGUAGES = ("es", "fr", "pt", "it", "de")

# English, Spanish, French, Portuguese, Italian, German; the German is the compound's
# head (capitalised when the word stands alone).
NOUNS = [
    ("agreement", "acuerdo", "accord", "acordo", "accordo", "Vereinbarung"),
    ("wage", "salario", "salaire", "salário", "salario", "Lohn"),
    ("union", "sindicato", "syndicat", "sindicato", "sindacato", "Gewerkschaft"),
    ("worker", "trabajador", "travailleur", "trabalhador", "lavoratore", "Arbeiter"),
    ("strike", "huelga", "grève", "greve", "sciopero", "Streik"),
    ("contract", "contrato", "contrat", "contrato", "contratto", "Vertrag"),
    ("employer", "empleador", "employeur", "empregador", "datore", "Arbeitgeber"),
    ("pension", "pensión", "retraite", "pensão", "pensione", "Rente"),
    ("right", "derecho", "droit", "direito", "diritto", "Recht"),
    ("safety", "seguridad", "sécurité", "segurança", "sicurezza", "Sicherheit"),
    ("health", "salud", "santé", "saúde", "salute", "Gesundheit"),
    ("mine", "mina", "mine", "mina", "miniera", "Bergwerk"),
    ("factory", "fábrica", "usine", "fábrica", "fabbrica", "Fabrik"),
    ("council", "consejo", "conseil", "conselho", "consiglio", "Rat"),
    ("federation", "federación", "fédération", "federação", "federazione", "Verband"),
    ("committee", "comité", "comité", "comitê", "comitato", "Ausschuss"),
    ("bargaining", "negociación", "négociation", "negociação", "contrattazione", "Verhandlung"),
    ("dismissal", "despido", "licenciement", "demissão", "licenziamento", "Kündigung"),
    ("shift", "turno", "équipe", "turno", "turno", "Schicht"),
    ("overtime", "sobretiempo", "surtemps", "sobretempo", "straordinario", "Mehrarbeit"),
    ("holiday", "feriado", "congé", "feriado", "ferie", "Urlaub"),
    ("insurance", "seguro", "assurance", "seguro", "assicurazione", "Versicherung"),
    ("tax", "impuesto", "impôt", "imposto", "imposta", "Steuer"),
    ("budget", "presupuesto", "budget", "orçamento", "bilancio", "Haushalt"),
    ("land", "tierra", "terre", "terra", "terra", "Land"),
    ("water", "agua", "eau", "água", "acqua", "Wasser"),
    ("transport", "transporte", "transport", "transporte", "trasporto", "Verkehr"),
    ("port", "puerto", "port", "porto", "porto", "Hafen"),
    ("railway", "ferrocarril", "chemin", "ferrovia", "ferrovia", "Bahn"),
    ("school", "escuela", "école", "escola", "scuola", "Schule"),
    ("teacher", "docente", "enseignant", "professor", "insegnante", "Lehrer"),
    ("nurse", "enfermera", "infirmière", "enfermeira", "infermiera", "Pflegekraft"),
    ("hospital", "hospital", "hôpital", "hospital", "ospedale", "Krankenhaus"),
    ("farmer", "campesino", "paysan", "camponês", "contadino", "Bauer"),
    ("harvest", "cosecha", "récolte", "colheita", "raccolto", "Ernte"),
    ("market", "mercado", "marché", "mercado", "mercato", "Markt"),
    ("price", "precio", "prix", "preço", "prezzo", "Preis"),
    ("debt", "deuda", "dette", "dívida", "debito", "Schuld"),
    ("loan", "préstamo", "prêt", "empréstimo", "prestito", "Darlehen"),
    ("bank", "banco", "banque", "banco", "banca", "Bank"),
    ("court", "tribunal", "tribunal", "tribunal", "tribunale", "Gericht"),
    ("law", "ley", "loi", "lei", "legge", "Gesetz"),
    ("decree", "decreto", "décret", "decreto", "decreto", "Erlass"),
    ("protest", "protesta", "manifestation", "protesto", "protesta", "Protest"),
    ("march", "marcha", "marche", "marcha", "marcia", "Marsch"),
    ("leader", "dirigente", "dirigeant", "dirigente", "dirigente", "Führer"),
    ("member", "afiliado", "adhérent", "filiado", "iscritto", "Mitglied"),
    ("delegate", "delegado", "délégué", "delegado", "delegato", "Delegierter"),
    ("congress", "congreso", "congrès", "congresso", "congresso", "Kongress"),
    ("resolution", "resolución", "résolution", "resolução", "risoluzione", "Beschluss"),
    ("migrant", "migrante", "migrant", "migrante", "migrante", "Migrant"),
    ("refugee", "refugiado", "réfugié", "refugiado", "rifugiato", "Flüchtling"),
    ("housing", "vivienda", "logement", "habitação", "abitazione", "Wohnung"),
    ("energy", "energía", "énergie", "energia", "energia", "Energie"),
    ("price index", "índice", "indice", "índice", "indice", "Index"),
    ("fund", "fondo", "fonds", "fundo", "fondo", "Fonds"),
    ("benefit", "prestación", "prestation", "benefício", "prestazione", "Leistung"),
    ("inspection", "inspección", "inspection", "inspeção", "ispezione", "Aufsicht"),
    ("accident", "accidente", "accident", "acidente", "incidente", "Unfall"),
    ("training", "formación", "formation", "formação", "formazione", "Ausbildung"),
]
ADJECTIVES = [
    ("national", "nacional", "national", "nacional", "nazionale", "national"),
    ("collective", "colectivo", "collectif", "coletivo", "collettivo", "kollektiv"),
    ("minimum", "mínimo", "minimum", "mínimo", "minimo", "mindest"),
    ("public", "público", "public", "público", "pubblico", "öffentlich"),
    ("private", "privado", "privé", "privado", "privato", "privat"),
    ("informal", "informal", "informel", "informal", "informale", "informell"),
    ("rural", "rural", "rural", "rural", "rurale", "ländlich"),
    ("urban", "urbano", "urbain", "urbano", "urbano", "städtisch"),
    ("general", "general", "général", "geral", "generale", "allgemein"),
    ("social", "social", "social", "social", "sociale", "sozial"),
    ("temporary", "temporal", "temporaire", "temporário", "temporaneo", "befristet"),
    ("permanent", "permanente", "permanent", "permanente", "permanente", "unbefristet"),
    ("regional", "regional", "régional", "regional", "regionale", "regional"),
    ("sectoral", "sectorial", "sectoriel", "setorial", "settoriale", "sektoral"),
    ("industrial", "industrial", "industriel", "industrial", "industriale", "industriell"),
    ("agricultural", "agrícola", "agricole", "agrícola", "agricolo", "landwirtschaftlich"),
    ("maritime", "marítimo", "maritime", "marítimo", "marittimo", "see"),
    ("municipal", "municipal", "municipal", "municipal", "comunale", "kommunal"),
    ("federal", "federal", "fédéral", "federal", "federale", "bundes"),
    ("international", "internacional", "international", "internacional", "internazionale",
     "international"),
    ("occupational", "ocupacional", "professionnel", "ocupacional", "professionale", "beruflich"),
    ("annual", "anual", "annuel", "anual", "annuale", "jährlich"),
    ("monthly", "mensual", "mensuel", "mensal", "mensile", "monatlich"),
    ("legal", "legal", "légal", "legal", "legale", "gesetzlich"),
    ("illegal", "ilegal", "illégal", "ilegal", "illegale", "illegal"),
    ("fair", "justo", "équitable", "justo", "equo", "gerecht"),
    ("unpaid", "impago", "impayé", "não pago", "non pagato", "unbezahlt"),
    ("indigenous", "indígena", "autochtone", "indígena", "indigeno", "indigen"),
    ("domestic", "doméstico", "domestique", "doméstico", "domestico", "häuslich"),
    ("seasonal", "estacional", "saisonnier", "sazonal", "stagionale", "saisonal"),
]  # fmt: skip
ARABIC = ["اتفاق", "أجر", "نقابة", "عامل", "إضراب", "عقد", "حق", "سلامة", "صحة", "منجم"]
# Renderings a termbase marks as deprecated, per language: a forbidden form is the
# preferred rendering with its head replaced by one of these.
DEPRECATED = {
    "es": ["obrero", "patrón", "gremio", "jornal"],
    "fr": ["ouvrier", "patron", "corporation", "paie"],
}
PREPOSITION = {"es": "de", "fr": "de", "pt": "de", "it": "di"}


Word = tuple[str, ...]


def _rendering(language: str, adjective: Word | None, head: Word, modifier: Word | None) -> str:
    column = 1 + LANGUAGES.index(language)
    if language == "de":
        word = head[column]
        if modifier is not None:
            word = modifier[column] + word.lower()
        if adjective is not None:
            word = adjective[column] + "e " + word
        return word
    words = [head[column]]
    if adjective is not None:
        words.append(adjective[column])
    if modifier is not None:
        words += [PREPOSITION[language], modifier[column]]
    return " ".join(words)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def termbase_entries(count: int, taken: set[str], seed: int = 20) -> list[str]:
    """`count` realistic glossary entries as YAML text, none of whose terms is in `taken`
    (case-folded): deterministic for a seed."""
    chooser = random.Random(seed)
    entries: list[str] = []
    seen = set(taken)
    while len(entries) < count:
        index = len(entries)
        if index % 50 == 49:
            letters = "".join(chooser.choice("ABCDEFGHIJKLMNOPRSTUVW") for _ in range(4))
            if letters.casefold() in seen:
                continue
            seen.add(letters.casefold())
            entries.append(
                f"  - term: {letters}\n    do-not-translate: true\n    case-sensitive: true\n"
            )
            continue
        head = chooser.choice(NOUNS)
        shape = chooser.random()
        adjective = chooser.choice(ADJECTIVES) if shape < 0.7 else None
        modifier = chooser.choice(NOUNS) if shape > 0.3 else None
        if modifier is head:
            continue
        words = [adjective[0]] if adjective is not None else []
        words += [modifier[0]] if modifier is not None else []
        term = " ".join([*words, head[0]])
        if term.casefold() in seen:
            continue
        seen.add(term.casefold())
        lines = [f"  - term: {json.dumps(term)}"]
        if index % 5 == 0:
            lines.append(f"    note: {json.dumps('Used in the ' + head[0] + ' chapter.')}")
        lines.append("    translations:")
        for language in LANGUAGES:
            rendering = _rendering(language, adjective, head, modifier)
            renderings = [rendering]
            if index % 3 == 0 and language in ("es", "pt"):
                first, _, rest = rendering.partition(" ")
                plural = first + ("s" if first[-1] in "aeiouáéíóú" else "es")
                renderings.append((plural + " " + rest).strip())
            lines.append(f"      {language}: [{', '.join(map(_quoted, renderings))}]")
        if index % 10 == 0:
            arabic = ARABIC[index % len(ARABIC)] + " " + ARABIC[(index // 10) % len(ARABIC)]
            lines.append(f"      ar: [{_quoted(arabic)}]")
        if index % 4 == 0:
            lines.append("    forbidden:")
            for language, words_of in DEPRECATED.items():
                rendering = _rendering(language, adjective, head, modifier)
                replaced = (
                    words_of[index % len(words_of)]
                    + rendering[len(head[1 + LANGUAGES.index(language)]) :]
                )
                lines.append(f"      {language}: [{_quoted(replaced)}]")
        entries.append("\n".join(lines) + "\n")
    return entries


def _pseudo_words(seed: int, taken: set[str]) -> Callable[[], str]:
    """Distinct made-up words of two to four syllables, in a fixed order for a seed, none
    of them a term in `taken` (the example's "Peru" is also a made-up word)."""
    chooser = random.Random(seed)
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    seen = set(taken)

    def word() -> str:
        while True:
            made = "".join(chooser.choice(syllables) for _ in range(chooser.randint(2, 4)))
            if made not in seen:
                seen.add(made)
                return made

    return word


def _fill(size: int, entry: Callable[[], str]) -> list[str]:
    entries: list[str] = []
    length = 0
    while length < size:
        entries.append(entry())
        length += len(entries[-1].encode())
    return entries


def short_entries(size: int, taken: set[str]) -> list[str]:
    word = _pseudo_words(1, taken)
    return _fill(
        size, lambda: (lambda w: f"  - {{term: {w}, translations: {{fr: [{w}e]}}}}\n")(word())
    )


def long_entries(size: int, taken: set[str]) -> list[str]:
    """Terms of 100 words (the most a term may have), each with a rendering as long."""
    word = _pseudo_words(2, taken)

    def phrase() -> str:
        return " ".join(word() for _ in range(100))

    return _fill(size, lambda: f"  - term: {phrase()}\n    translations:\n      fr: [{phrase()}]\n")


def variant_entries(size: int, taken: set[str]) -> list[str]:
    word = _pseudo_words(3, taken)
    count = size // 2 // 10
    accepted = ", ".join(word() for _ in range(count))
    forbidden = ", ".join(word() for _ in range(count))
    return [
        "  - term: union dues\n    translations:\n"
        f"      es: [cuota sindical, {accepted}]\n    forbidden:\n      fr: [{forbidden}]\n"
    ]


def language_entries(size: int, taken: set[str]) -> list[str]:
    from babel import localedata

    codes = [code for code in localedata.locale_identifiers() if not code.startswith("en")]
    word = _pseudo_words(4, taken)

    def entry() -> str:
        lines = [f"  - term: {word()} {word()}", "    translations:"]
        lines += [f"      {code}: [{word()}]" for code in sorted(codes)]
        return "\n".join(lines) + "\n"

    return _fill(size, entry)


SHAPES: dict[str, Callable[[argparse.Namespace, set[str]], list[str]]] = {
    "termbase": lambda options, taken: termbase_entries(options.terms, taken),
    "short": lambda options, taken: short_entries(options.size, taken),
    "long": lambda options, taken: long_entries(options.size, taken),
    "variants": lambda options, taken: variant_entries(options.size, taken),
    "languages": lambda options, taken: language_entries(options.size, taken),
}


def workspace(shape: str, options: argparse.Namespace, work: Path = WORK) -> Path:
    """A copy of the example workspace whose glossary.yml is the example's terms followed
    by the shape's."""
    root = work / shape
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, root / name)
    example = (ROOT / "glossary.yml").read_text(encoding="utf-8")
    taken = {entry["term"].casefold() for entry in yaml.safe_load(example)["terms"]}
    entries = SHAPES[shape](options, taken)
    (root / "glossary.yml").write_text(
        example.rstrip("\n") + "\n\n" + "".join(entries), encoding="utf-8"
    )
    return root


COMMANDS = {
    "status": ["status"],
    "check": ["check"],
    "build": ["build"],
    "translate": ["translate", "--dry-run"],
}


def profile(root: Path, command: str) -> None:
    from polyglot_statement.cli import main as polyglot

    profiler = cProfile.Profile()
    profiler.enable()
    try:
        polyglot(["-C", str(root), *COMMANDS[command]], standalone_mode=False)
    except SystemExit:
        pass
    finally:
        profiler.disable()
    for order in ("cumulative", "tottime"):
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(order).print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    parser.add_argument("--terms", type=int, default=50_000, help="terms of the termbase shape")
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes of the other shapes")
    parser.add_argument("--limit", type=float, default=300, help="seconds before a kill")
    parser.add_argument(
        "--command",
        action="append",
        choices=sorted(COMMANDS),
        help="default: all, then status and check again",
    )
    parser.add_argument("--profile", choices=sorted(COMMANDS), help="cProfile one command")
    parser.add_argument("--work", type=Path, default=WORK, help="where the workspaces go")
    options = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}")
    for shape in options.shape or SHAPES:
        root = workspace(shape, options, options.work)
        size = (root / "glossary.yml").stat().st_size
        label = f"{shape} ({size / 1e6:.2f} MB)"
        if options.profile:
            profile(root, options.profile)
            continue
        commands = options.command or [*COMMANDS, "status", "check"]
        for command in commands:
            wall, cpu, rss, code = timed(["-C", str(root), *COMMANDS[command]], options.limit)
            print(f"{label:24} {command:10} {wall:7.2f} s {cpu:7.2f} s cpu {rss:6} MB  exit {code}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
