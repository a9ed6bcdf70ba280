"""Deterministic sample data: realistic canonical posts and daily follower rows per network (pure Python).

`posts(network, n, end)` spreads n posts over the ~6 months before `end`, with zero-reach posts and missing values
among them and only the fields each network reports (no reach on X, views on TikTok and YouTube …);
`sample_rows` and `sample_audience` give a whole workbook's sample (`kpixl new --sample`, tests, benchmarks).
Regenerate the CSVs in `samples/` with:  python -m kpixl.sources.samples samples/
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

from kpixl.catalog.fields import DAILY_FIELDS, NETWORKS, POST_FIELDS

DAYS = 182
SEED = 2024
METRICS: dict[str, tuple[str, ...]] = {
    "facebook": ("impressions", "reach", "likes", "comments", "shares", "clicks", "followers", "spend"),
    "instagram": ("impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks", "followers",
                  "spend"),
    "linkedin": ("impressions", "likes", "comments", "shares", "clicks", "follows", "followers", "spend"),
    "x": ("impressions", "likes", "comments", "shares", "clicks", "followers", "spend"),
    "tiktok": ("views", "likes", "comments", "shares", "saves", "followers", "spend"),
    "youtube": ("impressions", "views", "likes", "comments", "shares", "clicks", "followers", "spend"),
    "pinterest": ("impressions", "saves", "clicks", "followers", "spend"),
}
"""The metrics each network's native export reports."""
POST_TYPES = {"facebook": ("photo", "video", "reel", "link", "status"), "instagram": ("image", "carousel", "reel"),
              "linkedin": ("text", "image", "video", "document"), "x": ("text", "image", "video", "thread"),
              "tiktok": ("video", "photo"), "youtube": ("video", "short"), "pinterest": ("standard", "video", "idea")}
FOLLOWERS = {"facebook": 42000, "instagram": 58000, "linkedin": 12500, "x": 21000, "tiktok": 33000,
             "youtube": 9800, "pinterest": 6400}
CREATORS = ("Lucía Gómez", "Sam Carter", "Noor Haddad", "Diego Ruiz", "Mia Chen", "Tom Becker", "Ana Lima",
            "Ravi Patel")
CAPTIONS = ("New collection is live ✨", "Behind the scenes at the studio", "3 tips to get more from your plan",
            "Customer story: how Marta saved 5 hours a week", "-20% this weekend only", "Poll: which colour next?",
            "Our new store opens on Friday", "We're hiring! Join the team", "+1 if you agree", "@team thanks!")
INFLUENCER_METRICS = ("promo_conversions", "utm_conversions", "revenue")


def _day_range(end: dt.date) -> list[dt.date]:
    return [end - dt.timedelta(days=d) for d in range(DAYS - 1, -1, -1)]


