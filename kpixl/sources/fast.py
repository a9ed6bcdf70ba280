"""Optional fast path for large CSV exports: pandas reads, numpy converts; results identical to the pure-Python path.

Used automatically when pandas and numpy import and a CSV export has more than MIN_ROWS lines. Anything the fast
path cannot prove it reads exactly like the csv module (ragged rows, odd quoting, NUL bytes) goes to the pure path;
any cell the vectorised rules do not fully cover is converted by the pure converter (once per distinct text).
Set KPIXL_PURE_PYTHON=1 to force the pure path, KPIXL_PURE_PYTHON=0 to force this one (even for small files).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpixl.errors import KpixlError
from kpixl.sources.convert import Column, _Bad, convert_table, gather_rows, plan_columns
from kpixl.sources.parsing import FIRST_YEAR, MAX_COUNT, ParseError, PartialDate, last_year
from kpixl.sources.reading import MAX_BYTES, Table, check_file, clean_text, decode, read_csv_text
from kpixl.sources.result import ImportResult
from kpixl.sources.spec import ExportSpec
from kpixl.xlsx import budget

ENV = "KPIXL_PURE_PYTHON"
"""Environment switch: "1" forces the pure-Python path, "0" forces the fast path; unset chooses by size."""

MIN_ROWS = 5000
"""Files with fewer lines than this are read by the pure path (pandas' start-up cost is not worth it)."""

_LINE_END = re.compile(r"\r\n?|\n")
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:([,.])[0-9]{3})(?:\1[0-9]{3})*")
_HEAD_LINES = 60


def mode() -> str | None:
    """ "pure" or "fast" when KPIXL_PURE_PYTHON forces a path, None to choose automatically."""
    value = os.environ.get(ENV, "").strip()
    if value in ("1", "true", "yes"):
        return "pure"
    if value in ("0", "false", "no"):
        return "fast"
    return None


def available() -> Any:
    """The pandas module when pandas and numpy import (lazily, never at module import), else None."""
    try:
        import numpy  # noqa: F401
        import pandas
    except ImportError:
        return None
    return pandas


class _LazyRows(Sequence):
    """A FrameTable's rows as (number, cells) built only when pure-Python code asks for them."""

    def __init__(self, numbers: list[int], columns: list[Any]) -> None:
        self._numbers, self._columns, self._rows = numbers, columns, None

    def _slice(self, start: int, stop: int) -> list[tuple[int, list]]:
        """Rows start..stop as the csv module would give them."""
        cells = zip(*(c[start:stop] for c in self._columns), strict=True)
        return list(zip(self._numbers[start:stop], map(list, cells), strict=True))

    def __len__(self) -> int:
        return len(self._numbers)

    def __getitem__(self, key):  # type: ignore[override]
        if isinstance(key, slice) and key.step in (None, 1) and self._rows is None:
            start, stop, _ = key.indices(len(self))
            return self._slice(start, max(start, stop))
        if self._rows is None:
            self._rows = self._slice(0, len(self))
        return self._rows[key]

    def __iter__(self) -> Iterator[tuple[int, list]]:
        return iter(self[:] if self._rows is None else self._rows)


@dataclass
class FrameTable(Table):
    """A CSV table read by pandas: one object array of cell texts per header cell, rows made only on demand."""

    columns: list[Any] = field(default_factory=list)


