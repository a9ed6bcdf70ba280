"""Sample workbooks recalculated by LibreOffice agree with the engine: every KPI cell of every network table,
every goal output and every dashboard figure (relative tolerance 1e-9; blank exactly where the engine says None)."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from typing import Any

import openpyxl
import pytest

import kpixl
from kpixl.catalog import kpi as catalog
from kpixl.catalog.actions import recommended
from kpixl.catalog.benchmarks import benchmark_for, comparable, compared_value
from kpixl.catalog.expr import presence_groups, split_ratio
from kpixl.render.engine import evaluate_scalar
from kpixl.report.goals import STATUS_LEVEL
from kpixl.report.period import previous as previous_period
from kpixl.text.labels import label
from kpixl.workbook import Layout
from kpixl.workbook.templates import DATE_FIELD

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
CASES = [("social", "en"), ("social", "es"), ("influencer", "en"), ("influencer", "es")]
BLANK = (None, "")


class Checker:
    """Compares cells with engine values and counts them."""

    def __init__(self) -> None:
        self.count = 0

    def same(self, got: Any, want: Any, where: str) -> None:
        self.count += 1
        if isinstance(want, dt.date):
            assert got == want, f"{where}: {got!r} != {want!r}"
        elif want is None:
            assert got in BLANK, f"{where}: engine says no value, workbook has {got!r}"
        elif isinstance(want, str):
            assert got == want, f"{where}: {got!r} != {want!r}"
        else:
            assert isinstance(got, (int, float)), f"{where}: expected {want!r}, workbook has {got!r}"
            assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12), f"{where}: {got!r} != {want!r}"


def _day(row: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(row[DATE_FIELD][:10])


def _in(rows: list[dict[str, Any]], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    return [r for r in rows if start <= _day(r) <= end]


def _variant(layout: Layout, net: str, kpi_id: str) -> str:
    col = layout.column(net, f"kpi:{kpi_id}")
    return col.variant or layout.setting(f"er_variant_{net}").value


def _columns(layout: Layout, net: str, rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {field: [r.get(field) for r in rows] for field, _ in layout.input_columns(net)
            if field not in ("published_at", "post_id", "post_type", "permalink", "text", "creator", "promo_code",
                             "utm_content")}


def engine_period(layout: Layout, nets: list[str], kpi_id: str, rows: dict[str, list], start: dt.date,
                  end: dt.date) -> Any:
    """The engine's value of a KPI over posts dated in [start, end], across one or several networks."""
    nets = [n for n in nets if layout.has_column(n, f"kpi:{kpi_id}")]
    kpi = catalog.get(kpi_id)
    if len(nets) == 1:
        period = _in(rows[nets[0]], start, end)
        return kpixl.aggregate(kpi_id, variant=_variant(layout, nets[0], kpi_id), network=nets[0],
                               **_columns(layout, nets[0], period))
    parts: list[Any] = [0, 0]
    found = False
    for net in nets:
        expr = kpi.expression(_variant(layout, net, kpi_id), network=net)
        split = split_ratio(expr) if kpi.aggregation == "ratio_of_sums" else None
        for row in _in(rows[net], start, end):
            if not all(any(row.get(name) is not None for name in group) for group in presence_groups(expr)):
                continue  # a row without a value (the engagements: one interaction reported suffices)
            pieces = split or (expr, None)
            for k, piece in enumerate(pieces):
                if piece is not None:
                    parts[k] += evaluate_scalar(piece, row) or 0
            found = True
    if not found:
        return None
    if split is None:
        return parts[0]
    return None if parts[1] == 0 else parts[0] / parts[1]


def field_sum(rows: list[dict[str, Any]], field: str) -> Any:
    values = [r[field] for r in rows if r.get(field) is not None]
    return sum(values) if values else None


