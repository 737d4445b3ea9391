"""Soak: kill -9 extract, translate and build at random moments while translators save.

On a copy of a 100-statement × 5-language workspace (benchmarks/make_corpus.py), each
trial picks a command, gives it work (new sentences in some statements; for translate,
extracted first; for build, a changed page template), starts it under a memory limit
(RLIMIT_AS, as `ulimit -v`), lets editor threads save approved translations by rename
as Poedit does, and kills the command with SIGKILL at a random moment (some trials run
to the end). Then it checks what issue 10 asks:

- every catalogue the trial touched passes `msgfmt -c`;
- every translation approved before the trial is still in its catalogue, and each
  editor's last save is what the file holds;
- dist/ is the old build or the new complete one; the killed command's workers are gone;
- the same command, run again, does not wait for a lock, succeeds, and a further run
  has nothing to do (it converged); no temp file or half-built folder is left.

`--paid sigint,sigterm,hang` adds what issue 19 asks about paid work: `translate` with
the real deepl client against tests/support/fake_deepl.py (each request answered after
`--latency` s, and billed when answered, whether or not the client is still there), on
new paragraphs in 20 statements. `sigint` and `sigterm` send the signal at a random
moment and measure how long the command takes to stop; `hang` makes every request take
40 s for 70 s from a random moment (a server under load), and lets the run go on. Each
then checks the same things as a kill, finishes the job with a re-run, and reports the
characters billed twice (the fake's ledger), the target being 0 for a signal.
`--src DIR` runs the commands from another source tree (the code before a change).

Usage: python benchmarks/soak.py [--trials 40] [--seed 1] [--memory-mb 1024]
       [--commands extract,translate,build] [--no-editors]
       [--paid sigint,sigterm,hang] [--paid-trials 5] [--latency 0.3] [--src DIR]
       python benchmarks/soak.py --delayed-rename 50 [--trials 40] [--seed 1]
       [--commands extract,translate,import]
Not part of the test suite: it runs for many minutes.

With --delayed-rename MS (issue 20) it runs lost-update trials instead, nothing killed:
each command runs with `fsutil.atomic.after_rename` sleeping MS milliseconds after every rename
it makes, and savers watch the catalogues it rewrites and save the instant a write of the
tool lands (the window a version taken by a later stat would take their save for the
tool's). translate runs with the memory pre-fill on, after extract --no-memory, on work
the memory can partly fill: its pre-fill writes a catalogue, and the engine's drafts are
written over that version later. Every saver's last save must still be there.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from polyglot_statement.fsutil import TEMP_SUFFIX
from polyglot_statement.po import APPROVED, format_po, parse_po

# The tests' view of a command's worker processes through /proc, and their fake DeepL.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))
import processes
from fake_deepl import FakeDeepL

HERE = Path(__file__).resolve().parent
WORK = HERE / "work" / "soak"
PAGE = HERE.parent / "src" / "polyglot_statement" / "templates" / "edition.html"
COMMANDS = {
    "extract": ("extract",),
    "translate": ("translate", "--engine", "pseudo"),
    "build": ("build", "--allow-partial"),
}
# What a converged re-run says.
NOTHING_TO_DO = {
    "extract": "0 file(s) written",
    "translate": "0 entries filled",
    "build": "nothing changed",
}


# The children's environment: --paid adds the fake DeepL's, --src another source tree.
ENVIRONMENT: dict[str, str] = dict(os.environ)


def polyglot(
    workspace: Path, arguments: tuple[str, ...], memory: int, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *arguments],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit(memory),
        env=ENVIRONMENT,
    )


def _limit(memory: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return apply


def catalogues(workspace: Path) -> list[Path]:
    return sorted(workspace.glob("locales/*/LC_MESSAGES/*.po"))


def approved(workspace: Path) -> dict[Path, set[str]]:
    return {
        path: {
            entry.msgstr for entry in parse_po(path.read_bytes()).entries if entry.state == APPROVED
        }
        for path in catalogues(workspace)
    }


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def complete(dist: Path, files: dict[str, str]) -> bool:
    """Whether `files` (a snapshot of dist/) is one whole build: exactly the files its
    manifest lists (the editions', with the sha256 it gives, and the site's: front pages,
    feeds, sitemap), and the manifest."""
    import json

    if "manifest.json" not in files:
        return False
    manifest = json.loads((dist / "manifest.json").read_bytes())
    listed = {
        file["path"]: file["sha256"]
        for edition in manifest["editions"]
        for file in edition.get("formats", {}).values()
    }
    # The site's pages are listed with the fingerprint of what they were made from, not
    # their sha256: they must be there, and nothing else.
    pages = set(manifest.get("pages", {}))
    return (
        set(files) - set(listed) - pages == {"manifest.json"}
        and all(files.get(path) == digest for path, digest in listed.items())
        and pages <= set(files)
    )


def identities(workspace: Path) -> dict[Path, tuple[int, int]]:
    return {path: (path.stat().st_ino, path.stat().st_mtime_ns) for path in catalogues(workspace)}


def leftovers(workspace: Path) -> list[Path]:
    return [
        path
        for path in workspace.rglob("*")
        if path.name.endswith(TEMP_SUFFIX) or path.name.startswith(".dist.building-")
    ]


class Editor(threading.Thread):
    """A translator: edits one approved translation of one catalogue and saves by rename,
    again and again; remembers the last text saved."""

    def __init__(self, path: Path, seed: int):
        super().__init__(daemon=True)
        self.path = path
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.msgid: str | None = None
        self.last: str | None = None
        self.saves = 0

    def run(self) -> None:
        while not self.stop.wait(self.random.uniform(0.02, 0.3)):
            catalog = parse_po(self.path.read_bytes())
            choices = [entry for entry in catalog.active if entry.state == APPROVED]
            if not choices:
                return
            if self.msgid is None:
                self.msgid = self.random.choice(choices).msgid
            entry = next((entry for entry in choices if entry.msgid == self.msgid), None)
            if entry is None:
                return  # its source text changed meanwhile: this editor is done
            self.saves += 1
            entry.msgstr = f"{entry.msgstr.split(' ⟨')[0]} ⟨edit {self.saves}⟩"
            temp = self.path.with_name(f".{self.path.name}.editor~")
            temp.write_bytes(format_po(catalog))
            os.replace(temp, self.path)
            self.last = entry.msgstr


@dataclass
class Tally:
    trials: int = 0
    killed: int = 0  # the kill came while the command ran
    survived: int = 0  # every check held
    lost: int = 0  # approved translations or editor saves missing afterwards
    editor_saves: int = 0
    problems: list[str] = field(default_factory=list)


def give_work(workspace: Path, command: str, rng: random.Random, memory: int) -> list[Path]:
    """Work for `command`; the catalogues it will rewrite (where editors then save)."""
    sources = sorted(workspace.glob("source/*.md"))
    chosen = rng.sample(sources, 10)
    for source in chosen:
        text = source.read_text("utf-8")
        source.write_text(text + f"\nA sentence added by the soak, {rng.random():.6f}.\n", "utf-8")
    if command == "translate":
        done = polyglot(workspace, COMMANDS["extract"], memory)
        assert done.returncode == 0, done.stderr
    if command == "build":
        (workspace / "templates").mkdir(exist_ok=True)
        page = PAGE.read_text("utf-8") + f"<!-- soak {rng.random():.6f} -->\n"
        (workspace / "templates" / "edition.html").write_text(page, "utf-8")
    return [
        path
        for source in chosen
        for path in workspace.glob(f"locales/*/LC_MESSAGES/{source.stem}.po")
    ]


def trial(
    workspace: Path,
    command: str,
    rng: random.Random,
    duration: dict[str, float],
    memory: int,
    editors_on: bool,
    tally: Tally,
) -> bool:
    """One trial; whether the kill came while the command ran."""
    rewritten = give_work(workspace, command, rng, memory)
    before = approved(workspace)
    old_dist = snapshot(workspace / "dist")
    touched_before = identities(workspace)
    editors = (
        [Editor(path, rng.randrange(1 << 30)) for path in rng.sample(rewritten, 3)]
        if editors_on
        else []
    )
    for editor in editors:
        editor.start()
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *COMMANDS[command]],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit(memory),
        env=ENVIRONMENT,
    )
    moment = rng.uniform(0, 1.2 * duration[command])
    while process.poll() is None and time.monotonic() - started < moment:
        time.sleep(0.005)
    workers = processes.children(process.pid)
    process.send_signal(signal.SIGKILL)
    code = process.wait()
    killed = code == -signal.SIGKILL
    if killed:
        tally.killed += 1
    elif code != 0:
        assert process.stderr is not None
        tally.problems.append(f"{command}: exit {code}: {process.stderr.read()[-300:]}")
    for editor in editors:
        editor.stop.set()
        editor.join()
    problems: list[str] = []
    deadline = time.monotonic() + 10
    while any(processes.alive(pid) for pid in workers):
        if time.monotonic() > deadline:
            problems.append(f"{command}: a worker outlived its parent")
            for pid in workers:
                if processes.alive(pid):
                    os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.01)
    killed_dist = snapshot(workspace / "dist")
    whole = complete(workspace / "dist", killed_dist)  # read now: the re-runs replace it

    # Catalogues: valid, nothing approved lost, each editor's last save kept.
    now = identities(workspace)
    for path in catalogues(workspace):
        if touched_before.get(path) != now.get(path):
            checked = subprocess.run(
                ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
            )
            if checked.returncode != 0:
                problems.append(f"{path}: msgfmt -c: {checked.stderr[:200]}")
    edited: dict[Path, Editor] = {
        editor.path: editor for editor in editors if editor.last is not None
    }
    for path, translations in before.items():
        entries = parse_po(path.read_bytes()).entries
        present = {entry.msgstr for entry in entries}
        saver = edited.get(path)
        missing = translations - present
        if saver is not None and saver.last is not None:
            last = saver.last
            tally.editor_saves += saver.saves
            missing = {text for text in missing if text.split(" ⟨")[0] != last.split(" ⟨")[0]}
            if last not in present:
                problems.append(f"{path}: the editor's last save {last!r} is gone")
                tally.lost += 1
        if missing:
            problems.append(f"{path}: {len(missing)} approved translation(s) gone")
            tally.lost += len(missing)

    # The next run: no wait for a lock, success, then nothing more to do.
    again = polyglot(workspace, COMMANDS[command], memory)
    if again.returncode != 0 or "waiting" in again.stderr:
        problems.append(f"{command} after the kill: exit {again.returncode}: {again.stderr[-300:]}")
    converged = polyglot(workspace, COMMANDS[command], memory)
    if NOTHING_TO_DO[command] not in converged.stdout:
        problems.append(f"{command} did not converge: {converged.stdout[-300:]}")
    # Editors may change catalogues during a build: "new" is any whole build.
    if killed_dist != old_dist and not whole:
        problems.append("dist/ after the kill was neither the old build nor a whole new one")
    left = leftovers(workspace)
    if left:
        problems.append(f"left behind: {[str(path) for path in left[:5]]}")
    tally.trials += 1
    if problems:
        tally.problems.extend(problems)
    else:
        tally.survived += 1
    return killed


# ---------------------------------------------------------------- paid work (issue 19)

PAID_TRANSLATE = ("translate", "--engine", "deepl", "--no-memory")
# What the server does in the hang case: every request takes HANG s, for WINDOW s.
HANG, WINDOW = 40.0, 70.0


@dataclass
class Paid:
    trials: int = 0
    interrupted: int = 0  # the signal came while the command ran (exit 130 or 143)
    survived: int = 0
    lost: int = 0
    job: int = 0  # characters the trials' jobs needed, each once
    twice: list[int] = field(default_factory=list)  # characters billed twice, per trial
    stops: list[float] = field(default_factory=list)  # seconds from the signal to the exit
    retries: list[int] = field(default_factory=list)  # retries told on stderr, per trial
    problems: list[str] = field(default_factory=list)


def _translate_posts(fake: FakeDeepL) -> int:
    return sum(1 for request in fake.requests if request.path == "/v2/translate")


def paid_work(workspace: Path, rng: random.Random, memory: int) -> list[Path]:
    """New paragraphs in 20 statements, extracted: a job of about 85,000 characters in
    15 requests over 5 languages. The catalogues it changes."""
    chosen = rng.sample(sorted(workspace.glob("source/*.md")), 20)
    for source in chosen:
        added = "".join(
            f"\nParagraph {index} added by the soak ({rng.random():.6f}): the federation "
            "calls on every affiliate to stand with the workers whose wages have been "
            "withheld for months.\n"
            for index in range(6)
        )
        source.write_text(source.read_text("utf-8") + added, "utf-8")
    done = polyglot(workspace, ("extract", "--no-memory"), memory)
    assert done.returncode == 0, done.stderr
    return [
        path
        for source in chosen
        for path in workspace.glob(f"locales/*/LC_MESSAGES/{source.stem}.po")
    ]


def paid_trial(
    workspace: Path,
    case: str,
    fake: FakeDeepL,
    rng: random.Random,
    requests: int,
    latency: float,
    memory: int,
    editors_on: bool,
    tally: Paid,
) -> None:
    rewritten = paid_work(workspace, rng, memory)
    before = approved(workspace)
    twice_before, billed_before = fake.characters_billed_twice, fake.billed_characters
    editors = (
        [Editor(path, rng.randrange(1 << 30)) for path in rng.sample(rewritten, 3)]
        if editors_on
        else []
    )
    for editor in editors:
        editor.start()
    process = subprocess.Popen(
        [sys.executable, "-m", "polyglot_statement", "-C", str(workspace), *PAID_TRANSLATE],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_limit(memory),
        env=ENVIRONMENT,
    )
    # The moment: once the k-th request of the job has reached the server, and a little
    # more (within a request's latency), so that it falls mid-job, in flight or between.
    sent_before = _translate_posts(fake)
    k = rng.randrange(1, requests)
    while process.poll() is None and _translate_posts(fake) - sent_before < k:
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 1.5 * latency))
    problems: list[str] = []
    if case == "hang":
        fake.hang_seconds = HANG
        calm = threading.Timer(WINDOW, lambda: setattr(fake, "hang_seconds", latency))
        calm.start()
        code = process.wait()
        calm.join()
    else:
        signalled = time.monotonic()
        process.send_signal(signal.SIGINT if case == "sigint" else signal.SIGTERM)
        code = process.wait()
        if code in (130, 143):
            tally.interrupted += 1
            tally.stops.append(time.monotonic() - signalled)
    assert process.stderr is not None
    error = process.stderr.read()
    tally.retries.append(sum(1 for line in error.splitlines() if "retrying in" in line))
    expected = {"sigint": (0, 130), "sigterm": (0, 143), "hang": (0,)}[case]
    if code not in expected or "Traceback" in error:
        problems.append(f"exit {code}: {error[-300:]}")
    for editor in editors:
        editor.stop.set()
        editor.join()

    for path in catalogues(workspace):
        checked = subprocess.run(
            ["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
        )
        if checked.returncode != 0:
            problems.append(f"{path}: msgfmt -c: {checked.stderr[:200]}")
    edited = {editor.path: editor for editor in editors if editor.last is not None}
    for path, translations in before.items():
        present = {entry.msgstr for entry in parse_po(path.read_bytes()).entries}
        missing = translations - present
        saver = edited.get(path)
        if saver is not None and saver.last is not None:
            last = saver.last
            missing = {text for text in missing if text.split(" ⟨")[0] != last.split(" ⟨")[0]}
            if last not in present:
                problems.append(f"{path}: the editor's last save {last!r} is gone")
                tally.lost += 1
        if missing:
            problems.append(f"{path}: {len(missing)} approved translation(s) gone")
            tally.lost += len(missing)

    # The rest of the job, then nothing more to do.
    again = polyglot(workspace, PAID_TRANSLATE, memory)
    if again.returncode != 0 or "waiting" in again.stderr:
        problems.append(
            f"translate after the {case}: exit {again.returncode}: {again.stderr[-300:]}"
        )
    converged = polyglot(workspace, PAID_TRANSLATE, memory)
    if "0 entries filled" not in converged.stdout:
        problems.append(f"translate did not converge: {converged.stdout[-300:]}")
    left = leftovers(workspace)
    if left:
        problems.append(f"left behind: {[str(path) for path in left[:5]]}")
    # An attempt the client left is billed when the server answers it: wait for the last.
    deadline = time.monotonic() + 2 * HANG
    while len(fake.responses) < len(fake.requests) and time.monotonic() < deadline:
        time.sleep(0.1)
    twice = fake.characters_billed_twice - twice_before
    tally.twice.append(twice)
    tally.job += fake.billed_characters - billed_before - twice
    tally.trials += 1
    if problems:
        tally.problems.extend(problems)
    else:
        tally.survived += 1


def paid_soak(
    workspace: Path,
    cases: list[str],
    trials: int,
    rng: random.Random,
    memory: int,
    editors_on: bool,
    latency: float,
) -> None:
    with FakeDeepL() as fake:
        fake.hang_seconds = latency  # DeepL's own time to translate
        ENVIRONMENT.update(
            DEEPL_AUTH_KEY="test-key", DEEPL_SERVER_URL=fake.url, NO_PROXY="127.0.0.1"
        )
        # One job to the end, timed: the signals and hangs fall within it.
        paid_work(workspace, rng, memory)
        started = time.monotonic()
        done = polyglot(workspace, PAID_TRANSLATE, memory)
        assert done.returncode == 0, done.stderr
        duration = time.monotonic() - started
        job, requests = fake.billed_characters, _translate_posts(fake)
        print(
            f"a paid job, uninterrupted: {duration:.1f} s, {job:,} characters billed "
            f"in {requests} requests"
        )
        tallies = {case: Paid() for case in cases}
        for number in range(trials * len(cases)):
            case = cases[number % len(cases)]
            tally = tallies[case]
            paid_trial(workspace, case, fake, rng, requests, latency, memory, editors_on, tally)
            print(
                f"paid trial {number + 1}/{trials * len(cases)}: {case}: billed twice "
                f"{tally.twice[-1]:,}, {tally.retries[-1]} retries told; {case} so far: "
                f"survived {tally.survived}/{tally.trials}, lost {tally.lost}",
                flush=True,
            )
    print()
    print(
        "| case | trials | stopped mid-run | faults survived | data lost | characters "
        "billed (jobs) | billed twice: total | per trial (max) | signal → exit (max) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for case in cases:
        tally = tallies[case]
        stop = f"{max(tally.stops):.2f} s" if tally.stops else "—"
        print(
            f"| {case} | {tally.trials} | {tally.interrupted if case != 'hang' else '—'} | "
            f"{tally.survived} | {tally.lost} | {tally.job:,} | {sum(tally.twice):,} | "
            f"{max(tally.twice):,} | {stop} |"
        )
    for case in cases:
        for problem in tallies[case].problems[:20]:
            print(f"{case}: {problem}")


def fresh_workspace(corpus_name: str, statements: int, languages: int, name: str) -> Path:
    """WORK/name: a new copy of the corpus WORK/corpus_name, made once (make_corpus.py)."""
    corpus = WORK / corpus_name
    if not (corpus / "polyglot.toml").is_file():
        subprocess.run(
            [sys.executable, str(HERE / "make_corpus.py"), "--statements", str(statements),
             "--languages", str(languages), "--out", str(corpus)],
            check=True,
        )  # fmt: skip
    workspace = WORK / name
    shutil.rmtree(workspace, ignore_errors=True)
    shutil.copytree(corpus, workspace)
    return workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-mb", type=int, default=1024)
    parser.add_argument("--commands", default="extract,translate,build")
    parser.add_argument("--no-editors", action="store_true")
    parser.add_argument("--delayed-rename", type=int, metavar="MS", default=None)
    parser.add_argument("--paid", default="", help="sigint,sigterm,hang")
    parser.add_argument("--paid-trials", type=int, default=5, help="per case")
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--src", type=Path, default=None)
    arguments = parser.parse_args()
    if arguments.src is not None:
        ENVIRONMENT["PYTHONPATH"] = str(arguments.src.resolve())
    if arguments.delayed_rename is not None:
        lost_update_soak(arguments)
        return
    memory = arguments.memory_mb * 1024 * 1024
    rng = random.Random(arguments.seed)
    workspace = fresh_workspace("corpus", 100, 5, "workspace")
    # Each command once to the end (the corpus leaves much to translate), then once more
    # on a trial's work, timed: the kills fall within these durations.
    for command in ("extract", "translate", "build"):
        done = polyglot(workspace, COMMANDS[command], memory)
        assert done.returncode == 0, done.stderr
    if arguments.trials:
        kill_soak(workspace, arguments, rng, memory)
    if arguments.paid:
        cases = arguments.paid.split(",")
        editors_on = not arguments.no_editors
        paid_soak(
            workspace, cases, arguments.paid_trials, rng, memory, editors_on, arguments.latency
        )


def kill_soak(
    workspace: Path, arguments: argparse.Namespace, rng: random.Random, memory: int
) -> None:
    duration: dict[str, float] = {}
    for command in ("extract", "translate", "build"):
        give_work(workspace, command, rng, memory)
        started = time.monotonic()
        done = polyglot(workspace, COMMANDS[command], memory)
        assert done.returncode == 0, done.stderr
        duration[command] = time.monotonic() - started
    print(
        "a trial's work, uninterrupted: " + ", ".join(f"{c} {s:.1f} s" for c, s in duration.items())
    )
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    chosen = arguments.commands.split(",")
    for number in range(arguments.trials):
        command = rng.choice(chosen)
        tally = tallies[command]
        killed = trial(workspace, command, rng, duration, memory, not arguments.no_editors, tally)
        print(
            f"trial {number + 1}/{arguments.trials}: {command} "
            f"{'killed while running' if killed else 'ran to the end'}; {command} so far: "
            f"survived {tally.survived}/{tally.trials}, lost {tally.lost}",
            flush=True,
        )
    print()
    print(
        "| command | trials | killed while running | faults survived | editor saves | data lost |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for command in chosen:
        tally = tallies[command]
        print(
            f"| {command} | {tally.trials} | {tally.killed} | {tally.survived} | "
            f"{tally.editor_saves} | {tally.lost} |"
        )
    for command in chosen:
        for problem in tallies[command].problems[:20]:
            print(f"{command}: {problem}")


# ---------------------------------------------------------------- lost updates (issue 20)

# Runs the command line with every rename of the tool followed by a sleep.
DELAYED = (
    "import sys, time\n"
    "from polyglot_statement import fsutil\n"
    "fsutil.atomic.after_rename = lambda path: time.sleep({seconds})\n"
    "from polyglot_statement.cli import main\n"
    "main()\n"
)
# The commands that rewrite catalogues (build and status write none: the tests cover them).
DELAYED_COMMANDS = {
    "extract": ("extract",),
    "translate": ("translate", "--engine", "pseudo", "--memory"),
    "import": ("import",),  # the XLIFF documents give_import_work wrote are added
}


class RenameSaver(threading.Thread):
    """A translator who saves the moment the tool's write lands: watches a catalogue, and
    each time a file it did not save itself appears there, approves a new text for
    another approved entry and saves by rename at once. Every one of its saves must
    survive: a save lost and followed by another would still show in `edits`."""

    def __init__(self, path: Path, seed: int):
        super().__init__(daemon=True)
        self.path = path
        self.random = random.Random(seed)
        self.stop = threading.Event()
        self.edits: dict[str, str] = {}  # msgid → the text this saver approved for it
        self.saves = 0

    def _identity(self) -> tuple[int, int] | None:
        try:
            status = self.path.stat()
        except FileNotFoundError:
            return None
        return status.st_ino, status.st_mtime_ns

    def run(self) -> None:
        seen = self._identity()
        while not self.stop.is_set():
            now = self._identity()
            if now == seen or now is None:
                time.sleep(0.0005)
                continue
            if not self._save():
                return
            seen = self._identity()

    def _save(self) -> bool:
        catalog = parse_po(self.path.read_bytes())
        choices = [
            entry
            for entry in catalog.active
            if entry.state == APPROVED and entry.msgid not in self.edits
        ]
        if not choices:
            return False
        entry = self.random.choice(choices)
        self.saves += 1
        entry.msgstr = f"{entry.msgstr} ⟨save {self.saves}⟩"
        temp = self.path.with_name(f".{self.path.name}.saver~")
        temp.write_bytes(format_po(catalog))
        os.replace(temp, self.path)
        self.edits[entry.msgid] = entry.msgstr
        return True


def give_prefill_work(workspace: Path, rng: random.Random) -> list[Path]:
    """Work the memory can partly fill: to 5 statements, a sentence another statement has
    approved (the memory pre-fills it) and a new one (the engine drafts it). Extracted
    without the memory, so that translate's pre-fill does it. The catalogues to watch."""
    sources = sorted(workspace.glob("source/*.md"))
    chosen = rng.sample(sources, 5)
    donors = [path for path in catalogues(workspace) if path.stem not in {s.stem for s in chosen}]
    for source in chosen:
        donor = parse_po(rng.choice(donors).read_bytes())
        known = [
            entry.msgid
            for entry in donor.active
            if entry.state == APPROVED and "\n" not in entry.msgid and entry.msgid[-1:] == "."
        ]
        text = source.read_text("utf-8")
        source.write_text(
            text + f"\n{rng.choice(known)}\n\nA sentence new to the memory, {rng.random():.6f}.\n",
            "utf-8",
        )
    done = polyglot(workspace, ("extract", "--no-memory"), 1 << 33)
    assert done.returncode == 0, done.stderr
    return [
        path
        for source in chosen
        for path in workspace.glob(f"locales/*/LC_MESSAGES/{source.stem}.po")
    ]


