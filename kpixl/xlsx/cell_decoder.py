"""Cell values of a package's sheets, decoded as openpyxl reads them, from the streamed sheet XML.

`CellDecoder` reads what Excel, LibreOffice and openpyxl write: shared or inline strings, app-chosen style ids,
dates in date styles as datetimes (1900 or 1904 epoch), `1E-3`, booleans, errors, rows without `r`; formulas read
as `Formula` (`=` text), a shared formula's followers translated from their master (`shared_formulas.Shared`).
`fast_row` reads a row of the plain shape common writers produce in one pattern match; any other shape goes the
cell-by-cell way (`value`), with the same result. Reading only: nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Collection, Iterator
from typing import Any

from openpyxl.utils.datetime import from_excel, from_ISO8601

from kpixl.errors import KpixlError
from kpixl.text.messages import Message
from kpixl.xlsx import budget, parts
from kpixl.xlsx.cell_values import Formula
from kpixl.xlsx.shared_formulas import Shared
from kpixl.xlsx.sheet_reader import (
    Patterns,
    RawCell,
    SheetStream,
    cells,
    column_index,
    inline_text,
    row_number,
    unescape,
)

Cells = dict[tuple[int, int], tuple[Any, str | None, str | None]]
"""A sheet's cells by (row, column): value (formulas as `=` text) and, for a formula, its cached `t` and `<v>`."""

_FAST_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?((?: [A-Za-z:]+="[^"]*")*)\s*(?:/>|>'
    rb"(?:<f((?: [A-Za-z:]+=\"[^\"]*\")*)(?:/>|>([^<]*)</f>))?(?:<v>([^<]*)</v>|<v/>)?"
    rb"(?:(<is>)<t(?: [^>]*)?>([^<]*)</t></is>)?</c>)")
"""A cell as every common writer writes it: reference letters, attributes, formula, value, inline text."""

_COLUMNS: dict[bytes, int] = {}


