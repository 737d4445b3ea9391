"""Merge and Plural-Forms: a catalogue keeps its own rule while gettext accepts it, and
whatever merge writes passes `msgfmt -c`."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_statement.languages import plural_count, plural_forms
from polyglot_statement.po import (
    PLURAL_FORMS,
    Catalog,
    TemplateMessage,
    format_po,
    make_template,
    merge,
    parse_po,
)

needs_msgfmt = pytest.mark.needs("msgfmt")

# The header blocks other tools write, in their own order and spelling.
POEDIT = """\
msgid ""
msgstr ""
"Project-Id-Version: statement\\n"
"POT-Creation-Date: 2024-03-01 10:00+0100\\n"
"PO-Revision-Date: 2024-03-02 11:12+0100\\n"
"Last-Translator: Claire <claire@example.org>\\n"
"Language-Team: \\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {rule}\\n"
"X-Generator: Poedit 3.4.2\\n"
"X-Poedit-SourceCharset: UTF-8\\n"
"""
WEBLATE = """\
# French translation of the statement.
# Claire <claire@example.org>, 2024.
msgid ""
msgstr ""
"Project-Id-Version: statement\\n"
"Report-Msgid-Bugs-To: \\n"
"POT-Creation-Date: 2024-03-01 10:00+0100\\n"
"PO-Revision-Date: 2024-03-04 09:30+0000\\n"
"Last-Translator: Claire <claire@example.org>\\n"
"Language-Team: French <https://hosted.weblate.org/projects/s/fr/>\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: {rule}\\n"
"X-Generator: Weblate 5.4\\n"
"""
LOKALIZE = """\
#
# Claire <claire@example.org>, 2024.
msgid ""
msgstr ""
"Project-Id-Version: statement\\n"
"PO-Revision-Date: 2024-03-05 18:00+0100\\n"
"Last-Translator: Claire <claire@example.org>\\n"
"Language-Team: French <kde-francophone@kde.org>\\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Generator: Lokalize 23.08.1\\n"
"Plural-Forms: {rule}\\n"
"""
HEADERS = {"poedit": POEDIT, "weblate": WEBLATE, "lokalize": LOKALIZE}

# Rules as found in real catalogues: gettext's French rule with and without parentheses,
# the template placeholder xgettext writes, a rule with a form too many, one msgfmt
# cannot parse, and spaces gettext does not read.
RULES = {
    "nplurals=2; plural=(n > 1);": 2,
    "nplurals=2; plural=n > 1;": 2,
    "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;": 3,
    "nplurals=INTEGER; plural=EXPRESSION;": None,
    "nplurals=2; plural=n > 1 ? 2 : 0;": None,
    "nplurals=2; plural=(n >;": None,
    "nplurals = 2; plural = (n > 1);": None,
    "nplurals=2; plural=n % 0;": None,
    "nplurals=2; plural=n - 1;": None,
    "nplurals=0; plural=0;": None,
}
SEGMENT = "We have %d new members."


def _entries(forms: int, active: bool = True) -> str:
    """A plural entry (kept by merge when its msgid is a segment) and one that left."""
    text = f'msgid "{SEGMENT}"\nmsgid_plural "We have %d new members (plural)."\n'
    text += "".join(f'msgstr[{index}] "forme {index}"\n' for index in range(forms))
    gone = 'msgid "One file"\nmsgid_plural "%d files"\n'
    gone += "".join(f'msgstr[{index}] "fichier {index}"\n' for index in range(forms))
    return "\n" + (text if active else "") + "\n" + gone


def _template() -> Catalog:
    return make_template(
        "statement", "T", [TemplateMessage(SEGMENT, ("paragraph",), ("source/s.md:3",))]
    )


def msgfmt_check(data: bytes, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "merged.po"
    path.write_bytes(data)
    return subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )


@needs_msgfmt
@pytest.mark.parametrize("rule", list(RULES))
def test_plural_count_agrees_with_msgfmt(rule: str, tmp_path: Path) -> None:
    catalogue = POEDIT.format(rule=rule) + _entries(2 if RULES[rule] is None else RULES[rule])
    accepted = msgfmt_check(catalogue.encode(), tmp_path).returncode == 0
    assert (plural_count(rule) is not None) == accepted
    assert plural_count(rule) == RULES[rule]


@needs_msgfmt
@pytest.mark.parametrize("tool", list(HEADERS))
def test_a_french_catalogue_keeps_its_two_forms(tool: str, tmp_path: Path) -> None:
    rule = "nplurals=2; plural=(n > 1);" if tool != "weblate" else "nplurals=2; plural=n > 1;"
    old = parse_po((HEADERS[tool].format(rule=rule) + _entries(2)).encode())
    assert plural_count(plural_forms("fr")) == 3  # CLDR's rule differs: it must not win
    merged = merge(_template(), old, "fr", "statement", "T")
    assert merged.header(PLURAL_FORMS) == rule
    active = merged.find(SEGMENT)
    assert active is not None and active.msgstr_plural == {0: "forme 0", 1: "forme 1"}
    data = format_po(merged)
    checked = msgfmt_check(data, tmp_path)
    assert checked.returncode == 0, checked.stderr
    # And again: nothing moves.
    assert format_po(merge(_template(), parse_po(data), "fr", "statement", "T")) == data


def test_a_new_catalogue_takes_cldr() -> None:
    merged = merge(_template(), None, "fr", "statement", "T")
    assert merged.header(PLURAL_FORMS) == plural_forms("fr")


@needs_msgfmt
@pytest.mark.parametrize("rule", [rule for rule, count in RULES.items() if count is None])
@pytest.mark.parametrize("forms", [1, 2, 3, 4])
def test_a_rule_msgfmt_refuses_is_replaced(rule: str, forms: int, tmp_path: Path) -> None:
    old = parse_po((WEBLATE.format(rule=rule) + _entries(forms)).encode())
    merged = merge(_template(), old, "fr", "statement", "T")
    assert merged.header(PLURAL_FORMS) == plural_forms("fr")
    checked = msgfmt_check(format_po(merged), tmp_path)
    assert checked.returncode == 0, checked.stderr


@needs_msgfmt
@pytest.mark.parametrize("forms", [1, 2, 3, 4])
def test_entries_that_do_not_fit_the_rule_are_fitted_without_loss(
    forms: int, tmp_path: Path
) -> None:
    rule = "nplurals=2; plural=(n > 1);"
    old = parse_po((LOKALIZE.format(rule=rule) + _entries(forms)).encode())
    merged = merge(_template(), old, "fr", "statement", "T")
    data = format_po(merged)
    checked = msgfmt_check(data, tmp_path)
    assert checked.returncode == 0, checked.stderr
    entry = merged.find(SEGMENT)
    assert entry is not None
    written = data.decode()
    for index in range(forms):
        assert f"forme {index}" in written  # as a form, or in the comment that keeps it
    expected_rule = rule if forms != 3 else plural_forms("fr")  # CLDR's fits 3 forms
    assert merged.header(PLURAL_FORMS) == expected_rule
    count = plural_count(expected_rule)
    assert sorted(entry.msgstr_plural) == list(range(count or 0))
    if forms > (count or 0):
        assert entry.fuzzy and any("kept here" in c for c in entry.translator_comments)


def test_a_catalogue_without_plural_entries_keeps_its_valid_rule() -> None:
    old = parse_po((POEDIT.format(rule="nplurals=2; plural=(n > 1);") + "\n").encode())
    merged = merge(_template(), old, "fr", "statement", "T")
    assert merged.header(PLURAL_FORMS) == "nplurals=2; plural=(n > 1);"
    old = parse_po((POEDIT.format(rule="nplurals=INTEGER; plural=EXPRESSION;") + "\n").encode())
    merged = merge(_template(), old, "fr", "statement", "T")
    assert merged.header(PLURAL_FORMS) == plural_forms("fr")


@needs_msgfmt
@settings(max_examples=40, deadline=None)
@given(
    tool=st.sampled_from(sorted(HEADERS)),
    rule=st.sampled_from(sorted(RULES)),
    language=st.sampled_from(["fr", "es", "pl", "ar", "ja", "qu"]),
    shapes=st.lists(st.tuples(st.integers(1, 6), st.booleans()), min_size=1, max_size=4),
)
def test_whatever_merge_writes_passes_msgfmt(
    tool: str, rule: str, language: str, shapes: list[tuple[int, bool]]
) -> None:
    text = HEADERS[tool].format(rule=rule)
    messages = []
    for number, (forms, in_source) in enumerate(shapes):
        msgid = f"Entry {number} with %d thing"
        text += f'\nmsgid "{msgid}"\nmsgid_plural "Entry {number} with %d things"\n'
        text += "".join(f'msgstr[{i}] "form {number}.{i}"\n' for i in range(forms))
        if in_source:
            messages.append(TemplateMessage(msgid, ("paragraph",), (f"source/s.md:{number}",)))
    template = make_template("statement", "T", messages)
    merged = merge(template, parse_po(text.encode()), language, "statement", "T")
    data = format_po(merged)
    folder = Path(tempfile.mkdtemp())
    try:
        checked = msgfmt_check(data, folder)
    finally:
        shutil.rmtree(folder)
    assert checked.returncode == 0, (checked.stderr, data.decode())
    written = data.decode()
    for number, (forms, _) in enumerate(shapes):
        for index in range(forms):
            assert f"form {number}.{index}" in written


@needs_msgfmt
def test_extract_keeps_a_translators_rule_and_writes_what_msgfmt_accepts(
    workspace: Path,
) -> None:
    from polyglot_statement.config import load_settings
    from polyglot_statement.source.extract import extract

    settings = load_settings(workspace)
    path = settings.catalog_path("fr", "wftu-andean-solidarity-peru")
    # As Poedit saves it after the translator chose French's two forms.
    catalog = parse_po(path.read_bytes())
    catalog.set_header(PLURAL_FORMS, "nplurals=2; plural=(n > 1);")
    catalog.set_header("X-Generator", "Poedit 3.4.2")
    path.write_bytes(format_po(catalog))
    extract(settings)
    written = path.read_bytes()
    assert parse_po(written).header(PLURAL_FORMS) == "nplurals=2; plural=(n > 1);"
    checked = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    extract(settings)
    assert path.read_bytes() == written
