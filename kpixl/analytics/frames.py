"""DataFrame helpers for analysts: KPI columns on a posts table, and KPIs per network and period.

pandas is imported here only; the rest of kpixl runs without it. Network defaults (which interactions count,
what engagement rate divides by) apply per row's network unless a variant or interaction set is given.

A derived column the frame has (`engagements`, `emv`: `kpixl.catalog.kpi.DERIVED`) is used where it has a value; where
it is
blank on a row, it is computed from that row's components with the row's network defaults (the CSV of `kpixl
normalize` always has an `engagements` column, filled only for exports that report their own total).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kpixl.catalog import kpi as _catalog
from kpixl.catalog.expr import inputs_of, presence_groups, split_ratio, within
from kpixl.errors import BadInputError
from kpixl.render.engine import compute, evaluate

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_KPIS = ("engagements", "engagement_rate", "ctr", "virality_rate", "cpm", "cpc", "cpe")


def _available(frame: pd.DataFrame, kpi_id: str, variant: str | None, network: str | None,
               interactions: Iterable[str] | None) -> dict[str, Any] | None:
    """The columns a KPI needs from this frame, or None when a column is absent."""
    kpi = _catalog.get(kpi_id)
    try:
        expr = within(kpi.expression(variant, network=network, interactions=interactions, provided=frame.columns),
                      frame.columns)
    except BadInputError:
        return None
    names = inputs_of(expr)
    if any(name not in frame.columns for name in names):
        return None
    return {name: frame[name] for name in names}


def _fill_derived(frame: pd.DataFrame, network_column: str, interactions: Iterable[str] | None,
                  params: Mapping[str, float] | None = None) -> pd.DataFrame:
    """`frame`, or a copy with the blanks of its derived columns computed from their components per network."""
    import pandas as pd

    present = [name for name in _catalog.DERIVED if name in frame.columns]
    if not present or not any(frame[name].isna().any() for name in present):
        return frame
    frame = frame.copy()
    groups = (frame.groupby(network_column, sort=False, dropna=False) if network_column in frame
              else [(None, frame)])
    for network, part in groups:
        net = network if isinstance(network, str) and network in _catalog.NETWORK_INTERACTIONS else None
        for name in present:  # DERIVED order: engagements first, so emv can use the filled engagements
            blank = frame.loc[part.index, name].isna()
            if not blank.any():
                continue
            rows = frame.loc[blank[blank].index]
            try:
                expr = within(_catalog.get(name).expression(None, network=net, interactions=interactions,
                                                            provided=set(rows.columns) - {name}), rows.columns)
            except BadInputError:
                continue
            names = inputs_of(expr)
            if name in names or any(n not in rows.columns for n in names):
                continue  # the components are not in the frame: the blanks stay blank
            values = compute(name, network=net, interactions=interactions, **{n: rows[n] for n in names},
                             **(params or {}))
            frame.loc[rows.index, name] = pd.Series(values, index=rows.index, dtype=float)
    return frame


def add_kpis(frame: pd.DataFrame, kpis: Sequence[str] = DEFAULT_KPIS, *, variant: str | None = None,
             interactions: Iterable[str] | None = None, network_column: str = "network",
             strict: bool = False) -> pd.DataFrame:
    """A copy of `frame` with one column per KPI, computed row by row with each row's network defaults.

    KPIs whose inputs the frame lacks are skipped (or raise with `strict=True`); no value is NaN, never 0.
    """
    import pandas as pd

    out = frame.copy()
    data = _fill_derived(out, network_column, interactions)
    groups = data.groupby(network_column, sort=False, dropna=False) if network_column in data else [(None, data)]
    for kpi_id in kpis:
        pieces = []
        for network, part in groups:
            net = network if isinstance(network, str) and network in _catalog.NETWORK_INTERACTIONS else None
            columns = _available(part, kpi_id, variant, net, interactions)
            if columns is None:
                if strict:
                    raise BadInputError(f"KPI {kpi_id!r} needs columns the table lacks (network {network!r})")
                continue
            pieces.append(pd.Series(compute(kpi_id, variant=variant, network=net, interactions=interactions,
                                            **columns), index=part.index, dtype=float))
        if pieces:
            out[kpi_id] = pd.concat(pieces).reindex(out.index)
    return out


PERIOD_LABELS = ("day", "week", "month", "quarter", "year")
"""Period keys of `summarize(by=…)`: the same labels as `kpixl.render.sql` (2026-01-05, Monday 2026-01-05, 2026-01,
2026Q1, 2026), from the date column read as UTC."""


def timestamps(values: pd.Series) -> pd.Series:
    """ISO 8601 text (date only, with or without offset) as naive UTC timestamps; NaT when unreadable."""
    import pandas as pd

    return pd.to_datetime(values, errors="coerce", utc=True, format="ISO8601").dt.tz_localize(None)


def period_label(stamps: pd.Series, period: str) -> pd.Series:
    """Text labels of a period key (None where the date is unreadable)."""
    import pandas as pd

    if period == "week":
        stamps = (stamps - pd.to_timedelta(stamps.dt.weekday, unit="D")).dt.normalize()
    formats = {"day": "%Y-%m-%d", "week": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    if period == "quarter":
        labels = stamps.dt.strftime("%Y") + "Q" + stamps.dt.quarter.astype("Int64").astype(str)
    else:
        labels = stamps.dt.strftime(formats[period])
    return labels.astype(object).where(stamps.notna(), None)


def summarize(frame: pd.DataFrame, kpis: Sequence[str] = DEFAULT_KPIS, *, by: Sequence[str] = ("network",),
              period: str | None = None, date_column: str = "published_at", how: str | None = None,
              variant: str | None = None, interactions: Iterable[str] | None = None,
              params: Mapping[str, float] | None = None) -> pd.DataFrame:
    """KPIs aggregated per group: columns in `by` (a name in `PERIOD_LABELS` groups by that period of
    `date_column`), plus `period` ("D", "W", "M", "Q" or "Y", pandas labels) when given.

    Ratios are ratios of sums by default (`how="mean"` or `"median"` for per-post averages); each group uses its
    network's defaults when `network` is a key; `params` sets parameters such as emv_cpm. Vectorised: equal to
    `kpixl.aggregate` on each group's rows.
    """
    interactions = tuple(interactions) if interactions is not None else None
    data = _fill_derived(frame.copy(), "network", interactions, params)
    keys = list(by)
    stamps = timestamps(data[date_column]) if date_column in data else None
    for key in keys:
        if key in PERIOD_LABELS and key not in data:
            if stamps is None:
                raise BadInputError(f"grouping by {key} needs a {date_column!r} column")
            data[key] = period_label(stamps, key)
    if period:
        data["period"] = stamps.dt.to_period(period).astype(str)
        keys.append("period")
    networks = data["network"] if "network" in keys else None
    grouped = data.groupby(keys, sort=True, dropna=False)
    table = grouped.size().rename("posts").to_frame()
    for kpi_id in kpis:
        column = _aggregated(data, kpi_id, grouped.ngroup(), networks, stamps, how=how, variant=variant,
                             interactions=interactions, params=params or {})
        if column is not None:
            table[kpi_id] = column.reindex(range(len(table))).to_numpy()
    return table.reset_index()


def _aggregated(data: pd.DataFrame, kpi_id: str, group: pd.Series, networks: pd.Series | None,
                stamps: pd.Series | None, *, how: str | None, variant: str | None,
                interactions: tuple[str, ...] | None, params: Mapping[str, float]) -> pd.Series | None:
    """One KPI per group number (NaN where no value), or None when no network's rows can compute it."""
    import numpy as np
    import pandas as pd

    kpi = _catalog.get(kpi_id)
    if kpi.aggregation == "none":
        return None
    parts: dict[str, list[pd.Series]] = {"num": [], "den": [], "value": []}
    method = None
    for network in ((*_catalog.NETWORK_INTERACTIONS, None) if networks is not None else (None,)):
        if networks is None:
            rows = data.index
        else:  # None: any other network, or a blank one
            rows = networks.index[networks == network if network else ~networks.isin(_catalog.NETWORK_INTERACTIONS)]
        columns = _available(data.loc[rows], kpi_id, variant, network, interactions)
        if columns is None or not len(rows):
            continue
        expr = within(kpi.expression(variant, network=network, interactions=interactions, provided=data.columns),
                      data.columns)
        chosen = kpi.variant_for(variant, network).id
        method = (how if kpi.aggregation == "ratio_of_sums" else None) or (
            chosen if chosen in ("mean", "median") else kpi.aggregation)
        ratio = split_ratio(expr) if method == "ratio_of_sums" else None
        if method == "ratio_of_sums" and ratio is None:
            method = "sum" if kpi.unit in ("count", "currency") else "mean"
        complete = pd.concat([pd.concat([columns[n].notna() for n in group], axis=1).any(axis=1)
                              for group in presence_groups(expr)], axis=1).all(axis=1)  # `Reported`: one suffices
        if ratio is not None:
            for name, part in zip(("num", "den"), ratio, strict=True):
                values = pd.Series(evaluate(part, {**params, **columns}), index=rows, dtype=float)
                parts[name].append(values.where(complete))
        else:
            parts["value"].append(pd.Series(evaluate(expr, {**params, **columns}), index=rows, dtype=float))
    if method is None:
        return None
    if method == "ratio_of_sums":
        num = pd.concat(parts["num"]).groupby(group).sum(min_count=1)
        den = pd.concat(parts["den"]).groupby(group).sum(min_count=1)
        return (num / den.where(den != 0)).replace([np.inf, -np.inf], np.nan)
    values = pd.concat(parts["value"])
    by_group = values.groupby(group.loc[values.index])
    if method == "sum":
        return by_group.sum(min_count=1)
    if method == "mean":
        return by_group.mean()
    if method == "median":
        return by_group.median()
    if stamps is None:  # last: the latest post's value (ties: the larger), as the SQL engines
        return None
    ordered = pd.DataFrame({"group": group, "stamp": stamps, "value": values}).dropna()
    return ordered.sort_values(["stamp", "value"]).groupby("group")["value"].last()
