"""Exports pasted into a sheet: a 2-D block of cell values (header row included) read like an export file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from kpixl.errors import KpixlError
from kpixl.sources.convert import convert_table
from kpixl.sources.detect import detect
from kpixl.sources.reading import _split_header
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message


def read_values(
    rows: Iterable[Sequence[object]],
    *,
    name: str = "pasted export",
    network: str | None = None,
    format: str | None = None,
    year: int | None = None,
    reference: dt.date | None = None,
) -> ImportResult:
    """Detect and convert pasted values (what a sheet's used range holds); rows are numbered as the sheet shows them."""
    numbered = [(number, list(cells)) for number, cells in enumerate(rows, 1)]
    if not any(any(v is not None and str(v).strip() for v in cells) for _, cells in numbered):
        raise KpixlError(Message("nothing_pasted"), file=name)
    table = _split_header(name, numbered, None)
    table.positional = True  # sheet values: a short row only lacks empty trailing cells
    detection = detect(table, network=network, format=format)
    result = convert_table(table, detection.spec, network=network, year=year, reference=reference)
    if detection.note:
        result.warnings.insert(0, detection.note)
    return result
