"""The Dashboard's ⟳ Refresh button for xlwings Lite: import what was pasted into "Paste export here".

Each workbook's main.py (written into the workbook by `kpixl new`, see `kpixl.workbook.lite_code`) binds exactly one
button, on the Dashboard sheet that workbook has:

    from kpixl_udfs.refresh_button import refresh_button
    kpixl_refresh = refresh_button("Dashboard")      # a Spanish workbook: refresh_button("Panel")

which registers `@script(button="Dashboard!B2")`. Lite runs a script whose `button` is `"[ShapeName]Sheet!Cell"`
when that cell is selected; the shape part is optional, so the styled cell that `kpixl new` writes (defined name
`kpixl_refresh_button`) is the button. Lite compares the selection with that literal address, so a row or column
inserted above or left of B2 moves the styled cell but not the binding: the Dashboard and the docs say so, and a
run from the task pane reports where the button went. The result line goes to the cell beside it
(`kpixl_refresh_status`). On Linux without XLWINGS_ON_SERVER, xlwings' decorators are no-ops and the script stays
a plain function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw
from xlwings import script

from kpixl.refresh.books.xlwings_book import XlwingsBook
from kpixl.refresh.core import import_pasted
from kpixl.text.labels import label
from kpixl.workbook.layout import REFRESH_BUTTON, REFRESH_CELL, REFRESH_STATUS
from kpixl.workbook.lite_code import button


def refresh_button(sheet: str) -> Callable[..., Any]:
    """The one ⟳ Refresh script of a workbook whose Dashboard sheet is called `sheet`."""

    @script(button=button(sheet))
    def kpixl_refresh(book: xw.Book) -> None:
        """⟳ Refresh: import the export pasted into the paste sheet / importa la exportación pegada."""
        run(book)

    return kpixl_refresh


class _StatusBook(XlwingsBook):
    """The live-book adapter, remembering what it wrote to defined names: Lite's book queues writes until the
    script returns, so reading the status cell back would give the old value."""

    def __init__(self, book: Any):
        super().__init__(book)
        self.written: dict[str, Any] = {}

    def write_name(self, name: str, value: Any) -> None:
        super().write_name(name, value)
        self.written[name] = value


def run(book: Any) -> str:
    """Import the paste sheet into the live book; returns the status line it wrote (also printed to Lite's console)."""
    adapter = _StatusBook(book)
    import_pasted(adapter)
    status = str(adapter.written.get(REFRESH_STATUS, ""))
    moved = _moved_to(adapter)
    if moved:
        lang = adapter.layout().lang
        warning = label("wb_refresh_moved", lang).format(cell=moved, bound=REFRESH_CELL)
        status = f"{status} {warning}".strip()
        adapter.write_name(REFRESH_STATUS, status)
    print(f"kpixl: {status}")
    return status


def _moved_to(adapter: XlwingsBook) -> str | None:
    """Where the button cell is now, if rows or columns inserted before it moved it away from REFRESH_CELL."""
    names = adapter.book.names
    if not names.contains(REFRESH_BUTTON):
        return None
    first = str(names(REFRESH_BUTTON).refers_to_range.address).replace("$", "").split(":")[0]
    return None if first == REFRESH_CELL else first


__all__ = ["refresh_button", "run"]
