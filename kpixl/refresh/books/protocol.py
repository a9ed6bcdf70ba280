"""The workbook operations the import/refresh core needs, as a Protocol with one adapter per engine.

`OpenpyxlBook` (files, in-memory workbooks) and `XlwingsBook` (a live book, xlwings Lite) implement it; the core
(`kpixl.refresh.core`) only ever talks to this interface, so the CLI and the Excel button run the same code.
Rows and columns are 0-based positions inside a table's body (the header row excluded). The values a formula
cell shows until the app recalculates are the core's to compute (`CachedValues`, handed over before the save);
an engine that recalculates itself ignores them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from kpixl.workbook.layout import Layout


@dataclass
class TableData:
    """A table as read: its sheet, header cells and body values (formulas as `=` text where the engine gives them)."""

    sheet: str
    headers: list[str]
    rows: list[list[Any]]


RowValues = Callable[[Mapping[int, Any]], dict[int, Any]]
"""A row's cell values by column offset → the cached value of each generated column, by offset."""
Given = dict[tuple[int, int], tuple[str, str]]
"""Formula cells of one user sheet that take a cached value: (type attribute, `<v>` text) by (row, column)."""


@dataclass(frozen=True)
class CachedValues:
    """The cached values of the formula cells a run writes, computed by the core (`kpixl.refresh.cached_at_save`).

    `rows(table, column names)` is the cached-values function of a table's rows (None for a table kpixl computes
    nothing for): the rows this run appends, changes or rebuilds show its values. `figures` names every figure
    sheet whose cached values this run made stale, with the formula cells that take a value (`{}`: none does;
    every other formula cell of the sheet loses its value); `rebuilt`: sheets whose cells this run replaces.
    """

    rows: Callable[[str, Sequence[str]], RowValues | None]
    figures: Mapping[str, Given] = field(default_factory=dict)
    rebuilt: Mapping[str, bytes] = field(default_factory=dict)
    """kpixl's own sheets rebuilt by this run (Creators), by name: their new `<row>` elements, values cached."""
    hidden_rows: Mapping[str, Mapping[int, bool]] = field(default_factory=dict)
    """Rows of a figure sheet (the Dashboard's) whose visibility kpixl decides, by sheet name: hidden or shown as
    `kpixl new` would write them now (`kpixl.workbook.sheets.dashboard_rows`)."""


@dataclass(frozen=True)
class SheetRebuild:
    """A sheet kpixl owns, written again as `kpixl new` would write it now (the Creators sheet after an import).

    `cells`: every cell of the new sheet by (row, column), 1-based: a constant, or a formula as `Formula` text;
    `cached`: a formula cell's value as kpixl computes it (type attribute, `<v>` text), for engines that keep one;
    `origin`: for each new row, the row of the sheet as it is whose formatting (cell styles, height) it takes;
    `moved(row, column)`: where a cell of the sheet as it is that kpixl does not write goes (the user's own cells,
    blank styled ones too, move with the part they sit in), None for kpixl's cells (replaced).
    """

    cells: Mapping[tuple[int, int], Any]
    cached: Mapping[tuple[int, int], tuple[str, str]]
    origin: Mapping[int, int]
    moved: Callable[[int, int], tuple[int, int] | None]


@runtime_checkable
class Book(Protocol):
    """Exactly what the import and refresh core does to a workbook."""

    def layout(self) -> Layout:
        """The kpixl layout stored in the workbook (raises KpixlError when it is not a kpixl workbook)."""
        ...

    def sheet_names(self) -> list[str]:
        """Every sheet's name, in tab order."""
        ...

    def add_sheet(self, name: str) -> None:
        """Add an empty sheet at the end."""
        ...

    def read_table(self, table: str) -> TableData:
        """The table's header and body values."""
        ...

    def write_cells(self, table: str, cells: Mapping[tuple[int, int], Any]) -> None:
        """Set single body cells by (row, column); strings are written as text, never as formulas."""
        ...

    def write_rows(self, table: str, start: int, rows: Sequence[Sequence[Any]], formulas: Mapping[int, str]) -> None:
        """Write whole body rows from `start` (growing the table as needed); `formulas` fill the generated columns."""
        ...

    def write_formulas(self, table: str, formulas: Mapping[int, str]) -> None:
        """Rewrite the given columns' formulas on every body row (and as the table's calculated-column formulas)."""
        ...

    def read_name(self, name: str) -> Any:
        """The value of the single cell a defined name points to (None when the name is missing)."""
        ...

    def write_name(self, name: str, value: Any) -> None:
        """Set the single cell a defined name points to."""
        ...

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        """A sheet's values from A1 to the end of its used range."""
        ...

    def clear_sheet(self, sheet: str) -> None:
        """Clear a sheet's contents (formatting stays)."""
        ...

    def rebuild_sheet(self, sheet: str, rebuild: SheetRebuild) -> None:
        """Write a kpixl-owned sheet again: its cells replaced by `rebuild.cells`, each formatted as its origin row's
        cell of the same column; the other cells moved (`rebuild.moved`)."""
        ...

    def write_cached(self, cached: CachedValues | None) -> None:
        """The cached values to write with this run's formula cells at save (None: none known)."""
        ...
