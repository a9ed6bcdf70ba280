"""Every KPI variant and every goal rule, written as Excel formulas, recalculated by LibreOffice and compared with
the engine cell by cell (rel tol 1e-9, blank where the engine says no value)."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import kpixl
from kpixl.catalog.expr import BinOp, Expr, inputs_of, params_of, walk
from kpixl.catalog.kpi import NETWORK_INTERACTIONS, catalog
from kpixl.render import excel_formula
from kpixl.render.engine import evaluate_scalar
from kpixl.report.goals import DIRECTIONS, KINDS, Goal, rules
from tests.libreoffice import recalculate, require_soffice

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

REL_TOL = 1e-9
ABS_TOL = 1e-12  # LibreOffice rounds a difference of nearly equal numbers to exactly 0 (approxSub)

# Non-default parameter values, so the test proves formulas read the Settings cells.
PARAMS = {"emv_cpm": 12.5, "emv_like": 0.2, "emv_comment": 0.7, "emv_share": 1.5, "emv_vpm": 0.08,
          "emv_engagement": 0.15}


def _blank(value: Any) -> bool:
    return value is None or value == ""


def negative_power_base(expr: Expr, inputs: dict[str, Any]) -> bool:
    """Whether some `x ^ y` in the expression has x < 0 on these inputs.

    Excel and LibreOffice take odd roots of negatives ((-1)^(1/7) = -1) and so does the engine;
    `test_negative_base_powers_match` makes sure such rows are really exercised.
    """
    for node in walk(expr):
        if isinstance(node, BinOp) and node.op == "^":
            base = evaluate_scalar(node.left, inputs)
            if base is not None and base < 0:
                return True
    return False


def _matches(cell: Any, expected: Any) -> bool:
    if expected is None:
        return _blank(cell)
    if isinstance(expected, str):
        return cell == expected
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        return False
    return math.isclose(cell, expected, rel_tol=REL_TOL, abs_tol=ABS_TOL)


# ---------------------------------------------------------------------------------------------------------------
# KPI formulas


@dataclass(frozen=True)
class Column:
    """One formula column: a KPI variant, expanded for one network's defaults (or generic)."""

    kpi: str
    variant: str
    network: str | None
    expr: Expr

    @property
    def title(self) -> str:
        return f"{self.kpi}:{self.variant}:{self.network or '-'}"


def kpi_columns() -> list[Column]:
    """Every variant of every KPI, plus each network's expansion where it changes the formula."""
    columns: list[Column] = []
    for kpi in catalog().values():
        for variant in kpi.variant_ids:
            seen: list[Expr] = []
            for network in (None, *NETWORK_INTERACTIONS):
                expr = kpi.expression(variant, network=network)
                if expr in seen:
                    continue
                seen.append(expr)
                columns.append(Column(kpi.id, variant, network, expr))
    return columns


def random_value(rng: random.Random) -> float | int | None:
    """Counts, money and rates, with blanks, zeros and the odd negative (LinkedIn deletions)."""
    roll = rng.random()
    if roll < 0.12:
        return None
    if roll < 0.27:
        return 0
    if roll < 0.30:
        return -rng.randint(1, 50)
    if roll < 0.65:
        return rng.randint(1, 20_000)
    if roll < 0.80:
        return rng.randint(1, 12)
    return round(rng.uniform(0.01, 5000), rng.randint(0, 4))


