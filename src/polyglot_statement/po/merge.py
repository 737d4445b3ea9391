"""Templates and merging: a catalogue follows its template and no translation is lost."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from polyglot_statement import __version__
from polyglot_statement.languages import english_name, plural_count, plural_forms
from polyglot_statement.po.model import (
    FUZZY,
    IGNORE_COMMENT_PREFIX,
    PROVENANCE_PREFIXES,
    Catalog,
    Entry,
    ignore_names,
)

# The similarity (rapidfuzz's normalised Indel ratio, 0-100) from which an earlier
# translation is offered, as fuzzy, for a changed segment: one whose text may have come
# from an entry that left the source. Chosen with benchmarks/fuzzy_threshold.py: typo
# fixes, inserted words and negations score above it; rewritten and unrelated sentences
# below.
FUZZY_THRESHOLD = 70.0
# The same for a new segment whose only candidates are texts still in the source at every
# place they were: an added paragraph, not an edited one. Its own translation is better
# drafted afresh unless it nearly repeats one of those texts; benchmarks/fuzzy_threshold.py
# measured unrelated added sentences up to 80 against a statement's other segments.
NEW_SEGMENT_THRESHOLD = 85.0


@dataclass(frozen=True, slots=True)
class TemplateMessage:
    """One entry of a template: a segment's text, what it is, where it occurs."""

    msgid: str
    comments: tuple[str, ...]
    occurrences: tuple[str, ...]


_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
    "X-Generator",
)
PLURAL_FORMS = "Plural-Forms"


def _managed_headers(project: str, language: str | None) -> dict[str, str]:
    headers = {
        "Project-Id-Version": project,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"polyglot-statement {__version__}",
    }
    headers["Language"] = language or ""
    if language is not None:
        headers[PLURAL_FORMS] = plural_forms(language)
    return headers


def _apply_headers(catalog: Catalog, managed: dict[str, str]) -> None:
    if not catalog.headers:
        # A new file: every field gettext's `msgfmt -c` asks for; no dates, so that an
        # unchanged re-run writes the same bytes. Poedit fills them in when it saves.
        for name in _HEADER_ORDER:
            if name in managed:
                catalog.headers.append((name, managed[name]))
            elif name in ("PO-Revision-Date", "Last-Translator", "Language-Team"):
                catalog.headers.append((name, ""))
        return
    # Set, or added where a foreign file lacks them: gettext decodes Content-Type to find
    # the charset. X-Generator names the program that last saved the file (Poedit,
    # Weblate): only a file without one gets ours, so that extract after each of their
    # saves is not a line of git noise per catalogue.
    for name, value in managed.items():
        if name in _ADDED_ONLY and catalog.header(name) is not None:
            continue
        catalog.set_header(name, value)


# Headers written into a file that lacks them, and otherwise left as another tool set them.
_ADDED_ONLY = frozenset({"X-Generator"})


def make_template(project: str, title: str, messages: Iterable[TemplateMessage]) -> Catalog:
    catalog = Catalog(header_comments=[f"Template for translations of “{title}”."])
    _apply_headers(catalog, _managed_headers(project, None))
    catalog.entries = [
        Entry(
            msgid=message.msgid,
            extracted_comments=list(message.comments),
            occurrences=list(message.occurrences),
        )
        for message in messages
    ]
    return catalog


