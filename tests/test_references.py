"""Reference links survive translation: full, collapsed and shortcut, defined anywhere.

A collapsed (`[text][]`) or shortcut (`[text]`) reference finds its target through its
own text; once the text is translated the label has to come from the source. The
rebuilt document, the HTML page and `polyglot check` all resolve references against the
document's own definitions.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_blocks import python_markdown_html
from test_build import make_workspace, translate

from polyglot_statement.checks import find_problems
from polyglot_statement.config import load_settings
from polyglot_statement.publish.build import build
from polyglot_statement.source.markdown_syntax import new_parser
from polyglot_statement.source.references import (
    NO_DEFINITIONS,
    LinkDefinitions,
    keep_references,
    reference_links,
)
from polyglot_statement.source.segment import rebuild, segment_document

SOURCE = """\
---
title: Links
---

See the [Node.js website][] for details.

Read [the spec] before you start.

- Item with a [full reference][r1] and the [FAQ].
- > Quoted [Node.js Website] again, labels fold case.

The manual's ![logo][] sits inline.

[node.js website]: https://nodejs.org
> [The Spec]: https://spec.example.org "Specification"

- [R1]: https://example.org/one
- [faq]: https://example.org/faq

[logo]: https://example.org/logo.png
"""


def _definitions(text: str) -> LinkDefinitions:
    return segment_document(text).definitions


def _hrefs(html: str) -> list[str]:
    return re.findall(r'<(?:a href|img src)="([^"]*)"', html)


def _translate_link_text(msgid: str) -> str:
    """A translator who translates every text, link texts included; labels stay."""
    translated = re.sub(r"(?<!\])\[([^\]^]+)\]", lambda m: f"[{m.group(1).upper()} (ES)]", msgid)
    return translated + " (ES)"


def test_definitions_are_found_anywhere_and_fold_case() -> None:
    definitions = _definitions(SOURCE)
    assert sorted(definitions.env) == ["FAQ", "LOGO", "NODE.JS WEBSITE", "R1", "THE SPEC"]
    assert definitions.target("THE SPEC") == "https://spec.example.org"


@pytest.mark.parametrize(
    ("msgid", "translation", "expected"),
    [
        (
            "See the [Node.js website][] for details.",
            "Voir le [site web de Node.js][] pour les détails.",
            "Voir le [site web de Node.js][Node.js website] pour les détails.",
        ),
        (
            "Read [the spec] before you start.",
            "Lisez [la spécification] avant de commencer.",
            "Lisez [la spécification][the spec] avant de commencer.",
        ),
        (  # a full reference keeps its label: nothing to do
            "A [full reference][r1].",
            "Une [référence complète][r1].",
            "Une [référence complète][r1].",
        ),
        (  # an inline image written as a collapsed reference
            "The ![logo][] inline.",
            "Le ![logotipo][] en ligne.",
            "Le ![logotipo][logo] en ligne.",
        ),
        (  # brackets the source has as text are not a link to repair
            "Read [the spec] [sic].",
            "Lisez [la spéc] [sic].",
            "Lisez [la spéc][the spec] [sic].",
        ),
        (  # two references to one target: any pairing is right
            "[FAQ] and [faq] again.",
            "[PF] y [pf] otra vez.",
            "[PF][FAQ] y [pf][faq] otra vez.",
        ),
        (  # two references to different targets: paired by order (the check warns)
            "[FAQ] and [the spec].",
            "[PF] et [la spéc].",
            "[PF][FAQ] et [la spéc][the spec].",
        ),
        (  # a link more or less than the source: nothing is guessed (the check errs)
            "[FAQ] and [the spec].",
            "[PF], [la spéc] et [autre].",
            "[PF], [la spéc] et [autre].",
        ),
        (  # a footnote reference is no link
            "Note[^1] and [FAQ].",
            "Nota[^1] y [PF].",
            "Nota[^1] y [PF][FAQ].",
        ),
        (  # code spans hold no links
            "Use `[FAQ]` and [FAQ].",
            "Usa `[FAQ]` y [PF].",
            "Usa `[FAQ]` y [PF][FAQ].",
        ),
    ],
)
def test_keep_references(msgid: str, translation: str, expected: str) -> None:
    assert keep_references(msgid, translation, _definitions(SOURCE)) == expected


def test_without_definitions_nothing_changes() -> None:
    text = "Lisez [la spécification] avant."
    assert keep_references("Read [the spec] before.", text, NO_DEFINITIONS) == text


def test_reference_links_are_what_markdown_it_links() -> None:
    text = "A [b][c], [d][], [e], [f](g), ![h][], `[i]`, \\[j], [^k], [l-m], [*n* o][]."
    links = reference_links(text)
    assert [(link.written_label, link.explicit) for link in links] == [
        ("c", True),
        ("d", False),
        ("e", False),
        ("h", False),
        ("l-m", False),
        ("*n* o", False),
    ]
    # A badge: an image reference inside a link reference, each with its own label.
    nested = reference_links("[![Build][badge]][build] x")
    assert [(link.written_label, link.start) for link in nested] == [("build", 0), ("badge", 1)]


def test_translated_edition_links_to_the_source_targets(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", SOURCE, languages=("es",))
    translate(root, "es", _translate_link_text)
    assert [f for f in find_problems(load_settings(root)) if f.check_id == "markdown"] == []
    build(load_settings(root), formats=("html", "md"), allow_partial=True)
    source_links = _hrefs(new_parser().render(SOURCE))
    assert len(source_links) == 6
    page = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    main = page.split("<main>", 1)[1].split("</header>", 1)[1].split("</main>", 1)[0]
    assert "fallback" not in main
    assert _hrefs(main) == source_links
    translated = (root / "dist" / "es" / "statement.md").read_text(encoding="utf-8")
    assert "[NODE.JS WEBSITE (ES)][Node.js website]" in translated
    assert _hrefs(new_parser().render(translated)) == source_links
    # Python-Markdown reads definitions at the top level only; where it reads the source's
    # links, it reads the translation's too.
    top_level = [href for href in _hrefs(python_markdown_html(SOURCE)) if href]
    assert [href for href in _hrefs(python_markdown_html(translated)) if href] == top_level


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("Lisez [le rapport][r2] maintenant.", r"\[le rapport\]\[r2\] matches no link definition"),
        ("Lisez le rapport maintenant.", r"0 link\(s\) where the source has 1"),
        ("Lisez [le rapport](https://example.org/two).", r"link target .*one of the source"),
    ],
    ids=["label changed", "brackets lost", "other target"],
)
def test_check_reports_a_broken_reference_at_its_po_line(
    tmp_path: Path, translation: str, message: str
) -> None:
    source = "Read [the report][r1] now.\n\n[r1]: https://example.org/one\n"
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    translate(root, "es", lambda msgid: translation)
    findings = [f for f in find_problems(load_settings(root)) if f.check_id == "markdown"]
    (finding,) = [f for f in findings if re.search(message, f.message)]
    po = load_settings(root).catalog_path("es", "statement").read_text(encoding="utf-8")
    assert po.splitlines()[finding.line - 1].startswith("msgstr")
    assert "Lisez" in po.splitlines()[finding.line - 1]


TWO_TARGETS = (
    "See [the FAQ] and [the spec].\n\n[the faq]: https://example.org/faq\n"
    "[the spec]: https://example.org/spec\n"
)


def test_check_warns_where_order_decides_between_targets(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", TWO_TARGETS, languages=("es",))
    translate(root, "es", lambda msgid: "Ver [la especificación] y [las preguntas].")
    findings = [f for f in find_problems(load_settings(root)) if f.check_id.startswith("ref")]
    assert [(f.check_id, f.severity) for f in findings] == [("reference-order", "warning")]
    assert findings[0].message.startswith(
        "published as [la especificación][the FAQ], [las preguntas][the spec]"
    )
    # With the labels written out, the same translation is right, and nothing is said.
    translate(
        root,
        "es",
        lambda msgid: "Ver [la especificación][the spec] y [las preguntas][the FAQ].",
    )
    assert [f for f in find_problems(load_settings(root)) if f.check_id != "numbers"] == []
    build(load_settings(root), formats=("html",))
    page = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert _hrefs(page.split("<main>", 1)[1].split("</header>", 1)[1].split("</main>", 1)[0]) == [
        "https://example.org/spec",
        "https://example.org/faq",
    ]


def test_check_names_the_labels_when_nothing_can_be_paired(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "ws", TWO_TARGETS, languages=("es",))
    translate(root, "es", lambda msgid: "Ver [la especificación], [las preguntas] y [más].")
    findings = [f for f in find_problems(load_settings(root)) if f.check_id == "markdown"]
    assert [f.message.split(" matches")[0] for f in findings] == [
        "[la especificación]",
        "[las preguntas]",
        "[más]",
    ]
    assert "([the FAQ], [the spec])" in findings[0].message
    # Published in the source language, with the source's links.
    build(load_settings(root), formats=("html",), allow_partial=True)
    page = (root / "dist" / "es" / "statement.html").read_text(encoding="utf-8")
    assert _hrefs(page.split("<main>", 1)[1].split("</header>", 1)[1].split("</main>", 1)[0]) == [
        "https://example.org/faq",
        "https://example.org/spec",
    ]


def test_a_repaired_reference_is_no_finding(tmp_path: Path) -> None:
    source = "See the [Node.js website][] for details.\n\n[node.js website]: https://nodejs.org\n"
    root = make_workspace(tmp_path / "ws", source, languages=("es",))
    translate(root, "es", lambda msgid: "Vea el [sitio web de Node.js][] para más detalles.")
    assert [f for f in find_problems(load_settings(root)) if f.check_id == "markdown"] == []


def test_rebuild_keeps_the_label_in_every_kind_of_segment() -> None:
    text = (
        "# About [the spec]\n\n| Col |\n|---|\n| see [the spec] |\n\n"
        "Footnote[^n].\n\n[^n]: In [the spec].\n\n[the spec]: /spec\n"
    )
    document = segment_document(text)
    rebuilt = rebuild(document, lambda s: s.msgid.replace("the spec", "la spéc"))
    assert rebuilt.count("[la spéc][the spec]") == 3
    assert _hrefs(new_parser().render(rebuilt)).count("/spec") == 3


def test_front_matter_is_text_not_a_reference() -> None:
    text = "---\ntitle: The [spec] explained\n---\n\nRead [the spec].\n\n[the spec]: /spec\n"
    document = segment_document(text)
    rebuilt = rebuild(document, lambda s: s.msgid.replace("spec", "spéc"))
    assert 'title: "The [spéc] explained"' in rebuilt
    assert "Read [the spéc][the spec]." in rebuilt
