"""A DeepL-API-compatible fake HTTP server for tests (standard library only).

The official ``deepl`` Python client works against it unchanged::

    with FakeDeepL() as fake:
        translator = deepl.Translator("test-key", server_url=fake.url)
        translator.translate_text(["Hello"], target_lang="ES")  # "[ES] Hello"

It binds to 127.0.0.1 on a free port and never talks to anything else.

Endpoints (the shapes are the ones the client in deepl 1.32 parses):

* ``POST /v2/translate``: a JSON body (as the client sends it) or a form
  body. The answer is ``{"translations": [{"detected_source_language", "text",
  "billed_characters"}]}``, plus ``model_type_used`` when ``model_type`` was
  sent.
* ``GET|POST /v2/usage``: ``{"character_count", "character_limit"}``.
* ``GET|POST /v2/languages``: ``type`` is ``source`` (the default) or
  ``target``, in the query or a form body. The client sends it as a form
  body on a GET.
* ``GET /v2/glossary-language-pairs``
* v2 glossaries, as the engine (src/polyglot_statement/machine/deepl.py)
  uses them through the client's ``create_glossary``, ``list_glossaries``
  and ``delete_glossary``: ``POST|GET /v2/glossaries`` (entries as TSV) and
  ``DELETE /v2/glossaries/{id}``. Nothing else of the glossary API is here:
  what the engine never calls would be a fake of nothing (``FakeDeepL.glossaries``
  shows a test what was stored).

Deterministic translation: ``text`` becomes ``"[<TARGET_LANG>] " + text``.
Glossary entries are applied first, as whole-word, case-sensitive
replacements. With ``tag_handling`` set to ``xml`` or ``html``, only the text
between tags changes. Tags are kept byte for byte, the content of
``ignore_tags`` elements is left alone, and the marker goes before the first
piece of text that gets translated, which keeps the markup balanced. An empty
text translates to an empty text.

Faults can be set at run time: ``fail_next(status, count)``,
``quota_after_characters``, ``hang_seconds``, ``stall(seconds)``,
``hold_translations()`` and ``character_limit``. Every error body is JSON
``{"message": ...}``.

Billing is DeepL's: a /v2/translate request is billed when the server answers
it, whether or not the client is still there to read the answer (it timed out,
or was stopped). ``characters_billed_twice`` says what an account paid more
than once for the same text into the same language, across runs.

For pytest, pyproject.toml sets ``pythonpath = ["tests"]``, so a test module or
conftest.py can write::

    from fake_deepl import FakeDeepL, fake_deepl_fixture  # noqa: F401

and then request the ``fake_deepl`` fixture. Each test gets a fresh server,
and the deepl client's retry back-off is cut to milliseconds while the test
runs (see ``fast_deepl_backoff``).
"""

from __future__ import annotations

import collections
import json
import os
import re
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

try:  # pytest is only needed for the optional ``fake_deepl`` fixture.
    import pytest
except ImportError:  # pragma: no cover - the server itself is stdlib only
    pytest = None  # type: ignore[assignment]

__all__ = [
    "AUTH_FAILURE_MESSAGE",
    "DEFAULT_GLOSSARY_LANGUAGE_PAIRS",
    "DEFAULT_SOURCE_LANGUAGES",
    "DEFAULT_TARGET_LANGUAGES",
    "DEFAULT_VALID_KEYS",
    "FORMALITY_NOT_SUPPORTED_MESSAGE",
    "FakeDeepL",
    "Glossary",
    "GlossaryDictionary",
    "RecordedRequest",
    "deepl_backoffs",
    "fake_deepl_fixture",
    "fast_deepl_backoff",
    "transform_text",
]

DEFAULT_VALID_KEYS: frozenset[str] = frozenset({"test-key", "test-key:fx"})
AUTH_FAILURE_MESSAGE = "Authorization failure, check auth_key"
FORMALITY_NOT_SUPPORTED_MESSAGE = "'formality' is not supported for given 'target_lang'."
QUOTA_EXCEEDED_MESSAGE = "Quota exceeded"
GLOSSARY_NOT_FOUND_MESSAGE = "Glossary not found"

FORMALITY_VALUES: frozenset[str] = frozenset(
    {"default", "more", "less", "prefer_more", "prefer_less"}
)

