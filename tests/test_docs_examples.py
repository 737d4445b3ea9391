"""Every command example in README.md and docs/*.md runs, and prints what the page shows.

An example is a fenced code block whose lines start `$ polyglot …`, each followed by the
output the page shows for it. A page's examples run in order, in one copy of this
repository's example workspace (settings, source/, locales/, glossary.yml), in the
workspace folder as a reader would run them. A line `…` alone in the shown output stands
for any number of lines left out; every other line must be printed exactly (trailing
spaces aside), in that order, with nothing else between.

What a page needs that it does not show is said in HTML comments before a block, which
the rendered page hides but its source keeps in view:

    <!-- example: fresh -->                     a new copy of the example workspace
    <!-- example: run polyglot ARGS -->         a step not shown (its output is not compared)
    <!-- example: edit PATH 'OLD' 'NEW' -->     replace OLD (which must be there) in a file;
                                                \\u00a0 in OLD or NEW is a no-break space
    <!-- example: deepl -->                     from here on, DeepL is tests/support/fake_deepl.py
    <!-- example: exit N -->                    the next block's command exits N (default 0)
    <!-- example: env NAME=VALUE -->            from here on, the commands get NAME=VALUE
                                                (POLYGLOT_NOW: the same day on any day)
    <!-- example: not run: REASON -->           the next block is shown, not run

After a deliberate change of output, one command rewrites the pages from what the
commands print (keeping each `…` where it still stands for lines printed):

    python -m pytest -q tests/test_docs_examples.py --update-golden

(--update-golden rewrites every expected-output file of the suite; naming this file
limits it to these pages.)
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from cli_runner import polyglot
from conftest import copy_example_workspace
from fake_deepl import DEFAULT_VALID_KEYS, FakeDeepL, fast_deepl_backoff

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
ELIDED = "…"
# The examples shown but not run, each with the reason its page gives. Keep this short:
# an example not run can drift.
NOT_RUN: dict[str, list[str]] = {}

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>\S*)\s*$")
_DIRECTIVE = re.compile(r"<!--\s*example:\s*(?P<text>.*?)\s*-->", re.DOTALL)


@dataclass
class Example:
    """One fenced block of `$ polyglot …` commands, with where it sits in its page."""

    first: int  # index of the block's first content line in the page's lines
    last: int  # index after its last content line
    indent: str
    commands: list[tuple[str, list[str]]]  # (command after `$ `, output lines shown)
    directives: list[str] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.first  # 1-based line of the opening fence

    def shown_lines(self) -> list[str]:
        return [text for command, output in self.commands for text in (f"$ {command}", *output)]


def read_examples(lines: list[str]) -> list[Example]:
    """The page's example blocks, each with the directives written since the last one."""
    examples: list[Example] = []
    pending: list[str] = []
    index = 0
    while index < len(lines):
        text = lines[index]
        if text.lstrip().startswith("<!--") and "example:" in text:
            # A directive may run over several lines.
            end = index
            while "-->" not in lines[end]:
                end += 1
            comment = "\n".join(lines[index : end + 1])
            pending.extend(match["text"] for match in _DIRECTIVE.finditer(comment))
            index = end + 1
            continue
        opening = _FENCE.match(text)
        if opening is None:
            index += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        close = index + 1
        while close < len(lines) and lines[close].strip() != fence:
            close += 1
        body = [line.removeprefix(indent).rstrip() for line in lines[index + 1 : close]]
        if body and body[0].startswith("$ "):
            commands: list[tuple[str, list[str]]] = []
            for line in body:
                if line.startswith("$ "):
                    commands.append((line[2:], []))
                else:
                    commands[-1][1].append(line)
            examples.append(Example(index + 1, close, indent, commands, pending))
            pending = []
        index = close + 1
    return examples


# ------------------------------------------------------------------ comparing output