def read_tables(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> list[Table] | None:
    """The export as one FrameTable when the fast path applies and reads it exactly; None sends it to the pure path."""
    forced = mode()
    if forced == "pure":
        return None
    pandas = available()
    if pandas is None:
        return None
    check_file(path, budget.current().file_bytes if max_bytes == MAX_BYTES else max_bytes)
    try:
        size = os.stat(path).st_size
        if not 0 < size <= max_bytes:
            return None
        data = Path(path).read_bytes()
    except OSError:
        return None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return None
    if forced is None and data.count(b"\n") < MIN_ROWS:
        return None
    try:
        found: list = []
        text, notes = clean_text(decode(data, str(path), found))
        notes = found + notes
        table = frame_table(text, str(path), pandas)
    except KpixlError:
        return None  # the pure path raises the same error with its own wording
    if table is None:
        return None
    table.notes.extend(notes)
    return [table]


def _line_end(text: str, lines: int) -> int:
    """Offset just after the given number of physical lines (\\r\\n, \\r or \\n), or the text's length."""
    if lines <= 0:
        return 0
    for count, match in enumerate(_LINE_END.finditer(text), 1):
        if count == lines:
            return match.end()
    return len(text)


def _odd_quoting(data: str, delimiter: str) -> bool:
    """Whether a quote could be one the csv module refuses in strict mode (text after a closing quote).

    Looks at each run of quotes followed by a plain character: allowed are a lone opening quote at the start of a
    field and an even run after text ("" inside a quoted caption); anything else goes to the pure path.
    """
    import numpy as np

    if '"' not in data:
        return False
    if len(delimiter.encode()) != 1:
        return True
    raw = np.frombuffer(b"\n" + data.encode() + b"\n", dtype=np.uint8)
    edge = np.frombuffer(delimiter.encode() + b"\r\n", dtype=np.uint8)
    quotes = np.flatnonzero(raw == 34)
    ends = quotes[~np.isin(raw[quotes + 1], np.append(edge, 34))]  # last quote of a run, before a plain character
    before = raw[ends - 1]
    if not np.isin(before, np.append(edge, 34)).all():
        return True  # a lone quote right after text
    pending = np.flatnonzero(before == 34)  # runs of two or more quotes: check their length and what precedes
    if not len(pending):
        return False
    group = quotes - np.arange(len(quotes))  # constant along a run of adjacent quotes
    last = np.searchsorted(quotes, ends[pending])
    first = np.searchsorted(group, group[last], side="left")
    length = last - first + 1
    at_start = np.isin(raw[quotes[first] - 1], edge)
    return bool((at_start | (length % 2 == 1)).any())


def frame_table(text: str, file: str, pandas: Any) -> FrameTable | None:
    """Read decoded CSV text with pandas into a FrameTable, or None when it might differ from the csv module."""
    import numpy as np

    if "\x00" in text:
        return None
    head = None
    for lines in range(_HEAD_LINES, _HEAD_LINES + 40):  # a cut inside a quoted caption fails: take one more line
        try:
            head = read_csv_text(text[: _line_end(text, lines)], file)
            break
        except KpixlError:
            continue
    if head is None:
        return None
    try:
        offset = _line_end(text, head.header_row)
        if offset > 65536:
            return None
        check = read_csv_text(text[:offset], file)
    except KpixlError:
        return None
    if (check.header_row, check.headers, check.preamble, check.delimiter, check.rows) != (
        head.header_row,
        head.headers,
        head.preamble,
        head.delimiter,
        [],
    ):
        return None  # a quoted line break before the data: record and line numbers differ
    delimiter, width = check.delimiter or ",", len(check.headers)
    data = text[offset:]
    if delimiter in '"\r\n' or not data.strip("\r\n") or _odd_quoting(data, delimiter):
        return None
    if (data.count("\n") + 1) * width > budget.current().cells:
        return None  # pandas holds every line × width cells (blank lines too): the pure path counts what is there
    with warnings.catch_warnings():
        warnings.simplefilter("error", pandas.errors.ParserWarning)  # cells of an overlong first row dropped
        try:
            frame = pandas.read_csv(
                io.StringIO(data),
                sep=delimiter,
                header=None,
                names=range(width),
                index_col=False,
                dtype=object,
                na_filter=False,
                keep_default_na=False,
                skip_blank_lines=False,
                quotechar='"',
                doublequote=True,
                escapechar=None,
                comment=None,
                engine="c",
            )
        except Exception:  # overlong rows, EOF inside quotes, anything pandas refuses: the pure path decides
            return None
    columns = [frame[i].to_numpy(dtype=object) for i in range(width)]
    count = len(frame)
    empty = np.logical_and.reduce([c == "" for c in columns])
    blanks = int(empty.sum())
    if blanks:  # only trailing blank lines may be all-empty rows (",,," rows could hide short rows)
        tail = data[len(data.rstrip("\r\n")) :]
        if not empty[count - blanks :].all() or len(_LINE_END.findall(tail)) - 1 != blanks:
            return None
        count -= blanks
        columns = [c[:count] for c in columns]
    # every record must have exactly `width` cells: delimiters outside quotes = count × (width - 1)
    inside = sum("".join(c.tolist()).count(delimiter) for c in columns)
    if data.count(delimiter) - inside != count * (width - 1):
        return None
    used = len(check.headers)
    while used and not str(check.headers[used - 1] or "").strip():
        used -= 1
    if any((c != "").any() for c in columns[used:]):
        return None  # overlong rows under blank trailing headers: rejected by the pure path
    repeated = np.logical_and.reduce([c == h for c, h in zip(columns, check.headers, strict=True)])
    if repeated.any():
        return None  # the header comes back: a file of several sections, split by the pure path
    numbers = list(range(check.header_row + 1, check.header_row + 1 + count))
    table = FrameTable(
        file,
        check.headers,
        check.header_row,
        [],
        None,
        check.preamble,
        text.endswith(("\n", "\r")),
        delimiter,
        columns=columns,
    )
    table.rows = _LazyRows(numbers, columns)  # type: ignore[assignment]
    return table


# ------------------------------------------------------------------------------------------------ conversion


def _text_column(cells: Any) -> list[object]:
    """A text column: blank is missing."""
    values = cells.copy()
    values[cells == ""] = None
    return values.tolist()


def _id_column(cells: Any) -> list[object]:
    """An id column: stripped text, blank is missing (CSV cells are always text)."""
    return [s or None for s in map(str.strip, cells.tolist())]


def _codepoints(texts: Any, length: int) -> Any:
    """An n × length matrix of the code points of short texts (0 pads)."""
    import numpy as np

    return np.asarray(texts, dtype=f"<U{length}").view(np.uint32).reshape(len(texts), length)


def _short(uniques: Any, todo: Any, limit: int) -> Any:
    """Indices of pending texts no longer than `limit` characters."""
    import numpy as np

    lengths = np.fromiter(map(len, uniques), dtype=np.int64, count=len(uniques))
    return np.flatnonzero(todo & (lengths <= limit) & (lengths > 0))


def _integers(uniques: Any, out: Any, todo: Any, *, signed: bool = True, digits: int = 15) -> None:
    """Plain integers ("123", and "-45" when `signed`): what int() reads, so exactly what the pure path returns;
    at most `digits` long (counts stop below 10^15, so longer ones go to the pure converter, which refuses them)."""
    import numpy as np

    index = _short(uniques, todo, digits)
    if not len(index):
        return
    chars = _codepoints(uniques[index], digits)
    digit = (chars >= 48) & (chars <= 57)
    first = digit[:, 0] | (signed & (chars[:, 0] == 45) & digit[:, 1])
    ok = first & (digit[:, 1:] | (chars[:, 1:] == 0)).all(axis=1)
    hit = index[ok]
    out[hit] = np.fromiter(map(int, uniques[hit]), dtype=object, count=len(hit))
    todo[hit] = False


def _grouped(uniques: Any, out: Any, todo: Any, decimal: str | None, whole: bool) -> None:
    """Thousands written with one separator ("18,400", "1.234.567") where parse_number reads them as thousands."""
    import numpy as np

    hits, values = [], []
    pending = np.flatnonzero(todo)
    for i, text in zip(pending.tolist(), uniques[pending].tolist(), strict=True):
        match = _THOUSANDS.fullmatch(text)
        if match is None:
            continue
        sep = match.group(1)
        many = text.count(sep) > 1
        if many or whole or (decimal == "," if sep == "." else decimal != ","):
            value = int(text.replace(sep, ""))
            if whole and value >= MAX_COUNT:
                continue  # the pure converter refuses it with its reason
            hits.append(i)
            values.append(value)
    if hits:
        out[hits] = np.array(values, dtype=object)
        todo[hits] = False


def _leap(year: Any) -> Any:
    """Element-wise: whether a year has a 29 February."""
    return (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))


