"""The Creators sheet (influencer workbooks): one row per creator over the report period — posts, reach,
engagements, engagement rate, fee, promo-code, UTM and total conversions, revenue, ROAS, ROI, CPE and EMV — and a
totals row; below it, the UTM link to hand out to each creator on each network.

Creator names are input cells, filled by `kpixl new` with the creators in the data and followed by blank rows to
type more; each figure sums the network tables with SUMIFS on the creator and the period. ROAS, ROI, CPE and the
rate divide the summed numerator by the summed denominator of the tables' hidden helper columns (the catalog's
expression split, complete rows only), as `kpixl.aggregate` and the Dashboard do; total conversions sum the
tables' `influencer_conversions` column (the catalog's promo code + UTM, rows that report both).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from functools import partial
from typing import Any

from kpixl.catalog.expr import Input
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.engine import evaluate_scalar
from kpixl.render.excel_formula import formula, text_literal
from kpixl.text.labels import label
from kpixl.workbook.canvas import Canvas, address
from kpixl.workbook.charts import rates_alike
from kpixl.workbook.formulas import aggregates
from kpixl.workbook.formulas.rows import utm_link_formula, utm_link_value
from kpixl.workbook.layout import Layout
from kpixl.workbook.report_values import report_values
from kpixl.workbook.sheets.top_posts import title_cells
from kpixl.workbook.styles import Styler, header_kind, print_setup
from kpixl.workbook.values import TableValues, serial

SPARE_ROWS = 3
RATE_BASES = "den_engagement_rate"
"""The hidden sum of the rate's denominators: the networks a creator has it on are the bases the rate would mix."""
NOTE_CHARS = 170  # notes wrap to the table's printed width
TOP = 4
# (key, label key, source: a column key summed, or a KPI over the row's sums, format)
SUMS = (("posts", "wb_posts", None, "integer"), ("reach", "wb_reach", "reach", "integer"),
        ("views", "wb_views", "views", "integer"),
        ("engagements", "wb_engagements", "kpi:engagements", "integer"),
        ("spend", "wb_fee", "spend", "currency"),
        ("promo_conversions", "wb_promo_conversions", "promo_conversions", "integer"),
        ("utm_conversions", "wb_utm_conversions", "utm_conversions", "integer"),
        ("conversions", "wb_conversions", "kpi:influencer_conversions", "integer"),
        ("revenue", "wb_revenue", "revenue", "currency"), ("emv", "wb_emv", "kpi:emv", "currency"))
RATIOS = (("engagement_rate", "wb_rate", "percent"), ("roas", "wb_roas", "multiple"), ("roi", "wb_roi", "percent"),
          ("cpe", "wb_cpe_fee_posts", "currency"))
RATIO_IDS = tuple(k for k, _, _ in RATIOS)
HIDDEN = tuple((f"{part}_{k}", None, f"{part}:{k}", None) for k in RATIO_IDS for part in ("num", "den"))
"""Each ratio's summed numerator and denominator (the tables' hidden helpers): the ratio of sums over complete
rows, as `kpixl.aggregate` and the Dashboard compute it."""
ORDER = ("posts", "reach", "views", "engagements", "engagement_rate", "spend", "promo_conversions", "utm_conversions",
         "conversions", "revenue", "roas", "roi", "cpe", "emv", *(key for key, _, _, _ in HIDDEN))


def applies(layout: Layout) -> bool:
    return any(layout.has_column(n, "creator") for n in layout.networks)


def creators(record: TableValues, layout: Layout, kept: Sequence[str] = ()) -> list[str]:
    """The creators of the sheet: `kept` (the names its rows hold, typed ones too) and then every other creator named
    in the tables, in order of first appearance (one row per name as SUMIFS matches it: case aside)."""
    seen: list[str] = []
    for name in (*kept, *(n for net in layout.networks for n in record.texts(net, "creator"))):
        if name and str(name).strip() and str(name).lower() not in {n.lower() for n in seen}:
            seen.append(str(name))
    return seen


def _sum(values: Sequence[float | None]) -> float | None:
    """The sum of the values there are (none: no value, as the sheet's COUNT guard gives)."""
    found = [v for v in values if v is not None]
    return math.fsum(found) if found else None


def _ratio(kpi_id: str) -> Any:
    """A ratio KPI over a creator's rows: its summed numerator over its summed denominator (`split_ratio` of the
    catalog expression, which the tables' hidden helper columns hold per row)."""
    return Input(f"num_{kpi_id}") / Input(f"den_{kpi_id}")


