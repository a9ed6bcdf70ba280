"""`kpixl import WORKBOOK FILE…`: merge native exports into a kpixl workbook's network tables, losing nothing."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from kpixl.commands._common import export_options, force_option, language, reports_errors, set_language
from kpixl.refresh.books.package import PackageBook
from kpixl.refresh.core import import_results, nothing_imported
from kpixl.refresh.export_year import export_year
from kpixl.refresh.saving import update_file
from kpixl.refresh.summary import Summary
from kpixl.report.period import day_of, latest_complete, outside
from kpixl.sources import read_exports
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Count, Day, Message, render
from kpixl.workbook.templates import DATE_FIELD

PROGRESS_BYTES = 5_000_000
"""Show a progress bar when the exports add up to more than this."""


def read_all(files: tuple[Path, ...], **options: object) -> list[ImportResult]:
    """Read every export (a progress bar on stderr for large inputs); raises on the first unreadable file."""
    sizes = [os.path.getsize(f) if os.path.isfile(f) else 0 for f in files]
    results: list[ImportResult] = []
    with click.progressbar(length=sum(sizes), label=render(Message("reading_exports"), language()), file=sys.stderr,
                           hidden=sum(sizes) < PROGRESS_BYTES) as bar:
        for file, size in zip(files, sizes, strict=True):
            results.extend(read_exports(file, **options))  # type: ignore[arg-type]
            bar.update(size)
    return results


def echo_summary(summary: Summary, message: str, lang: str = "en") -> None:
    """Print the per-file summary, the totals and where the workbook was saved, in `lang`."""
    for line in summary.lines(lang):
        click.echo(line)
    click.echo(render(message, lang))


@click.command("import")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@export_options
@click.option("--skip-bad-rows", is_flag=True, help="Import the rows that parsed even if some rows were rejected.")
@force_option
@reports_errors
def command(workbook: Path, files: tuple[Path, ...], network: str | None, format_: str | None, year: int | None,
            mapping: Path | None, skip_bad_rows: bool, force: bool) -> None:
    """Merge exports into WORKBOOK: new posts added, known posts updated (by network + post id), nothing lost."""

    read: dict[str, object] = {}

    def run(book: PackageBook) -> Summary:
        layout = book.layout()  # a workbook not made by kpixl is refused before any export is read
        set_language(layout.lang)  # everything printed from here on is in the workbook's language
        results = read_all(files, network=network, format=format_, year=export_year(book, year), mapping=mapping)
        summary = import_results(book, results, strict=not skip_bad_rows)
        error = nothing_imported(summary)
        if error is not None:
            raise error
        read["period"] = tuple(day_of(book.read_name(layout.defined_name(k))) for k in ("period_start", "period_end"))
        read["days"] = [day_of(row.get(DATE_FIELD)) for result in results if result.table == "posts"
                        for row in result.rows]
        return summary

    summary, saved = update_file(workbook, run, force=force)
    lang = language()
    echo_summary(summary, saved.message, lang)
    note = period_note(read.get("days", []), read.get("period"))  # type: ignore[arg-type]
    if note:
        click.echo(render(note, lang))


def period_note(days: list, period: tuple | None) -> str | None:
    """How many imported posts the report period leaves out, and how to change it (None when all are inside)."""
    if not days or not period or None in period:
        return None
    left_out = outside(days, period)
    if not left_out:
        return None
    picked = latest_complete([d for d in days if d], dt.date.today())
    hint = Message("period_hint", start=Day.fromordinal(picked[0].toordinal()),
                   end=Day.fromordinal(picked[1].toordinal())) if picked else ""
    return Message("period_note", left_out=Count(left_out), total=Count(len(days)),
                   start=Day.fromordinal(period[0].toordinal()), end=Day.fromordinal(period[1].toordinal()), hint=hint)
