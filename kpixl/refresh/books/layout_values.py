"""Reading the layout from the values of the hidden `kpixl_meta` sheet (for engines without openpyxl objects)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.workbook.layout import LAYOUT_SHEET, Layout


def layout_from_rows(rows: Sequence[Sequence[Any]], *, file: str = "workbook") -> Layout:
    """The layout stored in kpixl_meta's `layout` row (its JSON split over columns B, C, …)."""
    for row in rows[1:]:
        if row and row[0] == "layout":
            try:
                return Layout.from_json("".join(str(v) for v in row[1:] if v is not None))
            except Exception as exc:  # damaged JSON or a layout from an incompatible version
                why = f"{type(exc).__name__}: {exc}"
                raise KpixlError(Message("layout_sheet_damaged", sheet=LAYOUT_SHEET, why=why), file=file) from None
    raise KpixlError(Message("layout_sheet_no_layout", sheet=LAYOUT_SHEET), file=file)
