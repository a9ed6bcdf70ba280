"""DataFrame helpers for analysts: KPI columns on a posts table, and KPIs per network and period.

pandas is imported here only; the rest of kpixl runs without it. Network defaults (which interactions count,
what engagement rate divides by) apply per row's network unless a variant or interaction set is given.

A derived column the frame has (`engagements`, `emv`: `kpixl.kpi.DERIVED`) is used where it has a value; where it is
blank on a row, it is computed from that row's components with the row's network defaults (the CSV of `kpixl
normalize` always has an `engagements` column, filled only for exports that report their own total).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from kpixl import kpi as _catalog
from kpixl.engine import aggregate, compute
from kpixl.errors import BadInputError
from kpixl.expr import inputs_of

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_KPIS = ("engagements", "engagement_rate", "ctr", "virality_rate", "cpm", "cpc", "cpe")


def _available(frame: pd.DataFrame, kpi_id: str, variant: str | None, network: str | None,
               interactions: Iterable[str] | None) -> dict[str, Any] | None:
    """The columns a KPI needs from this frame, or None when a column is absent."""
    kpi = _catalog.get(kpi_id)
    try:
        expr = kpi.expression(variant, network=network, interactions=interactions, provided=frame.columns)
    except BadInputError:
        return None
    names = inputs_of(expr)
    if any(name not in frame.columns for name in names):
        return None
    return {name: frame[name] for name in names}


def _fill_derived(frame: pd.DataFrame, network_column: str, interactions: Iterable[str] | None) -> pd.DataFrame:
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
                expr = _catalog.get(name).expression(None, network=net, interactions=interactions,
                                                     provided=set(rows.columns) - {name})
            except BadInputError:
                continue
            names = inputs_of(expr)
            if name in names or any(n not in rows.columns for n in names):
                continue  # the components are not in the frame: the blanks stay blank
            values = compute(name, network=net, interactions=interactions, **{n: rows[n] for n in names})
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


def summarize(frame: pd.DataFrame, kpis: Sequence[str] = DEFAULT_KPIS, *, by: Sequence[str] = ("network",),
              period: str | None = None, date_column: str = "published_at", how: str | None = None,
              variant: str | None = None, interactions: Iterable[str] | None = None) -> pd.DataFrame:
    """KPIs aggregated per group (network, and `period` "D", "W", "M", "Q" or "Y" of `date_column`).

    Ratios are ratios of sums by default (`how="mean"` or `"median"` for per-post averages).
    """
    import pandas as pd

    keys = list(by)
    data = _fill_derived(frame.copy(), "network", interactions)
    if period:
        # ISO8601: mixed date-only and timestamp strings; inferring one format from the first row drops the others
        stamps = pd.to_datetime(data[date_column], errors="coerce", utc=True, format="ISO8601").dt.tz_localize(None)
        data["period"] = stamps.dt.to_period(period).astype(str)
        keys.append("period")
    rows = []
    for key, part in data.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        record = dict(zip(keys, key, strict=True))
        network = record.get("network")
        net = network if isinstance(network, str) and network in _catalog.NETWORK_INTERACTIONS else None
        record["posts"] = len(part)
        for kpi_id in kpis:
            columns = _available(part, kpi_id, variant, net, interactions)
            if columns is None:
                continue
            value = aggregate(kpi_id, how=how if _catalog.get(kpi_id).aggregation == "ratio_of_sums" else None,
                              variant=variant, network=net, interactions=interactions, **columns)
            record[kpi_id] = float("nan") if value is None else value
        rows.append(record)
    return pd.DataFrame(rows)