@pytest.fixture(scope="module")
def kpi_sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Column], list[dict[str, Any]], Any]:
    require_soffice()
    columns = kpi_columns()
    names = sorted({name for c in columns for name in inputs_of(c.expr)})
    rng = random.Random(20260401)
    rows: list[dict[str, Any]] = [dict.fromkeys(names, 0), dict.fromkeys(names, 1)]
    rows += [{name: random_value(rng) for name in names} for _ in range(150)]

    wb = openpyxl.Workbook()
    settings = wb.active
    settings.title = "Settings"
    param_refs: dict[str, str] = {}
    for r, (name, value) in enumerate(PARAMS.items(), start=1):
        settings.cell(r, 1, name)
        settings.cell(r, 2, value)
        param_refs[name] = f"Settings!$B${r}"
    sheet = wb.create_sheet("KPIs")
    letters = {name: get_column_letter(j) for j, name in enumerate(names, start=1)}
    for name, letter in letters.items():
        sheet[f"{letter}1"] = name
    first = len(names) + 1
    for j, column in enumerate(columns, start=first):
        sheet.cell(1, j, column.title)
    for r, row in enumerate(rows, start=2):
        for name, value in row.items():
            if value is not None:
                sheet[f"{letters[name]}{r}"] = value
        refs = {name: f"{letter}{r}" for name, letter in letters.items()}
        for j, column in enumerate(columns, start=first):
            sheet.cell(r, j, excel_formula.formula(column.expr, refs, params=param_refs))
    workdir = tmp_path_factory.mktemp("lo_kpis")
    path = workdir / "kpis.xlsx"
    wb.save(path)
    recalculated = openpyxl.load_workbook(recalculate(path, workdir / "out"), data_only=True)["KPIs"]
    values = [[cell.value for cell in row] for row in recalculated.iter_rows(min_row=2, min_col=first)]
    return columns, rows, values


def test_every_kpi_variant_formula_matches_the_engine(kpi_sheet):
    columns, rows, values = kpi_sheet
    assert len(values) == len(rows)
    mismatches = []
    defined = dict.fromkeys((c.title for c in columns), 0)
    for row, cells in zip(rows, values, strict=True):
        for column, cell in zip(columns, cells, strict=False):
            inputs = {name: row[name] for name in inputs_of(column.expr)}
            extra = {p: PARAMS[p] for p in params_of(column.expr)}
            expected = kpixl.compute(column.kpi, variant=column.variant, network=column.network, **inputs, **extra)
            if expected is not None:
                defined[column.title] += 1
            if not _matches(cell, expected):
                mismatches.append(f"{column.title} inputs={inputs}: LibreOffice {cell!r}, engine {expected!r}")
    assert not mismatches, f"{len(mismatches)} mismatches, first ones:\n" + "\n".join(mismatches[:15])
    never = [title for title, count in defined.items() if count < 3]
    assert not never, f"too few rows with a value to test: {never}"


def test_negative_base_powers_match(kpi_sheet):
    """Odd roots of negative numbers (weekly growth from a negative count) are real, as in the spreadsheet."""
    columns, rows, values = kpi_sheet
    checked = 0
    for row, cells in zip(rows, values, strict=True):
        for column, cell in zip(columns, cells, strict=False):
            inputs = {name: row[name] for name in inputs_of(column.expr)}
            if negative_power_base(column.expr, inputs) and not _blank(cell):
                checked += 1
                assert _matches(cell, kpixl.compute(column.kpi, variant=column.variant, **inputs))
    assert checked


# ---------------------------------------------------------------------------------------------------------------
# Goal rules

START, DEADLINE = dt.date(2026, 4, 1), dt.date(2026, 4, 30)
DAYS = (dt.date(2026, 3, 15), dt.date(2026, 3, 31), START, dt.date(2026, 4, 2), dt.date(2026, 4, 15),
        dt.date(2026, 4, 29), DEADLINE, dt.date(2026, 5, 1), dt.date(2026, 7, 1))
GOAL_CELLS = ("actual", "baseline", "target", "low", "high", "start", "deadline", "on", "on_track_at", "behind_at")


