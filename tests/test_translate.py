"""`polyglot translate` against the fake DeepL server: exact request and character counts,
the cache, glossaries, every fault, and an interrupted run."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import deepl
import fake_deepl as fake_module
import pytest
from cli_runner import polyglot
from fake_deepl import FakeDeepL, deepl_backoffs, fake_deepl_fixture  # noqa: F401
from lock_holder import hold_lock, release

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.errors import (
    AuthorizationFailed,
    EngineUnavailable,
    NoNetwork,
    QuotaExceeded,
    RateLimited,
)
from polyglot_statement.fsutil import LockHolder
from polyglot_statement.glossary import parse_glossary
from polyglot_statement.inline import to_xml
from polyglot_statement.machine.base import EngineGlossary
from polyglot_statement.machine.deepl import DeepLEngine
from polyglot_statement.machine.events import BatchDone
from polyglot_statement.machine.terms import engine_glossary
from polyglot_statement.machine.translate import translate
from polyglot_statement.po import MACHINE, MACHINE_COMMENT_PREFIX, UNTRANSLATED, read_po
from polyglot_statement.progress import Event, WaitingForLock
from polyglot_statement.source.extract import extract

KEY = "test-key"
SHARED = "Solidarity with the workers of every country is our first duty."


@pytest.fixture(autouse=True)
def _client_patience() -> Iterator[None]:
    # DeepLEngine sets the client's module-wide timeout and retries; put them back.
    saved = (deepl.http_client.min_connection_timeout, deepl.http_client.max_network_retries)
    yield
    deepl.http_client.min_connection_timeout, deepl.http_client.max_network_retries = saved


def _paragraphs(prefix: str, count: int) -> list[str]:
    return [f"{prefix} paragraph number {index} speaks of the union." for index in range(count)]


def make_workspace(
    root: Path,
    statements: dict[str, list[str]],
    languages: tuple[str, ...] = ("es", "fr"),
    glossary: str | None = None,
    machine: str = "",
) -> Settings:
    root.mkdir(parents=True, exist_ok=True)
    codes = ", ".join(f'"{code}"' for code in languages)
    (root / "polyglot.toml").write_text(
        f'source-language = "en"\nlanguages = [{codes}]\nfront-matter-fields = ["title"]\n'
        f"[machine]\n{machine}",
        encoding="utf-8",
    )
    (root / "source").mkdir(exist_ok=True)
    for slug, paragraphs in statements.items():
        body = "\n\n".join(paragraphs)
        (root / "source" / f"{slug}.md").write_text(
            f"---\ntitle: Statement {slug}\n---\n\n{body}\n", encoding="utf-8"
        )
    if glossary is not None:
        (root / "glossary.yml").write_text(glossary, encoding="utf-8")
    settings = load_settings(root)
    extract(settings)
    return settings


def engine_for(fake: FakeDeepL, settings: Settings, **options: Any) -> DeepLEngine:
    environ = {settings.machine.auth_key_env: options.pop("key", KEY), "DEEPL_SERVER_URL": fake.url}
    return DeepLEngine(settings, environ=environ, **options)


def untranslated_texts(settings: Settings, language: str) -> list[str]:
    """The distinct texts that should be sent: each untranslated msgid, as XML."""
    texts: dict[str, None] = {}
    for path in sorted((settings.locales_path / language / "LC_MESSAGES").glob("*.po")):
        for entry in read_po(path).active:
            if entry.state == UNTRANSLATED and entry.msgid:
                texts[to_xml(entry.msgid).xml] = None
    return list(texts)


def states(settings: Settings, language: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in (settings.locales_path / language / "LC_MESSAGES").glob("*.po"):
        for entry in read_po(path).active:
            counts[entry.state] = counts.get(entry.state, 0) + 1
    return counts


def assert_valid_catalogs(settings: Settings) -> None:
    for path in settings.locales_path.rglob("*.po"):
        read_po(path)
        result = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    assert not list(settings.locales_path.rglob("*.tmp")), "a temporary file was left behind"


def translate_posts(fake: FakeDeepL) -> int:
    return sum(1 for request in fake.requests if request.path == "/v2/translate")


def _environment(fake: FakeDeepL) -> dict[str, str]:
    """A child process's environment: the fake's URL and key, and no proxy for it."""
    return {
        **os.environ,
        "DEEPL_AUTH_KEY": KEY,
        "DEEPL_SERVER_URL": fake.url,
        "NO_PROXY": "127.0.0.1",
    }


def _start_and_wait(
    command: list[str], settings: Settings, fake: FakeDeepL, ready: Callable[[], bool]
) -> subprocess.Popen[str]:
    """Start `command` in the workspace and return it, still running, once `ready()` holds."""
    process = subprocess.Popen(
        command,
        cwd=settings.root,
        env=_environment(fake),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not ready():
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError(process.communicate())
        time.sleep(0.02)
    return process


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.communicate()


# ---------------------------------------------------------------- exact figures


def test_requests_and_billed_characters_are_the_lower_bound(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = make_workspace(
        tmp_path / "ws",
        {
            "one": [*_paragraphs("First", 70), SHARED],
            "two": [*_paragraphs("Second", 40), SHARED, SHARED + " Again."],
        },
    )
    expected = {language: untranslated_texts(settings, language) for language in ("es", "fr")}
    unique = len(expected["es"])
    assert unique == 2 + 70 + 40 + 2  # two titles, the paragraphs, SHARED once, its variant

    report = translate(settings, engine=engine_for(fake_deepl, settings))

    assert fake_deepl.translate_requests == 2 * math.ceil(unique / 50)
    sent = [text for batch in fake_deepl.translated_texts for text in batch]
    assert sorted(sent) == sorted(expected["es"] + expected["fr"])  # each text once per language
    lower_bound = sum(len(text) for texts in expected.values() for text in texts)
    assert fake_deepl.billed_characters == lower_bound
    assert report.billed_characters == report.sent_characters == lower_bound
    assert all(len(batch) <= 50 for batch in fake_deepl.translated_texts)
    for language in ("es", "fr"):
        assert states(settings, language) == {MACHINE: unique + 1}  # SHARED is in both files
    assert_valid_catalogs(settings)

    # A second run: everything is translated, nothing is sent.
    fake_deepl.reset_counters()
    again = translate(settings, engine=engine_for(fake_deepl, settings))
    assert (fake_deepl.translate_requests, fake_deepl.billed_characters, again.filled) == (0, 0, 0)


def test_cache_serves_a_new_statement_and_a_reset_catalogue(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": ["An opening line.", SHARED]})
    translate(settings, engine=engine_for(fake_deepl, settings))
    fake_deepl.reset_counters()

    # A new statement repeating a sentence: only its new text is billed.
    (settings.source_path / "three.md").write_text(
        f"---\ntitle: Statement one\n---\n\n{SHARED}\n", encoding="utf-8"
    )
    extract(settings)
    report = translate(settings, engine=engine_for(fake_deepl, settings))
    assert fake_deepl.translate_requests == 0 and fake_deepl.billed_characters == 0
    assert report.filled == 4  # title and SHARED, in two languages, all from the cache
    entry = read_po(settings.catalog_path("es", "three")).find(SHARED)
    assert entry is not None and entry.msgstr == f"[ES] {SHARED}" and entry.state == MACHINE

    # A catalogue deleted and extracted again: still nothing billed.
    settings.catalog_path("fr", "one").unlink()
    extract(settings)
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert fake_deepl.billed_characters == 0
    assert states(settings, "fr") == {MACHINE: 5}  # one: 3 entries, three: 2


def test_128_kib_forces_more_requests(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    words = ["solidarity", "union", "workers", "strike", "wages", "rights", "assembly"]
    long_paragraphs = [
        f"Part {index}: " + " ".join(words[(index + n) % len(words)] for n in range(1500))
        for index in range(20)
    ]
    settings = make_workspace(tmp_path / "ws", {"long": long_paragraphs}, languages=("es",))
    texts = untranslated_texts(settings, "es")
    total_bytes = sum(len(text) for text in texts)
    assert len(texts) == 21 and total_bytes > 128 * 1024  # ceil(21/50) would be 1

    engine = engine_for(fake_deepl, settings)
    translate(settings, engine=engine)

    per_request = engine.max_batch_bytes // max(len(text) + 2 for text in texts)
    assert fake_deepl.translate_requests == math.ceil(len(texts) / per_request) == 2
    assert 413 not in [status for _, _, status in fake_deepl.responses]
    assert fake_deepl.billed_characters == total_bytes


# ---------------------------------------------------------------- faults


def _two_batch_workspace(tmp_path: Path) -> Settings:
    return make_workspace(tmp_path / "ws", {"one": _paragraphs("Only", 79)}, languages=("es",))


def _after_first_batch(action: Callable[[], None]) -> Callable[[Event], None]:
    def on_event(event: Event) -> None:
        if isinstance(event, BatchDone) and event.number == 1:
            action()

    return on_event


def test_a_burst_of_429_recovers(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = _two_batch_workspace(tmp_path)
    fake_deepl.fail_next(429, 3, path="/v2/translate")
    report = translate(settings, engine=engine_for(fake_deepl, settings))
    assert report.filled == 80 and fake_deepl.translate_requests == 2
    assert translate_posts(fake_deepl) == 5


@pytest.mark.parametrize(
    ("status", "error", "words"), [(429, RateLimited, "429"), (500, EngineUnavailable, "500")]
)
def test_persistent_failures_stop_cleanly_keeping_finished_batches(
    fake_deepl: FakeDeepL, tmp_path: Path, status: int, error: type[Exception], words: str
) -> None:
    settings = _two_batch_workspace(tmp_path)
    engine = engine_for(fake_deepl, settings, retries=2)
    with pytest.raises(error, match=words) as raised:
        translate(
            settings,
            engine=engine,
            on_event=_after_first_batch(lambda: fake_deepl.fail_next(status, None)),
        )
    assert "finished batch is saved" in str(raised.value)
    assert states(settings, "es") == {MACHINE: 50, UNTRANSLATED: 30}
    assert_valid_catalogs(settings)
    assert translate_posts(fake_deepl) == 1 + 3  # the second batch, tried three times

    rest = untranslated_texts(settings, "es")
    fake_deepl.clear_faults()
    fake_deepl.reset_counters()
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert fake_deepl.translate_requests == 1
    assert fake_deepl.billed_characters == sum(len(text) for text in rest)
    assert states(settings, "es") == {MACHINE: 80}


def test_quota_exceeded_keeps_finished_batches_and_says_what_remains(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = _two_batch_workspace(tmp_path)
    texts = untranslated_texts(settings, "es")
    first_batch = sum(len(text) for text in texts[:50])
    fake_deepl.quota_after_characters = first_batch + 100
    fake_deepl.character_limit = first_batch + 100
    with pytest.raises(QuotaExceeded) as raised:
        translate(settings, engine=engine_for(fake_deepl, settings))
    assert raised.value.remaining == 100
    assert "100 characters remain" in str(raised.value)
    assert states(settings, "es") == {MACHINE: 50, UNTRANSLATED: 30}
    assert_valid_catalogs(settings)


def test_a_refused_key_says_to_check_it_and_never_shows_it(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = _two_batch_workspace(tmp_path)
    secret = "wrong-SECRET-value-4711"
    result = polyglot(
        settings.root,
        "translate",
        env={"DEEPL_AUTH_KEY": secret, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert result.exit_code == 3
    assert "check the key in DEEPL_AUTH_KEY" in result.output
    assert secret not in result.output
    assert states(settings, "es") == {UNTRANSLATED: 80}


def test_a_missing_key_says_where_to_put_it(tmp_path: Path) -> None:
    settings = _two_batch_workspace(tmp_path)
    with pytest.raises(AuthorizationFailed, match="environment variable DEEPL_AUTH_KEY"):
        DeepLEngine(settings, environ={})


def test_a_hanging_server_gives_a_timeout_message(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = _two_batch_workspace(tmp_path)
    # Without the timeouts (0.3 s, then 3.6 s) the answer would come, late, and the run
    # would succeed.
    fake_deepl.hang_seconds = 5
    with pytest.raises(
        EngineUnavailable, match=r"did not answer \(1 retries, the last waiting 3\.6 s\)"
    ):
        translate(settings, engine=engine_for(fake_deepl, settings, timeout=0.3, retries=1))
    assert states(settings, "es") == {UNTRANSLATED: 80}


def test_a_refused_connection_is_reported_at_once(tmp_path: Path) -> None:
    settings = _two_batch_workspace(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{closed_port}"
    engine = DeepLEngine(settings, environ={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": url})
    assert engine.retries == 5  # the client's own patience, which a refusal skips
    with deepl_backoffs() as waits, pytest.raises(NoNetwork, match=f"connection refused at {url}"):
        translate(settings, engine=engine)
    assert waits == []  # no retry, no back-off: reported at the first refusal
    assert states(settings, "es") == {UNTRANSLATED: 80}


@pytest.mark.parametrize(
    ("killed_in", "es_cached"),
    [(2, 50), (3, 100), (4, 120)],  # es takes requests 1-3, fr 4-6
)
def test_a_killed_run_leaves_valid_files_and_a_rerun_bills_only_the_rest(
    fake_deepl: FakeDeepL,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    killed_in: int,
    es_cached: int,
) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": _paragraphs("Kill", 119)})
    texts = {language: untranslated_texts(settings, language) for language in ("es", "fr")}
    original = fake_module.transform_text
    answered: list[int] = []

    def hang_from_the_chosen_request(*args: Any, **kwargs: Any) -> str:
        answered.append(1)
        if len(answered) >= 50 * (killed_in - 2) + 1:
            fake_deepl.hang_seconds = 60  # the chosen request hangs until killed
        return original(*args, **kwargs)

    monkeypatch.setattr(fake_module, "transform_text", hang_from_the_chosen_request)
    # Request n arrives only once the answers to n - 1 are committed to the cache.
    _kill(
        _start_and_wait(
            [sys.executable, "-m", "polyglot_statement", "translate"],
            settings,
            fake_deepl,
            lambda: translate_posts(fake_deepl) >= killed_in,
        )
    )

    assert_valid_catalogs(settings)
    # Catalogues are written once per language, when it is done: es only when finished.
    assert states(settings, "es") == ({MACHINE: 120} if es_cached == 120 else {UNTRANSLATED: 120})
    assert states(settings, "fr") == {UNTRANSLATED: 120}

    monkeypatch.setattr(fake_module, "transform_text", original)
    fake_deepl.hang_seconds = 0
    fake_deepl.reset_counters()
    translate(settings, engine=engine_for(fake_deepl, settings))
    rest = texts["es"][es_cached:] + texts["fr"]
    assert fake_deepl.billed_characters == sum(len(text) for text in rest)  # nothing twice
    assert states(settings, "es") == states(settings, "fr") == {MACHINE: 120}


def test_a_kill_while_catalogues_are_written_loses_nothing(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    statements = {f"s{index}": _paragraphs(f"Write{index}", 9) for index in range(4)}
    settings = make_workspace(tmp_path / "ws", statements, languages=("es",))
    marker = tmp_path / "first-write-done"
    # The child writes the first catalogue, then stops as if the machine froze there.
    script = (
        "import time, pathlib, polyglot_statement.machine.writeback as t\n"
        "original = t.replace_if_unchanged\n"
        "def slow(version, data):\n"
        "    result = original(version, data)\n"
        f"    pathlib.Path({str(marker)!r}).touch()\n"
        "    time.sleep(60)\n"
        "    return result\n"
        "t.replace_if_unchanged = slow\n"
        "from polyglot_statement.cli import main\n"
        "main(['translate'])\n"
    )
    _kill(_start_and_wait([sys.executable, "-c", script], settings, fake_deepl, marker.exists))
    assert_valid_catalogs(settings)
    assert states(settings, "es") == {MACHINE: 10, UNTRANSLATED: 30}
    fake_deepl.reset_counters()
    report = translate(settings, engine=engine_for(fake_deepl, settings))
    assert (fake_deepl.translate_requests, report.filled) == (0, 30)  # all from the cache
    assert states(settings, "es") == {MACHINE: 40}


# ---------------------------------------------------------------- budget and dry run


def test_dry_run_reports_and_changes_nothing(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = make_workspace(
        tmp_path / "ws", {"one": _paragraphs("Dry", 59)}, languages=("es", "fr", "qu")
    )
    shutil.rmtree(settings.cache_path)  # extract's lock file: the dry run must add none
    before = {path: path.read_bytes() for path in settings.locales_path.rglob("*.po")}
    characters = sum(len(text) for text in untranslated_texts(settings, "es"))
    fake_deepl.billed_characters = 1234  # earlier use this period
    result = polyglot(
        settings.root,
        "translate",
        "--dry-run",
        env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert result.exit_code == 0, result.output
    assert (
        "es → ES (no glossary): 60 entries, 60 distinct texts, 0 from the cache, "
        f"60 to send: {characters:,} characters in 2 request(s)" in result.output
    )
    assert f"{2 * characters:,} characters would be billed in all" in result.output
    assert f"1,234 characters used this period, {500_000 - 1234:,} remaining" in result.output
    assert [line for line in result.output.splitlines() if line.startswith("qu")] == [
        "qu: skipped: DeepL does not translate into Quechua (qu)",
        # the estimate's table (machine/cost.py) flags it too
        "qu        –  cannot translate: DeepL does not translate into Quechua (qu)",
    ]
    assert fake_deepl.translate_requests == 0
    assert {path: path.read_bytes() for path in settings.locales_path.rglob("*.po")} == before
    assert not settings.cache_path.exists()  # no cache, no lock, no folder


def _snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in root.rglob("*")
        if path.is_file()
    }


def test_dry_run_applies_the_budget_and_touches_no_file(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = make_workspace(
        tmp_path / "ws", {"one": _paragraphs("Budget", 99)}, languages=("es", "fr")
    )
    # A first run pays for part of Spanish, so the cache exists and serves some texts.
    translate(settings, engine=engine_for(fake_deepl, settings), max_characters=2000)
    settings.catalog_path("es", "one").unlink()
    extract(settings)  # Spanish untranslated again: the cache holds some of it
    before = _snapshot(settings.root)
    budget = 5_000
    result = polyglot(
        settings.root,
        "translate",
        "--dry-run",
        "--max-characters",
        str(budget),
        env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert result.exit_code == 0, result.output
    assert _snapshot(settings.root) == before  # not a byte, not a modification time
    promised = int(
        result.output.split(" characters would be billed in all")[0].split()[-1].replace(",", "")
    )
    assert "the run would stop there" in result.output
    assert "es → ES (no glossary): 100 entries, 100 distinct texts, 43 from the cache" in (
        result.output
    )
    assert "more left for later by --max-characters" in result.output
    assert 0 < promised <= budget

    fake_deepl.reset_counters()
    real = polyglot(
        settings.root,
        "translate",
        "--max-characters",
        str(budget),
        env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert real.exit_code == 0, real.output
    assert fake_deepl.billed_characters == promised  # what the dry run said, exactly


def test_translate_waits_for_the_workspace_lock_and_a_dry_run_does_not(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = _two_batch_workspace(tmp_path)
    events: list[Event] = []
    holder = hold_lock(settings.cache_path, "extract", tmp_path / "ready")
    try:
        dry = translate(settings, engine=engine_for(fake_deepl, settings), dry_run=True)
        assert dry.plans and not any(isinstance(event, WaitingForLock) for event in events)

        def on_event(event: Event) -> None:
            events.append(event)
            if isinstance(event, WaitingForLock):
                release(holder)

        report = translate(settings, engine=engine_for(fake_deepl, settings), on_event=on_event)
    finally:
        if holder.poll() is None:
            release(holder)
    waiting = [event for event in events if isinstance(event, WaitingForLock)]
    assert len(waiting) == 1 and waiting[0].holder == LockHolder("extract", holder.pid)
    assert report.filled == 80


def test_max_characters_stops_before_the_budget_is_passed(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = _two_batch_workspace(tmp_path)
    texts = untranslated_texts(settings, "es")
    budget = sum(len(text) for text in texts[:60]) + 10
    result = polyglot(
        settings.root,
        "translate",
        "--max-characters",
        str(budget),
        env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert result.exit_code == 0, result.output
    assert fake_deepl.billed_characters == budget - 10 <= budget
    assert fake_deepl.translate_requests == 2
    assert "stopped: the next text would pass --max-characters" in result.output
    assert states(settings, "es") == {MACHINE: 60, UNTRANSLATED: 20}
    assert_valid_catalogs(settings)


# ---------------------------------------------------------------- languages, glossary, key

GLOSSARY = """\
terms:
  - term: trade union
    translations:
      es: [sindicato]
      fr: [syndicat]
      ar: [نقابة]
  - term: WFTU
    do-not-translate: true
    case-sensitive: true
    translations:
      es: [FSM]