def posts(network: str, n: int, end: dt.date, *, seed: int = SEED, influencer: bool = False) -> list[dict[str, Any]]:
    """n canonical posts of one network, dated over the DAYS before `end` (inclusive), in date order."""
    if network not in NETWORKS:
        raise ValueError(f"unknown network {network!r}")
    rng = random.Random(f"{seed}:{network}:{influencer}")
    days = _day_range(end)
    metrics = METRICS[network] + (INFLUENCER_METRICS if influencer else ())
    followers = FOLLOWERS[network]
    rows = []
    for index in range(n):
        day = days[min(len(days) - 1, int(index * len(days) / max(n, 1)))]
        when = dt.datetime.combine(day, dt.time(rng.randint(7, 21), rng.choice((0, 15, 30, 45))))
        followers += rng.randint(-5, 60)
        reach = int(followers * rng.uniform(0.04, 0.45)) if rng.random() > 0.03 else 0
        rate = rng.uniform(0.005, 0.08)
        engaged = reach * rate
        values: dict[str, Any] = {
            "impressions": int(reach * rng.uniform(1.1, 1.9)) if reach else rng.choice((0, rng.randint(5, 90))),
            "reach": reach, "views": int(reach * rng.uniform(0.6, 2.5)),
            "likes": int(engaged * rng.uniform(0.55, 0.8)), "comments": int(engaged * rng.uniform(0.02, 0.12)),
            "shares": int(engaged * rng.uniform(0.02, 0.15)), "saves": int(engaged * rng.uniform(0.01, 0.2)),
            "clicks": int(reach * rng.uniform(0.002, 0.02)), "follows": rng.randint(0, 12), "followers": followers,
            "spend": round(rng.choice((0, 0, 0, rng.uniform(20, 400))), 2),
            "conversions": rng.randint(0, 40), "revenue": 0.0,
        }
        values["revenue"] = round(values["conversions"] * rng.uniform(25, 80), 2)
        if influencer:
            values["spend"] = round(rng.uniform(150, 2500), 2)
            # promo codes capture roughly half of a creator's attributed sales, UTM links most of the rest
            values["promo_conversions"] = round(values["conversions"] * rng.uniform(0.4, 0.75))
            values["utm_conversions"] = values["conversions"] - values["promo_conversions"]
        row: dict[str, Any] = {name: None for name in POST_FIELDS}
        row.update(network=network, post_id=f"{network[:2]}-{seed}-{index:06d}", published_at=when.isoformat(),
                   post_type=rng.choice(POST_TYPES[network]), text=rng.choice(CAPTIONS),
                   permalink=f"https://{network}.example.com/p/{index:06d}")
        for name in metrics:
            row[name] = None if rng.random() < 0.03 else values[name]  # a few missing values
        if influencer:
            creator = rng.choice(CREATORS)
            row.update(creator=creator, promo_code=creator.split()[0].upper()[:6] + str(rng.randint(10, 99)),
                       # most posts use the creator's own link (content = the creator); some a link of their own
                       utm_content="" if rng.random() < 0.7 else f"{creator.split()[0].lower()}_{row['post_type']}")
        rows.append(row)
    return rows


def daily(network: str, end: dt.date, *, seed: int = SEED) -> list[dict[str, Any]]:
    """Daily follower rows (running total, new and lost) over the DAYS before `end`."""
    rng = random.Random(f"{seed}:{network}:daily")
    followers = FOLLOWERS[network]
    rows = []
    for day in _day_range(end):
        new, lost = rng.randint(5, 120), rng.randint(0, 40)
        followers += new - lost
        row: dict[str, Any] = {name: None for name in DAILY_FIELDS}
        row.update(network=network, date=day.isoformat(), followers=followers, new_followers=new,
                   lost_followers=lost, net_followers=new - lost)
        rows.append(row)
    return rows


def sample_rows(template: str, networks: tuple[str, ...], end: dt.date, size: int) -> dict[str, list[dict[str, Any]]]:
    """Sample posts for each network of a workbook: `size` per network, influencer rows for the influencer
    template (what `kpixl new --sample` fills the tables with)."""
    return {net: posts(net, size, end, influencer=template == "influencer") for net in networks}


def sample_audience(networks: tuple[str, ...], end: dt.date) -> list[dict[str, Any]]:
    """Sample daily follower rows for each network of a workbook (the Audience sheet of `kpixl new --sample`)."""
    return [row for net in networks for row in daily(net, end)]


def write_csvs(folder: str | Path, end: dt.date, n: int = 300, networks: tuple[str, ...] = NETWORKS) -> list[Path]:
    """One posts CSV per network (canonical columns) and one daily followers CSV."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for net in networks:
        path = folder / f"{net}_posts.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=POST_FIELDS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(posts(net, n, end))
        written.append(path)
    path = folder / "daily_followers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=DAILY_FIELDS)
        writer.writeheader()
        for net in networks:
            writer.writerows(daily(net, end))
    written.append(path)
    return written


SAMPLE_END = dt.date(2025, 6, 30)
"""The fixed end date of the committed sample CSVs, so regenerating them gives the same files."""

if __name__ == "__main__":
    for written_path in write_csvs(sys.argv[1] if len(sys.argv) > 1 else "samples", SAMPLE_END):
        print(written_path)