def give_import_work(workspace: Path, rng: random.Random) -> tuple[list[Path], list[str]]:
    """XLIFF documents of 5 statements in one language, each with one more translation:
    the catalogues import rewrites, and the documents."""
    language = rng.choice(sorted({path.parent.parent.name for path in catalogues(workspace)}))
    chosen = rng.sample(sorted(workspace.glob("source/*.md")), 5)
    folder = workspace.parent / "lost-update-xliff"
    shutil.rmtree(folder, ignore_errors=True)
    statements = [argument for source in chosen for argument in ("--statement", source.stem)]
    done = polyglot(
        workspace, ("export", "--lang", language, *statements, "-o", str(folder)), 1 << 33
    )
    assert done.returncode == 0, done.stderr
    documents = sorted(folder.glob("*.xlf"))
    # The first target not approved yet (untranslated, or a draft without inline codes).
    waiting = re.compile(r'<target state="(?:new|needs-[a-z-]+)"(?:/>|>[^<]*</target>)')
    for document in documents:
        text = document.read_text("utf-8")
        translated = f'<target state="translated">Imported {rng.random():.6f}</target>'
        document.write_text(waiting.sub(translated, text, count=1), "utf-8")
    watched = [workspace / "locales" / language / "LC_MESSAGES" / f"{s.stem}.po" for s in chosen]
    return watched, [str(document) for document in documents]


