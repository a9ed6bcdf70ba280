"""Spark adapter: the catalog's KPIs on a Spark DataFrame, from the same trees as every SQL engine (Spark SQL).

    from kpixl import spark as kpixl_spark
    posts = spark.read.csv("s3://agency/posts/*.csv", header=True)
    kpixl_spark.add_kpis(posts)                                  # one column per KPI, each row's network defaults
    kpixl_spark.summarize(posts, by=["network", "month"])        # ratio of sums per network and month

Periods are read in UTC, whatever the session's time zone. PySpark is imported on first use (`kpixl[spark]`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kpixl.render import sql


def _options(df: Any, variant: str | None, interactions: Iterable[str] | None,
             params: Mapping[str, float] | None) -> sql.Options:
    return sql.Options(columns=tuple(df.columns), variant=variant,
                       interactions=tuple(interactions) if interactions is not None else None,
                       params=dict(params or {}))


def _run(df: Any, build: Any) -> Any:
    """Spark SQL over `df` as a temporary view, analysed in UTC (the plan keeps it), the view dropped after."""
    sql.require("pyspark", extra="spark")
    session = df.sparkSession
    view = f"kpixl_posts_{uuid.uuid4().hex}"
    zone = session.conf.get("spark.sql.session.timeZone")
    df.createOrReplaceTempView(view)
    session.conf.set("spark.sql.session.timeZone", "UTC")
    try:
        return session.sql(build(view))
    finally:
        session.conf.set("spark.sql.session.timeZone", zone)
        session.catalog.dropTempView(view)


def add_kpis(df: Any, kpis: Iterable[str] | None = None, *, variant: str | None = None,
             interactions: Iterable[str] | None = None, params: Mapping[str, float] | None = None) -> Any:
    """`df` with one column per KPI its columns can compute (default: the whole catalog); no value is NULL.

    Numeric columns come back as DOUBLE and blank `engagements` filled from each row's components.
    """
    options = _options(df, variant, interactions, params)
    return _run(df, lambda view: sql.select_kpis(view, list(kpis) if kpis is not None else None, options)
                .sql(dialect="spark"))


def summarize(df: Any, kpis: Iterable[str] | None = None, *, by: Sequence[str] = ("network", "month"),
              how: str | None = None, variant: str | None = None, interactions: Iterable[str] | None = None,
              params: Mapping[str, float] | None = None) -> Any:
    """KPIs per group (columns, or day/week/month/quarter/year of published_at), as `kpixl summarize` computes."""
    options = _options(df, variant, interactions, params)
    chosen = list(kpis) if kpis is not None else None
    return _run(df, lambda view: sql.summary_sql("spark", view, list(by), chosen, options, how=how))
