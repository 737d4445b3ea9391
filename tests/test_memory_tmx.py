"""TMX: files written by other tools read as they meant, our own read back exactly,
bad files refused by line with nothing written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from memory_workspace import FIRST_ES, add_statement, translated_workspace
from test_memory import entry_of, prefilled

from polyglot_statement.config import Settings
from polyglot_statement.memory import memory_folder, open_memory
from polyglot_statement.memory.tmx import TmxError, read_tmx, tmx_units
from polyglot_statement.memory.transfer import export_memory, import_memory
from polyglot_statement.source.extract import extract

DATA = Path(__file__).parent / "data" / "memory"


def reading(name: str, languages: tuple[str, ...] = ("es", "fr")) -> dict[tuple[str, str], str]:
    path = DATA / name
    result = read_tmx(path.read_bytes(), path, "en", languages)
    return {(unit.source, unit.language): unit.translation for unit in result.units}


def test_a_trados_memory_keeps_bold_and_drops_its_rtf_codes() -> None:
    units = reading("trados.tmx")
    assert units[("Press **Save** to keep the letter.", "es")] == (
        "Pulse **Guardar** para conservar la carta."
    )
    assert units[("The dockers of Lisbon have been on strike since 7 May.", "es")] == (
        "Los estibadores lisboetas están en huelga desde el 7 de mayo."
    )
    # <hi> marks a term: its text is text.
    assert units[("We thank our partners for their solidarity.", "es")].startswith("Agradecemos su")


def test_a_memoq_memory_maps_its_languages_and_drops_html_codes() -> None:
    path = DATA / "memoq.tmx"
    result = read_tmx(path.read_bytes(), path, "en", ("es", "fr"))
    assert result.languages == {"fr-fr": "fr"}
    assert result.ignored_languages == {"de-de"}
    units = {(unit.source, unit.language): unit.translation for unit in result.units}
    assert units[("Workers of the world, unite!", "fr")] == (
        "Travailleurs du monde entier, unissez-vous !"
    )
    assert units[("Read the *full report* on our website .", "fr")] == (
        "Lisez le *rapport complet* sur notre site ."
    )


def test_an_omegat_tmx_1_1_memory_with_lang_attributes() -> None:
    units = reading("omegat.tmx")
    assert units[("An injury to one is an injury to all.", "es")] == (
        "Quien golpea a uno nos golpea a todos."
    )


def test_a_regional_workspace_language_takes_only_its_region() -> None:
    assert reading("trados.tmx", ("es_MX",)) == {}
    assert len(reading("trados.tmx", ("es_ES",))) == 3


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("bad-xml.tmx", 6, "not well-formed XML"),
        ("bad-source-language.tmx", 3, "translates from fr-FR"),
        ("bad-language-code.tmx", 7, "unknown language code 'xx-nowhere'"),
        ("bad-inline.tmx", 7, "<b> inside <seg>"),
        ("bad-root.tmx", 2, "not a TMX file: its root element is <xliff>"),
        ("bad-entity.tmx", 10, "entity reference (&lol;)"),
    ],
)
def test_a_bad_memory_is_refused_by_line(name: str, line: int, message: str) -> None:
    path = DATA / name
    with pytest.raises(TmxError) as caught:
        read_tmx(path.read_bytes(), path, "en", ("es", "fr"))
    assert caught.value.line == line, caught.value
    assert message in caught.value.message


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return translated_workspace(tmp_path / "ws")


@pytest.mark.parametrize(
    "name",
    [
        "bad-xml.tmx",
        "bad-source-language.tmx",
        "bad-no-workspace-language.tmx",
        "bad-root.tmx",
        "bad-entity.tmx",
    ],
)
def test_importing_a_bad_memory_writes_nothing(settings: Settings, name: str) -> None:
    with pytest.raises(TmxError):
        import_memory(settings, DATA / name)
    assert not memory_folder(settings).exists()


def test_an_imported_memory_prefills_and_names_its_file(settings: Settings) -> None:
    result = import_memory(settings, DATA / "trados.tmx")
    assert result.written and result.target == memory_folder(settings) / "trados.tmx"
    assert result.target.read_bytes() == (DATA / "trados.tmx").read_bytes()
    assert result.units == 3 and result.languages == {"es-ES": "es"}
    add_statement(
        settings,
        "second",
        "---\ntitle: Letters\n---\n\nPress **Save** to keep the letter.\n\n"
        "The dockers of Lisbon have been on strike since 7 May.\n",
    )
    extract(settings)
    spanish = prefilled(settings, "second")["es"]
    entry = entry_of(spanish, "Press **Save** to keep the letter.")
    assert entry.msgstr == "Pulse **Guardar** para conservar la carta."
    assert entry.translator_comments == ["memory: 100% from trados.tmx"]
    # The workspace's own approved translation is preferred to a partner's.
    entry = entry_of(spanish, "The dockers of Lisbon have been on strike since 7 May.")
    assert entry.msgstr == FIRST_ES["The dockers of Lisbon have been on strike since 7 May."]
    assert entry.translator_comments == ["memory: 100% from first"]
    # Importing it again changes nothing; another file under that name needs --replace.
    assert not import_memory(settings, DATA / "trados.tmx").written
    other = settings.root / "elsewhere" / "trados.tmx"
    other.parent.mkdir()
    shutil.copy(DATA / "omegat.tmx", other)
    with pytest.raises(TmxError, match="--replace"):
        import_memory(settings, other)
    assert import_memory(settings, other, replace=True).written


def test_a_memory_file_name_with_line_breaks_names_it_on_one_comment_line(
    settings: Settings, tmp_path: Path
) -> None:
    """A file name is the one piece of a memory that reaches a catalogue as written; its
    line breaks must not start lines (a comment, let alone an entry) of their own."""
    odd = tmp_path / 'partner\nmsgid "x"\nmsgstr "y".tmx'
    shutil.copy(DATA / "trados.tmx", odd)
    import_memory(settings, odd)
    add_statement(
        settings, "second", "---\ntitle: Letters\n---\n\nPress **Save** to keep the letter.\n"
    )
    extract(settings)
    entry = entry_of(prefilled(settings, "second")["es"], "Press **Save** to keep the letter.")
    assert entry.translator_comments == ['memory: 100% from partner msgid "x" msgstr "y".tmx']


def test_export_then_import_changes_nothing(settings: Settings) -> None:
    import_memory(settings, DATA / "omegat.tmx")
    with open_memory(settings) as index:
        first = export_memory(settings, index)
    exported = settings.root / "exported.tmx"
    exported.write_bytes(first.data)
    # Every approved translation is there, markup in native codes read back exactly.
    units = read_tmx(first.data, exported, "en", settings.languages).units
    pairs = {(unit.source, unit.language, unit.translation) for unit in units}
    for source, translation in FIRST_ES.items():
        assert (source, "es", translation) in pairs
    assert (
        "An injury to one is an injury to all.",
        "es",
        "Quien golpea a uno nos golpea a todos.",
    ) in pairs
    assert b'<bpt i="1" type="bold">**</bpt>' in first.data
    add_statement(
        settings, "second", "---\ntitle: Again\n---\n\nAn injury to one is an injury to all.\n"
    )
    extract(settings)
    before = prefilled(settings, "second")["es"].find("An injury to one is an injury to all.")
    import_memory(settings, exported)
    with open_memory(settings) as index:
        second = export_memory(settings, index)
    assert second.data == first.data
    settings.catalog_path("es", "second").unlink()
    extract(settings)
    after = prefilled(settings, "second")["es"].find("An injury to one is an injury to all.")
    assert before is not None and after is not None
    assert (after.msgstr, after.translator_comments) == (before.msgstr, before.translator_comments)
    assert before.translator_comments == ["memory: 100% from first"]


def test_export_keeps_every_rendering_of_a_source(settings: Settings) -> None:
    from memory_workspace import fill

    add_statement(
        settings, "second", "---\ntitle: Again\n---\n\nAn injury to one is an injury to all.\n"
    )
    extract(settings)
    fill(settings, "second", "es", {"An injury to one is an injury to all.": "Todos a una."})
    with open_memory(settings) as index:
        result = export_memory(settings, index, ["es"])
    units = read_tmx(result.data, Path("x.tmx"), "en", ("es",)).units
    renderings = [
        unit.translation for unit in units if unit.source == "An injury to one is an injury to all."
    ]
    # Both, the alphabetically first of the equally used ones first.
    assert renderings == ["Todos a una.", FIRST_ES["An injury to one is an injury to all."]]
    assert result.languages == ("es",)


def test_a_memory_is_read_again_when_the_workspace_languages_change(tmp_path: Path) -> None:
    from polyglot_statement.config import load_settings

    settings = translated_workspace(tmp_path / "ws")
    import_memory(settings, DATA / "memoq.tmx")
    with open_memory(settings) as index:
        assert {r.language for r in index.everything() if r.kind == "tmx"} == {"fr"}
    toml = settings.settings_file
    toml.write_text(toml.read_text().replace('["es", "fr"]', '["es", "fr", "de"]'))
    with open_memory(load_settings(settings.root)) as index:
        assert {r.language for r in index.everything() if r.kind == "tmx"} == {"fr", "de"}


# ---------------------------------------------------------------- large and hostile files


def tmx_document(units: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<tmx version="1.4">\n'
        '<header srclang="en" datatype="plaintext"/>\n<body>\n'
        f"{units}</body>\n</tmx>\n"
    ).encode()


def tmx_unit(source: str, translation: str) -> str:
    return (
        f'<tu><tuv xml:lang="en"><seg>{source}</seg></tuv>'
        f'<tuv xml:lang="es"><seg>{translation}</seg></tuv></tu>\n'
    )


class _Trickle:
    """A file that hands out at most `size` bytes a read and counts what it served: the
    test, not the parser's read size, decides how the bytes arrive."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size, self.served = data, size, 0

    def read(self, wanted: int = -1, /) -> bytes:
        size = self.size if wanted < 0 else min(wanted, self.size)
        chunk = self.data[self.served : self.served + size]
        self.served += len(chunk)
        return chunk


