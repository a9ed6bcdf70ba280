"""The Dashboard's totals against the previous period: posts, reach, impressions, views, engagements and the other
overview totals get the previous period's figure and the change, like the KPIs do, in two tables aligned with the
overview's columns; and the networks with no post in the period, named once in a sentence.

`total` is the one definition of an overview figure (formula body and cached value), used by the overview too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.utils import get_column_letter

from kpixl.catalog import kpi as catalog
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.text.labels import label
from kpixl.workbook.formulas import aggregates
from kpixl.workbook.layout import Layout
from kpixl.workbook.sheets import dashboard_rows
from kpixl.workbook.sheets.dashboard_kpis import NO_DATA, change_format, change_formula, change_of
from kpixl.workbook.styles import Styler
from kpixl.workbook.templates import Template
from kpixl.workbook.values import TableValues


def key_of(template: Template, item: str) -> str:
    return item if item in template.fields else f"kpi:{item}"


def unit_of(template: Template, item: str) -> str:
    """An overview item's unit: a KPI's own, "count" for a template field (money fields "currency")."""
    if item in template.fields:
        return "currency" if template.fields[item].format == "currency" else "count"
    return catalog.get(item).unit


def total(layout: Layout, template: Template, record: TableValues, net: str, item: str, refs: tuple[str, str],
          days: tuple[float, float]) -> tuple[str | None, Callable[[], Any]]:
    """(formula body or None, cached value) of an overview figure over a period: posts counted, the engagement
    rate as its ratio of sums, every other item summed."""
    if item == "posts":
        return (aggregates.post_count(layout, [net], *refs),
                partial(aggregates.post_count_of, record, [net], *days))
    if item == "engagement_rate":
        return (aggregates.kpi_value(layout, [net], item, *refs),
                partial(aggregates.kpi_value_of, layout, record, [net], item, *days))
    key = key_of(template, item)
    return (aggregates.column_sum(layout, [net], key, *refs),
            partial(aggregates.column_sum_of, layout, record, [net], key, *days))


def height(layout: Layout) -> int:
    """Rows the block takes: the sentence, then a heading, a header and one row per network for each table."""
    return 5 + 2 * len(layout.networks)


def no_posts_sentence(layout: Layout, record: TableValues, refs: tuple[str, str], days: tuple[float, float],
                      rows: Mapping[str, int] | None = None) -> tuple[str, Callable[[], str | None]]:
    """(formula, cached value): "No posts in this period: YouTube, Pinterest." — blank when every network posted.
    `rows`: each network's overview row; a network with posts whose row is hidden (rows hidden at the last import,
    then the period changed or posts were typed: `dashboard_rows`) is named after it, with how to show it (SUBTOTAL
    103 counts only visible cells). Its cached value is blank: kpixl writes rows hidden only without posts."""
    lang, nets = layout.lang, layout.networks
    before, after = label("wb_no_posts_networks", lang).split("{networks}")
    counts = {n: aggregates.post_count(layout, [n], *refs) for n in nets}
    parts = [f'IF({counts[n]}=0,{text_literal(", " + NETWORK_NAMES[n])},"")' for n in nets]
    joined = "&".join(parts) or '""'
    formula = (f'=IF(({joined})="","",{text_literal(before)}&MID({joined},3,500)&{text_literal(after)})')
    if rows:
        first, last = label("wb_hidden_rows_with_posts", lang).split("{networks}")
        shown = "&".join(f'IF(AND({counts[n]}>0,SUBTOTAL(103,$A${rows[n]})=0),{text_literal(", " + NETWORK_NAMES[n])}'
                         f',"")' for n in nets)
        formula += (f'&IF(({shown})="","",IF(({joined})="",""," ")&{text_literal(first)}&MID({shown},3,500)&'
                    f'{text_literal(last)})')

    def cached() -> str | None:
        silent = [NETWORK_NAMES[n] for n in nets if aggregates.post_count_of(record, [n], *days) == 0]
        return before + ", ".join(silent) + after if silent else None

    return formula, cached


def write(ws: Any, st: Styler, layout: Layout, template: Template, record: TableValues, items: Sequence[str],
          overview: dict[str, dict[str, str | None]], first_row: int, refs: tuple[str, str, str, str],
          days: tuple[float, float, float, float], formats: Callable[[str], str],
          header: Callable[[], Sequence[Any]], shows: Callable[..., bool] = lambda *_: True) -> dict[str, Any]:
    """Append the block from `first_row`; `overview` holds the current figures' cells by network and item (posts
    first); `refs` / `days` are the report period's and the previous period's start and end (cell references,
    serial days); `header` the overview's header cells, repeated over each table; a network `shows(network,
    before=True)` refuses has its rows hidden (`dashboard_rows`), and both tables' headings when none is left.
    Returns its cells for `layout.dashboard` (and under "rows" the rows kpixl hides or shows, for the caller)."""
    lang, nets = layout.lang, layout.networks
    rows = {net: int(overview[net]["posts"][1:]) for net in nets}  # type: ignore[index]
    sentence, sentence_value = no_posts_sentence(layout, record, refs[:2], days[:2], rows)
    ws.append([st.cell(sentence, "label", cached=sentence_value)])
    cells: dict[str, Any] = {"no_posts": f"A{first_row}", "previous": {}, "change": {}, "rows": []}
    columns = ["posts", *items]
    previous_top = first_row + 2  # its header row
    change_top = previous_top + 2 + len(nets)
    for top in (previous_top, change_top):  # before the rows are written (write-only): headers on two lines
        ws.row_dimensions[top].height = 32
    empty = not any(shows(net, before=True) for net in nets)  # no previous period to show
    for r in (previous_top - 1, previous_top, change_top - 1, change_top):
        dashboard_rows.hide(ws, r, empty)
    cells["rows"] += [previous_top - 1, previous_top, change_top - 1, change_top]
    ws.append([st.cell(label("wb_volumes_previous", lang), "heading")])
    ws.append(list(header()))
    for r, net in enumerate(nets, start=previous_top + 1):
        row = [st.cell(NETWORK_NAMES[net], "label")]
        cells["previous"][net] = {}
        for c, item in enumerate(columns, start=2):
            body, value = total(layout, template, record, net, item, refs[2:], days[2:])
            row.append(st.cell(f"={body}", "cell", formats(item), cached=value) if body else st.cell(None, "cell"))
            cells["previous"][net][item] = f"{get_column_letter(c)}{r}" if body else None
        dashboard_rows.hide(ws, r, not shows(net, before=True))
        cells["rows"].append(r)
        ws.append(row)
    ws.append([st.cell(label("wb_volumes_change", lang), "heading")])
    ws.append(list(header()))
    for r, net in enumerate(nets, start=change_top + 1):
        row = [st.cell(NETWORK_NAMES[net], "label")]
        cells["change"][net] = {}
        for c, item in enumerate(columns, start=2):
            now, before = overview[net].get(item), cells["previous"][net][item]
            if now is None or before is None:
                row.append(st.cell(None, "cell"))
                cells["change"][net][item] = None
                continue
            unit = "count" if item == "posts" else unit_of(template, item)
            current = total(layout, template, record, net, item, refs[:2], days[:2])[1]
            earlier = total(layout, template, record, net, item, refs[2:], days[2:])[1]
            row.append(st.cell(change_formula(unit, now, before), "cell", change_format(unit),
                               cached=lambda unit=unit, current=current, earlier=earlier:
                               change_of(unit, current(), earlier())))
            cells["change"][net][item] = f"{get_column_letter(c)}{r}"
        dashboard_rows.hide(ws, r, not shows(net, before=True))
        cells["rows"].append(r)
        ws.append(row)
    if nets:  # a network without posts in that period (previous; report period for the change): its name greyed
        posts = (f"$B{previous_top + 1}", f"${overview[nets[0]]['posts']}")  # relative rows: one per network
        for top, count in zip((previous_top, change_top), posts, strict=True):
            ws.conditional_formatting.add(f"A{top + 1}:A{top + len(nets)}", FormulaRule(
                formula=[f"N({count})=0"], font=NO_DATA))
    # a rise is good news for every total but the money spent: coloured red to green, spend left plain
    coloured = [get_column_letter(c) for c, item in enumerate(columns, start=2) if item != "spend"]
    for letter in coloured if nets else ():
        ws.conditional_formatting.add(f"{letter}{change_top + 1}:{letter}{change_top + len(nets)}", ColorScaleRule(
            start_type="num", start_value=-0.5, start_color="F8696B", mid_type="num", mid_value=0,
            mid_color="FFFFFF", end_type="num", end_value=0.5, end_color="63BE7B"))
    return cells
