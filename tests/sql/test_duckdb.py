"""DuckDB runs the catalog's SQL: every KPI and variant equals kpixl.compute per row and kpixl.aggregate per group."""

from __future__ import annotations

import pytest

from kpixl import sql
from kpixl.frames import summarize
from tests.sql.conftest import (
    COLUMNS,
    ROWS,
    expected_group,
    expected_row,
    known,
    same,
    variants,
)

duckdb = pytest.importorskip("duckdb")
OPTIONS = sql.Options(columns=COLUMNS)


def variant_columns(by_network: bool | None = None) -> tuple[list[str], list]:
    """(names, trees): one column per KPI and variant, row values (None) or aggregated per group."""
    from sqlglot import exp

    names, trees = [], []
    for kpi_id, variant in variants():
        options = sql.Options(columns=COLUMNS, variant=variant)
        tree = (sql.kpi_column(kpi_id, options) if by_network is None
                else sql.aggregate_kpi(kpi_id, options, per_network=by_network))
        if tree is not None:
            names.append(f"{kpi_id}:{variant}")
            trees.append(exp.alias_(tree, f"c{len(trees)}"))
    return names, trees


@pytest.fixture(scope="module")
def connection(posts_frame):
    from kpixl.duckdb_engine import Session

    with Session() as session:
        session.register_frame(posts_frame)
        yield session


def test_every_kpi_and_variant_per_row_equals_compute(connection):
    from sqlglot import exp

    names, trees = variant_columns()
    assert len(names) == len(variants())  # every variant renders over a table with every input
    query = exp.select("post_id", *trees).from_(sql.prepared("posts", OPTIONS)).sql("duckdb")
    result = connection.connection.sql(query).fetchall()
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
def test_every_kpi_and_variant_per_group_equals_aggregate(connection, by_network):
    from sqlglot import exp

    names, trees = variant_columns(by_network)
    keys = [exp.column("network")] if by_network else []
    query = exp.select(*keys, exp.alias_(exp.Count(this=exp.Star()), "n"), *trees)
    query = query.from_(sql.prepared("posts", OPTIONS))
    if by_network:
        query = query.group_by("network")
    groups = connection.connection.sql(query.sql("duckdb")).fetchall()
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
def test_summary_by_network_and_month_equals_pandas(connection, posts_frame, how):
    """The summary query (default KPIs, periods from ISO dates with offsets) and kpixl.summarize agree."""
    query = sql.summary_sql("duckdb", "posts", ["network", "month"], None, OPTIONS, how=how)
    got = connection.frame(query)
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


def test_ratio_of_sums_leaves_out_incomplete_rows_and_zero_totals_are_no_value(connection):
    import pandas as pd

    tiny = pd.DataFrame({"network": ["x", "x", "x", "facebook"], "clicks": [5.0, 3.0, None, 4.0],
                         "impressions": [100.0, None, 50.0, 0.0]})
    connection.connection.register("tiny", tiny)
    options = sql.Options(columns=tuple(tiny.columns))
    rows = connection.connection.sql(sql.summary_sql("duckdb", "tiny", ["network"], ["ctr"], options)).fetchall()
    assert rows == [("facebook", 1, None), ("x", 3, 0.05)]  # 4 / 0 is no value, never 0; rows 2-3 incomplete