# (code, English name) as GET /v2/languages?type=source returns them.
DEFAULT_SOURCE_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("AR", "Arabic"),
    ("BG", "Bulgarian"),
    ("CS", "Czech"),
    ("DA", "Danish"),
    ("DE", "German"),
    ("EL", "Greek"),
    ("EN", "English"),
    ("ES", "Spanish"),
    ("ET", "Estonian"),
    ("FI", "Finnish"),
    ("FR", "French"),
    ("HU", "Hungarian"),
    ("ID", "Indonesian"),
    ("IT", "Italian"),
    ("JA", "Japanese"),
    ("KO", "Korean"),
    ("LT", "Lithuanian"),
    ("LV", "Latvian"),
    ("NB", "Norwegian"),
    ("NL", "Dutch"),
    ("PL", "Polish"),
    ("PT", "Portuguese"),
    ("RO", "Romanian"),
    ("RU", "Russian"),
    ("SK", "Slovak"),
    ("SL", "Slovenian"),
    ("SV", "Swedish"),
    ("TR", "Turkish"),
    ("UK", "Ukrainian"),
    ("ZH", "Chinese"),
)

# (code, English name, supports_formality) as GET /v2/languages?type=target
# returns them. QU (Quechua) is deliberately missing.
DEFAULT_TARGET_LANGUAGES: tuple[tuple[str, str, bool], ...] = (
    ("AR", "Arabic", False),
    ("BG", "Bulgarian", False),
    ("CS", "Czech", False),
    ("DA", "Danish", False),
    ("DE", "German", True),
    ("EL", "Greek", False),
    ("EN-GB", "English (British)", False),
    ("EN-US", "English (American)", False),
    ("ES", "Spanish", True),
    ("ES-419", "Spanish (Latin American)", True),
    ("ET", "Estonian", False),
    ("FI", "Finnish", False),
    ("FR", "French", True),
    ("HU", "Hungarian", False),
    ("ID", "Indonesian", False),
    ("IT", "Italian", True),
    ("JA", "Japanese", True),
    ("KO", "Korean", False),
    ("LT", "Lithuanian", False),
    ("LV", "Latvian", False),
    ("NB", "Norwegian", False),
    ("NL", "Dutch", True),
    ("PL", "Polish", True),
    ("PT-BR", "Portuguese (Brazilian)", True),
    ("PT-PT", "Portuguese (European)", True),
    ("RO", "Romanian", False),
    ("RU", "Russian", True),
    ("SK", "Slovak", False),
    ("SL", "Slovenian", False),
    ("SV", "Swedish", False),
    ("TR", "Turkish", False),
    ("UK", "Ukrainian", False),
    ("ZH", "Chinese (simplified)", False),
    ("ZH-HANS", "Chinese (simplified)", False),
    ("ZH-HANT", "Chinese (traditional)", False),
)

# Deprecated target codes that the real API still accepts on /v2/translate
# but does not list. The client itself refuses to send EN and PT.
_TARGET_ALIASES: dict[str, tuple[str, bool]] = {
    "EN": ("EN-GB", False),
    "PT": ("PT-PT", True),
}

# Lower-case (source, target) pairs, as /v2/glossary-language-pairs returns
# them. en->ar is deliberately missing.
DEFAULT_GLOSSARY_LANGUAGE_PAIRS: tuple[tuple[str, str], ...] = (
    ("de", "en"),
    ("en", "de"),
    ("en", "es"),
    ("en", "fr"),
    ("en", "pt"),
    ("es", "en"),
    ("fr", "en"),
    ("pt", "en"),
)

_LIST_FIELDS = frozenset(
    {
        "text",
        "ignore_tags",
        "splitting_tags",
        "non_splitting_tags",
        "glossary_ids",
        "custom_instructions",
    }
)
_COMMA_LIST_FIELDS = frozenset(
    {"ignore_tags", "splitting_tags", "non_splitting_tags", "glossary_ids"}
)

_JSON = "application/json; charset=utf-8"


class RecordedRequest(NamedTuple):
    """One request as it arrived: ``(method, path, body)``.

    ``path`` has no query string. ``body`` is the parsed JSON object, or the
    form body and query parameters merged into a dict (list fields such as
    ``text`` and ``ignore_tags`` are lists, all others single strings).
    """

    method: str
    path: str
    body: dict[str, Any]


@dataclass
class GlossaryDictionary:
    """One language pair of a glossary. The languages are lower case."""

    source_lang: str
    target_lang: str
    entries: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "entry_count": len(self.entries),
        }


@dataclass
class Glossary:
    glossary_id: str
    name: str
    creation_time: str
    dictionaries: list[GlossaryDictionary] = field(default_factory=list)

    def to_v2_json(self) -> dict[str, Any]:
        only = self.dictionaries[0]
        return {
            "glossary_id": self.glossary_id,
            "name": self.name,
            "ready": True,
            "source_lang": only.source_lang,
            "target_lang": only.target_lang,
            "creation_time": self.creation_time,
            "entry_count": len(only.entries),
        }

    def find(self, source_lang: str, target_lang: str) -> GlossaryDictionary | None:
        for dictionary in self.dictionaries:
            if (
                dictionary.source_lang == source_lang.lower()
                and dictionary.target_lang == target_lang.lower()
            ):
                return dictionary
        return None


