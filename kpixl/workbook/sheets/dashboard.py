"""The Dashboard: per-network totals and KPIs for the report period against the previous period, benchmark and
goal, recommended actions, a weekly trend, two charts and the reserved Refresh button cell.

Every figure is a formula over the network tables (see `kpixl.workbook.formulas.aggregates`); the cell of each figure is
recorded in the layout (`layout.dashboard`) so tests and `kpixl refresh` can find it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import DataBarRule
from openpyxl.utils import get_column_letter

from kpixl.catalog import kpi as catalog
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.report import posts as report
from kpixl.report.goals import Goal
from kpixl.report.period import PREVIOUS_START_FORMULA, previous
from kpixl.text.labels import label
from kpixl.workbook.canvas import array_cell
from kpixl.workbook.charts import (
    NO_POINT,
    any_number,
    feed_cell,
    leave_gaps_in_libreoffice,
    rate_name,
    series_title,
    show_axes,
)
from kpixl.workbook.formulas import aggregates
from kpixl.workbook.layout import REFRESH_BUTTON, REFRESH_STATUS, UNIT_FORMATS, Layout
from kpixl.workbook.report_values import report_values
from kpixl.workbook.sheets import (
    dashboard_audience,
    dashboard_kpis,
    dashboard_rows,
    dashboard_volumes,
    highlights,
    not_reported_note as gaps,
)
from kpixl.workbook.sheets.settings import add_name
from kpixl.workbook.styles import Styler, header_kind, print_setup, text_width
from kpixl.workbook.templates import Template
from kpixl.workbook.values import TableValues, serial, values_of

CUR = ("$B$4", "$C$4")
PREV = ("$E$4", "$F$4")
HIGHLIGHTS_ROW = 6
HIGHLIGHTS = 4
OVERVIEW_ROW = HIGHLIGHTS_ROW + HIGHLIGHTS + 3
WIDTHS = (14, 25, 13, 16, 13, 13, 13, 13, 13, 13, 60)
ACTION_WIDTH = 60  # the action column wraps within this width so the Dashboard prints on one page
CHART_ROWS = 17  # rows the Dashboard's 8 cm charts cover from the row above a table's header
FEED = 25  # first hidden chart-feed column (Y): right of the helper columns of the highlights and notes (T-W)


def _key(template: Template, item: str) -> str:
    return dashboard_volumes.key_of(template, item)


def _item_label(template: Template, item: str, lang: str) -> str:
    return template.fields[item].label(lang) if item in template.fields else catalog.get(item).name(lang)


def _item_format(template: Template, item: str) -> str:
    return template.fields[item].format if item in template.fields else UNIT_FORMATS[catalog.get(item).unit]


def weeks(period: tuple[dt.date, dt.date]) -> int:
    """Rows of the weekly trend table: the whole ISO weeks (Monday to Sunday) whose Thursday is in the period."""
    return len(report.iso_weeks(*period))


def kpi_rows(layout: Layout, template: Template) -> list[tuple[str, str]]:
    """(network, KPI) of each row of the KPI table, in order."""
    return [(net, kpi_id) for net in layout.networks for kpi_id in template.dashboard_kpis
            if layout.has_column(net, f"kpi:{kpi_id}")]


def write(workbook: Any, layout: Layout, template: Template, goals: Sequence[Goal], currency: str,
          period: tuple[dt.date, dt.date], ws: Any = None, audience: Sequence[Mapping[str, Any]] = ()) -> None:
    """Fill the Dashboard sheet (`ws`, created here when not given; the Top posts and Trends sheets are written
    first, as the highlights read them); records every figure's cell in `layout.dashboard`. `audience`: the
    Audience table's rows (the followers chart is drawn only when they hold a count in the period)."""
    lang, nets = layout.lang, layout.networks
    sheet = layout.sheet_name("dashboard")
    ws = ws if ws is not None else workbook.create_sheet(sheet)
    for helper in (highlights.HELPER, highlights.MOVE_HELPER, gaps.COUNT_COLUMN, gaps.FIELDS_COLUMN):
        ws.column_dimensions[helper].hidden = True
    for feed in range(FEED, FEED + max(5, len(nets) + 1)):  # chart feeds (before any row: write-only)
        ws.column_dimensions[get_column_letter(feed)].hidden = True
    has_er = any(layout.has_column(n, "kpi:engagement_rate") for n in nets)
    items = list(template.totals) + (["engagement_rate"] if has_er else [])
    # the wide action column goes right of the overview's last total (K, or further for a long overview)
    spacer = action_spacer(items)
    action_col = get_column_letter(len(WIDTHS) + spacer)
    head = (*dashboard_kpis.HEAD, *[""] * spacer, "wb_action")
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
    posted = {net: aggregates.post_count_of(record, [net], *cur) > 0 for net in nets}  # the tables are recorded
    posted_before = {net: aggregates.post_count_of(record, [net], *prev) > 0 for net in nets}

    def shows(net: str, before: bool = False) -> bool:
        """Whether a network takes a row (`before`: in the previous-period and change tables, which also need posts
        in the previous period); a workbook without posts in the period shows every row (`dashboard_rows`)."""
        return not any(posted.values()) or (posted[net] and (posted_before[net] or not before))
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
    first_kpi = OVERVIEW_ROW + len(nets) + 4 + dashboard_volumes.height(layout)
    rows = [first_kpi + i for i in range(len(pairs))]
    units = [catalog.get(k).unit for _, k in pairs]
    helper_col = 20  # column T
    row_figures = {pair: dashboard_kpis.row_values(layout, template, goals, record, *pair, cur, prev)
                   for pair in pairs}
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
    def overview_header() -> list[Any]:  # also over the previous-period and change tables (dashboard_volumes)
        return [st.cell(label("network", lang), "header"), st.cell(label("wb_posts", lang), "header_num"),
                *[st.cell(_item_label(template, item, lang), header_kind(_item_format(template, item)))
                  for item in items]]

    ws.append(overview_header())
    first = OVERVIEW_ROW + 1
    gap_rows: list[tuple[str, int]] = []
    bars: list[tuple[Any, Any]] = []  # each network's bar: (category, cached rate feed), in table order
    for r, net in enumerate(nets, start=first):
        row = [st.cell(NETWORK_NAMES[net], "label"),
               st.cell("=" + aggregates.post_count(layout, [net], *CUR), "cell", "integer",
                       cached=partial(aggregates.post_count_of, record, [net], *cur))]
        cells["overview"][net] = {"posts": f"B{r}"}
        for c, item in enumerate(items, start=3):
            body, value = dashboard_volumes.total(layout, template, record, net, item, CUR, cur)
            row.append(st.cell(f"={body}", "cell", _item_format(template, item), cached=value) if body else
                       st.cell(None, "cell", _item_format(template, item)))
            cells["overview"][net][item] = f"{get_column_letter(c)}{r}" if body else None
        if gaps.applies(layout, net):  # hidden: posts whose engagements leave out what the export lacks, and what
            found = partial(gaps.gaps_of, layout, record, net, *cur)
            row += [None] * (helper_col + 1 - len(row)) + [
                st.cell(gaps.count_formula(layout, net, *CUR), cached=lambda found=found: found()[0]),
                st.cell(gaps.fields_formula(layout, net, *CUR), cached=lambda found=found: found()[1])]
            gap_rows.append((net, r))
        dashboard_rows.hide(ws, r, not shows(net))
        if "engagement_rate" in items:  # hidden chart feed: the bar's category names its base, #N/A for no rate
            rate = f"{get_column_letter(3 + items.index('engagement_rate'))}{r}"
            name, named = rate_name(layout, net, bracketed=False) if layout.has_column(
                net, "kpi:engagement_rate") else (None, NETWORK_NAMES[net])
            own = feed_cell(st, rate, getattr(row[3 + items.index("engagement_rate") - 1], "cached", None), "percent")
            bars.append((named, own.cached))
            row += [None] * (FEED - 1 - len(row)) + [
                *_compact_bar(st, first, len(nets), r - first, [n for n in nets if shows(n)], nets, bars),
                st.cell(name, "cell", cached=named) if name else st.cell(named, "cell"), own,
                st.cell(f'=IF(SUM($B${first}:$B${first + len(nets) - 1})=0,{r - first + 1},'
                        f'IF($B{r}>0,COUNTIF($B${first}:$B{r},">0"),""))', "cell",
                        cached=[n for n in nets if shows(n)].index(net) + 1 if shows(net) else None)]
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
    # the networks without posts, named once; the totals' previous period and change
    cells["volumes"] = dashboard_volumes.write(
        ws, st, layout, template, record, items, cells["overview"], last + 2, (*CUR, *PREV), (*cur, *prev),
        lambda item: "integer" if item == "posts" else _item_format(template, item), overview_header, shows)
    # KPIs against previous period, benchmark and goal
    ws.append([st.cell(label("wb_kpis_heading", lang), "heading")])
    kpi_header_row = last + 3 + dashboard_volumes.height(layout)
    ws.row_dimensions[kpi_header_row].height = 32  # before the row is written (write-only): headers on two lines

    def hidden(index: int, row: int) -> list[Any]:  # the biggest change's helpers (highlights.move_helpers)
        return highlights.move_helpers(st, layout, pairs[index], row, CUR, PREV, said, index)

    def kpi_shows(net: str, kpi_id: str) -> bool:  # a KPI without a value in the period takes no row either
        return shows(net) and (row_figures[net, kpi_id]("value") is not None or not any(posted.values()))

    r, cells["kpis"] = dashboard_kpis.write_rows(ws, st, layout, template, goals, row_figures, kpi_header_row,
                                                 spacer, action_col, CUR, PREV, hidden, kpi_shows)
    dashboard_rows.record(cells, [*range(first, last + 1), *(row["row"] for row in cells["kpis"]),
                                  *cells["volumes"].pop("rows")])
    ws.append([])
    trend_header, trend_last = _trend(ws, st, layout, template, record, period, r + 3, cells)
    _charts(ws, layout, items, first, last, trend_header, trend_last, action_col, monthly=cells["trend_by_month"])
    below = max(trend_last, trend_header + CHART_ROWS - 1)  # the last row the trend's table or charts take
    if layout.audience is not None:
        ws.append([])
        cells["audience"] = dashboard_audience.write(ws, st, layout, goals, period, below + 2, CUR, PREV,
                                                    feed=FEED, wide=len(WIDTHS) + spacer, rows=audience)
        dashboard_rows.record(cells, [*dashboard_rows.decided(cells), *cells["audience"].pop("rows")])
    layout.dashboard.update(cells)


