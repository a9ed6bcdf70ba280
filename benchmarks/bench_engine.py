"""Engine vs hand-written pandas: every KPI (default variant) over 1,000,000 synthetic posts.

Run: python benchmarks/bench_engine.py [--rows N] [--repeat R]

Both sides give no value (NaN) for a zero denominator; results are checked equal before timing.
Aim: the engine within 1.5x of the hand-written pandas in total.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

import kpixl
from kpixl.catalog.expr import inputs_of


def nz(series: pd.Series) -> pd.Series:
    """A denominator with zeros turned into NaN, so x / 0 is no value, as in the engine."""
    return series.replace(0, np.nan)


def engagements(d: pd.DataFrame) -> pd.Series:
    return d["likes"] + d["comments"] + d["shares"]


HAND: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "engagements": engagements,
    "engagement_rate": lambda d: engagements(d) / nz(d["reach"]),
    "applause_rate": lambda d: d["likes"] / nz(d["followers"]),
    "conversation_rate": lambda d: d["comments"] / nz(d["followers"]),
    "amplification_rate": lambda d: d["shares"] / nz(d["followers"]),
    "virality_rate": lambda d: d["shares"] / nz(d["impressions"]),
    "save_rate": lambda d: d["saves"] / nz(d["impressions"]),
    "share_rate": lambda d: d["shares"] / nz(d["reach"]),
    "ctr": lambda d: d["clicks"] / nz(d["impressions"]),
    "profile_visit_rate": lambda d: d["profile_visits"] / nz(d["reach"]),
    "active_follower_rate": lambda d: d["active_followers"] / nz(d["followers"]),
    "mentions": lambda d: d["mentions"],
    "mention_growth": lambda d: (d["mentions"] - d["previous_mentions"]) / nz(d["previous_mentions"]),
    "followers": lambda d: d["followers"],
    "new_followers": lambda d: d["new_followers"],
    "impressions": lambda d: d["impressions"],
    "reach": lambda d: d["reach"],
    "views": lambda d: d["views"],
    "profile_visits": lambda d: d["profile_visits"],
    "reach_rate": lambda d: d["reach"] / nz(d["followers"]),
    "frequency": lambda d: d["impressions"] / nz(d["reach"]),
    "net_follower_growth": lambda d: d["new_followers"] - d["lost_followers"],
    "follower_growth_rate": lambda d: (d["followers_end"] - d["followers_start"]) / nz(d["followers_start"]),
    "share_of_voice": lambda d: d["brand_mentions"] / nz(d["brand_mentions"] + d["competitor_mentions"]),
    "leads": lambda d: d["leads"],
    "customers": lambda d: d["customers"],
    "conversions": lambda d: d["conversions"],
    "social_sessions": lambda d: d["social_sessions"],
    "social_traffic_share": lambda d: d["social_sessions"] / nz(d["sessions"]),
    "pages_per_session": lambda d: d["page_views"] / nz(d["social_sessions"]),
    "avg_session_duration": lambda d: d["session_seconds"] / nz(d["social_sessions"]),
    "conversion_rate": lambda d: d["conversions"] / nz(d["clicks"]),
    "lead_conversion_rate": lambda d: d["customers"] / nz(d["leads"]),
    "cost_per_lead": lambda d: d["spend"] / nz(d["leads"]),
    "cac": lambda d: d["spend"] / nz(d["customers"]),
    "spend": lambda d: d["spend"],
    "revenue": lambda d: d["revenue"],
    "cpm": lambda d: d["spend"] * 1000 / nz(d["impressions"]),
    "cpc": lambda d: d["spend"] / nz(d["clicks"]),
    "cpa": lambda d: d["spend"] / nz(d["conversions"]),
    "cpe": lambda d: d["spend"] / nz(engagements(d)),
    "roas": lambda d: d["revenue"] / nz(d["spend"]),
    "roi": lambda d: (d["revenue"] - d["spend"]) / nz(d["spend"]),
    "emv": lambda d: d["impressions"] * 10.8 / 1000,
    "emv_ratio": lambda d: (d["impressions"] * 10.8 / 1000) / nz(d["spend"]),
    "cost_per_post": lambda d: d["spend"] / nz(d["posts"]),
    "average_rating": lambda d: d["rating"] * d["reviews"] / nz(d["reviews"]),
    "rating_volume": lambda d: d["reviews"],
    "net_sentiment": lambda d: (d["positive"] - d["negative"]) / nz(d["positive"] + d["negative"]),
    "response_rate": lambda d: d["responses"] / nz(d["messages"]),
    "response_time": lambda d: d["response_seconds"],
    "influencer_conversions": lambda d: d["promo_conversions"] + d["utm_conversions"],
    "posts": lambda d: d["posts"],
    "posts_per_week": lambda d: d["posts"] / nz(d["weeks"]),
}


def synthetic(rows: int, names: list[str], seed: int = 7) -> pd.DataFrame:
    """Counts with ~10 % zeros and ~2 % missing values per column."""
    rng = np.random.default_rng(seed)
    data = {}
    for name in names:
        column = rng.integers(0, 5000, rows).astype(float)
        column[rng.random(rows) < 0.10] = 0
        column[rng.random(rows) < 0.02] = np.nan
        data[name] = column
    return pd.DataFrame(data)


def best_of(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    kpis = kpixl.catalog()
    missing = set(kpis) - set(HAND)
    if missing:
        raise SystemExit(f"no hand-written formula for: {', '.join(sorted(missing))}")
    inputs = {k: list(inputs_of(kpis[k].expression())) for k in kpis}
    frame = synthetic(args.rows, sorted({n for names in inputs.values() for n in names}))

    total_engine = total_hand = 0.0
    print(f"{args.rows:,} rows, best of {args.repeat}\n{'KPI':<24} {'engine ms':>10} {'pandas ms':>10} {'ratio':>7}")
    for kpi_id in kpis:
        columns = {n: frame[n] for n in inputs[kpi_id]}

        def engine(kpi_id: str = kpi_id, columns: dict = columns) -> pd.Series:
            return kpixl.compute(kpi_id, **columns)

        def hand(kpi_id: str = kpi_id) -> pd.Series:
            return HAND[kpi_id](frame)

        np.testing.assert_allclose(engine().to_numpy(float), hand().to_numpy(float), rtol=1e-12,
                                   err_msg=kpi_id)
        t_engine, t_hand = best_of(engine, args.repeat), best_of(hand, args.repeat)
        total_engine += t_engine
        total_hand += t_hand
        print(f"{kpi_id:<24} {t_engine * 1000:>10.1f} {t_hand * 1000:>10.1f} {t_engine / t_hand:>7.2f}")
    print(f"{'TOTAL':<24} {total_engine * 1000:>10.1f} {total_hand * 1000:>10.1f} {total_engine / total_hand:>7.2f}")
    print("aim: total ratio <= 1.5")


if __name__ == "__main__":
    main()
