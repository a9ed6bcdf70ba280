"""The report's content figures in pure Python: top posts, formats, best day × hour, monthly buckets, ISO weeks.

Engagement rates of different networks have different bases (reach on Instagram, views on TikTok, impressions on
X), so figures that pool networks compare each post's rate with its own network's typical post — the median rate
of the network's posts in the period — as a multiple (1.8× = 80 % above that network's median): the overall ranking
by rate and the day × hour heat map.

The workbook's Top posts and Trends sheets compute the same figures with formulas; this module is the engine they
are checked against (and the source of their cached values). A `Post` carries the per-post values the network
tables compute (engagements, engagement rate and its base: reach, impressions, views or followers).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

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

    @property
    def timed(self) -> bool:
        """Whether the export gave a publish time: exports with dates only (X's content export, LinkedIn, YouTube)
        are read as the day at 00:00:00, which `kpixl.sources.parsing.parse_date` keeps for dates without a time."""
        return self.when.time() != dt.time()


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


T = TypeVar("T")
_MEMO: dict[tuple[str, int], tuple[Sequence[Post], Any]] = {}


def _per_posts(what: str, posts: Sequence[Post], make: Callable[[Sequence[Post]], T]) -> T:
    """`make(posts)` computed once per sequence of posts (a report never changes a sequence it was given): the
    workbook asks for one network's median or slots once per cell. The entry holds the sequence, so its id stays
    its own while the entry lives."""
    key = (what, id(posts))
    found = _MEMO.get(key)
    if found is not None and found[0] is posts:
        return found[1]
    if len(_MEMO) > 512:
        _MEMO.clear()
    value = make(posts)
    _MEMO[key] = (posts, value)
    return value


def median_rate(posts: Sequence[Post]) -> float | None:
    """A network's typical engagement rate: the median rate of its posts (in the period) that have one."""
    return _per_posts("median_rate", posts, _median_rate)


def _median_rate(posts: Sequence[Post]) -> float | None:
    values = [p.rate for p in posts if _number(p.rate)]
    return statistics.median(values) if values else None  # type: ignore[type-var]


def relative_rate(post: Post, typical: float | None) -> float | None:
    """A post's rate as a multiple of its network's typical rate; None without a rate or a positive median."""
    if not _number(post.rate) or not _number(typical) or not typical:
        return None
    return post.rate / typical  # type: ignore[operator]


def median_engagements(posts: Sequence[Post]) -> float | None:
    """A network's typical post by engagements: the median engagements of its posts (in the period) that have them."""
    values = [p.engagements for p in posts if _number(p.engagements)]
    return statistics.median(values) if values else None  # type: ignore[type-var]


def relative_metric(post: Post, metric: str, typical: float | None) -> float | None:
    """A post's rate or engagements as a multiple of its network's typical post; None without a value or a positive
    median."""
    value = post.metric(metric)
    if not _number(value) or not _number(typical) or not typical:
        return None
    return value / typical  # type: ignore[operator]


def top_overall(by_network: dict[str, Sequence[Post]], metric: str, n: int, *, typical_reach: bool = False
                ) -> list[Post]:
    """The n best posts across networks (each network's filter applied within it), ties in network order, each
    relative to its own network's typical post — the median rate, or the median engagements — since rates of
    different networks have different bases and their interactions different definitions (X counts detail expands
    as clicks)."""
    order = list(by_network)
    pool = [p for net in order for p in top(by_network[net], metric, n, typical_reach=typical_reach)]
    median = median_rate if metric == "rate" else median_engagements
    typical = {net: median(posts) for net, posts in by_network.items()}
    pool = [p for p in pool if relative_metric(p, metric, typical[p.network]) is not None]
    return sorted(pool, key=lambda p: (-relative_metric(p, metric, typical[p.network]),  # type: ignore[operator]
                                       order.index(p.network), p.index))[:n]


def same_type(post: Post, kind: str) -> bool:
    """Post types compare as spreadsheets do: case-insensitively."""
    return (post.type or "").lower() == kind.lower()


Format = str | tuple[str, ...] | None
"""A format of the formats table: a post type, the types that are one format across networks (Facebook's photo and
Instagram's image), or None for every type not in the table."""


def _of_type(posts: Sequence[Post], kind: Format, known: Sequence[str]) -> list[Post]:
    """The posts of one type or format, compared as `same_type` does (kind None = every type not in `known`), in
    order."""
    types = _per_posts("types", posts, lambda ps: [(p.type or "").lower() for p in ps])
    if kind is not None:
        wanted = {k.lower() for k in ((kind,) if isinstance(kind, str) else kind)}
        return [p for p, t in zip(posts, types, strict=True) if t in wanted]
    others = {k.lower() for k in known}
    return [p for p, t in zip(posts, types, strict=True) if t not in others]


def format_stats(posts: Sequence[Post], kind: Format, known: Sequence[str] = ()) -> tuple[int, float | None]:
    """(posts, median engagement rate) of one post type; kind None = every type not in `known`."""
    chosen = _of_type(posts, kind, known)
    rates = [p.rate for p in chosen if _number(p.rate)]
    return len(chosen), (statistics.median(rates) if rates else None)  # type: ignore[type-var]


def _slot_rates(posts: Sequence[Post], weekday: int, hour: int, width: int) -> list[float]:
    """The rates of the posts published on ISO `weekday` between hour and hour + width, in the posts' order."""
    slots = _per_posts("slots", posts, _slots)
    found = [item for h in range(hour, hour + width) for item in slots.get((weekday, h), ())]
    return [rate for _, rate in sorted(found)] if len(found) > 1 else [rate for _, rate in found]


def _slots(posts: Sequence[Post]) -> dict[tuple[int, int], list[tuple[int, float]]]:
    """(position, rate) of each post with a rate, by (ISO weekday, hour of day)."""
    out: dict[tuple[int, int], list[tuple[int, float]]] = {}
    for i, p in enumerate(posts):
        if _number(p.rate) and p.timed:  # a post without a publish time has no hour: it stays out of the map
            out.setdefault((p.when.isoweekday(), p.when.hour), []).append((i, p.rate))  # type: ignore[arg-type]
    return out


def relative_format_median(by_network: dict[str, Sequence[Post]], kind: Format, known: Sequence[str] = ()
                           ) -> float | None:
    """The median, over every network's posts of one type (kind None = every type not in `known`), of each post's
    rate relative to its own network's median rate: which format does best, networks of different bases together."""
    values = []
    for posts in by_network.values():
        typical = median_rate(posts)
        chosen = _of_type(posts, kind, known)
        values += [r for p in chosen if (r := relative_rate(p, typical)) is not None]
    return statistics.median(values) if values else None


def heat_cell(posts: Sequence[Post], weekday: int, hour: int, width: int = 3) -> float | None:
    """Mean engagement rate of posts published on ISO `weekday` (1 = Monday) between hour and hour + width."""
    rates = _slot_rates(posts, weekday, hour, width)
    return sum(rates) / len(rates) if rates else None


def relative_heat_cell(by_network: dict[str, Sequence[Post]], weekday: int, hour: int, width: int = 3
                       ) -> float | None:
    """Mean of the posts' rates relative to their network's median rate (see `relative_rate`) in one weekday ×
    hour slot, over networks of different rate bases; summed per network as the workbook's formula does."""
    total, count = 0.0, 0
    for posts in by_network.values():
        typical = median_rate(posts)
        if not typical:
            continue
        rates = _slot_rates(posts, weekday, hour, width)
        total += sum(rates) / typical
        count += len(rates)
    return total / count if count else None


def rated_count(by_network: dict[str, Sequence[Post]]) -> int:
    """How many posts have an engagement rate: the evidence behind the best post."""
    return sum(1 for posts in by_network.values() for p in posts if _number(p.rate))


def untimed_count(by_network: dict[str, Sequence[Post]]) -> int:
    """Posts without a publish time, which the day × hour map leaves out (its note counts them)."""
    return sum(1 for posts in by_network.values() for p in posts if not p.timed)


def heat_count(by_network: dict[str, Sequence[Post]], weekday: int, hour: int, width: int = 3) -> int:
    """How many posts a day × hour slot of `relative_heat_cell` averages (networks without a median rate: none)."""
    return sum(len(_slot_rates(posts, weekday, hour, width)) for posts in by_network.values() if median_rate(posts))


def best_slot(by_network: dict[str, Sequence[Post]], min_posts: int) -> tuple[int, int, float, int] | None:
    """(ISO weekday, index of its hour bucket from 1, relative rate, posts) of the best day × hour slot among those
    with at least `min_posts` posts, the first in day then hour order on a tie; None when no slot has enough."""
    found = []
    for day in range(1, 8):
        for index, hour in enumerate(HOUR_BUCKETS, start=1):
            value, count = relative_heat_cell(by_network, day, hour), heat_count(by_network, day, hour)
            if value is not None and count >= min_posts:
                found.append((value, day, index, count))
    if not found:
        return None
    top = max(v for v, *_ in found)
    value, day, index, count = next(f for f in found if f[0] == top)
    return day, index, value, count


def best_format(stats: Sequence[tuple[Format, int, float | None]], min_posts: int
                ) -> tuple[Format, int, float] | None:
    """(format, posts, relative median) of the format with the highest relative median among those with at least
    `min_posts` posts, from (format, posts, relative median) rows in the table's order; the first on a tie."""
    found = [(kind, count, value) for kind, count, value in stats if value is not None and count >= min_posts]
    if not found:
        return None
    top = max(v for *_, v in found)
    return next(f for f in found if f[2] == top)


def shown_formats(stats: Sequence[tuple[Format, int]]) -> list[int]:
    """Positions (from 1) of the formats with posts, most posts first, table order on a tie: the formats table
    lists only those (`stats`: (format, posts) in the table's order)."""
    return [i for _, i in sorted((-count, i) for i, (_, count) in enumerate(stats, start=1) if count > 0)]


def spread(values: Sequence[float]) -> float | None:
    """The usual spread of a KPI's per-post values: their sample standard deviation, summed in order as the
    workbook's SUMPRODUCT formula does (sqrt((Σx² − (Σx)²/n) / (n − 1))); None for fewer than two or no spread."""
    n = len(values)
    if n < 2:
        return None
    total, squares = 0.0, 0.0
    for x in values:
        total += x
        squares += x * x
    variance = (squares - total * total / n) / (n - 1)
    return math.sqrt(variance) if variance > 0 else None


def change_score(value: float | None, previous: float | None, earlier: Sequence[float], bases: tuple[float, float],
                 posts: tuple[int, int], min_base: float, min_posts: int) -> float | None:
    """How big a KPI's change is against its usual spread: (value − previous) / `spread` of the previous period's
    per-post values (`earlier`), so a rate that moves 1.5 pp on 117 impressions never outranks one that halves on
    thousands. None unless the base (the KPI's denominator: reach, impressions, views…) of both periods reaches
    `min_base` and both periods have `min_posts` posts with a value (`bases`, `posts`: this period, the previous)."""
    if value is None or previous is None or min(posts) < min_posts or min(bases) < min_base:
        return None
    usual = spread(earlier)
    return None if usual is None else (value - previous) / usual


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


def exports_cover(spans: Iterable[tuple[T, T]], first: T, last: T) -> bool:
    """Whether a month [first, last] lies within some network's export: `spans` holds each network's first and last
    post day. A month outside every export (before the first, or whose posts are not in yet) is a gap, never 0
    posts; a month inside one without a post counts 0."""
    return any(earliest <= last and latest >= first for earliest, latest in spans)  # type: ignore[operator]


def iso_weeks(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Whole ISO weeks (Monday to Sunday) whose Thursday falls in [start, end]."""
    monday = start + dt.timedelta(days=(3 - start.weekday()) % 7 - 3)
    out = []
    while monday + dt.timedelta(days=3) <= end:
        out.append((monday, monday + dt.timedelta(days=6)))
        monday += dt.timedelta(days=7)
    return out
