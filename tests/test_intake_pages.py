"""`polyglot new` on saved web pages nobody here wrote, for the classes of site chrome
and lost text that benchmarks/intake_bench.py found: each test is a real page (or a real
page cut down to the part in question) from the test sets of trafilatura and readability
(tests/data/intake/pages/README.md lists them with their licences).
"""

from __future__ import annotations

from pathlib import Path

from polyglot_statement.config import load_settings
from polyglot_statement.intake import new_statement
from polyglot_statement.intake.result import NewStatement

PAGES = Path(__file__).parent / "data" / "intake" / "pages"


def _new(workspace: Path, name: str) -> NewStatement:
    return new_statement(load_settings(workspace), PAGES / name, slug="case", dry_run=True)


def test_table_layout_site_is_not_read_whole_as_a_document(workspace: Path) -> None:
    # A party group's press page laid out in tables and divs, without <nav>, <header> or
    # <footer>: its body once passed for a document's export and came in whole, menus
    # and five teasers included.
    result = _new(workspace, "cdu-fraktion-erfurt.html")
    assert "Ein positives Signal gab es diese Woche für die Waldorfschule" in result.body
    assert "Die CDU-Fraktion setzt sich seit langem" in result.body
    assert "Mit Befremden nimmt CDU-Fraktionschef" not in result.body  # a teaser
    assert "weiter lesen" not in result.body


def test_alt_text_of_the_sites_images_is_not_text(workspace: Path) -> None:
    # The same page's slider: eleven pictures whose alt texts are the teasers' titles,
    # glued into one paragraph of the statement before.
    result = _new(workspace, "cdu-fraktion-erfurt.html")
    assert "Elefantengedächtnis" not in result.body
    assert "Kindergipfels" not in result.body
    assert any(
        item.reason.startswith("images on the site") and item.count >= 10 for item in result.dropped
    )


def test_alt_text_that_is_the_pictures_caption_stays(workspace: Path) -> None:
    # netzpolitik.org's WordPress figures: trafilatura keeps the <img> and its alt text,
    # not the <figcaption>; where the page shows the alt text as the caption, it is text.
    result = _new(workspace, "netzpolitik-figures.html")
    assert "\nDer Anwalt ist beeindruckt von seinem Mandanten.\n" in result.body
    assert "\nFirmen- und Beziehungsgeflecht der Cider Connection. Zum Vergrößern" in result.body
