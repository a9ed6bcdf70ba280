"""A sheet laid out by address before it is written: blocks put cells at (row, column), side by side if they like,
and the write-only worksheet then receives the rows in order (write-only sheets only append)."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from kpixl.workbook.styles import NO_CACHE, Styler, text_width


def address(row: int, col: int, absolute: bool = False) -> str:
    letter = get_column_letter(col)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


class Canvas:
    """Cells by (row, column); `flush()` appends them to the worksheet."""

    def __init__(self, ws: Any, styler: Styler):
        self.ws = ws
        self.st = styler
        self.cells: dict[tuple[int, int], Any] = {}
        self.heights: dict[int, float] = {}
        self.headers: dict[int, list[str]] = {}

    def put(self, row: int, col: int, value: Any, kind: str = "cell", fmt: str | None = None,
            cached: Any = NO_CACHE) -> str:
        """A value or formula (text starting with "=", with its cached value or a callable giving it at save);
        returns the cell's address."""
        self.cells[(row, col)] = self.st.cell(value, kind, fmt, cached=cached)
        if kind.startswith("header") and isinstance(value, str):
            self.headers.setdefault(col, []).append(value)
        return address(row, col)

    def text(self, row: int, col: int, value: str, kind: str = "cell") -> str:
        """Text that never becomes a formula."""
        self.cells[(row, col)] = self.st.text(value, kind, False)
        return address(row, col)

    def array(self, row: int, col: int, formula: str, kind: str = "cell", fmt: str | None = None,
              cached: Any = NO_CACHE) -> str:
        """A one-cell array formula (Excel 2010's Ctrl+Shift+Enter form: MEDIAN(IF(…)), LARGE(IF(…)) …)."""
        ref = address(row, col)
        self.cells[(row, col)] = array_cell(self.st, ref, formula, kind, fmt, cached)
        return ref

    def height(self, row: int, points: float) -> None:
        self.heights[row] = points

    def flush(self) -> None:
        """Append every row (row heights first: write-only sheets ignore them afterwards)."""
        if not self.cells:
            return
        last_row = max(r for r, _ in self.cells)
        last_col = max(c for _, c in self.cells)
        for row, points in self.heights.items():
            self.ws.row_dimensions[row].height = points
        for col, texts in self.headers.items():  # every header fits its column on two lines
            dim = self.ws.column_dimensions[get_column_letter(col)]
            dim.width = max([dim.width or 0] + [text_width(t, 2) for t in texts])
        for row in range(1, last_row + 1):
            self.ws.append([self.cells.get((row, col)) for col in range(1, last_col + 1)])


def array_cell(st: Styler, ref: str, formula: str, kind: str = "cell", fmt: str | None = None,
               cached: Any = NO_CACHE) -> Any:
    """A write-only cell holding a one-cell array formula (and its cached value)."""
    cell = st.cell(formula, kind, fmt, cached=cached)
    cell.value = ArrayFormula(ref, formula)
    return cell
