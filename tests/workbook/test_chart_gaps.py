"""Gaps are gaps (#19): every cell a chart reads is a number or #N/A after LibreOffice recalculates (en-US and
es-ES), its cached value is the same, charts leave blanks as gaps, and no cell the client reads shows #N/A — on sparse
workbooks: a network without posts, a week not exported, a follower history starting mid-period, no audience data."""

from __future__ import annotations

import math
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.text.labels import label
from kpixl.workbook.charts import COUNT_AXIS
from tests.workbook.sparse_books import (  # noqa: F401
    CASES,
    SILENT,
    C,
    cells,
    charts,
    series_refs,
    series_titles,
    sparse,
    titled,
)

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
NA = "#N/A"


def _same(cached: Any, recalculated: Any) -> bool:
    if isinstance(cached, (int, float)) and isinstance(recalculated, (int, float)):
        return math.isclose(cached, recalculated, rel_tol=1e-9, abs_tol=1e-9)
    return cached == recalculated


@pytest.mark.parametrize("name", list(CASES))
def test_every_chart_series_cell_is_a_number_or_na(sparse, name):  # noqa: F811
    book = sparse[name]
    found, cached = book.values(), book.cached()
    drawn = charts(book.path)
    assert drawn
    checked = 0
    for _, chart in drawn:
        assert chart.find(f"{C}chart/{C}dispBlanksAs").get("val") == "gap"
        for ref in series_refs(chart)["values"]:
            for (sheet, where, value), (_, _, before) in zip(cells(found, ref), cells(cached, ref), strict=True):
                assert value == NA or (isinstance(value, (int, float)) and not isinstance(value, bool)), \
                    f"{name} {sheet}!{where}: {value!r} (a chart draws it as 0)"
                assert _same(before, value), f"{name} {sheet}!{where}: cached {before!r}, recalculated {value!r}"
                checked += 1
        for ref in series_refs(chart)["unlisted"]:  # LibreOffice draws #N/A as 0 unless a chart has an empty cell
            assert all(value is None for _, _, value in cells(found, ref)), f"{name} {ref}"
    assert checked > 20


@pytest.mark.parametrize("name", list(CASES))
def test_no_cell_the_client_reads_shows_na(sparse, name):  # noqa: F811
    book = sparse[name]
    found = book.values()
    for key in ("dashboard", "trends", "creators"):
        sheet = book.layout.sheet_name(key)
        if sheet not in found.sheetnames:
            continue
        ws = found[sheet]
        hidden = {get_column_letter(c) for dim in ws.column_dimensions.values() if dim.hidden
                  for c in range(dim.min, dim.max + 1)}  # openpyxl groups adjacent columns
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == NA:
                    assert cell.column_letter in hidden, f"{name} {sheet}!{cell.coordinate} shows #N/A"


def test_a_week_not_exported_and_a_network_without_posts_are_gaps(sparse):  # noqa: F811
    book = sparse["month_en"]
    found = book.values()
    trend = titled(book, "dashboard", label("wb_trend_chart", "en"))
    assert len(trend) == 1
    refs = series_refs(trend[0])
    titles = series_titles(book, trend[0])
    silent = titles.index(f"{NETWORK_NAMES[SILENT]} · {label('wb_no_posts_in_period', 'en')}")
    assert all(v == NA for _, _, v in cells(found, refs["values"][silent]))  # no line at all, never a flat 0
    weeks = [v for _, _, v in cells(found, refs["categories"][0])]
    gap = next(i for i, day in enumerate(weeks) if day.date().isoformat() == "2025-05-12")
    for i, ref in enumerate(refs["values"]):
        assert cells(found, ref)[gap][2] == NA, f"{titles[i]}: the week not exported is not a gap"


@pytest.mark.parametrize("name", ["month_en", "year_es"])
def test_a_follower_history_starting_mid_period_does_not_start_at_zero(sparse, name):  # noqa: F811
    book = sparse[name]
    layout, found = book.layout, book.values()
    lang = layout.lang
    followers = titled(book, "dashboard", label("wb_followers_chart", lang))
    assert len(followers) == 1
    refs = series_refs(followers[0])
    titles = series_titles(book, followers[0])
    tiktok = [v for _, _, v in cells(found, refs["values"][titles.index("TikTok")])]
    first = next(i for i, v in enumerate(tiktok) if v != NA)
    assert first > 0 and all(v == NA for v in tiktok[:first]) and tiktok[first] > 1000
    others = [t for t in titles if t != "TikTok"]
    assert others and all(t.endswith(label("wb_no_audience_short", lang)) for t in others)


def test_no_audience_data_gives_a_note_above_a_chart_an_import_fills(sparse):  # noqa: F811
    book = sparse["no_audience_es"]
    layout, found = book.layout, book.values()
    followers = titled(book, "dashboard", label("wb_followers_chart", "es"))
    assert len(followers) == 1  # drawn from the start: an import or the Refresh button changes cell values only
    assert all(v == NA for ref in series_refs(followers[0])["values"] for _, _, v in cells(found, ref))
    note = layout.dashboard["audience"]["no_audience_note"]
    ws = found[layout.sheet_name("dashboard")]
    assert ws[note].value == label("wb_no_audience_data", "es")
    assert book.cached()[layout.sheet_name("dashboard")][note].value == ws[note].value
    with_data = sparse["month_en"]
    assert with_data.values()[with_data.layout.sheet_name("dashboard")][
        with_data.layout.dashboard["audience"]["no_audience_note"]].value in (None, "")


@pytest.mark.parametrize("name", ["month_en", "year_es"])
def test_the_sparse_workbooks_are_valid_open_xml(sparse, name):  # noqa: F811
    from tests.ooxml import assert_valid

    assert_valid(sparse[name].path)  # hidden feed columns, legend entries removed, plotVisOnly and dispBlanksAs


def test_a_point_between_gaps_shows_and_rate_bars_read_across(sparse):  # noqa: F811
    book = sparse["month_en"]  # LinkedIn's weeks alone between gaps: LibreOffice draws no line through them
    lines = [chart for _, chart in charts(book.path) if chart.find(f"{C}chart/{C}plotArea/{C}lineChart") is not None]
    assert lines
    for chart in lines:
        for ser in chart.iter(f"{C}ser"):
            assert ser.find(f"{C}marker/{C}symbol").get("val") == "circle"
    columns = titled(book, "trends", label("wb_engagements_chart", "en"))
    assert columns
    for chart in lines + columns:  # count axes: an empty 0–1 scale is never labelled 0, 0, 0, 1, 1, 1
        if "%" not in chart.find(f"{C}chart/{C}plotArea/{C}valAx/{C}numFmt").get("formatCode"):
            assert chart.find(f"{C}chart/{C}plotArea/{C}valAx/{C}numFmt").get("formatCode") == COUNT_AXIS
    bar = titled(book, "dashboard", label("wb_er_chart", "en"))
    assert bar[0].find(f"{C}chart/{C}plotArea/{C}barChart/{C}barDir").get("val") == "bar"  # base names not rotated
    categories = bar[0].find(f"{C}chart/{C}plotArea/{C}catAx/{C}scaling/{C}orientation")
    assert categories.get("val") == "maxMin"  # networks top to bottom, as the table lists them
