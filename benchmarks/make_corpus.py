"""Generate a large, deterministic workspace to measure `polyglot extract` on.

N statements × L target languages (default 500 × 20: 10,000 catalogues, about 600k
entries, about 200 MB). Each statement is realistic Markdown of a trade-union press
statement with about 60 segments: front matter, headings, paragraphs with inline markup,
nested bullet and numbered lists, block quotes, a table, an image, footnotes, now and
then a code block or an HTML block. Some sentences recur across statements, as stock
phrases do in real organisations.

The catalogues are made by the library's own extract, then filled with a fixed mix of
states: about 70% approved, 10% needs review (fuzzy), 5% machine output (fuzzy with the
provenance comment), 15% empty. Translations are pseudo-text in each language's script
with the source's markup, numbers and URLs kept, so sizes and line wrapping are those of
real catalogues.

A press office's usual state (issue 27) is made with options: `--publishable 2` makes the
first two languages fully approved, `--mix 70,10,0,20` gives the others 70% approved, 10%
needs review, no machine output and 20% empty, and `--wrap polib` has every catalogue
saved again by polib at its own line width (`--wrap-width`, polib's 78 by default), as a
catalogue another tool wrote would be: gettext wraps at 79 and breaks lines differently.

Usage: python benchmarks/make_corpus.py [--statements 500] [--languages 20] [--out DIR]
       [--publishable K] [--mix A,R,M,E] [--wrap polib|own] [--wrap-width 78]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import re
import shutil
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.config import load_settings
from polyglot_statement.po import FUZZY, MACHINE_COMMENT_PREFIX, format_po, read_po
from polyglot_statement.source.extract import extract

SEED = 20221207
TARGET_LANGUAGES = (
    "es", "fr", "pt", "ar", "de", "it", "nl", "pl", "ru", "tr",
    "el", "sv", "da", "fi", "cs", "hu", "ro", "uk", "ja", "zh_Hans",
)  # fmt: skip
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"

# ---------------------------------------------------------------- vocabulary

ORGANISATIONS = (
    "The World Federation of Trade Unions",
    "The General Confederation of Labour",
    "The National Union of Health Workers",
    "The Federation of Transport and Dock Workers",
    "The Teachers' Union",
    "The Regional Coordinating Committee",
    "The Union of Agricultural Workers",
    "The Confederation of Public Service Employees",
    "The Metalworkers' Federation",
    "The Construction and Timber Workers' Union",
    "Our federation",
    "The executive committee",
)
WORKERS = (
    "workers", "teachers", "health workers", "miners", "port workers", "farm labourers",
    "public sector employees", "young workers", "women workers", "migrant workers",
    "nurses", "bus drivers", "textile workers", "journalists", "railway workers",
    "cleaners", "construction workers", "seafarers", "postal workers", "pensioners",
)  # fmt: skip
COUNTRIES = (
    "Peru", "Colombia", "Bolivia", "Ecuador", "Chile", "Argentina", "Brazil", "Mexico",
    "the Philippines", "Bangladesh", "Nigeria", "South Africa", "Kenya", "Greece",
    "Portugal", "Spain", "France", "Turkey", "India", "Sri Lanka", "Palestine", "Sudan",
)  # fmt: skip
CITIES = (
    "Lima", "Bogotá", "La Paz", "Quito", "Santiago", "Buenos Aires", "São Paulo",
    "Manila", "Dhaka", "Lagos", "Johannesburg", "Nairobi", "Athens", "Lisbon",
)  # fmt: skip
PLACES = COUNTRIES + CITIES
CONDEMN = (
    "condemns", "denounces", "strongly rejects", "protests against", "opposes",
    "calls for an end to", "expresses its outrage at",
)  # fmt: skip
SUPPORT = (
    "supports", "welcomes", "salutes", "stands in solidarity with", "endorses",
    "expresses its full support for",
)  # fmt: skip
GRIEVANCES = (
    "the attack on trade union rights",
    "the arrest of union leaders",
    "the privatisation of public services",
    "the new labour reform",
    "the closure of the factory",
    "the wage freeze imposed by the government",
    "the repression of peaceful demonstrations",
    "the dismissal of striking workers",
    "the criminalisation of social protest",
    "the raids on union offices",
    "the cuts to the public health budget",
    "the increase in the retirement age",
    "the use of temporary contracts",
    "the ban on collective bargaining",
    "the killing of trade unionists",
    "the state of emergency",
    "the anti-union law passed by parliament",
    "the refusal to pay the minimum wage",
)
STRUGGLES = (
    "the general strike",
    "the national day of action",
    "the occupation of the plant",
    "the march for decent work",
    "the campaign for a living wage",
    "the struggle for a collective agreement",
    "the demands of the striking miners",
    "the teachers' indefinite strike",
    "the mobilisation against privatisation",
    "the international week of solidarity",
)
CONSEQUENCES = (
    "which threatens the livelihoods of thousands of families",
    "in open violation of ILO Conventions 87 and 98",
    "without any consultation with the unions",
    "while profits have reached record levels",
    "at a time of rising prices and falling real wages",
    "despite repeated calls for social dialogue",
    "as part of a wider offensive against the working class",
    "which has left many people injured and detained",
    "under pressure from international lenders",
    "in spite of the protests of the affected communities",
)
DEMANDS = (
    "the immediate release of all detained trade unionists",
    "the reinstatement of every dismissed worker",
    "an increase of the minimum wage",
    "the withdrawal of the labour reform",
    "respect for the right to strike",
    "free and fair collective bargaining",
    "safe working conditions in every workplace",
    "an independent investigation into the violence",
    "public investment in health and education",
    "equal pay for equal work",
    "social security for all workers",
    "an end to precarious contracts",
)
VERBS = ("call on", "urge", "invite", "ask", "encourage")
VERBS_THIRD_PERSON = ("calls on", "urges", "invites", "asks", "encourages")
ADVERBS = ("urgently", "firmly", "once again", "publicly", "unanimously", "today")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
HEADINGS = (
    "Background", "Our demands", "The facts", "What happened", "Solidarity actions",
    "Next steps", "The situation of workers", "International response", "Context",
    "Call to action", "Chronology", "Our position",
)  # fmt: skip
HASHTAGS = ("#StrikeForJustice", "#FreeThemAll", "#LivingWage", "#UnionRights", "#NoToRepression")
URL_TOPICS = ("ilo/c087", "ilo/c098", "reports/2023", "campaigns/solidarity", "press/statements")
CLOSINGS = (
    "Long live international working-class solidarity!",
    "An injury to one is an injury to all.",
    "The struggle continues.",
    "Workers of the world, unite!",
    "Solidarity is our strength.",
)
# Stock sentences an organisation reuses from one statement to the next.
_STOCK_RANDOM = random.Random(SEED)


def _stock_sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(ORGANISATIONS)} {rng.choice(SUPPORT)} {rng.choice(STRUGGLES)} "
        f"and {rng.choice(VERBS_THIRD_PERSON)} all affiliates to join it."
    )


STOCK_SENTENCES = tuple(_stock_sentence(_STOCK_RANDOM) for _ in range(150))


# ---------------------------------------------------------------- Markdown


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2019, 2024)}"


def _number(rng: random.Random) -> str:
    return f"{rng.randint(2, 950) * rng.choice((1, 10, 100)):,}"


def _decorate(phrase: str, rng: random.Random) -> str:
    """Inline markup a press officer would use, now and then."""
    roll = rng.random()
    if roll < 0.12:
        return f"**{phrase}**"
    if roll < 0.2:
        return f"*{phrase}*"
    if roll < 0.28:
        return f"[{phrase}](https://example.org/{rng.choice(URL_TOPICS)})"
    return phrase


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.12:
        return rng.choice(STOCK_SENTENCES)
    form = rng.randrange(8)
    if form == 0:
        return (
            f"{rng.choice(ORGANISATIONS)} {rng.choice(CONDEMN)} "
            f"{_decorate(rng.choice(GRIEVANCES), rng)} in {rng.choice(PLACES)}, "
            f"{rng.choice(CONSEQUENCES)}."
        )
    if form == 1:
        return (
            f"On {_date(rng)}, more than {_number(rng)} {rng.choice(WORKERS)} took part in "
            f"{_decorate(rng.choice(STRUGGLES), rng)} in {rng.choice(PLACES)}."
        )
    if form == 2:
        return (
            f"We {rng.choice(VERBS)} all affiliated organisations to send messages of "
            f"solidarity using `{rng.choice(HASHTAGS)}` and to write to the embassies of "
            f"{rng.choice(PLACES)}."
        )
    if form == 3:
        return (
            f"According to the union, {rng.randint(3, 97)}% of {rng.choice(WORKERS)} "
            f"earn less than the legal minimum, {rng.choice(CONSEQUENCES)}."
        )
    if form == 4:
        return (
            f"{rng.choice(ORGANISATIONS)} {rng.choice(SUPPORT)} the {rng.choice(WORKERS)} "
            f"of {rng.choice(PLACES)} and {rng.choice(ADVERBS)} demands "
            f"{_decorate(rng.choice(DEMANDS), rng)}."
        )
    if form == 5:
        return (
            f"The government of {rng.choice(COUNTRIES)} must answer for "
            f"{rng.choice(GRIEVANCES)}, {rng.choice(CONSEQUENCES)}."
        )
    if form == 6:
        return (
            f"Since {_date(rng)}, {_number(rng)} {rng.choice(WORKERS)} have lost their jobs "
            f"and {rng.randint(2, 60)} union members have been detained."
        )
    return (
        f"We will continue to {rng.choice(('organise', 'mobilise', 'campaign', 'struggle'))} "
        f"until {rng.choice(DEMANDS)} is won."
    )


def _paragraph(rng: random.Random, sentences: tuple[int, int] = (1, 3)) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))
    if rng.random() < 0.3:
        # Hard-wrapped prose, as many editors save it.
        words = text.split(" ")
        lines: list[str] = []
        line = ""
        for word in words:
            if line and len(line) + 1 + len(word) > 78:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        text = "\n".join(lines)
    return text


def _item(rng: random.Random) -> str:
    choice = rng.randrange(3)
    if choice == 0:
        demand = rng.choice(DEMANDS)
        return demand[0].upper() + demand[1:] + ";"
    if choice == 1:
        return f"{_number(rng)} {rng.choice(WORKERS)} in {rng.choice(PLACES)}"
    return _sentence(rng)


_SENTENCE_END = re.compile(r"\.(?=\s|$)")


def make_statement(index: int) -> tuple[str, str]:
    """(slug, Markdown text) of statement number `index`; the same every run."""
    rng = random.Random(SEED * 1_000_003 + index)
    place = rng.choice(PLACES)
    slug = f"statement-{index:04d}-{re.sub(r'[^a-z]+', '-', place.lower()).strip('-')}"
    title = f"{rng.choice(ORGANISATIONS)} {rng.choice(CONDEMN)} {rng.choice(GRIEVANCES)} in {place}"
    summary = _sentence(rng)
    front_matter = [
        f"title: {title}",
        f'summary: "{summary}"',  # no sentence holds a double quote or a backslash
        f"date: {rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"organisation: {rng.choice(ORGANISATIONS).removeprefix('The ')}",
    ]
    if rng.random() < 0.5:
        front_matter.append(f"subtitle: Statement of {_date(rng)}")
    parts = ["---\n" + "\n".join(front_matter) + "\n---"]
    add = parts.append
    for _ in range(rng.randint(3, 5)):
        add(_paragraph(rng))
    add(f"## {rng.choice(HEADINGS)}")
    for _ in range(rng.randint(2, 4)):
        add(_paragraph(rng))
    bullets = [f"- {_item(rng)}" for _ in range(rng.randint(4, 6))]
    nested = rng.randrange(len(bullets))
    bullets[nested] += "".join(f"\n    - {_item(rng)}" for _ in range(2))
    add("\n".join(bullets))
    add(f"## {rng.choice(HEADINGS)}")
    add(_paragraph(rng, (1, 2)))
    numbered = [f"{number}. {_item(rng)}" for number in range(1, rng.randint(5, 7))]
    numbered[rng.randrange(len(numbered))] += "".join(
        f"\n    - {_item(rng)}" for _ in range(rng.randint(1, 3))
    )
    add("\n".join(numbered))
    quote = [_paragraph(rng, (1, 3)) for _ in range(rng.randint(2, 3))]
    add("\n>\n".join("\n".join(f"> {line}" for line in p.split("\n")) for p in quote))
    add(f"## {rng.choice(HEADINGS)}")
    add(_paragraph(rng, (1, 2)))
    rows = [
        "| Sector | Workers affected | Change since last year |",
        "|---|---:|---:|",
    ]
    for _ in range(rng.randint(3, 4)):
        sector = rng.choice(WORKERS).capitalize()
        change = f"{rng.choice('+-')}{rng.randint(1, 40)}.{rng.randint(0, 9)}%"
        rows.append(f"| {sector} | {_number(rng)} | {change} |")
    add("\n".join(rows))
    add(
        f"![{rng.choice(WORKERS).capitalize()} marching in {rng.choice(PLACES)} during "
        f"{rng.choice(STRUGGLES)}](https://example.org/images/{index:04d}.jpg)"
    )
    footnoted = _paragraph(rng, (2, 3))
    add(
        _SENTENCE_END.sub("[^1].", footnoted, count=1)
        + " "
        + _SENTENCE_END.sub("[^2].", _sentence(rng), count=1)
    )
    for _ in range(rng.randint(2, 4)):
        add(_paragraph(rng))
    if rng.random() < 0.3:
        add(
            "```text\n"
            f"Contact: press@example.org\nReference: WFTU/{index:04d}/{rng.randint(1, 99)}\n"
            "```"
        )
    if rng.random() < 0.3:
        add(
            '<div class="signatories">\n'
            f"<p>Signed in {rng.choice(PLACES)} on {_date(rng)}</p>\n"
            "</div>"
        )
    add(f"### {rng.choice(HEADINGS)}")
    for _ in range(rng.randint(3, 5)):
        add(_paragraph(rng))
    add("\n".join(f"* {_item(rng)}" for _ in range(rng.randint(3, 5))))
    add(_paragraph(rng))
    add(f"**{rng.choice(CLOSINGS)}**")
    add(f"[^1]: {_sentence(rng)}\n[^2]: See the [report](https://example.org/reports/{index:04d}).")
    return slug, "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- pseudo-translation

_ALPHABETS = {
    "es": "aaeeiioouunrslcdtmpñá", "fr": "aaeeeiiouunrslctdmpéèç", "pt": "aaeeiioouunrslcdtmãçõ",
    "de": "aeeeinnrrsstthdlcguüöäß", "it": "aaeeiiioonrltcsdmpz", "nl": "aeeeinnrtoddslgvkij",
    "pl": "aeiioznrwcsyłżąęść", "ru": "оеаинтсрвлкмдпуяыь", "tr": "aeiınrlkdmyuştzsgçğü",
    "el": "αοεινταηυρπσκμλς", "sv": "aeenrtsildkogmåäö", "da": "eernitdsalgkomvæøå",
    "fi": "aaiitneslkuoämrvjh", "cs": "oeanitvlsrkdpmuřěčšžýá", "hu": "eatlnkszrimogáéöő",
    "ro": "eiarntuclosăîșțâ", "uk": "оанвиіртӗслкудмпяєї", "ar": "اليمنوربتكعدفقسهحج",
    "ja": "のにはをたがでてとしれさあいうかきくけこ日本労働組合連帯政府",
    "zh_Hans": "的工人会联合政府团结权利罢工国家社区",
}  # fmt: skip
# Inline markup, URLs, code, footnote references and numbers stay as they are.
_KEEP = re.compile(r"(`[^`]*`|\]\([^)]*\)|\[\^[^\]]*\]|https?://\S+|[\d][\d.,%]*)")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


class PseudoTranslator:
    """Same word, same language → same pseudo-word: sizes and repetition look real."""

    def __init__(self, language: str):
        self.language = language
        self.letters = _ALPHABETS.get(language, "aeiounrst")
        self.no_spaces = language in ("ja", "zh_Hans")
        self.words: dict[str, str] = {}

    def word(self, match: re.Match[str]) -> str:
        english = match.group(0)
        known = self.words.get(english)
        if known is not None:
            return known
        rng = random.Random(zlib.crc32(f"{self.language}:{english.lower()}".encode()))
        length = max(1, len(english) // 2) if self.no_spaces else len(english) + rng.randint(-1, 3)
        made = "".join(rng.choice(self.letters) for _ in range(max(1, length)))
        if english[0].isupper() and not self.no_spaces:
            made = made[0].upper() + made[1:]
        self.words[english] = made
        return made

    def translate(self, text: str) -> str:
        pieces = _KEEP.split(text)
        for position in range(0, len(pieces), 2):
            translated = _WORD.sub(self.word, pieces[position])
            if self.no_spaces:
                translated = translated.replace(" ", "")
            pieces[position] = translated
        return "".join(pieces)


# ---------------------------------------------------------------- states


@dataclass(frozen=True)
class Mix:
    """Shares of approved, needs-review, machine and (the rest) empty entries."""

    approved: float = 0.70
    review: float = 0.10
    machine: float = 0.05


DEFAULT_MIX = Mix()
ALL_APPROVED = Mix(1.0, 0.0, 0.0)


def fill_catalog(
    path: Path,
    translator: PseudoTranslator,
    seed: str,
    mix: Mix = DEFAULT_MIX,
    wrap: tuple[str, int] | None = None,
) -> int:
    """Give the catalogue's entries their translations and states; returns the entry count.

    `wrap` ("polib", width): the catalogue is saved again by polib, with its own wrapping.
    """
    catalog = read_po(path)
    rng = random.Random(zlib.crc32(seed.encode()))
    for entry in catalog.active:
        roll = rng.random()
        if roll >= mix.approved + mix.review + mix.machine:
            continue  # untranslated
        entry.msgstr = translator.translate(entry.msgid)
        if roll < mix.approved:
            if rng.random() < 0.02:
                entry.translator_comments.append("checked against the printed edition")
            continue
        entry.flags = [FUZZY]
        if roll >= mix.approved + mix.review:
            entry.translator_comments.append(f"{MACHINE_COMMENT_PREFIX} deepl")
        elif rng.random() < 0.5:
            # Left over from an earlier merge: the source text it was translated from.
            words = entry.msgid.split(" ")
            if len(words) > 3:
                del words[rng.randrange(1, len(words) - 1)]
            entry.previous_msgid = " ".join(words)
    path.write_bytes(format_po(catalog))
    if wrap is not None:
        import polib  # the bench extra; only this option needs it

        foreign = polib.pofile(str(path), wrapwidth=wrap[1])
        foreign.save(str(path))
    return len(catalog.active)


# ---------------------------------------------------------------- driver


def _write_settings(out: Path, languages: Sequence[str]) -> None:
    listed = ", ".join(f'"{code}"' for code in languages)
    (out / "polyglot.toml").write_text(
        "# Benchmark corpus made by benchmarks/make_corpus.py; safe to delete.\n"
        'source-language = "en"\n'
        f"languages = [{listed}]\n"
        'project-name = "bench"\n',
        encoding="utf-8",
    )


@dataclass(frozen=True)
class Options:
    """How the catalogues are filled: `publishable` first languages all approved, the
    others by `mix`; `wrap` as fill_catalog's."""

    publishable: int = 0
    mix: Mix = DEFAULT_MIX
    wrap: tuple[str, int] | None = None


