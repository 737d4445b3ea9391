"""DeepL's target languages and glossary languages, as a table kept with the engine.

A run with a key asks DeepL itself (`/v2/languages`, `/v2/glossary-language-pairs`);
`translate --dry-run` without a key has only this table to say which languages DeepL
takes and which get the glossary (whose version is part of the cache key, so it decides
what the estimate finds in the cache). Taken from DeepL's list of supported languages
(developers.deepl.com, "Languages supported"), its generally available languages; the
ones it marks as beta (Quechua, Aymara, …, offered through its newer models) are left
out: an estimate would rather flag a language than promise it. Update the table when
DeepL adds languages; a run with the key is never limited by it.
"""

from __future__ import annotations

TABLE_DATE = "2025-11"  # when the table was last compared with DeepL's list

# Target codes as DeepL writes them, and whether each takes `formality`.
TARGETS: dict[str, bool] = {
    "AR": False,
    "BG": False,
    "CS": False,
    "DA": False,
    "DE": True,
    "EL": False,
    "EN-GB": False,
    "EN-US": False,
    "ES": True,
    "ES-419": True,
    "ET": False,
    "FI": False,
    "FR": True,
    "HE": False,
    "HU": False,
    "ID": False,
    "IT": True,
    "JA": True,
    "KO": False,
    "LT": False,
    "LV": False,
    "NB": False,
    "NL": True,
    "PL": True,
    "PT-BR": True,
    "PT-PT": True,
    "RO": False,
    "RU": True,
    "SK": False,
    "SL": False,
    "SV": False,
    "TH": False,
    "TR": False,
    "UK": False,
    "VI": False,
    "ZH": False,
    "ZH-HANS": False,
    "ZH-HANT": False,
}

# Glossaries work between any two of these (lower case, as the API's pairs are written).
GLOSSARY_LANGUAGES = frozenset(code.split("-")[0].lower() for code in TARGETS) | {"en", "pt"}


def glossary_pairs() -> set[tuple[str, str]]:
    return {
        (source, target)
        for source in GLOSSARY_LANGUAGES
        for target in GLOSSARY_LANGUAGES
        if source != target
    }
