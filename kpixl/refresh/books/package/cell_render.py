"""Single cells and row slots of a package, rendered by the one SpreadsheetML writer (`kpixl.xlsx.row_writer`).

`CellRender` knows the package's date epoch (1904 workbooks count days from `MAC_EPOCH`) and its styles: text
that looks like a formula is written in the quote-prefixed twin of the cell's style, so it stays text. Values are
first made plain (`plain`: dates, numbers, text, booleans) as the row writer renders them natively.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH

from kpixl.xlsx import parts
from kpixl.xlsx.cell_text import XML_ILLEGAL
from kpixl.xlsx.row_writer import UNKNOWN, FormulaSlot, InputSlot, RowWriter

_CELLS = RowWriter([])
"""The shared row writer, for single cells."""


def plain(value: Any) -> Any:
    """A value the row writer renders natively (dates, numbers, text, booleans)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or value is None or (kind is dt.datetime and not value.tzinfo):
        return value
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item") and not isinstance(value, (int, float, bool)):  # numpy scalars
        return value.item()
    return value


def _no_fallback(value: Any) -> Any:
    raise TypeError(f"cannot write a {type(value).__name__} to a cell")


class CellRender:
    """Cells and slots for one package (its epoch and its quote-prefixed styles)."""

    def __init__(self, archive: zipfile.ZipFile, styles_part: str | None, mac_dates: bool):
        self.archive, self.styles_part = archive, styles_part
        self.epoch = MAC_EPOCH if mac_dates else None
        self._cells = RowWriter([], epoch=MAC_EPOCH) if mac_dates else _CELLS
        self._quoted: dict[int, int] | None = None

    def _quoted_style(self, style: int) -> int:
        if self._quoted is None:
            self._quoted = parts.quoted_styles(self.archive, self.styles_part)
        return self._quoted.get(style, style)

    def slot(self, column: int, style: int, formula: str | None = None, source: int = 0) -> InputSlot | FormulaSlot:
        """How the row writer fills a column: a formula, or values (text that looks like a formula quoted)."""
        letter = get_column_letter(column)
        if formula is not None:
            return FormulaSlot(letter, formula, style, str(column))
        return InputSlot(letter, source, plain, style, style, self._quoted_style(style),  # type: ignore[arg-type]
                         _no_fallback)

    def value(self, column: int, row: int, value: Any, style: int) -> str:
        """One value cell."""
        return self._cells.cell(self.slot(column, style), value, row)

    def formula(self, column: int, row: int, formula: str, style: int, value: Any = UNKNOWN) -> str:
        """One formula cell, written in full, with its cached value (`UNKNOWN`: none)."""
        return self._cells.cell(self.slot(column, style, formula), value, row)
