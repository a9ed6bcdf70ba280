"""The Creators sheet rebuilt on every import: one row per creator of the tables, typed creators kept, with values.

The sheet `kpixl new` would write now (a shadow workbook built from the tables as this run leaves them and the
Settings the workbook holds, with the names the user's rows hold first, then the new creators of the tables) is
handed to the book as a `SheetRebuild`, so every engine (the file, openpyxl, a live book's Refresh button) writes the
same sheet: each row takes the formatting of the user's row that plays its part (a new creator row that of the
creator rows, a new link row that of the link rows); cells the user added where kpixl writes nothing, blank styled
ones too, move down with the part they sit in.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from kpixl.errors import KpixlError
from kpixl.refresh import figures
from kpixl.refresh.books.package import PackageBook
from kpixl.refresh.books.protocol import Book, SheetRebuild
from kpixl.refresh.cached_rows import current_settings
from kpixl.text.labels import label
from kpixl.workbook.layout import Layout
from kpixl.workbook.sheets import creators

Values = Mapping[tuple[int, int], Any]
"""A sheet's values by (row, column), 1-based (formulas as their `=` text or as the value they show)."""


def rebuild(book: Book, layout: Layout) -> None:
    """Rebuild the book's Creators sheet (nothing when it has none, or no longer has kpixl's parts)."""
    sheet = layout.sheets.get("creators")
    if sheet is None or sheet not in book.sheet_names():
        return
    found = plan(book, layout, sheet)
    if found is not None:
        book.rebuild_sheet(sheet, found)


def plan(book: Book, layout: Layout, sheet: str) -> SheetRebuild | None:
    """The Creators sheet as `kpixl new` would write it now for the book's tables (None: left as it is, because it
    already is that sheet or no longer has kpixl's parts)."""
    user = grid(book.read_sheet(sheet))
    old = parts(user, layout)
    if old is None:
        return None
    now = current_settings(layout, book.read_name)
    rows = {}
    try:
        for net in now.networks:
            found = figures.table_rows(now, net, book.read_table(now.table_name(net)))
            if found is None:  # a formula in an input cell: Excel's to compute
                return None
            rows[net] = found
        data = figures.shadow(now, rows, [], [], creators=names_of(user, layout))
        if data is None:
            return None
        with PackageBook(io.BytesIO(data), name="shadow.xlsx") as shadow:
            ours = shadow.sheet_cells(sheet)
    except KpixlError:
        return None
    cells = {where: value for where, (value, _, _) in ours.items()}
    new = parts(cells, layout)
    if new is None:
        return None
    cached = {where: (kind, text) for where, (_, kind, text) in ours.items() if kind is not None and text is not None}
    origin = {n: _origin(n, old, new) for n in range(1, max(r for r, _ in cells) + 1)}
    last_col = max(c for _, c in cells)

    def moved(row: int, column: int) -> tuple[int, int] | None:
        if column <= last_col and _kpixl_part(row, column, old):
            return None
        to = _moved(row, old, new)
        return None if to is None else (to, column)

    if old == new and {w: v for w, v in user.items() if moved(*w) is None} == grid_of(cells):
        return None  # the sheet is already the one kpixl would write: nothing to rewrite
    return SheetRebuild(cells, cached, origin, moved)


def grid(rows: Sequence[Sequence[Any]]) -> dict[tuple[int, int], Any]:
    """A sheet's values (as `Book.read_sheet` gives them) by (row, column), blanks left out."""
    return grid_of({(r, c): value for r, line in enumerate(rows, start=1) for c, value in enumerate(line, start=1)})


def grid_of(cells: Values) -> dict[tuple[int, int], Any]:
    """Cells by (row, column), blanks left out."""
    return {where: value for where, value in cells.items() if value is not None and value != ""}


def names_of(values: Values, layout: Layout) -> list[str]:
    """The creator names a Creators sheet's rows hold (typed ones too), in row order."""
    found = parts(values, layout)
    if found is None:
        return []
    return [str(values[(r, 1)]).strip() for r in range(found["first"], found["total"])
            if str(values.get((r, 1)) or "").strip()]


def _row_labelled(values: Values, text: str, start: int) -> int | None:
    rows = sorted(r for (r, c), value in values.items() if c == 1 and value == text and r >= start)
    return rows[0] if rows else None


def parts(values: Values, layout: Layout) -> dict[str, int] | None:
    """Where a Creators sheet's parts sit: its creator rows, totals row, links header and last link row (each
    creator row has a link row per network with a creator column)."""
    lang = layout.lang
    first = creators.TOP + 2
    total = _row_labelled(values, label("wb_total", lang), first)
    if total is None:
        return None
    links = _row_labelled(values, label("wb_creator", lang), total + 1)
    if links is None:
        return None
    nets = sum(layout.has_column(n, "creator") for n in layout.networks)
    return {"first": first, "total": total, "links": links, "last": links + (total - first) * nets}


def _origin(n: int, old: Mapping[str, int], new: Mapping[str, int]) -> int:
    """The user's row whose formatting a row of the rebuilt sheet takes."""
    if n < new["first"]:
        return n
    if n < new["total"]:
        return min(n, old["total"] - 1)
    if n <= new["links"]:
        return old["total"] + n - new["total"]
    if n <= new["last"]:
        return old["links"] + min(n - new["links"], max(old["last"] - old["links"], 1))
    return old["last"] + n - new["last"]


def _moved(n: int, old: Mapping[str, int], new: Mapping[str, int]) -> int | None:
    """Where a row of the user's sheet sits in the rebuilt one: its part moved as the parts above grew or shrank;
    None for a row the rebuilt sheet no longer has (a spare creator row or a link row fewer, as when Excel deletes a
    row: the cells beside it go with it)."""
    if n < old["total"]:
        return n if n < new["total"] else None
    if n <= old["links"]:
        return n + new["total"] - old["total"]
    if n <= old["last"]:
        to = n + new["links"] - old["links"]
        return to if to <= new["last"] else None
    return n + new["last"] - old["last"]


def _kpixl_part(n: int, column: int, old: Mapping[str, int]) -> bool:
    """Whether a user's cell sits in a part kpixl writes in full (its title, tables and links), so it is kpixl's."""
    return n <= old["last"] and not (old["total"] < n < old["links"] and column > 1)
