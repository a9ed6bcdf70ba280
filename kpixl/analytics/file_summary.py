"""`kpixl summarize`: KPIs per group over posts files, with DuckDB (default when installed, out of core) or pandas
(in memory, a core dependency).

Both engines give the same numbers: DuckDB runs the SQL of `kpixl.render.sql`, pandas runs
`kpixl.analytics.frames.summarize`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kpixl.analytics import post_files
from kpixl.atomic import atomic_path
from kpixl.errors import BadInputError, KpixlError
from kpixl.render import sql

ENGINES = ("duckdb", "pandas")
OUTPUTS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def default_engine() -> str:
    """DuckDB when the `kpixl[sql]` extra is installed (out of core), else pandas, a core dependency: `kpixl
    summarize` works out of the box, with the same numbers."""
    try:
        import duckdb  # noqa: F401
        import sqlglot  # noqa: F401
    except ImportError:
        return "pandas"
    return "duckdb"


def summarize_files(patterns: Iterable[str | Path], by: Sequence[str], kpis: Iterable[str] | None = None, *,
                    engine: str | None = None, options: sql.Options | None = None, how: str | None = None) -> Any:
    """A pandas DataFrame: group keys, `posts` (rows per group) and one column per KPI the files can compute;
    `engine` None is `default_engine()`."""
    engine = engine or default_engine()
    paths = post_files.expand(patterns)
    options = options or sql.Options()
    kpis = list(kpis) if kpis is not None else None
    if engine == "duckdb":
        from kpixl.analytics import duckdb_engine

        return duckdb_engine.summarize_files(paths, by, kpis, options=options, how=how)
    if engine != "pandas":
        raise BadInputError(f"unknown engine {engine!r}; choose from: {', '.join(ENGINES)}")
    from kpixl.analytics.frames import summarize
    from kpixl.catalog.kpi import catalog

    frame = read_frame(paths)
    chosen = kpis if kpis is not None else [k.id for k in catalog().values() if k.id != sql.COUNT_COLUMN]
    sql.check_group_keys(by, tuple(frame.columns))  # the same checks and messages as the SQL engines
    table = summarize(frame, chosen, by=by, how=how, variant=options.variant, interactions=options.interactions,
                      params=options.params)
    columns = sql.Options(columns=tuple(frame.columns), variant=options.variant, interactions=options.interactions)
    sql.check_requested(kpis, [c for c in table.columns if c in chosen], columns)
    return table


def read_frame(paths: Sequence[Path]) -> Any:
    """The files as one pandas DataFrame, numeric columns as floats; a bad number names file, row and column."""
    pd = sql.require("pandas")
    numeric = post_files.numeric_columns()
    frames = []
    for path in paths:
        if post_files.kind_of([path]) == "parquet":
            sql.require("pyarrow", extra="sql")
            frame = pd.read_parquet(path)
        else:
            header = post_files.csv_header(path)
            with open(path, encoding="utf-8-sig") as handle:
                first = handle.readline()
            text = {name: str for name in header if name not in numeric}
            frame = pd.read_csv(path, encoding="utf-8-sig", sep=post_files.delimiter(first), dtype=text,
                                keep_default_na=False, na_values=[""])
        for name in frame.columns:
            if name in numeric and frame[name].dtype.kind not in "fiub":
                frame[name] = _numbers(pd, frame[name], path)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _numbers(pd: Any, column: Any, path: Path) -> Any:
    values = pd.to_numeric(column, errors="coerce")
    bad = values.isna() & column.notna()
    if bad.any():
        row = int(bad.to_numpy().argmax())
        raise BadInputError(f"not a number: {column.iloc[row]!r}", file=str(path), row=row + 2, column=column.name)
    return values.astype(float)


def to_csv(table: Any, target: Any) -> None:
    """The summary as CSV a spreadsheet opens safely: every text (group keys come from the files: a post's type, a
    campaign name) and header through the one formula-trigger rule (`kpixl.sources.formula_text.neutralise`:
    `=cmd|' /C calc'!A0` is written `'=cmd|…`), lines ended CRLF as RFC 4180 says, so a CR inside a key is quoted."""
    from kpixl.sources.formula_text import neutralise

    def safe(value: Any) -> Any:
        return neutralise(value) if isinstance(value, str) else value

    from pandas.api.types import is_numeric_dtype

    shown = table.rename(columns=lambda name: neutralise(str(name)))
    for name in shown.columns:
        if not is_numeric_dtype(shown[name]):
            shown[name] = shown[name].map(safe)
    shown.to_csv(target, index=False, lineterminator="\r\n")


def write(table: Any, output: Path) -> None:
    """The summary as CSV (see to_csv) or Parquet, atomically (the previous file stays until the new one is
    complete)."""
    kind = OUTPUTS.get(output.suffix.lower())
    if kind is None:
        raise BadInputError("output must end in .csv or .parquet", file=str(output))
    if kind == "parquet":
        sql.require("pyarrow", extra="sql")
    try:
        with atomic_path(output) as temp:
            if kind == "csv":
                to_csv(table, temp)
            else:
                table.to_parquet(temp, index=False)
    except OSError as exc:
        raise KpixlError(f"cannot write the output ({exc.strerror or exc})", file=str(output)) from None
