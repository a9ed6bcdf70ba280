"""The Book interface over an .xlsx package, edited in place: only the parts kpixl owns are rewritten.

Reading streams the sheets (`sheet_xml`) and decodes what Excel, LibreOffice and openpyxl write (shared or inline
strings, app-chosen style ids, dates as serials, `1E-3`, booleans, errors, rows without `r`). Writes are recorded,
then `save` streams a new package: touched sheets are copied row by row with only kpixl's cells replaced (rendered
by `kpixl.xlsx.row_writer`, the one SpreadsheetML writer), their tables get a new `ref`, and every other zip member
is copied byte for byte (compressed data included). `calcChain.xml` is dropped and `fullCalcOnLoad` set, as Excel
rebuilds the chain and recalculates. Tables are generic: any Excel table named by the layout can be read and grown.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, MAC_EPOCH, from_excel

from kpixl.errors import KpixlError
from kpixl.refresh import figures
from kpixl.refresh.books.layout_values import layout_from_rows
from kpixl.refresh.books.protocol import Formula, TableData
from kpixl.refresh.cached_rows import RowValues, current_settings, table_values
from kpixl.text.messages import Message
from kpixl.workbook.layout import LAYOUT_SHEET, Layout
from kpixl.workbook.sheets.network import RowMemo
from kpixl.xlsx import parts
from kpixl.xlsx.row_writer import (
    UNKNOWN,
    XML_ILLEGAL,
    FormulaSlot,
    InputSlot,
    RowWriter,
    escape,
    row_without_cached,
    with_cached,
    with_cached_text,
    without_cached,
)
from kpixl.xlsx.sheet_reader import (
    Patterns,
    RawCell,
    SheetStream,
    cells,
    column_index,
    inline_text,
    row_number,
    split_ref,
    unescape,
)
from kpixl.xlsx.zip_copy import PackageWriter

FIGURE_SHEETS = figures.FIGURE_SHEETS
CONTENT_TYPES = "[Content_Types].xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
EMPTY_SHEET = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               b"<sheetData/></worksheet>")


@dataclass
class _Table:
    """A table located in its sheet: bounds (1-based, inclusive) and the style ids read from its body rows."""

    sheet: parts.SheetInfo
    part: parts.TablePart
    min_col: int
    min_row: int
    max_col: int
    max_row: int
    styles: list[tuple[int | None, ...]] = field(default_factory=list)
    formulas: dict[int, str | None] = field(default_factory=dict)
    """Per column offset: the one formula every body row holds, or None when rows differ (or have none)."""
    new_last: int | None = None
    new_formulas: dict[int, str] = field(default_factory=dict)
    values: dict[tuple[int, int], Any] = field(default_factory=dict)
    """Values written to existing body cells (body row, column offset), as later reads must see them."""
    rows: list[list[Any]] = field(default_factory=list)
    """The body rows as read (the inputs of the cached values of rows this run changes)."""
    headers: list[str] = field(default_factory=list)
    by_row: dict[int, dict[int, Any]] = field(default_factory=dict)
    """`values` by body row: column offset → value."""

    @property
    def body_first(self) -> int:
        return self.min_row + self.part.header_rows

    @property
    def body_last(self) -> int:
        return self.max_row - self.part.totals

    @property
    def width(self) -> int:
        return self.max_col - self.min_col + 1


@dataclass
class _Append:
    """New body rows from sheet row `first`, rendered at save time by one RowWriter."""

    first: int
    rows: list[Any]
    writer: RowWriter
    max_col: int
    single: RowWriter
    """Renders one row with full formulas, to merge into a row the sheet already has."""
    table: str = ""
    formulas: Mapping[int, str] = field(default_factory=dict)

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1


@dataclass
class _Rebuild:
    """Generated columns whose formula is rewritten on every body row of a table."""

    first: int
    last: int
    columns: dict[int, str]  # absolute column → formula with "="
    table: _Table


@dataclass
class _SheetEdits:
    cells: dict[int, dict[int, str]] = field(default_factory=dict)  # row → column → rendered <c>
    appends: list[_Append] = field(default_factory=list)
    rebuilds: list[_Rebuild] = field(default_factory=list)
    grown: list[tuple[int, int, int, int]] = field(default_factory=list)  # (min_col, max_col, old_last, new_last)
    clear: bool = False
    stale: bool = False
    """Formula cells whose inputs this run changed and whose values it does not compute: cached values dropped."""


_FAST_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?((?: [A-Za-z:]+="[^"]*")*)\s*(?:/>|>'
    rb"(?:<f((?: [A-Za-z:]+=\"[^\"]*\")*)(?:/>|>([^<]*)</f>))?(?:<v>([^<]*)</v>|<v/>)?"
    rb"(?:<is><t(?: [^>]*)?>([^<]*)</t></is>)?</c>)")
"""A cell as every common writer writes it: reference letters, attributes, formula, value, inline text."""

_COLUMNS: dict[bytes, int] = {}
_SI = re.compile(rb'\ssi="([0-9]+)"')

_CELLS = RowWriter([])
"""The shared row writer, for single cells."""


class _Known(dict):
    """Cached values by slot key; a formula column kpixl computes nothing for has none (`UNKNOWN`)."""

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(key, UNKNOWN)


class _Row(list):
    """A body row as the row writer reads it: `row.get(column offset)`."""

    def get(self, index: int, default: Any = None) -> Any:
        return self[index] if index < len(self) else default


def _plain(value: Any) -> Any:
    """A value the row writer renders natively (dates, numbers, text, booleans)."""
    kind = type(value)
    if kind is str or kind is int or kind is float or value is None or (kind is dt.datetime and not value.tzinfo):
        return value
    if isinstance(value, str):
        return XML_ILLEGAL.sub("", value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time())
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item") and not isinstance(value, (int, float, bool)):  # numpy scalars
        return value.item()
    return value


def _no_fallback(value: Any) -> Any:
    raise TypeError(f"cannot write a {type(value).__name__} to a cell")


class PackageBook:
    """A kpixl workbook file edited as a package; see `kpixl.refresh.books.protocol.Book` for the operations."""

    def __init__(self, path: str | os.PathLike[str] | IO[bytes], *, name: str | None = None):
        from kpixl.xlsx.zip_guard import check_zip

        self.path = Path(path) if isinstance(path, (str, os.PathLike)) else Path(name or "workbook.xlsx")
        self.name = name or str(path)
        self.archive = check_zip(path)  # type: ignore[arg-type]
        try:
            self._load()
        except BaseException:
            self.archive.close()
            raise

    def _load(self) -> None:
        archive = self.archive
        self.book_part = parts.workbook_part(archive)
        if self.book_part not in archive.NameToInfo:
            raise KpixlError(Message("not_excel_workbook"), file=self.name)
        self.book_xml = archive.read(self.book_part)
        root = parts.parse(self.book_xml, self.book_part)
        self.sheets = parts.sheets(archive, root, self.book_part)
        self.names = parts.defined_names(root)
        pr = root.find(f"{{{parts.MAIN}}}workbookPr")
        self.epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") \
            else CALENDAR_WINDOWS_1900
        self.book_rels = parts.relationships(archive, self.book_part)
        by_type = {r.type: parts.resolve(self.book_part, r.target) for r in self.book_rels if not r.external}
        self.strings_part = by_type.get(parts.SHARED_STRINGS_REL)
        self.styles_part = by_type.get(parts.STYLES_REL)
        self.calc_chain = by_type.get(parts.CALC_CHAIN_REL)
        self.date_styles = parts.date_styles(archive, self.styles_part)
        self._strings: list[str] | None = None
        self._formulas: dict[bytes, str] = {}  # formula text → decoded (a column repeats one formula)
        self._quoted: dict[int, int] | None = None
        self._tables: dict[str, _Table] = {}
        self.edits: dict[str, _SheetEdits] = {}
        self.new_sheets: list[tuple[str, str]] = []  # (name, part)
        self._layout: Layout | None = None
        self._row_values: dict[str, RowValues | None] = {}
        self._given: dict[str, figures.Given] = {}  # figure sheets' cached values, by part
        self._memo: RowMemo = {}  # rows computed for the figures, reused for the rows this run writes
        self.mac_dates = self.epoch == CALENDAR_MAC_1904
        self._cells = RowWriter([], epoch=MAC_EPOCH) if self.mac_dates else _CELLS

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> PackageBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def changed(self) -> bool:
        """Whether any write was recorded (a run that changes nothing writes nothing)."""
        return bool(self.new_sheets) or any(t.new_formulas or t.new_last for t in self._tables.values()) or any(
            e.cells or e.appends or e.rebuilds or e.clear for e in self.edits.values())

    # -- reading cells ---------------------------------------------------------------------------------------------
    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = parts.shared_strings(self.archive, self.strings_part)
        return self._strings

    def _stream(self, part: str) -> Iterator[tuple[int, bytes, Patterns]]:
        """(row number, raw row, patterns) of a sheet part, streamed."""
        if part not in self.archive.NameToInfo:
            return
        with self.archive.open(part) as source:
            stream = SheetStream(source, part)
            previous = 0
            for raw in stream.rows():
                previous = row_number(raw, previous)
                yield previous, raw, stream.patterns

    def _value(self, cell: RawCell, patterns: Patterns, shared: Shared | None = None, row: int = 0) -> Any:
        """A cell's value as openpyxl reads it (formulas as `=` text, a shared formula's followers translated from
        their master, dates in date styles as datetimes); `shared` collects the masters seen so far."""
        inner = cell.inner
        if not inner:
            return None
        kind = cell.attr(b"t") or b"n"
        if b"<f" in inner or (patterns.prefix and b":f" in inner):
            formula = patterns.formula.search(inner)
            if formula is not None and b"shared" in formula.group(1) and shared is not None:
                return shared.formula(cell, formula, self._formulas, row)
            if formula is not None and formula.group(2):
                return self._decoded(formula.group(2))
        else:
            formula = None
        if kind == b"inlineStr":
            found = patterns.inline.search(inner)
            return inline_text(found.group(1), patterns) if found else None
        value = patterns.value.search(inner)
        if value is None:
            return Formula("=") if formula is not None else None
        raw = value.group(1).decode()
        if kind == b"s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise KpixlError(Message("cell_bad_string", cell=(cell.attr(b"r") or b"?").decode(), raw=raw),
                                 file=self.name) from None
        if kind == b"b":
            return raw.strip() in ("1", "true")
        if kind in (b"str", b"e"):
            return unescape(raw)
        if kind == b"d":
            try:
                return dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                return unescape(raw)
        try:
            number: int | float = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
        except ValueError:
            raise KpixlError(Message("cell_not_number", cell=(cell.attr(b"r") or b"?").decode(), raw=raw),
                             file=self.name) from None
        style = cell.attr(b"s")
        if style is not None and self.date_styles and int(style) in self.date_styles:
            try:
                return from_excel(number, self.epoch)
            except (OverflowError, ValueError):
                return number
        return number

    def _decoded(self, text: bytes) -> str:
        decoded = self._formulas.get(text)
        if decoded is None:
            decoded = self._formulas[text] = Formula("=" + unescape(text.decode()))
        return decoded

    # -- layout and sheets -----------------------------------------------------------------------------------------
    def layout(self) -> Layout:
        if LAYOUT_SHEET not in self.sheet_names():
            raise KpixlError(Message("not_kpixl_workbook"),
                             file=self.name)
        return layout_from_rows(self.read_sheet(LAYOUT_SHEET), file=self.name)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def _sheet(self, name: str) -> parts.SheetInfo:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KpixlError(Message("no_sheet", sheet=name), file=self.name)

    def add_sheet(self, name: str) -> None:
        used = set(self.archive.NameToInfo) | {p for _, p in self.new_sheets}
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in used:
            n += 1
        part = f"xl/worksheets/sheet{n}.xml"
        self.new_sheets.append((name, part))
        self.sheets.append(parts.SheetInfo(name, part, ""))

    def read_sheet(self, sheet: str) -> list[list[Any]]:
        info = self._sheet(sheet)
        out: list[list[Any]] = []
        shared = Shared()
        for n, raw, patterns in self._stream(info.part):
            values = {c.column: self._value(c, patterns, shared, n) for c in cells(raw, patterns)}
            values = {c: v for c, v in values.items() if v is not None}
            if not values:
                continue
            while len(out) < n - 1:
                out.append([])
            out.append([values.get(c) for c in range(1, max(values) + 1)])
        width = max((len(r) for r in out), default=0)
        return [r + [None] * (width - len(r)) for r in out]

    def clear_sheet(self, sheet: str) -> None:
        self._edits(self._sheet(sheet).part).clear = True

    def _edits(self, part: str) -> _SheetEdits:
        return self.edits.setdefault(part, _SheetEdits())

    # -- defined names ---------------------------------------------------------------------------------------------
    def _name_cell(self, name: str) -> tuple[parts.SheetInfo, int, int] | None:
        found = self.names.get(name)
        if found is None or found[0] not in self.sheet_names():
            return None
        column, row = split_ref(found[1])
        return self._sheet(found[0]), row, column

    def read_name(self, name: str) -> Any:
        where = self._name_cell(name)
        if where is None:
            return None
        sheet, row, column = where
        for n, raw, patterns in self._stream(sheet.part):
            if n == row:
                for cell in cells(raw, patterns):
                    if cell.column == column:
                        return self._value(cell, patterns)
            if n >= row:
                break
        return None

    def write_name(self, name: str, value: Any) -> None:
        where = self._name_cell(name)
        if where is None:
            raise KpixlError(Message("no_defined_name", name=name), file=self.name)
        sheet, row, column = where
        style = 0
        for n, raw, patterns in self._stream(sheet.part):
            if n == row:
                style = next((int(c.attr(b"s") or 0) for c in cells(raw, patterns) if c.column == column), 0)
            if n >= row:
                break
        self._edits(sheet.part).cells.setdefault(row, {})[column] = self._render(column, row, value, style)

    # -- tables ----------------------------------------------------------------------------------------------------
    def _table(self, table: str) -> _Table:
        found = self._tables.get(table)
        if found is not None:
            return found
        for sheet in self.sheets:
            for tpart in sheet.tables:
                if tpart.name == table:
                    try:
                        (min_col, min_row), (max_col, max_row) = (split_ref(x) for x in tpart.ref.split(":"))
                    except ValueError:
                        raise KpixlError(Message("table_damaged_range", table=table, ref=tpart.ref),
                                         file=self.name) from None
                    found = self._tables[table] = _Table(sheet, tpart, min_col, min_row, max_col, max_row)
                    return found
        raise KpixlError(Message("no_table", table=table), file=self.name)

    def read_table(self, table: str) -> TableData:
        t = self._table(table)
        width, lo, hi = t.width, t.min_col, t.max_col
        headers: list[str] = [""] * width
        rows: list[list[Any]] = [[None] * width for _ in range(t.body_last - t.body_first + 1)]
        styles: list[tuple[int | None, ...]] = [(None,) * width] * len(rows)
        interned: dict[tuple[int | None, ...], tuple[int | None, ...]] = {}
        formulas: dict[int, str | None] = {}
        value, shared = self._value, Shared()
        for n, raw, patterns in self._stream(t.sheet.part):
            if n < t.min_row:
                if b'si="' in raw:  # a shared formula's master above the table
                    for c in cells(raw, patterns):
                        value(c, patterns, shared, n)
                continue
            if n > t.body_last:
                break
            if n >= t.body_first and not patterns.prefix:
                line = rows[n - t.body_first]
                style = [None] * width
                if self._fast_row(raw, n, lo, hi, line, style, shared):
                    key = tuple(style)
                    styles[n - t.body_first] = interned.setdefault(key, key)
                    continue
            found = [c for c in cells(raw, patterns) if lo <= c.column <= hi]
            if n < t.body_first:
                for c in found:
                    v = value(c, patterns)
                    headers[c.column - lo] = "" if v is None else str(v)
                continue
            line = rows[n - t.body_first]
            style = [None] * width
            for c in found:
                i = c.column - lo
                line[i] = value(c, patterns, shared, n)
                s = c.attr(b"s")
                style[i] = int(s) if s is not None else 0
            key = tuple(style)
            styles[n - t.body_first] = interned.setdefault(key, key)
        for i in range(width):  # the one formula a column holds on every row, if any
            column = {r[i] for r in rows} if rows else {None}
            only = column.pop() if len(column) == 1 else None
            formulas[i] = only if isinstance(only, str) and only.startswith("=") else None
        names = t.part.columns
        headers = [h or (names[i] if i < len(names) else "") for i, h in enumerate(headers)]
        t.styles, t.formulas, t.rows, t.headers = styles, formulas, rows, headers
        self._overlay(t, rows)
        return TableData(t.sheet.name, headers, rows)

    def table_now(self, table: str) -> TableData:
        """A table as this run leaves it: the rows as read with this run's writes, then the rows it appends (read
        from the file only if this run has not read it yet)."""
        t = self._table(table)
        if not t.styles:
            return self.read_table(table)
        count = t.body_last - t.body_first + 1
        rows = [list(r) for r in t.rows[:count]] + [[None] * t.width for _ in range(count - len(t.rows))]
        self._overlay(t, rows)
        return TableData(t.sheet.name, list(t.headers), rows)

    def _overlay(self, t: _Table, rows: list[list[Any]]) -> None:
        """What this run already wrote to the table (new rows, changed cells), as a read after a write must see."""
        edits = self.edits.get(t.sheet.part)
        for append in edits.appends if edits else []:
            if append.table != t.part.name:
                continue
            for k, values in enumerate(append.rows):
                index = append.first + k - t.body_first
                if 0 <= index < len(rows):
                    rows[index] = [append.formulas[i] if i in append.formulas else
                                   (values[i] if i < len(values) else None) for i in range(t.width)]
        for (row, col), value in t.values.items():
            if 0 <= row < len(rows):
                rows[row][col] = value

    def _fast_row(self, raw: bytes, n: int, lo: int, hi: int, line: list[Any], style: list[int | None],
                  shared: Shared) -> bool:
        """Read a row's cells in one pattern match when it has the plain shape Excel, LibreOffice and kpixl write
        (every cell with `r`, plain `<f>`/`<v>`/inline `<t>`); False (nothing read) for any other shape."""
        found = _FAST_CELL.findall(raw)
        if len(found) != raw.count(b"<c ") or b"<c>" in raw:
            return False
        strings, dates, formulas = None, self.date_styles, self._formulas
        for letters, s_text, kind, rest, fattrs, ftext, v, text in found:
            column = _COLUMNS.get(letters)
            if column is None:
                column = _COLUMNS[letters] = column_index(letters.decode())
            if fattrs and b'si="' in fattrs:  # a shared formula: its master registers, followers read it
                line_value = shared.fast(letters, n, fattrs, ftext, formulas)
                if column < lo or column > hi:
                    continue
                line[column - lo] = line_value
                style[column - lo] = int(s_text) if s_text else 0
                continue
            if column < lo or column > hi:
                continue
            if rest and (b' s="' in rest or b' t="' in rest):
                return False  # attributes in another order: the slow path reads them
            i = column - lo
            s = int(s_text) if s_text else 0
            kind = kind or b"n"
            style[i] = s
            if ftext:
                decoded = formulas.get(ftext)
                line[i] = decoded if decoded is not None else self._decoded(ftext)
            elif kind == b"s":
                if strings is None:
                    strings = self.strings
                try:
                    line[i] = strings[int(v)]
                except (ValueError, IndexError):
                    return False  # the slow path reports the damaged cell
            elif kind == b"inlineStr":
                line[i] = unescape(text.decode()) if text else None
            elif not v:
                line[i] = None
            elif kind == b"n":
                try:
                    number: int | float = float(v) if (b"." in v or b"E" in v or b"e" in v) else int(v)
                except ValueError:
                    return False
                line[i] = from_excel(number, self.epoch) if dates and s in dates else number
            elif kind == b"b":
                line[i] = v.strip() in (b"1", b"true")
            elif kind in (b"str", b"e"):
                line[i] = unescape(v.decode())
            else:
                return False
        return True

    def _style(self, t: _Table, body_row: int, offset: int) -> int:
        """The style id of a body cell as read (a missing cell takes the column's style from a nearby row)."""
        if not t.styles:
            self.read_table(t.part.name)
        styles = t.styles
        if 0 <= body_row < len(styles) and styles[body_row][offset] is not None:
            return styles[body_row][offset]  # type: ignore[return-value]
        for row in reversed(styles):
            if row[offset] is not None:
                return row[offset]  # type: ignore[return-value]
        return 0

    def _quoted_style(self, style: int) -> int:
        if self._quoted is None:
            self._quoted = parts.quoted_styles(self.archive, self.styles_part)
        return self._quoted.get(style, style)

    def _slot(self, column: int, style: int, formula: str | None = None, source: int = 0) -> InputSlot | FormulaSlot:
        """How the row writer fills a column: a formula, or values (text that looks like a formula quoted)."""
        letter = get_column_letter(column)
        if formula is not None:
            return FormulaSlot(letter, formula, style, str(column))
        return InputSlot(letter, source, _plain, style, style, self._quoted_style(style),  # type: ignore[arg-type]
                         _no_fallback)

    def _render(self, column: int, row: int, value: Any, style: int) -> str:
        """One cell through the shared row writer."""
        return self._cells.cell(self._slot(column, style), value, row)

    def write_cells(self, table: str, cells_: Mapping[tuple[int, int], Any]) -> None:
        t = self._table(table)
        sheet = self._edits(t.sheet.part)
        edits = sheet.cells
        for (row, col), value in cells_.items():
            r, c = t.body_first + row, t.min_col + col
            append = next((a for a in sheet.appends if a.table == table and a.first <= r <= a.last), None)
            if append is not None:  # a row this run appends: change it there
                line = append.rows[r - append.first] = list(append.rows[r - append.first])
                line.extend([None] * (col + 1 - len(line)))
                line[col] = value
                continue
            t.values[(row, col)] = value
            t.by_row.setdefault(row, {})[col] = value
            edits.setdefault(r, {})[c] = self._render(c, r, value, self._style(t, row, col))

    def write_rows(self, table: str, start: int, rows: Sequence[Sequence[Any]], formulas: Mapping[int, str]) -> None:
        if not rows:
            return
        t = self._table(table)
        if t.part.totals:
            raise KpixlError(Message("totals_row", table=table), file=self.name)
        model = min(max(start - 1, 0), t.body_last - t.body_first)
        slots = [self._slot(t.min_col + i, self._style(t, model, i), formulas.get(i), source=i)
                 for i in range(t.width)]
        first = t.body_first + start
        edits = self._edits(t.sheet.part)
        compute = self._compute(t)
        epoch = MAC_EPOCH if self.mac_dates else None
        if edits.appends:  # a second table growing on this sheet: full formulas, so no si can clash
            writer = RowWriter(slots, first, compute, shared=False, epoch=epoch)
        else:  # shared formula groups numbered after every si the sheet already uses
            writer = RowWriter(slots, first, compute, si_base=self._free_si(t.sheet.part), epoch=epoch)
        append = _Append(first, list(rows), writer, t.max_col,
                         RowWriter(slots, first, compute, shared=False, epoch=epoch),
                         table, {i: f for i, f in formulas.items()})
        edits.appends.append(append)
        if append.last > t.body_last:
            edits.grown.append((t.min_col, t.max_col, t.body_last, append.last))
            t.new_last = append.last
            t.max_row = append.last

    # -- cached values -----------------------------------------------------------------------------------------------
    def _kpixl_layout(self) -> Layout | None:
        """The workbook's layout with its current Settings (None when it is not a kpixl workbook)."""
        if self._layout is None and LAYOUT_SHEET in self.sheet_names():
            self._layout = current_settings(self.layout(), self.read_name)
        return self._layout

    def _values_of(self, t: _Table) -> RowValues | None:
        """The cached-values function of a table's rows (None for tables kpixl computes nothing for)."""
        name = t.part.name
        if name not in self._row_values:
            layout = self._kpixl_layout()
            self._row_values[name] = None if layout is None else table_values(layout, name, t.part.columns,
                                                                              self._memo)
        return self._row_values[name]

    def _compute(self, t: _Table) -> Callable[[dict[Any, Any]], dict[str, Any]] | None:
        """The row writer's `compute` for rows appended to a table: generated columns' values by column number."""
        values = self._values_of(t)
        if values is None:
            return None
        lo = t.min_col
        return lambda row: _Known({str(lo + i): v for i, v in values(row).items()})

    def _row_cached(self, part: str, n: int) -> tuple[_Table, dict[int, Any]] | None:
        """The table whose existing body row `n` this run changed, and that row's cached values by column."""
        for t in self._tables.values():
            body = n - t.body_first
            if t.sheet.part != part or not 0 <= body < len(t.rows):
                continue
            values = self._values_of(t)
            if values is None:
                return None
            row = dict(enumerate(t.rows[body]))
            row.update(t.by_row.get(body, {}))
            return t, {t.min_col + i: v for i, v in values(row).items()}
        return None

    def _recompute_figures(self) -> None:
        """After a change to kpixl's tables, the formula cells of its figure sheets (Dashboard, Top posts, Trends,
        Creators, Goals) get the values `kpixl new` would give them now where that is known, none elsewhere
        (`_figure_values`); Excel recalculates on open either way."""
        data = any(e.appends or e.rebuilds for e in self.edits.values()) or any(
            t.values for t in self._tables.values())
        layout = self._kpixl_layout() if data else None
        if layout is None:
            return
        for kind in FIGURE_SHEETS:
            name = layout.sheets.get(kind)
            if name in self.sheet_names():
                self._edits(self._sheet(name).part).stale = True
        self._given = self._figure_values(layout)

    def _figure_values(self, layout: Layout) -> dict[str, figures.Given]:
        """The figure sheets' formula cells that take the value `kpixl new` would give them now, by part
        (`kpixl.refresh.figures`); {} when the workbook cannot be rebuilt as it is (every value then dropped)."""
        if self.mac_dates:  # kpixl's engine computes dates as 1900 serials: leave those figures to Excel
            return {}
        present = set(self.sheet_names())
        try:
            rows = {}
            for net in layout.networks:
                found = figures.table_rows(layout, net, self.table_now(layout.table_name(net)))
                if found is None:
                    return {}
                rows[net] = found
            spec = layout.audience
            days = figures.audience_rows(layout, self.table_now(spec.table)) if spec is not None and any(
                spec.table == t.name for s in self.sheets for t in s.tables) else []
            goals_sheet = layout.sheets.get("goals")
            goals = figures.goals_now(layout, self._addressed(goals_sheet) if goals_sheet in present else {})
            data = None if goals is None else figures.shadow(layout, rows, days, goals, self._memo)
            if data is None:
                return {}
            with PackageBook(io.BytesIO(data), name="shadow.xlsx") as shadow:
                kinds = [k for k in (*figures.FIGURE_SHEETS, *figures.READ_SHEETS)
                         if layout.sheets.get(k) in present and layout.sheets.get(k) in shadow.sheet_names()]
                names = [layout.sheets[k] for k in kinds]
                ours = {name: shadow.sheet_cells(name) for name in names}
            theirs = {name: self.sheet_cells(name) for name in names}
        except KpixlError:
            return {}
        read = [layout.sheets[k] for k in figures.READ_SHEETS if k in layout.sheets]
        given = figures.given_values(ours, theirs, read)
        return {self._sheet(name).part: cells_ for name, cells_ in given.items()}

    def _addressed(self, sheet: str) -> dict[str, Any]:
        """A sheet's values by A1 address."""
        return {f"{get_column_letter(c)}{r}": value for (r, c), (value, _, _) in self.sheet_cells(sheet).items()}

    def sheet_cells(self, sheet: str) -> figures.Cells:
        """Every cell of a sheet by (row, column): its value (formulas as `=` text) and, for a formula, its cached
        value's type attribute and `<v>` text as written (None when it has none)."""
        out: figures.Cells = {}
        shared = Shared()
        for n, raw, patterns in self._stream(self._sheet(sheet).part):
            for c in cells(raw, patterns):
                value = self._value(c, patterns, shared, n)
                inner = c.inner or b""
                if isinstance(value, Formula):
                    found = patterns.value.search(inner)
                    kind = c.attr(b"t")
                    out[(n, c.column)] = (value, f' t="{kind.decode()}"' if kind else "",
                                          found.group(1).decode() if found else None)
                elif value is not None:
                    out[(n, c.column)] = (value, None, None)
        return out

    def _free_si(self, part: str) -> int:
        """The first shared-formula index no cell of the sheet uses."""
        used = -1
        with self.archive.open(part) as source:
            tail = b""
            while chunk := source.read(1 << 20):
                data = tail + chunk
                used = max([used, *(int(x) for x in _SI.findall(data))])
                tail = data[-16:]
        return used + 1

    def write_formulas(self, table: str, formulas: Mapping[int, str]) -> None:
        t = self._table(table)
        if not t.styles:
            self.read_table(table)
        stale = {i: f for i, f in formulas.items() if t.formulas.get(i) != f}
        names_stale = self._calculated_differs(t, formulas)
        if not stale and not names_stale:
            return
        t.new_formulas.update(formulas)
        if stale:
            edits = self._edits(t.sheet.part)
            edits.rebuilds.append(_Rebuild(t.body_first, t.body_last, {t.min_col + i: f for i, f in stale.items()},
                                           t))

    def _calculated_differs(self, t: _Table, formulas: Mapping[int, str]) -> bool:
        xml = self.archive.read(t.part.part).decode("utf-8")
        current = _calculated_formulas(xml)
        return any(current.get(i) != unescape(f.removeprefix("=")) for i, f in formulas.items())

    # -- saving ----------------------------------------------------------------------------------------------------
    def save(self, target: str | os.PathLike[str] | IO[bytes]) -> None:
        """Write the edited package to `target`: owned parts rewritten, every other member copied byte for byte."""
        tables = {t.part.part: t for t in self._tables.values() if t.new_last is not None or t.new_formulas}
        self._recompute_figures()
        drop = {self.calc_chain} if self.calc_chain else set()
        small = self._small_parts(drop)
        with PackageWriter(self.archive, target) as writer:
            for info in self.archive.infolist():
                name = info.filename
                if name in drop:
                    continue
                if name in self.edits:
                    grow = sum(len(a.rows) for a in self.edits[name].appends) * 4096
                    writer.stream(info, lambda out, name=name: self._write_sheet(name, out),
                                  estimate=info.file_size + grow)
                elif name in tables:
                    writer.replace(info, _table_xml(self.archive.read(name).decode("utf-8"), tables[name]).encode())
                elif name in small:
                    writer.replace(info, small[name])  # copied as is when unchanged
                else:
                    writer.copy(info)
            for _name, part in self.new_sheets:
                writer.add(part, EMPTY_SHEET)

    def _small_parts(self, drop: set[str]) -> dict[str, bytes]:
        """workbook.xml (recalculate on load, new sheets), its relationships and content types."""
        book = self.book_xml.decode("utf-8")
        book = _full_calc_on_load(book)
        rels_name = parts.rels_path(self.book_part)
        rels = self.archive.read(rels_name).decode("utf-8")
        types = self.archive.read(CONTENT_TYPES).decode("utf-8")
        for part in drop:
            rels = _drop_relationship(rels, parts.CALC_CHAIN_REL)
            types = re.sub(r'<Override\b[^>]*PartName="/' + re.escape(part) + r'"[^>]*/>', "", types)
        for name, part in self.new_sheets:
            rid = _new_rid(rels)
            target = os.path.relpath(part, os.path.dirname(self.book_part)).replace(os.sep, "/")
            rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{parts.WORKSHEET_REL}" '
                                                    f'Target="{target}"/></Relationships>')
            types = types.replace("</Types>", f'<Override PartName="/{part}" ContentType="{WORKSHEET_TYPE}"/></Types>')
            book = _add_sheet(book, name, rid)
        return {self.book_part: book.encode("utf-8"), rels_name: rels.encode("utf-8"),
                CONTENT_TYPES: types.encode("utf-8")}

    def _write_sheet(self, part: str, out: IO[bytes]) -> None:
        edits = self.edits[part]
        with self.archive.open(part) as source:
            stream = SheetStream(source, part)
            patterns = stream.patterns
            last_row, last_col = _bounds(edits)
            head = _grow_dimension(stream.head, last_row, last_col)
            if stream.self_closing:
                head = head[: head.rindex(b"/>")] + b">"
            out.write(head)
            pending = _Pending(edits.appends)
            rebuild = {r: b for b in edits.rebuilds for r in range(b.first, b.last + 1)}
            orphans = Shared()
            previous = 0
            for raw in stream.rows():
                n = row_number(raw, previous)
                previous = n
                pending.flush_before(n, out)
                if n in edits.cells or n in rebuild or pending.covers(n) or edits.clear or (
                        orphans.masters and b'si="' in raw):
                    raw = self._touch(raw, n, part, patterns, edits, pending, rebuild.get(n), orphans)
                if edits.stale:
                    raw = _refigured(raw, n, patterns, self._given.get(part, {}))
                out.write(raw)
            pending.flush_before(None, out)
            tail = stream.tail()
            if stream.self_closing:
                tail = patterns.end_sheet_data + tail
            out.write(_grow_ranges(tail, edits.grown))

    def _touch(self, raw: bytes, n: int, part: str, patterns: Patterns, edits: _SheetEdits, pending: _Pending,
               rebuild: _Rebuild | None, orphans: Shared) -> bytes:
        """A row with kpixl's cells replaced and every other cell kept as it was (a shared formula whose master is
        replaced has its other cells written out in full, so none of them loses its formula)."""
        found = cells(raw, patterns)
        by_col: dict[int, bytes] = {c.column: c.xml for c in found}
        original = dict(by_col)
        if edits.clear:
            by_col = {c.column: _cleared(c) for c in found if c.attr(b"s")}
        new = pending.render(n)
        if new is not None:
            for cell in cells(new, patterns if not patterns.prefix else Patterns.for_prefix(b"")):
                by_col[cell.column] = cell.xml
        computed = self._row_cached(part, n) if (rebuild is not None or n in edits.cells) and new is None else None
        values = computed[1] if computed is not None else {}
        if rebuild is not None:
            styles = {c.column: int(c.attr(b"s") or 0) for c in found}
            offset = n - rebuild.first
            for column, formula in rebuild.columns.items():
                style = styles.get(column)
                if style is None:
                    style = self._style(rebuild.table, offset, column - rebuild.table.min_col)
                by_col[column] = self._formula_cell(column, n, formula, style, values.get(column, UNKNOWN)).encode()
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

    def _formula_cell(self, column: int, row: int, formula: str, style: int, value: Any = UNKNOWN) -> str:
        return self._cells.cell(self._slot(column, style, formula), value, row)


