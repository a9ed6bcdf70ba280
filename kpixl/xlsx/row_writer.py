"""Cells rendered straight to SpreadsheetML: table rows (the fast path for the bulk of network sheets) and every
formula cell's cached value.

Cached values: every formula cell kpixl writes carries the value kpixl's engine computes for it, so the workbook
reads right before any recalculation (Protected View, previews, pandas); Excel still recalculates on open
(`fullCalcOnLoad`). Give a formula cell its value with `Styler.cell("=…", kind, fmt, cached=value)` (a value, or a
zero-argument callable evaluated when the workbook is saved, after every row has been written); table rows get
theirs from `RowWriter(compute=…)`. `formula_cell` is the one serialisation (`<f>…</f><v>…</v>`, `t="str"` for
text and "" (no value), `t="b"`, `t="e"` for errors); `package.save` puts the values of openpyxl-written cells in.

Writes what openpyxl's write-only writer would write for the same cells (numbers as `%.16g`, dates as serials,
text as inline strings, text that looks like a formula with the quote-prefix style, formulas as `<f>`), at a
fraction of the cost: a generated column's cell is the same text on every row but for its reference, so runs of
generated columns are pre-rendered once and joined with the row number. Values of any other type are handed to
openpyxl's own cell writer, so they come out exactly as on the plain path.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import tostring

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import Cell
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError

from kpixl.xlsx.cell_text import FORMULA_TRIGGERS, XML_ILLEGAL

MAX_TEXT = 32767
"""Excel's cell text limit; openpyxl truncates longer text the same way."""


def escape(text: str) -> str:
    """XML character data: & < > escaped, and a carriage return as a character reference (a literal one would come
    back as a line feed: XML normalizes line ends when read)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;") if "\r" in text else text


@dataclass(frozen=True)
class InputSlot:
    """A column filled from the row: the row key, how a raw value becomes a cell value, and its style ids."""

    letter: str
    source: str
    convert: Callable[[Any], Any]
    style: int
    text_style: int
    quoted_style: int
    fallback: Callable[[Any], WriteOnlyCell]
    """The plain path's cell for a value, used for unusual value types."""


@dataclass(frozen=True)
class FormulaSlot:
    """A generated column: its key (in the values `compute` returns), its formula and its style id.

    The formula may hold `ROW` where its own row number goes (A1 references); rows are written in groups that
    share it (`<f t="shared">`), so the text is stored once per group.
    """

    letter: str
    formula: str
    style: int
    key: str = ""


Slot = InputSlot | FormulaSlot
ROW = "\x00"
"""Stands for the row number in a `FormulaSlot` formula (never valid XML text, so it cannot clash)."""
_LAST = "\x01"
"""Stands for a shared group's last row until the group is complete."""


def cached(value: Any) -> tuple[str, str]:
    """A formula's cached value as (type attribute, `<v>` text): numbers plain, text `t="str"` ("" for no value),
    booleans `t="b"`, errors (text starting with #, given as `FormulaError`) `t="e"`."""
    kind = type(value)
    if value is None:
        return ' t="str"', ""
    if kind is bool:
        return ' t="b"', "1" if value else "0"
    if kind is float or kind is int:
        if value - value != 0:  # NaN or ±inf: no number Excel could hold
            return ' t="e"', "#NUM!"
        return "", repr(value) if kind is float else str(value)
    if isinstance(value, FormulaError):
        return ' t="e"', escape(str(value))
    if isinstance(value, str):
        return ' t="str"', escape(value[:MAX_TEXT])
    try:
        number = float(value)  # Decimal, numpy numbers
    except (TypeError, ValueError):
        return ' t="str"', escape(str(value))
    return cached(number)


class FormulaError(str):
    """An Excel error value as a formula's result (#N/A, #DIV/0!…)."""


UNKNOWN = object()
"""A formula cell's value when nothing computed it: written without `<v>` (never a made-up blank)."""


def formula_cell(ref: str, style: int, text: str, value: Any, shared: str = "") -> str:
    """One formula cell with its cached value; `shared` is the `<f>` attributes of a shared formula."""
    f = f"<f{shared}/>" if shared and not text else f"<f{shared}>{escape(text.removeprefix('='))}</f>"
    if value is UNKNOWN:
        return f'<c r="{ref}" s="{style}">{f}</c>'
    kind, v = cached(value)
    return f'<c r="{ref}" s="{style}"{kind}>{f}<v>{v}</v></c>'


class FormulaCell(Cell):
    """A write-only formula cell carrying its cached value (or a callable giving it when the workbook is saved)."""

    __slots__ = ("cached",)

    def __init__(self, worksheet: Any, formula: str, cached: Any):
        super().__init__(worksheet, row=1, column=1, value=formula)
        self.cached = cached
        _CACHED.setdefault(worksheet.parent, []).append(self)


_CACHED: weakref.WeakKeyDictionary[Any, list[FormulaCell]] = weakref.WeakKeyDictionary()


