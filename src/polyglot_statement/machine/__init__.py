"""Machine translation: engines behind one protocol, markup kept, results cached, and the
`polyglot translate` command.

base.py is the protocol (Engine) and the errors an engine may raise; deepl.py (the only
module that imports `deepl`) and pseudo.py (offline, for demos and tests) are the
engines, engines.py chooses one; inline Markdown becomes XML tags and back in inline/;
cache.py keeps what was paid for; translate.py is the command (import `translate` from
it: exported here, the function would hide the module), with its events and report in
events.py, the glossary an engine is given in terms.py, the budget and signals that stop
a run in stopping.py, and the drafts written back in writeback.py; render.py says it all.
"""

from polyglot_statement.errors import (
    AuthorizationFailed,
    EngineUnavailable,
    Interrupted,
    MachineTranslationError,
    NoNetwork,
    QuotaExceeded,
    RateLimited,
    UnsupportedLanguage,
)
from polyglot_statement.machine.base import (
    Engine,
    EngineGlossary,
    Target,
    TermRendering,
    Translation,
    Usage,
)
from polyglot_statement.machine.engines import ENGINES, create_engine
from polyglot_statement.machine.events import (
    BatchDone,
    LanguageDone,
    LanguagePlan,
    LanguageSkipped,
    MemoryFilled,
    Stopping,
    TranslateReport,
)
from polyglot_statement.progress import Event, Retry, Retrying, WaitingForLock

__all__ = [
    "ENGINES",
    "AuthorizationFailed",
    "BatchDone",
    "Engine",
    "EngineGlossary",
    "EngineUnavailable",
    "Event",
    "Interrupted",
    "LanguageDone",
    "LanguagePlan",
    "LanguageSkipped",
    "MachineTranslationError",
    "MemoryFilled",
    "NoNetwork",
    "QuotaExceeded",
    "RateLimited",
    "Retry",
    "Retrying",
    "Stopping",
    "Target",
    "TermRendering",
    "TranslateReport",
    "Translation",
    "UnsupportedLanguage",
    "Usage",
    "WaitingForLock",
    "create_engine",
]
