"""`kpixl sql` and `kpixl summarize`: the catalog for analysts and warehouses."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kpixl.atomic import write_text
from kpixl.commands._common import reports_errors
from kpixl.errors import BadInputError
from kpixl.render import sql


def _names(text: str | None) -> tuple[str, ...] | None:
    return tuple(part.strip() for part in text.split(",") if part.strip()) if text else None


def _params(assignments: tuple[str, ...]) -> dict[str, float]:
    from kpixl.commands.catalog_cmds import parse_assignment

    params = {}
    for text in assignments:
        name, value = parse_assignment(text)
        if value is None:
            raise BadInputError(f"--param {name} needs a value, e.g. --param {name}=12.5")
        params[name] = value
    return params


def shared_options(command: click.Command) -> click.Command:
    """--kpis, --variant, --interactions and --param: what both commands pass to the renderer."""
    for option in reversed((
        click.option("--kpis", help="Comma-separated KPI ids (default: every KPI the columns can compute)."),
        click.option("--variant", help="One variant for every KPI that has it (default: each network's)."),
        click.option("--interactions", help="Comma-separated interactions that count as engagement."),
        click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
                     help="A parameter such as emv_cpm=12.5 (repeatable); others keep their defaults."),
    )):
        command = option(command)
    return command


@click.command("sql")
@click.option("--dialect", type=click.Choice(sql.DIALECTS), default="duckdb", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="SQL file (default: print).")
@click.option("--table", default="posts", show_default=True, help="Table with the columns of `kpixl normalize`.")
@click.option("--view", default="posts_kpis", show_default=True, help="Name of the view created.")
@shared_options
@reports_errors
def sql_command(dialect: str, output: Path | None, table: str, view: str, kpis: str | None, variant: str | None,
                interactions: str | None, params: tuple[str, ...]) -> None:
    """A view adding one column per KPI to a posts table, for a warehouse (duckdb, spark, bigquery, ...)."""
    options = sql.Options(variant=variant, interactions=_names(interactions), params=_params(params))
    text = sql.view_sql(dialect, table=table, view=view, kpis=_names(kpis), options=options)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_text(output, text)
        click.echo(f"{output}: view {view} over {table} ({dialect})", err=True)


@click.command("summarize")
@click.argument("files", nargs=-1, required=True)
@click.option("--by", default="network,month", show_default=True,
              help=f"Comma-separated group keys: columns, or {', '.join(sql.PERIODS)} of published_at.")
@click.option("--engine", type=click.Choice(("duckdb", "pandas")), default="duckdb", show_default=True,
              help="DuckDB works out of core (files larger than memory); pandas gives the same numbers.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="OUT.csv or OUT.parquet (default: CSV on standard output).")
@click.option("--how", type=click.Choice(("ratio_of_sums", "mean", "median")),
              help="How ratios aggregate (default: ratio of sums).")
@shared_options
@reports_errors
def summarize_command(files: tuple[str, ...], by: str, engine: str, output: Path | None, how: str | None,
                      kpis: str | None, variant: str | None, interactions: str | None,
                      params: tuple[str, ...]) -> None:
    """KPIs per network and month (or any keys) over CSV or Parquet posts files and globs."""
    from kpixl.analytics.file_summary import summarize_files, write

    options = sql.Options(variant=variant, interactions=_names(interactions), params=_params(params))
    keys = _names(by) or ()
    table = summarize_files(files, keys, _names(kpis), engine=engine, options=options, how=how)
    if output is None:
        table.to_csv(sys.stdout, index=False)
    else:
        write(table, output)
        click.echo(f"{output}: {len(table)} groups", err=True)
