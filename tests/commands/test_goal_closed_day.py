"""`kpixl goal --on` a past day judges a goal due that day finally (the day has ended): achieved or missed."""

from __future__ import annotations

import datetime as dt
import json

import pytest


@pytest.mark.parametrize(("actual", "status"), [(980, "missed"), (1000, "achieved")])
def test_goal_on_its_past_deadline_is_final(run_kpixl, actual, status):
    output = run_kpixl.output_of("goal", "engagements", "--target", "1000", "--start", "2025-03-01",
                                 "--deadline", "2025-03-31", "--actual", str(actual), "--on", "2025-03-31", "--json")
    assert json.loads(output)["status"] == status


def test_goal_due_today_stays_provisional(run_kpixl):
    today = dt.date.today().isoformat()
    output = run_kpixl.output_of("goal", "engagements", "--target", "1000", "--start", "2025-03-01",
                                 "--deadline", today, "--actual", "999", "--on", today, "--json")
    assert json.loads(output)["status"] == "on_track"


def test_spanish_labels_of_final_statuses(run_kpixl):
    output = run_kpixl.output_of("goal", "engagements", "--target", "1000", "--start", "2025-03-01",
                                 "--deadline", "2025-03-31", "--actual", "10", "--on", "2025-04-02", "--lang", "es")
    assert "No conseguido" in output
