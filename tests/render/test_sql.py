"""The SQL renderer: NULLIF on every denominator, network defaults as CASE, dialects written (and read) by SQLGlot."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kpixl.catalog.expr import If, Param, clamp, i
from kpixl.errors import BadInputError
from kpixl.render import sql

sqlglot = pytest.importorskip("sqlglot")


def test_a_ratio_divides_as_floats_and_a_zero_denominator_is_null():
    assert sql.to_sql(i("likes") / i("reach")) == "CAST(likes AS DOUBLE) / NULLIF(reach, 0)"
    assert sql.to_sql((i("a") + i("b")) / (i("c") - i("d")) * 2) == (
        "CAST((a + b) AS DOUBLE) / NULLIF(c - d, 0) * 2")
    assert sql.to_sql(i("a") - (i("b") - i("c"))) == "a - (b - c)"
    assert sql.to_sql(i("spend") * 1000 / i("impressions"), "postgres") == (
        "CAST(spend * 1000 AS DOUBLE PRECISION) / NULLIF(impressions, 0)")


def test_parameters_are_bound_as_values():
    expr = i("impressions") * Param("emv_cpm", 10.8) / 1000
    assert sql.to_sql(expr) == "CAST(impressions * 10.8 AS DOUBLE) / 1000"
    assert sql.to_sql(expr, params={"emv_cpm": 12}) == "CAST(impressions * 12 AS DOUBLE) / 1000"


def test_branches_and_min_max_give_no_value_when_an_input_is_missing():
    text = sql.to_sql(If(i("a") > 1, clamp(i("b"), 0, 1), 0))
    assert text.startswith("CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE")
    assert "WHEN NOT (a > 1) THEN 0" in text  # a NULL condition is no value, not the else branch


def test_network_defaults_become_case_network():
    tree = sql.kpi_column("engagement_rate", sql.Options())
    text = tree.sql("duckdb")
    assert ("WHEN network IN ('x', 'linkedin', 'pinterest') THEN CAST(engagements AS DOUBLE) / "
            "NULLIF(impressions, 0)") in text
    assert "ELSE CAST(engagements AS DOUBLE) / NULLIF(reach, 0)" in text  # Meta and unknown networks: reach
    view = " ".join(sql.view_sql("duckdb", kpis=["engagements"]).split())
    assert ("WHEN network IN ('pinterest') THEN COALESCE( CAST(engagements AS DOUBLE), CASE WHEN "
            "( CAST(saves AS DOUBLE) IS NULL AND CAST(clicks AS DOUBLE) IS NULL ) THEN NULL "
            "ELSE COALESCE(CAST(saves AS DOUBLE), 0) + "
            "COALESCE(CAST(clicks AS DOUBLE), 0) END )") in view  # a blank interaction is not reported on that row


@pytest.mark.parametrize("dialect", sql.DIALECTS)
def test_every_dialect_parses_back(dialect):
    """The view of the whole catalog and a summary per network and month, in each dialect, read back by SQLGlot."""
    view = sql.view_sql(dialect)
    parsed = sqlglot.parse_one(view, read=dialect)
    assert parsed.find(sqlglot.exp.Create) is not None
    names = {a.alias for a in parsed.find(sqlglot.exp.Select).expressions if a.alias}
    assert {"engagement_rate", "ctr", "cpm", "roas", "emv"} <= names
    for by in (["network", "month"], ["week"], ["network", "quarter", "post_type"], ["year", "day"]):
        summary = sql.summary_sql(dialect, "posts", by)
        assert sqlglot.parse_one(summary, read=dialect).find(sqlglot.exp.Group) is not None


def test_every_kpi_and_variant_renders_in_every_dialect():
    from kpixl.catalog import kpi as catalog
    from kpixl.catalog.expr import inputs_of

    for kpi in catalog.catalog().values():
        for variant in kpi.variants:
            expr = kpi.expression(variant.id)
            for dialect in sql.DIALECTS:
                text = sql.to_sql(expr, dialect)
                parsed = sqlglot.parse_one(text, read=dialect)
                columns = {c.name for c in parsed.find_all(sqlglot.exp.Column)}
                assert columns == set(inputs_of(expr)), (kpi.id, variant.id, dialect, text)


def test_unknown_dialect_and_group_key_are_clear_errors():
    with pytest.raises(BadInputError, match="unknown SQL dialect 'oracle'; choose from: duckdb"):
        sql.view_sql("oracle")
    with pytest.raises(BadInputError, match="cannot group by 'fortnight'"):
        sql.summary_sql("duckdb", "posts", ["fortnight"])


def test_import_kpixl_loads_no_sql_engine():
    code = ("import sys, kpixl; kpixl.compute('ctr', clicks=1, impressions=2); import kpixl.render.sql; "
            "print(sorted(m for m in ('duckdb', 'sqlglot', 'pyspark', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
