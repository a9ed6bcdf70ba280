"""Periods longer than about a quarter trend by month on the Dashboard (#19): a yearly report has 12 monthly rows,
not 53 weeks, in its engagements trend and its followers table; a quarter and a month keep weekly rows. Values are
the engine's sums per bucket after LibreOffice recalculates (es-ES for the year), equal to the cached ones."""

from __future__ import annotations

import datetime as dt

import pytest

from kpixl.report import posts as report
from kpixl.text.labels import label
from kpixl.workbook.formulas.aggregates import by_month, months_of
from tests.workbook.sparse_books import MONTH, QUARTER, YEAR, charts, sparse  # noqa: F401
from tests.workbook.test_libreoffice_values import Checker, engine_period

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def test_which_periods_trend_by_month():
    assert by_month(YEAR) and by_month((dt.date(2025, 1, 1), dt.date(2025, 4, 30)))
    assert not by_month(QUARTER) and not by_month(MONTH)
    assert months_of((dt.date(2025, 1, 15), dt.date(2025, 3, 10))) == [
        (dt.date(2025, 1, 15), dt.date(2025, 1, 31)), (dt.date(2025, 2, 1), dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 1), dt.date(2025, 3, 10))]


def test_a_yearly_dashboard_trends_by_month(sparse):  # noqa: F811
    book = sparse["year_es"]
    layout = book.layout
    sheet = layout.sheet_name("dashboard")
    ws, before = book.values()[sheet], book.cached()[sheet]
    dash = layout.dashboard
    assert dash["trend_by_month"] and len(dash["trend_weeks"]) == 12
    check = Checker()
    for i, ((first, last), cell) in enumerate(zip(months_of(YEAR), dash["trend_weeks"], strict=True)):
        assert ws[cell].value.date() == first == before[cell].value.date()
        for net in layout.networks:
            want = engine_period(layout, [net], "engagements", book.rows, first, last)
            check.same(ws[dash["trend"][net][i]].value, want, f"{net} {first}")
            check.same(before[dash["trend"][net][i]].value, want, f"{net} {first} (cached)")
    followers = dash["audience"]
    assert len(followers["weeks"]) == 12
    assert [ws[c].value.date() for c in followers["weeks"]] == [first for first, _ in months_of(YEAR)]
    texts = ["".join(chart.itertext()) for name, chart in charts(book.path) if name == sheet]
    assert any(label("wb_trend_chart_monthly", "es") in t for t in texts)


@pytest.mark.parametrize("name", ["quarter_en", "month_en"])
def test_a_quarter_and_a_month_keep_weekly_rows(sparse, name):  # noqa: F811
    book = sparse[name]
    dash = book.layout.dashboard
    weeks = report.iso_weeks(*book.spec.period)
    assert not dash["trend_by_month"] and len(dash["trend_weeks"]) == len(weeks) <= 14
    ws = book.values()[book.layout.sheet_name("dashboard")]
    assert [ws[c].value.date() for c in dash["trend_weeks"]] == [monday for monday, _ in weeks]