def lost_update_trial(
    workspace: Path, command: str, rng: random.Random, delay_ms: int, tally: Tally
) -> None:
    """One command under delayed renames, with savers on the catalogues it rewrites."""
    extra: list[str] = []
    if command == "translate":
        watched = give_prefill_work(workspace, rng)
    elif command == "import":
        watched, extra = give_import_work(workspace, rng)
    else:
        watched = give_work(workspace, command, rng, 1 << 33)
    before = approved(workspace)
    savers = [RenameSaver(path, rng.randrange(1 << 30)) for path in rng.sample(watched, 3)]
    for saver in savers:
        saver.start()
    script = DELAYED.format(seconds=delay_ms / 1000)
    done = subprocess.run(
        [sys.executable, "-c", script, "-C", str(workspace), *DELAYED_COMMANDS[command], *extra],
        capture_output=True,
        text=True,
        timeout=900,
    )
    for saver in savers:
        saver.stop.set()
        saver.join()
    tally.trials += 1
    problems: list[str] = []
    # Exit 3 is a fair answer when a file kept being saved; import's exit 1 says an
    # imported text failed a check (written all the same); anything else is not.
    if done.returncode not in (0, 3) and not (command == "import" and done.returncode == 1):
        problems.append(f"{command}: exit {done.returncode}: {done.stderr[-300:]}")
    if command == "translate" and "memory pre-filled" not in done.stdout:
        problems.append(f"translate: the memory pre-filled nothing: {done.stdout[-300:]}")
    by_path = {saver.path: saver for saver in savers}
    for path, translations in before.items():
        now = {entry.msgid: entry.msgstr for entry in parse_po(path.read_bytes()).entries}
        saver = by_path.get(path)
        edits = saver.edits if saver is not None else {}
        if saver is not None:
            tally.editor_saves += saver.saves
        gone = [msgid for msgid, text in edits.items() if now.get(msgid) != text]
        if gone:
            problems.append(f"{path}: {len(gone)} of the saver's {len(edits)} save(s) gone")
            tally.lost += len(gone)
        present = set(now.values())
        missing = {text for text in translations - present if not _edited(text, edits)}
        if missing:
            problems.append(f"{path}: {len(missing)} approved translation(s) gone")
            tally.lost += len(missing)
    if problems:
        tally.problems.extend(problems)
    else:
        tally.survived += 1


