"""Every error a user can meet is defined in `errors`, with its exit code in one table."""

from __future__ import annotations

import importlib
import pkgutil
import signal

import polyglot_statement
from polyglot_statement import errors
from polyglot_statement.errors import (
    EXIT_CODES,
    ConcurrentEdit,
    FileFault,
    GlossaryError,
    Interrupted,
    MachineTranslationError,
    NoNetwork,
    NotOurFile,
    PolyglotError,
    exit_code_for,
    exit_code_of,
)


def _subclasses(kind: type[BaseException]) -> set[type[BaseException]]:
    found: set[type[BaseException]] = set()
    for sub in kind.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_user_error_is_defined_in_errors() -> None:
    # Import every module, so that an error defined anywhere is seen.
    for module in pkgutil.walk_packages(polyglot_statement.__path__, "polyglot_statement."):
        if module.name.endswith(("__main__", ".pdf", ".docx", ".fonts", ".print_style")):
            continue  # WeasyPrint and friends: slow to load, and checked below by name
        importlib.import_module(module.name)
    elsewhere = {
        f"{kind.__module__}.{kind.__qualname__}"
        for kind in _subclasses(PolyglotError)
        if kind.__module__ != "polyglot_statement.errors"
        and not kind.__module__.startswith("tests")
    }
    # A template error of the print editions is still a TemplateError (and its code).
    assert elsewhere <= {"polyglot_statement.publish.print_style.PrintTemplateError"}


def test_exit_codes_come_from_the_table() -> None:
    assert PolyglotError.exit_code == 2
    assert GlossaryError("bad", "glossary.yml", 3).exit_code == 2
    assert NotOurFile.exit_code == 2
    assert FileFault.exit_code == ConcurrentEdit.exit_code == 3
    assert NoNetwork("down").exit_code == 3  # a MachineTranslationError's, inherited
    assert exit_code_for(MachineTranslationError) == EXIT_CODES[MachineTranslationError]
    assert exit_code_of(PermissionError(13, "no")) == 3
    assert exit_code_of(MemoryError()) == 3
    assert exit_code_of(KeyboardInterrupt()) == 130
    assert exit_code_of(Interrupted(signal.SIGTERM)) == 143
    assert exit_code_of(ValueError("a bug")) == 1


def test_no_error_exits_as_success_or_a_failed_check() -> None:
    assert all(code >= 2 for code in EXIT_CODES.values())


def test_fsutil_still_exports_its_errors() -> None:
    from polyglot_statement import fsutil

    assert fsutil.FileFault is errors.FileFault
    assert fsutil.NotOurFile is errors.NotOurFile
    assert fsutil.ConcurrentEdit is errors.ConcurrentEdit
