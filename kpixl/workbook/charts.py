"""What every chart kpixl draws needs: axes Excel shows, gaps drawn as gaps (chart-feed cells give #N/A where the
table the client reads shows a blank: Excel plots "" as 0) and series named with the base of each network's rate."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openpyxl.chart import Reference
from openpyxl.chart.legend import LegendEntry
from openpyxl.chart.marker import Marker

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import text_literal
from kpixl.text.labels import label
from kpixl.workbook.layout import Layout
from kpixl.xlsx.row_writer import FormulaError

NO_POINT = FormulaError("#N/A")
"""A chart-feed cell's value where its table shows no value: charts leave a gap there (never a zero)."""
COUNTS = "#,##0"
"""The number format kpixl's count axes are given (engagements, followers)."""
COUNT_AXIS = '[=0]0;[<=1]"";#,##0'
"""What `show_axes` writes on a count axis: 0 and whole counts above 1, never the fractions of an empty chart's 0–1
scale (Excel labels it 0, 0, 0, 1, 1, 1 in "#,##0")."""
BASES = ("reach", "impressions", "followers", "views")
"""The engagement rate's variants (`kpixl.catalog`), each named by the base it divides by."""


def show_axes(*charts: Any) -> None:
    """Write `<c:delete val="0"/>` on every axis (openpyxl leaves it out, and recent Excel then hides the axes
    LibreOffice shows); blanks and #N/A are gaps, and series may read hidden chart-feed columns; line charts mark
    each point (LibreOffice draws nothing for a point between two gaps); count axes get `COUNT_AXIS`. (Excel 2019's
    `c16r3:dispNaAsBlank` is left out: Microsoft's validator rejects it; without it Excel joins a line across an
    #N/A, never down to 0.)"""
    for chart in charts:
        for axis in (chart.x_axis, chart.y_axis):
            axis.delete = False
        chart.display_blanks = "gap"
        chart.visible_cells_only = False
        if chart.y_axis.numFmt is not None and chart.y_axis.numFmt.formatCode == COUNTS:
            chart.y_axis.numFmt = COUNT_AXIS
        if chart.tagname == "lineChart":  # a point alone between gaps has no line to draw: a marker shows it
            for series in chart.series:
                series.marker = Marker(symbol="circle", size=5)


def feed_formula(source: str) -> str:
    """A chart-feed cell: the number in `source`, #N/A where it holds none (a blank "" would be drawn as 0)."""
    return f"=IF(ISNUMBER({source}),{source},NA())"


def feed_value(cached: Any) -> Any:
    """The cached value of `feed_formula` over a cell whose cached value is `cached` (or a callable giving it)."""

    def value() -> Any:
        found = cached() if callable(cached) else cached
        return found if isinstance(found, (int, float)) and not isinstance(found, bool) else NO_POINT

    return value


def feed_cell(st: Any, source: str, cached: Any, fmt: str | None = None) -> Any:
    """A write-only chart-feed cell over `source` (see `feed_formula`), its cached value computed at save."""
    return st.cell(feed_formula(source), "cell", fmt, cached=feed_value(cached))


def any_number(values: Sequence[Any]) -> Callable[[], bool]:
    """Whether any of the cached values (or callables giving them) is a number, asked at save."""

    def found() -> bool:
        return any(isinstance(v() if callable(v) else v, (int, float)) for v in values)

    return found


def series_title(name: str, feed: str, has_points: Callable[[], bool], lang: str,
                 missing: str = "wb_no_posts_in_period") -> tuple[str, Callable[[], str]]:
    """A series' title cell (formula, cached value): the network's name, "· no posts in this period" (the label
    `missing`) when its chart-feed range `feed` has no number (no line is drawn, and the legend says why)."""
    empty = f"{name} · {label(missing, lang)}"
    return (f"=IF(COUNT({feed})=0,{text_literal(empty)},{text_literal(name)})",
            lambda: name if has_points() else empty)


def rate_base(layout: Layout, net: str) -> tuple[str, str]:
    """The base a network's engagement rate divides by, in words of the workbook's language: (formula expression,
    value now). The variant chosen in Settings when the table follows it, else the column's own."""
    lang = layout.lang
    col = layout.column(net, "kpi:engagement_rate")
    variant = col.variant or str(layout.setting(f"er_variant_{net}").value)
    now = label(f"wb_base_{variant}", lang) if variant in BASES else variant
    if col.variant:
        return text_literal(now), now
    ids = "{" + ",".join(text_literal(b) for b in BASES) + "}"
    words = ",".join(text_literal(label(f"wb_base_{b}", lang)) for b in BASES)
    chosen = layout.defined_name(f"er_variant_{net}")
    return f"IFERROR(CHOOSE(MATCH({chosen},{ids},0),{words}),{chosen})", now


def rate_name(layout: Layout, net: str, bracketed: bool = True) -> tuple[str, str]:
    """A network named with its rate's base, as a formula (with "=") and its value now: "Instagram (reach)", or
    "Instagram · reach" for category labels."""
    base, now = rate_base(layout, net)
    name = NETWORK_NAMES[net]
    before, after = (" (", ")") if bracketed else (" · ", "")
    tail = f"&{text_literal(after)}" if after else ""
    return f"={text_literal(name + before)}&{base}{tail}", f"{name}{before}{now}{after}"


def rates_alike(layout: Layout, nets: Sequence[str], used: Mapping[str, str] | None = None,
                used_now: Sequence[str] | None = None) -> tuple[str, bool]:
    """Whether the networks' engagement rates share one base, as a formula condition (the Settings' variants may
    change) and its value now: a rate over networks of different bases (reach and views) is no value. `used` limits
    it to the networks a figure draws on: {network: formula condition that it does}, `used_now` their names now."""
    rated = [n for n in nets if layout.has_column(n, "kpi:engagement_rate")]
    now = {rate_base(layout, n)[1] for n in rated if used_now is None or n in used_now}
    if len(rated) < 2:
        return "TRUE", True
    if used is None:
        first = rate_base(layout, rated[0])[0]
        return f"AND({','.join(f'{first}={rate_base(layout, n)[0]}' for n in rated[1:])})", len(now) == 1
    pairs = [f"OR(NOT({used[a]}),NOT({used[b]}),{rate_base(layout, a)[0]}={rate_base(layout, b)[0]})"
             for i, a in enumerate(rated) for b in rated[i + 1:] if a in used and b in used]
    return (f"AND({','.join(pairs)})" if pairs else "TRUE"), len(now) <= 1


def leave_gaps_in_libreoffice(chart: Any, ws: Any, column: int, first_row: int, last_row: int) -> None:
    """One more series over an always-empty hidden column, without a legend entry: LibreOffice draws #N/A as a gap
    only when a chart's data holds a truly empty cell (else as 0, whatever `dispBlanksAs` says). Excel draws
    nothing for it."""
    chart.add_data(Reference(ws, min_col=column, min_row=first_row, max_row=last_row), titles_from_data=False)
    chart.series[-1].smooth = False
    chart.legend.legendEntry.append(LegendEntry(idx=len(chart.series) - 1, delete=True))