def _trend(ws: Any, st: Styler, layout: Layout, template: Template, record: TableValues,
           period: tuple[dt.date, dt.date], header: int, cells: dict[str, Any]) -> tuple[int, int]:
    """The trend of one summed item per network: by ISO week (Monday to Sunday, Thursday in the period), or by
    calendar month for periods longer than about a quarter (`aggregates.by_month`); hidden chart-feed columns
    beside it give #N/A where a bucket has no value. Returns (header row, last row)."""
    lang, nets = layout.lang, layout.networks
    end, start = layout.defined_name("period_end"), layout.defined_name("period_start")
    monthly = aggregates.by_month(period)
    key, fmt = _key(template, template.trend), _item_format(template, template.trend)
    heading = label("wb_monthly_trend_heading" if monthly else "wb_trend_heading", lang)
    ws.append([st.cell(f"{heading}: {_item_label(template, template.trend, lang)}", "heading")])
    ws.row_dimensions[header].height = 32
    if monthly:
        buckets: list[tuple[float, float] | None] = [(serial(a), serial(b)) for a, b in aggregates.months_of(period)]
    else:
        first = serial(report.iso_weeks(period[0], period[0] + dt.timedelta(days=7))[0][0])
        buckets = [(first + 7 * w, first + 7 * w + 6) if first + 7 * w + 3 <= serial(period[1]) else None
                   for w in range(weeks(period))]
    last = header + len(buckets)
    values: dict[str, list[Any]] = {n: [] for n in nets}  # filled below, read at save
    titles = []
    for i, net in enumerate(nets):  # the legend names a network without a value in any bucket: no line is drawn
        column = get_column_letter(FEED + i)
        formula, cached = series_title(NETWORK_NAMES[net], f"{column}{header + 1}:{column}{last}",
                                       any_number(values[net]), lang)
        titles.append(st.cell(formula, "header_num", cached=cached))
    ws.append([st.cell(label("wb_month" if monthly else "wb_week", lang), "header_num"),
               *[st.cell(NETWORK_NAMES[n], "header_num") for n in nets], *[None] * (FEED - 2 - len(nets)), *titles])
    monday = f"({start}+MOD(3-WEEKDAY({start},3),7)-3)"  # see report.iso_weeks: whole weeks, Thursday inside
    for w, days in enumerate(buckets):
        tr = header + 1 + w
        if monthly:
            bucket = f"={aggregates.month_start(start, end, w)}", aggregates.month_end(f"$A{tr}", end)
        else:
            bucket = f'=IF({monday}+{7 * w + 3}>{end},"",{monday}+{7 * w})', f"$A{tr}+6"
        row = [st.cell(bucket[0], "cell", "month" if monthly else "date", cached=days and days[0])]
        feeds = []
        for c, net in enumerate(nets, start=2):
            body = aggregates.column_sum(layout, [net], key, f"$A{tr}", bucket[1])
            value = None if days is None else partial(aggregates.column_sum_of, layout, record, [net], key, *days)
            row.append(st.cell(f'=IF($A{tr}="","",{body})', "cell", fmt, cached=value) if body else
                       st.cell(None, "cell", fmt))
            values[net].append(value if body else None)
            feeds.append(feed_cell(st, f"{get_column_letter(c)}{tr}", value if body else None, fmt))
            cells["trend"].setdefault(net, []).append(f"{get_column_letter(c)}{tr}")
        ws.append([*row, *[None] * (FEED - 1 - len(row)), *feeds])
    cells["trend_weeks"] = [f"A{header + 1 + w}" for w in range(len(buckets))]
    cells["trend_by_month"] = monthly
    for _ in range(last, header + CHART_ROWS - 1):  # the charts beside a short table end before the next block
        ws.append([])
    return header, last