class Shared:
    """Shared formulas (`<f t="shared" si=…>`): masters by index, to give each follower its own formula."""

    def __init__(self) -> None:
        self.masters: dict[bytes, tuple[str, str]] = {}  # si → (formula with "=", master's reference)

    @staticmethod
    def _index(formula: re.Match[bytes]) -> bytes | None:
        found = re.search(rb'\ssi="([0-9]+)"', formula.group(1))
        return found.group(1) if found else None

    def formula(self, cell: RawCell, formula: re.Match[bytes], cache: dict[bytes, str], row: int = 0) -> str:
        """A shared formula's text at this cell on sheet row `row` (registering it when the cell is the master)."""
        index = self._index(formula)
        ref = (cell.attr(b"r") or b"").decode().replace("$", "")
        if not ref and row:
            ref = f"{get_column_letter(cell.column)}{row}"
        if formula.group(2):
            text = cache.get(formula.group(2)) or Formula("=" + unescape(formula.group(2).decode()))
            if index is not None:
                self.masters[index] = (text, ref)
            return text
        master = self.masters.get(index or b"")
        if master is None or not ref:
            return Formula("=")
        return Formula(_translate(master[0], master[1], ref))

    def fast(self, letters: bytes, row: int, attrs: bytes, text: bytes, cache: dict[bytes, str]) -> str:
        """`formula` for a cell read by the one-match path (its letters, row, `<f>` attributes and text)."""
        index = self._index_of(attrs)
        ref = f"{letters.decode()}{row}"
        if text:
            decoded = cache.get(text) or Formula("=" + unescape(text.decode()))
            if index is not None:
                self.masters[index] = (decoded, ref)
            return decoded
        master = self.masters.get(index or b"")
        if master is None:
            return Formula("=")
        return Formula(_translate(master[0], master[1], ref))

    @staticmethod
    def _index_of(attrs: bytes) -> bytes | None:
        found = re.search(rb'si="([0-9]+)"', attrs)
        return found.group(1) if found else None

    def orphan(self, cell: RawCell, patterns: Patterns, row: int) -> None:
        """Remember a master about to be replaced."""
        formula = patterns.formula.search(cell.inner or b"")
        if formula is not None and formula.group(2):
            self.formula(cell, formula, {}, row)

    def standalone(self, cell: RawCell, patterns: Patterns, row: int) -> bytes:
        """A follower of a replaced master with the formula written out; any other cell as it was."""
        formula = patterns.formula.search(cell.inner or b"")
        if formula is None or formula.group(2):
            return cell.xml
        index = self._index(formula)
        if index not in self.masters:
            return cell.xml
        text = self.formula(cell, formula, {}, row).removeprefix("=")
        q = patterns.prefix + b":" if patterns.prefix else b""
        element = b"<" + q + b"f>" + escape(text).encode() + b"</" + q + b"f>"
        start = cell.xml.index(formula.group(0))
        return cell.xml[:start] + element + cell.xml[start + len(formula.group(0)):]


