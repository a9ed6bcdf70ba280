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


def whole_months(start: dt.date, end: dt.date) -> int | None:
    """How many calendar months the period covers when it runs from a month's first day to a month's last day
    (a month, a quarter, a year…); None for any other range."""
    if start.day != 1 or end != _month_end(end.year, end.month) or end < start:
        return None
    return (end.year - start.year) * 12 + end.month - start.month + 1


def previous(start: dt.date, end: dt.date) -> Period:
    """The period a report compares with: the same number of calendar months before a whole-month period (Q3 2026 →
    1 Apr–30 Jun 2026, March → February, a year → the year before), else the same number of days just before."""
    count = whole_months(start, end)
    if count is None:
        return start - (end - start) - dt.timedelta(days=1), start - dt.timedelta(days=1)
    index = start.year * 12 + start.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1), start - dt.timedelta(days=1)


PREVIOUS_START_FORMULA = ("IF(AND(DAY({start})=1,{end}=EOMONTH({end},0),{end}>={start}),"
                          "EDATE({start},-((YEAR({end})-YEAR({start}))*12+MONTH({end})-MONTH({start})+1)),"
                          "{start}-({end}-{start}+1))")
"""`previous`'s first day as a spreadsheet expression of the period's start and end cells (its last day is start−1)."""


def outside(days: Iterable[dt.date | None], period: Period) -> int:
    """How many posts are dated outside the period (posts without a date are not counted)."""
    return sum(1 for d in days if d is not None and not period[0] <= d <= period[1])
