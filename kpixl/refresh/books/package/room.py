"""Room below a package's table: the rows it grows into hold no value, formula, merged range or other table.

One streamed pass over the sheet part finds the first cell in the way (in the table's columns only: cells beside
the table stay where they are) and the merged ranges and tables declared after the sheet data; see
`kpixl.refresh.books.growth` for the refusal.
"""

from __future__ import annotations

import re
import zipfile

from openpyxl.utils import get_column_letter

from kpixl.refresh.books.growth import in_the_way
from kpixl.refresh.books.package.tables import Table
from kpixl.xlsx.cell_decoder import CellDecoder
from kpixl.xlsx.sheet_reader import SheetStream, cells, row_number, split_ref

_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\b[^>]*?\sref="([^"]+)"')


def _bounds(ref: str) -> tuple[int, int, int, int] | None:
    """(min column, min row, max column, max row) of `A1` or `A1:C3` (None when damaged)."""
    try:
        ends = [split_ref(x) for x in ref.replace("$", "").split(":")]
    except ValueError:
        return None
    (c1, r1), (c2, r2) = ends[0], ends[-1]
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


def check_room(archive: zipfile.ZipFile, decoder: CellDecoder, t: Table, last: int, file: str) -> None:
    """Refuse (KpixlError naming the cell) growing table `t` down to sheet row `last` over anything of the user's."""
    first, lo, hi = t.body_last + 1, t.min_col, t.max_col
    if last < first:
        return

    def refuse(ref: str, **what: object) -> None:
        raise in_the_way(file, t.sheet.name, t.part.name, first, last, ref, **what)  # type: ignore[arg-type]

    def overlaps(box: tuple[int, int, int, int] | None) -> bool:
        return box is not None and box[0] <= hi and lo <= box[2] and box[1] <= last and first <= box[3]

    for other in t.sheet.tables:
        if other.name != t.part.name and overlaps(_bounds(other.ref)):
            refuse(other.ref, other_table=other.name)
    with archive.open(t.sheet.part) as source:
        stream = SheetStream(source, t.sheet.part)
        patterns, previous = stream.patterns, 0
        for raw in stream.rows():
            n = previous = row_number(raw, previous)
            if not first <= n <= last:
                continue
            for c in cells(raw, patterns):
                if lo <= c.column <= hi and c.inner:
                    value = decoder.value(c, patterns)
                    if value not in (None, "") or patterns.formula.search(c.inner):
                        refuse(f"{get_column_letter(c.column)}{n}", value=value if value is not None else "=…")
        for match in _MERGE.finditer(stream.tail()):
            if overlaps(_bounds(match.group(1).decode())):
                refuse(match.group(1).decode(), merged=True)

