"""Audience over time: the daily account table (one row per network and day), what follows from it, and its
period figures — the engine's side of the workbook's Audience sheet, Dashboard block and audience goals.

Pure Python (no I/O, no pandas): the refresh core calls `derive` after merging daily exports; tests and the
engine call the period functions; `kpixl.workbook.formulas.audience` writes the same definitions as formulas.

Definitions (one place):
- followers at period end: the count on the latest day of the period that has one (missing days stay missing);
- followers at period start: the latest count on a day before the period (the previous period's closing count), or
  the period's first count when the data starts inside the period;
- summed figures (new followers, net growth, reach, profile visits …): the sum over the period's days that have a
  number, blank when none has one (never a fake zero);
- followers at post time: the count on the post's day, else on the latest of the FOLLOWER_WINDOW − 1 days before;
- net growth of a day, when the export does not give it: new − unfollows, else the change in the total from the
  day before; the total of a day, when the export gives only differences: the day before ± that day's net growth
  (an anchor count from another export or typed by the user is needed). Derived values are marked as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kpixl.catalog import kpi as catalog
from kpixl.render.engine import aggregate, compute

Row = dict[str, Any]

COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("network", "Network", "Red", "text"),
    ("date", "Date", "Fecha", "date"),
    ("followers", "Followers (end of day)", "Seguidores (al cierre del día)", "integer"),
    ("new_followers", "New followers", "Nuevos seguidores", "integer"),
    ("lost_followers", "Unfollows", "Dejaron de seguir", "integer"),
    ("net_followers", "Net growth", "Crecimiento neto", "integer"),
    ("reach", "Reach", "Alcance", "integer"),
    ("impressions", "Impressions", "Impresiones", "integer"),
    ("views", "Video views", "Reproducciones de vídeo", "integer"),
    ("profile_visits", "Profile visits", "Visitas al perfil", "integer"),
    ("page_views", "Page views", "Vistas de página", "integer"),
    ("clicks", "Clicks", "Clics", "integer"),
    ("engagements", "Engagements", "Interacciones", "integer"),
    ("likes", "Likes", "Me gusta", "integer"),
    ("comments", "Comments", "Comentarios", "integer"),
    ("shares", "Shares", "Compartidos", "integer"),
    ("active_followers", "Active followers", "Seguidores activos", "integer"),
    ("derived", "Calculated by kpixl", "Calculado por kpixl", "text"),
    ("notes", "Notes", "Notas", "text"),
)
"""The Audience table's columns: (key, English header, Spanish header, format). `derived` lists the columns of the
row kpixl calculated (the rest came from exports or were typed); `notes` is the user's."""

METRICS: tuple[str, ...] = tuple(key for key, _, _, fmt in COLUMNS if fmt == "integer")
"""Numeric columns, filled from exports or typed."""

DERIVABLE: tuple[str, ...] = ("net_followers", "followers")
FOLLOWER_WINDOW = 7
"""Days (the post's day included) a post looks back for a follower count when its day has none."""

AUDIENCE_KPIS: dict[str, str | None] = {
    "followers": None,
    "new_followers": None,
    "net_follower_growth": "daily",
    "follower_growth_rate": None,
    "reach": None,
    "impressions": None,
    "views": None,
    "profile_visits": None,
    "active_follower_rate": None,
}
"""KPIs computed from the Audience table, with the variant used there (None: the KPI's default)."""

PERIOD_INPUTS = ("followers_start", "followers_end", "weeks")
"""Inputs of period KPIs (follower growth rate) that come from the period, not from a column."""


def is_audience_kpi(kpi_id: str) -> bool:
    return kpi_id in AUDIENCE_KPIS


def variant(kpi_id: str) -> str:
    """The variant of an audience KPI the workbook uses."""
    return AUDIENCE_KPIS[kpi_id] or catalog.get(kpi_id).default_variant


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


# -- derived totals and differences -----------------------------------------------------------------------------
def derive(rows: Sequence[Row]) -> dict[int, set[str]]:
    """Fill blank net growth and follower totals that follow from the row's or the neighbouring day's figures, in
    place; returns {row index: fields derived}. Rows need `network` and `date`; only existing days are filled."""
    derived: dict[int, set[str]] = {}
    by_day: dict[tuple[str, dt.date], int] = {}
    for index, row in enumerate(rows):
        day = _day(row.get("date"))
        if day is not None and row.get("network"):
            by_day.setdefault((str(row["network"]), day), index)

    def mark(index: int, name: str, value: Any) -> None:
        rows[index][name] = value
        derived.setdefault(index, set()).add(name)

    for index, row in enumerate(rows):  # net growth = new − unfollows
        if not _number(row.get("net_followers")) and _number(row.get("new_followers")) \
                and _number(row.get("lost_followers")):
            mark(index, "net_followers", row["new_followers"] - row["lost_followers"])
    ordered = sorted(by_day.items(), key=lambda item: item[0])
    changed = True
    while changed:
        changed = False
        for (net, day), index in ordered:
            before = by_day.get((net, day - dt.timedelta(days=1)))
            if before is None:
                continue
            row, prev = rows[index], rows[before]
            total, prev_total, net_growth = row.get("followers"), prev.get("followers"), row.get("net_followers")
            if not _number(net_growth) and _number(total) and _number(prev_total):
                mark(index, "net_followers", total - prev_total)
                changed = True
            elif not _number(total) and _number(prev_total) and _number(net_growth):
                mark(index, "followers", prev_total + net_growth)
                changed = True
            elif not _number(prev_total) and _number(total) and _number(net_growth):
                mark(before, "followers", total - net_growth)
                changed = True
    return derived


