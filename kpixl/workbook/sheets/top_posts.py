"""The Top posts sheet: the period's best posts overall and per network, by engagements and by engagement rate
among posts with at least the period's median reach (impressions, views: the rate's own base), with date, type,
a link captioned with the post's text, and both KPIs.

Per network, the k-th best value is LARGE(IF(in period, KPI)) and its row the first not-yet-listed row holding that
value (ties in table order, as `kpixl.report.posts.top`); overall, the same over the per-network lists, each post's
rate or engagements as a multiple of its network's median post, since networks measure the rate on different bases
(reach, views, impressions) and count different interactions (`kpixl.report.posts.top_overall`). Array formulas
(Excel 2010's Ctrl+Shift+Enter form) over the network tables; helper columns (row numbers, medians, URLs) hidden.
"""

from __future__ import annotations

import textwrap
from functools import cache, partial
from typing import Any

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.report import posts as report
from kpixl.text.labels import label
from kpixl.workbook.canvas import Canvas, address
from kpixl.workbook.formulas import aggregates
from kpixl.workbook.layout import Layout, caption_key
from kpixl.workbook.report_values import report_values
from kpixl.workbook.styles import Styler, header_kind, print_setup
from kpixl.workbook.templates import DATE_FIELD
from kpixl.workbook.values import serial

RANKS = 3
CAPTION_CHARS = 45
NOTE_CHARS = 150  # the sheet's caption, wrapped over rows 2–4 to the printed width
# (key, header label, format) of each half: by engagements (left) and by engagement rate (right)
COLUMNS = ("network", "rank", "date", "type", "post", "first", "second")
LEFT, RIGHT = 1, 9  # first column of each half
HELPERS = 18  # hidden helpers from column R: row number and URL per half, the network's median base and rate, and
# each per-network best-by-rate post's rate relative to that median (what the overall ranking by rate compares);
# then the network's median engagements and each best-by-engagements post's relative to it (the overall by engagements)
MEDIAN_RATE, RELATIVE = HELPERS + 5, HELPERS + 6
MEDIAN_ENGAGEMENTS, RELATIVE_ENGAGEMENTS = HELPERS + 7, HELPERS + 8
WIDTHS = {"network": 12, "rank": 4, "date": 12, "type": 12, "post": 36, "first": 13, "second": 13}
METRICS = {"left": ("kpi:engagements", "kpi:engagement_rate"), "right": ("kpi:engagement_rate", "kpi:engagements")}
PERIOD = ("kpixl_period_start", "kpixl_period_end")


def networks(layout: Layout) -> list[str]:
    """Networks the sheet ranks: those with engagements, engagement rate and its base in their table."""
    return [n for n in layout.networks if all(layout.has_column(n, k) for k in
                                              ("kpi:engagements", "kpi:engagement_rate", "den:engagement_rate"))]


def _headers(lang: str, half: str, overall: bool = False) -> list[tuple[str, str | None]]:
    first, second = ("wb_engagements", "wb_rate") if half == "left" else ("wb_rate", "wb_engagements")
    if overall:  # each post against its network's median post: rates and interactions differ by network
        second = "wb_vs_network_median"
    formats = {"wb_engagements": "integer", "wb_rate": "percent", "wb_vs_network_median": "multiple"}
    return [(label("network", lang), None), ("#", "integer"), (label("wb_date", lang), "date"),
            (label("wb_type", lang), None), (label("wb_post", lang), None),
            (label(first, lang), formats[first]), (label(second, lang), formats[second])]


def _fmt(key: str) -> str:
    return "integer" if key == "kpi:engagements" else "percent"


def _caption(text: str, open_label: str) -> str:
    """A post's text cut to CAPTION_CHARS with an ellipsis, or "Open post" when it has none."""
    return (f'IF({text}="",{open_label},IF(LEN({text})>{CAPTION_CHARS},LEFT({text},{CAPTION_CHARS - 1})&"…",'
            f'{text}))')


def caption_text(text: str | None, open_label: str) -> str:
    """The engine's caption (see `_caption`)."""
    if not text:
        return open_label
    return text if len(text) <= CAPTION_CHARS else text[:CAPTION_CHARS - 1] + "…"


def _post(url: str, caption: str) -> str:
    """The post cell: its caption, linked when there is a URL."""
    return f'IF({url}="",{caption},HYPERLINK({url},{caption}))'