def _number(chars: Any, start: int, stop: int) -> Any:
    """The integer written by ASCII digits in columns start..stop of a code-point matrix."""
    value = 0
    for col in range(start, stop):
        value = value * 10 + (chars[:, col].astype("int64") - 48)
    return value


def _valid_day(year: Any, month: Any, day: Any) -> Any:
    """Element-wise: whether year-month-day is a real date of an export (years FIRST_YEAR..last_year())."""
    import numpy as np

    days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    days = days + ((month == 2) & _leap(year))
    in_range = (year >= FIRST_YEAR) & (year <= last_year())  # others go to the pure converter, which refuses them
    return in_range & (month >= 1) & (month <= 12) & (day >= 1) & (day <= days)


def _shaped(chars: Any, literals: dict[int, str], length: int) -> Any:
    """Rows of exactly `length` characters with the given literals and ASCII digits everywhere else."""
    ok = chars[:, length - 1] != 0
    for col in range(length):
        if col in literals:
            ok &= chars[:, col] == ord(literals[col])
        else:
            ok &= (chars[:, col] >= 48) & (chars[:, col] <= 57)
    return ok


def _dates(uniques: Any, out: Any, todo: Any, *, date_only: bool, us: bool) -> None:
    """ "MM/DD/YYYY HH:MM" (Meta, month first) and ISO "YYYY-MM-DD" as ISO text, only where they are real dates."""
    import numpy as np

    index = _short(uniques, todo, 16)
    if not len(index):
        return
    chars = _codepoints(uniques[index], 16)
    iso_day = _shaped(chars[:, :10], {4: "-", 7: "-"}, 10) & (chars[:, 10] == 0)
    ok = iso_day & _valid_day(_number(chars, 0, 4), _number(chars, 5, 7), _number(chars, 8, 10))
    hit = index[ok]
    out[hit] = uniques[hit]
    todo[hit] = False
    if not us:
        return
    shape = _shaped(chars, {2: "/", 5: "/", 10: " ", 13: ":"}, 16)
    year, month, day = _number(chars, 6, 10), _number(chars, 0, 2), _number(chars, 3, 5)
    shape &= _valid_day(year, month, day) & (_number(chars, 11, 13) <= 23) & (_number(chars, 14, 16) <= 59)
    if not shape.any():
        return
    src = chars[shape]
    cols = [6, 7, 8, 9, "-", 0, 1, "-", 3, 4] + ([] if date_only else ["T", 11, 12, ":", 14, 15, ":", "0", "0"])
    iso = np.empty((len(src), len(cols)), dtype=np.uint32)
    for k, col in enumerate(cols):
        iso[:, k] = ord(col) if isinstance(col, str) else src[:, col]
    hit = index[shape]
    out[hit] = np.array(iso.view(f"<U{len(cols)}").ravel().tolist(), dtype=object)
    todo[hit] = False