def _compact_bar(st: Styler, first: int, count: int, index: int, shown: Sequence[str], nets: Sequence[str],
                 bars: Sequence[tuple[Any, Any]]) -> list[Any]:
    """The rate chart's feed row `index` (category, rate): the index-th network whose overview row shows (its rank
    in the hidden column right of the per-network feed), so the chart lists no network without posts; blank and
    #N/A below the last one. `bars`: each network's (category, cached rate), filled before the save."""
    name, rate, rank = (get_column_letter(FEED + k) for k in (2, 3, 4))
    span = f"${{0}}${first}:${{0}}${first + count - 1}"
    pick = f"MATCH({index + 1},{span.format(rank)},0)"

    def cached(part: int) -> Any:
        if index >= len(shown):
            return None if part == 0 else NO_POINT
        found = bars[nets.index(shown[index])][part]
        return found() if callable(found) else found

    return [st.cell(f'=IFERROR(INDEX({span.format(name)},{pick}),"")', "cell", cached=partial(cached, 0)),
            st.cell(f"=IFERROR(INDEX({span.format(rate)},{pick}),NA())", "cell", "percent", cached=partial(cached, 1))]


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
        for col, text in enumerate(dashboard_audience.headers(lang, len(base)), start=1):
            add(col, text, 3, True)
    count = max(len(base), *(c + 1 for c in texts))
    return [max([base[c] if c < len(base) else 13] + [text_width(t, n, b) for t, n, b in texts.get(c, [])])
            for c in range(count)]


