"""Cached values of the network-table rows an import writes, from the same row function `kpixl new` uses.

`table_values(layout, table, headers)` maps a table's columns (found by header, as users may insert their own) to
`network_sheet.row_values`: a row's cell values by column offset in → each generated column's value by offset out.
Pure: no I/O; handed to the package adapter (`CachedValues.rows`), which applies it to the rows it appends,
updates or rebuilds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from kpixl.refresh.books.protocol import RowValues
from kpixl.workbook.layout import Layout
from kpixl.workbook.sheets.network import RowMemo, row_values
from kpixl.workbook.values import day_of


def current_settings(layout: Layout, read: Callable[[str], Any]) -> Layout:
    """The layout with the Settings as the workbook holds them now (`read` gives a defined name's cell value);
    a cell holding a formula (variant ids behind their labels) keeps the recorded value; a date read as Excel's day
    number (a live book through xlwings Lite gives values only) is that day."""
    settings = []
    for setting in layout.settings:
        value = read(layout.defined_name(setting.key))
        formula = isinstance(value, str) and value.startswith("=")
        if setting.format == "date" and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = day_of(value)
        settings.append(setting if value is None or formula else replace(setting, value=value))
    return replace(layout, settings=tuple(settings))


def table_values(layout: Layout, table: str, headers: Sequence[str], memo: RowMemo | None = None
                 ) -> RowValues | None:
    """The cached-values function of a network table (None for any other table: Audience, benchmarks…)."""
    net = next((n for n in layout.networks if layout.table_name(n) == table), None)
    if net is None:
        return None
    where = {h: i for i, h in enumerate(headers)}
    inputs: list[tuple[str, int]] = []
    outputs: list[tuple[str, int]] = []
    for col in layout.columns(net):
        index = where.get(col.header)
        if index is None:
            continue
        (outputs if col.generated else inputs).append((col.key if col.generated else col.field or col.key, index))
    compute = row_values(layout, net, memo=memo)

    def values(row: Mapping[int, Any]) -> dict[int, Any]:
        out = compute({source: _input(row.get(i)) for source, i in inputs})
        return {i: out.get(key) for key, i in outputs}

    return values


def _input(value: Any) -> Any:
    """A cell value as the row function reads it (a formula left in an input column counts as blank)."""
    return None if isinstance(value, str) and value.startswith("=") else value
