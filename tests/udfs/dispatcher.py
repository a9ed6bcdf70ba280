"""Test helpers: xlwings' own Lite dispatcher on the main.py a kpixl workbook carries, in CPython and in Pyodide.

`xlwings.server` / `xlwings.pro` are under the PolyForm Noncommercial licence (XLWINGS_LICENSE_KEY=noncommercial):
kpixl's tests use them to run exactly what xlwings Lite runs; kpixl itself never imports them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from kpixl_udfs.registry import REGISTRY
from openpyxl.utils import get_column_letter

from kpixl.workbook import webextension
from kpixl.workbook.lite_code import XLWINGS_VERSION
from tests.pyodide import harness
from tests.tools import tool_missing

DRIVER = Path(__file__).with_name("dispatcher_driver.py")
EPOCH = dt.datetime(1899, 12, 30)
ENV = {"XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}


def require_dispatcher() -> None:
    """Skip without xlwings' Lite dispatcher (`xlwings.server`), fail in CI: these tests must never skip there."""
    probe = subprocess.run([sys.executable, "-c", "import xlwings.server"], capture_output=True, text=True,
                           env={**os.environ, **ENV}, timeout=120)
    if probe.returncode == 0:
        return
    reason = f"xlwings.server cannot be imported: {probe.stderr.strip().splitlines()[-1:]}"
    tool_missing(reason, ci_message=f"xlwings' Lite dispatcher is required in CI: {reason}")


def run_cpython(request: dict) -> dict:
    """Run the request through `xlwings.server` in a fresh CPython (XLWINGS_ON_SERVER=true, as Lite sets it)."""
    proc = subprocess.run([sys.executable, str(DRIVER)], input=json.dumps(request), capture_output=True, text=True,
                          env={**os.environ, **ENV}, timeout=300, cwd=DRIVER.parent)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def run_pyodide(request: dict, wheels: list[Path]) -> dict:
    """The same inside the offline Pyodide harness (wheels: what requirements.txt would install)."""
    code = (DRIVER.read_text(encoding="utf-8").split('if __name__ == "__main__":')[0]
            + f"\nprint(json.dumps(await dispatch(json.loads({json.dumps(json.dumps(request))})), default=str))\n")
    return json.loads(harness.run_python(code, wheels, timeout=600).strip().splitlines()[-1])


def workbook_code(path: Path) -> webextension.LiteCode:
    """The main.py and requirements.txt a workbook carries."""
    with zipfile.ZipFile(path) as package:
        return webextension.read_code(package.read(webextension.WEBEXTENSION))


# ---------------------------------------------------------------------------------------------------------------
# What Office.js sends


def body(name: str, runtime: str = "1.4", culture: str = "en-US", **args: Any) -> dict:
    """A custom-function call as xlwings Lite's Office.js side sends it: every argument a 2-D list (Excel hands
    ranges over as matrices), an omitted optional as null up to the last one given."""
    names = [p.name for p in REGISTRY[name].params]
    unknown = set(args) - set(names)
    assert not unknown, unknown
    last = max((names.index(n) for n in args), default=-1)
    return {"client": "Office.js", "func_name": name, "args": [args.get(n) for n in names[:last + 1]],
            "caller_address": "Sheet1!H2", "culture_info_name": culture,
            "date_format": "dd/MM/yyyy" if culture.startswith("es") else "M/d/yyyy",
            "version": XLWINGS_VERSION, "runtime": runtime}


ERROR_TYPES = {"#DIV/0!": "Div0", "#N/A": "NotAvailable", "#NAME?": "Name", "#NULL!": "Null", "#NUM!": "Num",
               "#REF!": "Ref", "#VALUE!": "Value"}


def error(code: str) -> dict:
    """An error cell as Office.js hands it over (CustomFunctions error object)."""
    return {"type": "Error", "basicValue": code, "errorType": ERROR_TYPES[code]}


def returned_error(code: str, runtime: str = "1.4") -> Any:
    """What Excel receives for an error result: an error object from CustomFunctionsRuntime 1.4 on (Microsoft 365),
    the bare text before (Office 2021/2024 perpetual), where ISERROR is FALSE."""
    return {"type": "Error", "errorType": ERROR_TYPES[code]} if float(runtime) >= 1.4 else code


def formatted_date(day: dt.date, number_format: str = "dd/mm/yyyy") -> dict:
    """A date cell as Office.js may hand it over (a FormattedNumber with the serial as basic value)."""
    return {"type": "FormattedNumber", "basicValue": (day - EPOCH.date()).days, "numberFormat": number_format}


# ---------------------------------------------------------------------------------------------------------------
# The remote book a script receives


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        delta = value - EPOCH
        return delta.days + delta.seconds / 86400
    if isinstance(value, dt.date):
        return (value - EPOCH.date()).days
    if value is None:
        return ""
    return value if isinstance(value, (int, float, str, bool)) else str(value)


def book_json(wb: openpyxl.Workbook, name: str = "report.xlsx") -> dict:
    """The JSON xlwings Lite hands a script (`xw.Book(json=…)`) for an openpyxl workbook: every sheet's values
    from A1 (blanks as ""), its tables and the workbook's defined names."""
    sheets = []
    for ws in wb.worksheets:
        rows, cols = ws.max_row, ws.max_column
        values = [[_cell(ws.cell(r, c).value) for c in range(1, cols + 1)] for r in range(1, rows + 1)]
        empty = rows == 1 and cols == 1 and ws.cell(1, 1).value is None
        tables = []
        for table in ws.tables.values():
            first, last = table.ref.split(":")
            left, top, right, bottom = openpyxl.utils.range_boundaries(table.ref)
            body = f"{get_column_letter(left)}{top + 1}:{last}" if bottom > top else None
            tables.append({
                "name": table.displayName, "range_address": table.ref, "row_count": bottom - top + 1,
                "column_count": right - left + 1,
                "header_row_range_address": f"{first}:{get_column_letter(right)}{top}",
                "data_body_range_address": body, "total_row_range_address": None, "show_headers": True,
                "show_totals": False, "table_style": "TableStyleMedium2", "show_autofilter": True,
                "show_table_style_first_column": False, "show_table_style_last_column": False,
                "show_table_style_row_stripes": True, "show_table_style_column_stripes": False,
            })
        sheets.append({
            "name": ws.title, "values": [[]] if empty else values, "pictures": [], "shapes": [], "charts": [],
            "notes": [], "tables": tables, "pivot_tables": [], "print_area": None, "show_gridlines": True,
            "visibility": "Visible", "used_range_address": None if empty else f"A1:{get_column_letter(cols)}{rows}",
        })
    index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    names = []
    for defined in wb.defined_names.values():
        for sheet, coord in defined.destinations:
            names.append({"name": defined.name, "sheet_index": index[sheet], "address": coord.replace("$", ""),
                          "book_scope": True, "scope_sheet_index": None, "scope_sheet_name": None})
    return {"client": "Office.js", "version": XLWINGS_VERSION,
            "book": {"name": name, "active_sheet_index": 0, "selection": "A1"}, "names": names, "sheets": sheets}
