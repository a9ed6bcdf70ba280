"""The Book interface over a live xlwings Book, using only what xlwings Lite's engine supports.

Used by the Refresh button (`kpixl_udfs.refresh_button`). Everything here is in the free xlwings API that Lite
implements: `book.sheets` (iterate, `[name]`, `.add(name=, after=)`), `sheet.tables` (`.name`, `.range`,
`.header_row_range`, `.data_body_range`, `.resize(range)`), `sheet.range(...)` with `.value` read/write,
`.formula` and `.number_format` writes (Lite cannot read formulas or formats synchronously), `sheet.used_range`,
`sheet.clear_contents()`, and `book.names(name).refers_to_range`. Text is written with a leading apostrophe when
Excel would otherwise turn it into a formula, a number or a date (so `=HYPERLINK(…)` and long post ids stay text).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl.utils import get_column_letter

from kpixl.errors import KpixlError
from kpixl.refresh.books.growth import in_the_way
from kpixl.refresh.books.layout_values import layout_from_rows
from kpixl.refresh.books.protocol import CachedValues, SheetRebuild, TableData
from kpixl.text.messages import Message
from kpixl.workbook.layout import LAYOUT_SHEET, Layout
from kpixl.workbook.styles import needs_escape, number_format
from kpixl.xlsx.cell_values import Formula

_COERCED = re.compile(r"^\s*([0-9.,:/%$€£¥()]|(true|false|verdadero|falso)\s*$)", re.IGNORECASE)
"""Text Excel would read as a number, date, time or boolean when written as a value."""


def as_excel_text(value: Any) -> Any:
    """A value as written through `.value`: text that Excel would convert gets the apostrophe prefix."""
    if isinstance(value, str) and (needs_escape(value) or _COERCED.match(value)):
        return "'" + value
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


class XlwingsBook:
    """A kpixl workbook open in Excel, reached through xlwings (Lite, or classic on Windows/macOS)."""

    def __init__(self, book: Any):
        self.book = book
        self.name = getattr(book, "name", "workbook")
        self._formats: dict[str, dict[str, str]] = {}
        self._written: dict[str, dict[tuple[int, int], Any]] = {}
        """The body cells this run wrote, by table: Lite's book is a snapshot its writes do not update, so a table read
        again (the Creators rebuild, followers at posting) shows them through `read_table`."""

    # -- layout and sheets -------------------------------------------------------------------------------------
    def layout(self) -> Layout:
        if LAYOUT_SHEET not in self.sheet_names():
            raise KpixlError(Message("not_kpixl_workbook"),
                             file=self.name)
        layout = layout_from_rows(self.read_sheet(LAYOUT_SHEET), file=self.name)
        currency = str(next((s.value for s in layout.settings if s.key == "currency"), None) or "EUR")
        for net in layout.networks:  # number formats of new rows, by header
            self._formats[layout.table_name(net)] = {
                c.header: number_format(c.format, currency) for c in layout.columns(net)}
        return layout

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def add_sheet(self, name: str) -> None:
        sheets = self.book.sheets
        sheets.add(name=name, after=sheets[len(sheets) - 1])

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        used = self.book.sheets[sheet].used_range
        values = used.options(ndim=2).value or []
        top, left = used.row, used.column
        rows = [[None] * (left - 1) + list(r) for r in values]
        rows = [[] for _ in range(top - 1)] + rows
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        return rows

    def clear_sheet(self, sheet: str) -> None:
        self.book.sheets[sheet].clear_contents()

    # -- defined names -----------------------------------------------------------------------------------------
    def _name_range(self, name: str) -> Any | None:
        names = self.book.names
        if not names.contains(name):
            return None
        return names(name).refers_to_range

    def read_name(self, name: str) -> Any:
        target = self._name_range(name)
        return None if target is None else target.value

    def write_name(self, name: str, value: Any) -> None:
        target = self._name_range(name)
        if target is None:
            raise KpixlError(Message("no_defined_name", name=name), file=self.name)
        target.value = as_excel_text(value)

    # -- tables ------------------------------------------------------------------------------------------------
    def _table(self, table: str) -> tuple[Any, Any]:
        for sheet in self.book.sheets:
            for tbl in sheet.tables:
                if tbl.name == table:
                    return sheet, tbl
        raise KpixlError(Message("no_table", table=table), file=self.name)

    def read_table(self, table: str) -> TableData:
        sheet, tbl = self._table(table)
        headers = ["" if v is None else str(v) for v in tbl.header_row_range.options(ndim=2).value[0]]
        body = tbl.data_body_range
        rows = [list(r) for r in body.options(ndim=2).value] if body is not None else []
        for (row, col), value in self._written.get(table, {}).items():
            while len(rows) <= row:
                rows.append([None] * len(headers))
            rows[row][col] = value
        return TableData(sheet.name, headers, rows)

    def write_cells(self, table: str, cells: Mapping[tuple[int, int], Any]) -> None:
        sheet, tbl = self._table(table)
        top, left = tbl.range.row, tbl.range.column
        for (row, col), value in cells.items():
            sheet.range((top + 1 + row, left + col)).value = as_excel_text(value)
        self._written.setdefault(table, {}).update(cells)

    def write_rows(self, table: str, start: int, rows: Sequence[Sequence[Any]], formulas: Mapping[int, str]) -> None:
        if not rows:
            return
        sheet, tbl = self._table(table)
        top, left = tbl.range.row, tbl.range.column
        height, width = tbl.range.shape
        first, last = top + 1 + start, top + start + len(rows)
        if last > top + height - 1:
            self._check_room(sheet, tbl, left, width, top + height, last)
            tbl.resize(sheet.range((top, left), (last, left + width - 1)))
        block = [[formulas[i] if i in formulas else as_excel_text(values[i] if i < len(values) else None)
                  for i in range(width)] for values in rows]
        sheet.range((first, left), (last, left + width - 1)).value = block
        self._written.setdefault(table, {}).update({(start + r, i): value for r, values in enumerate(rows)
                                                    for i, value in enumerate(values) if i not in formulas})
        formats = self._formats.get(table, {})
        headers = tbl.header_row_range.options(ndim=2).value[0]
        for i, header in enumerate(headers):
            if header in formats:
                sheet.range((first, left + i), (last, left + i)).number_format = formats[header]

    def _check_room(self, sheet: Any, tbl: Any, left: int, width: int, first: int, last: int) -> None:
        """Refuse growing the table over rows `first`..`last` where a cell shows a value (Lite reads values only)."""
        values = sheet.range((first, left), (last, left + width - 1)).options(ndim=2).value
        for i, line in enumerate(values):
            for j, value in enumerate(line):
                if value not in (None, ""):
                    ref = f"{get_column_letter(left + j)}{first + i}"
                    raise in_the_way(self.name, sheet.name, tbl.name, first, last, ref, value=value)

    def rebuild_sheet(self, sheet: str, rebuild: SheetRebuild) -> None:
        """The sheet's cells replaced, in Lite's terms (it reads values only): the user's cells that show a value
        copied where their part moved (values, formulas, formats), each new row's formats copied from its origin
        row, kpixl's old cells cleared, then the new cells written."""
        ws = self.book.sheets[sheet]
        old = {(r, c): v for r, line in enumerate(self.read_sheet(sheet), start=1)
               for c, v in enumerate(line, start=1) if v is not None and v != ""}
        width = max(c for _, c in rebuild.cells)
        moves = [(target, where) for where in old if (target := rebuild.moved(*where)) not in (None, where)
                 and target not in rebuild.cells]
        for (r, c), source in _in_order(moves):
            ws.range(source).copy(ws.range((r, c)))
        rows = [((n, 1), (origin, 1)) for n, origin in rebuild.origin.items() if n != origin]
        for (n, _), (origin, _) in _in_order(rows):
            ws.range((n, 1), (n, width)).copy_from(ws.range((origin, 1), (origin, width)), copy_type="formats")
        landed = {target for target, _ in moves}
        for where in old:
            if where not in rebuild.cells and where not in landed and (rebuild.moved(*where) is None
                                                                      or any(where == s for _, s in moves)):
                ws.range(where).clear_contents()
        for n in sorted({r for r, _ in rebuild.cells}):
            columns = sorted(c for r, c in rebuild.cells if r == n)
            for first, last in _runs(columns):
                ws.range((n, first), (n, last)).value = [[_written(rebuild.cells[n, c]) for c in
                                                          range(first, last + 1)]]

    def write_cached(self, cached: CachedValues | None) -> None:
        """Excel computes every formula of a live book itself: nothing to keep."""

    def write_formulas(self, table: str, formulas: Mapping[int, str]) -> None:
        sheet, tbl = self._table(table)
        body = tbl.data_body_range
        if body is None:
            return
        top, left = body.row, body.column
        last = top + body.shape[0] - 1
        for i, formula in formulas.items():
            sheet.range((top, left + i), (last, left + i)).formula = formula


Where = tuple[int, int]


def _in_order(copies: list[tuple[Where, Where]]) -> list[tuple[Where, Where]]:
    """Copies (target, source) ordered so that none overwrites a source still to be copied (parts move down: the
    lowest first); a copy left in a cycle is dropped."""
    pending, out = list(copies), []
    while pending:
        sources = {source for _, source in pending}
        ready = [(target, source) for target, source in pending if target not in sources or target == source]
        if not ready:
            break
        out += ready
        pending = [copy for copy in pending if copy not in ready]
    return out


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    """Consecutive column numbers as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for c in columns:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return runs


def _written(value: Any) -> Any:
    """A rebuilt cell as written through `.value`: a formula as its text, a constant as Excel keeps it."""
    return str(value) if isinstance(value, Formula) else as_excel_text(value)
