"""The Dashboard: per-network totals and KPIs for the report period against the previous period, benchmark and
goal, recommended actions, a weekly trend, two charts and the reserved Refresh button cell.

Every figure is a formula over the network tables (see `kpixl.workbook.formulas.aggregates`); the cell of each figure is
recorded in the layout (`layout.dashboard`) so tests and `kpixl refresh` can find it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, DataBarRule, IconSetRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from kpixl.catalog import kpi as catalog
from kpixl.catalog.actions import recommended
from kpixl.catalog.benchmarks import benchmark_for, benchmarks
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.report import posts as report
from kpixl.report.goals import STATUS_LEVEL, Goal
from kpixl.report.period import PREVIOUS_START_FORMULA, previous
from kpixl.text.labels import label
from kpixl.workbook.canvas import array_cell
from kpixl.workbook.charts import show_axes
from kpixl.workbook.formulas import aggregates
from kpixl.workbook.layout import REFRESH_BUTTON, REFRESH_STATUS, UNIT_FORMATS, Layout
from kpixl.workbook.report_values import report_values
from kpixl.workbook.sheets import (
    benchmarks as benchmarks_sheet,
    dashboard_audience,
    goals as goals_sheet,
    highlights,
    not_reported_note as gaps,
)
from kpixl.workbook.sheets.settings import add_name
from kpixl.workbook.styles import AMBER, GREEN, RED, Styler, header_kind, print_setup, text_width
from kpixl.workbook.templates import Template
from kpixl.workbook.values import TableValues, serial, values_of

CUR = ("$B$4", "$C$4")
PREV = ("$E$4", "$F$4")
HIGHLIGHTS_ROW = 6
HIGHLIGHTS = 4
OVERVIEW_ROW = HIGHLIGHTS_ROW + HIGHLIGHTS + 3
WIDTHS = (14, 25, 13, 16, 13, 13, 13, 13, 13, 13, 60)
ACTION_WIDTH = 60  # the action column wraps within this width so the Dashboard prints on one page
LEVEL_FILL = {3: GREEN, 2: AMBER, 1: RED}


def _key(template: Template, item: str) -> str:
    return item if item in template.fields else f"kpi:{item}"


def _item_label(template: Template, item: str, lang: str) -> str:
    return template.fields[item].label(lang) if item in template.fields else catalog.get(item).name(lang)


def _item_format(template: Template, item: str) -> str:
    return template.fields[item].format if item in template.fields else UNIT_FORMATS[catalog.get(item).unit]


def _variant_ref(layout: Layout, net: str, kpi_id: str) -> str:
    col = layout.column(net, f"kpi:{kpi_id}")
    return text_literal(col.variant) if col.variant else layout.defined_name(f"er_variant_{net}")


def change_formula(kpi: catalog.Kpi, value: str, previous: str) -> str:
    """Change against the previous period: percentage points for rates (3.09 % → 3.58 % is +0.49 pp), a relative
    change for counts, money and ratios."""
    if kpi.unit == "fraction":
        return f'=IF(OR({value}="",{previous}=""),"",({value}-{previous})*100)'
    return f'=IF(OR({value}="",{previous}=""),"",IFERROR({value}/{previous}-1,""))'


def change_format(kpi: catalog.Kpi) -> str:
    return "pp" if kpi.unit == "fraction" else "percent"


def weeks(period: tuple[dt.date, dt.date]) -> int:
    """Rows of the weekly trend table: the whole ISO weeks (Monday to Sunday) whose Thursday is in the period."""
    return len(report.iso_weeks(*period))


def kpi_rows(layout: Layout, template: Template) -> list[tuple[str, str]]:
    """(network, KPI) of each row of the KPI table, in order."""
    return [(net, kpi_id) for net in layout.networks for kpi_id in template.dashboard_kpis
            if layout.has_column(net, f"kpi:{kpi_id}")]


def write(workbook: Any, layout: Layout, template: Template, goals: Sequence[Goal], currency: str,
          period: tuple[dt.date, dt.date], ws: Any = None) -> None:
    """Fill the Dashboard sheet (`ws`, created here when not given; the Top posts and Trends sheets are written
    first, as the highlights read them); records every figure's cell in `layout.dashboard`."""
    lang, nets = layout.lang, layout.networks
    sheet = layout.sheet_name("dashboard")
    ws = ws if ws is not None else workbook.create_sheet(sheet)
    for helper in (highlights.HELPER, highlights.MOVE_HELPER, gaps.COUNT_COLUMN, gaps.FIELDS_COLUMN):
        ws.column_dimensions[helper].hidden = True
    has_er = any(layout.has_column(n, "kpi:engagement_rate") for n in nets)
    items = list(template.totals) + (["engagement_rate"] if has_er else [])
    # the wide action column goes right of the overview's last total (K, or further for a long overview)
    spacer = action_spacer(items)
    action_col = get_column_letter(len(WIDTHS) + spacer)
    head = ("network", "kpi", "wb_value", "wb_previous", "wb_change", "wb_benchmark", "wb_vs_benchmark",
            "wb_goal_status", "", "", *[""] * spacer, "wb_action")
    for index, width in enumerate(_widths(layout, template, items, head, spacer), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.row_dimensions[1].height = 28
    ws.row_dimensions[2].height = 22
    ws.row_dimensions[OVERVIEW_ROW].height = 32
    print_setup(ws, fit_height=True)
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "2E7D32"
    st = Styler(ws, currency)
    cells: dict[str, Any] = {"overview": {}, "kpis": [], "trend": {}}
    end, start = layout.defined_name("period_end"), layout.defined_name("period_start")
    client = layout.defined_name("client")
    # cached values: from the Settings and the table numbers recorded as the rows are written (see `values`)
    record = values_of(workbook)
    cur = (serial(period[0]), serial(period[1]))
    prev = tuple(serial(d) for d in previous(*period))  # a whole month, quarter or year: the calendar one before
    title = f"{layout.setting('client').value} · {template.title[lang]}"
    # title, refresh button and period
    ws.append([st.cell(f"={client}&\" · \"&{text_literal(template.title[lang])}", "title", cached=title)])
    ws.append([st.cell(None), st.cell(label("wb_refresh", lang), "button"), st.cell(None, "status")])
    add_name(workbook, REFRESH_BUTTON, sheet, "B2")
    add_name(workbook, REFRESH_STATUS, sheet, "C2")  # the row to its right stays empty: a long status reads whole
    ws.append([st.cell(None), st.cell(label("wb_refresh_button_hint", lang), "subtitle")])
    ws.append([st.cell(label("wb_period", lang), "label"), st.cell(f"={start}", "cell", "date", cached=cur[0]),
               st.cell(f"={end}", "cell", "date", cached=cur[1]), st.cell(label("wb_previous_period", lang), "label"),
               st.cell("=" + PREVIOUS_START_FORMULA.format(start=CUR[0], end=CUR[1]), "cell", "date",
                       cached=prev[0]),
               st.cell(f"={CUR[0]}-1", "cell", "date", cached=prev[1])])
    ws.append([])
    # highlights in words, read first (formulas over the KPI rows below, the Top posts, Trends and Goals sheets)
    ws.append([st.cell(label("wb_highlights", lang), "heading")])
    pairs = kpi_rows(layout, template)
    first_kpi = OVERVIEW_ROW + len(nets) + 4
    rows = [first_kpi + i for i in range(len(pairs))]
    units = [catalog.get(k).unit for _, k in pairs]
    helper_col = 20  # column T
    row_figures = {pair: _kpi_row_values(layout, template, goals, record, *pair, cur, prev) for pair in pairs}
    said = highlights.Values(layout, goals, pairs, list(row_figures.values()), report_values(workbook, layout),
                             currency)
    move, move_helper = highlights.biggest_move(layout, rows, HIGHLIGHTS_ROW + 2, currency, units)
    goals_text, goals_helper = highlights.goals_at_risk(layout, goals, HIGHLIGHTS_ROW + 3)
    time_text, day_helper, hour_helper = highlights.best_time(layout, HIGHLIGHTS_ROW + 4)

    def slot(part: int) -> Any:
        found = said.slot()
        return found[part] if found else None

    sentences = [(highlights.best_post(layout), said.best_post, None, None),
                 (move, said.move, move_helper, said.move_row),
                 (goals_text, said.goals_sentence, goals_helper, said.goal_list),
                 (time_text, said.best_time, day_helper, partial(slot, 0))]
    cells["highlights"] = []
    for i, (sentence, sentence_value, helper, helper_value) in enumerate(sentences):
        r = HIGHLIGHTS_ROW + 1 + i
        row = [st.cell(sentence, "sentence", cached=sentence_value)] + [None] * (helper_col - 2)
        if helper is not None:
            row.append(array_cell(st, f"{highlights.HELPER}{r}", helper, cached=helper_value) if i in (1, 3) else
                       st.cell(helper, cached=helper_value))
        ws.append(row)
        cells["highlights"].append(f"A{r}")
    cells["highlight_helpers"] = {"move": f"T{HIGHLIGHTS_ROW + 2}", "goals": f"T{HIGHLIGHTS_ROW + 3}",
                                  "day": f"T{HIGHLIGHTS_ROW + 4}", "hour": f"T{HIGHLIGHTS_ROW + 5}"}
    ws.append([None] * (helper_col - 1) + [st.cell(hour_helper, cached=partial(slot, 1))])
    # overview: totals per network
    ws.append([st.cell(label("wb_overview", lang), "heading")])
    ws.append([st.cell(label("network", lang), "header"), st.cell(label("wb_posts", lang), "header_num"),
               *[st.cell(_item_label(template, item, lang), header_kind(_item_format(template, item)))
                 for item in items]])
    first = OVERVIEW_ROW + 1
    gap_rows: list[tuple[str, int]] = []
    for r, net in enumerate(nets, start=first):
        row = [st.cell(NETWORK_NAMES[net], "label"),
               st.cell("=" + aggregates.post_count(layout, [net], *CUR), "cell", "integer",
                       cached=partial(aggregates.post_count_of, record, [net], *cur))]
        cells["overview"][net] = {"posts": f"B{r}"}
        for c, item in enumerate(items, start=3):
            if item == "engagement_rate":
                body = aggregates.kpi_value(layout, [net], item, *CUR)
                value = partial(aggregates.kpi_value_of, layout, record, [net], item, *cur)
            else:
                body = aggregates.column_sum(layout, [net], _key(template, item), *CUR)
                value = partial(aggregates.column_sum_of, layout, record, [net], _key(template, item), *cur)
            row.append(st.cell(f"={body}", "cell", _item_format(template, item), cached=value) if body else
                       st.cell(None, "cell", _item_format(template, item)))
            cells["overview"][net][item] = f"{get_column_letter(c)}{r}" if body else None
        if gaps.applies(layout, net):  # hidden: posts whose engagements leave out what the export lacks, and what
            found = partial(gaps.gaps_of, layout, record, net, *cur)
            row += [None] * (helper_col + 1 - len(row)) + [
                st.cell(gaps.count_formula(layout, net, *CUR), cached=lambda found=found: found()[0]),
                st.cell(gaps.fields_formula(layout, net, *CUR), cached=lambda found=found: found()[1])]
            gap_rows.append((net, r))
        ws.append(row)
    last = first + len(nets) - 1
    if "engagements" in items:
        col = get_column_letter(3 + items.index("engagements"))
        ws.conditional_formatting.add(f"{col}{first}:{col}{last}",
                                      DataBarRule(start_type="min", end_type="max", color="5B9BD5"))
    # below the overview: which interactions the engagements leave out because an export lacks them (else blank)
    def note() -> str:
        return gaps.note_of(layout, [(net, gaps.gaps_of(layout, record, net, *cur)) for net, _ in gap_rows])

    ws.append([st.cell(gaps.note_formula(layout, gap_rows), "subtitle", cached=note)] if gap_rows else [])
    cells["not_reported_note"] = f"A{last + 1}" if gap_rows else None
    # KPIs against previous period, benchmark and goal
    ws.append([st.cell(label("wb_kpis_heading", lang), "heading")])
    kpi_header_row = last + 3
    ws.row_dimensions[kpi_header_row].height = 32  # before the row is written (write-only): headers on two lines
    numeric = ("wb_value", "wb_previous", "wb_change", "wb_benchmark", "wb_vs_benchmark")
    ws.append([st.cell(label(h, lang) if h else None, "header_num" if h in numeric else "header") for h in head])
    r = kpi_header_row
    tolerance = layout.defined_name("benchmark_tolerance")
    for net in nets:
        for kpi_id in template.dashboard_kpis:
            if not layout.has_column(net, f"kpi:{kpi_id}"):
                continue
            r += 1
            kpi = catalog.get(kpi_id)
            fmt = UNIT_FORMATS[kpi.unit]
            figures = row_figures[(net, kpi_id)]
            index = pairs.index((net, kpi_id))
            has_bench = bool(benchmarks(net, kpi_id))
            # no figure for the variant chosen in Settings: say so (text) rather than leave the cell blank
            no_bench = text_literal(label("wb_no_benchmark_variant", lang))
            bench = f"={benchmarks_sheet.lookup(layout, net, kpi_id, _variant_ref(layout, net, kpi_id), no_bench)}"
            goal = goals_sheet.status_cell(layout, goals, kpi_id, net)
            worst = [text_literal(label(code, lang)) for code, level in STATUS_LEVEL.items() if level == 1]
            compare = "<" if kpi.direction == "higher" else ">"
            scale = "*" if kpi.direction == "higher" else "/"
            out_of_range = f'IF(OR(C{r}="",NOT(ISNUMBER(F{r}))),FALSE,C{r}{compare}F{r}{scale}{tolerance})'
            goal_bad = f"OR({','.join(f'H{r}={w}' for w in worst)})" if goal else "FALSE"
            action = text_literal(recommended(kpi_id, net, lang, template.name))
            ws.append([
                st.cell(NETWORK_NAMES[net], "label"), st.cell(kpi.name(lang), "cell"),
                st.cell("=" + aggregates.kpi_value(layout, [net], kpi_id, *CUR), "cell", fmt,  # type: ignore[operator]
                        cached=partial(figures, "value")),
                st.cell("=" + aggregates.kpi_value(layout, [net], kpi_id, *PREV), "cell", fmt,  # type: ignore[operator]
                        cached=partial(figures, "previous")),
                st.cell(change_formula(kpi, f"C{r}", f"D{r}"), "cell", change_format(kpi),
                        cached=partial(figures, "change")),
                st.cell(bench, "cell", fmt, cached=partial(figures, "benchmark")) if has_bench else
                st.cell(label("wb_no_benchmark", lang), "cell"),
                # a multiple of the benchmark (1.49×), never a percentage that reads like another rate
                st.cell(f'=IF(OR(C{r}="",NOT(ISNUMBER(F{r}))),"",IFERROR(C{r}/F{r},""))', "cell", "multiple",
                        cached=partial(figures, "vs_benchmark")) if has_bench else st.cell(None, "cell", "multiple"),
                st.cell(f'=IF({goal}="","",{goal})', "cell", cached=partial(figures, "goal")) if goal else
                st.cell(None, "cell"),
                st.cell(None), st.cell(None), *[None] * spacer,
                st.cell(f'=IF(OR({out_of_range},{goal_bad}),{action},"")', "note", cached=partial(figures, "action"))
                if has_bench or goal else st.cell(None, "note"),
                *[None] * (8 - spacer),
                # hidden: the relative change and the move in words, for the biggest-move highlight
                st.cell(f'=IF(OR(C{r}="",D{r}=""),"",IFERROR(C{r}/D{r}-1,""))',
                        cached=partial(said.relative, index)),
                st.cell(highlights.move_cell(kpi.unit, f"E{r}", lang), cached=partial(said.move_words, index)),
            ])
            cells["kpis"].append({"network": net, "kpi": kpi_id, "row": r, "value": f"C{r}", "previous": f"D{r}",
                                  "change": f"E{r}", "benchmark": f"F{r}" if has_bench else None,
                                  "vs_benchmark": f"G{r}" if has_bench else None, "goal": f"H{r}" if goal else None,
                                  "action": f"{action_col}{r}"})
    _kpi_colours(ws, layout, lang, cells["kpis"])
    ws.append([])
    # weekly trend of one summed item, per network
    trend_key = _key(template, template.trend)
    ws.append([st.cell(f"{label('wb_trend_heading', lang)}: {_item_label(template, template.trend, lang)}",
                       "heading")])
    trend_header = r + 3
    ws.row_dimensions[trend_header].height = 32
    ws.append([st.cell(label("wb_week", lang), "header_num"), *[st.cell(NETWORK_NAMES[n], "header_num")
                                                                 for n in nets]])
    monday = f"({start}+MOD(3-WEEKDAY({start},3),7)-3)"  # see report.iso_weeks: whole weeks, Thursday inside
    for w in range(weeks(period)):
        tr = trend_header + 1 + w
        week_start = f'=IF({monday}+{7 * w + 3}>{end},"",{monday}+{7 * w})'
        day = serial(report.iso_weeks(period[0], period[0] + dt.timedelta(days=7))[0][0]) + 7 * w
        day = None if day + 3 > cur[1] else day  # type: ignore[operator]
        row = [st.cell(week_start, "cell", "date", cached=day)]
        for c, net in enumerate(nets, start=2):
            body = aggregates.column_sum(layout, [net], trend_key, f"$A{tr}", f"$A{tr}+6")
            fmt = _item_format(template, template.trend)
            value = None if day is None else partial(aggregates.column_sum_of, layout, record, [net], trend_key, day,
                                                     day + 6)
            row.append(st.cell(f'=IF($A{tr}="","",{body})', "cell", fmt, cached=value) if body else
                       st.cell(None, "cell", fmt))
            cells["trend"].setdefault(net, []).append(f"{get_column_letter(c)}{tr}")
        ws.append(row)
    trend_last = trend_header + weeks(period)
    cells["trend_weeks"] = [f"A{trend_header + 1 + w}" for w in range(weeks(period))]
    _charts(ws, layout, items, first, last, trend_header, trend_last, action_col)
    if layout.audience is not None:
        ws.append([])
        cells["audience"] = dashboard_audience.write(ws, st, layout, goals, period, trend_last + 2, CUR, PREV)
    layout.dashboard.update(cells)


def _kpi_row_values(layout: Layout, template: Template, goals: Sequence[Goal], record: TableValues, net: str,
                    kpi_id: str, cur: tuple[float, float], prev: tuple[float, float]) -> Callable[[str], Any]:
    """The cached values of a KPI row by column (value, previous, change, benchmark, vs_benchmark, goal, action),
    computed once when the workbook is saved, as the row's formulas compute them."""
    found: dict[str, Any] = {}

    def figure(key: str) -> Any:
        if not found:
            found.update(_figures(layout, template, goals, record, net, kpi_id, cur, prev))
        return found[key]

    return figure


def _figures(layout: Layout, template: Template, goals: Sequence[Goal], record: TableValues, net: str, kpi_id: str,
             cur: tuple[float, float], prev: tuple[float, float]) -> dict[str, Any]:
    lang, kpi = layout.lang, catalog.get(kpi_id)
    value = aggregates.kpi_value_of(layout, record, [net], kpi_id, *cur)
    previous = aggregates.kpi_value_of(layout, record, [net], kpi_id, *prev)
    if value is None or previous is None:
        change = None
    elif kpi.unit == "fraction":  # see change_formula
        change = (value - previous) * 100
    else:
        change = value / previous - 1 if previous else None
    col = layout.column(net, f"kpi:{kpi_id}")
    variant = col.variant or layout.setting(f"er_variant_{net}").value
    found = benchmark_for(net, variant, kpi_id)
    bench: Any = found.value if found else label("wb_no_benchmark_variant", lang)
    goal = goals_sheet.status_value(layout, goals, kpi_id, net, record)
    tolerance = layout.setting("benchmark_tolerance").value
    out_of_range = value is not None and found is not None and (
        value < bench * tolerance if kpi.direction == "higher" else value > bench / tolerance)
    worst = [label(code, lang) for code, level in STATUS_LEVEL.items() if level == 1]
    action = recommended(kpi_id, net, lang, template.name) if out_of_range or goal in worst else None
    return {"value": value, "previous": previous, "change": change, "benchmark": bench,
            "vs_benchmark": value / bench if value is not None and found is not None and bench else None,
            "goal": goal, "action": action}


def action_spacer(items: Sequence[str]) -> int:
    """Columns the action column moves right so it never sits under a total of the overview (network, posts and
    each item come first)."""
    return min(8, max(0, 2 + len(items) - (len(WIDTHS) - 1)))


def _widths(layout: Layout, template: Template, items: Sequence[str], head: Sequence[str], spacer: int = 0
            ) -> list[float]:
    """Column widths: at least WIDTHS (the action column's moved right by `spacer`), and wide enough for the labels
    of the workbook's language in each column (headers on two lines, names, notes and period labels on one), so
    Spanish headers are not cut."""
    lang, nets = layout.lang, layout.networks
    base = (*WIDTHS[:-1], *[WIDTHS[-2]] * spacer, WIDTHS[-1])
    texts: dict[int, list[tuple[str, int, bool]]] = {}

    def add(col: int, text: str, lines: int = 1, bold: bool = False) -> None:
        texts.setdefault(col, []).append((text, lines, bold))

    for col, key in enumerate(["network", "wb_posts"], start=0):
        add(col, label(key, lang), 2, True)
    for col, item in enumerate(items, start=2):
        add(col, _item_label(template, item, lang), 2, True)
    for col, key in enumerate(head):
        if key:
            add(col, label(key, lang), 2, True)
    add(0, label("wb_period", lang), bold=True)
    add(3, label("wb_previous_period", lang), bold=True)
    add(0, label("wb_week", lang), 2, True)
    for net in nets:
        add(0, NETWORK_NAMES[net], bold=True)
    for kpi_id in template.dashboard_kpis:
        add(1, catalog.get(kpi_id).name(lang))
    add(5, label("wb_no_benchmark", lang))
    add(5, label("wb_no_benchmark_variant", lang))
    for col, net in enumerate(nets, start=1):
        add(col, NETWORK_NAMES[net], 2, True)
    if layout.audience is not None:
        for col, text in enumerate(dashboard_audience.headers(lang), start=1):
            add(col, text, 2, True)
    count = max(len(base), *(c + 1 for c in texts))
    return [max([base[c] if c < len(base) else 13] + [text_width(t, n, b) for t, n, b in texts.get(c, [])])
            for c in range(count)]


def _ranges(column: str, rows: Sequence[int]) -> str:
    """A multi-range reference of `rows` in `column`, consecutive rows merged: "E9:E11 E14"."""
    spans: list[list[int]] = []
    for row in sorted(rows):
        if spans and row == spans[-1][1] + 1:
            spans[-1][1] = row
        else:
            spans.append([row, row])
    return " ".join(f"{column}{a}" if a == b else f"{column}{a}:{column}{b}" for a, b in spans)


def _kpi_colours(ws: Any, layout: Layout, lang: str, kpis: Sequence[dict[str, Any]]) -> None:
    """Colour the change (red to green) and the ratio to the benchmark (traffic lights) the good way round for each
    KPI's direction: for lower-is-better KPIs (costs) a fall is green and a ratio above 1 is amber, then red beyond
    the tolerance, matching the action formula; goal statuses get their level's fill."""
    if not kpis:
        return
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
        ws.conditional_formatting.add(_ranges("G", found), lights)
    every = _ranges("H", [k["row"] for k in kpis])
    for code, level in STATUS_LEVEL.items():
        if level in LEVEL_FILL:
            ws.conditional_formatting.add(every, CellIsRule(
                operator="equal", formula=[text_literal(label(code, lang))],
                fill=PatternFill("solid", bgColor=LEVEL_FILL[level], fgColor=LEVEL_FILL[level])))


def _charts(ws: Any, layout: Layout, items: list[str], first: int, last: int,
            trend_header: int, trend_last: int, line_at: str = "K") -> None:
    """Engagement rate by network (bar) beside the overview and the weekly trend (line) beside its table."""
    lang = layout.lang
    if "engagement_rate" in items:
        col = 3 + items.index("engagement_rate")
        bar = BarChart()
        bar.type = "col"
        bar.title = label("wb_er_chart", lang)
        bar.style = 10
        bar.legend = None
        bar.y_axis.numFmt = "0.0%"
        bar.y_axis.majorGridlines = None
        bar.add_data(Reference(ws, min_col=col, min_row=first - 1, max_row=last), titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
        bar.height, bar.width = 8, 9
        show_axes(bar)
        ws.add_chart(bar, f"H{trend_header - 1}")
    line = LineChart()
    line.title = label("wb_trend_chart", lang)
    line.style = 2
    line.y_axis.title = None
    line.x_axis.number_format = "dd mmm"
    line.add_data(Reference(ws, min_col=2, max_col=1 + len(layout.networks), min_row=trend_header,
                            max_row=trend_last), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=trend_header + 1, max_row=trend_last))
    for series in line.series:
        series.smooth = False
    line.height, line.width = 8, 17
    show_axes(line)
    ws.add_chart(line, f"{line_at}{trend_header - 1}")

