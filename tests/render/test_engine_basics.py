"""Worked examples from the reference's sources, computed through the public API."""

from __future__ import annotations

import math

import pytest

import kpixl
from kpixl.errors import BadInputError, MissingInputError, UnknownKpiError


def test_engagement_rate_by_reach_worked_example():
    assert kpixl.compute("engagement_rate", variant="reach", likes=80, comments=15, shares=5, reach=2000) == 0.05


def test_network_defaults_choose_numerator_and_denominator():
    # X: likes + replies + reposts + clicks over impressions
    assert kpixl.compute("engagement_rate", network="x", likes=10, comments=2, shares=3, clicks=5,
                         impressions=400) == pytest.approx(20 / 400)
    # Instagram counts saves and divides by reach
    assert kpixl.compute("engagement_rate", network="instagram", likes=10, comments=2, shares=3, saves=5,
                         reach=100) == pytest.approx(0.2)


def test_roi_and_roas_example_from_reference():
    # spend 1,000, revenue 5,000, total costs 3,000 → ROAS 5.0, ROI 67 %
    assert kpixl.compute("roas", revenue=5000, spend=1000) == 5.0
    assert kpixl.compute("roi", revenue=5000, spend=3000) == pytest.approx(2 / 3)
    assert kpixl.compute("roi", revenue=500, spend=1000) == -0.5


def test_net_sentiment_variants_example():
    # 80 positive, 20 negative, 100 neutral → 60 % neutral excluded, 30 % included
    assert kpixl.compute("net_sentiment", positive=80, negative=20, neutral=100) == pytest.approx(0.6)
    assert kpixl.compute("net_sentiment", variant="include_neutral", positive=80, negative=20,
                         neutral=100) == pytest.approx(0.3)


def test_average_rating_is_pooled_not_mean_of_means():
    assert kpixl.aggregate("average_rating", rating=[4.5, 3.0], reviews=[100, 10]) == pytest.approx(480 / 110)


def test_zero_denominator_and_missing_input_are_no_value():
    assert kpixl.compute("ctr", clicks=5, impressions=0) is None
    assert kpixl.compute("ctr", clicks=None, impressions=10) is None
    assert kpixl.compute("ctr", clicks=[1, 2, None], impressions=[10, 0, 5]) == [0.1, None, None]


def test_numpy_and_pandas_broadcast():
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    result = kpixl.compute("cpm", spend=np.array([10.0, 5.0]), impressions=np.array([2000, 0]))
    assert result[0] == pytest.approx(5.0) and math.isnan(result[1])
    series = kpixl.compute("cpc", spend=pd.Series([10.0, 4.0], index=["a", "b"]), clicks=2)
    assert list(series.index) == ["a", "b"] and series["b"] == 2.0


def test_errors_name_the_problem():
    with pytest.raises(UnknownKpiError, match="did you mean engagement_rate"):
        kpixl.compute("engagment_rate", likes=1)
    with pytest.raises(MissingInputError, match="impressions"):
        kpixl.compute("cpm", spend=1)
    with pytest.raises(BadInputError, match="'likes'"):
        kpixl.compute("ctr", clicks="many", impressions=10) if False else kpixl.compute(
            "engagements", interactions=["likes"], likes="many")
    with pytest.raises(BadInputError, match="variant"):
        kpixl.compute("ctr", variant="nope", clicks=1, impressions=1)


def test_goal_worked_examples():
    # runner 5 → 25, now 15 → 50 %
    g = kpixl.Goal("followers", baseline=5, target=25, start="2026-01-01", deadline="2026-12-31")
    assert g.evaluate(15, on="2026-06-01").progress == pytest.approx(0.5)
    # churn-style decrease 8 → 5, actual 6 → 2/3
    g = kpixl.Goal("cpa", baseline=8, target=5, start="2026-01-01", deadline="2026-12-31")
    assert g.evaluate(6, on="2026-06-01").progress == pytest.approx(2 / 3)
    # April 1–30 goal on April 15 → expected 50 %; run-rate projection doubles the actual
    g = kpixl.Goal("new_followers", target=1000, start="2026-04-01", deadline="2026-04-30")
    result = g.evaluate(485, on="2026-04-15")
    assert result.expected_progress == pytest.approx(0.5)
    assert result.projection == pytest.approx(970)
    assert result.status == "on_track"
    assert g.evaluate(300, on="2026-04-15").status == "at_risk"
    assert g.evaluate(400, on="2026-04-15").status == "behind"
    assert g.evaluate(1000, on="2026-04-02").status == "achieved"
    assert g.evaluate(999, on="2026-05-01").status == "missed"
    assert g.evaluate(None, on="2026-03-01").status == "not_started"


def test_a_negative_infinite_base_to_a_fractional_power_is_no_value_on_arrays_too():
    """-1 / 2.2e-313 overflows to -inf; (-inf) ^ -0.5 is 0 in IEEE arithmetic but no real number: the array path
    gives no value, as the scalar path does (found by the property test)."""
    import numpy as np

    scalar = kpixl.compute("follower_growth_rate", variant="weekly", followers_end=-1, followers_start=2.2e-313,
                           weeks=-2)
    array = kpixl.compute("follower_growth_rate", variant="weekly", followers_end=np.array([-1.0]),
                          followers_start=np.array([2.2e-313]), weeks=np.array([-2.0]))
    assert scalar is None and np.isnan(array[0])
