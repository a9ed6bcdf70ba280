"""A stand-in for a live xlwings Book, backed by an openpyxl workbook, offering only the xlwings (Lite) API that
`XlwingsBook` uses; values written behave as Excel treats typed values (numbers parsed, `=` starts a formula,
a leading apostrophe keeps text)."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter, range_boundaries


def _excel_value(value: Any) -> Any:
    """What Excel stores when a script writes `value` through Range.value."""
    if not isinstance(value, str):
        return value
    if value.startswith("'"):
        return value[1:]
    try:
        number = float(value.replace(",", ""))
    except ValueError:
        return value
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


class Range:
    def __init__(self, sheet: Sheet, top: int, left: int, bottom: int, right: int):
        self.sheet, self.row, self.column = sheet, top, left
        self.last_row, self.last_column = bottom, right
        self.ndim2 = False

    @property
    def shape(self) -> tuple[int, int]:
        return self.last_row - self.row + 1, self.last_column - self.column + 1

    @property
    def address(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}:{get_column_letter(self.last_column)}{self.last_row}"

    def options(self, ndim: int | None = None) -> Range:
        copy = Range(self.sheet, self.row, self.column, self.last_row, self.last_column)
        copy.ndim2 = ndim == 2
        return copy

    def _cells(self):
        ws = self.sheet.ws
        return [[ws.cell(r, c) for c in range(self.column, self.last_column + 1)]
                for r in range(self.row, self.last_row + 1)]

    @property
    def value(self) -> Any:
        values = [[c.value for c in row] for row in self._cells()]
        if self.ndim2:
            return values
        return values[0][0] if self.shape == (1, 1) else values

    @value.setter
    def value(self, value: Any) -> None:
        grid = value if isinstance(value, list) else [[value]]
        for r, row in enumerate(grid):
            for c, item in enumerate(row):
                self.sheet.ws.cell(self.row + r, self.column + c).value = _excel_value(item)

    @property
    def formula(self) -> Any:
        raise NotImplementedError("xlwings Lite cannot read formulas synchronously")

    @formula.setter
    def formula(self, value: str) -> None:
        for row in self._cells():
            for cell in row:
                cell.value = value

    @property
    def number_format(self) -> Any:
        raise NotImplementedError("xlwings Lite cannot read number formats synchronously")

    @number_format.setter
    def number_format(self, value: str) -> None:
        for row in self._cells():
            for cell in row:
                cell.number_format = value

    def clear_contents(self) -> None:
        for row in self._cells():
            for cell in row:
                cell.value = None

    def copy(self, destination: Range) -> None:
        """Values, formulas and formats, as Range.copy does (Lite: copyRange)."""
        self._copy_to(destination, value=True)

    def copy_from(self, source_range: Range, copy_type: str | None = None, skip_blanks=None, transpose=None) -> None:
        """Lite's copyFromRange; only what kpixl uses: copy_type "formats"."""
        assert copy_type == "formats", copy_type
        source_range._copy_to(self, value=False)

    def _copy_to(self, destination: Range, *, value: bool) -> None:
        from copy import copy

        ws = destination.sheet.ws
        for r, row in enumerate(self._cells()):
            for c, cell in enumerate(row):
                target = ws.cell(destination.row + r, destination.column + c)
                target._style = copy(cell._style)
                if value:
                    target.value = cell.value


class Table:
    def __init__(self, sheet: Sheet, table: Any):
        self.sheet, self.tbl = sheet, table

    @property
    def name(self) -> str:
        return self.tbl.displayName

    def _bounds(self) -> tuple[int, int, int, int]:
        return range_boundaries(self.tbl.ref)

    @property
    def range(self) -> Range:
        left, top, right, bottom = self._bounds()
        return Range(self.sheet, top, left, bottom, right)

    @property
    def header_row_range(self) -> Range:
        left, top, right, _ = self._bounds()
        return Range(self.sheet, top, left, top, right)

    @property
    def data_body_range(self) -> Range | None:
        left, top, right, bottom = self._bounds()
        return Range(self.sheet, top + 1, left, bottom, right) if bottom > top else None

    def resize(self, rng: Range) -> None:
        self.tbl.ref = rng.address
        self.sheet.book.resized.append((self.name, rng.address))


class Sheet:
    def __init__(self, book: Book, ws: Any):
        self.book, self.ws = book, ws

    @property
    def name(self) -> str:
        return self.ws.title

    @property
    def tables(self) -> list[Table]:
        return [Table(self, t) for t in self.ws.tables.values()]

    def range(self, first: tuple[int, int], last: tuple[int, int] | None = None) -> Range:
        last = last or first
        return Range(self, first[0], first[1], last[0], last[1])

    @property
    def used_range(self) -> Range:
        return Range(self, self.ws.min_row, self.ws.min_column, self.ws.max_row, self.ws.max_column)

    def clear_contents(self) -> None:
        self.used_range.clear_contents()


class Sheets:
    def __init__(self, book: Book):
        self.book = book

    def __iter__(self):
        return iter([Sheet(self.book, ws) for ws in self.book.wb.worksheets])

    def __len__(self) -> int:
        return len(self.book.wb.worksheets)

    def __getitem__(self, key: int | str) -> Sheet:
        ws = self.book.wb.worksheets[key] if isinstance(key, int) else self.book.wb[key]
        return Sheet(self.book, ws)

    def add(self, name: str | None = None, before: Sheet | None = None, after: Sheet | None = None) -> Sheet:
        index = self.book.wb.worksheets.index(after.ws) + 1 if after is not None else 0
        return Sheet(self.book, self.book.wb.create_sheet(name, index))


class Name:
    def __init__(self, book: Book, name: str):
        self.book, self.name = book, name

    @property
    def refers_to_range(self) -> Range:
        sheet, coord = next(iter(self.book.wb.defined_names[self.name].destinations))
        left, top, _, _ = range_boundaries(coord.replace("$", ""))
        return Sheets(self.book)[sheet].range((top, left))


class Names:
    def __init__(self, book: Book):
        self.book = book

    def contains(self, name: str) -> bool:
        return name in self.book.wb.defined_names

    def __call__(self, name: str) -> Name:
        if not self.contains(name):
            raise KeyError(name)
        return Name(self.book, name)


class Book:
    """`Book(openpyxl_workbook)` behaves like the `book` an xlwings Lite script receives."""

    def __init__(self, workbook: Any, name: str = "report.xlsx"):
        self.wb, self.name = workbook, name
        self.sheets = Sheets(self)
        self.names = Names(self)
        self.resized: list[tuple[str, str]] = []
