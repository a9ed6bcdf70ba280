"""The Dashboard's KPI table: each network's KPIs against the previous period, the benchmark and the goal.

A benchmark is compared on its own aggregate (`kpixl.catalog.benchmarks`): the period's median post rate for a
median-post benchmark, the mean post rate for an average-post one, the ratio of sums for a period total; where the
network's data cannot meet its definition (another base, an interaction the export lacks) the verdict is "not
comparable". Goals marked as examples are not cited. Cached values come from `figures`, formula by formula.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, FormulaRule, IconSetRule
from openpyxl.styles import Font, PatternFill

from kpixl.catalog import kpi as catalog
from kpixl.catalog.actions import recommended
from kpixl.catalog.benchmarks import benchmark_for, benchmarks, comparable, compared_value
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.report.goals import STATUS_LEVEL, Goal
from kpixl.text.labels import label
from kpixl.workbook.canvas import array_cell
from kpixl.workbook.formulas import aggregates
from kpixl.workbook.layout import UNIT_FORMATS, Layout
from kpixl.workbook.sheets import benchmarks as benchmarks_sheet, dashboard_rows, goals as goals_sheet
from kpixl.workbook.styles import AMBER, GREEN, RED, Styler
from kpixl.workbook.templates import Template
from kpixl.workbook.values import TableValues

HEAD = ("network", "kpi", "wb_value", "wb_previous", "wb_change", "wb_benchmark", "wb_compared_value",
        "wb_vs_benchmark", "wb_goal_status", "")
"""Headers of columns A–J (the action column follows, further right)."""
NUMERIC = ("wb_value", "wb_previous", "wb_change", "wb_benchmark", "wb_compared_value", "wb_vs_benchmark")
LEVEL_FILL = {3: GREEN, 2: AMBER, 1: RED}
NO_DATA = Font(color="A6ADBA")
"""Names of a row without a value in the period (a network without posts, CPE without spend): greyed, not bold."""


def change_formula(unit: str, value: str, previous: str) -> str:
    """Change against the previous period: percentage points for rates (3.09 % → 3.58 % is +0.49 pp), a relative
    change for counts, money and ratios (`unit`: a KPI's unit)."""
    if unit == "fraction":
        return f'=IF(OR({value}="",{previous}=""),"",({value}-{previous})*100)'
    return f'=IF(OR({value}="",{previous}=""),"",IFERROR({value}/{previous}-1,""))'


def change_format(unit: str) -> str:
    return "pp" if unit == "fraction" else "percent"


def change_of(unit: str, value: float | None, previous: float | None) -> float | None:
    """What `change_formula` gives."""
    if value is None or previous is None:
        return None
    if unit == "fraction":
        return (value - previous) * 100
    return value / previous - 1 if previous else None


def variant_ref(layout: Layout, net: str, kpi_id: str) -> str:
    col = layout.column(net, f"kpi:{kpi_id}")
    return text_literal(col.variant) if col.variant else layout.defined_name(f"er_variant_{net}")


def variant_of(layout: Layout, net: str, kpi_id: str) -> str:
    col = layout.column(net, f"kpi:{kpi_id}")
    return col.variant or layout.setting(f"er_variant_{net}").value


def _reported(layout: Layout, net: str, field: str, start: str, end: str) -> str:
    """Formula condition: the network's table has the field and a number in it in the period."""
    if not layout.has_column(net, field):
        return "FALSE"
    col, crit = aggregates.column(layout, net, field), aggregates.criteria(layout, net, start, end)
    return f'(COUNTIFS({col},">=0",{crit})+COUNTIFS({col},"<0",{crit})>0)'


def comparable_formula(layout: Layout, net: str, kpi_id: str, start: str, end: str, variant: str | None = None
                       ) -> str:
    """Formula condition: the benchmark of the variant in use (Settings, or `variant`) can be met by the network's
    data in the period (every interaction its engagements count has a number)."""
    ref, out = variant_ref(layout, net, kpi_id) if variant is None else text_literal(variant), "TRUE"
    for b in benchmarks(net, kpi_id):
        if variant is not None and b.variant != variant:
            continue
        if b.counts and benchmark_for(net, b.variant, kpi_id) is b:
            met = ",".join(_reported(layout, net, f, start, end) for f in b.counts)
            out = f'IF({ref}={text_literal(b.variant)},AND({met}),{out})'
    return out


def _compared(layout: Layout, net: str, kpi_id: str, value: str, start: str, end: str) -> str:
    """Formula body: the network's figure on the benchmark's aggregate (an array formula: median or mean of the
    period's post rates, else the ratio of sums in `value`)."""
    rate = aggregates.column(layout, net, f"kpi:{kpi_id}")
    posts = f'IF({aggregates.in_range(layout, net, start, end)}*ISNUMBER({rate}),{rate},"")'
    which = benchmarks_sheet.aggregate_lookup(layout, net, kpi_id, variant_ref(layout, net, kpi_id))
    return f'IFERROR(CHOOSE({which},MEDIAN({posts}),AVERAGE({posts}),{value}),"")'


def write_rows(ws: Any, st: Styler, layout: Layout, template: Template, goals: Sequence[Goal],
               row_figures: dict[tuple[str, str], Callable[[str], Any]], header_row: int, spacer: int,
               action_col: str, cur: tuple[str, str], prev: tuple[str, str],
               hidden: Callable[[int, int], list[Any]], shows: Callable[[str, str], bool] = lambda *_: True
               ) -> tuple[int, list[dict[str, Any]]]:
    """Append the header and one row per (network, KPI) of `row_figures` from `header_row`; `hidden(index, row)`
    gives the row's hidden helper cells (columns T on); a row `shows(network, KPI)` refuses is hidden. Returns
    the last row written (the rows, then a note naming the KPIs without a published benchmark) and the rows' cell
    records."""
    lang = layout.lang
    head = (*HEAD, *[""] * spacer, "wb_action")
    ws.append([st.cell(label(h, lang) if h else None, "header_num" if h in NUMERIC else "header") for h in head])
    tolerance = layout.defined_name("benchmark_tolerance")
    worst = [text_literal(label(code, lang)) for code, level in STATUS_LEVEL.items() if level == 1]
    not_comparable = text_literal(label("wb_not_comparable", lang))
    records = []
    r = header_row
    for index, ((net, kpi_id), figures) in enumerate(row_figures.items()):
        r += 1
        kpi = catalog.get(kpi_id)
        fmt = UNIT_FORMATS[kpi.unit]
        has_bench = bool(benchmarks(net, kpi_id))
        # no figure for the variant chosen in Settings: say so (text) rather than leave the cell blank
        no_bench = text_literal(label("wb_no_benchmark_variant", lang))
        bench = benchmarks_sheet.lookup(layout, net, kpi_id, variant_ref(layout, net, kpi_id), no_bench)
        goal = goals_sheet.cited_status(layout, goals, kpi_id, net)
        # the verdict: a multiple of the benchmark (1.49×), never a percentage that reads like another rate
        verdict = (f'=IF(C{r}="","",IF(OR(NOT(ISNUMBER(F{r})),NOT({comparable_formula(layout, net, kpi_id, *cur)})),'
                   f'{not_comparable},IF(G{r}="","",IFERROR(G{r}/F{r},""))))')
        bad = f"H{r}<{tolerance}" if kpi.direction == "higher" else f"H{r}>1/{tolerance}"
        out_of_range = f"IF(ISNUMBER(H{r}),{bad},FALSE)"
        goal_bad = f"OR({','.join(f'I{r}={w}' for w in worst)})" if goal else "FALSE"
        action = text_literal(recommended(kpi_id, net, lang, template.name))
        cell = partial(_cell, st, figures)
        dashboard_rows.hide(ws, r, not shows(net, kpi_id))  # before the row is written (write-only)
        ws.append([
            st.cell(NETWORK_NAMES[net], "label"), st.cell(kpi.name(lang), "cell"),
            cell("=" + aggregates.kpi_value(layout, [net], kpi_id, *cur), fmt, "value"),  # type: ignore[operator]
            cell("=" + aggregates.kpi_value(layout, [net], kpi_id, *prev), fmt, "previous"),  # type: ignore[operator]
            cell(change_formula(kpi.unit, f"C{r}", f"D{r}"), change_format(kpi.unit), "change"),
            cell(f'=IF(C{r}="","",{bench})', fmt, "benchmark") if has_bench else
            cell(f'=IF(C{r}="","",{text_literal(label("wb_no_benchmark", lang))})', None, "benchmark")
            if benchmarked(layout, kpi_id) else st.cell(None, "cell"),  # never published: named once below
            array_cell(st, f"G{r}", f'=IF(OR(C{r}="",NOT(ISNUMBER(F{r}))),"",'
                                    f'{_compared(layout, net, kpi_id, f"C{r}", *cur)})', "cell", fmt,
                       cached=partial(figures, "compared")) if has_bench else st.cell(None, "cell", fmt),
            cell(verdict, "multiple", "vs_benchmark") if has_bench else st.cell(None, "cell", "multiple"),
            cell(f'=IF({goal}="","",{goal})', None, "goal") if goal else st.cell(None, "cell"),
            st.cell(None), *[None] * spacer,
            st.cell(f'=IF(OR({out_of_range},{goal_bad}),{action},"")', "note", cached=partial(figures, "action"))
            if has_bench or goal else st.cell(None, "note"),
            *[None] * (8 - spacer),
            *hidden(index, r),
        ])
        records.append({"network": net, "kpi": kpi_id, "row": r, "value": f"C{r}", "previous": f"D{r}",
                        "change": f"E{r}", "benchmark": f"F{r}" if has_bench else None,
                        "compared": f"G{r}" if has_bench else None, "vs_benchmark": f"H{r}" if has_bench else None,
                        "goal": f"I{r}" if goal else None, "action": f"{action_col}{r}"})
    colours(ws, layout, records)
    # KPIs no benchmark is published for, named once below the table rather than "none published" on every row
    # (a formula: only those with a value in some row, as a KPI without one takes no row: `dashboard_rows`)
    unjudged = [k for k in dict.fromkeys(kpi for _, kpi in row_figures) if not benchmarked(layout, k)]
    if unjudged:
        before, after = label("wb_no_benchmark_for", lang).split("{kpis}")
        rows = {k: [rec["value"] for rec in records if rec["kpi"] == k] for k in unjudged}
        joined = "&".join(f'IF(COUNT({",".join(rows[k])})>0,{text_literal(", " + catalog.get(k).name(lang))},"")'
                          for k in unjudged)

        def named() -> str | None:
            shown = [catalog.get(k).name(lang) for k in unjudged
                     if any(figures("value") is not None for (_, kpi), figures in row_figures.items() if kpi == k)]
            return before + ", ".join(shown) + after if shown else None

        ws.append([st.cell(f'=IF(({joined})="","",{text_literal(before)}&MID({joined},3,500)&{text_literal(after)})',
                           "subtitle", cached=named)])
        r += 1
    return r, records


def benchmarked(layout: Layout, kpi_id: str) -> bool:
    """Whether a benchmark is published for the KPI on any of the workbook's networks."""
    return any(benchmarks(net, kpi_id) for net in layout.networks)


def _cell(st: Styler, figures: Callable[[str], Any], formula: str, fmt: str | None, key: str) -> Any:
    return st.cell(formula, "cell", fmt, cached=partial(figures, key))


def row_values(layout: Layout, template: Template, goals: Sequence[Goal], record: TableValues, net: str,
               kpi_id: str, cur: tuple[float, float], prev: tuple[float, float]) -> Callable[[str], Any]:
    """The cached values of a KPI row by column (value, previous, change, benchmark, compared, vs_benchmark, goal,
    action), computed once when the workbook is saved, as the row's formulas compute them."""
    found: dict[str, Any] = {}

    def figure(key: str) -> Any:
        if not found:
            found.update(figures(layout, template, goals, record, net, kpi_id, cur, prev))
        return found[key]

    return figure


def _numbers_in(record: TableValues, net: str, key: str, start: float, end: float) -> list[float]:
    column = record.numbers(net, key)
    return [column[j] for j in record.dated(net, start, end) if j < len(column) and not math.isnan(column[j])]


def reported_in(layout: Layout, record: TableValues, net: str, start: float, end: float) -> Callable[[str], bool]:
    """What `comparable_formula` checks, per field: the network's table has it, with a number in the period."""
    return lambda field: layout.has_column(net, field) and bool(_numbers_in(record, net, field, start, end))


def figures(layout: Layout, template: Template, goals: Sequence[Goal], record: TableValues, net: str, kpi_id: str,
            cur: tuple[float, float], prev: tuple[float, float]) -> dict[str, Any]:
    """What a KPI row's formulas give."""
    lang, kpi = layout.lang, catalog.get(kpi_id)
    value = aggregates.kpi_value_of(layout, record, [net], kpi_id, *cur)
    previous = aggregates.kpi_value_of(layout, record, [net], kpi_id, *prev)
    found = benchmark_for(net, variant_of(layout, net, kpi_id), kpi_id)
    bench: Any = None
    compared = verdict = None
    if value is not None:
        if not benchmarks(net, kpi_id):
            bench = label("wb_no_benchmark", lang) if benchmarked(layout, kpi_id) else None
        elif found is None:
            bench, verdict = label("wb_no_benchmark_variant", lang), label("wb_not_comparable", lang)
        else:
            bench = found.value
            compared = compared_value(found.aggregate, _numbers_in(record, net, f"kpi:{kpi_id}", *cur), value)
            if not comparable(found, reported_in(layout, record, net, *cur)):
                verdict = label("wb_not_comparable", lang)
            elif compared is not None and bench:
                verdict = compared / bench
    goal = goals_sheet.status_value(layout, goals, kpi_id, net, record)
    tolerance = layout.setting("benchmark_tolerance").value
    out_of_range = isinstance(verdict, float) and (
        verdict < tolerance if kpi.direction == "higher" else verdict > 1 / tolerance)
    worst = [label(code, lang) for code, level in STATUS_LEVEL.items() if level == 1]
    action = recommended(kpi_id, net, lang, template.name) if out_of_range or goal in worst else None
    return {"value": value, "previous": previous, "change": change_of(kpi.unit, value, previous), "benchmark": bench,
            "compared": compared, "vs_benchmark": verdict, "goal": goal, "action": action}


def _ranges(column: str, rows: Sequence[int]) -> str:
    """A multi-range reference of `rows` in `column`, consecutive rows merged: "E9:E11 E14"."""
    spans: list[list[int]] = []
    for row in sorted(rows):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return " ".join(f"{column}{a}" if a == b else f"{column}{a}:{column}{b}" for a, b in spans)


def colours(ws: Any, layout: Layout, kpis: Sequence[dict[str, Any]]) -> None:
    """Colour the change (red to green) and the ratio to the benchmark (traffic lights) the good way round for each
    KPI's direction: for lower-is-better KPIs (costs) a fall is green and a ratio above 1 is amber, then red beyond
    the tolerance, matching the action formula; goal statuses get their level's fill."""
    if not kpis:
        return
    lang = layout.lang
    tolerance = float(layout.setting("benchmark_tolerance").value)
    rows: dict[str, list[int]] = {"higher": [], "lower": []}
    for k in kpis:
        rows[catalog.get(k["kpi"]).direction].append(k["row"])
    for direction, found in rows.items():
        if not found:
            continue
        bad, good = ("F8696B", "63BE7B") if direction == "higher" else ("63BE7B", "F8696B")
        ws.conditional_formatting.add(_ranges("E", found), ColorScaleRule(
            start_type="num", start_value=-0.5, start_color=bad, mid_type="num", mid_value=0,
            mid_color="FFFFFF", end_type="num", end_value=0.5, end_color=good))
        if direction == "higher":
            lights = IconSetRule("3TrafficLights1", "num", [0, tolerance, 1])
        else:  # green up to 1, amber up to 1/tolerance, red above: thresholds are "greater than", icons reversed
            lights = IconSetRule("3TrafficLights1", "num", [0, 1, 1 / tolerance], reverse=True)
            for threshold in lights.iconSet.cfvo[1:]:
                threshold.gte = False
        ws.conditional_formatting.add(_ranges("H", found), lights)
    first, last = kpis[0]["row"], kpis[-1]["row"]
    ws.conditional_formatting.add(f"A{first}:B{last}", FormulaRule(formula=[f'$C{first}=""'], font=NO_DATA))
    every = _ranges("I", [k["row"] for k in kpis])
    for code, level in STATUS_LEVEL.items():
        if level in LEVEL_FILL:
            ws.conditional_formatting.add(every, CellIsRule(
                operator="equal", formula=[text_literal(label(code, lang))],
                fill=PatternFill("solid", bgColor=LEVEL_FILL[level], fgColor=LEVEL_FILL[level])))
