"""DuckDB and Spark (local mode) run the catalog's SQL: every KPI and variant equals kpixl.compute per row and
kpixl.aggregate per group; their summaries equal kpixl.summarize (pandas)."""

from __future__ import annotations

import pytest

from kpixl.analytics.frames import summarize
from kpixl.render import sql
from tests.analytics.conftest import (
    COLUMNS,
    ROWS,
    expected_group,
    expected_row,
    known,
    same,
    variant_columns,
    variants,
)

pytestmark = [pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
              pytest.mark.filterwarnings("ignore:The copy keyword is deprecated")]  # PySpark's toPandas, pandas 3
OPTIONS = sql.Options(columns=COLUMNS)
ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


@pytest.fixture(scope="module")
def duckdb_session(posts_frame):
    pytest.importorskip("duckdb")
    from kpixl.analytics.duckdb_engine import Session

    with Session() as session:
        session.register_frame(posts_frame)
        yield session


class Engine:
    """Runs a SQLGlot SELECT over the posts in one engine; summarizes through the engine's own adapter."""

    def __init__(self, name: str, request: pytest.FixtureRequest):
        self.name = name
        if name == "duckdb":
            self.duckdb = request.getfixturevalue("duckdb_session")
        else:
            self.spark = request.getfixturevalue("spark")
            self.posts = request.getfixturevalue("spark_posts")
            self.posts.createOrReplaceTempView("posts")

    def rows(self, select) -> list[tuple]:
        if self.name == "duckdb":
            return self.duckdb.connection.sql(select.sql("duckdb")).fetchall()
        return [tuple(r) for r in self.spark.sql(select.sql("spark")).collect()]

    def summary(self, by, how):
        if self.name == "duckdb":
            return self.duckdb.frame(sql.summary_sql("duckdb", "posts", by, None, OPTIONS, how=how))
        from kpixl.analytics import spark

        return spark.summarize(self.posts, by=by, how=how).toPandas()


@pytest.fixture(scope="module", params=ENGINES)
def engine(request):
    return Engine(request.param, request)


def test_every_kpi_and_variant_per_row_equals_compute(engine):
    from sqlglot import exp

    names, trees = variant_columns()
    assert len(names) == len(variants())  # every variant renders over a table with every input
    result = sorted(engine.rows(exp.select("post_id", *trees).from_(sql.prepared("posts", OPTIONS))),
                    key=lambda r: [row["post_id"] for row in ROWS].index(r[0]))
    assert len(result) == len(ROWS)
    mismatches = []
    for row, got in zip(ROWS, result, strict=True):
        assert got[0] == row["post_id"]
        for name, value in zip(names, got[1:], strict=True):
            kpi_id, variant = name.split(":")
            want = expected_row(row, kpi_id, variant)
            if not same(value, want):
                mismatches.append((row["post_id"], row["network"], name, value, want))
    assert not mismatches, mismatches[:10]


@pytest.mark.parametrize("by_network", [True, False])
def test_every_kpi_and_variant_per_group_equals_aggregate(engine, by_network):
    from sqlglot import exp

    names, trees = variant_columns(by_network)
    keys = [exp.column("network")] if by_network else []
    query = exp.select(*keys, exp.alias_(exp.Count(this=exp.Star()), "n"), *trees)
    query = query.from_(sql.prepared("posts", OPTIONS))
    if by_network:
        query = query.group_by("network")
    groups = engine.rows(query)
    mismatches = []
    for group in groups:
        network = group[0] if by_network else None
        rows = [r for r in ROWS if not by_network or r["network"] == network]
        assert group[len(keys)] == len(rows)
        for name, value in zip(names, group[len(keys) + 1:], strict=True):
            kpi_id, variant = name.split(":")
            if sql._catalog.get(kpi_id).aggregation == "last":
                continue  # ordered by date: checked with the summary below
            want = expected_group(rows, kpi_id, variant, known(network) if by_network else None)
            if not same(value, want):
                mismatches.append((network, name, value, want))
    assert not mismatches, mismatches[:10]


@pytest.mark.parametrize("how", [None, "mean", "median"])
def test_summary_by_network_and_month_equals_pandas(engine, posts_frame, how):
    """The summary (every KPI, months of ISO dates with offsets read as UTC) equals kpixl.summarize."""
    got = engine.summary(["network", "month"], how)
    kpis = [c for c in got.columns if c not in ("network", "month", "posts")]
    want = summarize(posts_frame, kpis, by=["network", "month"], how=how)
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    assert "followers" in kpis and "engagement_rate" in kpis and "2025-04" in set(got["month"])
    for (_, a), (_, b) in zip(got.iterrows(), want.iterrows(), strict=True):
        assert (a["network"], a["month"], a["posts"]) == (b["network"], b["month"], b["posts"]) or (
            a.isna()["network"] and b.isna()["network"])
        for kpi_id in kpis:
            assert same(a[kpi_id], b[kpi_id]), (a["network"], a["month"], kpi_id, a[kpi_id], b[kpi_id])


def test_ratio_of_sums_leaves_out_incomplete_rows_and_zero_totals_are_no_value(duckdb_session):
    import pandas as pd

    tiny = pd.DataFrame({"network": ["x", "x", "x", "facebook"], "clicks": [5.0, 3.0, None, 4.0],
                         "impressions": [100.0, None, 50.0, 0.0]})
    duckdb_session.connection.register("tiny", tiny)
    options = sql.Options(columns=tuple(tiny.columns))
    rows = duckdb_session.connection.sql(sql.summary_sql("duckdb", "tiny", ["network"], ["ctr"], options)).fetchall()
    assert rows == [("facebook", 1, None), ("x", 3, 0.05)]  # 4 / 0 is no value, never 0; rows 2-3 incomplete


@pytest.mark.spark
def test_spark_add_kpis_equals_pandas_add_kpis(spark_posts, posts_frame):
    from kpixl.analytics import frames, spark as kpixl_spark

    kpis = ["engagements", "engagement_rate", "ctr", "cpm", "emv", "roas", "frequency"]
    got = kpixl_spark.add_kpis(spark_posts, kpis).toPandas()
    want = frames.add_kpis(posts_frame, kpis)
    assert list(got["post_id"]) == list(want["post_id"])
    for kpi_id in kpis:
        for x, y in zip(got[kpi_id], want[kpi_id], strict=True):
            assert same(x, y), (kpi_id, x, y)
