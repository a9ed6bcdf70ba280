"""A goal whose period is over gets its final status: evaluated after the deadline, or on the deadline of a closed
report period (a day that has ended), it is achieved or missed — never on track, behind or at risk. While the
deadline day runs (today) the status stays provisional."""

from __future__ import annotations

import datetime as dt

import pytest

from kpixl.report.goals import Goal

START, DEADLINE = dt.date(2025, 3, 1), dt.date(2025, 3, 31)


def _goal(**kw) -> Goal:
    return Goal("engagements", **{"baseline": 0, "target": 1000, "start": START, "deadline": DEADLINE, **kw})


@pytest.mark.parametrize(("actual", "provisional", "final"), [
    (980, "on_track", "missed"),  # 98 % of the way: on track while the day runs, missed once it is over
    (800, "behind", "missed"),
    (100, "at_risk", "missed"),
    (1000, "achieved", "achieved"),
])
def test_paced_goal_on_its_deadline(actual, provisional, final):
    assert _goal().evaluate(actual, on=DEADLINE).status == provisional
    assert _goal().evaluate(actual, on=DEADLINE, closed=True).status == final


@pytest.mark.parametrize("direction", ["stay_above", "stay_below", "range"])
def test_threshold_goal_on_its_deadline(direction):
    bounds = {"low": 0.01, "high": 0.03} if direction == "range" else {}
    goal = Goal("engagement_rate", target=0.02, start=START, deadline=DEADLINE, direction=direction, **bounds)
    good, bad = {"stay_above": (0.025, 0.01), "stay_below": (0.01, 0.025), "range": (0.02, 0.05)}[direction]
    assert goal.evaluate(good, on=DEADLINE).status == "on_track"
    assert goal.evaluate(bad, on=DEADLINE).status == "at_risk"
    assert goal.evaluate(good, on=DEADLINE, closed=True).status == "achieved"
    assert goal.evaluate(bad, on=DEADLINE, closed=True).status == "missed"


def test_closed_before_the_deadline_stays_provisional():
    """A report period that ended before the goal's deadline: the goal still runs."""
    mid = dt.date(2025, 3, 16)
    assert _goal().evaluate(500, on=mid, closed=True).status == "on_track"
    assert _goal().evaluate(100, on=mid, closed=True).status == "at_risk"