def cached_values(workbook: Any) -> dict[str, dict[str, Any]]:
    """{sheet title: {cell reference: cached value}} of the workbook's `FormulaCell`s (callables called now)."""
    out: dict[str, dict[str, Any]] = {}
    for cell in _CACHED.pop(workbook, []):
        value = cell.cached() if callable(cell.cached) else cell.cached
        out.setdefault(cell.parent.title, {})[cell.coordinate] = value
    return out


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)>(<f[^>]*>[^<]*</f>)<v(?: ?/>|></v>)</c>')


def add_cached_values(sheet: bytes, values: dict[str, Any]) -> bytes:
    """A sheet part's XML with the cached values of the formula cells openpyxl wrote without one."""
    def fill(match: re.Match[bytes]) -> bytes:
        ref, attrs, formula = match.group(1, 2, 3)
        key = ref.decode()
        if key not in values:
            return match.group(0)
        kind, v = cached(values.pop(key))
        return b'<c r="' + ref + b'"' + attrs + kind.encode() + b">" + formula + b"<v>" + v.encode() + b"</v></c>"

    out = _FORMULA_CELL.sub(fill, sheet)
    if values:
        raise RuntimeError(f"formula cells not found for their cached values: {sorted(values)[:5]}")
    return out


def cell_number(value: Any) -> float | int | None:
    """The number a converted input value becomes in its cell (what COUNT and arithmetic see), else None."""
    kind = type(value)
    if kind is int or kind is float:
        return value if value - value == 0 else None
    if kind is bool or kind is str or value is None:
        return None
    if kind is dt.datetime:
        return to_excel(value) if value.tzinfo is None else None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number - number == 0 else None


class _Unknown(dict):
    """The values of a row nobody computed: every formula cell's is `UNKNOWN`."""

    def get(self, key: Any, default: Any = None) -> Any:
        return UNKNOWN


_UNKNOWN = _Unknown()
Compute = Callable[[dict[str, Any]], Mapping[str, Any]]
"""A row's converted input values by source → every generated column's value by key (the cached values)."""


class RowWriter:
    """Writes rows of a table as UTF-8 `<row>` elements to a binary stream, from row `first` on.

    Formula cells carry the value `compute` gives for the row; their formulas are shared by groups of `CHUNK`
    rows (the first row of a group holds the text), unless `shared` is false; group indexes (`si`) start at
    `si_base` (rows appended to a sheet that already has shared formulas). Dates are written as days since
    `epoch` (a 1904-date workbook's `MAC_EPOCH`; default 1900).
    """

    CHUNK = 256
    """Rows joined per write, and rows per shared-formula group."""
    SHARED = True
    """Whether formulas are shared by groups of rows (the default for `shared`)."""

    def __init__(self, slots: Sequence[Slot], first: int = 2, compute: Compute | None = None,
                 shared: bool | None = None, si_base: int = 0, epoch: dt.datetime | None = None):
        self.first, self.compute, self.si_base = first, compute, si_base
        self.epoch = epoch  # day 0 of the workbook's dates: None for 1900 (Windows), MAC_EPOCH for 1904 workbooks
        self.shared = self.SHARED if shared is None else shared
        self.inputs = [s for s in slots if isinstance(s, InputSlot)]
        self.formulas = [s for s in slots if isinstance(s, FormulaSlot)]
        self.slots = list(slots)
        self._index = {s.letter: i for i, s in enumerate(self.formulas)}
        self._groups = 0
        self._followers: dict[tuple[str, int], str] = {}

    def write(self, out: IO[bytes], rows: Iterable[Mapping[str, Any]], first: int | None = None) -> int:
        """Render every row, numbered from `first` (default: the writer's); returns how many were written."""
        first = self.first if first is None else first
        n = first - 1
        cell, chunk, compute = self._cell, self.CHUNK, self.compute
        buffer: list[str] = []
        head = first
        for row in rows:
            n += 1
            r = str(n)
            if (n - first) % chunk == 0:
                head = n
                self._groups += 1
            converted = {slot.source: slot.convert(row.get(slot.source)) for slot in self.inputs}
            values = compute(converted) if compute is not None else _UNKNOWN
            buffer.append('<row r="' + r + '">')
            for slot in self.slots:
                if isinstance(slot, FormulaSlot):
                    buffer.append(self._formula(slot, r, n == head, values.get(slot.key)))
                    continue
                value = converted[slot.source]
                kind = type(value)
                if (kind is int or kind is float) and value - value == 0:  # finite numbers, the common case
                    buffer.append(f'<c r="{slot.letter}{r}" s="{slot.style}" t="n"><v>{value:.16g}</v></c>')
                else:
                    buffer.append(cell(slot, value, r))
            buffer.append("</row>")
            if (n - first + 1) % chunk == 0:
                out.write("".join(buffer).replace(_LAST, r).encode())
                buffer.clear()
        out.write("".join(buffer).replace(_LAST, str(n)).encode())
        return n - first + 1

    def cell(self, slot: Slot, value: Any, row: int) -> str:
        """One cell of `slot` on sheet row `row`, for edits of single cells: an input slot's value, or a formula
        slot's formula written in full (`value` is then its cached value, `UNKNOWN` for none)."""
        r = str(row)
        if isinstance(slot, FormulaSlot):
            return formula_cell(f"{slot.letter}{r}", slot.style, slot.formula.replace(ROW, r), value)
        return self._cell(slot, slot.convert(value), r)

    def _formula(self, slot: FormulaSlot, r: str, head: bool, value: Any) -> str:
        """A formula cell of row `r`: the group's shared text on its first row, a reference to it after."""
        ref = f"{slot.letter}{r}"
        if not self.shared:
            return formula_cell(ref, slot.style, slot.formula.replace(ROW, r), value)
        si = self.si_base + (self._groups - 1) * len(self.formulas) + self._index[slot.letter]
        if head:
            return formula_cell(ref, slot.style, slot.formula.replace(ROW, r), value,
                                f' t="shared" ref="{ref}:{slot.letter}{_LAST}" si="{si}"')
        if value is UNKNOWN:  # no cached value (rows added to an existing workbook): one template per group
            key = (slot.letter, si)
            tail = self._followers.get(key)
            if tail is None:
                if len(self._followers) > 4096:
                    self._followers.clear()
                whole = formula_cell(ref, slot.style, "", UNKNOWN, f' t="shared" si="{si}"')
                tail = self._followers[key] = whole[len(ref) + 6:]
            return f'<c r="{ref}' + tail
        return formula_cell(ref, slot.style, "", value, f' t="shared" si="{si}"')

    def _cell(self, slot: InputSlot, value: Any, r: str) -> str:
        """One input cell as openpyxl would write it."""
        kind = type(value)
        if value is None or ((kind is float or kind is int) and value - value != 0):  # blank, NaN, ±inf
            return f'<c r="{slot.letter}{r}" s="{slot.style}"/>'
        if kind is str:
            return self._text(slot, value, r)
        if kind is float or kind is int:
            return f'<c r="{slot.letter}{r}" s="{slot.style}" t="n"><v>{value:.16g}</v></c>'
        if kind is dt.datetime and value.tzinfo is None:
            day = to_excel(value) if self.epoch is None else to_excel(value, self.epoch)
            return f'<c r="{slot.letter}{r}" s="{slot.style}" t="n"><v>{day:.16g}</v></c>'
        if kind is bool:
            return f'<c r="{slot.letter}{r}" s="{slot.style}" t="b"><v>{int(value)}</v></c>'
        return self._other(slot, value, r)

    def _text(self, slot: InputSlot, value: str, r: str) -> str:
        value = value[:MAX_TEXT]
        if XML_ILLEGAL.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        style = slot.quoted_style if value.startswith(FORMULA_TRIGGERS) else slot.text_style
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{slot.letter}{r}" s="{style}" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'

    def _other(self, slot: InputSlot, value: Any, r: str) -> str:
        """Any other value type (bool, Decimal, date, numpy numbers…) through openpyxl's own cell writer."""
        cell = slot.fallback(value)
        cell.row, cell.column = int(r), column_index_from_string(slot.letter)
        captured: list[Any] = []
        etree_write_cell(_Capture(captured), None, cell, True)
        return tostring(captured[0], encoding="unicode")


