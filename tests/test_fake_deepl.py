"""Tests that drive tests/support/fake_deepl.py with the real ``deepl`` client.

They check that the fake speaks the wire format deepl 1.32 sends and parses,
so that the project's tests can trust it. Nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC
from typing import Any

import deepl
import pytest

# pyproject.toml puts tests/ on sys.path (pytest ``pythonpath = ["tests"]``).
from fake_deepl import (
    AUTH_FAILURE_MESSAGE,
    FORMALITY_NOT_SUPPORTED_MESSAGE,
    FakeDeepL,
    fake_deepl_fixture,  # noqa: F401  (provides the fake_deepl fixture)
    transform_text,
)


@pytest.fixture(autouse=True)
def _quick_client(monkeypatch: pytest.MonkeyPatch) -> None:
    # deepl retries 5 times with a 10 s minimum timeout. The fake_deepl
    # fixture already shortens the back-off; keep the defaults otherwise so
    # that the retry tests see the client as shipped.
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 5)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 5.0)


@pytest.fixture
def translator(fake_deepl: FakeDeepL) -> Iterator[deepl.Translator]:
    client = deepl.Translator("test-key", server_url=fake_deepl.url)
    yield client
    client.close()  # type: ignore[no-untyped-call]


def translate_paths(fake: FakeDeepL) -> list[str]:
    return [r.path for r in fake.requests if r.path == "/v2/translate"]


# -- translation -------------------------------------------------------------


def test_translate_list_of_texts(fake_deepl: FakeDeepL, translator: deepl.Translator) -> None:
    texts = ["Hello, comrades.", "Solidarity with Peru!"]
    results = translator.translate_text(texts, target_lang="ES")
    assert isinstance(results, list)
    assert [r.text for r in results] == [
        "[ES] Hello, comrades.",
        "[ES] Solidarity with Peru!",
    ]
    assert [r.detected_source_lang for r in results] == ["EN", "EN"]
    assert [r.billed_characters for r in results] == [len(t) for t in texts]

    assert fake_deepl.translate_requests == 1
    assert fake_deepl.translated_texts == [texts]
    assert fake_deepl.billed_characters == sum(len(t) for t in texts)
    method, path, body = fake_deepl.requests[0]
    assert (method, path) == ("POST", "/v2/translate")
    # What the client sends: a JSON body with the texts as a list.
    assert body["text"] == texts
    assert body["target_lang"] == "ES"
    assert body["show_billed_characters"] is True
    assert "source_lang" not in body


def test_translate_single_string_and_source_lang(
    translator: deepl.Translator,
) -> None:
    result = translator.translate_text("Hello", source_lang="en", target_lang="pt-br")
    assert isinstance(result, deepl.TextResult)
    assert result.text == "[PT-BR] Hello"
    assert result.detected_source_lang == "EN"


def test_unknown_target_language_is_rejected(translator: deepl.Translator) -> None:
    with pytest.raises(deepl.DeepLException, match="target_lang"):
        translator.translate_text("Hello", target_lang="QU")


def test_xml_tags_and_ignore_tags_are_preserved(
    translator: deepl.Translator,
) -> None:
    text = '<p class="lead">Hello <b>world</b>, <code>x &lt; y</code><br/> bye</p>'
    result = translator.translate_text(
        text, target_lang="FR", tag_handling="xml", ignore_tags=["code"]
    )
    assert isinstance(result, deepl.TextResult)
    assert result.text == (
        '<p class="lead">[FR] Hello <b>world</b>, <code>x &lt; y</code><br/> bye</p>'
    )


def test_xml_marker_goes_after_leading_tags_and_whitespace_only_text() -> None:
    assert (
        transform_text("<a>\n  <b>Hi</b></a>", "ES", tag_handling="xml")
        == "<a>\n  <b>[ES] Hi</b></a>"
    )
    assert (
        transform_text("<keep>term</keep> term", "ES", tag_handling="xml", ignore_tags=["keep"])
        == "<keep>term</keep>[ES]  term"
    )
    assert transform_text("<x/>", "ES", tag_handling="xml") == "<x/>"
    assert transform_text("", "ES") == ""
    # Without tag handling markup is just text.
    assert transform_text("<b>Hi</b>", "ES") == "[ES] <b>Hi</b>"


def test_translate_accepts_form_bodies(fake_deepl: FakeDeepL) -> None:
    data = b"text=Hello&text=World&target_lang=de&formality=more"
    request = urllib.request.Request(
        fake_deepl.url + "/v2/translate",
        data=data,
        headers={
            "Authorization": "DeepL-Auth-Key test-key",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        payload = json.loads(response.read())
    assert [t["text"] for t in payload["translations"]] == [
        "[DE] Hello",
        "[DE] World",
    ]
    assert fake_deepl.requests[-1].body["text"] == ["Hello", "World"]


def test_fifty_texts_pass_and_fifty_one_are_too_many(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    assert len(translator.translate_text(["x"] * 50, target_lang="ES")) == 50
    with pytest.raises(deepl.DeepLException, match="413") as raised:
        translator.translate_text(["x"] * 51, target_lang="ES")
    assert raised.value.http_status_code == 413
    assert fake_deepl.translate_requests == 1 and fake_deepl.billed_characters == 50


def test_a_body_over_128_kib_is_refused_with_413(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    # The JSON body of one text of n ASCII letters is n plus a fixed overhead.
    overhead = len(json.dumps({"text": [""], "target_lang": "ES"}))
    fits = "a" * (128 * 1024 - overhead - 100)
    assert translator.translate_text([fits], target_lang="ES")[0].text == "[ES] " + fits
    with pytest.raises(deepl.DeepLException, match="413") as raised:
        translator.translate_text([fits, "b" * 200], target_lang="ES")
    assert raised.value.http_status_code == 413
    assert fake_deepl.translate_requests == 1  # the refused one bills nothing
    assert fake_deepl.translate_body_sizes[0] <= 128 * 1024 < fake_deepl.translate_body_sizes[1]


# -- formality ---------------------------------------------------------------


def test_formality_prefer_more_on_arabic_succeeds(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    result = translator.translate_text(
        "Hello", target_lang="AR", formality=deepl.Formality.PREFER_MORE
    )
    assert isinstance(result, deepl.TextResult)
    assert result.text == "[AR] Hello"
    assert fake_deepl.requests[-1].body["formality"] == "prefer_more"


def test_plain_formality_on_language_without_support_is_400(
    translator: deepl.Translator,
) -> None:
    with pytest.raises(deepl.DeepLException) as info:
        translator.translate_text("Hello", target_lang="AR", formality="more")
    assert info.value.http_status_code == 400
    assert FORMALITY_NOT_SUPPORTED_MESSAGE in str(info.value)
    # Languages that support formality accept every value.
    for value in ("default", "more", "less", "prefer_more", "prefer_less"):
        translator.translate_text("Hi", target_lang="ES", formality=value)
    translator.translate_text("Hi", target_lang="EN-US", formality="prefer_less")
    with pytest.raises(deepl.DeepLException, match="formality"):
        translator.translate_text("Hi", target_lang="ES", formality="polite")


# -- usage and languages -------------------------------------------------------


def test_usage_counts_billed_characters(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    fake_deepl.character_limit = 1000
    translator.translate_text(["abc", "de"], target_lang="ES")
    usage = translator.get_usage()
    assert usage.character.count == 5
    assert usage.character.limit == 1000
    assert not usage.any_limit_reached
    assert fake_deepl.requests[-1][:2] == ("GET", "/v2/usage")


def test_target_languages(fake_deepl: FakeDeepL, translator: deepl.Translator) -> None:
    languages = {lang.code: lang for lang in translator.get_target_languages()}
    for code in (
        "ES",
        "FR",
        "PT-PT",
        "PT-BR",
        "AR",
        "DE",
        "EN-GB",
        "EN-US",
        "ZH-HANS",
        "ZH-HANT",
    ):
        assert code in languages
    assert "QU" not in languages
    assert all(code.upper() != "QU" for code in languages)
    assert languages["AR"].supports_formality is False
    assert languages["ES"].supports_formality is True
    assert languages["EN-US"].supports_formality is False
    # The client sends type=target as a form body on a GET.
    assert fake_deepl.requests[-1] == ("GET", "/v2/languages", {"type": "target"})


def test_source_languages(translator: deepl.Translator) -> None:
    languages = {lang.code: lang for lang in translator.get_source_languages()}
    assert {"EN", "ES", "PT", "ZH"} <= set(languages)
    assert "EN-US" not in languages
    assert languages["EN"].supports_formality is None


def test_glossary_language_pairs(translator: deepl.Translator) -> None:
    pairs = {(p.source_lang, p.target_lang) for p in translator.get_glossary_languages()}
    assert {("en", "es"), ("en", "fr"), ("en", "pt"), ("en", "de")} <= pairs
    assert ("en", "ar") not in pairs


# -- glossaries ---------------------------------------------------------------


def test_glossary_lifecycle(fake_deepl: FakeDeepL, translator: deepl.Translator) -> None:
    entries = {"union": "sindicato", "workers": "trabajadores"}
    created = translator.create_glossary("statement", "EN", "ES", entries)
    assert created.name == "statement"
    assert (created.source_lang, created.target_lang) == ("EN", "ES")
    assert created.entry_count == 2
    assert created.ready
    assert created.creation_time.tzinfo == UTC
    assert created.creation_time.microsecond == int(
        fake_deepl.glossaries[created.glossary_id].creation_time[20:26]
    )
    # What the client sends: JSON with TSV entries.
    body = fake_deepl.requests[-1].body
    assert body["entries_format"] == "tsv"
    assert body["entries"] == "union\tsindicato\nworkers\ttrabajadores"

    listed = translator.list_glossaries()
    assert [g.glossary_id for g in listed] == [created.glossary_id]
    assert listed[0].name == "statement" and listed[0].creation_time == created.creation_time
    assert fake_deepl.glossaries[created.glossary_id].dictionaries[0].entries == entries

    translator.delete_glossary(created)
    assert translator.list_glossaries() == []
    with pytest.raises(deepl.GlossaryNotFoundException):
        translator.delete_glossary(created.glossary_id)


def test_glossary_entries_must_be_whole_and_the_pair_supported(
    translator: deepl.Translator,
) -> None:
    with pytest.raises(deepl.DeepLException, match="language pair"):
        translator.create_glossary("ar", "EN", "AR", {"union": "نقابة"})
    with pytest.raises(deepl.DeepLException, match="entries"):
        translator.create_glossary_from_csv("csv", "en", "pt", "strike,greve\n")
    assert translator.list_glossaries() == []


def test_translate_with_glossary_is_whole_word_and_case_sensitive(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    glossary = translator.create_glossary(
        "g", "EN", "PT", {"union": "sindicato", "general strike": "greve geral"}
    )
    result = translator.translate_text(
        "The union, the unions, Union and the general strike.",
        source_lang="EN",
        target_lang="PT-BR",
        glossary=glossary,
    )
    assert isinstance(result, deepl.TextResult)
    assert result.text == ("[PT-BR] The sindicato, the unions, Union and the greve geral.")
    assert fake_deepl.requests[-1].body["glossary_id"] == glossary.glossary_id

    # Inside ignored tags nothing changes, elsewhere the glossary applies.
    result = translator.translate_text(
        "<p>union <keep>union</keep></p>",
        source_lang="EN",
        target_lang="PT-PT",
        glossary=glossary.glossary_id,
        tag_handling="xml",
        ignore_tags="keep",
    )
    assert isinstance(result, deepl.TextResult)
    assert result.text == "<p>[PT-PT] sindicato <keep>union</keep></p>"


def test_glossary_must_match_request_languages(
    translator: deepl.Translator,
) -> None:
    glossary = translator.create_glossary("g", "EN", "ES", {"a": "b"})
    with pytest.raises(deepl.DeepLException, match="glossary"):
        translator.translate_text(
            "a", source_lang="EN", target_lang="FR", glossary=glossary.glossary_id
        )
    with pytest.raises(deepl.DeepLException, match="glossary"):
        translator.translate_text("a", source_lang="EN", target_lang="ES", glossary="no-such-id")


# -- faults ------------------------------------------------------------------


def test_429_burst_recovers_through_client_retries(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    fake_deepl.fail_next(429, count=3)
    result = translator.translate_text("Hi", target_lang="ES")
    assert isinstance(result, deepl.TextResult)
    assert result.text == "[ES] Hi"
    assert len(translate_paths(fake_deepl)) == 4
    assert [status for _, _, status in fake_deepl.responses] == [429, 429, 429, 200]
    assert fake_deepl.translate_requests == 1
    assert fake_deepl.billed_characters == 2


def test_faults_queue_in_order_and_can_target_a_path(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    fake_deepl.fail_next(500, path="/v2/translate")
    fake_deepl.fail_next(503, path="/v2/translate")
    translator.get_usage()  # not affected by the path-limited faults
    translator.translate_text("Hi", target_lang="ES")
    assert [status for _, _, status in fake_deepl.responses] == [200, 500, 503, 200]


def test_persistent_429_raises_too_many_requests(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    fake_deepl.fail_next(429, count=None)
    with pytest.raises(deepl.TooManyRequestsException):
        translator.translate_text("Hi", target_lang="ES")
    assert len(translate_paths(fake_deepl)) == deepl.http_client.max_network_retries + 1
    fake_deepl.clear_faults()
    translator.translate_text("Hi", target_lang="ES")


def test_persistent_500_raises(
    fake_deepl: FakeDeepL, translator: deepl.Translator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 2)
    fake_deepl.fail_next(500, count=100)
    with pytest.raises(deepl.DeepLException) as info:
        translator.translate_text("Hi", target_lang="ES")
    assert info.value.http_status_code == 500
    assert len(translate_paths(fake_deepl)) == 3
    assert fake_deepl.translate_requests == 0


def test_quota_exceeded(fake_deepl: FakeDeepL, translator: deepl.Translator) -> None:
    fake_deepl.quota_after_characters = 10
    translator.translate_text("12345", target_lang="ES")
    translator.translate_text("12345", target_lang="ES")  # exactly at the quota
    with pytest.raises(deepl.QuotaExceededException) as info:
        translator.translate_text("1", target_lang="ES")
    assert info.value.http_status_code == 456
    assert "Quota exceeded" in str(info.value)
    assert len(translate_paths(fake_deepl)) == 3  # 456 is not retried
    assert fake_deepl.billed_characters == 10
    assert fake_deepl.translate_requests == 2


def test_bad_key_is_403(fake_deepl: FakeDeepL) -> None:
    bad = deepl.Translator("wrong-key", server_url=fake_deepl.url)
    try:
        with pytest.raises(deepl.AuthorizationException) as info:
            bad.translate_text("Hi", target_lang="ES")
        assert AUTH_FAILURE_MESSAGE in str(info.value)
        with pytest.raises(deepl.AuthorizationException):
            bad.get_usage()
    finally:
        bad.close()  # type: ignore[no-untyped-call]
    assert fake_deepl.translate_requests == 0
    fake_deepl.valid_keys.add("wrong-key")
    good = deepl.Translator("wrong-key", server_url=fake_deepl.url)
    try:
        assert good.get_usage().character.count == 0
    finally:
        good.close()  # type: ignore[no-untyped-call]


def test_missing_auth_header_is_403(fake_deepl: FakeDeepL) -> None:
    request = urllib.request.Request(fake_deepl.url + "/v2/usage")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 403
    assert json.loads(info.value.read()) == {"message": AUTH_FAILURE_MESSAGE}


def test_hang_with_short_client_timeout(
    fake_deepl: FakeDeepL, translator: deepl.Translator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 1)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 0.2)
    # Without the client's timeout the answer would come, late, and nothing would raise.
    fake_deepl.hang_seconds = 30
    with pytest.raises(deepl.ConnectionException, match="timed out"):
        translator.translate_text("Hi", target_lang="ES")
    assert len(translate_paths(fake_deepl)) == 2  # the timeout was retried once
    fake_deepl.hang_seconds = 0
    result = translator.translate_text("Hi", target_lang="ES")
    assert isinstance(result, deepl.TextResult)


def test_a_held_request_is_billed_when_answered_even_if_its_client_has_gone(
    fake_deepl: FakeDeepL, translator: deepl.Translator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deepl.http_client, "max_network_retries", 0)
    monkeypatch.setattr(deepl.http_client, "min_connection_timeout", 0.2)
    fake_deepl.hold_translations()
    with pytest.raises(deepl.ConnectionException, match="timed out"):
        translator.translate_text(["Hello", "World"], target_lang="ES")
    fake_deepl.wait_until_held(1)
    assert fake_deepl.billed_characters == 0  # held: not answered, not billed
    fake_deepl.release_translations()
    deadline = time.monotonic() + 10
    while fake_deepl.translate_requests < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    # Answered to nobody, and billed, as DeepL bills what it translated.
    assert fake_deepl.billed_characters == 10
    assert fake_deepl.characters_billed_twice == 0
    fake_deepl.reset_counters()  # the ledger outlives the counters, as an invoice does
    translator.translate_text(["Hello", "again"], target_lang="ES")
    translator.translate_text(["Hello"], target_lang="FR")  # another language: not twice
    assert fake_deepl.billed_texts[("ES", "Hello")] == 2
    assert fake_deepl.characters_billed_twice == len("Hello")
    fake_deepl.clear_ledger()
    assert fake_deepl.characters_billed_twice == 0


def test_wait_until_held_says_how_many_were_held(fake_deepl: FakeDeepL) -> None:
    fake_deepl.hold_translations()
    with pytest.raises(AssertionError, match="0 request"):
        fake_deepl.wait_until_held(1, timeout=0.05)


def test_a_stall_answers_what_came_meanwhile_when_it_ends(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    fake_deepl.stall(0.5)
    started = time.monotonic()
    translator.translate_text("Hi", target_lang="ES")
    assert time.monotonic() - started >= 0.5  # answered, once the stall was over
    assert fake_deepl.translate_requests == 1


# -- housekeeping --------------------------------------------------------------


def test_reset_counters_keeps_glossaries(
    fake_deepl: FakeDeepL, translator: deepl.Translator
) -> None:
    translator.create_glossary("g", "EN", "DE", {"a": "b"})
    translator.translate_text("abc", target_lang="DE")
    fake_deepl.reset_counters()
    assert fake_deepl.requests == []
    assert fake_deepl.responses == []
    assert fake_deepl.translate_requests == 0
    assert fake_deepl.translated_texts == []
    assert fake_deepl.billed_characters == 0
    assert len(translator.list_glossaries()) == 1


def test_stop_ends_a_hung_request_and_is_idempotent() -> None:
    import threading

    fake = FakeDeepL()
    fake.hang_seconds = 60
    errors: list[BaseException] = []

    def call() -> None:
        request = urllib.request.Request(
            fake.url + "/v2/translate",
            data=json.dumps({"text": ["x"], "target_lang": "ES"}).encode(),
            headers={
                "Authorization": "DeepL-Auth-Key test-key",
                "Content-Type": "application/json",
            },
        )
        try:
            # Long enough that only stop() can end the request before it times out.
            urllib.request.urlopen(request, timeout=50)
        except Exception as error:  # the dropped connection
            errors.append(error)

    worker = threading.Thread(target=call)
    worker.start()
    deadline = time.monotonic() + 5
    while not fake.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    fake.stop()
    fake.stop()
    worker.join(timeout=55)
    assert not worker.is_alive()
    # The server dropped the hung request: it did not time out, nor was it answered.
    assert errors and not any(_timed_out(error) for error in errors), errors
    assert fake.translate_requests == 0
    with pytest.raises(OSError):
        urllib.request.urlopen(fake.url + "/v2/usage", timeout=1)


def _timed_out(error: BaseException) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(reason, TimeoutError) or "timed out" in str(reason)


def test_context_manager_and_url() -> None:
    with FakeDeepL(valid_keys={"k"}) as fake:
        assert fake.url.startswith("http://127.0.0.1:")
        client = deepl.Translator("k", server_url=fake.url)
        try:
            assert client.server_url == fake.url
            assert client.get_usage().character.limit == 500_000
        finally:
            client.close()  # type: ignore[no-untyped-call]


def test_unknown_endpoint_and_method(fake_deepl: FakeDeepL) -> None:
    def status(path: str, method: str = "GET") -> tuple[int, Any]:
        request = urllib.request.Request(
            fake_deepl.url + path,
            method=method,
            headers={"Authorization": "DeepL-Auth-Key test-key"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    assert status("/v2/nothing") == (404, {"message": "Not found"})
    assert status("/v2/translate", "GET") == (405, {"message": "Method not allowed"})
    assert fake_deepl.internal_errors == []
