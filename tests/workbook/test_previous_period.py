"""The Dashboard's previous period: LibreOffice computes the formula `kpixl new` writes to the engine's
`kpixl.report.period.previous` — the calendar month, quarter or year before a whole-month period, the same number of
days
before any other range."""

from __future__ import annotations

import datetime as dt
import warnings

import openpyxl
import pytest

from kpixl.report.period import PREVIOUS_START_FORMULA, previous

D = dt.date
PERIODS = [(D(2026, 7, 1), D(2026, 9, 30)), (D(2026, 1, 1), D(2026, 3, 31)), (D(2024, 3, 1), D(2024, 3, 31)),
           (D(2025, 3, 1), D(2025, 3, 31)), (D(2026, 1, 1), D(2026, 12, 31)), (D(2026, 2, 1), D(2026, 3, 31)),
           (D(2025, 4, 1), D(2025, 6, 30)), (D(2026, 7, 5), D(2026, 7, 18)), (D(2026, 7, 2), D(2026, 9, 30)),
           (D(2026, 7, 1), D(2026, 9, 29)), (D(2026, 7, 1), D(2026, 7, 1)), (D(2024, 2, 29), D(2024, 3, 31))]


@pytest.mark.libreoffice
def test_previous_period_formula_equals_the_engine(tmp_path):
    from tests import libreoffice

    libreoffice.require_soffice()
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, (start, end) in enumerate(PERIODS, start=1):
        ws.cell(r, 1, start).number_format = ws.cell(r, 2, end).number_format = "yyyy-mm-dd"
        ws.cell(r, 3, "=" + PREVIOUS_START_FORMULA.format(start=f"A{r}", end=f"B{r}"))
        ws.cell(r, 4, f"=A{r}-1")
    wb.save(tmp_path / "previous.xlsx")
    out = libreoffice.recalculate(tmp_path / "previous.xlsx", tmp_path / "out")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = openpyxl.load_workbook(out, data_only=True).active
    from openpyxl.utils.datetime import from_excel

    def day(value):
        return (from_excel(value) if isinstance(value, (int, float)) else value).date()

    for r, (start, end) in enumerate(PERIODS, start=1):
        assert (day(got.cell(r, 3).value), day(got.cell(r, 4).value)) == previous(start, end), (start, end)
