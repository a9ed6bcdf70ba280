"""Every formula cell `kpixl new` writes carries a cached value, and it is the value LibreOffice recalculates
(numbers to 1e-9, text and blanks exactly), so the workbook reads right before recalculation (Protected View,
previews, pandas); Excel still recalculates on open (fullCalcOnLoad)."""

from __future__ import annotations

import datetime as dt
import math
import re
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import kpixl
from tests.workbook.conftest import CASES, make

BLANK = (None, "")
FORMULA_WITHOUT_VALUE = re.compile(rb'<c (?![^>]*t="str")[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v ?/>|<v></v>)?</c>')
"""A formula cell with no `<v>` or an empty one that is not a text result ("" is `t="str"` with an empty `<v>`)."""


def _load(path: Path, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, **kwargs)


def _same(got: Any, want: Any) -> bool:
    if want in BLANK or got in BLANK:
        return got in BLANK and want in BLANK
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(want, dt.datetime) and isinstance(got, dt.datetime):
        return abs((got - want).total_seconds()) < 1e-3
    return got == want


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """{(sheet, cell): formula} of every formula cell (shared formulas expanded by openpyxl)."""
    wb = _load(path)
    return {(ws.title, c.coordinate): str(getattr(c.value, "text", c.value)) for ws in wb.worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"}  # an array formula's text too


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_every_formula_cell_has_a_cached_value(tmp_path, case):
    original = make(tmp_path, *case)[0]
    with zipfile.ZipFile(original) as z:
        assert b'fullCalcOnLoad="1"' in z.read("xl/workbook.xml")  # Excel still recalculates on open
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                bare = FORMULA_WITHOUT_VALUE.findall(z.read(name))
                assert not bare, f"{case} {name}: formula cells without a cached value: {bare[:3]}"


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_pandas_reads_kpis_without_recalculating(tmp_path, engine):
    """What a reader that never recalculates sees (pandas, previews): the rates and the Dashboard's figures."""
    import pandas as pd

    path, spec, rows = make(tmp_path, "social", "en", size=12)
    layout = spec.layout
    table = pd.read_excel(path, sheet_name=layout.network_sheet("facebook"), engine=engine)
    rate = table[layout.header("facebook", "kpi:engagement_rate")]
    want = [kpixl.compute("engagement_rate", network="facebook",
                          **{f: r.get(f) for f, _ in layout.input_columns("facebook") if f != "published_at"})
            for r in rows["facebook"]]
    assert [None if pd.isna(v) else round(v, 12) for v in rate] == [None if w is None else round(w, 12) for w in want]
    dashboard = pd.read_excel(path, sheet_name=layout.sheet_name("dashboard"), header=None, engine=engine)
    assert dashboard.notna().sum().sum() > 100


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_cached_values_equal_libreoffice(recalculated, case):
    original, out = recalculated[case][:2]
    formulas = formula_cells(original)
    cached, recalc = _load(original, data_only=True), _load(out, data_only=True)
    wrong = []
    for sheet, ref in formulas:
        got, want = cached[sheet][ref].value, recalc[sheet][ref].value
        if not _same(got, want):
            wrong.append(f"{sheet}!{ref}: cached {got!r}, LibreOffice {want!r} ({formulas[sheet, ref][:80]})")
    assert not wrong, f"{len(wrong)} of {len(formulas)} cached values differ:\n" + "\n".join(wrong[:25])
    assert len(formulas) > 1000


@pytest.mark.libreoffice
@pytest.mark.slow
def test_shared_formula_blocks_recalculate_and_validate(tmp_path, monkeypatch):
    """Rows in several shared-formula blocks (a block every 16 rows here): LibreOffice computes every row from its
    block's formula, equal to the cached values, and Microsoft's validator accepts the file."""
    from kpixl.xlsx.row_writer import RowWriter
    from tests import libreoffice
    from tests.ooxml import assert_valid

    monkeypatch.setattr(RowWriter, "CHUNK", 16)
    path = make(tmp_path, "social", "en", size=70, networks=["facebook", "instagram"])[0]
    with zipfile.ZipFile(path) as z:
        assert max(z.read(n).count(b'ref="') for n in z.namelist() if n.startswith("xl/worksheets/")) > 40
    assert_valid(path)
    out = libreoffice.recalculate(path, tmp_path / "out")
    formulas = formula_cells(path)
    cached, recalc = _load(path, data_only=True), _load(out, data_only=True)
    wrong = [f"{s}!{r}: {cached[s][r].value!r} != {recalc[s][r].value!r}" for s, r in formulas
             if not _same(cached[s][r].value, recalc[s][r].value)]
    assert not wrong, "\n".join(wrong[:20])
    assert sum(1 for s, _ in formulas if s == "Facebook") > 70 * 10
