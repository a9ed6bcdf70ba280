"""Which Dashboard rows show: a network without a post in the report period takes no row in the overview, previous
period, change and KPI tables (the sentence above them names it once), nor does a KPI without a value in the period.

Rows are hidden, not removed, so every figure keeps the cell `layout.dashboard` records and the charts reading them;
hidden rows are left out of print and PDF too. `kpixl new` hides them as it writes the sheet; every import sets them
again from the workbook `kpixl new` would write now (`kpixl.refresh.cached_at_save`). A workbook without any post in
the period (a new one awaiting its first import) hides nothing: its tables show what they will hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

RECORD = "rows_shown"
"""`layout.dashboard[RECORD]`: the rows whose visibility kpixl decides (kpixl-owned sheet metadata)."""


def hide(ws: Any, row: int, hidden: bool) -> None:
    """Mark a row of a write-only sheet hidden, before it is appended."""
    if hidden:
        ws.row_dimensions[row].hidden = True


def record(cells: dict[str, Any], rows: Iterable[int]) -> None:
    cells[RECORD] = sorted(set(rows))


def decided(dashboard: Mapping[str, Any]) -> list[int]:
    """The rows whose visibility kpixl decides, as a layout records them."""
    return list(dashboard.get(RECORD, ()))


HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')


def hidden_in(sheet_xml: bytes) -> set[int]:
    """The rows a sheet part marks hidden."""
    return {int(m.group(1)) for m in HIDDEN_ROW.finditer(sheet_xml)}


ATTRIBUTE = re.compile(rb'\s+hidden="[^"]*"')


def with_hidden(raw: bytes, hidden: bool) -> bytes:
    """A sheet part's `<row>` element with its `hidden` attribute set or removed (the rest untouched)."""
    end = raw.index(b">")
    start, rest = raw[:end], raw[end:]
    closing = b"/" if start.endswith(b"/") else b""
    start = ATTRIBUTE.sub(b"", start[:-1] if closing else start)
    return start + (b' hidden="1"' if hidden else b"") + closing + rest
