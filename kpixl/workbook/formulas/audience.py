"""Period formulas over the Audience table: the definitions of `kpixl.report.audience` written as native Excel formulas.

Every function returns a formula body (no `=`). `start` and `end` are cell references, defined names or
expressions holding dates; a day belongs to the range when start <= day < end + 1. The table is not assumed to be
sorted: "the latest day with a count" is found with SUMPRODUCT(MAX(…)) and its value with LOOKUP(2, 1/(…), …),
which both Excel (any version) and LibreOffice evaluate as arrays without array entry.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kpixl.catalog import kpi as catalog
from kpixl.catalog.expr import split_ratio
from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.render.excel_formula import column_ref, formula, number_literal, text_literal
from kpixl.report import audience
from kpixl.workbook.layout import Layout


def _col(layout: Layout, key: str) -> str:
    assert layout.audience is not None
    return column_ref(layout.audience.table, layout.audience.header(key))


def _match(layout: Layout, net: str, key: str, start: str | None, end: str) -> str:
    """1 for the network's days in the range that have a number in `key`, else 0 (an array)."""
    date = _col(layout, "date")
    lower = f"*({date}>={start})" if start is not None else ""
    return (f"({_col(layout, 'network')}={text_literal(NETWORK_NAMES[net])})*ISNUMBER({date}){lower}"
            f"*({date}<{end}+1)*ISNUMBER({_col(layout, key)})")


LAST_DAY = 2958465
"""Excel's last date (9999-12-31): the earliest matching day is LAST_DAY − MAX(match × (LAST_DAY − day)), because
non-matching days count as 0 in the MAX (a plain MIN would always find 0)."""


def _value_on(layout: Layout, net: str, key: str, day: str) -> str:
    """The value of a network's `day` in `key` (the last such row); #N/A when there is none."""
    date, col = _col(layout, "date"), _col(layout, key)
    return (f"LOOKUP(2,1/(({_col(layout, 'network')}={text_literal(NETWORK_NAMES[net])})"
            f"*({date}={day})*ISNUMBER({col})),{col})")


def _last(layout: Layout, net: str, key: str, start: str | None, end: str) -> str:
    latest = f"SUMPRODUCT(MAX({_match(layout, net, key, start, end)}*{_col(layout, 'date')}))"
    return _value_on(layout, net, key, latest)


def _first(layout: Layout, net: str, key: str, start: str, end: str) -> str:
    earliest = (f"({LAST_DAY}-SUMPRODUCT(MAX({_match(layout, net, key, start, end)}"
                f"*({LAST_DAY}-{_col(layout, 'date')}))))")
    return _value_on(layout, net, key, earliest)


def last_value(layout: Layout, net: str, key: str, start: str | None, end: str) -> str:
    """The value on the latest day in [start, end] that has one; blank when none (start None: no lower bound)."""
    return f'IFERROR({_last(layout, net, key, start, end)},"")'


def followers_end(layout: Layout, net: str, start: str, end: str) -> str:
    return last_value(layout, net, "followers", start, end)


def followers_start(layout: Layout, net: str, start: str, end: str) -> str:
    """The latest count before `start` (the previous period's closing count), else the period's first count."""
    before = _last(layout, net, "followers", None, f"({start}-1)")
    return f'IFERROR({before},IFERROR({_first(layout, net, "followers", start, end)},""))'


def followers_at(layout: Layout, net: str, day: str) -> str:
    """The count of a day, else of the latest of the FOLLOWER_WINDOW − 1 days before (`day` a date, time ignored)."""
    return last_value(layout, net, "followers", f"(INT({day})-{audience.FOLLOWER_WINDOW - 1})", f"INT({day})")


def criteria(layout: Layout, net: str, start: str, end: str) -> str:
    """SUMIFS/COUNTIFS criteria pairs selecting a network's days in [start, end]."""
    date = _col(layout, "date")
    return (f"{_col(layout, 'network')},{text_literal(NETWORK_NAMES[net])},"
            f'{date},">="&{start},{date},"<"&({end}+1)')


def total(layout: Layout, nets: Sequence[str], key: str, start: str, end: str) -> str:
    """Sum of a column over the networks' days in the range; blank when no day has a number (never a fake 0)."""
    col = _col(layout, key)
    sums = "+".join(f"SUMIFS({col},{criteria(layout, n, start, end)})" for n in nets)
    counts = "+".join(f'COUNTIFS({col},">=0",{criteria(layout, n, start, end)})'
                      f'+COUNTIFS({col},"<0",{criteria(layout, n, start, end)})' for n in nets)
    return f'IF({counts}=0,"",{sums})'


def kpi_value(layout: Layout, nets: Sequence[str], kpi_id: str, start: str, end: str,
              cells: Mapping[str, str] | None = None) -> str | None:
    """An audience KPI over the range (see `kpixl.report.audience.period_value`), or None when it cannot be written.
    `cells` may give the addresses of cells already holding followers_start / followers_end."""
    kpi = catalog.get(kpi_id)
    variant = audience.variant(kpi_id)
    expr = kpi.expression(variant)
    names = [n for n in kpi.inputs(variant) if n not in audience.PERIOD_INPUTS]
    if kpi.aggregation == "sum":
        if len(names) == 1 and expr == catalog.Input(names[0]):
            return total(layout, nets, names[0], start, end)
        return None
    if len(nets) != 1:
        return None
    net = nets[0]
    if kpi_id == "followers":
        return followers_end(layout, net, start, end)
    if kpi.aggregation == "none":
        refs = {"followers_start": f"({followers_start(layout, net, start, end)})",
                "followers_end": f"({followers_end(layout, net, start, end)})",
                "weeks": f"(({end})-({start})+1)/{number_literal(7)}", **(cells or {})}
        return formula(expr, refs).removeprefix("=")
    parts = split_ratio(expr)
    if kpi.aggregation == "ratio_of_sums" and parts is not None and all(
            p == catalog.Input(n) for p, n in zip(parts, names, strict=False)) and len(names) == 2:
        num, den = names
        both = f"{_match(layout, net, num, start, end)}*ISNUMBER({_col(layout, den)})"
        return (f"IFERROR(SUMPRODUCT({both},{_col(layout, num)})/SUMPRODUCT({both},{_col(layout, den)}),\"\")")
    return None