def resync(shown: list[str], printed: list[str]) -> tuple[int, list[str]]:
    """How far `shown` is from `printed` (0: it shows what is printed), and `shown`
    rewritten from `printed`: an `…` line keeps standing for the lines it covers, lines
    printed and not shown are added where they are printed, lines no longer printed go.

    An edit distance over lines, where `…` matches any run of lines for free.
    """

    @cache
    def best(i: int, j: int) -> tuple[int, tuple[str, ...]]:
        if i == len(shown):
            return len(printed) - j, tuple(printed[j:])
        if shown[i] == ELIDED:
            options = [best(i + 1, j)]  # it stands for no more lines
            if j < len(printed):
                cost, rest = best(i, j + 1)  # it stands for printed[j] too
                options.append((cost, rest))
            cost, rest = min(options, key=lambda option: option[0])
            return cost, rest if rest[:1] == (ELIDED,) else (ELIDED, *rest)
        if j == len(printed):
            cost, rest = best(i + 1, j)
            return cost + 1, rest
        if shown[i] == printed[j]:
            cost, rest = best(i + 1, j + 1)
            return cost, (printed[j], *rest)
        substituted, after = best(i + 1, j + 1)
        dropped, without = best(i + 1, j)
        added, with_line = best(i, j + 1)
        return min(
            (substituted + 1, (printed[j], *after)),
            (dropped + 1, without),
            (added + 1, (printed[j], *with_line)),
            key=lambda option: option[0],
        )

    cost, lines = best(0, 0)
    return cost, list(lines)


# ------------------------------------------------------------------ running a page


class PageRun:
    """One page's examples, run in order in one workspace."""

    def __init__(self, tmp_path: Path, deepl: Iterator[FakeDeepL]):
        self.tmp_path = tmp_path
        self.copies = 0
        self.workspace = self.fresh()
        self._deepl = deepl
        self.env: dict[str, str | None] = {"DEEPL_AUTH_KEY": None, "DEEPL_SERVER_URL": None}

    def fresh(self) -> Path:
        self.copies += 1
        self.workspace = copy_example_workspace(self.tmp_path / f"ws{self.copies}")
        return self.workspace

    def invoke(self, command: str) -> tuple[int, list[str]]:
        words = shlex.split(command)
        assert words[0] == "polyglot", f"only polyglot commands are run, not: {command}"
        # In the workspace, as the pages show it typed: no -C.
        result = polyglot(self.workspace, *words[1:], in_folder=True, env=self.env)
        return result.exit_code, [line.rstrip() for line in result.output.splitlines()]

    def directive(self, text: str, where: str) -> str | None:
        """Carry out one directive; the reason for a `not run`, else None."""
        verb, _, rest = text.partition(" ")
        if text.startswith("not run:"):
            reason = text.removeprefix("not run:").strip()
            assert reason, f"{where}: `not run` needs a reason"
            return reason
        if verb == "fresh":
            self.fresh()
        elif verb == "run":
            code, output = self.invoke(rest)
            assert code == 0, f"{where}: `{rest}` exited {code}:\n" + "\n".join(output)
        elif verb == "edit":
            name, old, new = (_unescape(word) for word in shlex.split(rest))
            path = self.workspace / name
            content = path.read_text(encoding="utf-8")
            assert old in content, f"{where}: {name} does not contain {old!r}"
            path.write_text(content.replace(old, new, 1), encoding="utf-8")
        elif verb == "deepl":
            fake = next(self._deepl)
            key = sorted(DEFAULT_VALID_KEYS)[0]
            self.env.update({"DEEPL_AUTH_KEY": key, "DEEPL_SERVER_URL": fake.url})
        elif verb == "env":
            name, _, value = rest.partition("=")
            self.env[name] = value
        elif verb != "exit":
            raise AssertionError(f"{where}: unknown directive `example: {text}`")
        return None


