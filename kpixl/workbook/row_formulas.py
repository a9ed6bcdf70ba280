"""The calculated-column formulas of a network table, all rendered from the catalog by `kpixl.excel_formula`.

KPI columns use the network's variant; the engagement rate follows the variant cell in Settings through an IF
chain with one catalog-rendered formula per variant. Ratio helpers (numerator, denominator) come from
`ratio_formulas`, so period SUMIFS/SUMIFS equal the engine's ratio of sums.
"""

from __future__ import annotations

from kpixl import kpi as catalog
from kpixl.excel_formula import formula, ratio_formulas, structured_ref, text_literal
from kpixl.workbook.layout import Column, Layout


def input_refs(layout: Layout, net: str) -> dict[str, str]:
    """Structured this-row references of the network's input columns, by canonical field."""
    table = layout.table_name(net)
    return {c.key: structured_ref(table, c.header) for c in layout.columns(net) if c.role == "input"}


def param_refs(layout: Layout) -> dict[str, str]:
    """Every setting by its defined name (KPI parameters are settings)."""
    return {s.key: layout.defined_name(s.key) for s in layout.settings}


def _chain(cell: str, bodies: list[tuple[str, str]]) -> str:
    """`=IF(cell="a",<a>,IF(cell="b",<b>,""))` from complete formulas."""
    expr = '""'
    for variant, body in reversed(bodies):
        expr = f"IF({cell}={text_literal(variant)},{body.removeprefix('=')},{expr})"
    return "=" + expr


def column_formula(layout: Layout, net: str, column: Column) -> str:
    """The formula of one generated column (complete, with `=`)."""
    if column.role == "link":
        return _link_formula(layout, net, column)
    kpi = catalog.get(column.kpi or "")
    refs, params = input_refs(layout, net), param_refs(layout)
    variants = [column.variant] if column.variant else list(layout.tables[net].variant_choices)
    bodies = []
    for variant in variants:
        expr = kpi.expression(variant, network=net)
        if column.role == "kpi":
            bodies.append((variant, formula(expr, refs, params=params)))
        else:
            parts = ratio_formulas(expr, refs, params=params)
            assert parts is not None, f"{kpi.id} {variant} is not a ratio"
            bodies.append((variant, parts[0] if column.key.startswith("num:") else parts[1]))
    if column.variant:
        return bodies[0][1]
    return _chain(layout.defined_name(f"er_variant_{net}"), bodies)


def _link_formula(layout: Layout, net: str, column: Column) -> str:
    """UTM link from Settings (base URL, medium, campaign), the network as source and the row's content field."""
    refs = input_refs(layout, net)
    content, fallback = (refs[name] for name in column.sources)
    base, medium, campaign = (layout.defined_name(k) for k in ("base_url", "utm_medium", "utm_campaign"))
    return (f'=IF({base}="","",{base}&IF(ISNUMBER(FIND("?",{base})),"&","?")&"utm_source={net}&utm_medium="'
            f'&{medium}&"&utm_campaign="&{campaign}&"&utm_content="'
            f'&SUBSTITUTE(LOWER(TRIM(IF({content}="",{fallback},{content})))," ","_"))')
