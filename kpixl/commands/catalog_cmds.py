"""`kpixl kpis`, `kpixl calc` and `kpixl goal`: the catalog, one KPI, one goal, from the command line."""

from __future__ import annotations

import datetime as dt
import json
import math

import click

from kpixl.catalog import kpi as catalog_module
from kpixl.catalog.expr import inputs_of, params_of, to_text
from kpixl.commands._common import reports_errors
from kpixl.errors import BadInputError
from kpixl.render.engine import compute
from kpixl.report.goals import DIRECTIONS, KINDS, Goal
from kpixl.text.labels import LANGUAGES, label

LANG = click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True,
                    help="Language of names and labels.")
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def describe(kpi: catalog_module.Kpi, lang: str) -> dict:
    """A KPI as plain data, for --json and docs."""
    return {
        "id": kpi.id,
        "name": kpi.name(lang),
        "area": kpi.area,
        "description": kpi.description(lang),
        "unit": kpi.unit,
        "direction": kpi.direction,
        "aggregation": kpi.aggregation,
        "default_variant": kpi.default_variant,
        "network_variants": dict(kpi.network_variants),
        "variants": [
            {"id": v.id, "label": v.label(lang), "formula": to_text(kpi.expression(v.id)),
             "inputs": list(kpi.inputs(v.id)), "source": v.source}
            for v in kpi.variants
        ],
        "actions": {"below": [a(lang) for a in kpi.actions.below], "above": [a(lang) for a in kpi.actions.above]},
    }


@click.command("kpis")
@LANG
@AS_JSON
@click.option("--area", type=click.Choice(catalog_module.AREAS), help="Only the KPIs of one area.")
def kpis(lang: str, as_json: bool, area: str | None) -> None:
    """List every KPI: id, name, unit and formula of the default variant."""
    items = [k for k in catalog_module.catalog().values() if area is None or k.area == area]
    if as_json:
        click.echo(json.dumps([describe(k, lang) for k in items], ensure_ascii=False, indent=2))
        return
    current = None
    for kpi in items:
        if kpi.area != current:
            current = kpi.area
            click.secho(f"\n{label(kpi.area, lang)}", bold=True)
        variants = f"  [{', '.join(kpi.variant_ids)}]" if len(kpi.variants) > 1 else ""
        click.echo(f"  {kpi.id:<24} {kpi.name(lang):<44} {label(kpi.unit, lang):<10} "
                   f"{to_text(kpi.expression())}{variants}")


def parse_assignment(text: str) -> tuple[str, float | None]:
    """`likes=1,234` → ("likes", 1234.0); an empty value means missing."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise BadInputError(f"expected name=value, got {text!r}")
    raw = raw.strip().replace("_", "")
    if raw == "":
        return name.strip(), None
    percent = raw.endswith("%")
    try:
        value = float(raw.rstrip("%").replace(",", ""))
    except ValueError:
        raise BadInputError(f"input {name.strip()!r} is not a number: {raw!r}") from None
    if not math.isfinite(value):
        raise BadInputError(f"input {name.strip()!r} is not a finite number: {raw!r}")
    return name.strip(), value / 100 if percent else value


def format_value(value: object, unit: str, lang: str = "en") -> str:
    if value is None:
        return label("no_value", lang)
    if isinstance(value, str):
        return value
    if unit == "fraction":
        return f"{value:.4%}"
    if unit == "multiple":
        return f"{value:,.4f}×"
    if unit in ("count",) and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.4f}"


def check_inputs_used(kpi: catalog_module.Kpi, values: dict[str, float | None], *, variant: str | None,
                      network: str | None, interactions: tuple[str, ...] | None) -> None:
    """Refuse inputs the chosen variant does not read (`foo=3`, a misspelt `sves=3`) instead of ignoring them."""
    expr = kpi.expression(variant, network=network, interactions=interactions, provided=values)
    reads, params = inputs_of(expr), params_of(expr)
    unused = [name for name in values if name not in reads and name not in params]
    if not unused:
        return
    given = [name for name in catalog_module.DERIVED if name in values and name in reads]
    note = f" ({', '.join(given)} given, so not computed from components)" if given else ""
    settings = f"; settings: {', '.join(params)}" if params else ""
    used = kpi.variant_for(variant, network).id
    others = [v for v in kpi.variant_ids if v != used]
    hint = f" (other variants with --variant: {', '.join(others)})" if others else ""
    raise BadInputError(
        f"{kpi.id} ({used}) does not use {', '.join(unused)}; it reads: {', '.join(reads)}{note}{settings}{hint}"
    )


@click.command("calc")
@click.argument("kpi_id")
@click.argument("inputs", nargs=-1)
@click.option("--variant", help="Variant of the KPI (see `kpixl kpis --json`).")
@click.option("--network", help="Network whose defaults apply (engagement set, rate denominator).")
@click.option("--interactions", help="Comma-separated interactions that count as engagement.")
@AS_JSON
@reports_errors
def calc(kpi_id: str, inputs: tuple[str, ...], variant: str | None, network: str | None,
         interactions: str | None, as_json: bool) -> None:
    """Compute one KPI: kpixl calc engagement_rate likes=80 comments=15 shares=5 reach=2000"""
    kpi = catalog_module.get(kpi_id)
    values = dict(parse_assignment(text) for text in inputs)
    chosen = tuple(s.strip() for s in interactions.split(",")) if interactions else None
    check_inputs_used(kpi, values, variant=variant, network=network, interactions=chosen)
    result = compute(kpi.id, variant=variant, network=network, interactions=chosen, **values)
    used_variant = kpi.variant_for(variant, network).id
    if as_json:
        click.echo(json.dumps({"kpi": kpi.id, "variant": used_variant, "unit": kpi.unit, "value": result}))
    else:
        click.echo(f"{kpi.name()} ({used_variant}): {format_value(result, kpi.unit)}")


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
@LANG
@AS_JSON
@reports_errors
def goal(kpi_id: str, baseline: float, target: float, low: float | None, high: float | None, start: dt.datetime,
         deadline: dt.datetime, actual: float | None, on: dt.datetime | None, direction: str | None,
         kind: str | None, lang: str, as_json: bool) -> None:
    """Check a SMART goal: progress, expected progress, projection and status on a date."""
    if direction == "range" and (low is None or high is None):
        missing = " and ".join(flag for flag, value in (("--low", low), ("--high", high)) if value is None)
        raise BadInputError(f"--direction range needs --low and --high (the acceptable range); missing {missing}")
    g = Goal(kpi=kpi_id, baseline=baseline, target=target, low=low, high=high, start=start.date(),
             deadline=deadline.date(), direction=direction, kind=kind)
    result = g.evaluate(actual, on=(on or dt.datetime.now()).date())
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
