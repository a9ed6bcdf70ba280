"""Excel cell values → numbers, dates and options; grids (ranges) and broadcasting; Excel error codes.

Pure Python on lists: this module runs in Pyodide, which has no numpy or pandas offline.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import Any

NO_VALUE = "#DIV/0!"
"""Result for "no value": a missing input or a zero denominator (the engine's None)."""
BAD_INPUT = "#VALUE!"
"""Result for a cell that is not a number, date or known option."""
EXCEL_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!",
                "#GETTING_DATA", "#BUSY!", "#DATA!")
"""Error texts Excel may hand over (xlwings passes error cells as these strings with `err_to_str=True`)."""

EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$")
_PLAIN = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$")
"""ASCII digits only: "١٢٣" and full-width "１２３" are no numbers (a regex `\\d` and float() read them as 123)."""


class CellError(Exception):
    """A cell that cannot be used; `code` is the Excel error shown in its place."""

    def __init__(self, code: str = BAD_INPUT, reason: str = "") -> None:
        super().__init__(reason or code)
        self.code = code
        self.reason = reason


def is_blank(value: Any) -> bool:
    """Empty cell: None, "" or only spaces (and NaN, which some converters produce)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def error_code(value: Any) -> str | None:
    """The Excel error a cell holds ("#N/A" …), or None."""
    if isinstance(value, str):
        text = value.strip().upper()
        if text in EXCEL_ERRORS:
            return text
    return None


def to_number(value: Any) -> float | int | None:
    """A number from a cell: numbers, "1,234", "12.5", "1.5%" (→ 0.015); None when blank.

    A comma is accepted only as a thousands separator in groups of three, so "12,5" (a decimal comma) is
    refused rather than read as 125.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(BAD_INPUT, f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        if math.isinf(value):
            raise CellError(BAD_INPUT, "infinite number")
        return value
    if isinstance(value, str):
        code = error_code(value)
        if code:
            raise CellError(code, f"input cell holds {code}")
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        percent = text.endswith("%")
        if percent:
            text = text[:-1]
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        elif not _PLAIN.match(text):
            raise CellError(BAD_INPUT, f"{value!r} is not a number")
        number = float(text)
        if not math.isfinite(number):  # "1e400": no number a cell can hold
            raise CellError(BAD_INPUT, f"{value!r} is too large to be a number")
        if percent:
            return number / 100
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    try:  # Decimal, numpy scalars handed over by a caller
        return float(value)
    except (TypeError, ValueError):
        raise CellError(BAD_INPUT, f"{value!r} is not a number") from None


def to_input(name: str, value: Any) -> float | int | None:
    """A KPI input cell read by kpixl's one value parser (`kpixl.sources.parsing.parse_input`): a count is whole,
    never negative and only ASCII digits (`-5`, `1.5`, `12%`, `١٢٣`, `1e400` are #VALUE!), an amount never
    negative; None when blank."""
    from kpixl.sources.parsing import ParseError, parse_input
    from kpixl.text.messages import render

    if is_blank(value):
        return None
    code = error_code(value)
    if code:
        raise CellError(code, f"input cell holds {code}")
    try:
        return parse_input(name, value)
    except ParseError as exc:
        raise CellError(BAD_INPUT, f"{name}: {render(exc.args[0], 'en')}") from None


def to_serial(value: Any) -> float | int | None:
    """A date as an Excel serial number: numbers as they are, dates/datetimes, or "YYYY-MM-DD" text."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EXCEL_EPOCH
        return delta.days + delta.seconds / 86400
    if isinstance(value, dt.date):
        return (value - EXCEL_EPOCH.date()).days
    if isinstance(value, str) and not error_code(value):
        try:
            return to_serial(dt.date.fromisoformat(value.strip()[:10]))
        except ValueError:
            pass
        try:
            return to_number(value)
        except CellError:
            raise CellError(BAD_INPUT, f"{value!r} is not a date (use a date cell or YYYY-MM-DD)") from None
    return to_number(value)


def today_serial() -> int:
    """Today as an Excel serial number."""
    return (dt.date.today() - EXCEL_EPOCH.date()).days


def to_option(value: Any, choices: Sequence[str], what: str) -> str | None:
    """A text option (variant, network, direction …), case-insensitive; None when blank."""
    if is_blank(value):
        return None
    code = error_code(value)
    if code:
        raise CellError(code, f"{what} cell holds {code}")
    text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    if text not in choices:
        raise CellError(BAD_INPUT, f"unknown {what} {value!r}; choose one of: {', '.join(choices)}")
    return text


# ---------------------------------------------------------------------------------------------------------------
# Grids: a scalar, a 1-D list (a row or column handed over without ndim=2) or a 2-D list of lists


Shape = tuple[int, ...]


def shape_of(value: Any) -> Shape:
    """() for a scalar or a single cell ([[x]]), (n,) for a 1-D list, (rows, cols) for a list of lists."""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(row, (list, tuple)) for row in value):
            widths = {len(row) for row in value}
            if len(widths) != 1:
                raise ValueError("ragged range: rows have different lengths")
            shape = (len(value), widths.pop())
            return () if shape == (1, 1) else shape
        if any(isinstance(item, (list, tuple)) for item in value):
            raise ValueError("a range must be a list of rows")
        return () if len(value) == 1 else (len(value),)
    return ()


def flatten(value: Any, shape: Shape) -> list[Any]:
    """The cells of a grid in row order (a scalar gives one cell)."""
    if shape == ():
        while isinstance(value, (list, tuple)):
            value = value[0] if value else None
        return [value]
    if len(shape) == 1:
        return list(value)
    return [cell for row in value for cell in row]


def reshape(cells: list[Any], shape: Shape) -> Any:
    """Cells back into the caller's shape: a scalar, a 1-D list or a list of lists."""
    if shape == ():
        return cells[0]
    if len(shape) == 1:
        return cells
    rows, cols = shape
    return [cells[r * cols:(r + 1) * cols] for r in range(rows)]


def common_shape(shapes: dict[str, Shape]) -> Shape:
    """The one shape all ranges share (single cells broadcast); a mismatch names the arguments."""
    ranges = {name: shape for name, shape in shapes.items() if shape != ()}
    distinct = set(ranges.values())
    if len(distinct) > 1:
        described = ", ".join(f"{name} {'×'.join(map(str, shape))}" for name, shape in ranges.items())
        raise ValueError(f"ranges must have the same size (or be single cells): {described}")
    return distinct.pop() if distinct else ()
