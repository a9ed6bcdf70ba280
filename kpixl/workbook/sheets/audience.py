"""The Audience sheet: an Excel Table of daily account figures, one row per network and day (`kpixl.report.audience`).

Written in openpyxl write-only mode like the network sheets: unlocked input cells, the network as its display name
(a drop-down of the workbook's networks), dates as dates, blanks for days or figures an export did not give.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.text.labels import label
from kpixl.workbook.layout import Layout
from kpixl.workbook.styles import Styler, header_kind, print_setup, text_width
from kpixl.workbook.tables import add_table
from kpixl.workbook.values import values_of

VALIDATION_ROWS = 5000


def cell_value(key: str, value: Any) -> Any:
    """A canonical daily value as the cell holds it: network ids as names, ISO dates as dates, blanks as None."""
    if value is None or value == "":
        return None
    if key == "network":
        return NETWORK_NAMES.get(str(value), value)
    if key == "date" and isinstance(value, str):
        return dt.datetime.fromisoformat(value[:10])
    if key == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def write(workbook: Any, layout: Layout, rows: Iterable[Mapping[str, Any]], currency: str) -> int:
    """Append the Audience sheet and its table; returns the number of data rows written."""
    audience = layout.audience
    assert audience is not None
    ws = workbook.create_sheet(audience.sheet)
    for index, col in enumerate(audience.columns, start=1):
        width = {"date": 12, "text": 14}.get(col.format, 12)
        if col.key in ("derived", "notes"):
            width = 24
        ws.column_dimensions[get_column_letter(index)].width = max(width, text_width(col.header, 2))
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "C2"
    print_setup(ws, title_rows="1:1")
    ws.sheet_properties.tabColor = "7B1FA2"
    st = Styler(ws, currency)
    header = [st.cell(col.header, header_kind(col.format)) for col in audience.columns]
    for cell, col in zip(header, audience.columns, strict=True):
        if col.key in ("network", "derived"):  # what the table is, and what "Calculated by kpixl" means
            key = "wb_audience_title" if col.key == "network" else "wb_audience_hint"
            cell.comment = Comment(label(key, layout.lang), "kpixl", width=320, height=140)
    ws.append(header)
    count = 0
    record = values_of(workbook).audience  # what the Dashboard's and Goals' cached values are computed from
    for row in rows:
        ws.append([_cell(st, col.key, col.format, cell_value(col.key, row.get(col.key))) for col in audience.columns])
        record.append({col.key: row.get(col.key) for col in audience.columns})
        count += 1
    if count == 0:  # a table needs one data row; leave an empty, ready-to-type one
        ws.append([_cell(st, col.key, col.format, None) for col in audience.columns])
    last_row = max(count, 1) + 1
    ref = f"A1:{get_column_letter(len(audience.columns))}{last_row}"
    add_table(ws, audience.table, ref, [(c.header, None) for c in audience.columns], "TableStyleMedium4")
    names = ",".join(NETWORK_NAMES[n] for n in layout.networks)
    dv = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
    dv.add(f"A2:A{last_row + VALIDATION_ROWS}")
    ws.data_validations.append(dv)
    return count


def _cell(st: Styler, key: str, fmt: str, value: Any) -> Any:
    kind = "cell" if key == "derived" else "input"
    if isinstance(value, str):
        return st.text(value, kind, key != "derived")
    return st.cell(value, kind, fmt, key != "derived")
