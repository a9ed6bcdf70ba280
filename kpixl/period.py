"""Report periods from the data: the latest complete quarter or month that has posts, and how many posts a period
leaves out (what `kpixl new` picks without --period and what `kpixl import` warns about)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Period = tuple[dt.date, dt.date]


def day_of(value: object) -> dt.date | None:
    """A post's day from a date, datetime or ISO text; None when it has none."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def latest_complete(days: Iterable[dt.date], today: dt.date) -> Period | None:
    """The latest calendar quarter that ended before `today` and has posts in each of its months; else the latest
    month that ended before today with posts; else the month of the newest post up to that post. None without
    posts."""
    days = list(days)
    months = {(d.year, d.month) for d in days}
    if not months:
        return None
    this_month = (today.year, today.month)
    complete = sorted((m for m in months if m < this_month), reverse=True)
    for year, month in complete:
        quarter_end = (year, (month - 1) // 3 * 3 + 3)
        first = (year, quarter_end[1] - 2)
        span = [(year, first[1] + k) for k in range(3)]
        if quarter_end < this_month and all(m in months for m in span):
            return dt.date(year, first[1], 1), _month_end(*quarter_end)
    if complete:
        year, month = complete[0]
        return dt.date(year, month, 1), _month_end(year, month)
    newest = max(days)
    return newest.replace(day=1), newest


def outside(days: Iterable[dt.date | None], period: Period) -> int:
    """How many posts are dated outside the period (posts without a date are not counted)."""
    return sum(1 for d in days if d is not None and not period[0] <= d <= period[1])
