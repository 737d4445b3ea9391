"""The DeepL engine: the only module that imports `deepl`, and where its quirks stay.

The key is read from the environment variable the settings name and is only ever given
to the client: it never reaches a file, a log line or an error message (messages that
come from the library are scrubbed of it too). Target languages and glossary language
pairs come from the API, never from a list of our own.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping, Sequence
from http import HTTPStatus
from typing import Any, TypeVar

import deepl
import requests  # deepl's own HTTP layer: its timeouts tell a slow server from none
from babel.core import get_global
from deepl import http_client

from polyglot_statement.config import Settings
from polyglot_statement.errors import (
    AuthorizationFailed,
    ConfigError,
    EngineUnavailable,
    MachineTranslationError,
    NoNetwork,
    QuotaExceeded,
    RateLimited,
    UnsupportedLanguage,
)
from polyglot_statement.inline import IGNORED_TAG
from polyglot_statement.languages import english_name, normalise
from polyglot_statement.machine.base import (
    EngineGlossary,
    StopRequested,
    Supervision,
    Target,
    Translation,
    Usage,
)
from polyglot_statement.progress import Retry

SERVER_URL_VARIABLE = "DEEPL_SERVER_URL"
# DeepL takes at most 50 texts and 128 KiB per request; the rest of the JSON body
# (languages, glossary id, tag options) stays well under the reserve.
MAX_TEXTS = 50
MAX_REQUEST_BYTES = 128 * 1024
_BODY_RESERVE = 1024
FORMALITY = {
    "default": None,
    "more": "prefer_more",
    "prefer_more": "prefer_more",
    "formal": "prefer_more",
    "less": "prefer_less",
    "prefer_less": "prefer_less",
    "informal": "prefer_less",
}

# A request that got no answer in time is sent again with twelve times the patience (120 s
# with the client's 10 s), and the rest of the run keeps it: a server that is only slow
# answers the retry, and that answer is used. What a hang can still cost: the one attempt
# it outlasted, if the server answers it after the client has gone; a hang over 120 s,
# every attempt (docs/machine-translation.md). One step rather than a slow growth: with
# 10, 30, 90 s, a 40 s hang cost two attempts (docs/performance.md).
PATIENCE_AFTER_TIMEOUT = 12
# How often a back-off wait looks whether the run has asked to stop.
_STOP_POLL = 0.05

_Result = TypeVar("_Result")


class DeepLEngine:
    name = "deepl"
    bills = True
    max_batch_texts = MAX_TEXTS
    max_batch_bytes = MAX_REQUEST_BYTES - _BODY_RESERVE

    def __init__(
        self,
        settings: Settings,
        *,
        environ: Mapping[str, str] | None = None,
        timeout: float | None = None,
        retries: int | None = None,
    ):
        environ = os.environ if environ is None else environ
        machine = settings.machine
        self.formality, self._formality = formality_of(settings)
        self._key_variable = machine.auth_key_env
        key = environ.get(machine.auth_key_env, "").strip()
        if not key:
            raise AuthorizationFailed(
                f"no DeepL key: set the environment variable {machine.auth_key_env} "
                "(the key is read from there only and never stored), or use --engine pseudo"
            )
        self._key = key
        self.server_url = machine.server_url or environ.get(SERVER_URL_VARIABLE) or None
        # These are module globals of the client; a run uses one engine, so setting them
        # here is how a caller (a test, a slow proxy) chooses its patience.
        if timeout is not None:
            http_client.min_connection_timeout = timeout
        if retries is not None:
            http_client.max_network_retries = retries
        self.timeout = http_client.min_connection_timeout
        self.retries = http_client.max_network_retries
        self._language_map = dict(machine.language_map)
        self._project = settings.project_name
        self._translator = deepl.Translator(
            key, server_url=self.server_url, send_platform_info=False
        )
        # The client retries a refused connection like a dropped one, for some 16 s; a
        # refused connection means nothing listens there, so it is reported at once.
        client = getattr(self._translator, "_client", None)
        self._client: _HttpClient | None = None
        if type(client) is http_client.HttpClient:
            client.close()  # type: ignore[no-untyped-call]
            self._client = _HttpClient(None, False, None)
            self._translator._client = self._client
        self._targets: dict[str, bool] | None = None  # code → supports formality
        self._pairs: set[tuple[str, str]] | None = None
        self._existing: list[Any] | None = None  # glossaries on the account
        self._glossary_ids: dict[str, str] = {}

    # ---------------------------------------------------------------- protocol

    def request_size(self, text: str) -> int:
        # requests serialises JSON with ensure_ascii: "é" travels as six bytes.
        return len(json.dumps(text)) + 2

    def target(self, source_language: str, language: str, glossary: EngineGlossary) -> Target:
        code = self._target_code(language)
        version = None
        if glossary.renderings and self._glossary_pair_supported(source_language, code):
            version = glossary.version
        return Target(language, code, version)

    def prepare(self, source_language: str, target: Target, glossary: EngineGlossary) -> None:
        if target.glossary_version is None or target.language in self._glossary_ids:
            return
        source = _base(source_language)
        destination = _base(target.code)
        # Named by workspace language, not DeepL pair: pt and pt_BR share the pair en-pt
        # but have glossaries of their own, and must not replace each other's.
        prefix = f"polyglot {self._project} {source_language}-{target.language} "
        name = prefix + target.glossary_version
        existing = self._call(self._list_glossaries)
        current = next(
            (
                item
                for item in existing
                if item.name == name
                and item.source_lang.lower() == source
                and item.target_lang.lower() == destination
            ),
            None,
        )
        if current is None:
            entries = {rendering.source: rendering.target for rendering in glossary.renderings}
            current = self._call(
                lambda: self._translator.create_glossary(name, source, destination, entries)
            )
            existing.append(current)
        for item in [item for item in existing if item.name.startswith(prefix)]:
            if item.name != name:  # an earlier version of this workspace's glossary
                self._delete_glossary(item.glossary_id)
                existing.remove(item)
        self._glossary_ids[target.language] = current.glossary_id

    def translate(
        self, texts: Sequence[str], source_language: str, target: Target
    ) -> list[Translation]:
        if not texts:
            return []
        glossary_id = self._glossary_ids.get(target.language)
        results = self._call(
            lambda: self._translator.translate_text(
                list(texts),
                source_lang=_base(source_language).upper(),
                target_lang=target.code,
                formality=self._formality,
                glossary=glossary_id,
                tag_handling="xml",
                ignore_tags=[IGNORED_TAG],
            )
        )
        if not isinstance(results, list):
            results = [results]
        return [Translation(result.text, result.billed_characters or 0) for result in results]

    def usage(self) -> Usage | None:
        usage = self._call(self._translator.get_usage)
        character = usage.character
        if character is None or not character.valid or character.count is None:
            return None
        return Usage(character.count, character.limit)

    def supervise(self, supervision: Supervision) -> None:
        if self._client is not None:
            self._client.supervision = supervision

    def close(self) -> None:
        self._translator.close()  # type: ignore[no-untyped-call]

    # ---------------------------------------------------------------- languages

    def _target_languages(self) -> dict[str, bool]:
        if self._targets is None:
            languages = self._call(self._translator.get_target_languages)
            self._targets = {
                str(language.code).upper(): bool(language.supports_formality)
                for language in languages
            }
        return self._targets

    def _target_code(self, language: str) -> str:
        available = self._target_languages()
        mapped = self._language_map.get(language)
        if mapped is not None:
            if mapped.upper() not in available:
                raise UnsupportedLanguage(
                    f"{language}: `machine.language-map` says {mapped}, which DeepL does not "
                    f"offer (it offers {', '.join(sorted(available))})"
                )
            return mapped.upper()
        parts = normalise(language).split("_")
        base = parts[0].upper()
        candidates = ["-".join(parts).upper(), base]
        likely = get_global("likely_subtags").get(parts[0])
        if likely:
            # CLDR's likely form of a bare code: pt → pt_Latn_BR, zh → zh_Hans_CN.
            for subtag in likely.split("_")[1:]:
                candidates.append(f"{base}-{subtag.upper()}")
        for candidate in candidates:
            if candidate in available:
                return candidate
        variants = [code for code in available if code.split("-")[0] == base]
        if len(variants) == 1:
            return variants[0]
        raise UnsupportedLanguage(
            f"DeepL does not translate into {english_name(language)} ({language})"
            + (
                f"; choose one of {', '.join(sorted(variants))} in `machine.language-map`"
                if variants
                else ""
            )
        )

    def _glossary_pair_supported(self, source_language: str, code: str) -> bool:
        if self._pairs is None:
            pairs = self._call(self._translator.get_glossary_languages)
            self._pairs = {
                (str(pair.source_lang).lower(), str(pair.target_lang).lower()) for pair in pairs
            }
        return (_base(source_language), _base(code)) in self._pairs

    def _delete_glossary(self, glossary_id: str) -> None:
        self._call(lambda: self._translator.delete_glossary(glossary_id))

    def _list_glossaries(self) -> list[Any]:
        if self._existing is None:
            self._existing = list(self._translator.list_glossaries())
        return self._existing

    # ---------------------------------------------------------------- faults

    def _call(self, function: Callable[[], _Result]) -> _Result:
        """Run one client call, turning the library's exceptions into ours."""
        where = self.server_url or "DeepL"
        try:
            return function()
        except deepl.AuthorizationException:
            raise AuthorizationFailed(
                f"DeepL refused the key (403); check the key in {self._key_variable} "
                "(a Free key ends in :fx and needs no server-url)"
            ) from None
        except deepl.QuotaExceededException:
            remaining = self._remaining()
            left = (
                f"{remaining:,} characters remain"
                if remaining is not None
                else "the remaining characters could not be read"
            )
            raise QuotaExceeded(
                f"DeepL quota exceeded (456): {left} this billing period; "
                "every finished batch is saved",
                remaining,
            ) from None
        except deepl.TooManyRequestsException:
            raise RateLimited(
                f"DeepL is rate-limiting requests (429), still after {self.retries} retries; "
                "every finished batch is saved, run again later"
            ) from None
        except deepl.ConnectionException as error:
            if _refused(error):
                raise NoNetwork(
                    f"connection refused at {self.server_url or 'the DeepL server'}: nothing "
                    "listens there; check `machine.server-url` or DEEPL_SERVER_URL"
                    if self.server_url
                    else "connection refused by the DeepL server; check the network or proxy"
                ) from None
            if isinstance(error.__cause__, requests.exceptions.ReadTimeout):
                raise EngineUnavailable(
                    f"{where} did not answer ({self.retries} retries, the last waiting "
                    f"{self._patience():g} s); every finished batch is saved"
                ) from None
            raise NoNetwork(
                f"cannot reach {where}: no network connection ({self._scrub(_first_line(error))})"
            ) from None
        except deepl.DeepLException as error:
            status = error.http_status_code
            if status is not None and status >= 500:
                raise EngineUnavailable(
                    f"DeepL server error ({status}), still after {self.retries} retries; "
                    "every finished batch is saved, run again later"
                ) from None
            raise MachineTranslationError(
                f"DeepL refused the request: {self._scrub(_first_line(error))}"
            ) from None

    def _patience(self) -> float:
        """How long the last request waited for its answer."""
        return self._client.last_patience if self._client else self.timeout

    def _remaining(self) -> int | None:
        try:
            usage = self._translator.get_usage().character
        except deepl.DeepLException:
            return None
        if usage is None or not usage.valid or usage.limit is None or usage.count is None:
            return None
        return max(usage.limit - usage.count, 0)

    def _scrub(self, message: str) -> str:
        return message.replace(self._key, "***")


