"""Turning a Table into canonical rows with one precompiled converter per column; bad cells become rejections."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import NamedTuple

from kpixl.catalog.fields import FRACTIONAL_FIELDS, NET_CHANGE_FIELDS, POST_TEXT_FIELDS
from kpixl.errors import KpixlError
from kpixl.sources import checks
from kpixl.sources.cell_limit import cut_long_texts
from kpixl.sources.identity import RoundedId
from kpixl.sources.parsing import (
    ParseError,
    PartialDate,
    fast_us_datetime,
    infer_years,
    iso,
    normalize_header,
    parse_amount,
    parse_count,
    parse_date,
    parse_duration,
)
from kpixl.sources.reading import Table
from kpixl.sources.result import ImportResult, Rejection
from kpixl.sources.spec import ExportSpec
from kpixl.text.messages import Message, few, field_name, rows_text

Converter = Callable[[object], object]

_SCALES = {"hours": Decimal(3600), "milliseconds": Decimal("0.001")}


def default_kind(field: str, table: str = "posts") -> str:
    """How a canonical field is read when the spec does not say otherwise: counts are whole and non-negative,
    except net changes (`NET_CHANGE_FIELDS`) and daily values (LinkedIn's removed reactions), which may be negative
    (negative daily values are kept and reported)."""
    if field == "post_id":
        return "id"
    if field == "published_at":
        return "datetime"
    if field == "date":
        return "date"
    if field in POST_TEXT_FIELDS or field == "network":
        return "text"
    if field in FRACTIONAL_FIELDS:
        return "number"
    return "signed_count" if field in NET_CHANGE_FIELDS or table == "daily" else "count"


def make_converter(
    kind: str, *, day_first: bool = False, date_format: str | None = None, decimal: str | None = None
) -> Converter:
    """The converter for one column kind; raises ParseError with a reason the user can act on."""
    if kind == "text":
        return _text
    if kind == "id":
        return _read_id
    if kind == "number":
        return parse_amount if decimal is None else lambda v: parse_amount(v, decimal=decimal)
    if kind == "count":
        return lambda v: parse_count(v, decimal=decimal)
    if kind == "signed_count":
        return lambda v: parse_count(v, decimal=decimal, signed=True)
    if kind == "duration":
        return parse_duration
    if kind in _SCALES:
        scale = _SCALES[kind]

        def scaled(v: object) -> object:
            number = parse_amount(v, decimal=decimal)
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
    """An id as text: Excel numbers lose the ".0", blanks are missing; rounded numbers are marked RoundedId."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return str(value)
        number = int(value)
        return RoundedId(number) if abs(number) >= 2**53 else str(number)
    text = str(value).strip()
    return text or None


_SPANISH_WORDS = frozenset({
    "fecha", "hora", "publicacion", "descripcion", "alcance", "comentarios", "visualizaciones", "impresiones",
    "enlace", "titulo", "valor", "seguidores", "veces", "clics", "identificador", "nombre", "importe", "inicio",
    "gusta", "compartido", "guardado", "reacciones", "espectadores", "duracion", "interacciones", "anuncio",
    "campana", "visitas", "tipo",
})
"""Words of Spanish export headers: a file whose headers use them is a Spanish export (day-first dates)."""


def is_spanish(headers: Iterable[object]) -> bool:
    """Whether the headers are Spanish (Meta and TikTok write headers in the account's language)."""
    words = {w for h in headers for w in re.split(r"[^a-z]+", normalize_header(h))}
    return len(words & _SPANISH_WORDS) >= 2


_DMY = re.compile(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")


def date_order(table: Table, index: int, *, day_first_default: bool) -> tuple[bool, str | None]:
    """Whether a column of "a/b/yyyy" dates is day-first, and the note saying why.

    A value with a part above 12 proves the order; when none does, the file's language decides (Spanish exports
    and `;` files with decimal commas are day-first) and the note says which order was assumed.
    """
    header = table.headers[index]
    day_proof = month_proof = seen = 0
    for _, cells in table.rows[:5000]:
        value = cells[index] if index < len(cells) else None
        if type(value) is not str:
            continue
        match = _DMY.match(value)
        if match is None:
            continue
        seen += 1
        first, second = int(match.group(1)), int(match.group(2))
        day_proof += first > 12
        month_proof += second > 12
    if not seen:
        return False, None
    if day_proof > month_proof:
        return True, Message("day_first_proved", header=header)
    if month_proof:
        return False, None
    assumed = "date_order_assumed_dmy" if day_first_default else "date_order_assumed_mdy"
    return day_first_default, Message(assumed, header=header)


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
    keyed: bool = False
    """Whether the column is one part of the row key standing in for a missing id column (spec.key_headers)."""


class Plan(NamedTuple):
    """What plan_columns decides from the headers, before any data cell is converted."""

    result: ImportResult
    template: dict[str, object]
    columns: list[Column]
    decimal: str | None
    download: dt.date | PartialDate | None = None
    """The download date read from the spec's download_header column (reference for year-less dates)."""


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
    if found_network and network and found_network != network and table.sectioned:
        network = None  # a section of a two-section file names its own network: the title wins over --network
    result = ImportResult(table.file, spec.kind, spec.table, [], network or found_network or spec.network, table.sheet)
    template: dict[str, object] = dict.fromkeys(spec.fields)
    template["network"] = result.network
    result.warnings.extend(table.notes)
    plan: list[Column] = []
    priority = {name: i for i, name in enumerate(columns)}
    order: list[int] = []
    seen: set[str] = set()
    first_at: dict[str, int] = {}
    day_first_default = (table.delimiter == ";" and decimal == ",") or is_spanish(table.headers)
    sum_of = {header: target for target, terms in spec.sums.items() for header in terms}
    for index, raw in enumerate(table.headers):
        norm = normalize_header(raw)
        if norm and norm in first_at:
            result.warnings.append(
                Message("header_twice", header=raw.strip(), first=first_at[norm] + 1, second=index + 1)
            )
            continue
        first_at[norm] = index
        target = columns.get(norm)
        if norm in sum_of:
            kind = default_kind(sum_of[norm], spec.table)
            convert = make_converter(kind, decimal=decimal)
            plan.append(Column(index, sum_of[norm], raw, kind, convert, None, summed=True))
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
                    result.unknown_headers.append(Message("no_header_column", number=index + 1))
            elif norm in spec.ignored or (spec.ignored_pattern is not None and spec.ignored_pattern.fullmatch(norm)):
                result.ignored_headers.append(raw)
            else:
                result.unknown_headers.append(raw)
            continue
        seen.add(target)
        if norm in spec.column_notes:
            result.warnings.append(Message(spec.column_notes[norm], field=field_name(target)))
        kind = spec.kinds.get(norm) or default_kind(target, spec.table)
        day_first = False
        if kind in ("date", "datetime") and not date_format:
            day_first, note = date_order(table, index, day_first_default=day_first_default)
            if note:
                result.warnings.append(note)
        convert = make_converter(kind, day_first=day_first, date_format=date_format, decimal=decimal)
        dates = None if date_format else "iso" if day_first else "us"
        plan.append(Column(index, target, raw, kind, convert, dates))
        order.append(priority.get(norm, len(priority)))
    if not plan:
        raise KpixlError(
            Message("no_field_column", table=spec.table, kind=spec.kind, headers=few(table.headers)),
            file=table.file,
            row=table.header_row,
        )
    # where two columns feed one field, the alias listed first in the spec wins (Description before Title)
    plan = [entry for _, entry in sorted(zip(order, plan, strict=True), key=lambda t: t[0])]
    plan = _one_source(plan, result)
    if spec.key_headers and not any(c.target == "post_id" for c in plan):
        plan.extend(_key_columns(table, spec, result))
    reported = {c.target for c in plan} | ({"network"} if result.network else set())
    reported |= {extra for field in list(reported) for extra in spec.also_reports.get(field, ())}
    result.reported = sorted(reported)
    if result.network is None and "network" not in seen:
        if spec.table == "daily":  # account rows without a network would be merged with no sheet to go to
            lines = [p for p in table.preamble if not p.lower().startswith("sep=")]
            title = f" ({', '.join(repr(p) for p in lines[-2:])})" if lines else ""
            raise KpixlError(
                Message("daily_no_network", title=title),
                file=table.file,
                row=table.header_row,
            )
        result.warnings.append(Message("network_unknown_note"))
    return Plan(result, template, plan, decimal, _download_date_of(table, spec))


def _download_date_of(table: Table, spec: ExportSpec) -> dt.date | PartialDate | None:
    """The first readable value of the spec's download-date column (TikTok Content `Time`), if the file has one."""
    if spec.download_header is None:
        return None
    wanted = normalize_header(spec.download_header)
    index = next((i for i, h in enumerate(table.headers) if normalize_header(h) == wanted), None)
    if index is None:
        return None
    for _, cells in table.rows[:50]:
        value = cells[index] if index < len(cells) else None
        try:
            parsed = parse_date(value)
        except ParseError:
            continue
        if isinstance(parsed, dt.datetime):
            return parsed.date()
        if parsed is not None:
            return parsed
    return None


def _key_columns(table: Table, spec: ExportSpec, result: ImportResult) -> list[Column]:
    """The columns of spec.key_headers the file has, read as text to make up each row's key (they are used, so no
    longer reported as ignored)."""
    wanted = [normalize_header(h) for h in spec.key_headers]
    found = {normalize_header(h): (i, h) for i, h in reversed(list(enumerate(table.headers)))}
    keyed = [found[name] for name in wanted if name in found]
    result.ignored_headers[:] = [h for h in result.ignored_headers if h not in {raw for _, raw in keyed}]
    return [Column(index, "post_id", raw, "text", _text, None, keyed=True) for index, raw in keyed]


def _row_keys(parts: list[list[object]], names: list[object]) -> list[str | None]:
    """Each row's key from its key parts ("Spring sale · Women 25-44 · Carousel A · 2025-03-01"); None for a row
    without a name (an account-total row is never an ad)."""
    return [None if name is None else KEY_SEPARATOR.join(str(v) for v in row if v is not None)
            for name, row in zip(names, zip(*parts, strict=True), strict=True)]


KEY_SEPARATOR = " · "
"""Between the parts of a row key standing in for a missing id."""


_ONE_SOURCE = frozenset({"post_id", "published_at", "date", "permalink"})
"""Fields read from one column per file (the first listed in the spec): an Ad ID never falls back to a campaign id
row by row. Other fields take the first non-blank of their columns per row (Facebook's Description, else Title)."""


def _one_source(plan: list[Column], result: ImportResult) -> list[Column]:
    """Keep only the first column of each single-source field; the others are reported as not kept."""
    kept: list[Column] = []
    taken: set[str] = set()
    for column in plan:
        if column.target in _ONE_SOURCE and not column.summed:
            if column.target in taken:
                result.ignored_headers.append(column.header)
                continue
            taken.add(column.target)
        kept.append(column)
    return kept


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
    key_parts: list[list[object]] = []
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
        if column.keyed:
            key_parts.append(values)
            continue
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
    count = len(numbers)
    if key_parts:
        field_values["post_id"] = _row_keys(key_parts, field_values.get("text") or [None] * count)
    fields = spec.fields
    lists = [field_values[f] if f in field_values else itertools.repeat(template[f], count) for f in fields]
    all_rows = build_rows(fields, lists)
    for i, (_, header, reason) in bad_rows.items():
        result.rejected.append(Rejection(table.file, numbers[i], header, reason))
    result.rejected.sort(key=lambda r: r.row)
    kept = [i for i in range(count) if i not in bad_rows] if bad_rows else range(count)
    rows = [all_rows[i] for i in kept] if bad_rows else all_rows
    row_numbers = [numbers[i] for i in kept] if bad_rows else list(numbers)
    explicit_year = year is not None
    later: list[int] = []
    if spec.table == "posts":
        checks.identify(result, rows, row_numbers)
        if result.network == "tiktok":
            later = checks.tiktok_dates(result, rows, row_numbers, explicit_year=explicit_year)
    headers_of = {column.target: column.header for column in plan.columns}
    partial = [
        (row, target, row[target], number, headers_of[target])
        for target in partial_targets
        for row, number in zip(rows, row_numbers, strict=True)
        if type(row[target]) is PartialDate
    ]
    if partial:
        _resolve_years(result, partial, year=year, reference=reference or plan.download, rows=rows)
    if later:  # dated by --year: the ids give the time of day where their date agrees
        checks.tiktok_dates(result, rows, row_numbers, explicit_year=explicit_year, only=later)
    if spec.finish is not None and (spec.finish_if is None or spec.finish_if(table)):
        for row in rows:
            spec.finish(row)
    if spec.table == "posts":
        reports = "post_id" in result.reported or "text" in result.reported
        rows, row_numbers = checks.drop_non_posts(result, rows, row_numbers, totals_row=spec.totals_row and reports)
        rows, row_numbers = checks.dedupe(result, rows, row_numbers)
        checks.impossible_values(result, rows, row_numbers)
        checks.reduced_engagements(result, rows, _network_interactions)
    cut_long_texts(result, rows, row_numbers, headers_of)
    result.rows = rows
    if spec.table == "daily":
        _report_negatives(result, spec)
    return result


def _network_interactions(network: str) -> tuple[str, ...]:
    """The network's default engagement set (the catalog's, so imports and KPIs agree)."""
    from kpixl.catalog.kpi import NETWORK_INTERACTIONS

    return NETWORK_INTERACTIONS.get(network, ())


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
    """The reason a cell could not be converted (kept apart from real values by its type); `reason` is the
    ParseError's message (a `kpixl.text.messages.Message`, so it can be shown in Spanish)."""

    reason: str

    def __new__(cls, error: ParseError) -> _Bad:
        self = super().__new__(cls, error)
        self.reason = error.args[0] if error.args else str(error)
        return self


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
    bad = {i: v.reason for i, v in enumerate(values) if type(v) is _Bad} if failed else {}
    return values, bad, has_partial


def _whole_rows(
    table: Table, spec: ExportSpec, width: int, result: ImportResult
) -> tuple[list[int], list[list[object]]]:
    """The data rows with a cell for every header; short or overlong rows are rejected (or end a truncated file)."""
    numbers: list[int] = []
    rows: list[list[object]] = []
    skip_row = spec.skip_row
    last_number = table.rows[-1][0] if table.rows else None
    padded: list[int] = []
    for number, cells in table.rows:
        if skip_row is not None and skip_row(cells):
            continue
        size = len(cells)
        if size == width or (size > width and all(c in (None, "") for c in cells[width:])):
            numbers.append(number)
            rows.append(cells)
            continue
        reason = Message("row_cells", size=size, width=width)
        if size > width:
            result.rejected.append(Rejection(table.file, number, None, reason))
            continue
        column = table.headers[size] if size < len(table.headers) else None
        if number == last_number and not table.complete:
            raise KpixlError(Message("file_truncated", reason=reason), file=table.file, row=number, column=column)
        if table.positional or spec.ragged:  # trailing cells left out: blank, never shifted
            numbers.append(number)
            rows.append([*cells, *[""] * (width - size)])
            if not table.positional:
                padded.append(number)
            continue
        result.rejected.append(Rejection(table.file, number, column, reason))
    if padded:
        result.warnings.append(Message("rows_end_early", rows=rows_text(padded)))
    return numbers, rows


def _resolve_years(
    result: ImportResult,
    partial: list[tuple[dict[str, object], str, PartialDate, int, str]],
    *,
    year: int | None,
    reference: dt.date | PartialDate | None,
    rows: list[dict[str, object]],
) -> None:
    """Give year-less dates a year for the whole column at once and say how the year was chosen.

    --year is the year of the latest date; else the download date (the reference, or the `Time` column of older
    TikTok Content exports, whose year comes from the exact dates of the other rows when it has none).
    """
    how = Message("year_from_option", year=year)
    if year is None:
        if isinstance(reference, PartialDate):
            reference, how = _download_date(reference, rows, partial[0][1])
        elif reference is None:
            how = Message("year_from_today", day=dt.date.today().isoformat())
        else:
            how = Message("year_from_reference", day=reference.isoformat())
    try:
        dates = infer_years([p for _, _, p, _, _ in partial], reference=reference, year=year)
    except ParseError as exc:
        raise KpixlError(exc.args[0], file=result.file, row=partial[0][3], column=partial[0][4]) from None
    for (row, target, _, _, _), value in zip(partial, dates, strict=True):
        row[target] = iso(value, date_only=target == "date")
    result.warnings.append(Message("years_inferred" if len(partial) > 1 else "year_inferred", count=len(partial),
                                   how=how))


def _download_date(download: PartialDate, rows: list[dict[str, object]], target: str) -> tuple[dt.date, Message]:
    """The full download date of a year-less `Time` column: its year is that of the latest exact date of the file
    (the next year when the download's month/day comes before it); without exact dates, this year (stated)."""
    exact = [v for v in (row[target] for row in rows) if isinstance(v, str)]
    latest = max((dt.date.fromisoformat(v[:10]) for v in exact), default=None)
    key = (download.month, download.day)
    if latest is None:
        day = dt.date(dt.date.today().year, *key)
        return day, Message("year_from_download_assumed", day=day.isoformat())
    year = latest.year if key >= (latest.month, latest.day) else latest.year + 1
    day = dt.date(year, *key)
    return day, Message("year_from_download", day=day.isoformat())


def _report_negatives(result: ImportResult, spec: ExportSpec) -> None:
    """Negative daily values (LinkedIn deletions) are kept as they are, but reported."""
    count, first = 0, None
    for row in result.rows:
        for name, value in row.items():
            if name not in ("network", "date", "net_followers") and isinstance(value, (int, float)) and value < 0:
                count += 1
                first = first or (row["date"], name)
    if count:
        result.warnings.append(Message("negative_daily", count=count, date=first[0], field=field_name(first[1])))
