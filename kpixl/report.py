"""The report's content figures in pure Python: top posts, formats, best day × hour, monthly buckets, ISO weeks.

The workbook's Top posts and Trends sheets compute the same figures with formulas; this module is the engine they
are checked against (and the source of their cached values). A `Post` carries the per-post values the network
tables compute (engagements, engagement rate and its base: reach, impressions, views or followers).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

HOUR_BUCKETS = tuple(range(0, 24, 3))
"""Start hours of the heat map's columns: 0–3, 3–6, … 21–24."""


@dataclass(frozen=True)
class Post:
    """One table row as the report sees it; `index` is its position in the network's table (1-based)."""

    network: str
    index: int
    when: dt.datetime
    type: str | None = None
    link: str | None = None
    engagements: float | None = None
    rate: float | None = None
    base: float | None = None
    caption: str | None = None

    def metric(self, name: str) -> float | None:
        return self.engagements if name == "engagements" else self.rate


def in_period(posts: Iterable[Post], start: dt.date, end: dt.date) -> list[Post]:
    """Posts dated start <= day <= end (a time of day on the last day counts)."""
    return [p for p in posts if start <= p.when.date() <= end]


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def median_base(posts: Sequence[Post]) -> float | None:
    """The median reach/impressions/views (the rate's base) of the posts that have one."""
    values = [p.base for p in posts if _number(p.base)]
    return statistics.median(values) if values else None  # type: ignore[type-var]


def top(posts: Sequence[Post], metric: str, n: int, *, typical_reach: bool = False) -> list[Post]:
    """A network's n best posts of a period by `metric` ("engagements" or "rate"), ties in table order; with
    `typical_reach`, only posts whose base is at least the period's median (no 100 % rate on a 12-view post)."""
    pool = [p for p in posts if _number(p.metric(metric))]
    if typical_reach:
        med = median_base(posts)
        pool = [p for p in pool if med is not None and _number(p.base) and p.base >= med]  # type: ignore[operator]
    return sorted(pool, key=lambda p: (-p.metric(metric), p.index))[:n]  # type: ignore[operator]


def top_overall(by_network: dict[str, Sequence[Post]], metric: str, n: int, *, typical_reach: bool = False
                ) -> list[Post]:
    """The n best posts across networks (each network's filter applied within it), ties in network order."""
    order = list(by_network)
    pool = [p for net in order for p in top(by_network[net], metric, n, typical_reach=typical_reach)]
    return sorted(pool, key=lambda p: (-p.metric(metric), order.index(p.network), p.index))[:n]  # type: ignore


def same_type(post: Post, kind: str) -> bool:
    """Post types compare as spreadsheets do: case-insensitively."""
    return (post.type or "").lower() == kind.lower()


def format_stats(posts: Sequence[Post], kind: str | None, known: Sequence[str] = ()) -> tuple[int, float | None]:
    """(posts, median engagement rate) of one post type; kind None = every type not in `known`."""
    chosen = [p for p in posts if (same_type(p, kind) if kind is not None else
                                   not any(same_type(p, k) for k in known))]
    rates = [p.rate for p in chosen if _number(p.rate)]
    return len(chosen), (statistics.median(rates) if rates else None)  # type: ignore[type-var]


def heat_cell(posts: Sequence[Post], weekday: int, hour: int, width: int = 3) -> float | None:
    """Mean engagement rate of posts published on ISO `weekday` (1 = Monday) between hour and hour + width."""
    rates = [p.rate for p in posts if p.when.isoweekday() == weekday and hour <= p.when.hour < hour + width
             and _number(p.rate)]
    return sum(rates) / len(rates) if rates else None  # type: ignore[arg-type]


def months(end: dt.date, count: int = 12) -> list[tuple[dt.date, dt.date]]:
    """The `count` whole calendar months ending with the last month that ends on or before `end`."""
    anchor = (end + dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)
    out = []
    for back in range(count - 1, -1, -1):
        index = anchor.year * 12 + anchor.month - 1 - back
        first = dt.date(index // 12, index % 12 + 1, 1)
        following = dt.date((index + 1) // 12, (index + 1) % 12 + 1, 1)
        out.append((first, following - dt.timedelta(days=1)))
    return out


def iso_weeks(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Whole ISO weeks (Monday to Sunday) whose Thursday falls in [start, end]."""
    monday = start + dt.timedelta(days=(3 - start.weekday()) % 7 - 3)
    out = []
    while monday + dt.timedelta(days=3) <= end:
        out.append((monday, monday + dt.timedelta(days=6)))
        monday += dt.timedelta(days=7)
    return out
