"""Turning a Table into canonical rows with one precompiled converter per column; bad cells become rejections."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import NamedTuple

from kpixl.errors import KpixlError
from kpixl.fields import POST_TEXT_FIELDS
from kpixl.sources.parsing import (
    ParseError,
    PartialDate,
    fast_us_datetime,
    infer_years,
    iso,
    normalize_header,
    parse_date,
    parse_duration,
    parse_number,
)
from kpixl.sources.reading import Table
from kpixl.sources.result import ImportResult, Rejection
from kpixl.sources.spec import ExportSpec

Converter = Callable[[object], object]

_SCALES = {"hours": Decimal(3600), "milliseconds": Decimal("0.001")}
_FRACTIONAL = frozenset({"spend", "revenue", "watch_time", "duration", "conversions"})
"""Metric fields that may hold fractions; every other metric is a count ("5.120" is five thousand one hundred)."""


def default_kind(field: str) -> str:
    """How a canonical field is read when the spec does not say otherwise."""
    if field == "post_id":
        return "id"
    if field == "published_at":
        return "datetime"
    if field == "date":
        return "date"
    if field in POST_TEXT_FIELDS or field == "network":
        return "text"
    return "number" if field in _FRACTIONAL else "count"


def make_converter(
    kind: str, *, day_first: bool = False, date_format: str | None = None, decimal: str | None = None
) -> Converter:
    """The converter for one column kind; raises ParseError with a reason the user can act on."""
    if kind == "text":
        return _text
    if kind == "id":
        return _read_id
    if kind == "number":
        return parse_number if decimal is None else lambda v: parse_number(v, decimal=decimal)
    if kind == "count":
        return lambda v: parse_number(v, decimal=decimal, whole=True)
    if kind == "duration":
        return parse_duration
    if kind in _SCALES:
        scale = _SCALES[kind]

        def scaled(v: object) -> object:
            number = parse_number(v, decimal=decimal)
            if number is None:
                return None
            seconds = Decimal(str(number)) * scale
            return int(seconds) if seconds == seconds.to_integral_value() else float(seconds)

        return scaled

    date_only = kind == "date"

    def read_date(v: object) -> object:
        if not day_first and not date_format and type(v) is str and len(v) == 16:
            fast = fast_us_datetime(v, date_only=date_only)
            if fast is not None:
                return fast
        value = parse_date(v, day_first=day_first, date_format=date_format)
        if value is None or isinstance(value, PartialDate):
            return value
        return iso(value, date_only=date_only)

    return read_date


def _text(value: object) -> str | None:
    """A text cell exactly as written; blank is missing."""
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _read_id(value: object) -> str | None:
    """An id as text: Excel numbers lose the ".0", blanks are missing."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _day_first(table: Table, index: int) -> bool:
    """Whether a slash-date column is day-first: some value has a first part above 12 ("25/03/2025")."""
    for _, cells in table.rows[:5000]:
        if index < len(cells) and isinstance(cells[index], str):
            head = cells[index].strip().split("/", 1)
            if len(head) == 2 and head[0].isdigit() and int(head[0]) > 12:
                return True
    return False


class Column(NamedTuple):
    """One planned column: where it is, the field it feeds, its header, how it is read."""

    index: int
    target: str
    header: str
    kind: str
    convert: Converter
    dates: str | None
    """Date shapes a vectorised reader may take without the converter: "us", "iso", or None for none."""
    summed: bool = False
    """Whether the column is one term of a spec.sums field (added to the other terms, not first-wins)."""


class Plan(NamedTuple):
    """What plan_columns decides from the headers, before any data cell is converted."""

    result: ImportResult
    template: dict[str, object]
    columns: list[Column]
    decimal: str | None