class CellDecoder:
    """The cells of one package's sheets as values (see the module docstring)."""

    def __init__(self, archive: zipfile.ZipFile, name: str, strings_part: str | None, date_styles: Collection[int],
                 epoch: dt.datetime):
        self.archive, self.name, self.strings_part = archive, name, strings_part
        self.date_styles, self.epoch = date_styles, epoch
        self._strings: list[str] | None = None
        self.formulas: dict[bytes, str] = {}  # formula text → decoded (a column repeats one formula)

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = parts.shared_strings(self.archive, self.strings_part)
        return self._strings

    def stream(self, part: str) -> Iterator[tuple[int, bytes, Patterns]]:
        """(row number, raw row, patterns) of a sheet part, streamed."""
        if part not in self.archive.NameToInfo:
            return
        with self.archive.open(part) as source:
            stream = SheetStream(source, part)
            previous = 0
            for raw in stream.rows():
                previous = row_number(raw, previous)
                yield previous, raw, stream.patterns

    def value(self, cell: RawCell, patterns: Patterns, shared: Shared | None = None, row: int = 0) -> Any:
        """A cell's value as openpyxl reads it (formulas as `=` text, a shared formula's followers translated from
        their master, dates in date styles as datetimes); `shared` collects the masters seen so far."""
        inner = cell.inner
        if not inner:
            return None
        kind = cell.attr(b"t") or b"n"
        if b"<f" in inner or (patterns.prefix and b":f" in inner):
            formula = patterns.formula.search(inner)
            if formula is not None and b"shared" in formula.group(1) and shared is not None:
                return shared.formula(cell, formula, self.formulas, row)
            if formula is not None and formula.group(2):
                return self.decoded(formula.group(2))
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
                return from_ISO8601(raw.strip())
            except ValueError:
                return unescape(raw)
        try:
            number: int | float = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
        except ValueError:
            raise KpixlError(Message("cell_not_number", cell=(cell.attr(b"r") or b"?").decode(), raw=raw),
                             file=self.name) from None
        style = cell.attr(b"s")
        if style is not None and self.date_styles and int(style) in self.date_styles:
            return self.dated(number)
        return number

    def dated(self, number: int | float) -> Any:
        """A date-styled serial as openpyxl reads it: a datetime, or the number itself when no date can hold it
        (a serial past 31 December 9999 or before the epoch)."""
        try:
            return from_excel(number, self.epoch)
        except (OverflowError, ValueError):
            return number

    def decoded(self, text: bytes) -> str:
        """A formula's `<f>` text as `=` text (decoded once per distinct text)."""
        decoded = self.formulas.get(text)
        if decoded is None:
            decoded = self.formulas[text] = Formula("=" + unescape(text.decode()))
        return decoded

    def fast_row(self, raw: bytes, n: int, lo: int, hi: int, line: list[Any], style: list[int | None],
                 shared: Shared) -> bool:
        """Read a row's cells in one pattern match when it has the plain shape Excel, LibreOffice and kpixl write
        (every cell with `r`, plain `<f>`/`<v>`/inline `<t>`); False (nothing read) for any other shape."""
        found = _FAST_CELL.findall(raw)
        if len(found) != raw.count(b"<c ") or b"<c>" in raw:
            return False
        strings, dates, formulas = None, self.date_styles, self.formulas
        for letters, s_text, kind, rest, fattrs, ftext, v, inline, text in found:
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
                line[i] = decoded if decoded is not None else self.decoded(ftext)
            elif kind == b"s":
                if strings is None:
                    strings = self.strings
                try:
                    line[i] = strings[int(v)]
                except (ValueError, IndexError):
                    return False  # the slow path reports the damaged cell
            elif kind == b"inlineStr":
                line[i] = unescape(text.decode()) if inline else None  # <is><t></t></is> is "", no <is> is blank
            elif not v:
                line[i] = None
            elif kind == b"n":
                try:
                    number: int | float = float(v) if (b"." in v or b"E" in v or b"e" in v) else int(v)
                except ValueError:
                    return False
                line[i] = self.dated(number) if dates and s in dates else number
            elif kind == b"b":
                line[i] = v.strip() in (b"1", b"true")
            elif kind in (b"str", b"e"):
                line[i] = unescape(v.decode())
            else:
                return False
        return True

    def sheet_values(self, part: str) -> list[list[Any]]:
        """A sheet's values from A1 to the end of its used range (rows padded to one width), refused in one line when
        that rectangle is larger than the budget (a stray cell in XFD1048576 of a received workbook)."""
        out: list[list[Any]] = []
        shared = Shared()
        limit = budget.current().cells
        width = 0
        for n, raw, patterns in self.stream(part):
            values = {c.column: self.value(c, patterns, shared, n) for c in cells(raw, patterns)}
            values = {c: v for c, v in values.items() if v is not None}
            if not values:
                continue
            width = max(width, max(values))
            if n * width > limit:
                raise budget.over_cells(limit, self.name, rows=n, columns=width, sheet=part)
            while len(out) < n - 1:
                out.append([])
            out.append([values.get(c) for c in range(1, max(values) + 1)])
        return [r + [None] * (width - len(r)) for r in out]

    def sheet_cells(self, part: str) -> Cells:
        """Every cell of a sheet by (row, column): its value (formulas as `=` text) and, for a formula, its cached
        value's type attribute and `<v>` text as written (None when it has none)."""
        out: Cells = {}
        shared = Shared()
        for n, raw, patterns in self.stream(part):
            for c in cells(raw, patterns):
                value = self.value(c, patterns, shared, n)
                inner = c.inner or b""
                if isinstance(value, Formula):
                    found = patterns.value.search(inner)
                    kind = c.attr(b"t")
                    out[(n, c.column)] = (value, f' t="{kind.decode()}"' if kind else "",
                                          found.group(1).decode() if found else None)
                elif value is not None:
                    out[(n, c.column)] = (value, None, None)
        return out

    def cell(self, part: str, row: int, column: int) -> tuple[RawCell, Patterns] | None:
        """One cell of a sheet as written, with its sheet's patterns (None when the sheet has none there)."""
        for n, raw, patterns in self.stream(part):
            if n == row:
                for cell in cells(raw, patterns):
                    if cell.column == column:
                        return cell, patterns
            if n >= row:
                break
        return None