# -- period figures (the engine's side of the Dashboard and goals) ----------------------------------------------
def _values(rows: Iterable[Row], net: str, name: str, start: dt.date | None, end: dt.date) -> list[tuple[dt.date, Any]]:
    out = []
    for row in rows:
        day = _day(row.get("date"))
        if row.get("network") == net and day is not None and (start is None or day >= start) and day <= end \
                and _number(row.get(name)):
            out.append((day, row[name]))
    return out


def last_value(rows: Iterable[Row], net: str, name: str, start: dt.date | None, end: dt.date) -> Any:
    """The value on the latest day in [start, end] that has one (the last such row when a day repeats)."""
    found = _values(rows, net, name, start, end)
    if not found:
        return None
    latest = max(day for day, _ in found)
    return [value for day, value in found if day == latest][-1]


def total(rows: Iterable[Row], net: str, name: str, start: dt.date, end: dt.date) -> Any:
    """The sum over the days in [start, end] that have a number; None when none has one."""
    found = _values(rows, net, name, start, end)
    return sum(value for _, value in found) if found else None


def followers_end(rows: Iterable[Row], net: str, start: dt.date, end: dt.date) -> Any:
    return last_value(rows, net, "followers", start, end)


def first_value(rows: Iterable[Row], net: str, name: str, start: dt.date, end: dt.date) -> Any:
    """The value on the earliest day in [start, end] that has one (the last such row when a day repeats)."""
    found = _values(rows, net, name, start, end)
    if not found:
        return None
    earliest = min(day for day, _ in found)
    return [value for day, value in found if day == earliest][-1]


def followers_start(rows: Iterable[Row], net: str, start: dt.date, end: dt.date) -> Any:
    """The latest count before the period; when the data starts later, the period's first count."""
    before = last_value(rows, net, "followers", None, start - dt.timedelta(days=1))
    return before if before is not None else first_value(rows, net, "followers", start, end)


def followers_at(rows: Iterable[Row], net: str, day: dt.date) -> Any:
    """The follower count of a post's day (or the latest of the FOLLOWER_WINDOW − 1 days before)."""
    return last_value(rows, net, "followers", day - dt.timedelta(days=FOLLOWER_WINDOW - 1), day)


def follower_index(rows: Iterable[Row]) -> dict[tuple[str, dt.date], Any]:
    """{(network, day): count} (the last row of a repeated day wins), for `followers_at` over many posts."""
    return {(row["network"], day): row["followers"] for row in rows
            if (day := _day(row.get("date"))) is not None and row.get("network") and _number(row.get("followers"))}


def followers_at_indexed(index: Mapping[tuple[str, dt.date], Any], net: str, day: dt.date) -> Any:
    """`followers_at` over a `follower_index` (the same answer, without scanning every row)."""
    for back in range(FOLLOWER_WINDOW):
        found = index.get((net, day - dt.timedelta(days=back)))
        if found is not None:
            return found
    return None


def period_value(kpi_id: str, rows: Sequence[Row], nets: Sequence[str], start: dt.date, end: dt.date) -> Any:
    """An audience KPI over [start, end] for one network (or the sum over several, for summed KPIs)."""
    kpi = catalog.get(kpi_id)
    chosen = variant(kpi_id)
    if kpi.aggregation == "sum":
        parts = [_summed(kpi_id, chosen, rows, net, start, end) for net in nets]
        found = [p for p in parts if p is not None]
        return sum(found) if found else None
    if len(nets) != 1:
        return None
    net = nets[0]
    if kpi_id == "followers":
        return followers_end(rows, net, start, end)
    if kpi.aggregation == "none":
        values = {"followers_start": followers_start(rows, net, start, end),
                  "followers_end": followers_end(rows, net, start, end),
                  "weeks": ((end - start).days + 1) / 7}
        if any(v is None for v in values.values()):
            return None
        return compute(kpi_id, variant=chosen, **values)
    inside = [r for r in rows if r.get("network") == net and (d := _day(r.get("date"))) and start <= d <= end]
    names = catalog.get(kpi_id).inputs(chosen)
    return aggregate(kpi_id, variant=chosen, **{n: [r.get(n) for r in inside] for n in names})


def _summed(kpi_id: str, chosen: str, rows: Sequence[Row], net: str, start: dt.date, end: dt.date) -> Any:
    names = catalog.get(kpi_id).inputs(chosen)
    inside = [r for r in rows if r.get("network") == net and (d := _day(r.get("date"))) and start <= d <= end]
    return aggregate(kpi_id, variant=chosen, **{n: [r.get(n) for r in inside] for n in names})


def rows_from_table(headers: Sequence[str], values: Sequence[Sequence[Any]], header_of: Mapping[str, str],
                    network_of: Mapping[str, str]) -> list[Row]:
    """Audience rows as dicts by key from a table's headers and cell values (network names mapped to ids)."""
    where = {h: i for i, h in enumerate(headers)}
    out = []
    for cells in values:
        row: Row = {}
        for key, header in header_of.items():
            index = where.get(header)
            row[key] = cells[index] if index is not None and index < len(cells) else None
        name = row.get("network")
        row["network"] = network_of.get(str(name).strip().casefold()) if name is not None else None
        out.append(row)
    return out
