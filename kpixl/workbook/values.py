"""The numbers in a workbook's network tables as they are written, for the cached values of formulas over them.

While `network_sheet` streams rows it records every row's numbers (inputs as their cells hold them, generated
columns as the engine computes them) here, one compact array per column; the Dashboard's and Goals' formula cells
get their cached values from callables over this record, called when the workbook is saved (after every row).
`values_of(workbook)` is the record of a workbook being written; `kpixl.workbook.formulas.aggregates` reads it.
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from array import array
from collections.abc import Iterator, Mapping
from typing import Any

from openpyxl.utils.datetime import to_excel

from kpixl.workbook.templates import DATE_FIELD

TEXT_KEYS = ("post_type", "permalink", "text", "creator", "not_reported")


def serial(day: dt.date | dt.datetime | None) -> float | None:
    """A date as Excel's serial day number (what a date cell holds)."""
    if day is None:
        return None
    return float(to_excel(day))


def day_of(number: float) -> dt.date:
    """A serial day number as a date (the inverse of `serial`, time of day dropped)."""
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(number))


class TableValues:
    """Per network, per column key: the numbers of every written row (NaN where a cell holds no number)."""

    def __init__(self) -> None:
        self._columns: dict[str, dict[str, array]] = {}
        self._rows: dict[str, int] = {}
        # the Audience table's rows (`kpixl.report.audience` keys, network ids)
        self.audience: list[dict[str, Any]] = []
        self._texts: dict[str, dict[str, list[str | None]]] = {}

    def add(self, net: str, row: Mapping[str, Any], cells: Mapping[str, Any] | None = None) -> None:
        """Record one row (keys not seen before start with NaN for the earlier rows) and the TEXT_KEYS of its
        cells (post type, link, text, creator: what the Top posts sheet shows; the Not-in-export list)."""
        texts = self._texts.setdefault(net, {})
        for key in TEXT_KEYS:
            value = (cells or {}).get(key)
            texts.setdefault(key, []).append(value if isinstance(value, str) else None)
        columns = self._columns.setdefault(net, {})
        n = self._rows.get(net, 0)
        if row.keys() == columns.keys():  # the common case: the same columns as every earlier row
            nan = math.nan
            for key, value in row.items():
                columns[key].append(value if type(value) in (int, float) else nan)
            self._rows[net] = n + 1
            return
        for key, value in row.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = array("d", [math.nan]) * n
            column.append(value if type(value) in (int, float) else math.nan)
        for column in columns.values():
            if len(column) == n:
                column.append(math.nan)
        self._rows[net] = n + 1

    def texts(self, net: str, key: str) -> list[str | None]:
        """A text column's values (None where blank or not text), for TEXT_KEYS."""
        return self._texts.get(net, {}).get(key, [])

    def count(self, net: str) -> int:
        return self._rows.get(net, 0)

    def numbers(self, net: str, key: str) -> array:
        """A column's numbers, NaN for blank or text cells (an empty array for a column never written)."""
        return self._columns.get(net, {}).get(key, array("d"))

    def dated(self, net: str, start: float, end: float) -> Iterator[int]:
        """Row indexes whose date falls in [start, end + 1) (serial days), as SUMIFS criteria select them."""
        dates = self.numbers(net, DATE_FIELD)
        return (j for j, day in enumerate(dates) if start <= day < end + 1)


_RECORDS: weakref.WeakKeyDictionary[Any, TableValues] = weakref.WeakKeyDictionary()


def values_of(workbook: Any) -> TableValues:
    """The record of the network-table numbers of a workbook being written (created on first use)."""
    record = _RECORDS.get(workbook)
    if record is None:
        record = _RECORDS[workbook] = TableValues()
    return record
