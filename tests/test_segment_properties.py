"""Hypothesis-generated statements: the round trip holds for any mix of constructs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from polyglot_statement.source.segment import rebuild, segment_document

_word = st.sampled_from(
    [
        "union",
        "workers",
        "Perú",
        "d’état",
        "104",
        "solidarity",
        "class",
        "**strong**",
        "*em*",
        "`code`",
        "[link](https://example.org/x)",
        "العمال",
        "congrès",
        "«quote»",
    ]
)
_inline = st.lists(_word, min_size=1, max_size=12).map(" ".join)
_newline = st.sampled_from(["\n", "\r\n"])


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            [
                "paragraph",
                "soft",
                "heading",
                "setext",
                "bullets",
                "nested",
                "ordered",
                "quote",
                "table",
                "code",
                "html",
                "rule",
                "image",
                "footnote",
            ]
        )
    )
    text = draw(_inline)
    other = draw(_inline)
    return {
        "paragraph": text,
        "soft": f"{text}\n{other}",
        "heading": f"{'#' * draw(st.integers(1, 6))} {text}",
        "setext": f"{text}\n{'=' * 5}",
        "bullets": f"- {text}\n- {other}",
        "nested": f"- {text}\n\n    - {other}",
        "ordered": f"1. {text}\n2. {other}",
        "quote": f"> {text}\n>\n> {other}",
        "table": f"| a | b |\n|---|---|\n| {text} | {other} |",
        "code": f"```\n{text}\n```",
        "html": f"<div>\n{text}\n</div>",
        "rule": "***",
        "image": f"![{text}](picture.png)",
        "footnote": f"Note[^1].\n\n[^1]: {text}",
    }[kind]


@st.composite
def _document(draw: st.DrawFn) -> str:
    newline = draw(_newline)
    blocks = draw(st.lists(_block(), min_size=1, max_size=8))
    front = ""
    if draw(st.booleans()):
        title = " ".join(
            draw(st.lists(st.sampled_from(["Solidarity", "with", "Perú", "d’état"]), min_size=1))
        )
        front = f"---\ntitle: {title}\nlayout: x\n---\n\n"
    text = front + "\n\n".join(blocks) + draw(st.sampled_from(["", "\n", "\n\n"]))
    return text.replace("\n", newline)


@settings(max_examples=200, deadline=None)
@given(_document())
def test_identity_round_trip(document: str) -> None:
    segmented = segment_document(document)
    assert rebuild(segmented, lambda segment: segment.msgid) == document


@settings(max_examples=200, deadline=None)
@given(_document())
def test_each_translation_lands_in_its_own_span(document: str) -> None:
    segmented = segment_document(document)
    translated = rebuild(segmented, lambda segment: f"({segment.msgid})")
    again = segment_document(translated)
    assert [segment.msgid for segment in again.segments] == [
        f"({segment.msgid})" for segment in segmented.segments
    ]