"""


GREW = "Comrades, in every region this year our trade union grew much stronger."


def glossary_posts(fake: FakeDeepL) -> list[str]:
    return [
        str(request.body.get("target_lang")).lower()
        for request in fake.requests
        if request.method == "POST" and request.path == "/v2/glossaries"
    ]


def test_glossary_created_once_reused_and_replaced(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    statements = {"one": ["The trade union of WFTU members met.", "Every trade union agreed."]}
    settings = make_workspace(
        tmp_path / "ws", statements, languages=("es", "fr", "ar"), glossary=GLOSSARY
    )
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert sorted(glossary_posts(fake_deepl)) == ["es", "fr"]  # en→ar has no DeepL glossary
    es = read_po(settings.catalog_path("es", "one"))
    first = es.find("The trade union of WFTU members met.")
    assert first is not None and first.msgstr == "[ES] The sindicato of FSM members met."
    fr = read_po(settings.catalog_path("fr", "one")).find("The trade union of WFTU members met.")
    # WFTU has no French rendering: it travels in an ignored tag and comes back as written.
    assert fr is not None and fr.msgstr == "[FR] The syndicat of WFTU members met."
    assert first.machine_provenance is not None and "glossary " in first.machine_provenance
    ar = read_po(settings.catalog_path("ar", "one")).active[1]
    assert ar.machine_provenance == "deepl AR, no glossary"
    names = {g.name for g in fake_deepl.glossaries.values()}

    # Unchanged glossary, new text: the same glossaries are reused, none created.
    fake_deepl.reset_counters()
    (settings.source_path / "one.md").write_text(
        "---\ntitle: Statement one\n---\n\nA new trade union was born.\n", encoding="utf-8"
    )
    extract(settings)
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert glossary_posts(fake_deepl) == [] and fake_deepl.translate_requests == 3
    assert {g.name for g in fake_deepl.glossaries.values()} == names

    # A changed glossary replaces the Spanish one only; the old one is deleted.
    fake_deepl.reset_counters()
    (settings.root / "glossary.yml").write_text(
        GLOSSARY.replace("[sindicato]", "[gremio]"), encoding="utf-8"
    )
    (settings.source_path / "one.md").write_text(
        f"---\ntitle: Statement one\n---\n\n{GREW}\n", encoding="utf-8"
    )
    extract(settings)
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert glossary_posts(fake_deepl) == ["es"]
    deleted = [r for r in fake_deepl.requests if r.method == "DELETE"]
    assert len(deleted) == 1 and len(fake_deepl.glossaries) == 2
    grew = read_po(settings.catalog_path("es", "one")).find(GREW)
    assert grew is not None and grew.msgstr == "[ES] " + GREW.replace("trade union", "gremio")


def test_language_codes_come_from_the_api_and_the_map(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "polyglot.toml").write_text(
        'languages = ["pt", "pt_BR", "zh_Hant", "es"]\n[machine]\nformality = "more"\n',
        encoding="utf-8",
    )
    settings = load_settings(root)
    engine = engine_for(fake_deepl, settings)
    codes = {
        lang: engine.target("en", lang, EngineGlossary("en", lang)).code
        for lang in settings.languages
    }
    assert codes == {"pt": "PT-BR", "pt_BR": "PT-BR", "zh_Hant": "ZH-HANT", "es": "ES"}
    (root / "polyglot.toml").write_text(
        'languages = ["pt"]\n[machine]\nlanguage-map = { pt = "PT-PT" }\n', encoding="utf-8"
    )
    mapped = engine_for(fake_deepl, load_settings(root))
    assert mapped.target("en", "pt", EngineGlossary("en", "pt")).code == "PT-PT"
    fake_deepl.target_languages = [
        lang for lang in fake_deepl.target_languages if lang["language"] != "ES"
    ]
    fresh = engine_for(fake_deepl, settings)
    assert fresh.target("en", "es", EngineGlossary("en", "es")).code == "ES-419"


def test_formality_is_sent_as_a_preference(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = make_workspace(
        tmp_path / "ws", {"one": ["Hello."]}, languages=("es", "ar"), machine='formality = "more"\n'
    )
    translate(settings, engine=engine_for(fake_deepl, settings))
    sent = {
        r.body["target_lang"]: r.body.get("formality")
        for r in fake_deepl.requests
        if r.path == "/v2/translate"
    }
    assert sent == {"ES": "prefer_more", "AR": "prefer_more"}  # Arabic has no formality


def test_the_key_never_reaches_output_or_files(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    secret = "SeCrEt-key-0042:fx"
    fake_deepl.valid_keys.add(secret)
    settings = make_workspace(
        tmp_path / "ws",
        {"one": ["The trade union met."]},
        languages=("es", "qu"),
        glossary=GLOSSARY,
    )
    outputs = []
    for arguments in (["--dry-run"], [], ["--lang", "es"]):
        result = polyglot(
            settings.root,
            "translate",
            *arguments,
            env={"DEEPL_AUTH_KEY": secret, "DEEPL_SERVER_URL": fake_deepl.url},
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    fake_deepl.fail_next(456, None)
    (settings.source_path / "one.md").write_text("---\ntitle: T\n---\n\nNew.\n", encoding="utf-8")
    extract(settings)
    failed = polyglot(
        settings.root,
        "translate",
        env={"DEEPL_AUTH_KEY": secret, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert failed.exit_code == 3 and "quota exceeded" in failed.output
    for output in [*outputs, failed.output]:
        assert secret not in output and secret.split(":")[0] not in output
    for path in settings.root.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


# ---------------------------------------------------------------- markup through the wire


MARKUP = (
    "Read **our call** to [the embassies](https://example.org/call_for_action) "
    "and run `polyglot check` *today*."
)


def test_markup_survives_the_round_trip(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": [MARKUP]}, languages=("es",))
    translate(settings, engine=engine_for(fake_deepl, settings))
    sent = [text for batch in fake_deepl.translated_texts for text in batch]
    assert not any("https://" in text for text in sent)  # the URL never leaves
    entry = read_po(settings.catalog_path("es", "one")).find(MARKUP)
    assert entry is not None
    assert entry.msgstr == "[ES] " + MARKUP
    assert entry.translator_comments == [f"{MACHINE_COMMENT_PREFIX} deepl ES, no glossary"]


def test_mangled_markup_keeps_the_draft_and_says_so(
    fake_deepl: FakeDeepL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = fake_module.transform_text

    def drop_closing_strong(*args: Any, **kwargs: Any) -> str:
        return original(*args, **kwargs).replace("</b>", "", 1)

    monkeypatch.setattr(fake_module, "transform_text", drop_closing_strong)
    settings = make_workspace(tmp_path / "ws", {"one": [MARKUP]}, languages=("es",))
    report = translate(settings, engine=engine_for(fake_deepl, settings))
    entry = read_po(settings.catalog_path("es", "one")).find(MARKUP)
    assert entry is not None and entry.state == MACHINE
    assert "**" not in entry.msgstr  # half a pair of asterisks would break the Markdown
    assert "[the embassies](https://example.org/call_for_action)" in entry.msgstr
    assert "markup did not come back intact (<b> not closed)" in entry.translator_comments[0]
    assert report.markup_problems == 1
    title = read_po(settings.catalog_path("es", "one")).find("Statement one")
    assert title is not None and "intact" not in title.translator_comments[0]


# ---------------------------------------------------------------- options and settings


def test_lang_and_statement_narrow_the_run(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": ["First text."], "two": ["Second text."]})
    report = translate(settings, ["fr"], ["two"], engine=engine_for(fake_deepl, settings))
    assert report.filled == 2 and fake_deepl.translate_requests == 1
    assert states(settings, "es") == {UNTRANSLATED: 4}
    assert read_po(settings.catalog_path("fr", "one")).active[0].state == UNTRANSLATED
    assert {entry.state for entry in read_po(settings.catalog_path("fr", "two")).active} == {
        MACHINE
    }
    result = polyglot(settings.root, "translate", "--engine", "pseudo", "--statement", "nope")
    assert result.exit_code == 2 and "no statement 'nope'" in result.output


@pytest.mark.parametrize(
    ("machine", "message"),
    [
        ('engine = "babelfish"\n', "unknown machine-translation engine 'babelfish'"),
        ('formality = "very"\n', "`machine.formality` must be one of"),
    ],
)
def test_bad_machine_settings_are_reported(tmp_path: Path, machine: str, message: str) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": ["Text."]}, machine=machine)
    result = polyglot(settings.root, "translate", env={"DEEPL_AUTH_KEY": KEY})
    assert result.exit_code == 2 and message in result.output
    assert "polyglot.toml" in result.output


def test_two_variants_of_one_language_keep_a_glossary_each(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    glossary = (
        "terms:\n  - term: bus\n    translations:\n      pt: [autocarro]\n      pt_BR: [ônibus]\n"
    )
    settings = make_workspace(
        tmp_path / "ws", {"one": ["The bus is late."]}, languages=("pt", "pt_BR"), glossary=glossary
    )
    (settings.root / "polyglot.toml").write_text(
        (settings.root / "polyglot.toml").read_text() + 'language-map = { pt = "PT-PT" }\n'
    )
    settings = load_settings(settings.root)
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert len(glossary_posts(fake_deepl)) == 2 and len(fake_deepl.glossaries) == 2
    portugal = read_po(settings.catalog_path("pt", "one")).find("The bus is late.")
    brazil = read_po(settings.catalog_path("pt_BR", "one")).find("The bus is late.")
    assert portugal is not None and portugal.msgstr == "[PT-PT] The autocarro is late."
    assert brazil is not None and brazil.msgstr == "[PT-BR] The ônibus is late."
    fake_deepl.reset_counters()
    (settings.source_path / "two.md").write_text("The bus is early.\n", encoding="utf-8")
    extract(settings)
    translate(settings, engine=engine_for(fake_deepl, settings))
    assert glossary_posts(fake_deepl) == [] and fake_deepl.translate_requests == 2
    assert not [request for request in fake_deepl.requests if request.method == "DELETE"]


CASH = """\
terms:
  - term: cash transfer
    translations:
      es: [transferencia monetaria]
      fr: [transfert monétaire]
      de: [Geldtransfer]