def _edited(text: str, edits: dict[str, str]) -> bool:
    """Whether an approved text was replaced by a saver's own edit of it."""
    return any(edit.startswith(f"{text} ⟨save ") for edit in edits.values())


def lost_update_soak(arguments: argparse.Namespace) -> None:
    """--delayed-rename: lost-update trials on a small corpus (20 statements × 3 languages)."""
    rng = random.Random(arguments.seed)
    workspace = fresh_workspace("lost-update-corpus", 20, 3, "lost-update")
    done = polyglot(workspace, COMMANDS["extract"], 1 << 33)
    assert done.returncode == 0, done.stderr
    tallies: dict[str, Tally] = collections.defaultdict(Tally)
    chosen = [c for c in arguments.commands.split(",") if c in DELAYED_COMMANDS]
    for number in range(arguments.trials):
        command = chosen[number % len(chosen)]
        tally = tallies[command]
        lost_update_trial(workspace, command, rng, arguments.delayed_rename, tally)
        print(
            f"trial {number + 1}/{arguments.trials}: {command}; so far: survived "
            f"{tally.survived}/{tally.trials}, saves {tally.editor_saves}, lost {tally.lost}",
            flush=True,
        )
    print()
    print(
        f"| command ({arguments.delayed_rename} ms after each rename) | trials | "
        "saves that landed after a rename | trials with every save kept | data lost |"
    )
    print("|---|---:|---:|---:|---:|")
    for command in chosen:
        tally = tallies[command]
        print(
            f"| {command} | {tally.trials} | {tally.editor_saves} | {tally.survived} | "
            f"{tally.lost} |"
        )
    for command in chosen:
        for problem in tallies[command].problems[:20]:
            print(f"{command}: {problem}")


if __name__ == "__main__":
    main()
