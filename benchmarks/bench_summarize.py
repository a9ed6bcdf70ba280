"""`kpixl summarize` over synthetic posts: DuckDB (default engine) against pandas, and Spark local against DuckDB.

Run: python benchmarks/bench_summarize.py [--rows 10000000] [--files 4] [--format csv|parquet] [--no-spark]

Writes the synthetic posts (the canonical columns of `kpixl normalize`: network, published_at and the metrics, with
blanks and zeros) with DuckDB, then runs each engine in its own process over the same files, grouped by network and
month, every KPI the columns allow. Reports wall and CPU time and peak memory (RSS) per engine and the ratios,
and checks the engines' tables are equal (1e-9). Memory is also measured at a tenth of the rows: flat means the
DuckDB process needs about the same memory for 10x the rows (out of core), while pandas grows with the data.
Aim: DuckDB at least 5x faster than pandas.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NETWORKS = ("facebook", "instagram", "linkedin", "x", "tiktok", "youtube", "pinterest")
METRICS = ("impressions", "reach", "views", "likes", "comments", "shares", "saves", "clicks", "follows",
           "profile_visits", "followers", "spend", "conversions", "revenue", "engagements")


def write_posts(folder: Path, rows: int, files: int, kind: str) -> list[Path]:
    """Synthetic canonical posts in `files` files: ~2 % blank metrics, ~1 % zero reach, some blank networks."""
    import duckdb

    networks = "[" + ", ".join(f"'{n}'" for n in NETWORKS) + "]"
    blank = "CASE WHEN random() < 0.02 THEN NULL ELSE {} END"
    columns = {
        "impressions": "CAST(reach * (1 + random()) AS BIGINT)",
        "reach": "CASE WHEN random() < 0.01 THEN 0 ELSE CAST(random() * 20000 AS BIGINT) END",
        "views": "CAST(reach * 2 * random() AS BIGINT)",
        "likes": "CAST(reach * 0.05 * random() AS BIGINT)",
        "comments": "CAST(reach * 0.005 * random() AS BIGINT)",
        "shares": "CAST(reach * 0.004 * random() AS BIGINT)",
        "saves": "CAST(reach * 0.006 * random() AS BIGINT)",
        "clicks": "CAST(reach * 0.01 * random() AS BIGINT)",
        "follows": "CAST(random() * 10 AS BIGINT)",
        "profile_visits": "CAST(random() * 40 AS BIGINT)",
        "followers": "CAST(10000 + random() * 50000 AS BIGINT)",
        "spend": "CASE WHEN random() < 0.8 THEN 0 ELSE round(random() * 300, 2) END",
        "conversions": "CAST(random() * 20 AS BIGINT)",
        "revenue": "round(random() * 900, 2)",
        "engagements": "CASE WHEN random() < 0.9 THEN NULL ELSE CAST(random() * 900 AS BIGINT) END",
    }
    per_file = math.ceil(rows / files)
    paths = []
    connection = duckdb.connect()
    for index in range(files):
        count = min(per_file, rows - index * per_file)
        path = folder / f"posts_{index}.{kind}"
        metrics = ", ".join(f"{blank.format(expr)} AS {name}" for name, expr in columns.items())
        query = f"""
            SELECT CASE WHEN random() < 0.001 THEN NULL ELSE {networks}[1 + CAST(floor(random() * 7) AS INT)]
                   END AS network,
                   strftime(TIMESTAMP '2024-01-01' + to_seconds(CAST(random() * 730 * 86400 AS BIGINT)),
                            '%Y-%m-%dT%H:%M:%S') AS published_at,
                   {metrics}
            FROM (SELECT CAST(random() * 20000 AS BIGINT) AS reach FROM range({count}))"""
        fmt = "(FORMAT csv, HEADER true)" if kind == "csv" else "(FORMAT parquet)"
        connection.execute(f"COPY ({query}) TO '{path}' {fmt}")
        paths.append(path)
    connection.close()
    return paths


def run_child(args: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(args[:4])} failed:\n{process.stderr.read()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def kpixl_summarize(engine: str, paths: list[Path], output: Path) -> list[str]:
    return [sys.executable, "-m", "kpixl.cli", "summarize", *map(str, paths), "--by", "network,month",
            "--engine", engine, "-o", str(output)]


def spark_child(paths: list[str], output: str) -> None:
    """Spark local mode over the same files (session start timed apart): `kpixl.analytics.spark.summarize`."""
    from pyspark.sql import SparkSession

    from kpixl.analytics import spark as kpixl_spark

    started = time.perf_counter()
    session = (SparkSession.builder.master("local[*]").config("spark.ui.enabled", "false")
               .config("spark.driver.memory", "4g").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    ready = time.perf_counter()
    reader = session.read.option("header", True)
    posts = reader.csv(paths) if paths[0].endswith(".csv") else reader.parquet(*paths)
    table = kpixl_spark.summarize(posts, by=["network", "month"]).toPandas()
    table.to_csv(output, index=False)
    print(f"spark session start {ready - started:.1f} s, query {time.perf_counter() - ready:.1f} s", file=sys.stderr)
    session.stop()


def equal_tables(a: Path, b: Path) -> bool:
    import pandas as pd

    x, y = pd.read_csv(a), pd.read_csv(b)
    if list(x.columns) != list(y.columns) or len(x) != len(y):
        return False
    for column in x.columns[2:]:
        for p, q in zip(x[column], y[column], strict=True):
            if not ((pd.isna(p) and pd.isna(q)) or math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-12)):
                return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000, help="synthetic posts (default 10,000,000)")
    parser.add_argument("--files", type=int, default=4, help="files the posts are split into (default 4)")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv", help="file format (default csv)")
    parser.add_argument("--folder", type=Path, help="where to write the posts (default: a temporary folder)")
    parser.add_argument("--no-spark", action="store_true", help="skip Spark local mode")
    parser.add_argument("--no-small", action="store_true", help="skip the memory run at a tenth of the rows")
    parser.add_argument("--spark-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spark_child:
        spark_child(args.spark_child[1:], args.spark_child[0])
        return
    folder = args.folder or Path(tempfile.mkdtemp(prefix="kpixl-bench-summarize-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results: dict[str, tuple[float, float, float]] = {}
        for label, rows in ((f"{args.rows:,}", args.rows), (f"{args.rows // 10:,}", args.rows // 10)):
            if label != f"{args.rows:,}" and args.no_small:
                continue
            started = time.perf_counter()
            data = folder / f"rows_{rows}"
            data.mkdir(exist_ok=True)
            paths = write_posts(data, rows, args.files, args.format)
            size = sum(p.stat().st_size for p in paths) / 1e6
            print(f"{rows:,} posts in {len(paths)} {args.format} files ({size:,.0f} MB), "
                  f"written in {time.perf_counter() - started:.1f} s")
            engines = ["duckdb", "pandas"] + ([] if args.no_spark or rows != args.rows else ["spark"])
            for engine in engines:
                output = data / f"summary_{engine}.csv"
                if engine == "spark":
                    command = [sys.executable, __file__, "--spark-child", str(output), *map(str, paths)]
                else:
                    command = kpixl_summarize(engine, paths, output)
                seconds, cpu, peak = run_child(command)
                results[f"{engine}@{rows}"] = (seconds, cpu, peak)
                same = "" if engine == "duckdb" else (
                    ", same table as duckdb" if equal_tables(data / "summary_duckdb.csv", output)
                    else ", TABLE DIFFERS FROM DUCKDB")
                print(f"  {engine:<7} {seconds:8.1f} s wall {cpu:8.1f} s CPU   peak {peak:8,.0f} MB{same}")
            shutil.rmtree(data)
        big = args.rows
        duck, pandas = results[f"duckdb@{big}"], results[f"pandas@{big}"]
        print(f"\npandas / duckdb: {pandas[0] / duck[0]:.1f}x wall time (aim >= 5x), {pandas[1] / duck[1]:.1f}x CPU "
              f"time; peak memory: duckdb {duck[2]:,.0f} MB, pandas {pandas[2]:,.0f} MB")
        if f"duckdb@{big // 10}" in results:
            small_duck, small_pandas = results[f"duckdb@{big // 10}"], results[f"pandas@{big // 10}"]
            print(f"memory at 10x the rows: duckdb {duck[2] / small_duck[2]:.1f}x, "
                  f"pandas {pandas[2] / small_pandas[2]:.1f}x")
        if f"spark@{big}" in results:
            spark = results[f"spark@{big}"]
            print(f"spark local / duckdb: {spark[0] / duck[0]:.1f}x wall time (Spark's own start included)")
    finally:
        if args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
