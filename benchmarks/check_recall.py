"""Plant known errors into copies of approved catalogues; compare `polyglot check` and `pofilter`.

Two workspaces are made under benchmarks/work/check/:

- example: the example statement's approved es, fr and pt catalogues, in several copies
  (each copy a statement of its own), with the example glossary;
- corpus: a sample of catalogues of the 500 × 20 corpus (benchmarks/corpus, made by
  benchmarks/make_corpus.py; a small one is generated if it is missing), without a
  glossary, since its pseudo-translations follow none.

Only approved entries are copied. Each copy gets at most one planted error of every kind,
each in a different entry; a tool "finds" a planted error when it reports on that entry
something it did not report on the clean copy. Findings on the clean copies are false
positives (the example's must be none). pofilter runs per language with `--language` and
is given the glossary's do-not-translate words (`--notranslatefile`), its nearest feature.

Then both tools check the whole corpus, both on every core (pofilter one language per
process), and the wall-clock and CPU times are printed with their ratio.

Usage: python benchmarks/check_recall.py [--corpus DIR] [--sample 200] [--copies 8] [--no-timing]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.checks import find_problems
from polyglot_statement.checks.content import addresses
from polyglot_statement.config import load_settings
from polyglot_statement.glossary import Glossary, LanguageGlossary, load_glossary
from polyglot_statement.po import APPROVED, Catalog, Entry, format_po, read_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_WORK = HERE / "work" / "check"
EXAMPLE_SLUG = "wftu-andean-solidarity-peru"
EXAMPLE_LANGUAGES = ("es", "fr", "pt")
KINDS = (
    "glossary",
    "forbidden-term",
    "do-not-translate",
    "markdown",
    "html",
    "urls",
    "numbers",
    "identical",
    "whitespace",
    "punctuation",
    "length",
)
# A neutral word put where a glossary term's rendering was: a synonym the glossary did
# not choose.
SUBSTITUTE = {"es": "término", "fr": "terme", "pt": "termo", "ar": "مصطلح"}
EntryKey = tuple[str, str]  # (catalogue path relative to the workspace, msgid)


# ---------------------------------------------------------------- planting


@dataclass(frozen=True, slots=True)
class Context:
    language: str
    glossary: LanguageGlossary | None
    rng: random.Random


def _replace_all(text: str, needles: Iterable[str], replacement: str) -> str:
    for needle in sorted(needles, key=len, reverse=True):
        text = re.sub(re.escape(needle), replacement, text, flags=re.IGNORECASE)
    return text


def _absent(text: str, renderings: Iterable[str]) -> bool:
    """Independent of the checker: no word of the text starts like a word of a rendering."""
    words = {word[:4].casefold() for word in re.findall(r"\w+", text)}
    return all(
        word[:4].casefold() not in words
        for rendering in renderings
        for word in re.findall(r"\w+", rendering)
        if len(word) > 3
    )


def plant_glossary(entry: Entry, context: Context) -> str | None:
    if context.glossary is None:
        return None
    for requirement in context.glossary.requirements(entry.msgid):
        if requirement.verbatim or not requirement.accepted:
            continue
        if not any(r.casefold() in entry.msgstr.casefold() for r in requirement.accepted):
            continue
        word = SUBSTITUTE.get(context.language.split("_")[0], "term")
        changed = _replace_all(entry.msgstr, requirement.accepted, word)
        if _absent(changed, requirement.accepted):
            return changed
    return None


def plant_forbidden(entry: Entry, context: Context) -> str | None:
    if context.glossary is None:
        return None
    for requirement in context.glossary.requirements(entry.msgid):
        if not requirement.forbidden:
            continue
        if any(r.casefold() in entry.msgstr.casefold() for r in requirement.accepted):
            return _replace_all(entry.msgstr, requirement.accepted, requirement.forbidden[0])
    return None


def plant_do_not_translate(entry: Entry, context: Context) -> str | None:
    if context.glossary is None:
        return None
    for requirement in context.glossary.requirements(entry.msgid):
        name = requirement.term.term
        if requirement.verbatim and name in entry.msgstr:
            last = name[-1]
            altered = name[:-1] + {"o": "a", "a": "o", "U": "O"}.get(last, chr(ord(last) + 1))
            return entry.msgstr.replace(name, altered)
    return None


def plant_markdown(entry: Entry, context: Context) -> str | None:
    text = entry.msgstr
    if text.count("**") >= 2:
        return text.replace("**", "", 2)
    link = re.search(r"\]\(([^)\s]+)\)", text)
    if link is not None:
        return text[: link.end(1)] + "-old" + text[link.end(1) :]
    if text.count("`") >= 2:
        return text.replace("`", "", 2)
    words = [match for match in re.finditer(r"\w{4,}", text)]
    if len(words) < 3:
        return None
    word = words[len(words) // 2]
    return text[: word.start()] + "**" + word.group() + "**" + text[word.end() :]


def plant_html(entry: Entry, context: Context) -> str | None:
    text = entry.msgstr
    space = text.find(" ")
    if space < 0 or "<" in entry.msgid:
        return None
    return text[:space] + " <script>alert(1)</script>" + text[space:]


def plant_urls(entry: Entry, context: Context) -> str | None:
    found = sorted(addresses(entry.msgstr))
    if not found:
        # Neither statement has a bare address in its prose: plant an added one, as a
        # careless copy-paste or a spammer would.
        space = entry.msgstr.rfind(" ")
        if space < 0:
            return None
        return entry.msgstr[:space] + " https://example.net/more" + entry.msgstr[space:]
    address = found[0]
    if "@" in address and "://" not in address:
        changed = "x" + address
    else:
        changed = address.replace(".", "-", 1)
    return entry.msgstr.replace(address, changed, 1)


def plant_numbers(entry: Entry, context: Context) -> str | None:
    text = re.sub(r"\]\([^)]*\)|\S+://\S+", lambda m: "\0" * len(m.group()), entry.msgstr)
    match = re.search(r"\d+", text)
    if match is None:
        return None
    position = match.end() - 1
    digit = int(entry.msgstr[position])
    # A digit of the same script, one more: 2022 → 2023, ٢٠٢٢ → ٢٠٢٣.
    changed = chr(ord(entry.msgstr[position]) - digit + (digit + 1) % 10)
    return entry.msgstr[:position] + changed + entry.msgstr[position + 1 :]


def plant_identical(entry: Entry, context: Context) -> str | None:
    if len(re.findall(r"[^\W\d_]{2,}", entry.msgid)) < 5 or entry.msgstr == entry.msgid:
        return None
    return entry.msgid


def plant_whitespace(entry: Entry, context: Context) -> str | None:
    text = entry.msgstr
    if context.rng.random() < 0.5 or " " not in text.strip():
        return text + " "
    space = text.strip().find(" ") + (len(text) - len(text.lstrip()))
    return text[:space] + " " + text[space:]


def plant_punctuation(entry: Entry, context: Context) -> str | None:
    text, language = entry.msgstr, context.language.split("_")[0]
    if language == "es" and ("¿" in text or "¡" in text):
        return text.replace("¿", "", 1) if "¿" in text else text.replace("¡", "", 1)
    if language == "fr":
        spaced = re.search(r"[\u00a0\u202f ]([;:!?])", text)
        if spaced is not None:
            return text[: spaced.start()] + text[spaced.start() + 1 :]
    if language == "ar" and "؟" in text:
        return text.replace("؟", "?")
    stripped = text.rstrip()
    if stripped and stripped[-1] in ".!?。؟" and entry.msgid.rstrip()[-1:] in ".!?":
        return stripped[:-1] + text[len(stripped) :]
    return None


def plant_length(entry: Entry, context: Context) -> str | None:
    text = entry.msgstr
    if len(entry.msgid) < 80 or "\n" in text:
        return None
    cut = text.rfind(" ", 0, int(len(text) * 0.3))
    if cut <= 0:
        cut = int(len(text) * 0.3)  # scripts written without spaces
    return text[:cut] + text.rstrip()[-1:]


PLANTERS: dict[str, Callable[[Entry, Context], str | None]] = {
    "glossary": plant_glossary,
    "forbidden-term": plant_forbidden,
    "do-not-translate": plant_do_not_translate,
    "markdown": plant_markdown,
    "html": plant_html,
    "urls": plant_urls,
    "numbers": plant_numbers,
    "identical": plant_identical,
    "whitespace": plant_whitespace,
    "punctuation": plant_punctuation,
    "length": plant_length,
}


def plant(catalog: Catalog, context: Context) -> tuple[Catalog, dict[str, str]]:
    """A copy with at most one error of each kind, each in its own entry: msgid → kind."""
    entries = [_copy(entry) for entry in catalog.entries]
    eligible = {
        kind: [entry for entry in entries if PLANTERS[kind](_copy(entry), context) is not None]
        for kind in KINDS
    }
    planted: dict[str, str] = {}
    # The rarest kinds choose first, so that the one entry with an e-mail address gets
    # the changed address rather than, say, a doubled space.
    for kind in sorted(KINDS, key=lambda kind: (len(eligible[kind]), KINDS.index(kind))):
        candidates = [entry for entry in eligible[kind] if entry.msgid not in planted]
        context.rng.shuffle(candidates)
        for entry in candidates:
            changed = PLANTERS[kind](entry, context)
            if changed is not None and changed != entry.msgstr:
                entry.msgstr = changed
                planted[entry.msgid] = kind
                break
    return Catalog(catalog.header_comments, catalog.headers, catalog.header_flags, entries), planted


def _copy(entry: Entry) -> Entry:
    return Entry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        translator_comments=list(entry.translator_comments),
        extracted_comments=list(entry.extracted_comments),
        occurrences=list(entry.occurrences),
        flags=list(entry.flags),
    )


def approved_only(catalog: Catalog) -> Catalog:
    entries = [
        _copy(entry)
        for entry in catalog.entries
        if entry.state == APPROVED and entry.msgid_plural is None
    ]
    return Catalog(catalog.header_comments, catalog.headers, catalog.header_flags, entries)


# ---------------------------------------------------------------- workspaces


@dataclass(slots=True)
class Workspace:
    root: Path
    languages: list[str]
    planted: dict[EntryKey, str]  # filled in the planted copy only


def make_workspace(
    root: Path,
    copies: list[tuple[str, str, Path, Catalog]],  # (slug, language, source file, catalogue)
    glossary_file: Path | None,
) -> Workspace:
    if root.exists():
        shutil.rmtree(root)
    (root / "source").mkdir(parents=True)
    languages = sorted({language for _, language, _, _ in copies})
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = [' + ", ".join(f'"{c}"' for c in languages) + "]\n",
        encoding="utf-8",
    )
    if glossary_file is not None:
        shutil.copy(glossary_file, root / "glossary.yml")
    for slug, language, source, catalog in copies:
        target = root / "source" / f"{slug}.md"
        if not target.exists():
            shutil.copy(source, target)
        path = root / "locales" / language / "LC_MESSAGES" / f"{slug}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(format_po(catalog))
    return Workspace(root, languages, {})


def clean_and_planted(
    name: str,
    copies: list[tuple[str, str, Path, Catalog]],
    glossary_file: Path | None,
    seed: int,
    work: Path,
) -> tuple[Workspace, Workspace]:
    glossary: Glossary | None = load_glossary(glossary_file) if glossary_file is not None else None
    clean = make_workspace(work / f"{name}-clean", copies, glossary_file)
    rng = random.Random(seed)
    planted_copies = []
    plants: dict[EntryKey, str] = {}
    for slug, language, source, catalog in copies:
        context = Context(
            language, glossary.for_language(language) if glossary is not None else None, rng
        )
        changed, kinds = plant(catalog, context)
        planted_copies.append((slug, language, source, changed))
        relative = f"locales/{language}/LC_MESSAGES/{slug}.po"
        plants.update({(relative, msgid): kind for msgid, kind in kinds.items()})
    planted = make_workspace(work / f"{name}-planted", planted_copies, glossary_file)
    planted.planted = plants
    return clean, planted


# ---------------------------------------------------------------- running the tools


def polyglot_findings(workspace: Workspace) -> dict[EntryKey, Counter[str]]:
    found: dict[EntryKey, Counter[str]] = {}
    for finding in find_problems(load_settings(workspace.root)):
        key = (finding.path.relative_to(workspace.root).as_posix(), finding.msgid)
        found.setdefault(key, Counter())[finding.check_id] += 1
    return found


def do_not_translate_file(glossary_file: Path | None, language: str, folder: Path) -> Path | None:
    if glossary_file is None:
        return None
    glossary = load_glossary(glossary_file)
    words = [term.term for term in glossary.terms if term.kept_verbatim(language)]
    if not words:
        return None
    path = folder / f"notranslate-{language}.txt"
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
    return path


def pofilter_command(
    locales: Path, language: str, output: Path, notranslate: Path | None
) -> list[str]:
    command = [
        str(Path(sys.executable).with_name("pofilter")),
        "--progress=none",
        f"--language={language.replace('_', '-')}",
        "-i",
        str(locales / language),
        "-o",
        str(output / language),
    ]
    if notranslate is not None:
        command.append(f"--notranslatefile={notranslate}")
    return command


def run_pofilter(
    locales: Path, languages: list[str], output: Path, glossary_file: Path | None
) -> None:
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    commands = [
        pofilter_command(
            locales, language, output, do_not_translate_file(glossary_file, language, output)
        )
        for language in languages
    ]
    # One language per process, as many processes as cores: polyglot check uses them all too.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for result in pool.map(
            lambda command: subprocess.run(command, capture_output=True, check=False), commands
        ):
            if result.returncode != 0:
                raise SystemExit(f"pofilter failed: {result.stderr.decode()[:500]}")


def pofilter_findings(
    workspace: Workspace, glossary_file: Path | None
) -> dict[EntryKey, Counter[str]]:
    output = workspace.root / "pofilter-out"
    run_pofilter(workspace.root / "locales", workspace.languages, output, glossary_file)
    found: dict[EntryKey, Counter[str]] = {}
    for path in sorted(output.rglob("*.po")):
        language = path.relative_to(output).parts[0]
        relative = f"locales/{language}/LC_MESSAGES/{path.name}"
        for entry in read_po(path).entries:
            for comment in entry.translator_comments:
                if comment.startswith("(pofilter) "):
                    test = comment[len("(pofilter) ") :].split(":")[0]
                    found.setdefault((relative, entry.msgid), Counter())[test] += 1
    return found


# ---------------------------------------------------------------- scoring


@dataclass(slots=True)
class Score:
    planted: Counter[str]
    found: Counter[str]
    found_by_its_check: Counter[str]
    false_positive_entries: int
    false_positive_findings: Counter[str]
    new_on_unplanted_entries: int
    false_positive_languages: Counter[str]


def score(
    clean: dict[EntryKey, Counter[str]],
    planted_run: dict[EntryKey, Counter[str]],
    plants: dict[EntryKey, str],
) -> Score:
    planted: Counter[str] = Counter(plants.values())
    found: Counter[str] = Counter()
    by_check: Counter[str] = Counter()
    for key, kind in plants.items():
        new = planted_run.get(key, Counter()) - clean.get(key, Counter())
        if new:
            found[kind] += 1
        if new[kind]:
            by_check[kind] += 1
    false_positive_findings: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    for (path, _), counts in clean.items():
        false_positive_findings.update(counts)
        languages[path.split("/")[1]] += sum(counts.values())
    unplanted_new = sum(
        1
        for key, counts in planted_run.items()
        if key not in plants and counts - clean.get(key, Counter())
    )
    return Score(
        planted, found, by_check, len(clean), false_positive_findings, unplanted_new, languages
    )


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {count}" for key, count in counter.most_common(6))


def print_scores(title: str, ours: Score, theirs: Score) -> None:
    print(f"\n== {title}")
    print(
        f"{'planted error':<18} {'planted':>7} {'polyglot':>9} {'(its check)':>11} {'pofilter':>9}"
    )
    for kind in KINDS:
        if ours.planted[kind]:
            print(
                f"{kind:<18} {ours.planted[kind]:>7} {ours.found[kind]:>9} "
                f"{ours.found_by_its_check[kind]:>11} {theirs.found[kind]:>9}"
            )
    total = sum(ours.planted.values())
    print(
        f"{'all':<18} {total:>7} {sum(ours.found.values()):>9} "
        f"{sum(ours.found_by_its_check.values()):>11} {sum(theirs.found.values()):>9}"
    )
    print(
        f"recall: polyglot check {sum(ours.found.values()) / total:.1%}, "
        f"pofilter {sum(theirs.found.values()) / total:.1%}"
    )
    for name, result in (("polyglot check", ours), ("pofilter", theirs)):
        shown = ", ".join(
            f"{test} {count}" for test, count in result.false_positive_findings.most_common(8)
        )
        print(
            f"on the clean copies, {name}: {result.false_positive_entries} entries flagged, "
            f"{sum(result.false_positive_findings.values())} findings"
            + (f" ({shown})" if shown else "")
            + (f" by language: {_counts(result.false_positive_languages)}" if shown else "")
            + "; new findings on unplanted entries after planting: "
            + str(result.new_on_unplanted_entries)
        )


# ---------------------------------------------------------------- inputs


def example_copies(copies: int) -> list[tuple[str, str, Path, Catalog]]:
    source = ROOT / "source" / f"{EXAMPLE_SLUG}.md"
    result = []
    for language in EXAMPLE_LANGUAGES:
        catalog = approved_only(
            read_po(ROOT / "locales" / language / "LC_MESSAGES" / f"{EXAMPLE_SLUG}.po")
        )
        for number in range(copies):
            result.append((f"{EXAMPLE_SLUG}-{number}", language, source, catalog))
    return result


def corpus_copies(corpus: Path, sample: int) -> list[tuple[str, str, Path, Catalog]]:
    paths = sorted((corpus / "locales").glob("*/LC_MESSAGES/*.po"))
    step = max(1, len(paths) // sample)
    result = []
    for path in paths[::step][:sample]:
        language, slug = path.parts[-3], path.stem
        result.append(
            (slug, language, corpus / "source" / f"{slug}.md", approved_only(read_po(path)))
        )
    return result


def ensure_corpus(corpus: Path, work: Path) -> Path:
    if (corpus / "locales").is_dir():
        return corpus
    small = work / "small-corpus"
    if not (small / "locales").is_dir():
        print(f"{corpus} not found: generating a small corpus (40 statements × 10 languages)")
        sys.path.insert(0, str(HERE))
        from make_corpus import make_corpus  # the corpus generator of benchmarks/

        make_corpus(small, 40, 10)
    return small


# ---------------------------------------------------------------- timing


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    action()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    cpu = sum(
        (a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
        for a, b in zip(after, before, strict=True)
    )
    return wall, cpu


def timing(corpus: Path, repeat: int, work: Path) -> None:
    # The corpus with the example glossary, as hard links: nothing here writes to it.
    linked = work / "timing-corpus"
    if linked.exists():
        shutil.rmtree(linked)
    subprocess.run(["cp", "-al", str(corpus), str(linked)], check=True)
    shutil.copy(ROOT / "glossary.yml", linked / "glossary.yml")
    settings = load_settings(linked)
    languages = list(settings.languages)
    files = len(list((linked / "locales").glob("*/LC_MESSAGES/*.po")))
    output = work / "timing-pofilter-out"
    polyglot = [
        str(Path(sys.executable).with_name("polyglot")),
        "-C",
        str(linked),
        "check",
        "--format",
        "json",
    ]

    def run_polyglot() -> None:
        with (work / "timing-polyglot.json").open("wb") as sink:
            subprocess.run(polyglot, stdout=sink, check=False)

    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    for _ in range(repeat):
        ours.append(timed(run_polyglot))
        theirs.append(
            timed(
                lambda: run_pofilter(linked / "locales", languages, output, linked / "glossary.yml")
            )
        )
    ours.sort()
    theirs.sort()
    our_wall, our_cpu = ours[len(ours) // 2]
    their_wall, their_cpu = theirs[len(theirs) // 2]
    report = json.loads((work / "timing-polyglot.json").read_text(encoding="utf-8"))
    cores = os.cpu_count()
    print(f"\n== speed on {files} catalogues ({corpus.name}), median of {repeat}, {cores} cores")
    counts = f"{report['errors']} errors, {report['warnings']} warnings"
    print(f"polyglot check: {our_wall:.1f} s wall, {our_cpu:.1f} s CPU ({counts})")
    print(f"pofilter:       {their_wall:.1f} s wall, {their_cpu:.1f} s CPU")
    print(
        f"pofilter / polyglot check: {their_wall / our_wall:.1f}× wall clock, "
        f"{their_cpu / our_cpu:.1f}× CPU time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--sample", type=int, default=200, help="corpus catalogues to plant into")
    parser.add_argument("--copies", type=int, default=8, help="copies of each example catalogue")
    parser.add_argument("--repeat", type=int, default=1, help="timing runs (median)")
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--only-timing", action="store_true")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help="scratch folder")
    arguments = parser.parse_args()
    work = arguments.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    corpus = ensure_corpus(arguments.corpus.resolve(), work)
    glossary_file = ROOT / "glossary.yml"

    for name, copies, glossary in (
        ()
        if arguments.only_timing
        else (
            ("example", example_copies(arguments.copies), glossary_file),
            ("corpus", corpus_copies(corpus, arguments.sample), None),
        )
    ):
        clean, planted = clean_and_planted(name, copies, glossary, 20221207, work)
        ours = score(polyglot_findings(clean), polyglot_findings(planted), planted.planted)
        theirs = score(
            pofilter_findings(clean, glossary),
            pofilter_findings(planted, glossary),
            planted.planted,
        )
        print_scores(
            f"{name}: {len(copies)} approved catalogues, {len(clean.languages)} languages",
            ours,
            theirs,
        )

    if not arguments.no_timing:
        timing(corpus, arguments.repeat, work)


if __name__ == "__main__":
    main()
