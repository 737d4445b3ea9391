"""The suite's own rules, read from its source (CONTRIBUTING.md, "Tests"):

- every test asserts: an `assert`, `pytest.raises`/`warns`/`fail`, or a call to one of the
  helpers listed in ASSERTING_HELPERS, each of which is checked to assert itself;
- no test patches a private name (`monkeypatch.setattr(module, "_name", ...)`,
  `patch("package.module._name")`, or a target reached through `._name`): a seam a test
  needs is public and documented where it is defined;
- the helpers live in tests/support, not among the test files.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
TEST_FILES = sorted(TESTS.glob("test_*.py"))

# Helpers a test may leave its assertions to; each must itself assert (checked below).
ASSERTING_HELPERS = frozenset(
    {
        "refused",  # test_hostile_input: the exit code and the message of a refusal
        "refuses_only_in_its_own_words",  # test_hostile_properties: only our errors escape
        "invoke",  # test_hostile_properties: exit code 0, 1 or 2; a refusal says "error:"
        "assert_in_order",  # test_print: the PDF's text reads in logical order
        "assert_status_is_build",  # test_readiness: status predicts what build publishes
        "_assert_spans_hold",  # test_segment_foreign: every span lands where it was
        "assert_matches",  # support/golden.py: the output is the expected file's
    }
)
# pytest's own ways of failing a test.
PYTEST_CHECKS = frozenset({"raises", "warns", "fail", "deprecated_call"})


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def called_name(call: ast.Call) -> str | None:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    if isinstance(function, ast.Name):
        return function.id
    return None


def asserts(function: ast.AST, helpers: frozenset[str] = ASSERTING_HELPERS) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = called_name(node)
            if name in helpers:
                return True
            if (
                name in PYTEST_CHECKS
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "pytest"
            ):
                return True
    return False


def functions_named_test(tree: ast.Module) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test_"
        ):
            yield node


def test_every_test_asserts() -> None:
    silent = [
        f"{path.name}:{function.lineno}: {function.name}"
        for path in TEST_FILES
        for function in functions_named_test(parsed(path))
        if not asserts(function)
    ]
    assert silent == [], "tests that assert nothing:\n" + "\n".join(silent)


def test_the_asserting_helpers_assert() -> None:
    found: dict[str, bool] = {}
    for path in [*TEST_FILES, *sorted((TESTS / "support").glob("*.py"))]:
        for node in ast.walk(parsed(path)):
            if isinstance(node, ast.FunctionDef) and node.name in ASSERTING_HELPERS:
                # A helper counts on its own assertions, never on another helper's.
                found[node.name] = found.get(node.name, False) or asserts(node, frozenset())
    assert found == dict.fromkeys(ASSERTING_HELPERS, True)


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def patched_privately(call: ast.Call) -> str | None:
    """What `call` patches, if it is a patch of a private name; None otherwise."""
    name = called_name(call)
    if name not in {"setattr", "delattr", "patch", "object"} or not call.args:
        return None
    target = call.args[0]
    if isinstance(target, ast.Constant) and isinstance(target.value, str):
        dotted = target.value  # patch("a.b._c") or monkeypatch.setattr("a.b._c", ...)
        return dotted if any(private(part) for part in dotted.split(".")) else None
    reached = [node.attr for node in ast.walk(target) if isinstance(node, ast.Attribute)]
    if len(call.args) > 1:
        attribute = call.args[1]
        if isinstance(attribute, ast.Constant) and isinstance(attribute.value, str):
            reached.append(attribute.value)
    return ast.unparse(call) if any(private(part) for part in reached) else None


def test_no_test_patches_a_private_name() -> None:
    patches = [
        f"{path.name}:{node.lineno}: {found}"
        for path in TEST_FILES
        for node in ast.walk(parsed(path))
        if isinstance(node, ast.Call) and (found := patched_privately(node)) is not None
    ]
    assert patches == [], "make the seam public and documented:\n" + "\n".join(patches)


@pytest.mark.parametrize(
    ("source", "private_patch"),
    [
        ('monkeypatch.setattr(fsutil.rename, "_renameat2", lambda: None)', True),
        ('monkeypatch.setattr(deepl.http_client._BackoffTimer, "sleep", f)', True),
        ('patch("polyglot_statement.cli._render", f)', True),
        ('monkeypatch.setattr(fsutil.atomic, "after_rename", hook)', False),
        ('patch("polyglot_statement.cli_exchange.select_languages", f)', False),
        ('monkeypatch.setattr(module, "__doc__", "")', False),
    ],
)
def test_the_private_patch_scan_tells_them_apart(source: str, private_patch: bool) -> None:
    call = ast.parse(source).body[0]
    assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)
    assert (patched_privately(call.value) is not None) is private_patch


def test_the_silent_test_scan_sees_a_test_without_assertions() -> None:
    tree = ast.parse("def test_a():\n    run(1)\n\ndef test_b():\n    assert run(1)\n")
    assert [f.name for f in functions_named_test(tree) if not asserts(f)] == ["test_a"]


def test_helpers_are_in_support_not_among_the_tests() -> None:
    loose = sorted(
        path.name
        for path in TESTS.glob("*.py")
        if not path.name.startswith("test_") and path.name != "conftest.py"
    )
    assert loose == [], f"move these to tests/support: {loose}"
