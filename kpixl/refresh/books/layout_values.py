"""The layout from the values of the hidden layout sheet, for engines without openpyxl objects (xlwings, the package).

The sheet is read by the one reader of its format, `kpixl.workbook.layout_sheet.values_by_key`; this module adds what
those engines tell people when the layout row is missing or damaged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.workbook.layout import Layout
from kpixl.workbook.layout_sheet import LAYOUT_SHEET, values_by_key


def layout_from_rows(rows: Sequence[Sequence[Any]], *, file: str = "workbook") -> Layout:
    """The layout stored in the layout sheet's `layout` row (its JSON split over columns B, C, …)."""
    text = values_by_key(rows[1:]).get("layout")
    if text is None:
        raise KpixlError(Message("layout_sheet_no_layout", sheet=LAYOUT_SHEET), file=file)
    try:
        return Layout.from_json(text)
    except KpixlError as exc:  # a layout kpixl did not write (kpixl.workbook.layout_check)
        raise KpixlError(exc.message, file=file) from None
    except Exception as exc:  # damaged JSON or a layout from an incompatible version
        why = f"{type(exc).__name__}: {exc}"
        raise KpixlError(Message("layout_sheet_damaged", sheet=LAYOUT_SHEET, why=why), file=file) from None
