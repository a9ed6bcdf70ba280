"""A network sheet: an Excel Table of posts with unlocked inputs, calculated KPI columns and hidden ratio helpers.

Written in openpyxl write-only mode (flat memory): widths, hidden columns and frozen header are set before the
first row, and the table's columns (with their calculated-column formulas) are declared by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kpixl.workbook.cells import Styler
from kpixl.workbook.layout import Column, Layout
from kpixl.workbook.row_formulas import column_formula
from kpixl.workbook.tables import add_table

WIDTHS = {"date": 12, "text": 28, "url": 30, "integer": 12, "decimal": 12, "percent": 12, "currency": 12}
VALIDATION_ROWS = 5000
"""Rows below the data that still get the post-type list, so pasted or typed posts are validated too."""


def _value(column: Column, value: Any) -> Any:
    """A canonical value as a cell value: ISO dates become dates, blanks stay blank."""
    if value is None or value == "":
        return None
    if column.format == "date" and isinstance(value, str):
        text = value.replace("Z", "+00:00")
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            return value
        return parsed.replace(tzinfo=None)
    return value


def write(workbook: Any, layout: Layout, net: str, rows: Iterable[Mapping[str, Any]], currency: str) -> int:
    """Append the network's sheet and table to a write-only workbook; returns the number of data rows."""
    table = layout.tables[net]
    ws = workbook.create_sheet(table.sheet)
    for index, col in enumerate(table.columns, start=1):
        dim = ws.column_dimensions[get_column_letter(index)]
        dim.width = 16 if col.role == "kpi" else WIDTHS.get(col.format, 12)
        dim.hidden = col.hidden
    ws.freeze_panes = "B2"
    ws.sheet_properties.tabColor = "2F5597"
    styler = Styler(ws, currency)
    ws.append([styler.cell(col.header, "header") for col in table.columns])
    formulas = {col.key: column_formula(layout, net, col) for col in table.columns if col.generated}
    plan = [(col, formulas.get(col.key), col.role in ("input", "notes"),
             "input" if col.role in ("input", "notes") else "cell") for col in table.columns]
    count = 0
    cell, text = styler.cell, styler.text
    for row in rows:
        out = []
        for col, generated, is_input, kind in plan:
            if generated is not None:
                out.append(cell(generated, kind, col.format))
            else:
                value = _value(col, row.get(col.field or col.key)) if is_input else None
                out.append(text(value, kind) if isinstance(value, str) else cell(value, kind, col.format, True))
        ws.append(out)
        count += 1
    if count == 0:  # a table needs one data row; leave an empty, ready-to-type one
        ws.append([cell(formulas.get(c.key), k, c.format, i) for c, _, i, k in plan])
    last_row = max(count, 1) + 1
    ref = f"A1:{get_column_letter(len(table.columns))}{last_row}"
    add_table(ws, table.table, ref, [(c.header, formulas.get(c.key)) for c in table.columns])
    if table.post_types and layout.has_column(net, "post_type"):
        letter = layout.column_letter(net, "post_type")
        dv = DataValidation(type="list", formula1='"' + ",".join(table.post_types) + '"', allow_blank=True)
        dv.add(f"{letter}2:{letter}{last_row + VALIDATION_ROWS}")
        ws.data_validations.append(dv)
    return count