_A1 = re.compile(r"(?<![A-Za-z_\[\]])\$?[A-Z]{1,3}\$?[0-9]+|\$?[A-Z]{1,3}:\$?[A-Z]{1,3}|\$?[0-9]+:\$?[0-9]+")


@functools.lru_cache(maxsize=256)
def _moves(formula: str) -> bool:
    """Whether a formula has A1 references that move with the cell (structured references do not)."""
    return _A1.search(formula) is not None


def _translate(formula: str, origin: str, target: str) -> str:
    """A shared formula moved from its master's cell to another."""
    if origin == target or not _moves(formula):
        return formula
    from openpyxl.formula.translate import Translator

    return Translator(formula, origin=origin).translate_formula(target)


class _Pending:
    """The appended rows of one sheet, handed out in row order while the sheet is copied."""

    def __init__(self, appends: Iterable[_Append]):
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
                a.single.write(buffer, [_Row(a.rows[n - a.first])], first=n)
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
                a.writer.write(out, (_Row(a.rows[r - a.first]) for r in range(lo, hi + 1)), first=lo)
                self.next[k] = hi + 1


def _refigured(raw: bytes, n: int, patterns: Patterns, given: figures.Given) -> bytes:
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


def _bounds(edits: _SheetEdits) -> tuple[int, int]:
    rows = [a.last for a in edits.appends] + list(edits.cells)
    cols = [a.max_col for a in edits.appends]
    cols += [c for row in edits.cells.values() for c in row]
    return max(rows, default=0), max(cols, default=0)


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