"""


@pytest.mark.parametrize("engine", ["pseudo", "deepl"])
def test_a_drafted_plural_term_satisfies_check(
    engine: str, fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    """Issue 21: "cash transfers" in the source, "cash transfer" in the glossary: the
    engine's glossary now has the plural too, so the draft carries the plural rendering
    check asks for."""
    statements = {
        "one": [
            "Cash transfers reach the families.",
            "The union asks for cash transfers, not loans.",
            "One cash transfer a month helps.",
        ]
    }
    settings = make_workspace(
        tmp_path / "ws", statements, languages=("es", "fr", "de"), glossary=CASH
    )
    if engine == "pseudo":
        result = polyglot(settings.root, "translate", "--engine", "pseudo")
        assert result.exit_code == 0, result.output
    else:
        translate(settings, engine=engine_for(fake_deepl, settings))
    es = read_po(settings.catalog_path("es", "one"))
    drafted = es.find("Cash transfers reach the families.")
    assert drafted is not None
    assert "transferencias monetarias" in drafted.msgstr.casefold()
    result = polyglot(settings.root, "check", "--check", "glossary", "--format", "json")
    findings = json.loads(result.output)["findings"]
    errors: dict[str, int] = {}
    for finding in findings:
        errors[finding["language"]] = errors.get(finding["language"], 0) + 1
    # Spanish and French have plural rules; German keeps the engine's own words for the
    # plural (listed as a variant, it would be accepted), as before.
    assert errors.get("es", 0) == 0 and errors.get("fr", 0) == 0, findings
    assert errors.get("de", 0) == 2, findings


def test_a_plural_the_glossary_lists_is_what_the_engine_is_given() -> None:
    glossary = parse_glossary(
        """\
terms:
  - term: citizen
    translations:
      pt: [cidadão, cidadã, cidadãos]
      de: [Bürger]
  - term: cash transfer
    translations:
      de: [Geldtransfer, Geldtransfers]
""",
        Path("glossary.yml"),
    )
    pt = {r.source: r.target for r in engine_glossary(glossary, "en", "pt").renderings}
    # The regular rule would say "cidadões"; the glossary's variant is right.
    assert pt == {
        "Citizen": "Cidadão",
        "citizen": "cidadão",
        "Citizens": "Cidadãos",
        "citizens": "cidadãos",
    }
    de = {r.source: r.target for r in engine_glossary(glossary, "en", "de").renderings}
    # German has no plural rules here: only a listed plural is sent.
    assert de == {
        "Citizen": "Bürger",
        "citizen": "Bürger",
        "Cash transfer": "Geldtransfer",
        "cash transfer": "Geldtransfer",
        "Cash transfers": "Geldtransfers",
        "cash transfers": "Geldtransfers",
    }
