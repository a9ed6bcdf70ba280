"""The hidden layout sheet (`kpixl_meta`): kpixl version, template, language, networks and the layout as JSON.

Format (rows of key | value under a key | value header): `kpixl_version`, `template`, `language`, `networks` (JSON
list) and `layout` (`Layout.to_json()`, split over columns B, C, … in chunks of CHUNK characters, Excel's cell limit
being 32,767). The one reader of that format is `values_by_key`: `read_layout_sheet` gives it an openpyxl sheet's
rows, `kpixl.refresh.books.layout_values` the plain values engines without openpyxl read. This module knows the
sheet, not what a layout is (`kpixl.workbook.layout` builds one from the JSON), so the layout can read itself from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kpixl.workbook.layout import Layout

LAYOUT_SHEET = "kpixl_meta"
"""The layout sheet's name in workbooks (kept from the first version, so earlier workbooks read as before)."""
CHUNK = 30000


def write(workbook: Any, layout: Layout) -> None:
    """Append the hidden layout sheet."""
    ws = workbook.create_sheet(LAYOUT_SHEET)
    ws.sheet_state = "hidden"
    text = layout.to_json()
    ws.append(["key", "value"])
    ws.append(["kpixl_version", layout.version])
    ws.append(["template", layout.template])
    ws.append(["language", layout.lang])
    ws.append(["networks", json.dumps(list(layout.networks))])
    ws.append(["layout", *[text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]])


def values_by_key(rows: Iterable[Sequence[Any]]) -> dict[str, str]:
    """The layout sheet's key | value rows (the header row left out) as {key: value}, a value's chunks joined."""
    out = {}
    for row in rows:
        if row and row[0]:
            out[str(row[0])] = "".join(str(v) for v in row[1:] if v is not None)
    return out


def read_layout_sheet(workbook: Any) -> dict[str, str]:
    """The layout sheet of an openpyxl workbook as {key: value} (layout chunks joined)."""
    if LAYOUT_SHEET not in workbook.sheetnames:
        raise KeyError(f"not a kpixl workbook: no {LAYOUT_SHEET} sheet")
    return values_by_key(workbook[LAYOUT_SHEET].iter_rows(min_row=2, values_only=True))