@dataclass
class _Fault:
    status: int
    remaining: int | None  # None: until clear_faults()
    path: str | None
    message: str


@dataclass
class _Response:
    status: int
    body: bytes = b""
    content_type: str = _JSON


class _ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _json_response(status: int, payload: Any) -> _Response:
    return _Response(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))


def _error(status: int, message: str) -> _Response:
    return _json_response(status, {"message": message})


def _default_message(status: int) -> str:
    if status == HTTPStatus.FORBIDDEN:
        return AUTH_FAILURE_MESSAGE
    if status == 456:
        return QUOTA_EXCEEDED_MESSAGE
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        return "Too many requests"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Injected failure {status}"


def _now_timestamp() -> str:
    # Always six fractional digits: deepl.util.parse_timestamp requires a
    # fraction ("%Y-%m-%dT%H:%M:%S.%f%z").
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _base_language(code: str) -> str:
    return code.split("-", 1)[0]


# ---------------------------------------------------------------------------
# Text transformation
# ---------------------------------------------------------------------------

_MARKUP_RE = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![^>]*>|<[^>]*>", re.DOTALL)
_TAG_NAME_RE = re.compile(r"<\s*(/)?\s*([^\s/>]+)")


def _glossary_replacer(entries: dict[str, str]) -> Callable[[str], str]:
    """Whole-word, case-sensitive replacement of every source term at once."""
    if not entries:
        return lambda text: text
    terms = sorted(entries, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)")

    def replace(text: str) -> str:
        return pattern.sub(lambda m: entries[m.group(0)], text)

    return replace


def _compose(functions: Iterable[Callable[[str], str]]) -> Callable[[str], str]:
    chain = list(functions)

    def apply(text: str) -> str:
        for function in chain:
            text = function(text)
        return text

    return apply


def transform_text(
    text: str,
    target_lang: str,
    *,
    tag_handling: str | None = None,
    ignore_tags: Iterable[str] = (),
    glossary: Callable[[str], str] = lambda text: text,
) -> str:
    """The fake translation of one text (exposed so tests can predict it)."""
    if text == "":
        return ""
    marker = f"[{target_lang}] "
    if tag_handling not in ("xml", "html"):
        return marker + glossary(text)

    fold = tag_handling == "html"
    ignored = {t.lower() if fold else t for t in ignore_tags if t}
    pieces: list[str] = []
    ignored_depth = 0
    marked = False

    def text_piece(segment: str) -> str:
        nonlocal marked
        if not segment or ignored_depth > 0:
            return segment
        translated = glossary(segment)
        if not marked and segment.strip():
            marked = True
            return marker + translated
        return translated

    position = 0
    for match in _MARKUP_RE.finditer(text):
        pieces.append(text_piece(text[position : match.start()]))
        tag = match.group(0)
        pieces.append(tag)
        position = match.end()
        name_match = _TAG_NAME_RE.match(tag)
        if name_match is None or tag.startswith(("<!", "<?")):
            continue
        name = name_match.group(2).lower() if fold else name_match.group(2)
        if name not in ignored:
            continue
        if name_match.group(1):
            ignored_depth = max(ignored_depth - 1, 0)
        elif not tag.rstrip(">").rstrip().endswith("/"):
            ignored_depth += 1
    pieces.append(text_piece(text[position:]))
    return "".join(pieces)


# ---------------------------------------------------------------------------
# Request parsing helpers
# ---------------------------------------------------------------------------


