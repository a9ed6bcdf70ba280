"""Trends' monthly table draws a month no export covers as a gap (#19 item 12, item 5): a month before the first
export or one whose posts are not in yet is blank in the table and #N/A in the chart feed, never "0 posts"; a month
inside the exports without a post keeps 0. Real-shaped YouTube export (samples/sparse: videos in January, February,
March, May, June, August and October 2026) imported alone into a workbook for November 2026 (es, en): December 2025
and November 2026 blank, April, July and September 0; cached = LibreOffice's recalculation (es-ES, en-US)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kpixl.refresh.books.package import open_book
from kpixl.workbook.sheets.trends import FEED, MONTH_TOP
from tests import libreoffice, ooxml
from tests.workbook.conftest import LOCALES

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
SPARSE = Path(__file__).resolve().parents[2] / "samples" / "sparse"
GAPS = {(2025, 12), (2026, 11)}
ZERO = {(2026, 4), (2026, 7), (2026, 9)}


@pytest.fixture(scope="module")
def books(tmp_path_factory, run_kpixl) -> dict[str, tuple[Path, Path]]:
    libreoffice.require_soffice()
    folder = tmp_path_factory.mktemp("monthly_gaps")
    out = {}
    for lang, locale in LOCALES.items():
        path = folder / f"youtube_{lang}.xlsx"
        run_kpixl.output_of("new", path, "--client", "Acme", "--lang", lang, "--period", "2026-11-01:2026-11-30")
        run_kpixl.output_of("import", path, SPARSE / "youtube_datos_tabla.csv", "--year", "2026")
        out[lang] = path, libreoffice.recalculate(path, folder / locale, locale)
    return out


def _same(a: Any, b: Any) -> bool:
    a, b = (None if v == "" else v for v in (a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


@pytest.mark.parametrize("lang", list(LOCALES))
def test_months_outside_the_exports_are_gaps(books, lang):
    path, recalculated = books[lang]
    with open_book(path) as book:
        layout = book.layout()
    sheet = layout.sheet_name("trends")
    cached = openpyxl.load_workbook(path, data_only=True)[sheet]
    fresh = openpyxl.load_workbook(recalculated, data_only=True)[sheet]
    header = MONTH_TOP + 1
    seen = set()
    for r in range(header + 1, header + 13):
        month = fresh.cell(r, 1).value
        key = (month.year, month.month)
        seen.add(key)
        for c in (*range(1, 7), FEED):
            assert _same(cached.cell(r, c).value, fresh.cell(r, c).value), (key, c)
        posts, feed = fresh.cell(r, 2).value, fresh.cell(r, FEED).value
        if key in GAPS:
            assert posts in (None, ""), key
            assert all(fresh.cell(r, c).value in (None, "") for c in range(2, 7)), key
            assert feed == "#N/A", key
        elif key in ZERO:
            assert posts == 0, key
        else:
            assert posts > 0, key
    assert seen >= GAPS | ZERO
    ooxml.assert_valid(path)
