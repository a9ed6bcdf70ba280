"""`kpixl goal`: one SMART goal checked on a date (progress, expected progress, projection, status)."""

from __future__ import annotations

import datetime as dt
import json

import click

from kpixl.catalog import kpi as catalog_module
from kpixl.commands._common import JSON_OPTION, LANG_OPTION, format_value, reports_errors
from kpixl.errors import BadInputError
from kpixl.report.goals import DIRECTIONS, KINDS, Goal
from kpixl.text.labels import label


@click.command("goal")
@click.argument("kpi_id")
@click.option("--baseline", type=float, default=0.0, show_default=True)
@click.option("--target", type=float, required=True)
@click.option("--low", type=float, help="Lower bound of a range goal.")
@click.option("--high", type=float, help="Upper bound of a range goal.")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--deadline", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--actual", type=float, help="The KPI's value so far (leave out before the start).")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), help="Evaluation date (default today).")
@click.option("--direction", type=click.Choice(DIRECTIONS), help="Default from the KPI's direction.")
@click.option("--kind", type=click.Choice(KINDS), help="Default: cumulative for flows, level for rates.")
@LANG_OPTION
@JSON_OPTION
@reports_errors
def command(kpi_id: str, baseline: float, target: float, low: float | None, high: float | None, start: dt.datetime,
            deadline: dt.datetime, actual: float | None, on: dt.datetime | None, direction: str | None,
            kind: str | None, lang: str, as_json: bool) -> None:
    """Check a SMART goal: progress, expected progress, projection and status on a date."""
    if direction == "range" and (low is None or high is None):
        missing = " and ".join(flag for flag, value in (("--low", low), ("--high", high)) if value is None)
        raise BadInputError(f"--direction range needs --low and --high (the acceptable range); missing {missing}")
    g = Goal(kpi=kpi_id, baseline=baseline, target=target, low=low, high=high, start=start.date(),
             deadline=deadline.date(), direction=direction, kind=kind)
    day = (on or dt.datetime.now()).date()
    result = g.evaluate(actual, on=day, closed=day < dt.date.today())  # a past day has ended: final statuses
    data = {key: getattr(result, key) for key in
            ("progress", "percent_of_target", "expected_progress", "expected_value", "projection", "status")}
    if as_json:
        click.echo(json.dumps({"kpi": g.kpi, "direction": g.direction, "kind": g.kind, **data}))
        return
    unit = catalog_module.get(g.kpi).unit
    for key, value in data.items():
        if key == "status":
            shown = label(value, lang) if value else label("no_value", lang)
        elif key in ("expected_value", "projection"):
            shown = format_value(value, unit, lang)
        else:
            shown = format_value(value, "fraction", lang)
        click.echo(f"{label(key, lang):<20} {shown}")
