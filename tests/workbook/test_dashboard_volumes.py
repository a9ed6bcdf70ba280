"""Totals get a previous period and a change on the Dashboard, like the KPIs: posts, impressions, reach, views and
engagements of each network in the calendar period before, and the relative change (rates in percentage points);
a network with no post in the period is named once ("no posts in this period"). The audience block keeps its
benchmark and goal beside the figures, not pushed right by the wide action column. Engine and LibreOffice (en-US,
es-ES) agree, cached values included."""

from __future__ import annotations

import math

import pytest
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

from kpixl.text.labels import label
from kpixl.workbook.sheets import dashboard_audience
from tests.workbook.verdict_books import PERIOD, PREVIOUS, SILENT, day, verdicts  # noqa: F401

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
BLANK = (None, "")
VOLUMES = ("posts", "impressions", "reach", "views", "engagements")


def _total(book, net: str, item: str, period) -> float | None:
    rows = [r for r in book.rows[net] if period[0] <= day(r) <= period[1]]
    if item == "posts":
        return len(rows)
    if not book.layout.has_column(net, item if item != "engagements" else "kpi:engagements"):
        return None
    if item == "engagements":
        sheet_values = None  # engagements are a KPI column: compared with the Dashboard's overview below
        return sheet_values
    found = [r[item] for r in rows if isinstance(r.get(item), (int, float))]
    return math.fsum(found) if found else None


def _same(got, want) -> bool:
    if want in BLANK:
        return got in BLANK
    return isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize("name", ["en", "es"])
def test_volumes_have_previous_period_and_change(verdicts, name):  # noqa: F811
    book = verdicts[name]
    cells = book.layout.dashboard["volumes"]
    overview = book.layout.dashboard["overview"]
    checked = 0
    for wb in (book.values(), book.cached()):
        dash = wb[book.layout.sheet_name("dashboard")]
        for net in book.layout.networks:
            for item in VOLUMES:
                previous, change = cells["previous"][net].get(item), cells["change"][net].get(item)
                if overview[net].get(item) is None:
                    assert previous is None and change is None
                    continue
                want = _total(book, net, item, PREVIOUS)
                if item != "engagements":
                    assert _same(dash[previous].value, want), (net, item)
                now, before = dash[overview[net][item]].value, dash[previous].value
                expected = None if now in BLANK or before in BLANK or not before else now / before - 1
                assert _same(dash[change].value, expected), (net, item)
                checked += 1
    assert checked > 20
    dash = book.values()[book.layout.sheet_name("dashboard")]
    assert dash[cells["previous"]["x"]["impressions"]].value > 0  # the fixture has a previous period
    assert dash[cells["change"][SILENT]["posts"]].value in BLANK  # 0 posts then and now: no change to show


@pytest.mark.parametrize(("name", "sentence"), [("en", "No posts in this period: YouTube."),
                                                ("es", "Sin publicaciones en este periodo: YouTube.")])
def test_a_network_without_posts_is_named_once(verdicts, name, sentence):  # noqa: F811
    book = verdicts[name]
    assert not [r for r in book.rows[SILENT] if PERIOD[0] <= day(r) <= PERIOD[1]]
    for wb in (book.values(), book.cached()):
        dash = wb[book.layout.sheet_name("dashboard")]
        assert dash[book.layout.dashboard["volumes"]["no_posts"]].value == sentence


@pytest.mark.parametrize("name", ["en", "es"])
def test_volumes_cached_equal_recalculated(verdicts, name):  # noqa: F811
    book = verdicts[name]
    sheet = book.layout.sheet_name("dashboard")
    cached, values = book.cached()[sheet], book.values()[sheet]
    cells = book.layout.dashboard["volumes"]
    addresses = [a for table in ("previous", "change") for per in cells[table].values() for a in per.values() if a]
    addresses.append(cells["no_posts"])
    wrong = [a for a in addresses if not (_same(values[a].value, cached[a].value) if isinstance(
        cached[a].value, (int, float)) else values[a].value == cached[a].value or
        (values[a].value in BLANK and cached[a].value in BLANK))]
    assert not wrong, [(a, cached[a].value, values[a].value) for a in wrong]


def test_audience_benchmark_and_goal_are_not_pushed_right(verdicts):  # noqa: F811
    """The Dashboard's wide action column holds the audience block's goal (text), never a figure between the rate
    and its benchmark."""
    book = verdicts["en"]
    wb = book.values()
    ws = wb[book.layout.sheet_name("dashboard")]
    action = column_index_from_string(coordinate_from_string(book.layout.dashboard["kpis"][0]["action"])[0])
    block = book.layout.dashboard["audience"]["networks"]["x"]
    header = int(coordinate_from_string(block["followers_end"])[1]) - 1 - book.layout.networks.index("x")
    titles = {ws.cell(header, c).value: c for c in range(2, 2 + len(dashboard_audience.COLUMNS))}
    lang = book.layout.lang
    rate, bench, goal = (titles[label(k, lang)] for k in ("wb_er_followers", "wb_er_followers_benchmark",
                                                          "wb_goal_status"))
    assert rate + 1 == bench < action == goal
    wide = [ws.cell(header, c).value for c in titles.values() if ws.column_dimensions[get_column_letter(c)].width > 30]
    assert wide == [label("wb_goal_status", lang)]
