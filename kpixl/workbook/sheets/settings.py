"""The Settings sheet: one row per setting, each value cell with a defined name (`kpixl_<key>`) formulas read.

A choice among engagement-rate variants is shown and picked by its catalog label in the workbook's language
("por alcance"); a hidden cell beside it (column C) turns the label back into the variant id the formulas compare
with, and the setting's defined name points at that cell. An id typed instead of a label still works.
"""

from __future__ import annotations

from typing import Any

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from kpixl.catalog import kpi as catalog
from kpixl.render.excel_formula import text_literal
from kpixl.text.labels import label
from kpixl.workbook.layout import Layout
from kpixl.workbook.styles import Styler, print_setup, text_width

FIRST_ROW = 4


def quoted(sheet: str) -> str:
    """A sheet name as formulas and defined names write it: 'Name'."""
    return "'" + sheet.replace("'", "''") + "'"


def add_name(workbook: Any, name: str, sheet: str, cell: str) -> None:
    """A workbook-level defined name pointing at one absolute cell."""
    col = "".join(ch for ch in cell if ch.isalpha())
    row = cell[len(col):]
    workbook.defined_names[name] = DefinedName(name, attr_text=f"{quoted(sheet)}!${col}${row}")


def choice_labels(key: str, choices: tuple[str, ...], lang: str) -> dict[str, str]:
    """{variant id: label shown in Settings} for an engagement-rate variant setting; {} for other settings."""
    if not key.startswith("er_variant_"):
        return {}
    variants = {v.id: v.label(lang) for v in catalog.get("engagement_rate").variants}
    return {choice: variants.get(choice, choice) for choice in choices}


def is_kpixl_rate(key: str) -> bool:
    """Whether a setting is a money rate kpixl ships as a default (EMV's CPM and values per action): an estimate's
    input the analyst should replace with the client's rates."""
    return key.startswith("emv_")


def write(workbook: Any, layout: Layout, currency: str) -> None:
    """Append the Settings sheet and define a name for every value cell."""
    sheet = layout.sheet_name("settings")
    ws = workbook.create_sheet(sheet)
    lang = layout.lang
    shown = [labels for s in layout.settings for labels in choice_labels(s.key, s.choices, lang).values()]
    ws.column_dimensions["A"].width = max([52.0] + [text_width(s.label) for s in layout.settings])
    ws.column_dimensions["B"].width = max([30.0] + [text_width(v, bold=False) for v in shown])
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["C"].hidden = True  # variant ids behind the labels shown in B
    ws.column_dimensions["D"].width = 46  # which values are kpixl's defaults (EMV rates)
    print_setup(ws, title_rows=f"{FIRST_ROW - 1}:{FIRST_ROW - 1}")
    styler = Styler(ws, currency)
    ws.append([styler.cell(label("wb_settings_title", layout.lang), "title")])
    ws.append([styler.cell(label("wb_refresh_hint", layout.lang), "subtitle")])
    ws.append([styler.cell(label("wb_setting", layout.lang), "header"),
               styler.cell(label("wb_value", layout.lang), "header"), None,
               styler.cell(label("wb_setting_note", layout.lang), "header")])
    for offset, setting in enumerate(layout.settings):
        row = FIRST_ROW + offset
        value = setting.value
        labels = choice_labels(setting.key, setting.choices, layout.lang)
        row_cells = [styler.cell(setting.label, "label"),
                     styler.text(labels.get(value, value), "input") if isinstance(value, str) else
                     styler.cell(value, "input", setting.format, True)]
        if labels:
            to_id = f"B{row}"
            for choice, shown in reversed(labels.items()):
                to_id = f"IF(B{row}={text_literal(shown)},{text_literal(choice)},{to_id})"
            row_cells.append(styler.cell(f"={to_id}", "cell", cached=value))
        if is_kpixl_rate(setting.key):
            row_cells += [None] * (3 - len(row_cells)) + [styler.cell(label("wb_kpixl_default", lang), "note")]
        ws.append(row_cells)
        add_name(workbook, layout.defined_name(setting.key), sheet, f"{'C' if labels else 'B'}{row}")
        if setting.choices:
            shown_choices = [labels.get(c, c) for c in setting.choices]
            dv = DataValidation(type="list", formula1='"' + ",".join(shown_choices) + '"', allow_blank=False)
            dv.add(f"B{row}")
            ws.data_validations.append(dv)
