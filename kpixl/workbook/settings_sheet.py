"""The Settings sheet: one row per setting, each value cell with a defined name (`kpixl_<key>`) formulas read."""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from kpixl.i18n import label
from kpixl.workbook.cells import Styler
from kpixl.workbook.layout import Layout

FIRST_ROW = 4


def quoted(sheet: str) -> str:
    """A sheet name as formulas and defined names write it: 'Name'."""
    return "'" + sheet.replace("'", "''") + "'"


def add_name(workbook: Any, name: str, sheet: str, cell: str) -> None:
    """A workbook-level defined name pointing at one absolute cell."""
    col = "".join(ch for ch in cell if ch.isalpha())
    row = cell[len(col):]
    workbook.defined_names[name] = DefinedName(name, attr_text=f"{quoted(sheet)}!${col}${row}")


def write(workbook: Any, layout: Layout, currency: str) -> None:
    """Append the Settings sheet and define a name for every value cell."""
    sheet = layout.sheet_name("settings")
    ws = workbook.create_sheet(sheet)
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 12
    styler = Styler(ws, currency)
    ws.append([styler.cell(label("wb_settings_title", layout.lang), "title")])
    ws.append([styler.cell(label("wb_refresh_hint", layout.lang), "subtitle")])
    ws.append([styler.cell(label("wb_setting", layout.lang), "header"),
               styler.cell(label("wb_value", layout.lang), "header")])
    for offset, setting in enumerate(layout.settings):
        row = FIRST_ROW + offset
        value = setting.value
        ws.append([styler.cell(setting.label, "label"),
                   styler.text(value, "input") if isinstance(value, str) else
                   styler.cell(value, "input", setting.format, True)])
        add_name(workbook, layout.defined_name(setting.key), sheet, f"B{row}")
        if setting.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(setting.choices) + '"', allow_blank=False)
            dv.add(f"B{row}")
            ws.data_validations.append(dv)
