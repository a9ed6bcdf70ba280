"""The fast path of `kpixl new` (network rows rendered as SpreadsheetML, `row_writer` + `package`) writes the same
workbook as the plain openpyxl path: every cell's value, type and style, the tables and validations, on rows full
of awkward values; LibreOffice computes the same values from both; it is the default and it is deterministic."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import warnings
import zipfile
from copy import copy
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.formula import ArrayFormula

from kpixl.sources.samples import sample_rows
from kpixl.workbook import build, prepare
from kpixl.workbook.builder import write_workbook
from kpixl.workbook.sheets import network as network_sheet
from tests.workbook.conftest import PERIOD

TEXTS = ['He said "hi" & <b>bold</b> ]]>', "=SUM(A1:A2)", "=", "+1", "-5", "@user", "\tTab", "\rCR", "line1\nline2",
         "line1\r\nline2", "😀 emoji 👍🏽 ñ", "x" * 40_000, "  padded  ", "   ", "", None, "&amp; &lt;", "'quoted'"]
NUMBERS = [None, "", 0, -1.5, 1e300, 1e-300, 12_345_678_901_234_567, float("nan"), float("inf"), True,
           decimal.Decimal("2.5"), np.int64(7), np.float64(0.25), "n/a", "=1+1"]
DATES = [None, "", "not a date", "2025-05-01T10:00:00Z", "2025-05-02", dt.datetime(2025, 5, 3, 8, 30),
         dt.date(2025, 5, 4), "-2025"]


def awkward_rows(template: str, size: int = 30) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    """Sample rows with awkward values cycled into every text, number and date input; the last network empty."""
    spec = prepare(template=template, client="Acme", period=PERIOD)
    rows = sample_rows(template, spec.layout.networks, PERIOD[1], size)
    layout, turn = spec.layout, 0
    for net in layout.networks:
        columns = [c for c in layout.columns(net) if c.role in ("input", "notes")]
        for i, row in enumerate(rows[net]):
            for j, col in enumerate(columns):
                pool = DATES if col.format == "date" else TEXTS if col.format in ("text", "url") else NUMBERS
                if (i + j) % 3 == 0:
                    turn += 1
                    row[col.field or col.key] = pool[turn % len(pool)]
    rows[layout.networks[-1]] = []
    return spec, rows


def _write(template: str, fast: bool) -> bytes:
    spec, rows = awkward_rows(template)
    buffer = io.BytesIO()
    write_workbook(spec, buffer, rows, fast=fast)
    return buffer.getvalue()


def _load(data: bytes, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data), **kwargs)


def _plain(value: Any) -> Any:
    """A cell value that compares by content (openpyxl's ArrayFormula has no __eq__)."""
    return ("array", value.ref, value.text) if isinstance(value, ArrayFormula) else value


def _folded(value: Any) -> Any:
    """Text as openpyxl's writer leaves it: it writes a CR raw, which XML reading folds into LF; the fast path keeps
    it (&#13;), so a caption's CR comes back exactly (#24)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def _signature(cell: Any) -> tuple[Any, ...]:
    value = _folded(cell.value)
    if isinstance(value, float) and value != value:
        value = "nan"
    value = _plain(value)
    return (value, cell.data_type, cell.number_format, cell.quotePrefix, copy(cell.protection), copy(cell.font),
            copy(cell.fill), copy(cell.border), copy(cell.alignment))


def _tables(ws: Any) -> list[tuple[Any, ...]]:
    return [(t.displayName, t.ref, t.autoFilter.ref, [(c.name, c.calculatedColumnFormula.attr_text
                                                         if c.calculatedColumnFormula else None)
                                                        for c in t.tableColumns]) for t in ws.tables.values()]


@pytest.fixture(scope="module", params=["social", "influencer"])
def both(request) -> tuple[bytes, bytes]:
    """(fast, plain) bytes of the same awkward workbook."""
    return _write(request.param, True), _write(request.param, False)


def test_fast_path_writes_the_same_cells_styles_and_tables(both):
    fast, plain = (_load(data) for data in both)
    assert fast.sheetnames == plain.sheetnames
    compared = 0
    for a, b in zip(fast.worksheets, plain.worksheets, strict=True):
        assert (a.max_row, a.max_column) == (b.max_row, b.max_column), a.title
        for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
            for cell_a, cell_b in zip(row_a, row_b, strict=True):
                assert _signature(cell_a) == _signature(cell_b), f"{a.title}!{cell_a.coordinate}"
                compared += 1
        assert _tables(a) == _tables(b), a.title
        assert [(v.type, str(v.sqref), v.formula1) for v in a.data_validations.dataValidation] == \
               [(v.type, str(v.sqref), v.formula1) for v in b.data_validations.dataValidation], a.title
        assert (a.freeze_panes, a.sheet_state) == (b.freeze_panes, b.sheet_state)
        assert {k: (d.width, d.hidden) for k, d in a.column_dimensions.items()} == \
               {k: (d.width, d.hidden) for k, d in b.column_dimensions.items()}
    assert set(fast.defined_names) == set(plain.defined_names)
    assert compared > 2000


def test_awkward_values_survive(both):
    wb = _load(both[0])
    values = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {'He said "hi" & <b>bold</b> ]]>', "=", "+1", "@user", "\tTab", "😀 emoji 👍🏽 ñ", "  padded  ",
            "&amp; &lt;", "line1\nline2", "x" * 32_767} <= values
    quoted = [c for ws in wb.worksheets[2:] for row in ws.iter_rows() for c in row
              if c.value in ("=SUM(A1:A2)", "-5", "=1+1")]
    assert quoted and all(c.data_type == "s" and c.quotePrefix for c in quoted)


def test_data_rows_read_the_same_with_calamine(both):
    """Except text of only spaces: openpyxl writes it without xml:space="preserve", so strict readers (calamine,
    Excel) see it empty; the fast path keeps it. And a CR, which only the fast path keeps (`_folded`)."""
    from python_calamine import CalamineWorkbook

    fast, plain = (CalamineWorkbook.from_filelike(io.BytesIO(data)) for data in both)
    kept = 0
    for name in fast.sheet_names:
        rows_a, rows_b = fast.get_sheet_by_name(name).to_python(), plain.get_sheet_by_name(name).to_python()
        assert len(rows_a) == len(rows_b), name
        for r, (row_a, row_b) in enumerate(zip(rows_a, rows_b, strict=True), start=1):
            for a, b in zip(row_a, row_b, strict=True):
                if _folded(a) != _folded(b):
                    assert isinstance(a, str) and not a.strip() and b == "", f"{name} row {r}: {a!r} != {b!r}"
                    kept += 1
    assert kept


def test_illegal_characters_fail_on_both_paths():
    for fast in (True, False):
        spec, rows = awkward_rows("social", 3)
        rows["facebook"][0]["text"] = "bell\x07"
        with pytest.raises(IllegalCharacterError):
            write_workbook(spec, io.BytesIO(), rows, fast=fast)


def test_fast_path_is_the_default_and_deterministic(tmp_path, monkeypatch):
    calls = []
    real = network_sheet.RowWriter.write

    def spy(self, out, rows):
        calls.append(self)
        return real(self, out, rows)

    monkeypatch.setattr(network_sheet.RowWriter, "write", spy)
    parts = []
    for name in ("a.xlsx", "b.xlsx"):
        path = build(tmp_path / name, *awkward_rows("social", 20))  # a Spec is used once: writing fills its layout
        with zipfile.ZipFile(path) as z:
            parts.append({i.filename: z.read(i) for i in z.infolist() if not i.filename.startswith("docProps/")})
    assert calls
    assert parts[0] == parts[1]


def test_rows_may_be_any_iterable():
    lists, generators = io.BytesIO(), io.BytesIO()
    spec, rows = awkward_rows("social", 12)
    write_workbook(spec, lists, rows)
    spec, rows = awkward_rows("social", 12)
    write_workbook(spec, generators, {net: (r for r in posts) for net, posts in rows.items()})
    a, b = _load(lists.getvalue()), _load(generators.getvalue())
    for ws_a, ws_b in zip(a.worksheets, b.worksheets, strict=True):
        assert [[_plain(c.value) for c in r] for r in ws_a.iter_rows()] == \
            [[_plain(c.value) for c in r] for r in ws_b.iter_rows()]


@pytest.mark.libreoffice
@pytest.mark.slow
def test_libreoffice_computes_the_same_from_both(both, tmp_path):
    from tests import libreoffice

    libreoffice.require_soffice()
    paths = []
    for name, data in zip(("fast", "plain"), both, strict=True):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(data)
        paths.append(path)
    outs = libreoffice.recalculate_many(paths, tmp_path / "out")
    fast, plain = (_load(Path(out).read_bytes(), data_only=True) for out in outs)
    numbers = 0
    for a, b in zip(fast.worksheets, plain.worksheets, strict=True):
        for row_a, row_b in zip(a.iter_rows(values_only=True), b.iter_rows(values_only=True), strict=True):
            assert [_folded(v) for v in row_a] == [_folded(v) for v in row_b], a.title
            numbers += sum(isinstance(v, (int, float)) for v in row_a)
    assert numbers > 500
