"""Holds an Atom document to RFC 4287's requirements, and reads it back with feedparser."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import feedparser
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, as section 3.3 requires of every date construct.
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)\Z")


def _one(element: Any, name: str) -> Any:
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, f"{element.tag} must have exactly one atom:{name}, has {len(found)}"
    return found[0]


def _iri(value: str) -> None:
    assert urlsplit(value).scheme, f"atom:id must be an absolute IRI, not {value!r}"


def _date(element: Any) -> None:
    text = element.text or ""
    assert _RFC3339.match(text), f"not an RFC 3339 date-time: {text!r}"
    dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _alternates_unique(element: Any) -> list[Any]:
    links = element.findall(f"{ATOM}link")
    for link in links:
        assert link.get("href"), "atom:link must have an href"
    alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
    pairs = Counter((link.get("type"), link.get("hreflang")) for link in alternates)
    assert all(count == 1 for count in pairs.values()), f"two alternates alike: {pairs}"
    return alternates


def assert_valid_atom(data: bytes) -> Any:
    """The feed's root, once every MUST of RFC 4287 sections 4.1.1-4.1.2 holds."""
    root = etree.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    _iri(_one(root, "id").text)
    _one(root, "title")
    _date(_one(root, "updated"))
    _alternates_unique(root)
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author"):
        assert all(entry.findall(f"{ATOM}author") for entry in entries), "no author"
    ids = []
    for entry in entries:
        ids.append(_one(entry, "id").text)
        _iri(ids[-1])
        _one(entry, "title")
        _date(_one(entry, "updated"))
        for published in entry.findall(f"{ATOM}published"):
            _date(published)
        alternates = _alternates_unique(entry)
        assert entry.findall(f"{ATOM}content") or alternates, "no content, no alternate link"
        assert len(entry.findall(f"{ATOM}summary")) <= 1
    assert len(ids) == len(set(ids)), "two entries share an id"
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return root