def convert_column(
    cells: Any, kind: str, convert: Callable[[object], object], *, decimal: str | None, dates: str | None
) -> tuple[list[object], dict[int, str], bool]:
    """convert._convert_column for a column of cell texts: vectorised rules first, the pure converter for the rest."""
    import numpy as np
    import pandas

    codes, uniques = pandas.factorize(cells)
    uniques = np.asarray(uniques, dtype=object)
    out = np.empty(len(uniques), dtype=object)
    todo = uniques != ""
    if kind == "number":  # amounts: never negative, so "-5" goes to the pure converter, which refuses it
        _integers(uniques, out, todo, signed=False)
        _grouped(uniques, out, todo, decimal, False)
    elif kind in ("count", "signed_count"):
        _integers(uniques, out, todo, signed=kind == "signed_count", digits=15)
        _grouped(uniques, out, todo, decimal, True)
    elif kind in ("date", "datetime") and dates is not None:
        _dates(uniques, out, todo, date_only=kind == "date", us=dates == "us")
    failed = has_partial = False
    rest = np.flatnonzero(todo).tolist()
    if rest:  # in the pure path's order (a set of the cells), so the same cell fails first if a converter raises
        position = {v: i for i, v in enumerate(uniques.tolist())}
        rest = [i for i in map(position.__getitem__, set(uniques.tolist())) if todo[i]]
    for i in rest:
        try:
            value = out[i] = convert(uniques[i])
        except ParseError as exc:
            out[i] = _Bad(exc)
            failed = True
            continue
        has_partial = has_partial or type(value) is PartialDate
    bad: dict[int, str] = {}
    if failed:
        wrong = [i for i, v in enumerate(out) if type(v) is _Bad]
        bad = {int(i): out[codes[i]].reason for i in np.flatnonzero(np.isin(codes, wrong))}
    return out.take(codes).tolist(), bad, has_partial


@functools.lru_cache(maxsize=16)
def _row_maker(fields: tuple[str, ...]) -> Callable[..., dict[str, object]]:
    """A function building one row dict from positional values (a dict display is faster than dict(zip()))."""
    names = [f"v{i}" for i in range(len(fields))]
    body = ", ".join(f"{name!r}: {arg}" for name, arg in zip(fields, names, strict=True))
    return eval(f"lambda {', '.join(names)}: {{{body}}}")  # fields are canonical identifiers, never file text


def _frame_rows(fields: tuple[str, ...], lists: list[Iterable[object]]) -> list[dict[str, object]]:
    """Row dicts from one list of values per field, through _row_maker."""
    return list(map(_row_maker(fields), *lists))


def convert_frame(
    table: FrameTable,
    spec: ExportSpec,
    *,
    network: str | None = None,
    year: int | None = None,
    reference: dt.date | None = None,
    date_format: str | None = None,
    extra_columns: dict[str, str] | None = None,
    decimal: str | None = None,
) -> ImportResult:
    """convert.convert_table for a FrameTable, column-wise: the same planning and row assembly, other converters."""
    if spec.skip_row is not None:  # a per-row Python predicate: the pure path handles it on materialised rows
        return convert_table(
            table,
            spec,
            network=network,
            year=year,
            reference=reference,
            date_format=date_format,
            extra_columns=extra_columns,
            decimal=decimal,
        )
    plan = plan_columns(
        table,
        spec,
        network=network,
        date_format=date_format,
        extra_columns=extra_columns,
        decimal=decimal,
        has_data=lambda index: bool((table.columns[index] != "").any()),
    )
    numbers: list[int] = table.rows._numbers if isinstance(table.rows, _LazyRows) else [n for n, _ in table.rows]

    def convert(column: Column) -> tuple[list[object], dict[int, str], bool]:
        cells = table.columns[column.index]
        if column.kind == "text":
            return _text_column(cells), {}, False
        if column.kind == "id":
            return _id_column(cells), {}, False
        return convert_column(cells, column.kind, column.convert, decimal=plan.decimal, dates=column.dates)

    return gather_rows(table, spec, plan, numbers, convert, year=year, reference=reference, build_rows=_frame_rows)
