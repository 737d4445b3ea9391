"""What `polyglot build` says: each edition published, skipped, kept or removed, and why,
after the warnings about its sources."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from polyglot_statement.errors import shown_path
from polyglot_statement.languages import english_name
from polyglot_statement.publish.page_text import page_words_warning
from polyglot_statement.publish.report import BuildReport


def render_build(
    report: BuildReport, out: TextIO, err: TextIO, root: Path, source_language: str
) -> None:
    for problem in report.warnings:
        print(
            f"warning: {shown_path(problem.path, root)}:{problem.line}: {problem.message}", file=err
        )
    for words in report.english_words:
        print(f"warning: {page_words_warning(words, root)}", file=err)
    for path in report.undated:
        print(
            f"warning: {shown_path(path, root)}: no `date` in the front matter; its "
            "pages show no date and no feed lists it (add e.g. `date: 2024-05-01`)",
            file=err,
        )
    err.flush()
    source = english_name(source_language)
    for record in report.published:
        rendered = "built" if record.key in report.rebuilt else "unchanged"
        if record.key in report.carried:
            rendered = (
                "not selected; page rebuilt for its language switcher"
                if record.key in report.rebuilt
                else "not selected, kept"
            )
        line = (
            f"published {record.language:<6} {record.statement} "
            f"({', '.join(record.formats)}; {rendered})"
        )
        if record.language == source_language:
            line += " — original"
        elif record.reasons:
            line += f" — partial: {record.fallback_count} segment(s) in {source}; " + "; ".join(
                record.reasons
            )
        print(line, file=out)
    # A skipped edition outside the selection was not looked at: its reasons are old news.
    # One an earlier build published has a `kept` or `removed` line instead.
    withdrawn = {(item.statement, item.language) for item in report.withdrawn if item.edition}
    skipped = [
        record
        for record in report.skipped
        if record.key not in report.carried and record.key not in withdrawn
    ]
    for record in skipped:
        # Under --allow-partial, what keeps an edition out is what even that does not allow.
        reasons = record.refusals if report.allow_partial and record.refusals else record.reasons
        print(f"skipped   {record.language:<6} {record.statement}: {'; '.join(reasons)}", file=out)
    for (statement, language), reasons in sorted(report.stale.items()):
        print(
            f"stale     {language:<6} {statement}: kept as it was, but its language switcher "
            f"is out of date; it is no longer ready: {'; '.join(reasons)}",
            file=out,
        )
    for item in report.withdrawn:
        files = f" ({', '.join(item.formats)})" if item.formats else ""
        line = f"{item.language:<6} {item.statement}{files}: {item.reason}"
        if report.pruned:
            print(f"removed   {line}", file=out)
            continue
        them = "it" if item.edition else "them"
        if not item.listed:
            how = "left in dist/ as an earlier build made it, listed nowhere"
        else:  # a whole edition still listed is one kept as a partial edition
            how = "still published as a partial edition" if item.edition else "still published"
        print(f"kept      {line}; {how}; --prune removes {them}", file=out)
    output = shown_path(report.output, root)
    kept = sum(
        1
        for record in report.published
        if record.key in report.carried and record.key not in report.rebuilt
    )
    print(
        f"{output}/: {len(report.published)} edition(s) published "
        f"({len(report.rebuilt)} built{f', {kept} kept' if kept else ''}), "
        f"{len(skipped)} skipped"
        + (
            f"; {len(report.withdrawn)} {'removed' if report.pruned else 'kept without --prune'}"
            if report.withdrawn
            else ""
        )
        + ("" if report.replaced else "; nothing changed"),
        file=out,
    )
    out.flush()
