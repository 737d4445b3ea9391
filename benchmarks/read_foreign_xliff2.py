"""Whether every XLIFF 2 file of another tool's test data is read or refused by line.

Reads each XLIFF 2.x file under DIR (for example Okapi's test resources, exported from
its repository into one folder) with the importer's reader, for a workspace whose
statements are the files' `original` names and whose languages are the files' own:
counts the files read (their units and targets), those refused with a `path:line:`
message (by message), and any other exception, which would be a bug.

Usage: python benchmarks/read_foreign_xliff2.py DIR
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from lxml import etree


def main() -> None:
    from polyglot_statement.exchange import xliff2
    from polyglot_statement.exchange.xliff import XliffError, _slug
    from polyglot_statement.languages import UnknownLanguage, normalise

    counts: Counter[str] = Counter()
    refusals: Counter[str] = Counter()
    for path in sorted(Path(sys.argv[1]).rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if not xliff2.is_xliff2(data):
            continue
        counts["files"] += 1
        statements: list[str] = []
        source, target = "en", "fr"
        try:  # the workspace the file is for, as far as it says
            root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
            statements = [_slug(file.get("original") or "") for file in root.iter("{*}file")]
            source = normalise(root.get("srcLang") or "en")
            target = normalise(root.get("trgLang") or "fr")
        except (etree.XMLSyntaxError, UnknownLanguage):
            pass
        try:
            files = xliff2.read_document(data, path, statements, source, [target])
        except XliffError as error:
            counts["refused by line"] += 1
            refusals[str(error).split(": ", 1)[-1][:90]] += 1
            continue
        except Exception as error:  # any other exception is the finding
            counts["crashed"] += 1
            print(f"{path}: {type(error).__name__}: {error}")
            continue
        counts["read"] += 1
        counts["units"] += sum(len(file.units) for file in files)
        counts["targets"] += sum(1 for file in files for unit in file.units if unit.target)
    print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    for message, count in refusals.most_common():
        print(f"{count:5}  {message}")


if __name__ == "__main__":
    main()