def merge(
    template: Catalog, old: Catalog | None, language: str, project: str, title: str
) -> Catalog:
    """The catalogue for `language` after the template changed; no translation is lost.

    Unchanged segments keep their translation and state; a changed segment gets the most
    similar earlier translation as fuzzy, with the earlier msgid as previous msgid (see
    _Offers); entries whose text left the source become obsolete, and come back if the
    text does. The catalogue keeps its own Plural-Forms while `msgfmt -c` accepts it for
    its entries; a new one takes CLDR's.
    """
    existing_plural_forms = old.header(PLURAL_FORMS) if old is not None and old.headers else None
    if old is None:
        old = Catalog(header_comments=[f"{english_name(language)} translation of “{title}”."])
    result = Catalog(
        header_comments=list(old.header_comments),
        headers=list(old.headers),
        header_flags=[flag for flag in old.header_flags if flag != FUZZY],
    )
    managed = _managed_headers(project, language)

    by_key: dict[tuple[str | None, str], Entry] = {}
    for entry in old.entries:
        # An active entry wins over an obsolete one with the same text.
        if entry.key not in by_key or not entry.obsolete:
            by_key[entry.key] = entry
    template_keys = {entry.key for entry in template.entries}
    offers = _Offers(by_key.values(), template)

    merged: list[Entry] = []
    for message in template.entries:
        earlier = by_key.get(message.key)
        if earlier is not None:
            entry = _carry_over(earlier, message)
        else:
            entry = Entry(
                msgid=message.msgid,
                extracted_comments=list(message.extracted_comments),
                occurrences=list(message.occurrences),
            )
            source = offers.best(message.msgid)
            if source is not None:
                entry.msgstr = source.msgstr
                # Provenance belongs to the text it describes, and a check silenced for
                # the old source must look at the new one: neither comes along. A check
                # that judges the translation alone judges the same, unchanged msgstr:
                # a person's decision to silence it stands (_kept_ignores).
                entry.translator_comments = [
                    kept
                    for comment in source.translator_comments
                    if not comment.startswith(PROVENANCE_PREFIXES)
                    for kept in _kept_ignores(comment)
                ]
                entry.previous_msgid = source.msgid
                entry.flags = [FUZZY]
        merged.append(entry)

    obsolete: list[Entry] = []
    for entry in old.entries:
        if entry.key in template_keys or by_key.get(entry.key) is not entry:
            continue
        if not entry.translated and not entry.translator_comments:
            continue  # nothing a person wrote would be lost
        obsolete.append(_as_obsolete(entry))
    result.entries = merged + obsolete
    managed[PLURAL_FORMS] = _plural_forms(result, existing_plural_forms, managed[PLURAL_FORMS])
    _apply_headers(result, managed)
    return result


# Checks whose findings depend on the msgstr alone (and on the glossary): an offer carries
# the msgstr unchanged, so their verdict on it, and a person's ignore of it, still holds.
# Every other check compares the translation with its source, which changed.
TRANSLATION_ONLY_CHECKS = ("forbidden-term",)


def _kept_ignores(comment: str) -> list[str]:
    """A translator comment as an offer carries it: any comment but an ignore as it is;
    an ignore with only the checks of TRANSLATION_ONLY_CHECKS it names (none: dropped)."""
    if not comment.startswith(IGNORE_COMMENT_PREFIX):
        return [comment]
    kept = [name for name in ignore_names(comment) if name in TRANSLATION_ONLY_CHECKS]
    return [f"{IGNORE_COMMENT_PREFIX} {' '.join(kept)}"] if kept else []


