"""Excel tables of a package: located in their sheet, read with their style ids, and seen as a run leaves them.

A `Table` is found by name among the sheets' table parts (`locate`), its body read in one streamed pass over its
sheet (`read_body`: values, the style id of every body cell, the one formula a column holds on every row), and
carries what this run writes to it (`values` of existing cells; the appended rows live in the sheet's edit log).
`overlay` lays those writes over rows as read, as a read after a write must see them. Tables are generic: any
table named by the layout can be read and grown; nothing here knows a KPI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kpixl.errors import KpixlError
from kpixl.refresh.books.package.edits import Append
from kpixl.text.messages import Message
from kpixl.xlsx import parts
from kpixl.xlsx.cell_decoder import CellDecoder
from kpixl.xlsx.shared_formulas import Shared
from kpixl.xlsx.sheet_reader import cells, split_ref

Styles = tuple[int | None, ...]
"""The style id of each cell of a body row (None where the row has no cell)."""


@dataclass
class Table:
    """A table located in its sheet: bounds (1-based, inclusive) and the style ids read from its body rows."""

    sheet: parts.SheetInfo
    part: parts.TablePart
    min_col: int
    min_row: int
    max_col: int
    max_row: int
    styles: list[Styles] = field(default_factory=list)
    formulas: dict[int, str | None] = field(default_factory=dict)
    """Per column offset: the one formula every body row holds, or None when rows differ (or have none)."""
    new_last: int | None = None
    new_formulas: dict[int, str] = field(default_factory=dict)
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    """Values written to existing body cells (body row, column offset), as later reads must see them."""
    rows: list[list[Any]] = field(default_factory=list)
    """The body rows as read (the inputs of the cached values of rows this run changes)."""
    headers: list[str] = field(default_factory=list)
    by_row: dict[int, dict[int, Any]] = field(default_factory=dict)
    """`values` by body row: column offset → value."""

    @property
    def body_first(self) -> int:
        return self.min_row + self.part.header_rows

    @property
    def body_last(self) -> int:
        return self.max_row - self.part.totals

    @property
    def width(self) -> int:
        return self.max_col - self.min_col + 1

    @property
    def read(self) -> bool:
        """Whether its body has been read (`read_body`)."""
        return bool(self.styles)

    def style(self, body_row: int, offset: int) -> int:
        """The style id of a body cell as read (a missing cell takes the column's style from a nearby row)."""
        styles = self.styles
        if 0 <= body_row < len(styles) and styles[body_row][offset] is not None:
            return styles[body_row][offset]  # type: ignore[return-value]
        for row in reversed(styles):
            if row[offset] is not None:
                return row[offset]  # type: ignore[return-value]
        return 0

    def overlay(self, rows: list[list[Any]], appends: Iterable[Append]) -> None:
        """What this run already wrote to the table (new rows, changed cells), as a read after a write must see."""
        for append in appends:
            if append.table != self.part.name:
                continue
            for k, values in enumerate(append.rows):
                index = append.first + k - self.body_first
                if 0 <= index < len(rows):
                    rows[index] = [append.formulas[i] if i in append.formulas else
                                   (values[i] if i < len(values) else None) for i in range(self.width)]
        for (row, col), value in self.values.items():
            if 0 <= row < len(rows):
                rows[row][col] = value


def locate(sheets: Iterable[parts.SheetInfo], table: str, file: str) -> Table:
    """The table named `table`, located by its part's range (KpixlError when there is none, or its range is
    damaged)."""
    for sheet in sheets:
        for tpart in sheet.tables:
            if tpart.name == table:
                try:
                    (min_col, min_row), (max_col, max_row) = (split_ref(x) for x in tpart.ref.split(":"))
                except ValueError:
                    raise KpixlError(Message("table_damaged_range", table=table, ref=tpart.ref), file=file) from None
                return Table(sheet, tpart, min_col, min_row, max_col, max_row)
    raise KpixlError(Message("no_table", table=table), file=file)


def read_body(t: Table, decoder: CellDecoder) -> None:
    """Read a table's headers, body rows, style ids and column formulas into it, in one pass over its sheet."""
    width, lo, hi = t.width, t.min_col, t.max_col
    headers: list[str] = [""] * width
    rows: list[list[Any]] = [[None] * width for _ in range(t.body_last - t.body_first + 1)]
    styles: list[Styles] = [(None,) * width] * len(rows)
    interned: dict[Styles, Styles] = {}
    formulas: dict[int, str | None] = {}
    value, shared = decoder.value, Shared()
    for n, raw, patterns in decoder.stream(t.sheet.part):
        if n < t.min_row:
            if b'si="' in raw:  # a shared formula's master above the table
                for c in cells(raw, patterns):
                    value(c, patterns, shared, n)
            continue
        if n > t.body_last:
            break
        if n >= t.body_first and not patterns.prefix:
            line = rows[n - t.body_first]
            style = [None] * width
            if decoder.fast_row(raw, n, lo, hi, line, style, shared):
                key = tuple(style)
                styles[n - t.body_first] = interned.setdefault(key, key)
                continue
        found = [c for c in cells(raw, patterns) if lo <= c.column <= hi]
        if n < t.body_first:
            for c in found:
                v = value(c, patterns)
                headers[c.column - lo] = "" if v is None else str(v)
            continue
        line = rows[n - t.body_first]
        style = [None] * width
        for c in found:
            i = c.column - lo
            line[i] = value(c, patterns, shared, n)
            s = c.attr(b"s")
            style[i] = int(s) if s is not None else 0
        key = tuple(style)
        styles[n - t.body_first] = interned.setdefault(key, key)
    for i in range(width):  # the one formula a column holds on every row, if any
        column = {r[i] for r in rows} if rows else {None}
        only = column.pop() if len(column) == 1 else None
        formulas[i] = only if isinstance(only, str) and only.startswith("=") else None
    names = t.part.columns
    headers = [h or (names[i] if i < len(names) else "") for i, h in enumerate(headers)]
    t.styles, t.formulas, t.rows, t.headers = styles, formulas, rows, headers
