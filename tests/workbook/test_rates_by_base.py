"""Never pool rates of different bases (#19): Trends gives each network's monthly engagement rate under its base
("Instagram (reach)", "TikTok (views)", "X (impressions)", in Spanish too) instead of one rate dividing every network's
engagements by X impressions plus TikTok views; the Dashboard's rate chart names each bar's base; on Creators, neither
a creator who posts on Instagram and TikTok nor the total gets a rate over reach and views together (a note says so),
while a creator on one network keeps theirs. Checked after LibreOffice recalculates (en-US and es-ES)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from kpixl.catalog.fields import NETWORK_NAMES
from kpixl.report import posts as report
from kpixl.text.labels import label
from tests.workbook.sparse_books import (  # noqa: F401
    ONE_NETWORK_CREATOR,
    cells,
    series_refs,
    series_titles,
    sparse,
    titled,
)
from tests.workbook.test_libreoffice_values import Checker, engine_period

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
BASES = {"instagram": "reach", "tiktok": "views", "x": "impressions"}


@pytest.mark.parametrize("name", ["month_en", "year_es"])
def test_trends_give_each_network_its_own_monthly_rate_named_by_base(sparse, name):  # noqa: F811
    book = sparse[name]
    layout, found, cached = book.layout, book.values(), book.cached()
    lang, sheet = layout.lang, layout.sheet_name("trends")
    ws, before = found[sheet], cached[sheet]
    trends = layout.dashboard["trends"]
    assert label("wb_rate", lang) not in trends["monthly"]["columns"]  # no rate over every network's engagements
    rates = trends["rates"]
    for net, base in BASES.items():
        want = f"{NETWORK_NAMES[net]} ({label(f'wb_base_{base}', lang)})"
        assert ws[rates["names"][net]].value == want == before[rates["names"][net]].value
    check = Checker()
    for (first, last), cell in zip(report.months(book.spec.period[1]), trends["monthly"]["months"], strict=True):
        assert ws[cell].value.date() == first
        for net, addresses in rates["networks"].items():
            address = addresses[trends["monthly"]["months"].index(cell)]
            want = engine_period(layout, [net], "engagement_rate", book.rows, first, last)
            check.same(ws[address].value, want, f"{name} {net} {first}")
            check.same(before[address].value, want, f"{name} {net} {first} (cached)")
    assert check.count >= 12 * len(BASES)
    line = titled(book, "trends", label("wb_rates_chart", lang))
    assert len(line) == 1
    titles = series_titles(book, line[0])
    assert titles == [ws[rates["names"][n]].value for n in rates["networks"]]


@pytest.mark.parametrize("name", ["month_en", "no_audience_es"])
def test_the_dashboard_rate_chart_names_each_bars_base(sparse, name):  # noqa: F811
    book = sparse[name]
    layout, found = book.layout, book.values()
    lang = layout.lang
    bar = titled(book, "dashboard", label("wb_er_chart", lang))
    assert len(bar) == 1
    categories = [v for _, _, v in cells(found, series_refs(bar[0])["categories"][0])]
    for net, base in BASES.items():
        assert f"{NETWORK_NAMES[net]} · {label(f'wb_base_{base}', lang)}" in categories


def test_creators_and_their_total_give_no_rate_over_reach_and_views(sparse):  # noqa: F811
    book = sparse["influencer_es"]
    layout = book.layout
    sheet = layout.sheet_name("creators")
    found, cached = book.values()[sheet], book.cached()[sheet]
    creators = layout.dashboard["creators"]
    total = creators["total"]
    assert found[total["engagement_rate"]].value in (None, "") and cached[total["engagement_rate"]].value in (None, "")
    start, end = book.spec.period

    def in_period(row: dict) -> bool:
        return start <= dt.date.fromisoformat(row["published_at"][:10]) <= end and bool(row.get("creator"))

    posted: dict[str, set[str]] = {}
    for net, rows in book.rows.items():
        for row in filter(in_period, rows):
            posted.setdefault(row["creator"], set()).add(net)
    names = creators["names"]
    assert posted[ONE_NETWORK_CREATOR] == {"instagram"} and any(len(nets) == 2 for nets in posted.values())
    assert found[creators["rows"][names.index(ONE_NETWORK_CREATOR)]["engagement_rate"]].value > 0
    for name, cells_of in zip(names, creators["rows"], strict=False):
        where = cells_of["engagement_rate"]
        if len(posted.get(name, ())) != 1:  # Instagram reach and TikTok views: no rate pooled over both (or no post)
            assert found[where].value in (None, "") and cached[where].value in (None, ""), name
        else:
            assert isinstance(found[where].value, float) and math.isclose(cached[where].value, found[where].value,
                                                                          rel_tol=1e-9), name
    text = " ".join(str(c.value) for row in found.iter_rows() for c in row if isinstance(c.value, str))
    assert label("wb_creators_rate_note", "es")[:60] in text  # the note says why
    reach = sum(r["reach"] for r in book.rows["instagram"] if in_period(r) and r.get("reach") is not None)
    assert found[total["reach"]].value == reach  # like quantities only: TikTok's views are not reach
