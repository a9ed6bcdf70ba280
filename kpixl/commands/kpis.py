"""`kpixl kpis`: the KPI catalog from the command line, as text grouped by area or as JSON."""

from __future__ import annotations

import json

import click

from kpixl.catalog import kpi as catalog_module
from kpixl.catalog.expr import to_text
from kpixl.commands._common import JSON_OPTION, LANG_OPTION
from kpixl.text.labels import label


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
@LANG_OPTION
@JSON_OPTION
@click.option("--area", type=click.Choice(catalog_module.AREAS), help="Only the KPIs of one area.")
def command(lang: str, as_json: bool, area: str | None) -> None:
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
