"""XLIFF and TMX files other tools wrote, checked in from their own test data
(tests/data/foreign/README.md says where each comes from).

Each file is imported through the command line twice: into a workspace that does not
have its statement (refused by line, exit 2, nothing written), and into one whose
statement is made of the file's own source texts, so that its units are matched by text
and land: the catalogue then differs from before by exactly the translations the file
brings, and the units it cannot bring are reported by line, not a crash."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from cli_runner import polyglot as run
from lxml import etree

from polyglot_statement.po import APPROVED, MEMORY, NEEDS_REVIEW, format_po, parse_po, read_po
from polyglot_statement.po.model import SegmentState
from polyglot_statement.po.parser import unescape

FOREIGN = Path(__file__).parent / "data" / "foreign"
XLIFF = sorted([*FOREIGN.glob("*/*.xlf"), *FOREIGN.glob("*/*.poxliff")], key=lambda p: p.as_posix())
NOT_IN_STATEMENT = "its source is not in the statement as it is now"


def workspace(root: Path, slug: str, languages: tuple[str, ...], texts: list[str]) -> Path:
    """A workspace with one statement, `slug`, whose paragraphs are these texts."""
    return bare(root, "en", languages, {slug: "\n\n".join(texts) + "\n"}, extract=True)


def bare(
    root: Path,
    source_language: str,
    languages: tuple[str, ...],
    statements: dict[str, str],
    *,
    extract: bool = False,
) -> Path:
    (root / "source").mkdir(parents=True)
    listed = ", ".join(f'"{code}"' for code in languages)
    (root / "polyglot.toml").write_text(
        f'source-language = "{source_language}"\nlanguages = [{listed}]\n', encoding="utf-8"
    )
    for slug, text in statements.items():
        (root / "source" / f"{slug}.md").write_text(text, encoding="utf-8")
    if extract:
        assert run(root, "extract").exit_code == 0
    return root


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def copy(path: Path, folder: Path) -> Path:
    """A copy outside the repository, so that messages name it by its absolute path."""
    (folder / "in").mkdir(exist_ok=True)
    return Path(shutil.copy(path, folder / "in" / path.name))


def plain_sources(path: Path) -> list[str]:
    """The units' source texts without inline codes, the PO header left out, each once
    (the text a .po string stands for, in Okapi's XLIFF of a .po, which keeps escapes)."""
    texts: list[str] = []
    tree = etree.parse(str(path))
    literal = tree.xpath("//*[local-name()='file']/@datatype") == ["x-application/x-gettext"]
    for source in tree.iter("{*}source"):
        text = "".join(source.itertext()).strip()
        text = unescape(text) if literal else text
        header = text.startswith("Project-Id-Version:")
        if len(source) == 0 and text and not header and text not in texts:
            texts.append(text)
    return texts


@pytest.mark.parametrize("path", XLIFF, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_foreign_xliff_for_no_statement_of_the_workspace_is_refused_by_line(
    path: Path, tmp_path: Path
) -> None:
    path = copy(path, tmp_path)
    root = workspace(tmp_path / "ws", "first", ("fr", "es", "cs", "be"), ["Hello."])
    before = snapshot(root / "locales")
    result = run(root, "import", str(path))
    assert result.exit_code == 2, result.output
    assert re.search(
        rf"{re.escape(str(path))}:3: the file is for '[^']+', which is no statement", result.output
    ), result.output
    assert snapshot(root / "locales") == before


# file, its statement (from its `original`), language, exit code, imported: text → state.
ROUND_TRIPS = [
    (
        "openxliff/OpenXLIFF_es-first-file.xlf",
        "xliff2",
        "es",
        0,
        {
            "Wrong XLIFF version": ("Versión de XLIFF incorrecta", APPROVED),
            "Error processing XLIFF 2.0": ("Error al procesar XLIFF 2.0", APPROVED),
            "Error re-segmenting XLIFF 2.0": ("Error al volver a segmentar XLIFF 2.0", APPROVED),
            "Unexpected element found: {0}": ("Elemento inesperado encontrado: {0}", APPROVED),
            "Error generating XLIFF 2.0": ("Error al generar XLIFF 2.0", APPROVED),
            # Escaped in the XLIFF, raw HTML in the Markdown: the source's own markup.
            "<sub> elements are not supported": ("Los elementos <sub> no son admitidos", APPROVED),
            "Invalid <mrk> element: {0}": ("Elemento <mrk> no válido: {0}", APPROVED),
        },
    ),
    (
        # Okapi's XLIFF of a .po file: its texts are the .po's strings, escapes kept.
        # Units with <x/> codes (printf formats) have no msgid of ours, and are
        # reported; "Text without translation" is Okapi's copy of the source into the
        # target, not approved: no translation, left as it was. One unit lands.
        "okapi/potest.po.xlf",
        "potest",
        "fr",
        1,
        {
            "Special chars: \"=quot, &=amp, <=lt, >=gt, '=apos, Ą=U+0104": (
                "Characters spéciaux : \"=quot, &=amp, <=lt, >=gt, '=apos, Ą=U+0104",
                APPROVED,
            ),
        },
    ),
    (
        # Okapi's own filter test: windows-1252, `original="\\Test01.xml"`, units with
        # <g>/<x> codes (not ours: reported), <seg-source> with no target (left alone);
        # its other targets are the source copied, not approved: no translation.
        "okapi/RB-12-Test02.xlf",
        "Test01",
        "fr",
        1,
        {},
    ),
    (
        # approved="yes" and state="final" both approve; "tr1=" brings a number the
        # source lacks, which check reports (exit 1) on an entry still imported.
        "omegat/file-XLIFFFilter-state-final.xlf",
        "text",
        "be",
        1,
        {
            "This is test": ("tr1=This is test", APPROVED),
            "test2": ("tr2=test2", APPROVED),
        },
    ),
    (
        # Okapi's XLIFF 2.0 (the gold output of its AutoXLIFF filter): srcLang/trgLang on
        # <xliff>, a <file translate="no"> whose <unit translate="yes"> is for translation
        # all the same; a segment with no state is nobody's confirmation: a draft.
        "okapi/autoxliff-gold-xliff2.xlf",
        "myfile",
        "fr",
        0,
        {"Sample segment.": ("Exemple de segment.", NEEDS_REVIEW)},
    ),
    (
        # Weblate's .poxliff names no target-language (its PO header unit does); its
        # sources end in a newline no paragraph of a statement has, and its other
        # units have empty targets: nothing lands, each unit reported by line.
        "weblate/cs.poxliff",
        "cs",
        "cs",
        1,
        {},
    ),
]


@pytest.mark.parametrize(
    ("name", "slug", "language", "code", "imported"),
    ROUND_TRIPS,
    ids=[item[0] for item in ROUND_TRIPS],
)
def test_a_foreign_xliff_lands_in_a_statement_of_its_own_source_texts(
    name: str,
    slug: str,
    language: str,
    code: int,
    imported: dict[str, tuple[str, SegmentState]],
    tmp_path: Path,
) -> None:
    path = copy(FOREIGN / name, tmp_path)
    root = workspace(tmp_path / "ws", slug, (language,), plain_sources(path))
    catalogue = root / "locales" / language / "LC_MESSAGES" / f"{slug}.po"
    before = catalogue.read_bytes()
    result = run(root, "import", str(path))
    assert result.exit_code == code, result.output
    assert f"{slug}: {len(imported)} imported" in result.output
    # Exactly the new translations, nothing else in the catalogue changed.
    expected = parse_po(before)
    for entry in expected.active:
        if entry.msgid in imported:
            entry.msgstr, state = imported[entry.msgid]
            entry.set_fuzzy(state != APPROVED)
    assert catalogue.read_bytes() == format_po(expected)
    after = read_po(catalogue)
    for msgid, (text, state) in imported.items():
        entry = after.find(msgid)
        assert entry is not None and (entry.msgstr, entry.state) == (text, state), msgid
    # Every unit not brought in is named by its line, as many as the summary counts.
    not_found = re.findall(rf"{re.escape(str(path))}:(\d+): {NOT_IN_STATEMENT}", result.output)
    summary = re.search(rf"{language} {slug}: .*", result.output)
    assert summary is not None, result.output
    other = re.search(r"(\d+) with another source", summary.group())
    assert len(not_found) == (int(other.group(1)) if other else 0), result.output


def test_a_target_language_omegat_does_not_know_is_refused_by_line(tmp_path: Path) -> None:
    path = copy(FOREIGN / "omegat" / "en-xx.xlf", tmp_path)
    root = workspace(tmp_path / "ws", "interface", ("fr",), plain_sources(path))
    before = snapshot(root / "locales")
    result = run(root, "import", str(path))
    assert result.exit_code == 2
    assert f"{path}:3: unknown target-language 'xx'" in result.output
    assert snapshot(root / "locales") == before


def test_without_target_language_the_targets_xml_lang_names_it(tmp_path: Path) -> None:
    """XLIFF 1.1 makes target-language optional: Okapi's targets still carry xml:lang;
    with no language anywhere, the refusal says what to add."""
    okapi = tmp_path / "potest.po.xlf"
    okapi.write_bytes(
        (FOREIGN / "okapi" / "potest.po.xlf").read_bytes().replace(b' target-language="fr"', b"")
    )
    root = workspace(tmp_path / "ws", "potest", ("fr",), plain_sources(okapi))
    result = run(root, "import", str(okapi))
    assert result.exit_code == 1 and "fr potest: 1 imported" in result.output, result.output

    omegat = tmp_path / "text.xlf"
    omegat.write_bytes(
        (FOREIGN / "omegat" / "file-XLIFFFilter-state-final.xlf")
        .read_bytes()
        .replace(b' target-language="be"', b"")
    )
    root = workspace(tmp_path / "ws2", "text", ("be",), plain_sources(omegat))
    before = snapshot(root / "locales")
    result = run(root, "import", str(omegat))
    assert result.exit_code == 2
    assert f"{omegat}:3: the <file> has no target-language: add target-language=" in (result.output)
    assert snapshot(root / "locales") == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("weblate/memory.tmx", ":3: the memory translates from DE-DE, but this workspace's"),
        ("omegat/test-omegat.tmx", ":11: holds no translation from en into this workspace's"),
    ],
)
def test_a_foreign_memory_this_workspace_cannot_use_is_refused_by_line(
    name: str, message: str, tmp_path: Path
) -> None:
    root = bare(tmp_path / "ws", "en", ("fr",), {"first": "Hello.\n"}, extract=True)
    path = copy(FOREIGN / name, tmp_path)
    result = run(root, "memory", "import", str(path))
    assert result.exit_code == 2
    assert f"{path}{message}" in result.output, result.output
    assert not (root / "memory").exists()