def _charts(ws: Any, layout: Layout, items: list[str], first: int, last: int,
            trend_header: int, trend_last: int, line_at: str = "K", monthly: bool = False) -> None:
    """Engagement rate by network (bar, each category naming its rate's base) beside the overview and the trend
    (line per network) beside its table; both read the hidden chart-feed columns (#N/A: no bar, no point)."""
    lang = layout.lang
    if "engagement_rate" in items:
        bar = BarChart()
        bar.type = "bar"  # horizontal: each category names its base, read across, not rotated
        bar.x_axis.scaling.orientation = "maxMin"  # networks top to bottom, as in the table
        bar.title = label("wb_er_chart", lang)
        bar.style = 10
        bar.legend = None
        bar.y_axis.numFmt = "0.0%"
        bar.y_axis.majorGridlines = None
        bar.add_data(Reference(ws, min_col=FEED + 1, min_row=first, max_row=last), titles_from_data=False)
        bar.set_categories(Reference(ws, min_col=FEED, min_row=first, max_row=last))
        bar.height, bar.width = 8, 9
        show_axes(bar)
        ws.add_chart(bar, f"H{trend_header - 1}")
    line = LineChart()
    line.title = label("wb_trend_chart_monthly" if monthly else "wb_trend_chart", lang)
    line.style = 2
    line.y_axis.title = None
    line.y_axis.numFmt = "#,##0"
    line.x_axis.number_format = "mmm yy" if monthly else "dd mmm"
    line.add_data(Reference(ws, min_col=FEED, max_col=FEED - 1 + len(layout.networks), min_row=trend_header,
                            max_row=trend_last), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=trend_header + 1, max_row=trend_last))
    for series in line.series:
        series.smooth = False
    leave_gaps_in_libreoffice(line, ws, FEED + len(layout.networks), trend_header + 1, trend_last)
    line.height, line.width = 8, 17
    show_axes(line)
    ws.add_chart(line, f"{line_at}{trend_header - 1}")
