"""The engine's evidence rules (issue 19): a best day × hour slot or format needs enough posts; posts without a
publish time (date-only exports, read at 00:00:00) stay out of the heat map and are counted instead."""

from __future__ import annotations

import datetime as dt

from kpixl.report import posts as report


def _post(net: str, index: int, when: dt.datetime, rate: float, kind: str = "image") -> report.Post:
    return report.Post(net, index, when, kind, rate=rate)


TUESDAY_18 = dt.datetime(2025, 3, 4, 18, 30)
ONE_TIKTOK = {"tiktok": [_post("tiktok", 1, TUESDAY_18, 0.09)],
              "x": [_post("x", i, dt.datetime(2025, 3, 3 + i), 0.02) for i in range(1, 13)]}


def test_a_post_without_a_publish_time_is_not_in_the_map_and_is_counted():
    assert report.untimed_count(ONE_TIKTOK) == 12
    midnight = [report.heat_count(ONE_TIKTOK, day, 0) for day in range(1, 8)]
    assert midnight == [0] * 7  # the date-only X posts no longer fill the 00–03 column
    assert report.heat_count(ONE_TIKTOK, 2, 18) == 1


def test_one_post_is_not_a_best_time():
    assert report.best_slot(ONE_TIKTOK, 5) is None
    assert report.best_slot(ONE_TIKTOK, 1) == (2, 7, 1.0, 1)  # Tuesday, 18–21 h, its network's median, n = 1


def test_the_best_format_needs_enough_posts():
    stats = [("carousel", 1, 3.2), ("image", 7, 1.1), ("video", 6, 0.9), (None, 0, None)]
    assert report.best_format(stats, 5) == ("image", 7, 1.1)
    assert report.best_format(stats, 8) is None


def test_the_best_post_across_networks_is_ranked_against_its_network_not_on_raw_interactions():
    day = dt.datetime(2026, 11, 3, 12, 0)
    instagram = [report.Post("instagram", i, day, "reel", engagements=e) for i, e in enumerate((600, 500, 480), 1)]
    x = [report.Post("x", i, day, engagements=e) for i, e in enumerate((400, 50, 40), 1)]  # 8× its typical post
    best = report.top_overall({"instagram": instagram, "x": x}, "engagements", 2)
    assert [(p.network, p.engagements) for p in best] == [("x", 400), ("instagram", 600)]
    assert report.relative_metric(best[0], "engagements", report.median_engagements(x)) == 8
