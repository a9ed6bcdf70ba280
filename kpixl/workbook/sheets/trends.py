"""The Trends sheet: the last 12 whole months (posts, engagements, reach, impressions, views, and followers when the
workbook has audience data) with a chart, then each network's monthly engagement rate on its own base (never pooled:
Instagram's by reach, TikTok's by views…) with a chart; posts and median engagement rate by format; and the best
day × hour as a heat map of mean engagement rate. Engine: `kpixl.report.posts`.

Monthly figures reuse the Dashboard's period formulas (`aggregates`); the charts read hidden chart-feed columns
(#N/A where the table shows a blank: `kpixl.workbook.charts`); formats and the heat map are array formulas
(MEDIAN(IF(…)), SUM(IF(…))) over the network tables.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable
from functools import partial
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.styles import Border, Side
from openpyxl.utils.cell import absolute_coordinate
from openpyxl.worksheet.datavalidation import DataValidation

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.report import posts as report
from kpixl.report.posts import HOUR_BUCKETS
from kpixl.text.labels import label
from kpixl.workbook.canvas import Canvas, address
from kpixl.workbook.charts import feed_cell, leave_gaps_in_libreoffice, rate_name, show_axes
from kpixl.workbook.formulas import aggregates
from kpixl.workbook.layout import Layout
from kpixl.workbook.report_values import ReportValues, report_values
from kpixl.workbook.sheets.top_posts import title_cells
from kpixl.workbook.styles import Styler, header_kind, print_setup
from kpixl.workbook.templates import DATE_FIELD
from kpixl.workbook.values import serial

MONTHS = 12
MONTH_TOP = 4
RATES_TOP = MONTH_TOP + MONTHS + 3  # each network's monthly rate, below the monthly table
FEED = 23  # first hidden chart-feed column (W): right of the heat map
FORMAT_GAP = 2
RIGHT = 11  # first column of the heat map and the monthly chart (K)
NOTE_CHARS = 105  # the heat map's caption, wrapped to the map's width
HEAT_COUNTS = 40  # first hidden column (AN…, right of the chart feeds) of the posts behind each heat-map slot
FORMAT_HELPER = HEAT_COUNTS + len(HOUR_BUCKETS) + 1  # hidden: the best format's row in the formats table
FORMAT_TABLE = FORMAT_HELPER + 2  # hidden: every format's posts and medians (the table shows those with posts)
MONTHLY_FIELDS = ("reach", "impressions", "views")
PERIOD = ("kpixl_period_start", "kpixl_period_end")
FORMAT_LABELS = {
    "photo": ("Photo", "Foto"), "image": ("Image", "Imagen"), "carousel": ("Carousel", "Carrusel"),
    "reel": ("Reel", "Reel"), "video": ("Video", "Vídeo"), "short": ("Short", "Short"), "story": ("Story", "Historia"),
    "live": ("Live", "Directo"), "link": ("Link", "Enlace"), "status": ("Status", "Estado"), "text": ("Text", "Texto"),
    "document": ("Document", "Documento"), "article": ("Article", "Artículo"), "thread": ("Thread", "Hilo"),
    "standard": ("Standard Pin", "Pin estándar"), "idea": ("Idea Pin", "Idea Pin"),
}
ROW_RULE = Border(bottom=Side(style="thin", color="BFC7D5"))
"""The bottom rule of a formats row that shows a format (the "cell" style's)."""
DAYS = (("Monday", "Lunes"), ("Tuesday", "Martes"), ("Wednesday", "Miércoles"), ("Thursday", "Jueves"),
        ("Friday", "Viernes"), ("Saturday", "Sábado"), ("Sunday", "Domingo"))

MonthlyColumn = Callable[[Layout, str, str, tuple[dt.date, dt.date], Any], "tuple[str, str, str, Any] | None"]


def followers_column(layout: Layout, first: str, last: str, month: tuple[dt.date, dt.date], record: Any
                     ) -> tuple[str, str, str, Any] | None:
    """Followers at the month's end, all networks (the Audience table's latest count of each network in the
    month, added up); blank when no network has a count that month. Only with an Audience table."""
    if getattr(layout, "audience", None) is None:
        return None
    from kpixl.report import audience
    from kpixl.workbook.formulas import audience as audience_formulas

    parts = [audience_formulas.followers_end(layout, n, first, last) for n in layout.networks]
    body = f'IF(COUNT({",".join(parts)})=0,"",{"+".join(f"N({p})" for p in parts)})'

    def value() -> Any:
        found = [v for n in layout.networks
                 if (v := audience.followers_end(record.audience, n, *month)) is not None]
        return math.fsum(found) if found else None

    return label("wb_followers_month_end", layout.lang), body, "integer", value


MONTHLY_EXTRA: list[MonthlyColumn] = [followers_column]
"""More monthly columns: each callable gets (layout, month start cell, month end cell, (first, last) dates, the
recorded table values) and returns (header, formula body without "=", format kind, cached value or a callable
giving it at save), or None when it does not apply."""


def format_label(kind: str, lang: str) -> str:
    en, es = FORMAT_LABELS.get(kind, (kind.capitalize(), kind.capitalize()))
    return es if lang == "es" else en


def formats(layout: Layout) -> list[str]:
    """Every post type the workbook's networks list, in network order, each once."""
    seen: list[str] = []
    for net in layout.networks:
        for kind in layout.tables[net].post_types:
            if kind not in seen:
                seen.append(kind)
    return seen


def rate_networks(layout: Layout) -> list[str]:
    return [n for n in layout.networks if layout.has_column(n, "kpi:engagement_rate")]


def write(workbook: Any, layout: Layout, currency: str) -> None:
    """Append the Trends sheet; records its cells in `layout.dashboard["trends"]`."""
    ws = workbook.create_sheet(layout.sheet_name("trends"))
    nets = rate_networks(layout)
    widths = [16, 12, 13, 13] + [13] * 5 + [3] + [11] * 9
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[address(1, col)[:-1]].width = width
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "2E7D32"
    print_setup(ws, fit_height=True)
    canvas = Canvas(ws, Styler(ws, currency))
    title_cells(canvas, layout, "wb_sheet_trends")
    rv = report_values(workbook, layout)
    cells: dict[str, Any] = {}
    cells["monthly"] = _monthly(canvas, layout, MONTH_TOP, rv)
    cells["rates"] = _rates(canvas, layout, nets, cells["monthly"], rv) if nets else None
    below = (RATES_TOP + 3 + MONTHS if nets else MONTH_TOP + 2 + MONTHS) + FORMAT_GAP
    cells["heat"] = _heat(canvas, layout, nets, below, rv)
    cells["formats"] = _formats(canvas, layout, nets, below, rv, cells["heat"]["medians"])
    canvas.flush()
    heat_rows = [row for row in cells["heat"]["cells"]]
    if heat_rows:
        first, last = heat_rows[0][0], heat_rows[-1][-1]
        ws.conditional_formatting.add(f"{first}:{last}", ColorScaleRule(
            start_type="min", start_color="FFFFFF", mid_type="percentile", mid_value=50, mid_color="C6E8D0",
            end_type="max", end_color="2E9E5B"))
    _monthly_chart(ws, layout, cells["monthly"], cells["rates"])
    layout.dashboard["trends"] = cells


def _monthly(canvas: Canvas, layout: Layout, top: int, rv: ReportValues) -> dict[str, Any]:
    """Posts and like quantities summed over every network per month (engagements, reach, impressions, views,
    followers): never a rate, whose bases differ by network (`_rates`)."""
    lang, nets = layout.lang, layout.networks
    rec = rv.record
    engine: list[Callable[[float, float], Any]] = [
        lambda a, b: aggregates.post_count_of(rec, nets, a, b),
        lambda a, b: aggregates.column_sum_of(layout, rec, nets, "kpi:engagements", a, b)]
    canvas.put(top, 1, label("wb_monthly_heading", lang), "heading")
    header = top + 1
    canvas.height(header, 30)
    columns: list[tuple[str, Callable[[str, str], str | None], str]] = [
        (label("wb_posts", lang), lambda a, b: aggregates.post_count(layout, nets, a, b), "integer"),
        (label("wb_engagements", lang),
         lambda a, b: aggregates.column_sum(layout, nets, "kpi:engagements", a, b), "integer"),
    ]
    for name in MONTHLY_FIELDS:
        if any(layout.has_column(n, name) for n in nets):
            columns.append((label(f"wb_{name}", lang),
                            lambda a, b, name=name: aggregates.column_sum(layout, nets, name, a, b), "integer"))
            engine.append(lambda a, b, name=name: aggregates.column_sum_of(layout, rec, nets, name, a, b))
    extra = [hook for hook in MONTHLY_EXTRA]
    canvas.put(header, 1, label("wb_month", lang), "header_num")
    for c, (text, _, fmt) in enumerate(columns, start=2):
        canvas.put(header, c, text, header_kind(fmt))
    # the 12 whole months ending with the last month that ends on or before the period end
    anchor = f"(DATE(YEAR({PERIOD[1]}+1),MONTH({PERIOD[1]}+1),1)-1)"
    out: dict[str, Any] = {"months": [], "columns": [c[0] for c in columns], "cells": [], "header": header,
                           "days": []}
    months = report.months(rv.period[1], MONTHS)
    for i in range(MONTHS):
        r = header + 1 + i
        days = (serial(months[i][0]), serial(months[i][1]))
        month = canvas.put(r, 1, f"=DATE(YEAR({anchor}),MONTH({anchor})-{MONTHS - 1 - i},1)", "cell", "month",
                           cached=days[0])
        first, last = f"$A{r}", f"(DATE(YEAR($A{r}),MONTH($A{r})+1,1)-1)"
        row = []
        has_data = partial(covered_of, rec, nets, *days)
        for c, (_, body, fmt) in enumerate(columns, start=2):
            formula = body(first, last)
            # a month no export covers (before the first, or not over yet) is a gap: blank, never 0 posts
            formula = formula and (f'IF({covered(layout, nets, first, last)},{formula},"")' if c == 2 else
                                   f'IF($B{r}="","",{formula})')
            value = partial(_if_covered, has_data, engine[c - 2], *days)
            row.append(canvas.put(r, c, f"={formula}", "cell", fmt, cached=value)
                       if formula else canvas.put(r, c, None, "cell", fmt))
        for c, hook in enumerate(extra, start=2 + len(columns)):
            made = hook(layout, first, last, months[i], rec)
            if made:
                if i == 0:
                    canvas.put(header, c, made[0], header_kind(made[2]))
                row.append(canvas.put(r, c, f"={made[1]}", "cell", made[2], cached=made[3]))
        out["months"].append(month)
        out["cells"].append(row)
        out["days"].append(days)
        engagements = getattr(canvas.cells[(r, 3)], "cached", None)  # the chart's feed: #N/A for no engagements
        canvas.cells[(r, FEED)] = feed_cell(canvas.st, f"C{r}", engagements, "integer")
    canvas.put(header, FEED, label("wb_engagements", lang), "header_num")
    canvas.ws.column_dimensions[address(1, FEED)[:-1]].hidden = True
    return out


def covered(layout: Layout, nets: list[str], first: str, last: str) -> str:
    """Formula condition: some network's export covers the month (it has a post on or before the month's end and one
    on or after its start), so a month inside the exports without a post counts 0, one outside them is a gap."""
    spans = []
    for net in nets:
        date = aggregates.column(layout, net, DATE_FIELD)
        spans.append(f'AND(COUNTIFS({date},"<"&({last}+1))>0,COUNTIFS({date},">="&{first})>0)')
    return f"OR({','.join(spans)})" if spans else "FALSE"


def _if_covered(has_data: Callable[[], bool], figure: Callable[[float, float], Any], start: float, end: float
                ) -> Any:
    return figure(start, end) if has_data() else None


def covered_of(record: Any, nets: list[str], start: float, end: float) -> bool:
    """What `covered` gives for a month of serial days [start, end] (`report.exports_cover`)."""
    spans = []
    for net in nets:
        days = [math.floor(d) for d in record.numbers(net, DATE_FIELD) if not math.isnan(d)]
        if days:
            spans.append((min(days), max(days)))
    return report.exports_cover(spans, start, end)


def _rates(canvas: Canvas, layout: Layout, nets: list[str], monthly: dict[str, Any], rv: ReportValues
           ) -> dict[str, Any]:
    """Each network's engagement rate per month (ratio of sums, as the Dashboard), headed by its base ("Instagram
    (reach)", "TikTok (views)"): rates of different bases side by side, never added up."""
    lang = layout.lang
    canvas.put(RATES_TOP, 1, label("wb_rates_heading", lang), "heading")
    header = RATES_TOP + 1
    canvas.height(header, 30)
    canvas.put(header, 1, label("wb_month", lang), "header_num")
    out: dict[str, Any] = {"header": header, "networks": {n: [] for n in nets}, "names": {}}
    for c, net in enumerate(nets, start=2):
        name, now = rate_name(layout, net)
        canvas.cells[(header, c)] = canvas.st.cell(name, "header_num", cached=now)  # a formula: Settings' variant
        canvas.headers.setdefault(c, []).append(now)  # the column fits the name shown, not the formula's text
        out["names"][net] = address(header, c)
        canvas.put(header, FEED + c - 2, f"={address(header, c)}", "header_num", cached=now)
    for i, (month, days) in enumerate(zip(monthly["months"], monthly["days"], strict=True)):
        r = header + 1 + i
        canvas.put(r, 1, f"={month}", "cell", "month", cached=days[0])
        first, last = f"$A{r}", f"(DATE(YEAR($A{r}),MONTH($A{r})+1,1)-1)"
        for c, net in enumerate(nets, start=2):
            value = partial(aggregates.kpi_value_of, layout, rv.record, [net], "engagement_rate", *days)
            out["networks"][net].append(canvas.put(
                r, c, f"={aggregates.kpi_value(layout, [net], 'engagement_rate', first, last)}", "cell", "percent",
                cached=value))
            canvas.cells[(r, FEED + c - 2)] = feed_cell(canvas.st, address(r, c), value, "percent")
    canvas.put(header + 1 + MONTHS, 1, label("wb_rates_note", lang), "subtitle")
    for c in range(FEED, FEED + len(nets) + 1):  # and an empty one (`leave_gaps_in_libreoffice`)
        canvas.ws.column_dimensions[address(1, c)[:-1]].hidden = True
    return out


def format_groups(layout: Layout) -> list[tuple[str, ...]]:
    """The formats table's formats: the post types the networks list, in network order, the types that name one
    format in each other's words (`kpixl.catalog.post_types.SYNONYMS`: Facebook's photo and Instagram's image,
    status and text) as one."""
    from kpixl.catalog.post_types import SYNONYMS

    groups: list[tuple[str, ...]] = []
    for kind in formats(layout):
        same = next((i for i, g in enumerate(groups)
                     if kind in SYNONYMS.get(g[0], ()) and g[0] in SYNONYMS.get(kind, ())), None)
        if same is None:
            groups.append((kind,))
        else:
            groups[same] = (*groups[same], kind)
    return groups


def group_label(group: report.Format, lang: str) -> str:
    """A format's name in the table: its first type's (Facebook's "Photo" for photo and image), "Other formats"."""
    if group is None:
        return label("wb_other_formats", lang)
    return format_label(group if isinstance(group, str) else group[0], lang)


def _formats(canvas: Canvas, layout: Layout, nets: list[str], top: int, rv: ReportValues,
             medians: dict[str, str]) -> dict[str, Any]:
    """Posts and median engagement rate per format and network; all networks together, the median post's rate
    against its network's median (`kpixl.report.posts.relative_format_median`: rates of different bases never mixed).

    Every format is computed in hidden columns (from FORMAT_TABLE, in `format_groups` order: what the best format
    reads); the table the client reads lists only the formats with posts in the period, most posts first
    (`kpixl.report.posts.shown_formats`), by formula, so it follows an import that adds posts of another format."""
    lang = layout.lang
    start, end = PERIOD
    kinds = formats(layout)
    groups: list[report.Format] = [*format_groups(layout), None]
    canvas.put(top, 1, label("wb_formats_heading", lang), "heading")
    header = top + 1
    canvas.height(header, 44)
    canvas.put(header, 1, label("wb_format", lang), "header")
    canvas.put(header, 2, label("wb_posts", lang), "header_num")
    canvas.put(header, 3, label("wb_median_relative", lang), "header_num")
    for c, net in enumerate(nets, start=4):
        canvas.put(header, c, NETWORK_NAMES[net], "header_num")
    known = "{" + ",".join(text_literal(k) for k in kinds) + "}"
    out: dict[str, Any] = {"kinds": [], "labels": [], "posts": [], "median": [], "networks": {n: [] for n in nets}}
    typed = [n for n in layout.networks if layout.has_column(n, "post_type")]
    hidden = FORMAT_TABLE
    key_col, order_col = FORMAT_TABLE + 3 + len(nets), FORMAT_TABLE + 4 + len(nets)
    engine: dict[tuple[int, int], Callable[[], Any]] = {}  # (group position, visible column): the hidden cached
    for i, kind in enumerate(groups):
        r = header + 1 + i

        def match(net: str, kind: report.Format = kind) -> str:
            types = aggregates.column(layout, net, "post_type")
            if kind is None:
                return f"ISNA(MATCH({types},{known},0))"
            return "(" + "+".join(f"({types}={text_literal(k)})" for k in kind) + ")"  # one type: 0 or 1

        out["labels"].append(canvas.put(r, hidden, group_label(kind, lang), "label"))
        count = "+".join(f"SUMPRODUCT({aggregates.in_range(layout, n, start, end)}*{match(n)})" for n in typed)
        engine[(i, 2)] = partial(lambda kind: report.format_stats(rv.pooled(typed), kind, kinds)[0], kind)
        out["posts"].append(canvas.put(r, hidden + 1, f"={count}", "cell", "integer", cached=engine[(i, 2)])
                            if count else canvas.put(r, hidden + 1, None, "cell", "integer"))
        parts = []
        for c, net in enumerate(nets, start=4):
            if net not in typed:
                out["networks"][net].append(None)
                continue
            rate = aggregates.column(layout, net, "kpi:engagement_rate")
            part = f'IF({aggregates.in_range(layout, net, start, end)}*{match(net)}*ISNUMBER({rate}),{rate},"")'
            median = absolute_coordinate(medians[net])
            # the divisor never "" (a network without posts in the period): LibreOffice fails the whole array on
            # a text divisor, where Excel fails only the rows the IF leaves out
            # a one-row table (an empty one) gives a 1×1 "" that LibreOffice passes MEDIAN as a scalar text: #VALUE!
            # for the whole format; IF({1,1},…) makes every part an array (each value twice: the same median)
            parts.append(f'IF({{1,1}},IF({aggregates.in_range(layout, net, start, end)}*{match(net)}*ISNUMBER({rate})'
                         f'*(N({median})>0),{rate}/IF(N({median})>0,N({median}),1),""))')
            engine[(i, c)] = partial(lambda n, kind: report.format_stats(rv.in_period[n], kind, kinds)[1], net, kind)
            out["networks"][net].append(canvas.array(r, hidden + c - 1, f'=IFERROR(MEDIAN({part}),"")', "cell",
                                                     "percent", cached=engine[(i, c)]))
        engine[(i, 3)] = partial(lambda kind: report.relative_format_median(
            {n: rv.in_period[n] for n in nets if n in typed}, kind, kinds), kind)
        out["median"].append(canvas.array(r, hidden + 2, f'=IFERROR(MEDIAN({",".join(parts)}),"")', "cell",
                                          "multiple", cached=engine[(i, 3)]) if parts else None)
        out["kinds"].append(kind)
        if count:  # the sort key: most posts first, table order on a tie; blank without posts
            posts = address(r, hidden + 1)
            canvas.put(r, key_col, f'=IF(N({posts})>0,N({posts})*1000+{999 - i},"")', "cell", "integer",
                       cached=partial(_sort_key, engine[(i, 2)], i))
    for col in range(FORMAT_TABLE, order_col + 1):
        canvas.ws.column_dimensions[address(1, col)[:-1]].hidden = True
    out["best"] = _best_format_helper(canvas, layout, header + 1, out, rv, typed, nets)
    out["shown"] = _shown_formats(canvas, lang, header, out, groups, engine, key_col, order_col, nets, typed)
    return out


def _sort_key(posts: Callable[[], Any], position: int) -> int | None:
    """The hidden sort key of the format at `position` (from 0): what its formula gives."""
    count = posts()
    return count * 1000 + 999 - position if count else None


def _shown_formats(canvas: Canvas, lang: str, header: int, table: dict[str, Any], groups: list[report.Format],
                   engine: dict[tuple[int, int], Callable[[], Any]], key_col: int, order_col: int, nets: list[str],
                   typed: list[str]) -> list[str]:
    """The formats table the client reads: row p shows the format with the p-th most posts (hidden column
    `order_col`: its position among the hidden rows), blank past the last format with posts. Returns column A."""
    if not typed:
        return []
    keys = _span(address(header + 1, key_col), address(header + len(groups), key_col))
    memo: dict[str, list[int]] = {}

    def at(position: int) -> int | None:  # the order is worked out once per save
        if "order" not in memo:
            memo["order"] = report.shown_formats([(g, engine[(i, 2)]()) for i, g in enumerate(groups)])
        found = memo["order"]
        return found[position - 1] if position <= len(found) else None

    def shown(position: int, col: int) -> Any:
        index = at(position)
        if index is None:
            return None
        return group_label(groups[index - 1], lang) if col == 1 else engine[(index - 1, col)]()

    rows = []
    for position in range(1, len(groups) + 1):
        r = header + position
        idx = address(r, order_col, True)
        canvas.put(r, order_col, f'=IFERROR(MATCH(LARGE({keys},{position}),{keys},0),"")', "cell", "integer",
                   cached=partial(at, position))

        def pick(column: list[Any], idx: str = idx) -> str:
            return f'=IF({idx}="","",INDEX({_span(column[0], column[-1])},{idx}))'

        rows.append(canvas.put(r, 1, pick(table["labels"]), "label", cached=partial(shown, position, 1)))
        canvas.put(r, 2, pick(table["posts"]), "figure", "integer", cached=partial(shown, position, 2))
        if table["median"][0] is not None:
            canvas.put(r, 3, pick(table["median"]), "figure", "multiple", cached=partial(shown, position, 3))
        for c, net in enumerate(nets, start=4):
            if net in typed:
                canvas.put(r, c, pick(table["networks"][net]), "figure", "percent",
                           cached=partial(shown, position, c))
    # the rows past the last format with posts stay bare: a row's rule appears with its format
    area = f"A{header + 1}:{address(header + len(groups), 3 + len(nets))}"
    canvas.ws.conditional_formatting.add(area, FormulaRule(formula=[f'$A{header + 1}<>""'], border=ROW_RULE))
    return rows


def _best_format_helper(canvas: Canvas, layout: Layout, row: int, table: dict[str, Any], rv: ReportValues,
                        typed: list[str], nets: list[str]) -> str | None:
    """Hidden beside the map: the position (from 1) in the hidden formats of the format with the highest relative
    median among those with at least the Settings' minimum of posts (`kpixl.report.posts.best_format`), blank when
    none has enough."""
    from kpixl.workbook.sheets import evidence

    if not table["posts"] or None in table["median"] or not table["median"]:
        return None
    posts = _span(table["posts"][0], table["posts"][-1])
    med = _span(table["median"][0], table["median"][-1])
    enough = f"ISNUMBER({med})*({posts}>={evidence.ref(layout, 'min_posts_best')})"
    formula = f'=IF(SUM({enough})=0,"",MATCH(1,{enough}*({med}=MAX(IF({enough},{med}))),0))'

    def cached() -> int | None:
        found = best_format_of(layout, rv, typed, nets)
        return None if found is None else [*format_groups(layout), None].index(found[0]) + 1

    canvas.ws.column_dimensions[address(1, FORMAT_HELPER)[:-1]].hidden = True
    return canvas.array(row, FORMAT_HELPER, formula, "cell", "integer", cached=cached)


def best_format_of(layout: Layout, rv: ReportValues, typed: list[str], nets: list[str]
                   ) -> tuple[report.Format, int, float] | None:
    """The engine's best format (format, posts, relative median) of the formats table."""
    from kpixl.workbook.sheets import evidence

    kinds = formats(layout)
    by_network = {n: rv.in_period[n] for n in nets if n in typed}
    stats = [(kind, report.format_stats(rv.pooled(typed), kind, kinds)[0],
              report.relative_format_median(by_network, kind, kinds)) for kind in [*format_groups(layout), None]]
    return report.best_format(stats, evidence.value(layout, "min_posts_best"))


def _span(a: str, b: str) -> str:
    return f"{absolute_coordinate(a)}:{absolute_coordinate(b)}"


def _heat(canvas: Canvas, layout: Layout, nets: list[str], top: int, rv: ReportValues) -> dict[str, Any]:
    """Day × 3-hour slots: the mean of each post's rate relative to its network's median rate of the period
    (`kpixl.report.posts.relative_heat_cell`; rates of different bases never pooled), for all networks or the one chosen
    in the selector above the map; the networks' medians below it."""
    lang = layout.lang
    start, end = PERIOD
    canvas.put(top, RIGHT, label("wb_heat_heading", lang), "heading")
    header = top + 1
    canvas.put(header, RIGHT, label("wb_day", lang), "header")
    for c, hour in enumerate(HOUR_BUCKETS, start=RIGHT + 1):
        canvas.put(header, c, f"{hour:02d}–{hour + 3:02d}", "header_num")
    every = label("wb_all_networks_choice", lang)  # the selector, right under the map
    canvas.put(header + 8, RIGHT, label("wb_heat_show", lang), "label")
    selector = canvas.text(header + 8, RIGHT + 2, every, "input")
    canvas.put(header + 8, RIGHT + 3, None, "input")
    choices = DataValidation(type="list", formula1='"' + ",".join([every] + [NETWORK_NAMES[n] for n in nets]) + '"',
                             allow_blank=False)
    choices.add(selector)
    canvas.ws.data_validations.append(choices)
    note = textwrap.wrap(label("wb_heat_note", lang), NOTE_CHARS)
    for i, line in enumerate(note):
        canvas.put(header + 9 + i, RIGHT, line, "subtitle")
    zone, untimed = heat_zone_formula(layout, nets)  # two lines: one would run past the map's right edge

    def notes() -> tuple[str, str | None]:  # at save: the network tables are written after this sheet
        return heat_zone_text(layout, report.untimed_count({n: rv.in_period[n] for n in nets}))

    note.append(canvas.put(header + 9 + len(note), RIGHT, zone, "subtitle", cached=lambda: notes()[0]))
    note.append(canvas.put(header + 9 + len(note), RIGHT, untimed, "subtitle", cached=lambda: notes()[1]))
    medians_top = header + 10 + len(note)
    canvas.put(medians_top, RIGHT, label("wb_typical_rate", lang), "label")
    medians: dict[str, str] = {}
    for i, net in enumerate(nets):
        r = medians_top + 1 + i
        rate = aggregates.column(layout, net, "kpi:engagement_rate")
        canvas.put(r, RIGHT, NETWORK_NAMES[net], "label")
        medians[net] = canvas.array(r, RIGHT + 2, f'=IFERROR(MEDIAN(IF({aggregates.in_range(layout, net, start, end)}'
                                                  f'*ISNUMBER({rate}),{rate},"")),"")', "cell", "percent",
                                    cached=partial(lambda n: report.median_rate(rv.in_period[n]), net))
    out: dict[str, Any] = {"cells": [], "counts": [], "hours": list(HOUR_BUCKETS), "selector": selector,
                           "medians": medians, "note": note}
    chosen = f"${selector[0]}${selector[1:]}"
    for col in range(HEAT_COUNTS, HEAT_COUNTS + len(HOUR_BUCKETS)):
        canvas.ws.column_dimensions[address(1, col)[:-1]].hidden = True
    def by_network() -> dict[str, Any]:  # at save: the network tables are written after this sheet
        return {n: rv.in_period[n] for n in nets}

    for day in range(1, 8):
        r = header + day
        canvas.put(r, RIGHT, DAYS[day - 1][1 if lang == "es" else 0], "label")
        row, count_row = [], []
        for c, hour in enumerate(HOUR_BUCKETS, start=RIGHT + 1):
            sums, counts = [], []
            for net in nets:
                date = aggregates.column(layout, net, DATE_FIELD)
                rate = aggregates.column(layout, net, "kpi:engagement_rate")
                median = absolute_coordinate(medians[net])
                use = (f"AND(OR({chosen}={text_literal(every)},{chosen}={text_literal(NETWORK_NAMES[net])}),"
                       f"N({median})>0)")
                # a post without a publish time (00:00:00: a date-only export) has no hour: not in the map
                keep = (f"{aggregates.in_range(layout, net, start, end)}*(WEEKDAY({date},2)={day})"
                        f"*(HOUR({date})>={hour})*(HOUR({date})<{hour + 3})*(MOD({date},1)>0)*ISNUMBER({rate})")
                sums.append(f"IF({use},SUM(IF({keep},{rate},0))/{median},0)")
                counts.append(f"IF({use},SUM({keep}),0)")
            formula = f'=IFERROR(({"+".join(sums)})/({"+".join(counts)}),"")' if nets else None
            cached = partial(lambda d, h: report.relative_heat_cell(by_network(), d, h), day, hour)
            row.append(canvas.array(r, c, formula, "cell", "multiple", cached=cached) if formula else
                       canvas.put(r, c, None))
            # hidden beside the map: the posts behind each slot (the best time needs enough of them)
            count_col = HEAT_COUNTS + c - RIGHT - 1
            count_row.append(canvas.array(r, count_col, f'=IFERROR({"+".join(counts)},0)', "cell", "integer",
                                          cached=partial(lambda d, h: report.heat_count(by_network(), d, h), day, hour))
                             if nets else canvas.put(r, count_col, 0))
        out["cells"].append(row)
        out["counts"].append(count_row)
    if nets:
        out["best"] = _best_slot_helpers(canvas, layout, header + 2, out, by_network)
    return out


def _best_slot_helpers(canvas: Canvas, layout: Layout, row: int, heat: dict[str, Any],
                       by_network: Callable[[], dict[str, Any]]) -> tuple[str, str]:
    """Hidden beside the map (array formulas): the day (1–7) and hour column (1–8) of the best slot among those with
    at least the Settings' minimum of posts (`kpixl.report.posts.best_slot`), blank when none has enough."""
    from kpixl.workbook.sheets import evidence

    cells, counts = heat["cells"], heat["counts"]
    grid, posts = _span(cells[0][0], cells[-1][-1]), _span(counts[0][0], counts[-1][-1])
    least = evidence.ref(layout, "min_posts_best")
    enough = f"ISNUMBER({grid})*({posts}>={least})"
    top = f"MAX(IF({enough},{grid}))"
    rows = f"ROW({grid})-MIN(ROW({grid}))+1"
    day = address(row, FORMAT_HELPER)
    # the chosen day's row as a reference (INDEX of a range): no row × grid broadcasting
    day_grid, day_posts = f"INDEX({grid},{day},0)", f"INDEX({posts},{day},0)"
    cols = f"COLUMN({day_grid})-MIN(COLUMN({day_grid}))+1"

    def best(part: int) -> int | None:
        found = report.best_slot(by_network(), evidence.value(layout, "min_posts_best"))
        return None if found is None else found[part]

    canvas.array(row, FORMAT_HELPER, f'=IF(SUM({enough})=0,"",MIN(IF({enough}*({grid}={top}),{rows},"")))', "cell",
                 "integer", cached=partial(best, 0))
    hour = canvas.array(row + 1, FORMAT_HELPER, f'=IF({day}="","",MIN(IF(ISNUMBER({day_grid})*({day_posts}>={least})'
                                                f'*({day_grid}={top}),{cols},"")))', "cell", "integer",
                        cached=partial(best, 1))
    return day, hour


def heat_zone_formula(layout: Layout, nets: list[str]) -> tuple[str, str]:
    """The heat map's live notes: the time zone of its hours (Settings), and how many posts of the period it leaves
    out for want of a publish time (blank when none)."""
    from kpixl.workbook.sheets import evidence

    lang = layout.lang
    start, end = PERIOD
    count = "+".join(f"SUMPRODUCT({aggregates.in_range(layout, n, start, end)}"
                     f"*(MOD({aggregates.column(layout, n, DATE_FIELD)},1)=0))" for n in nets) or "0"
    zone = text_literal(label("wb_heat_zone", lang)).replace("{zone}", '"&' + evidence.ref(layout, "time_zone") + '&"')
    one = text_literal(label("wb_heat_untimed_one", lang))
    many = text_literal(label("wb_heat_untimed", lang)).replace("{count}", '"&(' + count + ')&"')
    return f"={zone}", f'=IF(({count})=0,"",IF(({count})=1,{one},{many}))'


def heat_zone_text(layout: Layout, untimed: int) -> tuple[str, str | None]:
    """The engine's `heat_zone_formula`."""
    from kpixl.workbook.sheets import evidence

    lang = layout.lang
    zone = label("wb_heat_zone", lang).replace("{zone}", evidence.value(layout, "time_zone"))
    if untimed == 1:
        return zone, label("wb_heat_untimed_one", lang)
    return zone, label("wb_heat_untimed", lang).replace("{count}", str(untimed)) if untimed else None


def _monthly_chart(ws: Any, layout: Layout, monthly: dict[str, Any], rates: dict[str, Any] | None) -> None:
    """Engagements per month (columns) beside the monthly table; each network's engagement rate per month (one line
    per network, named with its base) beside the rates table. Both read the hidden chart-feed columns."""
    lang = layout.lang
    header = monthly["header"]
    bar = BarChart()
    bar.title = label("wb_engagements_chart", lang)
    bar.style = 10
    bar.add_data(Reference(ws, min_col=FEED, min_row=header, max_row=header + MONTHS), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=header + MONTHS))
    bar.y_axis.majorGridlines = None
    bar.y_axis.numFmt = "#,##0"
    bar.x_axis.number_format = "mmm yy"
    bar.legend = None
    bar.height, bar.width = 7.5, 18
    show_axes(bar)
    ws.add_chart(bar, address(MONTH_TOP, RIGHT))
    if not rates or not rates["networks"]:
        return
    top = rates["header"]
    line = LineChart()
    line.title = label("wb_rates_chart", lang)
    line.style = 2
    line.add_data(Reference(ws, min_col=FEED, max_col=FEED + len(rates["networks"]) - 1, min_row=top,
                            max_row=top + MONTHS), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + MONTHS))
    line.y_axis.numFmt = "0.0%"
    line.x_axis.number_format = "mmm yy"
    for series in line.series:
        series.smooth = False
    leave_gaps_in_libreoffice(line, ws, FEED + len(rates["networks"]), top + 1, top + MONTHS)
    line.legend.position = "b"
    line.height, line.width = 7.5, 18
    show_axes(line)
    ws.add_chart(line, address(RATES_TOP, RIGHT))
