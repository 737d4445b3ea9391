"""`polyglot translate --dry-run`: the cost of the rest, offline (no key, no network):
characters to send, in the cache, filled by the memory, an amount, the languages DeepL
cannot take; and a storm of 429/5xx answers is told, attempt by attempt, never silent."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import deepl
import pytest
from click.testing import CliRunner
from fake_deepl import FakeDeepL, fake_deepl_fixture  # noqa: F401
from test_translate import KEY, engine_for, make_workspace, states

from polyglot_statement.cli import main
from polyglot_statement.config import Settings, load_settings
from polyglot_statement.machine.deepl_languages import TARGETS
from polyglot_statement.machine.translate import translate
from polyglot_statement.po import UNTRANSLATED
from polyglot_statement.progress import Event, Retrying

FIRST = "Workers of the Andes stand together."
SECOND = "The letter was sent to every embassy."
TITLE = "Statement one"  # make_workspace's title for the statement "one"


@pytest.fixture(autouse=True)
def _client_patience() -> Iterator[None]:
    saved = (deepl.http_client.min_connection_timeout, deepl.http_client.max_network_retries)
    yield
    deepl.http_client.min_connection_timeout, deepl.http_client.max_network_retries = saved


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a dry run opened a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _workspace(tmp_path: Path, machine: str = "price-per-million = 20.0\n") -> Settings:
    return make_workspace(
        tmp_path / "ws", {"one": [FIRST, SECOND]}, languages=("es", "qu"), machine=machine
    )


def _dry_run(settings: Settings, *args: str) -> tuple[int, str, str]:
    env = {name: None for name in ("DEEPL_AUTH_KEY", "DEEPL_SERVER_URL")}
    result = CliRunner().invoke(
        main, ["-C", str(settings.root), "translate", "--dry-run", *args], env=env
    )
    return result.exit_code, result.stdout, result.stderr


def _row(stdout: str, language: str) -> list[str]:
    lines = [line for line in stdout.splitlines() if line.split()[:1] == [language]]
    return lines[-1].split()


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_dry_run_without_a_key_is_offline_and_writes_nothing(
    tmp_path: Path, no_network: None
) -> None:
    settings = _workspace(tmp_path)
    before = _snapshot(settings.root)
    code, stdout, stderr = _dry_run(settings)
    assert code == 0, stderr
    assert "offline estimate: no DeepL key, nothing sent" in stdout
    characters = len(FIRST) + len(SECOND) + len(TITLE)  # the title is a segment too
    es = _row(stdout, "es")
    assert es[:5] == ["es", "ES", f"{characters:,}", "0", "0"]
    assert es[5:] == [f"{characters * 20 / 1_000_000:,.2f}", "EUR"]
    qu = "qu – cannot translate: DeepL does not translate into Quechua (qu)"
    assert " ".join(_row(stdout, "qu")) == qu
    assert f"{characters:,} characters would be billed in all" in stdout
    assert _snapshot(settings.root) == before


def test_the_amount_follows_the_price_and_the_currency(tmp_path: Path) -> None:
    settings = _workspace(tmp_path, 'price-per-million = 250000\ncurrency = "CHF"\n')
    code, stdout, _ = _dry_run(settings)
    assert code == 0
    characters = len(FIRST) + len(SECOND) + len(TITLE)
    assert _row(stdout, "total")[-2:] == [f"{characters * 0.25:,.2f}", "CHF"]
    assert "amount at 250,000.00 CHF per million characters sent" in stdout


def test_without_a_price_there_is_no_amount_and_a_hint(tmp_path: Path) -> None:
    settings = _workspace(tmp_path, "")
    code, stdout, _ = _dry_run(settings)
    assert code == 0
    assert "amount" not in _row(stdout, "total")
    assert "set machine.price-per-million in the settings for an amount" in stdout


def test_cached_and_memory_characters_after_a_real_run(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = _workspace(tmp_path)
    translate(settings, ["es"], engine=engine_for(fake_deepl, settings))
    # Undo the drafts (untranslated again) but keep the cache: everything is "in cache".
    catalogue = settings.catalog_path("es", "one")
    text = catalogue.read_text(encoding="utf-8")
    cleared = [
        'msgstr ""' if line.startswith("msgstr ") and not line.startswith('msgstr ""') else line
        for line in text.splitlines()
        if not line.startswith("# machine translation") and line != "#, fuzzy"
    ]
    catalogue.write_text("\n".join(cleared) + "\n", encoding="utf-8")
    assert states(settings, "es") == {UNTRANSLATED: 3}
    code, stdout, _ = _dry_run(settings, "--lang", "es")
    assert code == 0
    characters = len(FIRST) + len(SECOND) + len(TITLE)
    assert _row(stdout, "es")[:5] == ["es", "ES", "0", f"{characters:,}", "0"]


def test_the_memory_fills_before_the_estimate(tmp_path: Path) -> None:
    # FIRST is approved in Spanish in another statement: the memory fills it.
    settings = make_workspace(
        tmp_path / "ws",
        {"one": [FIRST, SECOND], "two": [FIRST]},
        languages=("es",),
        machine="price-per-million = 20.0\n",
    )
    other = settings.catalog_path("es", "two")
    text = other.read_text(encoding="utf-8").replace(
        f'msgid "{FIRST}"\nmsgstr ""', f'msgid "{FIRST}"\nmsgstr "Trabajadores de los Andes."'
    )
    other.write_text(text, encoding="utf-8")
    # A command that opens the memory brings its index up to date; a dry run reads the
    # index as that command left it, and writes nothing.
    result = CliRunner().invoke(main, ["-C", str(settings.root), "memory", "search", "Andes"])
    assert result.exit_code == 0, result.output
    assert "Trabajadores de los Andes." in result.stdout
    before = _snapshot(settings.root)
    code, stdout, stderr = _dry_run(settings, "--statement", "one")
    assert code == 0, stderr
    row = _row(stdout, "es")
    assert row[4] == f"{len(FIRST):,}", stdout  # filled by the memory, not sent
    assert row[2] == f"{len(SECOND) + len(TITLE):,}"
    assert _snapshot(settings.root) == before  # the dry run wrote nothing, not the index


def test_every_language_of_the_table_is_a_deepl_code() -> None:
    assert all(code == code.upper() and len(code.split("-")[0]) == 2 for code in TARGETS)
    assert {"ES", "FR", "AR", "PT-BR", "ZH-HANT"} <= set(TARGETS)


def _priced(tmp_path: Path, value: str) -> Settings:
    """A workspace whose settings give `value` as the price (written after loading)."""
    settings = _workspace(tmp_path)
    path = settings.root / "polyglot.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("price-per-million = 20.0", f"price-per-million = {value}"))
    return settings


def test_a_price_that_is_not_a_number_is_refused_at_its_line(tmp_path: Path) -> None:
    settings = _priced(tmp_path, '"twenty"')
    code, stdout, stderr = _dry_run(settings)
    assert code == 2
    lines = (settings.root / "polyglot.toml").read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("price-per-million"))
    path = settings.root / "polyglot.toml"
    assert stderr.startswith(f"error: {path}:{number}: `machine.price-per-million`")
    assert "Traceback" not in stderr + stdout


@pytest.mark.parametrize("value", ["-1", "true", "nan"])
def test_a_price_below_zero_or_not_a_number_is_refused(tmp_path: Path, value: str) -> None:
    settings = _priced(tmp_path, value)
    code, _, stderr = _dry_run(settings)
    assert code == 2
    assert "`machine.price-per-million` must be a number of at least 0" in stderr


def test_with_a_key_the_dry_run_asks_deepl_itself(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = _workspace(tmp_path)
    result = CliRunner().invoke(
        main,
        ["-C", str(settings.root), "translate", "--dry-run"],
        env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert result.exit_code == 0, result.output
    assert "offline estimate" not in result.stdout
    assert "account: " in result.stdout  # the account's usage: only DeepL knows it


# ---------------------------------------------------------------- a storm is never silent


def test_a_storm_of_ten_is_told_attempt_by_attempt(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": [FIRST]}, languages=("es",))
    for status in (429, 503, 429, 500, 429, 502, 429, 504, 429, 429):
        fake_deepl.fail_next(status, 1, path="/v2/translate")
    told: list[Retrying] = []

    def listen(event: Event) -> None:
        if isinstance(event, Retrying):
            told.append(event)

    translate(settings, engine=engine_for(fake_deepl, settings, retries=10), on_event=listen)
    assert [event.retry.number for event in told] == list(range(1, 11))
    reasons = [event.retry.reason for event in told]
    assert reasons[0] == "429 Too Many Requests"
    assert reasons[1] == "503 Service Unavailable"
    assert reasons[5] == "502 Bad Gateway"
    assert states(settings, "es") != {UNTRANSLATED: 2}


def test_a_storm_longer_than_the_retries_ends_with_its_reason(
    fake_deepl: FakeDeepL, tmp_path: Path
) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": [FIRST]}, languages=("es",))
    fake_deepl.fail_next(429, 10, path="/v2/translate")
    result = CliRunner().invoke(
        main,
        ["-C", str(settings.root), "translate"],
        env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    told = [line for line in result.stderr.splitlines() if "retrying in" in line]
    assert len(told) == 5  # every retry the client makes, each with its reason
    assert all(line.endswith(f"retry {n} of 5") for n, line in enumerate(told, 1))
    assert all("(429 Too Many Requests)" in line for line in told)
    assert result.exit_code == 3
    assert "429" in result.stderr.splitlines()[-1]


def test_a_storm_on_the_language_list_is_told_too(fake_deepl: FakeDeepL, tmp_path: Path) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": [FIRST]}, languages=("es",))
    fake_deepl.fail_next(503, 3, path="/v2/languages")
    result = CliRunner().invoke(
        main,
        ["-C", str(settings.root), "translate"],
        env={"DEEPL_AUTH_KEY": KEY, "DEEPL_SERVER_URL": fake_deepl.url},
    )
    assert result.exit_code == 0, result.output
    told = [line for line in result.stderr.splitlines() if "retrying in" in line]
    assert len(told) == 3, result.stderr
    assert all("(503 Service Unavailable)" in line for line in told)


def test_settings_without_machine_table_still_load(tmp_path: Path) -> None:
    settings = make_workspace(tmp_path / "ws", {"one": [FIRST]}, languages=("es",))
    loaded = load_settings(settings.root)
    assert loaded.machine.price_per_million is None
    assert loaded.machine.currency == "EUR"
