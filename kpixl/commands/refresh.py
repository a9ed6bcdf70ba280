"""`kpixl refresh WORKBOOK [--from DIR]`: re-import the exports folder and rebuild what kpixl generates."""

from __future__ import annotations

from pathlib import Path

import click

from kpixl.commands._common import force_option, language, reports_errors, set_language
from kpixl.commands.import_ import echo_summary
from kpixl.refresh.books.package import PackageBook
from kpixl.refresh.core import nothing_imported, refresh
from kpixl.refresh.export_year import export_year
from kpixl.refresh.saving import update_file
from kpixl.refresh.summary import Summary
from kpixl.text.messages import Message, render


@click.command("refresh")
@click.argument("workbook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of exports (default: the exports folder in Settings, relative to the workbook).")
@click.option("--year", type=int, help="Year of the latest date in exports whose dates have no year (TikTok); "
                                      "default: the export year in Settings, else inferred.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the rows that parsed even if some rows were rejected.")
@force_option
@reports_errors
def command(workbook: Path, folder: Path | None, year: int | None, skip_bad_rows: bool, force: bool) -> None:
    """Re-import every export of the folder into WORKBOOK and rewrite the calculated columns; keep everything else."""

    def run(book: PackageBook) -> Summary:
        lang = book.layout().lang
        set_language(lang)  # everything printed from here on is in the workbook's language

        def seen(file: Path) -> None:
            click.echo(render(Message("read_file", file=str(file)), lang))  # stdout: in order, before "saved"

        summary = refresh(book, folder, base=workbook.resolve().parent, strict=not skip_bad_rows, on_file=seen,
                          year=export_year(book, year))
        error = nothing_imported(summary)
        if error is not None:
            raise error
        return summary

    summary, saved = update_file(workbook, run, force=force)
    echo_summary(summary, saved.message, language())
