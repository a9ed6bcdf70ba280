"""Dashboard colours follow each KPI's direction: a fall in cost per engagement is green, a rise in engagement rate
is green; the benchmark traffic lights agree with the recommended-action formula for both directions."""

from __future__ import annotations

import warnings

import openpyxl
import pytest
from openpyxl.worksheet.cell_range import CellRange

from kpixl.catalog import kpi as catalog
from kpixl.workbook import Layout
from tests.workbook.conftest import make

RED, GREEN = "F8696B", "63BE7B"


@pytest.fixture(scope="module", params=["social", "influencer"])
def dashboard(request, tmp_path_factory):
    path = make(tmp_path_factory.mktemp("colours"), request.param, "en", size=10)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(path)
    layout = Layout.from_workbook(wb)
    return wb[layout.sheet_name("dashboard")], layout


def _rules(ws, address: str, kind: str) -> list:
    """The conditional-format rules of `kind` that cover one cell."""
    cell = CellRange(address)
    return [rule for cf in ws.conditional_formatting for rule in cf.rules
            if rule.type == kind and any(cell.issubset(CellRange(str(r))) for r in cf.sqref.ranges)]


def _icon(rule, value: float) -> int:
    """Which of the three lights (0 red, 1 amber, 2 green) an icon-set rule shows for a value."""
    bucket = 0
    for i, threshold in enumerate(rule.iconSet.cfvo[1:], start=1):
        limit = float(threshold.val)
        if value > limit or (value == limit and threshold.gte is not False):
            bucket = i
    return 2 - bucket if rule.iconSet.reverse else bucket


def test_change_scale_paints_a_fall_green_for_lower_is_better(dashboard):
    ws, layout = dashboard
    directions = set()
    for k in layout.dashboard["kpis"]:
        (rule,) = _rules(ws, k["change"], "colorScale")
        low, _, high = (c.rgb[-6:] for c in rule.colorScale.color)
        direction = catalog.get(k["kpi"]).direction
        directions.add(direction)
        assert (low, high) == ((RED, GREEN) if direction == "higher" else (GREEN, RED)), k
    assert directions == {"higher", "lower"}


def test_benchmark_lights_agree_with_the_action_rule(dashboard):
    ws, layout = dashboard
    tolerance = layout.setting("benchmark_tolerance").value
    for k in layout.dashboard["kpis"]:
        if not k["vs_benchmark"]:
            continue
        (rule,) = _rules(ws, k["vs_benchmark"], "iconSet")
        if catalog.get(k["kpi"]).direction == "higher":
            cases = {1.2: 2, 1.0: 2, 0.9: 1, tolerance: 1, 0.5: 0}
        else:
            cases = {0.5: 2, 1.0: 2, 1.1: 1, 1 / tolerance: 1, 1.5: 0}
        assert {ratio: _icon(rule, ratio) for ratio in cases} == cases, k
