"""The hidden `kpixl_meta` sheet: kpixl version, template, language, networks and the layout as JSON.

Format (rows of key | value): `kpixl_version`, `template`, `language`, `networks` (JSON list) and `layout`
(`Layout.to_json()`, split over columns B, C, … in chunks of CHUNK characters, Excel's cell limit being 32,767).
"""

from __future__ import annotations

import json
from typing import Any

from kpixl.workbook.layout import LAYOUT_SHEET, Layout

CHUNK = 30000


def write(workbook: Any, layout: Layout) -> None:
    """Append the hidden meta sheet."""
    ws = workbook.create_sheet(LAYOUT_SHEET)
    ws.sheet_state = "hidden"
    text = layout.to_json()
    ws.append(["key", "value"])
    ws.append(["kpixl_version", layout.version])
    ws.append(["template", layout.template])
    ws.append(["language", layout.lang])
    ws.append(["networks", json.dumps(list(layout.networks))])
    ws.append(["layout", *[text[i:i + CHUNK] for i in range(0, len(text), CHUNK)]])


def read_layout_sheet(workbook: Any) -> dict[str, str]:
    """The meta rows of an openpyxl workbook as {key: value} (layout chunks joined)."""
    if LAYOUT_SHEET not in workbook.sheetnames:
        raise KeyError(f"not a kpixl workbook: no {LAYOUT_SHEET} sheet")
    out = {}
    for row in workbook[LAYOUT_SHEET].iter_rows(min_row=2, values_only=True):
        if row and row[0]:
            out[str(row[0])] = "".join(str(v) for v in row[1:] if v is not None)
    return out