def goal_cases() -> list[tuple[Goal, float | None, dt.date]]:
    """A grid of goals (every direction and kind, thresholds, target = baseline) × actual values × dates."""
    setups: dict[str, list[dict[str, Any]]] = {
        "increase": [dict(baseline=100, target=200), dict(baseline=0, target=1000), dict(baseline=50, target=50)],
        "decrease": [dict(baseline=8, target=5), dict(baseline=0.5, target=0.2), dict(baseline=5, target=5)],
        "stay_above": [dict(target=0.03)],
        "stay_below": [dict(target=300)],
        "range": [dict(target=0.04, low=0.02, high=0.06)],
    }
    actuals: dict[str, list[float | None]] = {
        "increase": [None, 0, 40, 100, 130, 150, 160, 199.5, 200, 250, 1000, 1500],
        "decrease": [None, 9, 8, 7.5, 6, 5.2, 5, 4, 0.5, 0.35, 0.2, 0.1],
        "stay_above": [None, 0.01, 0.03, 0.05],
        "stay_below": [None, 200, 300, 301],
        "range": [None, 0.01, 0.02, 0.04, 0.06, 0.07],
    }
    cases = []
    for direction in DIRECTIONS:
        for kind in KINDS:
            for setup in setups[direction]:
                for thresholds in (dict(), dict(on_track_at=0.8, behind_at=0.5)):
                    goal = Goal("engagement_rate", start=START, deadline=DEADLINE, direction=direction, kind=kind,
                                **setup, **thresholds)
                    cases += [(goal, actual, day) for actual in actuals[direction] for day in DAYS]
    return cases


@pytest.fixture(scope="module")
def goal_sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple[Goal, Any, dt.date]], list[Any]]:
    require_soffice()
    cases = goal_cases()
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.title = "Goals"
    letters = {name: get_column_letter(j) for j, name in enumerate(GOAL_CELLS, start=1)}
    outputs = list(rules("increase", "level"))
    for name, letter in letters.items():
        sheet[f"{letter}1"] = name
    for j, name in enumerate(outputs, start=len(GOAL_CELLS) + 1):
        sheet.cell(1, j, name)
    for r, (goal, actual, day) in enumerate(cases, start=2):
        cells = {**goal.values(actual, day), "start": goal.start, "deadline": goal.deadline, "on": day}
        for name, letter in letters.items():
            if cells[name] is not None:
                sheet[f"{letter}{r}"] = cells[name]
        refs = {name: f"{letter}{r}" for name, letter in letters.items()}
        params = {"on_track_at": refs["on_track_at"], "behind_at": refs["behind_at"]}
        for j, expr in enumerate(rules(goal.direction, goal.kind).values(), start=len(GOAL_CELLS) + 1):
            sheet.cell(r, j, excel_formula.formula(expr, refs, params=params))
    workdir = tmp_path_factory.mktemp("lo_goals")
    path = workdir / "goals.xlsx"
    wb.save(path)
    recalculated = openpyxl.load_workbook(recalculate(path, workdir / "out"), data_only=True)["Goals"]
    values = [[cell.value for cell in row] for row in recalculated.iter_rows(min_row=2, min_col=len(GOAL_CELLS) + 1)]
    return cases, values


def test_every_goal_rule_formula_matches_goal_evaluate(goal_sheet):
    cases, values = goal_sheet
    assert len(values) == len(cases)
    outputs = list(rules("increase", "level"))
    mismatches = []
    statuses = set()
    for (goal, actual, day), cells in zip(cases, values, strict=True):
        result = goal.evaluate(actual, on=day)
        for name, cell in zip(outputs, cells, strict=False):
            expected = getattr(result, name)
            if name == "status" and actual is None and day < goal.start:
                # Goal.evaluate reports "not_started" with no actual yet; the formula is blank (no input).
                assert expected == "not_started" and _blank(cell)
                continue
            if name == "status":
                statuses.add(expected)
            if not _matches(cell, expected):
                mismatches.append(f"{goal.direction}/{goal.kind} baseline={goal.baseline} target={goal.target} "
                                  f"actual={actual} on={day} {name}: LibreOffice {cell!r}, engine {expected!r}")
    assert not mismatches, f"{len(mismatches)} mismatches, first ones:\n" + "\n".join(mismatches[:15])
    assert {"not_started", "on_track", "behind", "at_risk", "achieved", "missed"} <= statuses