def plan_columns(
    table: Table,
    spec: ExportSpec,
    *,
    network: str | None,
    date_format: str | None,
    extra_columns: dict[str, str] | None,
    decimal: str | None,
    has_data: Callable[[int], bool],
) -> Plan:
    """Map the headers to fields and precompile each column's converter; shared by both conversion paths.

    `has_data(index)` says whether a column with a blank header holds any data (reported as an unknown header).
    """
    if decimal is None and table.delimiter == ";":
        decimal = ","
    columns = dict(spec.columns)
    columns.update(extra_columns or {})
    found_network = None
    if spec.prepare is not None:
        more, found_network = spec.prepare(table)
        columns.update(more)
    result = ImportResult(table.file, spec.kind, spec.table, [], network or found_network or spec.network, table.sheet)
    template: dict[str, object] = dict.fromkeys(spec.fields)
    template["network"] = result.network
    plan: list[Column] = []
    priority = {name: i for i, name in enumerate(columns)}
    order: list[int] = []
    seen: set[str] = set()
    sum_of = {header: target for target, terms in spec.sums.items() for header in terms}
    for index, raw in enumerate(table.headers):
        norm = normalize_header(raw)
        target = columns.get(norm)
        if norm in sum_of:
            convert = make_converter(default_kind(sum_of[norm]), decimal=decimal)
            plan.append(Column(index, sum_of[norm], raw, default_kind(sum_of[norm]), convert, None, summed=True))
            order.append(len(priority))
            if target is None:
                continue
        if target is None:
            for pattern, money_field in spec.currency_columns:
                match = pattern.fullmatch(norm)
                if match:
                    target = money_field
                    template["currency"] = match.group(1).upper()
                    break
        if target is None:
            if not norm:
                if has_data(index):
                    result.unknown_headers.append(f"(column {index + 1}, no header)")
            elif norm in spec.ignored or (spec.ignored_pattern is not None and spec.ignored_pattern.fullmatch(norm)):
                result.ignored_headers.append(raw)
            else:
                result.unknown_headers.append(raw)
            continue
        seen.add(target)
        kind = spec.kinds.get(norm) or default_kind(target)
        day_first = kind in ("date", "datetime") and not date_format and _day_first(table, index)
        if day_first:
            result.warnings.append(f"column {raw!r} read as day/month/year (a value has a first part above 12)")
        convert = make_converter(kind, day_first=day_first, date_format=date_format, decimal=decimal)
        dates = None if date_format else "iso" if day_first else "us"
        plan.append(Column(index, target, raw, kind, convert, dates))
        order.append(priority.get(norm, len(priority)))
    if not plan:
        raise KpixlError(
            f"no column of this file maps to a {spec.table} field of {spec.kind}; headers: {table.headers}",
            file=table.file,
            row=table.header_row,
        )
    # where two columns feed one field, the alias listed first in the spec wins (Description before Title)
    plan = [entry for _, entry in sorted(zip(order, plan, strict=True), key=lambda t: t[0])]
    if result.network is None and "network" not in seen:
        result.warnings.append("the network is not known from this file; pass --network to set it")
    return Plan(result, template, plan, decimal)


def _dict_rows(fields: tuple[str, ...], lists: list[Iterable[object]]) -> list[dict[str, object]]:
    """Row dicts from one list of values per field."""
    return [dict(zip(fields, values, strict=True)) for values in zip(*lists, strict=True)]


def gather_rows(
    table: Table,
    spec: ExportSpec,
    plan: Plan,
    numbers: list[int],
    convert_column: Callable[[Column], tuple[list[object], dict[int, str], bool]],
    *,
    year: int | None,
    reference: dt.date | None,
    build_rows: Callable[[tuple[str, ...], list[Iterable[object]]], list[dict[str, object]]] = _dict_rows,
) -> ImportResult:
    """Convert the planned columns of the rows numbered `numbers` into plan.result; shared by both paths.

    `convert_column(column)` gives a column's values, its failed row indices with reasons, and whether year-less
    dates were seen; `build_rows(fields, lists)` turns one value list per field into row dicts. Fills in the rows,
    rejections (sorted by row), inferred years, spec.finish and the negative-value report.
    """
    result, template = plan.result, plan.template
    field_values: dict[str, list[object]] = {}
    sums: dict[str, list[object]] = {}
    bad_rows: dict[int, tuple[int, str, str]] = {}
    partial_targets: set[str] = set()
    for column in plan.columns:
        index, target, header = column.index, column.target, column.header
        values, bad, has_partial = convert_column(column)
        for i, reason in bad.items():
            if i not in bad_rows or bad_rows[i][0] > index:
                bad_rows[i] = (index, header, reason)
        if has_partial:
            partial_targets.add(target)
        if column.summed:
            total = sums.get(target)
            sums[target] = values if total is None else list(map(_add, total, values))
            continue
        earlier = field_values.get(target)
        field_values[target] = (
            values if earlier is None else [a if a is not None else b for a, b in zip(earlier, values, strict=True)]
        )
    for target, values in sums.items():
        earlier = field_values.get(target)  # a column mapped to the field itself wins over the sum
        field_values[target] = (
            values if earlier is None else [a if a is not None else b for a, b in zip(earlier, values, strict=True)]
        )
    fields = spec.fields
    count = len(numbers)
    lists = [field_values[f] if f in field_values else itertools.repeat(template[f], count) for f in fields]
    all_rows = build_rows(fields, lists)
    partial: list[tuple[dict[str, object], str, PartialDate, int, str]] = []
    headers_of = {column.target: column.header for column in plan.columns}
    for target in partial_targets:
        for i, row in enumerate(all_rows):
            if type(row[target]) is PartialDate and i not in bad_rows:
                partial.append((row, target, row[target], numbers[i], headers_of[target]))
    for i, (_, header, reason) in bad_rows.items():
        result.rejected.append(Rejection(table.file, numbers[i], header, reason))
    result.rejected.sort(key=lambda r: r.row)
    result.rows = [row for i, row in enumerate(all_rows) if i not in bad_rows] if bad_rows else all_rows
    if partial:
        _resolve_years(result, partial, year=year, reference=reference)
    if spec.finish is not None:
        for row in result.rows:
            spec.finish(row)
    if spec.table == "daily":
        _report_negatives(result, spec)
    return result