class _Capture:
    """Stands in for openpyxl's XML stream and keeps the element it is given."""

    def __init__(self, into: list[Any]):
        self.write = into.append



_VALUE = re.compile(rb"<((?:[\w.-]+:)?)v(?:\s*/>|>[^<]*</\1v>)")
_TYPE = re.compile(rb'\st="[^"]*"')
_FORMULA = re.compile(rb"<((?:[\w.-]+:)?)f\b[^>]*?(?:/>|>[^<]*</\1f>)")


def with_cached(cell: bytes, value: Any) -> bytes:
    """An existing formula cell's XML with a new cached value; its formula and every other attribute kept."""
    return with_cached_text(cell, *cached(value))


def with_cached_text(cell: bytes, kind: str, v: str) -> bytes:
    """`with_cached` for a value already rendered: its type attribute (`' t="str"'`, or "") and `<v>` text."""
    formula = _FORMULA.search(cell)
    if formula is None:
        return cell
    bare = without_cached(cell)
    formula = _FORMULA.search(bare)
    assert formula is not None
    cut = bare.index(b">")
    p = formula.group(1)
    return (bare[:cut] + kind.encode() + bare[cut:formula.end()] + b"<" + p + b"v>" + v.encode() + b"</" + p
            + b"v>" + bare[formula.end():])


def without_cached(cell: bytes) -> bytes:
    """An existing formula cell's XML with no cached value (and no value type); formula and style kept."""
    if _FORMULA.search(cell) is None:
        return cell
    cut = cell.index(b">")
    return _TYPE.sub(b"", cell[:cut]) + _VALUE.sub(b"", cell[cut:])


_CELL = re.compile(rb"<((?:[\w.-]+:)?)c\b[^>]*?(?<!/)>.*?</\1c>", re.S)


def row_without_cached(row: bytes) -> bytes:
    """A `<row>` with every formula cell's cached value removed; every other byte kept."""
    if b"f" not in row:
        return row
    return _CELL.sub(lambda m: without_cached(m.group(0)), row)
