"""What `polyglot translate` costs: requests and billed characters against the lower bound.

For the example workspace and the benchmark corpus (500 statements × 20 languages, made
by benchmarks/make_corpus.py), on copies in a temporary folder (or --work), against the
fake DeepL server of tests/support/fake_deepl.py started in this process:

* the lower bound, per language the engine offers: the distinct untranslated texts as
  they are sent (the Markdown → XML form translate.py bills, see its docstring), their
  characters, and the fewest requests that can carry them (50 texts and 128 KiB each);
* the first run: requests and billed characters as the server counted them, and the ratio
  to the lower bound (target 1.00);
* a second run on the result: requests and characters (target 0);
* every catalogue still parses afterwards;
* time: the first run against reading, parsing, formatting and writing (atomically,
  fsynced) every catalogue once, which is the least a run that fills entries in every
  catalogue must do (target: within 2×).

The corpus copy gets the example workspace's glossary.yml, so glossaries are created and
do-not-translate terms travel in ignored tags as in a real workspace.

Usage: python benchmarks/make_corpus.py && python benchmarks/bench_translate.py
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.fsutil import commit_staged, fsync_directory, read_version, stage_file
from polyglot_statement.glossary import glossary_for_settings
from polyglot_statement.inline import keep_pattern, to_xml
from polyglot_statement.machine.deepl import MAX_REQUEST_BYTES, MAX_TEXTS, DeepLEngine
from polyglot_statement.machine.translate import engine_glossary, statement_references, translate
from polyglot_statement.po import UNTRANSLATED, format_po, parse_po, read_po
from polyglot_statement.source.statement import select_statement_paths

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
from fake_deepl import FakeDeepL  # noqa: E402  (tests/support is not a package)

KEY = "test-key"


@dataclass(frozen=True, slots=True)
class LowerBound:
    languages: int
    segments: int  # distinct untranslated texts, summed over languages
    characters: int
    requests: int


def lower_bound(settings: Settings, languages: list[str]) -> LowerBound:
    glossary = glossary_for_settings(settings)
    sources = {path.stem: path for path in select_statement_paths(settings)}
    references = {slug: statement_references(path) for slug, path in sources.items()}
    segments = characters = requests = 0
    for language in languages:
        keep = keep_pattern(engine_glossary(glossary, settings.source_language, language).kept)
        texts: dict[str, None] = {}
        for slug in sources:
            path = settings.catalog_path(language, slug)
            if not path.exists():
                continue
            for entry in read_po(path).active:
                if entry.state == UNTRANSLATED and entry.msgid and entry.msgid_plural is None:
                    texts[to_xml(entry.msgid, keep, references[slug]).xml] = None
        segments += len(texts)
        characters += sum(len(text) for text in texts)
        request_bytes = sum(len(json.dumps(text)) + 2 for text in texts)
        requests += max(
            math.ceil(len(texts) / MAX_TEXTS), math.ceil(request_bytes / MAX_REQUEST_BYTES)
        )
    return LowerBound(len(languages), segments, characters, requests)


def copy_workspace(name: str, source: Path, glossary: Path | None, folder: Path) -> Path:
    work = folder / f"translate-{name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for item in ("pyproject.toml", "polyglot.toml", "glossary.yml", "source", "locales"):
        path = source / item
        if path.is_dir():
            shutil.copytree(path, work / item)
        elif path.is_file():
            shutil.copy(path, work / item)
    if glossary is not None and not (work / "glossary.yml").exists():
        shutil.copy(glossary, work / "glossary.yml")
    return work


def read_and_write_every_catalogue(settings: Settings) -> float:
    """Seconds to read, parse, format and atomically write (fsynced) every catalogue once."""
    started = time.perf_counter()
    for path in sorted(settings.locales_path.rglob("*.po")):
        data, _ = read_version(path)
        assert data is not None
        commit_staged(stage_file(path, format_po(parse_po(data, path))), path)
        fsync_directory(path.parent)
    return time.perf_counter() - started


def measure(name: str, source: Path, glossary: Path | None, folder: Path) -> dict[str, object]:
    work = copy_workspace(name, source, glossary, folder)
    settings = load_settings(work)
    baseline = read_and_write_every_catalogue(settings)  # same bytes back: no change
    with FakeDeepL() as fake:
        environ = {"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake.url}
        probe = translate(settings, engine=DeepLEngine(settings, environ=environ), dry_run=True)
        offered = [plan.language for plan in probe.plans]
        bound = lower_bound(settings, offered)
        fake.reset_counters()

        started = time.perf_counter()
        first = translate(settings, engine=DeepLEngine(settings, environ=environ))
        first_seconds = time.perf_counter() - started
        first_requests, first_characters = fake.translate_requests, fake.billed_characters
        glossaries = len(fake.glossaries)

        fake.reset_counters()
        started = time.perf_counter()
        second = translate(settings, engine=DeepLEngine(settings, environ=environ))
        second_seconds = time.perf_counter() - started
        second_requests, second_characters = fake.translate_requests, fake.billed_characters
    catalogs = list(settings.locales_path.rglob("*.po"))
    for path in catalogs:
        read_po(path)  # raises on a damaged file
    return {
        "workspace": name,
        "languages": bound.languages,
        "skipped": ", ".join(skipped.language for skipped in first.skipped) or "none",
        "catalogues": len(catalogs),
        "entries_filled": first.filled,
        "distinct_texts": bound.segments,
        "lower_bound_requests": bound.requests,
        "lower_bound_characters": bound.characters,
        "requests": first_requests,
        "billed_characters": first_characters,
        "ratio_characters": first_characters / bound.characters if bound.characters else 1.0,
        "ratio_requests": first_requests / bound.requests if bound.requests else 1.0,
        "glossaries_created": glossaries,
        "seconds": round(first_seconds, 2),
        "read_write_seconds": round(baseline, 2),
        "ratio_time": first_seconds / baseline if baseline else 0.0,
        "second_run_requests": second_requests,
        "second_run_characters": second_characters,
        "second_run_filled": second.filled,
        "second_run_seconds": round(second_seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--work", type=Path, default=None, help="keep the copies here (default: a temporary folder)"
    )
    arguments = parser.parse_args()
    os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1"]))

    with tempfile.TemporaryDirectory(prefix="bench-translate-") as temporary:
        folder = arguments.work.resolve() if arguments.work else Path(temporary)
        results = [measure("example", ROOT, None, folder)]
        if (arguments.corpus / "locales").is_dir():
            results.append(measure("corpus", arguments.corpus, ROOT / "glossary.yml", folder))
        else:
            print(
                f"no corpus in {arguments.corpus}; run benchmarks/make_corpus.py", file=sys.stderr
            )
    if arguments.json:
        print(json.dumps(results, indent=2))
        return
    for result in results:
        print(
            f"{result['workspace']}: {result['languages']} languages "
            f"(skipped: {result['skipped']}), {result['catalogues']} "
            f"catalogues, {result['entries_filled']:,} entries filled from "
            f"{result['distinct_texts']:,} distinct texts in {result['seconds']} s"
        )
        print(
            f"  requests  {result['requests']:>9,}  lower bound "
            f"{result['lower_bound_requests']:>9,}"
            f"  ratio {result['ratio_requests']:.2f}"
        )
        print(
            f"  billed    {result['billed_characters']:>9,}  lower bound "
            f"{result['lower_bound_characters']:>9,}  ratio {result['ratio_characters']:.2f}"
        )
        print(
            f"  time      {result['seconds']:>9} s  reading and writing every catalogue once "
            f"{result['read_write_seconds']} s  ratio {result['ratio_time']:.2f}"
        )
        print(
            f"  second run: {result['second_run_requests']} requests, "
            f"{result['second_run_characters']} characters, {result['second_run_filled']} "
            f"entries filled, {result['second_run_seconds']} s; "
            f"{result['glossaries_created']} DeepL glossaries"
        )


if __name__ == "__main__":
    main()
