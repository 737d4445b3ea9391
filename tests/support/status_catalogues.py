"""Generated gettext catalogues with every feature a foreign file may have, for status tests.

Plural entries, msgctxt, obsolete entries (with previous msgids), multi-line strings,
escapes, translator and machine comments, a fuzzy header, in a hand-written layout that
is not gettext's own wrapping. Every state is present. Plural entries are either fully
translated or fully empty: for a plural entry with some forms empty, msgfmt looks only at
msgstr[0] while polyglot requires every form (see docs/translators.md).
"""

from __future__ import annotations

import random

from polyglot_statement.po import MACHINE_COMMENT_PREFIX

WORDS = (
    "workers", "union", "strike", "solidarity", "wages", "the", "of", "and", "Peru", "d’état",
    "anti-democratic", "7.5", "«quoted»", "naïve", "Straße", "тред-юнион", "工会", "نقابة",
)  # fmt: skip
ESCAPES = ('\\"', "\\n", "\\t", "\\\\")


def _text(rng: random.Random, low: int = 1, high: int = 14) -> str:
    """Source or translation text in PO-escaped form (what goes between the quotes)."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 1 and rng.random() < 0.25:
        # Inside the text only: msgfmt refuses a msgid and msgstr that do not both begin
        # (or end) with a newline.
        words.insert(rng.randrange(1, len(words)), rng.choice(ESCAPES))
    return " ".join(words)


def _field(rng: random.Random, keyword: str, text: str, prefix: str = "") -> list[str]:
    """One keyword with its string, sometimes split over several lines as editors do."""
    if text and rng.random() < 0.35:
        cut = sorted({rng.randrange(len(text) + 1) for _ in range(rng.randint(1, 3))})
        pieces, start = [], 0
        for point in cut:
            # Never split inside an escape sequence.
            while 0 < point < len(text) and text[point - 1] == "\\":
                point += 1
            pieces.append(text[start:point])
            start = point
        pieces.append(text[start:])
        lines = [f'{prefix}{keyword} ""']
        lines += [f'{prefix}"{piece}"' for piece in pieces if piece]
        return lines
    return [f'{prefix}{keyword} "{text}"']


def make_catalogue(rng: random.Random, entries: int = 40) -> str:
    lines = ["# A catalogue made by hand, not by polyglot.", "#"]
    if rng.random() < 0.3:
        lines.append("#, fuzzy")
    lines += [
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: foreign 1.0\\n"',
        '"Language: fr\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
        "",
    ]
    seen: set[tuple[str | None, str]] = set()
    for number in range(entries):
        msgid = f"{_text(rng)} {number}"
        context = f"context {rng.randint(1, 3)}" if rng.random() < 0.15 else None
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        state = rng.choice(("approved", "approved", "machine", "review", "empty", "fuzzy-empty"))
        block: list[str] = []
        if state == "machine":
            block.append(f"# {MACHINE_COMMENT_PREFIX} deepl")
        if rng.random() < 0.2:
            block.append("# polyglot: ignore numbers")
        block.append(f"#. paragraph {number}")
        block.append(f"#: source/foreign.md:{number + 3}")
        if state in ("machine", "review", "fuzzy-empty"):
            block.append("#, fuzzy" if rng.random() < 0.7 else "#, fuzzy, python-format")
        elif rng.random() < 0.1:
            block.append("#, no-wrap")
        if state == "review" and rng.random() < 0.5:
            block += _field(rng, "msgid", _text(rng), prefix="#| ")
        if context is not None:
            block += _field(rng, "msgctxt", context)
        translated = state in ("approved", "machine", "review")
        if rng.random() < 0.15:
            block += _field(rng, "msgid", msgid)
            block += _field(rng, "msgid_plural", f"{msgid} (plural)")
            for index in range(2):
                block += _field(rng, f"msgstr[{index}]", _text(rng) if translated else "")
        else:
            block += _field(rng, "msgid", msgid)
            block += _field(rng, "msgstr", _text(rng) if translated else "")
        lines += [*block, ""]
    for number in range(rng.randint(0, 4)):
        block = ["# kept from an earlier version"] if rng.random() < 0.5 else []
        if rng.random() < 0.3:
            block.append("#, fuzzy")
        if rng.random() < 0.3:
            block += _field(rng, "msgid", _text(rng), prefix="#~| ")
        block += _field(rng, "msgid", f"obsolete {_text(rng)} {number}", prefix="#~ ")
        block += _field(rng, "msgstr", _text(rng), prefix="#~ ")
        lines += [*block, ""]
    return "\n".join(lines)