def _work(job: tuple[Path, list[str], Options]) -> tuple[int, int]:
    """Extract and fill the catalogues of some statements: (catalogues, entries)."""
    out, slugs, options = job
    settings = load_settings(out)
    publishable = set(settings.languages[: options.publishable])
    extract(settings, statements=slugs)
    translators = {language: PseudoTranslator(language) for language in settings.languages}
    catalogues = entries = 0
    for slug in slugs:
        for language in settings.languages:
            entries += fill_catalog(
                settings.catalog_path(language, slug),
                translators[language],
                f"{slug}/{language}",
                ALL_APPROVED if language in publishable else options.mix,
                options.wrap,
            )
            catalogues += 1
    return catalogues, entries


def make_corpus(
    out: Path,
    statements: int,
    languages: int,
    processes: int = 2,
    options: Options = Options(),
) -> None:
    if languages > len(TARGET_LANGUAGES):
        sys.exit(f"at most {len(TARGET_LANGUAGES)} languages")
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    (out / "source").mkdir(parents=True)
    _write_settings(out, TARGET_LANGUAGES[:languages])
    slugs: list[str] = []
    for index in range(statements):
        slug, text = make_statement(index)
        (out / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
    print(f"wrote {statements} statements in {time.perf_counter() - started:.1f} s")
    chunk = max(1, -(-len(slugs) // (processes * 8)))
    jobs = [(out, slugs[start : start + chunk], options) for start in range(0, len(slugs), chunk)]
    with multiprocessing.Pool(processes) as pool:
        results = pool.map(_work, jobs)
    catalogues = sum(result[0] for result in results)
    entries = sum(result[1] for result in results)
    size = sum(path.stat().st_size for path in (out / "locales").rglob("*.po"))
    print(
        f"{catalogues} catalogues, {entries} entries, {size / 1e6:.1f} MB of .po "
        f"in {time.perf_counter() - started:.1f} s → {out}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=500)
    parser.add_argument("--languages", type=int, default=20)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--publishable", type=int, default=0, help="first K languages fully approved"
    )
    parser.add_argument(
        "--mix",
        default="70,10,5,15",
        help="percent approved, needs review, machine, empty of the other languages",
    )
    parser.add_argument(
        "--wrap", choices=("own", "polib"), default="own", help="who writes the catalogues"
    )
    parser.add_argument("--wrap-width", type=int, default=78, help="polib's line width")
    arguments = parser.parse_args()
    shares = [float(part) / 100 for part in arguments.mix.split(",")]
    if len(shares) != 4 or abs(sum(shares) - 1) > 1e-9 or min(shares) < 0:
        sys.exit("--mix takes four percentages that add up to 100, e.g. 70,10,0,20")
    options = Options(
        publishable=arguments.publishable,
        mix=Mix(*shares[:3]),
        wrap=None if arguments.wrap == "own" else (arguments.wrap, arguments.wrap_width),
    )
    make_corpus(
        arguments.out.resolve(),
        arguments.statements,
        arguments.languages,
        arguments.processes,
        options,
    )


if __name__ == "__main__":
    main()
