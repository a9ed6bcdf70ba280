"""The Refresh button with a pasted daily export: the days reach the Audience table through both Book adapters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kpixl.refresh.core import import_pasted
from kpixl.text.refresh_labels import text
from kpixl.workbook.layout import REFRESH_STATUS
from tests.refresh.audience_files import make_workbook
from tests.refresh.test_refresh_button import adapters, csv_rows


@pytest.mark.parametrize("engine", ["openpyxl", "xlwings"])
def test_pasted_follower_history_fills_the_audience_table(tmp_path: Path, exports: Path, engine: str):
    path = make_workbook(tmp_path / "r.xlsx", networks=("tiktok",), period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    book, wb = adapters(path)[engine]
    import_pasted(book)  # first click creates the paste sheet
    for row in csv_rows(exports / "tiktok_follower_history_es.csv"):
        wb[text("paste_sheet", "en")].append(row)
    summary = import_pasted(book)
    assert summary is not None and summary.added == 4, book.read_name(REFRESH_STATUS)
    table = book.read_table("tbl_audience")
    assert [r[2] for r in table.rows[:4]] == [10210, 10198, 10240, 10302]
    assert {r[0] for r in table.rows[:4]} == {"TikTok"}
