"""One readiness: `polyglot status` and `polyglot build` count the same words on the same
units and give the same verdict, also when a segment occurs more than once."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from cli_runner import polyglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polyglot_statement.config import Settings, load_settings
from polyglot_statement.po import MACHINE_COMMENT_PREFIX, format_po, read_po
from polyglot_statement.publish.build import build
from polyglot_statement.publish.readiness import word_count
from polyglot_statement.source.extract import extract
from polyglot_statement.status.compute import compute_status

TITLE = "Solidarity with the workers of Peru"
SENTENCES = (
    "The dockworkers stop work on Friday.",
    "We demand the release of every detained trade unionist in the country.",
    "Solidarity.",
    "The strike is supported by the members who took part in the ballot this week.",
    "Send messages of support to the federation.",
    "Workers of the world, unite!",
)
STATES = ("approved", "fuzzy", "machine", "empty")


def workspace(root: Path, body: str, min_percent: float, required: str = "") -> Settings:
    root.mkdir(parents=True, exist_ok=True)
    (root / "polyglot.toml").write_text(
        'source-language = "en"\nlanguages = ["es", "fr"]\n'
        'front-matter-fields = ["title", "summary"]\n'
        f"[publish]\nmin-percent = {min_percent}\n{required}",
        encoding="utf-8",
    )
    (root / "source").mkdir(exist_ok=True)
    (root / "source" / "statement.md").write_text(body, encoding="utf-8")
    loaded = load_settings(root)
    extract(loaded)
    return loaded


def set_states(loaded: Settings, language: str, states: dict[str, str]) -> None:
    path = loaded.catalog_path(language, "statement")
    catalog = read_po(path)
    for entry in catalog.active:
        state = states.get(entry.msgid, "empty")
        entry.msgstr = "" if state == "empty" else entry.msgid.upper()
        entry.set_fuzzy(state in ("fuzzy", "machine"))
        if state == "machine":
            entry.translator_comments = [f"{MACHINE_COMMENT_PREFIX} pseudo"]
    path.write_bytes(format_po(catalog))


def assert_status_is_build(loaded: Settings) -> None:
    report = compute_status(loaded, checks="auto", use_cache=False)
    build(loaded, formats=["md"])
    manifest = json.loads((loaded.output_path / "manifest.json").read_text(encoding="utf-8"))
    records = {(item["statement"], item["language"]): item for item in manifest["editions"]}
    records.update({(item["statement"], item["language"]): item for item in manifest["skipped"]})
    for language in report.languages:
        for edition in language.editions:
            record = records[(edition.statement, edition.language)]
            assert edition.words.total == record["words"]
            assert edition.words.approved == record["approved_words"]
            assert round(edition.percent_approved, 2) == record["percent_approved"]
            assert edition.publishable == (record in manifest["editions"])
            assert list(edition.reasons) == record.get("reasons", [])


def test_a_title_repeated_as_a_heading_counts_once_in_status_and_build(tmp_path: Path) -> None:
    a, b = SENTENCES[1], SENTENCES[3]
    body = f"---\ntitle: {TITLE}\n---\n\n# {TITLE}\n\n{a}\n\n{b}\n"
    # Counted per occurrence, the approved share would be 24 / 39 = 61.5 %; per segment
    # (one catalogue entry each) it is 18 / 33 = 54.5 %: under 58, not publishable.
    loaded = workspace(tmp_path / "ws", body, min_percent=58)
    set_states(loaded, "es", {TITLE: "approved", a: "approved"})
    set_states(loaded, "fr", {TITLE: "approved", a: "approved", b: "approved"})
    (spanish, french) = compute_status(loaded, checks="none").languages
    words = word_count(TITLE) + word_count(a)
    assert (spanish.words.approved, spanish.words.total) == (words, words + word_count(b))
    assert round(spanish.percent_approved, 1) == 54.5 and not spanish.publishable
    assert french.publishable and french.percent_approved == 100.0
    assert_status_is_build(loaded)
    result = polyglot(tmp_path / "ws", "build")
    assert "skipped   es     statement: 54.5% of words approved, 58% required" in result.output
    result = polyglot(tmp_path / "ws", "status")
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("es ")]
    assert " 54.5 " in row and row.endswith("not publishable")


@st.composite
def statements(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A statement whose blocks repeat: the title as a heading, paragraphs, list items."""
    blocks: list[str] = []
    msgids = [TITLE]
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(("paragraph", "heading", "item", "title", "quote")))
        text = draw(st.sampled_from(SENTENCES))
        if kind == "title":
            blocks.append(f"## {TITLE}")
            continue
        msgids.append(text)
        blocks.append(
            {
                "paragraph": text,
                "heading": f"### {text}",
                "item": f"- {text}",
                "quote": f"> {text}",
            }[kind]
        )
    summary = draw(st.sampled_from(("", *SENTENCES)))
    front = f"title: {TITLE}\n" + (f"summary: {summary}\n" if summary else "")
    if summary:
        msgids.append(summary)
    return f"---\n{front}---\n\n" + "\n\n".join(blocks) + "\n", sorted(set(msgids))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    statement=statements(),
    # Mostly approved, so that many editions sit near the rule and both verdicts occur.
    states=st.lists(st.sampled_from(("approved",) * 5 + STATES[1:]), min_size=16, max_size=16),
    min_percent=st.sampled_from((0, 30, 50, 57.5, 58, 60, 75, 90, 100)),
    required=st.sampled_from(("", 'required-segments = ["summary"]\n')),
)
def test_status_and_build_agree_on_generated_workspaces(
    statement: tuple[str, list[str]], states: list[str], min_percent: float, required: str
) -> None:
    body, msgids = statement
    with tempfile.TemporaryDirectory() as folder:
        loaded = workspace(Path(folder) / "ws", body, min_percent, required)
        set_states(loaded, "es", dict(zip(msgids, states, strict=False)))
        set_states(loaded, "fr", dict(zip(msgids, reversed(states), strict=False)))
        assert_status_is_build(loaded)


