"""`kpixl new`: a client workbook from a template, with native formulas rendered from the KPI catalog."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

import click

from kpixl.catalog.fields import NETWORKS
from kpixl.commands._common import reports_errors
from kpixl.errors import BadInputError
from kpixl.refresh.saving import LOCK_TIMEOUT
from kpixl.refresh.workbook_lock import workbook_locked
from kpixl.report.period import day_of, latest_complete
from kpixl.sources.samples import sample_audience, sample_rows
from kpixl.text.labels import LABELS, fill
from kpixl.text.messages import Day, Message, render
from kpixl.workbook.builder import build, parse_period, prepare


@click.command("new")
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--client", required=True, help="Client name shown on the Dashboard.")
@click.option("--template", default="social", show_default=True, help="social, influencer or a template .toml file.")
@click.option("--networks", default=None, help="Comma-separated networks (default: the template's).")
@click.option("--period", default=None,
              help="Report period START:END (YYYY-MM-DD); default: with --sample, the latest complete quarter (or "
                   "month) that has data, else the last 3 full months.")
@click.option("--lang", default="en", show_default=True, help="Workbook language: en or es.")
@click.option("--currency", default="EUR", show_default=True, help="ISO currency code used by money formats.")
@click.option("--goals", "goals_path", type=click.Path(dir_okay=False), default=None,
              help="Goals TOML file ([[goals]] tables); default: the template's goals.")
@click.option("--sample", is_flag=True, help="Fill the tables with realistic sample posts and daily followers.")
@click.option("--sample-size", default=300, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Sample posts per network.")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@click.option("--lite/--no-lite", default=True, show_default=True,
              help="Carry the xlwings Lite code (kpixl's Excel functions and the ⟳ Refresh button) in the workbook.")
@reports_errors
def command(out: str, client: str, template: str, networks: str | None, period: str | None, lang: str,
            currency: str, goals_path: str | None, sample: bool, sample_size: int, force: bool, lite: bool) -> None:
    """Create a client workbook OUT.xlsx (Excel Tables, KPI formulas, goals, dashboard, settings)."""
    if not client.strip():
        raise BadInputError("--client is empty; give the client name shown on the Dashboard")
    nets = tuple(n.strip().lower() for n in networks.split(",") if n.strip()) if networks is not None else None
    if nets == ():
        raise BadInputError(f"--networks lists no network; give one or more of {', '.join(NETWORKS)} separated by "
                            "commas, or leave the option out for the template's networks")
    options = {"template": template, "client": client, "networks": nets, "lang": lang, "currency": currency,
               "goals_path": goals_path}
    spec = prepare(period=parse_period(period), **options)
    rows = sample_rows(spec.template.name, spec.layout.networks, spec.period[1], sample_size) if sample else None
    audience = sample_audience(spec.layout.networks, spec.period[1]) if sample else ()
    note = ""
    if period is None and rows:  # the latest complete quarter (or month) that has data, not a blank Dashboard
        picked = latest_complete([d for posts in rows.values() for r in posts if (d := day_of(r.get("published_at")))],
                                 dt.date.today())
        if picked and picked != spec.period:
            spec = prepare(period=picked, **options)
        note = Message("new_period_picked", start=Day.fromordinal(spec.period[0].toordinal()),
                       end=Day.fromordinal(spec.period[1].toordinal()))
    real = Path(os.path.realpath(out))
    with workbook_locked(real, out, LOCK_TIMEOUT) if real.exists() else contextlib.nullcontext():
        path = build(out, spec, rows, force=force, audience=audience, lite=lite)  # --force waits for a running import
    click.echo(render(Message("new_wrote", path=str(Path(path).resolve()), note=note), spec.layout.lang))
    examples = sum(1 for goal in spec.goals if goal.example)
    if examples:  # the template's placeholder goals: say so, in the workbook's language
        click.echo(fill(LABELS["new_example_goals"], spec.layout.lang, count=examples))
