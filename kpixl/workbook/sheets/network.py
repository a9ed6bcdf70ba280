"""A network sheet: an Excel Table of posts with unlocked inputs, calculated KPI columns and hidden ratio helpers.

Written in openpyxl write-only mode (flat memory): widths, hidden columns and frozen header are set before the
first row, and the table's columns (with their calculated-column formulas) are declared by hand. By default the
data rows bypass openpyxl's per-cell writer: `row_writer` renders them and `package` splices them into the saved file.
Data cells' formulas are the row plan of `formulas.rows`, the text of the table's calculated-column formulas, shared
by blocks of rows; each carries the engine's value for its row (`row_values`), and each row's numbers are recorded
for the Dashboard's and Goals' cached values (`values`).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from functools import partial
from typing import IO, Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kpixl.catalog.post_types import canonical_type, distribution_label
from kpixl.workbook.formulas.not_reported import FIELD as NOT_REPORTED
from kpixl.workbook.formulas.rows import column_formulas, evaluator, link_value, plan
from kpixl.workbook.layout import Column, Layout
from kpixl.workbook.styles import Styler, print_setup, text_width
from kpixl.workbook.tables import add_table
from kpixl.workbook.values import TableValues, values_of
from kpixl.xlsx.row_writer import ROW, Compute, FormulaSlot, InputSlot, RowWriter, cell_number

WIDTHS = {"date": 12, "text": 28, "url": 30, "integer": 12, "decimal": 12, "percent": 12, "currency": 12}
CELL_REFERENCES = "structured"
"""How data cells' formulas refer to their row: "structured" (`tbl[[#This Row],[Likes]]`, the very text of the
table's calculated-column formula, so Excel sees every cell agree with its column) or "a1" (`C2`: LibreOffice opens
it faster, but Excel flags every cell whose formula differs from its calculated column); both shared by blocks of
rows. Measured in benchmarks/bench_open.py."""
VALIDATION_ROWS = 5000
"""Rows below the data that still get the post-type list, so pasted or typed posts are validated too."""


def _value(column: Column, value: Any) -> Any:
    """A canonical value as a cell value: ISO dates become dates, blanks stay blank."""
    if value is None or value == "":
        return None
    if column.format == "date" and isinstance(value, str):
        text = value.replace("Z", "+00:00")
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            return value
        return parsed.replace(tzinfo=None)
    return value


def _input_slot(styler: Styler, letter: str, col: Column, source: str | None, kind: str) -> InputSlot:
    """How the fast path writes a non-generated column: the plain path's styles, ids taken from the workbook."""
    convert = partial(_value, col) if source is not None else _blank
    return InputSlot(letter, source or "", convert, styler.style_id(kind, col.format, True),
                     styler.style_id(kind, None, True), styler.style_id(kind, None, True, quoted=True),
                     lambda value: _cell(styler, col, kind, value))


def _blank(value: Any) -> None:
    """A column the rows do not fill."""
    return None


def _cell(styler: Styler, col: Column, kind: str, value: Any) -> Any:
    """The plain path's cell for a non-generated column's value."""
    return styler.text(value, kind, True) if isinstance(value, str) else styler.cell(value, kind, col.format, True)


def cell_refs(layout: Layout, net: str, row: str = ROW) -> dict[str, str]:
    """A1 references of every column on one row (inputs by field, generated columns by key)."""
    return {c.key: f"{get_column_letter(i)}{row}" for i, c in enumerate(layout.columns(net), start=1)}


RowMemo = dict[tuple[str, tuple[tuple[str, Any], ...]], dict[str, Any]]
"""Rows already computed, by network and cell values: one import computes each row once for its new cells and the
figure sheets' cached values (the layouts' Settings must be the same)."""


