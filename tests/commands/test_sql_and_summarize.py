"""`kpixl sql` and `kpixl summarize` from the command line: both engines agree, bad input is one clear line."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from kpixl.sources import samples
from tests.analytics.conftest import END, same

pd = pytest.importorskip("pandas")
duckdb = pytest.importorskip("duckdb")
sqlglot = pytest.importorskip("sqlglot")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("posts")
    samples.write_csvs(folder, END, n=60)
    (folder / "daily_followers.csv").unlink()
    return folder


def test_summarize_duckdb_and_pandas_give_the_same_table(folder, tmp_path, run_kpixl):
    for engine in ("duckdb", "pandas"):
        result = run_kpixl("summarize", str(folder / "*_posts.csv"), "--by", "network,month", "--engine", engine,
                     "-o", str(tmp_path / f"{engine}.csv"))
        assert result.exit_code == 0, result.output
    a, b = (pd.read_csv(tmp_path / f"{engine}.csv") for engine in ("duckdb", "pandas"))
    assert list(a.columns) == list(b.columns)
    assert list(a.columns[:5]) == ["network", "month", "posts", "engagements", "engagement_rate"]
    assert len(a) == 7 * 7  # 7 networks x 7 months (Dec-Jun)
    assert a["posts"].sum() == 7 * 60
    for column in a.columns[3:]:
        for x, y in zip(a[column], b[column], strict=True):
            assert same(x, y), (column, x, y)


def test_summarize_prints_csv_and_writes_parquet(folder, tmp_path, run_kpixl):
    result = run_kpixl("summarize", str(folder / "x_posts.csv"), str(folder / "tiktok_posts.csv"), "--by", "network",
                 "--kpis", "engagement_rate,ctr,cpm")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(result.output.splitlines()))
    assert rows[0] == ["network", "posts", "engagement_rate", "ctr", "cpm"]
    assert [r[0] for r in rows[1:]] == ["tiktok", "x"]
    assert rows[1][3] == ""  # TikTok reports no impressions: CTR is no value, never 0
    out = tmp_path / "summary.parquet"
    result = run_kpixl("summarize", str(folder / "*_posts.csv"), "--by", "quarter", "-o", str(out))
    assert result.exit_code == 0, result.output
    table = duckdb.sql(f"SELECT * FROM '{out}'").df()
    assert list(table["quarter"]) == ["2024Q4", "2025Q1", "2025Q2"]


def test_summarize_reads_parquet(folder, tmp_path, run_kpixl):
    source = tmp_path / "posts.parquet"
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{folder}/*_posts.csv', all_varchar=true)) TO '{source}'")
    for engine in ("duckdb", "pandas"):
        if engine == "pandas":
            pytest.importorskip("pyarrow")
        result = run_kpixl("summarize", str(source), "--by", "network", "--kpis", "engagement_rate", "--engine", engine)
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[0] == "network,posts,engagement_rate"


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_a_bad_number_names_file_row_and_column(tmp_path, engine, run_kpixl):
    path = tmp_path / "posts.csv"
    path.write_text("network,published_at,likes,reach\nx,2026-01-05,3,10\ninstagram,2026-01-06,lots,5\n")
    result = run_kpixl("summarize", str(path), "--engine", engine)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path}, row 3, column 'likes': not a number: 'lots'"


def test_missing_files_and_bad_keys_are_one_line_errors(folder, run_kpixl):
    result = run_kpixl("summarize", str(folder / "nothing*.csv"))
    assert result.exit_code == 1 and result.output.startswith("Error: no file matches")
    result = run_kpixl("summarize", str(folder / "x_posts.csv"), "--by", "network,fortnight")
    assert result.exit_code == 1
    assert "cannot group by 'fortnight'" in result.output and "Traceback" not in result.output


def _without_duckdb(folder, *args: str) -> subprocess.CompletedProcess:
    """`kpixl summarize` as a plain install runs it: none of the `kpixl[sql]` extra (DuckDB, SQLGlot, PyArrow)."""
    code = ("import sys; sys.modules.update(dict.fromkeys(['duckdb', 'sqlglot', 'pyarrow'])); "
            "from kpixl.cli import main; "
            f"main(['summarize', r'{folder / 'x_posts.csv'}', *{list(args)!r}])")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_a_missing_engine_asked_for_is_one_line_naming_the_extra(folder):
    result = _without_duckdb(folder, "--engine", "duckdb")
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: duckdb is not installed; install it with: pip install 'kpixl[sql]'"


def test_summarize_works_out_of_the_box_without_duckdb(folder, run_kpixl):
    """#24: a plain install (no kpixl[sql]) summarizes with pandas, a core dependency: the same table."""
    args = ("--by", "network", "--kpis", "engagement_rate,ctr")
    plain = _without_duckdb(folder, *args)
    assert plain.returncode == 0, plain.stderr
    with_duckdb = run_kpixl("summarize", str(folder / "x_posts.csv"), *args, "--engine", "duckdb")
    a, b = pd.read_csv(io.StringIO(plain.stdout)), pd.read_csv(io.StringIO(with_duckdb.stdout))
    assert list(a.columns) == list(b.columns) == ["network", "posts", "engagement_rate", "ctr"]
    assert all(same(x, y) for column in a.columns[1:] for x, y in zip(a[column], b[column], strict=True))


@pytest.mark.parametrize("dialect", ["duckdb", "spark", "bigquery", "snowflake", "postgres"])
def test_sql_writes_a_view_that_parses_back(tmp_path, dialect, run_kpixl):
    out = tmp_path / "view.sql"
    result = run_kpixl("sql", "--dialect", dialect, "-o", str(out), "--param", "emv_cpm=12.5")
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert sqlglot.parse_one(text, read=dialect) is not None
    assert "12.5" in text and "10.8" not in text


def test_the_duckdb_view_runs_on_a_posts_table(folder, run_kpixl):
    result = run_kpixl("sql", "--kpis", "engagement_rate,cpm")
    connection = duckdb.connect()
    connection.execute(f"CREATE TABLE posts AS SELECT * FROM read_csv('{folder / 'x_posts.csv'}')")
    connection.execute(result.output)
    rows = connection.sql("SELECT impressions, likes, engagement_rate FROM posts_kpis").fetchall()
    assert len(rows) == 60 and any(r[2] is not None for r in rows)


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_a_kpi_asked_for_that_the_files_cannot_compute_names_the_missing_columns(folder, engine, run_kpixl):
    result = run_kpixl("summarize", str(folder / "tiktok_posts.csv"), "--kpis", "ctr,net_sentiment", "--engine", engine)
    assert result.exit_code == 1
    assert result.output == "Error: net_sentiment needs column(s) the table lacks: positive, negative\n"
    result = run_kpixl("summarize", str(folder / "tiktok_posts.csv"), "--kpis", "ctr", "--variant", "weekly")
    assert result.output == "Error: no KPI asked for has a variant 'weekly'\n"
    result = run_kpixl("sql", "--kpis", "engagement_rate,share_of_voice")
    assert result.exit_code == 1 and "share_of_voice needs column(s) the table lacks: brand_mentions" in result.output