_TABLE_COLUMN = re.compile(r"<tableColumn\b[^>]*?(?:/>|>.*?</tableColumn>)", re.S)
_CALCULATED = re.compile(r"<calculatedColumnFormula\b[^>]*>(.*?)</calculatedColumnFormula>", re.S)


def _calculated_formulas(xml: str) -> dict[int, str]:
    """Each table column's calculated-column formula (unescaped, without `=`)."""
    out = {}
    for i, match in enumerate(_TABLE_COLUMN.finditer(xml)):
        found = _CALCULATED.search(match.group())
        if found:
            out[i] = unescape(found.group(1))
    return out


def _table_xml(xml: str, t: _Table) -> str:
    """A table part with its new range and calculated-column formulas; everything else as it was."""
    if t.new_last is not None:
        ref = f"{get_column_letter(t.min_col)}{t.min_row}:{get_column_letter(t.max_col)}{t.max_row}"
        old = t.part.ref
        xml = re.sub(r'(<table\b[^>]*?\sref=")[^"]*(")', lambda m: m.group(1) + ref + m.group(2), xml, count=1)
        xml = re.sub(r'(<autoFilter\b[^>]*?\sref=")' + re.escape(old) + '(")', lambda m: m.group(1) + ref + m.group(2),
                     xml, count=1)
    if t.new_formulas:
        columns = list(_TABLE_COLUMN.finditer(xml))
        pieces, last = [], 0
        for i, match in enumerate(columns):
            formula = t.new_formulas.get(i)
            if formula is None:
                continue
            element = match.group()
            text = "<calculatedColumnFormula>" + escape(formula.removeprefix("=")) + "</calculatedColumnFormula>"
            if _CALCULATED.search(element):
                element = _CALCULATED.sub(lambda _m, text=text: text, element, count=1)
            elif element.endswith("/>"):
                element = element[:-2].rstrip() + ">" + text + "</tableColumn>"
            else:
                cut = element.index(">") + 1
                element = element[:cut] + text + element[cut:]
            pieces.append(xml[last: match.start()] + element)
            last = match.end()
        xml = "".join(pieces) + xml[last:]
    return xml


