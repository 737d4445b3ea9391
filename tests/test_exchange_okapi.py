"""Okapi's XLIFF of our own .po files comes back with no loss.

The files in tests/data/foreign/okapi-from-our-po/ are Okapi Tikal's extraction (`-x`:
its PO filter and XLIFF 1.2 writer) of the example workspace's catalogues and of the
catalogue of a statement with inline Markdown (`CALL`); tests/data/foreign/README.md says
how they were made. Okapi's PO filter keeps a .po's strings as the file holds them (its
escapes, such as `\\"`, stay), makes `<x/>` codes of printf's `%s`, of `{1}` and of the
escape `\\n`, with nothing of the code in the file, and copies the source into each empty
target. A translator's save is simulated on them (targets typed in that form, codes kept,
`approved="yes"` on a confirmed unit); the catalogue then differs from before by exactly
the new translations, as Okapi's own merge (`tikal -m`) of the same save writes them,
except that a source copied and left unconfirmed is no translation."""

from __future__ import annotations

import itertools
import re
from copy import deepcopy
from pathlib import Path

import pytest
from cli_runner import polyglot as run
from conftest import copy_example_workspace
from lxml import etree

from polyglot_statement.exchange.okapi import OkapiEntries, okapi_name
from polyglot_statement.inline import Placeholder
from polyglot_statement.po import (
    APPROVED,
    NEEDS_REVIEW,
    Catalog,
    Entry,
    format_po,
    parse_po,
    read_po,
)

FROM_OUR_PO = Path(__file__).parent / "data" / "foreign" / "okapi-from-our-po"
SLUG = "wftu-andean-solidarity-peru"
NAMESPACE = "{urn:oasis:names:tc:xliff:document:1.2}"

# A unit's content as a translator types it: text, and ("x", id) for one of its codes.
Typed = str | list[str | tuple[str, str]]


