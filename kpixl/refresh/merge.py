"""Merging imported posts into a workbook table's rows without losing anything the user typed.

Rules, in one place:
- a row is identified by its post id; an imported row without one (generic files) matches an existing row without
  one only when every `fallback` field (date and text) is filled and equal — rows are never dropped;
- an export fills and updates only the fields it carries a value for: a blank in the export never erases a value,
  and columns the export does not have (notes, spend typed by hand, the user's own columns) are left alone;
- a newer export wins over an older one for the fields it has (lifetime metrics grow), rows keep their order and
  new posts are appended.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass
class MergeResult:
    """The merged rows and what happened to the incoming ones."""

    rows: list[Row]
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_fields: dict[str, int] = field(default_factory=dict)
    targets: list[Row] = field(default_factory=list)
    """The merged row each incoming row went to, in order (for what a file says about every row it touched)."""


def same_value(a: Any, b: Any) -> bool:
    """Equality that treats 1203 and 1203.0, and ' x' and 'x', as the same cell content."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return float(a) == float(b)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return a == b


def merge_posts(existing: Sequence[Row], incoming: Iterable[Row], *, fields: Sequence[str],
                key: str = "post_id", fallback: Sequence[str] = ()) -> MergeResult:
    """Merge incoming canonical rows into existing table rows (both dicts by field name)."""
    rows = [dict(row) for row in existing]
    by_key: dict[object, Row] = {}
    for row in rows:
        ident = _identity(row, key, fallback)
        if ident is not None:
            by_key.setdefault(ident, row)
    result = MergeResult(rows=rows)
    touched: set[int] = set()
    for new in incoming:
        ident = _identity(new, key, fallback)
        target = by_key.get(ident) if ident is not None else None
        if target is None:
            row = {name: new.get(name) for name in fields}
            rows.append(row)
            result.targets.append(row)
            if ident is not None:
                by_key[ident] = row
                touched.add(id(row))
            result.added += 1
            continue
        result.targets.append(target)
        changed = False
        for name in fields:
            value = new.get(name)
            if value is None or same_value(target.get(name), value):
                continue
            target[name] = value
            result.changed_fields[name] = result.changed_fields.get(name, 0) + 1
            changed = True
        if id(target) in touched:
            continue  # a second copy of a post added or updated in this same import
        touched.add(id(target))
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _identity(row: Row, key: str, fallback: Sequence[str]) -> object | None:
    """The post id, else the fallback fields (all filled) as a tuple, else None (never matched)."""
    ident = _key(row.get(key))
    if ident is not None or not fallback:
        return ident
    parts = tuple(_key(row.get(name)) for name in fallback)
    return None if None in parts else parts


def _key(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # post ids typed as numbers in Excel come back as floats
    text = str(value).strip()
    return text or None
