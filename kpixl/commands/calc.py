"""`kpixl calc`: one KPI computed from `name=value` inputs; inputs the chosen variant does not read are refused."""

from __future__ import annotations

import functools
import json

import click

from kpixl.catalog import kpi as catalog_module
from kpixl.catalog.expr import inputs_of, params_of
from kpixl.commands._common import JSON_OPTION, format_value, language, parse_assignment, reports_errors
from kpixl.errors import BadInputError, KpixlError
from kpixl.render.engine import compute
from kpixl.text.messages import render


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


@functools.cache
def setting_names() -> frozenset[str]:
    """The settings any KPI reads (EMV values per like, per thousand impressions …): numbers, not counts."""
    names: set[str] = set()
    for kpi in catalog_module.catalog().values():
        for variant in kpi.variant_ids:
            try:
                names.update(params_of(kpi.expression(variant, provided=catalog_module.DERIVED)))
            except KpixlError:  # a variant that needs a network or interactions: its settings are the same
                continue
    return frozenset(names)


def read_input(name: str, text: str) -> int | float | None:
    """An input as the Excel functions read it (`kpixl.sources.parsing.parse_input`): counts whole and never
    negative, amounts never negative, settings (EMV values, thresholds) any finite number."""
    from kpixl.sources.parsing import ParseError, parse_input, parse_number

    try:
        return parse_number(text) if name in setting_names() else parse_input(name, text)
    except ParseError as exc:
        raise BadInputError(f"input {name!r}: {render(exc.args[0], language())}") from None


@click.command("calc")
@click.argument("kpi_id")
@click.argument("inputs", nargs=-1)
@click.option("--variant", help="Variant of the KPI (see `kpixl kpis --json`).")
@click.option("--network", help="Network whose defaults apply (engagement set, rate denominator).")
@click.option("--interactions", help="Comma-separated interactions that count as engagement.")
@JSON_OPTION
@reports_errors
def command(kpi_id: str, inputs: tuple[str, ...], variant: str | None, network: str | None,
            interactions: str | None, as_json: bool) -> None:
    """Compute one KPI: kpixl calc engagement_rate likes=80 comments=15 shares=5 reach=2000"""
    kpi = catalog_module.get(kpi_id)
    values = dict(parse_assignment(text, read_input) for text in inputs)
    chosen = tuple(s.strip() for s in interactions.split(",")) if interactions else None
    check_inputs_used(kpi, values, variant=variant, network=network, interactions=chosen)
    result = compute(kpi.id, variant=variant, network=network, interactions=chosen, **values)
    used_variant = kpi.variant_for(variant, network).id
    if as_json:
        click.echo(json.dumps({"kpi": kpi.id, "variant": used_variant, "unit": kpi.unit, "value": result}))
    else:
        click.echo(f"{kpi.name()} ({used_variant}): {format_value(result, kpi.unit)}")
