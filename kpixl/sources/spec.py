"""The declaration of one export family: the headers that identify it and how its columns map to canonical fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kpixl.catalog.fields import DAILY_FIELDS, POST_FIELDS
from kpixl.sources.parsing import normalize_header
from kpixl.sources.reading import Table

KINDS = ("text", "id", "count", "signed_count", "number", "datetime", "date", "duration", "hours", "milliseconds")
"""How a column's cells are read: "count" is a whole number, never negative; "signed_count" a net change (gained −
lost), which may be negative; "hours" and "milliseconds" become seconds."""


def headers(*names: str) -> frozenset[str]:
    """A header signature written as the export writes it, stored normalised."""
    return frozenset(normalize_header(n) for n in names)


def aliases(table: Mapping[str, str]) -> dict[str, str]:
    """An alias table written with real headers ("Me gusta": "likes"), stored with normalised keys."""
    return {normalize_header(k): v for k, v in table.items()}


@dataclass(frozen=True)
class ExportSpec:
    """An export family: `signatures` (any one identifies the file), `columns` (header → canonical field;
    where two headers of one file feed one field, the one listed first wins).

    `sums` feeds a field with the sum of several headers (X clicks: URL + hashtag + detail-expand … clicks); a
    header may also be in `columns`. Of those headers, the ones the file has are added; none present leaves the
    field missing, and a blank cell in any of them leaves that row's sum missing (a partial sum would pass for the
    total).
    `ragged`: rows shorter than the header are read with the missing trailing cells blank (Meta writes a few
    posts that way); otherwise a short CSV row is rejected (it may be half of a row split by a stray line break).
    `totals_row`: the export may start with an account-total row (Meta Ads), which is never a post.
    `download_header`: a column holding the (year-less) download date, the reference for year inference.
    `prepare` reads the table's preamble for extra columns and the network (Meta daily: metric name on line 2);
    `finish` adjusts each converted row (of the tables `finish_if` accepts); `skip_row` drops rows that are not data
    (YouTube's Total row).
    """

    kind: str
    table: str
    network: str | None
    signatures: tuple[frozenset[str], ...]
    columns: Mapping[str, str]
    kinds: Mapping[str, str] = field(default_factory=dict)
    sums: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ignored: frozenset[str] = frozenset()
    ignored_pattern: re.Pattern[str] | None = None
    currency_columns: tuple[tuple[re.Pattern[str], str], ...] = ()
    finish: Callable[[dict[str, object]], None] | None = None
    finish_if: Callable[[Table], bool] | None = None
    """Whether `finish` applies to a table (kpixl's own CSV: only a neutralised one is restored); None: always."""
    skip_row: Callable[[list], bool] | None = None
    prepare: Callable[[Table], tuple[dict[str, str], str | None]] | None = None
    ragged: bool = False
    also_reports: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Fields `finish` fills from another reported field (Meta's Views → impressions for non-video posts)."""
    column_notes: Mapping[str, str] = field(default_factory=dict)
    """Normalised header → the key of the note (`kpixl.text.message_texts`, given {field}) shown when the file has that
    column (which canonical field an ambiguous header fills, e.g. LinkedIn's 2025 `Views`)."""
    totals_row: bool = False
    key_headers: tuple[str, ...] = ()
    """Headers whose values, joined, stand in for the post id when the file has no id column (Meta Ads without
    `Ad ID`): rows that differ in any of them stay apart instead of merging by name."""
    download_header: str | None = None
    description: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The canonical columns of this spec's table."""
        return POST_FIELDS if self.table == "posts" else DAILY_FIELDS

    def __post_init__(self) -> None:
        """Catch typos in declarations at import time rather than in a user's file."""
        unknown = {f for f in self.columns.values() if f not in self.fields}
        unknown |= {f for f in self.sums if f not in self.fields}
        unknown |= {f for _, f in self.currency_columns if f not in self.fields}
        if unknown:
            raise ValueError(f"{self.kind}: not canonical {self.table} fields: {sorted(unknown)}")
        bad_kinds = set(self.kinds.values()) - set(KINDS)
        if bad_kinds:
            raise ValueError(f"{self.kind}: unknown column kinds {sorted(bad_kinds)}")


def currency_column(pattern: str, target: str) -> tuple[re.Pattern[str], str]:
    """A money column whose header carries the currency code, e.g. "Amount spent (USD)"; group 1 is the code."""
    return re.compile(normalize_header(pattern)), target
