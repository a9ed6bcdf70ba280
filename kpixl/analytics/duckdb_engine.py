"""DuckDB adapter: the catalog's SQL over CSV or Parquet files, out of core (spills to a temporary folder).

DuckDB is imported on first use (the `kpixl[sql]` extra); `kpixl.render.sql` writes every query.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from kpixl.analytics import post_files
from kpixl.errors import BadInputError, KpixlError
from kpixl.render import sql

TABLE = "posts"


class Session:
    """One DuckDB connection with UTC time and its own spill folder (removed on close)."""

    def __init__(self, *, threads: int | None = None, memory_limit: str | None = None):
        duckdb = sql.require("duckdb")
        self.spill = tempfile.mkdtemp(prefix="kpixl-duckdb-")
        config: dict[str, Any] = {"temp_directory": self.spill}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        self.connection = duckdb.connect(config=config)
        self.connection.execute("SET TimeZone = 'UTC'")
        self.error = duckdb.Error

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.connection.close()
        shutil.rmtree(self.spill, ignore_errors=True)

    def register_files(self, paths: Sequence[Path]) -> tuple[str, ...]:
        """A view `posts` over the files (numeric columns as DOUBLE); its column names."""
        kind = post_files.kind_of(paths)
        numeric = post_files.numeric_columns()
        names = [str(p) for p in paths]
        if kind == "csv":
            columns: dict[str, None] = {}
            for path in paths:
                columns.update(dict.fromkeys(post_files.csv_header(path)))
            types = {name: ("DOUBLE" if name in numeric else "VARCHAR") for name in columns}
            source = self.connection.read_csv(names, header=True, union_by_name=True, dtype=types)
        else:
            source = self.connection.read_parquet(names, union_by_name=True)
            columns = dict.fromkeys(source.columns)
        query = typed_select("source", columns, numeric)
        self.run(lambda: source.query("source", query).create_view(TABLE), paths)
        return tuple(columns)

    def register_frame(self, frame: Any) -> tuple[str, ...]:
        """A view `posts` over a pandas DataFrame (tests and notebooks)."""
        self.connection.register(TABLE, frame)
        return tuple(str(c) for c in frame.columns)

    def frame(self, query: str, paths: Sequence[Path] = ()) -> Any:
        """A query's result as a pandas DataFrame."""
        return self.run(lambda: self.connection.sql(query).df(), paths)

    def run(self, action: Any, paths: Sequence[Path]) -> Any:
        try:
            return action()
        except self.error as exc:
            raise _one_line(str(exc), paths) from None


def typed_select(source: str, columns: Iterable[str], numeric: Collection[str]) -> str:
    """`SELECT CAST("likes" AS DOUBLE) AS "likes", "text" FROM source` for DuckDB, every column name (a file's
    header, any text) quoted by sqlglot as an identifier: a header is never SQL."""
    exp = sql.require("sqlglot.expressions")

    def column(name: str) -> Any:
        return exp.column(exp.to_identifier(name, quoted=True))

    selected = [exp.alias_(exp.Cast(this=column(name), to=exp.DataType.build("double")),
                           exp.to_identifier(name, quoted=True)) if name in numeric else column(name)
                for name in columns]
    return exp.select(*selected).from_(exp.to_identifier(source, quoted=True)).sql("duckdb")


def _one_line(message: str, paths: Sequence[Path]) -> KpixlError:
    """DuckDB's multi-line CSV error as one line naming file, row (line of the file) and column."""
    line = re.search(r"CSV Error on Line: (\d+)", message)
    file = re.search(r"^\s*file = (.+)$", message, re.MULTILINE)
    where = file.group(1).strip() if file else (str(paths[0]) if len(paths) == 1 else None)
    converting = re.search(r'converting column "([^"]+)"\. Could not convert string "([^"]*)"', message)
    if converting:
        return BadInputError(f"not a number: {converting.group(2)!r}", file=where,
                             row=int(line.group(1)) if line else None, column=converting.group(1))
    first = next((part.strip() for part in message.splitlines() if part.strip()), message)
    return KpixlError(first, file=where, row=int(line.group(1)) if line else None)


def summarize_files(paths: Sequence[Path], by: Sequence[str], kpis: Iterable[str] | None = None, *,
                    options: sql.Options | None = None, how: str | None = None, threads: int | None = None,
                    memory_limit: str | None = None) -> Any:
    """KPIs per group over CSV or Parquet files, as a pandas DataFrame."""
    with Session(threads=threads, memory_limit=memory_limit) as session:
        columns = session.register_files(paths)
        options = _with_columns(options, columns)
        return session.frame(sql.summary_sql("duckdb", TABLE, by, kpis, options, how=how), paths)


def _with_columns(options: sql.Options | None, columns: Sequence[str]) -> sql.Options:
    options = options or sql.Options()
    duplicated = sorted({c for c in columns if list(columns).count(c) > 1})
    if duplicated:
        raise BadInputError(f"columns appear twice: {', '.join(duplicated)}")
    return sql.Options(columns=tuple(columns), variant=options.variant, interactions=options.interactions,
                       params=options.params)