def _full_calc_on_load(book: str) -> str:
    """workbook.xml asking Excel to recalculate everything when it opens the file."""
    match = re.search(r"<calcPr\b[^>]*?(/?)>", book)
    if match is None:
        anchor = re.search(r"<(oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|"
                           r"fileRecoveryPr|webPublishObjects|extLst)\b|</workbook>", book)
        at = anchor.start() if anchor else len(book)
        return book[:at] + '<calcPr fullCalcOnLoad="1"/>' + book[at:]
    tag = match.group()
    if re.search(r'\sfullCalcOnLoad="(1|true)"', tag):
        return book
    tag = re.sub(r'\sfullCalcOnLoad="[^"]*"', "", tag)
    end = -2 if tag.endswith("/>") else -1
    tag = tag[:end].rstrip() + ' fullCalcOnLoad="1"' + tag[end:]
    return book[: match.start()] + tag + book[match.end():]


def _drop_relationship(rels: str, rel_type: str) -> str:
    return re.sub(r'<Relationship\b[^>]*Type="' + re.escape(rel_type) + r'"[^>]*/>', "", rels)


def _new_rid(rels: str) -> str:
    used = set(re.findall(r'Id="([^"]*)"', rels))
    n = 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def _add_sheet(book: str, name: str, rid: str) -> str:
    ids = [int(x) for x in re.findall(r'<sheet\b[^>]*?\ssheetId="([0-9]+)"', book)]
    prefix = re.search(r'xmlns:(\w+)="' + re.escape(parts.REL) + '"', book)
    r = prefix.group(1) if prefix else "r"
    declare = "" if prefix else f' xmlns:r="{parts.REL}"'
    element = (f'<sheet name="{escape(name)}" sheetId="{max(ids, default=0) + 1}" {r}:id="{rid}"{declare}/>')
    return book.replace("</sheets>", element + "</sheets>", 1)


def open_book(path: str | os.PathLike[str], *, name: str | None = None) -> PackageBook:
    """Open a workbook file as a package (refusing non-zips, zip bombs and parts with DOCTYPEs)."""
    return PackageBook(path, name=name)


Action = Callable[[PackageBook], Any]
