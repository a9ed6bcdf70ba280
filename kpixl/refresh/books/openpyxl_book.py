"""The Book interface over an openpyxl workbook (a file loaded in full, or one built in memory).

New rows copy the style (number format, fill, protection) of the row above, data validations grow with the table,
calculated-column formulas are kept, and text is stored as text whatever it starts with (= + - @ tab CR).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.table import TableFormula

from kpixl.errors import KpixlError
from kpixl.refresh.books.growth import in_the_way
from kpixl.refresh.books.protocol import CachedValues, SheetRebuild, TableData
from kpixl.text.messages import Message
from kpixl.workbook.layout import Layout
from kpixl.workbook.styles import escape_text
from kpixl.xlsx.cell_values import Formula


class OpenpyxlBook:
    """A kpixl workbook held by openpyxl; see `kpixl.refresh.books.protocol.Book` for the operations."""

    def __init__(self, workbook: Any, *, name: str = "workbook"):
        self.wb = workbook
        self.name = name
        self._tables: dict[str, tuple[Any, Any]] | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> OpenpyxlBook:
        """Load a workbook file with formulas (not cached values), refusing damaged files with a clear error."""
        import openpyxl

        from kpixl.xlsx.zip_guard import check_zip

        check_zip(path).close()
        try:
            workbook = openpyxl.load_workbook(path, rich_text=True)
        except Exception as exc:  # openpyxl raises many types for damaged files; all mean the same to the user
            raise KpixlError(Message("workbook_unopenable", why=f"{type(exc).__name__}: {exc}"),
                             file=str(path)) from None
        return cls(workbook, name=str(path))

    # -- layout and sheets -------------------------------------------------------------------------------------
    def layout(self) -> Layout:
        try:
            return Layout.from_workbook(self.wb)
        except KeyError:
            raise KpixlError(Message("not_kpixl_workbook"),
                             file=self.name) from None
        except KpixlError as exc:  # a layout kpixl did not write (kpixl.workbook.layout_check)
            raise KpixlError(exc.message, file=self.name) from None
        except Exception as exc:  # damaged meta JSON
            raise KpixlError(Message("layout_sheet_damaged", sheet="kpixl_meta", why=f"{type(exc).__name__}: {exc}"),
                             file=self.name) from None

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def add_sheet(self, name: str) -> None:
        self.wb.create_sheet(name)

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        ws = self.wb[sheet]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        return rows

    def clear_sheet(self, sheet: str) -> None:
        for row in self.wb[sheet].iter_rows():
            for cell in row:
                if cell.value is not None:
                    cell.value = None

    # -- defined names -----------------------------------------------------------------------------------------
    def _name_cell(self, name: str) -> Any | None:
        defined = self.wb.defined_names.get(name)
        if defined is None:
            return None
        for sheet, coord in defined.destinations:
            if sheet in self.wb.sheetnames:
                return self.wb[sheet][coord.replace("$", "").split(":")[0]]
        return None

    def read_name(self, name: str) -> Any:
        cell = self._name_cell(name)
        return None if cell is None else cell.value

    def write_name(self, name: str, value: Any) -> None:
        cell = self._name_cell(name)
        if cell is None:
            raise KpixlError(Message("no_defined_name", name=name), file=self.name)
        cell.value = value
        if isinstance(value, str):
            escape_text(cell)

    # -- tables ------------------------------------------------------------------------------------------------
    def _table(self, table: str) -> tuple[Any, Any]:
        if self._tables is None:
            self._tables = {t.displayName: (ws, t) for ws in self.wb.worksheets for t in ws.tables.values()}
        try:
            return self._tables[table]
        except KeyError:
            raise KpixlError(Message("no_table", table=table),
                             file=self.name) from None

    def read_table(self, table: str) -> TableData:
        ws, tbl = self._table(table)
        min_col, min_row, max_col, max_row = range_boundaries(tbl.ref)
        body_end = max_row - (tbl.totalsRowCount or 0)
        rows = [list(r) for r in ws.iter_rows(min_row=min_row, max_row=body_end, min_col=min_col, max_col=max_col,
                                              values_only=True)]
        headers = ["" if v is None else str(v) for v in rows[0]]
        return TableData(ws.title, headers, rows[1:])

    def write_cells(self, table: str, cells: Mapping[tuple[int, int], Any]) -> None:
        ws, tbl = self._table(table)
        min_col, min_row, _, _ = range_boundaries(tbl.ref)
        for (row, col), value in cells.items():
            _set(ws.cell(min_row + 1 + row, min_col + col), value)

    def write_rows(self, table: str, start: int, rows: Sequence[Sequence[Any]], formulas: Mapping[int, str]) -> None:
        if not rows:
            return
        ws, tbl = self._table(table)
        min_col, min_row, max_col, max_row = range_boundaries(tbl.ref)
        if tbl.totalsRowCount:
            raise KpixlError(Message("totals_row", table=table), file=self.name)
        first = min_row + 1 + start
        last = first + len(rows) - 1
        self._check_room(ws, tbl, min_col, max_col, max_row + 1, last)
        model_row = min(max(first - 1, min_row + 1), max_row)  # a body row whose styles new rows copy
        styles = [ws.cell(model_row, c)._style for c in range(min_col, max_col + 1)]
        width = max_col - min_col + 1
        cells = ws._cells
        for offset, values in enumerate(rows):
            r = first + offset
            for i in range(width):
                col = min_col + i
                cell = cells.get((r, col))
                if cell is None:  # new cells share the model row's style array (as openpyxl's own writers do)
                    cell = cells[(r, col)] = Cell(ws, row=r, column=col, style_array=styles[i])
                if i in formulas:
                    cell._value, cell.data_type = formulas[i], "f"  # skips openpyxl's per-value checks
                else:
                    _set(cell, values[i] if i < len(values) else None)
        if last > max_row:
            self._resize(ws, tbl, min_col, min_row, max_col, last)
            _extend_validations(ws, min_col, max_col, max_row, last)

    def rebuild_sheet(self, sheet: str, rebuild: SheetRebuild) -> None:
        """The sheet's cells replaced: each new cell styled as its origin row's cell of its column (heights too),
        the other cells (values, formulas, styles) moved where `rebuild.moved` says."""
        ws = self.wb[sheet]
        old = dict(ws._cells)
        heights = {r: (d.ht, d.customHeight, d.hidden) for r, d in ws.row_dimensions.items()}
        ws._cells = {}
        for n in sorted({r for r, _ in rebuild.cells}):
            origin = rebuild.origin.get(n, n)
            for (r, c), cell in old.items():  # kpixl's formatting, on cells it leaves blank too
                if r == origin and rebuild.moved(r, c) is None and cell.has_style:
                    ws.cell(n, c)._style = copy(cell._style)
            if origin in heights:
                ht, custom, hidden = heights[origin]
                ws.row_dimensions[n] = RowDimension(ws, index=n, ht=ht, customHeight=custom, hidden=hidden)
            elif n in ws.row_dimensions:
                del ws.row_dimensions[n]
        for (n, c), value in rebuild.cells.items():
            cell = ws.cell(n, c)
            if isinstance(value, Formula):
                cell.value = str(value)
            else:
                _set(cell, value)
        for (r, c), cell in old.items():  # the user's own cells, where their part moved
            target = rebuild.moved(r, c)
            if target is None or target in rebuild.cells or (cell.value is None and not cell.has_style):
                continue
            moved = ws.cell(*target)
            moved._value, moved.data_type, moved._style = cell._value, cell.data_type, copy(cell._style)
            if cell.hyperlink is not None:
                moved.hyperlink = copy(cell.hyperlink)
                moved.hyperlink.ref = moved.coordinate

    def write_cached(self, cached: CachedValues | None) -> None:
        """openpyxl writes formulas without cached values: nothing to keep."""

    def write_formulas(self, table: str, formulas: Mapping[int, str]) -> None:
        ws, tbl = self._table(table)
        min_col, min_row, _, max_row = range_boundaries(tbl.ref)
        body_end = max_row - (tbl.totalsRowCount or 0)
        for i, formula in formulas.items():
            column = tbl.tableColumns[i] if i < len(tbl.tableColumns) else None
            if column is not None:
                column.calculatedColumnFormula = TableFormula(attr_text=formula.removeprefix("="))
            for r in range(min_row + 1, body_end + 1):
                cell = ws.cell(r, min_col + i)
                if cell.value != formula:
                    cell.value = formula

    def _check_room(self, ws: Any, tbl: Any, lo: int, hi: int, first: int, last: int) -> None:
        """Refuse growing the table over rows `first`..`last` where the user has a value, a merged range or a table."""
        if last < first:
            return

        def refuse(ref: str, **what: Any) -> None:
            raise in_the_way(self.name, ws.title, tbl.displayName, first, last, ref, **what)

        def overlaps(c1: int, r1: int, c2: int, r2: int) -> bool:
            return c1 <= hi and lo <= c2 and r1 <= last and first <= r2

        for other in ws.tables.values():
            if other is not tbl and overlaps(*range_boundaries(other.ref)):
                refuse(other.ref, other_table=other.displayName)
        for (r, c), cell in sorted(ws._cells.items()):
            if first <= r <= last and lo <= c <= hi and cell.value not in (None, ""):
                refuse(cell.coordinate, value=cell.value)
        for merged in ws.merged_cells.ranges:
            if overlaps(merged.min_col, merged.min_row, merged.max_col, merged.max_row):
                refuse(merged.coord, merged=True)

    @staticmethod
    def _resize(ws: Any, tbl: Any, min_col: int, min_row: int, max_col: int, last: int) -> None:
        ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{last}"
        tbl.ref = ref
        if tbl.autoFilter is not None:
            tbl.autoFilter.ref = ref


def _set(cell: Any, value: Any) -> None:
    """Store a value; text that looks like a formula stays text."""
    if value is None or type(value) in (int, float):
        cell._value, cell.data_type = value, "n"
        return
    cell.value = value
    if isinstance(value, str):
        escape_text(cell)


def _extend_validations(ws: Any, min_col: int, max_col: int, old_last: int, new_last: int) -> None:
    """Grow every data validation that covers a column's last old row down to the table's new last row."""
    for dv in ws.data_validations.dataValidation:
        for col in range(min_col, max_col + 1):
            letter = get_column_letter(col)
            if f"{letter}{old_last}" in dv.sqref and f"{letter}{new_last}" not in dv.sqref:
                dv.sqref.add(f"{letter}{old_last + 1}:{letter}{new_last}")
