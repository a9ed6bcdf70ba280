"""The cached values of the report sheets (Top posts, Trends, highlights): `kpixl.report.posts` over the network-table
numbers and texts recorded while the rows were written (`kpixl.workbook.values`), computed once, at save."""

from __future__ import annotations

import datetime as dt
import math
from functools import cached_property
from typing import Any

from openpyxl.utils.datetime import from_excel

from kpixl.report import posts as report
from kpixl.workbook.layout import Layout, caption_key
from kpixl.workbook.templates import DATE_FIELD
from kpixl.workbook.values import TableValues, serial, values_of


def _at(column: Any, j: int) -> Any:
    """Row j of a recorded column: None past its end or where it holds no number (NaN)."""
    value = column[j] if j < len(column) else None
    return None if isinstance(value, float) and math.isnan(value) else value


class ReportValues:
    """Posts as `kpixl.report.posts` sees them, per network, from a workbook's recorded rows."""

    def __init__(self, layout: Layout, record: TableValues):
        self.layout = layout
        self.record = record
        period = (layout.setting("period_start").value, layout.setting("period_end").value)
        self.period: tuple[dt.date, dt.date] = period  # type: ignore[assignment]
        self._pooled: dict[tuple[str, ...], list[report.Post]] = {}

    @cached_property
    def posts(self) -> dict[str, list[report.Post]]:
        out: dict[str, list[report.Post]] = {}
        for net in self.layout.networks:
            r = self.record
            dates = r.numbers(net, DATE_FIELD)
            numbers = {key: r.numbers(net, key) for key in
                       ("kpi:engagements", "kpi:engagement_rate", "den:engagement_rate")}
            types, links = r.texts(net, "post_type"), r.texts(net, "permalink")
            caption = caption_key(self.layout, net)
            captions = r.texts(net, caption) if caption else []
            posts = []
            for j in range(r.count(net)):
                if math.isnan(dates[j]):
                    continue
                posts.append(report.Post(
                    net, j + 1, from_excel(dates[j]), _at(types, j), _at(links, j),
                    _at(numbers["kpi:engagements"], j), _at(numbers["kpi:engagement_rate"], j),
                    _at(numbers["den:engagement_rate"], j), _at(captions, j)))
            out[net] = posts
        return out

    @cached_property
    def in_period(self) -> dict[str, list[report.Post]]:
        return {net: report.in_period(posts, *self.period) for net, posts in self.posts.items()}

    def pooled(self, nets: list[str]) -> list[report.Post]:
        """The period's posts of these networks, one list per set of networks: `kpixl.report.posts` memoizes per
        sequence, so a fresh list per cell kept a per-post copy for every cell (memory grew with rows × cells)."""
        key = tuple(nets)
        found = self._pooled.get(key)
        if found is None:
            found = self._pooled[key] = [p for n in nets for p in self.in_period[n]]
        return found


_MEMO: dict[int, tuple[Any, ReportValues]] = {}


def report_values(workbook: Any, layout: Layout) -> ReportValues:
    """One ReportValues per workbook being written (its recorded rows are complete when callables run)."""
    found = _MEMO.get(id(workbook))
    if found is None or found[0] is not workbook:
        found = (workbook, ReportValues(layout, values_of(workbook)))
        _MEMO.clear()
        _MEMO[id(workbook)] = found
    return found[1]


def date_value(post: report.Post | None) -> float | None:
    return serial(post.when) if post else None