def save(original: Path, saved: Path, edits: dict[str, tuple[Typed, bool]]) -> None:
    """The file with a translator's edits (unit id → content, confirmed?) saved at `saved`:
    the target replaced, `approved="yes"` on a confirmed unit, none on a draft."""
    tree = etree.parse(str(original))
    for unit in tree.iter(f"{NAMESPACE}trans-unit"):
        if unit.get("id") not in edits:
            continue
        content, confirmed = edits[unit.get("id")]
        target = unit.find(f"{NAMESPACE}target")
        if target is None:
            target = etree.Element(f"{NAMESPACE}target")
            unit.find(f"{NAMESPACE}source").addnext(target)
        for child in list(target):
            target.remove(child)
        target.text = None
        last = None
        for piece in [content] if isinstance(content, str) else content:
            if isinstance(piece, tuple):
                last = etree.SubElement(target, f"{NAMESPACE}{piece[0]}", id=piece[1])
            elif last is None:
                target.text = (target.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
        if confirmed:
            unit.set("approved", "yes")
        elif "approved" in unit.attrib:
            del unit.attrib["approved"]
    tree.write(str(saved), xml_declaration=True, encoding="UTF-8")


def sources(path: Path) -> dict[str, str]:
    return {
        unit.get("id"): "".join(unit.find(f"{NAMESPACE}source").itertext())
        for unit in etree.parse(str(path)).iter(f"{NAMESPACE}trans-unit")
    }


def resnames(path: Path) -> list[str]:
    return [unit.get("resname") for unit in etree.parse(str(path)).iter(f"{NAMESPACE}trans-unit")]


def with_edits(before: bytes, msgstrs: dict[tuple[str | None, str], tuple[str, bool]]) -> bytes:
    """The catalogue as it was with exactly these entries ((msgctxt, msgid) → text,
    approved?) changed: approved drops the fuzzy flag and the previous source."""
    catalog: Catalog = parse_po(before)
    for entry in catalog.entries:
        if (entry.msgctxt, entry.msgid) in msgstrs:
            entry.msgstr, approved = msgstrs[(entry.msgctxt, entry.msgid)]
            entry.set_fuzzy(not approved)
            if approved:
                entry.previous_msgctxt = entry.previous_msgid = None
    return format_po(catalog)


def counts(output: str, language: str, statement: str) -> dict[str, int]:
    found = re.search(rf"^{language} {statement}: (.*)$", output, re.MULTILINE)
    assert found is not None, output
    return {
        name: int(number)
        for number, name in re.findall(r"(\d+) ([a-z][a-z ]+[a-z])", found.group(1))
    }


@pytest.mark.parametrize("path", sorted(FROM_OUR_PO.glob(f"{SLUG}.*.po.xlf")), ids=str)
def test_okapi_resnames_are_the_catalogues_msgids(path: Path) -> None:
    """okapi_name() is Okapi's own: each unit's resname names one entry of the catalogue
    the file was made from (which also shows the file was made from that catalogue)."""
    language = path.name.split(".")[1]
    root = Path(__file__).parent.parent
    catalog = read_po(root / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po")
    names = {okapi_name(entry.msgctxt, entry.msgid) for entry in catalog.active if entry.msgid}
    found = resnames(path)
    assert len(found) == 16 and set(found) == names


@pytest.mark.parametrize(
    ("language", "unchanged", "copied"), [("es", 16, 0), ("ar", 12, 4), ("qu", 0, 16)]
)
def test_okapi_files_of_our_po_import_unchanged(
    tmp_path: Path, language: str, unchanged: int, copied: int
) -> None:
    """As Tikal wrote them: every unit finds its entry, the sources Tikal copied into
    empty targets are no translation, and no byte of the catalogue changes."""
    workspace = copy_example_workspace(tmp_path / "ws")
    catalogue = workspace / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"
    before = catalogue.read_bytes()
    result = run(workspace, "import", str(FROM_OUR_PO / f"{SLUG}.{language}.po.xlf"))
    assert result.exit_code == 0, result.output
    expected = {"imported": 0, "unchanged": unchanged}
    if copied:
        expected["with the source copied as target"] = copied
    assert counts(result.output, language, SLUG) == expected
    assert catalogue.read_bytes() == before


# unit id → (the target as typed, in Okapi's form; confirmed?)
EDITS: dict[str, dict[str, tuple[Typed | None, bool]]] = {
    # Approved translations replaced (imported with --overwrite).
    "es": {
        "2": ("Subregión Andina de la FSM", True),
        "5": ("La carta abierta dice lo siguiente:", True),
    },
    # A draft confirmed as it stands: only its fuzzy flag (and previous source) go.
    "ar": {"9": (None, True)},  # None: the target kept
    # New translations over Tikal's copies: a quote typed as the .po's escape, one left
    # a draft; the other copies are left alone.
    "qu": {
        "6": ("Munasqa Perú Republicapa embajadorninkuna.", True),
        "7": ('Perú Republicapa \\"embajadorninkuna\\".', True),
        "3": (
            "Kunan punchaw, WFTU-pa Andes suyunpa Kamachiq Comitenpa munasqanwan, kichasqa "
            "qillqatam Perú embajadakunaman apachikun, Latinoamerica suyukunapi, Perú "
            "llaqtata yanapanapaq, golpe de Estado qhipanta, Presidente Pedro Castillo "
            "hapisqa kasqanmanta.",
            False,
        ),
    },
}
TEXT_IN_CATALOGUE = {("qu", "7"): 'Perú Republicapa "embajadorninkuna".'}


@pytest.mark.parametrize("language", ["es", "ar", "qu"])
def test_okapi_files_of_our_po_round_trip_with_only_the_edits(
    tmp_path: Path, language: str
) -> None:
    workspace = copy_example_workspace(tmp_path / "ws")
    catalogue = workspace / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"
    before = catalogue.read_bytes()
    original = FROM_OUR_PO / f"{SLUG}.{language}.po.xlf"
    texts = sources(original)
    edits = EDITS[language]
    kept = {
        unit.get("id"): "".join(unit.find(f"{NAMESPACE}target").itertext())
        for unit in etree.parse(str(original)).iter(f"{NAMESPACE}trans-unit")
    }
    saved = tmp_path / original.name
    save(original, saved, {key: (text or kept[key], ok) for key, (text, ok) in edits.items()})

    result = run(workspace, "import", "--overwrite", str(saved))

    assert result.exit_code == 0, result.output
    assert counts(result.output, language, SLUG)["imported"] == len(edits)
    new = {
        (None, texts[key]): (
            TEXT_IN_CATALOGUE.get((language, key), text or kept[key]),
            ok,
        )
        for key, (text, ok) in edits.items()
    }
    assert catalogue.read_bytes() == with_edits(before, new)
    assert read_po(catalogue).find(texts["3"]) is not None


# The statement call.fr.po.xlf was made from: Markdown inline, quotes and backslashes
# (which the .po escapes), printf-like text and a hard line break (Okapi's codes), an
# image, a footnote and inline HTML.
CALL = "\n\n".join(
    [
        '# A "call" for solidarity',
        "We call on all affiliates to send **messages of solidarity** to the "
        "[union](https://example.org/union) and to use `#DockersStrike`.",
        r'The dockers said: "We will not go back" — a path like `C:\strike\2026` is no '
        r"escape, nor is 5 \* 3.",
        "- Lisbon\n- Porto",
        "Wages rose by 5%d in {1} year, and the form field %s stays as typed; see the "
        '_annex_ and ![logo](logo.png "Logo").',
        "A line  \nbreak, a footnote[^1], and <abbr>HTML</abbr> inline.",
        "[^1]: The footnote text, with *emphasis*.\n",
    ]
)
# An entry a translator's tool added with a msgctxt of its own: its msgid is another's.
MENU = '\nmsgctxt "menu"\nmsgid "Lisbon"\nmsgstr ""\n'


def call_workspace(root: Path) -> Path:
    (root / "source").mkdir(parents=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["fr"]\n', encoding="utf-8"
    )
    (root / "source" / "call.md").write_text(CALL, encoding="utf-8")
    assert run(root, "extract").exit_code == 0
    catalogue = root / "locales" / "fr" / "LC_MESSAGES" / "call.po"
    with catalogue.open("a", encoding="utf-8") as out:
        out.write(MENU)
    return catalogue


# unit id → the target typed in Okapi's form: the .po's escapes, Okapi's codes kept.
CALL_FR: dict[str, tuple[Typed, bool]] = {
    "1": (r"Un \"appel\" à la solidarité", True),
    "2": (
        "Nous appelons tous les affiliés à envoyer des **messages de solidarité** au "
        "[syndicat](https://example.org/union) et à utiliser `#DockersStrike`.",
        True,
    ),
    "3": (
        r"Les dockers ont dit : \"Nous ne reculerons pas\" — un chemin comme "
        r"`C:\\strike\\2026` n’est pas un échappement, ni 5 \\* 3.",
        True,
    ),
    "4": ("Lisbonne", True),
    # 5 (Porto) left as Tikal copied it.
    "6": (
        [
            "Les salaires ont augmenté de 5",
            ("x", "1"),
            " en ",
            ("x", "2"),
            " an ; le champ ",
            ("x", "3"),
            ' reste tel quel ; voir l’_annexe_ et ![logo](logo.png \\"Logo\\").',
        ],
        True,
    ),
    "7": (
        ["Un saut de ligne  ", ("x", "1"), "ici, une note[^1], et <abbr>HTML</abbr> en ligne."],
        True,
    ),
    "8": ("Le texte de la note, avec *emphase*.", False),  # a draft
    "9": ("Lisbonne (menu)", True),
}
# What the catalogue holds after the import: the msgstrs Okapi's own merge (tikal -m)
# writes for the same save, the draft fuzzy, Porto's copy not taken for a translation.
CALL_FR_MSGSTR: dict[tuple[str | None, str], tuple[str, bool]] = {
    (None, 'A "call" for solidarity'): ('Un "appel" à la solidarité', True),
    (
        None,
        "We call on all affiliates to send **messages of solidarity** to the [union]"
        "(https://example.org/union) and to use `#DockersStrike`.",
    ): (
        "Nous appelons tous les affiliés à envoyer des **messages de solidarité** au "
        "[syndicat](https://example.org/union) et à utiliser `#DockersStrike`.",
        True,
    ),
    (
        None,
        'The dockers said: "We will not go back" — a path like `C:\\strike\\2026` is no '
        "escape, nor is 5 \\* 3.",
    ): (
        'Les dockers ont dit : "Nous ne reculerons pas" — un chemin comme `C:\\strike\\2026` '
        "n’est pas un échappement, ni 5 \\* 3.",
        True,
    ),
    (None, "Lisbon"): ("Lisbonne", True),
    (
        None,
        "Wages rose by 5%d in {1} year, and the form field %s stays as typed; see the "
        '_annex_ and ![logo](logo.png "Logo").',
    ): (
        "Les salaires ont augmenté de 5%d en {1} an ; le champ %s reste tel quel ; voir "
        'l’_annexe_ et ![logo](logo.png "Logo").',
        True,
    ),
    (None, "A line  \nbreak, a footnote[^1], and <abbr>HTML</abbr> inline."): (
        "Un saut de ligne  \nici, une note[^1], et <abbr>HTML</abbr> en ligne.",
        True,
    ),
    (None, "The footnote text, with *emphasis*."): ("Le texte de la note, avec *emphase*.", False),
    ("menu", "Lisbon"): ("Lisbonne (menu)", True),
}


def test_okapi_file_with_markdown_codes_and_escapes_round_trips(tmp_path: Path) -> None:
    catalogue = call_workspace(tmp_path / "ws")
    workspace = tmp_path / "ws"
    before = catalogue.read_bytes()
    original = FROM_OUR_PO / "call.fr.po.xlf"
    # The file was made from this very catalogue: its resnames are its entries'.
    names = {okapi_name(e.msgctxt, e.msgid) for e in read_po(catalogue).active if e.msgid}
    assert set(resnames(original)) == names and len(names) == 9

    result = run(workspace, "import", str(original))
    assert result.exit_code == 0, result.output
    assert counts(result.output, "fr", "call") == {
        "imported": 0,
        "unchanged": 0,
        "with the source copied as target": 9,
    }
    assert catalogue.read_bytes() == before

    saved = tmp_path / "call.fr.po.xlf"
    save(original, saved, CALL_FR)
    result = run(workspace, "import", str(saved))
    assert result.exit_code == 0, result.output
    assert counts(result.output, "fr", "call") == {
        "imported": 8,
        "unchanged": 0,
        "with the source copied as target": 1,
    }
    assert catalogue.read_bytes() == with_edits(before, CALL_FR_MSGSTR)
    after = read_po(catalogue)
    assert after.find("Porto") is not None and after.find("Porto").msgstr == ""
    footnote = after.find("The footnote text, with *emphasis*.")
    assert footnote is not None and footnote.state == NEEDS_REVIEW
    assert after.find("Lisbon") is not None and after.find("Lisbon").state == APPROVED


@pytest.mark.parametrize(
    ("unit", "typed", "message"),
    [
        # A backslash that starts no .po escape: Okapi's merge would write a broken .po.
        ("3", r"Un chemin C:\Perú", "invalid escape sequence `\\P`"),
        # A code dropped, or one the source lacks: its text would be lost or made up.
        (
            "6",
            ["Les salaires ont augmenté de 5", ("x", "1"), " en ", ("x", "2"), " an."],
            "placeholder 3 is missing",
        ),
        ("7", ["Un saut", ("x", "1"), ("x", "4"), "ici."], "placeholder 4 is not in the source"),
    ],
)
def test_okapi_target_with_a_bad_escape_or_code_is_refused_at_its_line(
    tmp_path: Path, unit: str, typed: Typed, message: str
) -> None:
    catalogue = call_workspace(tmp_path / "ws")
    before = catalogue.read_bytes()
    saved = tmp_path / "call.fr.po.xlf"
    save(FROM_OUR_PO / "call.fr.po.xlf", saved, {unit: (typed, True), "4": ("Lisbonne", True)})
    target = next(
        element
        for element in etree.parse(str(saved)).iter(f"{NAMESPACE}trans-unit")
        if element.get("id") == unit
    ).find(f"{NAMESPACE}target")

    result = run(tmp_path / "ws", "import", str(saved))

    assert result.exit_code == 1, result.output
    assert f"{saved}:{target.sourceline}: " in result.output
    assert message in result.output, result.output
    assert "not imported" in result.output
    # The other unit still comes in; the refused one leaves its entry as it was.
    assert catalogue.read_bytes() == with_edits(before, {(None, "Lisbon"): ("Lisbonne", True)})


def test_a_cat_tools_unconfirmed_copy_of_the_source_is_no_translation(tmp_path: Path) -> None:
    """Our own export, every empty target filled with its source as a CAT tool's "copy
    source to target" does: left unconfirmed (state="new"), nothing comes in; confirmed
    (state="translated": a name kept as it is), it is a translation."""
    workspace = copy_example_workspace(tmp_path / "ws")
    catalogue = workspace / "locales" / "qu" / "LC_MESSAGES" / f"{SLUG}.po"
    before = catalogue.read_bytes()
    assert run(workspace, "export", "--lang", "qu", "-o", str(tmp_path)).exit_code == 0
    exported = tmp_path / f"{SLUG}.qu.xlf"
    tree = etree.parse(str(exported))
    units = list(tree.iter(f"{NAMESPACE}trans-unit"))
    for unit in units:
        source, target = unit.find(f"{NAMESPACE}source"), unit.find(f"{NAMESPACE}target")
        target.text = source.text
        target.extend(deepcopy(child) for child in source)
    tree.write(str(exported), xml_declaration=True, encoding="UTF-8")
    result = run(workspace, "import", str(exported))
    assert result.exit_code == 0, result.output
    assert counts(result.output, "qu", SLUG)["with the source copied as target"] == 16
    assert catalogue.read_bytes() == before

    name = next(u for u in units if u.findtext(f"{NAMESPACE}source") == "WFTU Andean Sub-Region")
    name.find(f"{NAMESPACE}target").set("state", "translated")
    tree.write(str(exported), xml_declaration=True, encoding="UTF-8")
    result = run(workspace, "import", str(exported))
    assert result.exit_code == 0, result.output
    assert counts(result.output, "qu", SLUG)["imported"] == 1
    entry = read_po(catalogue).find("WFTU Andean Sub-Region")
    assert entry is not None and (entry.msgstr, entry.state) == ("WFTU Andean Sub-Region", APPROVED)


def test_okapi_codes_of_a_filter_configured_otherwise_stand_for_their_text(
    tmp_path: Path,
) -> None:
    """With code-finder rules of its own (here one taking Markdown's `**` for a code),
    Okapi's codes are not printf's: each then stands for whatever text of the msgid
    makes the source whole, and comes back as that text."""
    catalogue = call_workspace(tmp_path / "ws")
    before = catalogue.read_bytes()
    text = (FROM_OUR_PO / "call.fr.po.xlf").read_text(encoding="utf-8")
    source = "send **messages of solidarity** to"
    assert text.count(source) == 2  # the source, and Tikal's copy in the target
    saved = tmp_path / "call.fr.po.xlf"
    saved.write_text(
        text.replace(source, 'send <x id="1"/>messages of solidarity<x id="2"/> to'),
        encoding="utf-8",
    )
    typed: Typed = [
        "Envoyez des ",
        ("x", "1"),
        "messages de solidarité",
        ("x", "2"),
        " au [syndicat](https://example.org/union) et `#DockersStrike`.",
    ]
    save(saved, saved, {"2": (typed, True)})

    result = run(tmp_path / "ws", "import", str(saved))

    assert result.exit_code == 0, result.output
    assert counts(result.output, "fr", "call")["imported"] == 1
    msgid = next(key for key in CALL_FR_MSGSTR if key[1].startswith("We call"))
    expected = (
        "Envoyez des **messages de solidarité** au [syndicat](https://example.org/union) et "
        "`#DockersStrike`."
    )
    assert catalogue.read_bytes() == with_edits(before, {msgid: (expected, True)})


def _lazily(source: list[str | Placeholder], literal: str) -> dict[str, str] | None:
    """What the one pattern, `.+?` for each code, finds: the reading to match."""
    pattern = "".join(
        re.escape(part) if isinstance(part, str) else f"(?P<c{part.id}>.+?)" for part in source
    )
    match = re.fullmatch(pattern, literal)
    return None if match is None else {key[1:]: text for key, text in match.groupdict().items()}


def test_codes_of_any_text_are_found_as_the_lazy_pattern_finds_them() -> None:
    """Every source of up to four codes and texts of `a`, `b` and `ab` against every
    literal of up to seven letters: the same entry and the same text for each code."""
    pieces: list[str | None] = ["a", "b", "ab", None]
    literals = [
        "".join(letters) for size in range(8) for letters in itertools.product("ab", repeat=size)
    ]
    shapes = [
        shape
        for size in range(1, 5)
        for shape in itertools.product(pieces, repeat=size)
        if None in shape
    ]
    compared = 0
    for shape in shapes:
        source: list[str | Placeholder] = [
            Placeholder(str(index)) if piece is None else piece for index, piece in enumerate(shape)
        ]
        for literal in literals:
            found = OkapiEntries([Entry(msgid=literal)]).match(source, "")
            got = None if found is None else {key[1]: text for key, text in found[1].items()}
            assert got == _lazily(source, literal), (shape, literal)
            compared += found is not None
    assert compared > 1000


def test_codes_of_any_text_between_repeated_letters_are_read_in_linear_time() -> None:
    """Eight codes between `a`s against a msgid of 300 `a`s with no `b`: the lazy pattern
    would try about 300^8 ways (four codes took it 3 s, five minutes)."""
    source: list[str | Placeholder] = []
    for index in range(8):
        source += [Placeholder(str(index)), "a"]
    entries = OkapiEntries([Entry(msgid="a" * 300), Entry(msgid="a" * 299 + "b")])
    assert entries.match([*source, "b"], "") is not None
    assert entries.match([*source, "c"], "") is None