def test_a_catalogue_behind_its_source_is_judged_on_the_source(tmp_path: Path) -> None:
    """A paragraph added since the last extract is untranslated for both commands; a text
    that left the source is counted apart, as obsolete, by status and by no verdict."""
    a, b, c = SENTENCES[1], SENTENCES[3], SENTENCES[4]
    root = tmp_path / "ws"
    loaded = workspace(root, f"---\ntitle: {TITLE}\n---\n\n{a}\n\n{b}\n", min_percent=50)
    set_states(loaded, "es", {TITLE: "approved", a: "approved", b: "approved"})
    (root / "source" / "statement.md").write_text(
        f"---\ntitle: {TITLE}\n---\n\n{a}\n\n{c}\n", encoding="utf-8"
    )
    (spanish, _) = compute_status(loaded, checks="none").languages
    assert spanish.words.untranslated == word_count(c)
    assert spanish.words.obsolete == word_count(b)
    assert spanish.segments.total == 3
    assert_status_is_build(loaded)


def test_partial_editions_have_a_floor_and_need_their_title(tmp_path: Path) -> None:
    from polyglot_statement.po import parse_po
    from polyglot_statement.publish.readiness import UNTRANSLATED_TITLE_REASON, readiness
    from polyglot_statement.source import read_statement

    body = "---\ntitle: The title\n---\n\none two three four five six seven eight nine\n"
    settings = workspace(tmp_path / "ws", body, 100)
    statement = read_statement(settings, settings.source_path / "statement.md")
    text = "one two three four five six seven eight nine"

    def verdict(*approved: str):  # type: ignore[no-untyped-def]
        entries = "".join(f'\nmsgid "{msgid}"\nmsgstr "[{msgid}]"\n' for msgid in approved)
        header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'
        catalog = parse_po((header + entries).encode("utf-8"))
        return readiness(settings, statement, "es", catalog)

    title_only = verdict("The title")
    assert title_only.title_approved
    (refusal,) = title_only.partial_refusals
    assert "18.2% of words approved, below the 50% a partial edition needs" in refusal
    body_only = verdict(text)
    assert body_only.percent_approved > 50
    assert body_only.partial_refusals == (UNTRANSLATED_TITLE_REASON,)
    assert verdict("The title", text).partial_refusals == ()