class _Offers:
    """Which earlier translation a segment that has none of its own is offered, as fuzzy.

    Candidates are earlier translations a person wrote or approved. An unreviewed machine
    or memory draft is not offered: its text was drafted for another source, `polyglot
    translate` drafts the new one instead, and the offer may not carry the draft's
    provenance comment (shared/design.md), so it would pass for a person's work.

    A changed segment came from a text that left the source, or from a text that is in the
    source at fewer places than before (one of two identical paragraphs was edited): those
    are offered from FUZZY_THRESHOLD. The other texts are still everywhere they were, so
    a segment resembling one of them was added, not edited; it is offered that text's
    translation only from NEW_SEGMENT_THRESHOLD (a near repeat), and otherwise stays
    untranslated for a translator or `polyglot translate`. On equal scores, texts that
    left the source come first, then the earlier entry.
    """

    def __init__(self, earlier: Iterable[Entry], template: Catalog):
        self.earlier = earlier
        self.template = template
        self.pools: tuple[list[Entry], list[str], list[Entry], list[str]] | None = None

    def _pools(self) -> tuple[list[Entry], list[str], list[Entry], list[str]]:
        """Made on the first segment without a translation: most merges have none."""
        if self.pools is None:
            places = {entry.key: len(entry.occurrences) for entry in self.template.entries}
            left: list[Entry] = []
            fewer: list[Entry] = []
            others: list[Entry] = []
            for entry in self.earlier:
                # Singular entries only, so "translated" is a non-empty msgstr.
                if (
                    entry.msgid_plural is not None
                    or not entry.msgstr
                    or (FUZZY in entry.flags and entry.provenance is not None)
                ):
                    continue
                now = places.get(entry.key)
                if now is None:
                    left.append(entry)
                elif len(entry.occurrences) > now:
                    fewer.append(entry)
                else:
                    others.append(entry)
            origins = left + fewer
            self.pools = (
                origins,
                [entry.msgid for entry in origins],
                others,
                [entry.msgid for entry in others],
            )
        return self.pools

    def best(self, msgid: str) -> Entry | None:
        # Imported here: only extract merges, and every other command (status, check,
        # build) would load rapidfuzz's compiled modules at start for nothing.
        from rapidfuzz import fuzz, process

        origins, origin_ids, others, other_ids = self._pools()
        origin = (
            process.extractOne(msgid, origin_ids, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
            if origin_ids
            else None
        )
        # Another text wins only with a higher score: ask for no less.
        cutoff = max(NEW_SEGMENT_THRESHOLD, origin[1] if origin is not None else 0.0)
        other = (
            process.extractOne(msgid, other_ids, scorer=fuzz.ratio, score_cutoff=cutoff)
            if other_ids
            else None
        )
        if other is not None and (origin is None or other[1] > origin[1]):
            return others[other[2]]
        return origins[origin[2]] if origin is not None else None


def _plural_forms(catalog: Catalog, existing: str | None, cldr: str) -> str:
    """The Plural-Forms to write: the catalogue's own while `msgfmt -c` accepts it for the
    entries, else CLDR's; every active plural entry is then given exactly that many forms.

    A header msgfmt refuses (unparsable, or a rule that yields a form it does not have) is
    replaced by CLDR's. A valid header that some entries do not fit (the file already
    failed `msgfmt -c`) is kept if it fits at least as many entries as CLDR's would: the
    translators chose it. Entries that fit neither get the forms the header asks for (see
    _fit_forms).
    """
    plural = [entry for entry in catalog.active if entry.msgid_plural is not None]

    def fitting(value: str | None) -> int:
        count = None if value is None else plural_count(value)
        if count is None:
            return -1
        return sum(1 for entry in plural if sorted(entry.msgstr_plural) == list(range(count)))

    own = fitting(existing)
    chosen = existing if existing is not None and own >= 0 and own >= fitting(cldr) else cldr
    count = plural_count(chosen)
    assert count is not None, chosen  # CLDR's rules are valid
    for entry in plural:
        _fit_forms(entry, count)
    return chosen


def _fit_forms(entry: Entry, count: int) -> None:
    """Give a plural entry exactly `count` forms without losing a word of it.

    Missing forms are added empty (the entry is then untranslated, its other forms kept);
    forms beyond `count` are kept in a translator comment, and the entry is marked fuzzy
    so that a reviewer sees what changed.
    """
    forms = entry.translations
    if sorted(entry.msgstr_plural) == list(range(count)):
        return
    kept = forms[:count] + [""] * (count - len(forms))
    entry.msgstr_plural = dict(enumerate(kept))
    extra = [form for form in forms[count:] if form]
    if extra:
        shown = " ".join(json.dumps(form, ensure_ascii=False) for form in extra)
        entry.translator_comments.append(
            f"polyglot: forms beyond Plural-Forms' nplurals={count}, kept here: {shown}"
        )
        entry.set_fuzzy(True)


def _carry_over(earlier: Entry, message: Entry) -> Entry:
    """The earlier entry in the template's place: with the template's comments and places,
    and its previous msgid only while it is fuzzy (the change it records is unreviewed)."""
    return _kept(
        earlier,
        list(message.extracted_comments),
        list(message.occurrences),
        obsolete=False,
        previous=FUZZY in earlier.flags,
    )


def _as_obsolete(entry: Entry) -> Entry:
    return _kept(entry, [], [], obsolete=True, previous=True)


def _kept(
    entry: Entry, extracted: list[str], occurrences: list[str], *, obsolete: bool, previous: bool
) -> Entry:
    """What merge keeps of an earlier entry (the translation, its flags and translator's
    comments), sharing no list or dict with it."""
    return Entry(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        flags=list(entry.flags),
        translator_comments=list(entry.translator_comments),
        extracted_comments=extracted,
        occurrences=occurrences,
        previous_msgctxt=entry.previous_msgctxt if previous else None,
        previous_msgid=entry.previous_msgid if previous else None,
        previous_msgid_plural=entry.previous_msgid_plural if previous else None,
        obsolete=obsolete,
    )