def _add(a: object, b: object) -> object:
    """One row of a spec.sums field: missing if any term is blank; a bad cell's row is rejected anyway."""
    if a is None or b is None or type(a) is _Bad or type(b) is _Bad:
        return None
    return a + b  # type: ignore[operator]


def convert_table(
    table: Table,
    spec: ExportSpec,
    *,
    network: str | None = None,
    year: int | None = None,
    reference: dt.date | None = None,
    date_format: str | None = None,
    extra_columns: dict[str, str] | None = None,
    decimal: str | None = None,
) -> ImportResult:
    """Convert a table with an export spec: canonical rows, unknown/ignored headers, warnings and rejected rows.

    `decimal` is the decimal mark of ambiguous numbers ("1.234"); semicolon-separated files default to ",".
    """

    def has_data(index: int) -> bool:
        return any(index < len(c) and c[index] not in (None, "") for _, c in table.rows)

    plan = plan_columns(
        table,
        spec,
        network=network,
        date_format=date_format,
        extra_columns=extra_columns,
        decimal=decimal,
        has_data=has_data,
    )
    width = len(table.headers)
    while width and not str(table.headers[width - 1] or "").strip():
        width -= 1
    good_numbers, good_cells = _whole_rows(table, spec, width, plan.result)

    def convert_column(column: Column) -> tuple[list[object], dict[int, str], bool]:
        cells = [c[column.index] for c in good_cells]
        if column.convert is _text:  # captions, links: nearly all distinct, so no lookup table
            return [_text(v) if type(v) is not str else (v or None) for v in cells], {}, False
        return _convert_column(cells, column.convert)

    return gather_rows(table, spec, plan, good_numbers, convert_column, year=year, reference=reference)


class _Bad(str):
    """The reason a cell could not be converted (kept apart from real values by its type)."""


def _convert_column(cells: list[object], convert: Converter) -> tuple[list[object], dict[int, str], bool]:
    """Convert a column once per distinct cell text (exports repeat values a lot), then map the column.

    Returns the values, the row indices that failed with their reasons, and whether year-less dates were seen.
    """
    lookup: dict[object, object] = {}
    failed = has_partial = False
    for value in set(cells):
        if value is None or value == "":
            lookup[value] = None
            continue
        try:
            converted = lookup[value] = convert(value)
        except ParseError as exc:
            lookup[value] = _Bad(exc)
            failed = True
            continue
        has_partial = has_partial or type(converted) is PartialDate
    values = list(map(lookup.__getitem__, cells))
    bad = {i: str(v) for i, v in enumerate(values) if type(v) is _Bad} if failed else {}
    return values, bad, has_partial


def _whole_rows(
    table: Table, spec: ExportSpec, width: int, result: ImportResult
) -> tuple[list[int], list[list[object]]]:
    """The data rows with a cell for every header; short or overlong rows are rejected (or end a truncated file)."""
    numbers: list[int] = []
    rows: list[list[object]] = []
    skip_row = spec.skip_row
    last_number = table.rows[-1][0] if table.rows else None
    for number, cells in table.rows:
        if skip_row is not None and skip_row(cells):
            continue
        size = len(cells)
        if size == width or (size > width and all(c in (None, "") for c in cells[width:])):
            numbers.append(number)
            rows.append(cells)
            continue
        reason = f"the row has {size} cells but the header has {width}"
        if size > width:
            result.rejected.append(Rejection(table.file, number, None, reason))
            continue
        column = table.headers[size] if size < len(table.headers) else None
        if number == last_number and not table.complete:
            raise KpixlError(f"the file looks truncated: {reason}", file=table.file, row=number, column=column)
        result.rejected.append(Rejection(table.file, number, column, reason))
    return numbers, rows


def _resolve_years(
    result: ImportResult,
    partial: list[tuple[dict[str, object], str, PartialDate, int, str]],
    *,
    year: int | None,
    reference: dt.date | None,
) -> None:
    """Give year-less dates a year for the whole column at once and say how the year was chosen."""
    try:
        dates = infer_years([p for _, _, p, _, _ in partial], reference=reference, year=year)
    except ParseError as exc:
        raise KpixlError(str(exc), file=result.file, row=partial[0][3], column=partial[0][4]) from None
    for (row, target, _, _, _), value in zip(partial, dates, strict=True):
        row[target] = iso(value, date_only=target == "date")
    how = f"--year {year}" if year is not None else f"the reference date {(reference or dt.date.today()).isoformat()}"
    result.warnings.append(f"{len(partial)} dates have no year; years inferred from {how}")


def _report_negatives(result: ImportResult, spec: ExportSpec) -> None:
    """Negative daily values (LinkedIn deletions) are kept as they are, but reported."""
    count, first = 0, None
    for row in result.rows:
        for name, value in row.items():
            if name not in ("network", "date", "net_followers") and isinstance(value, (int, float)) and value < 0:
                count += 1
                first = first or (row["date"], name)
    if count:
        result.warnings.append(f"{count} negative daily values kept as they are (first: {first[0]}, {first[1]})")
