"""Posts with every input of the catalog, and the engine's own values for them, shared by the SQL engine tests.

The sample posts of `kpixl.sources.samples` (each network's fields, a few missing values, zero reach) plus the quirks
real
tables have: blank and zero denominators, negative values (refunds, lost followers), unknown and blank networks,
exports' own engagement totals on some rows, timestamps with offsets, date-only values and an unreadable date.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
from typing import Any

import pytest

from kpixl.analytics.post_files import numeric_columns
from kpixl.catalog import kpi as catalog
from kpixl.catalog.expr import inputs_of
from kpixl.catalog.fields import POST_TEXT_FIELDS
from kpixl.errors import BadInputError
from kpixl.render import sql
from kpixl.render.engine import aggregate, compute
from kpixl.sources import samples
from tests.tools import in_ci, tool_missing

END = dt.date(2025, 6, 30)
TOLERANCE = 1e-9


def _extra_inputs() -> list[str]:
    """Inputs of the catalog that are not canonical post columns (sessions, reviews, brand mentions …)."""
    names: dict[str, None] = {}
    for kpi in catalog.catalog().values():
        for variant in kpi.variants:
            names.update(dict.fromkeys(inputs_of(variant.expr)))
    return [n for n in names if n not in samples.POST_FIELDS and n not in catalog.DERIVED]


def build_rows() -> list[dict[str, Any]]:
    rng = random.Random(14)
    rows = []
    for network in catalog.NETWORK_INTERACTIONS:
        rows += samples.posts(network, 24, END)
    rows += [dict(r, network="threads", post_id=f"th-{k}") for k, r in enumerate(samples.posts("instagram", 6, END))]
    rows += [dict(r, network=None, post_id=f"nn-{k}") for k, r in enumerate(samples.posts("facebook", 5, END))]
    extra = _extra_inputs()
    metrics = [n for n in samples.POST_FIELDS if n not in POST_TEXT_FIELDS]
    for k, row in enumerate(rows):
        for name in extra:
            row[name] = rng.choice((None, 0, -3, 1, 2, 3, 7, 12.5, 40, 250))
        if k % 9 == 0:  # quirks on the canonical metrics too
            name = rng.choice(metrics)
            row[name] = rng.choice((None, 0, -2, -150.5))
        if k % 7 == 0 and row.get("likes") is not None:  # the export's own engagement total
            row["engagements"] = row["likes"] + 11
    rows[1]["published_at"] = "2025-03-31T23:30:00-02:00"  # April in UTC
    rows[2]["published_at"] = "2025-02-03"
    rows[3]["published_at"] = "2025-05-10T10:00:00Z"
    rows[4]["published_at"] = "not a date"
    return rows


ROWS = build_rows()
COLUMNS = tuple(dict.fromkeys(name for row in ROWS for name in row))
NUMERIC = [c for c in COLUMNS if c in numeric_columns()]


def variants() -> list[tuple[str, str]]:
    """Every (KPI, variant) of the catalog."""
    return [(k.id, v.id) for k in catalog.catalog().values() for v in k.variants]


def known(network: Any) -> str | None:
    return network if network in catalog.NETWORK_INTERACTIONS else None


def filled(row: dict[str, Any]) -> dict[str, Any]:
    """The row's numbers, its blank engagements computed from the row's components with its network's set."""
    values = {name: row.get(name) for name in NUMERIC}
    if values.get("engagements") is None:
        values["engagements"] = compute("engagements", network=known(row["network"]),
                                        **{k: v for k, v in values.items() if k != "engagements"})
    return values


FILLED = {id(row): filled(row) for row in ROWS}


def expected_row(row: dict[str, Any], kpi_id: str, variant: str) -> Any:
    """kpixl.compute on one row: the engagements column where it has a value, else computed from components."""
    values = {name: row.get(name) for name in NUMERIC}
    if values.get("engagements") is None:
        del values["engagements"]
    return compute(kpi_id, variant=variant, network=known(row["network"]), **values)


def expected_group(rows: list[dict[str, Any]], kpi_id: str, variant: str, network: str | None,
                   how: str | None = None) -> Any:
    """kpixl.aggregate over a group's rows (engagements filled first, as every engine does)."""
    values = [FILLED[id(r)] for r in rows]
    columns = {name: [v[name] for v in values] for name in NUMERIC}
    kpi = catalog.get(kpi_id)
    how = how if kpi.aggregation == "ratio_of_sums" else None
    return aggregate(kpi_id, how=how, variant=variant, network=network, **columns)


def has_variant(kpi_id: str, variant: str) -> bool:
    try:
        catalog.get(kpi_id).variant_for(variant)
    except BadInputError:
        return False
    return True


def same(got: Any, want: Any) -> bool:
    """Equal to 1e-9 (relative), or both no value (None / NULL / NaN)."""
    got_none, want_none = _no_value(got), _no_value(want)
    if want_none or got_none:
        return want_none and got_none
    return math.isclose(float(got), float(want), rel_tol=TOLERANCE, abs_tol=TOLERANCE * 1e-3)


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


def _no_value(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "NaT")


@pytest.fixture(scope="session")
def posts_frame():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(ROWS, columns=list(COLUMNS))
    for name in NUMERIC:
        frame[name] = frame[name].astype(float)
    return frame


def require_java() -> None:
    """Spark needs a Java runtime: skip without one, fail when CI=true (`.ci/run` installs it)."""
    import shutil

    if shutil.which("java") or os.environ.get("JAVA_HOME"):
        return
    tool_missing("Spark needs Java: apt-get install openjdk-17-jre-headless")


@pytest.fixture(scope="session")
def spark():
    """One local SparkSession for the whole test session (2 cores, no UI, few shuffle partitions)."""
    require_java()
    if in_ci():
        import pyspark  # noqa: F401  (a test extra: in CI a missing PySpark fails, never skips)
    else:
        pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    # Tiny data, huge expressions: interpreted evaluation and a C1-only JIT plan and start faster than codegen.
    # A session time zone other than UTC proves kpixl.analytics.spark reads dates in UTC whatever the session says.
    settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                "spark.sql.shuffle.partitions": "2", "spark.driver.memory": "1g",
                "spark.sql.codegen.wholeStage": "false", "spark.sql.codegen.factoryMode": "NO_CODEGEN",
                "spark.driver.extraJavaOptions": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
                "spark.sql.session.timeZone": "America/New_York"}
    builder = SparkSession.builder.master("local[2]").appName("kpixl-tests")
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def spark_posts(spark):
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    schema = StructType([StructField(c, DoubleType() if c in NUMERIC else StringType()) for c in COLUMNS])
    rows = [tuple(float(r[c]) if c in NUMERIC and r.get(c) is not None else r.get(c) for c in COLUMNS)
            for r in ROWS]
    return spark.createDataFrame(rows, schema)
