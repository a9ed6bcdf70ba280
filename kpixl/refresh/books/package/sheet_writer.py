"""One edited sheet part streamed row by row: kpixl's cells replaced, every other cell kept as it was.

`write_sheet` copies the sheet's XML with the rows of its edit log merged in: single cells, rebuilt formula
columns, appended rows (`Pending` hands them out in row order, rows the sheet lacks written where they belong),
a cleared sheet's cells emptied (styles kept). A formula cell kept in a row this run changed takes the row's new
cached value; a figure sheet's formula cells take the values handed over for them, or lose theirs (never a stale
figure). A shared formula whose master is replaced has its followers written out in full. The dimension, row
`spans`, validations and conditional formats grow with what was written. The cached values come from the caller:
nothing here computes one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise
from typing import IO, Any

from openpyxl.utils import get_column_letter

from kpixl.refresh.books.package.cell_render import CellRender
from kpixl.refresh.books.package.edits import Append, Rebuild, SheetEdits
from kpixl.refresh.books.protocol import Given
from kpixl.workbook.sheets import dashboard_rows
from kpixl.xlsx.row_writer import UNKNOWN, row_without_cached, with_cached, with_cached_text, without_cached
from kpixl.xlsx.shared_formulas import Shared
from kpixl.xlsx.sheet_reader import Patterns, RawCell, SheetStream, cells, row_number, split_ref

RowCached = Callable[[str, int], dict[int, Any]]
"""(sheet part, row number) → the cached values of the existing table row this run changed, by column ({}: none)."""


class Row(list):
    """A body row as the row writer reads it: `row.get(column offset)`."""

    def get(self, index: int, default: Any = None) -> Any:
        return self[index] if index < len(self) else default


def write_sheet(archive: zipfile.ZipFile, part: str, edits: SheetEdits, out: IO[bytes], *, render: CellRender,
                row_cached: RowCached, refigure: Given | None = None, hidden: Mapping[int, bool] | None = None
                ) -> None:
    """Stream sheet `part` with its edits to `out`; `refigure` (a figure sheet's): the cached values its formula
    cells take, every other formula cell's dropped; `hidden`: rows kpixl hides or shows (`dashboard_rows`)."""
    with archive.open(part) as source:
        stream = SheetStream(source, part)
        patterns = stream.patterns
        last_row, last_col = edits.bounds()
        head = _grow_dimension(stream.head, last_row, last_col)
        if stream.self_closing:
            head = head[: head.rindex(b"/>")] + b">"
        out.write(head)
        pending = Pending(edits.appends)
        rebuild = {r: b for b in edits.rebuilds for r in range(b.first, b.last + 1)}
        orphans = Shared()
        previous = 0
        for raw in stream.rows():
            n = row_number(raw, previous)
            previous = n
            pending.flush_before(n, out)
            if n in edits.cells or n in rebuild or pending.covers(n) or edits.clear or (
                    orphans.masters and b'si="' in raw):
                computed = row_cached(part, n) if (n in rebuild or n in edits.cells) and not pending.covers(n) \
                    else {}
                raw = _touch(raw, n, patterns, edits, pending, rebuild.get(n), orphans, render, computed)
            if refigure is not None:
                raw = _refigured(raw, n, patterns, refigure)
            if hidden and n in hidden:
                raw = dashboard_rows.with_hidden(raw, hidden[n])
            out.write(raw)
        pending.flush_before(None, out)
        tail = stream.tail()
        if stream.self_closing:
            tail = patterns.end_sheet_data + tail
        out.write(_grow_ranges(tail, edits.grown))


def _touch(raw: bytes, n: int, patterns: Patterns, edits: SheetEdits, pending: Pending, rebuild: Rebuild | None,
           orphans: Shared, render: CellRender, values: dict[int, Any]) -> bytes:
    """A row with kpixl's cells replaced and every other cell kept as it was (a shared formula whose master is
    replaced has its other cells written out in full, so none of them loses its formula); `values`: the row's new
    cached values by column."""
    found = cells(raw, patterns)
    by_col: dict[int, bytes] = {c.column: c.xml for c in found}
    original = dict(by_col)
    if edits.clear:
        by_col = {c.column: _cleared(c) for c in found if c.attr(b"s")}
    new = pending.render(n)
    if new is not None:
        for cell in cells(new, patterns if not patterns.prefix else Patterns.for_prefix(b"")):
            by_col[cell.column] = cell.xml
    if rebuild is not None:
        styles = {c.column: int(c.attr(b"s") or 0) for c in found}
        offset = n - rebuild.first
        for column, formula in rebuild.columns.items():
            style = styles.get(column)
            if style is None:
                style = rebuild.table.style(offset, column - rebuild.table.min_col)
            by_col[column] = render.formula(column, n, formula, style, values.get(column, UNKNOWN)).encode()
    for column, xml in edits.cells.get(n, {}).items():
        by_col[column] = xml.encode()
    kept = {c for c in by_col if by_col[c] is original.get(c)}
    for c in found:
        if b'si="' not in c.xml:
            continue
        if by_col.get(c.column) is not original[c.column]:
            orphans.orphan(c, patterns, n)  # a replaced master: its followers need their own formula
        elif orphans.masters:
            by_col[c.column] = orphans.standalone(c, patterns, n)
    for column, value in values.items():  # formula cells of a changed row kept: their new cached values
        if column in kept:
            by_col[column] = with_cached(by_col[column], value)
    start = raw[: raw.index(b">") + 1]
    if start.endswith(b"/>"):
        start = start[:-2].rstrip() + b">"
    if not by_col:
        return start[:-1] + b"/>"
    columns = sorted(by_col)
    start = _spans(start, columns[0], columns[-1])
    body = b"".join(by_col[c] for c in columns)
    close = b"</" + (patterns.prefix + b":" if patterns.prefix else b"") + b"row>"
    if patterns.prefix:
        body = _prefixed(body, patterns.prefix)
    return start + body + close


class Pending:
    """The appended rows of one sheet, handed out in row order while the sheet is copied."""

    def __init__(self, appends: Iterable[Append]):
        self.appends = sorted(appends, key=lambda a: a.first)
        self.next = [a.first for a in self.appends]
        spans = [(a.first, a.last) for a in self.appends]
        self.overlap = any(b[0] <= a[1] for a, b in pairwise(spans))

    def covers(self, n: int) -> bool:
        return any(a.first <= n <= a.last for a in self.appends)

    def _row(self, n: int) -> bytes | None:
        """Row `n` from every append that covers it, merged (None when none does)."""
        found = []
        for k, a in enumerate(self.appends):
            if a.first <= n <= a.last:
                buffer = io.BytesIO()
                a.single.write(buffer, [Row(a.rows[n - a.first])], first=n)
                found.append(buffer.getvalue())
                self.next[k] = max(self.next[k], n + 1)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        plain = Patterns.for_prefix(b"")
        by_col = {c.column: c.xml for row in found for c in cells(row, plain)}
        return b'<row r="%d">' % n + b"".join(by_col[c] for c in sorted(by_col)) + b"</row>"

    def render(self, n: int) -> bytes | None:
        """Row `n` as rendered by its writer(s), to merge with the sheet's existing row `n`."""
        return self._row(n)

    def flush_before(self, n: int | None, out: IO[bytes]) -> None:
        """Write every pending row numbered below `n` (all of them when None): rows the sheet does not have."""
        if self.overlap:
            todo = sorted({r for k, a in enumerate(self.appends) for r in range(self.next[k], a.last + 1)
                           if n is None or r < n})
            for r in todo:
                out.write(self._row(r) or b"")
            return
        for k, a in enumerate(self.appends):
            lo, hi = self.next[k], a.last if n is None else min(a.last, n - 1)
            if lo <= hi:
                a.writer.write(out, (Row(a.rows[r - a.first]) for r in range(lo, hi + 1)), first=lo)
                self.next[k] = hi + 1


def _refigured(raw: bytes, n: int, patterns: Patterns, given: Given) -> bytes:
    """A figure sheet's row with each formula cell's cached value replaced by the one `given` for it, or removed."""
    if not given:
        return row_without_cached(raw)
    if b"f" not in raw:
        return raw
    out, pos = [], 0
    for c in cells(raw, patterns):
        if not c.inner or not patterns.formula.search(c.inner):
            continue
        at = raw.index(c.xml, pos)
        found = given.get((n, c.column))
        out += [raw[pos:at], with_cached_text(c.xml, *found) if found else without_cached(c.xml)]
        pos = at + len(c.xml)
    return b"".join(out) + raw[pos:] if out else raw


def _cleared(cell: RawCell) -> bytes:
    """A cell emptied of its value, formula and type; its style kept."""
    ref, style = cell.attr(b"r"), cell.attr(b"s") or b"0"
    keep = (b' r="' + ref + b'"' if ref else b"") + b' s="' + style + b'"'
    name = cell.xml[1: cell.xml.index(b"c") + 1]
    return b"<" + name + keep + b"/>"


def _prefixed(body: bytes, prefix: bytes) -> bytes:
    """Cells rendered without a namespace prefix, for a sheet whose elements carry one."""
    p = prefix + b":"
    return re.sub(rb"<(/?)(c|v|f|is|t)\b", lambda m: b"<" + m.group(1) + p + m.group(2), body)


_SPANS = re.compile(rb'\sspans="([0-9]+):([0-9]+)"')


def _spans(start: bytes, lo: int, hi: int) -> bytes:
    """A row's `spans` hint widened to cover its cells (left alone when absent)."""
    match = _SPANS.search(start)
    if match is None:
        return start
    a, b = min(int(match.group(1)), lo), max(int(match.group(2)), hi)
    return start[: match.start()] + f' spans="{a}:{b}"'.encode() + start[match.end():]


_DIMENSION = re.compile(rb'(<(?:[\w.-]+:)?dimension\b[^>]*?\sref=")([^"]*)(")')


def _grow_dimension(head: bytes, last_row: int, last_col: int) -> bytes:
    """The sheet's used range extended to the rows and columns written."""
    match = _DIMENSION.search(head)
    if match is None or not last_row:
        return head
    ref = match.group(2).decode()
    try:
        ends = [split_ref(x) for x in ref.split(":")]
    except ValueError:
        return head
    (c1, r1), (c2, r2) = ends[0], ends[-1]
    c2, r2 = max(c2, last_col), max(r2, last_row)
    new = f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}".encode()
    return head[: match.start(2)] + new + head[match.end(2):]


_RANGED = re.compile(rb'(<(?:dataValidation|conditionalFormatting)\b[^>]*?\ssqref=")([^"]*)(")')


def _grow_ranges(tail: bytes, grown: list[tuple[int, int, int, int]]) -> bytes:
    """Validations and conditional formats that reach a table's last row grow with it (as Excel does)."""
    if not grown:
        return tail

    def grow(match: re.Match[bytes]) -> bytes:
        out = []
        for token in match.group(2).decode().split():
            try:
                ends = [split_ref(x) for x in token.split(":")]
            except ValueError:
                out.append(token)
                continue
            (c1, r1), (c2, r2) = ends[0], ends[-1]
            for lo, hi, old, new in grown:
                if lo <= c1 and c2 <= hi and r1 <= old <= r2 < new:
                    r2 = new
            out.append(f"{get_column_letter(c1)}{r1}" + ("" if (c1, r1) == (c2, r2) else
                                                         f":{get_column_letter(c2)}{r2}"))
        return match.group(1) + " ".join(out).encode() + match.group(3)

    return _RANGED.sub(grow, tail)