def title_cells(canvas: Canvas, layout: Layout, title_key: str, dates_at: int = 2) -> None:
    """Title (client · sheet) and the report period (its dates from column `dates_at` on), with cached values."""
    lang = layout.lang
    start, end = PERIOD
    client = layout.setting("client").value or ""
    title = label(title_key, lang)
    canvas.height(1, 24)
    canvas.put(1, 1, f'=kpixl_client&" · "&{text_literal(title)}', "title", cached=f"{client} · {title}")
    canvas.put(2, 1, label("wb_period", lang), "label")
    canvas.put(2, dates_at, f"={start}", "cell", "date", cached=serial(layout.setting("period_start").value))
    canvas.put(2, dates_at + 1, f"={end}", "cell", "date", cached=serial(layout.setting("period_end").value))


def write(workbook: Any, layout: Layout, currency: str) -> None:
    """Append the Top posts sheet; records its cells in `layout.dashboard["top_posts"]`."""
    lang = layout.lang
    ws = workbook.create_sheet(layout.sheet_name("posts"))
    for half_start in (LEFT, RIGHT):
        for offset, key in enumerate(COLUMNS):
            ws.column_dimensions[address(1, half_start + offset)[:-1]].width = WIDTHS[key]
    ws.column_dimensions["H"].width = 3
    for col in range(HELPERS, RELATIVE_ENGAGEMENTS + 1):
        ws.column_dimensions[address(1, col)[:-1]].hidden = True
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "2E7D32"
    print_setup(ws, fit_height=True)
    canvas = Canvas(ws, Styler(ws, currency))
    start, end = PERIOD
    open_text = label("wb_open", lang)
    open_label = text_literal(open_text)
    title_cells(canvas, layout, "wb_sheet_posts", dates_at=3)  # column B is the narrow rank column
    for i, line in enumerate(textwrap.wrap(label("wb_top_posts_note_relative", lang), NOTE_CHARS)):
        canvas.put(2 + i, 5, line, "subtitle")
    nets = networks(layout)
    rv = report_values(workbook, layout)

    @cache
    def typical(net: str) -> float | None:
        return report.median_rate(rv.in_period[net])

    @cache
    def typical_engagements(net: str) -> float | None:
        return report.median_engagements(rv.in_period[net])

    @cache
    def best(net: str | None, half: str) -> tuple[report.Post, ...]:
        metric = "engagements" if half == "left" else "rate"
        if net is None:
            return tuple(report.top_overall({n: rv.in_period[n] for n in nets}, metric, RANKS,
                                            typical_reach=half == "right"))
        return tuple(report.top(rv.in_period[net], metric, RANKS, typical_reach=half == "right"))

    def post(net: str | None, half: str, k: int) -> report.Post | None:
        found = best(net, half)
        return found[k - 1] if k <= len(found) else None

    def value_of(net: str | None, half: str, k: int, what: str) -> Any:
        """The cached value of one cell of a rank row."""
        p = post(net, half, k)
        if p is None:
            return None
        first, second = ("engagements", "rate") if half == "left" else ("rate", "engagements")
        relative = report.relative_rate(p, typical(p.network))
        relative_engagements = report.relative_metric(p, "engagements", typical_engagements(p.network))
        return {"relative": relative, "relative_engagements": relative_engagements, "rank": k,
                "idx": p.index if net is not None else
                nets.index(p.network) * RANKS + best(p.network, half).index(p) + 1,
                "url": p.link or None, "network": NETWORK_NAMES[p.network], "date": serial(p.when),
                "type": p.type or None, "post": caption_text(p.caption, open_text) if caption_key(layout, p.network)
                else open_text, "first": p.metric(first),
                "second": (relative if half == "right" else relative_engagements) if net is None
                else p.metric(second)}[what]

    def first_post(net: str, half: str) -> Any:
        """The post cell of a network's first rank: its best post, or "no posts in this period"."""
        if not rv.in_period[net]:
            return label("wb_no_posts_in_period", lang)
        return value_of(net, half, 1, "post")

    overall_top = 5
    overall_first = overall_top + 3
    net_heading = overall_first + RANKS + 1
    net_first = net_heading + 3
    net_last = net_first + RANKS * len(nets) - 1
    cells: dict[str, Any] = {"overall": {"left": [], "right": []}, "networks": {}}
    for row, heading in ((overall_top, "wb_top_overall"), (net_heading, "wb_top_per_network")):
        canvas.put(row, 1, label(heading, lang), "heading")
        for half, col in (("left", LEFT), ("right", RIGHT)):
            by = f"wb_top_by_{half}" if row != overall_top else (
                "wb_top_by_relative" if half == "right" else "wb_top_by_relative_engagements")
            canvas.put(row + 1, col, label(by, lang), "label")
            canvas.height(row + 2, 30)
            for offset, (text, fmt) in enumerate(_headers(lang, half, row == overall_top)):
                canvas.put(row + 2, col + offset, text, header_kind(fmt))
    # per network: helpers (median base, row number, URL) and the visible ranks
    for n_index, net in enumerate(nets):
        date = aggregates.column(layout, net, DATE_FIELD)
        mask = aggregates.in_range(layout, net, start, end)
        base = aggregates.column(layout, net, "den:engagement_rate")
        first_row = net_first + RANKS * n_index
        median = address(first_row, HELPERS + 4, True)
        canvas.array(first_row, HELPERS + 4, f'=IFERROR(MEDIAN(IF({mask}*ISNUMBER({base}),{base},"")),"")', "cell",
                     "integer", cached=partial(lambda n: report.median_base(rv.in_period[n]), net))
        rate = aggregates.column(layout, net, "kpi:engagement_rate")
        median_rate = address(first_row, MEDIAN_RATE, True)
        canvas.array(first_row, MEDIAN_RATE, f'=IFERROR(MEDIAN(IF({mask}*ISNUMBER({rate}),{rate},"")),"")', "cell",
                     "percent", cached=partial(typical, net))
        engagements = aggregates.column(layout, net, "kpi:engagements")
        median_engagements = address(first_row, MEDIAN_ENGAGEMENTS, True)
        canvas.array(first_row, MEDIAN_ENGAGEMENTS, f'=IFERROR(MEDIAN(IF({mask}*ISNUMBER({engagements}),'
                                                    f'{engagements},"")),"")', "cell", "integer",
                     cached=partial(typical_engagements, net))
        caption_col = caption_key(layout, net)
        link_col = aggregates.column(layout, net, "permalink") if layout.has_column(net, "permalink") else None
        type_col = aggregates.column(layout, net, "post_type") if layout.has_column(net, "post_type") else None
        cells["networks"][net] = {"left": [], "right": [], "median": median.replace("$", "")}
        for half, col in (("left", LEFT), ("right", RIGHT)):
            first_key, second_key = METRICS[half]
            metric = aggregates.column(layout, net, first_key)
            other = aggregates.column(layout, net, second_key)
            keep = f"{mask}*ISNUMBER({metric})"
            if half == "right":
                keep += f"*ISNUMBER({base})*({base}>={median})"
            helper = HELPERS + (0 if half == "left" else 2)
            for k in range(1, RANKS + 1):
                r = first_row + k - 1
                value = address(r, col + 5)
                idx = address(r, helper)
                url = address(r, helper + 1)

                def cached(what: str, net: str = net, half: str = half, k: int = k) -> Any:
                    return partial(value_of, net, half, k, what)

                earlier = (f"SUMPRODUCT(--({address(first_row, col + 5, True)}:{address(r - 1, col + 5)}={value}))+1"
                           if k > 1 else "1")
                canvas.array(r, helper, f'=IF({value}="","",SMALL(IF({keep}*({metric}={value}),'
                                        f'ROW({metric})-MIN(ROW({metric}))+1,""),{earlier}))', "cell", "integer",
                             cached=cached("idx"))
                canvas.put(r, helper + 1, f'=IF({idx}="","",INDEX({link_col},{idx})&"")' if link_col else '=""',
                           cached=cached("url") if link_col else None)
                # a rank without a post stays blank; a network without posts says so once, on its first row
                if k == 1:
                    canvas.put(r, col, NETWORK_NAMES[net], "label")
                else:
                    canvas.put(r, col, f'=IF({idx}="","",{text_literal(NETWORK_NAMES[net])})', "cell",
                               cached=cached("network"))
                canvas.put(r, col + 1, f'=IF({idx}="","",{k})', "cell", "integer", cached=cached("rank"))
                canvas.put(r, col + 2, f'=IF({idx}="","",INDEX({date},{idx}))', "cell", "date", cached=cached("date"))
                if type_col:
                    canvas.put(r, col + 3, f'=IF({idx}="","",INDEX({type_col},{idx})&"")', "cell",
                               cached=cached("type"))
                caption = _caption(f"INDEX({aggregates.column(layout, net, caption_col)},{idx})&\"\"",
                                   open_label) if caption_col else open_label
                shown_post = _post(url, caption)
                if k == 1:
                    none = text_literal(label("wb_no_posts_in_period", lang))
                    count = aggregates.post_count(layout, [net], start, end)
                    canvas.put(r, col + 4, f'=IF({idx}="",IF({count}=0,{none},""),{shown_post})', "cell",
                               cached=partial(first_post, net, half))
                else:
                    canvas.put(r, col + 4, f'=IF({idx}="","",{shown_post})', "cell", cached=cached("post"))
                canvas.array(r, col + 5, f'=IFERROR(LARGE(IF({keep},{metric},""),{k}),"")', "cell", _fmt(first_key),
                             cached=cached("first"))
                canvas.put(r, col + 6, f'=IF({idx}="","",INDEX({other},{idx}))', "cell", _fmt(second_key),
                           cached=cached("second"))
                median_of, relative_col, key = ((median_rate, RELATIVE, "relative") if half == "right" else
                                                (median_engagements, RELATIVE_ENGAGEMENTS, "relative_engagements"))
                ratio = f'=IF(OR({value}="",{median_of}=""),"",IFERROR({value}/{median_of},""))'
                canvas.put(r, relative_col, ratio, "cell", "multiple", cached=cached(key))
                cells["networks"][net][half].append({key: address(r, col + i) for i, key in enumerate(COLUMNS)})
    # overall: the best of the per-network lists
    for half, col in (("left", LEFT), ("right", RIGHT)):
        helper = HELPERS + (0 if half == "left" else 2)
        first_key, second_key = METRICS[half]
        candidates = {i: f"{address(net_first, col + i, True)}:{address(net_last, col + i, True)}" for i in range(7)}
        urls = f"{address(net_first, helper + 1, True)}:{address(net_last, helper + 1, True)}"
        # ranked on the rate (column X) or the engagements (column Z) relative to the network's median post
        relative_col = RELATIVE if half == "right" else RELATIVE_ENGAGEMENTS
        ranked = 6
        for k in range(1, RANKS + 1):
            r = overall_first + k - 1
            value = address(r, col + ranked)
            idx = address(r, helper)
            url = address(r, helper + 1)

            def cached(what: str, half: str = half, k: int = k) -> Any:
                return partial(value_of, None, half, k, what)

            earlier = (f"SUMPRODUCT(--({address(overall_first, col + ranked, True)}:{address(r - 1, col + ranked)}="
                       f"{value}))+1" if k > 1 else "1")
            values = f"{address(net_first, relative_col, True)}:{address(net_last, relative_col, True)}"
            if nets:
                canvas.array(r, helper, f'=IF({value}="","",SMALL(IF({values}={value},ROW({values})-'
                                        f'MIN(ROW({values}))+1,""),{earlier}))', "cell", "integer",
                             cached=cached("idx"))
                canvas.put(r, helper + 1, f'=IF({idx}="","",INDEX({urls},{idx})&"")', "cell", cached=cached("url"))
                canvas.put(r, col, f'=IF({idx}="","",INDEX({candidates[0]},{idx}))', "label",
                           cached=cached("network"))
                canvas.put(r, col + 2, f'=IF({idx}="","",INDEX({candidates[2]},{idx}))', "cell", "date",
                           cached=cached("date"))
                canvas.put(r, col + 3, f'=IF({idx}="","",INDEX({candidates[3]},{idx})&"")', "cell",
                           cached=cached("type"))
                caption = f"INDEX({candidates[4]},{idx})"
                canvas.put(r, col + 4, f'=IF({idx}="","",{_post(url, caption)})', "cell", cached=cached("post"))
                rank = f'=IFERROR(LARGE({values},{k}),"")'
                shown = f'=IF({idx}="","",INDEX({candidates[5]},{idx}))'
                canvas.put(r, col + 5, shown, "cell", _fmt(first_key), cached=cached("first"))
                canvas.put(r, col + 6, rank, "cell", "multiple", cached=cached("second"))
            canvas.put(r, col + 1, k, "cell", "integer")
            cells["overall"][half].append({key: address(r, col + i) for i, key in enumerate(COLUMNS)})
    canvas.flush()
    layout.dashboard["top_posts"] = cells