def _refused(error: BaseException | None) -> bool:
    """Whether a connection failure comes down to ECONNREFUSED (nothing listening)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, ConnectionRefusedError):
            return True
        seen.add(id(error))
        reason = getattr(error, "reason", None)  # urllib3's MaxRetryError
        wrapped = error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
        error = error.__cause__ or error.__context__ or reason or wrapped
    return False


class _HttpClient(http_client.HttpClient):
    """The client's HTTP layer, with its retries told, stoppable, and more patient after
    a timeout."""

    def __init__(self, *arguments: Any) -> None:
        super().__init__(*arguments)
        self.supervision = Supervision()  # until the run gives its own
        self.timeouts = 0  # requests of this run that got no answer in time
        self.last_patience = _patience(0)

    def _should_retry(self, response: Any, exception: Any, num_retries: int) -> bool:
        if response is None and _refused(exception):
            return False
        return bool(super()._should_retry(response, exception, num_retries))  # type: ignore[no-untyped-call]

    def request_with_backoff(
        self,
        method: str,
        url: str,
        data: dict[str, Any] | None,
        json: dict[str, Any] | None,
        headers: dict[str, str],
        stream: bool = False,
        **kwargs: Any,
    ) -> tuple[int, Any]:
        """The library's loop (same back-off, same retry rules), with three changes: each
        retry is told before its wait, a timed-out request is retried with more patience,
        and a run that asked to stop gets the answer in flight but no retry."""
        supervision = self.supervision
        backoff = http_client._BackoffTimer()  # type: ignore[no-untyped-call]
        request = self._prepare_request(method, url, data, json, headers, **kwargs)
        while True:
            patience = _patience(self.timeouts)
            supervision.patience = patience
            response: tuple[int, Any] | None
            try:
                response = self._internal_request(request, stream=stream, timeout=patience)
                exception: Exception | None = None
            except Exception as error:
                response, exception = None, error
            finally:
                supervision.patience = None
            self.last_patience = patience
            timed_out = _timed_out(exception)
            if timed_out:
                self.timeouts += 1
            retries = backoff.get_num_retries()  # type: ignore[no-untyped-call]
            if not self._should_retry(response, exception, retries):
                if response is not None:
                    return response
                assert exception is not None
                raise exception
            if supervision.stopping:
                raise StopRequested()
            delay = backoff.get_time_until_deadline()  # type: ignore[no-untyped-call]
            supervision.on_retry(
                Retry(
                    delay,
                    _reason(response, exception, patience),
                    retries + 1,
                    http_client.max_network_retries,
                    _patience(self.timeouts) if timed_out else None,
                )
            )
            _wait(delay, supervision)
            # The deadline has passed: this only moves the back-off on.
            backoff.sleep_until_deadline()  # type: ignore[no-untyped-call]


def formality_of(settings: Settings) -> tuple[str, Any]:
    """The settings' `machine.formality` and the client's value for it; ConfigError for
    a word DeepL does not know (the engine refuses it online and offline alike)."""
    formality = settings.machine.formality
    if formality not in FORMALITY:
        raise ConfigError(
            f"`machine.formality` must be one of {', '.join(FORMALITY)}, not {formality!r}",
            settings.settings_file,
        )
    return formality, FORMALITY[formality]


def _patience(timeouts: int) -> float:
    """How long a request waits for its answer once `timeouts` attempts timed out."""
    first = float(http_client.min_connection_timeout)
    return first * PATIENCE_AFTER_TIMEOUT if timeouts else first


def _wait(seconds: float, supervision: Supervision) -> None:
    """Sleep `seconds`, or raise StopRequested as soon as the run asks to stop (a signal
    handler sets the flag; a sleep cut short by it would resume, so it is looked at)."""
    deadline = time.monotonic() + seconds
    while not supervision.stopping:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, _STOP_POLL))
    raise StopRequested()


def _timed_out(exception: Exception | None) -> bool:
    return exception is not None and isinstance(exception.__cause__, requests.exceptions.Timeout)


def _reason(response: tuple[int, Any] | None, exception: Exception | None, patience: float) -> str:
    """Why a request is retried, as people say it: `429 Too Many Requests`."""
    if response is not None:
        status = response[0]
        try:
            return f"{status} {HTTPStatus(status).phrase}"
        except ValueError:
            return f"{status} server error"
    if exception is not None and isinstance(
        exception.__cause__, requests.exceptions.ConnectTimeout
    ):
        return f"no connection within {patience:g} s"
    if _timed_out(exception):
        return f"no answer within {patience:g} s"
    return "connection lost"


def _base(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