@pytest.mark.parametrize("chunk_size", [1, 64, 1 << 16])
def test_a_memory_is_read_one_unit_at_a_time(chunk_size: int) -> None:
    """The first unit comes out before the parser has seen the rest of the file: a
    legacy memory of hundreds of thousands of units is never a tree in memory. The file
    arrives 64 bytes a read, whatever size the reader asks for."""
    good = tmx_unit("Workers unite.", "Trabajadores, uníos.") * 3
    data = tmx_document(good + "<tu><tuv xml:lang='en'><seg>broken</tuv></tu>\n")
    source = _Trickle(data, 64)
    units = tmx_units(source, Path("big.tmx"), "en", ("es",), chunk_size=chunk_size)
    first = next(units)
    assert (first.source, first.translation, first.line) == (
        "Workers unite.",
        "Trabajadores, uníos.",
        5,
    )
    assert source.served < data.index(b"broken"), "the whole file was read for one unit"
    with pytest.raises(TmxError) as caught:
        list(units)
    assert caught.value.line == 8 and "not well-formed XML" in caught.value.message


_PEAK_SCRIPT = """
import resource, sys
from pathlib import Path
from polyglot_statement.memory.tmx import tmx_units
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
count = sum(1 for _ in tmx_units(data, Path("big.tmx"), "en", ("es",)))
print(count, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_reading_a_large_memory_takes_no_more_memory_than_a_small_one() -> None:
    """17 MB of TMX: read as one tree (translate-toolkit's tmxfile) it raised the peak
    by 186 MB; read unit by unit, by nothing measurable."""
    data = tmx_document(
        "".join(
            tmx_unit(f"Workers of plant {n} are on strike.", f"La planta {n} está en huelga.")
            for n in range(100_000)
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT], input=data, capture_output=True, check=True
    )
    count, grown_mb = map(int, done.stdout.split())
    assert count == 100_000
    assert grown_mb < 40, (
        f"reading {len(data) / 1e6:.0f} MB of TMX raised the peak by {grown_mb} MB"
    )


def test_the_index_writes_rows_while_a_file_is_still_being_read(tmp_path: Path) -> None:
    from polyglot_statement.memory.index import TMX, MemoryFile, MemoryIndex, Row

    memory = tmp_path / "big.tmx"
    memory.write_bytes(b"")
    seen_while_reading: list[int] = []

    with MemoryIndex(tmp_path / "cache") as index:

        def read(file: MemoryFile) -> Iterator[Row]:
            for n in range(25_000):
                if n == 24_999:
                    seen_while_reading.append(index.counts()[2])
                yield f"Plant {n} is on strike.", "es", f"La planta {n} está en huelga.", "approved"

        index.refresh([MemoryFile(memory, TMX, "big.tmx")], read)
        assert index.counts() == (1, 25_000, 25_000)
    # Written in batches as they came, not gathered first.
    assert seen_while_reading and seen_while_reading[0] >= 20_000


@pytest.mark.parametrize(
    ("prolog", "segment", "messages"),
    [
        # An external entity (XXE): never fetched, refused where it is used.
        (
            '<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n',
            "Hola &secret;",
            ("entity reference (&secret;)",),
        ),
        # Billion laughs: entities of entities, never expanded.
        (
            "<!DOCTYPE tmx [\n"
            + '<!ENTITY a0 "lol">\n'
            + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">\n' for n in range(1, 10))
            + "]>\n",
            "Hola &a9;",
            # libxml2 2.11 and later stop at the declarations; older ones at the use.
            ("Maximum entity amplification", "entity reference (&a9;)"),
        ),
        # Nesting deeper than libxml2 allows without huge_tree: refused by the parser,
        # never a recursion in the reader.
        ("", "<hi>" * 5000 + "Hola" + "</hi>" * 5000, ("not well-formed XML",)),
    ],
)
def test_a_hostile_memory_is_refused_by_line(
    settings: Settings, tmp_path: Path, prolog: str, segment: str, messages: tuple[str, ...]
) -> None:
    path = tmp_path / "hostile.tmx"
    path.write_bytes(tmx_document(tmx_unit("Hello", segment), prolog))
    with pytest.raises(TmxError) as caught:
        import_memory(settings, path)
    assert any(message in caught.value.message for message in messages), caught.value
    assert caught.value.line is not None
    assert not memory_folder(settings).exists()


def test_the_source_variant_of_the_workspace_language_is_chosen(tmp_path: Path) -> None:
    """A unit with `en` and `en-US` sources: an en_US workspace reads the en-US text, an
    en one the plain en, and a workspace of neither the first it finds."""
    data = tmx_document(
        '<tu><tuv xml:lang="en-GB"><seg>Organise the unions.</seg></tuv>'
        '<tuv xml:lang="en"><seg>Organise the unions!</seg></tuv>'
        '<tuv xml:lang="en-US"><seg>Organize the unions.</seg></tuv>'
        '<tuv xml:lang="es"><seg>Organicen los sindicatos.</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en-GB"><seg>Labour.</seg></tuv>'
        '<tuv xml:lang="en-CA"><seg>Labor.</seg></tuv>'
        '<tuv xml:lang="es"><seg>Trabajo.</seg></tuv></tu>\n'
    )

    def sources(source_language: str, languages: tuple[str, ...] = ("es",)) -> list[str]:
        units = tmx_units(data, Path("m.tmx"), source_language, languages)
        return [unit.source for unit in units if unit.language == "es"]

    assert sources("en_US") == ["Organize the unions.", "Labour."]
    assert sources("en") == ["Organise the unions!", "Labour."]
    assert sources("en_CA") == ["Organise the unions!", "Labor."]
    # A workspace translating into a regional English reads that variant as a translation.
    units = list(tmx_units(data, Path("m.tmx"), "en_US", ("en_GB",)))
    assert [(u.source, u.language, u.translation) for u in units] == [
        ("Organize the unions.", "en_GB", "Organise the unions."),
        ("Labor.", "en_GB", "Labour."),
    ]
