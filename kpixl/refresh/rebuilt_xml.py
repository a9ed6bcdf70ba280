"""A rebuilt sheet (`SheetRebuild`) as the package adapter saves it: the `<row>` elements of its new sheetData.

Each new cell takes the style of the user's cell of its origin row and column (blank styled cells of kpixl's parts
keep their style); the user's own cells, blank styled ones too, are copied as written to where they move. Text is
written inline (no shared-string index to keep in step), formulas with the cached value kpixl computed.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from kpixl.refresh.books.protocol import SheetRebuild
from kpixl.xlsx.cell_values import Formula
from kpixl.xlsx.sheet_reader import split_ref

_ROW = re.compile(rb"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(rb'\s(\w+)="([^"]*)"')

UserCells = dict[int, tuple[bytes, dict[int, tuple[bytes, bytes]]]]
"""The user's sheet: by row number, the row's attributes and its cells (attributes, inner XML) by column."""


def rows_xml(sheet_xml: bytes, rebuild: SheetRebuild, *, cached: bool = True) -> bytes:
    """The new `<row>` elements (`cached`: with kpixl's cached values; without, Excel computes them on open)."""
    user = _user_cells(sheet_xml)
    out: dict[int, dict[int, bytes]] = {}
    attrs: dict[int, bytes] = {}
    for n in sorted({r for r, _ in rebuild.cells}):
        origin_attrs, origin = user.get(rebuild.origin.get(n, n), (b"", {}))
        attrs[n] = _row_attrs(origin_attrs)
        row = out.setdefault(n, {})
        for column, (cell_attrs, _) in origin.items():  # formatting kpixl's parts had, on cells it leaves blank
            style = _style(cell_attrs)
            if style is not None and rebuild.moved(rebuild.origin.get(n, n), column) is None:
                row[column] = b'<c r="%s" s="%s"/>' % (_ref(n, column), style)
    for (n, column), value in rebuild.cells.items():
        origin = user.get(rebuild.origin.get(n, n), (b"", {}))[1]
        kept = origin.get(column)
        value_cached = rebuild.cached.get((n, column)) if cached else None
        out[n][column] = _cell(n, column, value, value_cached, None if kept is None else _style(kept[0]))
    for n, (row_attrs, cells) in user.items():  # the user's own cells, where their part moved
        for column, (cell_attrs, inner) in cells.items():
            target = rebuild.moved(n, column)
            if target is None or target in rebuild.cells:
                continue
            out.setdefault(target[0], {})[target[1]] = _relocated(cell_attrs, inner, *target)
            attrs.setdefault(target[0], _row_attrs(row_attrs))
    return b"".join(b'<row r="%d"%s>%s</row>' % (n, attrs.get(n, b""), b"".join(out[n][c] for c in sorted(out[n])))
                    for n in sorted(out))


def _user_cells(xml: bytes) -> UserCells:
    found: UserCells = {}
    for m in _ROW.finditer(xml):
        n = int(dict(_ATTR.findall(m.group(1)))[b"r"])
        cells = {}
        for c in _CELL.finditer(m.group(2) or b""):
            ref = dict(_ATTR.findall(c.group(1)))[b"r"].decode()
            cells[split_ref(ref)[0]] = (c.group(1), c.group(2) or b"")
        found[n] = (m.group(1), cells)
    return found


def _ref(n: int, column: int) -> bytes:
    return f"{get_column_letter(column)}{n}".encode()


def _row_attrs(attrs: bytes) -> bytes:
    """A row's attributes but its number and spans (heights, hidden, styles kept)."""
    return b"".join(b' %s="%s"' % (k, v) for k, v in _ATTR.findall(attrs) if k not in (b"r", b"spans"))


def _style(attrs: bytes) -> bytes | None:
    return dict(_ATTR.findall(attrs)).get(b"s")


def _cell(n: int, column: int, value: Any, cached: tuple[str, str] | None, style: bytes | None) -> bytes:
    """A new cell: a formula (with its cached value when given), a number, a boolean or inline text."""
    head = b'<c r="%s"%s' % (_ref(n, column), b' s="%s"' % style if style is not None else b"")
    if isinstance(value, Formula):
        f = b"<f>%s</f>" % escape(value[1:]).encode()
        if cached is None:
            return head + b">" + f + b"</c>"
        kind, text = cached  # the type attribute as written (' t="str"', or '' for a number) and the <v> text
        return head + kind.encode() + b">" + f + b"<v>%s</v></c>" % text.encode()  # <v> text as written
    if isinstance(value, bool):
        return head + b' t="b"><v>%d</v></c>' % value
    if isinstance(value, (int, float)):
        return head + b"><v>%s</v></c>" % repr(value).encode()
    if value is None:
        return head + b"/>"
    return head + b' t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % escape(str(value)).encode()


def _relocated(attrs: bytes, inner: bytes, n: int, column: int) -> bytes:
    rest = b"".join(b' %s="%s"' % (k, v) for k, v in _ATTR.findall(attrs) if k != b"r")
    ref = _ref(n, column)
    return b'<c r="%s"%s>%s</c>' % (ref, rest, inner) if inner else b'<c r="%s"%s/>' % (ref, rest)
