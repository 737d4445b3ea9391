"""`polyglot build`: decide which editions are ready, render what changed, swap dist/ in.

--lang, --statement and --format choose what is (re)built, not what dist/ keeps: every
edition outside the selection that the previous dist/ holds is carried over as it was
(its files hard-linked, its manifest line kept), and so are the other formats' files of
a selected edition. Only two things outside the selection ever change: an edition of a
statement or language no longer in the workspace is no longer listed, and a page whose
language switcher would change (a sibling language gained or lost its page) is rendered
again from the workspace, since its inputs are all there.

Nothing an earlier build published is dropped unless the build is asked to --prune (a
`Withdrawal` says what, kept or removed, and why). Without it, an edition or format this
build would not publish stays: made again from the current text when it can be (the
formats an earlier build made; a partial edition although partial editions are not
allowed), else, when not even a partial edition of it can be made or its statement or
language left the workspace, left in dist/ as it was, in the manifest's `kept` and
listed nowhere: the front pages, feeds, sitemap and switchers list only editions made
from the current text.

The build is incremental through the previous manifest: an edition whose inputs'
fingerprint, sibling pages and formats are unchanged is hard-linked from the previous
dist/ rather than rendered, and when nothing at all changed dist/ is not touched. A build
that found nothing changed leaves a stamp, and the next one answers from it when not one
file it read has changed identity since (publish/unchanged.py); build_run.py is the rest.

The original is an edition too, dist/<source-lang>/<slug>.*, built with its statement
whatever --lang says: every page links it. The files that span statements (front pages,
feeds, sitemap: site.py) are made last, from the manifest.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from polyglot_statement.collector import fewer_collections
from polyglot_statement.config import EDITION_FORMATS as FORMATS
from polyglot_statement.config import EditionFormat, Settings, select_languages
from polyglot_statement.errors import PolyglotError, UsageError
from polyglot_statement.fsutil import workspace_lock
from polyglot_statement.progress import Listener, ignore, lock_waiter
from polyglot_statement.publish.inputs import common_digest
from polyglot_statement.publish.manifest import MANIFEST_NAME, read_manifest
from polyglot_statement.publish.report import BuildReport
from polyglot_statement.publish.swap import check_replaceable, recover
from polyglot_statement.publish.unchanged import build_key, read_stamp, report_from
from polyglot_statement.source import select_statement_paths, statement_paths


def build(
    settings: Settings,
    formats: Sequence[str] = (),
    languages: Sequence[str] = (),
    statements: Sequence[str] = (),
    allow_partial: bool | None = None,
    on_event: Listener = ignore,
    prune: bool = False,
) -> BuildReport:
    """Publish every ready edition of the chosen statements and languages into the output folder.

    The last build's editions and formats outside the choice stay as they were (see the
    module's docstring). With `allow_partial` (by default the settings' `publish.allow-
    partial`), editions below the publication rule are published too; their segments that
    are not approved show the source text. What an earlier build published and this one
    would not is kept, unless `prune` (see the module's docstring). Holds the workspace
    lock (`on_event` hears who holds it when the build must wait): two builds would delete
    each other's half-built folders.
    """
    chosen_formats = _formats(formats) if formats else settings.formats
    if allow_partial is None:
        allow_partial = settings.allow_partial
    chosen_languages = select_languages(settings, languages)
    sources = statement_paths(settings)
    chosen_sources = select_statement_paths(settings, statements)
    output = settings.output_path
    options = (
        chosen_formats,
        allow_partial,
        chosen_languages,
        [str(path) for path in sources],
        [str(path) for path in chosen_sources],
        bool(formats),
        prune,
    )
    with workspace_lock(
        settings.cache_path, "build", lock_waiter(on_event), clean=settings.temp_folders
    ):
        recover(output)
        check_replaceable(output, MANIFEST_NAME)
        replayed = _replay(settings, options, output)
        if replayed is not None:
            return replayed
        # Only now: the renderers, templates and checks add a tenth of a second or more to
        # the start of a build that has nothing to do.
        from polyglot_statement.publish.build_run import Build

        # One Build per pass: settle() decides again from a fresh one, remembering nothing.
        new_build = partial(
            Build,
            settings,
            output,
            chosen_formats,
            allow_partial,
            sources,
            chosen_sources,
            narrowed=bool(formats),
            prune=prune,
        )
        # A sixth of a cold build's CPU time was the cyclic collector walking what the
        # build holds (collector.py).
        with fewer_collections():
            run = new_build()
            key = build_key(settings, options, run.common)
            report = run.execute(chosen_languages, key)
            if report.replaced and not report.warnings:
                # The next build with nothing changed is answered from the stamp this leaves.
                new_build().settle(chosen_languages, key)
        return report


def _replay(settings: Settings, options: Sequence[object], output: Path) -> BuildReport | None:
    """The report of the last build that found nothing changed, when nothing it read has
    changed since (publish/unchanged.py); None otherwise."""
    try:
        key = build_key(settings, options, common_digest(settings))
    except PolyglotError:
        return None  # the ordinary build says what is wrong
    said = read_stamp(settings, key)
    if said is None:
        return None
    manifest = read_manifest(output / MANIFEST_NAME, sources=True)
    if manifest is None:
        return None
    return report_from(said, output, manifest)


def _formats(formats: Sequence[str]) -> tuple[EditionFormat, ...]:
    unknown = [name for name in formats if name not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; formats are {', '.join(FORMATS)}")
    return tuple(name for name in FORMATS if name in formats)