@pytest.mark.parametrize("case", CASES, ids=["-".join(c) for c in CASES])
def test_workbook_matches_engine(recalculated, case):
    original, out, spec, rows = recalculated[case]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        layout = Layout.from_workbook(openpyxl.load_workbook(original, read_only=False))
        wb = openpyxl.load_workbook(out, data_only=True)
    lang = layout.lang
    check = Checker()
    start, end = spec.period
    prev_start, prev_end = previous_period(start, end)  # the calendar quarter before: 1 Jan–31 Mar

    # every KPI cell of every network table
    for net in layout.networks:
        ws = wb[layout.network_sheet(net)]
        header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
        assert header == [c.header for c in layout.columns(net)]
        table_rows = list(ws.iter_rows(min_row=2, max_row=len(rows[net]) + 1, values_only=True))
        assert len(table_rows) == len(rows[net])
        for col_index, col in enumerate(layout.columns(net)):
            if col.role != "kpi":
                continue
            for r, (row, cells) in enumerate(zip(rows[net], table_rows, strict=True), start=2):
                inputs = {f: row.get(f) for f, _ in layout.input_columns(net)}
                want = kpixl.compute(col.kpi, variant=_variant(layout, net, col.kpi), network=net,
                                     **{k: v for k, v in inputs.items() if k not in ("published_at",)})
                check.same(cells[col_index], want, f"{net}!{col.header}{r}")

    # every goal output
    goals_ws = wb[layout.sheet_name("goals")]
    for g in layout.goals:
        nets = list(layout.networks) if g["network"] == "all" else [g["network"]]
        g_start, g_end = dt.date.fromisoformat(g["start"]), dt.date.fromisoformat(g["deadline"])
        actual = engine_period(layout, nets, g["kpi"], rows, g_start, min(g_end, end))
        check.same(goals_ws[g["cells"]["actual"]].value, actual, f"goal {g['kpi']} actual")
        goal = kpixl.Goal(g["kpi"], target=g["target"], baseline=g["baseline"], start=g_start, deadline=g_end,
                          direction=g["direction"], kind=g["kind"], low=g["low"], high=g["high"])
        result = goal.evaluate(actual, on=end, closed=end < dt.date.today())  # a past period end has ended
        for key in ("progress", "percent_of_target", "expected_progress", "expected_value", "projection"):
            check.same(goals_ws[g["cells"][key]].value, getattr(result, key), f"goal {g['kpi']} {key}")
        check.same(goals_ws[g["cells"]["status"]].value, label(result.status, lang) if result.status else None,
                   f"goal {g['kpi']} status")
        # the level column is the status's traffic-light level, blank for not started (no icon, not a red one)
        check.same(goals_ws[g["cells"]["level"]].value, STATUS_LEVEL[result.status] or None if result.status
                   else None,
                   f"goal {g['kpi']} level")

    # every dashboard figure
    dash = wb[layout.sheet_name("dashboard")]
    template_fields = {f for net in layout.networks for f, _ in layout.input_columns(net)}
    for net, figures in layout.dashboard["overview"].items():
        period = _in(rows[net], start, end)
        for item, address in figures.items():
            if address is None:
                continue
            if item == "posts":
                want: Any = len(period)
            elif item in template_fields and not item.startswith("kpi:") and layout.has_column(net, item):
                want = field_sum(period, item)
            else:
                want = engine_period(layout, [net], item, rows, start, end)
            check.same(dash[address].value, want, f"dashboard overview {net} {item}")
    assert (dash["E4"].value.date(), dash["F4"].value.date()) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    for k in layout.dashboard["kpis"]:
        net, kpi_id = k["network"], k["kpi"]
        value = engine_period(layout, [net], kpi_id, rows, start, end)
        previous = engine_period(layout, [net], kpi_id, rows, prev_start, prev_end)
        check.same(dash[k["value"]].value, value, f"dashboard {net} {kpi_id} value")
        check.same(dash[k["previous"]].value, previous, f"dashboard {net} {kpi_id} previous")
        if kpi_id and catalog.get(kpi_id).unit == "fraction":  # rates change in percentage points
            change = None if value is None or previous is None else (value - previous) * 100
        else:
            change = None if value is None or not previous else value / previous - 1
        check.same(dash[k["change"]].value, change, f"dashboard {net} {kpi_id} change")
        bench = benchmark_for(net, _variant(layout, net, kpi_id), kpi_id)
        bench_value = bench.value if bench else None
        if k["benchmark"]:
            # no benchmark measured with the chosen variant: the cell says so instead of staying blank
            check.same(dash[k["benchmark"]].value, bench_value if bench else label("wb_no_benchmark_variant", lang),
                       f"dashboard {net} {kpi_id} benchmark")
            # compared on the benchmark's own aggregate (median post, average post or ratio of sums), "not
            # comparable" where the network's data cannot meet its definition
            verdict: Any = None
            if value is not None and bench is None:
                verdict = label("wb_not_comparable", lang)
            elif value is not None:
                in_period = _in(rows[net], start, end)
                rates = [x for row in in_period if (x := kpixl.compute(
                    kpi_id, variant=_variant(layout, net, kpi_id), network=net,
                    **{f: row.get(f) for f, _ in layout.input_columns(net) if f != "published_at"})) is not None]
                compared = compared_value(bench.aggregate, rates, value)
                reported = {f for row in in_period for f, v in row.items() if isinstance(v, (int, float))}
                if not comparable(bench, reported.__contains__):
                    verdict = label("wb_not_comparable", lang)
                elif compared is not None:
                    verdict = compared / bench_value
            check.same(dash[k["vs_benchmark"]].value, verdict, f"dashboard {net} {kpi_id} vs benchmark")
        goal_status = dash[k["goal"]].value if k["goal"] else None
        kpi = catalog.get(kpi_id)
        ratio = dash[k["vs_benchmark"]].value if k["vs_benchmark"] else None  # checked above
        out = isinstance(ratio, float) and (ratio < 0.75 if kpi.direction == "higher" else ratio > 1 / 0.75)
        bad = goal_status in [label(c, lang) for c, lv in STATUS_LEVEL.items() if lv == 1]
        want_action = recommended(kpi_id, net, lang, layout.template) if (out or bad) else None
        if k["benchmark"] or k["goal"]:
            check.same(dash[k["action"]].value, want_action, f"dashboard {net} {kpi_id} action")
    monday = start + dt.timedelta(days=(3 - start.weekday()) % 7 - 3)  # the first week whose Thursday is in
    for w, week_cell in enumerate(layout.dashboard["trend_weeks"]):
        week_start = monday + dt.timedelta(days=7 * w)
        assert week_start.weekday() == 0 and start <= week_start + dt.timedelta(days=3) <= end
        check.same(dash[week_cell].value.date(), week_start, f"dashboard trend week {w}")
        for net in layout.networks:
            address = layout.dashboard["trend"][net][w]
            trend = spec.template.trend
            week_end = week_start + dt.timedelta(days=6)  # whole weeks, even past the period's ends
            want = (field_sum(_in(rows[net], week_start, week_end), trend) if layout.has_column(net, trend)
                    else engine_period(layout, [net], trend, rows, week_start, week_end))
            check.same(dash[address].value, want, f"dashboard trend {net} week {w}")
    print(f"{case}: {check.count} cells compared")
    assert check.count > 500
