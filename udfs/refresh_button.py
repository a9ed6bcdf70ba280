"""The Dashboard's ⟳ Refresh button for xlwings Lite: import what was pasted into "Paste export here".

In the workbook's xlwings Lite `main.py` (requirements.txt: `kpixl`):

    from kpixl_udfs.refresh_button import refresh_from_paste        # English workbook: Dashboard!B2
    # from kpixl_udfs.refresh_button import refresh_from_paste_es   # Spanish workbook: Panel!B2

which registers `@script(button="Dashboard!B2")` (resp. `"Panel!B2"`). Lite runs a script whose `button` is
`"[ShapeName]Sheet!Cell"` when that cell is selected; the shape part is optional, so the styled cell that
`kpixl new` writes (defined name `kpixl_refresh_button`) is the button: click it to run. The result line goes to
the cell beside it (`kpixl_refresh_status`). On Linux, xlwings' decorators are no-ops and these stay plain
functions (tests call them with any object xlwings' Book API would accept).
"""

from __future__ import annotations

from typing import Any

import xlwings as xw
from xlwings import script

from kpixl.i18n import label
from kpixl.refresh.core import import_pasted
from kpixl.refresh.xlwings_book import XlwingsBook
from kpixl.workbook.layout import REFRESH_STATUS

REFRESH_CELL = "B2"
"""The button cell on the Dashboard (where `kpixl new` puts the `kpixl_refresh_button` name)."""


def button(lang: str) -> str:
    """The `button=` reference of the Dashboard's refresh cell in a workbook of this language."""
    return f"{label('wb_sheet_dashboard', lang)}!{REFRESH_CELL}"


def run(book: Any) -> str:
    """Import the paste sheet into the live book; returns the status line it wrote."""
    adapter = XlwingsBook(book)
    import_pasted(adapter)
    status = adapter.read_name(REFRESH_STATUS)
    print(f"kpixl: {status}")  # shown in the xlwings Lite console
    return str(status)


@script(button=button("en"))
def refresh_from_paste(book: xw.Book) -> None:
    """⟳ Refresh: import the export pasted into "Paste export here" (English workbooks)."""
    run(book)


@script(button=button("es"))
def refresh_from_paste_es(book: xw.Book) -> None:
    """⟳ Actualizar: importa la exportación pegada en «Pega la exportación aquí» (libros en español)."""
    run(book)


__all__ = ["refresh_from_paste", "refresh_from_paste_es"]
