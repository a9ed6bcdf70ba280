"""`kpixl summarize`: KPIs per group (network and month by default) over CSV or Parquet posts files, with DuckDB
(out of core) or pandas (the same numbers)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kpixl.commands._common import comma_names, kpi_column_options, reports_errors, sql_options
from kpixl.render import sql


@click.command("summarize")
@click.argument("files", nargs=-1, required=True)
@click.option("--by", default="network,month", show_default=True,
              help=f"Comma-separated group keys: columns, or {', '.join(sql.PERIODS)} of published_at.")
@click.option("--engine", type=click.Choice(("duckdb", "pandas")), default=None,
              help="DuckDB works out of core (files larger than memory); pandas gives the same numbers. Default: "
                   "DuckDB when kpixl[sql] is installed, else pandas.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="OUT.csv or OUT.parquet (default: CSV on standard output).")
@click.option("--how", type=click.Choice(("ratio_of_sums", "mean", "median")),
              help="How ratios aggregate (default: ratio of sums).")
@kpi_column_options
@reports_errors
def command(files: tuple[str, ...], by: str, engine: str | None, output: Path | None, how: str | None,
            kpis: str | None, variant: str | None, interactions: str | None, params: tuple[str, ...]) -> None:
    """KPIs per network and month (or any keys) over CSV or Parquet posts files and globs."""
    from kpixl.analytics.file_summary import summarize_files, to_csv, write

    options = sql_options(variant, interactions, params)
    keys = comma_names(by) or ()
    table = summarize_files(files, keys, comma_names(kpis), engine=engine, options=options, how=how)
    if output is None:
        to_csv(table, sys.stdout)
    else:
        write(table, output)
        click.echo(f"{output}: {len(table)} groups", err=True)
