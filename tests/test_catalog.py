"""The PO format: reading, gettext's own layout, merging without loss."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_statement.errors import CatalogError
from polyglot_statement.po import (
    FUZZY,
    Catalog,
    Entry,
    TemplateMessage,
    format_po,
    make_template,
    merge,
    parse_po,
)
from polyglot_statement.po.parser import parse_lines

ROOT = Path(__file__).parent.parent
CATALOGS = sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")) + sorted(
    (ROOT / "locales" / "templates").glob("*.pot")
)
needs_gettext = pytest.mark.needs("msgcat")


def _msgcat(data: bytes, tmp_path: Path, *options: str) -> bytes:
    path = tmp_path / "in.po"
    path.write_bytes(data)
    command = ["msgcat", "--force-po", *options, str(path)]
    return subprocess.run(command, check=True, capture_output=True).stdout


def _template(*msgids: str) -> Catalog:
    return make_template(
        "test",
        "Test",
        [
            TemplateMessage(m, ("paragraph",), (f"source/t.md:{i}",))
            for i, m in enumerate(msgids, 1)
        ],
    )


@needs_gettext
@pytest.mark.parametrize(
    "path", CATALOGS, ids=lambda path: f"{path.parent.parent.name}-{path.name}"
)
def test_shipped_catalogues_are_in_gettext_layout_and_pass_msgfmt(
    path: Path, tmp_path: Path
) -> None:
    data = path.read_bytes()
    assert _msgcat(data, tmp_path) == data
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    assert format_po(parse_po(data, path)) == data


_TOKENS = [
    *'abc xyz,.-/:()«»’"\\\t\nñé中文 ',
    "العربية",
    "https://example.org/a_b",
    "**",
    "`",
    "word ",
]
_text = st.lists(st.sampled_from(_TOKENS), max_size=120).map("".join)


@needs_gettext
@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_text, _text, st.booleans(), st.booleans()), min_size=1, max_size=8))
def test_msgcat_gives_back_our_bytes(
    tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, str, bool, bool]]
) -> None:
    catalog = Catalog(headers=[("Content-Type", "text/plain; charset=UTF-8"), ("Language", "es")])
    for index, (msgid, msgstr, fuzzy, obsolete) in enumerate(rows):
        catalog.entries.append(
            Entry(
                msgid=f"{index} {msgid}",
                msgstr=msgstr,
                flags=[FUZZY] if fuzzy else [],
                previous_msgid=f"old {msgid}" if fuzzy else None,
                obsolete=obsolete,
                occurrences=[f"source/statement-{n}.md:{n * 11}" for n in range(index)],
                translator_comments=["a translator's note"] if index % 2 else [],
            )
        )
    data = format_po(catalog)
    tmp_path = tmp_path_factory.mktemp("msgcat")
    assert _msgcat(data, tmp_path) == data
    again = parse_po(data)
    written = [e for e in catalog.entries if not e.obsolete] + [
        e for e in catalog.entries if e.obsolete and e.msgstr
    ]
    assert [(e.msgid, e.msgstr, e.obsolete) for e in again.entries] == [
        (e.msgid, e.msgstr, e.obsolete) for e in written
    ]


@needs_gettext
def test_files_rewritten_by_msgcat_with_other_wrapping_load_without_loss(tmp_path: Path) -> None:
    original = (ROOT / "locales/es/LC_MESSAGES/wftu-andean-solidarity-peru.po").read_bytes()
    for options in (["--no-wrap"], ["--width=40"], ["--sort-output"]):
        rewritten = _msgcat(original, tmp_path, *options)
        assert rewritten != original
        catalog = parse_po(rewritten)
        expected = parse_po(original)
        assert sorted((e.msgid, e.msgstr, e.flags) for e in catalog.entries) == sorted(
            (e.msgid, e.msgstr, e.flags) for e in expected.entries
        )


def test_reader_agrees_with_polib_on_foreign_features() -> None:
    data = (
        b'msgid ""\nmsgstr ""\n"Language: ar\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        b"# translator\n#. extracted\n#: a.c:1 b.c:2\n#, fuzzy, c-format\n"
        b'#| msgctxt "old ctx"\n#| msgid "old %d"\n'
        b'msgctxt "menu"\nmsgid ""\n"multi "\n"line %d\\n"\nmsgid_plural "many %d"\n'
        b'msgstr[0] "uno \\"q\\" \\t tab"\nmsgstr[1] "muchos"\n\n'
        b'#~ msgid "gone"\n#~ msgstr "ido"\n'
    )
    ours = parse_po(data)
    theirs = polib.pofile(data.decode())
    entry = ours.entries[0]
    reference = theirs[0]
    assert (entry.msgctxt, entry.msgid, entry.msgid_plural) == (
        reference.msgctxt,
        reference.msgid,
        reference.msgid_plural,
    )
    assert entry.msgstr_plural == {0: reference.msgstr_plural[0], 1: reference.msgstr_plural[1]}
    assert entry.flags == reference.flags
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("old ctx", "old %d")
    assert ours.entries[1].obsolete and ours.entries[1].msgstr == "ido"
    assert ours.header("Plural-Forms") == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('msgid "a"\nmsgstr "b"\nmsgid "c"\n', 3, "no msgstr"),
        ('msgid "a"\nmsgstr "b\n', 2, "double quotes"),
        ('msgid "a"\nfoo "b"\n', 2, "unexpected text"),
        ('msgstr "b"\n', 1, "before msgid"),
        ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate"),
        ('"dangling"\n', 1, "no msgid"),
    ],
)
def test_malformed_catalogues_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_po(text.encode(), "bad.po")
    assert caught.value.line == line
    assert fragment in caught.value.message
    assert str(caught.value).startswith(f"bad.po:{line}: ")


def test_non_utf8_catalogue_is_refused_with_its_line() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_po('msgid "a"\nmsgstr "caf\xe9"\n'.encode("latin-1"), "latin.po")
    assert caught.value.line == 2


def _approved(template: Catalog, translations: dict[str, str]) -> Catalog:
    catalog = merge(template, None, "es", "test", "Test")
    for entry in catalog.entries:
        entry.msgstr = translations.get(entry.msgid, "")
    return catalog


def test_merge_keeps_unchanged_and_offers_changed_as_fuzzy_with_previous_msgid() -> None:
    old = _approved(
        _template(
            "The workers marched.", "The congress voted to remove the president.", "Goodbye."
        ),
        {
            "The workers marched.": "Los trabajadores marcharon.",
            "The congress voted to remove the president.": (
                "El congreso votó destituir al presidente."
            ),
            "Goodbye.": "Adiós.",
        },
    )
    old.entries[0].translator_comments = ["checked by Ana"]
    new = merge(
        _template("The workers marched.", "The congress did not vote to remove the president."),
        old,
        "es",
        "test",
        "Test",
    )
    kept, changed, replaced, gone = new.entries
    assert (kept.msgstr, kept.fuzzy, kept.translator_comments) == (
        "Los trabajadores marcharon.",
        False,
        ["checked by Ana"],
    )
    # A negation is a small edit: offered, but only as fuzzy, never as approved.
    assert changed.fuzzy and changed.state == "needs review"
    assert changed.msgstr == "El congreso votó destituir al presidente."
    assert changed.previous_msgid == "The congress voted to remove the president."
    assert replaced.obsolete and replaced.msgstr == "El congreso votó destituir al presidente."
    assert gone.obsolete and gone.msgstr == "Adiós."


def test_unrelated_new_segment_gets_no_fuzzy_match() -> None:
    old = _approved(_template("The workers marched."), {"The workers marched.": "Marcharon."})
    new = merge(
        _template("We demand the release of President Pedro Castillo."), old, "es", "t", "T"
    )
    assert new.entries[0].msgstr == "" and not new.entries[0].fuzzy
    assert new.entries[1].obsolete


def test_obsolete_translation_is_revived_when_its_text_returns() -> None:
    old = _approved(
        _template("Back again.", "Other."), {"Back again.": "De vuelta.", "Other.": "Otro."}
    )
    removed = merge(_template("Other."), old, "es", "t", "T")
    assert removed.entries[1].obsolete
    revived = merge(_template("Other.", "Back again."), removed, "es", "t", "T")
    assert [(e.msgid, e.msgstr, e.obsolete, e.fuzzy) for e in revived.entries] == [
        ("Other.", "Otro.", False, False),
        ("Back again.", "De vuelta.", False, False),
    ]


def test_merging_twice_changes_nothing() -> None:
    old = _approved(_template("A.", "B."), {"A.": "Á."})
    once = format_po(merge(_template("A.", "C."), old, "es", "t", "T"))
    twice = format_po(merge(_template("A.", "C."), parse_po(once), "es", "t", "T"))
    assert once == twice


def test_header_keeps_foreign_fields_and_sets_ours() -> None:
    old = _approved(_template("A."), {"A.": "Á."})
    old.headers = [
        ("Last-Translator", "Ana <ana@example.org>"),
        ("Language", "xx"),
        ("X-Generator", "Poedit 3.4"),
    ]
    new = merge(_template("A."), old, "es", "proj", "T")
    assert new.header("Last-Translator") == "Ana <ana@example.org>"
    assert new.header("Language") == "es"
    assert new.header(
        "Plural-Forms",
    ).startswith("nplurals=")
    assert new.header("Content-Type") == "text/plain; charset=UTF-8"


# A header as some GNOME catalogues carry it: a line left over from a broken e-mail
# address, which msgfmt -c accepts (it only looks for the fields it knows).
_STRAY_HEADER = (
    '# Tamil translation.\nmsgid ""\nmsgstr ""\n"Project-Id-Version: calc\\n"\n'
    '"Language-Team: Tamil <team@example.org>\\n"\n"Language: ta\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"org>>\\n"\n\nmsgid "Add"\nmsgstr "கூட்டு"\n'
)


@needs_gettext
def test_a_header_line_that_is_not_a_field_is_kept_as_msgfmt_keeps_it(tmp_path: Path) -> None:
    data = _STRAY_HEADER.encode()
    path = tmp_path / "ta.po"
    path.write_bytes(data)
    subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], check=True)
    catalog = parse_po(data)
    assert catalog == parse_lines(data)
    assert catalog.header("Language") == "ta"
    assert ("org>>", None) in catalog.headers
    assert catalog.entries[0].msgstr == "கூட்டு"
    rewritten = format_po(catalog)
    assert b'"org>>\\n"' in rewritten and parse_po(rewritten) == catalog
    merged = merge(_template("Add"), catalog, "ta", "calc", "T")
    assert ("org>>", None) in merged.headers
    assert merged.find("Add") is not None and merged.find("Add").msgstr == "கூட்டு"  # type: ignore[union-attr]


def test_edited_twin_is_offered_the_translation_of_the_copy_that_stayed() -> None:
    old = _approved(_template("The workers marched."), {"The workers marched.": "Marcharon."})
    new = merge(
        _template("The workers marched.", "The workers marched today."), old, "es", "t", "T"
    )
    kept, edited = new.entries
    assert (kept.msgstr, kept.fuzzy) == ("Marcharon.", False)
    assert (edited.msgstr, edited.fuzzy, edited.previous_msgid) == (
        "Marcharon.",
        True,
        "The workers marched.",
    )


def test_long_runs_of_obsolete_entries_and_comments_read_as_the_line_parser_reads_them() -> None:
    """The fast path finds each entry's msgstr first; blocks without one (obsolete entries,
    stray comments) before, between and after the entries are read as the line parser
    reads them."""
    obsolete = "".join(f'#~ msgid "old {n}"\n#~ msgstr "vieux {n}"\n\n' for n in range(300))
    active = "".join(f'#. c\nmsgid "new {n}"\nmsgstr "neuf {n}"\n\n' for n in range(50))
    header = 'msgid ""\nmsgstr "Language: fr\\n"\n\n'
    for text in (
        header + obsolete + active,
        header + active + obsolete,
        header + active + obsolete + active.replace("new", "newer"),
        header + active + "#. a comment on nothing\n\n" * 200 + obsolete,
    ):
        data = text.encode()
        try:
            expected: object = parse_lines(data)
        except CatalogError as error:
            expected = (error.message, error.line)
        try:
            got: object = parse_po(data)
        except CatalogError as error:
            got = (error.message, error.line)
        assert got == expected


def test_a_full_read_memo_reads_the_same_entries(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The memo's tables stop growing (memory, issue 20); what they no longer keep is read
    # as new, to the same entries.
    from polyglot_statement.po import ReadMemo, parse_po, reader

    paths = sorted(workspace.glob("locales/*/LC_MESSAGES/*.po"))
    fresh = [parse_po(path.read_bytes(), path).entries for path in paths]
    monkeypatch.setattr(reader, "MEMO_ENTRIES", 3)
    memo = ReadMemo()
    shared = [parse_po(path.read_bytes(), path, memo).entries for path in paths]
    assert shared == fresh and len(fresh) > 1
    assert 0 < len(memo.heads) <= 3 and len(memo.strings) <= 3