def write(workbook: Any, layout: Layout, currency: str, ws: Any) -> dict[str, Any]:
    """Fill the Creators sheet `ws` (created before the network sheets, written after them: the creators are the
    ones in the rows); returns {"rows": [{key: address}], "total": {key: address}, "names": [...]}."""
    lang = layout.lang
    ws.sheet_view.showGridLines = False
    ws.sheet_properties.tabColor = "2E7D32"
    print_setup(ws, fit_height=True)
    columns = {key: i + 2 for i, key in enumerate(ORDER)}
    for col, width in enumerate([22] + [13] * len(ORDER), start=1):
        ws.column_dimensions[address(1, col)[:-1]].width = width
    for key, _, _, _ in HIDDEN:
        ws.column_dimensions[address(1, columns[key])[:-1]].hidden = True
    canvas = Canvas(ws, Styler(ws, currency))
    title_cells(canvas, layout, "wb_sheet_creators")
    canvas.put(TOP, 1, label("wb_creators_heading", lang), "heading")
    header = TOP + 1
    canvas.height(header, 30)
    canvas.put(header, 1, label("wb_creator", lang), "header")
    labels = {k: (lab, fmt) for k, lab, _, fmt in (*SUMS, *HIDDEN)} | {k: (lab, fmt) for k, lab, fmt in RATIOS}
    for key, col in columns.items():
        lab, fmt = labels[key]
        if lab:
            canvas.put(header, col, label(lab, lang), header_kind(fmt))
    rv = report_values(workbook, layout)
    kept = layout.dashboard.get("creators", {}).get("names", ())  # a rebuild keeps the sheet's names and their order
    names = creators(rv.record, layout, kept)  # the rows are written: the record holds every creator
    start, end = "kpixl_period_start", "kpixl_period_end"
    nets = [n for n in layout.networks if layout.has_column(n, "creator")]
    period = (serial(layout.setting("period_start").value), serial(layout.setting("period_end").value))
    sources = {k: src for k, _, src, _ in (*SUMS, *HIDDEN)}
    slots: list[str | None] = list(names) + [None] * SPARE_ROWS
    first, last = header + 1, header + len(slots)
    out: dict[str, Any] = {"rows": [], "total": {}, "names": list(names)}

    def chosen(net: str, name: str) -> list[int]:
        """The creator's rows of one network in the period (SUMIFS' match: case aside)."""
        who = rv.record.texts(net, "creator")
        return [j for j in rv.record.dated(net, *period) if j < len(who) and (who[j] or "").lower() == name.lower()]

    def total_of(name: str, key: str) -> float | None:
        """The engine's figure for one creator: COUNTIFS/SUMIFS over the creator's rows in the period (a count of
        none is 0; a sum over no values is no value: TikTok has no reach)."""
        found: list[float] = []
        for net in nets:
            rows = chosen(net, name)
            if sources[key] is None:
                found.append(len(rows))
            elif layout.has_column(net, sources[key]):  # type: ignore[arg-type]
                column = rv.record.numbers(net, sources[key])  # type: ignore[arg-type]
                found += [column[j] for j in rows if not math.isnan(column[j])]
        return math.fsum(found) if found or sources[key] is None else None

    def sums(name: str | None) -> dict[str, float | None]:
        if name is None:  # the totals row: the sum of the creator rows' values (none: no value)
            return {k: _sum([total_of(n, k) for n in names]) for k in sources}
        return {k: total_of(name, k) for k in sources}

    def rated_now(name: str) -> list[str]:
        """The networks where the creator has a post in the period whose rate's base is reported."""
        base = str(sources[RATE_BASES])
        return [net for net in nets if layout.has_column(net, base)
                and any(not math.isnan(rv.record.numbers(net, base)[j]) for j in chosen(net, name))]

    def ratio(name: str | None, kpi_id: str) -> float | None:
        try:
            value = evaluate_scalar(_ratio(kpi_id), sums(name))
        except ZeroDivisionError:
            return None
        return None if value is None or (isinstance(value, float) and not math.isfinite(value)) else value

    for i, name in enumerate([*slots, "\0total"]):
        r = first + i
        is_total = name == "\0total"
        who = None if is_total else name
        if is_total:
            canvas.put(r, 1, label("wb_total", lang), "label")
        else:
            canvas.cells[(r, 1)] = canvas.st.text(name or "", "input")
        cells: dict[str, str] = {}
        rated: dict[str, str] = {}
        for key, _, source, fmt in (*SUMS, *HIDDEN):
            col = columns[key]
            if is_total:
                span = f"{address(first, col)}:{address(last, col)}"
                cells[key] = canvas.put(r, col, f'=IF(COUNT({span})=0,"",SUM({span}))', "label", fmt,
                                        cached=partial(lambda k: sums(None)[k], key))
                continue
            parts, counts = [], {}
            for net in nets:
                creator = aggregates.column(layout, net, "creator")
                crit = f"{creator},$A{r},{aggregates.criteria(layout, net, start, end)}"
                if source is None:
                    parts.append(f"COUNTIFS({crit})")
                elif layout.has_column(net, source):
                    summed = aggregates.column(layout, net, source)
                    parts.append(f"SUMIFS({summed},{crit})")
                    counts[net] = f'COUNTIFS({summed},">=0",{crit})+COUNTIFS({summed},"<0",{crit})'
            body = "+".join(parts) or '""'
            if counts:  # a sum over no values is no value, not 0
                body = f'IF({"+".join(counts.values())}=0,"",{body})'
            if key == RATE_BASES:  # the networks whose rows the creator's rate divides by
                rated = {net: f"{count}>0" for net, count in counts.items()}
            cached = None if name is None else partial(total_of, name, key)
            cells[key] = canvas.put(r, col, f'=IF($A{r}="","",{body})', "cell", fmt, cached=cached)
        for key, _, fmt in RATIOS:
            refs = {f"{part}_{key}": cells[f"{part}_{key}"] for part in ("num", "den")}
            body = formula(_ratio(key), refs)[1:]
            guard = body if is_total else f'IF($A{r}="","",{body})'
            cached = None if name is None else partial(ratio, who, key)
            if key == "engagement_rate":  # one base only: never a rate pooled over reach and views
                alike, now = rates_alike(layout, nets, None if is_total else rated, None if is_total else
                                         rated_now(who or ""))
                guard = f'IF({alike},{body},"")' if is_total else f'IF($A{r}="","",IF({alike},{body},""))'
                cached = partial(ratio, who, key) if now and (is_total or name is not None) else None
            cells[key] = canvas.put(r, columns[key], f'=IFERROR({guard},"")', "label" if is_total else "cell", fmt,
                                    cached=cached)
        if is_total:
            out["total"] = cells
        else:
            out["rows"].append(cells)
    notes = ("wb_creators_note", "wb_creators_cpe_note", *(("wb_creators_rate_note",) if len(nets) > 1 else ()))
    note = textwrap.wrap(" ".join(label(key, lang) for key in notes), NOTE_CHARS)
    for i, line in enumerate(note):
        canvas.put(last + 3 + i, 1, line, "subtitle")
    out["links"] = _links(canvas, layout, nets, [first + i for i in range(len(slots))], slots, last + 4 + len(note))
    canvas.flush()
    layout.dashboard["creators"] = out
    return out


