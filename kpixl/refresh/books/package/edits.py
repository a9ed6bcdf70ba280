"""The edit log of a package: what a run writes, per sheet part, kept until `save` streams the new package.

Per sheet: single cells already rendered (`cells`), new body rows (`Append`, rendered at save by one RowWriter
with the cached values handed over then), columns whose formula is rewritten on every body row (`Rebuild`), the
tables grown (so validations and conditional formats grow with them) and whether the sheet is cleared. Also the
sheets this run adds. Nothing here reads or writes the package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kpixl.xlsx.row_writer import FormulaSlot, InputSlot, RowWriter

if TYPE_CHECKING:
    from kpixl.refresh.books.package.tables import Table

Compute = Callable[[dict[Any, Any]], dict[str, Any]]
"""A row's cached formula values by column number (the RowWriter's `compute`)."""


@dataclass
class Append:
    """New body rows from sheet row `first`, rendered at save time by one RowWriter (`prepare`)."""

    first: int
    rows: list[Any]
    slots: Sequence[InputSlot | FormulaSlot]
    max_col: int
    table: str = ""
    formulas: Mapping[int, str] = field(default_factory=dict)
    si_base: int | None = None
    """The first shared-formula index its rows may use; None: formulas written in full (a second table growing on
    the sheet, so no index can clash)."""
    epoch: dt.datetime | None = None
    writer: RowWriter = field(init=False)
    single: RowWriter = field(init=False)
    """Renders one row with full formulas, to merge into a row the sheet already has."""

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    def prepare(self, compute: Compute | None) -> None:
        """Make the writers, their formula cells given the values `compute` gives (none when None)."""
        if self.si_base is None:
            self.writer = RowWriter(self.slots, self.first, compute, shared=False, epoch=self.epoch)
        else:
            self.writer = RowWriter(self.slots, self.first, compute, si_base=self.si_base, epoch=self.epoch)
        self.single = RowWriter(self.slots, self.first, compute, shared=False, epoch=self.epoch)


@dataclass
class Rebuild:
    """Generated columns whose formula is rewritten on every body row of a table."""

    first: int
    last: int
    columns: dict[int, str]  # absolute column → formula with "="
    table: Table


@dataclass
class SheetEdits:
    """Everything a run writes to one sheet part."""

    cells: dict[int, dict[int, str]] = field(default_factory=dict)  # row → column → rendered <c>
    appends: list[Append] = field(default_factory=list)
    rebuilds: list[Rebuild] = field(default_factory=list)
    grown: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_col, max_col, old_last, new_last)
    clear: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.cells or self.appends or self.rebuilds or self.clear)

    def bounds(self) -> tuple[int, int]:
        """The last row and column this run writes (0 when none)."""
        rows = [a.last for a in self.appends] + list(self.cells)
        cols = [a.max_col for a in self.appends]
        cols += [c for row in self.cells.values() for c in row]
        return max(rows, default=0), max(cols, default=0)


@dataclass
class EditLog:
    """A run's writes: per sheet part, and the sheets it adds (name, part)."""

    sheets: dict[str, SheetEdits] = field(default_factory=dict)
    new_sheets: list[tuple[str, str]] = field(default_factory=list)

    def of(self, part: str) -> SheetEdits:
        """The edits of a sheet part (started on first use)."""
        return self.sheets.setdefault(part, SheetEdits())

    def appends(self, part: str) -> list[Append]:
        edits = self.sheets.get(part)
        return edits.appends if edits else []

    def changed(self, tables: Sequence[Table]) -> bool:
        """Whether any write was recorded (a run that changes nothing writes nothing)."""
        return bool(self.new_sheets) or any(t.new_formulas or t.new_last for t in tables) or any(
            e.changed for e in self.sheets.values())

    def tables_changed(self, tables: Sequence[Table]) -> bool:
        """Whether a table's rows changed (rows appended or rebuilt, cells written): its figures are then stale."""
        return any(e.appends or e.rebuilds for e in self.sheets.values()) or any(t.values for t in tables)
