"""Importers of native social-platform exports → canonical rows (kpixl.catalog.fields), pure Python (no pandas needed).

    result = read_export("instagram.csv")          # .kind, .table, .rows, .unknown_headers, .warnings, .rejected
    merged = normalize(["ig.csv", "linkedin.xlsx"])  # .posts, .daily, .results
"""

from __future__ import annotations

from kpixl.sources.combine import Normalized, normalize
from kpixl.sources.detect import format_names
from kpixl.sources.generic import Mapping, load_mapping
from kpixl.sources.importer import read_export, read_exports
from kpixl.sources.pasted import read_values
from kpixl.sources.result import ImportResult, Rejection

__all__ = [
    "ImportResult",
    "Mapping",
    "Normalized",
    "Rejection",
    "format_names",
    "load_mapping",
    "normalize",
    "read_export",
    "read_exports",
    "read_values",
]
