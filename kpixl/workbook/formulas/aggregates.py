"""Period formulas over network tables: what the Dashboard and the Goals sheet show for a date range.

They mirror `kpixl.aggregate`: ratio KPIs as SUMIFS(numerator helper) / SUMIFS(denominator helper) (the ratio of
sums over complete rows), summed KPIs and fields as SUMIFS (blank when no row has a number), snapshots as the last
value, means as AVERAGEIFS. `start` and `end` are cell references or defined names holding dates; a post belongs
to the range when start <= its date < end + 1 (so posts with a time of day on the last day count).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from kpixl.catalog import kpi as catalog
from kpixl.render.excel_formula import column_ref
from kpixl.workbook.layout import Layout
from kpixl.workbook.templates import DATE_FIELD
from kpixl.workbook.values import TableValues


def _col(layout: Layout, net: str, key: str) -> str:
    return column_ref(layout.table_name(net), layout.header(net, key))


column = _col
"""A network table's whole column by key: `tbl_instagram[Likes]`."""


def in_range(layout: Layout, net: str, start: str, end: str) -> str:
    """Array mask (1/0 per row) of a network's posts dated in [start, end], for array formulas."""
    date = _col(layout, net, DATE_FIELD)
    return f"({date}>={start})*({date}<{end}+1)"


def criteria(layout: Layout, net: str, start: str, end: str) -> str:
    """SUMIFS/COUNTIFS criteria pairs selecting a network's posts dated in [start, end]."""
    date = _col(layout, net, DATE_FIELD)
    return f'{date},">="&{start},{date},"<"&({end}+1)'


def post_count(layout: Layout, nets: Sequence[str], start: str, end: str) -> str:
    """Number of posts dated in the range."""
    return "+".join(f"COUNTIFS({criteria(layout, n, start, end)})" for n in nets)


def column_sum(layout: Layout, nets: Sequence[str], key: str, start: str, end: str) -> str | None:
    """Sum of a column's numbers in the range; blank when no row in range has a number (the engine's None)."""
    nets = [n for n in nets if layout.has_column(n, key)]
    if not nets:
        return None
    sums, counts = [], []
    for n in nets:
        col, crit = _col(layout, n, key), criteria(layout, n, start, end)
        sums.append(f"SUMIFS({col},{crit})")
        counts.append(f'COUNTIFS({col},">=0",{crit})+COUNTIFS({col},"<0",{crit})')
    return f'IF({"+".join(counts)}=0,"",{"+".join(sums)})'


def kpi_value(layout: Layout, nets: Sequence[str], kpi_id: str, start: str, end: str) -> str | None:
    """A KPI over the range as a formula body (no `=`), or None when no listed network has the KPI column."""
    nets = [n for n in nets if layout.has_column(n, f"kpi:{kpi_id}")]
    if not nets:
        return None
    if all(layout.has_column(n, f"num:{kpi_id}") for n in nets):
        num = "+".join(f"SUMIFS({_col(layout, n, f'num:{kpi_id}')},{criteria(layout, n, start, end)})" for n in nets)
        den = "+".join(f"SUMIFS({_col(layout, n, f'den:{kpi_id}')},{criteria(layout, n, start, end)})" for n in nets)
        return f'IFERROR(({num})/({den}),"")'
    kpi = catalog.get(kpi_id)
    key = f"kpi:{kpi_id}"
    if kpi.aggregation == "last" and len(nets) == 1:
        net = nets[0]
        date, col = _col(layout, net, DATE_FIELD), _col(layout, net, key)
        return f'IFERROR(LOOKUP(2,1/(({date}>={start})*({date}<{end}+1)*ISNUMBER({col})),{col}),"")'
    if kpi.aggregation in ("sum", "ratio_of_sums") and kpi.unit in ("count", "currency"):
        return column_sum(layout, nets, key, start, end)
    if len(nets) == 1:
        return f'IFERROR(AVERAGEIFS({_col(layout, nets[0], key)},{criteria(layout, nets[0], start, end)}),"")'
    return None


# The same figures computed from the recorded table numbers (`kpixl.workbook.values`): the cached values of the
# formulas above. `start` and `end` are serial days; each mirrors its formula cell by cell.


def post_count_of(values: TableValues, nets: Sequence[str], start: float, end: float) -> int:
    """What `post_count` gives."""
    return sum(1 for n in nets for _ in values.dated(n, start, end))


def column_sum_of(layout: Layout, values: TableValues, nets: Sequence[str], key: str, start: float,
                  end: float) -> float | None:
    """What `column_sum` gives: None (blank) when no row in the range has a number."""
    found = [x for n in nets if layout.has_column(n, key) for x in _in_range(values, n, key, start, end)]
    return math.fsum(found) if found else None


def kpi_value_of(layout: Layout, values: TableValues, nets: Sequence[str], kpi_id: str, start: float,
                 end: float) -> float | None:
    """What `kpi_value` gives (None for its blank)."""
    nets = [n for n in nets if layout.has_column(n, f"kpi:{kpi_id}")]
    if not nets:
        return None
    if all(layout.has_column(n, f"num:{kpi_id}") for n in nets):
        num = math.fsum(x for n in nets for x in _in_range(values, n, f"num:{kpi_id}", start, end))
        den = math.fsum(x for n in nets for x in _in_range(values, n, f"den:{kpi_id}", start, end))
        return None if den == 0 else num / den
    kpi = catalog.get(kpi_id)
    key = f"kpi:{kpi_id}"
    if kpi.aggregation == "last" and len(nets) == 1:
        found = _in_range(values, nets[0], key, start, end)
        return found[-1] if found else None
    if kpi.aggregation in ("sum", "ratio_of_sums") and kpi.unit in ("count", "currency"):
        return column_sum_of(layout, values, nets, key, start, end)
    if len(nets) == 1:
        found = _in_range(values, nets[0], key, start, end)
        return math.fsum(found) / len(found) if found else None
    return None


def _in_range(values: TableValues, net: str, key: str, start: float, end: float) -> list[float]:
    """The numbers of a column on the rows dated in the range, in table order (what SUMIFS adds up)."""
    column = values.numbers(net, key)
    return [column[j] for j in values.dated(net, start, end) if not math.isnan(column[j])]


# Trend rows: periods longer than about a quarter trend by month (a year has 12 rows, not 53 weeks).

BY_MONTH_AFTER_DAYS = 98
"""A period longer than 14 weeks trends by month; a quarter (13 ISO weeks) still by week."""


def by_month(period: tuple[dt.date, dt.date]) -> bool:
    return (period[1] - period[0]).days + 1 > BY_MONTH_AFTER_DAYS


def months_of(period: tuple[dt.date, dt.date]) -> list[tuple[dt.date, dt.date]]:
    """The calendar months the period touches, each clipped to the period (what `month_start`/`month_end` give)."""
    start, end = period
    out = []
    first = start.replace(day=1)
    while first <= end:
        following = (first + dt.timedelta(days=32)).replace(day=1)
        out.append((max(start, first), min(end, following - dt.timedelta(days=1))))
        first = following
    return out


def month_start(start: str, end: str, index: int) -> str:
    """Formula body: the first day of the period's `index`-th month inside the period ("" past its end)."""
    first = f"DATE(YEAR({start}),MONTH({start})+{index},1)"
    return f'IF({first}>{end},"",MAX({start},{first}))'


def month_end(row_start: str, end: str) -> str:
    """The last day of the month that starts at `row_start`, inside the period."""
    return f"MIN({end},DATE(YEAR({row_start}),MONTH({row_start})+1,1)-1)"
