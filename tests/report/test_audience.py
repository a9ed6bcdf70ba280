"""The pure audience core: derived net growth and totals, and the period definitions the Dashboard uses."""

from __future__ import annotations

import datetime as dt

from kpixl.report import audience

D = dt.date


def rows(*specs):
    return [{"network": net, "date": day, **figures} for net, day, figures in specs]


def test_net_growth_from_new_minus_unfollows_and_from_totals():
    table = rows(("x", D(2026, 7, 12), {"new_followers": 5, "lost_followers": 2}),
                 ("tiktok", D(2026, 2, 1), {"followers": 100}),
                 ("tiktok", D(2026, 2, 2), {"followers": 97}),
                 ("tiktok", D(2026, 2, 4), {"followers": 110}))  # Feb 3 missing: no difference across the gap
    derived = audience.derive(table)
    assert table[0]["net_followers"] == 3 and derived[0] == {"net_followers"}
    assert table[2]["net_followers"] == -3 and derived[2] == {"net_followers"}
    assert "net_followers" not in table[3] and 3 not in derived
    assert "net_followers" not in table[1]  # the day before Feb 1 is unknown


def test_totals_from_an_anchor_and_daily_net_growth_both_ways():
    table = rows(("x", D(2026, 7, 10), {"net_followers": 4}),
                 ("x", D(2026, 7, 11), {"net_followers": -1}),
                 ("x", D(2026, 7, 12), {"followers": 1000, "net_followers": 6}),
                 ("x", D(2026, 7, 13), {"new_followers": 9, "lost_followers": 1}),
                 ("x", D(2026, 7, 15), {"net_followers": 2}))  # after a gap: stays unknown
    derived = audience.derive(table)
    assert [r.get("followers") for r in table] == [995, 994, 1000, 1008, None]
    assert derived[0] == {"followers"} and derived[3] == {"net_followers", "followers"}
    assert 2 not in derived and 4 not in derived


def test_typed_or_exported_values_are_never_replaced():
    table = rows(("x", D(2026, 7, 12), {"new_followers": 5, "lost_followers": 2, "net_followers": 7}))
    assert audience.derive(table) == {} and table[0]["net_followers"] == 7


def test_period_figures_ignore_order_and_missing_days():
    table = rows(("tiktok", D(2026, 3, 3), {"followers": 130, "net_followers": 10}),
                 ("tiktok", D(2026, 2, 27), {"followers": 90, "net_followers": 5}),
                 ("tiktok", D(2026, 3, 1), {"followers": 120, "net_followers": 30}),
                 ("tiktok", D(2026, 3, 31), {"net_followers": None}),
                 ("x", D(2026, 3, 20), {"followers": 7}))
    start, end = D(2026, 3, 1), D(2026, 3, 31)
    assert audience.followers_end(table, "tiktok", start, end) == 130
    assert audience.followers_start(table, "tiktok", start, end) == 90
    assert audience.followers_start(table, "tiktok", D(2026, 2, 1), end) == 90  # data starts later: its first count
    assert audience.followers_start(table, "tiktok", D(2026, 4, 1), D(2026, 4, 30)) == 130
    assert audience.period_value("net_follower_growth", table, ["tiktok"], start, end) == 40
    assert audience.period_value("follower_growth_rate", table, ["tiktok"], start, end) == (130 - 90) / 90
    assert audience.period_value("new_followers", table, ["tiktok"], start, end) is None  # never a fake zero
    assert audience.period_value("net_follower_growth", table, ["tiktok", "x"], start, end) == 40
    assert audience.followers_at(table, "tiktok", D(2026, 3, 6)) == 130  # latest of the week before
    assert audience.followers_at(table, "tiktok", D(2026, 3, 10)) is None  # more than a week old: unknown
    index = audience.follower_index(table)
    for day in (D(2026, 2, 26) + dt.timedelta(days=k) for k in range(40)):
        for net in ("tiktok", "x"):
            assert audience.followers_at_indexed(index, net, day) == audience.followers_at(table, net, day)