def row_values(layout: Layout, net: str, record: TableValues | None = None, memo: RowMemo | None = None) -> Compute:
    """The engine's value of every generated column for one row's cell values (the cells' cached values); each
    row's numbers are added to `record` (for the cached values of the Dashboard and Goals); `memo` keeps rows
    computed by another `row_values` of the same Settings."""
    settings = {s.key: s.value for s in layout.settings}
    evaluate = evaluator(plan(layout, net), settings)
    params = {k: v for k, v in settings.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    links = [c for c in layout.columns(net) if c.role == "link"]

    def compute(cells: dict[str, Any]) -> dict[str, Any]:
        seen = (net, tuple(sorted(cells.items()))) if memo is not None else None
        found = memo.get(seen) if seen is not None else None  # type: ignore[union-attr]
        if found is not None:
            if record is not None:
                record.add(net, found, cells)
            return found
        values = dict(params)
        for key, value in cells.items():
            values[key] = cell_number(value)
        evaluate(values, cells)
        for col in links:
            values[col.key] = link_value(net, col, settings, cells)
        if record is not None:
            record.add(net, values, cells)
        if seen is not None:
            memo[seen] = values  # type: ignore[index]
        return values

    return compute


def write(workbook: Any, layout: Layout, net: str, rows: Iterable[Mapping[str, Any]], currency: str,
          bodies: dict[str, IO[bytes]] | None = None) -> int:
    """Append the network's sheet and table to a write-only workbook; returns the number of data rows.

    With `bodies`, the data rows are rendered by `row_writer` into a temporary file stored under the sheet's title,
    for `package.save` to insert (the fast path); without, they are appended cell by cell through openpyxl.
    """
    table = layout.tables[net]
    ws = workbook.create_sheet(table.sheet)
    for index, col in enumerate(table.columns, start=1):
        dim = ws.column_dimensions[get_column_letter(index)]
        # wide enough for the header of the workbook's language on two lines ("Visualizaciones" was cut)
        base = 16 if col.role == "kpi" or col.key == NOT_REPORTED else WIDTHS.get(col.format, 12)
        dim.width = max(base, text_width(col.header, 2))
        dim.hidden = col.hidden
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "B2"
    print_setup(ws, title_rows="1:1")  # landscape, one page wide, the header row on every page
    ws.sheet_properties.tabColor = "2F5597"
    styler = Styler(ws, currency)
    ws.append([styler.cell(col.header, "header") for col in table.columns])
    formulas = column_formulas(layout, net)  # the table's calculated columns: structured references
    cells = column_formulas(layout, net, cell_refs(layout, net)) if CELL_REFERENCES == "a1" else formulas
    plan = [(col, cells.get(col.key), (col.field or col.key) if col.role in ("input", "notes") else None,
             "input" if col.role in ("input", "notes") else "cell") for col in table.columns]
    rows = in_table_words(layout, net, rows)
    if bodies is None:
        count = _append(ws, styler, plan, rows, row_values(layout, net, values_of(workbook)))
    else:
        slots = [FormulaSlot(get_column_letter(i), formula, styler.style_id(kind, col.format), col.key) if formula
                 else _input_slot(styler, get_column_letter(i), col, source, kind)
                 for i, (col, formula, source, kind) in enumerate(plan, start=1)]
        body = bodies[ws.title] = tempfile.TemporaryFile()  # noqa: SIM115 (the builder closes it)
        writer = RowWriter(slots, compute=row_values(layout, net, values_of(workbook)))
        count = writer.write(body, rows)
        if count == 0:  # a table needs one data row; leave an empty, ready-to-type one
            writer.write(body, [{}])
    last_row = max(count, 1) + 1
    ref = f"A1:{get_column_letter(len(table.columns))}{last_row}"
    add_table(ws, table.table, ref, [(c.header, formulas.get(c.key)) for c in table.columns])
    if table.post_types and layout.has_column(net, "post_type"):
        letter = layout.column_letter(net, "post_type")
        dv = DataValidation(type="list", formula1='"' + ",".join(table.post_types) + '"', allow_blank=True)
        dv.add(f"{letter}2:{letter}{last_row + VALIDATION_ROWS}")
        ws.data_validations.append(dv)
    return count


def in_table_words(layout: Layout, net: str, rows: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The rows in the table's words, for `kpixl new` and every import alike: each post type as the table lists it
    (`canonical_type`: the canonical 'carousel' or an export's 'IG carousel' is 'carrusel' in a Spanish workbook,
    whose formats table and drop-down use the same words) and organic / sponsored in the workbook's language."""
    types, lang = layout.tables[net].post_types, layout.lang
    words: dict[Any, Any] = {}
    for row in rows:
        kind, flag = row.get("post_type"), row.get("distribution")
        if kind and types and kind not in words:
            words[kind] = canonical_type(kind, types)
        shown = {"post_type": words[kind]} if kind and types and words[kind] != kind else {}
        if flag is not None and distribution_label(flag, lang) != flag:
            shown["distribution"] = distribution_label(flag, lang)
        yield {**row, **shown} if shown else row


def record(workbook: Any, layout: Layout, net: str, rows: Iterable[Mapping[str, Any]], memo: RowMemo | None = None
           ) -> int:
    """Record the rows' numbers for the figure sheets' cached values without writing the sheet (what `write`
    records, for a workbook whose tables already exist elsewhere); returns the number of rows."""
    compute = row_values(layout, net, values_of(workbook), memo)
    sources = [(col, col.field or col.key) for col in layout.columns(net) if col.role in ("input", "notes")]
    count = 0
    for row in in_table_words(layout, net, rows):
        compute({source: _value(col, row.get(source)) for col, source in sources})
        count += 1
    return count


def _append(ws: Any, styler: Styler, plan: list[tuple[Column, str | None, str | None, str]],
            rows: Iterable[Mapping[str, Any]], compute: Compute) -> int:
    """The plain path: every data row appended through openpyxl; returns the number of rows."""
    given = list(rows)
    for count, row in enumerate(given or [{}]):  # a table needs one data row; leave an empty, ready-to-type one
        r = str(count + 2)
        cells = {source: _value(col, row.get(source)) for col, _, source, _ in plan if source}
        values = compute(cells)
        ws.append([styler.cell(formula.replace(ROW, r), kind, col.format, cached=values[col.key]) if formula else
                   _cell(styler, col, kind, cells[source] if source else None)
                   for col, formula, source, kind in plan])
    return len(given)
