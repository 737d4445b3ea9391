"""Round trips through other producers' files: what comes back into the catalogues is the
edit and nothing else.

On a generated workspace (make_corpus.py: Markdown with bold, emphasis, links, code,
footnotes, images, HTML; catalogues with approved, fuzzy, machine and empty entries), for
each producer:

- `polyglot`: our XLIFF export; a CAT tool translates every empty unit, moving nothing
  but text (its tags kept), state="translated";
- `po2xliff`: translate-toolkit's po2xliff of each catalogue, the Markdown as text; the
  tool types the translation as Markdown text, approved="yes";
- `csv`: po2csv for a spreadsheet, the empty cells filled, csv2po --unescape-formulas
  back against the catalogue (without it, csv2po keeps the quote po2csv put before a
  translation that starts like a formula, `'+6.0%`), po2xliff of that;

- `openxliff` (only with `--openxliff DIR`, a built OpenXLIFF Filters: DIR/lib holds
  openxliff.jar and the jars of its repository; Java 21 or later, `--java`): its PO
  filter (`com.maxprograms.converters.Convert -type PO -embed`) of each catalogue, whose
  texts are the .po's string literals as they stand; the tool types the translation in
  that form (the .po's escapes), approved="yes". OpenXLIFF is built from its repository
  with javac alone (`javac --release 21 --module-path lib -d bin $(find src -name
  '*.java')`, its resources copied, `jar --create --file lib/openxliff.jar -C bin .`);
  CI has no build of it, so tests/test_exchange_openxliff.py imports its output checked
  in;

- `okapi` (only with `--tikal CMD`, Okapi's Tikal or a command taking its options:
  `CMD -x FILE.po -sl en -tl LANG -od DIR` writes DIR/FILE.po.xlf): Tikal's extraction
  of each catalogue, whose texts are the .po's strings as they stand, with `<x/>` for
  printf's `%s`, `{1}` and `\\n`, and the source copied into every empty target; the
  tool types the translation over the copy in that form (the .po's escapes, each code
  where its text is), approved="yes", for four of each five empty entries: the fifth
  keeps Tikal's copy of its source, which must leave the entry untranslated. Tikal
  builds only with Maven; built with javac (tests/data/foreign/okapi-from-our-po/
  README.md), it is no part of CI, so tests/test_exchange_okapi.py imports its output
  checked in;

then `polyglot import`. The simulated translation of a segment is its source with the
text upper-cased and the markup kept (inline/split.py's `map_text`), so the expected
msgstr of every edited entry is known in advance. Each catalogue after the import is
compared with the catalogue before, entry by entry:

- lost: an entry gone, or a translation emptied;
- changed beyond the edit: an entry not edited whose text, state or comments changed,
  or an edited one whose msgstr is not the expected one (or not approved);
- and the bytes: the catalogue must be exactly the one before with the edits applied by
  the library's own writer (`git diff` shows only the new translations).

Target: 0 lost, 0 changed beyond the edit, every catalogue byte-identical to expected.

Usage: python benchmarks/roundtrip_producers.py [--statements 20] [--languages 3]
       [--openxliff DIR [--java PATH]] [--tikal CMD]
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.exchange import export_xliff, import_xliff
from polyglot_statement.exchange.okapi import OkapiEntries, code_key
from polyglot_statement.exchange.xliff import exportable
from polyglot_statement.inline import from_xml, map_text, to_xml, xliff_parts
from polyglot_statement.po import APPROVED, Catalog, Entry, format_po, parse_po, read_po
from polyglot_statement.po.parser import unescape
from polyglot_statement.po.wrap import escape
from polyglot_statement.source import is_plain_text

HERE = Path(__file__).resolve().parent
_FORMULA_STARTS = frozenset("+-=@")  # translate-toolkit's csvl10n.spreadsheetescapes
_ESCAPED = frozenset(f"'{start}" for start in _FORMULA_STARTS)
WORK = HERE / "work" / "roundtrip"


def translated(msgid: str) -> str:
    """The simulated translation: the text upper-cased, the markup as it is."""
    conversion = to_xml(msgid)
    return from_xml(map_text(conversion.xml, str.upper), conversion).text


@dataclass(slots=True)
class Tally:
    producer: str
    catalogues: int = 0
    edits: int = 0
    imported: int = 0
    not_imported: int = 0
    lost: int = 0
    changed_beyond: int = 0
    byte_identical: int = 0
    seconds: float = 0.0
    examples: list[str] = field(default_factory=list)


def _key(entry: Entry) -> tuple[object, ...]:
    return (
        entry.msgstr,
        entry.state,
        tuple(entry.translator_comments),
        entry.previous_msgid,
        entry.obsolete,
    )


def expected_catalogue(before: bytes, edits: dict[str, str]) -> bytes:
    catalog = parse_po(before)
    for entry in catalog.active:
        if entry.msgid in edits:
            entry.msgstr = edits[entry.msgid]
            entry.set_fuzzy(False)
    return format_po(catalog)


def compare(tally: Tally, path: Path, before: bytes, edits: dict[str, str]) -> None:
    after_bytes = path.read_bytes()
    old, new = parse_po(before), parse_po(after_bytes)
    new_by_id: dict[tuple[str | None, str, bool], Entry] = {
        (entry.msgctxt, entry.msgid, entry.obsolete): entry for entry in new.entries
    }
    for entry in old.entries:
        found = new_by_id.get((entry.msgctxt, entry.msgid, entry.obsolete))
        if found is None or (entry.msgstr and not found.msgstr):
            tally.lost += 1
            tally.examples.append(f"lost: {path.name}: {entry.msgid[:60]!r}")
            continue
        if not entry.obsolete and entry.msgid in edits:
            if (found.msgstr, found.state) != (edits[entry.msgid], APPROVED):
                tally.changed_beyond += 1
                tally.examples.append(
                    f"edit differs: {path.name}: {found.msgstr[:70]!r} "
                    f"expected {edits[entry.msgid][:70]!r}"
                )
        elif _key(found) != _key(entry):
            tally.changed_beyond += 1
            tally.examples.append(f"changed: {path.name}: {entry.msgid[:60]!r}")
    if after_bytes == expected_catalogue(before, edits):
        tally.byte_identical += 1


def edits_for(catalog: Catalog) -> dict[str, str]:
    """The entries a tool fills: the untranslated ones."""
    return {
        # A front-matter value is plain text, in the XLIFF export too: all of it upper-cased.
        entry.msgid: entry.msgid.upper() if is_plain_text(entry) else translated(entry.msgid)
        for entry in catalog.active
        if not entry.msgstr and entry.msgid and entry.msgid_plural is None
    }


def fill_xliff(
    path: Path, texts: Callable[[etree._Element], str | None], **attributes: str
) -> None:
    tree = etree.parse(str(path))
    for unit in tree.iter("{*}trans-unit"):
        target = unit.find("{*}target")
        if target is None or "".join(target.itertext()):
            continue
        text = texts(unit)
        if text is None:
            continue
        target.text = text
        for name, value in attributes.items():
            (target if name == "state" else unit).set(name, value)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def with_tags(unit: etree._Element) -> str | None:
    """Our export: the source's content with its text upper-cased, tags kept in place
    (a placeholder's native code is not text)."""
    source = unit.find("{*}source")
    target = unit.find("{*}target")
    target.text = (source.text or "").upper()
    for child in source:
        copy = deepcopy(child)
        for node in copy.iter():
            if etree.QName(node).localname == "g" and node.text:
                node.text = node.text.upper()
            if node is not copy and node.tail:
                node.tail = node.tail.upper()
        copy.tail = (child.tail or "").upper()
        target.append(copy)
    target.set("state", "translated")
    return None  # written here, not by fill_xliff


def convert(tool: str, *args: str | Path) -> None:
    subprocess.run(
        [sys.executable, "-m", f"translate.convert.{tool}", *map(str, args)],
        check=True,
        capture_output=True,
    )


def po_literal(text: str) -> str:
    """A text as a .po string literal holds it (what OpenXLIFF's PO filter shows)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return escaped.replace("\n", "\\n").replace("\t", "\\t")


def openxliff(openxliff_home: Path, java: str, catalogue: Path, language: str, out: Path) -> None:
    subprocess.run(
        [
            java,
            "--module-path",
            str(openxliff_home / "lib"),
            "-m",
            "openxliff/com.maxprograms.converters.Convert",
            *("-file", str(catalogue), "-srcLang", "en", "-tgtLang", language, "-type", "PO"),
            *("-xliff", str(out), "-embed", "-srx", str(openxliff_home / "srx" / "default.srx")),
            *("-catalog", str(openxliff_home / "catalog" / "catalog.xml")),
        ],
        check=True,
        capture_output=True,
    )


def fill_openxliff(path: Path, edits: dict[str, str]) -> None:
    """The translator's save: each unit whose source (a .po literal, its wraps new lines)
    is an edited msgid gets the translation as a .po literal, approved="yes"."""
    tree = etree.parse(str(path))
    for unit in tree.iter("{*}trans-unit"):
        source = unescape("".join(unit.find("{*}source").itertext()).replace("\n", ""))
        if source not in edits or unit.find("{*}target") is not None:
            continue
        target = etree.Element(etree.QName(unit, "target"))
        target.text = po_literal(edits[source])
        unit.find("{*}source").addnext(target)
        unit.set("approved", "yes")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def fill_okapi(path: Path, catalogue: Path, edits: dict[str, str]) -> None:
    """The translator's save of Tikal's file: each unit whose entry (found as the
    importer finds it) is an edited msgid gets the translation as the .po's string, each
    of the source's codes put where its text stands, approved="yes"."""
    okapi = OkapiEntries([entry for entry in read_po(catalogue).entries if exportable(entry)])
    tree = etree.parse(str(path))
    for unit in tree.iter("{*}trans-unit"):
        source = unit.find("{*}source")
        found = okapi.match(xliff_parts(source), unit.get("resname") or "")
        if found is None or found[0].msgid not in edits:
            continue
        entry, codes = found
        target = unit.find("{*}target")
        for child in list(target):
            target.remove(child)
        literal, target.text, last = escape(edits[entry.msgid]), "", None
        for code in source:
            native = codes[code_key(xliff_parts(_alone(code))[0])]
            before, found_it, literal = literal.partition(native)
            if not found_it:  # the code's text is not in the translation: typed as text
                literal = before
                continue
            if last is None:
                target.text += before
            else:
                last.tail = before
            last = etree.SubElement(target, code.tag, id=code.get("id"))
        if last is None:
            target.text += literal
        else:
            last.tail = literal
        unit.set("approved", "yes")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _alone(code: etree._Element) -> etree._Element:
    """A <source> holding only this code, to read it as the importer reads codes."""
    holder = etree.Element(etree.QName(code.getparent()).text)
    holder.append(deepcopy(code))
    holder[0].tail = None
    return holder


def tikal(command: str, catalogue: Path, language: str, out: Path) -> None:
    subprocess.run(
        [command, "-x", str(catalogue), "-sl", "en", "-tl", language, "-od", str(out)],
        check=True,
        capture_output=True,
    )


def run_producer(
    producer: str,
    corpus: Path,
    openxliff_home: Path | None = None,
    java: str = "java",
    tikal_command: str | None = None,
) -> Tally:
    workspace = WORK / producer
    if workspace.exists():
        shutil.rmtree(workspace)
    shutil.copytree(corpus, workspace, ignore=shutil.ignore_patterns(".polyglot", "dist"))
    settings: Settings = load_settings(workspace)
    tally = Tally(producer)
    befores: dict[Path, tuple[bytes, dict[str, str]]] = {}
    for path in sorted(settings.locales_path.glob("*/LC_MESSAGES/*.po")):
        if path.parent.parent.name not in settings.languages:
            continue
        data = path.read_bytes()
        edits = edits_for(parse_po(data))
        if producer == "okapi":
            # Every fifth left undone: Tikal's copy of its source stays, unconfirmed, in
            # the target, and must leave the entry untranslated.
            edits = {msgid: text for index, (msgid, text) in enumerate(edits.items()) if index % 5}
        befores[path] = (data, edits)
    files: list[Path] = []
    exchange = workspace / "exchange"
    exchange.mkdir()
    started = time.perf_counter()
    if producer == "polyglot":
        for document in export_xliff(settings, (), (), exchange).documents:
            fill_xliff(document.path, with_tags)
            files.append(document.path)
    else:
        for path, (_, edits) in befores.items():
            name = f"{path.stem}.{path.parent.parent.name}"
            catalogue = path
            if producer == "csv":
                sheet = exchange / f"{name}.csv"
                convert("po2csv", path, sheet)
                rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8"))))
                for row in rows:
                    # po2csv escapes what starts like a formula with a quote, as a
                    # spreadsheet shows it; the translator's cell is written the same way.
                    shown = row[1][1:] if row[1][:2] in _ESCAPED else row[1]
                    if len(row) >= 3 and not row[2] and shown in edits:
                        typed = edits[shown]
                        row[2] = f"'{typed}" if typed[:1] in _FORMULA_STARTS else typed
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerows(rows)
                sheet.write_text(out.getvalue(), encoding="utf-8")
                catalogue = exchange / f"{name}.po"
                convert("csv2po", "--unescape-formulas", "-t", path, sheet, catalogue)
            xliff = exchange / f"{name}.xlf"
            if producer == "okapi":
                assert tikal_command is not None
                folder = exchange / name
                folder.mkdir()
                tikal(tikal_command, catalogue, path.parent.parent.name, folder)
                xliff = folder / f"{path.name}.xlf"
                fill_okapi(xliff, catalogue, edits)
                files.append(xliff)
                continue
            if producer == "openxliff":
                assert openxliff_home is not None
                openxliff(openxliff_home, java, catalogue, path.parent.parent.name, xliff)
                fill_openxliff(xliff, edits)
                files.append(xliff)
                continue
            convert("po2xliff", catalogue, xliff)
            if producer == "po2xliff":

                def typed(unit: etree._Element, edits: dict[str, str] = edits) -> str | None:
                    return edits.get("".join(unit.find("{*}source").itertext()))

                fill_xliff(xliff, typed, approved="yes", state="translated")
            files.append(xliff)
    result = import_xliff(settings, files)
    tally.seconds = time.perf_counter() - started
    tally.not_imported = len(result.not_imported)
    tally.imported = sum(
        1 for item in result.imports for outcome in item.outcomes if outcome.status == "imported"
    )
    for path, (before, edits) in befores.items():
        tally.catalogues += 1
        tally.edits += len(edits)
        compare(tally, path, before, edits)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=20)
    parser.add_argument("--languages", type=int, default=3)
    parser.add_argument("--openxliff", type=Path, help="a built OpenXLIFF Filters folder")
    parser.add_argument("--java", default="java", help="Java 21 or later, for --openxliff")
    parser.add_argument("--tikal", help="Okapi's Tikal (its -x options)")
    arguments = parser.parse_args()
    corpus = WORK / "corpus"
    subprocess.run(
        [
            sys.executable,
            str(HERE / "make_corpus.py"),
            "--statements",
            str(arguments.statements),
            "--languages",
            str(arguments.languages),
            "--out",
            str(corpus),
        ],
        check=True,
        capture_output=True,
    )
    total_entries = sum(
        len(read_po(path).active) for path in corpus.glob("locales/*/LC_MESSAGES/*.po")
    )
    print(
        f"corpus: {arguments.statements} statements × {arguments.languages} languages, "
        f"{total_entries} entries"
    )
    print(
        "producer   catalogues  edits  imported  not imported  lost  changed beyond  "
        "byte-identical  seconds"
    )
    producers = ["polyglot", "po2xliff", "csv"] + (["openxliff"] if arguments.openxliff else [])
    producers += ["okapi"] if arguments.tikal else []
    for producer in producers:
        tally = run_producer(producer, corpus, arguments.openxliff, arguments.java, arguments.tikal)
        print(
            f"{tally.producer:<10} {tally.catalogues:>10} {tally.edits:>6} {tally.imported:>9} "
            f"{tally.not_imported:>13} {tally.lost:>5} {tally.changed_beyond:>15} "
            f"{tally.byte_identical:>15} {tally.seconds:>8.1f}"
        )
        for example in tally.examples[:5]:
            print(f"    {example}")


if __name__ == "__main__":
    main()
