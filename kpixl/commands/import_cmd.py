"""`kpixl import WORKBOOK FILE…`: merge native exports into a kpixl workbook's network tables, losing nothing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kpixl.commands._common import export_options, force_option, reports_errors
from kpixl.refresh.core import import_results, nothing_imported
from kpixl.refresh.package_book import PackageBook
from kpixl.refresh.saving import update_file
from kpixl.refresh.summary import Summary
from kpixl.sources import read_exports
from kpixl.sources.result import ImportResult

PROGRESS_BYTES = 5_000_000
"""Show a progress bar when the exports add up to more than this."""


def read_all(files: tuple[Path, ...], **options: object) -> list[ImportResult]:
    """Read every export (a progress bar on stderr for large inputs); raises on the first unreadable file."""
    sizes = [os.path.getsize(f) if os.path.isfile(f) else 0 for f in files]
    results: list[ImportResult] = []
    with click.progressbar(length=sum(sizes), label="reading exports", file=sys.stderr,
                           hidden=sum(sizes) < PROGRESS_BYTES) as bar:
        for file, size in zip(files, sizes, strict=True):
            results.extend(read_exports(file, **options))  # type: ignore[arg-type]
            bar.update(size)
    return results


def echo_summary(summary: Summary, message: str) -> None:
    """Print the per-file summary, the totals and where the workbook was saved."""
    for line in summary.lines():
        click.echo(line)
    click.echo(message)


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

    def run(book: PackageBook) -> Summary:
        book.layout()  # a workbook not made by kpixl is refused before any export is read
        results = read_all(files, network=network, format=format_, year=year, mapping=mapping)
        summary = import_results(book, results, strict=not skip_bad_rows)
        error = nothing_imported(summary)
        if error is not None:
            raise error
        return summary

    summary, saved = update_file(workbook, run, force=force)
    echo_summary(summary, saved.message)
