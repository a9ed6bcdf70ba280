"""Table rows rendered straight to SpreadsheetML `<row>` elements: the fast path for the bulk of network sheets.

Writes what openpyxl's write-only writer would write for the same cells (numbers as `%.16g`, dates as serials,
text as inline strings, text that looks like a formula with the quote-prefix style, formulas as `<f>`), at a
fraction of the cost: a generated column's cell is the same text on every row but for its reference, so runs of
generated columns are pre-rendered once and joined with the row number. Values of any other type are handed to
openpyxl's own cell writer, so they come out exactly as on the plain path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import tostring

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell._writer import etree_write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import column_index_from_string
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError

from kpixl.workbook.cells import FORMULA_TRIGGERS

MAX_TEXT = 32767
"""Excel's cell text limit; openpyxl truncates longer text the same way."""


def escape(text: str) -> str:
    """XML character data: & < > escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    """A generated column: one formula for every row (structured this-row references) and its style id."""

    letter: str
    formula: str
    style: int


Slot = InputSlot | FormulaSlot


def _constant_run(slots: Sequence[FormulaSlot]) -> list[str]:
    """Consecutive formula cells as pieces to be joined with the row number."""
    pieces, text = [], ""
    for slot in slots:
        pieces.append(text + f'<c r="{slot.letter}')
        text = f'" s="{slot.style}"><f>{escape(slot.formula.removeprefix("="))}</f></c>'
    pieces.append(text)
    return pieces


class RowWriter:
    """Writes rows of a table as UTF-8 `<row>` elements to a binary stream, from row `first` on."""

    CHUNK = 256
    """Rows joined per write."""

    def __init__(self, slots: Sequence[Slot], first: int = 2):
        self.first = first
        self._plan: list[tuple[str, str, InputSlot | None, list[str] | None]] = []
        run: list[FormulaSlot] = []
        for slot in [*slots, None]:
            if isinstance(slot, FormulaSlot):
                run.append(slot)
                continue
            if run:
                self._plan.append(("", "", None, _constant_run(run)))
                run = []
            if slot is not None:
                self._plan.append((f'<c r="{slot.letter}', f'" s="{slot.style}" t="n"><v>', slot, None))

    def write(self, out: IO[bytes], rows: Iterable[Mapping[str, Any]]) -> int:
        """Render every row; returns how many were written."""
        n = self.first - 1
        cell, plan, chunk = self._cell, self._plan, self.CHUNK
        buffer: list[str] = []
        for row in rows:
            n += 1
            r = str(n)
            buffer.append('<row r="' + r + '">')
            for start, number, slot, run in plan:
                if run is not None:
                    buffer.append(r.join(run))
                    continue
                value = slot.convert(row.get(slot.source))  # type: ignore[union-attr]
                kind = type(value)
                if (kind is int or kind is float) and value - value == 0:  # finite numbers, the common case
                    buffer.append(f"{start}{r}{number}{value:.16g}</v></c>")
                else:
                    buffer.append(cell(slot, value, r))  # type: ignore[arg-type]
            buffer.append("</row>")
            if n % chunk == 0:
                out.write("".join(buffer).encode())
                buffer.clear()
        out.write("".join(buffer).encode())
        return n - self.first + 1

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
            return f'<c r="{slot.letter}{r}" s="{slot.style}" t="n"><v>{to_excel(value):.16g}</v></c>'
        return self._other(slot, value, r)

    def _text(self, slot: InputSlot, value: str, r: str) -> str:
        value = value[:MAX_TEXT]
        if ILLEGAL_CHARACTERS_RE.search(value):
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