def _links(canvas: Canvas, layout: Layout, nets: list[str], name_rows: list[int], names: list[str | None],
           top: int) -> list[dict[str, str]]:
    """The UTM link of each creator row (typed ones too) on each network: creator, network, link (one rule with the
    network sheets' links: `formulas.rows.utm_link_formula`); returns [{"creator", "network", "link"}] addresses."""
    lang = layout.lang
    settings = {k: layout.setting(k).value for k in ("base_url", "utm_medium", "utm_campaign")}
    canvas.put(top, 1, label("wb_utm_links_heading", lang), "heading")
    canvas.put(top + 1, 1, label("wb_utm_links_note", lang), "subtitle")
    header = top + 2
    for col, key in enumerate(("wb_creator", "network", "wb_utm_link"), start=1):
        canvas.put(header, col, label(key, lang), "header")
    out = []
    r = header
    for source, name in zip(name_rows, names, strict=True):
        for net in nets:
            r += 1
            who = canvas.put(r, 1, f'=IF($A${source}="","",$A${source})', "label", cached=name)
            canvas.put(r, 2, f'=IF($A{r}="","",{text_literal(NETWORK_NAMES[net])})', "cell",  # blank until named
                       cached=NETWORK_NAMES[net] if name else None)
            link = canvas.put(r, 3, f'=IF($A{r}="","",{utm_link_formula(layout, net, f"$A{r}")})', "cell",
                              cached=utm_link_value(net, settings, name) if name else None)
            out.append({"creator": who, "network": net, "link": link})
    return out
