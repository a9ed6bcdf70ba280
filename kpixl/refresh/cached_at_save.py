"""The cached values an edited package is saved with, computed by the core from the workbook as the run leaves it.

Before `save`, `update_file` hands the package adapter a `CachedValues` (`for_save`): the cached-values function
of each network table's rows (`cached_rows.table_values`, with the Settings the workbook holds now) and, when
this run changed a table, the figure sheets' values `kpixl new` would write now where they are still true
(`figures`: a shadow workbook built from the tables, Audience, Settings and goals, compared with the user's
sheets). One memo of computed rows serves both, so a row the figures computed is not computed again. The adapter
only writes what it is given; 1904-date workbooks and workbooks that cannot be rebuilt get no figure values
(Excel and LibreOffice recalculate on open either way).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter

from kpixl.errors import KpixlError
from kpixl.refresh import creators_rebuild, figures, rebuilt_xml
from kpixl.refresh.books.package import PackageBook
from kpixl.refresh.books.protocol import CachedValues, Given, RowValues
from kpixl.refresh.cached_rows import current_settings, table_values
from kpixl.workbook.layout import Layout
from kpixl.workbook.layout_sheet import LAYOUT_SHEET
from kpixl.workbook.sheets import dashboard_rows
from kpixl.workbook.sheets.network import RowMemo


def for_save(book: PackageBook) -> CachedValues | None:
    """The cached values of what this run wrote to `book` (None when it is not a kpixl workbook)."""
    if LAYOUT_SHEET not in book.sheet_names():
        return None

    @functools.cache
    def layout() -> Layout:  # read once, and only when a value needs it
        return current_settings(book.layout(), book.read_name)

    memo: RowMemo = {}
    stale: dict[str, Given] = {}
    hidden: dict[str, dict[int, bool]] = {}
    rebuilt = {sheet: rebuilt_xml.rows_xml(book.archive.read(_part(book, sheet)), rebuild, cached=not book.mac_dates)
               for sheet, rebuild in book.rebuilt.items()}  # the core's (`kpixl.refresh.creators_rebuild`)
    if book.tables_changed:
        present = book.sheet_names()
        given = _figure_values(book, layout(), memo, hidden)
        for kind in figures.FIGURE_SHEETS:
            name = layout().sheets.get(kind)
            if name in present:
                stale[name] = given.get(name, {})

    def rows(table: str, columns: Sequence[str]) -> RowValues | None:
        return table_values(layout(), table, columns, memo)

    return CachedValues(rows, stale, rebuilt, hidden)


def _figure_values(book: PackageBook, layout: Layout, memo: RowMemo, hidden: dict[str, dict[int, bool]]
                   ) -> dict[str, Given]:
    """The figure sheets' formula cells that take the value `kpixl new` would give them now, by sheet
    (`kpixl.refresh.figures`); {} when the workbook cannot be rebuilt as it is (every value then dropped). The
    shadow holds the Creators sheet's names as the core's rebuild does (a rebuilt sheet carries its own values).
    Fills `hidden` with the Dashboard rows' visibility in the shadow, where both record the same rows."""
    if book.mac_dates:  # kpixl's engine computes dates as 1900 serials: leave those figures to Excel
        return {}
    present = set(book.sheet_names())
    try:
        rows = {}
        for net in layout.networks:
            found = figures.table_rows(layout, net, book.table_now(layout.table_name(net)))
            if found is None:
                return {}
            rows[net] = found
        spec = layout.audience
        days = figures.audience_rows(layout, book.table_now(spec.table)) if spec is not None and book.has_table(
            spec.table) else []
        goals_sheet = layout.sheets.get("goals")
        goals = figures.goals_now(layout, _addressed(book, goals_sheet) if goals_sheet in present else {})
        creators = layout.sheets.get("creators")
        creators = creators if creators in present else None
        theirs_creators = book.sheet_cells(creators) if creators else {}
        kept = creators_rebuild.names_of({k: v for k, (v, _, _) in theirs_creators.items()}, layout)
        data = None if goals is None else figures.shadow(layout, rows, days, goals, memo, kept)
        if data is None:
            return {}
        with PackageBook(io.BytesIO(data), name="shadow.xlsx") as shadow:
            kinds = [k for k in (*figures.FIGURE_SHEETS, *figures.READ_SHEETS)
                     if layout.sheets.get(k) in present and layout.sheets.get(k) in shadow.sheet_names()]
            names = [layout.sheets[k] for k in kinds]
            ours = {name: shadow.sheet_cells(name) for name in names}
            hidden.update(_rows_shown(book, shadow, layout.sheets.get("dashboard")))
        theirs = {name: book.sheet_cells(name) for name in names}
    except KpixlError:
        return {}
    read = [layout.sheets[k] for k in figures.READ_SHEETS if k in layout.sheets]
    return figures.given_values(ours, theirs, read)


def _rows_shown(book: PackageBook, shadow: PackageBook, sheet: str | None) -> dict[str, dict[int, bool]]:
    """{sheet: {row: hidden}} of the Dashboard rows whose visibility kpixl decides, as the shadow has them; {} when
    the workbook's layout records other rows than the shadow's (a Dashboard an earlier kpixl wrote)."""
    rows = dashboard_rows.decided(book.layout().dashboard)
    if sheet is None or sheet not in shadow.sheet_names() or not rows or rows != dashboard_rows.decided(
            shadow.layout().dashboard):
        return {}
    hidden = dashboard_rows.hidden_in(shadow.archive.read(_part(shadow, sheet)))
    return {sheet: {row: row in hidden for row in rows}}


def _addressed(book: PackageBook, sheet: str) -> dict[str, Any]:
    """A sheet's values by A1 address."""
    return {f"{get_column_letter(c)}{r}": value for (r, c), (value, _, _) in book.sheet_cells(sheet).items()}


def _part(book: PackageBook, sheet: str) -> str:
    """A sheet's part name in the package."""
    return next(s.part for s in book.sheets if s.name == sheet)
