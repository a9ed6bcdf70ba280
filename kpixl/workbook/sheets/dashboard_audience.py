"""The Dashboard's audience block: followers at period end and start, net growth and growth rate per network against
the previous period and the goal, then followers at the end of each week with a followers-over-time chart.

Every figure is a formula over the Audience table (`kpixl.workbook.formulas.audience`, the definitions of
`kpixl.report.audience`); the cells are recorded in `layout.dashboard["audience"]` for tests and readers. A network
whose figures are all blank (no audience data, no rate) takes no row while another has some (`dashboard_rows`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kpixl.catalog import kpi as catalog
from kpixl.catalog.benchmarks import benchmark_for, comparable, compared_value
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import column_ref, text_literal
from kpixl.report import audience
from kpixl.report.goals import Goal
from kpixl.report.period import previous
from kpixl.text.labels import label
from kpixl.workbook.canvas import array_cell
from kpixl.workbook.charts import COUNTS, any_number, feed_cell, leave_gaps_in_libreoffice, series_title, show_axes
from kpixl.workbook.formulas import aggregates, audience as af
from kpixl.workbook.sheets import (
    benchmarks as benchmarks_sheet,
    dashboard_kpis as kpi_rows,
    dashboard_rows,
    goals as goals_sheet,
)
from kpixl.workbook.styles import Styler, header_kind
from kpixl.workbook.values import TableValues, serial, values_of

COLUMNS = ("followers_end", "followers_start", "net_growth", "net_growth_previous", "growth_rate",
           "growth_rate_previous", "new_followers", "er_followers", "er_benchmark", "goal", "reach", "profile_visits")
"""The block's columns from B: the benchmark and the goal beside the figures they judge; the goal (text) takes the
Dashboard's wide action column (see `columns`), so no number sits in it pushing the others apart."""
HEADERS = {"followers_end": "wb_followers_end", "followers_start": "wb_followers_start",
           "net_growth": "wb_net_growth", "net_growth_previous": "wb_previous", "growth_rate": "wb_growth_rate",
           "growth_rate_previous": "wb_previous", "er_followers": "wb_er_followers",
           "er_benchmark": "wb_er_followers_benchmark", "goal": "wb_goal_status"}
FORMATS = {"growth_rate": "percent", "growth_rate_previous": "percent", "er_followers": "percent",
           "er_benchmark": "percent", "goal": None}
FIGURES = ("followers_end", "followers_start", "net_growth", "net_growth_previous", "growth_rate",
           "growth_rate_previous", "new_followers", "reach", "profile_visits", "er_followers")
"""The columns holding a network's figures (not the benchmark or the goal it is judged by): all blank, no row."""
NOTE_COLUMN = 9  # I: where the followers chart stands, under the "no follower counts yet" note while its feed is empty
GOAL_KPIS = ("followers", "net_follower_growth", "follower_growth_rate", "new_followers", "reach", "profile_visits")
"""Audience KPIs whose goal the block shows (the first goal of the network on any of them)."""


def columns(wide: int | None = None) -> tuple[str, ...]:
    """COLUMNS from B, the goal moved to sheet column `wide` (1-based: the Dashboard's wide action column) when the
    block reaches it."""
    if wide is None or not 0 <= wide - 2 < len(COLUMNS):
        return COLUMNS
    order = [c for c in COLUMNS if c != "goal"]
    order.insert(wide - 2, "goal")
    return tuple(order)


def _letter(key: str, order: Sequence[str] = COLUMNS) -> str:
    return get_column_letter(order.index(key) + 2)


def headers(lang: str, wide: int | None = None) -> list[str]:
    """The block's header labels from column B (for column widths)."""
    return [label(HEADERS[k], lang) if k in HEADERS else catalog.get(k).name(lang) for k in columns(wide)]


