"""Turning a Table into canonical rows with one precompiled converter per column; bad cells become rejections."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from kpixl.errors import KpixlError
from kpixl.fields import POST_TEXT_FIELDS
from kpixl.sources.parsing import (
    ParseError,
    PartialDate,
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


def _cached(func: Converter) -> Converter:
    """Memoise a converter on its cell text: exports repeat the same counts and dates many times."""
    cache: dict[object, object] = {}

    def convert(value: object) -> object:
        try:
            return cache[value]
        except KeyError:
            result = cache[value] = func(value)
            if len(cache) > 50_000:
                cache.clear()
            return result
        except TypeError:  # unhashable cell value
            return func(value)

    return convert


def make_converter(
    kind: str, *, day_first: bool = False, date_format: str | None = None, decimal: str | None = None
) -> Converter:
    """The converter for one column kind; raises ParseError with a reason the user can act on."""
    if kind == "text":
        return lambda v: v if isinstance(v, str) else str(v)
    if kind == "id":
        return _cached(_read_id)
    if kind == "number":
        return _cached(parse_number if decimal is None else lambda v: parse_number(v, decimal=decimal))
    if kind == "count":
        return _cached(lambda v: parse_number(v, decimal=decimal, whole=True))
    if kind == "duration":
        return _cached(parse_duration)
    if kind in _SCALES:
        scale = _SCALES[kind]

        def scaled(v: object) -> object:
            number = parse_number(v, decimal=decimal)
            if number is None:
                return None
            seconds = Decimal(str(number)) * scale
            return int(seconds) if seconds == seconds.to_integral_value() else float(seconds)

        return _cached(scaled)

    def read_date(v: object) -> object:
        value = parse_date(v, day_first=day_first, date_format=date_format)
        if value is None or isinstance(value, PartialDate):
            return value
        return iso(value, date_only=kind == "date")

    return _cached(read_date)


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
    plan: list[tuple[int, str, str, Converter]] = []
    priority = {name: i for i, name in enumerate(columns)}
    order: list[int] = []
    seen: set[str] = set()
    for index, raw in enumerate(table.headers):
        norm = normalize_header(raw)
        target = columns.get(norm)
        if target is None:
            for pattern, money_field in spec.currency_columns:
                match = pattern.fullmatch(norm)
                if match:
                    target = money_field
                    template["currency"] = match.group(1).upper()
                    break
        if target is None:
            if not norm:
                if any(index < len(c) and c[index] not in (None, "") for _, c in table.rows):
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
        plan.append((index, target, raw, convert))
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
    width = len(table.headers)
    while width and not str(table.headers[width - 1] or "").strip():
        width -= 1
    partial: list[tuple[dict[str, object], str, PartialDate, int, str]] = []
    rows = result.rows
    rejected = result.rejected
    skip_row = spec.skip_row
    last_number = table.rows[-1][0] if table.rows else None
    for number, cells in table.rows:
        if skip_row is not None and skip_row(cells):
            continue
        if len(cells) < width:
            column = table.headers[len(cells)] if len(cells) < len(table.headers) else None
            reason = f"the row has {len(cells)} cells but the header has {width}"
            if number == last_number and not table.complete:
                raise KpixlError(f"the file looks truncated: {reason}", file=table.file, row=number, column=column)
            rejected.append(Rejection(table.file, number, column, reason))
            continue
        row = template.copy()
        header = ""
        try:
            for index, target, header, convert in plan:
                value = cells[index]
                if value is None or value == "":
                    continue
                converted = convert(value)
                if converted is None or row[target] is not None:
                    continue
                if type(converted) is PartialDate:
                    partial.append((row, target, converted, number, header))
                row[target] = converted
        except ParseError as exc:
            rejected.append(Rejection(table.file, number, header, str(exc)))
            continue
        if len(cells) > width and any(c not in (None, "") for c in cells[width:]):
            rejected.append(
                Rejection(table.file, number, None, f"the row has {len(cells)} cells but the header has {width}")
            )
            continue
        rows.append(row)
    if partial:
        _resolve_years(result, partial, year=year, reference=reference)
    if spec.finish is not None:
        for row in rows:
            spec.finish(row)
    if spec.table == "daily":
        _report_negatives(result, spec)
    return result


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
