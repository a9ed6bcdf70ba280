"""The Creators sheet rebuilt on every import: one row per creator of the tables, typed creators kept, with values.

The sheet `kpixl new` would write now (the shadow's, built with the names the user's rows hold first, then the new
creators of the tables) replaces kpixl's cells of the user's sheet, each in the style of the user's own cell that
plays its part (a new creator row takes the style of the creator rows, a new link row that of the link rows), so
formatting the user gave it stays; cells the user added where kpixl writes nothing are kept, moved down with the
part they sit in. Pure: bytes in (the user's sheet part, the shadow's), `<row>` XML out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from kpixl.text.labels import label
from kpixl.workbook.sheets import creators
from kpixl.xlsx.cell_decoder import Cells
from kpixl.xlsx.sheet_reader import split_ref

_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(rb'\s(\w+)="([^"]*)"')


def names_of(cells: Cells, lang: str) -> list[str]:
    """The creator names a Creators sheet's rows hold (typed ones too), in row order."""
    total = _row_labelled(cells, label("wb_total", lang), creators.TOP + 2)
    if total is None:
        return []
    return [str(cells[(r, 1)][0]).strip() for r in range(creators.TOP + 2, total)
            if (r, 1) in cells and cells[(r, 1)][1] is None and str(cells[(r, 1)][0] or "").strip()]


def rebuilt_rows(user_xml: bytes, user: Cells, shadow_xml: bytes, shadow: Cells, lang: str) -> bytes | None:
    """The `<row>` elements of the rebuilt sheet (None when the user's sheet no longer has kpixl's parts: then it is
    left as it is)."""
    old, new = _parts(user, lang), _parts(shadow, lang)
    if old is None or new is None:
        return None
    rows: dict[int, dict[int, bytes]] = {}
    attrs: dict[int, bytes] = {}
    user_rows = {n: (a, _cells_of(body)) for n, a, body in _rows(user_xml)}
    for n, a, body in _rows(shadow_xml):
        origin = _origin(n, old, new)
        attrs[n] = _row_attrs(user_rows.get(origin, (a, {}))[0])
        origin_cells = user_rows.get(origin, (b"", {}))[1]
        for column, (cell_attrs, inner) in _cells_of(body).items():
            style = _style(origin_cells.get(column))
            rows.setdefault(n, {})[column] = _shadow_cell(n, column, cell_attrs, inner, style, shadow)
    last_col = max((c for cells in rows.values() for c in cells), default=1)
    for n, (a, cells) in user_rows.items():  # what the user added where kpixl writes nothing
        moved = _moved(n, old, new)
        for column, (cell_attrs, inner) in cells.items():
            if (n, column) not in user or column in rows.get(moved, {}) or (
                    column <= last_col and _kpixl_part(n, column, old)):
                continue
            rows.setdefault(moved, {})[column] = _relocated(cell_attrs, inner, moved, column)
            attrs.setdefault(moved, _row_attrs(a))
    out = []
    for n in sorted(rows):
        body = b"".join(rows[n][c] for c in sorted(rows[n]))
        out.append(b'<row r="%d"%s>%s</row>' % (n, attrs.get(n, b""), body))
    return b"".join(out)


def _row_labelled(cells: Cells, text: str, start: int) -> int | None:
    rows = sorted(r for (r, c), (value, kind, _) in cells.items() if c == 1 and kind is None and value == text
                  and r >= start)
    return rows[0] if rows else None


def _parts(cells: Cells, lang: str) -> dict[str, int] | None:
    """Where a Creators sheet's parts sit: its creator rows, totals row, links header and last link row."""
    total = _row_labelled(cells, label("wb_total", lang), creators.TOP + 2)
    if total is None:
        return None
    links = _row_labelled(cells, label("wb_creator", lang), total + 1)
    if links is None:
        return None
    last = max((r for (r, c) in cells if c == 1 and r > links), default=links)
    return {"first": creators.TOP + 2, "total": total, "links": links, "last": last}


def _origin(n: int, old: Mapping[str, int], new: Mapping[str, int]) -> int:
    """The user's row whose style a row of the rebuilt sheet takes."""
    if n < new["first"]:
        return n
    if n < new["total"]:
        return min(n, old["total"] - 1)
    if n <= new["links"]:
        return old["total"] + n - new["total"]
    if n <= new["last"]:
        return old["links"] + min(n - new["links"], max(old["last"] - old["links"], 1))
    return old["last"] + n - new["last"]


def _moved(n: int, old: Mapping[str, int], new: Mapping[str, int]) -> int:
    """Where a row of the user's sheet sits in the rebuilt one (its part moved down as the parts above grew)."""
    if n < old["total"]:
        return n
    if n <= old["links"]:
        return n + new["total"] - old["total"]
    if n <= old["last"]:
        return n + new["links"] - old["links"]
    return n + new["last"] - old["last"]


def _kpixl_part(n: int, column: int, old: Mapping[str, int]) -> bool:
    """Whether a user's cell sits in a part kpixl writes in full (its title, tables and links), so it is kpixl's."""
    return n <= old["last"] and not (old["total"] < n < old["links"] and column > 1)


def _rows(xml: bytes) -> list[tuple[int, bytes, bytes]]:
    out = []
    for m in _ROW.finditer(xml):
        attrs = dict(_ATTR.findall(m.group(1)))
        out.append((int(attrs[b"r"]), m.group(1), m.group(2) or b""))
    return out


def _cells_of(body: bytes) -> dict[int, tuple[bytes, bytes]]:
    out = {}
    for m in _CELL.finditer(body):
        ref = dict(_ATTR.findall(m.group(1)))[b"r"].decode()
        out[split_ref(ref)[0]] = (m.group(1), m.group(2) or b"")
    return out


def _row_attrs(attrs: bytes) -> bytes:
    """A row's attributes but its number and spans (heights, hidden, styles kept)."""
    return b"".join(b' %s="%s"' % (k, v) for k, v in _ATTR.findall(attrs) if k not in (b"r", b"spans"))


def _style(cell: tuple[bytes, bytes] | None) -> bytes | None:
    if cell is None:
        return None
    return dict(_ATTR.findall(cell[0])).get(b"s")


def _shadow_cell(n: int, column: int, attrs: bytes, inner: bytes, style: bytes | None, shadow: Cells) -> bytes:
    """A shadow cell in the user's style; shared-string text written inline (the index is the shadow's)."""
    found = dict(_ATTR.findall(attrs))
    ref = f"{get_column_letter(column)}{n}".encode()
    s = b' s="%s"' % style if style is not None else b""
    if found.get(b"t") == b"s":
        value: Any = shadow[(n, column)][0]
        return b'<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (
            ref, s, escape(str(value)).encode())
    rest = b"".join(b' %s="%s"' % (k, v) for k, v in _ATTR.findall(attrs) if k not in (b"r", b"s"))
    return b'<c r="%s"%s%s>%s</c>' % (ref, s, rest, inner) if inner else b'<c r="%s"%s%s/>' % (ref, s, rest)


def _relocated(attrs: bytes, inner: bytes, n: int, column: int) -> bytes:
    ref = f"{get_column_letter(column)}{n}".encode()
    rest = b"".join(b' %s="%s"' % (k, v) for k, v in _ATTR.findall(attrs) if k != b"r")
    return b'<c r="%s"%s>%s</c>' % (ref, rest, inner) if inner else b'<c r="%s"%s/>' % (ref, rest)
