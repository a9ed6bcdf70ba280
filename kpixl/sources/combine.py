"""Merging many exports into one posts table and one daily table, with re-downloads deduplicated."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from kpixl.sources.generic import Mapping
from kpixl.sources.importer import read_exports
from kpixl.sources.result import ImportResult
from kpixl.text.messages import Message


@dataclass
class Normalized:
    """The merged canonical tables and the per-file results they came from."""

    posts: list[dict[str, object]] = field(default_factory=list)
    daily: list[dict[str, object]] = field(default_factory=list)
    results: list[ImportResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def merge_rows(rows: Iterable[dict[str, object]], key: tuple[str, ...]) -> tuple[list[dict[str, object]], int]:
    """Merge rows with the same key (later non-blank values win); rows missing a key part are kept as they are.

    Returns the merged rows in first-seen order and how many rows were folded into an earlier one.
    """
    first_at: dict[tuple[object, ...], int] = {}
    out: list[dict[str, object]] = []
    folded = 0
    for row in rows:
        ident = tuple(row.get(k) for k in key)
        if None in ident:
            out.append(row)
            continue
        at = first_at.get(ident)
        if at is None:
            first_at[ident] = len(out)
            out.append(row)
            continue
        folded += 1
        out[at] = {**out[at], **{k: v for k, v in row.items() if v is not None}}  # a copy: inputs stay as read
    return out, folded


def normalize(
    paths: Iterable[str | os.PathLike[str]],
    *,
    network: str | None = None,
    format: str | None = None,
    year: int | None = None,
    mapping: str | os.PathLike[str] | Mapping | None = None,
    reference: dt.date | None = None,
) -> Normalized:
    """Read every export and merge: posts by (network, post_id), daily rows by (network, date)."""
    out = Normalized()
    posts: list[dict[str, object]] = []
    daily: list[dict[str, object]] = []
    for path in paths:
        results = read_exports(path, network=network, format=format, year=year, mapping=mapping, reference=reference)
        for result in results:
            out.results.append(result)
            (posts if result.table == "posts" else daily).extend(result.rows)
    out.posts, folded_posts = merge_rows(posts, ("network", "post_id"))
    out.daily, folded_days = merge_rows(daily, ("network", "date"))
    if folded_posts:
        out.warnings.append(Message("merged_posts", count=folded_posts))
    if folded_days:
        out.warnings.append(Message("merged_days", count=folded_days))
    return out