def write(ws: Any, st: Styler, layout: Any, goals: Sequence[Goal], period: tuple[dt.date, dt.date],
          first_row: int, cur: tuple[str, str], prev: tuple[str, str], feed: int = 25,
          wide: int | None = None, rows: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """Append the block from `first_row` (the next row of a write-only sheet); returns the cells it filled (under
    "rows" the networks' rows, whose visibility kpixl decides). Followers over time: one row per 7 days from the
    period's start (the last week ends with the period), or per month for periods longer than about a quarter; the
    chart reads hidden chart-feed columns from `feed`. `rows`: the Audience table's rows (a network whose figures are
    all blank takes no row while another network has a figure; none has one: every row shows)."""
    lang, nets = layout.lang, layout.networks
    cells: dict[str, Any] = {"networks": {}, "weeks": [], "followers": {}, "rows": []}
    record = values_of(ws.parent)  # the cached values are computed when the workbook is saved, from this record
    with_figures = {net: has_figures(layout, record, rows, net, period) for net in nets}
    ws.append([st.cell(label("wb_audience_heading", lang), "heading")])
    header_row = first_row + 1
    ws.row_dimensions[header_row].height = 50  # headers on up to three lines
    order = columns(wide)  # `wide`: the Dashboard's action column, where the goal's text goes
    ws.append([st.cell(label("network", lang), "header"),
               *[st.cell(h, header_kind(FORMATS.get(k, "integer"))) for k, h in zip(order, headers(lang, wide),
                                                                                    strict=True)]])
    r = header_row
    for net in nets:
        r += 1
        f = {key: f"{_letter(key, order)}{r}" for key in COLUMNS}
        goal_kpi, status = _goal(layout, goals, net)
        values = {
            "followers_end": af.followers_end(layout, net, *cur),
            "followers_start": af.followers_start(layout, net, *cur),
            "net_growth": af.kpi_value(layout, [net], "net_follower_growth", *cur),
            "net_growth_previous": af.kpi_value(layout, [net], "net_follower_growth", *prev),
            "growth_rate": af.kpi_value(layout, [net], "follower_growth_rate", *cur,
                                        cells={"followers_start": f["followers_start"],
                                               "followers_end": f["followers_end"]}),
            "growth_rate_previous": af.kpi_value(layout, [net], "follower_growth_rate", *prev),
            "new_followers": af.kpi_value(layout, [net], "new_followers", *cur),
            "reach": af.kpi_value(layout, [net], "reach", *cur),
            "profile_visits": af.kpi_value(layout, [net], "profile_visits", *cur),
            "er_followers": er_by_followers(layout, net, *cur),
            "er_benchmark": er_benchmark(layout, net, *cur),
        }
        row = [st.cell(NETWORK_NAMES[net], "label")]
        figure = _lazy(layout, record, goals, net, period)
        for key in order:
            if key == "goal":  # "Followers: On track"
                name = text_literal(catalog.get(goal_kpi).name(lang) + ": ") if goal_kpi else ""
                row.append(st.cell(f'=IF({status}="","",{name}&{status})', "cell", cached=partial(figure, key))
                           if status else st.cell(None, "cell"))
            elif values[key] is None:
                row.append(st.cell(None, "cell"))
            elif key == "er_followers":  # an array formula: the median or mean of the posts' rates
                row.append(array_cell(st, f[key], f"={values[key]}", "cell", FORMATS[key],
                                      cached=partial(figure, key)))
            else:
                row.append(st.cell(f"={values[key]}", "cell", FORMATS.get(key, "integer"),
                                   cached=partial(figure, key)))
        dashboard_rows.hide(ws, r, not with_figures[net] and any(with_figures.values()))
        cells["rows"].append(r)
        ws.append(row)
        cells["networks"][net] = {**f, "goal_kpi": goal_kpi, "goal": f["goal"] if status else None}
    last = r
    if nets:
        for key in ("net_growth", "net_growth_previous", "growth_rate", "growth_rate_previous"):
            column = _letter(key, order)
            ws.conditional_formatting.add(f"{column}{header_row + 1}:{column}{last}", CellIsRule(
                operator="lessThan", formula=["0"], font=Font(color="C00000")))
    for line in _sources(nets, lang).split("|"):  # what the figures mean and where the benchmarks come from
        ws.append([st.cell(None), st.cell(line, "subtitle")])
        last += 1
    ws.append([])
    week_last = _followers_table(ws, st, layout, record, period, last + 3, cur, cells, feed)
    cells["next_row"] = week_last + 1
    return cells


def _followers_table(ws: Any, st: Styler, layout: Any, record: TableValues, period: tuple[dt.date, dt.date],
                     header: int, cur: tuple[str, str], cells: dict[str, Any], feed: int) -> int:
    """Followers at the end of each week (or month) of the period per network, their chart feed (#N/A where the
    Audience table has no count: a history starting mid-period is drawn from its first day, not from 0) and the
    chart, always: a workbook created before its follower exports are imported draws them once an import or the
    Refresh button fills the feed (both change cell values only). Above the chart, a "no follower counts yet" note
    (a formula) while the feed has no number. Returns the last row."""
    lang, nets = layout.lang, layout.networks
    start, end = cur
    monthly = aggregates.by_month(period)
    if monthly:
        buckets = aggregates.months_of(period)
    else:
        weeks = max(1, ((period[1] - period[0]).days + 7) // 7)
        buckets = [(period[0] + dt.timedelta(days=7 * w), min(period[0] + dt.timedelta(days=7 * w + 6), period[1]))
                   for w in range(weeks)]
    last = header + len(buckets)
    every = f"{get_column_letter(feed)}{header + 1}:{get_column_letter(feed - 1 + max(1, len(nets)))}{last}"
    note = label("wb_no_audience_data", lang)
    values: dict[str, list[Any]] = {n: [] for n in nets}  # filled below, read at save
    titles = []
    for i, net in enumerate(nets):
        column = get_column_letter(feed + i)
        formula, cached = series_title(NETWORK_NAMES[net], f"{column}{header + 1}:{column}{last}",
                                       any_number(values[net]), lang, "wb_no_audience_short")
        titles.append(st.cell(formula, "header_num", cached=cached))
    heading = st.cell(label("wb_followers_heading_monthly" if monthly else "wb_followers_heading", lang), "heading")
    if nets:  # above the chart: "no follower counts yet" while no count is in the feed
        ws.append([heading, *[None] * (NOTE_COLUMN - 2), st.cell(
            f'=IF(COUNT({every})=0,{text_literal(note)},"")', "subtitle",
            cached=lambda: None if any(any_number(v)() for v in values.values()) else note)])
        cells["no_audience_note"] = f"{get_column_letter(NOTE_COLUMN)}{header - 1}"
    else:
        ws.append([heading])
    ws.row_dimensions[header].height = 32
    ws.append([st.cell(label("wb_month" if monthly else "wb_week_from", lang), "header_num"),
               *[st.cell(NETWORK_NAMES[n], "header_num") for n in nets], *[None] * (feed - 2 - len(nets)), *titles])
    for w, (first, final) in enumerate(buckets):
        tr = header + 1 + w
        if monthly:
            row = [st.cell(f"={aggregates.month_start(start, end, w)}", "cell", "month", cached=serial(first))]
            until = aggregates.month_end(f"$A{tr}", end)
        else:
            row = [st.cell(f'=IF({start}+{7 * w}>{end},"",{start}+{7 * w})', "cell", "date", cached=serial(first))]
            until = f"MIN($A{tr}+6,{end})"
        feeds = []
        for c, net in enumerate(nets, start=2):
            body = af.followers_end(layout, net, f"$A{tr}", until)
            value = partial(_followers_end, record, net, first, final)
            row.insert(c - 1, st.cell(f'=IF($A{tr}="","",{body})', "cell", "integer", cached=value))
            values[net].append(value)
            feeds.append(feed_cell(st, f"{get_column_letter(c)}{tr}", value, "integer"))
            cells["followers"].setdefault(net, []).append(f"{get_column_letter(c)}{tr}")
        ws.append([*row, *[None] * (feed - 1 - len(row)), *feeds])
        cells["weeks"].append(f"A{tr}")
    if nets:
        _chart(ws, layout, header, last, feed, monthly)
    return last


def figures(layout: Any, record: TableValues, goals: Sequence[Goal], net: str, period: tuple[dt.date, dt.date]
            ) -> dict[str, Any]:
    """What a network row's formulas give (the cached values), from the recorded Audience and post rows."""
    start, end = period
    out = {**_audience_figures(record.audience, net, period),
           "er_followers": _er_followers(layout, record, net, period)}
    bench = benchmark_for(net, "followers")
    if bench and not comparable(bench, kpi_rows.reported_in(layout, record, net, serial(start), serial(end))):
        out["er_benchmark"] = label("wb_not_comparable", layout.lang)
    else:
        out["er_benchmark"] = bench.value if bench else label("wb_no_benchmark", layout.lang)
    goal_kpi, _ = _goal(layout, goals, net)
    status = goals_sheet.status_value(layout, goals, goal_kpi, net, record) if goal_kpi else None
    out["goal"] = f"{catalog.get(goal_kpi).name(layout.lang)}: {status}" if goal_kpi and status else None
    return out


def has_figures(layout: Any, record: TableValues, rows: Sequence[Mapping[str, Any]], net: str,
                period: tuple[dt.date, dt.date]) -> bool:
    """Whether a network's row holds a figure (FIGURES): from the Audience rows `rows` and the recorded posts."""
    found = {**_audience_figures(rows, net, period), "er_followers": _er_followers(layout, record, net, period)}
    return any(found[key] is not None for key in FIGURES)


def _audience_figures(rows: Sequence[Mapping[str, Any]], net: str, period: tuple[dt.date, dt.date]
                      ) -> dict[str, Any]:
    """A network row's figures from the Audience rows (`kpixl.report.audience`)."""
    start, end = period
    prev_start, prev_end = previous(start, end)
    return {
        "followers_end": audience.followers_end(rows, net, start, end),
        "followers_start": audience.followers_start(rows, net, start, end),
        "net_growth": audience.period_value("net_follower_growth", rows, [net], start, end),
        "net_growth_previous": audience.period_value("net_follower_growth", rows, [net], prev_start, prev_end),
        "growth_rate": audience.period_value("follower_growth_rate", rows, [net], start, end),
        "growth_rate_previous": audience.period_value("follower_growth_rate", rows, [net], prev_start, prev_end),
        "new_followers": audience.period_value("new_followers", rows, [net], start, end),
        "reach": audience.period_value("reach", rows, [net], start, end),
        "profile_visits": audience.period_value("profile_visits", rows, [net], start, end),
    }


def _er_followers(layout: Any, record: TableValues, net: str, period: tuple[dt.date, dt.date]) -> Any:
    """The engagement rate by followers at post time of a network's posts in the period (None without both)."""
    if not (layout.has_column(net, "kpi:engagements") and layout.has_column(net, "followers")):
        return None
    dates = list(record.dated(net, serial(period[0]), serial(period[1])))
    eng, fol = record.numbers(net, "kpi:engagements"), record.numbers(net, "followers")
    both = [j for j in dates if j < len(eng) and j < len(fol) and eng[j] >= 0 and fol[j] >= 0]
    den = math.fsum(fol[j] for j in both)
    ratio = math.fsum(eng[j] for j in both) / den if den else None
    bench = benchmark_for(net, "followers")
    posts = [eng[j] / fol[j] for j in dates if j < len(eng) and j < len(fol) and not math.isnan(eng[j])
             and fol[j] > 0]
    return compared_value(bench.aggregate, posts, ratio) if bench else ratio


def _lazy(layout: Any, record: TableValues, goals: Sequence[Goal], net: str, period: tuple[dt.date, dt.date]
          ) -> Any:
    """A network row's cached values by column, computed once when the workbook is saved."""
    found: dict[str, Any] = {}

    def value(key: str) -> Any:
        if not found:
            found.update(figures(layout, record, goals, net, period))
        return found[key]

    return value


def _followers_end(record: TableValues, net: str, start: dt.date, end: dt.date) -> Any:
    return audience.followers_end(record.audience, net, start, end)


def er_by_followers(layout: Any, net: str, start: str, end: str) -> str | None:
    """Engagement rate by followers at post time (engagements / followers, the denominator the published
    by-follower benchmarks use) on the benchmark's own aggregate, as the Benchmarks sheet states it: the median or
    mean of the period's posts' rates, or the ratio of sums over the posts that have both (also when no benchmark
    is published). An array formula body."""
    if not (layout.has_column(net, "kpi:engagements") and layout.has_column(net, "followers")):
        return None
    table = layout.table_name(net)
    eng = column_ref(table, layout.header(net, "kpi:engagements"))
    fol = column_ref(table, layout.header(net, "followers"))
    both = f'{aggregates.criteria(layout, net, start, end)},{fol},">=0",{eng},">=0"'
    ratio = f"SUMIFS({eng},{both})/SUMIFS({fol},{both})"
    mask = f"{aggregates.in_range(layout, net, start, end)}*ISNUMBER({eng})*ISNUMBER({fol})"
    posts = f'IF({mask},IF({fol}>0,{eng}/{fol},""),"")'
    which = benchmarks_sheet.aggregate_lookup(layout, net, "engagement_rate", '"followers"')
    return f'IFERROR(IF({which}="",{ratio},CHOOSE({which},MEDIAN({posts}),AVERAGE({posts}),{ratio})),"")'


def er_benchmark(layout: Any, net: str, start: str, end: str) -> str:
    """The by-follower benchmark, or "not comparable" where the export lacks an interaction its engagements count
    (Socialinsider's TikTok figure counts saves)."""
    lang = layout.lang
    met = kpi_rows.comparable_formula(layout, net, "engagement_rate", start, end, "followers")
    found = benchmarks_sheet.lookup(layout, net, "engagement_rate", '"followers"',
                                    text_literal(label("wb_no_benchmark", lang)))
    return f'IF(NOT({met}),{text_literal(label("wb_not_comparable", lang))},{found})'


def _sources(nets: Sequence[str], lang: str) -> str:
    """The note under the block, one line per `|`: the definitions it uses and where its benchmarks come from."""
    reports = sorted({(b.report, b.source) for n in nets if (b := benchmark_for(n, "followers"))})
    cited = "; ".join(f"{report} ({source})" for report, source in reports) or label("wb_no_benchmark", lang)
    return label("wb_audience_note", lang).format(sources=cited)


def _goal(layout: Any, goals: Sequence[Goal], net: str) -> tuple[str | None, str | None]:
    """The first goal of this network on an audience KPI: its KPI and the address of its status."""
    for kpi_id in GOAL_KPIS:
        status = goals_sheet.cited_status(layout, goals, kpi_id, net)
        if status:
            return kpi_id, status
    return None, None


def _chart(ws: Any, layout: Any, header_row: int, last_row: int, feed: int, monthly: bool) -> None:
    """Followers over time: one line per network over the hidden chart-feed columns (a count axis: empty, it shows
    no fractions, `charts.COUNT_AXIS`)."""
    line = LineChart()
    line.title = label("wb_followers_chart", layout.lang)
    line.style = 2
    line.y_axis.title = None
    line.y_axis.numFmt = COUNTS
    line.x_axis.number_format = "mmm yy" if monthly else "dd mmm"
    line.add_data(Reference(ws, min_col=feed, max_col=feed - 1 + len(layout.networks), min_row=header_row,
                            max_row=last_row), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    for series in line.series:
        series.smooth = False
    leave_gaps_in_libreoffice(line, ws, feed + len(layout.networks), header_row + 1, last_row)
    line.height, line.width = 8, 17
    show_axes(line)
    ws.add_chart(line, f"{get_column_letter(NOTE_COLUMN)}{header_row}")