@pytest.mark.parametrize(
    ("name", "source_language", "language", "exact"),
    [
        (
            "weblate/memory.tmx",
            "de",
            "cs",
            {"Wenn die Logfunktion installiert ist": "Pokud je nainstalované logování"},
        ),
        # TMX 1.1 (`lang`, not xml:lang); a unit whose source is en-GB still matches an
        # en statement; one with both en and en-US takes the en text ("lang1z").
        ("omegat/test-omegat.tmx", "en", "be", {"entuv": "betuv", "lang2": "tr2", "lang3": "tr3"}),
    ],
)
def test_a_foreign_memory_prefills_a_statement_of_its_source_texts(
    name: str, source_language: str, language: str, exact: dict[str, str], tmp_path: Path
) -> None:
    texts = [*exact, "lang1"] if "omegat" in name else list(exact)
    root = bare(tmp_path / "ws", source_language, (language,), {"first": "\n\n".join(texts)})
    result = run(root, "memory", "import", str(copy(FOREIGN / name, tmp_path)))
    assert result.exit_code == 0, result.output
    assert run(root, "extract").exit_code == 0
    catalog = read_po(root / "locales" / language / "LC_MESSAGES" / "first.po")
    for msgid, text in exact.items():
        entry = catalog.find(msgid)
        assert entry is not None and (entry.msgstr, entry.state) == (text, MEMORY), msgid
        assert entry.translator_comments[-1].startswith("memory: 100% from "), msgid
    if "omegat" in name:
        entry = catalog.find("lang1")
        assert entry is not None and entry.msgstr != "tr1"
