"""`kpixl sql`: the catalog as a SQL view over a posts table, one column per KPI, for a warehouse's dialect."""

from __future__ import annotations

from pathlib import Path

import click

from kpixl.atomic import write_text
from kpixl.commands._common import comma_names, kpi_column_options, reports_errors, sql_options
from kpixl.render import sql


@click.command("sql")
@click.option("--dialect", type=click.Choice(sql.DIALECTS), default="duckdb", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="SQL file (default: print).")
@click.option("--table", default="posts", show_default=True, help="Table with the columns of `kpixl normalize`.")
@click.option("--view", default="posts_kpis", show_default=True, help="Name of the view created.")
@kpi_column_options
@reports_errors
def command(dialect: str, output: Path | None, table: str, view: str, kpis: str | None, variant: str | None,
            interactions: str | None, params: tuple[str, ...]) -> None:
    """A view adding one column per KPI to a posts table, for a warehouse (duckdb, spark, bigquery, ...)."""
    options = sql_options(variant, interactions, params)
    text = sql.view_sql(dialect, table=table, view=view, kpis=comma_names(kpis), options=options)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text)
        click.echo(f"{output}: view {view} over {table} ({dialect})", err=True)
