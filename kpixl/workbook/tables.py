"""Excel Tables in write-only sheets: columns (and calculated-column formulas) declared by hand."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo


def add_table(ws: Any, name: str, ref: str, columns: Sequence[tuple[str, str | None]],
              style: str = "TableStyleMedium2") -> Table:
    """Add a table over `ref` whose columns are (header, calculated formula with `=` or None)."""
    table = Table(displayName=name, ref=ref, tableStyleInfo=TableStyleInfo(name=style, showRowStripes=True))
    table.tableColumns = [TableColumn(id=i, name=header, calculatedColumnFormula=TableFormula(
        attr_text=formula.removeprefix("=")) if formula else None) for i, (header, formula) in
        enumerate(columns, start=1)]
    table._initialise_columns = lambda: None  # type: ignore[method-assign]
    table.autoFilter = AutoFilter(ref=ref)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
        ws.add_table(table)
    return table
