"""Any CSV/XLSX with a user mapping file (TOML), and kpixl's own canonical CSVs read back.

Mapping file:
    network = "instagram"          # optional: the network of every row
    table = "posts"                # optional: "posts" (default) or "daily"
    date_format = "%d/%m/%Y %H:%M" # optional: strptime format of the date column
    decimal = ","                  # optional: decimal mark when "1.234" would be ambiguous ("," or ".")
    [columns]
    "My header" = "likes"          # header as written in the file → canonical field (kpixl.catalog.fields)
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from kpixl.catalog.fields import DAILY_FIELDS, NETWORKS, POST_FIELDS, POST_TEXT_FIELDS
from kpixl.errors import KpixlError
from kpixl.sources.formula_text import is_neutralised, restore
from kpixl.sources.reading import Table
from kpixl.sources.spec import ExportSpec, aliases, headers
from kpixl.text.messages import Message

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class Mapping:
    """A user's column mapping for a file kpixl does not know."""

    file: str
    columns: dict[str, str]
    network: str | None = None
    table: str = "posts"
    date_format: str | None = None
    decimal: str | None = None

    def spec(self) -> ExportSpec:
        """The export spec this mapping declares; its signature is every mapped header."""
        return ExportSpec(
            kind="generic",
            table=self.table,
            network=self.network,
            signatures=(headers(*self.columns),),
            columns=aliases(self.columns),
            description=f"generic file mapped by {self.file}",
        )


def load_mapping(path: str | os.PathLike[str]) -> Mapping:
    """Read and check a TOML mapping file; every mistake names the file and the key."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise KpixlError(Message("mapping_unreadable", why=exc.strerror or str(exc)), file=name) from None
    except tomllib.TOMLDecodeError as exc:
        raise KpixlError(Message("mapping_not_toml", why=str(exc)), file=name) from None
    unknown = set(data) - {"columns", "network", "table", "date_format", "decimal"}
    if unknown:
        raise KpixlError(Message("mapping_unknown_keys", keys=str(sorted(unknown))), file=name)
    table = data.get("table", "posts")
    if table not in ("posts", "daily"):
        raise KpixlError(Message("mapping_table", table=table), file=name, column="table")
    network = data.get("network")
    if network is not None and network not in NETWORKS:
        raise KpixlError(Message("unknown_network", network=network, choices=", ".join(NETWORKS)), file=name,
                         column="network")
    columns = data.get("columns")
    if not isinstance(columns, dict) or not columns:
        raise KpixlError(Message("mapping_no_columns"), file=name)
    allowed = POST_FIELDS if table == "posts" else DAILY_FIELDS
    for header, target in columns.items():
        if target not in allowed:
            message = Message("mapping_not_field", target=target, table=table, choices=", ".join(allowed))
            raise KpixlError(message, file=name, column=header)
    date_format = data.get("date_format")
    if date_format is not None and not isinstance(date_format, str):
        raise KpixlError(Message("mapping_date_format"), file=name, column="date_format")
    decimal = data.get("decimal")
    if decimal not in (None, ",", "."):
        raise KpixlError(Message("mapping_decimal"), file=name, column="decimal")
    return Mapping(name, dict(columns), network, table, date_format, decimal)


def _neutralised(table: Table) -> bool:
    """Whether `kpixl normalize` neutralised this canonical CSV (not --raw-text): only then is its text restored."""
    return is_neutralised(table.file, table.headers)


def _restore_text(row: dict[str, object]) -> None:
    """Undo the formula neutralisation `kpixl normalize` writes (a leading ' before = + - @)."""
    for name in POST_TEXT_FIELDS:
        value = row.get(name)
        if isinstance(value, str):
            row[name] = restore(value)


SPECS = (
    ExportSpec(
        kind="kpixl_posts",
        table="posts",
        network=None,
        signatures=(headers("network", "post_id", "published_at", "impressions", "likes"),),
        columns={f: f for f in POST_FIELDS},
        finish=_restore_text,
        finish_if=_neutralised,
        description="kpixl canonical posts CSV",
    ),
    ExportSpec(
        kind="kpixl_daily",
        table="daily",
        network=None,
        signatures=(headers("network", "date", "followers", "new_followers"),),
        columns={f: f for f in DAILY_FIELDS},
        description="kpixl canonical daily CSV",
    ),
)