def _flatten_form(form: dict[str, list[str]]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, values in form.items():
        if key in _LIST_FIELDS:
            items: list[str] = []
            for value in values:
                if key in _COMMA_LIST_FIELDS:
                    items.extend(v for v in value.split(",") if v)
                else:
                    items.append(value)
            flat[key] = items
        else:
            flat[key] = values[-1]
    return flat


def _string_list(value: Any, *, split_commas: bool) -> list[str]:
    if value is None:
        return []
    raw = [value] if isinstance(value, str) else list(value)
    result: list[str] = []
    for item in raw:
        if not isinstance(item, str):
            raise _ApiError(400, "Invalid list parameter")
        result.extend(item.split(",") if split_commas else [item])
    return [item.strip() for item in result if item.strip()]


def _parse_entries(entries: Any, entries_format: Any) -> dict[str, str]:
    fmt = str(entries_format or "tsv").lower()
    if isinstance(entries, dict):  # lenient: a JSON object of entries
        pairs = [(str(k), str(v)) for k, v in entries.items()]
    elif isinstance(entries, str):
        if fmt == "tsv":
            pairs = []
            for line in entries.splitlines():
                if not line.strip():
                    continue
                if "\t" not in line:
                    raise _ApiError(400, "Invalid glossary entries provided")
                source, target = line.split("\t", 1)
                if "\t" in target:
                    raise _ApiError(400, "Invalid glossary entries provided")
                pairs.append((source, target))
        else:
            raise _ApiError(400, "Value for 'entries_format' not supported.")
    else:
        raise _ApiError(400, "Missing or invalid argument: entries")
    result: dict[str, str] = {}
    for source, target in pairs:
        source, target = source.strip(), target.strip()
        if not source or not target or source in result:
            raise _ApiError(400, "Invalid glossary entries provided")
        result[source] = target
    if not result:
        raise _ApiError(400, "Invalid glossary entries provided")
    return result


# ---------------------------------------------------------------------------
# The fake service
# ---------------------------------------------------------------------------


class FakeDeepL:
    """A fake DeepL API on ``http://127.0.0.1:<free port>``.

    The server starts serving in the constructor, so ``url`` works at once.
    Use it as a context manager, or call ``stop()``.

    Things to inspect (all reset by ``reset_counters()``):

    * ``requests``: every request received, as ``(method, path, body)``,
      including the failed and unauthorised ones.
    * ``responses``: ``(method, path, status)`` for every answer sent.
    * ``translate_requests``: how many /v2/translate calls were answered
      with 200.
    * ``translated_texts``: the list of texts of each such call.
    * ``billed_characters``: the sum of ``len(text)`` over all of them. This
      is also ``character_count`` in /v2/usage.
    * ``translate_body_sizes``: the size in bytes of every /v2/translate body
      received, refused ones included.

    Kept by ``reset_counters()``, as an account's invoice is:

    * ``billed_texts``: how many times each ``(target_lang, text)`` was billed.
    * ``characters_billed_twice``: the characters billed again for a text
      already billed into the same language (``clear_ledger()`` forgets).

    Knobs that take effect at once:

    * ``fail_next(status, count=1, path=None)`` and ``clear_faults()``
    * ``quota_after_characters``: a translate call that would take
      ``billed_characters`` past this gets 456 and bills nothing.
    * ``hang_seconds``: /v2/translate sleeps this long before answering.
      ``stop()`` cuts the sleep short.
    * ``stall(seconds)``: the server stops answering /v2/translate for this
      long, from now: each request received meanwhile is answered when the
      stall ends (a server under load, not one slow request).
    * ``hold_translations(count=None)``: the next ``count`` /v2/translate
      requests (all, if None) wait, unanswered and unbilled, until
      ``release_translations()``; ``held_requests`` counts them and
      ``wait_until_held(n)`` waits for the n-th (no timing needed).
    * ``character_limit``: reported by /v2/usage.
    * ``valid_keys``, ``source_languages``, ``target_languages``,
      ``glossary_language_pairs``, ``detected_source_language``,
      ``max_request_bytes`` and ``max_texts_per_request`` (DeepL's 128 KiB
      and 50 texts; a /v2/translate request beyond either gets 413, as from
      DeepL). Set either of the last two to None to switch it off.
    """

    def __init__(
        self,
        *,
        valid_keys: Iterable[str] = DEFAULT_VALID_KEYS,
        character_limit: int = 500_000,
        glossary_language_pairs: Iterable[tuple[str, str]] = (DEFAULT_GLOSSARY_LANGUAGE_PAIRS),
    ) -> None:
        self.valid_keys: set[str] = set(valid_keys)
        self.character_limit: int = character_limit
        self.quota_after_characters: int | None = None
        self.hang_seconds: float = 0.0
        self.detected_source_language: str = "EN"
        self.max_request_bytes: int | None = 128 * 1024
        self.max_texts_per_request: int | None = 50
        self.source_languages: list[dict[str, Any]] = [
            {"language": code, "name": name} for code, name in DEFAULT_SOURCE_LANGUAGES
        ]
        self.target_languages: list[dict[str, Any]] = [
            {"language": code, "name": name, "supports_formality": formal}
            for code, name, formal in DEFAULT_TARGET_LANGUAGES
        ]
        self.glossary_language_pairs: list[tuple[str, str]] = [
            (s.lower(), t.lower()) for s, t in glossary_language_pairs
        ]
        self.glossaries: dict[str, Glossary] = {}
        # Tracebacks of exceptions raised inside the fake (answered with 500).
        self.internal_errors: list[str] = []

        self.requests: list[RecordedRequest] = []
        self.responses: list[tuple[str, str, int]] = []
        self.translate_requests: int = 0
        self.translated_texts: list[list[str]] = []
        self.translate_body_sizes: list[int] = []  # bytes of every /v2/translate body
        self.billed_characters: int = 0
        self.billed_texts: collections.Counter[tuple[str, str]] = collections.Counter()
        self.held_requests: int = 0

        self._faults: list[_Fault] = []
        self._lock = threading.RLock()
        self._held_changed = threading.Condition(self._lock)
        self._to_hold: int | None = 0  # requests still to hold; None: every one
        self._holding: list[threading.Event] = []  # one per request held now
        self._stalled_until = 0.0  # time.monotonic()
        self._stopping = threading.Event()
        self._stopped = False
        self._server = _Server(("127.0.0.1", 0), _Handler, self)
        host, port = self._server.server_address[:2]
        self.host: str = str(host)
        self.port: int = int(port)
        self.url: str = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"FakeDeepL:{self.port}",
            daemon=True,
        )
        self._thread.start()

    # -- lifecycle ---------------------------------------------------------

    def __enter__(self) -> FakeDeepL:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving and close the socket. Safe to call twice."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self._stopping.set()  # wakes any request hanging in hang_seconds
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # -- test controls -----------------------------------------------------

    def fail_next(
        self,
        status: int,
        count: int | None = 1,
        *,
        path: str | None = None,
        message: str | None = None,
    ) -> None:
        """Answer the next ``count`` authorised requests with ``status``.

        Calls queue up in order: ``fail_next(429, 3); fail_next(500)`` gives
        three 429s, then one 500, then normal answers. ``count=None`` fails
        until ``clear_faults()``. ``path`` (a prefix such as
        "/v2/translate") limits the fault to matching requests.
        """
        if count is not None and count <= 0:
            return
        with self._lock:
            self._faults.append(_Fault(status, count, path, message or _default_message(status)))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def stall(self, seconds: float) -> None:
        """Answer no /v2/translate request for `seconds` from now."""
        with self._lock:
            self._stalled_until = time.monotonic() + seconds

    def hold_translations(self, count: int | None = None) -> None:
        """Keep the next `count` /v2/translate requests (every one, if None) unanswered
        and unbilled until ``release_translations()``."""
        with self._lock:
            self._to_hold = count

    def release_translations(self) -> None:
        """Answer the requests held so far (billing each: the client may have gone).
        Holding every request ends; the rest of a `count` is still held."""
        with self._lock:
            if self._to_hold is None:
                self._to_hold = 0
            for release in self._holding:
                release.set()
            self._holding.clear()

    def wait_until_held(self, count: int, timeout: float = 30.0) -> None:
        """Wait until `count` requests have been held; AssertionError after `timeout`."""
        with self._held_changed:
            if not self._held_changed.wait_for(lambda: self.held_requests >= count, timeout):
                raise AssertionError(f"{self.held_requests} request(s) held, not {count}")

    @property
    def characters_billed_twice(self) -> int:
        with self._lock:
            return sum(len(text) * (times - 1) for (_, text), times in self.billed_texts.items())

    def clear_ledger(self) -> None:
        with self._lock:
            self.billed_texts.clear()

    def reset_counters(self) -> None:
        """Forget recorded requests and usage. Glossaries, faults and the ledger of
        billed texts stay."""
        with self._lock:
            self.requests.clear()
            self.responses.clear()
            self.translate_requests = 0
            self.translated_texts.clear()
            self.translate_body_sizes.clear()
            self.billed_characters = 0

    def translation_of(self, text: str, target_lang: str, **kwargs: Any) -> str:
        """What the fake returns for ``text`` (see ``transform_text``)."""
        return transform_text(text, target_lang.upper(), **kwargs)

    # -- request handling (called from handler threads) ----------------------

    def _record(self, method: str, path: str, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, body))

    def _record_response(self, method: str, path: str, status: int) -> None:
        with self._lock:
            self.responses.append((method, path, status))

    def _take_fault(self, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.path is not None and not path.startswith(fault.path):
                    continue
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    def _handle(
        self,
        method: str,
        path: str,
        body: dict[str, Any],
        authorization: str | None,
        body_size: int,
    ) -> _Response | None:
        """Return the answer, or None to drop the connection (on stop)."""
        key = None
        if authorization and authorization.startswith("DeepL-Auth-Key "):
            key = authorization[len("DeepL-Auth-Key ") :].strip()
        if key is None or key not in self.valid_keys:
            return _error(403, AUTH_FAILURE_MESSAGE)

        route = _route(method, path)
        if route is None:
            if any(pattern.fullmatch(path) for _, pattern, _ in _ROUTES):
                return _error(405, "Method not allowed")
            return _error(404, "Not found")
        handler_name, params = route

        fault = self._take_fault(path)
        if fault is not None:
            return _error(fault.status, fault.message)

        try:
            if handler_name == "translate":
                return self._translate(body, body_size)
            handler: Callable[..., _Response] = getattr(self, "_" + handler_name)
            return handler(body, *params)
        except _ApiError as error:
            return _error(error.status, error.message)

    # -- endpoints ---------------------------------------------------------

    def _translate(self, body: dict[str, Any], body_size: int) -> _Response | None:
        with self._lock:
            self.translate_body_sizes.append(body_size)
        if self.max_request_bytes is not None and body_size > self.max_request_bytes:
            return _error(413, "Request Entity Too Large")
        texts_value = body.get("text")
        if isinstance(texts_value, str):
            texts_value = [texts_value]
        if not isinstance(texts_value, list) or not texts_value:
            raise _ApiError(400, "Parameter 'text' not specified.")
        if not all(isinstance(t, str) for t in texts_value):
            raise _ApiError(400, "Invalid value for 'text'.")
        texts: list[str] = list(texts_value)
        if self.max_texts_per_request is not None and len(texts) > self.max_texts_per_request:
            # DeepL answers an over-long list as it answers an over-large body.
            raise _ApiError(
                413, f"Too many texts: at most {self.max_texts_per_request} in one request."
            )

        target = body.get("target_lang")
        if not isinstance(target, str) or not target:
            raise _ApiError(400, "Parameter 'target_lang' not specified.")
        target = target.upper()
        supports_formality = self._target_supports_formality(target)
        if supports_formality is None:
            raise _ApiError(400, "Value for 'target_lang' not supported.")

        source = body.get("source_lang")
        if source is not None:
            if not isinstance(source, str) or source.upper() not in {
                str(lang["language"]).upper() for lang in self.source_languages
            }:
                raise _ApiError(400, "Value for 'source_lang' not supported.")
            source = source.upper()

        formality = body.get("formality")
        if formality is not None:
            formality = str(formality).lower()
            if formality not in FORMALITY_VALUES:
                raise _ApiError(400, "Value for 'formality' not supported.")
            if formality in ("more", "less") and not supports_formality:
                raise _ApiError(400, FORMALITY_NOT_SUPPORTED_MESSAGE)

        tag_handling = body.get("tag_handling")
        if tag_handling is not None:
            tag_handling = str(tag_handling).lower()
            if tag_handling not in ("xml", "html"):
                raise _ApiError(400, "Value for 'tag_handling' not supported.")
        ignore_tags = _string_list(body.get("ignore_tags"), split_commas=True)

        glossary_ids = _string_list(body.get("glossary_ids"), split_commas=True)
        glossary_id = body.get("glossary_id")
        if glossary_id:
            glossary_ids.insert(0, str(glossary_id))
        replacers: list[Callable[[str], str]] = []
        if glossary_ids:
            if source is None:
                raise _ApiError(
                    400,
                    "Use of a glossary requires the 'source_lang' parameter to be specified.",
                )
            for gid in glossary_ids:
                replacers.append(_glossary_replacer(self._glossary_entries(gid, source, target)))

        total = sum(len(t) for t in texts)
        with self._lock:
            stalled = self._stalled_until - time.monotonic()
        hang = max(self.hang_seconds, stalled)
        if hang > 0 and self._stopping.wait(hang):
            return None  # the server is stopping: drop the request
        released = threading.Event()
        with self._held_changed:
            hold = self._to_hold is None or self._to_hold > 0
            if hold:
                if self._to_hold is not None:
                    self._to_hold -= 1
                self._holding.append(released)
                self.held_requests += 1
                self._held_changed.notify_all()
        while hold and not released.wait(0.05):
            if self._stopping.is_set():
                return None
        with self._lock:
            if (
                self.quota_after_characters is not None
                and self.billed_characters + total > self.quota_after_characters
            ):
                return _error(456, QUOTA_EXCEEDED_MESSAGE)
            self.billed_characters += total
            self.translate_requests += 1
            self.translated_texts.append(list(texts))
            self.billed_texts.update((target, text) for text in texts)

        glossary = _compose(replacers)
        model_type = body.get("model_type")
        translations = []
        for text in texts:
            item: dict[str, Any] = {
                "detected_source_language": source or self.detected_source_language,
                "text": transform_text(
                    text,
                    target,
                    tag_handling=tag_handling,
                    ignore_tags=ignore_tags,
                    glossary=glossary,
                ),
                "billed_characters": len(text),
            }
            if model_type:
                item["model_type_used"] = str(model_type)
            translations.append(item)
        return _json_response(200, {"translations": translations})

    def _target_supports_formality(self, target: str) -> bool | None:
        """None if the target language is unknown."""
        for lang in self.target_languages:
            if str(lang["language"]).upper() == target:
                return bool(lang.get("supports_formality", False))
        if target in _TARGET_ALIASES:
            return _TARGET_ALIASES[target][1]
        return None

    def _glossary_entries(self, gid: str, source: str, target: str) -> dict[str, str]:
        with self._lock:
            glossary = self.glossaries.get(gid)
            if glossary is None:
                raise _ApiError(400, "Invalid glossary_id: glossary not found.")
            dictionary = glossary.find(source, _base_language(target))
            if dictionary is None:
                raise _ApiError(
                    400,
                    "Language pair of the glossary doesn't match the language pair of the request.",
                )
            return dict(dictionary.entries)

    def _usage(self, body: dict[str, Any]) -> _Response:
        with self._lock:
            return _json_response(
                200,
                {
                    "character_count": self.billed_characters,
                    "character_limit": self.character_limit,
                },
            )

    def _languages(self, body: dict[str, Any]) -> _Response:
        kind = str(body.get("type") or "source").lower()
        if kind == "source":
            return _json_response(200, self.source_languages)
        if kind == "target":
            return _json_response(200, self.target_languages)
        raise _ApiError(400, "Value for 'type' not supported.")

    def _glossary_language_pairs(self, body: dict[str, Any]) -> _Response:
        return _json_response(
            200,
            {
                "supported_languages": [
                    {"source_lang": s, "target_lang": t} for s, t in self.glossary_language_pairs
                ]
            },
        )

    def _new_dictionary(self, body: dict[str, Any]) -> GlossaryDictionary:
        source = body.get("source_lang")
        target = body.get("target_lang")
        if not isinstance(source, str) or not source:
            raise _ApiError(400, "Missing or invalid argument: source_lang")
        if not isinstance(target, str) or not target:
            raise _ApiError(400, "Missing or invalid argument: target_lang")
        source = _base_language(source).lower()
        target = _base_language(target).lower()
        if (source, target) not in self.glossary_language_pairs:
            raise _ApiError(400, "Unsupported glossary source and target language pair")
        entries = _parse_entries(body.get("entries"), body.get("entries_format"))
        return GlossaryDictionary(source, target, entries)

    def _new_glossary(self, name: Any, dictionaries: list[GlossaryDictionary]) -> Glossary:
        if not isinstance(name, str) or not name:
            raise _ApiError(400, "Missing or invalid argument: name")
        glossary = Glossary(str(uuid.uuid4()), name, _now_timestamp(), dictionaries)
        with self._lock:
            self.glossaries[glossary.glossary_id] = glossary
        return glossary

    def _get_glossary(self, gid: str) -> Glossary:
        with self._lock:
            glossary = self.glossaries.get(gid)
        if glossary is None:
            raise _ApiError(404, GLOSSARY_NOT_FOUND_MESSAGE)
        return glossary

    # v2 glossaries

    def _v2_create_glossary(self, body: dict[str, Any]) -> _Response:
        dictionary = self._new_dictionary(body)
        glossary = self._new_glossary(body.get("name"), [dictionary])
        return _json_response(201, glossary.to_v2_json())

    def _v2_list_glossaries(self, body: dict[str, Any]) -> _Response:
        with self._lock:
            items = [g.to_v2_json() for g in self.glossaries.values()]
        return _json_response(200, {"glossaries": items})

    def _v2_delete_glossary(self, body: dict[str, Any], gid: str) -> _Response:
        self._get_glossary(gid)
        with self._lock:
            self.glossaries.pop(gid, None)
        return _Response(204)


_ID = r"([^/]+)"
_ROUTES: list[tuple[str, re.Pattern[str], str]] = [
    (method, re.compile(pattern), name)
    for method, pattern, name in (
        ("POST", r"/v2/translate", "translate"),
        ("GET", r"/v2/usage", "usage"),
        ("POST", r"/v2/usage", "usage"),
        ("GET", r"/v2/languages", "languages"),
        ("POST", r"/v2/languages", "languages"),
        ("GET", r"/v2/glossary-language-pairs", "glossary_language_pairs"),
        ("POST", r"/v2/glossaries", "v2_create_glossary"),
        ("GET", r"/v2/glossaries", "v2_list_glossaries"),
        ("DELETE", rf"/v2/glossaries/{_ID}", "v2_delete_glossary"),
    )
]


def _route(method: str, path: str) -> tuple[str, tuple[str, ...]] | None:
    for route_method, pattern, name in _ROUTES:
        match = pattern.fullmatch(path)
        if match is not None and route_method == method:
            return name, match.groups()
    return None


# ---------------------------------------------------------------------------
# HTTP plumbing
# ---------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        fake: FakeDeepL,
    ) -> None:
        self.fake = fake
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out and go away (hang_seconds) are expected.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "FakeDeepL/1.0"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        fake = self.server.fake
        method = self.command
        split = urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            body = self._parse_body(raw, split.query)
        except _ApiError as error:
            fake._record(method, path, {})
            self._send(method, path, _error(error.status, error.message))
            return
        fake._record(method, path, body)
        try:
            response = fake._handle(method, path, body, self.headers.get("Authorization"), len(raw))
        except Exception as error:  # a bug in the fake: say so, loudly
            fake.internal_errors.append(traceback.format_exc())
            response = _error(500, f"FakeDeepL internal error: {error!r}")
        if response is None:
            self.close_connection = True
            return
        self._send(method, path, response)

    def _parse_body(self, raw: bytes, query: str) -> dict[str, Any]:
        body = _flatten_form(parse_qs(query, keep_blank_values=True))
        if not raw:
            return body
        content_type = (self.headers.get("Content-Type") or "").lower()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise _ApiError(400, "Request body is not valid UTF-8") from error
        if "json" in content_type:
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError as error:
                raise _ApiError(400, "Request body is not valid JSON") from error
            if not isinstance(parsed, dict):
                raise _ApiError(400, "Request body must be a JSON object")
            body.update(parsed)
        elif "multipart/" in content_type:
            raise _ApiError(400, "multipart bodies are not supported by FakeDeepL")
        else:
            body.update(_flatten_form(parse_qs(text, keep_blank_values=True)))
        return body

    def _send(self, method: str, path: str, response: _Response) -> None:
        self.server.fake._record_response(method, path, response.status)
        try:
            self.send_response(response.status)
            if response.status != 204:
                self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if response.body:
                self.wfile.write(response.body)
        except OSError:  # the client gave up (timeout) and closed the socket
            self.close_connection = True


