"""SMART goals: every edge case with a defined answer (reference §2)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpixl import Goal
from kpixl.errors import BadInputError, UnknownKpiError
from kpixl.report.goals import STATUS_LEVEL, STATUSES

START, DEADLINE = dt.date(2026, 4, 1), dt.date(2026, 4, 30)  # 30 days, counting both ends
MID = dt.date(2026, 4, 15)  # elapsed exactly 0.5


def increase(**kw) -> Goal:
    return Goal("engagement_rate", **{"baseline": 100, "target": 200, "start": START, "deadline": DEADLINE, **kw})


def test_baseline_progress_worked_example():
    assert increase().evaluate(150, on=MID).progress == pytest.approx(0.5)
    assert increase(baseline=5, target=25).evaluate(15, on=MID).progress == pytest.approx(0.5)  # not 60 %


def test_target_equal_to_baseline_is_met_or_not():
    goal = increase(baseline=100, target=100)
    assert goal.evaluate(100, on=MID).progress == 1
    assert goal.evaluate(120, on=MID).progress == 1
    assert goal.evaluate(99, on=MID).progress == 0
    assert goal.evaluate(100, on=MID).status == "achieved"
    decrease = Goal("cpa", baseline=5, target=5, start=START, deadline=DEADLINE)
    assert decrease.evaluate(5, on=MID).progress == 1
    assert decrease.evaluate(6, on=MID).progress == 0


def test_before_the_start():
    result = increase().evaluate(150, on=dt.date(2026, 3, 31))
    assert result.expected_progress == 0
    assert result.expected_value == 100
    assert result.status == "not_started"
    assert result.level == 0
    assert increase().evaluate(None, on="2026-03-01").status == "not_started"


def test_on_the_start_day_one_day_has_elapsed():
    result = increase().evaluate(100, on=START)
    assert result.expected_progress == pytest.approx(1 / 30)
    assert result.expected_value == pytest.approx(100 + 100 / 30)
    assert result.progress == 0
    assert result.status == "at_risk"  # no progress while 1/30 was expected


def test_half_way_is_half_expected():
    result = increase().evaluate(150, on=MID)
    assert result.expected_progress == pytest.approx(0.5)
    assert result.expected_value == pytest.approx(150)
    assert result.status == "on_track"


def test_on_the_deadline():
    result = increase().evaluate(196, on=DEADLINE)
    assert result.expected_progress == 1
    assert result.expected_value == 200
    assert result.status == "on_track"  # 96 % ≥ 95 % of expected, the period is not over yet
    assert increase().evaluate(180, on=DEADLINE).status == "behind"
    assert increase().evaluate(200, on=DEADLINE).status == "achieved"


def test_after_the_deadline():
    assert increase().evaluate(199, on=dt.date(2026, 5, 1)).status == "missed"
    assert increase().evaluate(200, on=dt.date(2026, 5, 1)).status == "achieved"
    result = increase().evaluate(150, on=dt.date(2026, 12, 1))
    assert result.expected_progress == 1 and result.status == "missed" and result.level == 1


def test_overshoot_is_not_clamped():
    result = increase().evaluate(250, on=MID)
    assert result.progress == pytest.approx(1.5)
    assert result.percent_of_target == pytest.approx(1.25)
    assert result.status == "achieved" and result.level == 3


def test_wrong_direction_gives_negative_progress_and_at_risk():
    result = increase().evaluate(80, on=MID)
    assert result.progress == pytest.approx(-0.2)
    assert result.status == "at_risk"
    worse = Goal("cpa", baseline=8, target=5, start=START, deadline=DEADLINE).evaluate(9, on=MID)
    assert worse.progress == pytest.approx(-1 / 3)
    assert worse.status == "at_risk"


def test_decrease_goal():
    goal = Goal("cpa", baseline=8, target=5, start=START, deadline=DEADLINE)
    assert goal.direction == "decrease"
    result = goal.evaluate(6, on=MID)
    assert result.progress == pytest.approx(2 / 3)
    assert result.expected_value == pytest.approx(6.5)
    assert result.status == "on_track"
    assert goal.evaluate(5, on=MID).status == "achieved"
    assert goal.evaluate(4, on=MID).progress == pytest.approx(4 / 3)
    assert goal.evaluate(7, on=MID).status == "at_risk"  # 1/3 < 0.75 × 0.5


def test_status_bands_use_default_thresholds():
    goal = increase()
    assert goal.evaluate(100 + 100 * 0.95 * 0.5, on=MID).status == "on_track"
    assert goal.evaluate(100 + 100 * 0.94 * 0.5, on=MID).status == "behind"
    assert goal.evaluate(100 + 100 * 0.75 * 0.5, on=MID).status == "behind"
    assert goal.evaluate(100 + 100 * 0.74 * 0.5, on=MID).status == "at_risk"


def test_configurable_thresholds():
    strict = increase(on_track_at=1.0, behind_at=0.9)
    loose = increase(on_track_at=0.8, behind_at=0.5)
    actual = 100 + 100 * 0.42  # progress 0.42 at elapsed 0.5
    assert increase().evaluate(actual, on=MID).status == "behind"
    assert loose.evaluate(actual, on=MID).status == "on_track"
    assert strict.evaluate(actual, on=MID).status == "at_risk"
    assert loose.evaluate(100 + 100 * 0.3, on=MID).status == "behind"


@pytest.mark.parametrize("direction", ["stay_above", "stay_below"])
def test_threshold_goals_are_met_or_not(direction):
    goal = Goal("engagement_rate", target=0.03, start=START, deadline=DEADLINE, direction=direction)
    good, bad = (0.04, 0.02) if direction == "stay_above" else (0.02, 0.04)
    met, unmet = goal.evaluate(good, on=MID), goal.evaluate(bad, on=MID)
    assert (met.progress, met.status, met.expected_progress, met.expected_value) == (1, "on_track", 1, 0.03)
    assert (unmet.progress, unmet.status) == (0, "at_risk")
    assert goal.evaluate(0.03, on=MID).progress == 1  # the threshold itself counts as met
    assert goal.evaluate(good, on=dt.date(2026, 5, 2)).status == "achieved"
    assert goal.evaluate(bad, on=dt.date(2026, 5, 2)).status == "missed"
    before = goal.evaluate(good, on=dt.date(2026, 3, 1))
    assert (before.status, before.expected_progress) == ("not_started", 0)
    assert met.projection is None
    # 100 % and more when met, whichever way is better
    assert met.percent_of_target == pytest.approx(good / 0.03 if direction == "stay_above" else 0.03 / good)


def test_range_goal():
    goal = Goal("frequency", target=2.5, low=2, high=3, start=START, deadline=DEADLINE, direction="range")
    inside = goal.evaluate(2.5, on=MID)
    assert (inside.progress, inside.status, inside.percent_of_target, inside.expected_value) == (
        1, "on_track", None, None)
    assert goal.evaluate(2, on=MID).progress == 1 and goal.evaluate(3, on=MID).progress == 1
    assert goal.evaluate(1.9, on=MID).status == "at_risk"
    assert goal.evaluate(3.1, on=MID).progress == 0
    assert goal.evaluate(3.1, on=dt.date(2026, 6, 1)).status == "missed"
    assert goal.evaluate(2.2, on=dt.date(2026, 6, 1)).status == "achieved"


def test_cumulative_projection_is_the_run_rate():
    goal = Goal("new_followers", target=1000, start=START, deadline=DEADLINE)
    assert goal.kind == "cumulative"
    assert goal.evaluate(485, on=MID).projection == pytest.approx(970)
    assert goal.evaluate(485, on=dt.date(2026, 3, 1)).projection is None  # nothing elapsed yet
    level = Goal("engagement_rate", baseline=0.02, target=0.03, start=START, deadline=DEADLINE)
    assert level.kind == "level" and level.evaluate(0.025, on=MID).projection is None
    with_baseline = Goal("new_followers", baseline=100, target=1100, start=START, deadline=DEADLINE)
    assert with_baseline.evaluate(400, on=MID).projection == pytest.approx(700)


def test_percent_of_target_with_zero_target_is_no_value():
    goal = Goal("net_follower_growth", baseline=-50, target=0, start=START, deadline=DEADLINE)
    result = goal.evaluate(-10, on=MID)
    assert result.percent_of_target is None
    assert result.progress == pytest.approx(0.8)


def test_one_day_goal():
    goal = increase(start=START, deadline=START)
    assert goal.evaluate(150, on=START).expected_progress == 1
    assert goal.evaluate(150, on=START).status == "at_risk"  # 0.5 < 0.75 × 1
    assert goal.evaluate(180, on=START).status == "behind"
    assert goal.evaluate(200, on=START).status == "achieved"


def test_missing_actual_during_the_period_gives_no_values():
    result = increase().evaluate(None, on=MID)
    assert result.progress is None and result.status is None and result.level == 0


def test_defaults_follow_the_kpi():
    assert Goal("cpa", baseline=8, target=5, start=START, deadline=DEADLINE).direction == "decrease"
    assert Goal("reach", target=5, start=START, deadline=DEADLINE).direction == "increase"
    assert Goal("leads", target=5, start=START, deadline=DEADLINE).kind == "cumulative"
    assert Goal("ctr", target=0.05, start=START, deadline=DEADLINE).kind == "level"
    assert Goal("CTR", target=0.05, start=START, deadline=DEADLINE).kpi == "ctr"


def test_dates_as_strings_and_datetimes():
    goal = Goal("reach", baseline=0, target=100, start="2026-04-01", deadline="2026-04-30")
    assert goal.start == START and goal.deadline == DEADLINE
    assert goal.evaluate(50, on="2026-04-15").expected_progress == pytest.approx(0.5)
    assert goal.evaluate(50, on=dt.datetime(2026, 4, 15, 23, 59)).expected_progress == pytest.approx(0.5)
    with pytest.raises(BadInputError, match="YYYY-MM-DD"):
        goal.evaluate(50, on="15/04/2026")


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(start=DEADLINE, deadline=START), "before its start"),
    (dict(baseline=200, target=100, direction="increase"), "below baseline"),
    (dict(baseline=100, target=200, direction="decrease"), "above baseline"),
    (dict(direction="range"), r"needs both bounds, low and high \(missing: low, high\)"),
    (dict(direction="range", low=1), r"\(missing: high\)"),
    (dict(direction="range", high=1), r"\(missing: low\)"),
    (dict(direction="range", low=3, high=2), r"low <= high \(got low 3, high 2\)"),
    (dict(direction="sideways"), "unknown goal direction"),
    (dict(kind="monthly"), "unknown goal kind"),
    (dict(on_track_at=0.5, behind_at=0.8), "thresholds"),
    (dict(behind_at=-0.1), "thresholds"),
])
def test_validation_errors(kwargs, message):
    base = dict(kpi="reach", baseline=100, target=200, start=START, deadline=DEADLINE)
    with pytest.raises(BadInputError, match=message):
        Goal(**{**base, **kwargs})


def test_unknown_kpi():
    with pytest.raises(UnknownKpiError):
        Goal("folowers_count_x", target=1, start=START, deadline=DEADLINE)


def test_status_levels_cover_every_status():
    assert set(STATUS_LEVEL) == set(STATUSES)
    assert STATUS_LEVEL["achieved"] == STATUS_LEVEL["on_track"] == 3
    assert STATUS_LEVEL["behind"] == 2 and STATUS_LEVEL["at_risk"] == STATUS_LEVEL["missed"] == 1