def _unescape(text: str) -> str:
    """`\\u00a0` as the character: a no-break space is invisible in a page's source."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match[1], 16)), text)


def _deepl_servers() -> Iterator[FakeDeepL]:
    with fast_deepl_backoff():
        while True:
            with FakeDeepL() as server:
                yield server


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_example_prints_what_the_page_shows(
    page: Path, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # the fake DeepL is local, whatever the proxy
    lines = page.read_text(encoding="utf-8").splitlines()
    examples = read_examples(lines)
    name = page.relative_to(ROOT).as_posix()
    servers = _deepl_servers()
    run = PageRun(tmp_path, servers)
    not_run: list[str] = []
    problems: list[str] = []  # output that differs from the page's
    failures: list[str] = []  # anything else
    replacements: list[tuple[Example, list[str]]] = []
    try:
        for example in examples:
            where = f"{name}:{example.line}"
            reasons = [
                reason
                for text in example.directives
                if (reason := run.directive(text, where)) is not None
            ]
            if reasons:
                not_run.append(reasons[0])
                continue
            expected_code = next(
                (int(text.split()[1]) for text in example.directives if text.startswith("exit")),
                0,
            )
            rewritten: list[str] = []
            for command, shown in example.commands:
                code, printed = run.invoke(command)
                if code != expected_code:
                    # Not something --update-golden can rewrite: the page's `exit N` says it.
                    failures.append(
                        f"{where}: `{command}` exited {code}, not {expected_code}:\n"
                        + "\n".join(printed)
                    )
                distance, resynced = resync(shown, printed)
                rewritten.extend([f"$ {command}", *resynced])
                if distance:
                    diff = difflib.unified_diff(shown, resynced, "shown", "printed", lineterm="")
                    problems.append(f"{where}: `{command}`:\n" + "\n".join(diff))
            if rewritten != example.shown_lines():
                replacements.append((example, rewritten))
    finally:
        servers.close()
    assert not failures, "\n\n".join(failures)
    assert not_run == NOT_RUN.get(name, []), (
        f"{name}: examples not run changed; list them (with their reasons) in NOT_RUN"
    )
    if request.config.getoption("--update-golden") and replacements:
        for example, rewritten in reversed(replacements):
            lines[example.first : example.last] = [
                (example.indent + text) if text else "" for text in rewritten
            ]
        page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return
    assert not problems, (
        "\n\n".join(problems)
        + "\n\nIf the new output is right: python -m pytest -q tests/test_docs_examples.py "
        "--update-golden, then read `git diff` before committing."
    )


# ------------------------------------------------------------------ the mechanism itself


def test_an_elision_stands_for_any_run_of_lines() -> None:
    assert resync(["a", ELIDED, "d"], ["a", "b", "c", "d"]) == (0, ["a", ELIDED, "d"])
    assert resync(["a", ELIDED, "d"], ["a", "d"]) == (0, ["a", ELIDED, "d"])
    assert resync([ELIDED], []) == (0, [ELIDED])


def test_a_difference_is_found_and_rewritten_around_the_elisions() -> None:
    shown = [ELIDED, "published ar partial", "dist/: 5 published"]
    printed = ["original", "es", "skipped ar", "removed x", "dist/: 4 published"]
    distance, rewritten = resync(shown, printed)
    assert distance > 0
    assert rewritten[0] == ELIDED and rewritten[-2:] == ["removed x", "dist/: 4 published"]
    assert resync(rewritten, printed)[0] == 0
    # A line shown but no longer printed goes; one printed but not shown comes in.
    assert resync(["a", "b", "c"], ["a", "c", "d"]) == (2, ["a", "c", "d"])


def test_blocks_and_directives_are_read_as_written() -> None:
    page = [
        "<!-- example: fresh -->",
        "<!-- example: edit a.po",
        "  'x' 'y' -->",
        "- item:",
        "",
        "  ```",
        "  $ polyglot status",
        "  line",
        "  …",
        "  $ polyglot build",
        "  ```",
        "```sh",
        "polyglot extract   # no output shown: not an example",
        "```",
    ]
    [example] = read_examples(page)
    assert example.directives == ["fresh", "edit a.po\n  'x' 'y'"]
    assert example.commands == [("polyglot status", ["line", ELIDED]), ("polyglot build", [])]
    assert (example.first, example.last, example.indent) == (6, 10, "  ")


def test_a_directive_does_what_it_says(tmp_path: Path) -> None:
    run = PageRun(tmp_path, iter(()))
    assert run.directive("not run: needs a real DeepL account", "p:1") == (
        "needs a real DeepL account"
    )
    po = "locales/fr/LC_MESSAGES/wftu-andean-solidarity-peru.po"
    assert run.directive(f"edit {po} 'ce qui suit\\u00a0:' 'ce qui suit:'", "p:2") is None
    assert "ce qui suit:" in (run.workspace / po).read_text(encoding="utf-8")
    with pytest.raises(AssertionError, match="does not contain"):
        run.directive(f"edit {po} 'nowhere' 'x'", "p:3")
    first = run.workspace
    run.directive("fresh", "p:4")
    assert run.workspace != first and "ce qui suit\u00a0:" in (run.workspace / po).read_text(
        encoding="utf-8"
    )
    with pytest.raises(AssertionError, match="unknown directive"):
        run.directive("frsh", "p:5")