# ---------------------------------------------------------------------------
# Helpers for test suites
# ---------------------------------------------------------------------------


@contextmanager
def fast_deepl_backoff(initial: float = 0.01, maximum: float = 0.05) -> Iterator[None]:
    """Make the deepl client's retry back-off take milliseconds, not seconds.

    deepl.http_client._BackoffTimer waits 1 s, 1.6 s, 2.56 s... between
    retries. This changes those class attributes and puts them back
    afterwards. Retry counts and timeouts stay as they are:
    ``deepl.http_client.max_network_retries`` (5) and
    ``deepl.http_client.min_connection_timeout`` (10 s) are module globals you
    can set yourself. Note that the first attempt's timeout is
    ``max(BACKOFF_INITIAL, min_connection_timeout)``.
    """
    from deepl import http_client  # imported lazily: the server is stdlib only

    timer: Any = http_client._BackoffTimer
    saved = (timer.BACKOFF_INITIAL, timer.BACKOFF_MAX)
    timer.BACKOFF_INITIAL, timer.BACKOFF_MAX = initial, maximum
    try:
        yield
    finally:
        timer.BACKOFF_INITIAL, timer.BACKOFF_MAX = saved


@contextmanager
def deepl_backoffs() -> Iterator[list[float]]:
    """Count the deepl client's back-off waits instead of waiting: the list gets a 1 for
    each. The client offers no public hook for its back-off, so this and
    fast_deepl_backoff() are the suite's only touches of its private timer."""
    from deepl import http_client

    timer: Any = http_client._BackoffTimer
    saved = timer.sleep_until_deadline
    waits: list[float] = []
    timer.sleep_until_deadline = lambda self: waits.append(1)
    try:
        yield waits
    finally:
        timer.sleep_until_deadline = saved


if pytest is not None:

    @pytest.fixture(name="fake_deepl")
    def fake_deepl_fixture() -> Iterator[FakeDeepL]:
        """The ``fake_deepl`` fixture: a running FakeDeepL, with a fast back-off.

        Import it as ``from fake_deepl import fake_deepl_fixture  # noqa: F401``
        in a test module or conftest.py, then request ``fake_deepl``. (The
        function name differs from the fixture name so ruff sees no F811.)

        It also adds 127.0.0.1 to NO_PROXY, so that an HTTP(S)_PROXY set in
        the environment cannot send the client's requests anywhere else.
        """
        with pytest.MonkeyPatch.context() as patch:
            for name in ("NO_PROXY", "no_proxy"):
                current = os.environ.get(name, "")
                patch.setenv(name, ",".join(filter(None, [current, "127.0.0.1"])))
            with fast_deepl_backoff(), FakeDeepL() as server:
                yield server
