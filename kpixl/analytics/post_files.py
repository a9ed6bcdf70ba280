"""Posts tables on disk for `kpixl summarize`: CSV or Parquet files and globs, their columns and numeric types."""

from __future__ import annotations

import csv
import glob
from collections.abc import Iterable, Sequence
from pathlib import Path

from kpixl.catalog import kpi as _catalog
from kpixl.catalog.expr import inputs_of
from kpixl.catalog.fields import DAILY_FIELDS, POST_METRIC_FIELDS
from kpixl.errors import BadInputError

KINDS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def expand(patterns: Iterable[str | Path]) -> list[Path]:
    """Files named or matched by globs (`exports/*.csv`, `data/**/*.parquet`), in order, each once."""
    found: dict[Path, None] = {}
    for pattern in patterns:
        text = str(pattern)
        matches = sorted(glob.glob(text, recursive=True)) if glob.has_magic(text) else [text]
        if not matches:
            raise BadInputError(f"no file matches {text!r}")
        for match in matches:
            path = Path(match)
            if not path.is_file():
                raise BadInputError("no such file", file=str(path)) if not path.exists() else BadInputError(
                    "is a folder; give files or a glob such as folder/*.csv", file=str(path))
            found.setdefault(path, None)
    if not found:
        raise BadInputError("no input files")
    return list(found)


def kind_of(paths: Sequence[Path]) -> str:
    """'csv' or 'parquet' — one kind per run."""
    kinds = set()
    for path in paths:
        kind = KINDS.get(path.suffix.lower())
        if kind is None:
            raise BadInputError("not a CSV or Parquet file (.csv, .parquet)", file=str(path))
        kinds.add(kind)
    if len(kinds) > 1:
        raise BadInputError("mix of CSV and Parquet files; summarize one kind at a time")
    return kinds.pop()


def numeric_columns() -> frozenset[str]:
    """Every column read as a number: canonical metrics and every input of the catalog."""
    names = set(POST_METRIC_FIELDS) | (set(DAILY_FIELDS) - {"network", "date"})
    for kpi in _catalog.catalog().values():
        for variant in kpi.variants:
            names.update(inputs_of(variant.expr))
    return frozenset(names)


def csv_header(path: Path) -> list[str]:
    """The header row of a CSV (UTF-8, with or without BOM; comma, semicolon or tab)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            line = handle.readline()
    except UnicodeDecodeError:
        raise BadInputError("not UTF-8 text; save it as CSV UTF-8", file=str(path)) from None
    except OSError as exc:
        raise BadInputError(f"cannot read ({exc.strerror or exc})", file=str(path)) from None
    if not line.strip():
        raise BadInputError("empty file (no header row)", file=str(path))
    return [name.strip() for name in next(csv.reader([line], delimiter=delimiter(line)))]


def delimiter(header_line: str) -> str:
    """The delimiter of a header line: the most frequent of comma, semicolon and tab."""
    return max((",", ";", "\t"), key=header_line.count)
