"""Properties of the engine that hold for every KPI and variant of the catalog (hypothesis)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import kpixl
from kpixl.catalog.expr import Expr, inputs_of, presence_groups, split_ratio
from kpixl.catalog.kpi import NETWORK_INTERACTIONS, catalog
from kpixl.render.engine import evaluate, evaluate_scalar
from kpixl.report.goals import DIRECTIONS, KINDS, Goal, rules

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _variants() -> list[tuple[str, str, str | None, Expr]]:
    """(kpi, variant, network, expression) for every variant, generic and per network where it differs."""
    out = []
    for kpi in catalog().values():
        for variant in kpi.variant_ids:
            seen: list[Expr] = []
            for network in (None, *NETWORK_INTERACTIONS):
                expr = kpi.expression(variant, network=network)
                if expr not in seen:
                    seen.append(expr)
                    out.append((kpi.id, variant, network, expr))
    return out


VARIANTS = _variants()
RATIOS = [case for case in VARIANTS if (parts := split_ratio(case[3])) is not None and inputs_of(parts[1])]
"""Ratio KPIs whose denominator is an input (EMV's `/ 1000` is a constant, not a ratio)."""
IDS = [f"{k}:{v}:{n or '-'}" for k, v, n, _ in VARIANTS]

counts = st.integers(min_value=0, max_value=1_000_000)
amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
cell = st.one_of(
    st.just(0),
    st.none(),
    st.just(float("nan")),
    counts,
    amounts,
    st.integers(min_value=-1000, max_value=-1),
)


def _same(a: Any, b: Any) -> bool:
    """Equal values, or both "no value" (None or NaN)."""
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _float_array(values: list[Any]) -> Any:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


@st.composite
def columns_for(draw: st.DrawFn, names: tuple[str, ...], size: int = 6) -> dict[str, list[Any]]:
    return {name: draw(st.lists(cell, min_size=size, max_size=size)) for name in names}


# ---------------------------------------------------------------------------------------------------------------


@SETTINGS
@given(likes=counts, comments=counts, shares=counts, reach=st.integers(min_value=1, max_value=10**7),
       extra=st.integers(min_value=0, max_value=10**7))
def test_engagement_rate_by_impressions_never_exceeds_by_reach(likes, comments, shares, reach, extra):
    inputs = dict(likes=likes, comments=comments, shares=shares, reach=reach, impressions=reach + extra)
    by_impressions = kpixl.compute("engagement_rate", variant="impressions", **inputs)
    by_reach = kpixl.compute("engagement_rate", variant="reach", **inputs)
    assert by_impressions <= by_reach


@SETTINGS
@given(baseline=st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
       gap=st.floats(min_value=0, max_value=1e6, allow_nan=False),
       days=st.integers(min_value=0, max_value=400), on=st.integers(min_value=-30, max_value=500),
       kind=st.sampled_from(KINDS))
def test_goal_progress_is_exactly_one_at_target(baseline, gap, days, on, kind):
    import datetime as dt

    start = dt.date(2026, 1, 1)
    deadline = start + dt.timedelta(days=days)
    day = start + dt.timedelta(days=on)
    for direction in DIRECTIONS:
        if direction == "increase":
            goal = Goal("reach", baseline=baseline, target=baseline + gap, start=start, deadline=deadline,
                        direction=direction, kind=kind)
        elif direction == "decrease":
            goal = Goal("reach", baseline=baseline, target=baseline - gap, start=start, deadline=deadline,
                        direction=direction, kind=kind)
        elif direction == "range":
            goal = Goal("reach", target=baseline, low=baseline - gap, high=baseline + gap, start=start,
                        deadline=deadline, direction=direction, kind=kind)
        else:
            goal = Goal("reach", baseline=baseline, target=baseline + gap, start=start, deadline=deadline,
                        direction=direction, kind=kind)
        assert goal.evaluate(goal.target, on=day).progress == 1, direction


@pytest.mark.parametrize(("kpi_id", "variant", "network", "expr"), VARIANTS, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_scalar_list_array_series_agree(kpi_id, variant, network, expr, data):
    names = inputs_of(expr)
    cols = data.draw(columns_for(names))
    size = 6
    scalars = [kpixl.compute(kpi_id, variant=variant, network=network, **{n: cols[n][j] for n in names})
               for j in range(size)]
    as_list = kpixl.compute(kpi_id, variant=variant, network=network, **cols)
    as_array = kpixl.compute(kpi_id, variant=variant, network=network,
                             **{n: _float_array(cols[n]) for n in names})
    index = [f"r{j}" for j in range(size)]
    as_series = kpixl.compute(kpi_id, variant=variant, network=network,
                              **{n: pd.Series(_float_array(cols[n]), index=index) for n in names})
    assert isinstance(as_list, list) and isinstance(as_array, np.ndarray) and isinstance(as_series, pd.Series)
    assert list(as_series.index) == index
    for j in range(size):
        assert _same(scalars[j], as_list[j]), (j, scalars[j], as_list[j])
        assert _same(scalars[j], as_array[j]), (j, scalars[j], as_array[j])
        assert _same(scalars[j], as_series.iloc[j]), (j, scalars[j], as_series.iloc[j])
    for value in scalars:
        assert value is None or (isinstance(value, (int, float)) and math.isfinite(value))


GOAL_RULES = [(d, k, name, expr) for d in DIRECTIONS for k in KINDS for name, expr in rules(d, k).items()
              if inputs_of(expr)]


@pytest.mark.parametrize(("direction", "kind", "name", "expr"), GOAL_RULES,
                         ids=[f"{d}:{k}:{n}" for d, k, n, _ in GOAL_RULES])
@SETTINGS
@given(data=st.data())
def test_goal_rules_agree_on_scalars_and_arrays(direction, kind, name, expr, data):
    names = inputs_of(expr)
    day = st.integers(min_value=739_000, max_value=739_400)
    strategies = {n: (st.one_of(st.none(), day) if n in ("start", "deadline", "on") else cell) for n in names}
    cols = {n: data.draw(st.lists(strategies[n], min_size=5, max_size=5)) for n in names}
    scalars = [evaluate_scalar(expr, {n: cols[n][j] for n in names}) for j in range(5)]
    as_array = evaluate(expr, {n: _float_array(cols[n]) for n in names})
    for j in range(5):
        assert _same(scalars[j], as_array[j]), (j, {n: cols[n][j] for n in names}, scalars[j], as_array[j])


@pytest.mark.parametrize(("kpi_id", "variant", "network", "expr"), RATIOS,
                         ids=[f"{k}:{v}:{n or '-'}" for k, v, n, _ in RATIOS])
@SETTINGS
@given(data=st.data())
def test_zero_denominator_gives_no_value_never_zero(kpi_id, variant, network, expr, data):
    _, denominator = split_ratio(expr)
    zeroed = set(inputs_of(denominator))
    inputs = {n: (0 if n in zeroed else data.draw(st.one_of(counts, amounts), label=n)) for n in inputs_of(expr)}
    assert evaluate_scalar(denominator, inputs) == 0
    assert kpixl.compute(kpi_id, variant=variant, network=network, **inputs) is None
    arrays = {n: np.array([v, v], dtype=float) for n, v in inputs.items()}
    assert np.isnan(kpixl.compute(kpi_id, variant=variant, network=network, **arrays)).all()
    series = kpixl.compute(kpi_id, variant=variant, network=network, **{n: pd.Series(a) for n, a in arrays.items()})
    assert series.isna().all()


@pytest.mark.parametrize(("kpi_id", "variant", "network", "expr"), RATIOS,
                         ids=[f"{k}:{v}:{n or '-'}" for k, v, n, _ in RATIOS])
@SETTINGS
@given(data=st.data())
def test_ratio_of_sums_is_sum_of_numerators_over_sum_of_denominators(kpi_id, variant, network, expr, data):
    numerator, denominator = split_ratio(expr)
    names = inputs_of(expr)
    positive = st.one_of(st.none(), st.just(0), counts, amounts)
    cols = {n: data.draw(st.lists(positive, min_size=8, max_size=8), label=n) for n in names}
    groups = presence_groups(expr)  # a row counts when each group has a number (the engagements: one interaction)
    complete = [j for j in range(8) if all(any(cols[n][j] is not None for n in group) for group in groups)]
    num = sum(evaluate_scalar(numerator, {n: cols[n][j] for n in names}) for j in complete)
    den = sum(evaluate_scalar(denominator, {n: cols[n][j] for n in names}) for j in complete)
    expected = None if not complete or den == 0 else num / den
    got = kpixl.aggregate(kpi_id, how="ratio_of_sums", variant=variant, network=network, **cols)
    assert _same(got, expected), (got, expected)
    as_series = kpixl.aggregate(kpi_id, how="ratio_of_sums", variant=variant, network=network,
                                **{n: pd.Series(_float_array(cols[n])) for n in names})
    assert _same(as_series, expected)


def test_ratio_of_sums_by_hand():
    likes, comments, shares = [10, 20, None, 5, None], [1, 2, 3, 0, None], [0, 1, 1, 0, None]
    reach = [100, 0, 50, 400, 80]
    # row 3 does not report likes (counted 0: its comments and shares are there); row 5 reports no interaction at all
    # and stays out; row 2 has reach 0 but still counts in both sums
    expected = (10 + 1 + 0 + 20 + 2 + 1 + 0 + 3 + 1 + 5 + 0 + 0) / (100 + 0 + 50 + 400)
    assert kpixl.aggregate("engagement_rate", variant="reach", likes=likes, comments=comments, shares=shares,
                           reach=reach) == pytest.approx(expected)
    assert kpixl.aggregate("ctr", clicks=[1, 2], impressions=[0, 0]) is None
    assert kpixl.aggregate("ctr", clicks=[None, 2], impressions=[10, None]) is None


def test_power_of_no_value_stays_no_value_on_arrays():
    # regression: numpy's pow gives 1 for 1^NaN, so 1/weeks with weeks = 0 turned into growth 0 instead of no value
    result = kpixl.compute("follower_growth_rate", variant="weekly", followers_end=np.array([5.0, 4.0]),
                           followers_start=np.array([5.0, 1.0]), weeks=np.array([0.0, 2.0]))
    assert math.isnan(result[0]) and result[1] == pytest.approx(1.0)
    assert kpixl.compute("follower_growth_rate", variant="weekly", followers_end=5, followers_start=5, weeks=0) is None
